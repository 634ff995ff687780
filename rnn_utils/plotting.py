"""The book's diagrams and curves, drawn with matplotlib.

Every function takes an optional ``ax`` (a new figure is made if it is None) and
returns the Axes it drew on (``ax.figure`` is the Figure). None calls
``plt.show()``: the notebook displays figures itself. Assign the result
(``ax = ...``) so that the notebook does not also print the Axes' repr.
"""

from __future__ import annotations

import numpy as np

_BOX = {"x": "#dbe9f6", "h": "#fde2c4", "y": "#d9f0d3", "gate": "#f3d1dc", "op": "white"}


def draw_unrolled_rnn(steps=4, ax=None):
    """The recurrent layer folded (one cell with a loop) and unrolled over ``steps`` time steps.

    Every unrolled step reuses the same W (x_t → h_t), U (h_{t−1} → h_t) and
    W_y (h_t → y_t): the parameters are shared across time.
    """
    if isinstance(steps, bool) or not isinstance(steps, int | np.integer) or not 1 <= steps <= 8:
        raise ValueError(f"steps: expected an int from 1 to 8, got {steps!r}")
    ax = _axes(ax, figsize=(2.2 + 1.5 * (steps + 1), 3.6))
    # Folded: x → h (with a self-loop U) → y.
    _box(ax, 0, 0, "$x_t$", "x")
    _box(ax, 0, 1.3, "$h_t$", "h")
    _box(ax, 0, 2.6, "$y_t$", "y")
    _arrow(ax, (0, 0.3), (0, 1.0), "$W$")
    _arrow(ax, (0, 1.6), (0, 2.3), "$W_y$")
    ax.annotate(
        "",
        xy=(0.4, 1.45),
        xytext=(0.4, 1.15),
        arrowprops=dict(arrowstyle="->", connectionstyle="arc3,rad=2.0", lw=1.4),
    )
    ax.text(0.88, 1.3, "$U$", ha="left", va="center")
    ax.text(1.45, 1.3, "=", ha="center", va="center", fontsize=18)
    # Unrolled: h_0 → h_1 → … → h_T.
    x0 = 2.2
    _box(ax, x0, 1.3, "$h_0$", "h", dashed=True)
    for t in range(1, steps + 1):
        cx = x0 + 1.5 * t
        _box(ax, cx, 0, f"$x_{t}$", "x")
        _box(ax, cx, 1.3, f"$h_{t}$", "h")
        _box(ax, cx, 2.6, f"$y_{t}$", "y")
        _arrow(ax, (cx, 0.3), (cx, 1.0), "$W$")
        _arrow(ax, (cx, 1.6), (cx, 2.3), "$W_y$")
        _arrow(ax, (cx - 1.5 + 0.4, 1.3), (cx - 0.4, 1.3), "$U$", above=True)
    ax.set_xlim(-0.8, x0 + 1.5 * steps + 0.8)
    ax.set_ylim(-0.6, 3.2)
    _diagram_axes(
        ax,
        xlabel="time →  (the same $W$, $U$, $W_y$ at every step)",
        ylabel="input → state → output",
    )
    ax.set_title(f"A recurrent layer, folded (left) and unrolled over {steps} steps (right)")
    return ax


