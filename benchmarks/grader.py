"""Time the batch grader against the notebook alone, and its speed-up with 2 workers.

    python benchmarks/grader.py                       # 5 pairs, 8 copies for the speed-up
    python benchmarks/grader.py --pairs 9 --copies 16

Overhead: the grader's time for one submission beyond the time to execute the notebook
alone (nbclient, fresh kernel: the floor any grader pays); target <= 3 s. The two are
measured in pairs, one right after the other, and the median of the pairs' differences
is printed, so that a machine whose load changes meanwhile skews both alike. CPU seconds
(this process and its children: kernels, the grader's workers) are printed beside wall
seconds: they change less with the load of other programs.

Speed-up: 2 workers over 1 on ``--copies`` copies (target >= 1.7x on 2 cores).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from rnn_course.authoring.checkout import ROOT
from rnn_course.grading.batch import Settings, grade_batch

SOLUTION = ROOT / "exercises/solutions/ex01_sequences_and_embeddings.ipynb"


def _cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its children that have ended."""
    return sum(usage.ru_utime + usage.ru_stime for usage in (
        resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))


def _timed(action) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of ``action()``."""
    wall, cpu = time.perf_counter(), _cpu_seconds()
    action()
    return time.perf_counter() - wall, _cpu_seconds() - cpu


def execute_alone(notebook: Path) -> None:
    """Run the notebook in a fresh kernel, without any grading."""
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()


def grade_copies(submissions: Path, out: Path, workers: int) -> None:
    """Grade every notebook in ``submissions``; each must earn full marks."""
    grade_batch([submissions], Settings(out=out, seed=1, workers=workers),
                progress=lambda line: None)
    count = len(list(submissions.iterdir()))
    assert (out / "gradebook.csv").read_text().count(",passed,") == 3 * count, \
        "every copy should earn full marks"


def _copies(folder: Path, count: int) -> Path:
    folder.mkdir()
    for index in range(count):
        shutil.copyfile(SOLUTION, folder / f"student{index:03d}.ipynb")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5, help="(alone, graded) pairs")
    parser.add_argument("--copies", type=int, default=8, help="copies for the speed-up")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="grader-benchmark-"))
    try:
        one = _copies(folder / "one", 1)
        pairs = [(_timed(lambda: execute_alone(SOLUTION)),
                  _timed(lambda i=i: grade_copies(one, folder / f"out-pair{i}", workers=1)))
                 for i in range(args.pairs)]
        many = _copies(folder / "many", args.copies)
        serial = _timed(lambda: grade_copies(many, folder / "out-1", workers=1))[0]
        parallel = _timed(lambda: grade_copies(many, folder / "out-2", workers=2))[0]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"CPU cores: {os.cpu_count()}; {args.pairs} pairs (notebook alone, then graded) of "
          f"{SOLUTION.name}")
    for kind, index in (("wall", 0), ("CPU", 1)):
        alone = statistics.median(a[index] for a, _ in pairs)
        graded = statistics.median(g[index] for _, g in pairs)
        overhead = statistics.median(g[index] - a[index] for a, g in pairs)
        print(f"{kind:4s} s per submission: notebook alone {alone:.2f}, graded {graded:.2f}; "
              f"overhead {overhead:.2f} (median of the pairs; target <= 3 s wall)")
    print(f"{args.copies} copies: 1 worker {serial:.1f} s, 2 workers {parallel:.1f} s; "
          f"speed-up {serial / parallel:.2f}x (target >= 1.7x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
