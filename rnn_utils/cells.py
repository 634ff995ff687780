"""One time step of each recurrent cell, forward and backward, batch-first.

Shapes: x_t (batch, features); h, c (batch, units). Book formulas are column-vector
(W x_t); with a batch of row vectors the same product is ``x_t @ W.T``.

Each cell is five small functions, so that one generic loop (``layer.py``) runs
any of them and one backward function per cell serves BPTT and the Jacobians:

* ``*_inputs(p, x)``            the input half of every pre-activation, x W^T + b.
                                It does not depend on h, so the loop computes it
                                for all time steps in one matrix product.
* ``*_step_forward(p, xp_t, state) -> (state, cache)``
                                the recurrence, given this step's slice of ``*_inputs``.
* ``*_step_backward(p, dstate, cache) -> (dxp_t, dstate_prev, recurrent_grads)``
                                gradients w.r.t. this step's pre-activations, the previous
                                state, and the recurrent weights (summed over the batch).
* ``*_inputs_backward(p, x, dxp) -> (input_grads, dx)``
                                input weights, biases and x, for all steps at once.

``rnn_step``, ``lstm_step`` and ``gru_step`` are the plain one-step functions a
chapter calls; ``lstm_gates`` and ``gru_gates`` return the gate activations.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .params import DenseParams, GRUParams, LSTMParams, RNNParams


def sigmoid(a):
    """Logistic σ(a) = 1 / (1 + e^(−a)), written as (1 + tanh(a/2)) / 2 so it cannot overflow."""
    return 0.5 * (1.0 + np.tanh(0.5 * a))


def relu(a):
    return np.maximum(a, 0)


def dense(params: DenseParams, h):
    """y = act(W_y h + b_y): h (..., units) -> y (..., outputs), per step or whole sequence."""
    _check_type(params, DenseParams)
    h = np.asarray(h)
    if h.shape[-1:] != (params.features,):
        raise ValueError(
            f"h: expected last axis of size {params.features} (W_y is {params.W_y.shape}), got "
            f"shape {h.shape}"
        )
    a = h @ params.W_y.T + params.b_y
    if params.activation == "linear":
        return a
    if params.activation == "softmax":
        e = np.exp(a - a.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    return {"sigmoid": sigmoid, "tanh": np.tanh, "relu": relu}[params.activation](a)


def dense_backward(params: DenseParams, h, dy):
    """Gradients of sum(dense(params, h) * dy) for a linear output: (DenseParams grads, dh)."""
    _check_type(params, DenseParams)
    if params.activation != "linear":
        raise ValueError(
            f"dense_backward: expected a linear DenseParams, got activation {params.activation!r}"
        )
    h2, dy2 = np.reshape(h, (-1, params.features)), np.reshape(dy, (-1, params.units))
    grads = params.replace(W_y=dy2.T @ h2, b_y=dy2.sum(axis=0))
    return grads, dy @ params.W_y


# ---------------------------------------------------------------------------------------
# Simple RNN: h_t = act(W x_t + U h_{t-1} + b)
# ---------------------------------------------------------------------------------------

_ACT = {"tanh": np.tanh, "relu": relu}
# Derivative written with the output h = act(a): tanh' = 1 − h², relu' = [h > 0].
_ACT_GRAD = {"tanh": lambda h: 1 - h * h, "relu": lambda h: (h > 0).astype(h.dtype)}


def rnn_inputs(p: RNNParams, x):
    """(x W^T + b,) for x (..., features): a 1-tuple, like the other cells' gate tuples."""
    return (x @ p.W.T + p.b,)


def rnn_step_forward(p: RNNParams, xp_t, h_prev):
    """h_t = act(x_t W^T + b + h_{t-1} U^T), given xp_t = (x_t W^T + b,); cache (h_prev, h_t)."""
    (xw_t,) = xp_t
    h_t = _ACT[p.activation](xw_t + h_prev @ p.U.T)
    return h_t, (h_prev, h_t)


def rnn_step_backward(p: RNNParams, dh_t, cache):
    """dh_t (batch, units) -> ((da_t,), dh_{t-1}, {"U": Σ_batch da_t^T h_{t-1}})."""
    h_prev, h_t = cache
    da_t = dh_t * _ACT_GRAD[p.activation](h_t)  # back through the activation
    return (da_t,), da_t @ p.U, {"U": da_t.T @ h_prev}


