"""Set-up shared by every chapter: quiet, seeded, deterministic TensorFlow.

Each chapter's first code cell is ``rnn_utils.setup_notebook()``. It must run
before anything imports TensorFlow, because two of its settings are read only
when TensorFlow loads.
"""

from __future__ import annotations

import os
import sys

DEFAULT_SEED = 0


def setup_notebook(seed: int = DEFAULT_SEED, *, tensorflow: bool = True):
    """Make a chapter quiet and reproducible; return a seeded NumPy generator.

    * ``TF_CPP_MIN_LOG_LEVEL=3`` hides TensorFlow's C++ info and warning lines;
      ``TF_ENABLE_ONEDNN_OPTS=0`` turns off oneDNN's reordered float kernels,
      whose rounding differs from run to run of thread scheduling.
    * ``keras.utils.set_random_seed`` seeds Python's ``random``, NumPy's legacy
      global generator and TensorFlow; op determinism makes TensorFlow pick
      deterministic kernels.
    * Matplotlib draws off-screen at a fixed size and resolution.

    Parameters
    ----------
    seed : int
        Seed for every generator.
    tensorflow : bool
        Set to False in a chapter that never touches TensorFlow.

    Returns
    -------
    numpy.random.Generator
        A generator seeded with ``seed``; chapters draw their data from it.
    """
    import random

    import numpy as np

    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    if tensorflow and "tensorflow" in sys.modules and os.environ.get("TF_ENABLE_ONEDNN_OPTS") != "0":
        raise RuntimeError(
            "TensorFlow was imported before setup_notebook(); restart the kernel and "
            "call rnn_utils.setup_notebook() first."
        )
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
    os.environ["PYTHONHASHSEED"] = str(seed)

    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 - seeds the legacy global generator that older code still uses
    np.set_printoptions(precision=4, suppress=True, linewidth=100)
    _setup_matplotlib()

    if tensorflow:
        import absl.logging
        import keras
        import tensorflow as tf

        absl.logging.set_verbosity(absl.logging.ERROR)
        tf.get_logger().setLevel("ERROR")
        keras.utils.set_random_seed(seed)
        tf.config.experimental.enable_op_determinism()
    return np.random.default_rng(seed)


def _setup_matplotlib():
    import matplotlib

    if "ipykernel" not in sys.modules:
        matplotlib.use("Agg")
    matplotlib.rcParams.update(
        {
            "figure.figsize": (7.0, 3.6),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "font.size": 10,
            # Deterministic SVG/PNG metadata and hatch ids.
            "svg.hashsalt": "rnn-book",
        }
    )


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
