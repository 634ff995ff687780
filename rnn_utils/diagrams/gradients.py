"""Gradients: backpropagation through time, the Jacobian product, the LSTM's cell path."""

from __future__ import annotations

from .blocks import ODOT, PLUS, hop, op, step_arrow, subscript
from .elements import Diagram, Edge, Node, Note
from .style import FONT

_BPTT_RNN_CAPTION = (
    r"Backpropagation through time on the unrolled layer (forward arrows grey, the "
    r"backward pass dashed). Each loss sends $\delta y_t$ to its output and $W_y^\top "
    r"\delta y_t$ into $\delta h_t$. From $h_t$ the gradient reaches $h_{t-1}$ through "
    r"the transpose of the Jacobian $\partial h_t/\partial h_{t-1}$, which is "
    r"$\operatorname{diag}(1 - h_t^2)\,U$, the transposed factor named under each "
    r"backward path: the product with $1 - h_t^2$ gives $\delta a_t$, then $U^\top$ "
    r"carries it to $h_{t-1}$, where it adds to the gradient from $y_{t-1}$: $\delta "
    r"h_{t-1}$ is $U^\top\big((1 - h_t^2) \odot \delta h_t\big)$ plus $W_y^\top \delta "
    r"y_{t-1}$."
)


_BPTT_RNN_ALT = (
    "Three time steps t minus 1, t and t plus 1, each with a state box h, an output "
    "box y above it and a loss box L above that. Grey solid arrows run forward: U from "
    "each state to the next, W sub y up to the outputs, and on up to the losses. "
    "Dashed vermillion arrows run back: delta y from each loss down to its output, W "
    "sub y transpose delta y down into h, and delta h out of the bottom of each h on "
    "its way back to the previous one, through a multiplication node marked 1 minus h "
    "sub t squared, which gives delta a sub t, and a box U transpose. Under each "
    "backward path its transposed Jacobian factor, partial h sub t over partial h sub "
    "t minus 1, transpose. Dots at both ends: the sequence goes on."
)


