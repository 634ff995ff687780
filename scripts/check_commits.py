"""Check the messages of the commits since the formatting commit (`make lint`).

Each subject (the first line) is under 72 characters, and a message with a body
has a blank line between the subject and the body (CONTRIBUTING.md, "Formatting
and commits"). Commits up to BASE are not checked: history is not rewritten.

Skips, saying nothing and exiting 0, outside a git checkout, without git, or when
BASE is not an ancestor of HEAD (a shallow clone that lacks it, another history).
"""

import subprocess
import sys

# d975271, "ruff format at 88 columns for the package, tests and scripts".
BASE = "d975271f2afa02dd596a9e083e361f1f78b97b62"
MAX_SUBJECT = 71  # characters, not bytes: a subject may be Chinese


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], capture_output=True)


def problems(message: str) -> list[str]:
    lines = message.rstrip("\n").split("\n")
    subject = lines[0]
    found = []
    if len(subject) > MAX_SUBJECT:
        found.append(
            f"subject has {len(subject)} characters, at most {MAX_SUBJECT}: {subject!r}"
        )
    if len(lines) > 1 and lines[1].strip():
        found.append(f"no blank line between the subject and the body: {subject!r}")
    return found


def main() -> int:
    try:
        inside = git("rev-parse", "--is-inside-work-tree")
    except FileNotFoundError:
        return 0
    if inside.returncode != 0:
        return 0
    if git("merge-base", "--is-ancestor", BASE, "HEAD").returncode != 0:
        return 0
    log = git("log", "-z", "--format=%h%n%B", f"{BASE}..HEAD")
    if log.returncode != 0:
        return 0
    bad = 0
    for entry in log.stdout.decode("utf-8", "replace").split("\0"):
        if not entry.strip():
            continue
        commit, _, message = entry.lstrip("\n").partition("\n")
        for problem in problems(message):
            print(f"commit {commit}: {problem}")
            bad += 1
    if bad:
        print(
            "Commit messages: subject under 72 characters, then a blank line, "
            "then the detail (CONTRIBUTING.md). Reword a commit not yet pushed "
            "with `git commit --amend` or `git rebase -i`."
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
