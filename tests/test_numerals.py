"""Chinese numerals ↔ integers (rnn_utils.tasks): the written rules, round trips, rejection of non-numbers."""

import numpy as np
import pytest

from rnn_utils import tasks
from rnn_utils.tasks import from_chinese_numeral, to_chinese_numeral

# Each pair checked by hand against the rules of written Chinese: 零 once for a run of
# inner zeros, no 零 for trailing zeros, 零 after 万 when the lower group is below 1000,
# and 十 without 一 at the start of a number.
WRITTEN = {
    0: "零",
    1: "一",
    10: "十",
    11: "十一",
    12: "十二",
    20: "二十",
    100: "一百",
    101: "一百零一",
    110: "一百一十",
    1000: "一千",
    1001: "一千零一",
    1010: "一千零一十",
    1100: "一千一百",
    1234: "一千二百三十四",
    10000: "一万",
    10010: "一万零一十",
    10100: "一万零一百",
    11000: "一万一千",
    30005: "三万零五",
    100000: "十万",
    100010: "十万零一十",
    150000: "十五万",
    1000000: "一百万",
    1001000: "一百万一千",
    10000000: "一千万",
    10000100: "一千万零一百",
    10101010: "一千零一十万一千零一十",
    99999999: "九千九百九十九万九千九百九十九",
}


@pytest.mark.parametrize("n, text", WRITTEN.items())
def test_written_forms(n, text):
    assert to_chinese_numeral(n) == text
    assert from_chinese_numeral(text) == n


def test_round_trip_and_distinct_for_every_number_below_20000():
    texts = [to_chinese_numeral(n) for n in range(20_000)]
    assert [from_chinese_numeral(t) for t in texts] == list(range(20_000))
    assert len(set(texts)) == len(texts)


def test_round_trip_random_numbers_up_to_10_to_the_8():
    rng = np.random.default_rng(0)
    for n in rng.integers(0, 10**8, size=5_000):
        assert from_chinese_numeral(to_chinese_numeral(n)) == n
    # and around every power of ten, where the zeros and the leading 十 change
    for p in range(1, 9):
        for n in range(max(0, 10**p - 12), min(10**8, 10**p + 12)):
            assert from_chinese_numeral(to_chinese_numeral(n)) == n


def test_written_form_uses_only_the_numeral_characters():
    rng = np.random.default_rng(1)
    used = set(
        "".join(to_chinese_numeral(n) for n in rng.integers(0, 10**8, size=2000))
    )
    assert used == set(tasks.NUMERAL_CHARS)
    assert tasks.LIANG not in used


def test_zero_appears_only_between_digits():
    for n in range(1, 100_000, 37):
        text = to_chinese_numeral(n)
        assert (
            not text.endswith("零") and not text.startswith("零") and "零零" not in text
        )


@pytest.mark.parametrize(
    "text, n",
    [
        ("两千", 2000),
        ("两百", 200),
        ("两万", 20000),
        ("两千二百", 2200),
        ("两百万", 2000000),
        ("两万零二", 20002),
        ("一万两千", 12000),
        ("两万两千", 22000),
        ("两千万", 20_000_000),
    ],
)
def test_liang_is_accepted_for_two_before_hundred_thousand_and_wan(text, n):
    assert from_chinese_numeral(text) == n
    assert from_chinese_numeral(text.replace("两", "二")) == n  # 二 is the written form


@pytest.mark.parametrize(
    "bad", ["十两万", "二十两万", "两千两百", "三千两百", "一百零两万", "一万零两百"]
)
def test_liang_only_leads_the_number_or_the_group_after_wan(bad):
    # in 十二万 the 二 is the units digit of 十二, in 两千二百 the 二 is a hundreds digit inside
    # the group: the written form has 二 there, and so does every colloquial form we accept
    with pytest.raises(
        ValueError, match="expected 两 \\(2\\) only as the first digit"
    ) as err:
        from_chinese_numeral(bad)
    assert str(err.value).endswith(f"got {bad!r}")


