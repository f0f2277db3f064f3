"""Generate each exercise set's student and solution notebooks from its master and its spec.

What is rendered from the spec, the cells a master may hold and the notebooks written
are explained in ``rnn_course.authoring.exercises``.

    python scripts/build_exercises.py             # rebuild every set
    python scripts/build_exercises.py --check     # exit 1 if a generated notebook is stale
    python scripts/build_exercises.py exercises/masters/ex01_*.ipynb
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rnn_course.authoring.checkout import ROOT
from rnn_course.authoring.exercises import build, masters, problems, stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("masters", nargs="*", type=Path,
                        help="master notebooks (default: exercises/masters/*.ipynb)")
    parser.add_argument("--check", action="store_true",
                        help="only report generated notebooks that are out of date")
    args = parser.parse_args(argv)
    chosen = [m.resolve() for m in args.masters] or masters()
    bad = {m: problems(m) for m in chosen}
    for errors in bad.values():
        for error in errors:
            print(f"error: {error}", file=sys.stderr)
    if any(bad.values()):
        return 2
    if args.check:
        out_of_date = [p for m in chosen for p in stale(m)]
        for path in out_of_date:
            print(f"stale: {path.relative_to(ROOT)} "
                  "(run: python scripts/build_exercises.py)")
        return 1 if out_of_date else 0
    for master in chosen:
        print(f"{master.relative_to(ROOT)}: {build(master):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
