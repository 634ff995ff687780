"""Copy each diagram's caption and alt text into the chapter cell that shows it.

    python scripts/sync_figure_metadata.py            # writes the notebooks
    python scripts/sync_figure_metadata.py --check    # lists differences, exits 1

A drawing of ``rnn_utils.diagrams`` carries its caption (MyST markdown, symbols in
inline maths) and its alt text (plain words). For every code cell of
chapters/*.ipynb whose source calls exactly one drawing, ``diagrams.<fn>(...)``
with literal arguments, the script evaluates the call and sets the cell's
``metadata.mystnb.figure.caption`` and ``metadata.mystnb.image.alt`` from the
Diagram. The figure's label (``metadata.mystnb.figure.name``) stays the chapter's.
Notebooks are written with ``json.dumps(nb, indent=1, ensure_ascii=False)`` and a
trailing newline, the form they are stored in, so nothing else changes; a notebook
without differences is not written.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from rnn_utils import diagrams  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Difference:
    """One metadata field of one cell that differs from its drawing."""

    path: Path
    cell: int
    call: str
    field: str  # "caption" or "alt"
    stored: str | None
    wanted: str

    def __str__(self) -> str:
        return (
            f"{self.path.name} cell {self.cell} ({self.call}): {self.field} differs\n"
            f"    stored: {self.stored!r}\n    drawing: {self.wanted!r}"
        )


def drawing_calls(source: str) -> list[ast.Call]:
    """The calls ``diagrams.<fn>(...)`` in a cell's source whose ``fn`` draws a Diagram."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics and the like: no drawing to find
        return []
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "diagrams"
        and callable(getattr(diagrams, node.func.attr, None))
        and node.func.attr in diagrams.__all__
        and node.func.attr not in NOT_DRAWINGS
    ]


# Public callables of the package that do not draw a diagram.
NOT_DRAWINGS = {
    "Diagram",
    "Node",
    "Edge",
    "Note",
    "Formula",
    "symbols_in",
    "normalise_formula",
    "render",
    "to_svg",
    "catalogue",
}


def evaluate(call: ast.Call) -> diagrams.Diagram:
    """The Diagram that ``call`` draws; its arguments must be literals."""
    args = [ast.literal_eval(a) for a in call.args]
    kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    d = getattr(diagrams, call.func.attr)(*args, **kwargs)
    if not isinstance(d, diagrams.Diagram):
        raise ValueError(f"{ast.unparse(call)} gives {type(d).__name__}, not a Diagram")
    return d


def sync(nb: dict, path: Path) -> list[Difference]:
    """Set the caption and alt of every drawing cell of ``nb`` in place; the changes."""
    out = []
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        calls = drawing_calls("".join(cell["source"]))
        if len(calls) != 1:
            continue
        d = evaluate(calls[0])
        mystnb = cell.setdefault("metadata", {}).setdefault("mystnb", {})
        for field, section, key in (
            ("caption", "figure", "caption"),
            ("alt", "image", "alt"),
        ):
            wanted = getattr(d, field)
            stored = mystnb.get(section, {}).get(key)
            if stored != wanted:
                out.append(
                    Difference(
                        path, index, ast.unparse(calls[0]), field, stored, wanted
                    )
                )
                mystnb.setdefault(section, {})[key] = wanted
    return out


def dumps(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def differences(paths) -> list[Difference]:
    """What syncing ``paths`` would change, without writing anything."""
    out = []
    for path in paths:
        out += sync(json.loads(Path(path).read_text(encoding="utf-8")), Path(path))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="list differences, write nothing"
    )
    parser.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        help="notebooks (default: chapters/*.ipynb)",
    )
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "chapters").glob("*.ipynb"))
    found = []
    for path in paths:
        nb = json.loads(path.read_text(encoding="utf-8"))
        changes = sync(nb, path)
        found += changes
        if changes and not args.check:
            path.write_text(dumps(nb), encoding="utf-8")
    for change in found:
        print(change)
    cells = len({(c.path, c.cell) for c in found})
    if args.check:
        print(f"{len(found)} field(s) of {cells} cell(s) differ from their drawings")
        return 1 if found else 0
    print(f"updated {len(found)} field(s) of {cells} cell(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
