"""from_keras / to_keras_weights / keras_layer: exact round trips and the documented layout."""

import dataclasses

import keras
import numpy as np
import pytest
from helpers import (
    VARIANTS,
    keras_call,
    loop_state,
    make_params,
    native_keras_layer,
    rel,
    tape_gradients,
    variant_options,
)

import rnn_utils as ru
from rnn_utils.keras_bridge import from_keras_weights
from rnn_utils.params import KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_declares_its_keras_layer_and_defaults(kind):
    """KERAS_CLASS names a Keras layer whose default activations and options are the declared defaults."""
    cls = KINDS[kind]
    layer = getattr(keras.layers, cls.KERAS_CLASS)(3)
    assert layer.activation is getattr(keras.activations, cls.ACTIVATIONS[0])
    if cls.RECURRENT_ACTIVATIONS:
        assert layer.recurrent_activation is getattr(
            keras.activations, cls.RECURRENT_ACTIVATIONS[0]
        )
    else:
        assert not hasattr(layer, "recurrent_activation")
    defaults = {f.name: f.default for f in dataclasses.fields(cls)}
    for flag in cls.FLAGS:
        assert getattr(layer, flag) == defaults[flag], flag


@pytest.mark.parametrize("variant", VARIANTS)
def test_round_trip_is_exact(variant):
    rng = np.random.default_rng(1234)
    layer = native_keras_layer(variant, 3, 4, rng)
    p = ru.from_keras(layer)
    back = ru.to_keras_weights(p)
    for mine, theirs in zip(back, layer.get_weights(), strict=True):
        assert mine.dtype == theirs.dtype and mine.shape == theirs.shape
        assert np.array_equal(mine, theirs)
    again = ru.from_keras(ru.keras_layer(p))
    for name, a in p.named_arrays().items():
        assert np.array_equal(a, getattr(again, name)), name
    assert p.count_params() == layer.count_params()


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("use_bias", [True, False])
def test_from_keras_weights_inverts_to_keras_weights(variant, use_bias):
    cls, options = variant_options(variant)
    p = make_params(variant, 3, 4)
    if not use_bias:
        p = p.replace(**{name: np.zeros(4, p.dtype) for name in p.bias_names()})
    back = from_keras_weights(cls, ru.to_keras_weights(p, use_bias=use_bias), **options)
    assert type(back) is cls and back.options() == p.options()
    for name, a in p.named_arrays().items():
        assert np.array_equal(a, getattr(back, name)), name


@pytest.mark.parametrize("variant", VARIANTS)
def test_weights_line_up_with_trainable_weights(variant):
    p = make_params(variant, 3, 4)
    layer = ru.keras_layer(p)
    names = [w.path.split("/")[-1] for w in layer.trainable_weights]
    assert names == ["kernel", "recurrent_kernel", "bias"]
    for w, mine in zip(layer.trainable_weights, ru.to_keras_weights(p), strict=True):
        assert np.array_equal(w.numpy(), mine)


def test_lstm_layout_is_i_f_c_o():
    """Put a distinct constant in each book matrix and read the Keras columns back."""
    p = ru.init_lstm(2, 3)
    p = p.replace(
        **{
            name: np.full_like(a, k)
            for k, (name, a) in enumerate(p.named_arrays().items())
        }
    )
    kernel, recurrent, bias = ru.to_keras_weights(p)
    np.testing.assert_array_equal(
        kernel[0, ::3], [p.W_ix[0, 0], p.W_fx[0, 0], p.W_cx[0, 0], p.W_ox[0, 0]]
    )
    np.testing.assert_array_equal(
        recurrent[0, ::3], [p.W_ih[0, 0], p.W_fh[0, 0], p.W_ch[0, 0], p.W_oh[0, 0]]
    )
    np.testing.assert_array_equal(bias[::3], [p.b_i[0], p.b_f[0], p.b_c[0], p.b_o[0]])
    # …and Keras' own unit_forget_bias puts its ones in the second block.
    layer = keras.layers.LSTM(3)
    layer.build((None, None, 2))
    np.testing.assert_array_equal(ru.from_keras(layer).b_f, 1.0)
    np.testing.assert_array_equal(ru.from_keras(layer).b_i, 0.0)


def test_gru_layout_is_z_r_h_with_two_bias_rows():
    p = ru.init_gru(2, 3)
    p = p.replace(
        **{
            name: np.full_like(a, k)
            for k, (name, a) in enumerate(p.named_arrays().items())
        }
    )
    kernel, recurrent, bias = ru.to_keras_weights(p)
    assert bias.shape == (2, 9)
    np.testing.assert_array_equal(
        kernel[0, ::3], [p.W_zx[0, 0], p.W_rx[0, 0], p.W_hx[0, 0]]
    )
    np.testing.assert_array_equal(
        recurrent[0, ::3], [p.W_zh[0, 0], p.W_rh[0, 0], p.W_hh[0, 0]]
    )
    np.testing.assert_array_equal(bias[0, ::3], [p.b_zx[0], p.b_rx[0], p.b_hx[0]])
    np.testing.assert_array_equal(bias[1, ::3], [p.b_zh[0], p.b_rh[0], p.b_hh[0]])
    assert ru.to_keras_weights(ru.init_gru(2, 3, reset_after=False))[2].shape == (9,)


