"""Rewrite the book's MyST boxes, roles and labels into the form every notebook front end
renders (``rnn_course.authoring.boxes``): answers as ``<details>``, other boxes as
``<blockquote class="kind">``, ``{ref}`` roles as links, ``(label)=`` as ``<a id>``.

Safe to run again: converted files have nothing left to convert.

    python scripts/convert_boxes.py          # rewrite chapters/, exercises/ and the .md pages
    python scripts/convert_boxes.py --check  # exit 1 if a file still needs converting

Exits 1 (and lists them) when MyST syntax is left that has no portable form.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rnn_course.authoring.boxes import convert_book

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's folder (default: this checkout)")
    args = parser.parse_args()
    changed, leftovers = convert_book(args.root, check=args.check)
    for path in changed:
        print(f"{'needs converting' if args.check else 'converted'}: {path.relative_to(args.root)}")
    for path, lines in leftovers.items():
        for line in lines:
            print(f"no portable form: {path.relative_to(args.root)}: {line.strip()}", file=sys.stderr)
    return 1 if leftovers or (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
