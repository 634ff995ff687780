"""The generic loop: forward() against the step functions and against Keras (float32, ≤ 1e-5).

States go through the ``Cell`` contract (``helpers.loop_state`` is ``Cell.state``), so no
test asks which kind of cell it has."""

import numpy as np
import pytest
from helpers import (
    VARIANTS,
    keras_call,
    loop_state,
    make_params,
    native_keras_layer,
    random_layer_cases,
    random_state,
)

import rnn_utils as ru
from rnn_utils.cells import cell_for


@pytest.mark.parametrize("variant", VARIANTS)
def test_forward_is_the_step_function_repeated(variant):
    rng = np.random.default_rng(1234)
    p = make_params(variant, 3, 4, dtype=np.float64)
    cell = cell_for(p)
    x = rng.standard_normal((2, 6, 3))
    state = random_state(p, 2, rng)
    outputs, final = ru.forward(p, x, state)
    state = loop_state(p, state, 2)
    for t in range(6):
        state, _ = cell.step_forward(p, cell.x_preactivations(p, x[:, t]), state)
        np.testing.assert_allclose(outputs[:, t], state[0], rtol=1e-13, atol=1e-15)
    assert type(final) is type(cell.public(state))  # h, or the tuple (h, c)
    final = loop_state(p, final, 2)
    assert len(final) == len(cell.state_names)
    for mine, stepped in zip(final, state, strict=True):
        np.testing.assert_array_equal(mine, stepped)
    np.testing.assert_array_equal(final[0], outputs[:, -1])


@pytest.mark.parametrize("variant", VARIANTS)
def test_zero_initial_state_is_the_default(variant):
    rng = np.random.default_rng(1234)
    p = make_params(variant, 2, 3)
    x = rng.standard_normal((2, 4, 2))
    zero = cell_for(p).public(tuple(np.zeros((2, 3)) for _ in cell_for(p).state_names))
    np.testing.assert_array_equal(ru.forward(p, x)[0], ru.forward(p, x, zero)[0])


def test_dtype_follows_the_parameters():
    rng = np.random.default_rng(1234)
    x = rng.standard_normal((2, 3, 2))  # float64 input
    assert ru.forward(make_params("lstm", 2, 3), x)[0].dtype == np.float32
    assert (
        ru.forward(make_params("lstm", 2, 3, dtype=np.float64), x.astype(np.float32))[
            0
        ].dtype
        == np.float64
    )


@random_layer_cases()
def test_forward_matches_keras(variant, features, units, batch, time, with_state, seed):
    """Outputs and final states of a Keras-made layer with random weights: 1e-5 abs., float32."""
    rng = np.random.default_rng(seed)
    layer = native_keras_layer(variant, features, units, rng)
    p = ru.from_keras(layer)
    x = rng.standard_normal((batch, time, features)).astype(np.float32)
    state = random_state(p, batch, rng) if with_state else None
    k_out, k_final = keras_call(layer, x, state)
    out, final = ru.forward(p, x, state)
    assert out.shape == (batch, time, units) and out.dtype == np.float32
    np.testing.assert_allclose(out, k_out, rtol=0, atol=1e-5)
    for mine, theirs in zip(
        loop_state(p, final, batch), loop_state(p, k_final, batch), strict=True
    ):
        np.testing.assert_allclose(mine, theirs, rtol=0, atol=1e-5)


@pytest.mark.parametrize("variant", VARIANTS)
def test_forward_matches_keras_on_a_long_sequence(variant):
    """200 steps with a spectral radius near 1: rounding must not drift beyond 1e-5."""
    rng = np.random.default_rng(5)
    p = make_params(variant, 3, 8, scale=1.0, seed=5)
    if p.options().get("activation") == "relu":
        p = p.replace(
            U=0.95 * np.eye(8, dtype=np.float32)
        )  # IRNN-like: bounded, but long memory
    layer = ru.keras_layer(p, return_sequences=True, return_state=True)
    x = rng.standard_normal((2, 200, 3)).astype(np.float32)
    k_out, _ = keras_call(layer, x)
    np.testing.assert_allclose(ru.forward(p, x)[0], k_out, rtol=0, atol=1e-5)


@pytest.mark.parametrize("variant", VARIANTS)
def test_forward_matches_keras_for_a_single_step(variant):
    rng = np.random.default_rng(6)
    layer = native_keras_layer(variant, 2, 3, rng)
    p = ru.from_keras(layer)
    x = rng.standard_normal((4, 1, 2)).astype(np.float32)
    state = random_state(p, 4, rng)
    k_out, k_final = keras_call(layer, x, state)
    out, final = ru.forward(p, x, state)
    assert out.shape == (4, 1, 3)
    np.testing.assert_allclose(out, k_out, rtol=0, atol=1e-6)
    np.testing.assert_allclose(loop_state(p, final, 4)[0], out[:, 0], rtol=0, atol=0)


@pytest.mark.parametrize("variant", VARIANTS)
def test_initial_state_in_keras_list_form(variant):
    """[h] (or [h, c]) is what Keras takes; forward and backward take it too, and mean the same."""
    rng = np.random.default_rng(16)
    layer = native_keras_layer(variant, 3, 4, rng)
    p = ru.from_keras(layer)
    x = rng.standard_normal((2, 5, 3)).astype(np.float32)
    state = random_state(p, 2, rng)
    as_list = list(loop_state(p, state, 2))
    out, final = ru.forward(p, x, as_list)
    ref_out, ref_final = ru.forward(p, x, state)
    np.testing.assert_array_equal(out, ref_out)
    assert type(final) is type(
        ref_final
    )  # returned in the public form: h, or the tuple (h, c)
    np.testing.assert_allclose(out, keras_call(layer, x, state)[0], rtol=0, atol=1e-5)
    g = rng.standard_normal(out.shape).astype(np.float32)
    ds_list = ru.backward(p, x, g, as_list, return_initial_state_grad=True)[2]
    ds = ru.backward(p, x, g, state, return_initial_state_grad=True)[2]
    for a, b in zip(loop_state(p, ds_list, 2), loop_state(p, ds, 2), strict=True):
        np.testing.assert_array_equal(a, b)
