"""Time the batch grader on N copies of a solution notebook, with 1 and 2 workers.

    python benchmarks/grader.py            # N = 8
    python benchmarks/grader.py --copies 16

Prints the time to execute the notebook alone (nbclient, fresh kernel: the floor any
grader pays), the grader's time per submission and its overhead beyond that floor
(target <= 3 s), and the speed-up of 2 workers over 1 (target >= 1.7x on 2 cores).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from rnn_course.grading.batch import Settings, grade_batch

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "exercises/solutions/ex01_sequences_and_embeddings.ipynb"


def execute_alone(notebook: Path, repeats: int = 3) -> float:
    """Median seconds to run the notebook in a fresh kernel, without any grading."""
    times = []
    for _ in range(repeats):
        nb = nbformat.read(notebook, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(notebook.parent)}}).execute()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def grade_copies(folder: Path, workers: int) -> float:
    out = folder / f"out-{workers}"
    start = time.perf_counter()
    grade_batch([folder / "submissions"], Settings(out=out, seed=1, workers=workers),
                progress=lambda line: None)
    seconds = time.perf_counter() - start
    assert (out / "gradebook.csv").read_text().count(",passed,") == 3 * len(
        list((folder / "submissions").iterdir())), "every copy should earn full marks"
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=8)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="grader-benchmark-"))
    try:
        (folder / "submissions").mkdir()
        for index in range(args.copies):
            shutil.copyfile(SOLUTION, folder / "submissions" / f"student{index:03d}.ipynb")
        alone = execute_alone(SOLUTION)
        one = grade_copies(folder, workers=1)
        two = grade_copies(folder, workers=2)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    per_submission = one / args.copies
    print(f"CPU cores: {os.cpu_count()}; submissions: {args.copies} copies of {SOLUTION.name}")
    print(f"notebook alone (fresh kernel, nbclient): {alone:.2f} s")
    print(f"grader, 1 worker:  {one:.1f} s = {per_submission:.2f} s per submission; "
          f"overhead {per_submission - alone:.2f} s per submission (target <= 3 s)")
    print(f"grader, 2 workers: {two:.1f} s; speed-up {one / two:.2f}x (target >= 1.7x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
