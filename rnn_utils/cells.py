"""One time step of each recurrent cell, forward and backward, batch-first.

Shapes: x_t (B, m); h, c (B, n). Book formulas are column-vector (W x_t); with
a batch of row vectors the same product is ``x_t @ W.T``.

Each cell type is described by one ``Cell``: the names of its state arrays
(``("h",)`` or ``("h", "c")``), its zero state, the one validator of a state given
by a caller, and four functions that one generic loop (``layer.py``) runs:

* ``x_preactivations(p, x)``    the part of every pre-activation that depends on x
                                alone, x W^T + b. It does not depend on h, so the loop
                                computes it for all time steps in one matrix product.
* ``step_forward(p, a_x_t, state) -> (state, cache)``
                                the recurrence, given this step's slice ``a_x_t`` of
                                the x-part of the pre-activations.
* ``step_backward(p, dstate, cache) -> (da_t, dstate_prev, recurrent_grads)``
                                gradients w.r.t. this step's pre-activations, the previous
                                state, and the recurrent weights (summed over the batch).
* ``x_preactivations_backward(p, x, da) -> (input_grads, dx)``
                                input weights, biases and x, for all steps at once.

Inside the loop a state is always a tuple, ``(h,)`` or ``(h, c)``; ``Cell.state``
converts what a caller gives (h, (h, c), or Keras' list forms [h] and [h, c]) into
it, once, and ``Cell.public`` converts back. A step's cache is a named tuple, made
and read by field name. The pre-activations of a gated cell are a tuple in the order
of its parameters' ``GATES``; the step functions name each one by its gate letter, so
the order is written once, in the parameter class (``params.py``). ``CELLS`` maps each
parameter class to its ``Cell``.

``rnn_step``, ``lstm_step`` and ``gru_step`` are the plain one-step functions a
chapter calls; ``lstm_gates`` and ``gru_gates`` return the gate activations.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .checks import listed
from .maths import relu, sigmoid, softmax
from .params import DenseParams, GRUParams, LSTMParams, RNNParams

# The output layer's activations by name (DenseParams.ACTIVATIONS); the maths is in maths.py.
DENSE_FUNCTIONS = {
    "linear": lambda a: a,
    "sigmoid": sigmoid,
    "tanh": np.tanh,
    "relu": relu,
    "softmax": softmax,
}


def dense(params: DenseParams, h):
    """y = act(W_y h + b_y): h (..., n_units) -> y (..., n_outputs), per step or whole sequence."""
    _check_type(params, DenseParams)
    h = np.asarray(h)
    if h.shape[-1:] != (params.features,):
        raise ValueError(
            f"h: expected last axis of size {params.features} (W_y is {params.W_y.shape}), got shape {h.shape}"
        )
    return DENSE_FUNCTIONS[params.activation](h @ params.W_y.T + params.b_y)


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

ACTIVATION_FUNCTIONS = {"tanh": np.tanh, "relu": relu}
# Derivative written with the output h = act(a): tanh' = 1 − h², relu' = [h > 0].
ACTIVATION_DERIVATIVES = {
    "tanh": lambda h: 1 - h * h,
    "relu": lambda h: (h > 0).astype(h.dtype),
}


class RNNCache(NamedTuple):
    """What one simple-RNN step keeps for its backward pass."""

    h_prev: np.ndarray  # h_{t-1}
    h: np.ndarray  # h_t


def rnn_x_preactivations(p: RNNParams, x):
    """(x W^T + b,) for x (..., m): a 1-tuple, like the other cells' tuples of gates."""
    return _x_preactivations(p, x, p.BIASES)


def rnn_step_forward(p: RNNParams, a_x_t, state):
    """(h_{t-1},) -> (h_t,) with h_t = act(x_t W^T + b + h_{t-1} U^T), given a_x_t = (x_t W^T + b,)."""
    (a_x,) = a_x_t
    (h_prev,) = state
    h = ACTIVATION_FUNCTIONS[p.activation](a_x + h_prev @ p.U.T)
    return (h,), RNNCache(h_prev=h_prev, h=h)


