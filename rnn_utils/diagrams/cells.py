"""Gated cells: the LSTM (whole, part by part, and on feature maps) and the GRU."""

from __future__ import annotations

from .blocks import ODOT, PLUS, dot, gate, op
from .elements import Diagram, Edge, Node, Note
from .style import FONT

LSTM_PARTS = ("forget", "input", "cell", "output")


_LSTM_CAPTION = {
    None: (
        r"One LSTM step. The cell state runs along the top line from $c_{t-1}$ to "
        r"$c_t$, where it is multiplied by the forget gate $f_t$ and receives $i_t$ "
        r"times the candidate $g_t$. The output gate $o_t$ scales $\tanh(c_t)$ to give "
        r"$h_t$. The four blocks, each with its own input weights, recurrent weights "
        r"and bias, all read $x_t$ together with $h_{t-1}$."
    ),
    "forget": (
        r"The forget gate $f_t = \sigma(W_{fx} x_t + W_{fh} h_{t-1} + b_f)$ reads "
        r"$[x_t, h_{t-1}]$ and multiplies the old cell state $c_{t-1}$ element by "
        r"element. The rest of the cell is greyed out."
    ),
    "input": (
        r"The input gate and the candidate: $i_t = \sigma(W_{ix} x_t + W_{ih} h_{t-1} "
        r"+ b_i)$ decides how much of the candidate $g_t = \tanh(W_{cx} x_t + W_{ch} "
        r"h_{t-1} + b_c)$ is written; their product goes up to the cell-state line."
    ),
    "cell": (
        r"The cell-state update $c_t = f_t \odot c_{t-1} + i_t \odot g_t$: along the "
        r"top line the old state is multiplied by $f_t$ and the written part $i_t "
        r"\odot g_t$ is added. No weight matrix lies on this line."
    ),
    "output": (
        r"The output gate $o_t = \sigma(W_{ox} x_t + W_{oh} h_{t-1} + b_o)$ scales "
        r"$\tanh(c_t)$: $h_t = o_t \odot \tanh(c_t)$ is the layer's output and the "
        r"state that the next step reads."
    ),
    "conv": (
        "The ConvLSTM cell: the LSTM cell on feature maps. Every product with a weight "
        "is a convolution ($W_{ix} * X_t$), so the gates of a pixel see a "
        "neighbourhood of the input and of the previous hidden state. Keras' "
        "ConvLSTM2D leaves out Shi et al.'s peephole terms."
    ),
}


_LSTM_ALT = {
    None: (
        "An LSTM cell. A thick line along the top carries the cell state from c sub t "
        "minus 1 on the left through a multiplication node and an addition node to c "
        "sub t on the right. Below, four blocks, sigma, sigma, tanh and sigma, with "
        "their weights W sub f x, W sub f h, b sub f; W sub i x, W sub i h, b sub i; W "
        "sub c x, W sub c h, b sub c; and W sub o x, W sub o h, b sub o, read a line "
        "that carries x sub t and h sub t minus 1. Their outputs f sub t, i sub t, g "
        "sub t and o sub t feed the multiplication by the old cell state, the product "
        "of i sub t and g sub t that is added to it, and the product of o sub t with "
        "tanh of c sub t, which gives h sub t on the right."
    ),
    "forget": (
        "The LSTM cell with only the forget gate in colour: the sigma block with W sub "
        "f x, W sub f h and b sub f reads x sub t and h sub t minus 1, and its output "
        "f sub t multiplies the old cell state c sub t minus 1 on the top line. The "
        "other gates and the output path are grey."
    ),
    "input": (
        "The LSTM cell with the input gate and the candidate in colour: the sigma "
        "block with W sub i x, W sub i h and b sub i gives i sub t, the tanh block "
        "with W sub c x, W sub c h and b sub c gives g sub t, and the two meet in a "
        "multiplication node whose result goes up to the addition on the cell-state "
        "line. The rest is grey."
    ),
    "cell": (
        "The LSTM cell with the cell-state update in colour: along the top line c sub "
        "t minus 1 is multiplied by f sub t and then receives i sub t times g sub t "
        "through an addition, giving c sub t. The gate blocks and the output path are "
        "grey."
    ),
    "output": (
        "The LSTM cell with the output gate in colour: the sigma block with W sub o x, "
        "W sub o h and b sub o gives o sub t, which multiplies tanh of the new cell "
        "state c sub t, taken from the top line, to give h sub t on the right. The "
        "other gates are grey."
    ),
    "conv": (
        "The LSTM cell drawn with feature maps: the cell states C sub t minus 1 and C "
        "sub t, the hidden states H sub t minus 1 and H sub t and the input X sub t "
        "are small stacks of grids. The gates sigma, sigma, tanh and sigma with their "
        "weights read X sub t and H sub t minus 1, and a note says that each W acts by "
        "convolution, W star X sub t; the top line is the cell-state update with a "
        "multiplication and an addition, and o sub t times tanh of C sub t gives H sub "
        "t."
    ),
}


