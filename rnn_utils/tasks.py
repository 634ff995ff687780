"""The published long-time-lag tasks, generated exactly as their papers define them.

Every generator takes ``seed`` (an int, passed to ``np.random.default_rng``) and
returns float32 inputs; labels of classification tasks are int32. Positions in
the docstrings count from 1, as the papers do; array indices count from 0.

* ``adding_problem``  Hochreiter & Schmidhuber (1997) §5.4 experiment 4, or the
                      Le et al. (2015) / Arjovsky et al. (2016) variant.
* ``to_chinese_numeral`` / ``numeral_translation``  the sequence-to-sequence
                      chapter's translation task, Chinese numerals to digits.
"""

from __future__ import annotations

import numpy as np

from .checks import positive_int

ADDING_VARIANTS = ("hochreiter1997", "le2015")


def adding_problem(n, seq_len, seed=0, variant="hochreiter1997"):
    """The adding problem: x (n, seq_len, 2) = (value, marker) pairs, y (n, 1).

    ``variant="hochreiter1997"`` (Hochreiter & Schmidhuber 1997, §5.4, experiment 4):
        values ~ U[−1, 1]. The first marked pair (value X1) is one of the first 10;
        the second (X2) is one of the first T/2 − 1 pairs still unmarked (T = seq_len,
        T/2 rounded down), so it lies among the first T/2 positions. Markers are 1
        on those two pairs, −1 on the first and the last pair (unless the first is
        marked), 0 elsewhere. If the first pair is X1's, X1 is set to 0 (the paper's
        rule). Target 0.5 + (X1 + X2)/4; a sequence counts as solved when
        ``|error| < 0.04`` (``adding_solved``).
        One deliberate simplification: the paper draws each length from [T, T + T/10];
        here every sequence has length ``seq_len`` so that a batch is one array.
    ``variant="le2015"`` (Le, Jaitly & Hinton 2015; Arjovsky et al. 2016):
        values ~ U[0, 1]; one marker (1) in each half of the sequence, 0 elsewhere;
        target X1 + X2.
    """
    rng = np.random.default_rng(seed)
    n, T = positive_int(n, "n"), positive_int(seq_len, "seq_len")
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
        k = rng.integers(
            0, T // 2 - 1, size=n
        )  # k-th of the first T/2 − 1 unmarked pairs
        p2 = k + (k >= p1)
        values[rows[p1 == 0], 0] = (
            0.0  # "X1 is set to zero ... where the first pair got marked"
        )
        markers[rows, p1] = markers[rows, p2] = 1.0
        y = 0.5 + (values[rows, p1] + values[rows, p2]) / 4.0
    elif variant == "le2015":
        if T < 2:
            raise ValueError(
                f"seq_len: expected >= 2 (one marker in each half), got {T}"
            )
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

    * hochreiter1997: the mean 0.5; MSE = Var((X1 + X2)/4) = (Var X1 + Var X2)/16 with
      Var X2 = 1/3 (U[−1, 1]) and Var X1 = (9/10)·(1/3), because X1 is zeroed when the
      first marker falls on the first pair (probability 1/10): 19/480 ≈ 0.0396. Without
      that rule it would be 1/24 ≈ 0.0417.
    * le2015: the mean 1.0; MSE = Var(X1 + X2) = 2/12 = 1/6 ≈ 0.1667.
    """
    if variant == "hochreiter1997":
        return 0.5, (0.9 / 3 + 1 / 3) / 16
    if variant == "le2015":
        return 1.0, 1 / 6
    raise ValueError(f"variant: expected one of {ADDING_VARIANTS}, got {variant!r}")


def adding_solved(pred, y, tol=0.04):
    """Fraction of sequences with ``|pred − y| < tol`` (Hochreiter & Schmidhuber's criterion: 0.04)."""
    pred, y = np.asarray(pred, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if pred.size != y.size or pred.squeeze().shape != y.squeeze().shape:
        raise ValueError(
            f"pred: expected the shape of y {y.shape} (or it squeezed), got {pred.shape}"
        )
    return float(np.mean(np.abs(pred.reshape(-1) - y.reshape(-1)) < tol))


# =======================================================================================
# Chinese numerals → Arabic digits: the translation task of the sequence-to-sequence
# chapter. Everything below is generated in code; nothing is downloaded.
#
# Range: 0 ≤ n < 10^8 (up to 九千九百九十九万九千九百九十九), written as standard Chinese does:
# * each group of four digits below and above 万 reads 千, 百, 十 and the units;
# * a run of zeros inside the number is read once as 零 (一百零一 = 101, 一千零一十 = 1010);
#   zeros at the end of a group are not read (二十 = 20, 三万 = 30000);
# * a lower group below 1000 after 万 starts with 零 (三万零五 = 30005, 一万零一十 = 10010);
# * a number that begins with 一十 drops the 一 (十 = 10, 十二 = 12, 十万 = 100000), but
#   一十 stays inside a number (一百一十 = 110).
# from_chinese_numeral accepts exactly these strings, and 两 for 二 where it leads the number
# or the group after 万, in front of 百, 千 or 万 (两千 = 2000, 一万两千 = 12000, not 十两万 or
# 两千两百); anything else raises ValueError with the standard spelling when there is one.
# =======================================================================================

NUMERAL_DIGITS = "零一二三四五六七八九"
NUMERAL_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000}
NUMERAL_CHARS = NUMERAL_DIGITS + "十百千万"  # every character to_chinese_numeral writes
NUMERAL_LIMIT = 10**8  # numbers 0 ≤ n < NUMERAL_LIMIT
NUMERAL_MAX_DIGITS = 8
LIANG = "两"  # the colloquial "two" in front of a unit, accepted on input only


def to_chinese_numeral(n):
    """The standard Chinese numeral of an integer 0 ≤ n < 10^8: 1234 → '一千二百三十四'.

    >>> [to_chinese_numeral(v) for v in (0, 10, 12, 110, 30005, 10010, 100000)]
    ['零', '十', '十二', '一百一十', '三万零五', '一万零一十', '十万']
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer):
        raise ValueError(
            f"n: expected an int with 0 <= n < 10**8, got {n!r} of type {type(n).__name__}"
        )
    n = int(n)
    if not 0 <= n < NUMERAL_LIMIT:
        raise ValueError(f"n: expected 0 <= n < 10**8 (numbers up to 万), got {n}")
    if n == 0:
        return NUMERAL_DIGITS[0]
    high, low = divmod(n, 10_000)
    text = ""
    if high:
        text = _numeral_group(high) + "万"
        if 0 < low < 1000:  # the lower group starts with zeros: read them as one 零
            text += NUMERAL_DIGITS[0]
    if low:
        text += _numeral_group(low)
    if text.startswith("一十"):  # 十, 十二, 十万: a leading 一 before 十 is not written
        text = text[1:]
    return text


def _numeral_group(n):
    """1 ≤ n ≤ 9999 as 千/百/十/units, inner zero runs as one 零, trailing zeros silent."""
    parts, zeros = [], False
    for unit, place in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        digit = n // place % 10
        if digit == 0:
            zeros = zeros or bool(
                parts
            )  # a zero after a written digit: 零 if a digit follows
        else:
            if zeros:
                parts.append(NUMERAL_DIGITS[0])
                zeros = False
            parts.append(NUMERAL_DIGITS[digit] + unit)
    return "".join(parts)


def from_chinese_numeral(s):
    """The integer a standard Chinese numeral names: '三万零五' → 30005 (inverse of to_chinese_numeral).

    Accepts exactly what ``to_chinese_numeral`` writes, plus 两 for 二 as the first
    digit of the number or of the group after 万, in front of 百, 千 or 万 (两百, 两万,
    一万两千; not 十两万, where the 二 is the units digit of 十二, nor 两千两百).
    Raises ValueError, naming what was expected, for anything else:
    other characters, an empty string, a malformed or non-standard numeral
    ('一十' instead of '十', '一百十' instead of '一百一十').
    """
    if not isinstance(s, str):
        raise ValueError(
            f"s: expected a str such as '一千二百三十四', got {type(s).__name__} {s!r}"
        )
    if not s:
        raise ValueError(
            "s: expected a Chinese numeral such as '一千二百三十四', got an empty string"
        )
    allowed = NUMERAL_CHARS + LIANG
    bad = "".join(sorted({c for c in s if c not in allowed}))
    if bad:
        which = (
            ""
            if set(s) == set(bad)
            else f", in which {bad!r} are not numeral characters"
        )
        raise ValueError(
            f"s: expected only the characters {allowed} (a Chinese numeral below 10^8), "
            f"got {s!r}{which}"
        )
    for i, c in enumerate(s):
        leads = (
            i == 0 or s[i - 1] == "万"
        )  # the first digit of the number or of the lower group
        if c == LIANG and not (leads and i + 1 < len(s) and s[i + 1] in "百千万"):
            raise ValueError(
                "s: expected 两 (2) only as the first digit of the number or of the group after 万, "
                f"in front of 百, 千 or 万 (两千, 一万两千), got {s!r}"
            )
    plain = s.replace(LIANG, NUMERAL_DIGITS[2])
    groups = plain.split("万")
    if len(groups) > 2:
        raise ValueError(f"s: expected 万 at most once (numbers below 10^8), got {s!r}")
    n = 0
    for group in groups:
        n = n * 10_000 + _numeral_group_value(group, s)
    if plain != to_chinese_numeral(n):
        raise ValueError(
            f"s: expected a standard Chinese numeral, got {s!r} (read literally it is {n}, whose "
            f"standard form is {to_chinese_numeral(n)!r})"
        )
    return n


def _numeral_group_value(group, s):
    """A loose reading of one group (digits and 十/百/千); the caller checks the spelling."""
    total, digit = 0, None
    for c in group:
        if c in NUMERAL_UNITS:
            total += (1 if digit is None else digit) * NUMERAL_UNITS[c]
            digit = None
        elif c == NUMERAL_DIGITS[0]:
            digit = None
        else:
            if digit is not None:
                raise ValueError(
                    f"s: expected a unit (十, 百, 千, 万) between two digits, got {s!r}"
                )
            digit = NUMERAL_DIGITS.index(c)
    return total + (digit or 0)


def numeral_numbers(n, lengths, seed=0, *, exclude=()):
    """n integers whose number of decimal digits is uniform over ``lengths`` (ints in 1..8).

    Within a length the integer is uniform (a 1-digit number is 0..9, an L-digit one
    10^(L-1)..10^L − 1), so short numbers repeat and long ones mostly do not. Numbers
    in ``exclude`` are never drawn (rejection), e.g. a test set kept out of training.
    ``seed`` is an int or a ``np.random.Generator`` (used as it is, e.g. the one
    ``rnn_utils.reseed`` returns). Returns an int64 array of shape (n,).
    """
    rng = np.random.default_rng(seed)
    n = positive_int(n, "n")
    lengths = _numeral_lengths(lengths)
    excluded = {int(v) for v in exclude}
    for length in lengths:
        if sum(_numeral_len(v) == length for v in excluded if v >= 0) >= _numeral_count(
            length
        ):
            raise ValueError(
                f"exclude: expected some {length}-digit numbers left to draw, got all excluded"
            )
    out = np.empty(n, dtype=np.int64)
    filled = 0
    while filled < n:  # rejection: redraw the excluded ones
        length = rng.choice(lengths, size=n - filled)
        value = rng.integers(np.where(length == 1, 0, 10 ** (length - 1)), 10**length)
        keep = value[[int(v) not in excluded for v in value]]
        out[filled : filled + len(keep)] = keep
        filled += len(keep)
    return out


def numeral_translation(n, lengths, seed=0, *, exclude=()):
    """The translation task: (numbers, sources, targets) for ``numeral_numbers(n, lengths, seed)``.

    sources[i] is the Chinese numeral of numbers[i] (``to_chinese_numeral``), targets[i]
    its decimal digits (``str``): 一千二百三十四 → '1234'. Lists of str; numbers is int64 (n,).
    """
    numbers = numeral_numbers(n, lengths, seed, exclude=exclude)
    return numbers, [to_chinese_numeral(v) for v in numbers], [str(v) for v in numbers]


def _numeral_len(v):
    return len(str(int(v)))


def _numeral_count(length):
    """How many integers have ``length`` decimal digits (0 counts as one digit)."""
    return 10 if length == 1 else 9 * 10 ** (length - 1)


def _numeral_lengths(lengths):
    values = (
        list(lengths) if isinstance(lengths, list | tuple | range | np.ndarray) else []
    )
    if not values or not all(
        isinstance(v, int | np.integer)
        and not isinstance(v, bool)
        and 1 <= v <= NUMERAL_MAX_DIGITS
        for v in values
    ):
        raise ValueError(
            f"lengths: expected a list of digit counts (ints from 1 to {NUMERAL_MAX_DIGITS}), got {lengths!r}"
        )
    return np.array(sorted({int(v) for v in values}))
