"""Check that the chapters give each technical term the Chinese name of the glossary.

What it reports (Chinese names that differ from the glossary, terms missing from it,
mainland usage, stale glossary links) is explained in ``rnn_course.authoring.terms``.

    python scripts/check_terms.py                # report; exit 1 if anything disagrees
    python scripts/check_terms.py --write-links  # point each glossary row at the section
                                                 # that first gives the term with its Chinese
"""

from __future__ import annotations

import argparse
import sys

from rnn_course.authoring import terms as glossary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-links", action="store_true",
                        help="rewrite the glossary's Chapter column")
    args = parser.parse_args(argv)
    if args.write_links:
        glossary.write_links(glossary.glossary_terms())
    problems = glossary.report()
    print(glossary.report_text(problems), end="")
    return 1 if any(problems.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