def bptt_rnn() -> Diagram:
    """Backpropagation through time on the unrolled layer, steps t−1, t, t+1.

    The forward graph in grey; the backward pass dashed, in vermillion: δy_t from each
    loss, W_y^⊤ δy_t into δh_t, and from h_t back to h_{t−1} through the transposed Jacobian
    factor (∂h_t/∂h_{t−1})^⊤: the product with 1 − h_t² (giving δa_t), then U^⊤. The inputs x_t,
    which the backward recursion does not pass through, are left out.
    """
    y_b, y_h, y_y, y_l = 0.95, 1.75, 2.7, 3.45
    cols = [0.85, 2.75, 4.65]
    labels = ["t-1", "t", "t+1"]
    G = ("backward",)
    els: list = []
    for k, (cx, lab) in enumerate(zip(cols, labels, strict=True)):
        s = subscript(lab)
        els += [
            Node(f"h{k}", cx, y_h, f"$h_{s}$", "state", w=0.62, h=0.40),
            Node(f"y{k}", cx, y_y, f"$y_{s}$", "output", w=0.62, h=0.36),
            Node(f"L{k}", cx, y_l, f"$L_{s}$", "loss", w=0.62, h=0.36),
            Edge(
                ((cx - 0.14, y_h + 0.22), (cx - 0.14, y_y - 0.2)),
                "$W_y$",
                side="left",
                kind="weak",
            ),
            Edge(((cx - 0.14, y_y + 0.2), (cx - 0.14, y_l - 0.2)), "", kind="weak"),
            Edge(
                ((cx + 0.14, y_l - 0.2), (cx + 0.14, y_y + 0.2)),
                rf"$\delta y_{s}$",
                side="right",
                kind="grad",
                groups=G,
            ),
            Edge(
                ((cx + 0.14, y_y - 0.2), (cx + 0.14, y_h + 0.22)),
                rf"$W_y^\top \delta y_{s}$",
                side="right",
                kind="grad",
                groups=G,
                size=10,
            ),
            # δh_s leaves h_s downwards, on its way to h_{s-1}.
            Edge(
                (
                    (cx - 0.14, y_h - 0.22),
                    (cx - 0.14, y_b),
                    (cx - (0.45 if k else 0.5), y_b),
                ),
                rf"$\delta h_{s}$",
                at=0.3,
                side="left",
                kind="grad",
                groups=G,
                size=10,
            ),
        ]
        if k:
            els += step_arrow(
                f"h{k - 1}", f"h{k}", text="$U$", side="above", kind="weak"
            )
            px, ps = cols[k - 1], subscript(labels[k - 1])
            hs = f"h_{s}"
            els += [
                # The product node and the U^T box far enough apart for the label δa between them.
                op(f"m{k}", cx - 0.52, y_b, ODOT, G, r=0.15),
                Node(
                    f"U{k}",
                    px + 0.48,
                    y_b,
                    r"$U^\top$",
                    "grad",
                    w=0.44,
                    h=0.32,
                    groups=G,
                ),
                Edge(
                    (f"m{k}", f"U{k}"),
                    rf"$\delta a_{s}$",
                    side="above",
                    kind="grad",
                    groups=G,
                    size=10,
                ),
                Edge(
                    (f"U{k}", (px + 0.14, y_b), (px + 0.14, y_h - 0.22)),
                    "",
                    kind="grad",
                    groups=G,
                ),
                Note(
                    cx - 0.52, y_b - 0.3, rf"$1-{hs}^2$", size=10, kind="grad", groups=G
                ),
                Note(
                    (px + cx) / 2 + 0.05,
                    y_b - 0.65,
                    rf"$(\partial {hs}/\partial h_{ps})^\top$",
                    size=FONT["sub"],
                    groups=G,
                ),
            ]
    els += [
        *step_arrow(
            "h2", None, y_h, dots_at=5.6, half=0.15, dots_size=FONT["main"], kind="weak"
        ),
        Edge(
            ((5.5, y_b), (cols[2] + 0.14, y_b), (cols[2] + 0.14, y_h - 0.22)),
            "",
            kind="grad",
            groups=G,
        ),
        Note(5.65, y_b, r"$\cdots$", size=FONT["main"], kind="grad"),
    ]
    els.append(Note(0.2, y_b, r"$\cdots$", size=FONT["main"], kind="grad"))
    return Diagram(
        "bptt_rnn",
        "Backpropagation through time",
        5.85,
        4.05,
        tuple(els),
        formulas=("bptt_recursion",),
        caption=_BPTT_RNN_CAPTION,
        alt=_BPTT_RNN_ALT,
    )


_BPTT_JACOBIANS_CAPTION = (
    r"Backpropagation through time as a product of Jacobians: the forward pass runs "
    r"$h_k \to h_{k+1} \to \dots \to h_T$, and the gradient $\partial L/\partial h_T$ "
    r"of the loss $L$ flows back from $h_T$, multiplied at every step by the transpose "
    r"of one Jacobian $J_t = \operatorname{diag}(\phi'(a_t))\,U$: $\delta h_{t-1} = "
    r"J_t^\top \delta h_t$."
)


_BPTT_JACOBIANS_ALT = (
    "A row of hidden states h sub k, h sub k plus 1, dots, h sub t minus 1, h sub t, "
    "dots, h sub T, with solid grey forward arrows between neighbours, and the loss L "
    "above h sub T with a grey arrow up to it. A dashed arrow labelled partial L over "
    "partial h sub T runs down from L into h sub T, left of the grey one, and dashed "
    "backward arrows run from each state to the one before it, labelled with the "
    "transposes J sub k plus 1 transpose, J sub t transpose and J sub T transpose. The "
    "legend at the top left reads: forward, grey, solid; backward, dashed, delta h sub "
    "t minus 1 equals J sub t transpose times delta h sub t. Underneath: J sub t "
    "equals partial h sub t over partial h sub t minus 1, which equals diag of phi "
    "prime of a sub t, times U; and partial h sub T over partial h sub k equals J sub "
    "T times J sub T minus 1, and so on down to J sub k plus 1."
)


