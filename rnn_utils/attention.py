"""Attention in NumPy, written as its papers write it: scores, a softmax over the source, a weighted sum.

A decoder that attends asks, at each output step i, how well each source position j
matches (a score e_ij), turns the scores into weights α_ij = softmax_j(e_ij), and
reads the context c_i = Σ_j α_ij v_j. The papers differ only in the score:

* additive (Bahdanau, Cho & Bengio 2015):  e_ij = v_a^T tanh(W_a s_{i-1} + U_a h_j)
* dot product (Luong, Pham & Manning 2015): e_ij = s_i^T h_j
* scaled dot product (Vaswani et al. 2017): e_ij = q_i^T k_j / sqrt(d_k)

Shapes are batch-first, like the rest of ``rnn_utils``:

==========  ==================  ===================================================
name        shape               meaning
==========  ==================  ===================================================
queries     (B, T_q, d_q)       decoder states (Bahdanau's s_{i-1}); (B, d_q) for one step
keys        (B, T_x, d_k)       what the scores compare with (the annotations h_j)
values      (B, T_x, d_v)       what the context averages (the annotations again)
mask        (B, T_x) or         True where a source position may be attended
            (B, T_q, T_x)       (False at padding, or above the diagonal for causal)
weights     (B, T_q, T_x)       α_ij, each row sums to 1 over the allowed positions
contexts    (B, T_q, d_v)       c_i = Σ_j α_ij v_j
==========  ==================  ===================================================

A 2-D query (one decoder step) gives (B, T_x) weights and (B, d_v) contexts.
Parameters follow the papers' column-vector form: W_a (d_a, d_q), U_a (d_a, d_k),
v_a (d_a,), so the code computes s @ W_a.T as the rest of the book does.

``keras.layers.AdditiveAttention`` has no W_a or U_a: it scores
e_ij = Σ_d scale_d tanh(q_id + k_jd), i.e. ``additive_scores`` with identity
matrices and v_a = scale (all ones with ``use_scale=False``). Bahdanau's attention
is that layer called on [W_a s, h, U_a h] (query, value, key) with scale = v_a.
Give that layer its key mask as (B, 1, T_x): Keras 3.10 applies the mask as it
comes, so a (B, T_x) mask fails against the (B, T_q, T_x) scores (later versions
insert the middle axis themselves, keras-team/keras#21595); (B, 1, T_x) works on both.
``keras.layers.Attention`` (score_mode="dot") scores q_i^T k_j, times a learned
scalar with ``use_scale=True`` (initialised to 1), not the fixed 1/sqrt(d_k).
"""

from __future__ import annotations

import numpy as np

from . import maths
from .checks import boolean_mask


def additive_scores(queries, keys, W_a, U_a, v_a):
    """Bahdanau's alignment scores e_ij = v_a^T tanh(W_a s_i + U_a h_j).

    queries (B, T_q, d_q) or (B, d_q); keys (B, T_x, d_k); W_a (d_a, d_q); U_a (d_a, d_k);
    v_a (d_a,). Returns (B, T_q, T_x), or (B, T_x) for a 2-D query.
    """
    q, k, one_step = _queries_keys(queries, keys)
    W_a, U_a, v_a = np.asarray(W_a), np.asarray(U_a), np.asarray(v_a)
    if v_a.ndim != 1:
        raise ValueError(f"v_a: expected a vector (d_a,), got shape {v_a.shape}")
    d_a = v_a.shape[0]
    if W_a.shape != (d_a, q.shape[-1]):
        raise ValueError(
            f"W_a: expected shape (d_a, d_q) = {(d_a, q.shape[-1])}, got {W_a.shape}"
        )
    if U_a.shape != (d_a, k.shape[-1]):
        raise ValueError(
            f"U_a: expected shape (d_a, d_k) = {(d_a, k.shape[-1])}, got {U_a.shape}"
        )
    # U_a h_j does not depend on i: one product for all source positions, reused by every query.
    hidden = np.tanh(
        (q @ W_a.T)[:, :, None, :] + (k @ U_a.T)[:, None, :, :]
    )  # (B, T_q, T_x, d_a)
    e = hidden @ v_a
    return e[:, 0] if one_step else e


def dot_scores(queries, keys, scale=1.0):
    """Dot-product scores e_ij = scale · q_i^T k_j (Luong's "dot": scale 1; Vaswani's: 1/sqrt(d_k)).

    queries (B, T_q, d) or (B, d); keys (B, T_x, d). Returns (B, T_q, T_x), or (B, T_x).
    """
    q, k, one_step = _queries_keys(queries, keys)
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(
            f"keys: expected the queries' width {q.shape[-1]} (a dot product needs equal widths), "
            f"got {k.shape[-1]}"
        )
    if (
        isinstance(scale, bool)
        or not isinstance(scale, int | float | np.number)
        or not np.isfinite(scale)
    ):
        raise ValueError(f"scale: expected a finite number, got {scale!r}")
    e = scale * (q @ k.swapaxes(-1, -2))
    return e[:, 0] if one_step else e


