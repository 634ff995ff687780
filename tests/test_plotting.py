"""Figures: titled, labelled, drawing what they say, and never calling plt.show().

The architecture diagrams are ``rnn_utils.diagrams`` (tested in test_diagrams.py).
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from rnn_utils import plotting  # noqa: E402


@pytest.fixture(autouse=True)
def no_show(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("plotting functions must not call plt.show()")

    monkeypatch.setattr(plt, "show", fail)
    yield
    plt.close("all")


def labelled(ax):
    return bool(ax.get_title()) and bool(ax.get_xlabel()) and bool(ax.get_ylabel())


def test_plot_training_curves():
    hist = {
        "loss": [1.0, 0.5, 0.25],
        "val_loss": [1.1, 0.6, 0.4],
        "accuracy": [0.5, 0.7, 0.8],
    }

    class History:  # what keras' fit() returns
        history = {"loss": [0.9, 0.8]}

    ax = plotting.plot_training_curves({"LSTM": hist, "RNN": History()}, log=True)
    assert labelled(ax) and ax.get_yscale() == "log" and ax.get_xlabel() == "epoch"
    lines = ax.get_lines()
    assert len(lines) == 3 and lines[1].get_linestyle() == "--"
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3])
    ax = plotting.plot_training_curves({"LSTM": hist}, metric="accuracy")
    assert ax.get_ylabel() == "accuracy" and len(ax.get_lines()) == 1


def test_plot_gradient_norms_uses_distance_back_in_time():
    norms = (
        0.5 ** np.arange(6)[::-1]
    )  # as hidden_jacobian_norms returns: last entry is k = T
    ax = plotting.plot_gradient_norms({"rho=0.5": norms, "flat": np.ones(6)})
    assert labelled(ax) and ax.get_yscale() == "log"
    line = ax.get_lines()[0]
    np.testing.assert_array_equal(line.get_xdata(), [5, 4, 3, 2, 1, 0])  # T − k
    np.testing.assert_allclose(line.get_ydata(), norms)
    assert (
        plotting.plot_gradient_norms({"a": norms}, log=False).get_yscale() == "linear"
    )


def test_functions_draw_on_a_given_axes():
    fig, axes = plt.subplots(1, 2)
    assert plotting.plot_gradient_norms({"a": np.ones(3)}, ax=axes[1]) is axes[1]
    assert (
        plotting.plot_training_curves({"a": {"loss": [1.0, 0.5]}}, ax=axes[0])
        is axes[0]
    )
    assert len(plt.get_fignums()) == 1
