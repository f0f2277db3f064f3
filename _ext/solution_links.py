"""Sphinx extension of the book: link each exercise page and its solutions page.

Only the self-study edition (``scripts/book_edition.py``) has solutions pages. When the
page ``exercises/solutions/<name>`` is part of the build, the exercise page
``exercises/<name>`` gets a note under its title linking to it, and the solutions page
one linking back. In the default edition no solutions page exists, so no link is made:
the exercise notebooks themselves never mention solutions.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes

EXERCISE = re.compile(r"^exercises/(ex\d\d_[^/]+)$")
SOLUTION = re.compile(r"^exercises/solutions/(ex\d\d_[^/]+)$")


def _note(before: str, target: str, text: str, after: str) -> nodes.Node:
    link = addnodes.pending_xref("", nodes.inline("", text), refdomain="std", reftype="doc",
                                 reftarget=f"/{target}", refexplicit=True, refwarn=True)
    note = nodes.note("", nodes.paragraph("", "", nodes.Text(before), link, nodes.Text(after)))
    note["classes"].append("solution-link")
    return note


def _link_for(docname: str, found_docs) -> nodes.Node | None:
    exercise, solution = EXERCISE.match(docname), SOLUTION.match(docname)
    if exercise and f"exercises/solutions/{exercise[1]}" in found_docs:
        return _note("Self-study edition: try every exercise first, then compare with ",
                     f"exercises/solutions/{exercise[1]}", "the worked solutions", ".")
    if solution and f"exercises/{solution[1]}" in found_docs:
        return _note("These are the course's solutions, executed. ",
                     f"exercises/{solution[1]}", "Back to the exercises", ".")
    return None


def add_solution_link(app, doctree) -> None:
    note = _link_for(app.env.docname, app.env.found_docs)
    if note is None:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        doctree.insert(0, note)
    else:  # right under the page's title
        section.insert(1, note)


def setup(app):
    app.connect("doctree-read", add_solution_link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
