"""Diagrams: each draws every symbol of the formulas it illustrates, and those formulas are the chapters'.

* ``symbols_in`` reads a formula's symbols in one canonical spelling (checked on examples);
* each diagram's drawn labels carry every symbol of its formulas (for a highlighted
  diagram: its highlighted part does), read back from the text the renderer put on the
  figure, and removing one label makes the check fail;
* each formula in ``diagrams.FORMULAS`` is printed by the chapter it names, so the
  diagram and the chapter cannot drift apart; a chapter cell that shows a diagram has a
  caption, alt text and a ``fig-chNN-`` name, and sits in the section that prints its formulas;
* the SVG is the same bytes on every run, carries no date, has an opaque background,
  and the colours and font sizes stay legible.
"""

import json
import re
from dataclasses import replace
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from rnn_utils import diagrams  # noqa: E402
from rnn_utils.diagrams import Edge, Node, Note, normalise_formula, symbols_in  # noqa: E402
from rnn_utils.diagrams.elements import in_group  # noqa: E402
from rnn_utils.diagrams.renderer import polyline  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = diagrams.catalogue()
NAMES = sorted(CATALOGUE)


# --- reading symbols -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "latex, expected",
    [
        (
            r"h_t = \tanh(W x_t + U h_{t - 1} + b)",
            {"h_t", r"\tanh", "W", "x_t", "U", "h_{t-1}", "b"},
        ),
        (r"y_t = W_y h_t + b_y", {"y_t", "W_y", "h_t", "b_y"}),
        (
            r"i_t &= \sigma(W_{ix} x_t + W_{ih} h_{t-1} + b_i) && \text{input gate (输入门)}",
            {"i_t", r"\sigma", "W_{ix}", "x_t", "W_{ih}", "h_{t-1}", "b_i"},
        ),
        (
            r"\tilde h_t = \tanh\big(W_{hx} x_t + W_{hh} (r_t \odot h_{t-1}) + b_{h}\big)",
            {
                r"\tilde{h}_t",
                r"\tanh",
                "W_{hx}",
                "x_t",
                "W_{hh}",
                "r_t",
                r"\odot",
                "h_{t-1}",
                "b_h",
            },
        ),
        (
            r"\delta h_{t-1} = U^\top\big((1 - h_t^2) \odot \delta h_t\big) + W_y^\top \delta y_{t-1}",
            {
                r"\delta h_{t-1}",
                "U",
                "h_t",
                r"\odot",
                r"\delta h_t",
                "W_y",
                r"\delta y_{t-1}",
            },
        ),
        (
            r"J_t = \frac{\partial h_t}{\partial h_{t-1}} = \operatorname{diag}\big(\phi'(a_t)\big)\, U",
            {"J_t", r"\partial h_t/\partial h_{t-1}", r"\phi'", "a_t", "U"},
        ),
        (
            r"c_t = f_t \odot c_{t-1} + i_t \odot \underbrace{\tanh(W_{cx} x_t + W_{ch} h_{t-1} + b_c)}_{g_t}",
            {
                "c_t",
                "f_t",
                r"\odot",
                "c_{t-1}",
                "i_t",
                r"\tanh",
                "W_{cx}",
                "x_t",
                "W_{ch}",
                "h_{t-1}",
                "b_c",
                "g_t",
            },
        ),
        (
            r"h^{(l)}_t = \tanh\big(W^{(l)} h^{(l-1)}_t + U^{(l)} h^{(l)}_{t-1} + b^{(l)}\big)",
            {
                "h^{(l)}_t",
                r"\tanh",
                "W^{(l)}",
                "h^{(l-1)}_t",
                "U^{(l)}",
                "h^{(l)}_{t-1}",
                "b^{(l)}",
            },
        ),
        (
            r"\frac{\partial c_T}{\partial c_k}\bigg|_{\text{cell path}} = \prod_{t=k+1}^{T} \operatorname{diag}(f_t)",
            {r"\partial c_T/\partial c_k", "f_t"},
        ),
        (r"W_{ix} * X_t", {"W_{ix}", "*", "X_t"}),
        (
            r"(a, b) \circ (a', b') = (a\,a',\; a' b + b')",
            {"a", "b", "a'", "b'", r"\circ"},
        ),
        (
            r"\alpha_{ij} = \frac{\exp(e_{ij})}{\sum_{k} \exp(e_{ik})}",
            {r"\alpha_{ij}", "e_{ij}", "e_{ik}"},
        ),
    ],
)
def test_symbols_in_reads_formulas(latex, expected):
    assert symbols_in(latex) == expected


def test_symbols_in_has_one_spelling_per_symbol():
    same = [
        (r"\tilde h_t", r"\tilde{h}_t"),
        (r"h_{t - 1}", r"h_{t-1}"),
        (r"b_{h}", "b_h"),
        (r"\frac{\partial h_t}{\partial h_{t-1}}", r"\partial h_t/\partial h_{t-1}"),
        (r"\overrightarrow{h}_{t-1}", r"\overrightarrow{h}_{t - 1}"),
        (r"W_y^\top", "W_y"),
    ]
    for a, b in same:
        assert symbols_in(a) == symbols_in(b), (a, b)
    assert symbols_in("layer $l$ and $W_{ix}$", math_only=True) == {"l", "W_{ix}"}
    assert symbols_in("softmax, no dollars", math_only=True) == set()


