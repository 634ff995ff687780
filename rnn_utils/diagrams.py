"""The book's architecture diagrams, described in the book's notation and drawn as SVG.

Each diagram is a small declarative description: boxes (layers, gates, vectors),
operation nodes (⊙, +, 1−), arrows that carry a symbol, and notes, placed in
inches on a canvas of the diagram's size. :func:`render` draws the description
with matplotlib; :meth:`Diagram.svg` returns it as a deterministic SVG string,
and a notebook cell that ends with a diagram displays it as a vector image.

>>> from rnn_utils import diagrams
>>> d = diagrams.lstm_cell(highlight="forget")
>>> {"f_t", "W_{fx}", "W_{fh}", "b_f", r"\\sigma"} <= d.symbols(highlighted=True)
True

The labels are LaTeX (matplotlib mathtext), written as the chapters write their
formulas. :data:`FORMULAS` holds the formulas the diagrams illustrate, as the
chapters print them; :func:`symbols_in` reads the symbols out of a formula or a
label (``W_{ix}``, ``h_{t-1}``, ``\\tilde{h}_t``, ``\\sigma``, ``\\odot``, ...), and
``tests/test_diagrams.py`` checks that every diagram draws every symbol of its
formulas, and that the chapters still print those formulas.

Colours are the Okabe–Ito palette (distinguishable with the common colour-vision
deficiencies), always paired with a label or a line style, on an opaque white
background with dark strokes, so a diagram reads the same in the book's light
and dark themes. Text is at least 10 pt on a canvas at most 6 inches wide, so
it stays legible when a phone shrinks the figure to 375 pixels.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import numpy as np

# --- palette and sizes -------------------------------------------------------------------

# Okabe & Ito (2008), "Color Universal Design": safe for protan, deuteran and tritan vision.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
INK = "#1a1a1a"  # strokes and text: dark on the opaque white background
MUTED = "#555555"  # secondary notes
DIM_INK = "#949494"  # parts that are not highlighted (contrast 3:1 on white)
DIM_FILL = "#f3f3f3"
GRADIENT = OKABE_ITO["vermillion"]  # the backward pass: lines (contrast 3.9:1 on white)
GRADIENT_TEXT = "#a84800"  # its labels: the same hue, darker, for 4.5:1 at small sizes
ACCENT = OKABE_ITO["blue"]  # what a highlighted or emphasised part draws in (5.2:1)


def _tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white: ``amount`` = 1 is the colour, 0 is white."""
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)
    mixed = np.round(255 - amount * (255 - rgb)).astype(int)
    return "#" + "".join(f"{v:02x}" for v in mixed)


# Fill of each kind of box: light tints, so that dark text on them keeps a high contrast.
FILL = {
    "input": _tint(OKABE_ITO["sky_blue"], 0.35),
    "state": _tint(OKABE_ITO["orange"], 0.35),
    "output": _tint(OKABE_ITO["bluish_green"], 0.30),
    "gate": _tint(OKABE_ITO["reddish_purple"], 0.35),
    "tanh": _tint(OKABE_ITO["blue"], 0.22),
    "layer": _tint(OKABE_ITO["yellow"], 0.40),
    "loss": _tint(OKABE_ITO["vermillion"], 0.18),
    "grad": "#ffffff",
    "op": "#ffffff",
    "ghost": "#ffffff",
    "cell": "#f6f6f6",
    "map": _tint(OKABE_ITO["orange"], 0.35),
    "mark": _tint(OKABE_ITO["vermillion"], 0.22),
    "plain": "#ffffff",
}
FONT = {"title": 12, "main": 13, "sub": 11, "note": 11, "op": 14}
MIN_FONT = 10
MAX_WIDTH = 6.0  # inches: wider canvases shrink below legibility on a 375-px screen


