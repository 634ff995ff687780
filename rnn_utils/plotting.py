"""The book's matplotlib style and its curves (its architecture diagrams are in ``rnn_utils.diagrams``).

``book_style()`` is the one place the look of the book's plots is decided: the rcParams
that make a figure legible on a phone and readable in dark mode (see its docstring).
Apply it with ``matplotlib.rcParams.update(book_style())`` or, for one figure,
``with matplotlib.rc_context(book_style()): ...``.

Every plotting function takes an optional ``ax`` (a new figure is made if it is None)
and returns the Axes it drew on (``ax.figure`` is the Figure). None calls
``plt.show()``: the notebook displays figures itself. Assign the result
(``ax = ...``) so that the notebook does not also print the Axes' repr. Font sizes
come from the style, never from the functions.
"""

from __future__ import annotations

import math

import numpy as np

# A phone: a 375-px-wide screen shows the book's text column, and so a figure, 343 CSS px
# wide. A figure FIGURE_WIDTH inches wide is then drawn at PHONE_FIGURE_PX / FIGURE_WIDTH
# CSS px per inch, and text needs MIN_TEXT_PX CSS px to be read without zooming.
FIGURE_WIDTH = 6.4  # inches, matplotlib's default width
FIGURE_HEIGHT = 4.0  # inches: 5:8, tall enough for a phone held upright
PHONE_FIGURE_PX = 343
MIN_TEXT_PX = 9


def points_for(css_px, figure_width=FIGURE_WIDTH, shown_px=PHONE_FIGURE_PX):
    """The font size in points that a figure ``figure_width`` inches wide, shown ``shown_px``
    CSS px wide, draws ``css_px`` CSS px tall, rounded up to half a point."""
    return math.ceil(2 * css_px * 72 * figure_width / shown_px) / 2


def book_style() -> dict:
    """The book's matplotlib rcParams: legible on a phone, readable in dark mode, reproducible.

    * Size: figures are 6.4 × 4.0 in. Shown 343 CSS px wide (a 375-px phone screen), an
      inch is 53.6 CSS px, so tick labels and legends at ``points_for(9)`` = 12.5 pt are
      9 CSS px tall, and labels and titles are larger still.
    * Dark mode: an opaque white figure and axes background (never transparent), so the
      black text and axes stay readable on the dark theme's white card.
    * Reproducible: a fixed resolution and a fixed SVG hash salt, so a rerun writes the
      same bytes.

    Returns a new dict each call; nothing is applied (matplotlib is not imported).
    """
    small = points_for(MIN_TEXT_PX)
    return {
        "figure.figsize": (FIGURE_WIDTH, FIGURE_HEIGHT),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "figure.facecolor": "white",
        "axes.facecolor": "white",
        "savefig.facecolor": "white",
        "savefig.transparent": False,
        "font.size": small,
        "axes.titlesize": small + 1.5,
        "axes.labelsize": small + 0.5,
        "xtick.labelsize": small,
        "ytick.labelsize": small,
        "legend.fontsize": small,
        "legend.title_fontsize": small,
        "figure.titlesize": small + 2,
        "lines.linewidth": 2.0,
        "lines.markersize": 6,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        # Deterministic SVG/PNG metadata and hatch ids.
        "svg.hashsalt": "rnn-book",
    }


def plot_training_curves(histories, metric="loss", ax=None, log=False):
    """Training (solid) and validation (dashed, if any) ``metric`` per epoch, a colour per model.

    ``histories`` maps a model name to a Keras ``History`` or its ``.history`` dict.
    """
    if not isinstance(histories, dict) or not histories:
        raise ValueError(
            f"histories: expected a non-empty dict name -> history, got {type(histories).__name__}"
        )
    histories = {
        name: getattr(hist, "history", hist) for name, hist in histories.items()
    }
    for name, hist in histories.items():
        if metric not in hist:
            raise ValueError(
                f"histories[{name!r}]: expected a {metric!r} entry, got keys {sorted(hist)}"
            )
    ax = _axes(ax)
    for k, (name, hist) in enumerate(histories.items()):
        colour = f"C{k}"
        epochs = np.arange(1, len(hist[metric]) + 1)
        ax.plot(epochs, hist[metric], color=colour, label=f"{name} (train)")
        if f"val_{metric}" in hist:
            val = hist[f"val_{metric}"]
            ax.plot(epochs, val, color=colour, ls="--", label=f"{name} (validation)")
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.set_title(f"Training curves: {metric}")
    ax.legend()
    return ax


def plot_gradient_norms(norms, log=True, ax=None):
    """‖∂h_T/∂h_k‖ against the distance T − k, one line per entry of ``norms``.

    ``norms`` maps a label to an array as returned by ``hidden_jacobian_norms``
    (entry k − 1 for h_k, so the last entry is T − k = 0).
    """
    if not isinstance(norms, dict) or not norms:
        raise ValueError(
            f"norms: expected a non-empty dict label -> array, got {type(norms).__name__}"
        )
    norms = {
        label: np.asarray(values, dtype=np.float64) for label, values in norms.items()
    }
    for label, values in norms.items():
        if values.ndim != 1:
            raise ValueError(
                f"norms[{label!r}]: expected a 1-D array (T,), got shape {values.shape}"
            )
    ax = _axes(ax)
    for label, values in norms.items():
        ax.plot(np.arange(len(values))[::-1], values, label=str(label))
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("lag $T-k$ (steps)")
    ax.set_ylabel("$\\|\\partial h_T / \\partial h_k\\|_2$")
    ax.set_title("How much of the gradient reaches step k")
    ax.legend()
    return ax


# --- drawing helpers -------------------------------------------------------------------


def _axes(ax, figsize=None):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax
