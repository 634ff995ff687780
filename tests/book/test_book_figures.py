"""Every figure in the book has a caption and alt text.

A reader who cannot see a plot hears its alt text; every reader sees its
caption. PNG and SVG images also need an opaque background, which the dark
theme shows on a white card. CONTRIBUTING.md asks for both as myst-nb cell metadata:

    "mystnb": {"figure": {"caption": "...", "name": "fig-..."},
               "image": {"alt": "..."}}

This reads the committed notebooks (no kernel, no build) and checks every code
cell whose stored outputs contain an image.
"""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(ROOT.glob("chapters/*.ipynb")) + sorted(
    ROOT.glob("backmatter/*.ipynb")
)
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")


def image_cells(path: Path):
    """(cell number, cell) for every code cell with an image among its outputs."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for number, cell in enumerate(nb["cells"], start=1):
        if cell["cell_type"] != "code":
            continue
        for out in cell.get("outputs", []):
            if any(kind in out.get("data", {}) for kind in IMAGE_TYPES):
                yield number, cell
                break


def problems(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    names = set()
    for number, cell in image_cells(path):
        meta = cell.get("metadata", {}).get("mystnb", {})
        figure, image = meta.get("figure", {}), meta.get("image", {})
        caption = str(figure.get("caption", "")).strip()
        alt = str(image.get("alt", "")).strip()
        name = str(figure.get("name", "")).strip()
        where = f"{path.relative_to(root)} cell {number}"
        if not caption:
            found.append(f"{where}: no mystnb.figure.caption")
        if not alt:
            found.append(f"{where}: no mystnb.image.alt")
        elif len(alt) < 15:
            found.append(f"{where}: alt text {alt!r} is too short to describe a figure")
        if alt and caption and alt == caption:
            found.append(
                f"{where}: alt text repeats the caption; describe what is drawn"
            )
        if name:
            if name in names:
                found.append(f"{where}: figure name {name!r} used twice")
            names.add(name)
        if (
            sum(
                any(k in out.get("data", {}) for k in IMAGE_TYPES)
                for out in cell["outputs"]
            )
            > 1
        ):
            found.append(
                f"{where}: more than one image in one cell; give each figure its own cell"
            )
        for out in cell["outputs"]:
            png = out.get("data", {}).get("image/png")
            if png and transparent_corner(png):
                found.append(
                    f"{where}: the PNG has a transparent background, unreadable in "
                    "dark mode; draw it on an opaque (white) figure facecolor"
                )
            svg = out.get("data", {}).get("image/svg+xml")
            if svg and not opaque_svg("".join(svg) if isinstance(svg, list) else svg):
                found.append(
                    f"{where}: the SVG has no opaque background, unreadable in dark mode; "
                    "draw it on a white figure (rnn_utils.diagrams does)"
                )
    return found


# matplotlib's SVG starts with the figure patch: a rectangle over the whole canvas.
_SVG_SIZE = re.compile(r'<svg [^>]*viewBox="0 0 ([\d.]+) ([\d.]+)"')
_SVG_PATCH = re.compile(
    r'<g id="patch_1">\s*<path d="M 0 ([\d.]+) \s*L ([\d.]+) [\d.]+ \s*'
    r'L [\d.]+ 0 \s*L 0 0 \s*z\s*" style="fill: #ffffff"/>'
)


def opaque_svg(svg: str) -> bool:
    """True when the SVG's first shape is a white rectangle covering the whole canvas."""
    size, patch = _SVG_SIZE.search(svg), _SVG_PATCH.search(svg)
    if not size or not patch:
        return False
    return patch.group(2) == size.group(1) and patch.group(1) == size.group(2)


def transparent_corner(png_base64) -> bool:
    """True when the image's top-left pixel is not fully opaque."""
    from PIL import Image

    data = png_base64 if isinstance(png_base64, str) else "".join(png_base64)
    image = Image.open(io.BytesIO(base64.b64decode(data)))
    if image.mode not in ("RGBA", "LA", "PA") and "transparency" not in image.info:
        return False
    return image.convert("RGBA").getpixel((0, 0))[3] < 255


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found in chapters/ or backmatter/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_has_caption_and_alt_text(path):
    found = problems(path)
    assert not found, "\n".join(found)


def white_png() -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def test_checker_catches_a_missing_alt(tmp_path):
    """The check itself can fail: a figure without alt text is reported."""
    cell = {
        "cell_type": "code",
        "metadata": {"mystnb": {"figure": {"caption": "A caption."}}},
        "source": "plt.show()",
        "outputs": [
            {
                "output_type": "display_data",
                "data": {"image/png": white_png()},
                "metadata": {},
            }
        ],
        "execution_count": 1,
    }
    nb = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "99_x.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert problems(path, root=tmp_path) == ["99_x.ipynb cell 1: no mystnb.image.alt"]


def test_checker_catches_a_transparent_png():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(1, 1))
    for facecolor, expected in (("none", True), ("white", False)):
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", facecolor=facecolor)
        assert (
            transparent_corner(base64.b64encode(buffer.getvalue()).decode()) is expected
        )
    plt.close(fig)


def test_checker_catches_a_transparent_svg():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(1, 1))
    for facecolor, expected in (("none", False), ("white", True)):
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", facecolor=facecolor)
        assert opaque_svg(buffer.getvalue()) is expected
    plt.close(fig)
    from rnn_utils import diagrams

    assert opaque_svg(diagrams.rnn_layer(1).svg())
