"""Counting language models over ids: the n-gram baselines of the language chapter.

* ``ngram_counts``        counts of the n-grams of rows of ids (orders 1, 2, 3)
* ``InterpolatedNGram``   Jelinek-Mercer interpolation of relative frequencies and an add-alpha
                          unigram; ``fit_weights`` tunes the weights by EM on held-out rows
* ``KneserNeyNGram``      interpolated Kneser-Ney (absolute discounting with continuation counts)

Both models score rows of ids that start with the start id 0 (``log_probs``),
give the next-symbol distribution of a batch of contexts (``next_probs``), and
drive ``rnn_utils.text.generate`` through ``step``. Shapes: ``N`` rows of ``L``
ids, ``V`` the vocabulary size. A trigram's first target gets the start id
repeated as its two-symbol context.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import numpy as np

from .checks import positive_int


def ngram_counts(ids, order: int, vocab_size: int):
    """Counts of the n-grams in rows of ids (N, L): every window of ``order`` consecutive ids in a row.

    order 1 -> (V,) counts of the targets ids[:, 1:] (the start symbol is never a target);
    order 2 -> (V, V), [a, b] = how often b follows a;
    order 3 -> dict {(a, b, c): count} of the trigrams that occur (a sparse table), with
    the start id repeated in front of each row so that the first target has a two-symbol context.
    """
    ids = _ids_2d(ids, vocab_size)
    if order == 1:
        return np.bincount(ids[:, 1:].ravel(), minlength=vocab_size).astype(np.int64)
    if order == 2:
        counts = np.zeros((vocab_size, vocab_size), dtype=np.int64)
        np.add.at(counts, (ids[:, :-1].ravel(), ids[:, 1:].ravel()), 1)
        return counts
    if order == 3:
        codes, counts = _trigram_codes(ids, vocab_size)
        a, rest = np.divmod(codes, vocab_size * vocab_size)
        b, c = np.divmod(rest, vocab_size)
        return {
            (int(x), int(y), int(z)): int(n)
            for x, y, z, n in zip(a, b, c, counts, strict=True)
        }
    raise ValueError(f"order: expected 1, 2 or 3, got {order!r}")


class _NGramModel:
    """What both models share: ``log_probs`` from ``next_probs``-compatible tables, ``step``."""

    order: int
    vocab_size: int

    def log_probs(self, ids) -> np.ndarray:
        """log P(ids[:, t] | what precedes it) for rows of ids (N, L) -> (N, L - 1), targets ids[:, 1:]."""
        raise NotImplementedError

    def perplexity(self, ids) -> float:
        """exp of the mean negative log-probability of the targets ids[:, 1:] of rows of ids (N, L)."""
        return float(np.exp(-self.log_probs(ids).mean()))

    def step(self, ids, state):
        """A step function for ``rnn_utils.text.generate``.

        (ids (B,), context (B, order - 1) or None) -> (log-probs (B, V), the new context).
        """
        ids = np.asarray(ids)
        if self.order == 1:
            return np.log(
                self.next_probs(np.zeros((len(ids), 0), dtype=np.int64))
            ), None
        if state is None:
            state = np.repeat(ids[:, None], self.order - 1, axis=1)
        else:
            state = np.concatenate([state, ids[:, None]], axis=1)[:, 1:]
        return np.log(self.next_probs(state)), state

    def _check_context(self, context):
        context = np.asarray(context)
        if context.ndim != 2 or context.shape[1] != self.order - 1:
            raise ValueError(
                f"context: expected shape (B, {self.order - 1}), got {context.shape}"
            )
        if context.size and (context.min() < 0 or context.max() >= self.vocab_size):
            raise ValueError(
                f"context: expected ids in [0, {self.vocab_size}), got [{context.min()}, {context.max()}]"
            )
        return context.astype(np.int64)


class InterpolatedNGram(_NGramModel):
    """An interpolated (Jelinek-Mercer) n-gram model of order 1, 2 or 3 over ids.

    P(c | a, b) = l3 f(c | a, b) + l2 f(c | b) + l1 P_alpha(c), with relative
    frequencies f = count(context, c) / count(context), the add-alpha unigram
    P_alpha(c) = (count(c) + alpha) / (N + alpha V), and weights ``(l1, l2, l3)`` (as
    many as the order) that sum to 1. When a context never occurred in training, its
    weight moves to the next lower order. Order 1 is the add-alpha unigram alone.

    Parameters
    ----------
    ids : int array (N, L)
        Training rows, each starting with the start id.
    order : 1, 2 or 3
    vocab_size : int
    weights : sequence of ``order`` non-negative floats summing to 1, lowest order first.
    alpha : float > 0
        Add-alpha smoothing of the unigram, so that every symbol has a probability.
    """

    def __init__(
        self,
        ids,
        order: int,
        vocab_size: int,
        weights: Sequence[float] = (1.0,),
        alpha: float = 0.1,
    ):
        if order not in (1, 2, 3):
            raise ValueError(f"order: expected 1, 2 or 3, got {order!r}")
        weights = _check_weights(weights, order)
        if not (isinstance(alpha, int | float) and alpha > 0):
            raise ValueError(f"alpha: expected a positive number, got {alpha!r}")
        self.order, self.vocab_size = order, positive_int(vocab_size, "vocab_size")
        self.weights, self.alpha = weights, float(alpha)
        ids = _ids_2d(ids, vocab_size)
        unigram = ngram_counts(ids, 1, vocab_size)
        self.unigram = (unigram + alpha) / (unigram.sum() + alpha * vocab_size)
        self.bigram = ngram_counts(ids, 2, vocab_size) if order >= 2 else None
        if (
            order == 3
        ):  # sorted codes (a V + b) V + c of the trigrams seen, and of their contexts a V + b
            self._tri_codes, self._tri_counts = _trigram_codes(ids, vocab_size)
            self._ctx_codes, first = np.unique(
                self._tri_codes // vocab_size, return_index=True
            )
            self._ctx_totals = np.add.reduceat(self._tri_counts, first)

    def next_probs(self, context) -> np.ndarray:
        """P(next | context) for a batch of contexts (B, order - 1) of ids -> (B, V); each row sums to 1."""
        context = self._check_context(context)
        B, V = len(context), self.vocab_size
        probs = np.zeros((B, V))
        spare = np.zeros(B)  # weight handed down from unseen contexts
        if self.order == 3:
            ctx = context[:, 0] * V + context[:, 1]
            for row, code in enumerate(ctx):
                lo, hi = np.searchsorted(self._tri_codes, [code * V, (code + 1) * V])
                if lo == hi:
                    spare[row] += self.weights[2]
                else:
                    counts = self._tri_counts[lo:hi]
                    probs[row, self._tri_codes[lo:hi] - code * V] += (
                        self.weights[2] * counts / counts.sum()
                    )
        if self.order >= 2:
            counts = self.bigram[context[:, -1]]
            totals = counts.sum(axis=1)
            seen = totals > 0
            w2 = self.weights[1] + spare
            probs[seen] += w2[seen, None] * counts[seen] / totals[seen, None]
            spare = np.where(seen, 0.0, w2)
        probs += (self.weights[0] + spare)[:, None] * self.unigram
        return probs

    def component_probs(self, ids) -> np.ndarray:
        """The probability each order gives the targets of rows of ids (N, L) -> (order, N, L - 1).

        Row 0 is the add-alpha unigram, row 1 the bigram's relative frequency, row 2 the
        trigram's; an order whose context never occurred in training gives the row below
        it instead (the weight moves down). ``log_probs`` is the log of the weighted sum.
        """
        ids = _ids_2d(ids, self.vocab_size)
        targets = ids[:, 1:]
        rows = [self.unigram[targets]]
        if self.order >= 2:
            totals = self.bigram.sum(axis=1)[ids[:, :-1]]
            f2 = self.bigram[ids[:, :-1], targets] / np.maximum(totals, 1)
            rows.append(np.where(totals > 0, f2, rows[-1]))
        if self.order == 3:
            before = np.concatenate(
                [ids[:, :1], ids[:, :-2]], axis=1
            )  # a in (a, b) -> c; the start id repeated
            ctx = before.astype(np.int64) * self.vocab_size + ids[:, :-1]
            totals = _lookup(self._ctx_codes, self._ctx_totals, ctx)
            counts = _lookup(
                self._tri_codes, self._tri_counts, ctx * self.vocab_size + targets
            )
            rows.append(np.where(totals > 0, counts / np.maximum(totals, 1), rows[-1]))
        return np.stack(rows)

    def log_probs(self, ids) -> np.ndarray:
        components = self.component_probs(ids)
        return np.log(np.tensordot(np.array(self.weights), components, axes=1))

    def reweighted(self, weights: Sequence[float]) -> InterpolatedNGram:
        """The same counts with other interpolation weights (no recounting)."""
        other = copy.copy(self)
        other.weights = _check_weights(weights, self.order)
        return other

    def fit_weights(
        self, ids, *, tol: float = 1e-10, max_iter: int = 10_000
    ) -> InterpolatedNGram:
        """The same counts with the weights that maximise the likelihood of held-out rows ids (N, L).

        Expectation-maximisation over the whole simplex: with the component
        probabilities p_i of each target fixed, the held-out log-likelihood is concave
        in the weights, and each step w_i <- mean over targets of w_i p_i / sum_j w_j p_j
        raises it until the weights move by less than ``tol``. Starts from equal weights.
        ``iterations`` on the result says how many steps it took.
        """
        p = self.component_probs(ids).reshape(self.order, -1)
        w = np.full(self.order, 1.0 / self.order)
        iterations = 0
        while iterations < max_iter:
            new = (w[:, None] * p / (w @ p)).mean(axis=1)
            iterations += 1
            done = np.abs(new - w).max() < tol
            w = new
            if done:
                break
        other = self.reweighted(tuple(float(x) for x in w / w.sum()))
        other.iterations = iterations
        return other


class KneserNeyNGram(_NGramModel):
    """Interpolated Kneser-Ney smoothing of order 2 or 3 over ids (absolute discounting).

    The highest order discounts each count by D and hands the mass it frees to the
    next lower order, in proportion to how many distinct symbols followed the context:

        P(c | a, b) = (max(N(a, b, c) - D3, 0) + D3 N1+(a, b, .) P2(c | b)) / N(a, b, .)

    (P2(c | b) alone when the pair (a, b) never occurred). The lower orders are built
    the same way from *continuation* counts, the number of distinct symbols seen
    before an n-gram, N1+(., b, c) and N1+(., c), and the lowest order is interpolated
    with the uniform distribution 1 / V, so every symbol keeps a probability. Each
    order's discount defaults to n1 / (n1 + 2 n2), with n1, n2 the numbers of that
    order's n-grams with count 1 and 2.

    Parameters
    ----------
    ids : int array (N, L)
        Training rows, each starting with the start id.
    order : 2 or 3
    vocab_size : int
    discounts : ``order`` numbers in (0, 1], lowest order first, or None for the estimates.
    """

    def __init__(
        self, ids, order: int, vocab_size: int, discounts: Sequence[float] | None = None
    ):
        if order not in (2, 3):
            raise ValueError(f"order: expected 2 or 3, got {order!r}")
        self.order, self.vocab_size = order, positive_int(vocab_size, "vocab_size")
        V = self.vocab_size
        ids = _ids_2d(ids, V)
        raw2 = ngram_counts(ids, 2, V)  # N(b, c)
        if order == 3:
            tri_codes, tri_counts = _trigram_codes(ids, V)
            counts2 = np.bincount(tri_codes % (V * V), minlength=V * V).reshape(
                V, V
            )  # N1+(., b, c)
            top = tri_counts
        else:
            counts2 = raw2
            top = None
        counts1 = (raw2 > 0).sum(axis=0)  # N1+(., c)
        levels = [counts1, counts2] + ([top] if order == 3 else [])
        if discounts is None:
            discounts = tuple(_discount_estimate(c) for c in levels)
        discounts = tuple(float(d) for d in discounts)
        if len(discounts) != order or not all(0 < d <= 1 for d in discounts):
            raise ValueError(
                f"discounts: expected {order} numbers in (0, 1], got {discounts}"
            )
        self.discounts = discounts
        d1, d2 = discounts[0], discounts[1]
        self.unigram = (
            np.maximum(counts1 - d1, 0) + d1 * (counts1 > 0).sum() / V
        ) / counts1.sum()
        totals2 = counts2.sum(axis=1)
        types2 = (counts2 > 0).sum(axis=1)
        self._totals2 = totals2
        self._bigram = np.where(
            totals2[:, None] > 0,
            (np.maximum(counts2 - d2, 0) + d2 * types2[:, None] * self.unigram)
            / np.maximum(totals2, 1)[:, None],
            self.unigram,
        )
        if order == 3:
            self._tri_codes, self._tri_counts = tri_codes, tri_counts
            self._ctx_codes, first, n_types = np.unique(
                tri_codes // V, return_index=True, return_counts=True
            )
            self._ctx_totals = np.add.reduceat(tri_counts, first)
            self._ctx_types = n_types

    def next_probs(self, context) -> np.ndarray:
        """P(next | context) for a batch of contexts (B, order - 1) of ids -> (B, V); each row sums to 1."""
        context = self._check_context(context)
        probs = self._bigram[context[:, -1]].copy()
        if self.order == 3:
            V, d3 = self.vocab_size, self.discounts[2]
            for row, code in enumerate(context[:, 0] * V + context[:, 1]):
                lo, hi = np.searchsorted(self._tri_codes, [code * V, (code + 1) * V])
                if lo < hi:
                    counts = self._tri_counts[lo:hi]
                    total = counts.sum()
                    lower = probs[row] * d3 * (hi - lo) / total
                    lower[self._tri_codes[lo:hi] - code * V] += (
                        np.maximum(counts - d3, 0) / total
                    )
                    probs[row] = lower
        return probs

    def log_probs(self, ids) -> np.ndarray:
        ids = _ids_2d(ids, self.vocab_size)
        targets = ids[:, 1:]
        p = self._bigram[ids[:, :-1], targets]
        if self.order == 3:
            V, d3 = self.vocab_size, self.discounts[2]
            before = np.concatenate([ids[:, :1], ids[:, :-2]], axis=1)
            ctx = before.astype(np.int64) * V + ids[:, :-1]
            i = np.minimum(
                np.searchsorted(self._ctx_codes, ctx), len(self._ctx_codes) - 1
            )
            seen = self._ctx_codes[i] == ctx
            totals = np.where(seen, self._ctx_totals[i], 1)
            types = np.where(seen, self._ctx_types[i], 0)
            counts = _lookup(self._tri_codes, self._tri_counts, ctx * V + targets)
            p = np.where(
                seen, (np.maximum(counts - d3, 0) + d3 * types * p) / totals, p
            )
        return np.log(p)


# ---------------------------------------------------------------------------------------
# Checks and helpers
# ---------------------------------------------------------------------------------------


def _discount_estimate(counts):
    """n1 / (n1 + 2 n2) over the non-zero counts (Ney, Essen and Kneser's estimate); 0.5 without data."""
    counts = np.asarray(counts).ravel()
    n1, n2 = int((counts == 1).sum()), int((counts == 2).sum())
    return n1 / (n1 + 2 * n2) if n1 > 0 else 0.5


def _check_weights(weights, order):
    weights = tuple(float(w) for w in weights)
    if len(weights) != order or min(weights) < 0 or not np.isclose(sum(weights), 1.0):
        raise ValueError(
            f"weights: expected {order} non-negative numbers summing to 1, got {weights}"
        )
    return weights


def _trigram_codes(ids, vocab_size):
    """Sorted unique codes (a V + b) V + c of the trigrams in rows of ids (start id repeated in front), and counts."""
    padded = np.concatenate([ids[:, :1], ids], axis=1).astype(np.int64)
    codes = (padded[:, :-2] * vocab_size + padded[:, 1:-1]) * vocab_size + padded[:, 2:]
    return np.unique(codes.ravel(), return_counts=True)


def _lookup(keys, values, queries):
    """values[i] where keys[i] == query (keys sorted), 0 where the query is absent."""
    i = np.minimum(np.searchsorted(keys, queries), len(keys) - 1)
    return np.where(keys[i] == queries, values[i], 0)


def _ids_2d(ids, vocab_size):
    ids = np.asarray(ids)
    if ids.ndim != 2 or ids.shape[1] < 2 or not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(
            f"ids: expected integer rows (N, L) with L >= 2, got {ids.dtype} {ids.shape}"
        )
    if ids.min() < 0 or ids.max() >= vocab_size:
        raise ValueError(
            f"ids: expected values in [0, {vocab_size}), got [{ids.min()}, {ids.max()}]"
        )
    return ids
