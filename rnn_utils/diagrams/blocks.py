"""Building blocks shared by the drawings: gates, operation nodes, junctions, hops."""

from __future__ import annotations

from .elements import Edge, Node, Note
from .style import FONT


def gate(key, x, y, fn, weights, groups, w=0.62, h=0.40):
    kind = "gate" if fn == r"$\sigma$" else "tanh"
    return Node(
        key, x, y, fn, kind, w=w, h=h, sub=weights, sub_at="below-right", groups=groups
    )


def op(key, x, y, symbol, groups=(), r=0.16, size=None):
    return Node(key, x, y, symbol, "op", w=2 * r, h=2 * r, groups=groups, size=size)


def dot(x, y, groups=()):
    return Note(x, y, "", kind="dot", groups=groups)


def subscript(index: str) -> str:
    """``t`` stays ``t``; ``t-1`` becomes ``{t-1}`` (a LaTeX subscript)."""
    return index if len(index) == 1 else "{" + index + "}"


ODOT, PLUS, CIRC = r"$\odot$", r"$+$", r"$\circ$"


def hop(x_from, x_to, y_low, y_top, text="", side="above"):
    """A backward arrow that leaves one box upwards, runs above the line and drops into another."""
    return Edge(
        ((x_from, y_low), (x_from, y_top), (x_to, y_top), (x_to, y_low)),
        text,
        side=side,
        kind="grad",
        size=FONT["sub"],
    )


def step_arrow(a, b, y=None, *, dots_at=None, half=0.2, dots_size=None, **edge):
    """The arrow from step ``a`` to step ``b`` of an unrolled row (node keys or points).

    With ``dots_at`` (an x in inches) the row is broken there by an ellipsis, the
    steps left out: the arrow stops ``half`` inches before the ellipsis and a second
    one starts ``half`` after it, both at height ``y``. ``a`` or ``b`` None: the row
    runs on past the drawing, only the arrow on the other side is drawn. ``edge``
    goes to both arrows (``text``, ``side``, ``kind``, ``size``, ``at``).
    """
    if dots_at is None:
        return [Edge((a, b), **edge)]
    out = [] if a is None else [Edge((a, (dots_at - half, y)), **edge)]
    out.append(Note(dots_at, y, r"$\cdots$", size=dots_size))
    if b is not None:
        out.append(Edge(((dots_at + half, y), b), **edge))
    return out
