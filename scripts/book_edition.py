"""Write the table of contents of one edition of the book (``graded`` or ``self-study``;
``rnn_course.authoring.editions`` describes them).

    python scripts/book_edition.py self-study _build/self-study/_toc.yml

``scripts/build_book.sh`` calls it when ``BOOK_EDITION=self-study`` is set.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from rnn_course.authoring.editions import EDITIONS, edition_toc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("edition", choices=EDITIONS)
    parser.add_argument("out", type=Path, help="the table of contents to write")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(yaml.safe_dump(edition_toc(args.edition), sort_keys=False,
                                       allow_unicode=True))
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