# --- every diagram carries its formulas' symbols ----------------------------------------------


@pytest.fixture(scope="module")
def figures():
    """Each diagram rendered once (rendering is the slow part)."""
    return {name: d.figure() for name, d in CATALOGUE.items()}


def drawn_texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts if t.get_text()]


@pytest.mark.parametrize("name", NAMES)
def test_diagram_carries_every_symbol_of_its_formulas(name, figures):
    d = CATALOGUE[name]
    assert d.formulas, f"{name}: names no formula"
    wanted = d.formula_symbols()
    assert len(wanted) >= 2, (
        f"{name}: its formulas give too few symbols to check: {wanted}"
    )
    assert not d.missing(), (
        f"{name}: the formulas' symbols {sorted(d.missing())} are not drawn"
    )
    # The symbols are read back from what the renderer drew, not only from the description.
    drawn = set().union(
        *(symbols_in(t, math_only=True) for t in drawn_texts(figures[name]))
    )
    assert d.symbols() <= drawn and wanted <= drawn


@pytest.mark.parametrize("part", diagrams.LSTM_PARTS)
def test_each_lstm_part_is_carried_by_its_highlighted_elements(part):
    d = diagrams.lstm_cell(highlight=part)
    on, everything = d.symbols(highlighted=True), d.symbols()
    assert d.formula_symbols() <= on
    # Highlighting selects: the greyed-out rest carries symbols the highlighted part does not.
    assert on < everything
    other = {
        "forget": "W_{ox}",
        "input": "W_{fx}",
        "cell": "W_{ix}",
        "output": "W_{fx}",
    }[part]
    assert other in everything and other not in on


def test_the_check_fails_when_a_label_is_missing():
    d = diagrams.lstm_cell()
    assert not d.missing()
    elements = tuple(
        replace(el, sub="$W_{ix}$\n$b_i$")
        if isinstance(el, Node) and el.key == "i"
        else el
        for el in d.elements
    )
    assert replace(d, elements=elements).missing() == {"W_{ih}"}
    elements = tuple(
        replace(el, text="") if isinstance(el, Edge) and el.text == "$g_t$" else el
        for el in d.elements
    )
    assert "g_t" in replace(d, elements=elements, formulas=("lstm_cell",)).missing()
    gru = diagrams.gru_cell(reset_after=False)
    assert (
        r"\tilde{h}_t"
        in replace(
            gru,
            elements=tuple(
                el
                for el in gru.elements
                if not (isinstance(el, Edge) and "tilde" in el.text)
            ),
        ).missing()
    )


def test_gru_forms_differ_where_the_reset_gate_acts():
    after, before = (
        diagrams.gru_cell(reset_after=True),
        diagrams.gru_cell(reset_after=False),
    )
    assert {"b_{zx}", "b_{zh}", "b_{hh}"} <= after.symbols() and not {
        "b_{zx}",
        "b_{hh}",
    } & before.symbols()
    assert {"b_z", "b_h"} <= before.symbols()

    def reset_path(d):
        return {
            el.key for el in d.elements if isinstance(el, Node) and "reset" in el.groups
        }

    # Both draw the reset path (the r gate, its ⊙ and W_hh) in the accent colour, in a different order:
    # after the product, W_hh feeds the ⊙ from below; before it, the ⊙ feeds W_hh.
    assert reset_path(after) == reset_path(before) == {"r", "mul_r", "Wh"}

    def node(d, key):
        return next(el for el in d.elements if isinstance(el, Node) and el.key == key)

    assert (
        node(after, "Wh").y < node(after, "mul_r").y
        and node(before, "mul_r").y < node(before, "Wh").y
    )


def test_scan_tree_hands_each_leaf_its_exclusive_prefix():
    d = diagrams.scan_tree()
    leaves = sorted(
        (el for el in d.elements if isinstance(el, Node) and el.key.startswith("d0_")),
        key=lambda el: el.x,
    )
    assert [el.text for el in leaves] == ["$e$", "$p_{1}$"] + [
        f"$p_{{1:{t}}}$" for t in range(2, 8)
    ]
    root = [
        el.text
        for el in d.elements
        if isinstance(el, Note) and el.text.startswith("$p_{1:8}")
    ]
    assert root == ["$p_{1:8}$"]


def test_adding_layout_shows_the_generated_task():
    from rnn_utils import adding_problem

    for variant in ("le2015", "hochreiter1997"):
        d = diagrams.adding_problem_layout(variant, seq_len=12, seed=3)
        x, y = adding_problem(1, 12, seed=3, variant=variant)
        marked = tuple(int(t) + 1 for t in (x[0, :, 1] == 1).nonzero()[0])
        assert d.meta["marked"] == marked and len(marked) == 2
        assert d.meta["target"] == pytest.approx(float(y[0, 0]))
        shaded = sorted(
            int(el.key[1:]) + 1
            for el in d.elements
            if isinstance(el, Node) and el.kind == "mark" and el.key.startswith("v")
        )
        assert tuple(shaded) == marked