# --- the description -----------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    """A box (layer, gate or vector) or a round operation node, centred at (x, y) inches.

    ``kind`` sets the look: input, state, output, gate, tanh, layer, loss, grad, ghost,
    cell (a backdrop), map (a feature map), mark, plain; ``op`` is a circle. ``sub`` is a
    second, smaller line of text (the weights of a gate), drawn inside the box, or
    below/above/left/right of it as ``sub_at`` says.
    """

    key: str
    x: float
    y: float
    text: str = ""
    kind: str = "layer"
    w: float = 0.62
    h: float = 0.42
    sub: str = ""
    sub_at: str = "inside"
    groups: tuple[str, ...] = ()
    size: float | None = None

    @property
    def is_op(self) -> bool:
        return self.kind == "op"


@dataclass(frozen=True)
class Edge:
    """An arrow along a polyline. The first and last point may name a node (its key).

    ``text`` is the symbol the arrow carries, written at fraction ``at`` of the
    polyline's length on side ``side`` (left, right, above, below). ``kind``:
    data (solid), grad (the backward pass: dashed vermillion), line (no head),
    weak (grey), path (a thick additive path).
    """

    points: tuple
    text: str = ""
    at: float = 0.5
    side: str = "right"
    kind: str = "data"
    groups: tuple[str, ...] = ()
    size: float | None = None


@dataclass(frozen=True)
class Note:
    """Free text at (x, y): a row label, an ellipsis, a formula beside a part."""

    x: float
    y: float
    text: str
    size: float | None = None
    ha: str = "center"
    va: str = "center"
    kind: str = "note"
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Diagram:
    """A diagram: its elements, canvas size (inches) and the formulas it illustrates.

    ``formulas`` are keys of :data:`FORMULAS`. With ``highlight`` set to a group
    name, the elements of that group are drawn in full and the others greyed out;
    ``emphasis`` draws the elements of the named groups in the accent colour and
    leaves the rest as they are.
    """

    name: str
    title: str
    width: float
    height: float
    elements: tuple
    formulas: tuple[str, ...] = ()
    highlight: str | None = None
    emphasis: tuple[str, ...] = ()
    meta: dict = field(default_factory=dict, compare=False)

    @property
    def alt(self) -> str:
        """A description of what the diagram shows, for readers who cannot see it."""
        return ALT_TEXT.get(self.name, "")

    # --- symbols ---
    def labels(self, highlighted: bool = False) -> list[str]:
        """Every text the diagram draws (only the highlighted elements' if asked)."""
        out = [] if highlighted and self.highlight else [self.title]
        for el in self.elements:
            if highlighted and self.highlight and not _in_group(el, self.highlight):
                continue
            if isinstance(el, Node):
                out += [el.text, el.sub]
            else:
                out.append(el.text)
        return [t for t in out if t]

    def symbols(self, highlighted: bool = False) -> set[str]:
        """The symbols the diagram carries, as :func:`symbols_in` reads them from its labels."""
        found = set()
        for text in self.labels(highlighted):
            found |= symbols_in(text, math_only=True)
        return found

    def formula_symbols(self) -> set[str]:
        """The symbols of the formulas this diagram illustrates."""
        found = set()
        for key in self.formulas:
            found |= symbols_in(FORMULAS[key].latex)
        return found

    def missing(self) -> set[str]:
        """Symbols of the formulas that the diagram does not draw (those highlighted, if any)."""
        return self.formula_symbols() - self.symbols(highlighted=bool(self.highlight))

    # --- output ---
    def figure(self):
        """A matplotlib Figure (not managed by pyplot) with the diagram drawn on it."""
        return render(self)

    def svg(self) -> str:
        """The diagram as an SVG document; the same bytes on every run."""
        return to_svg(self)

    def _repr_svg_(self) -> str:
        return self.svg()

    def __repr__(self) -> str:
        return f"<Diagram {self.name!r}: {self.title}>"


# Every element belongs to the groups it names; "*" puts it in every group.
def _in_group(el, group: str) -> bool:
    return "*" in el.groups or group in el.groups


# --- symbols -------------------------------------------------------------------------------

# Commands that are symbols of a formula in their own right (a block or a node of the diagram).
SYMBOL_COMMANDS = {"tanh", "sigma", "odot", "circ"}
# Greek letters used as variables in the book's formulas.
GREEK_VARIABLES = {
    "alpha",
    "beta",
    "gamma",
    "delta",
    "phi",
    "lambda",
    "mu",
    "nu",
    "theta",
    "epsilon",
}
ACCENTS = {"tilde", "hat", "bar", "vec", "overrightarrow", "overleftarrow"}
# Layout and size commands that carry no symbol.
_LAYOUT = re.compile(
    r"\\(?:left|right|bigg|Bigg|big|Big|quad|qquad|displaystyle|textstyle|,|;|!|:)(?![A-Za-z])|[&~]|\\\\"
)


def _group(s: str, i: int) -> tuple[str, int]:
    """The braced group or single token starting at s[i] (after spaces), and the index after it."""
    while i < len(s) and s[i] == " ":
        i += 1
    if i >= len(s):
        return "", i
    if s[i] == "{":
        depth = 0
        for j in range(i, len(s)):
            depth += {"{": 1, "}": -1}.get(s[j], 0)
            if depth == 0:
                return s[i + 1 : j], j + 1
        raise ValueError(f"unbalanced braces in {s!r}")
    if s[i] == "\\":
        m = re.match(r"\\[A-Za-z]+|\\.", s[i:])
        return m.group(0), i + len(m.group(0))
    return s[i], i + 1


def _canon_script(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    return text if len(text) == 1 else "{" + text + "}"


def _scripts(s: str, i: int) -> tuple[str, str, str, int]:
    """Read the subscript, the kept superscript ``^{(l)}`` and primes after a base at s[i]."""
    sub = sup = primes = ""
    while i < len(s):
        j = i
        while j < len(s) and s[j] == " ":
            j += 1
        if j < len(s) and s[j] == "'":
            primes += "'"
            i = j + 1
        elif j < len(s) and s[j] in "_^":
            content, k = _group(s, j + 1)
            if s[j] == "_":
                sub = _canon_script(content)
            elif re.fullmatch(r"\s*\(\s*[A-Za-z0-9+\-\s]+\)\s*", content):
                sup = (
                    "{" + re.sub(r"\s+", "", content) + "}"
                )  # a layer index h^{(l)}; ^\top, ^2 ... are dropped
            i = k
        else:
            break
    return sub, sup, primes, i


def _symbol(base: str, sub: str, sup: str, primes: str) -> str:
    return base + primes + (f"^{sup}" if sup else "") + (f"_{sub}" if sub else "")


def symbols_in(text: str, math_only: bool = False) -> set[str]:
    """The symbols of a LaTeX formula or label, in one canonical spelling.

    Variables with their subscripts (``h_{t-1}``, ``W_{ix}``, ``e_{ij}``), accented and
    layer-indexed ones (``\\tilde{h}_t``, ``\\overrightarrow{h}_t``, ``h^{(l)}_t``),
    gradients (``\\delta h_t``) and partial derivatives (``\\partial h_t/\\partial h_{t-1}``,
    also written as a ``\\frac``), primes (``\\phi'``), the blocks ``\\sigma`` and ``\\tanh``,
    the nodes ``\\odot`` and ``\\circ``, and ``*`` (a convolution). Transposes, powers,
    numbers, ``+``, brackets and words in ``\\text``, ``\\mathrm`` or ``\\operatorname`` are
    not symbols: ``W_y^\\top`` reads as ``W_y``.

    With ``math_only``, only the parts between ``$`` signs are read (a label such as
    ``"layer $l$"``); otherwise the whole text is a formula.

    >>> sorted(symbols_in(r"h_t = \\tanh(W x_t + U h_{t - 1} + b)"))
    ['U', 'W', '\\\\tanh', 'b', 'h_t', 'h_{t-1}', 'x_t']
    """
    if math_only:
        parts = text.split("$")
        return (
            set().union(*(symbols_in(p) for p in parts[1::2]))
            if len(parts) > 2
            else set()
        )
    s = re.sub(r"\\(?:text|mathrm|operatorname|mathbb|mathbf)\s*\{[^{}]*\}", " ", text)
    s = _LAYOUT.sub(" ", s)
    s = re.sub(r"\\(?:underbrace|overbrace)\b", " ", s)
    found: set[str] = set()
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "\\":
            name, i = _group(s, i)
            cmd = name[1:]
            if cmd == "frac":
                num, i = _group(s, i)
                den, i = _group(s, i)
                a, b = symbols_in(num), symbols_in(den)
                if num.strip().startswith("\\partial") and den.strip().startswith(
                    "\\partial"
                ):
                    found.add(f"{_one(a, num)}/{_one(b, den)}")
                else:
                    found |= a | b
            elif cmd in ("partial", "delta") and _next_is_letter(s, i):
                inner = _read_variable(s, i)
                if inner is not None:
                    sym, i = inner
                    if cmd == "partial" and re.match(r"\s*/\s*\\partial", s[i:]):
                        k = s.index("\\partial", i) + len("\\partial")
                        den, i = _read_variable(s, k)
                        found.add(f"\\partial {sym}/\\partial {den}")
                    else:
                        found.add(f"\\{cmd} {sym}")
            elif cmd in ACCENTS:
                arg, i = _group(s, i)
                sub, sup, primes, i = _scripts(s, i)
                found.add(_symbol(f"\\{cmd}{{{arg.strip()}}}", sub, sup, primes))
            elif cmd in SYMBOL_COMMANDS:
                found.add(name)
                _, _, _, i = _scripts(s, i)
            elif cmd in GREEK_VARIABLES:
                sub, sup, primes, i = _scripts(s, i)
                found.add(_symbol(name, sub, sup, primes))
            else:  # \sum, \prod, \cdot, \dots, \top, \exp, ...: their scripts carry no symbol
                _, _, _, i = _scripts(s, i)
        elif ch.isalpha():
            sub, sup, primes, i = _scripts(s, i + 1)
            found.add(_symbol(ch, sub, sup, primes))
        elif ch == "*":
            found.add("*")
            i += 1
        elif (
            ch in "_^"
        ):  # a script after a group or a bracket, e.g. \underbrace{...}_{g_t}
            content, i = _group(s, i + 1)
            if ch == "_":
                found |= symbols_in(content)
        else:
            i += 1
    return found


def _next_is_letter(s: str, i: int) -> bool:
    rest = s[i:].lstrip()
    return bool(rest) and (rest[0].isalpha() or rest.startswith("\\") or rest[0] == "{")


def _read_variable(s: str, i: int):
    """The one variable starting at s[i] (a letter, a Greek letter or an accent, with scripts)."""
    while i < len(s) and s[i] == " ":
        i += 1
    if i >= len(s):
        return None
    if s[i] == "{":
        content, j = _group(s, i)
        sym = symbols_in(content)
        return (next(iter(sym)), j) if len(sym) == 1 else None
    if s[i] == "\\":
        name, j = _group(s, i)
        cmd = name[1:]
        if cmd in ACCENTS:
            arg, j = _group(s, j)
            sub, sup, primes, j = _scripts(s, j)
            return _symbol(f"\\{cmd}{{{arg.strip()}}}", sub, sup, primes), j
        if cmd in GREEK_VARIABLES:
            sub, sup, primes, j = _scripts(s, j)
            return _symbol(name, sub, sup, primes), j
        return None
    if s[i].isalpha():
        sub, sup, primes, j = _scripts(s, i + 1)
        return _symbol(s[i], sub, sup, primes), j
    return None


def _one(symbols: set[str], text: str) -> str:
    parts = [p for p in symbols if p.startswith("\\partial ")]
    if len(parts) == 1:
        return parts[0]
    sym = _read_variable(text.strip(), len("\\partial"))
    if sym is None:
        raise ValueError(f"cannot read a partial derivative from {text!r}")
    return "\\partial " + sym[0]


def normalise_formula(latex: str) -> str:
    """A formula without spaces, spacing and size commands, for finding it in a chapter."""
    s = _LAYOUT.sub("", latex)
    s = re.sub(
        r"\\(?:text|mathrm|operatorname)\s*\{[^{}]*\}",
        lambda m: m.group(0).replace(" ", ""),
        s,
    )
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"_\{([A-Za-z0-9])\}", r"_\1", s)  # b_{h} = b_h
    return s


# --- the formulas the diagrams illustrate -------------------------------------------------


@dataclass(frozen=True)
class Formula:
    """A formula as a chapter prints it (LaTeX) and the chapter that prints it.

    ``planned``: the chapter is not written yet; the formula is the one it is planned
    to print, and the test that the chapter prints it waits until it is.
    """

    latex: str
    chapter: str
    planned: bool = False


FORMULAS: dict[str, Formula] = {
    # chapter 2: the recurrent layer
    "rnn_state": Formula(r"h_t = \tanh(W x_t + U h_{t-1} + b)", "02_recurrent_layer"),
    "rnn_output": Formula(r"y_t = W_y h_t + b_y", "02_recurrent_layer"),
    "bptt_recursion": Formula(
        r"\delta h_{t-1} = U^\top\big((1 - h_t^2) \odot \delta h_t\big) + W_y^\top \delta y_{t-1}",
        "02_recurrent_layer",
    ),
    # chapter 3: gates
    "lstm_input": Formula(
        r"i_t &= \sigma(W_{ix} x_t + W_{ih} h_{t-1} + b_i)", "03_gates_lstm_gru"
    ),
    "lstm_forget": Formula(
        r"f_t &= \sigma(W_{fx} x_t + W_{fh} h_{t-1} + b_f)", "03_gates_lstm_gru"
    ),
    "lstm_output": Formula(
        r"o_t &= \sigma(W_{ox} x_t + W_{oh} h_{t-1} + b_o)", "03_gates_lstm_gru"
    ),
    "lstm_cell": Formula(
        r"c_t = f_t \odot c_{t-1} + i_t \odot \underbrace{\tanh(W_{cx} x_t + W_{ch} h_{t-1} + b_c)}_{g_t}",
        "03_gates_lstm_gru",
    ),
    "lstm_candidate": Formula(
        r"\tanh(W_{cx} x_t + W_{ch} h_{t-1} + b_c)", "03_gates_lstm_gru"
    ),
    "lstm_cell_update": Formula(
        r"c_t = f_t \odot c_{t-1} + i_t \odot", "03_gates_lstm_gru"
    ),
    "lstm_hidden": Formula(r"h_t = o_t \odot \tanh(c_t)", "03_gates_lstm_gru"),
    "lstm_cell_path_step": Formula(
        r"\frac{\partial c_t}{\partial c_{t-1}}\bigg|_{\text{cell path}} = \operatorname{diag}(f_t)",
        "03_gates_lstm_gru",
    ),
    "gru_update": Formula(
        r"z_t &= \sigma(W_{zx} x_t + b_{zx} + W_{zh} h_{t-1} + b_{zh})",
        "03_gates_lstm_gru",
    ),
    "gru_reset": Formula(
        r"r_t &= \sigma(W_{rx} x_t + b_{rx} + W_{rh} h_{t-1} + b_{rh})",
        "03_gates_lstm_gru",
    ),
    "gru_candidate_after": Formula(
        r"\tilde h_t &= \tanh\big(W_{hx} x_t + b_{hx} + r_t \odot (W_{hh} h_{t-1} + b_{hh})\big)",
        "03_gates_lstm_gru",
    ),
    "gru_state": Formula(
        r"h_t &= z_t \odot h_{t-1} + (1 - z_t) \odot \tilde h_t", "03_gates_lstm_gru"
    ),
    "gru_candidate_before": Formula(
        r"\tilde h_t = \tanh\big(W_{hx} x_t + W_{hh} (r_t \odot h_{t-1}) + b_{h}\big)",
        "03_gates_lstm_gru",
    ),
    "gru_update_before": Formula(
        r"z_t = \sigma(W_{zx} x_t + W_{zh} h_{t-1} + b_z)", "03_gates_lstm_gru"
    ),
    "adding_hochreiter1997": Formula(r"0.5 + (X_1 + X_2)/4", "03_gates_lstm_gru"),
    # chapter 4: vanishing and exploding gradients
    "jacobian_step": Formula(
        r"J_t = \frac{\partial h_t}{\partial h_{t-1}} = \operatorname{diag}\big(\phi'(a_t)\big)\, U",
        "04_vanishing_gradients",
    ),
    "jacobian_product": Formula(
        r"\frac{\partial h_T}{\partial h_k} = J_T\, J_{T-1} \cdots J_{k+1}",
        "04_vanishing_gradients",
    ),
    "lstm_cell_ch4": Formula(
        r"c_t = f_t \odot c_{t-1} + i_t \odot \tanh(W_{cx} x_t + W_{ch} h_{t-1} + b_c)",
        "04_vanishing_gradients",
    ),
    "lstm_cell_path": Formula(
        r"\frac{\partial c_T}{\partial c_k}\bigg|_{\text{cell path}} = \prod_{t=k+1}^{T} \operatorname{diag}(f_t)",
        "04_vanishing_gradients",
    ),
    "adding_le2015": Formula(r"X_1 + X_2", "04_vanishing_gradients"),
    # chapter 8: outlook
    "stacked": Formula(
        r"h^{(l)}_t = \tanh\big(W^{(l)} h^{(l-1)}_t + U^{(l)} h^{(l)}_{t-1} + b^{(l)}\big)",
        "08_outlook",
    ),
    "bidirectional": Formula(
        r"\overrightarrow{h}_t = \tanh\big(\overrightarrow{W} x_t + \overrightarrow{U}\, \overrightarrow{h}_{t-1}"
        r" + \overrightarrow{b}\big), \qquad"
        "\n"
        r"\overleftarrow{h}_t = \tanh\big(\overleftarrow{W} x_t + \overleftarrow{U}\, \overleftarrow{h}_{t+1}"
        r" + \overleftarrow{b}\big), \qquad"
        "\n"
        r"y_t = \big[\overrightarrow{h}_t ; \overleftarrow{h}_t\big]",
        "08_outlook",
    ),
    "convlstm_input": Formula(
        r"i_t &= \sigma(W_{ix} * X_t + W_{ih} * H_{t-1} + b_i)", "08_outlook"
    ),
    "convlstm_forget": Formula(
        r"f_t &= \sigma(W_{fx} * X_t + W_{fh} * H_{t-1} + b_f)", "08_outlook"
    ),
    "convlstm_output": Formula(
        r"o_t &= \sigma(W_{ox} * X_t + W_{oh} * H_{t-1} + b_o)", "08_outlook"
    ),
    "convlstm_cell": Formula(
        r"C_t &= f_t \odot C_{t-1} + i_t \odot \tanh(W_{cx} * X_t + W_{ch} * H_{t-1} + b_c)",
        "08_outlook",
    ),
    "convlstm_hidden": Formula(r"H_t &= o_t \odot \tanh(C_t)", "08_outlook"),
    "linear_recurrence": Formula(r"h_t = a_t \odot h_{t-1} + b_t", "08_outlook"),
    "scan_compose": Formula(
        r"(a, b) \circ (a', b') = (a\,a',\; a' b + b')", "08_outlook"
    ),
    # chapter 6: language; chapter 7: sequence to sequence
    "charlm_softmax": Formula(
        r"y_t = W_y h_t + b_y, \qquad p(w_t = j \mid w_{<t}) = \frac{\exp(y_{t,j})}{\sum_{l=1}^{k} \exp(y_{t,l})}",
        "06_language",
    ),
    "charlm_embedding": Formula(r"x_t = E_{w_{t-1}}", "06_language"),
    "attention_score": Formula(
        r"e_{ij} = v_a^\top \tanh\big(W_a s_{i-1} + U_a h_j\big)", "07_seq2seq"
    ),
    # Only the part chapter 7 printed both before and after it renamed the softmax index k to j'.
    "attention_weight": Formula(r"\alpha_{ij} = \frac{\exp(e_{ij})}", "07_seq2seq"),
    "attention_context": Formula(
        r"c_i = \sum_{j=1}^{T_x} \alpha_{ij}\, h_j", "07_seq2seq"
    ),
    "decoder_state": Formula(
        r"s_i = \operatorname{GRU}\big([E\,y_{i-1};\ c_i],\ s_{i-1}\big)", "07_seq2seq"
    ),
    "attention_readout": Formula(
        r"\operatorname{softmax}\big(W_y [s_i;\ c_i] + b_y\big)", "07_seq2seq"
    ),
}


# --- the renderer --------------------------------------------------------------------------

_RC = {
    "svg.hashsalt": "rnn-book-diagrams",  # deterministic ids in the SVG
    "svg.fonttype": "path",  # glyphs as paths: no font needed to view, same bytes everywhere
    "font.family": "DejaVu Sans",  # ships with matplotlib
    "mathtext.fontset": "dejavusans",
    "path.simplify": False,
}


def _style():
    """matplotlib's defaults plus ``_RC``, whatever a notebook has set: the same drawing everywhere."""
    import contextlib

    import matplotlib as mpl
    import matplotlib.style

    stack = contextlib.ExitStack()
    stack.enter_context(matplotlib.style.context("default"))
    stack.enter_context(mpl.rc_context(_RC))
    return stack


def render(diagram: Diagram, ax=None):
    """Draw ``diagram`` on ``ax`` (a new, pyplot-free Figure if None); return the Figure."""
    from matplotlib.figure import Figure

    if not isinstance(diagram, Diagram):
        raise ValueError(f"diagram: expected a Diagram, got {type(diagram).__name__}")
    with _style():
        if ax is None:
            fig = Figure(figsize=(diagram.width, diagram.height), facecolor="white")
            ax = fig.add_axes((0, 0, 1, 1))
        _draw(diagram, ax)
    return ax.figure


def to_svg(diagram: Diagram) -> str:
    """The SVG text of ``diagram``, without dates or tool versions, identical on every run."""
    fig = render(diagram)
    buffer = io.StringIO()
    with _style():
        fig.savefig(
            buffer,
            format="svg",
            facecolor="white",
            metadata={
                "Date": None,
                "Creator": None,
                "Title": diagram.title,
                "Description": f"rnn_utils.diagrams.{diagram.name}",
            },
        )
    text = buffer.getvalue()
    # An <svg> that scales to its container (the book's CSS caps it at the column width).
    text = re.sub(
        r'(<svg [^>]*?)width="([\d.]+)pt" height="([\d.]+)pt"', _scalable, text, count=1
    )
    return text


def _scalable(match) -> str:
    head, w, h = match.groups()
    return f'{head}width="{w}pt" height="{h}pt" style="max-width: 100%; height: auto"'


def _draw(d: Diagram, ax) -> None:
    from matplotlib.patches import Rectangle

    if d.width > MAX_WIDTH + 1e-9:
        raise ValueError(f"{d.name}: width {d.width} in is wider than {MAX_WIDTH} in")
    ax.set_xlim(0, d.width)
    ax.set_ylim(0, d.height)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.add_patch(
        Rectangle((0, 0), d.width, d.height, fc="white", ec="none", zorder=-10)
    )
    nodes = {el.key: el for el in d.elements if isinstance(el, Node)}
    keys = [el.key for el in d.elements if isinstance(el, Node)]
    if len(set(keys)) != len(keys):
        raise ValueError(
            f"{d.name}: node keys must be unique, got {sorted(k for k in keys if keys.count(k) > 1)}"
        )
    if d.title:
        ax.text(
            d.width / 2,
            d.height - 0.12,
            d.title,
            ha="center",
            va="top",
            fontsize=FONT["title"],
            color=INK,
        )
    for el in d.elements:
        state = _state(d, el)
        if isinstance(el, Node):
            _draw_node(ax, el, state)
        elif isinstance(el, Edge):
            _draw_edge(ax, el, nodes, state)
        elif isinstance(el, Note):
            _draw_note(ax, el, state)
        else:
            raise ValueError(
                f"{d.name}: expected Node, Edge or Note elements, got {type(el).__name__}"
            )


def _state(d: Diagram, el) -> str:
    if d.highlight is not None:
        return "on" if _in_group(el, d.highlight) else "dim"
    if any(_in_group(el, g) for g in d.emphasis):
        return "emph"
    return "normal"


def _colours(kind: str, state: str):
    """(stroke, fill, text colour, line-width factor) of an element."""
    stroke = GRADIENT if kind == "grad" else INK
    fill = FILL.get(kind, "#ffffff")
    text = GRADIENT_TEXT if kind == "grad" else INK
    width = 1.0
    if state == "dim":
        return (
            DIM_INK,
            (DIM_FILL if kind not in ("op", "plain", "ghost") else "#ffffff"),
            DIM_INK,
            0.8,
        )
    if state in ("on", "emph"):
        stroke = ACCENT if kind != "grad" else GRADIENT
        width = 1.8
    return stroke, fill, text, width


def _draw_node(ax, n: Node, state: str) -> None:
    from matplotlib.patches import Circle, FancyBboxPatch

    stroke, fill, text_colour, lw = _colours(n.kind, state)
    if n.is_op:
        r = n.w / 2
        ax.add_patch(Circle((n.x, n.y), r, fc=fill, ec=stroke, lw=1.3 * lw, zorder=3))
        ax.text(
            n.x,
            n.y,
            n.text,
            ha="center",
            va="center_baseline",
            fontsize=n.size or FONT["op"],
            color=text_colour,
            zorder=4,
        )
        return
    if n.kind == "cell":
        ax.add_patch(
            FancyBboxPatch(
                (n.x - n.w / 2, n.y - n.h / 2),
                n.w,
                n.h,
                boxstyle="round,pad=0,rounding_size=0.12",
                fc=fill if state != "dim" else "#fafafa",
                ec="#c8c8c8",
                lw=1.0,
                zorder=0,
            )
        )
        if n.text:
            ax.text(
                n.x - n.w / 2 + 0.08,
                n.y + n.h / 2 - 0.06,
                n.text,
                ha="left",
                va="top",
                fontsize=n.size or FONT["note"],
                color=MUTED if state != "dim" else DIM_INK,
                zorder=1,
            )
        return
    if n.kind == "map":
        _draw_map(ax, n, stroke, fill, lw)
    else:
        ax.add_patch(
            FancyBboxPatch(
                (n.x - n.w / 2, n.y - n.h / 2),
                n.w,
                n.h,
                boxstyle="round,pad=0,rounding_size=0.07",
                fc=fill,
                ec=stroke,
                lw=1.3 * lw,
                ls="--" if n.kind in ("ghost", "grad") else "-",
                zorder=3,
            )
        )
    size = n.size or FONT["main"]
    if n.sub and n.sub_at == "inside":
        ax.text(
            n.x,
            n.y + n.h * 0.17,
            n.text,
            ha="center",
            va="center",
            fontsize=size,
            color=text_colour,
            zorder=4,
        )
        ax.text(
            n.x,
            n.y - n.h * 0.23,
            n.sub,
            ha="center",
            va="center",
            fontsize=FONT["sub"],
            color=text_colour,
            zorder=4,
        )
        return
    if n.kind != "map" and n.text:
        ax.text(
            n.x,
            n.y,
            n.text,
            ha="center",
            va="center",
            fontsize=size,
            color=text_colour,
            zorder=4,
        )
    if n.sub:
        dx, dy, ha, va = {
            "below": (0, -n.h / 2 - 0.05, "center", "top"),
            "above": (0, n.h / 2 + 0.05, "center", "bottom"),
            "left": (-n.w / 2 - 0.06, 0, "right", "center"),
            "right": (n.w / 2 + 0.06, 0, "left", "center"),
            "below-right": (0.07, -n.h / 2 - 0.06, "left", "top"),
        }[n.sub_at]
        ax.text(
            n.x + dx,
            n.y + dy,
            n.sub,
            ha=ha,
            va=va,
            fontsize=FONT["sub"],
            color=text_colour,
            zorder=4,
        )


def _draw_map(ax, n: Node, stroke, fill, lw) -> None:
    """A feature map: two stacked squares with a 4 x 4 grid, labelled on the side ``sub_at`` names."""
    from matplotlib.patches import Rectangle

    side = min(n.w, n.h) * 0.8
    for k, off in enumerate((0.08, 0.0)):
        x0, y0 = n.x - side / 2 + off, n.y - side / 2 + off
        ax.add_patch(
            Rectangle(
                (x0, y0), side, side, fc=fill, ec=stroke, lw=1.0 * lw, zorder=3 + k
            )
        )
        if k == 1:
            for q in range(1, 4):
                ax.plot(
                    [x0 + q * side / 4] * 2,
                    [y0, y0 + side],
                    color=stroke,
                    lw=0.5,
                    zorder=4,
                )
                ax.plot(
                    [x0, x0 + side],
                    [y0 + q * side / 4] * 2,
                    color=stroke,
                    lw=0.5,
                    zorder=4,
                )
    if n.text:
        ax.text(
            n.x - side / 2 - 0.06,
            n.y,
            n.text,
            ha="right",
            va="center",
            fontsize=n.size or FONT["main"],
            color=INK if stroke != DIM_INK else DIM_INK,
            zorder=4,
        )


def _anchor(ref, toward, nodes) -> tuple[float, float]:
    """A point: given, or where the line toward ``toward`` leaves the node named ``ref``."""
    if not isinstance(ref, str):
        return float(ref[0]), float(ref[1])
    if ref not in nodes:
        raise ValueError(f"edge: no node named {ref!r}")
    n = nodes[ref]
    tx, ty = toward
    dx, dy = tx - n.x, ty - n.y
    if dx == 0 and dy == 0:
        return n.x, n.y
    if n.is_op:
        r = n.w / 2 + 0.02
        length = float(np.hypot(dx, dy))
        return n.x + r * dx / length, n.y + r * dy / length
    hw, hh = n.w / 2 + 0.03, n.h / 2 + 0.03
    if n.kind == "map":
        hw = hh = min(n.w, n.h) * 0.4 + 0.05
    scale = min(hw / abs(dx) if dx else np.inf, hh / abs(dy) if dy else np.inf)
    return n.x + dx * scale, n.y + dy * scale


def _centre(ref, nodes):
    return (nodes[ref].x, nodes[ref].y) if isinstance(ref, str) else ref


def _polyline(e: Edge, nodes) -> np.ndarray:
    pts = list(e.points)
    if len(pts) < 2:
        raise ValueError(f"edge {e.text!r}: expected at least two points, got {pts}")
    first = _anchor(pts[0], _centre(pts[1], nodes), nodes)
    last = _anchor(pts[-1], _centre(pts[-2], nodes), nodes)
    middle = [_centre(p, nodes) for p in pts[1:-1]]
    return np.array([first, *middle, last], dtype=float)


def _draw_edge(ax, e: Edge, nodes, state: str) -> None:
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.path import Path

    xy = _polyline(e, nodes)
    kind = e.kind
    colour = {"grad": GRADIENT, "weak": "#8c8c8c"}.get(kind, INK)
    lw = {"path": 2.6, "grad": 1.6}.get(kind, 1.3)
    if state == "dim":
        colour, lw = DIM_INK, lw * 0.8
    elif state in ("on", "emph"):
        colour = GRADIENT if kind == "grad" else ACCENT
        lw *= 1.5
    style = {"line": "-", "both": "<|-|>"}.get(kind, "-|>")
    arrow = FancyArrowPatch(
        path=Path(xy),
        arrowstyle=style,
        mutation_scale=11 if kind != "path" else 13,
        lw=lw,
        color=colour,
        linestyle=(0, (4, 2.5)) if kind == "grad" else "-",
        zorder=2,
        joinstyle="miter",
        capstyle="butt",
    )
    ax.add_patch(arrow)
    if e.text:
        _edge_label(
            ax,
            xy,
            e,
            state,
            GRADIENT_TEXT
            if kind == "grad" and state != "dim"
            else (DIM_INK if state == "dim" else INK),
        )


def _edge_label(ax, xy: np.ndarray, e: Edge, state: str, colour: str) -> None:
    seg = np.diff(xy, axis=0)
    lengths = np.hypot(seg[:, 0], seg[:, 1])
    target = e.at * lengths.sum()
    k = int(np.searchsorted(np.cumsum(lengths), target))
    k = min(k, len(seg) - 1)
    before = lengths[:k].sum()
    frac = (target - before) / lengths[k] if lengths[k] else 0.5
    x, y = xy[k] + frac * seg[k]
    gap = 0.07
    dx, dy, ha, va = {
        "right": (gap, 0, "left", "center"),
        "left": (-gap, 0, "right", "center"),
        "above": (0, gap, "center", "bottom"),
        "below": (0, -gap, "center", "top"),
        "on": (0, 0, "center", "center"),
    }[e.side]
    bbox = (
        {"boxstyle": "square,pad=0.08", "fc": "white", "ec": "none"}
        if e.side == "on"
        else None
    )
    ax.text(
        x + dx,
        y + dy,
        e.text,
        ha=ha,
        va=va,
        fontsize=e.size or FONT["sub"],
        color=colour,
        zorder=5,
        bbox=bbox,
    )


def _draw_note(ax, n: Note, state: str) -> None:
    colour = {"grad": GRADIENT_TEXT, "muted": MUTED}.get(n.kind, INK)
    if state == "dim":
        colour = DIM_INK
    if n.kind == "dot":  # a junction where a line splits
        ax.plot(
            [n.x],
            [n.y],
            "o",
            ms=4.5,
            color=colour if state != "on" else ACCENT,
            zorder=3,
        )
        return
    ax.text(
        n.x,
        n.y,
        n.text,
        ha=n.ha,
        va=n.va,
        fontsize=n.size or FONT["note"],
        color=colour,
        zorder=5,
    )


# --- building blocks -------------------------------------------------------------------------


def _gate(key, x, y, fn, weights, groups, w=0.62, h=0.40):
    kind = "gate" if fn == r"$\sigma$" else "tanh"
    return Node(
        key, x, y, fn, kind, w=w, h=h, sub=weights, sub_at="below-right", groups=groups
    )


def _op(key, x, y, symbol, groups=(), r=0.16, size=None):
    return Node(key, x, y, symbol, "op", w=2 * r, h=2 * r, groups=groups, size=size)


def _dot(x, y, groups=()):
    return Note(x, y, "", kind="dot", groups=groups)


def _sub(index: str) -> str:
    """``t`` stays ``t``; ``t-1`` becomes ``{t-1}`` (a LaTeX subscript)."""
    return index if len(index) == 1 else "{" + index + "}"


ODOT, PLUS, CIRC = r"$\odot$", r"$+$", r"$\circ$"


# --- the diagrams --------------------------------------------------------------------------


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
        s = _sub(lab)
        els += [
            Node(f"x{k}", cx, y_x, f"$x_{s}$", "input", w=0.62, h=0.38),
            Node(f"h{k}", cx, y_h, f"$h_{s}$", "state", w=0.62, h=0.42),
            Node(f"y{k}", cx, y_y, f"$y_{s}$", "output", w=0.62, h=0.38),
            Edge((f"x{k}", f"h{k}"), "$W$", side="left"),
            Edge((f"h{k}", f"y{k}"), "$W_y$", side="left"),
        ]
        if k == gap:
            mid = (cols[k - 1] + cx) / 2
            els += [
                Edge((f"h{k - 1}", (mid - 0.22, y_h)), "$U$", side="above"),
                Note(mid, y_h, r"$\cdots$", size=FONT["main"]),
                Edge(((mid + 0.22, y_h), f"h{k}"), "$U$", side="above"),
            ]
        else:
            els.append(
                Edge((f"h{k - 1}" if k else start, f"h{k}"), "$U$", side="above")
            )
    width = cols[-1] + 0.45
    if steps is None:
        els += [
            Edge((f"h{len(cols) - 1}", (cols[-1] + 0.72, y_h))),
            Note(cols[-1] + 0.88, y_h, r"$\cdots$", size=FONT["main"]),
        ]
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
    )


