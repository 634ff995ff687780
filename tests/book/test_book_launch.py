"""Launching a chapter elsewhere: Colab, Binder, download.

The launch buttons themselves are checked in the built pages by
test_book_browser.py; these checks read the sources that make them work.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(ROOT.glob("chapters/*.ipynb")) + sorted(
    ROOT.glob("backmatter/*.ipynb")
)
REPO_URL = "https://github.com/rnn-executable/rnn-executable"
REPO_LINE = f'REPO = "{REPO_URL}"'
# IPython expands {REPO} in a line magic; the line stays within 88 columns
COLAB_INSTALL = '%pip install --quiet "rnn_utils @ git+{REPO}"'


def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def test_launch_buttons_point_at_colab_and_binder():
    cfg = config()
    assert (
        cfg["repository"]["url"] == REPO_URL and cfg["repository"]["branch"] == "main"
    )
    buttons = cfg["launch_buttons"]
    assert buttons["colab_url"] == "https://colab.research.google.com"
    assert buttons["binderhub_url"] == "https://mybinder.org"
    assert not buttons.get("thebe"), (
        "live code would load thebe from a CDN on every page"
    )
    assert cfg["html"]["use_download_button"] is True


def test_math_is_served_by_the_book_not_a_cdn():
    extensions = config()["sphinx"]["config"]["extensions"]
    assert "sphinx-mathjax-offline" in extensions
    assert "sphinx_thebe" not in extensions
    for needed in (
        "myst_nb",
        "jupyter_book",
        "sphinx_book_theme",
        "sphinxcontrib.bibtex",
        "sphinx_exercise",
    ):
        assert needed in extensions, (
            f"{needed} missing from the explicit extension list"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_cell_installs_rnn_utils_in_colab_only(path):
    """Colab ships TensorFlow, Keras, NumPy, Matplotlib and statsmodels; the
    only thing missing there is rnn_utils, installed from the repository. The
    package's own dependencies (numpy, matplotlib) do not pull TensorFlow."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    first = next(c for c in nb["cells"] if c["cell_type"] == "code")
    source = "".join(first["source"])
    lines = [line.strip() for line in source.splitlines()]
    assert 'if "google.colab" in sys.modules:' in lines
    assert COLAB_INSTALL in lines, f"{path.name}: the Colab install line differs"
    assert REPO_LINE in lines, f"{path.name}: the repository's address differs"
    assert "tensorflow" not in source.lower(), (
        f"{path.name}: the set-up must not install TF"
    )
    assert re.search(r"^rng = rnn_utils\.setup_notebook\(seed=\d+\)$", source, re.M)


def test_rnn_utils_installs_without_tensorflow():
    """pip in Colab installs only what the package requires: not TensorFlow."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"
    ]
    assert project["name"] == "rnn_utils"
    assert not any(
        re.match(r"(tensorflow|keras)\b", d) for d in project["dependencies"]
    )


def test_binder_builds_the_pinned_environment():
    binder = ROOT / "binder"
    assert (binder / "runtime.txt").read_text().strip() == "python-3.11"
    reqs = (binder / "requirements.txt").read_text().splitlines()
    assert "-c ../constraints.txt" in reqs and "-r ../requirements.txt" in reqs
    post = binder / "postBuild"
    assert os.access(post, os.X_OK), "postBuild must be executable"
    assert "pip install" in post.read_text() and "-e ." in post.read_text()