def draw_lstm_cell(ax=None):
    """One LSTM step: the cell-state line c_{t−1} → c_t on top, the gates below.

    c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t (g_t = c̃_t) and h_t = o_t ⊙ tanh(c_t); every gate
    reads [x_t, h_{t−1}]. The top line has only a multiplication and an addition:
    the additive path along which the gradient ∂c_t/∂c_{t−1} = diag(f_t) flows.
    """
    ax = _axes(ax, figsize=(7.5, 4.2))
    top, mid, low = 3.0, 1.6, 0.4
    # Cell-state line.
    ax.annotate(
        "",
        xy=(8.6, top),
        xytext=(0.2, top),
        arrowprops=dict(arrowstyle="->", lw=2.4, color="#b35806"),
    )
    ax.text(0.1, top + 0.25, "$c_{t-1}$", ha="left")
    ax.text(8.7, top + 0.25, "$c_t$", ha="right")
    _op(ax, 2.0, top, "×")
    _op(ax, 4.4, top, "+")
    # Gates, fed by [x_t, h_{t−1}] from the bottom.
    ax.annotate(
        "", xy=(7.0, low - 0.45), xytext=(0.2, low - 0.45), arrowprops=dict(arrowstyle="-", lw=1.2)
    )
    ax.text(0.1, low - 0.8, "$[x_t,\\ h_{t-1}]$", ha="left")
    for gx, name, fn in [
        (2.0, "$f_t$", "σ"),
        (3.4, "$i_t$", "σ"),
        (4.4, "$g_t$", "tanh"),
        (5.8, "$o_t$", "σ"),
    ]:
        _box(ax, gx, low + 0.15, fn, "gate", width=0.7, height=0.5)
        ax.text(gx - 0.4, low + 0.5, name, ha="right", va="bottom", fontsize=10)
        ax.annotate(
            "", xy=(gx, low - 0.1), xytext=(gx, low - 0.45), arrowprops=dict(arrowstyle="-", lw=1.2)
        )
    _arrow(ax, (2.0, low + 0.4), (2.0, top - 0.2), None)  # f gates the old cell state
    _op(ax, 4.4, mid, "×")  # i ⊙ g
    ax.annotate(
        "",
        xy=(4.2, mid),
        xytext=(3.4, low + 0.4),
        arrowprops=dict(arrowstyle="->", lw=1.2, connectionstyle="angle,angleA=90,angleB=0,rad=0"),
    )
    _arrow(ax, (4.4, low + 0.4), (4.4, mid - 0.2), None)
    _arrow(ax, (4.4, mid + 0.2), (4.4, top - 0.2), None)
    # Output: h_t = o_t ⊙ tanh(c_t).
    _box(ax, 7.0, 2.25, "tanh", "op", width=0.7, height=0.4)
    ax.annotate("", xy=(7.0, 2.45), xytext=(7.0, top), arrowprops=dict(arrowstyle="->", lw=1.2))
    _op(ax, 7.0, mid, "×")
    _arrow(ax, (7.0, 2.05), (7.0, mid + 0.2), None)
    ax.annotate(
        "",
        xy=(6.8, mid),
        xytext=(5.8, low + 0.4),
        arrowprops=dict(arrowstyle="->", lw=1.2, connectionstyle="angle,angleA=90,angleB=0,rad=0"),
    )
    _arrow(ax, (7.2, mid), (8.6, mid), None)
    ax.text(8.7, mid + 0.2, "$h_t$", ha="right")
    ax.set_xlim(0, 9)
    ax.set_ylim(-1.1, 3.6)
    _diagram_axes(
        ax, xlabel="one time step, left to right", ylabel="cell state (top), gates (bottom)"
    )
    ax.set_title(
        "The LSTM cell: $c_t = f_t \\odot c_{t-1} + i_t \\odot g_t$,  "
        "$h_t = o_t \\odot \\tanh(c_t)$"
    )
    return ax


def plot_training_curves(histories, metric="loss", ax=None, log=False):
    """Training (solid) and validation (dashed, if any) ``metric`` per epoch, a colour per model.

    ``histories`` maps a model name to a Keras ``History`` or its ``.history`` dict.
    """
    if not isinstance(histories, dict) or not histories:
        raise ValueError(
            f"histories: expected a non-empty dict name -> history, got {type(histories).__name__}"
        )
    histories = {name: getattr(hist, "history", hist) for name, hist in histories.items()}
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
    ax.legend(fontsize=8)
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
    norms = {label: np.asarray(values, dtype=np.float64) for label, values in norms.items()}
    for label, values in norms.items():
        if values.ndim != 1:
            raise ValueError(
                f"norms[{label!r}]: expected a 1-D array (T,), got shape {values.shape}"
            )
    ax = _axes(ax)
    for label, values in norms.items():
        ax.plot(np.arange(len(values))[::-1], values, marker=".", ms=3, label=str(label))
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("T − k (steps back in time)")
    ax.set_ylabel("$\\|\\partial h_T / \\partial h_k\\|_2$")
    ax.set_title("How much of the gradient reaches step k")
    ax.legend(fontsize=8)
    return ax


# --- drawing helpers -------------------------------------------------------------------


def _axes(ax, figsize=None):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def _diagram_axes(ax, xlabel, ylabel):
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_aspect("equal")


def _box(ax, x, y, text, kind, width=0.8, height=0.6, dashed=False):
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(
        FancyBboxPatch(
            (x - width / 2, y - height / 2),
            width,
            height,
            boxstyle="round,pad=0.02",
            fc=_BOX[kind],
            ec="black",
            lw=1.2,
            ls="--" if dashed else "-",
        )
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=11)


def _op(ax, x, y, symbol):
    from matplotlib.patches import Circle

    ax.add_patch(Circle((x, y), 0.2, fc="white", ec="black", lw=1.2, zorder=3))
    ax.text(x, y, symbol, ha="center", va="center", fontsize=12, zorder=4)


def _arrow(ax, start, end, label, above=False):
    ax.annotate("", xy=end, xytext=start, arrowprops=dict(arrowstyle="->", lw=1.4))
    if label:
        mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
        if above:
            ax.text(mx, my + 0.12, label, ha="center", va="bottom", fontsize=10)
        else:
            ax.text(mx + 0.1, my, label, ha="left", va="center", fontsize=10)
