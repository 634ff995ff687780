"""rnn_utils.text: vocabulary and ids, sampling, the quatrain's form, stream windows."""

import numpy as np
import pytest

from rnn_utils import text

POEM = "白日依山盡，黃河入海流。欲窮千里目，更上一層樓。"


# --- vocabulary and ids ------------------------------------------------------------------


def test_vocabulary_starts_with_the_specials_and_ranks_by_count_then_code_point():
    vocab = text.char_vocabulary(["abcb", "cbd"], 5)
    assert vocab[:2] == [text.START, text.UNKNOWN]
    assert vocab[2:] == ["b", "c", "a"]  # b 3, c 2, then a and d tie at 1: a < d
    assert (
        text.char_vocabulary(["cbd", "abcb"], 5) == vocab
    )  # order of the texts does not matter


def test_vocabulary_rejects_bad_input():
    with pytest.raises(ValueError, match="size"):
        text.char_vocabulary(["ab"], 2)
    with pytest.raises(ValueError, match="reserved"):
        text.char_vocabulary([text.UNKNOWN + "a"], 5)
    with pytest.raises(ValueError, match="strings"):
        text.char_vocabulary([1, 2], 5)


def test_encode_decode_round_trip_with_unknowns():
    vocab = text.char_vocabulary([POEM], 10)
    ids = text.encode(POEM, vocab)
    assert ids.dtype == np.int32 and ids.shape == (25,) and ids[0] == 0
    back = text.decode(ids, vocab)
    assert len(back) == 24
    assert all(a == b or b == text.UNKNOWN for a, b in zip(POEM, back, strict=True))
    assert text.UNKNOWN in back  # 10 symbols cannot hold 22 characters
    batch = text.encode([POEM, POEM], vocab, start=False)
    assert batch.shape == (2, 24) and text.decode(batch, vocab) == [back, back]


def test_encode_and_decode_reject_bad_input():
    vocab = text.char_vocabulary([POEM], 10)
    with pytest.raises(ValueError, match="one length"):
        text.encode(["ab", "abc"], vocab)
    with pytest.raises(ValueError, match="vocabulary"):
        text.encode("ab", ["a", "b", "c"])
    with pytest.raises(ValueError, match=r"values in \[0, 10\)"):
        text.decode(np.array([0, 10]), vocab)
    with pytest.raises(ValueError, match="integer ids"):
        text.decode(np.array([0.5]), vocab)


def test_split_indices_is_a_seeded_partition():
    train, val = text.split_indices(100, 0.1, seed=3)
    assert len(val) == 10 and len(train) == 90
    assert sorted(np.concatenate([train, val]).tolist()) == list(range(100))
    assert np.all(np.diff(train) > 0) and np.all(np.diff(val) > 0)
    again = text.split_indices(100, 0.1, seed=3)
    assert np.array_equal(again[1], val)
    assert not np.array_equal(text.split_indices(100, 0.1, seed=4)[1], val)
    for bad in (0, 1, 1.5):
        with pytest.raises(ValueError, match="validation_fraction"):
            text.split_indices(100, bad, seed=0)
    with pytest.raises(ValueError, match="empty split"):
        text.split_indices(3, 0.1, seed=0)


# --- sampling ----------------------------------------------------------------------------


def test_softmax_temperature_limits():
    y = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(text.softmax(y), np.exp(y) / np.exp(y).sum())
    assert text.softmax(y, 1e-3).argmax() == 2 and text.softmax(y, 1e-3).max() > 0.999
    np.testing.assert_allclose(text.softmax(y, 1e6), np.full(3, 1 / 3), atol=1e-6)
    assert np.isfinite(text.softmax(np.array([1000.0, 0.0]))).all()
    with pytest.raises(ValueError, match="temperature"):
        text.softmax(y, 0)


def test_sample_follows_the_probabilities():
    rng = np.random.default_rng(0)
    probs = np.tile([0.1, 0.0, 0.6, 0.3], (20_000, 1))
    counts = np.bincount(text.sample(probs, rng), minlength=4) / 20_000
    assert counts[1] == 0 and np.abs(counts - probs[0]).max() < 0.015
    with pytest.raises(ValueError, match="probabilities"):
        text.sample(np.array([[0.5, 0.6]]), rng)


