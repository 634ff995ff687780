"""The GitHub Actions workflow that tests and publishes the book.

actionlint (pinned in requirements.txt, shipped as a binary wheel) checks the
syntax, expressions, action inputs and permissions; the tests below check
that the workflow does what the README promises.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"


def actionlint() -> str:
    exe = Path(sys.executable).parent / "actionlint"
    if exe.exists():
        return str(exe)
    found = shutil.which("actionlint")
    if found is None:
        pytest.fail(
            "actionlint is not installed; run `make install` (requirements.txt pins it)"
        )
    return found


def lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [actionlint(), "-no-color", "-oneline", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def load() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_workflow_passes_actionlint():
    result = lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_reports_a_broken_workflow(tmp_path):
    """The lint can fail: an undefined step output and a bad permission are caught."""
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on: push\n"
        "permissions:\n  pages: maybe\n"
        "jobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - run: echo ${{ steps.nope.outputs.x }}\n",
        encoding="utf-8",
    )
    result = lint(broken)
    assert result.returncode != 0
    assert "maybe" in result.stdout and "nope" in result.stdout, result.stdout


def test_runs_the_readme_test_command_on_every_push_and_pull_request():
    wf = load()
    assert {"push", "pull_request"} <= set(wf["on"])
    assert wf["on"]["push"] is None or "branches" not in (wf["on"]["push"] or {})
    runs = [step.get("run", "") for step in wf["jobs"]["test"]["steps"]]
    assert "bash .ci/run" in runs
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_deploys_to_pages_from_main_only_with_the_right_permissions():
    wf = load()
    assert wf["permissions"] == {"contents": "read"}
    test, deploy = wf["jobs"]["test"], wf["jobs"]["deploy"]
    upload = [
        s
        for s in test["steps"]
        if s.get("uses", "").startswith("actions/upload-pages-artifact@")
    ]
    assert len(upload) == 1 and upload[0]["with"]["path"] == "_build/html"
    # ... which holds both editions: the strict build of `make test` writes the
    # Chinese one into _build/html/zh (the folder the artifact includes).
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    strict = makefile.split("\nbuild-strict:", 1)[1].split("\n\n", 1)[0]
    assert "book_i18n.py zh --strict" in strict, strict
    assert "refs/heads/main" in upload[0]["if"]
    assert deploy["needs"] == "test" and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert any(
        s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"]
    )


def test_tests_every_supported_python_and_the_thread_counts():
    wf = load()
    job = wf["jobs"]["test"]
    assert job["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    assert "matrix.python" in job["container"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make portability-threads" in ci and "make portability\n" in ci
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "RNN_BOOK_THREADS=1" in makefile and "RNN_BOOK_THREADS=4" in makefile


def make_pythons(path_prefix: Path) -> dict[str, str]:
    """PYTHON and PYTHON_ALT as the Makefile finds them with path_prefix first on PATH."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHON", "PYTHON_ALT", "MAKEFLAGS")
    }
    env["PATH"] = f"{path_prefix}{os.pathsep}{env['PATH']}"
    out = subprocess.run(
        ["make", "-s", "pythons"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(re.findall(r"^(PYTHON|PYTHON_ALT) := (.*)$", out, re.M))


def test_make_skips_a_python_that_does_not_run(tmp_path):
    """pyenv puts a shim on PATH for every version it holds, and a shim fails unless its
    version is selected: CI once stopped at `make portability` on such a python3.12."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    for name in ("python3.11", "python3.12", "python3.13"):
        shim = tmp_path / name
        shim.write_text(
            f"#!/bin/sh\necho 'pyenv: {name}: command not found' >&2\nexit 127\n"
        )
        shim.chmod(0o755)
    found = make_pythons(tmp_path)
    assert found.get("PYTHON"), "make found no Python at all"
    versions = {}
    for key, exe in found.items():
        if exe:
            assert not exe.startswith(str(tmp_path)), (
                f"{key} is a shim that does not run: {exe}"
            )
            versions[key] = subprocess.run(
                [exe, "-c", "import platform; print(platform.python_version())"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
    if "PYTHON_ALT" in versions:
        assert versions["PYTHON_ALT"] != versions["PYTHON"], (
            f"the second Python is the first: {versions}"
        )