def lstm_cell(highlight: str | None = None, *, conv: bool = False) -> Diagram:
    """One LSTM step: the cell-state line on top, the four gate blocks below reading [x_t, h_{t-1}].

    ``highlight`` (one of "forget", "input", "cell", "output") draws that part in full
    and greys the rest: the gate-by-gate walk of the gates chapter. ``conv=True`` draws the
    ConvLSTM of the outlook chapter: feature maps X_t, H_t, C_t and convolutions * in the gates.
    """
    if highlight is not None and highlight not in LSTM_PARTS:
        raise ValueError(
            f"highlight: expected None or one of {LSTM_PARTS}, got {highlight!r}"
        )
    if conv and highlight is not None:
        raise ValueError("highlight: the ConvLSTM cell is drawn whole (highlight=None)")
    if conv:
        X, Hp, H, Cp, C = "X_t", "H_{t-1}", "H_t", "C_{t-1}", "C_t"
    else:
        X, Hp, H, Cp, C = "x_t", "h_{t-1}", "h_t", "c_{t-1}", "c_t"
    GATES = ("forget", "input", "output")
    y_c, y_g, y_bus = 3.15, 1.85, 0.78
    xf, xi, xg, xo, xout = 1.35, 2.3, 3.25, 4.2, 5.0
    vec, sw, sh = ("map", 0.62, 0.62) if conv else ("state", 0.62, 0.40)
    els: list = [
        Node("cell", 3.05, 1.98, "", "cell", w=4.5, h=2.45),
        Node(
            "c_prev",
            0.42,
            y_c,
            "" if conv else f"${Cp}$",
            vec,
            w=sw,
            h=sh,
            groups=("cell", "forget"),
        ),
        Node(
            "c_next",
            5.55,
            y_c,
            "" if conv else f"${C}$",
            vec,
            w=sw,
            h=sh,
            groups=("cell", "output"),
        ),
        Node(
            "h_prev",
            0.42,
            y_bus,
            "" if conv else f"${Hp}$",
            vec,
            w=sw,
            h=sh,
            groups=GATES,
        ),
        Node(
            "x",
            1.0,
            0.3,
            "" if conv else f"${X}$",
            "input_map" if conv else "input",
            w=0.5,
            h=0.5 if conv else 0.36,
            groups=GATES,
        ),
        Node(
            "h_next",
            5.55,
            y_g,
            "" if conv else f"${H}$",
            vec,
            w=sw,
            h=sh,
            groups=("output",),
        ),
        op("mul_f", xf, y_c, ODOT, ("forget", "cell")),
        op("add", xg, y_c, PLUS, ("cell",)),
        op("mul_i", xg, 2.55, ODOT, ("input", "cell")),
        Node(
            "tanh_c", xout, 2.6, r"$\tanh$", "tanh", w=0.56, h=0.34, groups=("output",)
        ),
        op("mul_o", xout, y_g, ODOT, ("output",)),
    ]
    if conv:  # the feature maps' names, beside the pictures
        els += [
            Note(
                0.42,
                y_c + 0.47,
                f"${Cp}$",
                size=FONT["main"],
                groups=("cell", "forget"),
            ),
            Note(
                5.55, y_c + 0.47, f"${C}$", size=FONT["main"], groups=("cell", "output")
            ),
            Note(0.42, y_bus + 0.47, f"${Hp}$", size=FONT["main"], groups=GATES),
            Note(1.5, 0.3, f"${X}$", size=FONT["main"], ha="left", groups=GATES),
            Note(5.55, y_g - 0.47, f"${H}$", size=FONT["main"], groups=("output",)),
        ]

    def weights(g):
        return f"$W_{{{g}x}}, W_{{{g}h}}$\n$b_{g}$"

    els += [
        gate("f", xf, y_g, r"$\sigma$", weights("f"), ("forget",)),
        gate("i", xi, y_g, r"$\sigma$", weights("i"), ("input",)),
        gate("g", xg, y_g, r"$\tanh$", weights("c"), ("input",)),
        gate("o", xo, y_g, r"$\sigma$", weights("o"), ("output",)),
        # The cell-state line: the additive path.
        Edge(("c_prev", "mul_f"), kind="path", groups=("cell", "forget")),
        Edge(("mul_f", "add"), kind="path", groups=("cell",)),
        Edge(("add", "c_next"), kind="path", groups=("cell", "output")),
        Edge(("f", "mul_f"), "$f_t$", at=0.45, side="right", groups=("forget", "cell")),
        Edge(
            ("i", (xi, 2.55), "mul_i"),
            "$i_t$",
            at=0.3,
            side="left",
            groups=("input", "cell"),
        ),
        Edge(("g", "mul_i"), "$g_t$", side="right", groups=("input", "cell")),
        Edge(("mul_i", "add"), groups=("input", "cell")),
        Edge(((xout, y_c), "tanh_c"), groups=("output",)),
        dot(xout, y_c, ("output",)),
        Edge(("tanh_c", "mul_o"), groups=("output",)),
        Edge(("o", "mul_o"), "$o_t$", side="above", groups=("output",)),
        Edge(("mul_o", "h_next"), groups=("output",)),
        # The bus [x_t, h_{t-1}] that every gate reads.
        Edge(("h_prev", (xo, y_bus)), kind="line", groups=GATES),
        Edge(("x", (1.0, y_bus)), kind="line", groups=GATES),
        dot(1.0, y_bus, GATES),
        Note(2.78, y_bus - 0.2, f"$[{X}, {Hp}]$", size=FONT["sub"], groups=GATES),
    ]
    for key, gx, group in (
        ("f", xf, "forget"),
        ("i", xi, "input"),
        ("g", xg, "input"),
        ("o", xo, "output"),
    ):
        els.append(Edge(((gx, y_bus), key), groups=(group,)))
        if gx != xo:
            els.append(dot(gx, y_bus, (group,) if gx == xf else (group, "output")))
    if conv:
        els.append(
            Note(
                3.0,
                3.62,
                r"each $W$ acts by convolution, $W * X_t$",
                size=11,
                kind="muted",
            )
        )
    formulas = {
        None: ("lstm_input", "lstm_forget", "lstm_output", "lstm_cell", "lstm_hidden"),
        "forget": ("lstm_forget",),
        "input": ("lstm_input", "lstm_candidate"),
        "cell": ("lstm_cell_update",),
        "output": ("lstm_output", "lstm_hidden"),
    }[highlight]
    if conv:
        formulas = (
            "convlstm_input",
            "convlstm_forget",
            "convlstm_output",
            "convlstm_cell",
            "convlstm_hidden",
        )
    part = {
        None: "",
        "forget": ": the forget gate",
        "input": ": the input gate and the candidate",
        "cell": ": the cell-state update",
        "output": ": the output gate",
    }[highlight]
    name = (
        "convlstm_cell"
        if conv
        else ("lstm_cell" if highlight is None else f"lstm_cell_{highlight}")
    )
    title = "The ConvLSTM cell (Keras' ConvLSTM2D)" if conv else f"The LSTM cell{part}"
    return Diagram(
        name,
        title,
        5.95,
        4.2 if conv else 3.95,
        tuple(els),
        formulas=formulas,
        highlight=highlight,
        caption=_LSTM_CAPTION["conv" if conv else highlight],
        alt=_LSTM_ALT["conv" if conv else highlight],
    )