def test_keras_gru_default_is_reset_after():
    layer = keras.layers.GRU(3)
    layer.build((None, None, 2))
    assert ru.from_keras(layer).reset_after is True


def test_dense_round_trip_and_parity():
    rng = np.random.default_rng(1234)
    layer = keras.layers.Dense(2, activation="sigmoid")
    layer.build((None, 4))
    p = ru.from_keras(layer)
    assert p.activation == "sigmoid" and p.W_y.shape == (2, 4)
    h = rng.standard_normal((5, 4)).astype(np.float32)
    np.testing.assert_allclose(ru.dense(p, h), layer(h).numpy(), atol=1e-6)
    assert all(
        np.array_equal(a, b)
        for a, b in zip(ru.to_keras_weights(p), layer.get_weights(), strict=True)
    )
    assert ru.keras_layer(p).get_config()["activation"] == "sigmoid"


@pytest.mark.parametrize("variant", VARIANTS)
def test_keras_layer_reproduces_forward(variant):
    rng = np.random.default_rng(1234)
    p = make_params(variant, 3, 4)
    layer = ru.keras_layer(p, return_sequences=True, return_state=True)
    assert layer.units == 4
    x = rng.standard_normal((2, 5, 3)).astype(np.float32)
    np.testing.assert_allclose(keras_call(layer, x)[0], ru.forward(p, x)[0], atol=1e-6)
    plain = ru.keras_layer(p)
    assert tuple(plain(x).shape) == (
        2,
        4,
    )  # kwargs really are forwarded: no return_sequences here


def test_from_keras_copies_the_weights():
    rng = np.random.default_rng(1234)
    layer = native_keras_layer("lstm", 2, 3, rng)
    p = ru.from_keras(layer)
    p.W_ix[...] = 0.0
    assert np.abs(layer.get_weights()[0]).sum() > 0


