"""The task generators reproduce their papers' definitions and published statistics."""

import numpy as np
import pytest

import rnn_utils as ru
from rnn_utils.tasks import TEMPORAL_ORDER_CLASSES, TEMPORAL_ORDER_SYMBOLS

N = 20_000


def test_adding_hochreiter1997_structure():
    T = 100
    x, y = ru.adding_problem(N, T, seed=1)
    assert x.shape == (N, T, 2) and y.shape == (N, 1) and x.dtype == y.dtype == np.float32
    values, markers = x[..., 0], x[..., 1]
    assert values.min() >= -1 and values.max() <= 1
    marked = markers == 1
    assert np.all(marked.sum(axis=1) == 2)  # exactly two marked pairs
    pos = np.sort(np.nonzero(marked)[1].reshape(N, 2), axis=1)
    # One marker among the first 10 pairs; the other among the first T/2 pairs, i.e. one of
    # the first T/2 − 1 pairs left unmarked (paper's wording).
    assert np.all(pos[:, 0] <= 9) and np.all(pos[:, 1] <= T // 2 - 1)
    assert pos[:, 1].max() == T // 2 - 1 and pos[:, 0].min() == 0
    # −1 on the first and the last pair unless marked, 0 elsewhere.
    assert np.all(markers[:, -1] == -1)
    assert np.all(markers[~marked[:, 0], 0] == -1)
    assert np.all(np.isin(markers[:, 1:-1], [0, 1]))
    # Target: 0.5 + (X1 + X2)/4 from the marked values (X1 zeroed when the first pair is marked).
    np.testing.assert_allclose(y[:, 0], 0.5 + (values * marked).sum(axis=1) / 4, atol=1e-6)


def test_adding_hochreiter1997_first_pair_rule():
    x, _ = ru.adding_problem(5000, 60, seed=2)
    first_marked = x[:, 0, 1] == 1
    # Pair 1 is marked with probability 1/10 (as X1) + 9/10 · 1/29 (as X2) ≈ 0.131.
    assert 0.11 < first_marked.mean() < 0.15
    # As X1 its value is zeroed: a value of exactly 0.0 has probability 0 under U[−1, 1], so the
    # zeros count the X1 hits: 1/10 of the sequences (5 binomial standard errors: 0.021).
    assert abs(np.mean(first_marked & (x[:, 0, 0] == 0)) - 0.1) < 0.021
    assert np.all(x[:, 1:, 0] != 0)


@pytest.mark.parametrize("variant", ["hochreiter1997", "le2015"])
def test_adding_constant_baseline_matches_data(variant):
    """The best constant's MSE on 20 000 sequences equals the closed form within 5 standard errors.

    Standard error of a mean of squared errors: std(e²)/√N. For hochreiter1997 e = (X1+X2)/4:
    E e² = 1/24, E e⁴ = (2/5 + 6/9)/256, std(e²) ≈ 0.049, SE ≈ 3.5e-4. For le2015
    e = X1 + X2 − 1: E e⁴ = 1/15, std(e²) ≈ 0.197, SE ≈ 1.4e-3.
    """
    x, y = ru.adding_problem(N, 100, seed=3, variant=variant)
    constant, mse = ru.adding_constant_baseline(variant)
    assert abs(y.mean() - constant) < 0.01
    se = {"hochreiter1997": 3.5e-4, "le2015": 1.4e-3}[variant]
    assert abs(np.mean((y - constant) ** 2) - mse) < 5 * se
    if variant == "hochreiter1997":
        # 19/480 ≈ 0.0396 (the paper's X1 = 0 rule), not the 1/24 ≈ 0.0417 of the plain sum:
        # the two differ by 6 standard errors, so this test tells them apart.
        assert mse == pytest.approx(19 / 480) and abs(mse - 1 / 24) > 5 * se
    else:
        assert mse == pytest.approx(1 / 6)


def test_adding_le2015_structure():
    T = 50
    x, y = ru.adding_problem(2000, T, seed=4, variant="le2015")
    values, markers = x[..., 0], x[..., 1]
    assert values.min() >= 0 and values.max() <= 1
    assert np.all(markers[:, : T // 2].sum(axis=1) == 1) and np.all(
        markers[:, T // 2 :].sum(axis=1) == 1
    )
    assert set(np.unique(markers)) == {0.0, 1.0}
    np.testing.assert_allclose(y[:, 0], (values * markers).sum(axis=1), atol=1e-6)


def test_adding_is_seeded():
    a, b, c = (ru.adding_problem(10, 30, seed=s)[0] for s in (5, 5, 6))
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_adding_solved():
    y = np.array([[0.5], [0.7], [0.2]])
    assert ru.adding_solved(y, y) == 1.0
    assert ru.adding_solved(y[:, 0] + np.array([0.03, 0.05, -0.039]), y) == pytest.approx(2 / 3)
    assert ru.adding_solved(np.full_like(y, 0.5), y, tol=0.25) == pytest.approx(2 / 3)


def test_temporal_order_structure_and_balance():
    n = 4000
    x, y, lengths = ru.temporal_order(n, seed=7, return_lengths=True)
    assert x.shape == (n, 110, 8) and x.dtype == np.float32 and y.dtype == np.int32
    assert lengths.min() == 100 and lengths.max() == 110
    steps = np.arange(110)[None, :]
    valid = steps < lengths[:, None]
    assert np.all(x.sum(axis=-1) == valid)  # one-hot inside, zero vectors after the end
    sym = x.argmax(axis=-1)
    E, B, X, Y = (TEMPORAL_ORDER_SYMBOLS.index(s) for s in "EBXY")
    assert np.all(sym[:, 0] == E)
    assert np.all(sym[np.arange(n), lengths - 1] == B)
    xy = valid & np.isin(sym, [X, Y])
    assert np.all(xy.sum(axis=1) == 2)
    pos = np.nonzero(xy)[1].reshape(n, 2) + 1  # 1-based, as in the paper
    assert pos[:, 0].min() == 10 and pos[:, 0].max() == 20
    assert pos[:, 1].min() == 50 and pos[:, 1].max() == 60
    inner = valid & ~xy
    inner[:, 0] = False
    inner[np.arange(n), lengths - 1] = False
    assert np.all(sym[inner] >= 4)  # distractors a–d everywhere else
    # The label is the order of the two symbols.
    first, second = sym[np.arange(n), pos[:, 0] - 1], sym[np.arange(n), pos[:, 1] - 1]
    names = np.array(TEMPORAL_ORDER_CLASSES)[y]
    assert all(
        n_[0] == "XY"[f - X] and n_[1] == "XY"[s - X]
        for n_, f, s in zip(names, first, second, strict=True)
    )
    # Balanced classes: each within 5 binomial standard errors of n/4.
    counts = np.bincount(y, minlength=4)
    assert np.all(np.abs(counts - n / 4) < 5 * np.sqrt(n * 0.25 * 0.75))
    onehot = ru.temporal_order(10, seed=7, one_hot_labels=True)[1]
    labels = ru.temporal_order(10, seed=7)[1]
    assert onehot.shape == (10, 4) and np.array_equal(onehot.argmax(axis=1), labels)


def test_temporal_order_padding_is_skipped_by_keras_masking():
    import keras

    x, _, lengths = ru.temporal_order(3, seed=8, return_lengths=True)
    lstm = keras.layers.LSTM(4)
    masked = keras.Sequential([keras.Input((110, 8)), keras.layers.Masking(0.0), lstm])
    got = masked(x).numpy()
    for i in range(3):
        np.testing.assert_allclose(got[i], lstm(x[i : i + 1, : lengths[i]]).numpy()[0], atol=1e-6)


def test_copy_memory_structure():
    T, n = 100, 3000
    x, y = ru.copy_memory(n, T, seed=9)
    assert x.shape == y.shape == (n, T + 20) and x.dtype == y.dtype == np.int32
    assert np.all((x[:, :10] >= 1) & (x[:, :10] <= 8))
    assert (
        np.all(x[:, 10 : T + 9] == 0) and np.all(x[:, T + 9] == 9) and np.all(x[:, T + 10 :] == 0)
    )
    assert np.all(y[:, : T + 10] == 0) and np.array_equal(y[:, T + 10 :], x[:, :10])
    counts = np.bincount(x[:, :10].ravel(), minlength=9)[1:]
    assert np.all(np.abs(counts - n * 10 / 8) < 5 * np.sqrt(n * 10 * (1 / 8) * (7 / 8)))
    x1, _ = ru.copy_memory(4, 5, seed=9, one_hot=True)
    assert x1.shape == (4, 25, 10) and x1.dtype == np.float32 and np.all(x1.sum(-1) == 1)


def test_copy_memory_baseline_is_the_memoryless_cross_entropy():
    assert ru.copy_memory_baseline(100) == pytest.approx(0.173, abs=5e-4)
    for T in (10, 100):
        _, y = ru.copy_memory(500, T, seed=10)
        # Memoryless strategy: blank with probability 1 for T + 10 steps, then uniform over 1–8.
        p = np.zeros((T + 20, 10))
        p[: T + 10, 0] = 1.0
        p[T + 10 :, 1:9] = 1 / 8
        ce = -np.log(p[np.arange(T + 20)[None, :], y]).mean()
        assert ce == pytest.approx(ru.copy_memory_baseline(T), rel=1e-12)
