"""Recurrent layers: the layer folded and unrolled, stacked layers, a bidirectional layer."""

from __future__ import annotations

import numpy as np

from .blocks import step_arrow, subscript
from .elements import Diagram, Edge, Node, Note
from .style import FONT

_RNN_LAYER_CAPTION = (
    r"The recurrent layer folded (left) and unrolled over the steps $t-1$, $t$ and "
    r"$t+1$ (right). Every step applies the same $W$ to its input, the same $U$ to the "
    r"previous state, the same bias $b$ inside $\tanh$ and the same read-out $W_y$, "
    r"$b_y$: $h_t = \tanh(W x_t + U h_{t-1} + b)$, $y_t = W_y h_t + b_y$. Step $t$ "
    r"receives $x_t$ and $h_{t-1}$; the output $y_t$ is not fed back."
)


_FOLDED_ALT = (
    "Left, the folded layer: an input box x sub t with an arrow W up to a state box h "
    "sub t, which has a loop arrow U back into itself and an arrow W sub y up to an "
    "output box y sub t. "
)


_SHARED_ALT = (
    "A note below: the same W, U, b in every h box, with tanh, and the same W sub y, b "
    "sub y."
)


def rnn_layer(steps: int | None = None) -> Diagram:
    """The recurrent layer folded (one cell with its loop) and unrolled over time.

    With ``steps=None`` the unrolled part shows the steps t−1, t, t+1; with an int from
    1 to 8 it shows the steps 1 … ``steps`` from h_0 (from 4 steps on: 1, 2, …, ``steps``).
    Every step reuses the same W, U, b and the same read-out W_y, b_y.
    """
    if steps is not None and (
        isinstance(steps, bool)
        or not isinstance(steps, int | np.integer)
        or not 1 <= steps <= 8
    ):
        raise ValueError(f"steps: expected None or an int from 1 to 8, got {steps!r}")
    if steps is None:
        labels, gap = ["t-1", "t", "t+1"], None
    elif steps <= 3:
        labels, gap = [str(k) for k in range(1, int(steps) + 1)], None
    else:
        labels, gap = (
            ["1", "2", str(int(steps))],
            2,
        )  # a gap with an ellipsis before the last step
    y_x, y_h, y_y = 0.75, 1.8, 2.85
    fx = 0.5
    els: list = [
        Node("fx", fx, y_x, "$x_t$", "input", w=0.5, h=0.38),
        Node("fh", fx, y_h, "$h_t$", "state", w=0.5, h=0.42),
        Node("fy", fx, y_y, "$y_t$", "output", w=0.5, h=0.38),
        Edge(("fx", "fh"), "$W$", side="left"),
        Edge(((fx - 0.08, y_h + 0.24), (fx - 0.08, y_y - 0.22)), "$W_y$", side="left"),
        # The loop: h_t leaves on the right and comes back in from the top, one step later.
        Edge(
            (
                (fx + 0.28, y_h),
                (fx + 0.58, y_h),
                (fx + 0.58, y_h + 0.42),
                (fx + 0.12, y_h + 0.42),
                (fx + 0.12, y_h + 0.24),
            ),
            "$U$",
            at=0.33,
            side="right",
        ),
        Note(1.42 if steps is None else 1.3, y_h, "=", size=18),
    ]
    x0, dx = (2.55 if steps is None else 2.75), 1.15
    cols = [
        x0 + k * dx + (0.5 if gap is not None and k >= gap else 0.0)
        for k in range(len(labels))
    ]
    if steps is None:
        els.append(Note(cols[0] - 0.9, y_h, r"$\cdots$", size=FONT["main"]))
        start = (cols[0] - 0.72, y_h)
    else:
        els.append(Node("h_init", cols[0] - 1.0, y_h, "$h_0$", "ghost", w=0.46, h=0.42))
        start = "h_init"
    for k, (cx, lab) in enumerate(zip(cols, labels, strict=True)):
        s = subscript(lab)
        els += [
            Node(f"x{k}", cx, y_x, f"$x_{s}$", "input", w=0.62, h=0.38),
            Node(f"h{k}", cx, y_h, f"$h_{s}$", "state", w=0.62, h=0.42),
            Node(f"y{k}", cx, y_y, f"$y_{s}$", "output", w=0.62, h=0.38),
            Edge((f"x{k}", f"h{k}"), "$W$", side="left"),
            Edge((f"h{k}", f"y{k}"), "$W_y$", side="left"),
        ]
        els += step_arrow(
            f"h{k - 1}" if k else start,
            f"h{k}",
            y_h,
            dots_at=(cols[k - 1] + cx) / 2 if k == gap else None,
            half=0.22,
            dots_size=FONT["main"],
            text="$U$",
            side="above",
        )
    width = cols[-1] + 0.45
    if steps is None:
        els += step_arrow(
            f"h{len(cols) - 1}",
            None,
            y_h,
            dots_at=cols[-1] + 0.88,
            half=0.16,
            dots_size=FONT["main"],
        )
        width = cols[-1] + 1.05
    els.append(
        Note(
            width / 2,
            0.08,
            r"the same $W$, $U$, $b$ in every $h$ box ($\tanh$), and $W_y$, $b_y$",
            size=10,
            va="bottom",
            kind="muted",
        )
    )
    title = "A recurrent layer, folded and unrolled" + (
        "" if steps is None else f" over {steps} steps"
    )
    return Diagram(
        "rnn_layer" if steps is None else f"rnn_layer_{steps}",
        title,
        round(width, 2),
        3.55,
        tuple(els),
        formulas=("rnn_state", "rnn_output"),
        caption=_rnn_layer_caption(steps),
        alt=_FOLDED_ALT + _rnn_layer_unrolled_alt(steps) + " " + _SHARED_ALT,
    )


