"""BPTT by hand against tf.GradientTape (float32, 1e-4 relative) and finite differences."""

import dataclasses

import numpy as np
import pytest
from helpers import (
    VARIANTS,
    loop_state,
    make_params,
    native_keras_layer,
    random_layer_cases,
    random_state,
    rel,
    tape_gradients,
)

import rnn_utils as ru
from rnn_utils.gradcheck import gradient_check


@random_layer_cases(max_size=5, max_time=8, max_batch=3)
def test_backward_matches_gradient_tape(
    variant, features, units, batch, time, with_state, seed
):
    rng = np.random.default_rng(seed)
    layer = native_keras_layer(variant, features, units, rng)
    p = ru.from_keras(layer)
    x = rng.standard_normal((batch, time, features)).astype(np.float32)
    g = rng.standard_normal((batch, time, units)).astype(np.float32)
    state = random_state(p, batch, rng) if with_state else None
    k_params, k_dx, _ = tape_gradients(layer, x, g, state)
    grads, dx = ru.backward(p, x, g, state)
    assert type(grads) is type(p)
    for mine, theirs in zip(ru.to_keras_weights(grads), k_params, strict=True):
        assert mine.shape == theirs.shape
        if (
            np.abs(theirs).max() > 1e-6
        ):  # relu units that never fire have exactly zero gradient
            assert rel(mine, theirs) < 1e-4
        else:
            assert np.abs(mine).max() < 1e-6
    assert rel(dx, k_dx) < 1e-4


@pytest.mark.parametrize("variant", VARIANTS)
def test_final_and_initial_state_gradients_match_gradient_tape(variant):
    rng = np.random.default_rng(1234)
    layer = native_keras_layer(variant, 3, 4, rng)
    p = ru.from_keras(layer)
    x = rng.standard_normal((2, 5, 3)).astype(np.float32)
    g = rng.standard_normal((2, 5, 4)).astype(np.float32)
    state = random_state(p, 2, rng)
    g_final = random_state(p, 2, rng)
    k_params, k_dx, k_dstate = tape_gradients(layer, x, g, state, g_final)
    grads, dx, dstate = ru.backward(
        p, x, g, state, grad_final_state=g_final, return_initial_state_grad=True
    )
    for mine, theirs in zip(ru.to_keras_weights(grads), k_params, strict=True):
        assert rel(mine, theirs) < 1e-4
    assert rel(dx, k_dx) < 1e-4
    for mine, theirs in zip(loop_state(p, dstate, 2), k_dstate, strict=True):
        assert rel(mine, theirs) < 1e-4


@pytest.mark.parametrize("variant", VARIANTS)
def test_gradient_check_float64(variant):
    rng = np.random.default_rng(1234)
    p = make_params(variant, 3, 4, dtype=np.float64)
    x = rng.standard_normal((2, 5, 3))
    errors = gradient_check(p, x, initial_state=random_state(p, 2, rng))
    assert set(errors) == set(p.named_arrays()) | {"x"}
    assert max(errors.values()) < 1e-6, errors


def test_gradient_check_catches_a_wrong_gradient(monkeypatch):
    """The check must fail when BPTT is wrong: drop the recurrent term of dh_{t-1}."""
    rng = np.random.default_rng(1234)
    from rnn_utils import cells

    def broken(p, dstate, cache):
        da, (dh_prev,), grads = cells.rnn_step_backward(p, dstate, cache)
        return da, (0 * dh_prev,), grads  # truncated after one step

    monkeypatch.setitem(
        cells.CELLS,
        ru.RNNParams,
        dataclasses.replace(cells.CELLS[ru.RNNParams], step_backward=broken),
    )
    p = make_params("simple_rnn", 3, 4, dtype=np.float64)
    errors = gradient_check(p, rng.standard_normal((2, 5, 3)))
    assert errors["U"] > 1e-2 and errors["x"] > 1e-2


def test_grad_final_state_alone_is_the_last_output_gradient():
    rng = np.random.default_rng(1234)
    p = make_params("gru", 2, 3, dtype=np.float64)
    x = rng.standard_normal((2, 4, 2))
    d = rng.standard_normal((2, 3))
    g = np.zeros((2, 4, 3))
    g[:, -1] = d
    a, dxa = ru.backward(p, x, g)
    b, dxb = ru.backward(p, x, grad_final_state=d)
    np.testing.assert_allclose(dxa, dxb, rtol=1e-14)
    for name in a.named_arrays():
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=1e-14)


def test_backward_of_a_zero_loss_is_zero():
    rng = np.random.default_rng(1234)
    p = make_params("lstm", 2, 3)
    grads, dx = ru.backward(p, rng.standard_normal((2, 4, 2)))
    assert all(not a.any() for a in grads.named_arrays().values()) and not dx.any()
