"""How gradients travel back through time: step Jacobians, their products, the Pascanu bound.

BPTT multiplies the gradient by one Jacobian per step, so

    ∂h_T/∂h_k = ∂h_T/∂h_{T-1} · ∂h_{T-1}/∂h_{T-2} ⋯ ∂h_{k+1}/∂h_k.

For the simple RNN each factor is diag(act'(a_t)) U, whose norm is at most
γ·σ_max(U) with γ = max|act'| (1 for tanh and relu, 1/4 for the sigmoid); hence
‖∂h_T/∂h_k‖ ≤ (γ σ_max)^(T−k), and σ_max < 1/γ is *sufficient* for the gradient
to vanish exponentially, σ_max > 1/γ *necessary* for it to explode (Pascanu,
Mikolov & Bengio 2013).

Every function here looks at the first sequence of the batch (pass ``x[i:i+1]``
for another). Time steps are numbered 1 … T as in the book; h_0 is the initial state.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .cells import ACTIVATION_DERIVATIVES, CELLS, cell_for
from .checks import one_of
from .layer import prepare, unroll
from .params import LSTMParams, RNNParams

GAMMA = {"tanh": 1.0, "relu": 1.0, "sigmoid": 0.25}  # max |act'(a)|


def step_jacobians(params, x, initial_state=None):
    """Per-step state Jacobians J_t = ∂s_t/∂s_{t-1}, t = 1 … T, of the first sequence.

    Returns an array (T, n, n); entry [t − 1] is J_t.

    * simple RNN, GRU: s = h, n = units. For the RNN, J_t = diag(act'(a_t)) U
      (= diag(1 − h_t²) U for tanh). The GRU's includes the paths through z, r and h̃.
    * LSTM: s = (h, c) stacked, n = 2·units; blocks [[∂h_t/∂h_{t-1}, ∂h_t/∂c_{t-1}],
      [∂c_t/∂h_{t-1}, ∂c_t/∂c_{t-1}]], the last being diag(f_t) (``cell_state_jacobians``).
      The state is the pair, so only products of these full Jacobians give ∂h_T/∂h_k.

    Gated cells: row i of J_t is the vector–Jacobian product of the unit vector e_i
    with the same step backward function BPTT uses. Steps are numbered in the order
    the layer reads them (from the last input backwards if ``go_backwards``).
    """
    outputs, caches = _first_sequence(params, x, initial_state)
    if isinstance(params, RNNParams):
        d = ACTIVATION_DERIVATIVES[params.activation](
            outputs[0]
        )  # (T, units): act'(a_t) from h_t
        return d[:, :, None] * params.U[None]
    return np.stack([_vjp_jacobian(params, cache) for cache in caches])


def cell_state_jacobians(params, x, initial_state=None):
    """LSTM only: ∂c_t/∂c_{t-1} = diag(f_t), t = 1 … T, as (T, units, units) — the additive path."""
    if not isinstance(params, LSTMParams):
        raise ValueError(
            f"params: expected LSTMParams (only an LSTM has a cell state), got {type(params).__name__}"
        )
    _, caches = _first_sequence(params, x, initial_state)
    f = np.stack([cache.f[0] for cache in caches])
    return f[:, :, None] * np.eye(params.units, dtype=f.dtype)


def jacobian_product_norms(J, block=None):
    """‖J_T J_{T-1} ⋯ J_{k+1}‖₂ = ‖∂s_T/∂s_k‖₂ for k = 0 … T, from the step Jacobians.

    Parameters
    ----------
    J : array (T, n, n)
        ``J[t - 1]`` is J_t = ∂s_t/∂s_{t-1}, as ``step_jacobians`` returns them.
    block : slice, optional
        Rows and columns of the product whose spectral norm is taken, e.g.
        ``slice(0, units)`` for the (h, h) block of an LSTM's (h, c) product. All if None.

    Returns
    -------
    norms : array (T + 1,)
        Entry k is ‖∂s_T/∂s_k‖₂ (the empty product at k = T is I, norm 1), computed by
        multiplying one Jacobian at a time from J_T back to J_1, in float64.
    """
    J = np.asarray(J)
    if J.ndim != 3 or J.shape[1] != J.shape[2]:
        raise ValueError(
            f"J: expected a stack of square Jacobians (T, n, n), got shape {J.shape}"
        )
    block = slice(None) if block is None else block
    T = J.shape[0]
    norms = np.empty(T + 1)
    P = np.eye(J.shape[1])  # ∂s_T/∂s_k, starting at k = T
    norms[T] = 1.0  # ‖I‖
    for k in range(T - 1, -1, -1):
        P = P @ J[k]  # J[k] = J_{k+1} = ∂s_{k+1}/∂s_k
        norms[k] = np.linalg.norm(P[block, block], ord=2)
    return norms


def hidden_jacobian_norms(params, x, initial_state=None, *, block="h"):
    """‖∂h_T/∂h_k‖₂ (spectral norm) for k = 1 … T, for the first sequence of the batch.

    Returns an array (T,): entry k − 1 belongs to h_k, so the last entry (k = T) is
    ‖I‖ = 1 and entry k − 1 is T − k steps back; plot it against T − k.
    For an LSTM, ∂h_T/∂h_k is the (h, h) block of the product of full-state Jacobians
    (c_k held fixed); ``block="c"`` gives ‖∂c_T/∂c_k‖ instead.
    """
    if block not in ("h", "c"):
        raise ValueError(f"block: expected 'h' or 'c', got {block!r}")
    if block not in cell_for(params).state_names:
        owners = " or ".join(
            cls.__name__ for cls, cell in CELLS.items() if block in cell.state_names
        )
        raise ValueError(
            f"block={block!r}: expected {owners}, got {type(params).__name__}"
        )
    J = step_jacobians(params, x, initial_state)
    k = cell_for(params).state_names.index(block)
    return jacobian_product_norms(J, slice(k * params.units, (k + 1) * params.units))[
        1:
    ]


def singular_values(U):
    """Singular values of a matrix, largest first."""
    return np.linalg.svd(_matrix(U, "U"), compute_uv=False)


def spectral_radius(U):
    """The largest eigenvalue modulus, max abs(λ), of a square matrix (≤ σ_max; equal for a normal matrix)."""
    return float(np.max(np.abs(np.linalg.eigvals(_matrix(U, "U", square=True)))))


class PascanuCondition(NamedTuple):
    """Pascanu et al. (2013): the condition for h_t = act(W x_t + U h_{t-1} + b)."""

    sigma_max: float  # largest singular value of U
    gamma: float  # bound on |act'|
    threshold: float  # 1 / gamma
    vanishing: bool  # sigma_max < threshold: sufficient for vanishing gradients

    @property
    def exploding_possible(self) -> bool:
        """sigma_max > threshold is *necessary* (not sufficient) for exploding gradients."""
        return self.sigma_max > self.threshold


def pascanu_condition(U, activation="tanh") -> PascanuCondition:
    """Check the sufficient condition for vanishing gradients, σ_max(U) < 1/γ."""
    gamma = _gamma(activation)
    sigma = float(singular_values(_matrix(U, "U", square=True))[0])
    return PascanuCondition(sigma, gamma, 1.0 / gamma, sigma < 1.0 / gamma)


def pascanu_bound(U, steps, activation="tanh"):
    """Upper bound (γ σ_max)^(T−k) on ‖∂h_T/∂h_k‖ for ``steps`` = T − k (array-like)."""
    c = pascanu_condition(U, activation)
    return (c.gamma * c.sigma_max) ** np.asarray(steps, dtype=np.float64)


def _gamma(activation):
    return GAMMA[one_of(activation, GAMMA, "activation")]


def _matrix(U, name, square=False):
    U = np.asarray(U)
    if U.ndim != 2 or (square and U.shape[0] != U.shape[1]):
        kind = "square 2-D" if square else "2-D"
        raise ValueError(f"{name}: expected a {kind} matrix, got shape {U.shape}")
    return U


def _first_sequence(params, x, initial_state):
    """Forward pass of the first sequence, validated once: (outputs (1, T, n), caches)."""
    seq = prepare(params, x, initial_state)
    seq = seq._replace(x=seq.x[:1], state=tuple(s[:1] for s in seq.state))
    run = unroll(seq, keep_caches=True)
    return run.outputs, run.caches


def _vjp_jacobian(params, cache):
    """J = ∂s_t/∂s_{t-1} for one sequence, one row per unit vector pushed back through the step."""
    cell = cell_for(params)
    n = params.units * len(cell.state_names)
    seeds = np.eye(n, dtype=params.dtype)
    cache = cache._replace(
        **{
            name: np.broadcast_to(a, (n,) + a.shape[1:])
            for name, a in cache._asdict().items()
        }
    )
    dstate = tuple(np.split(seeds, len(cell.state_names), axis=1))
    _, dprev, _ = cell.step_backward(params, dstate, cache)
    return np.concatenate(dprev, axis=1)