def rnn_step_backward(p: RNNParams, dstate, cache: RNNCache):
    """(dh_t,) -> ((da_t,), (dh_{t-1},), {"U": Σ_batch da_t^T h_{t-1}})."""
    (dh,) = dstate
    da = dh * ACTIVATION_DERIVATIVES[p.activation](
        cache.h
    )  # back through the activation
    return (da,), (da @ p.U,), {"U": da.T @ cache.h_prev}


def rnn_x_preactivations_backward(p: RNNParams, x, da):
    """Gradients of W, b and x from the pre-activation gradients (da,) of every step."""
    return _x_preactivations_backward(p, x, da, p.BIASES)


# ---------------------------------------------------------------------------------------
# LSTM (source article's notation; Keras' gate order i, f, c, o)
# ---------------------------------------------------------------------------------------


class LSTMGates(NamedTuple):
    """Gate activations of one LSTM step, each (B, n)."""

    i: np.ndarray  # input gate
    f: np.ndarray  # forget gate
    g: np.ndarray  # candidate c̃_t = tanh(W_cx x_t + W_ch h_{t-1} + b_c)
    o: np.ndarray  # output gate


class LSTMCache(NamedTuple):
    """What one LSTM step keeps for its backward pass: the previous state, the gates, tanh(c_t)."""

    h_prev: np.ndarray
    c_prev: np.ndarray
    i: np.ndarray
    f: np.ndarray
    g: np.ndarray
    o: np.ndarray
    tanh_c: np.ndarray


def lstm_x_preactivations(p: LSTMParams, x):
    """x W_·x^T + b_· for each gate, in the order of ``LSTMParams.GATES`` (i, f, c, o)."""
    return _x_preactivations(p, x, p.BIASES)


def lstm_step_forward(p: LSTMParams, a_x_t, state):
    """(h_{t-1}, c_{t-1}) -> (h_t, c_t), given a_x_t = lstm_x_preactivations(p, x_t); each (B, n)."""
    a = dict(zip(p.GATES, a_x_t, strict=True))
    h_prev, c_prev = state
    i = sigmoid(a["i"] + h_prev @ p.W_ih.T)  # i_t = σ(W_ix x_t + W_ih h_{t-1} + b_i)
    f = sigmoid(a["f"] + h_prev @ p.W_fh.T)  # f_t = σ(W_fx x_t + W_fh h_{t-1} + b_f)
    g = np.tanh(a["c"] + h_prev @ p.W_ch.T)  # c̃_t = tanh(W_cx x_t + W_ch h_{t-1} + b_c)
    o = sigmoid(a["o"] + h_prev @ p.W_oh.T)  # o_t = σ(W_ox x_t + W_oh h_{t-1} + b_o)
    c = f * c_prev + i * g
    tanh_c = np.tanh(c)
    h = o * tanh_c
    return (h, c), LSTMCache(
        h_prev=h_prev, c_prev=c_prev, i=i, f=f, g=g, o=o, tanh_c=tanh_c
    )


def lstm_step_backward(p: LSTMParams, dstate, cache: LSTMCache):
    """(dh_t, dc_t) -> (gate pre-activation grads, (dh_{t-1}, dc_{t-1}), W_·h grads)."""
    dh, dc_next = dstate
    i, f, g, o, tanh_c = cache.i, cache.f, cache.g, cache.o, cache.tanh_c
    dc = dc_next + dh * o * (
        1 - tanh_c * tanh_c
    )  # c_t reaches the loss directly and through h_t
    da = {
        "i": dc * g * i * (1 - i),  # σ' = σ(1 − σ)
        "f": dc * cache.c_prev * f * (1 - f),
        "c": dc * i * (1 - g * g),
        "o": dh * tanh_c * o * (1 - o),
    }
    dh_prev = da["i"] @ p.W_ih + da["f"] @ p.W_fh + da["c"] @ p.W_ch + da["o"] @ p.W_oh
    dc_prev = dc * f  # the additive path: ∂c_t/∂c_{t-1} = diag(f_t)
    grads = {
        name: da[gate].T @ cache.h_prev
        for gate, name in zip(p.GATES, p.RECURRENT, strict=True)
    }
    return tuple(da[gate] for gate in p.GATES), (dh_prev, dc_prev), grads


def lstm_x_preactivations_backward(p: LSTMParams, x, da):
    """Gradients of the W_·x, the b_· and x from the gate pre-activation gradients of every step."""
    return _x_preactivations_backward(p, x, da, p.BIASES)


