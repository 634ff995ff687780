"""Gradients by central finite differences, and the check of BPTT against them.

∂f/∂θ_j ≈ (f(θ + ε e_j) − f(θ − ε e_j)) / 2ε has error O(ε²) from the Taylor
series plus about 1e-16·abs(f)/ε from rounding. In float64 with ε = 1e-6 both are
near 1e-10 to 1e-12, far below the 1e-3 or so that a wrong formula produces;
float32 rounding (1e-7) would swamp it, so everything here runs in float64.
"""

from __future__ import annotations

import numpy as np

from .bptt import bptt, check_grad_outputs
from .layer import prepare, unroll
from .params import Params


def numerical_gradient(f, theta, eps=1e-6):
    """Central-difference gradient of a scalar function.

    ``theta`` is a parameter object (RNNParams, LSTMParams, …) or an array; the
    result has the same type, in float64. ``f`` takes that type and returns a number.
    """
    if isinstance(theta, Params):
        theta = theta.astype(np.float64)
        arrays = theta.named_arrays()
        grads = {}
        for name in arrays:
            grads[name] = numerical_gradient(
                lambda a, name=name: f(theta.replace(**{name: a})), arrays[name], eps
            )
        return theta.replace(**grads)
    theta = np.array(theta, dtype=np.float64)
    grad = np.empty_like(theta)
    for j in np.ndindex(theta.shape):
        old = theta[j]
        theta[j] = old + eps
        plus = f(theta.copy())
        theta[j] = old - eps
        minus = f(theta.copy())
        theta[j] = old
        grad[j] = (plus - minus) / (2 * eps)
    return grad


def relative_error(a, b):
    """max|a − b| / max(max|a|, max|b|): the largest discrepancy relative to the largest entry.

    Measured against the array's scale rather than entry by entry, because a finite
    difference has an absolute rounding error (about 1e-16·abs(f)/ε) that would make
    tiny entries look wrong. A wrong formula gives 1e-2 or more; a right one 1e-9.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(
            f"relative_error: expected arrays of the same shape, got {a.shape} and {b.shape}"
        )
    scale = max(np.max(np.abs(a), initial=0.0), np.max(np.abs(b), initial=0.0))
    return float(np.max(np.abs(a - b), initial=0.0) / scale) if scale > 0 else 0.0


def gradient_check(
    params, x, grad_outputs=None, initial_state=None, *, mask=None, eps=1e-6, seed=0
):
    """Compare ``backward`` with finite differences of L = sum(outputs * grad_outputs).

    Everything is cast to float64. ``grad_outputs`` defaults to a standard normal
    draw (``seed``), so every output contributes to L with a different weight;
    ``initial_state`` and ``mask`` are as in ``forward``.
    Returns {parameter name: max relative error, …, "x": …} (see ``relative_error``);
    below 1e-6 means the hand-written gradient is right.
    """
    seq = prepare(params.astype(np.float64), x, initial_state, mask)
    batch, time, _ = seq.x.shape
    if grad_outputs is None:
        grad_outputs = np.random.default_rng(seed).standard_normal(
            (batch, time, seq.params.units)
        )
    grad_outputs = check_grad_outputs(grad_outputs, seq)

    def loss(p, x_in):
        return float(
            np.sum(
                unroll(seq._replace(params=p, x=x_in), keep_caches=False).outputs
                * grad_outputs
            )
        )

    grads, dx, _ = bptt(
        seq, unroll(seq), grad_outputs, seq.cell.zero_state(seq.params, batch)
    )
    numeric = numerical_gradient(lambda p: loss(p, seq.x), seq.params, eps)
    errors = {
        name: relative_error(g, getattr(numeric, name))
        for name, g in grads.named_arrays().items()
    }
    errors["x"] = relative_error(
        dx, numerical_gradient(lambda a: loss(seq.params, a), seq.x, eps)
    )
    return errors
