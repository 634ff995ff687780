"""The chapters' code reads on one screen: cells short, lines within the column.

A chapter defines only what it teaches; anything longer goes into rnn_utils
with tests (CONTRIBUTING.md). So no code cell is over 40 lines, and no code
line over 88 characters, the width that fits the text column at 1280 px
(tests/book measures that in a browser). ``make lint`` runs ruff's E501 at 88
on the notebooks as well; this test also counts the lines ruff lets through
(a line that ends with a URL).
"""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb")) + sorted(
    (ROOT / "backmatter").glob("*.ipynb")
)
MAX_CELL_LINES = 40
MAX_LINE = 88


def code_cells(path: Path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            yield cell["id"], "".join(cell["source"]).split("\n")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_are_short(path):
    long = {cid: len(lines) for cid, lines in code_cells(path)}
    long = {cid: n for cid, n in long.items() if n > MAX_CELL_LINES}
    assert not long, f"cells over {MAX_CELL_LINES} lines: {long}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_lines_fit_the_column(path):
    wide = [
        f"{cid}: {line[:60]}... ({len(line)})"
        for cid, lines in code_cells(path)
        for line in lines
        if len(line) > MAX_LINE
    ]
    assert not wide, "\n".join(wide)
