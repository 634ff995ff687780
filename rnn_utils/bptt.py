"""Backpropagation through time: the generic backward loop, by hand in NumPy.

The loss is L = Σ outputs ⊙ grad_outputs (+ Σ final_state ⊙ grad_final_state),
so ``grad_outputs`` is ∂L/∂h_t for every t, exactly what an autodiff framework
passes down from the layers above. Walking back from t = T to 1:

    dh_t  = grad_outputs[:, t] + (gradient arriving from step t + 1)
    (da_t, dstate_{t-1}, recurrent weight grads) = cell step backward(dstate_t)

and at the end, the input weights, biases and x get their gradients from all
the pre-activation gradients da_1 … da_T in one matrix product each.
"""

from __future__ import annotations

import numpy as np

from .cells import cell_for
from .layer import check_state, unroll


def backward(
    params,
    x,
    grad_outputs=None,
    initial_state=None,
    *,
    grad_final_state=None,
    return_initial_state_grad=False,
):
    """Gradients of L = sum(outputs * grad_outputs) + sum(final_state * grad_final_state).

    Runs the forward pass itself (keeping its caches), then BPTT.

    Parameters
    ----------
    params : RNNParams | LSTMParams | GRUParams
    x : (batch, time, features)
    grad_outputs : (batch, time, units), ∂L/∂h_t; None means zeros.
    initial_state : as in ``forward``.
    grad_final_state : ∂L/∂(final state): (batch, units), or a pair (dh_T, dc_T) for an
        LSTM; None means zeros. (dh_T adds to grad_outputs[:, -1].)
    return_initial_state_grad : also return ∂L/∂(initial state), same structure as the state.

    Returns
    -------
    param_grads : same type as ``params``, so ``to_keras_weights(param_grads)`` lines up
        with ``layer.trainable_weights``
    input_grads : (batch, time, features), ∂L/∂x
    initial_state_grad : only if ``return_initial_state_grad``
    """
    cell = cell_for(params)
    outputs, _, caches = unroll(params, x, initial_state, keep_caches=True)
    batch, time, units = outputs.shape
    x = np.asarray(x, dtype=params.dtype)
    if grad_outputs is None:
        grad_outputs = np.zeros_like(outputs)
    grad_outputs = np.asarray(grad_outputs, dtype=params.dtype)
    if grad_outputs.shape != outputs.shape:
        raise ValueError(
            f"grad_outputs: expected shape {outputs.shape} = (batch, time, units), got "
            f"{grad_outputs.shape}"
        )
    dstate = check_state(params, grad_final_state, batch, name="grad_final_state")

    g = np.ascontiguousarray(grad_outputs.swapaxes(0, 1))  # time-major, like the forward loop
    dxp = None
    recurrent = {}
    for t in reversed(range(time)):
        dstate = _add_to_h(dstate, g[t])
        dxp_t, dstate, step_grads = cell.step_backward(params, dstate, caches[t])
        if dxp is None:
            dxp = tuple(np.empty((time, batch, d.shape[-1]), dtype=params.dtype) for d in dxp_t)
        for a, d in zip(dxp, dxp_t, strict=True):
            a[t] = d
        for name, grad in step_grads.items():
            recurrent[name] = recurrent[name] + grad if name in recurrent else grad
    input_grads, dx = cell.inputs_backward(params, np.ascontiguousarray(x.swapaxes(0, 1)), dxp)
    dx = np.ascontiguousarray(dx.swapaxes(0, 1))
    param_grads = params.replace(**input_grads, **recurrent)
    if return_initial_state_grad:
        return param_grads, dx, dstate
    return param_grads, dx


def _add_to_h(state, dh):
    """Add dh to the h part of a state (h, or the pair (h, c))."""
    if isinstance(state, tuple):
        return (state[0] + dh, *state[1:])
    return state + dh
