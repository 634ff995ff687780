"""rnn_utils.ngram: counts, the interpolated (Jelinek-Mercer) model and its EM weights, Kneser-Ney."""

import math

import numpy as np
import pytest

from rnn_utils import ngram, text

# --- n-grams -----------------------------------------------------------------------------

IDS = np.array([[0, 2, 3, 2, 3], [0, 3, 2, 2, 4]])
V = 5


def test_ngram_counts_by_hand():
    assert ngram.ngram_counts(IDS, 1, V).tolist() == [0, 0, 4, 3, 1]
    bigram = ngram.ngram_counts(IDS, 2, V)
    assert bigram.shape == (V, V) and bigram.sum() == 8
    assert (
        bigram[2, 3] == 2
        and bigram[3, 2] == 2
        and bigram[0, 2] == 1
        and bigram[2, 4] == 1
    )
    trigram = ngram.ngram_counts(IDS, 3, V)
    assert (
        trigram[(0, 0, 2)] == 1 and trigram[(2, 3, 2)] == 1 and trigram[(3, 2, 2)] == 1
    )
    assert sum(trigram.values()) == 8
    with pytest.raises(ValueError, match="order"):
        ngram.ngram_counts(IDS, 4, V)
    with pytest.raises(ValueError, match=r"values in \[0, 4\)"):
        ngram.ngram_counts(IDS, 2, 4)


@pytest.mark.parametrize(
    "order, weights", [(1, (1.0,)), (2, (0.3, 0.7)), (3, (0.2, 0.3, 0.5))]
)
def test_interpolated_ngram_is_a_distribution_and_log_probs_agree_with_next_probs(
    order, weights
):
    model = ngram.InterpolatedNGram(IDS, order, V, weights, alpha=0.5)
    contexts = np.array([[0, 0], [0, 2], [2, 3], [4, 4], [1, 1]])[:, 2 - (order - 1) :]
    probs = model.next_probs(contexts)
    assert (
        probs.shape == (5, V)
        and np.allclose(probs.sum(axis=1), 1)
        and (probs > 0).all()
    )
    test = np.array([[0, 2, 3, 4, 1], [0, 4, 4, 2, 3]])
    log_p = model.log_probs(test)
    padded = np.concatenate(
        [np.repeat(test[:, :1], max(order - 2, 0), axis=1), test], axis=1
    )
    for t in range(test.shape[1] - 1):
        p = model.next_probs(padded[:, t : t + order - 1])[np.arange(2), test[:, t + 1]]
        np.testing.assert_allclose(log_p[:, t], np.log(p), rtol=1e-12)


def test_interpolated_bigram_matches_the_formula():
    lam, alpha = 0.6, 0.5
    model = ngram.InterpolatedNGram(IDS, 2, V, (1 - lam, lam), alpha=alpha)
    unigram = (np.array([0, 0, 4, 3, 1]) + alpha) / (8 + alpha * V)
    # after 2 come 3, 3, 2 and 4 (N(2) = 4); after 3 come 2 and 2
    assert math.isclose(
        model.next_probs([[2]])[0, 3], lam * 2 / 4 + (1 - lam) * unigram[3]
    )
    assert math.isclose(
        model.next_probs([[3]])[0, 2], lam * 1.0 + (1 - lam) * unigram[2]
    )
    # symbol 1 never occurs as a context: all weight goes to the unigram
    np.testing.assert_allclose(model.next_probs([[1]])[0], unigram)


def test_trigram_hands_the_weight_of_an_unseen_pair_down():
    model = ngram.InterpolatedNGram(IDS, 3, V, (0.2, 0.3, 0.5), alpha=0.5)
    bigram = ngram.InterpolatedNGram(IDS, 2, V, (0.2, 0.8), alpha=0.5)
    np.testing.assert_allclose(
        model.next_probs([[4, 2]]), bigram.next_probs([[2]])
    )  # (4, 2) never seen


