"""The GitHub Actions workflow that tests and publishes the book.

actionlint (pinned in requirements.txt, shipped as a binary wheel) checks the
syntax, expressions, action inputs and permissions; the tests below check
that the workflow does what the README promises.
"""

from __future__ import annotations

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
        pytest.fail("actionlint is not installed; run `make install` (requirements.txt pins it)")
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
        s for s in test["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@")
    ]
    assert len(upload) == 1 and upload[0]["with"]["path"] == "_build/html"
    assert "refs/heads/main" in upload[0]["if"]
    assert deploy["needs"] == "test" and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])


def test_tests_every_supported_python_and_the_thread_counts():
    wf = load()
    job = wf["jobs"]["test"]
    assert job["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    assert "matrix.python" in job["container"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make portability-threads" in ci and "make portability\n" in ci
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "RNN_BOOK_THREADS=1" in makefile and "RNN_BOOK_THREADS=4" in makefile
