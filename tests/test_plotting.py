"""Figures: titled, labelled, drawing what they say, never calling plt.show(); the book's style.

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


# --- the book's style ------------------------------------------------------------------


def css_px(points, figure_width, shown_px=plotting.PHONE_FIGURE_PX):
    """CSS px of text ``points`` tall in a figure ``figure_width`` in wide shown ``shown_px`` wide."""
    return points / 72 * shown_px / figure_width


def test_book_style_is_legible_on_a_phone():
    """A 6.4-in figure shown 343 px wide (a 375-px phone): ticks and legends ≥ 9 CSS px."""
    style = plotting.book_style()
    assert style["figure.figsize"][0] == plotting.FIGURE_WIDTH == 6.4
    with matplotlib.rc_context(style):
        ax = plotting.plot_gradient_norms({"a": np.ones(4), "b": np.ones(4) / 2})
        fig = ax.figure
        width = fig.get_size_inches()[0]
        assert width == 6.4
        ticks = ax.get_xticklabels() + ax.get_yticklabels()
        texts = [*ticks, *ax.get_legend().get_texts(), ax.xaxis.label, ax.title]
        sizes = [text.get_fontsize() for text in texts]
    assert min(css_px(size, width) for size in sizes) >= 9, sizes
    assert 11 <= plotting.points_for(9) <= 13


def test_book_style_draws_on_an_opaque_white_background():
    """The dark theme shows figures on a white card; a transparent figure would lose it."""
    import io

    style = plotting.book_style()
    with matplotlib.rc_context(style):
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1])
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    image = plt.imread(io.BytesIO(buffer.getvalue()))
    np.testing.assert_array_equal(image[0, 0], [1, 1, 1, 1])  # opaque white corner
    assert style["svg.hashsalt"] and style is not plotting.book_style()


def test_the_functions_leave_font_sizes_to_the_style():
    with matplotlib.rc_context({"legend.fontsize": 17.0}):
        ax = plotting.plot_training_curves({"a": {"loss": [1.0, 0.5]}})
        assert {t.get_fontsize() for t in ax.get_legend().get_texts()} == {17.0}