LSTM_PARTS = ("forget", "input", "cell", "output")


def lstm_cell(highlight: str | None = None, *, conv: bool = False) -> Diagram:
    """One LSTM step: the cell-state line on top, the four gate blocks below reading [x_t, h_{t-1}].

    ``highlight`` (one of "forget", "input", "cell", "output") draws that part in full
    and greys the rest: the gate-by-gate walk of chapter 3. ``conv=True`` draws the
    ConvLSTM of chapter 8: feature maps X_t, H_t, C_t and convolutions * in the gates.
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
            "map" if conv else "input",
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
        _op("mul_f", xf, y_c, ODOT, ("forget", "cell")),
        _op("add", xg, y_c, PLUS, ("cell",)),
        _op("mul_i", xg, 2.55, ODOT, ("input", "cell")),
        Node(
            "tanh_c", xout, 2.6, r"$\tanh$", "tanh", w=0.56, h=0.34, groups=("output",)
        ),
        _op("mul_o", xout, y_g, ODOT, ("output",)),
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
        _gate("f", xf, y_g, r"$\sigma$", weights("f"), ("forget",)),
        _gate("i", xi, y_g, r"$\sigma$", weights("i"), ("input",)),
        _gate("g", xg, y_g, r"$\tanh$", weights("c"), ("input",)),
        _gate("o", xo, y_g, r"$\sigma$", weights("o"), ("output",)),
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
        _dot(xout, y_c, ("output",)),
        Edge(("tanh_c", "mul_o"), groups=("output",)),
        Edge(("o", "mul_o"), "$o_t$", side="above", groups=("output",)),
        Edge(("mul_o", "h_next"), groups=("output",)),
        # The bus [x_t, h_{t-1}] that every gate reads.
        Edge(("h_prev", (xo, y_bus)), kind="line", groups=GATES),
        Edge(("x", (1.0, y_bus)), kind="line", groups=GATES),
        _dot(1.0, y_bus, GATES),
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
            els.append(_dot(gx, y_bus, (group,) if gx == xf else (group, "output")))
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
    )


def convlstm_cell() -> Diagram:
    """The ConvLSTM step (Shi et al. 2015, as Keras computes it): the LSTM on feature maps."""
    return lstm_cell(conv=True)


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
        _op("mul_z", xz, y_h, ODOT),
        _op("add", xc, y_h, PLUS),
        _op("mul_c", xc, 2.85, ODOT),
        _op("one_minus", 2.55, 2.85, r"$1-$", r=0.2, size=12),
        Node("tanh", xc, 2.22, r"$\tanh$", "tanh", w=0.6, h=0.32),
        _gate("z", xz, y_g, r"$\sigma$", zb, ()),
        _gate("r", xr, y_g, r"$\sigma$", rb, R),
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
        _op("mul_r", xc, y_mulr, ODOT, R),
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
        _dot(xz, 2.85),
        Edge(((xz, 2.85), "one_minus")),
        Edge(("one_minus", "mul_c"), r"$1-z_t$", side="above", size=10),
        Edge(("tanh", "mul_c"), r"$\tilde{h}_t$", side="right"),
        Edge(("mul_c", "add")),
        Edge(("Wx", "tanh")),
        # The bus [x_t, h_{t-1}] for the gates; x_t alone for the candidate's input part.
        Edge(("h_in", (xc, y_bus)), kind="line"),
        Edge(("x", (xx, y_x), "Wx"), "$x_t$", at=0.8, side="right"),
        Edge(((1.0, y_x + 0.16), (1.0, y_bus)), kind="line"),
        _dot(1.0, y_bus),
        Edge(((xz, y_bus), "z")),
        Edge(((xr, y_bus), "r"), groups=R),
        _dot(xz, y_bus),
        _dot(xr, y_bus),
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
        s = _sub(lab)
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
            els.append(Edge((f"h{k - 1}", f"h{k}"), "$U$", side="above", kind="weak"))
            px, ps = cols[k - 1], _sub(labels[k - 1])
            hs = f"h_{s}"
            els += [
                # The product node and the U^T box far enough apart for the label δa between them.
                _op(f"m{k}", cx - 0.52, y_b, ODOT, G, r=0.15),
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
        Edge(("h2", (5.45, y_h)), kind="weak"),
        Note(5.6, y_h, r"$\cdots$", size=FONT["main"]),
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
    )


def _hop(x_from, x_to, y_low, y_top, text="", side="above"):
    """A backward arrow that leaves one box upwards, runs above the line and drops into another."""
    return Edge(
        ((x_from, y_low), (x_from, y_top), (x_to, y_top), (x_to, y_low)),
        text,
        side=side,
        kind="grad",
        size=FONT["sub"],
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
    els: list = [
        Node("ck", xs["k"], y, "$c_k$", "state", w=0.5, h=0.40),
        Note(left, y, r"$\cdots$", size=FONT["main"]),
        Node("cp", xs["p"], y, "$c_{t-1}$", "state", w=0.62, h=0.40),
        _op("mul", xs["mul"], y, ODOT),
        _op("add", xs["add"], y, PLUS),
        Node("ct", xs["t"], y, "$c_t$", "state", w=0.5, h=0.40),
        Note(right, y, r"$\cdots$", size=FONT["main"]),
        Node("cT", xs["T"], y, "$c_T$", "state", w=0.5, h=0.40),
        Edge(("ck", (left - 0.14, y)), kind="path"),
        Edge(((left + 0.14, y), "cp"), kind="path"),
        Edge(("cp", "mul"), kind="path"),
        Edge(("mul", "add"), kind="path"),
        Edge(("add", "ct"), kind="path"),
        Edge(("ct", (right - 0.14, y)), kind="path"),
        Edge(((right + 0.14, y), "cT"), kind="path"),
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
        _hop(xs["T"] - 0.1, xs["t"] + 0.1, top, 2.35, r"$\cdots$"),
        _hop(xs["t"] - 0.1, xs["p"] + 0.1, top, 2.5, r"$\mathrm{diag}(f_t)$"),
        _hop(xs["p"] - 0.12, xs["k"] + 0.1, top, 2.35, r"$\cdots$"),
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
    )


def adding_problem_layout(
    variant: str = "le2015", seq_len: int = 12, seed: int = 3
) -> Diagram:
    """The adding problem's input: a (value, marker) pair per step, two marked values, the target.

    The numbers are ``rnn_utils.adding_problem(1, seq_len, seed, variant)``'s, so the
    picture shows the task the chapters train on, at a length that fits on a page. The
    target line writes the sum with the marked values to three decimals, as it writes the
    target (``meta["drawn"]``), so the drawn numbers add up.
    """
    from .tasks import adding_problem

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
        s = _sub(lab)
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
            els += [
                Edge((f"lo{k - 1}", f"lo{k}"), "$U^{(l-1)}$", side="above", size=10),
                Edge((f"hi{k - 1}", f"hi{k}"), "$U^{(l)}$", side="above"),
            ]
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
        s = _sub(lab)
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
            els += [
                Edge((f"f{k - 1}", f"f{k}"), f"${F}{{U}}$", side="above", size=11),
                Edge(
                    (f"b{k}", f"b{k - 1}"), f"${B}{{U}}$", side="above", size=11, at=0.3
                ),
            ]
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
        if k in (2, 3):
            mid = (cols[k - 1] + cols[k]) / 2
            # Arrows with shafts on both sides of the ellipsis (about 0.2 in each).
            els += [
                Edge((f"h{k - 1}", (mid - 0.15, y_rnn))),
                Note(mid, y_rnn, r"$\cdots$"),
                Edge(((mid + 0.15, y_rnn), f"h{k}")),
            ]
        elif k:
            els.append(Edge((f"h{k - 1}", f"h{k}")))
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
    y_x, y_h, y_e, y_a, y_c, y_out = 0.55, 1.3, 2.05, 2.85, 3.65, 4.25
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
            y_out + 0.67,
            r"$\mathrm{softmax}$",
            "layer",
            w=0.98,
            h=0.34,
            size=11,
        ),
        Node("y", xd, y_out + 1.28, "$y_i$", "output", w=0.5, h=0.34),
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
        _dot(xd - 0.18, y_c),
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
    )


ALT_TEXT = {
    "rnn_layer": (
        "Left, the folded layer: an input box x_t with an arrow W up to a state box h_t, which has a loop "
        "arrow U back into itself and an arrow W_y up to an output box y_t. Right of an equals sign, the "
        "same layer unrolled over the steps t-1, t and t+1: three columns x, h, y with arrows W and W_y, and "
        "arrows U from each state box to the next."
    ),
    "bptt_rnn": (
        "Three time steps t-1, t, t+1, each with a state h, an output y and a loss L above it. Grey solid "
        "arrows run forward (U between states, W_y up to the outputs). Dashed vermillion arrows run back: "
        "delta y from each loss down to y, W_y transpose delta y down into h, and from each h back to the "
        "previous one through a multiplication node fed by 1 - h_t squared (giving delta a_t) and a box U "
        "transpose; under each backward path its transposed Jacobian factor, partial h_t over partial "
        "h_(t-1), transpose."
    ),
    "lstm_cell": (
        "An LSTM cell. A thick line along the top carries the cell state from c_(t-1) on the left through a "
        "multiplication node and an addition node to c_t on the right. Below, four blocks sigma, sigma, tanh "
        "and sigma with their weights W_fx, W_fh, b_f; W_ix, W_ih, b_i; W_cx, W_ch, b_c; W_ox, W_oh, b_o read "
        "a line [x_t, h_(t-1)]. Their outputs f_t, i_t, g_t and o_t feed the multiplication by the old cell "
        "state, the product i_t times g_t that is added to it, and the product of o_t with tanh(c_t), which "
        "gives h_t on the right."
    ),
    "lstm_cell_forget": (
        "The LSTM cell with only the forget gate in colour: the sigma block with W_fx, W_fh and b_f reads "
        "[x_t, h_(t-1)], and its output f_t multiplies the old cell state c_(t-1) on the top line. The other "
        "gates and the output path are grey."
    ),
    "lstm_cell_input": (
        "The LSTM cell with the input gate and the candidate in colour: the sigma block with W_ix, W_ih, b_i "
        "gives i_t, the tanh block with W_cx, W_ch, b_c gives g_t, and the two meet in a multiplication node "
        "whose result goes up to the addition on the cell-state line. The rest is grey."
    ),
    "lstm_cell_cell": (
        "The LSTM cell with the cell-state update in colour: along the top line c_(t-1) is multiplied by f_t "
        "and then receives i_t times g_t through an addition, giving c_t. The gate blocks and the output path "
        "are grey."
    ),
    "lstm_cell_output": (
        "The LSTM cell with the output gate in colour: the sigma block with W_ox, W_oh, b_o gives o_t, which "
        "multiplies tanh of the new cell state c_t, taken from the top line, to give h_t on the right. The "
        "other gates are grey."
    ),
    "gru_cell_reset_after_true": (
        "A GRU cell, reset_after=True. The top line carries h_(t-1) through a multiplication by z_t and an "
        "addition to h_t. The update gate's output z_t also passes through a 1 minus node and multiplies the "
        "candidate h-tilde_t, which comes from a tanh block. In blue, the reset path: the reset gate's output "
        "r_t multiplies the output of the box W_hh, b_hh, which reads h_(t-1); the product enters the tanh "
        "together with W_hx x_t + b_hx."
    ),
    "gru_cell_reset_after_false": (
        "A GRU cell, reset_after=False. Same layout as the default form, but in the blue reset path r_t "
        "multiplies h_(t-1) first and the product then goes through the box W_hh into the tanh block; the "
        "gates have one bias each (b_z, b_r, b_h)."
    ),
    "bptt_jacobians": (
        "A row of hidden states h_k, h_(k+1), dots, h_(t-1), h_t, dots, h_T with grey forward arrows and, above "
        "h_T, the loss L. A dashed vermillion arrow labelled partial L / partial h_T runs down from L into h_T, "
        "beside the grey arrow up from h_T to L; dashed arrows run back from each state to the previous one, "
        "labelled with the transposes J_(k+1) transpose, J_t transpose and J_T transpose (delta h_(t-1) = J_t "
        "transpose delta h_t, as the legend says). Below: J_t = partial h_t / partial h_(t-1) = diag(phi'(a_t)) "
        "U, and partial h_T / partial h_k = J_T J_(T-1) ... J_(k+1)."
    ),
    "lstm_cell_path": (
        "The cell states c_k, dots, c_(t-1), c_t, dots, c_T on a thick horizontal line; between c_(t-1) and c_t "
        "a multiplication node fed by f_t and an addition node fed by i_t times g_t. Dashed vermillion arrows "
        "above the line run back from c_T to c_k; the one from c_t to c_(t-1) is labelled diag(f_t). Notes at "
        "the top, headed 'along the cell path only (partial derivatives, the gates and h held fixed)': partial "
        "c_t / partial c_(t-1) = diag(f_t), with no U and no tanh', and partial c_T / partial c_k = diag(f_T) "
        "... diag(f_(k+1))."
    ),
    "adding_problem_le2015": (
        "A table with 12 columns, one per time step. The value row holds numbers between 0 and 1; the marker "
        "row holds 0 except for a 1 in one column of each half, separated by a vertical line. The two marked "
        "columns are shaded and labelled X_1 and X_2, their values written to three decimals. Below, the target "
        "y = X_1 + X_2 written out as the sum of those two values with its result, read after the last step."
    ),
    "adding_problem_hochreiter1997": (
        "A table with 12 columns, one per time step. The value row holds numbers between -1 and 1; the marker "
        "row holds -1 at the first and last step, 1 at two shaded steps in the first half, labelled X_1 and "
        "X_2, and 0 elsewhere. Below, the target y = 0.5 + (X_1 + X_2)/4 written out with the two marked "
        "values to three decimals and its result, read after the last step."
    ),
    "stacked_rnn": (
        "Two rows of state boxes over the time steps t-1, t, t+1: the lower row h^(l-1) and the upper row "
        "h^(l). Arrows U^(l-1) and U^(l) run along each row; arrows W^(l) go up from each lower state to the "
        "upper state of the same step. Inputs x_t at the bottom feed the lowest layer, and arrows at the top "
        "lead on to layer l+1."
    ),
    "bidirectional_rnn": (
        "Three time steps. Each input x_t feeds two state boxes: a forward state (arrow over h) in the upper "
        "row, linked left to right by arrows U-forward, and a backward state (arrow under h, pointing left) in "
        "the lower row, linked right to left by arrows U-backward. Both states of a step feed its output y_t, "
        "the concatenation of the two."
    ),
    "convlstm_cell": (
        "The LSTM cell drawn with feature maps: the cell states C_(t-1), C_t, the hidden states H_(t-1), H_t "
        "and the input X_t are small stacks of grids. The gates sigma, sigma, tanh, sigma with their weights "
        "read [X_t, H_(t-1)], and a note says that every weight acts by convolution; the top line is the "
        "cell-state update with a multiplication and an addition, and o_t times tanh(C_t) gives H_t."
    ),
    "scan_tree": (
        "Two trees over eight leaves p_1 to p_8. Top, the up-sweep: square composition nodes (the operator "
        "circ, drawn in a square so that it is not mistaken for the element-wise product) combine neighbours into "
        "p_(1:2), p_(3:4), p_(5:6), p_(7:8), then p_(1:4) and p_(5:8), then p_(1:8) at the root. Bottom, the "
        "down-sweep: the root holds the identity e; each node passes its value to its left child and its value "
        "composed with the left subtree's total to its right child, so the leaves end as e, p_1, p_(1:2), up "
        "to p_(1:7)."
    ),
    "char_language_model": (
        "Four columns for the steps 1, 2, t and T. At each step the input symbol (w_0, w_1, w_(t-1), w_(T-1)) "
        "selects a row of the embedding E (boxes E_(w_0) ... E_(w_(T-1))), which enters the LSTM as x_t; the "
        "LSTM states h_1, h_2, h_t, h_T are linked left to right. Each state gives the scores y_t through W_y "
        "and b_y, a softmax box turns them into probabilities, and the target above is the next symbol "
        "(w_1, w_2, w_t, w_T). Below: p(w_t = j given w_(<t)) = exp(y_(t,j)) / sum over l of exp(y_(t,l)); "
        "each input is the true previous symbol, not a prediction."
    ),
    "attention_seq2seq": (
        "Left, the encoder: inputs x_1, x_j, x_(T_x) feed the states h_1, h_j, h_(T_x), linked by arrows in both "
        "directions (a bidirectional encoder). Above them three wide blocks: the scores e_ij = v_a transpose "
        "tanh(W_a s_(i-1) + U_a h_j), which also read the previous decoder state s_(i-1) on the right; the "
        "weights alpha_ij, a softmax of the scores over j; and the context c_i, the sum of alpha_ij h_j. Right, "
        "the decoder's GRU state s_i reads s_(i-1), the embedded previous output E y_(i-1) and c_i. Above s_i "
        "the read-out: a box W_y, b_y takes s_i and, from a branch of the c_i line, c_i (together [s_i; c_i]); "
        "a softmax box above it gives y_i at the top."
    ),
}


def catalogue() -> dict[str, Diagram]:
    """Every diagram the book shows, under its name."""
    ds = [
        rnn_layer(),
        bptt_rnn(),
        lstm_cell(),
        *(lstm_cell(highlight=part) for part in LSTM_PARTS),
        gru_cell(reset_after=True),
        gru_cell(reset_after=False),
        bptt_jacobians(),
        lstm_cell_path(),
        adding_problem_layout("le2015"),
        adding_problem_layout("hochreiter1997"),
        stacked_rnn(),
        bidirectional_rnn(),
        convlstm_cell(),
        scan_tree(),
        char_language_model(),
        attention_seq2seq(),
    ]
    return {d.name: d for d in ds}


__all__ = [
    "Diagram",
    "Node",
    "Edge",
    "Note",
    "Formula",
    "FORMULAS",
    "OKABE_ITO",
    "LSTM_PARTS",
    "symbols_in",
    "normalise_formula",
    "render",
    "to_svg",
    "catalogue",
    "rnn_layer",
    "bptt_rnn",
    "lstm_cell",
    "gru_cell",
    "bptt_jacobians",
    "lstm_cell_path",
    "adding_problem_layout",
    "stacked_rnn",
    "bidirectional_rnn",
    "convlstm_cell",
    "scan_tree",
    "char_language_model",
    "attention_seq2seq",
]