def rnn_inputs_backward(p: RNNParams, x, dxp):
    (da,) = dxp
    return {"W": _outer_sum(da, x), "b": _bias_sum(da)}, da @ p.W


def rnn_step(p: RNNParams, x_t, h_prev):
    """h_t = tanh(W x_t + U h_{t-1} + b) (or relu).

    x_t (batch, features), h_prev (batch, units) -> h_t (batch, units).
    """
    _check_type(p, RNNParams)
    x_t, h_prev = _check_step(p, x_t, h_prev)
    return rnn_step_forward(p, rnn_inputs(p, x_t), h_prev)[0]


# ---------------------------------------------------------------------------------------
# LSTM (source article's notation; Keras' gate order i, f, c, o)
# ---------------------------------------------------------------------------------------


class LSTMGates(NamedTuple):
    """Gate activations of one LSTM step, each (batch, units)."""

    i: np.ndarray  # input gate
    f: np.ndarray  # forget gate
    g: np.ndarray  # candidate c̃_t = tanh(W_cx x_t + W_ch h_{t-1} + b_c)
    o: np.ndarray  # output gate


def lstm_inputs(p: LSTMParams, x):
    """(x W_ix^T + b_i, x W_fx^T + b_f, x W_cx^T + b_c, x W_ox^T + b_o)."""
    return (x @ p.W_ix.T + p.b_i, x @ p.W_fx.T + p.b_f, x @ p.W_cx.T + p.b_c, x @ p.W_ox.T + p.b_o)


def lstm_step_forward(p: LSTMParams, xp_t, state):
    """(h_{t-1}, c_{t-1}) -> (h_t, c_t), given xp_t = lstm_inputs(p, x_t); each (batch, units)."""
    xi, xf, xc, xo = xp_t
    h_prev, c_prev = state
    i = sigmoid(xi + h_prev @ p.W_ih.T)  # i_t = σ(W_ix x_t + W_ih h_{t-1} + b_i)
    f = sigmoid(xf + h_prev @ p.W_fh.T)  # f_t = σ(W_fx x_t + W_fh h_{t-1} + b_f)
    g = np.tanh(xc + h_prev @ p.W_ch.T)  # c̃_t = tanh(W_cx x_t + W_ch h_{t-1} + b_c)
    o = sigmoid(xo + h_prev @ p.W_oh.T)  # o_t = σ(W_ox x_t + W_oh h_{t-1} + b_o)
    c_t = f * c_prev + i * g
    tanh_c = np.tanh(c_t)
    h_t = o * tanh_c
    return (h_t, c_t), (h_prev, c_prev, i, f, g, o, tanh_c)


def lstm_step_backward(p: LSTMParams, dstate, cache):
    """(dh_t, dc_t) -> (gate pre-activation grads, (dh_{t-1}, dc_{t-1}), W_·h grads)."""
    dh_t, dc_t = dstate
    h_prev, c_prev, i, f, g, o, tanh_c = cache
    dc = dc_t + dh_t * o * (1 - tanh_c * tanh_c)  # c_t reaches the loss directly and through h_t
    da_i = dc * g * i * (1 - i)  # σ' = σ(1 − σ)
    da_f = dc * c_prev * f * (1 - f)
    da_c = dc * i * (1 - g * g)
    da_o = dh_t * tanh_c * o * (1 - o)
    dh_prev = da_i @ p.W_ih + da_f @ p.W_fh + da_c @ p.W_ch + da_o @ p.W_oh
    dc_prev = dc * f  # the additive path: ∂c_t/∂c_{t-1} = diag(f_t)
    grads = {
        "W_ih": da_i.T @ h_prev,
        "W_fh": da_f.T @ h_prev,
        "W_ch": da_c.T @ h_prev,
        "W_oh": da_o.T @ h_prev,
    }
    return (da_i, da_f, da_c, da_o), (dh_prev, dc_prev), grads


def lstm_inputs_backward(p: LSTMParams, x, dxp):
    grads, dx = {}, 0
    for gate, da in zip("ifco", dxp, strict=True):
        W = getattr(p, f"W_{gate}x")
        grads[f"W_{gate}x"] = _outer_sum(da, x)
        grads[f"b_{gate}"] = _bias_sum(da)
        dx = dx + da @ W
    return grads, dx


