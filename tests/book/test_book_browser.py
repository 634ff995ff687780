"""The built book as a reader sees it: headless Chromium, network blocked.

Every request that does not go to the local server (or to a file on disk) is
aborted and recorded, so a page that needs the internet to show its maths, its
fonts or its scripts fails here. For every page this checks that formulas are
typeset by MathJax (no raw ``$$`` left), that the console stays free of errors,
that images have alt text and figures captions, that chapters carry their
launch and download buttons, that every exercise solution opens on a click,
and that the page is no wider than a 375 px phone screen; all of this for both
editions, English and Chinese (zh/). Then: the search page finds words in
each edition, the language switch opens the same page of the other edition
in the same tab, the dark theme keeps plots on a light background, a phone
shows the notation page, and the book opened straight from disk (file://)
still typesets its maths.

Screenshots go to _build/screenshots/ (light and dark, desktop and phone).
"""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from reading import CONTRAST, MEASURE, PHONE, WIDE, contrast_problems, problems_at

ROOT = Path(__file__).resolve().parents[2]
HTML = Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html")).resolve()
REPO = "rnn-executable/rnn-executable"
TIMEOUT = 60_000  # ms; MathJax on a long chapter is slow on two busy cores


def is_forwarding_stub(path: Path) -> bool:
    """An old address that forwards to a renamed page (_ext/book_moves.py)."""
    return 'http-equiv="Refresh"' in path.read_text(encoding="utf-8")[:1000]


def built_pages(root: Path = HTML) -> list[str]:
    pages = []
    if (root / "intro.html").is_file():
        pages.append("intro.html")
    for folder in ("chapters", "backmatter"):
        pages += sorted(
            p.relative_to(root).as_posix()
            for p in (root / folder).glob("*.html")
            if not is_forwarding_stub(p)
        )
    return pages


ZH = "zh/"  # the Chinese edition, inside the English one
ENGLISH_PAGES = built_pages()
PAGES = ENGLISH_PAGES + [ZH + p for p in built_pages(HTML / ZH)]
CHAPTERS = [p for p in ENGLISH_PAGES if p.startswith("chapters/")]


