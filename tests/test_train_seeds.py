"""train_seeds: the stack's layout, its outputs, per-network clipping and a diverging network."""

import numpy as np
import pytest

from rnn_utils import train_seeds as ts

# Keras' weight shapes of one network (m = 2 features, n = 3 units) + Dense(1), by layer.
LAYOUTS = {
    "SimpleRNN": [(2, 3), (3, 3), (3,)],
    "LSTM": [(2, 12), (3, 12), (12,)],
    "GRU": [(2, 9), (3, 9), (2, 9)],  # reset_after: two bias rows
}


def random_parts(kind, G, n=3, seed=0):
    rng = np.random.default_rng(seed)
    shapes = LAYOUTS[kind] + [(n, 1), (1,)]
    return [[rng.normal(size=s).astype(np.float32) for s in shapes] for _ in range(G)]


@pytest.mark.parametrize("kind", LAYOUTS)
def test_stacking_then_unstacking_returns_the_weights(kind):
    parts = random_parts(kind, G=4)
    back = ts.unstack_weights(ts.stack_weights(parts, 3), 4, 3)
    for mine, theirs in zip(back, parts, strict=True):
        for a, b in zip(mine, theirs, strict=True):
            assert a.dtype == b.dtype and a.shape == b.shape
            np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("kind", LAYOUTS)
def test_the_stack_is_block_diagonal_and_the_owners_say_whose(kind):
    G, n = 3, 3
    parts = random_parts(kind, G)
    weights = ts.stack_weights(parts, n)
    kernel, recurrent, bias, W_y, b_y = weights
    blocks = parts[0][0].shape[1] // n
    assert kernel.shape == (2, blocks * G * n) and recurrent.shape == (
        G * n,
        blocks * G * n,
    )
    assert (
        bias.shape[-1] == blocks * G * n
        and W_y.shape == (G * n, G)
        and b_y.shape == (G,)
    )
    owners = ts.weight_owners(weights, n)
    for w, o in zip(weights, owners, strict=True):
        assert o.shape == w.shape
        np.testing.assert_array_equal(
            w[o == -1], 0.0
        )  # only the blocks between networks are ownerless
    for g in range(G):  # each network owns exactly as many weights as it has
        assert sum(int(np.sum(o == g)) for o in owners) == sum(p.size for p in parts[g])
        assert sorted(
            np.concatenate([w[o == g] for w, o in zip(weights, owners, strict=True)])
        ) == sorted(np.concatenate([p.ravel() for p in parts[g]]))


def test_bad_input_names_what_was_expected_and_what_came():
    parts = random_parts("SimpleRNN", G=2)
    with pytest.raises(ValueError, match=r"units: expected a positive int, got 0"):
        ts.stack_weights(parts, 0)
    with pytest.raises(
        ValueError, match=r"parts\[0\]: expected \[kernel \(m, b\*4\).*got"
    ):
        ts.stack_weights(parts, 4)
    odd = [parts[0], random_parts("GRU", G=1)[0]]
    with pytest.raises(
        ValueError, match=r"parts\[1\]: expected weights of shapes .* got"
    ):
        ts.stack_weights(odd, 3)
    with pytest.raises(ValueError, match=r"parts: expected a non-empty list"):
        ts.stack_weights([], 3)
    stacked = ts.stack_weights(parts, 3)
    with pytest.raises(
        ValueError,
        match=r"weights: expected the shapes of a stack of 3 networks of 3 units, got",
    ):
        ts.unstack_weights(stacked, 3, 3)
    with pytest.raises(ValueError, match=r"weights: expected a stack's \[kernel.*got"):
        ts.weight_owners(stacked[:4], 3)
    with pytest.raises(
        ValueError, match=r"seeds\[1\]: expected a non-negative int, got -1"
    ):
        ts.seed_stack(lambda n: None, [0, -1])
    with pytest.raises(ValueError, match=r"make_layer: expected a callable"):
        ts.seed_stack("SimpleRNN", [0])
    with pytest.raises(ValueError, match=r"stacks: expected a non-empty dict"):
        ts.train_stacks({}, None, None)


# Keras: small networks, a few updates.
B, T, M = 8, 5, 2


def small_data(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(B, T, M)).astype(np.float32)
    return x, x.sum(axis=(1, 2))[:, None].astype(np.float32)


def layer_of(kind):
    import keras

    return {
        "SimpleRNN": keras.layers.SimpleRNN,
        "LSTM": keras.layers.LSTM,
        "GRU": keras.layers.GRU,
    }[kind]


