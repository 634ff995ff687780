"""The elementwise and normalising functions the book's formulas share, written once.

This is the ground floor of the package: it imports NumPy and ``checks`` only, and
every other module that needs a sigmoid or a softmax takes it from here.

* ``sigmoid``      σ(a) = 1 / (1 + e^(−a)), the gates' activation
* ``relu``         max(a, 0)
* ``softmax``      exp(z_j) / Σ_l exp(z_l) over the last axis, with a temperature and a mask
* ``log_softmax``  z_j − log Σ_l exp(z_l), the log-probabilities a cross-entropy sums

``text.softmax`` (sampling, in float64) and ``attention.softmax`` (weights over the
allowed source positions) are thin callers of ``softmax``.
"""

from __future__ import annotations

import numpy as np

from .checks import boolean_mask, positive_float


def sigmoid(a):
    """Logistic σ(a) = 1 / (1 + e^(−a)), written as (1 + tanh(a/2)) / 2 so it cannot overflow."""
    return 0.5 * (1.0 + np.tanh(0.5 * a))


def relu(a):
    """max(a, 0), elementwise."""
    return np.maximum(a, 0)


def softmax(scores, *, temperature=1.0, mask=None):
    """softmax(z / temperature) over the last axis: (..., k) -> (..., k), in the scores' dtype.

    The largest score is subtracted before the exponential (it cancels), so no exponent
    is above zero and nothing overflows. ``temperature`` > 0 sharpens (< 1) or flattens
    (> 1) the distribution. ``mask``, boolean and broadcastable to the scores, is True
    where a position may get probability; a False position gets exactly 0, and every row
    needs at least one True position.
    """
    z = np.asarray(scores)
    if z.ndim < 1 or z.shape[-1] == 0:
        raise ValueError(
            f"scores: expected at least one position on the last axis, got shape {z.shape}"
        )
    if temperature != 1.0:
        z = z / positive_float(temperature, "temperature")
    if mask is not None:
        z = np.where(boolean_mask(mask, z.shape), z, -np.inf)
    z = z - z.max(axis=-1, keepdims=True)  # exp of at most 0: cannot overflow
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(scores):
    """log softmax(z) = z_j − log Σ_l exp(z_l) over the last axis: (..., k) -> (..., k).

    Computed as (z − max z) − log Σ exp(z − max z): the maximum cancels, and no
    exponent is above zero. The result keeps the scores' dtype; pass float64 scores for
    a cross-entropy compared with a framework's to 1e-5 or better.
    """
    z = np.asarray(scores)
    if z.ndim < 1 or z.shape[-1] == 0:
        raise ValueError(
            f"scores: expected at least one position on the last axis, got shape {z.shape}"
        )
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
