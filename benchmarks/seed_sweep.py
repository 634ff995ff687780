"""Run chapters under other seeds and thread counts; report whether every assert held.

    python benchmarks/seed_sweep.py chapters/04_*.ipynb                       # seeds 0-4 x threads 1, 2, 4
    python benchmarks/seed_sweep.py --seeds 0 1 --threads 2 chapters/05_*.ipynb
    python benchmarks/seed_sweep.py --report benchmarks/sweep.md chapters/0[3-5]_*.ipynb

A chapter's claims from training must hold for seeds 0-4 and for 1, 2 and 4
intra-op threads. Each run executes the notebook in a fresh kernel (nothing is
written back) with ``RNN_BOOK_SEED`` and ``RNN_BOOK_THREADS`` set, which
``rnn_utils.setup_notebook`` and ``rnn_utils.reseed`` read. A run passes when
every cell executes, that is when every assert holds. The report lists each
run's measured values (the numbers printed behind ``≃``), from which the
margins of the asserts are chosen.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

MEASURED_MARK = "≃"


def run(path: Path, seed: int, threads: int, timeout: int):
    """Execute one notebook; return (passed, seconds, error summary, measured lines)."""
    nb = nbformat.read(path, as_version=4)
    for (
        cell
    ) in nb.cells:  # a cell after a failure must not report the stored run's values
        if cell.cell_type == "code":
            cell.outputs = []
    env = {
        "RNN_BOOK_SEED": str(seed),
        "RNN_BOOK_THREADS": str(threads),
        "OMP_NUM_THREADS": str(threads),
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "TF_ENABLE_ONEDNN_OPTS": "0",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)  # the kernel inherits this process's environment
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    error = ""
    try:
        client.execute()
    except CellExecutionError as exc:
        lines = [line for line in str(exc).splitlines() if line.strip()]
        error = " | ".join(lines[-3:])[:400]
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    elapsed = time.perf_counter() - start
    measured = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            text = out.get("text", "") if out.get("output_type") == "stream" else ""
            measured += [
                f"cell {index}: {line.strip()}"
                for line in text.splitlines()
                if MEASURED_MARK in line
            ]
    return not error, elapsed, error, measured


def runtime_label() -> str:
    """'Python 3.11.7, TensorFlow 2.21.0, Keras 3.15.1': which end of the tested range ran."""
    from importlib import metadata

    versions = [f"Python {sys.version.split()[0]}"]
    for name, label in (("tensorflow", "TensorFlow"), ("keras", "Keras")):
        try:
            versions.append(f"{label} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{label} not installed")
    return ", ".join(versions)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2, 3, 4])
    parser.add_argument("--threads", nargs="+", type=int, default=[1, 2, 4])
    parser.add_argument(
        "--report", type=Path, help="append a Markdown section with every run here"
    )
    parser.add_argument(
        "--timeout", type=int, default=900, help="per-cell timeout in seconds"
    )
    args = parser.parse_args(argv)

    failures = 0
    sections = []
    print(f"runtime: {runtime_label()}", flush=True)
    for path in args.notebooks:
        rows = []
        for threads in args.threads:
            for seed in args.seeds:
                ok, elapsed, error, measured = run(path, seed, threads, args.timeout)
                failures += not ok
                status = (
                    "pass"
                    if ok
                    else "FAIL: " + re.sub(r"\x1b\[[0-9;]*m", "", str(error))
                )  # no colour codes
                print(
                    f"{path.name:36s} seed {seed} threads {threads}: {status} ({elapsed:.0f} s)",
                    flush=True,
                )
                rows.append((seed, threads, status, elapsed, measured))
        lines = [
            f"## `{path.name}`",
            "",
            "| seed | threads | result | wall s | measured values |",
            "|---:|---:|---|---:|---|",
        ]
        for seed, threads, status, elapsed, measured in rows:
            lines.append(
                f"| {seed} | {threads} | {status} | {elapsed:.0f} | {'<br>'.join(measured)} |"
            )
        sections.append("\n".join(lines) + "\n")
    if args.report:
        with args.report.open("a", encoding="utf-8") as fh:
            fh.write(
                f"\n<!-- {time.strftime('%Y-%m-%d %H:%M')} seeds {args.seeds} threads {args.threads} "
                f"on {runtime_label()} -->\n"
            )
            fh.write("\n".join(sections))
        print(f"report appended to {args.report}")
    print(f"{failures} failed run(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
