"""Set-up shared by every chapter: quiet, seeded, deterministic TensorFlow.

Each chapter's first code cell is ``rnn_utils.setup_notebook()``. It must run
before anything imports TensorFlow, because two of its settings are read only
when TensorFlow loads.
"""

from __future__ import annotations

import os
import sys

from .checks import non_negative_int, positive_float

DEFAULT_SEED = 0
# The mark of a measured value: a number from training or from floating-point
# round-off, which changes with the CPU, the thread count and the Python build.
# nbval_sanitize.cfg masks exactly the numbers printed behind it; the claim such
# a number supports is asserted in the same cell.
MEASURED_MARK = "≃"
# Text a trained model writes (a generated poem, a sampled paragraph) is measured
# too: rnn_utils.measured_text prints it as ≃«…» (line breaks and all), and
# nbval_sanitize.cfg masks exactly what stands between the guillemets.
MEASURED_TEXT_OPEN, MEASURED_TEXT_CLOSE = MEASURED_MARK + "«", "»"
# Environment variables read by setup_notebook and reseed, so that one notebook
# can be run under other seeds and thread counts (benchmarks/seed_sweep.py, make portability).
SEED_ENV = "RNN_BOOK_SEED"
THREADS_ENV = "RNN_BOOK_THREADS"


def seed_offset() -> int:
    """The seed shift asked for by ``$RNN_BOOK_SEED`` (0 when unset).

    Every seed a chapter names is shifted by it, so a sweep over seeds 0-4
    reruns the whole chapter with other data and other initial weights.
    """
    raw = os.environ.get(SEED_ENV, "0").strip() or "0"
    if not raw.isdigit():
        raise ValueError(f"{SEED_ENV} must be a non-negative integer, got {raw!r}")
    return int(raw)


def intra_op_threads() -> int | None:
    """The intra-op thread count asked for by ``$RNN_BOOK_THREADS`` (None: TensorFlow's default)."""
    raw = os.environ.get(THREADS_ENV, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{THREADS_ENV} must be a positive integer, got {raw!r}")
    return int(raw)


def setup_notebook(seed: int = DEFAULT_SEED, *, tensorflow: bool = True):
    """Make a chapter quiet and reproducible; return a seeded NumPy generator.

    * ``TF_CPP_MIN_LOG_LEVEL=3`` hides TensorFlow's C++ info and warning lines;
      ``TF_ENABLE_ONEDNN_OPTS=0`` turns off oneDNN's reordered float kernels,
      whose rounding differs from run to run of thread scheduling.
    * ``keras.utils.set_random_seed`` seeds Python's ``random``, NumPy's legacy
      global generator and TensorFlow; op determinism makes TensorFlow pick
      deterministic kernels.
    * Matplotlib draws off-screen at a fixed size and resolution.

    * ``$RNN_BOOK_SEED`` shifts the seed (see :func:`seed_offset`) and
      ``$RNN_BOOK_THREADS`` sets TensorFlow's intra-op threads, so the same
      chapter can be checked under other seeds and thread counts.
    * The runtime is checked against the TensorFlow/Keras range the book is
      tested with (:mod:`rnn_utils.runtime`). In Colab, whose TensorFlow and
      Keras are its own, the verdict is printed as the cell's first line;
      elsewhere only a runtime outside the range is reported, on stderr.

    Parameters
    ----------
    seed : int
        Seed for every generator (before the shift).
    tensorflow : bool
        Set to False in a chapter that never touches TensorFlow.

    Returns
    -------
    numpy.random.Generator
        A generator seeded with ``seed``; chapters draw their data from it.
    """
    import numpy as np

    seed = non_negative_int(seed, "seed")
    if (
        tensorflow
        and "tensorflow" in sys.modules
        and os.environ.get("TF_ENABLE_ONEDNN_OPTS") != "0"
    ):
        raise RuntimeError(
            "TensorFlow was imported before setup_notebook(); restart the kernel and "
            "call rnn_utils.setup_notebook() first."
        )
    seed += seed_offset()
    threads = intra_op_threads()
    _report_runtime()
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
    os.environ["PYTHONHASHSEED"] = str(seed)

    np.set_printoptions(precision=4, suppress=True, linewidth=100)
    _setup_matplotlib()

    if tensorflow:
        import absl.logging
        import tensorflow as tf

        absl.logging.set_verbosity(absl.logging.ERROR)
        tf.get_logger().setLevel("ERROR")
        if threads is not None:
            tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.experimental.enable_op_determinism()
    _seed_everything(seed, tensorflow)
    return np.random.default_rng(seed)


def reseed(seed: int):
    """Seed Python, NumPy and (once loaded) Keras with ``seed`` shifted by ``$RNN_BOOK_SEED``.

    Call it before each experiment, so a reader can rerun one cell on its own
    and a seed sweep moves every experiment at once. Returns a NumPy generator
    seeded the same way.
    """
    import numpy as np

    seed = non_negative_int(seed, "seed")
    seed += seed_offset()
    _seed_everything(seed, "keras" in sys.modules)
    return np.random.default_rng(seed)


def _report_runtime() -> None:
    from .runtime import check_runtime

    inside, message = check_runtime()
    if "google.colab" in sys.modules:
        print(message)
    elif not inside:
        print(message, file=sys.stderr)


def _seed_everything(seed: int, keras_too: bool) -> None:
    import random

    import numpy as np

    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 - seeds the legacy global generator that older code still uses
    if keras_too:
        import keras

        keras.utils.set_random_seed(seed)


def _setup_matplotlib():
    import matplotlib

    if "ipykernel" not in sys.modules:
        matplotlib.use("Agg")
    from .plotting import book_style

    # one style for every plot: legible on a phone, readable in dark mode
    matplotlib.rcParams.update(book_style())


def fmt_time(seconds: float) -> str:
    """Format a wall-clock time with the stopwatch mark nbval's sanitizer masks.

    Timings differ from run to run; everything printed through this function is
    compared as ``⏱ TIME`` by the test suite, and nothing else is masked.
    """
    if seconds < 0:
        raise ValueError(f"seconds must be >= 0, got {seconds}")
    if seconds >= 1:
        return f"⏱ {seconds:.2f} s"
    if seconds >= 1e-3:
        return f"⏱ {seconds * 1e3:.2f} ms"
    return f"⏱ {seconds * 1e6:.1f} µs"


def fmt_speedup(ratio: float) -> str:
    """Format a ratio of two wall-clock times (masked by nbval like fmt_time)."""
    if ratio <= 0:
        raise ValueError(f"ratio must be > 0, got {ratio}")
    return f"⏱ {ratio:.1f}×"


def measured(value: float, spec: str = ".3g") -> str:
    """Format a measured number behind the mark ``≃`` that nbval's sanitizer masks.

    Use it for every printed number that training or floating-point round-off
    produces (a loss, an accuracy, a trained weight): such a number differs in
    its last digits across CPUs, thread counts and Python builds. The claim the
    number supports is asserted in the same cell, with a margin that holds
    across seeds and threads; the test suite fails on a cell that prints a
    measured value without an assert.

    >>> measured(0.87234)
    '≃0.872'
    >>> measured(0.0517, ".1%")
    '≃5.2%'
    """
    import numbers

    try:
        if not isinstance(value, numbers.Real) or isinstance(value, bool):
            raise TypeError(type(value).__name__)
        text = format(float(value), spec)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"measured() takes a real number and a format spec, got {value!r} and {spec!r}"
        ) from exc
    return f"{MEASURED_MARK}{text}"