def bptt_jacobians() -> Diagram:
    """The gradient path from h_T back to h_k: one Jacobian factor J_t = ∂h_t/∂h_{t−1} per step.

    The backward arrows carry J_t^⊤ (δh_{t−1} = J_t^⊤ δh_t); ∂L/∂h_T enters h_T on the left of
    the forward arrow h_T → L, its label outside both arrows.
    """
    y = 1.6
    xs = {"k": 0.4, "k1": 1.4, "d1": 2.15, "tm1": 2.9, "t": 3.9, "d2": 4.6, "T": 5.4}
    boxes = {
        "k": "$h_k$",
        "k1": "$h_{k+1}$",
        "tm1": "$h_{t-1}$",
        "t": "$h_t$",
        "T": "$h_T$",
    }
    half = {key: 0.29 for key in boxes}
    els: list = [
        Node(key, xs[key], y, text, "state", w=0.56, h=0.46)
        for key, text in boxes.items()
    ]
    els += [
        Note(xs["d1"], y, r"$\cdots$", size=FONT["main"]),
        Note(xs["d2"], y, r"$\cdots$", size=FONT["main"]),
        Node("L", xs["T"], 2.7, "$L$", "loss", w=0.5, h=0.36),
    ]
    order = ["k", "k1", "d1", "tm1", "t", "d2", "T"]
    # The backward arrows apply the transposes: δh_{t-1} = J_t^T δh_t.
    jac = {
        ("k", "k1"): r"$J_{k+1}^\top$",
        ("tm1", "t"): r"$J_t^\top$",
        ("d2", "T"): r"$J_T^\top$",
    }
    for a, b in zip(order, order[1:], strict=False):
        xa = xs[a] + (half.get(a, 0.18))
        xb = xs[b] - (half.get(b, 0.18))
        els.append(Edge(((xa, y + 0.1), (xb, y + 0.1)), kind="weak"))
        els.append(
            Edge(
                ((xb, y - 0.1), (xa, y - 0.1)),
                jac.get((a, b), ""),
                side="below",
                kind="grad",
            )
        )
    els += [
        # Forward up on the right, backward down on the left with its label outside both arrows.
        Edge(((xs["T"] + 0.1, y + 0.25), (xs["T"] + 0.1, 2.5)), kind="weak"),
        Edge(
            ((xs["T"] - 0.1, 2.5), (xs["T"] - 0.1, y + 0.25)),
            r"$\partial L/\partial h_T$",
            side="left",
            kind="grad",
            size=10,
            at=0.45,
        ),
        Note(
            2.9,
            0.72,
            r"$J_t = \partial h_t/\partial h_{t-1} = \mathrm{diag}(\phi'(a_t))\,U$",
            size=FONT["sub"],
        ),
        Note(
            2.9,
            0.3,
            r"$\partial h_T/\partial h_k = J_T\,J_{T-1}\cdots J_{k+1}$",
            size=FONT["sub"],
            kind="grad",
        ),
        Note(
            0.1,
            2.7,
            "forward: grey, solid\n"
            r"backward: dashed, $\delta h_{t-1} = J_t^\top \delta h_t$",
            size=10,
            ha="left",
            kind="muted",
        ),
    ]
    return Diagram(
        "bptt_jacobians",
        "The gradient path: one Jacobian per step",
        5.75,
        3.25,
        tuple(els),
        formulas=("jacobian_step", "jacobian_product"),
        caption=_BPTT_JACOBIANS_CAPTION,
        alt=_BPTT_JACOBIANS_ALT,
    )


_CELL_PATH_CAPTION = (
    r"The LSTM's additive path through the cell state: $c_{t-1}$ is multiplied by the "
    r"forget gate $f_t$ and the input $i_t \odot g_t$ is added. Along this path alone "
    r"(partial derivatives, with the gates and $h_{t-1}$ held fixed) one step back "
    r"multiplies the gradient by $\operatorname{diag}(f_t)$, with no $U$ and no "
    r"$\tanh'$ in it, and over $T - k$ steps by $\operatorname{diag}(f_T) \cdots "
    r"\operatorname{diag}(f_{k+1})$. The full Jacobian $\partial c_T/\partial c_k$ "
    r"adds the paths through $h_{t-1}$ and the gates."
)