def test_reweighted_shares_counts_and_checks_weights():
    model = ngram.InterpolatedNGram(IDS, 2, V, (0.5, 0.5))
    other = model.reweighted((0.1, 0.9))
    assert (
        other.weights == (0.1, 0.9)
        and model.weights == (0.5, 0.5)
        and other.bigram is model.bigram
    )
    with pytest.raises(ValueError, match="weights"):
        model.reweighted((0.5, 0.6))
    with pytest.raises(ValueError, match="weights"):
        ngram.InterpolatedNGram(IDS, 3, V, (0.5, 0.5))
    with pytest.raises(ValueError, match="alpha:"):
        ngram.InterpolatedNGram(IDS, 1, V, (1.0,), alpha=0)
    with pytest.raises(ValueError, match="context"):
        model.next_probs([[1, 2]])


def test_ngram_step_generates_its_training_text_greedily():
    ids = np.array([[0, 2, 3, 4, 2, 3, 4]])
    model = ngram.InterpolatedNGram(ids, 2, 5, (0.01, 0.99))
    assert text.generate(model.step, 1, 6, temperature=0).tolist() == [
        [2, 3, 4, 2, 3, 4]
    ]


# --- EM weights --------------------------------------------------------------------------


def test_fit_weights_reaches_the_maximum_over_the_simplex():
    model = ngram.InterpolatedNGram(IDS, 3, V, (0.2, 0.3, 0.5), alpha=0.5)
    held_out = np.array([[0, 2, 3, 4, 1, 2], [0, 3, 2, 3, 2, 2], [0, 2, 2, 3, 3, 4]])
    tuned = model.fit_weights(held_out)
    w = np.array(tuned.weights)
    assert math.isclose(w.sum(), 1.0) and (w >= 0).all() and tuned.iterations > 1
    assert model.weights == (0.2, 0.3, 0.5)  # the original is untouched
    best = tuned.log_probs(held_out).sum()
    grid = [
        (a, b, 1 - a - b)
        for a in np.linspace(0, 1, 21)
        for b in np.linspace(0, 1, 21)
        if a + b <= 1 + 1e-12
    ]
    with np.errstate(divide="ignore"):  # a zero unigram weight gives log 0
        assert all(
            model.reweighted(np.clip(g, 0, None) / np.clip(g, 0, None).sum())
            .log_probs(held_out)
            .sum()
            <= best + 1e-9
            for g in grid
        )
    # the optimum's condition: each component with weight > 0 has mean p_i / P = 1
    p = model.component_probs(held_out).reshape(3, -1)
    ratio = (p / (w @ p)).mean(axis=1)
    np.testing.assert_allclose(ratio[w > 1e-3], 1.0, atol=1e-4)
    assert (ratio <= 1 + 1e-4).all()


def test_component_probs_hand_the_weight_down_and_sum_to_log_probs():
    model = ngram.InterpolatedNGram(IDS, 3, V, (0.2, 0.3, 0.5), alpha=0.5)
    rows = np.array([[0, 4, 2, 3]])  # (4, 2) never occurred: trigram row = bigram row
    p = model.component_probs(rows)
    assert p.shape == (3, 1, 3)
    assert (
        p[2, 0, 1] == p[1, 0, 1] and p[1, 0, 2] == 2 / 4
    )  # 3 follows 2 in 2 of 4 bigrams
    np.testing.assert_allclose(
        np.log(np.tensordot([0.2, 0.3, 0.5], p, axes=1)), model.log_probs(rows)
    )


# --- Kneser-Ney --------------------------------------------------------------------------
# IDS by hand. Bigrams: N(0,2)=N(0,3)=N(2,2)=N(2,4)=1, N(2,3)=N(3,2)=2. Continuation counts
# N1+(., c): symbol 2 follows 0, 2 and 3 -> 3; symbol 3 follows 0 and 2 -> 2; symbol 4 follows 2 -> 1;
# 6 in all, 3 symbols with any. With every discount 0.5 the lowest order is
# P1(c) = (max(N1+(., c) - 0.5, 0) + 0.5 * 3 / 5) / 6: P1(2) = 2.8/6, P1(3) = 1.8/6, P1(4) = 0.8/6,
# P1(0) = P1(1) = 0.3/6.
P1_HAND = np.array([0.3, 0.3, 2.8, 1.8, 0.8]) / 6


