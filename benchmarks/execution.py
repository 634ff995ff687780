"""Execute the chapter notebooks, time them, and optionally store their outputs.

    python benchmarks/execution.py chapters/*.ipynb                 # time each chapter
    python benchmarks/execution.py --write chapters/02_*.ipynb      # execute and save outputs in place
    python benchmarks/execution.py --report benchmarks/results.md --book --test chapters/*.ipynb

Each notebook runs in a fresh kernel from its own folder, exactly as nbval runs
it. ``--book`` also times the HTML build from committed outputs; ``--test`` times
the whole ``make test``. Budgets (2 CPU cores): 90 s a chapter, 60 s the book
build, 10 minutes ``make test``. The figures are reported, not enforced.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
BUDGET_CHAPTER_S = 90
BUDGET_BOOK_S = 60
BUDGET_TEST_S = 600


def execute(path: Path, write: bool, timeout: int) -> float:
    nb = nbformat.read(path, as_version=4)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    if write:
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
            if cell.cell_type == "code":
                cell.outputs = [out for out in cell.outputs if not _is_runtime_log(out)]
        nb.metadata.pop("widgets", None)
        nb.metadata["kernelspec"] = {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        }
        nbformat.write(nb, path)
    return elapsed


# TensorFlow's C++ runtime writes these to file descriptor 2 at import, whatever
# TF_CPP_MIN_LOG_LEVEL says; the kernel forwards them as stderr. They are not
# part of the chapter, so they are not stored (nbval ignores stderr anyway).
_LOG_LINE = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\)|[IWEF]\d{4} \d\d:\d\d:\d\d)"
)


def _is_runtime_log(out) -> bool:
    if out.get("output_type") != "stream" or out.get("name") != "stderr":
        return False
    lines = [line for line in "".join(out.get("text", "")).splitlines() if line.strip()]
    return all(_LOG_LINE.match(line) for line in lines)


def time_command(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument(
        "--write", action="store_true", help="save the executed notebooks in place"
    )
    parser.add_argument(
        "--report", type=Path, help="write a Markdown table of the timings here"
    )
    parser.add_argument(
        "--book",
        action="store_true",
        help="also time the HTML build from committed outputs",
    )
    parser.add_argument(
        "--test", action="store_true", help="also time the whole `make test`"
    )
    parser.add_argument(
        "--timeout", type=int, default=600, help="per-cell timeout in seconds"
    )
    args = parser.parse_args(argv)

    rows = []
    for path in args.notebooks:
        elapsed = execute(path, args.write, args.timeout)
        flag = "" if elapsed <= BUDGET_CHAPTER_S else "  OVER BUDGET"
        print(f"{path.name:40s} {elapsed:7.1f} s{flag}", flush=True)
        rows.append((path.name, elapsed, BUDGET_CHAPTER_S))
    total = sum(r[1] for r in rows)
    print(f"{'all chapters':40s} {total:7.1f} s")

    extra = []
    jb = str(Path(sys.executable).with_name("jupyter-book"))
    if args.book:
        # Both editions, as `make book` builds them: English, then the Chinese from the catalogues.
        out = Path(tempfile.mkdtemp(prefix="book-bench-"))
        zh = [
            sys.executable,
            str(Path(__file__).resolve().parents[1] / "_ext" / "book_i18n.py"),
            "zh",
        ]
        try:
            english = time_command(
                [jb, "build", ".", "--path-output", str(out), "--quiet"]
            )
            chinese = time_command([*zh, "--path-output", str(out)])
        finally:
            shutil.rmtree(out, ignore_errors=True)
        for name, elapsed in (
            ("English edition", english),
            ("Chinese edition", chinese),
        ):
            print(f"{'HTML build, ' + name:40s} {elapsed:7.1f} s")
            extra.append((f"HTML build from committed outputs, {name}", elapsed, ""))
        print(f"{'HTML build, both editions':40s} {english + chinese:7.1f} s")
        extra.append(
            (
                "HTML build from committed outputs, both editions",
                english + chinese,
                BUDGET_BOOK_S,
            )
        )
    if args.test:
        elapsed = time_command(["make", "test"])
        print(f"{'make test (after install)':40s} {elapsed:7.1f} s")
        extra.append(("`make test` (after install)", elapsed, BUDGET_TEST_S))

    if args.report:
        cpu = platform.processor() or platform.machine()
        lines = [
            "# Execution benchmark",
            "",
            f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} CPU cores ({cpu}), "
            f"Python {platform.python_version()}, by `benchmarks/execution.py`.",
            "",
            "| what | wall time (s) | budget (s) |",
            "|---|---:|---:|",
        ]
        lines += [f"| `{name}` | {t:.1f} | {b} |" for name, t, b in rows]
        lines.append(f"| all chapters | {total:.1f} | |")
        lines += [f"| {name} | {t:.1f} | {b} |" for name, t, b in extra]
        # The table replaces the report's first section; later sections (portability runs) stay.
        kept = []
        if args.report.exists():
            old = args.report.read_text(encoding="utf-8").splitlines()
            starts = [i for i, line in enumerate(old) if line.startswith("## ")]
            kept = ["", *old[starts[0] :]] if starts else []
        args.report.write_text("\n".join(lines + kept) + "\n", encoding="utf-8")
        print(f"report written to {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
