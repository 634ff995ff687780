"""What a reader sees at 1280 px and on a 375-px phone, measured in Chromium.

On every page of both editions, opened once and measured at both widths:

- no display formula is wider than the text column at 1280 px, and none is more
  than twice the screen's width at 375 px (it may scroll in its own box there);
- no line of a code cell scrolls at 1280 px (88 characters fit the column);
- every diagram's smallest label is at least 11 CSS px and its smallest
  subscript at least 9 px at 375 px, read from the SVG's glyph sizes and the
  width the diagram is drawn at; each diagram is a link to its SVG;
- no figure caption shows raw TeX (``_{``, ``^{``, a backslash) outside its maths.

Screenshots of every chapter at both widths, light and dark, go to
_build/screenshots (kept as a CI artifact).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from test_book_browser import (
    HTML,
    PAGES,
    TIMEOUT,
    ZH,
    Visit,
    assert_clean,
)

ROOT = Path(__file__).resolve().parents[2]
WIDE, PHONE = 1280, 375
SLACK = 1  # px: sub-pixel rounding of scroll widths


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "_ext" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


book_reading = _load("book_reading")

MEASURE = """() => {
  const text = el => el.textContent.replace(/\\s+/g, ' ').trim().slice(0, 80);
  const formulas = [...document.querySelectorAll('mjx-container[display="true"]')]
    .map(e => ({width: e.scrollWidth, box: e.clientWidth, text: text(e)}));
  const code = [...document.querySelectorAll('.cell_input div.highlight pre')]
    .map(e => ({width: e.scrollWidth, box: e.clientWidth, text: text(e)}));
  const diagrams = [...document.querySelectorAll('figure img[src$=".svg"]')]
    .map(e => ({src: e.getAttribute('src'), drawn: e.getBoundingClientRect().width,
                link: e.closest('a.diagram-open') ?
                      e.closest('a.diagram-open').getAttribute('href') : null}));
  const captions = [...document.querySelectorAll('figcaption')].map(f => {
    const c = f.cloneNode(true);
    c.querySelectorAll('mjx-container, .math, a.headerlink').forEach(m => m.remove());
    return c.textContent.replace(/\\s+/g, ' ').trim();
  });
  return {formulas, code, diagrams, captions, screen: window.innerWidth};
}"""


def svg_sizes(page: str, src: str) -> tuple[float, float, float]:
    """(viewBox width, smallest label, smallest subscript) of a page's diagram."""
    svg = (HTML / page).parent / src
    width, labels, subs = book_reading.svg_text_sizes(svg.read_text(encoding="utf-8"))
    return width, min(labels, default=float("inf")), min(subs, default=float("inf"))


def problems_at(page: str, seen: dict) -> list[str]:
    found = []
    screen = seen["screen"]
    for f in seen["formulas"]:
        if screen >= WIDE and f["width"] > f["box"] + SLACK:
            found.append(
                f"{screen} px: formula {f['width']} px wide in a {f['box']} px "
                f"column: {f['text']!r}"
            )
        if screen <= PHONE and f["width"] > 2 * screen:
            found.append(
                f"{screen} px: formula {f['width']} px wide, over twice the "
                f"screen: {f['text']!r}"
            )
    if screen >= WIDE:
        for c in seen["code"]:
            if c["width"] > c["box"] + SLACK:
                found.append(
                    f"{screen} px: a code line scrolls ({c['width']} px in "
                    f"{c['box']} px): {c['text']!r}"
                )
    for d in seen["diagrams"]:
        width, label, sub = svg_sizes(page, d["src"])
        scale = d["drawn"] / width  # CSS px per SVG unit
        if screen <= PHONE and label * scale < book_reading.MIN_LABEL_PX - 0.05:
            found.append(
                f"{screen} px: {d['src']} labels {label * scale:.1f} px (< 11)"
            )
        if screen <= PHONE and sub * scale < book_reading.MIN_SUBSCRIPT_PX - 0.05:
            found.append(
                f"{screen} px: {d['src']} subscripts {sub * scale:.1f} px (< 9)"
            )
        if d["link"] != d["src"]:
            found.append(f"{d['src']}: not a link to its SVG ({d['link']})")
    for caption in seen["captions"]:
        for raw in ("_{", "^{", "\\"):
            if raw in caption:
                found.append(f"caption shows {raw!r}: {caption[:100]!r}")
    return found


@pytest.mark.parametrize("name", PAGES)
def test_page_reads_well_at_both_widths(browser, base_url, name, screenshots):
    visit = Visit(
        browser, base_url + name, base_url, viewport={"width": WIDE, "height": 900}
    )
    try:
        page = visit.page
        found = problems_at(name, page.evaluate(MEASURE))
        shot = name.replace("/", "_").removesuffix(".html")
        chapter = "chapters/" in name
        if chapter:
            page.screenshot(path=str(screenshots / f"{shot}-{WIDE}.png"))
        page.set_viewport_size({"width": PHONE, "height": 800})
        page.wait_for_timeout(200)  # let the layout settle at the new width
        found += problems_at(name, page.evaluate(MEASURE))
        if chapter:
            page.screenshot(path=str(screenshots / f"{shot}-{PHONE}.png"))
            page.evaluate(
                "() => document.documentElement.setAttribute('data-theme', 'dark')"
            )
            page.screenshot(path=str(screenshots / f"{shot}-{PHONE}-dark.png"))
        assert_clean(visit, name)
    finally:
        visit.close()
    assert not found, f"{name}:\n" + "\n".join(found)


def test_every_edition_has_its_diagrams_linked(book_html):
    """The build wrapped every diagram of both editions (a static check)."""
    for root in (HTML, HTML / ZH):
        pages = list((root / "chapters").glob("*.html"))
        texts = [p.read_text(encoding="utf-8") for p in pages]
        wrapped = sum(t.count('class="diagram-open"') for t in texts)
        assert wrapped >= 15, f"{root}: {wrapped} diagrams linked"
        assert TIMEOUT > 0


def test_text_sizes_are_read_from_the_glyphs():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100">'
        '<g id="text_1"><g transform="translate(1 2) scale(0.12 -0.12)">'
        '<use href="#a"/><use href="#b" transform="translate(3 4) scale(0.7)"/>'
        "</g></g></svg>"
    )
    width, labels, subs = book_reading.svg_text_sizes(svg)
    assert width == 400 and labels == [pytest.approx(12)]
    assert subs == [pytest.approx(8.4)]
    # 11 / 12 for the label, 9 / 8.4 for the subscript: the subscript decides
    assert book_reading.min_display_width(svg) == 429
