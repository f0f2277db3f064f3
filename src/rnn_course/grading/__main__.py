"""Command line of the batch grader.

    python -m rnn_course.grading grade SUBMISSIONS... --out DIR [options]
    python -m rnn_course.grading sets
    python -m rnn_course.grading gradescope-bundle --exercise exNN --out autograder.zip


``grade`` takes notebook files and folders (searched for ``.ipynb``), runs each in a fresh
kernel under limits, and writes ``DIR/gradebook.csv``, ``DIR/feedback/<submission>.md``
and, with ``--gradescope``, ``DIR/gradescope/<submission>/results.json``. Once the batch
is done it exits with 0, however the submissions fared, or with 3 when the grader itself
failed on some question (status ``grader error``: a bug to report, not the learner's fault).
``gradescope-bundle`` writes the zip of Gradescope's autograder for one set (see
:mod:`rnn_course.grading.gradescope_bundle`), with the same limits and a secret seed.
"""

from __future__ import annotations

import argparse
import re
import secrets
import sys
from pathlib import Path

from rnn_course.grading import registry
from rnn_course.grading.batch import Settings, grade_batch, grader_errors
from rnn_course.grading.sandbox import Limits

_UNITS = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30}
GRADER_ERROR_EXIT = 3


def byte_size(text: str) -> int:
    """Parse ``6G``, ``512M``, ``64k`` or a plain number of bytes."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*", text.lower())
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 6G, 512M)")
    return int(float(match.group(1)) * _UNITS[match.group(2)])


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m rnn_course.grading",
                                   description="Grade the course's exercise notebooks.")
    commands = main.add_subparsers(dest="command", required=True)
    grade = commands.add_parser("grade", help="grade submitted notebooks")
    grade.add_argument("submissions", nargs="+", type=Path,
                       help="notebook files, or folders searched for .ipynb files")
    grade.add_argument("--out", type=Path, required=True, help="folder for the results")
    grade.add_argument("--exercise", help="expected exercise set, e.g. ex01 (default: "
                       "read from each notebook; a notebook of another set is reported)")
    grade.add_argument("--workers", type=int, default=1,
                       help="submissions graded at once (default: 1; use the core count)")
    _add_limit_options(grade)
    grade.add_argument("--seed", type=int, help="seed of the grader's inputs (default: a "
                       "fresh random seed, recorded in DIR/results/*.json)")
    grade.add_argument("--regrade", action="store_true",
                       help="grade again submissions already graded in DIR")
    grade.add_argument("--gradescope", action="store_true",
                       help="also write DIR/gradescope/<submission>/results.json")
    grade.add_argument("--kernel", default="python3", help="Jupyter kernel (default: python3)")
    commands.add_parser("sets", help="list the exercise sets and their questions")
    bundle = commands.add_parser("gradescope-bundle",
                                 help="write the zip of Gradescope's autograder for one set")
    bundle.add_argument("--exercise", required=True, help="the exercise set, e.g. ex01")
    bundle.add_argument("--out", type=Path, default=Path("autograder.zip"),
                        help="the zip to write (default: %(default)s)")
    _add_limit_options(bundle)
    bundle.add_argument("--seed", type=int, help="seed of the grader's inputs (default: a "
                        "fresh random seed, kept in the zip)")
    return main


def _add_limit_options(command: argparse.ArgumentParser) -> None:
    defaults = Limits()
    command.add_argument("--timeout", type=float, default=defaults.timeout,
                         help="seconds for a whole notebook (default: %(default)s)")
    command.add_argument("--cell-timeout", type=float, default=defaults.cell_timeout,
                         help="seconds for one cell (default: %(default)s)")
    command.add_argument("--memory", type=byte_size, default=defaults.memory,
                         help="address-space limit of a kernel, e.g. 6G (default: 6G)")
    command.add_argument("--max-output", type=byte_size, default=defaults.max_output,
                         help="cell output kept per notebook, e.g. 1M (default: 1M)")


def _limits(args) -> Limits:
    return Limits(timeout=args.timeout, cell_timeout=args.cell_timeout, memory=args.memory,
                  max_output=args.max_output)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "sets":
        for set_id in registry.set_ids():
            exercise_set = registry.exercise_set(set_id)
            print(f"{set_id}: {exercise_set.title} ({exercise_set.max_points} points)")
            for question in exercise_set.questions:
                print(f"  {question.id}  {question.max_points} points")
        return 0
    if args.exercise and args.exercise not in registry.set_ids():
        print(f"unknown exercise set {args.exercise!r}; known: "
              f"{', '.join(registry.set_ids())}", file=sys.stderr)
        return 2
    seed = secrets.randbelow(2**31) if args.seed is None else args.seed
    if args.command == "gradescope-bundle":
        return _write_bundle(args, seed)
    settings = Settings(out=args.out, seed=seed, limits=_limits(args), workers=args.workers,
                        exercise=args.exercise, regrade=args.regrade,
                        gradescope=args.gradescope, kernel_name=args.kernel)
    records = grade_batch(args.submissions, settings, progress=lambda line: print(line,
                                                                                   flush=True))
    print(f"graded {len(records)} submission(s); gradebook: {args.out / 'gradebook.csv'}")
    faults = grader_errors(records)
    if faults:
        print(f"the grader itself failed on {len(faults)} question(s) (status 'grader "
              f"error', not the learners' fault): {'; '.join(faults[:10])}", file=sys.stderr)
        return GRADER_ERROR_EXIT
    return 0


def _write_bundle(args, seed: int) -> int:
    from rnn_course.grading.gradescope_bundle import BundleError, build_bundle

    try:
        sizes = build_bundle(args.exercise, args.out, _limits(args), seed)
    except BundleError as error:
        print(f"cannot build the bundle: {error}", file=sys.stderr)
        return 2
    print(f"wrote {args.out} ({args.out.stat().st_size / 2**20:.1f} MiB): "
          f"{', '.join(sizes)}; upload it as the assignment's autograder on Gradescope")
    return 0


if __name__ == "__main__":
    sys.exit(main())