def lstm_step(p: LSTMParams, x_t, state):
    """One LSTM step: state = (h_prev, c_prev), each (batch, units) -> (h_t, c_t)."""
    _check_type(p, LSTMParams)
    h_prev, c_prev = _check_pair(state)
    x_t, h_prev = _check_step(p, x_t, h_prev)
    _, c_prev = _check_step(p, x_t, c_prev, name="c_prev")
    return lstm_step_forward(p, lstm_inputs(p, x_t), (h_prev, c_prev))[0]


def lstm_gates(p: LSTMParams, x_t, h_prev) -> LSTMGates:
    """Gate activations (i, f, g = c̃, o) of one step; they do not depend on c_{t-1}."""
    _check_type(p, LSTMParams)
    x_t, h_prev = _check_step(p, x_t, h_prev)
    _, cache = lstm_step_forward(p, lstm_inputs(p, x_t), (h_prev, np.zeros_like(h_prev)))
    return LSTMGates(*cache[2:6])


# ---------------------------------------------------------------------------------------
# GRU (Keras' maths: gate order z, r, h; h_t = z ⊙ h_{t-1} + (1 − z) ⊙ h̃_t)
# ---------------------------------------------------------------------------------------


class GRUGates(NamedTuple):
    """Gate activations of one GRU step, each (batch, units)."""

    z: np.ndarray  # update gate (Keras: weight of the old state)
    r: np.ndarray  # reset gate
    h: np.ndarray  # candidate h̃_t


def gru_inputs(p: GRUParams, x):
    """Input halves of the z, r and h̃ pre-activations.

    With reset_after=True the recurrent biases of z and r are plain additive
    constants, so they are folded in here; b_hh is not (r multiplies it).
    """
    bz, br = p.b_zx, p.b_rx
    if p.reset_after:
        bz, br = bz + p.b_zh, br + p.b_rh
    return (x @ p.W_zx.T + bz, x @ p.W_rx.T + br, x @ p.W_hx.T + p.b_hx)


def gru_step_forward(p: GRUParams, xp_t, h_prev):
    """h_{t-1} -> h_t, given xp_t = gru_inputs(p, x_t); each (batch, units)."""
    xz, xr, xh = xp_t
    z = sigmoid(xz + h_prev @ p.W_zh.T)  # z_t = σ(W_zx x_t + b_zx + W_zh h_{t-1} + b_zh)
    r = sigmoid(xr + h_prev @ p.W_rh.T)  # r_t = σ(W_rx x_t + b_rx + W_rh h_{t-1} + b_rh)
    if p.reset_after:
        hh = h_prev @ p.W_hh.T + p.b_hh  # reset applied after the product
        g = np.tanh(xh + r * hh)
    else:
        hh = r * h_prev  # reset applied before the product
        g = np.tanh(xh + hh @ p.W_hh.T)
    h_t = z * h_prev + (1 - z) * g
    return h_t, (h_prev, z, r, hh, g)


def gru_step_backward(p: GRUParams, dh_t, cache):
    """dh_t -> ((da_z, da_r, da_h̃), dh_{t-1}, recurrent grads W_zh, W_rh, W_hh (and b_hh))."""
    h_prev, z, r, hh, g = cache
    # h_t = z ⊙ h_{t-1} + (1 − z) ⊙ h̃: three ways back, through h̃, z and directly.
    da_g = dh_t * (1 - z) * (1 - g * g)
    dz = dh_t * (h_prev - g)
    dh_prev = dh_t * z
    grads = {}
    if p.reset_after:
        dr = da_g * hh
        dhh = da_g * r  # gradient of W_hh h_{t-1} + b_hh
        dh_prev = dh_prev + dhh @ p.W_hh
        grads["W_hh"] = dhh.T @ h_prev
        grads["b_hh"] = dhh.sum(axis=0)
    else:
        drh = da_g @ p.W_hh  # gradient of r ⊙ h_{t-1}
        dr = drh * h_prev
        dh_prev = dh_prev + drh * r
        grads["W_hh"] = da_g.T @ hh
    da_z = dz * z * (1 - z)
    da_r = dr * r * (1 - r)
    dh_prev = dh_prev + da_z @ p.W_zh + da_r @ p.W_rh
    grads["W_zh"] = da_z.T @ h_prev
    grads["W_rh"] = da_r.T @ h_prev
    return (da_z, da_r, da_g), dh_prev, grads


