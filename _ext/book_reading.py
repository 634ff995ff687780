"""Figures that stay legible on a phone, and open full size on a tap.

The book's diagrams (``rnn_utils.diagrams``) are SVGs drawn for the 688-px text
column. On a 375-px phone the theme would shrink them to about 0.6 of that, and
their labels to 7-8 px. Instead, after the build, every diagram in a figure is

- given a minimum width (on screens narrower than 960 px) at which its smallest label is 11 CSS px and its
  smallest subscript 9 px (read from the SVG: matplotlib writes each glyph as a
  path scaled by its font size, and a subscript's glyphs scaled once more), so
  on a narrow screen it scrolls sideways in its own box (``_static/reading.css``)
  rather than shrinking;
- wrapped in a link to the SVG file, so a tap opens it full size.

Plots (matplotlib PNGs) get the same: their smallest text is the book's style's
(``rnn_utils.plotting.book_style``: 9 CSS px when a 6.4-in figure is shown 343
px wide), so a wider figure gets a minimum width in proportion.

Both editions get the same treatment (the extension runs in each build).
tests/book/test_book_reading.py measures the result in a browser.
"""

from __future__ import annotations

import html
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

MIN_LABEL_PX = 11.0  # the smallest label a reader should have to read
MIN_SUBSCRIPT_PX = 9.0  # the smallest subscript
SVG_NS = "{http://www.w3.org/2000/svg}"
_SCALE = re.compile(r"scale\(\s*([-0-9.eE]+)")
# A figure's image as Sphinx writes it: <img alt="..." src="../_images/x.svg" />
_FIGURE_IMAGE = re.compile(
    r'(<figure[^>]*>\s*)<img (alt="[^"]*") (src="([^"]*_images/[^"]+\.(svg|png))") />'
)
OPEN_TITLE = {"en": "Open the figure full size", "zh": "打开原尺寸的图"}


def svg_text_sizes(svg: str) -> tuple[float, list[float], list[float]]:
    """(viewBox width, label sizes, subscript sizes) of a matplotlib SVG, in SVG units.

    With ``svg.fonttype = "path"`` every text is a group ``text_N`` whose glyphs
    (``<use>``) are scaled by font size / 100; a sub- or superscript's glyph
    carries a second scale (0.7 a level).
    """
    root = ET.fromstring(svg)
    width = float(root.get("viewBox").split()[2])
    labels: list[float] = []
    subscripts: list[float] = []

    def walk(el, in_text: bool, size: float | None, script: float):
        if el.tag == SVG_NS + "defs":
            return
        in_text = in_text or (
            el.tag == SVG_NS + "g" and (el.get("id") or "").startswith("text_")
        )
        match = _SCALE.search(el.get("transform", "")) if in_text else None
        if match and size is None:  # the text's own scale: its font size / 100
            size = 100 * abs(float(match.group(1)))
        elif match:  # a glyph scaled once more: a sub- or superscript
            script *= abs(float(match.group(1)))
        if el.tag == SVG_NS + "use" and size is not None:
            (labels if script == 1.0 else subscripts).append(size * script)
        for child in el:
            walk(child, in_text, size, script)

    for child in root:
        walk(child, False, None, 1.0)
    return width, labels, subscripts


def min_display_width(svg: str) -> int:
    """The narrowest width (CSS px) at which the diagram's text stays legible."""
    width, labels, subscripts = svg_text_sizes(svg)
    need = [MIN_LABEL_PX / min(labels)] if labels else []
    need += [MIN_SUBSCRIPT_PX / min(subscripts)] if subscripts else []
    return math.ceil(width * max(need)) if need else 0


def png_width(data: bytes) -> int:
    """A PNG's width in pixels, from its header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big")


def plot_min_width(natural_px: int) -> int:
    """The narrowest width (CSS px) at which a plot's smallest text is 9 CSS px."""
    from rnn_utils import plotting

    style = plotting.book_style()
    smallest_pt = min(
        style[k] for k in ("xtick.labelsize", "ytick.labelsize", "legend.fontsize")
    )
    text_px = smallest_pt / 72 * style["savefig.dpi"]  # at the PNG's own size
    return math.ceil(natural_px * plotting.MIN_TEXT_PX / text_px)


def _wrap(match, page: Path, lang: str) -> str:
    figure, alt, src_attr, src, kind = match.groups()
    image = (page.parent / src).resolve()
    if not image.is_file():
        return match.group(0)
    if kind == "svg":
        width = min_display_width(image.read_text(encoding="utf-8"))
    else:
        width = plot_min_width(png_width(image.read_bytes()[:32]))
    title = OPEN_TITLE["zh" if lang.startswith("zh") else "en"]
    return (
        f'{figure}<a class="figure-open" href="{html.escape(src)}" '
        f'title="{title}"><img {alt} {src_attr} style="--legible-width: {width}px" /></a>'
    )


def on_build_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    lang = app.config.language or "en"
    for folder in ("chapters", "backmatter"):
        for page in sorted((out / folder).glob("*.html")):
            text = page.read_text(encoding="utf-8")
            new = _FIGURE_IMAGE.sub(lambda m, p=page: _wrap(m, p, lang), text)
            if new != text:
                page.write_text(new, encoding="utf-8")


def setup(app):
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
