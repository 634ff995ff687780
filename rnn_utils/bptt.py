"""Backpropagation through time: the generic backward loop, by hand in NumPy.

The loss is L = Σ outputs ⊙ grad_outputs (+ Σ final_state ⊙ grad_final_state),
so ``grad_outputs`` is ∂L/∂h_t for every t, exactly what an autodiff framework
passes down from the layers above. Walking back from t = T to 1:

    dh_t  = grad_outputs[:, t] + (gradient arriving from step t + 1)
    (da_t, dstate_{t-1}, recurrent weight grads) = cell step backward(dstate_t)

and at the end, the input weights, biases and x get their gradients from all
the pre-activation gradients da_1 … da_T in one matrix product each.

With a mask, a masked step passes the state gradient straight through (the state
was carried unchanged) and its pre-activations get no gradient; an output that is
zero there (before the first real step, or with ``zero_output_for_mask``) passes
no gradient back.
"""

from __future__ import annotations

import numpy as np

from .layer import Prepared, Unrolled, in_reading_order, prepare, unroll


def backward(
    params,
    x,
    grad_outputs=None,
    initial_state=None,
    *,
    mask=None,
    grad_final_state=None,
    return_initial_state_grad=False,
):
    """Gradients of L = sum(outputs * grad_outputs) + sum(final_state * grad_final_state).

    Runs the forward pass itself (keeping its caches), then BPTT.

    Parameters
    ----------
    params : RNNParams | LSTMParams | GRUParams
        The layer, as in ``forward``.
    x : array (B, T, m)
        The inputs.
    grad_outputs : array (B, T, n), optional
        ∂L/∂outputs, in the order ``forward`` returns the outputs; None means zeros.
    initial_state : array or tuple, optional
        As in ``forward``.
    mask : array (B, T), optional
        As in ``forward``.
    grad_final_state : array or tuple, optional
        ∂L/∂(final state): (B, n), or a pair (dh_T, dc_T) for an LSTM; None means zeros.
    return_initial_state_grad : bool
        Also return ∂L/∂(initial state), in the form of the state.

    Returns
    -------
    param_grads : same type as ``params``
        So ``to_keras_weights(param_grads)`` lines up with ``layer.trainable_weights``.
    input_grads : array (B, T, m)
        ∂L/∂x, in the order of x.
    initial_state_grad : array or tuple
        Only if ``return_initial_state_grad``.
    """
    seq = prepare(params, x, initial_state, mask)
    run = unroll(seq, keep_caches=True)
    grad_outputs = check_grad_outputs(
        np.zeros_like(run.outputs) if grad_outputs is None else grad_outputs, seq
    )
    dstate = seq.cell.state(
        params, grad_final_state, seq.x.shape[0], name="grad_final_state"
    )
    param_grads, dx, dstate = bptt(seq, run, grad_outputs, dstate)
    dx = in_reading_order(params, dx)
    if return_initial_state_grad:
        return param_grads, dx, seq.cell.public(dstate)
    return param_grads, dx


def check_grad_outputs(grad_outputs, seq: Prepared):
    """``grad_outputs`` as a (B, T, n) array of the parameters' dtype, or ValueError."""
    grad_outputs = np.asarray(grad_outputs, dtype=seq.params.dtype)
    shape = (*seq.x.shape[:2], seq.params.units)
    if grad_outputs.shape != shape:
        raise ValueError(
            f"grad_outputs: expected shape {shape} = (batch, time, units), got {grad_outputs.shape}"
        )
    return grad_outputs


def bptt(seq: Prepared, run: Unrolled, grad_outputs, dstate):
    """The backward loop on validated inputs: (param grads, dx in reading order, d initial state).

    ``grad_outputs`` (B, T, n) is in reading order, ``dstate`` the loop's form of ∂L/∂(final state).
    """
    params, cell, x, mask = seq.params, seq.cell, seq.x, seq.mask
    batch, time, _ = x.shape
    g = np.ascontiguousarray(
        grad_outputs.swapaxes(0, 1)
    )  # time-major, like the forward loop
    if run.output_mask is not None:
        g = g * run.output_mask[..., None]  # a zero output passes nothing back
    mask = (
        None if mask is None else np.ascontiguousarray(mask.T)[..., None]
    )  # (T, B, 1)
    da = None
    recurrent = {}
    for t in reversed(range(time)):
        dstate = (dstate[0] + g[t], *dstate[1:])
        through = dstate if mask is None else tuple(d * mask[t] for d in dstate)
        da_t, dprev, step_grads = cell.step_backward(params, through, run.caches[t])
        if (
            mask is not None
        ):  # a masked step carried the state: its gradient goes straight back
            dprev = tuple(
                dp + d * ~mask[t] for dp, d in zip(dprev, dstate, strict=True)
            )
        dstate = dprev
        if da is None:
            da = tuple(
                np.empty((time, batch, d.shape[-1]), dtype=params.dtype) for d in da_t
            )
        for a, d in zip(da, da_t, strict=True):
            a[t] = d
        for name, grad in step_grads.items():
            recurrent[name] = recurrent[name] + grad if name in recurrent else grad
    input_grads, dx = cell.x_preactivations_backward(
        params, np.ascontiguousarray(x.swapaxes(0, 1)), da
    )
    dx = np.ascontiguousarray(dx.swapaxes(0, 1))
    return params.replace(**input_grads, **recurrent), dx, dstate
