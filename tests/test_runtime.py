"""The tested TensorFlow/Keras range (rnn_utils.runtime) and where a runtime stands."""

import tomllib
from pathlib import Path

import pytest

from rnn_utils import runtime

ROOT = Path(__file__).resolve().parent.parent


def _pins(path):
    pins = {}
    for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[name.strip().lower()] = version.strip()
    return pins


def test_the_ends_of_the_range_are_the_two_tested_profiles():
    newest, oldest = _pins("requirements.txt"), _pins("colab/requirements.txt")
    for name, (low, high) in runtime.TESTED.items():
        assert oldest[name] == low, (
            f"colab/requirements.txt pins {name} {oldest[name]}, the range starts at {low}"
        )
        assert newest[name] == high, (
            f"requirements.txt pins {name} {newest[name]}, the range ends at {high}"
        )


def test_pip_extra_states_the_same_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"
    ]
    extra = project["optional-dependencies"]["keras"]
    for name, (low, high) in runtime.TESTED.items():
        major, minor, _ = runtime.parse_version(high)
        assert f"{name}>={low},<{major}.{minor + 1}" in extra, (
            f"rnn_utils[keras] disagrees on {name}: {extra}"
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.19.0", (2, 19, 0)),
        ("3.10", (3, 10, 0)),
        ("2.20.0rc1", (2, 20, 0)),
        ("3.15.1+cpu", (3, 15, 1)),
    ],
)
def test_parse_version(text, expected):
    assert runtime.parse_version(text) == expected


@pytest.mark.parametrize("bad", ["", "latest", None, 2.19])
def test_parse_version_rejects_what_is_not_a_version(bad):
    with pytest.raises(ValueError, match="2.19.0"):
        runtime.parse_version(bad)


@pytest.mark.parametrize(
    "versions",
    [
        {"tensorflow": "2.19.0", "keras": "3.10.0"},  # Colab's announced runtime
        {"tensorflow": "2.21.0", "keras": "3.15.1"},  # the pins
        {"tensorflow": "2.20.0", "keras": "3.12.0"},  # between
        {
            "tensorflow": "2.21.3",
            "keras": "3.15.4",
        },  # a later patch of the newest minor
    ],
)
def test_inside_the_range_is_one_line(versions):
    inside, message = runtime.check_runtime(versions)
    assert inside
    assert "\n" not in message and "inside the range" in message
    assert versions["tensorflow"] in message and versions["keras"] in message


@pytest.mark.parametrize(
    "versions",
    [
        {"tensorflow": "2.18.1", "keras": "3.10.0"},  # too old
        {"tensorflow": "2.19.0", "keras": "3.9.2"},
        {"tensorflow": "2.22.0", "keras": "3.15.1"},  # newer than tested
        {"tensorflow": "2.21.0", "keras": "3.16.0"},
        {"tensorflow": None, "keras": "3.15.1"},  # missing
    ],
)
def test_outside_the_range_says_what_was_tested_and_how_to_get_it(versions):
    inside, message = runtime.check_runtime(versions)
    assert not inside
    assert runtime.tested_range_text() in message
    assert '%pip install "tensorflow==2.21.0" "keras==3.15.1"' in message
    assert "restart" in message.lower()


@pytest.mark.parametrize(
    "bad",
    [
        {"tensorflow": "2.19.0"},
        {"tensorflow": "2.19.0", "keras": "3.10", "jax": "0.4"},
        "2.19",
    ],
)
def test_check_runtime_rejects_an_incomplete_mapping(bad):
    with pytest.raises(ValueError, match="tensorflow"):
        runtime.check_runtime(bad)


def test_this_environment_is_inside_the_range():
    """make test and make test-colab run inside the range they test."""
    inside, message = runtime.check_runtime()
    assert inside, message


def test_both_ends_run_in_ci():
    """.ci/run and the GitHub workflow test the oldest end (make test-colab) besides the pins."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test-colab" in ci
    workflow = (ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8")
    colab_job = workflow.split("\n  colab:\n", 1)[1].split("\n  deploy:\n", 1)[0]
    assert "container: python:3.12-bookworm" in colab_job
    assert "run: make test-colab" in colab_job
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert (
        "REQUIREMENTS=colab/requirements.txt CONSTRAINTS=colab/constraints.txt"
        in makefile
    )
