"""Train one small network per seed at once, side by side in one Keras model.

A *network* here is a recurrent layer of n units (``SimpleRNN``, ``LSTM`` or ``GRU``)
followed by ``Dense(1)``; one is built per seed, each initialised exactly as it would be
on its own. G such networks become one *stack*: a layer of G n units and a ``Dense(G)``.
Keras keeps a layer's gate blocks side by side (1 block for SimpleRNN, 4 for LSTM,
3 for GRU); network g gets units g n ... (g + 1) n - 1 of every block:

- kernel (m, b G n): network g has columns (j G + g) n ... (j G + g + 1) n - 1 of
  each block j;
- recurrent_kernel (G n, b G n): the same columns, rows g n ... (g + 1) n - 1; zero
  between networks (block-diagonal);
- bias (b G n,), or (2, b G n) for GRU's reset_after: the same columns;
- Dense kernel W_y (G n, G): rows g n ... (g + 1) n - 1 of column g, zero elsewhere;
- Dense bias b_y (G,): entry g.

No output depends on another network's weights, so the gradient of the summed loss,
restricted to network g's weights, is network g's own gradient. :func:`train_stack`
never updates the zero blocks, clips each network's gradient by its own global norm,
``g <- g min(1, c / ||g||)``, and stops a network whose loss overflows without letting
its inf or nan reach the others.

TensorFlow/Keras is imported inside the functions that need it, so that
``import rnn_utils`` stays NumPy-only; the weight layout functions are NumPy only.
"""

from __future__ import annotations

import time

import numpy as np

from .checks import non_negative_int, positive_float, positive_int
from .notebook import fmt_time, measured

OPTIMIZERS = ("adam", "sgd")


def stack_weights(parts, units):
    """The weights of G networks laid side by side as one stack (the layout in the module doc).

    ``parts`` holds each network's ``net.get_weights()``: kernel (m, b n), recurrent_kernel
    (n, b n), bias (b n,) or (2, b n), W_y (n, 1), b_y (1,), with n = ``units``. Returns the
    stack's kernel (m, b G n), recurrent_kernel (G n, b G n), bias, W_y (G n, G) and b_y (G,).
    """
    n = positive_int(units, "units")
    _check_parts(parts, n)
    G = len(parts)
    m_in, blocks = parts[0][0].shape[0], parts[0][0].shape[1] // n
    kernel = np.stack([p[0].reshape(m_in, blocks, n) for p in parts], axis=2).reshape(
        m_in, -1
    )
    recurrent = np.zeros((G, n, blocks, G, n), parts[0][1].dtype)
    for g, p in enumerate(parts):
        recurrent[g, :, :, g, :] = p[1].reshape(
            n, blocks, n
        )  # the blocks between networks stay zero
    bias = np.stack([p[2].reshape(*p[2].shape[:-1], blocks, n) for p in parts], axis=-2)
    W_y = np.zeros((G * n, G), parts[0][3].dtype)
    for g, p in enumerate(parts):
        W_y[g * n : (g + 1) * n, g] = p[3][:, 0]
    b_y = np.concatenate([p[4] for p in parts])
    return [
        kernel,
        recurrent.reshape(G * n, -1),
        bias.reshape(*bias.shape[:-3], -1),
        W_y,
        b_y,
    ]


def unstack_weights(weights, networks, units):
    """Each network's weight list (``net.get_weights()`` order) from a stack's weights.

    The inverse of :func:`stack_weights`: ``unstack_weights(stack_weights(parts, n), len(parts), n)``
    returns ``parts``. The arrays returned are copies.
    """
    G, n = positive_int(networks, "networks"), positive_int(units, "units")
    kernel, recurrent, bias, W_y, b_y = _check_stack(weights, G, n)
    m_in, blocks = kernel.shape[0], kernel.shape[1] // (G * n)
    lead = bias.shape[:-1]
    return [
        [
            kernel.reshape(m_in, blocks, G, n)[:, :, g].reshape(m_in, -1),
            recurrent.reshape(G, n, blocks, G, n)[g, :, :, g].reshape(n, -1),
            bias.reshape(*lead, blocks, G, n)[..., g, :].reshape(*lead, -1),
            W_y[g * n : (g + 1) * n, g : g + 1].copy(),
            b_y[g : g + 1].copy(),
        ]
        for g in range(G)
    ]


