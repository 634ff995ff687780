"""The published long-time-lag tasks, generated exactly as their papers define them.

Every generator takes ``seed`` (an int, passed to ``np.random.default_rng``) and
returns float32 inputs; labels of classification tasks are int32. Positions in
the docstrings count from 1, as the papers do; array indices count from 0.

* ``adding_problem``  Hochreiter & Schmidhuber (1997) §5.4 experiment 4, or the
                      Le et al. (2015) / Arjovsky et al. (2016) variant.
* ``temporal_order``  Hochreiter & Schmidhuber (1997) §5.6 experiment 6a.
* ``copy_memory``     Arjovsky, Shah & Bengio (2016) §4.1 (after Hochreiter & Schmidhuber 1997).
"""

from __future__ import annotations

import numpy as np

ADDING_VARIANTS = ("hochreiter1997", "le2015")
TEMPORAL_ORDER_SYMBOLS = ("E", "B", "X", "Y", "a", "b", "c", "d")  # one-hot index = position here
TEMPORAL_ORDER_CLASSES = ("XX", "XY", "YX", "YY")  # label = index here
TEMPORAL_ORDER_MAX_LEN = 110
COPY_BLANK, COPY_DELIMITER = 0, 9  # copy-memory symbols: 0 blank, 1–8 data, 9 delimiter
COPY_SYMBOLS = 10