# ---------------------------------------------------------------------------------------
# GRU (Keras' maths: gate order z, r, h; h_t = z ⊙ h_{t-1} + (1 − z) ⊙ h̃_t)
# ---------------------------------------------------------------------------------------


class GRUGates(NamedTuple):
    """Gate activations of one GRU step, each (B, n)."""

    z: np.ndarray  # update gate (Keras: weight of the old state)
    r: np.ndarray  # reset gate
    h: np.ndarray  # candidate h̃_t


class GRUCache(NamedTuple):
    """What one GRU step keeps for its backward pass."""

    h_prev: np.ndarray
    z: np.ndarray
    r: np.ndarray
    h_tilde: np.ndarray  # the candidate h̃_t
    # reset_after: W_hh h_{t-1} + b_hh, which r scales; reset_before: r ⊙ h_{t-1}, which W_hh multiplies
    reset_operand: np.ndarray


def gru_x_preactivations(p: GRUParams, x):
    """The x-parts of the z, r and h̃ pre-activations.

    With reset_after=True the recurrent biases of z and r are plain additive
    constants, so they are folded in here; b_hh is not (r multiplies it).
    """
    b = {"z": p.b_zx, "r": p.b_rx, "h": p.b_hx}
    if p.reset_after:
        b["z"], b["r"] = b["z"] + p.b_zh, b["r"] + p.b_rh
    return _x_preactivations(p, x, [b[gate] for gate in p.GATES])


def gru_step_forward(p: GRUParams, a_x_t, state):
    """(h_{t-1},) -> (h_t,), given a_x_t = gru_x_preactivations(p, x_t); each (B, n)."""
    a = dict(zip(p.GATES, a_x_t, strict=True))
    (h_prev,) = state
    z = sigmoid(
        a["z"] + h_prev @ p.W_zh.T
    )  # z_t = σ(W_zx x_t + b_zx + W_zh h_{t-1} + b_zh)
    r = sigmoid(
        a["r"] + h_prev @ p.W_rh.T
    )  # r_t = σ(W_rx x_t + b_rx + W_rh h_{t-1} + b_rh)
    if p.reset_after:
        operand = h_prev @ p.W_hh.T + p.b_hh  # reset applied after the product
        h_tilde = np.tanh(a["h"] + r * operand)
    else:
        operand = r * h_prev  # reset applied before the product
        h_tilde = np.tanh(a["h"] + operand @ p.W_hh.T)
    h = z * h_prev + (1 - z) * h_tilde
    return (h,), GRUCache(
        h_prev=h_prev, z=z, r=r, h_tilde=h_tilde, reset_operand=operand
    )


def gru_step_backward(p: GRUParams, dstate, cache: GRUCache):
    """(dh_t,) -> ((da_z, da_r, da_h̃), (dh_{t-1},), recurrent grads W_zh, W_rh, W_hh (and b_hh))."""
    (dh,) = dstate
    h_prev, z, r, h_tilde, operand = (
        cache.h_prev,
        cache.z,
        cache.r,
        cache.h_tilde,
        cache.reset_operand,
    )
    # h_t = z ⊙ h_{t-1} + (1 − z) ⊙ h̃: three ways back, through h̃, z and directly.
    da_h = dh * (1 - z) * (1 - h_tilde * h_tilde)
    dz = dh * (h_prev - h_tilde)
    dh_prev = dh * z
    grads = {}
    if p.reset_after:
        dr = da_h * operand
        d_operand = da_h * r  # gradient of W_hh h_{t-1} + b_hh
        dh_prev = dh_prev + d_operand @ p.W_hh
        grads["W_hh"] = d_operand.T @ h_prev
        grads["b_hh"] = d_operand.sum(axis=0)
    else:
        d_operand = da_h @ p.W_hh  # gradient of r ⊙ h_{t-1}
        dr = d_operand * h_prev
        dh_prev = dh_prev + d_operand * r
        grads["W_hh"] = da_h.T @ operand
    da_z = dz * z * (1 - z)
    da_r = dr * r * (1 - r)
    dh_prev = dh_prev + da_z @ p.W_zh + da_r @ p.W_rh
    grads["W_zh"] = da_z.T @ h_prev
    grads["W_rh"] = da_r.T @ h_prev
    da = {"z": da_z, "r": da_r, "h": da_h}
    return tuple(da[gate] for gate in p.GATES), (dh_prev,), grads


