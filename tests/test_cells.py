"""One step of each cell against the book's formulas, written per example as column vectors."""

import collections
import warnings

import numpy as np
import pytest
from helpers import VARIANTS, loop_state, make_params

import rnn_utils as ru
from rnn_utils import cells, layer
from rnn_utils.cells import (
    GRUCache,
    LSTMCache,
    cell_for,
    dense_backward,
    gru_gates,
    gru_step_forward,
    gru_x_preactivations,
    lstm_step_forward,
    lstm_x_preactivations,
    rnn_step,
)
from rnn_utils.gradcheck import numerical_gradient


def logistic(a):
    return 1.0 / (1.0 + np.exp(-a))


def test_sigmoid_is_the_logistic_function_and_never_overflows():
    a = np.linspace(-30, 30, 601)
    np.testing.assert_allclose(ru.sigmoid(a), logistic(a), rtol=1e-12, atol=1e-15)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow in exp would raise here
        s = ru.sigmoid(np.array([-1e4, 1e4], dtype=np.float32))
    assert s.dtype == np.float32 and s[0] == 0.0 and s[1] == 1.0


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_rnn_step_is_the_seed_formula(activation):
    rng = np.random.default_rng(1234)
    p = make_params(
        "simple_rnn" if activation == "tanh" else "simple_rnn_relu",
        3,
        4,
        dtype=np.float64,
    )
    x_t, h_prev = rng.standard_normal((5, 3)), rng.standard_normal((5, 4))
    act = np.tanh if activation == "tanh" else (lambda a: np.maximum(a, 0))
    h_t = rnn_step(p, x_t, h_prev)
    for n in range(5):  # h_t = act(W x_t + U h_{t-1} + b), one column vector at a time
        np.testing.assert_allclose(
            h_t[n], act(p.W @ x_t[n] + p.U @ h_prev[n] + p.b), rtol=1e-12
        )


def test_lstm_step_and_gates_are_the_seed_formulas():
    rng = np.random.default_rng(1234)
    p = make_params("lstm", 3, 4, dtype=np.float64)
    x_t, h_prev, c_prev = (
        rng.standard_normal((5, 3)),
        rng.standard_normal((5, 4)),
        rng.standard_normal((5, 4)),
    )
    h_t, c_t = ru.lstm_step(p, x_t, (h_prev, c_prev))
    gates = ru.lstm_gates(p, x_t, h_prev)
    for n in range(5):
        x, h, c = x_t[n], h_prev[n], c_prev[n]
        i = logistic(p.W_ix @ x + p.W_ih @ h + p.b_i)
        f = logistic(p.W_fx @ x + p.W_fh @ h + p.b_f)
        o = logistic(p.W_ox @ x + p.W_oh @ h + p.b_o)
        c_new = f * c + i * np.tanh(p.W_cx @ x + p.W_ch @ h + p.b_c)
        np.testing.assert_allclose(c_t[n], c_new, rtol=1e-12)
        np.testing.assert_allclose(h_t[n], o * np.tanh(c_new), rtol=1e-12)
        np.testing.assert_allclose(gates.i[n], i, rtol=1e-12)
        np.testing.assert_allclose(gates.f[n], f, rtol=1e-12)
        np.testing.assert_allclose(gates.o[n], o, rtol=1e-12)
    np.testing.assert_allclose(c_t, gates.f * c_prev + gates.i * gates.g, rtol=1e-12)


@pytest.mark.parametrize("reset_after", [True, False])
def test_gru_step_and_gates_are_keras_formulas(reset_after):
    rng = np.random.default_rng(1234)
    p = make_params(
        "gru" if reset_after else "gru_reset_after_false", 3, 4, dtype=np.float64
    )
    x_t, h_prev = rng.standard_normal((5, 3)), rng.standard_normal((5, 4))
    h_t = ru.gru_step(p, x_t, h_prev)
    gates = gru_gates(p, x_t, h_prev)
    for n in range(5):
        x, h = x_t[n], h_prev[n]
        if reset_after:
            z = logistic(p.W_zx @ x + p.b_zx + p.W_zh @ h + p.b_zh)
            r = logistic(p.W_rx @ x + p.b_rx + p.W_rh @ h + p.b_rh)
            cand = np.tanh(p.W_hx @ x + p.b_hx + r * (p.W_hh @ h + p.b_hh))
        else:
            z = logistic(p.W_zx @ x + p.W_zh @ h + p.b_zx)
            r = logistic(p.W_rx @ x + p.W_rh @ h + p.b_rx)
            cand = np.tanh(p.W_hx @ x + p.W_hh @ (r * h) + p.b_hx)
        np.testing.assert_allclose(h_t[n], z * h + (1 - z) * cand, rtol=1e-12)
        np.testing.assert_allclose(gates.z[n], z, rtol=1e-12)
        np.testing.assert_allclose(gates.r[n], r, rtol=1e-12)
        np.testing.assert_allclose(gates.h[n], cand, rtol=1e-12)


