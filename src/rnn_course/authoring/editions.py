"""The table of contents of each edition of the book.

Two editions are built from the same pages:

- ``graded`` (the default, for courses that grade the exercises): ``_toc.yml`` as it is,
  without any solution;
- ``self-study``: ``_toc.yml`` plus a "Solutions" part after the exercise sets, one page
  per exercise set (the executed notebook ``exercises/solutions/exNN_<slug>.ipynb``).
  The extension ``_ext/solution_links.py`` then links each exercise page to its
  solutions page and back.

``scripts/book_edition.py`` writes it; ``scripts/build_book.sh`` calls that script when
``BOOK_EDITION=self-study`` is set.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from rnn_course.authoring.checkout import ROOT

EDITIONS = ("graded", "self-study")
SOLUTIONS_CAPTION = "Solutions"


def _solutions_title(page: str) -> str:
    """"Solutions 1. <the set's title>", from the exercise set's spec."""
    from rnn_course.grading import registry

    exercise_set = registry.exercise_set(Path(page).name.split("_")[0])
    return f"{SOLUTIONS_CAPTION} {exercise_set.chapter}. {exercise_set.title}"


def self_study_toc(toc: dict) -> dict:
    """``toc`` with a Solutions part after the part holding the exercise sets (each set
    follows its chapter): every exercise page whose solution notebook exists, in order."""
    toc = copy.deepcopy(toc)
    exercise_parts = [i for i, part in enumerate(toc["parts"])
                      if any(e["file"].startswith("exercises/") for e in part["chapters"])]
    pages = [f"exercises/solutions/{Path(entry['file']).name}" for part in toc["parts"]
             for entry in part["chapters"] if entry["file"].startswith("exercises/")]
    chapters = [{"file": page, "title": _solutions_title(page)} for page in pages
                if (ROOT / f"{page}.ipynb").is_file()]
    toc["parts"].insert(exercise_parts[-1] + 1, {"caption": SOLUTIONS_CAPTION,
                                                 "chapters": chapters})
    return toc


def edition_toc(edition: str) -> dict:
    """The table of contents of ``edition`` (one of :data:`EDITIONS`)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return self_study_toc(toc) if edition == "self-study" else toc