def gru_x_preactivations_backward(p: GRUParams, x, da):
    """Gradients of the W_·x, the input biases (and b_zh, b_rh) and x from every step's da."""
    grads, dx = _x_preactivations_backward(p, x, da, p.BIASES[: len(p.GATES)])
    if p.reset_after:  # b_zx and b_zh enter the same sum, so they get the same gradient
        grads["b_zh"], grads["b_rh"] = grads["b_zx"].copy(), grads["b_rx"].copy()
    return grads, dx


def _x_preactivations(p, x, biases):
    """x W^T + b for each input matrix of ``p`` (``p.INPUTS``) and its bias (a name or an array)."""
    return tuple(
        x @ getattr(p, w).T + (getattr(p, b) if isinstance(b, str) else b)
        for w, b in zip(p.INPUTS, biases, strict=True)
    )


def _x_preactivations_backward(p, x, da, biases):
    """({input matrix: Σ da^T x, bias: Σ da}, dx = Σ_gates da W) for the tuple ``da``, ordered as ``p.INPUTS``."""
    grads, dx = {}, None
    for w, b, da_gate in zip(p.INPUTS, biases, da, strict=True):
        grads[w] = _outer_sum(da_gate, x)
        grads[b] = _bias_sum(da_gate)
        term = da_gate @ getattr(p, w)
        dx = term if dx is None else dx + term
    return grads, dx


# ---------------------------------------------------------------------------------------
# The cell: what the generic loop needs to know about one cell type
# ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Cell:
    """One cell type: its parameter class, its state, and the four functions the loop runs."""

    params_type: type
    state_names: tuple[str, ...]  # ("h",) or ("h", "c")
    x_preactivations: Callable
    step_forward: Callable
    step_backward: Callable
    x_preactivations_backward: Callable

    def zero_state(self, params, batch) -> tuple:
        """The loop's form of the zero state: one (B, n) array of zeros per state array."""
        return tuple(
            np.zeros((batch, params.units), dtype=params.dtype)
            for _ in self.state_names
        )

    def state(self, params, state, batch, name="initial_state") -> tuple:
        """A state a caller gave, in the loop's form: a tuple of (B, n) arrays of the params' dtype.

        Accepts None (zeros), an array h or a pair (h, c), and Keras' list forms [h] and
        [h, c]. Anything else raises ValueError naming ``name``, what was expected and what came.
        """
        if state is None:
            return self.zero_state(params, batch)
        shape = (batch, params.units)
        if len(self.state_names) == 1:
            (only,) = self.state_names
            if (
                isinstance(state, tuple | list)
                and len(state) == 1
                and np.ndim(state[0]) == 2
            ):
                state = state[0]  # Keras' list form [h]
            elif isinstance(state, tuple | list) and not all(
                np.ndim(row) == 1 for row in state
            ):
                raise ValueError(
                    f"{name}: expected one array {only} of shape {shape} (or the list [{only}]), got a "
                    f"{type(state).__name__} of {len(state)}"
                )
            return (_check_array(state, shape, params.dtype, name),)
        if not (
            isinstance(state, tuple | list) and len(state) == len(self.state_names)
        ):
            got = (
                f"an array of shape {np.shape(state)}"
                if isinstance(state, np.ndarray)
                else type(state).__name__
            )
            form = (
                "a pair"
                if len(self.state_names) == 2
                else f"a tuple of {len(self.state_names)}"
            )
            raise ValueError(
                f"{name}: expected {form} ({', '.join(self.state_names)}) of arrays of shape {shape} "
                f"for an {self.params_type.KERAS_CLASS}, got {got}"
            )
        return tuple(
            _check_array(s, shape, params.dtype, f"{name}[{k}]")
            for k, s in enumerate(state)
        )

    def public(self, state: tuple):
        """The form callers see: h for a one-array state, the tuple (h, c) for an LSTM."""
        return state if len(self.state_names) > 1 else state[0]