def _cycle_step(ids, state):
    """A toy model: after id i, id (i + 1) mod 4 is very likely."""
    logits = np.full((len(ids), 4), -5.0)
    logits[np.arange(len(ids)), (ids + 1) % 4] = 5.0
    return logits, state


def test_generate_greedy_forced_banned_and_sampled():
    greedy = text.generate(_cycle_step, 2, 6, temperature=0)
    assert greedy.tolist() == [[1, 2, 3, 0, 1, 2]] * 2
    forced = text.generate(_cycle_step, 1, 6, temperature=0, forced={2: 0})
    assert forced.tolist() == [[1, 2, 0, 1, 2, 3]]
    banned = text.generate(_cycle_step, 1, 3, temperature=0, banned=[2])
    assert 2 not in banned
    sampled = text.generate(
        _cycle_step, 50, 6, temperature=1.0, rng=np.random.default_rng(0)
    )
    assert (
        sampled.shape == (50, 6)
        and sampled.dtype == np.int32
        and (sampled == np.array(greedy[0])).mean() > 0.9
    )


def test_generate_rejects_bad_input():
    with pytest.raises(ValueError, match="rng"):
        text.generate(_cycle_step, 1, 3, temperature=1.0)
    with pytest.raises(ValueError, match="temperature"):
        text.generate(_cycle_step, 1, 3, temperature=-1)
    with pytest.raises(ValueError, match="forced"):
        text.generate(_cycle_step, 1, 3, temperature=0, forced={3: 1})
    with pytest.raises(ValueError, match="banned"):
        text.generate(_cycle_step, 1, 3, temperature=0, banned=[4])
    with pytest.raises(ValueError, match="length"):
        text.generate(_cycle_step, 1, 0, temperature=0)


# --- the quatrain's form -----------------------------------------------------------------


def test_quatrain_form():
    assert text.is_quatrain(POEM)
    assert text.quatrain_lines(POEM) == [
        "白日依山盡",
        "黃河入海流",
        "欲窮千里目",
        "更上一層樓",
    ]
    assert text.is_quatrain("□□□□□，□□□□□。□□□□□，□□□□□。")
    for bad in (
        POEM[:-1],
        POEM.replace("盡，", "，盡"),
        POEM.replace("。", "，"),
        POEM + "。",
        text.START + POEM[1:],
    ):
        assert not text.is_quatrain(bad)
    with pytest.raises(ValueError, match="quatrain"):
        text.quatrain_lines(POEM[:-1])
    with pytest.raises(ValueError, match="string"):
        text.is_quatrain(None)


def test_copied_lines_counts_lines_of_well_formed_texts_only():
    known = {"白日依山盡", "更上一層樓", "□□□□□"}
    other = "白日依山盡，□□□□□。欲窮千里目，黃河入海流。"
    assert text.copied_lines([POEM, other, "not a poem"], known) == (3, 8)
    with pytest.raises(ValueError, match="set"):
        text.copied_lines([POEM], ["白日依山盡"])


# --- stream windows ----------------------------------------------------------------------


def test_stream_windows_continue_across_windows():
    ids = np.arange(1000)
    X, Y = text.stream_windows(ids, 4, 10)
    assert X.shape == Y.shape == (24, 4, 10)  # (999 // 40) windows
    np.testing.assert_array_equal(Y, X + 1)  # targets: the next id
    np.testing.assert_array_equal(
        X[1:, :, 0], X[:-1, :, -1] + 1
    )  # window w + 1 continues window w
    np.testing.assert_array_equal(X[0, :, 0], [0, 240, 480, 720])  # one stream per row
    with pytest.raises(ValueError, match="too few"):
        text.stream_windows(np.arange(20), 4, 10)
    with pytest.raises(ValueError, match="1-D integer"):
        text.stream_windows(np.zeros((2, 50), dtype=int), 2, 5)
