"""Language models: a character-level model, an encoder–decoder with attention."""

from __future__ import annotations

from .blocks import dot, step_arrow
from .elements import Diagram, Edge, Node, Note
from .style import FONT

_CHAR_LM_CAPTION = (
    "The character-level model unrolled over a poem, in the chapter's notation: at "
    "step $t$ the true previous symbol $w_{t-1}$ selects the row $x_t = E_{w_{t-1}}$ "
    "of the embedding, the LSTM updates $h_t$, the Dense layer's scores $y_t = W_y h_t "
    "+ b_y$ go through a softmax, and the target is the next symbol $w_t$ (teacher "
    "forcing)."
)


_CHAR_LM_ALT = (
    "Four columns for the steps 1, 2, t and T, with dots between the second and the "
    "third and between the third and the fourth. From bottom to top in each column: "
    "the input symbol, w sub 0, w sub 1, w sub t minus 1 or w sub T minus 1; an "
    "embedding box, E sub w sub 0 and so on; an arrow x sub t up to the LSTM state h "
    "sub t, the states linked left to right; an arrow y sub t up to a softmax box; and "
    "the target symbol, w sub 1, w sub 2, w sub t or w sub T. Row labels on the left: "
    "input, E, LSTM, W sub y and b sub y, target. Below, the softmax formula: p of w "
    "sub t equals j, given the symbols before t, equals exp of y sub t j, over the sum "
    "over l of exp of y sub t l; and the note that each input is the true previous "
    "symbol, not a prediction."
)


def char_language_model() -> Diagram:
    """A character-level language model trained with teacher forcing, in the language chapter's notation.

    Symbols w_0 … w_T (w_0 the start symbol): at step t the input is the true previous
    symbol w_{t−1}, its embedding x_t = E_{w_{t−1}} (row w_{t−1} of E) enters the LSTM,
    the scores y_t = W_y h_t + b_y go through a softmax, and the target is w_t.
    """
    cols = [1.0, 2.1, 3.5, 4.95]
    steps = ["1", "2", "t", "T"]
    prev = ["w_0", "w_1", "w_{t-1}", "w_{T-1}"]
    y_in, y_emb, y_rnn, y_soft, y_tgt = 1.0, 1.65, 2.35, 3.1, 3.75
    els: list = [
        Note(0.06, y_tgt, "target", ha="left", size=10, kind="muted"),
        Note(0.06, y_in, "input", ha="left", size=10, kind="muted"),
        Note(0.06, y_emb, "$E$", ha="left", size=FONT["sub"]),
        Note(0.06, y_rnn, "LSTM", ha="left", size=10),
        Note(0.06, (y_rnn + y_soft) / 2, "$W_y, b_y$", ha="left", size=10),
    ]
    for k, (cx, t, w) in enumerate(zip(cols, steps, prev, strict=True)):
        els += [
            Node(f"in{k}", cx, y_in, f"${w}$", "input", w=0.74, h=0.34),
            Node(
                f"emb{k}", cx, y_emb, f"$E_{{{w}}}$", "layer", w=0.86, h=0.36, size=11
            ),
            Node(f"h{k}", cx, y_rnn, f"$h_{t}$", "state", w=0.66, h=0.4),
            Node(
                f"s{k}",
                cx,
                y_soft,
                r"$\mathrm{softmax}$",
                "layer",
                w=0.98,
                h=0.34,
                size=11,
            ),
            Node(f"t{k}", cx, y_tgt, f"$w_{t}$", "output", w=0.66, h=0.34),
            Edge((f"in{k}", f"emb{k}")),
            Edge((f"emb{k}", f"h{k}"), f"$x_{t}$", side="right", size=10),
            Edge((f"h{k}", f"s{k}"), f"$y_{t}$", side="right", size=10),
            Edge((f"s{k}", f"t{k}")),
        ]
        if k:  # arrows with shafts on both sides of an ellipsis (about 0.2 in each)
            mid = (cols[k - 1] + cols[k]) / 2 if k in (2, 3) else None
            els += step_arrow(f"h{k - 1}", f"h{k}", y_rnn, dots_at=mid, half=0.15)
    els += [
        Note(
            3.0,
            0.38,
            r"$p(w_t = j \mid w_{<t}) = \exp(y_{t,j})\,/\,\sum_l \exp(y_{t,l})$",
            size=10,
            va="bottom",
        ),
        Note(
            3.0,
            0.04,
            "each input is the true previous symbol, not a prediction",
            size=10,
            va="bottom",
            kind="muted",
        ),
    ]
    return Diagram(
        "char_language_model",
        "A character-level language model",
        5.6,
        4.45,
        tuple(els),
        formulas=("charlm_softmax", "charlm_embedding"),
        caption=_CHAR_LM_CAPTION,
        alt=_CHAR_LM_ALT,
    )


