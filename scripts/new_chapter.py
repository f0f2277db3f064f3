"""Create a chapter notebook that already follows the course template.

    python scripts/new_chapter.py 3 "Compute memory by hand" 03_memory_by_hand

Then write the sections between the set-up cell and the Summary, add the file to
``_toc.yml``, and run ``python scripts/execute_notebooks.py chapters/<file>.ipynb``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

sys.path.insert(0, str(Path(__file__).resolve().parent))
from colab_cells import INSTALL_TAG, ROOT, install_source, sync  # noqa: E402

TITLE = """# {number}. {title}

Two or three sentences: why this chapter matters.

**What you'll learn**
- ...

**Prerequisites:** ...

**Time:** about N minutes."""

SETUP = """from rnn_course.notebook import configure_notebook

configure_notebook(seed={seed})"""


def new_chapter(number: int, title: str, stem: str, seed: int = 0) -> Path:
    path = ROOT / "chapters" / f"{stem}.ipynb"
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