def softmax(scores, mask=None):
    """α_ij = exp(e_ij) / Σ_{j' allowed} exp(e_ij') over the last axis; 0 where mask is False.

    scores (..., T_x); mask broadcastable to it, with at least one True per row.
    ``maths.softmax`` with a mask, in the scores' dtype.
    """
    return maths.softmax(scores, mask=mask)


def attend(weights, values):
    """The context c_i = Σ_j α_ij v_j: weights (B, T_q, T_x) or (B, T_x), values (B, T_x, d_v)."""
    w, v = np.asarray(weights), np.asarray(values)
    if v.ndim != 3:
        raise ValueError(f"values: expected (B, T_x, d_v), got shape {v.shape}")
    if w.ndim not in (2, 3) or w.shape[0] != v.shape[0] or w.shape[-1] != v.shape[1]:
        raise ValueError(
            f"weights: expected (B, T_q, T_x) or (B, T_x) with B, T_x = {v.shape[:2]} from values, "
            f"got shape {w.shape}"
        )
    if w.ndim == 2:
        return np.einsum("bj,bjd->bd", w, v)
    return w @ v


def additive_attention(queries, annotations, W_a, U_a, v_a, mask=None, values=None):
    """Bahdanau attention: (contexts, weights) for e_ij = v_a^T tanh(W_a s_i + U_a h_j).

    queries s (B, T_q, d_q) or (B, d_q); annotations h (B, T_x, d_k) are the keys and,
    unless ``values`` is given, the values; mask (B, T_x) or (B, T_q, T_x).
    Returns contexts (B, T_q, d_v) and weights (B, T_q, T_x) (without T_q for a 2-D query).
    """
    weights = softmax(
        additive_scores(queries, annotations, W_a, U_a, v_a), _step_mask(mask, queries)
    )
    return attend(weights, annotations if values is None else values), weights


def dot_product_attention(queries, keys, values=None, scale=1.0, mask=None):
    """Dot-product attention: (contexts, weights) for e_ij = scale · q_i^T k_j.

    ``scale=1`` is Luong et al.'s "dot" score and ``keras.layers.Attention()``;
    ``scale=1/sqrt(d_k)`` is the Transformer's (``scaled_dot_product_attention``).
    values default to the keys. Shapes as in ``additive_attention``.
    """
    weights = softmax(dot_scores(queries, keys, scale), _step_mask(mask, queries))
    return attend(weights, keys if values is None else values), weights


def scaled_dot_product_attention(Q, K, V, mask=None, causal=False):
    """The Transformer's attention softmax(Q K^T / sqrt(d_k)) V, with an optional causal mask.

    Q (B, T_q, d_k), K (B, T_x, d_k), V (B, T_x, d_v). ``causal=True`` lets query i see
    keys j <= i only (self-attention in a decoder; needs T_q == T_x).
    Returns (contexts (B, T_q, d_v), weights (B, T_q, T_x)).
    """
    Q, K = np.asarray(Q), np.asarray(K)
    if Q.ndim != 3:
        raise ValueError(f"Q: expected (B, T_q, d_k), got shape {Q.shape}")
    if causal:
        if Q.shape[1] != K.shape[1]:
            raise ValueError(
                f"causal: expected T_q == T_x (self-attention), got {Q.shape[1]} and {K.shape[1]}"
            )
        lower = np.tril(np.ones((Q.shape[1], K.shape[1]), dtype=bool))[None]
        mask = (
            lower
            if mask is None
            else boolean_mask(mask, (Q.shape[0], Q.shape[1], K.shape[1])) & lower
        )
    return dot_product_attention(Q, K, V, scale=1 / np.sqrt(Q.shape[-1]), mask=mask)


def _queries_keys(queries, keys):
    q, k = np.asarray(queries), np.asarray(keys)
    if k.ndim != 3:
        raise ValueError(f"keys: expected (B, T_x, d_k), got shape {k.shape}")
    if q.ndim not in (2, 3):
        raise ValueError(
            f"queries: expected (B, T_q, d_q) or one step (B, d_q), got shape {q.shape}"
        )
    one_step = q.ndim == 2
    if one_step:
        q = q[:, None, :]
    if q.shape[0] != k.shape[0]:
        raise ValueError(
            f"queries: expected the keys' batch size {k.shape[0]}, got {q.shape[0]}"
        )
    if k.shape[1] == 0:
        raise ValueError("keys: expected at least one source position, got T_x = 0")
    return q, k, one_step


def _step_mask(mask, queries):
    """A (B, T_x) mask stays as it is; for a 3-D query it is broadcast over T_q."""
    if mask is None:
        return None
    mask = np.asarray(mask)
    if np.ndim(queries) == 3 and mask.ndim == 2:
        return mask[:, None, :]
    return mask
