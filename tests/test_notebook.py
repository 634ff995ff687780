"""The chapter set-up (rnn_utils.notebook) and the nbval comparison rules."""

import configparser
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import rnn_utils
from rnn_utils.notebook import below, fmt_speedup, fmt_time, measured, measured_text

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
    procs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        for _ in range(2)
    ]
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
    with pytest.raises(ValueError, match=r"^seed: expected a non-negative int, got"):
        rnn_utils.setup_notebook(seed=seed, tensorflow=False)


def test_import_does_not_load_tensorflow():
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, rnn_utils; print('tensorflow' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
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


def test_sanitizer_masks_timings_measurements_and_addresses_only():
    line = (
        f"LSTM  params 66,048  acc {measured(0.9123)}  loss {measured(3.2e-5)}  share {measured(0.052, '.1%')}  "
        f"baseline 0.772  {fmt_time(1.234)}  speed-up {fmt_speedup(3.14)}  <obj at 0x7f3a2b1c9d80>"
    )
    clean = sanitize(line)
    assert clean == (
        "LSTM  params 66,048  acc ≃ MEASURED  loss ≃ MEASURED  share ≃ MEASURED  "
        "baseline 0.772  ⏱ TIME  speed-up ⏱ TIME  <obj at 0xADDRESS>"
    )
    # Results printed without the stopwatch mark are compared as they are.
    assert (
        sanitize("loss 0.0417 after 12.5 s of training")
        == "loss 0.0417 after 12.5 s of training"
    )


def test_nbval_comparison_ignores_stderr_streams_only():
    pytest.importorskip("nbval")
    import importlib.util

    from nbval.plugin import IPyNbCell

    # Loaded by path: tests/book has a conftest.py of its own, which would shadow `import conftest`.
    spec = importlib.util.spec_from_file_location(
        "book_root_conftest", ROOT / "conftest.py"
    )
    root_conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(root_conftest)
    _without_stderr = root_conftest._without_stderr

    outputs = [
        {
            "output_type": "stream",
            "name": "stderr",
            "text": "I0000 00:00:1 cudart_stub.cc:31] ...\n",
        },
        {"output_type": "stream", "name": "stdout", "text": "accuracy 0.91\n"},
    ]
    assert _without_stderr(outputs) == [outputs[1]]
    assert getattr(IPyNbCell, "_rnn_book_patched", False)


@pytest.mark.parametrize(
    ("value", "spec", "text"),
    [
        (0.87234, ".3g", "≃0.872"),
        (0.0517, ".1%", "≃5.2%"),
        (-2.5e-7, ".1e", "≃-2.5e-07"),
    ],
)
def test_measured_marks_the_number(value, spec, text):
    assert measured(value, spec) == text


def test_measured_rejects_what_is_not_a_number():
    with pytest.raises(ValueError, match="real number"):
        measured("0.5")
    with pytest.raises(ValueError, match="real number"):
        measured(0.5, "d")


def test_measured_text_marks_each_line_and_the_sanitizer_masks_only_it():
    poem = "春風一尺道，夏日轉不平。秋水空洲草，冬來即異田。"
    assert measured_text(poem) == f"≃«{poem}»"
    sample = "the evections in the\n   for the is 0x7f3a2b1c9d80 ⏱ 3 s\n"
    assert measured_text(sample) == f"≃«{sample}»"
    printed = f"greedy: {measured_text(poem)}  (form 0.94, {measured(0.94)})\n{measured_text(sample)}\nafter 0.5"
    assert (
        sanitize(printed)
        == "greedy: ≃«TEXT»  (form 0.94, ≃ MEASURED)\n≃«TEXT»\nafter 0.5"
    )
    # A sample with more or fewer lines masks to the same text.
    assert sanitize(measured_text("one line")) == sanitize(
        measured_text("two\nlines\n")
    )
    assert rnn_utils.measured_text is measured_text


@pytest.mark.parametrize("text", ["a » b", "≃0.5", "«"])
def test_measured_text_rejects_its_own_marks(text):
    with pytest.raises(ValueError, match="break the masking"):
        measured_text(text)
    with pytest.raises(ValueError, match="takes a str, got bytes"):
        measured_text(b"bytes")


def test_below_prints_the_bound_and_checks_it():
    assert below(4.7e-16, 1e-12) == "< 1e-12"
    assert below(-3e-7, 1e-6) == "< 1e-06"
    with pytest.raises(AssertionError, match="not below the bound"):
        below(2e-12, 1e-12)
    with pytest.raises(
        ValueError, match=r"^bound: expected a positive finite number, got"
    ):
        below(0.0, 0.0)


def test_seed_and_thread_overrides(monkeypatch):
    from rnn_utils.notebook import intra_op_threads, seed_offset

    monkeypatch.delenv("RNN_BOOK_SEED", raising=False)
    monkeypatch.delenv("RNN_BOOK_THREADS", raising=False)
    assert seed_offset() == 0 and intra_op_threads() is None
    monkeypatch.setenv("RNN_BOOK_SEED", "3")
    monkeypatch.setenv("RNN_BOOK_THREADS", "4")
    assert seed_offset() == 3 and intra_op_threads() == 4
    a = rnn_utils.reseed(2).integers(0, 1000, size=4)
    assert np.array_equal(a, np.random.default_rng(5).integers(0, 1000, size=4))
    monkeypatch.setenv("RNN_BOOK_SEED", "-1")
    with pytest.raises(ValueError, match="RNN_BOOK_SEED"):
        seed_offset()
    monkeypatch.setenv("RNN_BOOK_THREADS", "0")
    with pytest.raises(ValueError, match="RNN_BOOK_THREADS"):
        intra_op_threads()


def _setup_output(code_before):
    code = (
        code_before
        + "import rnn_utils\nrnn_utils.setup_notebook(seed=0, tensorflow=False)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )


def test_setup_says_where_a_colab_runtime_stands():
    """In Colab the set-up's first line is the runtime check (Colab's TensorFlow is its own)."""
    colab = "import sys, types\nsys.modules['google.colab'] = types.ModuleType('google.colab')\n"
    proc = _setup_output(colab)
    assert (
        proc.stdout.startswith("Runtime: TensorFlow ")
        and "inside the range" in proc.stdout
    )


def test_setup_prints_nothing_inside_the_range_outside_colab():
    """Outside Colab the stored outputs hold: a runtime in range adds no line."""
    proc = _setup_output("")
    assert proc.stdout == ""
    assert "Runtime:" not in proc.stderr


def test_setup_reports_a_runtime_outside_the_range_on_stderr():
    fake = (
        "import importlib.metadata as m\n"
        "real = m.version\n"
        "m.version = lambda name: '2.18.0' if name == 'tensorflow' else real(name)\n"
    )
    proc = _setup_output(fake)
    assert proc.stdout == ""
    assert "TensorFlow 2.18.0" in proc.stderr and "restart the runtime" in proc.stderr
