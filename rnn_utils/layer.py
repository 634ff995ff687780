"""The one loop that runs any cell over a sequence, and its validation.

``forward(params, x)`` is what ``keras.layers.SimpleRNN/LSTM/GRU(...,
return_sequences=True, return_state=True)`` computes: every hidden state and the
final state. The state of a simple RNN or GRU is h; an LSTM's is the pair (h, c).
"""

from __future__ import annotations

import numpy as np

from .cells import cell_for


def forward(params, x, initial_state=None):
    """Run the layer over a batch of sequences.

    Parameters
    ----------
    params : RNNParams | LSTMParams | GRUParams
    x : array (batch, time, features); converted to the parameters' dtype (as Keras does).
    initial_state : h0 (batch, units), or (h0, c0) for an LSTM; zeros if None.

    Returns
    -------
    outputs : (batch, time, units), the hidden states h_1 … h_T
    final_state : h_T (batch, units), or (h_T, c_T) for an LSTM
    """
    outputs, final_state, _ = unroll(params, x, initial_state, keep_caches=False)
    return outputs, final_state


def unroll(params, x, initial_state=None, keep_caches=True):
    """``forward`` that also returns each step's cache (for BPTT and the Jacobians)."""
    cell = cell_for(params)
    x = check_inputs(params, x)
    state = check_state(params, initial_state, x.shape[0])
    batch, time, _ = x.shape
    # Time-major inside the loop, so that each step's slice is one contiguous block.
    xp = cell.inputs(params, x.swapaxes(0, 1))  # x W^T + b for every step in one product
    outputs = np.empty((time, batch, params.units), dtype=params.dtype)
    caches = []
    for t in range(time):
        state, cache = cell.step_forward(params, tuple(a[t] for a in xp), state)
        outputs[t] = hidden(state)
        if keep_caches:
            caches.append(cache)
    return np.ascontiguousarray(outputs.swapaxes(0, 1)), state, caches


def hidden(state):
    """h from a state: the state itself, or the first of (h, c)."""
    return state[0] if isinstance(state, tuple) else state


def check_inputs(params, x):
    """x as a (batch, time, features) array of the parameters' dtype, or ValueError."""
    cell_for(params)
    x = np.asarray(x)
    if x.ndim != 3:
        raise ValueError(f"x: expected a 3-D array (batch, time, features), got shape {x.shape}")
    if x.shape[2] != params.features:
        raise ValueError(
            f"x: expected {params.features} features (the input weights are {params.features} "
            "wide), "
            f"got shape {x.shape}"
        )
    if x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError(
            f"x: expected at least one sequence and one time step, got shape {x.shape}"
        )
    if not np.issubdtype(x.dtype, np.number) or np.issubdtype(x.dtype, np.complexfloating):
        raise ValueError(f"x: expected real numbers, got dtype {x.dtype}")
    return x.astype(params.dtype, copy=False)


def check_state(params, state, batch, name="initial_state"):
    """A state of the right structure and shapes (zeros if None), or ValueError."""
    n = cell_for(params).state_size
    shape = (batch, params.units)
    if state is None:
        zeros = np.zeros(shape, dtype=params.dtype)
        return (zeros, zeros.copy()) if n == 2 else zeros
    if n == 2:
        if not (isinstance(state, tuple | list) and len(state) == 2):
            got = (
                f"an array of shape {np.shape(state)}"
                if isinstance(state, np.ndarray)
                else repr(type(state).__name__)
            )
            raise ValueError(
                f"{name}: expected a pair (h, c) of shape {shape} each for an LSTM, got {got}"
            )
        return tuple(
            _check_array(s, shape, params.dtype, f"{name}[{i}]") for i, s in enumerate(state)
        )
    if isinstance(state, tuple | list) and not np.ndim(state) == 2:
        raise ValueError(
            f"{name}: expected one array h of shape {shape}, got a {type(state).__name__} of "
            f"{len(state)}"
        )
    return _check_array(state, shape, params.dtype, name)


def _check_array(a, shape, dtype, name):
    a = np.asarray(a)
    if a.shape != shape:
        raise ValueError(f"{name}: expected shape {shape} = (batch, units), got {a.shape}")
    return a.astype(dtype, copy=False)
