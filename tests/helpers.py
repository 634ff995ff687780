"""Helpers shared by the unit tests: random parameters of every kind, Keras twins."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import rnn_utils as ru

# Every cell variant the package supports: (kind, options).
VARIANTS = {
    "simple_rnn": dict(kind="simple_rnn", activation="tanh"),
    "simple_rnn_relu": dict(kind="simple_rnn", activation="relu"),
    "lstm": dict(kind="lstm"),
    "gru": dict(kind="gru", reset_after=True),
    "gru_reset_before": dict(kind="gru", reset_after=False),
}


def make_params(variant, features, units, seed=0, dtype=np.float32, scale=1.0):
    """Random parameters with non-zero biases, so that bias bugs cannot hide."""
    opts = dict(VARIANTS[variant])
    kind = opts.pop("kind")
    common = dict(seed=seed, scale=scale, bias_scale=0.5, dtype=dtype)
    if kind == "simple_rnn":
        return ru.init_rnn(features, units, activation=opts["activation"], **common)
    if kind == "lstm":
        return ru.init_lstm(features, units, **common)
    return ru.init_gru(features, units, reset_after=opts["reset_after"], **common)


def random_state(params, batch, rng):
    """A random initial state of the right structure."""
    h = rng.standard_normal((batch, params.units)).astype(params.dtype)
    if params.kind == "lstm":
        return (h, rng.standard_normal((batch, params.units)).astype(params.dtype))
    return h


def native_keras_layer(variant, features, units, rng, batch_size=None, **layer_options):
    """A Keras layer made by Keras (not by rnn_utils), with every weight random.

    ``layer_options`` (go_backwards, zero_output_for_mask, use_bias, stateful, ...) go to the
    layer; ``batch_size`` fixes the batch size it is built for (stateful layers need one)."""
    import keras

    opts = dict(VARIANTS[variant])
    kind = opts.pop("kind")
    kw = dict(return_sequences=True, return_state=True, **layer_options)
    if kind == "simple_rnn":
        layer = keras.layers.SimpleRNN(units, activation=opts["activation"], **kw)
    elif kind == "lstm":
        layer = keras.layers.LSTM(units, **kw)
    else:
        layer = keras.layers.GRU(units, reset_after=opts["reset_after"], **kw)
    layer.build((batch_size, None, features))
    layer.set_weights(
        [0.5 * rng.standard_normal(w.shape).astype("float32") for w in layer.get_weights()]
    )
    return layer


def keras_call(layer, x, initial_state=None, mask=None):
    """(outputs, final_state) from a layer built with return_sequences and return_state."""
    out = layer(x, initial_state=keras_state_list(initial_state), mask=mask)
    outputs = out[0].numpy()
    final = tuple(s.numpy() for s in out[1:])
    return outputs, final if len(final) == 2 else final[0]


def keras_state_list(state):
    """Keras' list form of a state: [h] or [h, c] (None stays None)."""
    if state is None:
        return None
    return list(state) if isinstance(state, tuple) else [state]


def as_tuple(state):
    """A state as a tuple of arrays, whatever the cell: (h,) or (h, c)."""
    return state if isinstance(state, tuple) else (state,)


def tape_gradients(layer, x, grad_outputs, state=None, grad_final=None, mask=None):
    """Keras' gradients of sum(outputs * grad_outputs) [+ sum(final * grad_final)]:
    (weight grads in trainable_weights order, dx, initial-state grads as a list)."""
    import tensorflow as tf

    x = tf.constant(x)
    init = None if state is None else [tf.constant(s) for s in as_tuple(state)]
    with tf.GradientTape() as tape:
        tape.watch(x)
        for s in init or []:
            tape.watch(s)
        out = layer(x, initial_state=init, mask=mask)
        loss = tf.reduce_sum(out[0] * grad_outputs)
        if grad_final is not None:
            loss += sum(tf.reduce_sum(s * g) for s, g in zip(out[1:], as_tuple(grad_final), strict=True))
    sources = list(layer.trainable_weights) + [x] + (init or [])
    grads = tape.gradient(loss, sources)
    n = len(layer.trainable_weights)
    return [g.numpy() for g in grads[:n]], grads[n].numpy(), [g.numpy() for g in grads[n + 1 :]]


def rel(a, b):
    """max |a − b| relative to max |b|."""
    return np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-30)


def random_layer_cases(max_size=6, max_time=9, max_batch=4, examples=15):
    """Hypothesis cases for the Keras-parity tests: every variant, random sizes, lengths from 1,
    with or without an initial state. The test takes (variant, features, units, batch, time,
    with_state, seed)."""
    cases = given(
        variant=st.sampled_from(list(VARIANTS)),
        features=st.integers(1, max_size),
        units=st.integers(1, max_size),
        batch=st.integers(1, max_batch),
        time=st.integers(1, max_time),
        with_state=st.booleans(),
        seed=st.integers(0, 2**16),
    )
    return lambda test: settings(max_examples=examples, deadline=None)(cases(test))


# The ported Keras tests (tests/test_keras_ported_*.py) take their numbers from this release.
KERAS_SOURCE = (
    "keras-team/keras, tag v3.15.1 (commit 250b42181ce9f37df68319d8f4753ec89a349a43), "
    "the release installed here (keras 3.15.1)"
)


def keras_constant_params(kind, features, units, kernel=0.01, recurrent=0.02, bias=0.03, *, use_bias=True,
                          unit_forget_bias=True, activation="tanh", reset_after=True, **options):  # fmt: skip
    """Book parameters holding what Keras' ``Constant`` initializers put in a layer, in float32.

    ``kernel``, ``recurrent`` and ``bias`` fill every gate's W_·x, W_·h and b_·; an LSTM's
    unit_forget_bias (Keras' default) replaces b_f by ones; use_bias=False makes every bias zero.
    ``options`` are the layer options (go_backwards, zero_output_for_mask).
    """
    b = bias if use_bias else 0.0

    def full(shape, value):
        return np.full(shape, value, dtype=np.float32)

    if kind == "simple_rnn":
        W, U, b_ = full((units, features), kernel), full((units, units), recurrent), full(units, b)
        return ru.RNNParams(W, U, b_, activation=activation, **options)
    arrays = {}
    if kind == "lstm":
        for gate in "ifco":
            arrays |= {f"W_{gate}x": full((units, features), kernel), f"W_{gate}h": full((units, units), recurrent),
                       f"b_{gate}": full(units, b)}  # fmt: skip
        if use_bias and unit_forget_bias:
            arrays["b_f"] = full(units, 1.0)
        return ru.LSTMParams(**arrays, **options)
    for gate in "zrh":
        arrays |= {f"W_{gate}x": full((units, features), kernel), f"W_{gate}h": full((units, units), recurrent),
                   f"b_{gate}x": full(units, b)}  # fmt: skip
        if reset_after:
            arrays[f"b_{gate}h"] = full(units, b)
    return ru.GRUParams(**arrays, reset_after=reset_after, **options)


def assert_keras_close(actual, desired, atol=1e-6, rtol=1e-6):
    """Keras' ``TestCase.assertAllClose``: np.testing.assert_allclose with its defaults atol = rtol = 1e-6."""
    np.testing.assert_allclose(actual, desired, atol=atol, rtol=rtol)
