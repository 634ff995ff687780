"""What a reader sees at 1280 px and on a 375-px phone: the measurements.

tests/book/test_book_browser.py's visit of every page (both editions) runs
``problems_at`` at both widths:

- no display formula is wider than the text column at 1280 px, and none is more
  than twice the screen's width at 375 px (it may scroll in its own box there);
- no line of a code cell scrolls at 1280 px (88 characters fit the column);
- every diagram's smallest label is at least 11 CSS px and its smallest
  subscript at least 9 px at 375 px, read from the SVG's glyph sizes and the
  width the diagram is drawn at; each diagram is a link to its SVG;
- every plot's tick labels and legend are at least 9 CSS px at 375 px (the
  book's style sets them once; the PNG's width says how far it was scaled);
- no figure caption shows raw TeX (``_{``, ``^{``, a backslash) outside its maths;
- the article header's buttons and language switch stay inside its one row;
- in the light and in the dark theme, every visible text (prose, headings, links,
  captions, tables, code and its highlighted tokens, outputs, the header and the
  sidebar) has a WCAG contrast of at least 4.5:1 with the ground it is drawn on,
  translucent boxes (an exercise's tint) composed over the page.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

HTML = Path(
    os.environ.get("BOOK_HTML", Path(__file__).resolve().parents[2] / "_build" / "html")
).resolve()
WIDE, PHONE = 1280, 375
SLACK = 1  # px: sub-pixel rounding of scroll widths
ROOT = Path(__file__).resolve().parents[2]


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
  const figure = e => ({src: e.getAttribute('src'),
                        drawn: e.getBoundingClientRect().width,
                        natural: e.naturalWidth,
                        link: e.closest('a.figure-open') ?
                              e.closest('a.figure-open').getAttribute('href') : null});
  const diagrams = [...document.querySelectorAll('figure img[src$=".svg"]')].map(figure);
  const plots = [...document.querySelectorAll('figure img[src$=".png"]')].map(figure);
  const captions = [...document.querySelectorAll('figcaption')].map(f => {
    const c = f.cloneNode(true);
    c.querySelectorAll('mjx-container, .math, a.headerlink').forEach(m => m.remove());
    return c.textContent.replace(/\\s+/g, ' ').trim();
  });
  const bar = document.querySelector('.bd-header-article');
  const box = e => { const r = e.getBoundingClientRect();
                     return {top: r.top, bottom: r.bottom, text: text(e) || e.className}; };
  const header = bar ? {bar: box(bar), items: [...bar.querySelectorAll(
    '.header-article-item > *')].filter(e => e.getClientRects().length).map(box)} : null;
  return {formulas, code, diagrams, plots, captions, header, screen: window.innerWidth};
}"""


MIN_CONTRAST = 4.5  # WCAG 2 AA for body text
# Each distinct (text colour, ground) pair of the page once, with its WCAG contrast.
CONTRAST = """() => {
  const rgba = s => {
    const v = (s.match(/[\\d.]+/g) || []).map(Number);
    return v.length === 3 ? [...v, 1] : v.length === 4 ? v : [0, 0, 0, 0];
  };
  const over = (top, under) => top.slice(0, 3)
    .map((c, i) => c * top[3] + under[i] * (1 - top[3]));
  const ground = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let bg = [255, 255, 255];
    while (layers.length) bg = over(layers.pop(), bg);
    return bg;
  };
  const lum = c => c.map(v => v / 255)
    .map(v => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const seen = new Map();
  const sel = 'article p, article li, article td, article th, article h1, article h2, '
    + 'article h3, article a, figcaption, dt, dd, .admonition-title, '
    + 'div.highlight pre, div.highlight pre span, .cell_output pre, .output pre, '
    + 'code.literal, .bd-header a, .bd-sidebar a';
  for (const el of document.querySelectorAll(sel)) {
    if (!el.textContent.trim() || !el.getClientRects().length) continue;
    if (getComputedStyle(el).visibility !== 'visible') continue;
    const bg = ground(el);
    const fg = over(rgba(getComputedStyle(el).color), bg);
    const key = fg.map(Math.round).join() + '/' + bg.map(Math.round).join();
    if (seen.has(key)) continue;
    const [a, b] = [lum(fg), lum(bg)];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    seen.set(key, {ratio, tag: el.tagName.toLowerCase()
      + (el.className ? '.' + String(el.className).split(' ')[0] : ''),
      text: el.textContent.replace(/\\s+/g, ' ').trim().slice(0, 40), key});
  }
  return [...seen.values()];
}"""


def contrast_problems(scheme: str, pairs: list[dict]) -> list[str]:
    """The pairs CONTRAST measured below MIN_CONTRAST, one line each."""
    return [
        f"{scheme}: {p['tag']} {p['text']!r} at {p['ratio']:.2f}:1 (text/ground "
        f"{p['key']}, < {MIN_CONTRAST})"
        for p in pairs
        if p["ratio"] < MIN_CONTRAST
    ]


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
    for d in seen["plots"]:
        # the PNG's own text size, in its pixels, scaled as it is drawn
        text = book_reading.plot_min_width(d["natural"]) / d["natural"]
        if screen <= PHONE and d["drawn"] < text * d["natural"] - 0.5:
            shown = d["drawn"] / d["natural"] * 9 / text
            found.append(f"{screen} px: {d['src']} text {shown:.1f} px (< 9)")
        if d["link"] != d["src"]:
            found.append(f"{d['src']}: not a link to its image ({d['link']})")
    if seen["header"]:  # the article header's buttons and switch in its one row
        bar = seen["header"]["bar"]
        for item in seen["header"]["items"]:
            if (
                item["top"] < bar["top"] - SLACK
                or item["bottom"] > bar["bottom"] + SLACK
            ):
                found.append(
                    f"{screen} px: {item['text'][:40]!r} sticks out of the article "
                    f"header ({item['top']:.0f}-{item['bottom']:.0f} px in "
                    f"{bar['top']:.0f}-{bar['bottom']:.0f} px)"
                )
    for caption in seen["captions"]:
        for raw in ("_{", "^{", "\\"):
            if raw in caption:
                found.append(f"caption shows {raw!r}: {caption[:100]!r}")
    return found