@pytest.mark.slow
@pytest.mark.parametrize("kind", LAYOUTS)
def test_the_stacks_outputs_are_its_networks_outputs(kind):
    stack, nets = ts.seed_stack(layer_of(kind), [0, 1, 2], units=4, features=M)
    x, _ = small_data()
    apart = np.concatenate([net(x).numpy() for net in nets], axis=1)
    np.testing.assert_allclose(stack(x).numpy(), apart, rtol=0, atol=1e-6)
    before = [net.get_weights() for net in nets]
    for net, w in zip(
        ts.unstack(stack, nets), before, strict=True
    ):  # the untrained stack holds them
        for a, b in zip(net.get_weights(), w, strict=True):
            np.testing.assert_array_equal(a, b)


@pytest.mark.slow
def test_networks_start_as_on_their_own():
    import keras

    from rnn_utils import reseed

    _, nets = ts.seed_stack(keras.layers.SimpleRNN, [3, 5], units=4, features=M)
    reseed(5)
    alone = keras.Sequential(
        [keras.Input((None, M)), keras.layers.SimpleRNN(4), keras.layers.Dense(1)]
    )
    for a, b in zip(nets[1].get_weights(), alone.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def train_alone(net, x, y, *, optimizer, learning_rate, clip_norm, updates):
    """The reference: one network on its own, Keras' own global-norm clipping."""
    import keras
    import tensorflow as tf

    make = keras.optimizers.Adam if optimizer == "adam" else keras.optimizers.SGD
    opt = make(learning_rate, global_clipnorm=clip_norm)
    losses, norms = [], []
    for _ in range(updates):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((net(x) - y) ** 2)
        grads = tape.gradient(loss, net.trainable_variables)
        norms.append(float(tf.linalg.global_norm(grads)))
        opt.apply(grads, net.trainable_variables)
        losses.append(float(loss))
    return np.array(losses), np.array(norms)


@pytest.mark.slow
@pytest.mark.parametrize(("optimizer", "updates"), [("sgd", 1), ("adam", 3)])
def test_clipping_each_network_equals_clipping_it_alone(optimizer, updates):
    import keras

    x, y = small_data()
    stack, nets = ts.seed_stack(keras.layers.SimpleRNN, [0, 1, 2], units=4, features=M)
    parts = [net.get_weights() for net in nets]
    parts[0][3] *= 20.0  # network 0's read-out, and so its gradient, 20 times larger
    for net, w in zip(nets, parts, strict=True):
        net.set_weights(w)
    stack.set_weights(ts.stack_weights(parts, 4))
    norms = np.array(
        [
            train_alone(
                net, x, y, optimizer="sgd", learning_rate=0.0, clip_norm=1e9, updates=1
            )[1][0]
            for net in nets
        ]
    )  # each network's gradient norm at the start
    clip = float(np.sort(norms)[1])  # network 0 is clipped, one other is not
    assert norms[0] > clip and norms.min() < clip
    settings = dict(
        learning_rate=0.05,
        clip_norm=clip,
        batch=B,
        updates=updates,
        optimizer=optimizer,
    )
    run = ts.train_stack(stack, (x, y), (x, y), **settings)
    np.testing.assert_allclose(run["max_norm"], norms, rtol=1e-5)
    trained = ts.unstack_weights(stack.get_weights(), 3, 4)
    for g, net in enumerate(nets):
        losses, _ = train_alone(
            net,
            x,
            y,
            optimizer=optimizer,
            learning_rate=0.05,
            clip_norm=clip,
            updates=updates,
        )
        np.testing.assert_allclose(run["loss"][:, g], losses, rtol=1e-5)
        for a, b in zip(trained[g], net.get_weights(), strict=True):
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-6)
    assert not run["diverged"].any() and run["updates"] == updates


@pytest.mark.slow
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_a_diverging_network_leaves_the_others_unchanged(optimizer):
    import keras

    def make(n):
        return keras.layers.SimpleRNN(n, activation="relu")

    x, y = small_data()
    settings = dict(
        learning_rate=0.01, clip_norm=1.0, batch=B, updates=4, optimizer=optimizer
    )
    stack, nets = ts.seed_stack(make, [0, 1, 2], units=4, features=M)
    parts = [net.get_weights() for net in nets]
    parts[1][1] = (
        np.eye(4, dtype=np.float32) * 1e20
    )  # network 1's h_t grows 1e20 a step: inf by step 3
    stack.set_weights(ts.stack_weights(parts, 4))
    run = ts.train_stack(stack, (x, y), (x, y), **settings)

    pair, _ = ts.seed_stack(
        make, [0, 2], units=4, features=M
    )  # networks 0 and 2 without network 1
    calm = ts.train_stack(pair, (x, y), (x, y), **settings)

    np.testing.assert_array_equal(run["diverged"], [False, True, False])
    assert (
        run["mse"][1] == np.inf
        and run["solved"][1] == 0.0
        and np.isnan(run["loss"][:, 1]).all()
    )
    np.testing.assert_allclose(run["loss"][:, [0, 2]], calm["loss"], rtol=1e-5)
    np.testing.assert_allclose(run["mse"][[0, 2]], calm["mse"], rtol=1e-5)
    w, w_calm = (
        ts.unstack_weights(stack.get_weights(), 3, 4),
        ts.unstack_weights(pair.get_weights(), 2, 4),
    )
    for mine, theirs in ((w[0], w_calm[0]), (w[2], w_calm[1])):
        for a, b in zip(mine, theirs, strict=True):
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-6)
    for a in w[
        1
    ]:  # the diverged network is switched off: zero weights, passing nothing on
        np.testing.assert_array_equal(a, 0.0)