def convlstm_cell() -> Diagram:
    """The ConvLSTM step (Shi et al. 2015, as Keras computes it): the LSTM on feature maps."""
    return lstm_cell(conv=True)


_GRU_CAPTION = {
    True: (
        r"The GRU as Keras computes it by default (`reset_after=True`). The top line "
        r"is $h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t$. On the reset "
        r"path (blue) $r_t$ multiplies $W_{hh} h_{t-1} + b_{hh}$, after the product; "
        r"every block has an input bias and a recurrent bias."
    ),
    False: (
        "The GRU with `reset_after=False`, the form of Cho et al.'s published paper: "
        "$r_t$ multiplies $h_{t-1}$ before the product with $W_{hh}$, and each block "
        "has a single bias."
    ),
}


_GRU_ALT = {
    True: (
        "A GRU cell in Keras' default form, the reset applied after the product. The "
        "top line carries h sub t minus 1 through a multiplication by z sub t and an "
        "addition to h sub t. The update gate's output z sub t also passes through a "
        "one-minus node, and 1 minus z sub t multiplies the candidate h tilde sub t, "
        "which comes from a tanh block. In blue, the reset path: the reset gate's "
        "output r sub t multiplies the output of the box W sub h h, b sub h h, which "
        "reads h sub t minus 1; the product enters the tanh together with W sub h x x "
        "sub t plus b sub h x. The gates read x sub t and h sub t minus 1 and have two "
        "biases each: b sub z x and b sub z h, b sub r x and b sub r h."
    ),
    False: (
        "A GRU cell in the form with the reset applied before the product. Same layout "
        "as the default form, but in the blue reset path r sub t multiplies h sub t "
        "minus 1 first, and the product then goes through the box W sub h h into the "
        "tanh block; the gates have one bias each, b sub z and b sub r, and the "
        "candidate's input box W sub h x has b sub h."
    ),
}


