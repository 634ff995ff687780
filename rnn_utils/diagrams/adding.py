"""The adding problem's input and target, drawn from the generated task."""

from __future__ import annotations

import numpy as np

from .elements import Diagram, Edge, Node, Note
from .style import FONT


def adding_problem_layout(
    variant: str = "le2015", seq_len: int = 12, seed: int = 3
) -> Diagram:
    """The adding problem's input: a (value, marker) pair per step, two marked values, the target.

    The numbers are ``rnn_utils.adding_problem(1, seq_len, seed, variant)``'s, so the
    picture shows the task the chapters train on, at a length that fits on a page. The
    target line writes the sum with the marked values to three decimals, as it writes the
    target (``meta["drawn"]``), so the drawn numbers add up.
    """
    from ..tasks import adding_problem

    if variant not in ("le2015", "hochreiter1997"):
        raise ValueError(
            f"variant: expected 'le2015' or 'hochreiter1997', got {variant!r}"
        )
    if (
        isinstance(seq_len, bool)
        or not isinstance(seq_len, int)
        or not 11 <= seq_len <= 12
    ):
        raise ValueError(f"seq_len: expected 11 or 12 (drawn in full), got {seq_len!r}")
    x, y = adding_problem(1, seq_len, seed=seed, variant=variant)
    values, markers = x[0, :, 0], x[0, :, 1]
    marked = np.flatnonzero(markers == 1)
    dx, x0 = 0.4, 0.95
    els: list = [
        Note(0.1, 1.85, "value", ha="left", size=FONT["sub"]),
        Note(0.1, 1.3, "marker", ha="left", size=FONT["sub"]),
        Note(0.1, 2.4, "$t$", ha="left", size=FONT["sub"]),
    ]

    def short(v, digits=2):  # without the leading zero, a true minus sign
        text = f"{abs(v):.{digits}f}".removeprefix("0")
        return ("−" if v < 0 else "") + text

    # The target line adds the marked values with three decimals, as it prints the target, so the
    # drawn sum agrees with the drawn target (.80 + .73 would not give 1.54). Their boxes show the
    # three decimals too where they fit (a minus sign leaves room for two).
    for t in range(seq_len):
        cx = x0 + t * dx
        kind = "mark" if t in marked else "plain"
        digits = 3 if t in marked and values[t] >= 0 else 2
        els += [
            Note(cx, 2.4, str(t + 1), size=10, kind="muted"),
            Node(
                f"v{t}",
                cx,
                1.85,
                short(values[t], digits),
                kind,
                w=0.38,
                h=0.4,
                size=10,
            ),
            Node(
                f"m{t}",
                cx,
                1.3,
                f"{markers[t]:.0f}".replace("-", "−"),
                kind,
                w=0.38,
                h=0.4,
                size=11,
            ),
        ]
    for n, t in enumerate(marked, start=1):
        els.append(Note(x0 + t * dx, 0.85, f"$X_{n}$", size=FONT["main"], kind="grad"))
    a, b = (short(values[t], 3) for t in marked)
    if variant == "le2015":
        half = x0 + (seq_len / 2 - 0.5) * dx
        els += [
            Edge(((half, 0.95), (half, 2.2)), kind="line"),
            Note(half, 2.72, "one marker in each half", size=10, kind="muted"),
        ]
        formula, sum_text = r"$y = X_1 + X_2$", f"{a} + {b}"
        formula_words = "X sub 1 plus X sub 2"
    else:
        els.append(
            Note(
                x0 + (seq_len - 1) * dx / 2,
                2.72,
                r"$X_1$ among the first 10 pairs, $X_2$ in the first half",
                size=10,
                kind="muted",
            )
        )
        b_signed = f"− {b.removeprefix('−')}" if b.startswith("−") else f"+ {b}"
        formula, sum_text = r"$y = 0.5 + (X_1 + X_2)/4$", f"0.5 + ({a} {b_signed})/4"
        formula_words = "0.5 plus the sum of X sub 1 and X sub 2 over 4"
    target = f"{y[0, 0]:.3f}"
    els += [
        Note(
            0.1,
            0.5,
            f"target {formula} = {sum_text} = {target}",
            ha="left",
            size=FONT["sub"],
        ),
        Note(0.1, 0.2, f"read after step $T$ = {seq_len}", ha="left", size=FONT["sub"]),
    ]
    boxes = {el.key: el.text for el in els if isinstance(el, Node)}
    name = {
        "le2015": "Le et al. 2015",
        "hochreiter1997": "Hochreiter & Schmidhuber 1997",
    }[variant]
    width = round(x0 + seq_len * dx + 0.1, 2)
    return Diagram(
        f"adding_problem_{variant}",
        f"The adding problem ({name})",
        width,
        3.35,
        tuple(els),
        formulas=(f"adding_{variant}",),
        meta={
            "marked": tuple(int(t) + 1 for t in marked),
            "target": float(y[0, 0]),
            "drawn": (a, b, target),
        },
        caption=_CAPTION[variant].format(
            T=seq_len,
            ends="the first and last markers are $-1$"
            if markers[0] == -1
            else "the last marker is $-1$ (the first pair is marked)",
        ),
        alt=_alt(variant, values, markers, [boxes[f"v{t}"] for t in marked])
        + f" Below: target y equals {_spoken(formula_words)}, that is "
        f"{_spoken(sum_text)}, which is {target}, read after step T equals {seq_len}.",
    )


