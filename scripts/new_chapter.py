"""Create a chapter notebook that already follows the course template.

    python scripts/new_chapter.py 3 "Compute memory by hand" 03_memory_by_hand

Then write the sections between the set-up cell and the Summary, add the file to
``_toc.yml``, and run ``python scripts/execute_notebooks.py chapters/<file>.ipynb``.
The template is ``rnn_course.authoring.chapters``.
"""

from __future__ import annotations

import argparse
import sys

from rnn_course.authoring.chapters import new_chapter


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("number", type=int)
    parser.add_argument("title")
    parser.add_argument("stem", help="file name without .ipynb, e.g. 03_memory_by_hand")
    args = parser.parse_args()
    print(new_chapter(args.number, args.title, args.stem))
    return 0


if __name__ == "__main__":
    sys.exit(main())
