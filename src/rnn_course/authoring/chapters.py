"""A new chapter notebook that already follows the course template: title, what you'll
learn, the Colab cells, the seeded set-up cell, and the closing sections
(``scripts/new_chapter.py``)."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from rnn_course.authoring.checkout import ROOT
from rnn_course.authoring.colab import INSTALL_TAG, install_source, sync

TITLE = """# {number}. {title}

Two or three sentences: why this chapter matters.

**What you'll learn**
- ...

**Prerequisites:** ...

**Time:** about N minutes."""

SETUP = """from rnn_course.notebook import configure_notebook

configure_notebook(seed={seed})"""


def new_chapter(number: int, title: str, stem: str, seed: int = 0,
                folder: Path | None = None) -> Path:
    """Write ``<folder>/<stem>.ipynb`` (default folder: the checkout's ``chapters/``) from
    the template and return its path; ``FileExistsError`` if it exists."""
    path = (folder or ROOT / "chapters") / f"{stem}.ipynb"
    if path.exists():
        raise FileExistsError(path)
    nb = new_notebook(cells=[
        new_markdown_cell(TITLE.format(number=number, title=title)),
        new_code_cell(install_source(), metadata={"tags": [INSTALL_TAG]}),
        new_code_cell(SETUP.format(seed=seed)),
        new_markdown_cell("## Summary\n\n- ..."),
        new_markdown_cell("## Exercises\n\n..."),
        new_markdown_cell("## Further reading\n\n- ..."),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    sync(path)  # adds the Colab badge as the first cell
    return path