_CAPTION = {
    "le2015": (
        "The adding problem of Le et al. (2015), drawn at $T = {T}$ from "
        "`rnn_utils.adding_problem`: every step carries a value and a marker; one step "
        "in each half is marked, and the target, read after the last step, is the sum "
        "$X_1 + X_2$ of the two marked values, written out with three decimals (the "
        "other values are rounded to two). The chapter trains at $T = 100$."
    ),
    "hochreiter1997": (
        "The adding problem of Hochreiter and Schmidhuber (1997), the variant this "
        "section trains on, drawn at $T = {T}$ from `rnn_utils.adding_problem`: every "
        "step carries a value in $[-1, 1]$ and a marker; {ends}, and two steps are "
        "marked $1$: $X_1$ among the first 10 pairs and $X_2$ among the first $T/2$ "
        "(at the $T = 30$ this section trains at, both lie in the first half). The "
        "target, read after the last step, is $0.5 + (X_1 + X_2)/4$, "
        "written out with the two marked values to three decimals."
    ),
}
_NUMBER = {11: "eleven", 12: "twelve"}


def _spoken(text: str) -> str:
    """A drawn number or sum in words: minus signs, plus signs and divisions spoken."""
    for sign, word in (
        ("− ", "minus "),
        ("−", "minus "),
        ("+", "plus"),
        ("/", " over "),
    ):
        text = text.replace(sign, word)
    return text


def _steps(ts) -> str:
    """``step 3`` or ``steps 3 and 9``."""
    return ("step " if len(ts) == 1 else "steps ") + " and ".join(
        str(int(t) + 1) for t in ts
    )


def _alt(variant: str, values, markers, boxes) -> str:
    """What the drawing shows, in words: the steps, the marked ones, the target line."""
    n = len(values)
    marked = np.flatnonzero(markers == 1)
    head = (
        f"A row of {_NUMBER[n]} steps numbered 1 to {n}, each with a value box above a "
        "marker box."
    )
    drawn = " and ".join(_spoken(b) for b in boxes)
    if variant == "le2015":
        line = (
            f"between steps {n // 2} and {n // 2 + 1}"
            if n % 2 == 0
            else f"through step {n // 2 + 1}"
        )
        return (
            f"{head} {_steps(marked).capitalize()} are shaded: their markers are 1 "
            f"and their values, {drawn}, are labelled X sub 1 and X sub 2; every other "
            f"marker is 0. A vertical line {line} splits the sequence into halves, "
            "with one marker in each."
        )
    return (
        f"{head} The markers are minus 1 at {_steps(np.flatnonzero(markers == -1))}, "
        f"1 at the shaded {_steps(marked)}, labelled X sub 1 and X sub 2, and 0 "
        f"elsewhere; the values lie between minus 1 and 1, the marked ones {drawn}. "
        "Above the row: X sub 1 among the first 10 pairs, X sub 2 in the first half."
    )