def test_kneser_ney_bigram_by_hand():
    model = ngram.KneserNeyNGram(IDS, 2, V, discounts=(0.5, 0.5))
    np.testing.assert_allclose(model.unigram, P1_HAND, rtol=1e-12)
    after_2 = model.next_probs([[2]])[0]  # N(2, .) = 4 over 3 distinct successors
    assert math.isclose(after_2[3], (2 - 0.5 + 0.5 * 3 * 1.8 / 6) / 4)  # 0.4875
    assert math.isclose(
        after_2[1], 0.5 * 3 * 0.3 / 6 / 4
    )  # 0.01875: never seen after 2
    np.testing.assert_allclose(model.next_probs([[1]])[0], P1_HAND)  # 1 never a context
    assert math.isclose(after_2[3], 0.4875) and math.isclose(after_2.sum(), 1.0)


def test_kneser_ney_trigram_by_hand():
    model = ngram.KneserNeyNGram(IDS, 3, V, discounts=(0.5, 0.5, 0.5))
    # middle order from continuation counts N1+(., 2, c): (2, 3) after 0 and 3 -> 2; (2, 2) after 3 -> 1;
    # (2, 4) after 2 -> 1: total 4 over 3 types
    middle = model.next_probs([[4, 2]])[
        0
    ]  # (4, 2) never occurred: the middle order alone
    expected = (
        np.array(
            [
                0.5 * 3 * P1_HAND[0],
                0.5 * 3 * P1_HAND[1],
                0.5 + 1.5 * P1_HAND[2],
                1.5 + 1.5 * P1_HAND[3],
                0.5 + 1.5 * P1_HAND[4],
            ]
        )
        / 4
    )
    np.testing.assert_allclose(middle, expected, rtol=1e-12)
    np.testing.assert_allclose(
        expected, [0.01875, 0.01875, 0.3, 0.4875, 0.175], rtol=1e-12
    )
    # top order after (3, 2): N(3, 2, 3) = N(3, 2, 2) = 1, total 2 over 2 types
    top = model.next_probs([[3, 2]])[0]
    assert math.isclose(top[3], (1 - 0.5 + 0.5 * 2 * 0.4875) / 2)  # 0.49375
    assert math.isclose(top[4], 0.5 * 2 * 0.175 / 2)  # 0.0875
    assert math.isclose(top.sum(), 1.0)


@pytest.mark.parametrize("order", [2, 3])
def test_kneser_ney_is_a_distribution_and_log_probs_agree_with_next_probs(order):
    model = ngram.KneserNeyNGram(IDS, order, V)
    contexts = np.array([[0, 0], [0, 2], [2, 3], [4, 4], [1, 1]])[:, 2 - (order - 1) :]
    probs = model.next_probs(contexts)
    assert np.allclose(probs.sum(axis=1), 1) and (probs > 0).all()
    test = np.array([[0, 2, 3, 4, 1], [0, 4, 4, 2, 3]])
    padded = np.concatenate([np.repeat(test[:, :1], order - 2, axis=1), test], axis=1)
    log_p = model.log_probs(test)
    for t in range(test.shape[1] - 1):
        p = model.next_probs(padded[:, t : t + order - 1])[np.arange(2), test[:, t + 1]]
        np.testing.assert_allclose(log_p[:, t], np.log(p), rtol=1e-12)
    assert math.isclose(model.perplexity(test), float(np.exp(-log_p.mean())))


def test_kneser_ney_default_discounts_and_bad_input():
    # bigram model: continuation counts 3, 2, 1 (n1 = 1, n2 = 1 -> 1/3); counts 1, 1, 1, 1, 2, 2 (4 / (4 + 4))
    assert ngram.KneserNeyNGram(IDS, 2, V).discounts == (1 / 3, 0.5)
    with pytest.raises(ValueError, match="discounts"):
        ngram.KneserNeyNGram(IDS, 2, V, discounts=(0.5, 1.5))
    with pytest.raises(ValueError, match="order"):
        ngram.KneserNeyNGram(IDS, 1, V)
    with pytest.raises(ValueError, match="context"):
        ngram.KneserNeyNGram(IDS, 3, V).next_probs([[1]])


def test_kneser_ney_step_generates_its_training_text_greedily():
    ids = np.array([[0, 2, 3, 4, 2, 3, 4]])
    model = ngram.KneserNeyNGram(ids, 3, 5)
    assert text.generate(model.step, 1, 6, temperature=0).tolist() == [
        [2, 3, 4, 2, 3, 4]
    ]