@pytest.mark.parametrize("variant", VARIANTS)
def test_layer_options_are_read_and_written(variant):
    rng = np.random.default_rng(11)
    layer = native_keras_layer(
        variant, 3, 4, rng, go_backwards=True, zero_output_for_mask=True
    )
    p = ru.from_keras(layer)
    assert p.go_backwards and p.zero_output_for_mask
    assert "go_backwards=True" in repr(p) and "go_backwards" not in repr(
        p.replace(go_backwards=False)
    )
    again = ru.keras_layer(p, return_sequences=True, return_state=True)
    assert again.go_backwards and again.zero_output_for_mask
    x = rng.standard_normal((2, 5, 3)).astype(np.float32)
    mask = np.array(
        [[True, False, True, True, False], [False, False, True, True, True]]
    )
    np.testing.assert_allclose(
        keras_call(again, x, mask=mask)[0],
        ru.forward(p, x, mask=mask)[0],
        rtol=0,
        atol=1e-6,
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_use_bias_false_is_zero_biases(variant):
    rng = np.random.default_rng(12)
    layer = native_keras_layer(variant, 3, 4, rng, use_bias=False)
    p = ru.from_keras(layer)
    assert all(not getattr(p, name).any() for name in p.bias_names())
    assert all(
        np.array_equal(a, b)
        for a, b in zip(
            ru.to_keras_weights(p, use_bias=False), layer.get_weights(), strict=True
        )
    )
    x = rng.standard_normal((2, 5, 3)).astype(np.float32)
    g = rng.standard_normal((2, 5, 4)).astype(np.float32)
    np.testing.assert_allclose(
        ru.forward(p, x)[0], keras_call(layer, x)[0], rtol=0, atol=1e-5
    )
    k_params, k_dx, _ = tape_gradients(layer, x, g)
    grads, dx = ru.backward(p, x, g)
    for mine, theirs in zip(
        [*ru.to_keras_weights(grads, use_bias=False), dx],
        [*k_params, k_dx],
        strict=True,
    ):
        assert rel(mine, theirs) < 1e-4
    rebuilt = ru.keras_layer(p, use_bias=False)
    assert not rebuilt.use_bias and len(rebuilt.get_weights()) == len(
        layer.get_weights()
    )


def test_dense_without_bias():
    layer = keras.layers.Dense(2, use_bias=False)
    layer.build((None, 4))
    p = ru.from_keras(layer)
    assert not p.b_y.any() and np.array_equal(p.W_y, layer.get_weights()[0].T)
    assert len(ru.keras_layer(p, use_bias=False).get_weights()) == 1


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_state_a_stateful_layer_carries(variant):
    """Keras' second call starts where the first ended; from_keras(return_state=True) reads that state."""
    rng = np.random.default_rng(13)
    layer = native_keras_layer(variant, 3, 4, rng, batch_size=2, stateful=True)
    x1, x2 = (rng.standard_normal((2, 5, 3)).astype(np.float32) for _ in range(2))
    p, state = ru.from_keras(layer, return_state=True)
    assert all(
        not s.any() for s in loop_state(p, state, 2)
    )  # a new stateful layer carries zeros
    _, first_final = keras_call(layer, x1)
    p, state = ru.from_keras(layer, return_state=True)
    for mine, theirs in zip(
        loop_state(p, state, 2), loop_state(p, first_final, 2), strict=True
    ):
        np.testing.assert_array_equal(mine, theirs)
    k_out, k_final = keras_call(layer, x2)
    out, final = ru.forward(p, x2, initial_state=state)
    np.testing.assert_allclose(out, k_out, rtol=0, atol=1e-5)
    assert (
        np.abs(ru.forward(p, x2)[0] - k_out).max() > 1e-3
    )  # from zeros it would differ
    layer.reset_state()
    assert all(
        not s.any()
        for s in loop_state(p, ru.from_keras(layer, return_state=True)[1], 2)
    )
    assert (
        ru.from_keras(native_keras_layer(variant, 3, 4, rng), return_state=True)[1]
        is None
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_keras_layer_builds_a_stateful_layer(variant):
    rng = np.random.default_rng(14)
    p = make_params(variant, 3, 4)
    layer = ru.keras_layer(
        p, stateful=True, batch_size=2, return_sequences=True, return_state=True
    )
    assert layer.stateful
    x1, x2 = (rng.standard_normal((2, 5, 3)).astype(np.float32) for _ in range(2))
    out1, state = ru.forward(p, x1)
    out2, _ = ru.forward(p, x2, state)
    np.testing.assert_allclose(keras_call(layer, x1)[0], out1, rtol=0, atol=1e-5)
    np.testing.assert_allclose(keras_call(layer, x2)[0], out2, rtol=0, atol=1e-5)
    fixed = ru.keras_layer(
        p, batch_size=2
    )  # a fixed batch size without state is fine too
    assert tuple(fixed(x1).shape) == (2, 4)


def test_keras_layer_follows_the_parameters_dtype():
    rng = np.random.default_rng(15)
    p = make_params("lstm", 3, 4, dtype=np.float64)
    layer = ru.keras_layer(p, return_sequences=True)
    assert layer.compute_dtype == "float64"
    x = rng.standard_normal((2, 30, 3))
    np.testing.assert_allclose(
        layer(x).numpy(), ru.forward(p, x)[0], rtol=0, atol=1e-12
    )
    assert ru.from_keras(layer).dtype == np.float64
    assert ru.keras_layer(p, dtype="float32").compute_dtype == "float32"


# --- a Keras bug: unroll=True with go_backwards=True and zero_output_for_mask=True ---------------

BUGGY = {"unroll": True, "go_backwards": True, "zero_output_for_mask": True}


@pytest.mark.parametrize("kind", ["SimpleRNN", "LSTM", "GRU"])
def test_keras_unrolled_backward_loop_zeroes_the_wrong_steps(kind):
    """Pins Keras' behaviour (3.10 and 3.15): if this fails, Keras has fixed the bug, and
    from_keras can accept the combination again (remove the refusal and its docstring note)."""
    rng = np.random.default_rng(18)
    x = rng.normal(size=(3, 6, 2)).astype("float32")
    mask = np.array(
        [[1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1], [1, 1, 0, 0, 0, 0]], dtype=bool
    )
    layers = {}
    for unroll in (False, True):
        keras.utils.set_random_seed(18)
        layers[unroll] = getattr(keras.layers, kind)(
            4, return_sequences=True, **(BUGGY | {"unroll": unroll})
        )
        layers[unroll].build((None, 6, 2))
    layers[True].set_weights(layers[False].get_weights())
    looped, unrolled = (np.asarray(layers[u](x, mask=mask)) for u in (False, True))
    # rnn_utils, from the non-unrolled layer's parameters, computes what the non-unrolled loop computes ...
    ours, _ = ru.forward(ru.from_keras(layers[False]), x.astype(np.float64), mask=mask)
    np.testing.assert_allclose(ours, looped, atol=1e-5)
    # ... and the unrolled loop is that, zeroed where the mask is False in time order (outputs in reversed order):
    np.testing.assert_allclose(unrolled, looped * mask[:, :, None], atol=1e-6)
    assert np.abs(unrolled - looped).max() > 0.05
    # Without a mask the two loops agree.
    np.testing.assert_allclose(
        np.asarray(layers[True](x)), np.asarray(layers[False](x)), atol=1e-6
    )


@pytest.mark.parametrize("kind", ["SimpleRNN", "LSTM", "GRU"])
def test_from_keras_refuses_the_buggy_combination_only(kind):
    def built(**options):
        layer = getattr(keras.layers, kind)(3, **options)
        layer.build((None, 5, 2))
        return layer

    with pytest.raises(
        ValueError,
        match=rf"layer: {kind}\(unroll=True, go_backwards=True, "
        r"zero_output_for_mask=True\) is not supported: .*unroll=False",
    ):
        ru.from_keras(built(**BUGGY))
    for option in BUGGY:  # each two of the three are fine
        p = ru.from_keras(built(**(BUGGY | {option: False})))
        assert p.go_backwards == (option != "go_backwards")