def complete_pages() -> list[str]:
    """The pages translated through (locale/complete.txt)."""
    lines = (ROOT / "locale" / "complete.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


# --------------------------------------------------------------------------- helpers


class Visit:
    """A page opened in a fresh browser context with the network cut off."""

    def __init__(self, browser, url: str, local_prefix: str, **context_options):
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(**context_options)
        self.context.route("**/*", lambda route: self._route(route, local_prefix))
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        self.page.on(
            "response",
            lambda r: (
                self.errors.append(f"HTTP {r.status}: {r.url}")
                if r.status >= 400
                else None
            ),
        )
        self.page.goto(url, wait_until="load", timeout=TIMEOUT)
        self.math = wait_for_math(self.page)

    def _route(self, route, local_prefix):
        url = route.request.url
        if url.startswith((local_prefix, "data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console error: {message.text}")

    def close(self):
        self.context.close()


def wait_for_math(page) -> str:
    """Wait until MathJax has typeset the page; 'none' on a page without maths."""
    return page.evaluate(
        """async () => {
            if (!document.querySelector('.math')) return 'none';
            for (let i = 0; i < 1200; i++) {
                if (window.MathJax && MathJax.startup && MathJax.startup.promise) break;
                await new Promise(r => setTimeout(r, 50));
            }
            const ready = window.MathJax && MathJax.startup && MathJax.startup.promise;
            if (!ready) return 'not loaded';
            await MathJax.startup.promise;
            return 'typeset';
        }"""
    )


MATH_REPORT = """() => {
    const article = document.querySelector('article') || document.body;
    const maths = [...article.querySelectorAll('.math')];
    const untypeset = maths.filter(m => !m.querySelector('mjx-container'))
                           .map(m => m.textContent.trim().slice(0, 80));
    const errors = [...article.querySelectorAll('mjx-merror')]
                           .map(m => m.getAttribute('data-mjx-error') || m.textContent);
    const prose = article.cloneNode(true);
    prose.querySelectorAll('pre, code, .highlight, .cell_output, script, mjx-container')
         .forEach(n => n.remove());
    const text = prose.textContent;
    const raw = [];
    for (const token of ['$$', '\\\\(', '\\\\[', '\\\\begin{']) {
        const at = text.indexOf(token);
        if (at >= 0) raw.push(text.slice(Math.max(0, at - 40), at + 40));
    }
    return {count: maths.length, untypeset, errors, raw};
}"""

IMAGES_REPORT = """() => {
    const article = document.querySelector('article') || document.body;
    const noAlt = [...article.querySelectorAll('img')]
        .filter(i => !(i.getAttribute('alt') || '').trim()).map(i => i.src.slice(-60));
    const outputs = [...article.querySelectorAll('.cell_output img')];
    const noCaption = outputs.filter(i => {
        const fig = i.closest('figure');
        const cap = fig && fig.querySelector('figcaption');
        return !(cap && cap.textContent.trim());
    }).map(i => (i.getAttribute('alt') || i.src).slice(0, 60));
    const broken = [...article.querySelectorAll('img')]
        .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(-60));
    return {outputs: outputs.length, noAlt, noCaption, broken};
}"""


def assert_clean(visit: Visit, name: str):
    assert not visit.blocked, (
        f"{name} asked other hosts (must work offline): {visit.blocked}"
    )
    assert not visit.errors, f"{name}: " + "; ".join(visit.errors)


def assert_math_typeset(visit: Visit, name: str):
    report = visit.page.evaluate(MATH_REPORT)
    if report["count"]:
        assert visit.math == "typeset", f"{name}: MathJax did not run ({visit.math})"
    assert not report["untypeset"], (
        f"{name}: formulas left untypeset: {report['untypeset'][:5]}"
    )
    assert not report["errors"], f"{name}: MathJax errors: {report['errors'][:5]}"
    assert not report["raw"], (
        f"{name}: raw TeX delimiters in the text: {report['raw'][:5]}"
    )
    return report["count"]


class _ExternalRefs(HTMLParser):
    """Collects what a page would load from another host when it opens."""

    LOADS = {
        ("script", "src"),
        ("img", "src"),
        ("iframe", "src"),
        ("source", "src"),
        ("video", "src"),
        ("audio", "src"),
        ("embed", "src"),
        ("object", "data"),
    }

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for t, attr in self.LOADS:
            if tag == t and is_remote(attrs.get(attr)):
                self.found.append(f"<{tag} {attr}={attrs[attr]}>")
        rel = (attrs.get("rel") or "").lower()
        if (
            tag == "link"
            and is_remote(attrs.get("href"))
            and any(
                r in rel
                for r in ("stylesheet", "preload", "icon", "modulepreload", "prefetch")
            )
        ):
            self.found.append(f"<link rel={rel} href={attrs['href']}>")


def is_remote(url: str | None) -> bool:
    return bool(url) and re.match(r"^(https?:)?//", url.strip(), re.I) is not None


# --------------------------------------------------------------------------- tests


def test_book_is_built_with_chapters_and_back_matter(book_html):
    assert CHAPTERS, f"no chapter pages in {book_html}/chapters"
    for page in (
        "backmatter/glossary.html",
        "backmatter/notation.html",
        "backmatter/bibliography.html",
        "search.html",
    ):
        assert (book_html / page).is_file(), f"{page} was not built"
    assert (book_html / "_static" / "mathjax" / "tex-chtml.js").is_file(), (
        "MathJax is not bundled"
    )


def test_no_page_loads_anything_from_another_host(book_html):
    """Static check of every HTML file: scripts, styles, fonts, images all local."""
    offenders = {}
    for path in sorted(book_html.rglob("*.html")):
        parser = _ExternalRefs()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        if parser.found:
            offenders[path.relative_to(book_html).as_posix()] = parser.found
    assert not offenders, json.dumps(offenders, indent=1)


def test_the_book_has_exercises_with_solutions(book_html):
    solutions = sum(
        (book_html / p).read_text(encoding="utf-8").count('class="solution')
        for p in PAGES
    )
    assert solutions > 0, "no exercise solution anywhere in the book"


@pytest.mark.parametrize("name", PAGES or ["<no pages built>"])
def test_page_reads_offline(base_url, browser, name, screenshots):
    assert PAGES, f"no pages found in {HTML}"
    visit = Visit(
        browser, base_url + name, base_url, viewport={"width": 1280, "height": 900}
    )
    try:
        page = visit.page
        assert page.locator("article h1").count() >= 1, f"{name}: no title"
        formulas = assert_math_typeset(visit, name)

        images = page.evaluate(IMAGES_REPORT)
        assert not images["noAlt"], (
            f"{name}: images without alt text: {images['noAlt']}"
        )
        assert not images["noCaption"], (
            f"{name}: figures without caption: {images['noCaption']}"
        )
        assert not images["broken"], (
            f"{name}: images that did not load: {images['broken']}"
        )

        if name.removeprefix(ZH).startswith("chapters/") or name.endswith(
            ".ipynb.html"
        ):
            check_launch_and_download(visit, name, base_url)

        solutions = page.locator(".solution.dropdown")
        for k in range(solutions.count()):
            check_solution_opens(solutions.nth(k), f"{name} solution {k + 1}")

        if name in (
            "backmatter/notation.html",
            CHAPTERS[1] if len(CHAPTERS) > 1 else "",
        ):
            page.wait_for_timeout(600)  # let the last solution finish fading in
            page.screenshot(path=str(screenshots / f"{Path(name).stem}-light.png"))
        chapter = name.removeprefix(ZH).startswith("chapters/")
        shot = screenshots / name.replace("/", "_").removesuffix(".html")
        if chapter:
            page.screenshot(path=f"{shot}-{WIDE}.png")
        found = problems_at(name, page.evaluate(MEASURE))
        assert_fits_a_phone(page, name)
        found += problems_at(name, page.evaluate(MEASURE))  # now at 375 px
        found += contrast_problems("light", page.evaluate(CONTRAST))
        if chapter:
            page.screenshot(path=f"{shot}-{PHONE}.png")
        found += dark_theme_problems(
            page, name, f"{shot}-{PHONE}-dark.png" if chapter else ""
        )
        assert not found, f"{name} at 1280 and 375 px:\n" + "\n".join(found)
        assert_clean(visit, name)
        print(
            f"{name}: {formulas} formulas typeset, {images['outputs']} figures, "
            f"{solutions.count()} solutions"
        )
    finally:
        visit.close()


def dark_theme_problems(page, name: str, screenshot: str) -> list[str]:
    """Switch the system to dark mode on the open page: the theme follows, text reads."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.emulate_media(color_scheme="dark")
    try:
        page.wait_for_function(
            "() => document.documentElement.dataset.theme === 'dark'", timeout=5000
        )
    except PlaywrightTimeout:
        return [f"{name}: the theme did not follow the system's dark mode"]
    found = contrast_problems("dark", page.evaluate(CONTRAST))
    if screenshot:
        page.screenshot(path=screenshot)
    return found


def check_launch_and_download(visit: Visit, name: str, base_url: str):
    page = visit.page
    edition = ZH if name.startswith(ZH) else ""
    source = name.removeprefix(ZH).removesuffix(".html") + ".ipynb"
    hrefs = page.eval_on_selector_all(
        "a[href]", "els => els.map(e => e.getAttribute('href'))"
    )
    colab = f"https://colab.research.google.com/github/{REPO}/blob/main/{source}"
    binder = f"https://mybinder.org/v2/gh/{REPO}/main?urlpath=lab/tree/{quote(source)}"
    assert colab in hrefs, f"{name}: no Colab launch button ({colab})"
    assert binder in hrefs, f"{name}: no Binder launch button ({binder})"
    download = [h for h in hrefs if h.endswith("_sources/" + source)]
    assert download, f"{name}: no .ipynb download button"
    response = page.request.get(base_url + edition + "_sources/" + source)
    assert response.ok, f"{name}: the .ipynb download answers {response.status}"
    notebook = json.loads(response.body())
    assert notebook["nbformat"] == 4 and notebook["cells"], (
        f"{name}: download is not a notebook"
    )
    first_code = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    assert "google.colab" in "".join(first_code["source"]), (
        f"{name}: first cell is not the set-up"
    )


def check_solution_opens(solution, what: str):
    body = solution.locator(":scope > :not(.admonition-title)").first
    assert body.count() == 1, f"{what}: empty solution"
    assert body.is_hidden(), f"{what}: visible before the reader asks for it"
    solution.locator(".admonition-title").first.scroll_into_view_if_needed()
    solution.locator("button.toggle-button").first.click()
    body.wait_for(state="visible", timeout=10_000)
    assert body.is_visible(), f"{what}: did not open on a click"


def chinese_searches() -> list[tuple[str, str, str]]:
    """(edition, word, page it must find): a glossary term always; 隐藏状态,
    梯度消失 and 循环层 find the chapter that teaches them once that chapter is
    translated (listed in locale/complete.txt)."""
    searches = [(ZH, "循环神经网络", "backmatter/glossary")]
    teaching = {
        "隐藏状态": "chapters/02_recurrent_layer",
        "循环层": "chapters/02_recurrent_layer",
        "梯度消失": "chapters/04_vanishing_gradients",
    }
    translated = set(complete_pages())
    searches += [
        (ZH, word, page) for word, page in teaching.items() if page in translated
    ]
    return searches


def test_search_finds_words_from_the_chapters(browser, base_url):
    searches = [
        ("", "recurrent", "chapters/"),
        ("", "循环神经网络", "backmatter/glossary"),
    ]
    if (HTML / ZH / "search.html").is_file():
        searches += chinese_searches()
    for edition, word, expect in searches:
        visit = Visit(
            browser, base_url + edition + "search.html?q=" + quote(word), base_url
        )
        try:
            visit.page.wait_for_selector(
                "#search-results ul.search li a", timeout=TIMEOUT
            )
            hits = visit.page.eval_on_selector_all(
                "#search-results ul.search li a",
                "els => els.map(e => e.getAttribute('href'))",
            )
            assert any(expect in h for h in hits), (
                f"search for {word!r} found {hits[:10]}"
            )
            assert_clean(visit, f"search {word!r}")
        finally:
            visit.close()


@pytest.mark.parametrize(
    "name",
    ["intro.html", "chapters/02_recurrent_layer.html", "backmatter/glossary.html"],
)
def test_language_switch_goes_both_ways_on_the_same_page(browser, base_url, name):
    assert (HTML / ZH / name).is_file(), (
        f"the Chinese edition is not built: {HTML / ZH / name}"
    )
    visit = Visit(
        browser, base_url + name, base_url, viewport={"width": 1280, "height": 900}
    )
    try:
        page = visit.page
        for there in (ZH + name, name):
            switch = page.locator("a.language-switch")
            assert switch.count() == 1, f"{page.url}: no language switch"
            with page.expect_navigation(wait_until="load", timeout=TIMEOUT):
                switch.click()
            assert page.url == base_url + there, f"the switch went to {page.url}"
            assert len(visit.context.pages) == 1, "the switch opened another tab"
            expected = "zh-CN" if there.startswith(ZH) else "en"
            assert page.evaluate("() => document.documentElement.lang") == expected
        assert_clean(visit, f"{name}: language switch")
    finally:
        visit.close()


def test_dark_mode_keeps_plots_on_a_light_background(browser, base_url, screenshots):
    with_plots = [
        p
        for p in CHAPTERS
        if 'class="cell_output' in (HTML / p).read_text(encoding="utf-8")
        and "<img" in (HTML / p).read_text(encoding="utf-8")
    ]
    target = with_plots[0] if with_plots else "backmatter/notation.html"
    for scheme in ("dark", "light"):
        visit = Visit(
            browser,
            base_url + target,
            base_url,
            color_scheme=scheme,
            viewport={"width": 1280, "height": 900},
        )
        try:
            page = visit.page
            theme = page.evaluate("() => document.documentElement.dataset.theme")
            assert theme == scheme, (
                f"the theme did not follow the system's {scheme} mode: {theme}"
            )
            images = page.locator(".cell_output img")
            if images.count():
                images.first.scroll_into_view_if_needed()
                background = images.first.evaluate(
                    "i => getComputedStyle(i).backgroundColor"
                )
                if scheme == "dark":
                    assert background == "rgb(255, 255, 255)", (
                        f"plot background {background}"
                    )
            page.screenshot(
                path=str(screenshots / f"{Path(target).stem}-{scheme}-plot.png")
            )
            assert_clean(visit, f"{target} ({scheme})")
        finally:
            visit.close()


OVERFLOW_REPORT = """() => {
    const w = window.innerWidth;
    const culprits = [...document.querySelectorAll('article *')]
        .filter(e => e.getBoundingClientRect().right > w + 1
                     && getComputedStyle(e).position !== 'fixed'
                     && !e.parentElement.closest('.highlight, table, mjx-container, div.math, pre'))
        .slice(0, 5).map(e => e.tagName + '.' + e.className);
    return {inner: w, doc: document.documentElement.scrollWidth,
            body: document.body.scrollWidth, culprits};
}"""


def assert_fits_a_phone(page, name: str):
    """No horizontal overflow of the page at 375 px: wide things scroll in their boxes."""
    page.set_viewport_size({"width": 375, "height": 740})
    page.wait_for_timeout(200)
    sizes = page.evaluate(OVERFLOW_REPORT)
    assert max(sizes["doc"], sizes["body"]) <= sizes["inner"] + 1, (
        f"{name} is wider than a 375 px phone screen: {sizes}"
    )


def test_phone_screen(browser, base_url, screenshots):
    """A phone (375 px, touch, mobile viewport) on the notation page: tables and
    the aligned LSTM and GRU equations scroll inside their boxes."""
    name = "backmatter/notation.html"
    visit = Visit(
        browser,
        base_url + name,
        base_url,
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    try:
        sizes = visit.page.evaluate(OVERFLOW_REPORT)
        assert max(sizes["doc"], sizes["body"]) <= sizes["inner"] + 1, (
            f"{name}: {sizes}"
        )
        visit.page.locator("div.math").nth(1).scroll_into_view_if_needed()
        visit.page.screenshot(path=str(screenshots / "notation-phone.png"))
        assert_clean(visit, f"{name} (phone)")
    finally:
        visit.close()


def test_opened_from_disk_without_network(book_html, browser, screenshots):
    """file:// — the book read offline straight from _build/html, no server."""
    for name in (
        "backmatter/glossary.html",
        "backmatter/notation.html",
        "backmatter/bibliography.html",
        *CHAPTERS[:1],
    ):
        url = (HTML / name).as_uri()
        visit = Visit(browser, url, "file://", viewport={"width": 1280, "height": 900})
        try:
            formulas = assert_math_typeset(visit, name)
            if name != "backmatter/bibliography.html":
                assert formulas > 0, f"{name}: expected formulas on this page"
            if name == "backmatter/glossary.html":
                terms = visit.page.locator("dl.glossary dt").count()
                assert terms >= 40, f"glossary shows {terms} terms"
                assert "循环神经网络" in visit.page.inner_text("article")
                visit.page.screenshot(path=str(screenshots / "glossary-file.png"))
            if name == "backmatter/bibliography.html":
                entries = visit.page.locator("article div.citation").count()
                bib = (ROOT / "references.bib").read_text("utf-8")
                in_bib = len(re.findall(r"^@\w+\{", bib, re.M))
                assert entries == in_bib, (
                    f"bibliography shows {entries} of {in_bib} entries"
                )
                visit.page.screenshot(path=str(screenshots / "bibliography-file.png"))
            assert_clean(visit, f"{name} (file://)")
        finally:
            visit.close()


# Old addresses: chapter 4 gave its remedies to a new chapter 5, chapters 5-10
# became 6-11 (_ext/book_moves.py). A link into the old book lands where it meant.
OLD_ADDRESSES = [
    # old address -> where it must land
    (
        "chapters/05_keras_example.html#fig-ch05-split",
        "chapters/06_keras_example.html#fig-ch06-split",
    ),
    ("chapters/10_conclusion.html", "chapters/11_conclusion.html"),
    (
        "chapters/08_outlook.html#sec-ch08-stacked",
        "chapters/09_outlook.html#sec-ch09-stacked",
    ),
    (
        "chapters/04_vanishing_gradients.html#ex-ch04-unequal",
        "chapters/05_remedies.html#ex-ch05-unequal",
    ),
    (
        "chapters/04_vanishing_gradients.html#fig-ch04-clipping",
        "chapters/05_remedies.html#fig-ch05-clipping",
    ),
    (  # an anchor chapter 4 kept stays on chapter 4
        "chapters/04_vanishing_gradients.html#fig-ch04-decay",
        "chapters/04_vanishing_gradients.html#fig-ch04-decay",
    ),
]


@pytest.mark.parametrize("edition", ["", ZH])
def test_old_addresses_land_on_the_moved_section(browser, base_url, edition):
    wrong = []
    for old, new in OLD_ADDRESSES:
        visit = Visit(browser, base_url + edition + old, base_url)
        try:
            page = visit.page
            page.wait_for_url(base_url + edition + new, timeout=TIMEOUT)
            anchor = new.split("#", 1)[1] if "#" in new else None
            if anchor and page.locator(f"#{anchor}").count() != 1:
                wrong.append(f"{old}: landed on {page.url} without #{anchor}")
            assert_clean(visit, f"{edition}{old}")
        except Exception as exc:  # collect every failure, not just the first
            wrong.append(f"{old}: {exc}".splitlines()[0])
        finally:
            visit.close()
    assert not wrong, "\n".join(wrong)