def test_rnn_layer_with_concrete_steps():
    for steps in (1, 3, 8):
        d = diagrams.rnn_layer(steps)
        assert (
            f"h_{steps}" in d.symbols()
            and "h_0" in d.symbols()
            and d.width <= diagrams.MAX_WIDTH
        )
    assert "h_4" not in diagrams.rnn_layer(8).symbols()  # from 4 steps on: 1, 2, ..., T


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: diagrams.lstm_cell(highlight="gate"),
            r"highlight: expected None or one of",
        ),
        (
            lambda: diagrams.gru_cell(reset_after="yes"),
            r"reset_after: expected True or False, got 'yes'",
        ),
        (
            lambda: diagrams.rnn_layer(9),
            r"steps: expected None or an int from 1 to 8, got 9",
        ),
        (
            lambda: diagrams.adding_problem_layout("copy"),
            r"variant: expected 'le2015' or 'hochreiter1997'",
        ),
        (lambda: diagrams.scan_tree(16), r"T: expected 8"),
        (lambda: diagrams.render("lstm"), r"diagram: expected a Diagram, got str"),
    ],
)
def test_bad_input_is_rejected(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_duplicate_node_names_are_rejected():
    d = diagrams.Diagram(
        "dup",
        "dup",
        2,
        2,
        (Node("a", 1, 1, "$x$"), Node("a", 1, 1.5, "$y$")),
        formulas=(),
    )
    with pytest.raises(ValueError, match=r"node keys must be unique, got \['a', 'a'\]"):
        d.figure()


# --- the chapters print the formulas ----------------------------------------------------------


def chapter(slug):
    """The notebook of the chapter named ``slug``, whatever its number (or None)."""
    found = sorted(ROOT.glob(f"chapters/[0-9][0-9]_{slug}.ipynb"))
    return found[0] if found else None


def slug(path):
    """A chapter's file name without its number: 02_recurrent_layer -> recurrent_layer."""
    return path.stem.split("_", 1)[1]


def markdown_cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return nb["cells"], [
        normalise_formula("".join(c["source"])) if c["cell_type"] == "markdown" else ""
        for c in nb["cells"]
    ]


@pytest.mark.parametrize("key", sorted(diagrams.FORMULAS))
def test_formula_is_printed_by_its_chapter(key):
    formula = diagrams.FORMULAS[key]
    path = chapter(formula.chapter)
    if path is None or formula.planned:
        pytest.skip(
            f"chapter {formula.chapter} is not written yet: {key} is the formula it is planned to print"
        )
    _, texts = markdown_cells(path)
    assert any(normalise_formula(formula.latex) in t for t in texts), (
        f"{path.name} no longer prints {formula.latex!r} ({key}); update diagrams.FORMULAS and the diagram"
    )


def test_every_formula_is_illustrated():
    used = {key for d in CATALOGUE.values() for key in d.formulas}
    assert used == set(diagrams.FORMULAS)


SVG_NAME = re.compile(r"<dc:description>rnn_utils\.diagrams\.(\w+)</dc:description>")


def diagram_cells():
    """(notebook, cell index, diagram name) for every stored diagram output in the chapters."""
    for path in sorted(ROOT.glob("chapters/*.ipynb")):
        cells, _ = markdown_cells(path)
        for index, cell in enumerate(cells):
            for out in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
                svg = "".join(out.get("data", {}).get("image/svg+xml", ""))
                match = SVG_NAME.search(svg)
                if match:
                    yield path, index, match.group(1)


def test_chapter_diagrams_sit_beside_their_formulas():
    for path, index, name in diagram_cells():
        assert name in CATALOGUE, f"{path.name} cell {index}: unknown diagram {name!r}"
        cells, texts = markdown_cells(path)
        meta = cells[index].get("metadata", {}).get("mystnb", {})
        fig_name = meta.get("figure", {}).get("name", "")
        assert fig_name.startswith(f"fig-ch{path.name[:2]}-"), (
            f"{path.name} cell {index}: figure name {fig_name!r}"
        )
        assert (
            meta.get("figure", {}).get("caption")
            and len(meta.get("image", {}).get("alt", "")) > 40
        )
        section = "".join(texts[section_start(cells, index) : index])
        for key in CATALOGUE[name].formulas:
            formula = diagrams.FORMULAS[key]
            if formula.chapter == slug(path):
                assert normalise_formula(formula.latex) in section, (
                    f"{path.name} cell {index}: {name} is not in the section that prints its formula {key}"
                )


def section_start(cells, index):
    """The index of the markdown cell that opens the (## or #) section holding cell ``index``."""
    for k in range(index, -1, -1):
        cell = cells[k]
        if cell["cell_type"] == "markdown" and re.search(
            r"^#{1,2} ", "".join(cell["source"]), re.M
        ):
            return k
    return 0


# --- SVG: deterministic, opaque, legible -------------------------------------------------------


def test_svg_is_deterministic_and_undated():
    d = CATALOGUE["gru_cell_reset_after_true"]
    first, second = d.svg(), diagrams.gru_cell(reset_after=True).svg()
    assert first == second
    assert "<dc:date>" not in first and "Matplotlib v" not in first
    assert (
        "<dc:description>rnn_utils.diagrams.gru_cell_reset_after_true</dc:description>"
        in first
    )
    assert re.search(
        r'<path d="M 0 [\d.]+ \nL [\d.]+ [\d.]+ \nL [\d.]+ 0 \nL 0 0 \nz\n" style="fill: #ffffff"/>',
        first,
    ), "no opaque white background"
    assert d._repr_svg_() == first


@pytest.mark.parametrize("name", NAMES)
def test_legible_at_phone_width(name, figures):
    d, fig = CATALOGUE[name], figures[name]
    assert d.width <= diagrams.MAX_WIDTH and d.height <= 6
    for text in (t for ax in fig.axes for t in ax.texts if t.get_text()):
        assert text.get_fontsize() >= diagrams.MIN_FONT, (
            f"{name}: {text.get_text()!r} is too small"
        )
        ground = "#ffffff"
        if text.get_color() == "#ffffff":  # only inside a box dark enough for it
            x, y = text.get_position()
            (ground,) = {
                diagrams.FILL[n.kind]
                for n in d.elements
                if isinstance(n, Node)
                and abs(x - n.x) < n.w / 2
                and abs(y - n.y) < n.h / 2
                and n.kind != "cell"
            }
        assert contrast_between(text.get_color(), ground) >= 4.5, (
            f"{name}: {text.get_text()!r} in {text.get_color()} on {ground}"
        )
    assert len(d.alt) > 80, f"{name}: no alt text"


def test_palette_is_okabe_ito():
    assert set(diagrams.OKABE_ITO.values()) == {
        "#000000",
        "#E69F00",
        "#56B4E9",
        "#009E73",
        "#F0E442",
        "#0072B2",
        "#D55E00",
        "#CC79A7",
    }
    assert diagrams.GRADIENT == "#D55E00" and diagrams.ACCENT == "#0072B2"
    assert contrast_between(diagrams.GRADIENT, "#ffffff") >= 3
    assert contrast_between(diagrams.ACCENT, "#ffffff") >= 4.5


def test_notes_and_edges_of_unknown_nodes_are_rejected():
    d = diagrams.Diagram("x", "x", 2, 2, (Edge(("nowhere", (1, 1))),), formulas=())
    with pytest.raises(ValueError, match="edge: no node named 'nowhere'"):
        d.figure()


# --- issue 18, item 17: what the second reader found in the drawings ---------------------------


def node(d, key):
    return next(el for el in d.elements if isinstance(el, Node) and el.key == key)


def head_lengths(d):
    """The length of the last segment of every arrow with a head, in inches."""
    import numpy as np

    nodes = {el.key: el for el in d.elements if isinstance(el, Node)}
    out = []
    for e in d.elements:
        if isinstance(e, Edge) and e.kind != "line":
            xy = polyline(e, nodes)
            out.append((e, float(np.hypot(*(xy[-1] - xy[-2])))))
    return out


# An arrow's head is about 0.06 in long: below 0.17 in the shaft is too short to see.
MIN_ARROW = 0.17
# Diagrams with arrows still too short (the LSTM and GRU cells' last hops); not yet redrawn.
SHORT_ARROWS_LEFT = {
    "lstm_cell",
    "lstm_cell_forget",
    "lstm_cell_input",
    "lstm_cell_cell",
    "lstm_cell_output",
    "convlstm_cell",
    "gru_cell_reset_after_true",
    "gru_cell_reset_after_false",
}


@pytest.mark.parametrize("name", NAMES)
def test_arrows_have_shafts(name):
    short = [
        (e.points, round(length, 2))
        for e, length in head_lengths(CATALOGUE[name])
        if length < MIN_ARROW
    ]
    if name in SHORT_ARROWS_LEFT:
        assert short, (
            f"{name} has no short arrow left: remove it from SHORT_ARROWS_LEFT"
        )
    else:
        assert not short, f"{name}: arrows without a visible shaft {short}"


def test_language_model_ellipsis_arrows_have_shafts():
    d = CATALOGUE["char_language_model"]
    around = [
        length
        for e, length in head_lengths(d)
        if any(isinstance(p, tuple) for p in e.points)
        and all(k not in e.points for k in ("in0",))
    ]
    assert len(around) == 4 and min(around) >= MIN_ARROW


def test_attention_read_out_is_drawn():
    d = CATALOGUE["attention_seq2seq"]
    assert "attention_readout" in d.formulas
    readout, softmax, y = node(d, "readout"), node(d, "softmax_y"), node(d, "y")
    assert (
        symbols_in(readout.text, math_only=True) == {"W_y", "b_y"}
        and "softmax" in softmax.text
    )
    assert node(d, "s").y < readout.y < softmax.y < y.y
    edges = [e for e in d.elements if isinstance(e, Edge)]
    # s_i and the c_i branch both end at the read-out's lower edge; it feeds the softmax, which gives y_i.
    into_readout = [
        e
        for e in edges
        if isinstance(e.points[-1], tuple)
        and abs(e.points[-1][1] - (readout.y - readout.h / 2 - 0.02)) < 1e-9
    ]
    assert {round(e.points[0][0] - readout.x, 2) for e in into_readout} == {-0.18, 0.15}
    assert any(e.points == ("readout", "softmax_y") for e in edges)
    assert any(e.points == ("softmax_y", "y") for e in edges)


def text_boxes(fig, predicate):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    return [
        (t.get_text(), t.get_window_extent(renderer))
        for ax in fig.axes
        for t in ax.texts
        if predicate(t.get_text())
    ], renderer


def test_bptt_jacobians_label_clear_of_the_forward_arrow_and_transposes_named():
    d = CATALOGUE["bptt_jacobians"]
    backward = [
        e.text
        for e in d.elements
        if isinstance(e, Edge) and e.kind == "grad" and e.text.startswith("$J")
    ]
    assert backward == [r"$J_{k+1}^\top$", r"$J_t^\top$", r"$J_T^\top$"]
    fig = d.figure()
    (label,), renderer = text_boxes(fig, lambda s: "partial L" in s)
    forward = [
        p
        for p in fig.axes[0].patches
        if type(p).__name__ == "FancyArrowPatch"
        and p.get_linestyle() == "-"
        and p.get_window_extent(renderer).y1 > label[1].y0
    ]
    hT = node(d, "T")
    # the forward arrow h_T -> L: the solid arrow whose x is right of h_T's centre
    up = [
        p
        for p in forward
        if p.get_window_extent(renderer).x0
        > fig.axes[0].transData.transform((hT.x, 0))[0]
    ]
    assert len(up) == 1 and not label[1].overlaps(up[0].get_window_extent(renderer))


def test_bptt_rnn_delta_a_labels_clear_of_the_boxes():
    fig = CATALOGUE["bptt_rnn"].figure()
    labels, renderer = text_boxes(fig, lambda s: r"\delta a" in s)
    boxes = [
        p.get_window_extent(renderer)
        for p in fig.axes[0].patches
        if type(p).__name__ == "FancyBboxPatch"
    ]
    assert len(labels) == 2
    for text, box in labels:
        assert not any(box.overlaps(b) for b in boxes), text


@pytest.mark.parametrize("variant", ["le2015", "hochreiter1997"])
def test_adding_layout_drawn_sum_gives_the_drawn_target(variant):
    d = diagrams.adding_problem_layout(variant)
    a, b, target = d.meta["drawn"]
    value = [float(v.replace("−", "-")) for v in (a, b, target)]
    combined = (
        value[0] + value[1] if variant == "le2015" else 0.5 + (value[0] + value[1]) / 4
    )
    assert (
        abs(combined - value[2]) <= 0.0005 + 1e-12
        and abs(value[2] - d.meta["target"]) <= 0.0005
    )
    line = next(t for t in d.labels() if t.startswith("target"))
    assert (
        a.removeprefix("−") in line
        and b.removeprefix("−") in line
        and line.endswith(f"= {target}")
    )
    if (
        variant == "le2015"
    ):  # the drawing of chapter 4: .801 + .735 = 1.536, and the boxes say .801 and .735
        assert (a, b, target) == (".801", ".735", "1.536")
        assert {node(d, f"v{t - 1}").text for t in d.meta["marked"]} == {a, b}


def test_scan_composition_is_not_drawn_like_the_elementwise_product():
    for d in CATALOGUE.values():
        for el in d.elements:
            if isinstance(el, Node) and el.is_op:
                assert el.text != diagrams.CIRC, (
                    f"{d.name}: a round node draws the scan's composition"
                )
    squares = [
        el
        for el in CATALOGUE["scan_tree"].elements
        if isinstance(el, Node) and el.text == diagrams.CIRC
    ]
    assert len(squares) == 7 and all(
        el.kind == "plain" and el.w == el.h for el in squares
    )


# --- captions and alt text: each drawing owns them (issue 20, item 3) -------------------------

MATH = re.compile(r"\$[^$]*\$")
CODE = re.compile(r"`[^`]*`")


def variants():
    """The catalogue and the parameter variants a chapter or a test may draw."""
    yield from CATALOGUE.values()
    for steps in range(1, 9):
        yield diagrams.rnn_layer(steps)
    for variant in ("le2015", "hochreiter1997"):
        for seq_len, seed in ((11, 0), (11, 1), (12, 0), (12, 7)):
            yield diagrams.adding_problem_layout(variant, seq_len, seed)


@pytest.mark.parametrize("d", list(variants()), ids=lambda d: d.name)
def test_caption_is_markdown_with_symbols_in_maths(d):
    assert d.caption.strip(), f"{d.name}: no caption"
    assert d.caption.count("$") % 2 == 0, f"{d.name}: unbalanced $ in the caption"
    outside = CODE.sub("", MATH.sub("", d.caption))
    for bad in ("_{", "^{", "\\"):
        assert bad not in outside, f"{d.name}: {bad!r} outside maths in {outside!r}"
    # no plain-text subscripts such as h_t or W_y, and no Unicode minus in maths
    assert not re.search(r"(?<![A-Za-z])[A-Za-z]_[A-Za-z0-9(]", outside), outside
    assert not any("−" in m for m in MATH.findall(d.caption)), d.caption


@pytest.mark.parametrize("d", list(variants()), ids=lambda d: d.name)
def test_alt_is_plain_words(d):
    assert len(d.alt) > 80, f"{d.name}: no alt text"
    for bad in ("$", "\\", "_{", "^"):
        assert bad not in d.alt, f"{d.name}: {bad!r} in the alt text"
    assert not re.search(r"(?<![A-Za-z])[A-Za-z]_[A-Za-z0-9(]", d.alt), d.alt


def test_variants_describe_what_they_draw():
    assert "steps 3 to 7" in diagrams.rnn_layer(8).alt
    assert "h sub 0" in diagrams.rnn_layer(1).alt
    d = diagrams.adding_problem_layout("le2015")
    assert "Steps 3 and 9" in d.alt and ".801 plus .735, which is 1.536" in d.alt
    d = diagrams.adding_problem_layout("hochreiter1997")
    assert "minus 1 at steps 1 and 12" in d.alt and "$T = 12$" in d.caption


def load_sync_script():
    import importlib.util
    import sys

    path = ROOT / "scripts" / "sync_figure_metadata.py"
    spec = importlib.util.spec_from_file_location("sync_figure_metadata", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_sync_script_sets_caption_and_alt_and_nothing_else(tmp_path):
    sync = load_sync_script()
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {"mystnb": {"figure": {"name": "fig-x", "caption": "old"}}},
        "outputs": [],
        "source": [
            "from rnn_utils import diagrams\n",
            "\n",
            "diagrams.gru_cell(reset_after=False)",
        ],
    }
    other = {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["1 + 1"]}
    nb = {"cells": [other, cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "nb.ipynb"
    path.write_text(sync.dumps(nb), encoding="utf-8")
    found = sync.differences([path])
    assert [(c.cell, c.field) for c in found] == [(1, "caption"), (1, "alt")]
    assert sync.main(["--check", str(path)]) == 1
    assert sync.main([str(path)]) == 0 and sync.main(["--check", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert text.endswith("}\n") and '\n "cells"' in text
    written = json.loads(text)
    d = diagrams.gru_cell(reset_after=False)
    meta = written["cells"][1]["metadata"]["mystnb"]
    assert meta == {
        "figure": {"name": "fig-x", "caption": d.caption},
        "image": {"alt": d.alt},
    }
    assert written["cells"][0] == other


def test_chapter_figures_carry_their_drawings_caption_and_alt():
    sync = load_sync_script()
    found = sync.differences(sorted(ROOT.glob("chapters/*.ipynb")))
    assert not found, "\n".join(str(c) for c in found)


# --- palette: fills told apart in every vision, dimmed ink legible ------------------------
#
# Fills are compared by CIEDE2000 (Sharma, Wu & Dalal 2005) between CIELAB colours (D65),
# in normal vision and under deuteranopia and protanopia simulated with the matrices of
# Machado, Oliveira & Fernandes (2009, severity 1.0) applied in linear RGB. The pairs that
# must differ by 10 are the kinds of box that appear together in one drawing of the
# catalogue, and loss and mark (same hue, different meaning). Pairs that never meet
# (mark with any other kind, tanh with output, loss with gate, input, tanh or layer)
# are not held to it: eight fills cannot all be 10 apart in greyscale, and need not be.
#
# Greyscale (the colour's luminance as a grey) is held to the same 10: five fills meet in
# the GRU cell and in the attention model, so the palette spends its lightness in five
# levels, and the darkest carries white text (``test_text_on_every_fill``); tanh and
# output, which never meet, share it.

MACHADO_2009 = {
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
}
SRGB_TO_XYZ = [
    [0.4124564, 0.3575761, 0.1804375],
    [0.2126729, 0.7151522, 0.0721750],
    [0.0193339, 0.1191920, 0.9503041],
]
WASHED = {"grad", "op", "ghost", "plain", "cell"}  # white or the cell's grey backdrop


def linear_rgb(colour):
    import numpy as np

    c = np.array(matplotlib.colors.to_rgb(colour))
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def simulated(colour, vision="normal"):
    """Linear RGB of ``colour`` as seen in ``vision``: normal, a CVD, or grey."""
    import numpy as np

    rgb = linear_rgb(colour)
    if vision in MACHADO_2009:
        return np.clip(np.array(MACHADO_2009[vision]) @ rgb, 0, 1)
    if vision == "grey":
        return np.full(3, rgb @ [0.2126, 0.7152, 0.0722])
    return rgb


def lab(colour, vision="normal"):
    """CIELAB (D65) of ``colour`` as seen in ``vision``."""
    import numpy as np

    rgb = simulated(colour, vision)
    m = np.array(SRGB_TO_XYZ)
    t = (m @ rgb) / m.sum(axis=1)
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def ciede2000(lab1, lab2):
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005, equations 2-18)."""
    import numpy as np

    (l1, a1, b1), (l2, a2, b2) = np.asarray(lab1, float), np.asarray(lab2, float)
    c7 = ((np.hypot(a1, b1) + np.hypot(a2, b2)) / 2) ** 7
    g = 1.5 - 0.5 * np.sqrt(c7 / (c7 + 25.0**7))
    c1, c2 = np.hypot(g * a1, b1), np.hypot(g * a2, b2)
    h1, h2 = np.arctan2(b1, g * a1) % (2 * np.pi), np.arctan2(b2, g * a2) % (2 * np.pi)
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + np.pi) % (2 * np.pi) - np.pi
    hm = (h1 + h2 if c1 * c2 == 0 else h1 + dh / 2) % (2 * np.pi)
    lm, cm = (l1 + l2) / 2 - 50, (c1 + c2) / 2
    t = (
        1
        - 0.17 * np.cos(hm - np.pi / 6)
        + 0.24 * np.cos(2 * hm)
        + 0.32 * np.cos(3 * hm + np.pi / 30)
        - 0.20 * np.cos(4 * hm - 0.35 * np.pi)
    )
    rot = np.exp(-(((np.degrees(hm) - 275) / 25) ** 2))
    rt = -2 * np.sqrt(cm**7 / (cm**7 + 25.0**7)) * np.sin(np.pi / 3 * rot)
    dl = (l2 - l1) / (1 + 0.015 * lm**2 / np.sqrt(20 + lm**2))
    dc = (c2 - c1) / (1 + 0.045 * cm)
    dhh = 2 * np.sqrt(c1 * c2) * np.sin(dh / 2) / (1 + 0.015 * cm * t)
    return float(np.sqrt(dl**2 + dc**2 + dhh**2 + rt * dc * dhh))


def delta_e(c1, c2, vision="normal"):
    return ciede2000(lab(c1, vision), lab(c2, vision))


@pytest.mark.parametrize(
    "lab1, lab2, expected",
    [  # Sharma, Wu & Dalal (2005), table 1: pairs 1, 7, 13, 17, 21, 29, 35, 38
        ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
        ((50, 0, 0), (50, -1, 2), 2.3669),
        ((50, 2.49, -0.001), (50, -2.49, 0.0009), 7.1792),
        ((50, -0.001, 2.49), (50, 0.0009, -2.49), 4.8045),
        ((50, 2.5, 0), (73, 25, -18), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ((90.8027, -2.0831, 1.4410), (91.1528, -1.6435, 0.0447), 1.4441),
        ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
    ],
)
def test_ciede2000_matches_sharma_2005(lab1, lab2, expected):
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=5e-5)
    assert ciede2000(lab2, lab1) == pytest.approx(expected, abs=5e-5)


def test_colour_vision_simulation():
    # White and black stay; full red and green, far apart in normal vision, come close.
    for vision in MACHADO_2009:
        assert lab("#ffffff", vision) == pytest.approx([100, 0, 0], abs=0.05)
        assert lab("#000000", vision) == pytest.approx([0, 0, 0], abs=0.05)
    assert delta_e("#ff0000", "#00ff00") > 80
    normal = delta_e("#ff0000", "#00ff00")
    for vision in MACHADO_2009:
        assert delta_e("#ff0000", "#00ff00", vision) < 0.5 * normal
    assert lab("#777777", "grey") == pytest.approx(lab("#777777"), abs=1e-6)


def drawn_together():
    """Pairs of coloured fills that meet in one drawing of the catalogue, plus loss/mark."""
    fill_of = {k: v for k, v in diagrams.FILL.items() if k not in WASHED}
    pairs = {frozenset(("loss", "mark"))}
    for d in CATALOGUE.values():
        kinds = {el.kind for el in d.elements if isinstance(el, Node)} & set(fill_of)
        kinds = {diagrams.MAPS.get(k, k) for k in kinds}  # a map is filled as its kind
        pairs |= {frozenset((a, b)) for a in kinds for b in kinds if a < b}
    return sorted(tuple(sorted(p)) for p in pairs)


PAIRS = drawn_together()


def test_pairs_cover_the_kinds_that_meet():
    assert ("gate", "output") in PAIRS and ("input", "tanh") in PAIRS
    assert ("loss", "mark") in PAIRS and ("layer", "tanh") in PAIRS
    assert diagrams.FILL["map"] == diagrams.FILL["state"]
    assert diagrams.FILL["input_map"] == diagrams.FILL["input"]


@pytest.mark.parametrize("vision", ["normal", "deuteranopia", "protanopia", "grey"])
def test_fills_that_meet_differ(vision):
    close = {
        f"{a}/{b}": round(delta_e(diagrams.FILL[a], diagrams.FILL[b], vision), 1)
        for a, b in PAIRS
        if delta_e(diagrams.FILL[a], diagrams.FILL[b], vision) < 10
    }
    assert not close, f"{vision}: CIEDE2000 below 10: {close}"


def test_greys_are_lightness_alone():
    # In grey, CIEDE2000 reduces to the weighted lightness difference: equal L* is 0.
    assert delta_e("#ff0000", "#ff0000", "grey") == 0
    assert lab("#ff0000", "grey")[1:] == pytest.approx([0, 0], abs=1e-6)
    assert lab("#ff0000", "grey")[0] == pytest.approx(lab("#7f7f7f")[0], abs=0.5)
    assert delta_e("#ffffff", "#000000", "grey") == pytest.approx(100, abs=0.01)


@pytest.mark.parametrize("kind", sorted(diagrams.FILL))
def test_text_on_every_fill(kind):
    text, fill = diagrams.text_on(kind), diagrams.FILL[kind]
    for vision in ("normal", *MACHADO_2009):
        ratio = contrast_between(seen(text, vision), seen(fill, vision))
        assert ratio >= 4.5, (kind, text, vision, round(ratio, 2))
    # the book's dark theme dims figures (reading.css); scaling the sRGB values, the
    # harsher reading of CSS brightness(), every label keeps 4.5:1
    dim = DARK_MODE_BRIGHTNESS
    assert contrast_between(dimmed(text, dim), dimmed(fill, dim)) >= 4.5, (kind, text)
    assert (text == "#ffffff") == (kind in diagrams.WHITE_TEXT)


DARK_MODE_BRIGHTNESS = float(
    re.search(
        r"figure img[^{]*\{[^}]*filter: brightness\(([\d.]+)\)",
        (ROOT / "_static" / "reading.css").read_text(encoding="utf-8"),
    ).group(1)
)


def seen(colour, vision):
    """``colour`` as a hex string, as seen in ``vision`` (Machado et al. 2009)."""
    import numpy as np

    rgb = simulated(colour, vision)
    srgb = np.where(rgb <= 0.0031308, 12.92 * rgb, 1.055 * rgb ** (1 / 2.4) - 0.055)
    return matplotlib.colors.to_hex(np.clip(srgb, 0, 1))


def dimmed(colour, amount):
    import numpy as np

    return matplotlib.colors.to_hex(amount * np.array(matplotlib.colors.to_rgb(colour)))


def test_white_text_only_inside_its_box():
    # A white label outside the box would sit on the white ground: subs there are INK.
    n = Node("y", 1.0, 1.0, "$y$", "output", w=0.5, h=0.4, sub="$W_y$", sub_at="right")
    fig = diagrams.render(diagrams.Diagram("t", "t", 2, 2, (n,), formulas=()))
    colour = {t.get_text(): t.get_color() for t in fig.axes[0].texts}
    assert colour["$y$"] == "#ffffff" and colour["$W_y$"] == diagrams.INK


def contrast_between(fg, bg):
    """WCAG 2 contrast ratio of two colours."""
    y = [linear_rgb(c) @ [0.2126, 0.7152, 0.0722] for c in (fg, bg)]
    return (max(y) + 0.05) / (min(y) + 0.05)


@pytest.mark.parametrize(
    "ink, grounds",
    [
        ("INK", ["#ffffff", "#fafafa", "DIM_FILL"]),
        # dimmed parts: on white, on dimmed boxes and on a dimmed or plain cell backdrop
        ("DIM_INK", ["#ffffff", "DIM_FILL", "#fafafa", "cell"]),
        ("GRADIENT_TEXT", ["#ffffff", "grad", "cell"]),
        ("MUTED", ["#ffffff", "cell"]),
    ],
)
def test_text_contrast(ink, grounds):
    colour = getattr(diagrams, ink)
    for ground in grounds:
        bg = getattr(diagrams, ground, None) or diagrams.FILL.get(ground, ground)
        assert contrast_between(colour, bg) >= 4.5, f"{ink} on {ground}"


def test_dimmed_ink_reads_dimmer_than_ink():
    ink, dim = lab(diagrams.INK)[0], lab(diagrams.DIM_INK)[0]
    assert dim - ink >= 25, (ink, dim)
    assert contrast_between(diagrams.DIM_INK, "#ffffff") <= 0.5 * contrast_between(
        diagrams.INK, "#ffffff"
    )


def test_a_highlighted_dark_box_keeps_a_visible_edge():
    # The accent blue on the darkest fills is about 1:1; those boxes keep INK and get
    # an accent halo outside them, on the light ground.
    from matplotlib.colors import to_hex

    d = diagrams.lstm_cell(highlight="output")
    (tanh,) = [
        n
        for n in d.elements
        if isinstance(n, Node) and n.kind == "tanh" and in_group(n, d.highlight)
    ]
    patches = diagrams.render(d).axes[0].patches
    at_tanh = [
        p
        for p in patches
        if hasattr(p, "get_x")
        and abs(p.get_x() + p.get_width() / 2 - tanh.x) < 1e-9
        and abs(p.get_y() + p.get_height() / 2 - tanh.y) < 1e-9
    ]
    edges = sorted(to_hex(p.get_edgecolor()) for p in at_tanh)
    assert edges == sorted([to_hex(diagrams.INK), to_hex(diagrams.ACCENT)])
    assert contrast_between(diagrams.ACCENT, diagrams.FILL["tanh"]) < 1.5