_ATTENTION_CAPTION = (
    r"The encoder–decoder with additive attention at output step $i$. The previous "
    r"decoder state $s_{i-1}$ is scored against every annotation $h_j = "
    r"[\overrightarrow{h}_j; \overleftarrow{h}_j]$, $e_{ij} = v_a^\top \tanh(W_a "
    r"s_{i-1} + U_a h_j)$; a softmax over the $T_x$ source positions turns the scores "
    r"into the weights $\alpha_{ij}$; the context $c_i = \sum_j \alpha_{ij} h_j$ "
    r"enters the decoder step $s_i = \operatorname{GRU}([E\,y_{i-1}; c_i], s_{i-1})$. "
    r"The read-out takes $c_i$ too: a branch of the $c_i$ line and the arrow from "
    r"$s_i$ enter the box $W_y$, $b_y$, and the softmax above it gives $y_i = "
    r"\operatorname{softmax}(W_y [s_i; c_i] + b_y)$."
)


_ATTENTION_ALT = (
    "On the left the encoder: the inputs x sub 1, x sub j and x sub T sub x at the "
    "bottom, with dots between them, feed the annotations h sub 1, h sub j and h sub T "
    "sub x, joined by double-headed arrows: the encoder reads both ways, and h sub j "
    "is its forward and backward states together. Above them three wide boxes, one on "
    "top of the other: the scores e sub i j equals v sub a transpose tanh of W sub a s "
    "sub i minus 1 plus U sub a h sub j, which also receive the previous decoder state "
    "s sub i minus 1 from the right; the weights alpha sub i j, exp of e sub i j over "
    "the sum over j prime of exp of e sub i j prime; and the context c sub i, the sum "
    "over j of alpha sub i j h sub j. On the right the decoder: the GRU state s sub i "
    "reads s sub i minus 1, the embedding E y sub i minus 1 of the previous output, "
    "and the context c sub i. Above s sub i the read-out: a box W sub y, b sub y takes "
    "s sub i and, from a branch of the c sub i line, c sub i, the two stacked; a "
    "softmax box above it gives the output y sub i at the top."
)


