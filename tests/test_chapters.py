"""Rules for what the chapters print, checked on their stored outputs.

nbval compares a fresh execution with the stored outputs after masking the
numbers that nbval_sanitize.cfg names. These tests keep that masking honest:

* a cell that prints a measured value (behind ``≃``, see ``rnn_utils.measured``)
  or a measured text (a generated poem between ``≃«`` and ``»``, see
  ``rnn_utils.measured_text``) asserts something, so the masked output's claim is
  still checked;
* masked values stay a minority of what the book prints: every line with a
  number counts, and so does every measured text (as one line, whatever its
  length); a line with a mark counts as masked;
* a raw floating-point residual (``= 4.7e-16``) is never printed: it changes
  with the CPU and the thread count; ``rnn_utils.below`` prints the bound.
"""

import json
import re
from pathlib import Path

import pytest

from rnn_utils.notebook import (
    MEASURED_MARK,
    MEASURED_TEXT_CLOSE,
    MEASURED_TEXT_OPEN,
    measured,
    measured_text,
)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb")) + sorted(
    (ROOT / "backmatter").glob("*.ipynb")
)
TIMING_MARK = "⏱"
RAW_RESIDUAL = re.compile(r"(?<![<≤≈≃~])[=:]\s*-?\d\.\d+e-\d\d\b")
ASSERTS = re.compile(r"\bassert\b|\bbelow\(")
MEASURED_TEXT = re.compile(
    re.escape(MEASURED_TEXT_OPEN) + "[^«»]*" + re.escape(MEASURED_TEXT_CLOSE)
)


def code_cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            yield index, "".join(cell["source"]), printed_text(cell)


def printed_text(cell):
    """What a reader sees as text: streams other than stderr, and text/plain results."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") != "stderr":
            parts.append("".join(out["text"]))
        elif (
            "data" in out
            and "text/plain" in out["data"]
            and "image/png" not in out["data"]
        ):
            parts.append("".join(out["data"]["text/plain"]))
    return "".join(parts)


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 8


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_measured_values_are_asserted_in_their_cell(path):
    bare = [
        i
        for i, src, out in code_cells(path)
        if MEASURED_MARK in out and not ASSERTS.search(src)
    ]
    assert not bare, (
        f"{path.name}: cells {bare} print a measured (masked) value but assert nothing"
    )


def printed_lines(out):
    """The lines of a cell's printed text, each measured text (any number of lines) folded into one."""
    return MEASURED_TEXT.sub(
        f"{MEASURED_TEXT_OPEN}TEXT{MEASURED_TEXT_CLOSE}", out
    ).splitlines()


def counted(line):
    """A printed line the minority rule counts: it holds a number or a measured text."""
    return bool(re.search(r"\d", line)) or MEASURED_TEXT_OPEN in line


def masked(line):
    return MEASURED_MARK in line or TIMING_MARK in line


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_masked_values_are_a_minority(path):
    lines = [
        line
        for _, _, out in code_cells(path)
        for line in printed_lines(out)
        if counted(line)
    ]
    masked_lines = [line for line in lines if masked(line)]
    if lines:
        assert len(masked_lines) <= 0.5 * len(lines), (
            f"{path.name}: {len(masked_lines)} of {len(lines)} printed lines with numbers or texts are masked"
        )


def test_masked_values_are_a_minority_of_the_book():
    outputs = [out for p in NOTEBOOKS for _, _, out in code_cells(p)]
    lines = [line for out in outputs for line in printed_lines(out) if counted(line)]
    masked_lines = [line for line in lines if masked(line)]
    assert len(masked_lines) <= 0.35 * len(lines), (
        f"{len(masked_lines)} of {len(lines)} printed lines with numbers or texts are masked"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_raw_residuals_are_printed(path):
    raw = [
        (i, m.group(0))
        for i, _, out in code_cells(path)
        for m in RAW_RESIDUAL.finditer(out)
    ]
    assert not raw, (
        f"{path.name}: raw float residuals printed (print the bound with rnn_utils.below): {raw}"
    )


def test_the_rules_catch_what_they_should():
    assert RAW_RESIDUAL.search("max error = 4.7e-16")
    assert not RAW_RESIDUAL.search("max error < 1e-12")
    assert not RAW_RESIDUAL.search("loss ≃3.2e-05")
    assert ASSERTS.search("assert acc > 0.8") and not ASSERTS.search("print(acc)")
    # A generated text is measured like a number: its line is counted, masked, and needs an assert.
    poem = measured_text("山上春風起，山中不可知。")
    assert MEASURED_MARK in poem and counted(poem) and masked(poem)
    assert counted(f"loss {measured(0.5)}") and not counted("山上春風起，山中不可知。")
    three_lines = measured_text("a 1\nb 2\nc 3")
    assert printed_lines(f"sample:\n{three_lines}\nloss 0.5") == [
        "sample:",
        "≃«TEXT»",
        "loss 0.5",
    ]
    bare_cell = {
        "cell_type": "code",
        "source": "print(poem)",
        "outputs": [{"output_type": "stream", "name": "stdout", "text": poem + "\n"}],
    }
    assert MEASURED_MARK in printed_text(bare_cell) and not ASSERTS.search(
        bare_cell["source"]
    )


PLACEHOLDER = re.compile(r"__[A-Z][A-Z0-9_]*__")
LOCAL_PATH = re.compile(r"(?:/tmp/|/home/|/root/|/work/|[A-Z]:\\\\Users\\\\)")
HIDING_TAGS = {"nbval-ignore-output", "nbval-skip", "raises-exception", "remove-output"}
PAGES = (
    NOTEBOOKS + sorted(ROOT.glob("*.md")) + sorted((ROOT / "backmatter").glob("*.md"))
)


def prose(path):
    """The markdown a reader reads on a page (a notebook's markdown cells, or a .md file)."""
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join(
        "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"
    )


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_no_unfilled_placeholders(path):
    """A template slot such as __IRNN_WINS__ left in the prose renders as bold text on the page."""
    left = sorted(set(PLACEHOLDER.findall(prose(path))))
    assert not left, f"{path.name}: placeholders never filled in: {left}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_hide_nothing_and_show_no_machine(path):
    """No cell is exempted from nbval's comparison, and no output shows stderr or a path of the
    machine that ran it (a warning's file name, a temporary directory)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        hidden = HIDING_TAGS & set(cell.get("metadata", {}).get("tags", []))
        assert not hidden, f"{path.name} cell {index}: tagged {sorted(hidden)}"
        for out in cell.get("outputs", []):
            assert out.get("name") != "stderr", (
                f"{path.name} cell {index} prints to stderr: {out.get('text')!r:.200}"
            )
            text = json.dumps(out.get("text", "")) + json.dumps(
                out.get("data", {}).get("text/plain", "")
            )
            assert not LOCAL_PATH.search(text), (
                f"{path.name} cell {index} shows a local path"
            )


def test_the_output_rules_catch_what_they_should():
    assert PLACEHOLDER.search("in __IRNN_WINS__ of 5") and not PLACEHOLDER.search(
        "the __init__ method"
    )
    assert LOCAL_PATH.search("/tmp/ipykernel_16087/4280148228.py:3: RuntimeWarning")
    assert not LOCAL_PATH.search("chapters/01_background.ipynb")
