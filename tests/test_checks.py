"""rnn_utils.checks: the argument checks every module shares, and their messages."""

import numpy as np
import pytest

from rnn_utils import checks


def test_positive_int_returns_a_python_int():
    for value in (1, np.int64(3), np.int32(7)):
        got = checks.positive_int(value, "units")
        assert got == value and type(got) is int


@pytest.mark.parametrize("value", [0, -2, 2.0, True, np.bool_(True), "3", None])
def test_positive_int_names_the_argument_and_what_came(value):
    with pytest.raises(ValueError) as info:
        checks.positive_int(value, "units")
    assert str(info.value) == f"units: expected a positive int, got {value!r}"


def test_non_negative_int_accepts_zero_only_more():
    assert checks.non_negative_int(0, "seed") == 0
    with pytest.raises(
        ValueError, match=r"^seed: expected a non-negative int, got -1$"
    ):
        checks.non_negative_int(-1, "seed")


def test_positive_float():
    assert checks.positive_float(2, "rate") == 2.0
    assert type(checks.positive_float(np.float32(0.5), "rate")) is float
    for value in (0, -1.0, np.inf, np.nan, True, "1"):
        with pytest.raises(
            ValueError, match=r"^rate: expected a positive finite number, got"
        ):
            checks.positive_float(value, "rate")


def test_one_of_and_listed():
    assert checks.one_of("tanh", ("tanh", "relu"), "activation") == "tanh"
    with pytest.raises(
        ValueError, match=r"^activation: expected one of \('tanh', 'relu'\), got 'elu'$"
    ):
        checks.one_of("elu", ["tanh", "relu"], "activation")
    assert checks.listed(["A"]) == "A"
    assert checks.listed(["A", "B", "C"]) == "A, B or C"
    assert checks.listed(["A", "B"], "and") == "A and B"


def test_boolean_mask_broadcasts_and_checks_every_row():
    m = checks.boolean_mask(np.array([True, False]), (3, 2))
    assert m.shape == (3, 2) and m[:, 0].all()
    with pytest.raises(ValueError, match=r"^keys_mask: expected a boolean array"):
        checks.boolean_mask(np.ones(2), (3, 2), name="keys_mask")