_CELL_PATH_ALT = (
    "A thick horizontal line of cell states: c sub k, dots, c sub t minus 1, a "
    "multiplication node, an addition node, c sub t, dots, c sub T. From below, the "
    "forget gate f sub t feeds the multiplication node and i sub t times g sub t feeds "
    "the addition node, with g sub t equals tanh of W sub c x x sub t plus W sub c h h "
    "sub t minus 1 plus b sub c written underneath. Dashed vermillion arrows run back "
    "above the line from c sub T to c sub k; the one from c sub t to c sub t minus 1 "
    "is labelled diag of f sub t, the others dots. Text at the top, headed 'along the "
    "cell path only (partial derivatives, the gates and h held fixed)': partial c sub "
    "T over partial c sub k equals diag of f sub T, and so on, times diag of f sub k "
    "plus 1; and partial c sub t over partial c sub t minus 1 equals diag of f sub t, "
    "with no U and no tanh prime."
)


def lstm_cell_path() -> Diagram:
    """The LSTM's additive path: c_k → … → c_T, and the gradient back along it, f_t per step.

    The notes give the partial derivatives along the cell path only (gates and h held fixed):
    ∂c_t/∂c_{t−1} = diag(f_t) and ∂c_T/∂c_k = diag(f_T) ⋯ diag(f_{k+1}), ordered T … k+1 as in
    the Jacobian figure. The total derivatives add the paths through h_{t−1} and the gates.
    """
    y = 1.75
    top = y + 0.2
    xs = {"k": 0.4, "p": 1.75, "mul": 2.6, "add": 3.5, "t": 4.3, "T": 5.55}
    # Each ellipsis sits between two arrows with shafts: about 0.2 in on either side of it.
    left, right = (
        (xs["k"] + 0.25 + xs["p"] - 0.31) / 2,
        (xs["t"] + 0.25 + xs["T"] - 0.25) / 2,
    )
    path = {"half": 0.14, "dots_size": FONT["main"], "kind": "path"}
    els: list = [
        Node("ck", xs["k"], y, "$c_k$", "state", w=0.5, h=0.40),
        Node("cp", xs["p"], y, "$c_{t-1}$", "state", w=0.62, h=0.40),
        op("mul", xs["mul"], y, ODOT),
        op("add", xs["add"], y, PLUS),
        Node("ct", xs["t"], y, "$c_t$", "state", w=0.5, h=0.40),
        Node("cT", xs["T"], y, "$c_T$", "state", w=0.5, h=0.40),
        *step_arrow("ck", "cp", y, dots_at=left, **path),
        Edge(("cp", "mul"), kind="path"),
        Edge(("mul", "add"), kind="path"),
        Edge(("add", "ct"), kind="path"),
        *step_arrow("ct", "cT", y, dots_at=right, **path),
        Node("f", xs["mul"], 0.85, "$f_t$", "gate", w=0.5, h=0.36),
        Node("ig", xs["add"], 0.85, r"$i_t \odot g_t$", "gate", w=0.82, h=0.36),
        Edge(("f", "mul")),
        Edge(("ig", "add")),
        Note(
            3.05,
            0.3,
            r"$g_t = \tanh(W_{cx} x_t + W_{ch} h_{t-1} + b_c)$",
            size=10,
            kind="muted",
        ),
        hop(xs["T"] - 0.1, xs["t"] + 0.1, top, 2.35, r"$\cdots$"),
        hop(xs["t"] - 0.1, xs["p"] + 0.1, top, 2.5, r"$\mathrm{diag}(f_t)$"),
        hop(xs["p"] - 0.12, xs["k"] + 0.1, top, 2.35, r"$\cdots$"),
        Note(
            3.0,
            3.72,
            "along the cell path only (partial derivatives, the gates and $h$ held fixed):",
            size=10,
            kind="muted",
        ),
        Note(
            3.0,
            3.0,
            r"$\partial c_t/\partial c_{t-1} = \mathrm{diag}(f_t)$: no $U$, no $\tanh'$",
            size=FONT["sub"],
            kind="grad",
        ),
        Note(
            3.0,
            3.36,
            r"$\partial c_T/\partial c_k = \mathrm{diag}(f_T) \cdots \mathrm{diag}(f_{k+1})$",
            size=FONT["sub"],
            kind="grad",
        ),
    ]
    return Diagram(
        "lstm_cell_path",
        "The LSTM's additive path through the cell state",
        5.9,
        4.3,
        tuple(els),
        formulas=("lstm_cell_ch4", "lstm_cell_path", "lstm_cell_path_step"),
        caption=_CELL_PATH_CAPTION,
        alt=_CELL_PATH_ALT,
    )