def test_gru_keras_convention_is_cho_with_the_update_gate_negated():
    """Cho et al. (2014): h_t = u ⊙ h̃ + (1 − u) ⊙ h_{t-1}; u = σ(−z's pre-activation) = 1 − z."""
    rng = np.random.default_rng(1234)
    p = make_params("gru", 3, 4, dtype=np.float64)
    x, h = rng.standard_normal((5, 3)), rng.standard_normal((5, 4))
    u = logistic(-(x @ p.W_zx.T + p.b_zx + h @ p.W_zh.T + p.b_zh))
    cand = gru_gates(p, x, h).h
    np.testing.assert_allclose(ru.gru_step(p, x, h), u * cand + (1 - u) * h, rtol=1e-12)


def test_gru_reset_after_bias_folding_keeps_b_hh_inside_the_reset():
    """Moving b_hh into b_hx changes the output (r scales it); moving b_zh into b_zx does not."""
    rng = np.random.default_rng(1234)
    p = make_params("gru", 3, 4, dtype=np.float64)
    x, h = rng.standard_normal((5, 3)), rng.standard_normal((5, 4))
    folded = p.replace(b_hx=p.b_hx + p.b_hh, b_hh=np.zeros(4))
    assert not np.allclose(ru.gru_step(p, x, h), ru.gru_step(folded, x, h))
    # …whereas b_zh is: folding it into b_zx changes nothing.
    z_folded = p.replace(b_zx=p.b_zx + p.b_zh, b_zh=np.zeros(4))
    np.testing.assert_allclose(
        ru.gru_step(p, x, h), ru.gru_step(z_folded, x, h), rtol=1e-12
    )
    a_x = gru_x_preactivations(p, x)
    np.testing.assert_allclose(
        gru_step_forward(p, a_x, (h,))[0][0], ru.gru_step(p, x, h), rtol=1e-15
    )