def measured_text(text: str) -> str:
    """Mark text that a trained model wrote as ``≃«…»``, the span nbval's sanitizer masks.

    A generated poem or paragraph changes with the seed, the CPU and the thread
    count, like a trained loss. The whole text, line breaks included, is
    printed between ``≃«`` and ``»``, and nbval_sanitize.cfg masks exactly that
    span, so the words around it are still compared and a sample may have any
    number of lines. What the prose says about the text (its form, what it
    copies) is asserted in the same cell; the test suite fails on a cell that
    prints a measured text without an assert, and counts each one as a masked line.

    >>> measured_text("春風一尺道，夏日轉不平。")
    '≃«春風一尺道，夏日轉不平。»'
    >>> print(measured_text("two\\nlines"))
    ≃«two
    lines»
    """
    if not isinstance(text, str):
        raise ValueError(f"measured_text() takes a str, got {type(text).__name__}")
    bad = sorted({c for c in (MEASURED_MARK, "«", "»") if c in text})
    if bad:
        raise ValueError(
            f"measured_text(): the text holds the marks {bad}, which would break the masking"
        )
    return f"{MEASURED_TEXT_OPEN}{text}{MEASURED_TEXT_CLOSE}"


def below(value: float, bound: float) -> str:
    """Check ``value < bound`` and return the portable text ``'< bound'``.

    A residual such as 4.7e-16 changes with the CPU and the thread count; the
    bound it meets does not. Raises AssertionError when the value is not below
    the bound, so a cell that prints it also checks it.

    >>> below(4.7e-16, 1e-12)
    '< 1e-12'
    """
    value = float(value)
    bound = positive_float(bound, "bound")
    if not abs(value) < bound:
        raise AssertionError(
            f"|value| = {abs(value):.3g} is not below the bound {bound:g}"
        )
    return f"< {bound:g}"
