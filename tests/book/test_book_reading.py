"""Static checks of what _ext/book_reading.py does to the built book.

The measurements in a browser (formula and code widths, diagram text sizes at
375 px, raw TeX in captions) run in test_book_browser.py's visit of every page,
with the helpers of reading.py.
"""

from __future__ import annotations

import pytest
from reading import HTML, book_reading

ZH = "zh"


def test_every_edition_has_its_diagrams_linked(book_html):
    """The build wrapped every figure of both editions in a link to its image."""
    for root in (HTML, HTML / ZH):
        texts = [
            p.read_text(encoding="utf-8") for p in (root / "chapters").glob("*.html")
        ]
        wrapped = sum(t.count('class="figure-open"') for t in texts)
        assert wrapped >= 40, f"{root}: {wrapped} figures linked"


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


def test_a_plot_of_the_default_size_needs_no_scrolling():
    """A 6.4-in plot (640 px at the book's 100 dpi) fits a 343-px phone column."""
    assert book_reading.plot_min_width(640) <= 343
    assert book_reading.plot_min_width(900) > 343  # a 9-in figure scrolls there
