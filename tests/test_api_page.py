"""The API reference page (backmatter/api.md) lists every public name of rnn_utils with its signature."""

import importlib
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
CURRENT = re.compile(r"^\.\. currentmodule:: ([\w.]+)$", re.MULTILINE)


def entries():
    """(module, name) of every autofunction and autoclass, read with the currentmodule in force."""
    found, module = [], "rnn_utils"
    for line in PAGE.splitlines():
        if m := CURRENT.match(line):
            module = m.group(1)
        elif (m := DIRECTIVE.match(line)) and m.group(1) != "automodule":
            *path, name = m.group(2).split(".")
            found.append((".".join(path) if path else module, name))
    return found


@pytest.mark.parametrize("name", rnn_utils.__all__)
def test_every_public_name_is_on_the_page(name):
    obj = getattr(rnn_utils, name)
    if inspect.ismodule(obj):
        assert name in DOCUMENTED or f"rnn_utils.{name}" in PAGE, (
            f"module {name} is not mentioned"
        )
    else:
        assert name in DOCUMENTED, f"{name} has no autodoc entry in backmatter/api.md"


def test_the_page_documents_what_exists_and_the_package_exports_what_it_lists():
    """An entry under ``currentmodule:: rnn_utils`` is a name of ``__all__``; every entry exists."""
    for module, name in entries():
        assert hasattr(importlib.import_module(module), name), f"{module}.{name}"
        if module == "rnn_utils":
            assert name in rnn_utils.__all__, f"{name} is on the page, not in __all__"


def test_the_page_is_in_the_book_and_sphinx_reads_docstrings():
    assert "- file: backmatter/api" in (ROOT / "_toc.yml").read_text(encoding="utf-8")
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    for extension in (
        "sphinx.ext.autodoc",
        "sphinx.ext.autosummary",
        "sphinx.ext.napoleon",
    ):
        assert f"- {extension}" in config
