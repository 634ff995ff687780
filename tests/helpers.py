"""Helpers shared by the unit tests: random parameters of every kind, Keras twins.

Everything here is derived from the kinds' declarations (``rnn_utils.params``) and
their cells (``rnn_utils.cells.CELLS``): a new cell kind is tested without a change here.
A state is handled through the ``Cell`` contract: ``cell.state`` gives the loop's tuple,
``cell.public`` the form callers see.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import rnn_utils as ru
from rnn_utils.cells import CELLS, cell_for
from rnn_utils.params import LAYER_OPTIONS, init_params


def _variants():
    """Every cell kind with its default options, and once more with each other value of an option
    that changes the maths: "simple_rnn_relu" (a choice), "gru_reset_after_false" (a flag)."""
    variants = {}
    for cls in CELLS:
        defaults = {f.name: f.default for f in dataclasses.fields(cls)}
        variants[cls.kind] = dict(kind=cls.kind)
        for name, allowed in cls.CHOICES.items():
            for value in allowed:
                if value != defaults[name]:
                    variants[f"{cls.kind}_{value}"] = dict(
                        kind=cls.kind, **{name: value}
                    )
        for flag in cls.FLAGS:
            if flag not in LAYER_OPTIONS:
                value = not defaults[flag]
                variants[f"{cls.kind}_{flag}_{str(value).lower()}"] = dict(
                    kind=cls.kind, **{flag: value}
                )
    return variants


# Every cell variant the package supports: name -> dict(kind=..., options that differ from the defaults).
VARIANTS = _variants()


def variant_options(variant):
    """(the parameter class, its options) of a variant."""
    opts = dict(VARIANTS[variant])
    return ru.params.KINDS[opts.pop("kind")], opts


def make_params(variant, features, units, seed=0, dtype=np.float32, scale=1.0):
    """Random parameters with non-zero biases, so that bias bugs cannot hide."""
    cls, opts = variant_options(variant)
    return init_params(
        cls,
        features,
        units,
        seed=seed,
        scale=scale,
        bias_scale=0.5,
        dtype=dtype,
        **opts,
    )


def random_state(params, batch, rng):
    """A random initial state of the right structure, in the public form (h, or (h, c))."""
    cell = cell_for(params)
    state = tuple(
        rng.standard_normal((batch, params.units)).astype(params.dtype)
        for _ in cell.state_names
    )
    return cell.public(state)


def loop_state(params, state, batch):
    """A state in any form a caller may give (h, (h, c), Keras' lists) as the loop's tuple (``Cell.state``)."""
    return cell_for(params).state(params, state, batch)


def native_keras_layer(variant, features, units, rng, batch_size=None, **layer_options):
    """A Keras layer made by Keras (not by rnn_utils), with every weight random.

    ``layer_options`` (go_backwards, zero_output_for_mask, use_bias, stateful, ...) go to the
    layer; ``batch_size`` fixes the batch size it is built for (stateful layers need one)."""
    import keras

    cls, opts = variant_options(
        variant
    )  # the options are Keras layer arguments of the same names
    layer = getattr(keras.layers, cls.KERAS_CLASS)(
        units, return_sequences=True, return_state=True, **opts, **layer_options
    )
    layer.build((batch_size, None, features))
    layer.set_weights(
        [
            0.5 * rng.standard_normal(w.shape).astype("float32")
            for w in layer.get_weights()
        ]
    )
    return layer


def layer_params(layer):
    """The parameters of a Keras layer (a stateful one too), to reach its ``Cell``."""
    return ru.from_keras(layer, return_state=True)[0]


def keras_call(layer, x, initial_state=None, mask=None):
    """(outputs, final_state) from a layer built with return_sequences and return_state;
    ``initial_state`` and the final state in the public form (h, or (h, c))."""
    p = layer_params(layer)
    out = layer(x, initial_state=keras_state_list(p, initial_state, len(x)), mask=mask)
    return out[0].numpy(), cell_for(p).public(tuple(s.numpy() for s in out[1:]))


def keras_state_list(params, state, batch):
    """Keras' list form of a state: [h] or [h, c] (None stays None)."""
    return None if state is None else list(loop_state(params, state, batch))


def tape_gradients(layer, x, grad_outputs, state=None, grad_final=None, mask=None):
    """Keras' gradients of sum(outputs * grad_outputs) [+ sum(final * grad_final)]:
    (weight grads in trainable_weights order, dx, initial-state grads as a list)."""
    import tensorflow as tf

    p, batch = layer_params(layer), len(x)
    x = tf.constant(x)
    init = (
        None if state is None else [tf.constant(s) for s in loop_state(p, state, batch)]
    )
    with tf.GradientTape() as tape:
        tape.watch(x)
        for s in init or []:
            tape.watch(s)
        out = layer(x, initial_state=init, mask=mask)
        loss = tf.reduce_sum(out[0] * grad_outputs)
        if grad_final is not None:
            finals = zip(out[1:], loop_state(p, grad_final, batch), strict=True)
            loss += sum(tf.reduce_sum(s * g) for s, g in finals)
    sources = list(layer.trainable_weights) + [x] + (init or [])
    grads = tape.gradient(loss, sources)
    n = len(layer.trainable_weights)
    return (
        [g.numpy() for g in grads[:n]],
        grads[n].numpy(),
        [g.numpy() for g in grads[n + 1 :]],
    )


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
    cls = ru.params.KINDS[kind]
    kind_options = {name: value for name, value in (("activation", activation), ("reset_after", reset_after))
                    if name in (*cls.CHOICES, *cls.FLAGS)}  # fmt: skip
    b = bias if use_bias else 0.0

    def full(shape, value):
        return np.full(shape, value, dtype=np.float32)

    arrays = {name: full((units, features), kernel) for name in cls.INPUTS}
    arrays |= {name: full((units, units), recurrent) for name in cls.RECURRENT}
    arrays |= {name: full(units, b) for name in cls.biases_for(**kind_options)}
    if use_bias and unit_forget_bias:  # Keras' unit_forget_bias: b_f starts at one
        arrays |= {name: full(units, value) for name, value in cls.BIAS_SHIFTS.items()}
    return cls(**arrays, **kind_options, **options)


def assert_keras_close(actual, desired, atol=1e-6, rtol=1e-6):
    """Keras' ``TestCase.assertAllClose``: np.testing.assert_allclose with its defaults atol = rtol = 1e-6."""
    np.testing.assert_allclose(actual, desired, atol=atol, rtol=rtol)