def gru_cell(reset_after: bool = True) -> Diagram:
    """One GRU step as Keras computes it, and where the reset gate r_t acts in each form.

    reset_after=True (Keras' default): r_t multiplies W_hh h_{t-1} + b_hh, after the
    product. reset_after=False: r_t multiplies h_{t-1} before the product with W_hh.
    The top line is h_t = z_t ⊙ h_{t-1} + (1 − z_t) ⊙ h̃_t. The reset path is drawn in blue.
    """
    if not isinstance(reset_after, bool):
        raise ValueError(f"reset_after: expected True or False, got {reset_after!r}")
    y_h, y_g, y_bus, y_x = 3.35, 1.8, 0.6, 0.2
    xz, xr, xc, xx = 1.3, 2.35, 3.75, 4.95
    R = ("reset",)
    if reset_after:
        zb, rb = (
            "$W_{zx}, W_{zh}$\n$b_{zx}, b_{zh}$",
            "$W_{rx}, W_{rh}$\n$b_{rx}, b_{rh}$",
        )
    else:
        zb, rb = "$W_{zx}, W_{zh}$\n$b_z$", "$W_{rx}, W_{rh}$\n$b_r$"
    y_mulr, y_whh = (1.8, 1.15) if reset_after else (1.15, 1.8)
    els: list = [
        Node("cell", 3.1, 1.98, "", "cell", w=4.6, h=2.5),
        Node("h_prev", 0.42, y_h, "$h_{t-1}$", "state", w=0.64, h=0.40),
        Node("h_next", 5.55, y_h, "$h_t$", "state", w=0.56, h=0.40),
        Node("h_in", 0.42, y_bus, "$h_{t-1}$", "state", w=0.64, h=0.40),
        Node("x", 1.0, y_x, "$x_t$", "input", w=0.5, h=0.32),
        op("mul_z", xz, y_h, ODOT),
        op("add", xc, y_h, PLUS),
        op("mul_c", xc, 2.85, ODOT),
        op("one_minus", 2.55, 2.85, r"$1-$", r=0.2, size=12),
        Node("tanh", xc, 2.22, r"$\tanh$", "tanh", w=0.6, h=0.32),
        gate("z", xz, y_g, r"$\sigma$", zb, ()),
        gate("r", xr, y_g, r"$\sigma$", rb, R),
        Node(
            "Wx",
            xx,
            2.22,
            r"$W_{hx}$",
            "layer",
            w=0.66,
            h=0.58,
            sub=r"$b_{hx}$" if reset_after else r"$b_h$",
        ),
        op("mul_r", xc, y_mulr, ODOT, R),
        Node(
            "Wh",
            xc,
            y_whh,
            r"$W_{hh}$",
            "layer",
            w=0.66,
            h=0.58 if reset_after else 0.4,
            sub=r"$b_{hh}$" if reset_after else "",
            groups=R if reset_after else R,
        ),
        # The state line: h_t = z ⊙ h_{t-1} + (1 - z) ⊙ h̃_t.
        Edge(("h_prev", "mul_z"), kind="path"),
        Edge(("mul_z", "add"), kind="path"),
        Edge(("add", "h_next"), kind="path"),
        Edge(("z", "mul_z"), "$z_t$", at=0.25, side="left"),
        dot(xz, 2.85),
        Edge(((xz, 2.85), "one_minus")),
        Edge(("one_minus", "mul_c"), r"$1-z_t$", side="above", size=10),
        Edge(("tanh", "mul_c"), r"$\tilde{h}_t$", side="right"),
        Edge(("mul_c", "add")),
        Edge(("Wx", "tanh")),
        # The bus [x_t, h_{t-1}] for the gates; x_t alone for the candidate's input part.
        Edge(("h_in", (xc, y_bus)), kind="line"),
        Edge(("x", (xx, y_x), "Wx"), "$x_t$", at=0.8, side="right"),
        Edge(((1.0, y_x + 0.16), (1.0, y_bus)), kind="line"),
        dot(1.0, y_bus),
        Edge(((xz, y_bus), "z")),
        Edge(((xr, y_bus), "r"), groups=R),
        dot(xz, y_bus),
        dot(xr, y_bus),
        Note(1.85, y_bus - 0.17, r"$[x_t, h_{t-1}]$", size=10),
    ]
    if reset_after:
        els += [
            Edge(("r", "mul_r"), "$r_t$", side="above", groups=R),
            Edge(((xc, y_bus), "Wh"), "$h_{t-1}$", side="right", at=0.35),
            Edge(("Wh", "mul_r"), groups=R),
            Edge(("mul_r", "tanh"), groups=R),
        ]
        where = r"reset after the product: $r_t \odot (W_{hh} h_{t-1} + b_{hh})$"
    else:
        els += [
            Edge(
                ("r", (xr + 0.92, y_g), (xr + 0.92, y_mulr), "mul_r"),
                "$r_t$",
                at=0.2,
                side="above",
                groups=R,
            ),
            Edge(((xc, y_bus), "mul_r"), "$h_{t-1}$", side="right", at=0.3, groups=R),
            Edge(("mul_r", "Wh"), groups=R),
            Edge(("Wh", "tanh"), groups=R),
        ]
        where = r"reset before the product: $W_{hh}\,(r_t \odot h_{t-1})$"
    els.append(Note(3.05, 3.78, where, size=11, kind="muted", groups=R))
    formulas = (
        ("gru_update", "gru_reset", "gru_candidate_after", "gru_state")
        if reset_after
        else ("gru_update_before", "gru_candidate_before", "gru_state")
    )
    mode = str(reset_after)
    return Diagram(
        f"gru_cell_reset_after_{mode.lower()}",
        f"The GRU cell, reset_after={mode}",
        5.95,
        4.35,
        tuple(els),
        formulas=formulas,
        emphasis=R,
        caption=_GRU_CAPTION[reset_after],
        alt=_GRU_ALT[reset_after],
    )
