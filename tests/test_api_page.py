"""The API reference page (backmatter/api.md) lists every public name of rnn_utils with its signature."""

import inspect
import re
from pathlib import Path

import pytest

import rnn_utils

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "backmatter" / "api.md").read_text(encoding="utf-8")
DIRECTIVE = re.compile(
    r"^\.\. (autofunction|autoclass|automodule):: ([\w.]+)$", re.MULTILINE
)
DOCUMENTED = {m.group(2).removeprefix("rnn_utils.") for m in DIRECTIVE.finditer(PAGE)}


@pytest.mark.parametrize("name", rnn_utils.__all__)
def test_every_public_name_is_on_the_page(name):
    obj = getattr(rnn_utils, name)
    if inspect.ismodule(obj):
        assert name in DOCUMENTED or f"rnn_utils.{name}" in PAGE, (
            f"module {name} is not mentioned"
        )
    else:
        assert name in DOCUMENTED, f"{name} has no autodoc entry in backmatter/api.md"


def test_the_page_is_in_the_book_and_sphinx_reads_docstrings():
    assert "- file: backmatter/api" in (ROOT / "_toc.yml").read_text(encoding="utf-8")
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    for extension in (
        "sphinx.ext.autodoc",
        "sphinx.ext.autosummary",
        "sphinx.ext.napoleon",
    ):
        assert f"- {extension}" in config
