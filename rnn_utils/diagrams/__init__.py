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
and dark themes. The fills that meet in one drawing also differ in greyscale, so
a printed page keeps them apart. Text is at least 10 pt on a canvas at most 6
inches wide, so it stays legible when a phone shrinks the figure to 375 pixels.
"""

from __future__ import annotations

from .adding import adding_problem_layout
from .blocks import CIRC, ODOT, PLUS
from .cells import LSTM_PARTS, convlstm_cell, gru_cell, lstm_cell
from .elements import Diagram, Edge, Node, Note
from .formulas import FORMULAS, Formula, normalise_formula, symbols_in
from .gradients import bptt_jacobians, bptt_rnn, lstm_cell_path
from .language import attention_seq2seq, char_language_model
from .layers import bidirectional_rnn, rnn_layer, stacked_rnn
from .renderer import render, to_svg
from .scan import scan_tree
from .style import (
    ACCENT,
    DIM_FILL,
    DIM_INK,
    FILL,
    FONT,
    GRADIENT,
    GRADIENT_TEXT,
    INK,
    MAPS,
    MAX_WIDTH,
    MIN_FONT,
    MUTED,
    OKABE_ITO,
    TEXT_ON,
    WHITE_TEXT,
    text_on,
)


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
    "INK",
    "MUTED",
    "DIM_INK",
    "DIM_FILL",
    "GRADIENT",
    "GRADIENT_TEXT",
    "ACCENT",
    "FILL",
    "MAPS",
    "TEXT_ON",
    "WHITE_TEXT",
    "text_on",
    "FONT",
    "MIN_FONT",
    "MAX_WIDTH",
    "ODOT",
    "PLUS",
    "CIRC",
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
