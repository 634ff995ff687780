"""The API reference page (backmatter/api.md) lists every public name of rnn_utils with its signature."""

import inspect
import re
from pathlib import Path

import pytest

import rnn_utils

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "backmatter" / "api.md").read_text(encoding="utf-8")
DIRECTIVE = re.compile(r"^\.\. (autofunction|autoclass|automodule|py:function):: ([\w.]+)(\(.*\))?$", re.MULTILINE)
DOCUMENTED = {m.group(2).removeprefix("rnn_utils."): (m.group(1), m.group(3)) for m in DIRECTIVE.finditer(PAGE)}


@pytest.mark.parametrize("name", rnn_utils.__all__)
def test_every_public_name_is_on_the_page(name):
    obj = getattr(rnn_utils, name)
    if inspect.ismodule(obj):
        assert name in DOCUMENTED or f"rnn_utils.{name}" in PAGE, f"module {name} is not mentioned"
    else:
        assert name in DOCUMENTED, f"{name} has no autodoc entry in backmatter/api.md"


@pytest.mark.parametrize("name", [n for n, (kind, _) in DOCUMENTED.items() if kind == "py:function"])
def test_hand_written_signatures_match_the_code(name):
    """A name listed with py:function (its docstring does not render yet) carries the code's signature."""
    written = DOCUMENTED[name][1]
    assert written == str(inspect.signature(getattr(rnn_utils, name))).replace('"', "'"), name


def test_the_page_is_in_the_book_and_sphinx_reads_docstrings():
    assert "- file: backmatter/api" in (ROOT / "_toc.yml").read_text(encoding="utf-8")
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    for extension in ("sphinx.ext.autodoc", "sphinx.ext.autosummary", "sphinx.ext.napoleon"):
        assert f"- {extension}" in config