def adding_problem(n, seq_len, seed=0, variant="hochreiter1997"):
    """The adding problem: x (n, seq_len, 2) = (value, marker) pairs, y (n, 1).

    ``variant="hochreiter1997"`` (Hochreiter & Schmidhuber 1997, §5.4, experiment 4):
        values ~ U[−1, 1]. The first marked pair (value X1) is one of the first 10;
        the second (X2) is one of the first T/2 − 1 pairs still unmarked (T = seq_len,
        T/2 rounded down), so it lies among the first T/2 positions. Markers are 1
        on those two pairs, −1 on the first and the last pair (unless the first is
        marked), 0 elsewhere. If the first pair is X1's, X1 is set to 0 (the paper's
        rule). Target 0.5 + (X1 + X2)/4; a sequence counts as solved when
        |error| < 0.04 (``adding_solved``).
        One deliberate simplification: the paper draws each length from [T, T + T/10];
        here every sequence has length ``seq_len`` so that a batch is one array.
    ``variant="le2015"`` (Le, Jaitly & Hinton 2015; Arjovsky et al. 2016):
        values ~ U[0, 1]; one marker (1) in each half of the sequence, 0 elsewhere;
        target X1 + X2.
    """
    rng = np.random.default_rng(seed)
    n, T = _positive_int(n, "n"), _positive_int(seq_len, "seq_len")
    rows = np.arange(n)
    if variant == "hochreiter1997":
        if T < 11:
            raise ValueError(
                f"seq_len: expected >= 11 (10 candidate first positions + a last pair), got {T}"
            )
        values = rng.uniform(-1.0, 1.0, size=(n, T))
        markers = np.zeros((n, T))
        markers[:, 0] = markers[:, -1] = -1.0
        p1 = rng.integers(0, 10, size=n)
        k = rng.integers(0, T // 2 - 1, size=n)  # k-th of the first T/2 − 1 unmarked pairs
        p2 = k + (k >= p1)
        values[rows[p1 == 0], 0] = 0.0  # "X1 is set to zero ... where the first pair got marked"
        markers[rows, p1] = markers[rows, p2] = 1.0
        y = 0.5 + (values[rows, p1] + values[rows, p2]) / 4.0
    elif variant == "le2015":
        if T < 2:
            raise ValueError(f"seq_len: expected >= 2 (one marker in each half), got {T}")
        values = rng.uniform(0.0, 1.0, size=(n, T))
        markers = np.zeros((n, T))
        p1 = rng.integers(0, T // 2, size=n)
        p2 = rng.integers(T // 2, T, size=n)
        markers[rows, p1] = markers[rows, p2] = 1.0
        y = values[rows, p1] + values[rows, p2]
    else:
        raise ValueError(f"variant: expected one of {ADDING_VARIANTS}, got {variant!r}")
    x = np.stack([values, markers], axis=-1).astype(np.float32)
    return x, y.reshape(n, 1).astype(np.float32)


def adding_constant_baseline(variant="hochreiter1997"):
    """(best constant prediction, its expected MSE) for ``adding_problem``: what "no memory" scores.

    hochreiter1997: the mean 0.5; MSE = Var((X1 + X2)/4) = (Var X1 + Var X2)/16 with
        Var X2 = 1/3 (U[−1, 1]) and Var X1 = (9/10)·(1/3), because X1 is zeroed when the
        first marker falls on the first pair (probability 1/10): 19/480 ≈ 0.0396. Without
        that rule it would be 1/24 ≈ 0.0417.
    le2015: the mean 1.0; MSE = Var(X1 + X2) = 2/12 = 1/6 ≈ 0.1667.
    """
    if variant == "hochreiter1997":
        return 0.5, (0.9 / 3 + 1 / 3) / 16
    if variant == "le2015":
        return 1.0, 1 / 6
    raise ValueError(f"variant: expected one of {ADDING_VARIANTS}, got {variant!r}")


def adding_solved(pred, y, tol=0.04):
    """Fraction of sequences with |pred − y| < tol (Hochreiter & Schmidhuber's criterion: 0.04)."""
    pred, y = np.asarray(pred, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if pred.size != y.size or pred.squeeze().shape != y.squeeze().shape:
        raise ValueError(
            f"pred: expected the shape of y {y.shape} (or it squeezed), got {pred.shape}"
        )
    return float(np.mean(np.abs(pred.reshape(-1) - y.reshape(-1)) < tol))


def temporal_order(n, seed=0, *, one_hot_labels=False, return_lengths=False):
    """Temporal order, Hochreiter & Schmidhuber (1997) experiment 6a: classify the order of X and Y.

    Symbols, one-hot in this order: E, B, X, Y, a, b, c, d. A sequence has length
    L ~ uniform{100, …, 110}, starts with E and ends with B (the trigger); positions
    t1 ~ uniform{10, …, 20} and t2 ~ uniform{50, …, 60} (counted from 1, E being 1)
    hold X or Y, every other position a random distractor a–d. Class by the pair:
    XX → 0, XY → 1, YX → 2, YY → 3 (``TEMPORAL_ORDER_CLASSES``; the paper's Q, R, S, U).

    Returns x (n, 110, 8) float32, zero vectors after position L ("post" padding:
    ``keras.layers.Masking(mask_value=0.0)`` in front of the RNN skips them, so the
    final state is the one after B); y (n,) int32 labels, or (n, 4) float32 one-hot
    with ``one_hot_labels=True``; and the lengths (n,) int32 if ``return_lengths``.
    """
    rng = np.random.default_rng(seed)
    n = _positive_int(n, "n")
    rows = np.arange(n)
    lengths = rng.integers(100, 111, size=n)
    seq = rng.integers(4, 8, size=(n, TEMPORAL_ORDER_MAX_LEN))  # distractors a–d
    seq[:, 0] = 0  # E
    seq[rows, lengths - 1] = 1  # B
    t1, t2 = rng.integers(10, 21, size=n), rng.integers(50, 61, size=n)
    first, second = rng.integers(0, 2, size=n), rng.integers(0, 2, size=n)  # 0 = X, 1 = Y
    seq[rows, t1 - 1] = 2 + first
    seq[rows, t2 - 1] = 2 + second
    x = np.eye(8, dtype=np.float32)[seq]
    x[np.arange(TEMPORAL_ORDER_MAX_LEN)[None, :] >= lengths[:, None]] = 0.0  # padding
    y = (2 * first + second).astype(np.int32)
    if one_hot_labels:
        y = np.eye(4, dtype=np.float32)[y]
    if return_lengths:
        return x, y, lengths.astype(np.int32)
    return x, y


def copy_memory(n, T, seed=0, *, one_hot=False):
    """Copy memory, Arjovsky, Shah & Bengio (2016) §4.1: recall 10 symbols after T steps.

    Symbols: 0 blank, 1–8 data, 9 delimiter. Input (length T + 20): 10 data symbols
    drawn uniformly from 1–8, T − 1 blanks, the delimiter, 10 blanks. Target: T + 10
    blanks, then the 10 data symbols.

    Returns x (n, T + 20) int32, or (n, T + 20, 10) float32 one-hot with ``one_hot=True``;
    y (n, T + 20) int32 labels in either case (for sparse categorical cross-entropy).
    """
    rng = np.random.default_rng(seed)
    n, T = _positive_int(n, "n"), _positive_int(T, "T")
    data = rng.integers(1, 9, size=(n, 10))
    x = np.zeros((n, T + 20), dtype=np.int32)
    x[:, :10] = data
    x[:, T + 9] = COPY_DELIMITER
    y = np.zeros((n, T + 20), dtype=np.int32)
    y[:, -10:] = data
    if one_hot:
        return np.eye(COPY_SYMBOLS, dtype=np.float32)[x], y
    return x, y


def copy_memory_baseline(T):
    """Cross-entropy per step of the memoryless strategy: blanks for T + 10 steps, then
    a uniform guess over the 8 symbols: 10·ln 8 / (T + 20) nats (0.173 at T = 100)."""
    T = _positive_int(T, "T")
    return 10 * np.log(8) / (T + 20)


def _positive_int(v, name):
    if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < 1:
        raise ValueError(f"{name}: expected a positive int, got {v!r}")
    return int(v)
