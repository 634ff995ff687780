"""Which TensorFlow and Keras the book is checked with, and where a reader's runtime stands.

The book is tested at both ends of one range: the oldest end is Google Colab's
runtime as last announced (TensorFlow 2.19.0 with Keras 3.10.0, Python 3.12;
``make test-colab``), the newest end the book's own pins (``requirements.txt``;
``make test``). ``pyproject.toml``'s optional group ``rnn_utils[keras]`` states
the same range for pip; a unit test keeps the two in step.

Nothing here imports TensorFlow: the installed versions are read from the
package metadata, so the check is cheap and can run before TensorFlow loads.
"""

from __future__ import annotations

import re
from importlib import metadata

# The tested range, (oldest, newest) for each package. The oldest end is inclusive;
# the newest counts by minor release (2.21.x is inside), as pip's range in
# pyproject.toml does ("tensorflow>=2.19.0,<2.22"), since patch releases only fix bugs.
TESTED = {
    "tensorflow": ("2.19.0", "2.21.0"),
    "keras": ("3.10.0", "3.15.1"),
}
# Where each end comes from, for the messages below and the README.
# How the messages name each package.
LABELS = {"tensorflow": "TensorFlow", "keras": "Keras"}
OLDEST_IS = "Colab's runtime as announced in July 2025"
NEWEST_IS = "the book's pins"


def parse_version(text: str) -> tuple[int, int, int]:
    """The (major, minor, patch) of a version string: '2.19.0' -> (2, 19, 0).

    Pre-release and local suffixes ('2.20.0rc1', '3.10.0+cpu') are ignored; a
    missing patch counts as 0.
    """
    if not isinstance(text, str):
        raise ValueError(
            f"a version is a str such as '2.19.0', got {type(text).__name__}"
        )
    match = re.match(r"\s*(\d+)\.(\d+)(?:\.(\d+))?", text)
    if match is None:
        raise ValueError(f"a version looks like '2.19.0', got {text!r}")
    major, minor, patch = match.groups()
    return int(major), int(minor), int(patch or 0)


def installed_versions(packages=tuple(TESTED)) -> dict[str, str | None]:
    """The installed version of each package (None where it is not installed)."""
    found = {}
    for name in packages:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def install_command() -> str:
    """The one command that installs the newest tested versions (the book's pins)."""
    pins = " ".join(f'"{name}=={newest}"' for name, (_, newest) in TESTED.items())
    return f"pip install {pins}"


def tested_range_text() -> str:
    """'TensorFlow 2.19.0–2.21.0 and Keras 3.10.0–3.15.1'."""
    parts = [
        f"{LABELS[name]} {oldest}–{newest}" for name, (oldest, newest) in TESTED.items()
    ]
    return " and ".join(parts)


def check_runtime(versions: dict[str, str | None] | None = None) -> tuple[bool, str]:
    """Say whether a runtime is inside the tested range, in one line or a short paragraph.

    Parameters
    ----------
    versions : dict, optional
        Package name -> installed version (None if missing), for every package
        of ``TESTED``; by default the versions installed here.

    Returns
    -------
    (inside, message)
        ``inside`` is True when every package lies in its tested range.
        Inside, the message is one line; outside, it names the versions the
        chapters were checked with and the command that installs them.
    """
    if versions is None:
        versions = installed_versions()
    if not isinstance(versions, dict) or set(versions) != set(TESTED):
        got = (
            sorted(versions) if isinstance(versions, dict) else type(versions).__name__
        )
        raise ValueError(
            f"versions must map exactly {sorted(TESTED)} to a version or None, got {got}"
        )
    have = ", ".join(
        f"{LABELS[name]} {versions[name] or 'not installed'}" for name in TESTED
    )
    outside = [
        name
        for name, (oldest, newest) in TESTED.items()
        if versions[name] is None
        or not parse_version(oldest) <= parse_version(versions[name])
        or parse_version(versions[name])[:2] > parse_version(newest)[:2]
    ]
    if not outside:
        return (
            True,
            f"Runtime: {have}, inside the range this book is tested with ({tested_range_text()}).",
        )
    message = (
        f"Runtime: {have}. The chapters are tested with {tested_range_text()} "
        f"(from {OLDEST_IS} to {NEWEST_IS}); outside that range a cell may fail or print "
        f"other numbers. To run the tested versions:\n"
        f"    %{install_command()}\n"
        f"then restart the runtime (in Colab: Runtime > Restart session) and run the chapter again."
    )
    return False, message
