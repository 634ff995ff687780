"""Jacobians against finite differences and explicit products; the Pascanu et al. bound.

States go through the ``Cell`` contract: ``flat`` stacks a state's arrays (h, or h and c)
into one vector, ``unflat`` splits it back into the public form."""

import numpy as np
import pytest
from helpers import VARIANTS, loop_state, make_params, random_state

import rnn_utils as ru
from rnn_utils.cells import cell_for
from rnn_utils.layer import prepare, unroll


def flat(p, state):
    """A public state of one sequence as one (1, n · number of state arrays) array."""
    return np.concatenate(loop_state(p, state, 1), axis=-1)


def unflat(p, s):
    cell = cell_for(p)
    return cell.public(tuple(np.split(s, len(cell.state_names), axis=-1)))


def state_after(p, x, k, initial_state=None):
    """s_k, the state after the first k steps (s_0 = initial state)."""
    if k == 0:
        return cell_for(p).public(cell_for(p).state(p, initial_state, x.shape[0]))
    return ru.forward(p, x[:, :k], initial_state)[1]


@pytest.mark.parametrize("variant", VARIANTS)
def test_step_jacobians_match_finite_differences(variant):
    rng = np.random.default_rng(0)
    p = make_params(variant, 3, 4, dtype=np.float64)
    x = rng.standard_normal((1, 5, 3))
    h0 = random_state(p, 1, rng)
    J = ru.step_jacobians(p, x, h0)
    n = p.units * len(cell_for(p).state_names)
    assert J.shape == (5, n, n)
    eps = 1e-6
    for t in (1, 3, 5):
        s = flat(p, state_after(p, x, t - 1, h0))
        fd = np.empty((n, n))
        for j in range(n):
            e = np.zeros_like(s)
            e[0, j] = eps
            plus = flat(p, ru.forward(p, x[:, t - 1 : t], unflat(p, s + e))[1])
            minus = flat(p, ru.forward(p, x[:, t - 1 : t], unflat(p, s - e))[1])
            fd[:, j] = ((plus - minus) / (2 * eps))[0]
        np.testing.assert_allclose(J[t - 1], fd, atol=1e-8)


@pytest.mark.parametrize("variant", ["simple_rnn", "simple_rnn_relu"])
def test_rnn_formula_equals_the_backward_pass(variant):
    """diag(act'(a_t)) U, the book's formula, is what BPTT's step backward computes."""
    rng = np.random.default_rng(1)
    p = make_params(variant, 3, 6, dtype=np.float64)
    x = rng.standard_normal((1, 7, 3))
    J = ru.step_jacobians(p, x)
    cell = cell_for(p)
    for t, cache in enumerate(
        unroll(prepare(p, x)).caches
    ):  # row i: e_i pushed back through step t
        rows = [cell.step_backward(p, (e[None],), cache)[1][0][0] for e in np.eye(6)]
        np.testing.assert_allclose(J[t], np.stack(rows), rtol=1e-13, atol=1e-15)
    h = ru.forward(p, x)[0][0]
    if variant == "simple_rnn":
        np.testing.assert_allclose(J[2], np.diag(1 - h[2] ** 2) @ p.U, rtol=1e-13)


@pytest.mark.parametrize("variant", VARIANTS)
def test_hidden_jacobian_norms_are_norms_of_products(variant):
    rng = np.random.default_rng(2)
    p = make_params(variant, 2, 4, dtype=np.float64)
    x = rng.standard_normal((3, 8, 2))  # only the first sequence counts
    norms = ru.hidden_jacobian_norms(p, x)
    assert norms.shape == (8,) and norms[-1] == 1.0
    J = ru.step_jacobians(p, x)
    u = p.units
    for k in range(1, 8):
        product = np.linalg.multi_dot(
            [np.eye(J.shape[1])] + [J[t] for t in range(7, k - 1, -1)]
        )
        assert norms[k - 1] == pytest.approx(
            np.linalg.norm(product[:u, :u], 2), rel=1e-10
        )
    assert np.array_equal(norms, ru.hidden_jacobian_norms(p, x[:1]))


@pytest.mark.parametrize("variant", VARIANTS)
def test_hidden_jacobian_norms_match_finite_differences(variant):
    """∂h_T/∂h_k by perturbing h_k (c_k held fixed) and running the remaining steps."""
    rng = np.random.default_rng(3)
    p = make_params(variant, 2, 3, dtype=np.float64)
    x = rng.standard_normal((1, 6, 2))
    norms = ru.hidden_jacobian_norms(p, x)
    eps = 1e-6
    for k in (1, 3, 5):
        h, *rest = loop_state(p, state_after(p, x, k), 1)
        D = np.empty((p.units, p.units))
        for j in range(p.units):
            e = np.zeros_like(h)
            e[0, j] = eps
            # Perturb h_k alone (an LSTM's c_k held fixed).
            up, down = (cell_for(p).public((h + sign * e, *rest)) for sign in (1, -1))
            plus = ru.forward(p, x[:, k:], up)[0][0, -1]
            minus = ru.forward(p, x[:, k:], down)[0][0, -1]
            D[:, j] = (plus - minus) / (2 * eps)
        assert norms[k - 1] == pytest.approx(np.linalg.norm(D, 2), rel=1e-6)


