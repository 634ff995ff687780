"""The argument checks every module shares, written once, with one style of message.

Each check returns the value in the form the caller goes on with (an ``int``, a
``float``) or raises ValueError naming the argument, what was expected and what
came: ``units: expected a positive int, got 0``. Like ``maths``, this module is on
the ground floor: it imports NumPy only.
"""

from __future__ import annotations

import numbers

import numpy as np


def positive_int(value, name: str) -> int:
    """``value`` as an int if it is an integer ≥ 1 (a bool is not), else ValueError naming ``name``."""
    return _int_at_least(value, name, 1, "a positive int")


def non_negative_int(value, name: str) -> int:
    """``value`` as an int if it is an integer ≥ 0 (a bool is not), else ValueError naming ``name``."""
    return _int_at_least(value, name, 0, "a non-negative int")


def positive_float(value, name: str) -> float:
    """``value`` as a float if it is a real number in (0, ∞) (a bool is not), else ValueError."""
    if (
        not isinstance(value, numbers.Real)
        or isinstance(value, bool | np.bool_)
        or not 0 < value < np.inf
    ):
        raise ValueError(f"{name}: expected a positive finite number, got {value!r}")
    return float(value)


def one_of(value, allowed, name: str):
    """``value`` if it is in ``allowed``, else ValueError listing what is allowed."""
    if value not in allowed:
        raise ValueError(f"{name}: expected one of {tuple(allowed)}, got {value!r}")
    return value


def boolean_mask(mask, shape, name="mask"):
    """``mask`` as a boolean array broadcast to ``shape``, with a True in every row (last axis).

    ValueError naming ``name`` for another dtype, a shape that does not broadcast, or a
    row with no True position (a softmax over it would divide by zero).
    """
    m = np.asarray(mask)
    if m.dtype != bool:
        raise ValueError(
            f"{name}: expected a boolean array (True = may attend), got dtype {m.dtype}"
        )
    try:
        m = np.broadcast_to(m, shape)
    except ValueError:
        raise ValueError(
            f"{name}: expected a shape that broadcasts to the scores {shape}, got {m.shape}"
        ) from None
    if not m.any(axis=-1).all():
        raise ValueError(
            f"{name}: expected at least one True position in every row, got a row that masks everything"
        )
    return m


def listed(names, conjunction: str = "or") -> str:
    """Names for a message: ``"a"``, ``"a or b"``, ``"a, b or c"`` (or "and")."""
    *others, last = names
    return f"{', '.join(others)} {conjunction} {last}" if others else last


def _int_at_least(value, name, low, expected):
    if (
        isinstance(value, bool | np.bool_)
        or not isinstance(value, numbers.Integral)
        or value < low
    ):
        raise ValueError(f"{name}: expected {expected}, got {value!r}")
    return int(value)
