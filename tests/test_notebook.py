"""The chapter set-up (rnn_utils.notebook) and the nbval comparison rules."""

import configparser
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import rnn_utils
from rnn_utils.notebook import fmt_speedup, fmt_time

ROOT = Path(__file__).resolve().parent.parent


def _sanitizers():
    cfg = configparser.ConfigParser(interpolation=None)
    cfg.read(ROOT / "nbval_sanitize.cfg", encoding="utf-8")
    return [(re.compile(cfg[s]["regex"]), cfg[s]["replace"]) for s in cfg.sections()]


def sanitize(text):
    for regex, replace in _sanitizers():
        text = regex.sub(replace, text)
    return text


def test_setup_is_reproducible_and_quiet_in_a_fresh_interpreter():
    code = (
        "import os, rnn_utils\n"
        "rng = rnn_utils.setup_notebook(seed=3)\n"
        "import numpy as np, tensorflow as tf, keras\n"
        "a = rng.normal(size=3)\n"
        "keras.utils.set_random_seed(3)\n"
        "w = keras.layers.Dense(2); w.build((None, 4))\n"
        "print(os.environ['TF_CPP_MIN_LOG_LEVEL'], os.environ['TF_ENABLE_ONEDNN_OPTS'])\n"
        "from tensorflow.python.framework import config as tf_config\n"
        "print(tf_config.is_op_determinism_enabled())\n"
        "print(np.round(a, 6).tolist(), np.round(w.kernel.numpy().ravel(), 6).tolist())\n"
    )
    procs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True) for _ in range(2)]
    runs = [p.stdout for p in procs]
    assert runs[0] == runs[1], "two fresh runs of the set-up gave different numbers"
    # oneDNN announces itself on stderr when it is on; the set-up turns it off.
    assert "oneDNN custom operations are on" not in procs[0].stderr
    lines = runs[0].splitlines()
    assert lines[0] == "3 0"
    assert lines[1] == "True"
    expected = np.random.default_rng(3).normal(size=3)
    assert str(np.round(expected, 6).tolist()) in lines[2]


def test_setup_returns_a_seeded_generator_without_tensorflow():
    a = rnn_utils.setup_notebook(seed=7, tensorflow=False).integers(0, 1000, size=5)
    b = np.random.default_rng(7).integers(0, 1000, size=5)
    assert np.array_equal(a, b)


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True])
def test_setup_rejects_bad_seeds(seed):
    with pytest.raises(ValueError, match="seed must be a non-negative int"):
        rnn_utils.setup_notebook(seed=seed, tensorflow=False)


def test_import_does_not_load_tensorflow():
    out = subprocess.run(
        [sys.executable, "-c", "import sys, rnn_utils; print('tensorflow' in sys.modules)"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert out == "False"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(2.5, "⏱ 2.50 s"), (0.0123, "⏱ 12.30 ms"), (4.2e-5, "⏱ 42.0 µs")],
)
def test_fmt_time(seconds, text):
    assert fmt_time(seconds) == text


def test_fmt_rejects_negative_values():
    with pytest.raises(ValueError):
        fmt_time(-1.0)
    with pytest.raises(ValueError):
        fmt_speedup(0.0)


def test_sanitizer_masks_timings_and_addresses_only():
    line = f"LSTM  params 66,048  acc 0.912  {fmt_time(1.234)}  speed-up {fmt_speedup(3.14)}  <obj at 0x7f3a2b1c9d80>"
    clean = sanitize(line)
    assert clean == "LSTM  params 66,048  acc 0.912  ⏱ TIME  speed-up ⏱ TIME  <obj at 0xADDRESS>"
    # Results printed without the stopwatch mark are compared as they are.
    assert sanitize("loss 0.0417 after 12.5 s of training") == "loss 0.0417 after 12.5 s of training"


def test_nbval_comparison_ignores_stderr_streams_only():
    pytest.importorskip("nbval")
    from nbval.plugin import IPyNbCell

    from conftest import _without_stderr

    outputs = [
        {"output_type": "stream", "name": "stderr", "text": "I0000 00:00:1 cudart_stub.cc:31] ...\n"},
        {"output_type": "stream", "name": "stdout", "text": "accuracy 0.91\n"},
    ]
    assert _without_stderr(outputs) == [outputs[1]]
    assert getattr(IPyNbCell, "_rnn_book_patched", False)