CELLS = {
    cell.params_type: cell
    for cell in (
        Cell(RNNParams, ("h",), rnn_x_preactivations, rnn_step_forward, rnn_step_backward,
             rnn_x_preactivations_backward),
        Cell(LSTMParams, ("h", "c"), lstm_x_preactivations, lstm_step_forward, lstm_step_backward,
             lstm_x_preactivations_backward),
        Cell(GRUParams, ("h",), gru_x_preactivations, gru_step_forward, gru_step_backward,
             gru_x_preactivations_backward),
    )
}  # fmt: skip


def cell_for(params) -> Cell:
    """The cell that runs ``params``; ValueError for anything else."""
    try:
        return CELLS[type(params)]
    except KeyError:
        expected = listed([cls.__name__ for cls in CELLS])
        raise ValueError(
            f"params: expected {expected}, got {type(params).__name__}"
        ) from None


# ---------------------------------------------------------------------------------------
# One step, for a chapter: public forms in and out
# ---------------------------------------------------------------------------------------


def rnn_step(p: RNNParams, x_t, h_prev):
    """h_t = tanh(W x_t + U h_{t-1} + b) (or relu).

    x_t (B, m), h_prev (B, n) -> h_t (B, n).
    """
    return _step(p, RNNParams, x_t, h_prev, "h_prev")[0]


def lstm_step(p: LSTMParams, x_t, state):
    """One LSTM step: state = (h_prev, c_prev), each (B, n) -> (h_t, c_t)."""
    return _step(p, LSTMParams, x_t, state, "state")[0]


def gru_step(p: GRUParams, x_t, h_prev):
    """One GRU step: x_t (B, m), h_prev (B, n) -> h_t (B, n)."""
    return _step(p, GRUParams, x_t, h_prev, "h_prev")[0]


def lstm_gates(p: LSTMParams, x_t, h_prev) -> LSTMGates:
    """Gate activations (i, f, g = c̃, o) of one step; they do not depend on c_{t-1}."""
    _check_type(p, LSTMParams)
    h_prev = _check_array(h_prev, (np.shape(x_t)[0], p.units), p.dtype, "h_prev")
    cache = _step(p, LSTMParams, x_t, (h_prev, np.zeros_like(h_prev)), "state")[1]
    return LSTMGates(i=cache.i, f=cache.f, g=cache.g, o=cache.o)


def gru_gates(p: GRUParams, x_t, h_prev) -> GRUGates:
    """Gate activations (z, r, h̃) of one GRU step."""
    cache = _step(p, GRUParams, x_t, h_prev, "h_prev")[1]
    return GRUGates(z=cache.z, r=cache.r, h=cache.h_tilde)


def _step(p, cls, x_t, state, name):
    """One validated step from public forms: (the new state in public form, the cache)."""
    _check_type(p, cls)
    cell = CELLS[cls]
    x_t = np.asarray(x_t)
    if x_t.ndim != 2 or x_t.shape[1] != p.features:
        raise ValueError(f"x_t: expected shape (batch, {p.features}), got {x_t.shape}")
    x_t = x_t.astype(p.dtype, copy=False)
    new, cache = cell.step_forward(
        p, cell.x_preactivations(p, x_t), cell.state(p, state, x_t.shape[0], name)
    )
    return cell.public(new), cache


def _outer_sum(da, x):
    """Σ over batch and time of da_t^T x_t: (..., n), (..., m) -> (n, m)."""
    return da.reshape(-1, da.shape[-1]).T @ x.reshape(-1, x.shape[-1])


def _bias_sum(da):
    return da.reshape(-1, da.shape[-1]).sum(axis=0)


def _check_type(params, cls):
    if not isinstance(params, cls):
        raise ValueError(
            f"params: expected {cls.__name__}, got {type(params).__name__}"
        )


def _check_array(a, shape, dtype, name):
    """``a`` as an array of ``shape`` and ``dtype``, or ValueError naming ``name``."""
    a = np.asarray(a)
    if a.shape != shape:
        raise ValueError(
            f"{name}: expected shape {shape} = (batch, units), got {a.shape}"
        )
    if not np.issubdtype(a.dtype, np.number) or np.issubdtype(
        a.dtype, np.complexfloating
    ):
        raise ValueError(f"{name}: expected real numbers, got dtype {a.dtype}")
    return a.astype(dtype, copy=False)
