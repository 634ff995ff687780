"""Blelloch's parallel scan of a linear recurrence."""

from __future__ import annotations

from .blocks import CIRC
from .elements import Diagram, Edge, Node, Note
from .style import FONT

_SCAN_CAPTION = (
    r"Blelloch's scan of eight pairs $p_t = (a_t, b_t)$ of the recurrence $h_t = a_t "
    r"\odot h_{t-1} + b_t$. The up-sweep composes neighbours (the square nodes "
    r"$\circ$, unlike the round $\odot$ of the cells) into $p_{1:2}$, $p_{1:4}$ and "
    r"$p_{1:8}$ in $\log_2 8 = 3$ rounds; the down-sweep starts from the identity $e$ "
    r"and hands each position the composition of all the steps before it in 3 more "
    r"rounds."
)


_SCAN_ALT = (
    "Two trees over eight leaves, p sub 1 to p sub 8. Top, the up-sweep: square "
    "composition nodes, each marked with the composition sign, a small circle, drawn "
    "in a square so that it is not mistaken for the element-wise product, combine "
    "neighbours into p sub 1 to 2, p sub 3 to 4, p sub 5 to 6 and p sub 7 to 8, then p "
    "sub 1 to 4 and p sub 5 to 8, then p sub 1 to 8 at the root. Bottom, the "
    "down-sweep: the root holds the identity e, the pair 1, 0; each node passes its "
    "value to its left child, and its value composed with the left subtree's total to "
    "its right child, so the leaves end as e, p sub 1, p sub 1 to 2, and so on up to p "
    "sub 1 to 7. A note below: p sub t is the pair a sub t, b sub t of h sub t equals "
    "a sub t times h sub t minus 1 plus b sub t, and the pair a, b composed with the "
    "pair a prime, b prime is the pair a a prime, a prime b plus b prime."
)


def scan_tree(T: int = 8) -> Diagram:
    """Blelloch's scan over the pairs p_t = (a_t, b_t) of a linear recurrence, for T = 8.

    Up-sweep (top): a tree of compositions ∘ (square nodes, unlike the round ⊙ of the cells)
    builds p_{1:2}, p_{1:4}, …, p_{1:8} in log2 T rounds. Down-sweep (bottom): the root
    takes the identity e; each node hands its value to its left child, and its value
    composed with the left subtree's up-sweep total to its right child, so leaf t receives
    the exclusive prefix p_{1:t−1}.
    """
    if T != 8:
        raise ValueError(f"T: expected 8 (the drawn tree), got {T!r}")
    dx, x0 = 0.66, 0.6
    xs = [x0 + k * dx for k in range(T)]
    up = [3.3, 3.85, 4.4, 4.92]  # leaves, levels 1 and 2, root
    down = [0.65, 1.3, 1.95, 2.6]  # leaves, levels 1 and 2, root

    def p(a, b):
        return f"p_{{{a}}}" if a == b else f"p_{{{a}:{b}}}"

    els: list = [
        Note(0.08, up[3], "up-sweep", ha="left", size=FONT["sub"], kind="muted"),
        Note(0.08, down[3], "down-sweep", ha="left", size=FONT["sub"], kind="muted"),
    ]
    for t in range(T):
        els.append(
            Node(
                f"u0_{t}",
                xs[t],
                up[0],
                f"${p(t + 1, t + 1)}$",
                "input",
                w=0.5,
                h=0.34,
                size=11,
            )
        )
    for level in (1, 2, 3):
        width = 2**level
        for j in range(T // width):
            lo, hi = j * width, (j + 1) * width - 1
            cx = (xs[lo] + xs[hi]) / 2
            key = f"u{level}_{j}"
            # A square node: the scan's composition ∘ must not look like the cells' ⊙ (a circle).
            els += [
                Node(key, cx, up[level], CIRC, "plain", w=0.3, h=0.3, size=20),
                Note(
                    cx + 0.19,
                    up[level] + 0.02,
                    f"${p(lo + 1, hi + 1)}$",
                    ha="left",
                    size=10,
                ),
            ]
            for child in (2 * j, 2 * j + 1):
                els.append(Edge((f"u{level - 1}_{child}", key)))
    # Down-sweep: the value at each node is the prefix that precedes its subtree (None = e).
    value = {(3, 0): None}
    for level in (3, 2, 1):
        width = 2**level
        for j in range(T // width):
            value[(level - 1, 2 * j)] = value[(level, j)]
            value[(level - 1, 2 * j + 1)] = (
                j * width + width // 2
            )  # ends after the left subtree
    for level in (3, 2, 1, 0):
        width = 2**level
        for j in range(T // width):
            lo, hi = j * width, (j + 1) * width - 1
            cx = (xs[lo] + xs[hi]) / 2
            v = value[(level, j)]
            els.append(
                Node(
                    f"d{level}_{j}",
                    cx,
                    down[level],
                    "$e$" if v is None else f"${p(1, v)}$",
                    "state" if level else "output",
                    w=0.52,
                    h=0.34,
                    size=11 if level == 0 else 10,
                )
            )
            if level < 3:
                parent = f"d{level + 1}_{j // 2}"
                left = (
                    (j // 2) * 2 * width
                )  # the left sibling subtree: steps left+1 .. left+width
                label = "" if j % 2 == 0 else rf"$\circ\,{p(left + 1, left + width)}$"
                els.append(
                    Edge(
                        (parent, f"d{level}_{j}"), label, side="right", at=0.45, size=10
                    )
                )
    els.append(
        Note(
            xs[4] + 0.4,
            down[3],
            "$e = (1, 0)$: the identity",
            ha="left",
            size=10,
            kind="muted",
        )
    )
    els.append(
        Note(
            2.95,
            0.08,
            r"$p_t = (a_t, b_t)$ of $h_t = a_t \odot h_{t-1} + b_t$;"
            r"  $(a, b) \circ (a', b') = (a a', a' b + b')$",
            size=10,
            va="bottom",
        )
    )
    return Diagram(
        "scan_tree",
        "Blelloch's parallel scan, T = 8",
        5.85,
        5.55,
        tuple(els),
        formulas=("linear_recurrence", "scan_compose"),
        caption=_SCAN_CAPTION,
        alt=_SCAN_ALT,
    )