def _rnn_layer_caption(steps: int | None) -> str:
    if steps is None:
        return _RNN_LAYER_CAPTION
    shown = {
        1: "one step",
        2: "the steps $1$ and $2$",
        3: "the steps $1$, $2$ and $3$",
    }.get(steps, f"the steps $1$, $2$, …, ${steps}$ ({_left_out(steps, '$')} left out)")
    return (
        "The recurrent layer folded (left) and unrolled (right) from the initial state "
        f"$h_0$ over {shown}. Every step applies the same $W$, $U$ and $b$ and the "
        r"same read-out $W_y$, $b_y$: $h_t = \tanh(W x_t + U h_{t-1} + b)$, "
        r"$y_t = W_y h_t + b_y$."
    )


def _left_out(steps: int, math: str = "") -> str:
    """The steps between 2 and ``steps`` that the unrolled row leaves out, in words."""
    if steps == 4:
        return f"step {math}3{math}"
    return f"the steps {math}3{math} to {math}{steps - 1}{math}"


def _rnn_layer_unrolled_alt(steps: int | None) -> str:
    if steps is None:
        return (
            "Right of an equals sign, the same layer unrolled over the steps t minus 1, "
            "t and t plus 1: three columns of boxes x, h and y joined by arrows W and W "
            "sub y, arrows U from each state box to the next, and dots before the first "
            "column and after the last."
        )
    columns = {
        1: "one step: one column",
        2: "the steps 1 and 2: two columns",
        3: "the steps 1, 2 and 3: three columns",
    }.get(steps, f"the steps 1, 2 and {steps}: three columns")
    gap = (
        f", with dots between the columns of steps 2 and {steps} in place of "
        f"{_left_out(steps)}"
        if steps > 3
        else ""
    )
    return (
        "Right of an equals sign, the layer unrolled from a dashed box h sub 0 over "
        f"{columns} of boxes x, h and y joined by arrows W and W sub y, and arrows U "
        f"from h sub 0 to the first state box and from each state box to the next{gap}."
    )


_STACKED_CAPTION = (
    "Two stacked recurrent layers over three steps: layer $l$ reads the states "
    "$h^{(l-1)}_t$ of the layer below as its input sequence and has its own $W^{(l)}$, "
    "$U^{(l)}$, $b^{(l)}$; the input is $x_t = h^{(0)}_t$."
)


_STACKED_ALT = (
    "Two rows of state boxes over the time steps t minus 1, t and t plus 1: the lower "
    "row, layer l minus 1, holds h superscript l minus 1 sub t, and the upper row, "
    "layer l, holds h superscript l sub t. Arrows U superscript l minus 1 and U "
    "superscript l run along the rows, with dots after the last step; arrows W "
    "superscript l go up from each lower state to the upper state of the same step. "
    "The inputs x sub t at the bottom lead up to the lower row through dots, the "
    "layers between, and arrows at the top lead on to the next layer. Row labels on "
    "the left: layer l, with tanh and b superscript l; layer l minus 1; input. A note "
    "below: x sub t equals h superscript 0 sub t; each layer but the last returns all "
    "its states."
)


def stacked_rnn() -> Diagram:
    """Two stacked recurrent layers over three steps: layer l reads layer l−1's states."""
    cols = [1.6, 2.95, 4.3]
    labels = ["t-1", "t", "t+1"]
    y_in, y_lo, y_hi = 0.75, 1.95, 3.05
    els: list = [
        Note(0.08, y_hi + 0.12, "layer $l$", ha="left", size=FONT["sub"]),
        Note(0.08, y_hi - 0.2, r"$\tanh$, $b^{(l)}$", ha="left", size=FONT["sub"]),
        Note(0.08, y_lo, "layer $l-1$", ha="left", size=FONT["sub"]),
        Note(0.08, y_in, "input", ha="left", size=FONT["sub"]),
    ]
    for k, (cx, lab) in enumerate(zip(cols, labels, strict=True)):
        s = subscript(lab)
        els += [
            Node(f"x{k}", cx, y_in, f"$x_{s}$", "input", w=0.62, h=0.36),
            Node(f"lo{k}", cx, y_lo, f"$h^{{(l-1)}}_{s}$", "state", w=0.82, h=0.46),
            Node(f"hi{k}", cx, y_hi, f"$h^{{(l)}}_{s}$", "state", w=0.82, h=0.46),
            Edge((f"x{k}", (cx, y_lo - 0.6)), kind="weak"),
            Note(cx, y_lo - 0.44, r"$\vdots$", size=11),
            Edge((f"lo{k}", f"hi{k}"), "$W^{(l)}$", side="left"),
            Edge((f"hi{k}", (cx, y_hi + 0.55))),
        ]
        if k:
            els += step_arrow(
                f"lo{k - 1}", f"lo{k}", text="$U^{(l-1)}$", side="above", size=10
            )
            els += step_arrow(f"hi{k - 1}", f"hi{k}", text="$U^{(l)}$", side="above")
    els += [
        Note(5.0, y_hi, r"$\cdots$"),
        Note(5.0, y_lo, r"$\cdots$"),
        Note(
            2.7,
            0.08,
            r"$x_t = h^{(0)}_t$; each layer but the last returns all its states",
            size=10,
            va="bottom",
            kind="muted",
        ),
    ]
    return Diagram(
        "stacked_rnn",
        "Stacked recurrent layers",
        5.3,
        3.95,
        tuple(els),
        formulas=("stacked",),
        caption=_STACKED_CAPTION,
        alt=_STACKED_ALT,
    )


