"""from_keras / to_keras_weights / keras_layer: exact round trips and the documented layout."""

import keras
import numpy as np
import pytest
from helpers import VARIANTS, keras_call, make_params, native_keras_layer

import rnn_utils as ru


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
        **{name: np.full_like(a, k) for k, (name, a) in enumerate(p.named_arrays().items())}
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
        **{name: np.full_like(a, k) for k, (name, a) in enumerate(p.named_arrays().items())}
    )
    kernel, recurrent, bias = ru.to_keras_weights(p)
    assert bias.shape == (2, 9)
    np.testing.assert_array_equal(kernel[0, ::3], [p.W_zx[0, 0], p.W_rx[0, 0], p.W_hx[0, 0]])
    np.testing.assert_array_equal(recurrent[0, ::3], [p.W_zh[0, 0], p.W_rh[0, 0], p.W_hh[0, 0]])
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
    assert tuple(plain(x).shape) == (2, 4)  # kwargs really are forwarded: no return_sequences here


def test_from_keras_copies_the_weights():
    rng = np.random.default_rng(1234)
    layer = native_keras_layer("lstm", 2, 3, rng)
    p = ru.from_keras(layer)
    p.W_ix[...] = 0.0
    assert np.abs(layer.get_weights()[0]).sum() > 0