def attention_seq2seq() -> Diagram:
    """An encoder–decoder with additive (Bahdanau) attention, at decoder step i.

    A bidirectional encoder gives h_j = [→h_j; ←h_j] for j = 1 … T_x. The scores
    e_{ij} = v_a^⊤ tanh(W_a s_{i−1} + U_a h_j) compare the previous decoder state with every
    h_j; a softmax over j gives the weights α_{ij}; the context c_i = Σ_j α_{ij} h_j enters
    the decoder step s_i = GRU([E y_{i−1}; c_i], s_{i−1}) and, with s_i, the read-out
    y_i = softmax(W_y [s_i; c_i] + b_y), drawn as a box W_y, b_y that takes s_i and c_i
    and a softmax box above it.
    """
    cols = [0.65, 1.8, 2.95]
    idx = ["1", "j", "{T_x}"]
    y_x, y_h, y_e, y_a, y_c, y_out = 0.55, 1.3, 2.05, 2.85, 3.65, 4.15
    mid = 1.8
    els: list = [
        Node(
            "score",
            mid,
            y_e,
            r"$e_{ij} = v_a^\top \tanh(W_a s_{i-1} + U_a h_j)$",
            "gate",
            w=3.1,
            h=0.4,
            size=11,
        ),
        Node(
            "softmax",
            mid,
            y_a,
            r"$\alpha_{ij} = \exp(e_{ij}) / \sum_{j'} \exp(e_{ij'})$",
            "gate",
            w=3.1,
            h=0.4,
            size=11,
        ),
        Node(
            "ctx",
            mid,
            y_c,
            r"$c_i = \sum_j \alpha_{ij} h_j$",
            "layer",
            w=3.1,
            h=0.42,
            size=12,
        ),
    ]
    for k, (cx, j) in enumerate(zip(cols, idx, strict=True)):
        els += [
            Node(f"x{k}", cx, y_x, f"$x_{j}$", "input", w=0.5, h=0.32),
            Node(f"h{k}", cx, y_h, f"$h_{j}$", "state", w=0.5, h=0.4),
            Edge((f"x{k}", f"h{k}")),
            Edge(((cx, y_h + 0.22), (cx, y_e - 0.22))),
            Edge(
                ((cx, y_e + 0.22), (cx, y_a - 0.22)),
                f"$e_{{i{j}}}$",
                side="right",
                size=10,
            ),
            Edge(
                ((cx, y_a + 0.22), (cx, y_c - 0.23)),
                rf"$\alpha_{{i{j}}}$",
                side="right",
                size=10,
            ),
        ]
        if k:
            gap = (cols[k - 1] + cx) / 2
            els += [
                Edge((f"h{k - 1}", f"h{k}"), kind="both"),
                Note(gap, y_x, r"$\cdots$", size=11),
            ]
    xs, xd = 4.05, 4.95
    els += [
        Note(
            mid,
            0.04,
            r"encoder: $h_j = [\overrightarrow{h}_j; \overleftarrow{h}_j]$",
            size=10,
            kind="muted",
            va="bottom",
        ),
        Note(xd - 0.2, 0.04, "decoder", size=10, kind="muted", va="bottom"),
        Node("s_prev", xs, y_e, "$s_{i-1}$", "state", w=0.6, h=0.42),
        Node("s", xd, y_a, "$s_i$", "state", w=0.56, h=0.42, sub="GRU", sub_at="right"),
        Node("y_prev", xd, y_x, "$y_{i-1}$", "input", w=0.6, h=0.34),
        # The read-out above s_i: W_y and b_y act on [s_i; c_i], then the softmax gives y_i.
        Node("readout", xd, y_out, "$W_y, b_y$", "layer", w=0.8, h=0.4, size=12),
        Node(
            "softmax_y",
            xd,
            y_out + 0.63,
            r"$\mathrm{softmax}$",
            "layer",
            w=0.98,
            h=0.34,
            size=11,
        ),
        # below the title's line: beside it, the title would read "... attention y_i"
        Node("y", xd, y_out + 1.23, "$y_i$", "output", w=0.5, h=0.34),
        Edge(("s_prev", "score")),
        Edge(("s_prev", (xs, y_a), "s")),
        Edge(
            ("y_prev", (xd, y_a - 0.23)), r"$E\,y_{i-1}$", side="right", at=0.3, size=10
        ),
        Edge(
            ("ctx", (xd - 0.18, y_c), (xd - 0.18, y_a + 0.23)),
            "$c_i$",
            side="above",
            at=0.35,
        ),
        dot(xd - 0.18, y_c),
        Edge(((xd - 0.18, y_c), (xd - 0.18, y_out - 0.22))),
        Edge(
            ((xd + 0.15, y_a + 0.23), (xd + 0.15, y_out - 0.22)),
            "$s_i$",
            side="right",
            at=0.55,
            size=10,
        ),
        Note(xd - 0.46, y_out, r"$[s_i; c_i]$", size=10, ha="right", kind="muted"),
        Edge(("readout", "softmax_y")),
        Edge(("softmax_y", "y")),
    ]
    return Diagram(
        "attention_seq2seq",
        "Encoder–decoder with additive attention",
        5.9,
        5.95,
        tuple(els),
        formulas=(
            "attention_score",
            "attention_weight",
            "attention_context",
            "decoder_state",
            "attention_readout",
        ),
        caption=_ATTENTION_CAPTION,
        alt=_ATTENTION_ALT,
    )