def test_bad_characters_are_named_once():
    with pytest.raises(ValueError) as err:
        from_chinese_numeral("1234")
    assert str(err.value).count("1234") == 1 and str(err.value).endswith("got '1234'")
    with pytest.raises(ValueError) as err:
        from_chinese_numeral("一2三4")
    assert str(err.value).endswith(
        "got '一2三4', in which '24' are not numeral characters"
    )


@pytest.mark.parametrize(
    "bad, message",
    [
        ("", "empty string"),
        ("1234", "expected only the characters"),
        ("一千二百三十四 ", "expected only the characters"),
        ("一亿", "expected only the characters"),
        ("两", "expected 两"),
        ("十两", "expected 两"),
        ("两十", "expected 两"),
        ("一二", "a unit"),
        ("一万万", "万 at most once"),
        ("一十", "standard form is '十'"),
        ("一百十", "standard form is '一百一十'"),
        ("百", "standard form is '一百'"),
        ("二十零", "standard Chinese numeral"),
        ("零五", "standard Chinese numeral"),
        ("一百零零一", "standard Chinese numeral"),
        (
            "三万五",
            "literally it is 30005",
        ),  # colloquial 三万五 (35000) is not the written form
        ("万", "standard Chinese numeral"),
        ("十百", "standard Chinese numeral"),
    ],
)
def test_non_numbers_raise_value_error(bad, message):
    with pytest.raises(ValueError, match=message):
        from_chinese_numeral(bad)


@pytest.mark.parametrize("bad", [-1, 10**8, 1.0, "12", True, None])
def test_to_chinese_rejects_what_is_not_an_int_in_range(bad):
    with pytest.raises(ValueError, match="n: expected"):
        to_chinese_numeral(bad)


def test_from_chinese_rejects_non_strings():
    with pytest.raises(ValueError, match="expected a str"):
        from_chinese_numeral(1234)


def test_numpy_integers_are_ints():
    assert to_chinese_numeral(np.int64(30005)) == "三万零五"


def test_numbers_by_length_are_uniform_over_lengths_and_seeded():
    n = 30_000
    numbers = tasks.numeral_numbers(n, [1, 3, 5, 8], seed=2)
    assert numbers.dtype == np.int64 and numbers.shape == (n,)
    lengths = np.array([len(str(v)) for v in numbers])
    assert set(lengths) == {1, 3, 5, 8}
    for L in (1, 3, 5, 8):  # each length a quarter, within 5 binomial standard errors
        assert abs(np.sum(lengths == L) - n / 4) < 5 * np.sqrt(n * 0.25 * 0.75)
    assert set(numbers[lengths == 1]) == set(
        range(10)
    )  # 0 counts as a one-digit number
    assert np.array_equal(numbers, tasks.numeral_numbers(n, [1, 3, 5, 8], seed=2))
    assert not np.array_equal(numbers, tasks.numeral_numbers(n, [1, 3, 5, 8], seed=3))


def test_excluded_numbers_are_never_drawn():
    held_out = set(range(100, 900))  # 800 of the 900 three-digit numbers
    numbers = tasks.numeral_numbers(5000, [3], seed=4, exclude=held_out)
    assert set(numbers) <= set(range(900, 1000))
    with pytest.raises(ValueError, match="all excluded"):
        tasks.numeral_numbers(10, [1], exclude=range(10))


@pytest.mark.parametrize("lengths", [[0], [9], [], ["3"], [True], None])
def test_bad_lengths_raise_value_error(lengths):
    with pytest.raises(ValueError, match="lengths"):
        tasks.numeral_numbers(10, lengths)


def test_translation_pairs_agree_with_the_converter():
    numbers, sources, targets = tasks.numeral_translation(500, range(1, 9), seed=5)
    assert len(sources) == len(targets) == 500
    for v, s, t in zip(numbers, sources, targets, strict=True):
        assert (
            s == to_chinese_numeral(v)
            and t == str(v)
            and from_chinese_numeral(s) == int(t)
        )


def test_a_generator_can_be_the_seed():
    a = tasks.numeral_numbers(50, [4], seed=np.random.default_rng(7))
    assert np.array_equal(a, tasks.numeral_numbers(50, [4], seed=7))