def test_lstm_cell_path_is_the_forget_gate():
    rng = np.random.default_rng(4)
    p = make_params("lstm", 3, 4, dtype=np.float64)
    x = rng.standard_normal((1, 6, 3))
    C = ru.cell_state_jacobians(p, x)
    J = ru.step_jacobians(p, x)
    np.testing.assert_allclose(C, J[:, 4:, 4:], rtol=1e-13, atol=1e-15)
    h = ru.forward(p, x)[0]
    f_3 = ru.lstm_gates(p, x[:, 2], h[:, 1]).f[0]  # gates of step 3 read h_2
    np.testing.assert_allclose(np.diag(C[2]), f_3, rtol=1e-13)
    assert np.count_nonzero(C[2] - np.diag(np.diag(C[2]))) == 0
    # ‖∂c_T/∂c_k‖ is available too; its last entry is the identity's.
    c_norms = ru.hidden_jacobian_norms(p, x, block="c")
    assert c_norms[-1] == 1.0 and np.all(c_norms > 0)


def test_rnn_norms_obey_the_pascanu_bound():
    rng = np.random.default_rng(5)
    for scale in (0.5, 0.9, 1.5):
        p = ru.init_rnn(3, 16, scale=scale, seed=5, dtype=np.float64)
        x = rng.standard_normal((1, 40, 3))
        norms = ru.hidden_jacobian_norms(p, x)
        bound = ru.pascanu_bound(p.U, np.arange(40)[::-1])
        assert np.all(norms <= bound * (1 + 1e-12))
    # Orthogonal U with scale 0.5 satisfies the sufficient condition: the norms vanish.
    p = ru.init_rnn(3, 16, scale=0.5, recurrent="orthogonal", dtype=np.float64)
    norms = ru.hidden_jacobian_norms(p, rng.standard_normal((1, 30, 3)))
    assert ru.pascanu_condition(p.U).vanishing and norms[0] <= 0.5**29 * (1 + 1e-9)


def test_pascanu_condition_thresholds():
    c = ru.pascanu_condition(0.99 * np.eye(3))
    assert (c.sigma_max, c.gamma, c.threshold, c.vanishing) == (
        pytest.approx(0.99),
        1.0,
        1.0,
        True,
    )
    assert not c.exploding_possible
    c = ru.pascanu_condition(1.01 * np.eye(3))
    assert not c.vanishing and c.exploding_possible
    assert ru.pascanu_condition(
        3.9 * np.eye(3), activation="sigmoid"
    ).vanishing  # 1/γ = 4
    assert not ru.pascanu_condition(4.1 * np.eye(3), activation="sigmoid").vanishing
    assert ru.pascanu_condition(np.eye(2), activation="relu").gamma == 1.0
    np.testing.assert_allclose(
        ru.pascanu_bound(0.5 * np.eye(2), [0, 1, 3]), [1, 0.5, 0.125]
    )
    np.testing.assert_allclose(
        ru.pascanu_bound(np.eye(2), [0, 2], activation="sigmoid"), [1, 1 / 16]
    )


def test_singular_values_and_spectral_radius():
    A = np.array([[0.5, 10.0], [0.0, 0.5]])  # non-normal: radius 0.5, but σ_max > 10
    assert ru.spectral_radius(A) == pytest.approx(0.5)
    s = ru.singular_values(A)
    assert s[0] > 10 and s[0] >= s[1]
    assert ru.pascanu_condition(A).vanishing is False  # the radius alone would mislead
    theta = 0.3
    R = 0.8 * np.array(
        [[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]]
    )
    assert ru.spectral_radius(R) == pytest.approx(0.8)
    np.testing.assert_allclose(ru.singular_values(R), [0.8, 0.8])


def test_jacobian_product_norms_is_the_loop_of_chapter_4():
    """One function for ‖J_T ⋯ J_{k+1}‖, k = 0 … T: the same numbers as the loop written out."""
    rng = np.random.default_rng(6)
    J = (rng.standard_normal((12, 5, 5)) / np.sqrt(5)).astype(np.float32)
    norms = ru.jacobian_product_norms(J)
    loop = np.empty(13)
    P, loop[12] = np.eye(5), 1.0
    for k in range(11, -1, -1):
        P = P @ J[k]
        loop[k] = np.linalg.norm(P, ord=2)
    np.testing.assert_array_equal(norms, loop)
    P = np.linalg.multi_dot(list(J[::-1].astype(np.float64)))  # J_12 ⋯ J_1 = ∂s_12/∂s_0
    assert norms[0] == pytest.approx(np.linalg.norm(P, 2), rel=1e-12)
    top = ru.jacobian_product_norms(J, slice(0, 2))
    assert (
        top[0] == pytest.approx(np.linalg.norm(P[:2, :2], 2), rel=1e-12)
        and top[-1] == 1.0
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_hidden_jacobian_norms_are_the_h_block_of_the_products(variant):
    rng = np.random.default_rng(7)
    p = make_params(variant, 2, 3, dtype=np.float64)
    x = rng.standard_normal((1, 6, 2))
    J = ru.step_jacobians(p, x)
    np.testing.assert_array_equal(
        ru.hidden_jacobian_norms(p, x), ru.jacobian_product_norms(J, slice(0, 3))[1:]
    )
