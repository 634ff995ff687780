"""Fixtures for the browser test: the built book, a local server, headless Chromium.

The browser is Debian's system Chromium (``apt-get install chromium``), driven
by Playwright for Python. Playwright's own browser download
(``playwright install``) is never used.

Where no Chromium is found the browser tests are *skipped* with a reason that
says they did not run; with ``CI=true`` they *fail* instead, so CI can never
pass without having looked at the book in a browser.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTML = Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html")).resolve()
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM_CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def find_chromium() -> str | None:
    wanted = os.environ.get("CHROMIUM")
    for candidate in ([wanted] if wanted else []) + list(CHROMIUM_CANDIDATES):
        found = (
            shutil.which(candidate) if candidate else None
        )  # an executable file only
        if found:
            return found
    return None


def not_run(reason: str):
    """Skip outside CI, fail in CI: a browser test that could not run never passes."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: the browser test is mandatory)", pytrace=False)
    pytest.skip(f"BROWSER TEST NOT RUN: {reason}")


@pytest.fixture(scope="session")
def book_html() -> Path:
    if not (HTML / "index.html").is_file():
        not_run(f"no built book at {HTML}: run `make browser`, which builds it first")
    return HTML


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest's output clean
        pass


@pytest.fixture(scope="session")
def base_url(book_html):
    """The built book served on 127.0.0.1 (a free port), like `make serve` does."""
    handler = functools.partial(_QuietHandler, directory=str(book_html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    path = find_chromium()
    if path is None:
        not_run(
            "no Chromium found (looked for $CHROMIUM, "
            + ", ".join(CHROMIUM_CANDIDATES)
            + "); "
            "install it with `apt-get install -y chromium`"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        not_run("Playwright for Python is not installed; run `make install`")
    with sync_playwright() as p:
        try:
            chromium = p.chromium.launch(
                executable_path=path, args=CHROMIUM_ARGS, timeout=60_000
            )
        except Exception as exc:  # a browser that cannot start is a browser not found
            not_run(f"Chromium at {path} did not start: {exc}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