def weight_owners(weights, units):
    """For each entry of a stack's weights, the network g it belongs to; -1 for the zero blocks.

    Returns five int arrays with the shapes of ``weights``.
    """
    n = positive_int(units, "units")
    kernel, recurrent, bias, W_y, b_y = _check_stack(weights, None, n)
    G = len(b_y)

    def column(w):  # the network of each column
        return (np.arange(w.shape[-1]) // n) % G

    unit = np.arange(G * n) // n  # the network of each hidden unit
    return [
        np.broadcast_to(column(kernel), kernel.shape),
        np.where(unit[:, None] == column(recurrent), column(recurrent), -1),
        np.broadcast_to(column(bias), bias.shape),
        np.where(unit[:, None] == np.arange(G), np.arange(G), -1),
        np.arange(G),
    ]


def seed_stack(make_layer, seeds, units=32, features=2):
    """One network ``make_layer(units)`` + ``Dense(1)`` per seed, and the stack that holds them all.

    Before network g is built, :func:`rnn_utils.reseed` is called with ``seeds[g]`` (shifted by
    ``$RNN_BOOK_SEED`` like every seed of the book), so each starts from the weights it would have
    on its own. Returns ``(stack, nets)``: a Keras model mapping (B, T, m) to (B, G), and the G
    models mapping (B, T, m) to (B, 1).
    """
    if not callable(make_layer):
        raise ValueError(
            f"make_layer: expected a callable units -> Keras layer, got {make_layer!r}"
        )
    if not isinstance(seeds, list | tuple) or not seeds:
        raise ValueError(
            f"seeds: expected a non-empty sequence of non-negative ints, got {seeds!r}"
        )
    seeds = [non_negative_int(s, f"seeds[{k}]") for k, s in enumerate(seeds)]
    n, m_in = positive_int(units, "units"), positive_int(features, "features")
    import keras

    from .notebook import reseed

    nets = []
    for s in seeds:
        reseed(s)
        nets.append(
            keras.Sequential(
                [keras.Input((None, m_in)), make_layer(n), keras.layers.Dense(1)]
            )
        )
    G = len(seeds)
    stack = keras.Sequential(
        [keras.Input((None, m_in)), make_layer(G * n), keras.layers.Dense(G)]
    )
    stack.set_weights(stack_weights([net.get_weights() for net in nets], n))
    return stack, nets


def unstack(stack, nets):
    """Copy each network's (trained) weights from the stack back into its own model; return ``nets``."""
    G = len(nets)
    if G != stack.layers[-1].units or stack.layers[0].units % G:
        raise ValueError(
            f"nets: expected the {stack.layers[-1].units} networks of the stack, got {G}"
        )
    for net, w in zip(
        nets,
        unstack_weights(stack.get_weights(), G, stack.layers[0].units // G),
        strict=True,
    ):
        net.set_weights(w)
    return nets


def train_stack(
    stack,
    train,
    test,
    *,
    learning_rate,
    clip_norm,
    batch,
    updates,
    stop_below=None,
    optimizer="adam",
):
    """Train every network of a stack, each as on its own; return its per-network results.

    Update i uses batch ``i mod (B_train // batch)`` of ``train``, in order. Each network's
    gradient is clipped by its own global norm, g <- g min(1, clip_norm / ||g||). A network
    whose loss becomes inf or nan is stopped (its weights set to zero and kept there) before
    the update, which the others then take as they would alone. Training stops after a pass
    over ``train`` in which every live network's mean loss is below ``stop_below``.

    Parameters
    ----------
    stack : keras.Model
        From :func:`seed_stack`: (B, T, m) -> (B, G).
    train, test : (x, y)
        x (B, T, m) and y (B, 1), float32; ``train`` holds at least ``batch`` sequences.
    learning_rate, clip_norm, batch, updates, optimizer
        The optimiser ("adam" or "sgd") and its set-up; at most ``updates`` updates.
    stop_below : float or None
        The threshold of early stopping (None: never stop early).

    Returns
    -------
    dict
        ``mse`` (G,) test MSE (inf for a diverged network), ``diverged`` (G,) bool, ``solved`` (G,)
        share of test sequences within 0.04 (:func:`rnn_utils.adding_solved`), ``loss`` (U, G)
        training loss of each update (nan after a network diverged), ``pass_loss`` (passes, G) its
        mean per pass, ``max_norm`` (G,) largest finite gradient norm before clipping (until the
        network diverged), ``updates`` U, and ``seconds`` of training.
    """
    import keras
    import tensorflow as tf

    from .tasks import adding_solved

    (xs, ys), (xt, yt) = _check_data(train, "train"), _check_data(test, "test")
    lr, clip = (
        positive_float(learning_rate, "learning_rate"),
        positive_float(clip_norm, "clip_norm"),
    )
    batch, updates = positive_int(batch, "batch"), positive_int(updates, "updates")
    if batch > len(xs):
        raise ValueError(
            f"batch: expected at most the {len(xs)} training sequences, got {batch}"
        )
    if stop_below is not None:
        stop_below = positive_float(stop_below, "stop_below")
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer: expected one of {OPTIMIZERS}, got {optimizer!r}")
    G = stack.layers[-1].units
    owner = [
        tf.constant(o, tf.int32)
        for o in weight_owners(stack.get_weights(), stack.layers[0].units // G)
    ]
    alive = tf.Variable(tf.ones(G))  # set to 0 for a network that diverged
    opt = keras.optimizers.Adam(lr) if optimizer == "adam" else keras.optimizers.SGD(lr)

    @tf.function
    def gradients(xb, yb):
        with tf.GradientTape() as tape:
            losses = tf.reduce_mean(
                (stack(xb) - yb) ** 2, axis=0
            )  # one MSE per network
            total = tf.reduce_sum(losses)
        grads = tape.gradient(total, stack.trainable_variables)
        pairs = list(zip(grads, owner, strict=True))
        squares = [
            tf.math.unsorted_segment_sum(tf.reshape(g**2, [-1]), tf.reshape(o, [-1]), G)
            for g, o in pairs
        ]
        norms = tf.sqrt(tf.add_n(squares))  # each network's global norm
        factor = alive * tf.minimum(1.0, clip / norms)  # clip each network on its own
        scaled = [g * tf.gather(factor, tf.maximum(o, 0)) for g, o in pairs]
        safe = [
            tf.where((o >= 0) & tf.math.is_finite(s), s, 0.0)
            for s, o in zip(scaled, owner, strict=True)
        ]
        return losses, norms, safe  # nothing that is not a number will reach a weight

    @tf.function
    def apply(grads):
        opt.apply(grads, stack.trainable_variables)

    per_pass = len(xs) // batch
    losses, norms, died = (
        [],
        [],
        np.full(G, updates),
    )  # died[g]: the update at which network g diverged
    start = time.perf_counter()
    for i in range(updates):
        j = i % per_pass
        xb, yb = xs[batch * j : batch * (j + 1)], ys[batch * j : batch * (j + 1)]
        loss, norm, grads = gradients(xb, yb)
        loss = loss.numpy()
        while np.any(bad := ~np.isfinite(loss) & (died == updates)):
            # A network overflowed; 0 * inf has spoilt the others' losses and gradients too.
            own = _losses_alone(
                stack, owner, xb, yb
            )  # so find it with the others set to zero,
            culprits = (
                bad & ~np.isfinite(own) if np.any(bad & ~np.isfinite(own)) else bad
            )
            died[culprits] = i  # stop it,
            for g in np.flatnonzero(culprits):
                alive[g].assign(0.0)
            _zero(stack, owner, culprits)
            loss, norm, grads = gradients(
                xb, yb
            )  # and give the others the update they get alone
            loss = loss.numpy()
        apply(grads)
        if np.any(died < updates):
            _zero(
                stack, owner, died < updates
            )  # Adam's momentum would move a stopped network
        losses.append(loss)
        norms.append(norm.numpy())
        if j == per_pass - 1 and stop_below is not None:
            if np.all(
                np.mean(losses[-per_pass:], axis=0)[died == updates] < stop_below
            ):
                break  # every live network's loss over this pass is below the threshold
    seconds = time.perf_counter() - start
    diverged = died < updates
    losses, norms = np.array(losses), np.array(norms)
    after = np.arange(len(losses))[:, None] >= died
    losses[after] = norms[after] = np.nan  # nothing to show after a network diverged
    pred = stack.predict(xt, batch_size=1000, verbose=0)
    solved = [0.0 if diverged[g] else adding_solved(pred[:, g], yt) for g in range(G)]
    return {
        "mse": np.where(diverged, np.inf, np.mean((pred - yt) ** 2, axis=0)),
        "diverged": diverged,
        "solved": np.array(solved),
        "loss": losses,
        "pass_loss": losses[: len(losses) // per_pass * per_pass]
        .reshape(-1, per_pass, G)
        .mean(axis=1),
        "max_norm": np.max(np.where(np.isfinite(norms), norms, 0.0), axis=0),
        "updates": len(losses),
        "seconds": seconds,
    }


def train_stacks(stacks, train, test, *, threads=True, **settings):
    """Train several stacks with :func:`train_stack`'s ``settings``; return ``{name: results}``.

    ``stacks`` maps names to stacks. With ``threads`` the trainings run at the same time, one
    thread each; each uses only its own weights, optimiser and batches, so the numbers are the same.
    """
    if not isinstance(stacks, dict) or not stacks:
        raise ValueError(
            f"stacks: expected a non-empty dict of name -> stack, got {stacks!r}"
        )

    def run(stack):
        return train_stack(stack, train, test, **settings)

    if not threads:
        return {name: run(stack) for name, stack in stacks.items()}
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(len(stacks)) as pool:
        return dict(zip(stacks, pool.map(run, stacks.values()), strict=True))


def summary(name, run, baseline):
    """One line for a chapter: a stack's results from :func:`train_stack`, against a baseline.

    Each network's test MSE as a share of ``baseline`` (the constant predictor's MSE), their
    median, each network's share of test sequences solved, the updates used and the time.
    Every trained number goes through :func:`~rnn_utils.notebook.measured` and the time
    through :func:`~rnn_utils.notebook.fmt_time`, so nbval masks them; the chapter asserts
    the claims they support.
    """
    missing = {"mse", "solved", "updates", "seconds"} - set(
        run if isinstance(run, dict) else ()
    )
    if missing:
        raise ValueError(
            f"run: expected train_stack's results, got {type(run).__name__} without "
            f"{sorted(missing)}"
        )
    baseline = positive_float(baseline, "baseline")
    share = np.asarray(run["mse"], dtype=float) / baseline
    return (
        f"{name:22s} test MSE / baseline {'  '.join(measured(v, '6.1%') for v in share)}   "
        f"median {measured(np.median(share), '.1%')}   "
        f"solved {'  '.join(measured(v, '.2f') for v in run['solved'])}   "
        f"{measured(run['updates'], '4.0f')} updates  {fmt_time(run['seconds'])}"
    )


def _losses_alone(stack, owner, xb, yb):
    """Each network's loss with every other network's weights set to zero: no overflow can reach it."""
    G = stack.layers[-1].units
    saved = [v.numpy() for v in stack.trainable_variables]
    out = np.empty(G)
    for g in range(G):
        for v, o, w in zip(stack.trainable_variables, owner, saved, strict=True):
            v.assign(np.where(o.numpy() == g, w, 0.0))
        with np.errstate(
            over="ignore", invalid="ignore"
        ):  # an overflow is what we are looking for
            out[g] = np.mean((stack(xb).numpy()[:, g] - yb[:, 0]) ** 2)
    for v, w in zip(stack.trainable_variables, saved, strict=True):
        v.assign(w)
    return out


def _zero(stack, owner, which):
    """Set the weights of the networks ``which`` (a (G,) bool mask) to zero: they pass nothing on."""
    import tensorflow as tf

    mask = tf.constant(
        np.append(which, False)
    )  # owner -1, the blocks between networks, is never set
    G = len(which)
    for v, o in zip(stack.trainable_variables, owner, strict=True):
        v.assign(tf.where(tf.gather(mask, tf.where(o < 0, G, o)), 0.0, v))


def _check_parts(parts, n):
    if not isinstance(parts, list | tuple) or not parts:
        raise ValueError(
            f"parts: expected a non-empty list of weight lists, got {type(parts).__name__}"
        )
    first = (
        [np.shape(w) for w in parts[0]] if isinstance(parts[0], list | tuple) else None
    )
    b = first[0][-1] if first and len(first) == 5 and len(first[0]) == 2 else 0
    if not b or b % n or first[2] not in ((b,), (2, b)):
        raise ValueError(
            f"parts[0]: expected [kernel (m, b*{n}), recurrent_kernel, bias, W_y, b_y], got {first}"
        )
    expected = [first[0], (n, b), first[2], (n, 1), (1,)]
    for g, p in enumerate(parts):
        got = (
            [np.shape(w) for w in p]
            if isinstance(p, list | tuple)
            else type(p).__name__
        )
        if got != expected:
            raise ValueError(
                f"parts[{g}]: expected weights of shapes {expected}, got {got}"
            )


def _check_stack(weights, G, n):
    got = (
        [np.shape(w) for w in weights]
        if isinstance(weights, list | tuple)
        else type(weights).__name__
    )
    if (
        not isinstance(got, list)
        or len(got) != 5
        or len(got[4]) != 1
        or len(got[0]) != 2
    ):
        raise ValueError(
            f"weights: expected a stack's [kernel, recurrent_kernel, bias, W_y, b_y], got {got}"
        )
    G = got[4][0] if G is None else G
    cols = got[0][1]
    if (
        got[4] != (G,)
        or cols % (G * n)
        or got[1] != (G * n, cols)
        or got[3] != (G * n, G)
        or got[2][-1:] != (cols,)
    ):
        raise ValueError(
            f"weights: expected the shapes of a stack of {G} networks of {n} units, got {got}"
        )
    return [np.asarray(w) for w in weights]


def _check_data(data, name):
    try:
        x, y = data
    except (TypeError, ValueError):
        raise ValueError(
            f"{name}: expected a pair (x, y), got {type(data).__name__}"
        ) from None
    if np.ndim(x) != 3 or np.shape(y) != (len(x), 1):
        raise ValueError(
            f"{name}: expected x (B, T, m) and y (B, 1), got {np.shape(x)} and {np.shape(y)}"
        )
    return x, y