@pytest.mark.slow
def test_training_stops_after_a_pass_below_the_threshold_and_threads_change_nothing():
    import keras

    x, y = small_data()
    xs, ys = np.concatenate([x, x]), np.concatenate([y, y])  # two batches a pass
    runs = {}
    for threads in (False, True):
        stacks = {
            name: ts.seed_stack(keras.layers.SimpleRNN, seeds, units=4, features=M)[0]
            for name, seeds in (("a", [0, 1]), ("b", [2]))
        }
        settings = dict(
            learning_rate=0.01, clip_norm=1.0, batch=B, updates=6, stop_below=1e9
        )
        runs[threads] = ts.train_stacks(
            stacks, (xs, ys), (x, y), threads=threads, **settings
        )
    for name in ("a", "b"):
        assert (
            runs[True][name]["updates"] == 2
        )  # the first pass's loss is below 1e9: stop
        assert runs[True][name]["pass_loss"].shape == (1, len(runs[True][name]["mse"]))
        for key in ("loss", "mse", "max_norm"):
            np.testing.assert_array_equal(runs[True][name][key], runs[False][name][key])
    with pytest.raises(
        ValueError, match=r"learning_rate: expected a positive finite number, got -1"
    ):
        ts.train_stack(
            stacks["a"],
            (xs, ys),
            (x, y),
            learning_rate=-1,
            clip_norm=1.0,
            batch=B,
            updates=1,
        )
    with pytest.raises(
        ValueError, match=r"batch: expected at most the 16 training sequences, got 32"
    ):
        ts.train_stack(
            stacks["a"],
            (xs, ys),
            (x, y),
            learning_rate=0.1,
            clip_norm=1.0,
            batch=32,
            updates=1,
        )
    with pytest.raises(
        ValueError,
        match=r"test: expected x \(B, T, m\) and y \(B, 1\), got \(8, 5, 2\) and \(8,\)",
    ):
        ts.train_stack(
            stacks["a"],
            (xs, ys),
            (x, y[:, 0]),
            learning_rate=0.1,
            clip_norm=1.0,
            batch=B,
            updates=1,
        )
    with pytest.raises(
        ValueError, match=r"optimizer: expected one of \('adam', 'sgd'\), got 'rmsprop'"
    ):
        ts.train_stack(
            stacks["a"],
            (xs, ys),
            (x, y),
            learning_rate=0.1,
            clip_norm=1.0,
            batch=B,
            updates=1,
            optimizer="rmsprop",
        )


def test_summary_marks_every_trained_number():
    run = {
        "mse": np.array([0.0105, 0.084, 0.21]),
        "solved": np.array([0.5, 0.25, 0.0]),
        "updates": 768,
        "seconds": 12.5,
    }
    line = ts.summary("GRU", run, baseline=0.168)
    assert line == (
        "GRU                    test MSE / baseline ≃  6.2%  ≃ 50.0%  ≃125.0%   "
        "median ≃50.0%   solved ≃0.50  ≃0.25  ≃0.00   ≃ 768 updates  ⏱ 12.50 s"
    )


@pytest.mark.parametrize(
    "run, baseline, message",
    [
        ({"mse": [1.0]}, 1.0, r"run: expected train_stack's results, got dict without"),
        ([1.0], 1.0, r"got list without \['mse', 'seconds', 'solved', 'updates'\]"),
        (
            {"mse": [1.0], "solved": [0.0], "updates": 1, "seconds": 1.0},
            0.0,
            "baseline: expected a positive finite number, got 0.0",
        ),
    ],
)
def test_summary_rejects_bad_input(run, baseline, message):
    with pytest.raises(ValueError, match=message):
        ts.summary("x", run, baseline)
