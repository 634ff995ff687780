"""The task generators reproduce their papers' definitions and published statistics."""

import numpy as np
import pytest

import rnn_utils as ru

N = 20_000


def test_adding_hochreiter1997_structure():
    T = 100
    x, y = ru.adding_problem(N, T, seed=1)
    assert (
        x.shape == (N, T, 2) and y.shape == (N, 1) and x.dtype == y.dtype == np.float32
    )
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
    np.testing.assert_allclose(
        y[:, 0], 0.5 + (values * marked).sum(axis=1) / 4, atol=1e-6
    )


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
    assert ru.adding_solved(
        y[:, 0] + np.array([0.03, 0.05, -0.039]), y
    ) == pytest.approx(2 / 3)
    assert ru.adding_solved(np.full_like(y, 0.5), y, tol=0.25) == pytest.approx(2 / 3)
