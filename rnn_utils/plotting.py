"""The book's curves, drawn with matplotlib (its architecture diagrams are in ``rnn_utils.diagrams``).

Every function takes an optional ``ax`` (a new figure is made if it is None) and
returns the Axes it drew on (``ax.figure`` is the Figure). None calls
``plt.show()``: the notebook displays figures itself. Assign the result
(``ax = ...``) so that the notebook does not also print the Axes' repr.
"""

from __future__ import annotations

import numpy as np


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
        ax.plot(
            np.arange(len(values))[::-1], values, marker=".", ms=3, label=str(label)
        )
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