def gru_inputs_backward(p: GRUParams, x, dxp):
    da_z, da_r, da_g = dxp
    grads = {
        "W_zx": _outer_sum(da_z, x),
        "W_rx": _outer_sum(da_r, x),
        "W_hx": _outer_sum(da_g, x),
        "b_zx": _bias_sum(da_z),
        "b_rx": _bias_sum(da_r),
        "b_hx": _bias_sum(da_g),
    }
    if p.reset_after:  # b_zx and b_zh enter the same sum, so they get the same gradient
        grads["b_zh"], grads["b_rh"] = grads["b_zx"].copy(), grads["b_rx"].copy()
    return grads, da_z @ p.W_zx + da_r @ p.W_rx + da_g @ p.W_hx


def gru_step(p: GRUParams, x_t, h_prev):
    """One GRU step: x_t (batch, features), h_prev (batch, units) -> h_t (batch, units)."""
    _check_type(p, GRUParams)
    x_t, h_prev = _check_step(p, x_t, h_prev)
    return gru_step_forward(p, gru_inputs(p, x_t), h_prev)[0]


def gru_gates(p: GRUParams, x_t, h_prev) -> GRUGates:
    """Gate activations (z, r, h̃) of one GRU step."""
    _check_type(p, GRUParams)
    x_t, h_prev = _check_step(p, x_t, h_prev)
    _, (_, z, r, _, g) = gru_step_forward(p, gru_inputs(p, x_t), h_prev)
    return GRUGates(z, r, g)


# ---------------------------------------------------------------------------------------
# The registry the generic loop uses
# ---------------------------------------------------------------------------------------


class Cell(NamedTuple):
    inputs: object
    step_forward: object
    step_backward: object
    inputs_backward: object
    state_size: int  # arrays in the state: 1 (h) or 2 (h, c)


CELLS = {
    RNNParams: Cell(rnn_inputs, rnn_step_forward, rnn_step_backward, rnn_inputs_backward, 1),
    LSTMParams: Cell(lstm_inputs, lstm_step_forward, lstm_step_backward, lstm_inputs_backward, 2),
    GRUParams: Cell(gru_inputs, gru_step_forward, gru_step_backward, gru_inputs_backward, 1),
}


def cell_for(params) -> Cell:
    """The cell that runs ``params``; ValueError for anything else."""
    try:
        return CELLS[type(params)]
    except KeyError:
        raise ValueError(
            f"params: expected RNNParams, LSTMParams or GRUParams, got {type(params).__name__}"
        ) from None


def _outer_sum(da, x):
    """Σ over batch and time of da_t^T x_t: (..., units), (..., features) -> (units, features)."""
    return da.reshape(-1, da.shape[-1]).T @ x.reshape(-1, x.shape[-1])


def _bias_sum(da):
    return da.reshape(-1, da.shape[-1]).sum(axis=0)


def _check_type(params, cls):
    if not isinstance(params, cls):
        raise ValueError(f"params: expected {cls.__name__}, got {type(params).__name__}")


def _check_pair(state):
    if not (isinstance(state, tuple | list) and len(state) == 2):
        got = (
            f"array of shape {np.shape(state)}"
            if isinstance(state, np.ndarray)
            else type(state).__name__
        )
        raise ValueError(f"state: expected a pair (h, c) for an LSTM, got {got}")
    return state


def _check_step(p, x_t, h_prev, name="h_prev"):
    x_t = np.asarray(x_t, dtype=p.dtype)
    h_prev = np.asarray(h_prev, dtype=p.dtype)
    if x_t.ndim != 2 or x_t.shape[1] != p.features:
        raise ValueError(f"x_t: expected shape (batch, {p.features}), got {x_t.shape}")
    if h_prev.shape != (x_t.shape[0], p.units):
        raise ValueError(
            f"{name}: expected shape ({x_t.shape[0]}, {p.units}) = (batch, units), got "
            f"{h_prev.shape}"
        )
    return x_t, h_prev
