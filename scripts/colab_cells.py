"""Keep every notebook's Colab badge and Colab install cell in step with ``_config.yml``.

The cells and their tags are explained in ``rnn_course.authoring.colab``.

    python scripts/colab_cells.py          # rewrite the cells that are out of date
    python scripts/colab_cells.py --check  # exit 1 if any notebook is out of date
"""

from __future__ import annotations

import argparse
import sys

from rnn_course.authoring.colab import ROOT, notebooks, sync


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale notebooks")
    args = parser.parse_args(argv)
    stale = [notebook for notebook in notebooks() if sync(notebook, write=not args.check)]
    for notebook in stale:
        print(("stale: " if args.check else "updated: ") + str(notebook.relative_to(ROOT)))
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