def test_dense_is_the_output_formula():
    rng = np.random.default_rng(1234)
    W_y, b_y = rng.standard_normal((2, 4)), rng.standard_normal(2)
    h = rng.standard_normal((5, 6, 4))
    y = ru.dense(ru.DenseParams(W_y, b_y), h)
    assert y.shape == (5, 6, 2)
    np.testing.assert_allclose(y[3, 2], W_y @ h[3, 2] + b_y, rtol=1e-12)
    soft = ru.dense(ru.DenseParams(W_y, b_y, activation="softmax"), h)
    np.testing.assert_allclose(soft.sum(axis=-1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(
        ru.dense(ru.DenseParams(W_y, b_y, activation="sigmoid"), h),
        logistic(y),
        rtol=1e-12,
    )


def test_dense_backward_matches_finite_differences():
    rng = np.random.default_rng(1234)
    p = ru.DenseParams(rng.standard_normal((2, 4)), rng.standard_normal(2))
    h, dy = rng.standard_normal((3, 5, 4)), rng.standard_normal((3, 5, 2))
    grads, dh = dense_backward(p, h, dy)
    numeric = numerical_gradient(lambda q: np.sum(ru.dense(q, h) * dy), p)
    assert ru.relative_error(grads.W_y, numeric.W_y) < 1e-8
    assert ru.relative_error(grads.b_y, numeric.b_y) < 1e-8
    assert (
        ru.relative_error(
            dh, numerical_gradient(lambda a: np.sum(ru.dense(p, a) * dy), h)
        )
        < 1e-8
    )
    assert isinstance(grads, ru.DenseParams)


def test_step_functions_keep_float32():
    rng = np.random.default_rng(1234)
    p = make_params("lstm", 3, 4)
    h, c = ru.lstm_step(
        p, rng.standard_normal((2, 3)), (np.zeros((2, 4)), np.zeros((2, 4)))
    )
    assert h.dtype == c.dtype == np.float32


@pytest.mark.parametrize("variant", ["simple_rnn", "lstm", "gru"])
def test_the_cell_owns_its_state(variant):
    p = make_params(variant, 3, 4)
    cell = cell_for(p)
    assert cell.state_names == (("h", "c") if variant == "lstm" else ("h",))
    zero = cell.zero_state(p, 2)
    assert len(zero) == len(cell.state_names)
    assert all(
        s.shape == (2, 4) and s.dtype == np.float32 and not s.any() for s in zero
    )
    given = tuple(np.full((2, 4), k + 1.0) for k in range(len(cell.state_names)))
    for form in (given, list(given)) + ((given[0],) if variant != "lstm" else ()):
        loop_form = cell.state(
            p, form if variant == "lstm" or form is not given else given[0], 2
        )
        assert isinstance(loop_form, tuple) and all(
            s.dtype == np.float32 for s in loop_form
        )
        assert all(np.array_equal(a, b) for a, b in zip(loop_form, given, strict=True))
    public = cell.public(cell.state(p, None, 2))
    assert (
        isinstance(public, tuple)
        if variant == "lstm"
        else isinstance(public, np.ndarray)
    )


def test_step_caches_are_named_tuples():
    rng = np.random.default_rng(1234)
    lstm, gru = (
        make_params("lstm", 3, 4, dtype=np.float64),
        make_params("gru", 3, 4, dtype=np.float64),
    )
    x, h, c = (
        rng.standard_normal((5, 3)),
        rng.standard_normal((5, 4)),
        rng.standard_normal((5, 4)),
    )
    (h_t, c_t), cache = lstm_step_forward(lstm, lstm_x_preactivations(lstm, x), (h, c))
    gates = ru.lstm_gates(lstm, x, h)
    assert isinstance(cache, LSTMCache) and cache.h_prev is h and cache.c_prev is c
    np.testing.assert_array_equal(cache.f, gates.f)
    np.testing.assert_array_equal(cache.tanh_c, np.tanh(c_t))
    (h_t,), cache = gru_step_forward(gru, gru_x_preactivations(gru, x), (h,))
    assert isinstance(cache, GRUCache)
    np.testing.assert_array_equal(cache.h_tilde, gru_gates(gru, x, h).h)
    np.testing.assert_allclose(
        cache.reset_operand, h @ gru.W_hh.T + gru.b_hh, rtol=1e-15
    )


def _everything_computed(p, rng):
    """forward, backward (with the initial state's gradient) and the step Jacobians, as a flat list."""
    x, g = rng.standard_normal((2, 5, 3)), rng.standard_normal((2, 5, 4))
    outputs, final = ru.forward(p, x)
    grads, dx, dstate = ru.backward(p, x, g, return_initial_state_grad=True)
    return [outputs, *loop_state(p, final, 2), *grads.named_arrays().values(), dx, *loop_state(p, dstate, 2),
            ru.step_jacobians(p, x)]  # fmt: skip


@pytest.mark.parametrize("variant", VARIANTS)
def test_caches_are_made_and_read_by_field_name(variant, monkeypatch):
    """Reordering the fields of every cache, and of the loop's named inputs and results,
    changes nothing: no code makes or unpacks them by position."""
    p = make_params(variant, 3, 4, dtype=np.float64)
    before = _everything_computed(p, np.random.default_rng(7))
    for name in ("RNNCache", "LSTMCache", "GRUCache"):
        fields = getattr(cells, name)._fields
        monkeypatch.setattr(cells, name, collections.namedtuple(name, fields[::-1]))
    for name in ("Prepared", "Unrolled"):
        fields = getattr(layer, name)._fields
        monkeypatch.setattr(layer, name, collections.namedtuple(name, fields[::-1]))
    after = _everything_computed(p, np.random.default_rng(7))
    for a, b in zip(before, after, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("variant", ["lstm", "gru", "gru_reset_after_false"])
def test_the_gate_order_is_read_from_the_declaration(variant, monkeypatch):
    """Reversing a kind's declared gate order (GATES and the layout derived from it) changes
    Keras' layout only: the step functions name every gate, so the maths stays the same."""
    p = make_params(variant, 3, 4, dtype=np.float64)
    before = _everything_computed(p, np.random.default_rng(8))
    cls, gates = type(p), len(p.GATES)
    rows = [cls.BIASES[k : k + gates][::-1] for k in range(0, len(cls.BIASES), gates)]
    monkeypatch.setattr(cls, "GATES", cls.GATES[::-1])
    monkeypatch.setattr(cls, "INPUTS", cls.INPUTS[::-1])
    monkeypatch.setattr(cls, "RECURRENT", cls.RECURRENT[::-1])
    monkeypatch.setattr(cls, "BIASES", sum(rows, ()))
    kernel = ru.to_keras_weights(p)[0]
    np.testing.assert_array_equal(
        kernel[:, :4], getattr(p, cls.INPUTS[0]).T
    )  # the last gate comes first now
    after = _everything_computed(p, np.random.default_rng(8))
    for a, b in zip(before, after, strict=True):
        np.testing.assert_allclose(
            a, b, rtol=1e-12, atol=1e-15
        )  # sums over gates may change order


def test_every_cell_kind_is_declared():
    """CELLS runs exactly the recurrent kinds of params.KINDS; each state starts with h."""
    recurrent = [cls for cls in ru.params.KINDS.values() if cls.RECURRENT]
    assert list(cells.CELLS) == recurrent
    for cls, cell in cells.CELLS.items():
        assert cell.params_type is cls and cell.state_names[0] == "h"
        assert len(cls.INPUTS) == max(len(cls.GATES), 1) == len(cls.RECURRENT)