_BIDIRECTIONAL_CAPTION = (
    r"A bidirectional layer: a forward RNN reads $x_1, \dots, x_T$, a backward RNN "
    r"reads $x_T, \dots, x_1$, each with its own $W$, $U$ and $b$; $y_t$ concatenates "
    r"their states at step $t$, so every output depends on the whole sequence."
)


_BIDIRECTIONAL_ALT = (
    "Three time steps t minus 1, t and t plus 1. Each input x sub t feeds two state "
    "boxes: a forward state, h with an arrow over it pointing right, in the upper row, "
    "linked left to right by arrows U forward, and a backward state, h with an arrow "
    "over it pointing left, in the lower row, linked right to left by arrows U "
    "backward. Both states of a step feed its output y sub t, the concatenation of the "
    "two. Row labels on the left: forward, with tanh and b forward; backward, with "
    "tanh and b backward. A note below: y sub t is the forward and the backward state "
    "stacked; each output sees the whole sequence."
)


def bidirectional_rnn() -> Diagram:
    """A bidirectional layer: a forward and a backward RNN over the same inputs, states concatenated."""
    cols = [1.65, 3.1, 4.55]
    labels = ["t-1", "t", "t+1"]
    y_in, y_bw, y_fw, y_out = 0.75, 1.65, 2.55, 3.4
    F, B = r"\overrightarrow", r"\overleftarrow"
    els: list = [
        Note(0.06, y_fw + 0.12, "forward", ha="left", size=FONT["sub"]),
        Note(0.06, y_fw - 0.22, rf"$\tanh$, ${F}{{b}}$", ha="left", size=FONT["sub"]),
        Note(0.06, y_bw + 0.12, "backward", ha="left", size=FONT["sub"]),
        Note(0.06, y_bw - 0.22, rf"$\tanh$, ${B}{{b}}$", ha="left", size=FONT["sub"]),
    ]
    for k, (cx, lab) in enumerate(zip(cols, labels, strict=True)):
        s = subscript(lab)
        bx, fx = cx - 0.2, cx + 0.2
        els += [
            Node(f"x{k}", cx, y_in, f"$x_{s}$", "input", w=0.84, h=0.34),
            Node(f"b{k}", bx, y_bw, f"${B}{{h}}_{s}$", "state", w=0.62, h=0.46),
            Node(f"f{k}", fx, y_fw, f"${F}{{h}}_{s}$", "state", w=0.62, h=0.46),
            Node(f"y{k}", cx, y_out, f"$y_{s}$", "output", w=0.84, h=0.36),
            Edge(
                ((bx, y_in + 0.19), (bx, y_bw - 0.25)),
                f"${B}{{W}}$" if k == 0 else "",
                side="left",
                size=11,
            ),
            Edge(
                ((fx + 0.2, y_in + 0.19), (fx + 0.2, y_fw - 0.25)),
                f"${F}{{W}}$" if k == 0 else "",
                side="left",
                at=0.84,
                size=11,
            ),
            Edge(((bx - 0.2, y_bw + 0.25), (bx - 0.2, y_out - 0.2)), ""),
            Edge(((fx, y_fw + 0.25), (fx, y_out - 0.2)), ""),
        ]
        if k:
            U = {"side": "above", "size": 11}
            els += step_arrow(f"f{k - 1}", f"f{k}", text=f"${F}{{U}}$", **U)
            els += step_arrow(f"b{k}", f"b{k - 1}", text=f"${B}{{U}}$", at=0.3, **U)
    els.append(
        Note(
            2.75,
            0.08,
            rf"$y_t = [{F}{{h}}_t\,;\,{B}{{h}}_t]$: each output sees the whole sequence",
            size=10,
            va="bottom",
            kind="muted",
        )
    )
    return Diagram(
        "bidirectional_rnn",
        "A bidirectional recurrent layer",
        5.2,
        3.95,
        tuple(els),
        formulas=("bidirectional",),
        caption=_BIDIRECTIONAL_CAPTION,
        alt=_BIDIRECTIONAL_ALT,
    )
