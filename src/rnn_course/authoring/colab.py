"""Every notebook's Colab badge and Colab install cell, in step with ``_config.yml``.

``_config.yml`` (``repository.url``, ``repository.branch``, ``repository.path_to_book``)
is the one place the course's address is kept. The book's own Colab launch button is
built from it by Jupyter Book; :func:`sync` writes the same address into each notebook's
first cell (the badge, for people who open the .ipynb directly) and into its install
cell, which Colab needs because a notebook opened there has nothing else on disk.

Both cells, and the environment line the set-up cell prints, only matter where the
notebook runs: :func:`sync` tags them so the website drops them (``remove-cell`` on the
badge and the install cell, ``remove-output`` on the cell calling ``configure_notebook``).
The command line is ``scripts/colab_cells.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import yaml

from rnn_course.authoring.checkout import ROOT

BADGE_TAGS = ["remove-cell"]
INSTALL_TAG = "colab-install"
# Tags the website needs, added to whatever tags a cell already has.
INSTALL_TAGS = [INSTALL_TAG, "remove-cell"]
SETUP_TAGS = ["remove-output"]
SETUP_CALL = re.compile(r"^configure_notebook\(", re.MULTILINE)
NOTEBOOK_FOLDERS = ("chapters", "exercises")


def repository() -> dict:
    """The ``repository`` section of ``_config.yml``."""
    return yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]


def colab_url(notebook: Path) -> str:
    """The Colab address of a notebook of the book, as the launch button builds it."""
    repo = repository()
    owner_repo = repo["url"].removeprefix("https://github.com/").strip("/")
    book = (repo.get("path_to_book") or "").strip("/")
    relative = notebook.resolve().relative_to(ROOT).as_posix()
    path = f"{book}/{relative}" if book else relative
    return (f"https://colab.research.google.com/github/{owner_repo}/blob/"
            f"{repo['branch']}/{path}")


def badge_source(notebook: Path) -> str:
    return ("[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
            f"({colab_url(notebook)})")


def install_source(repo: dict | None = None) -> str:
    """The install cell: on Colab, pip-install the package from ``repo`` (default: the
    ``repository`` of ``_config.yml``) and stop with one clear error if it does not import,
    instead of letting every later cell fail with a NameError."""
    repo = repo or repository()
    address = f"git+{repo['url']}@{repo['branch']}"
    return (
        "# Colab only: install the course's helper package. Colab already ships TensorFlow,\n"
        "# NumPy, matplotlib and ipywidgets, and the package accepts Colab's versions, so\n"
        "# nothing else is installed or upgraded. Elsewhere this cell does nothing.\n"
        "try:\n"
        "    import google.colab  # noqa: F401  (importable only on Colab)\n"
        "except ImportError:\n"
        "    pass\n"
        "else:\n"
        f'    %pip install --quiet "rnn-course @ {address}"\n'
        "    import importlib\n"
        "\n"
        "    importlib.invalidate_caches()  # see the package pip has just installed\n"
        "    try:\n"
        "        import rnn_course  # noqa: F401\n"
        "    except ImportError:\n"
        "        raise RuntimeError(\n"
        "            \"The course's helper package could not be installed from \"\n"
        f'            "{address} "\n'
        "            \"(pip's message is above). Check that the runtime is online and that this \"\n"
        "            \"address answers. Maintainers: the address is `repository` in _config.yml; \"\n"
        "            \"change it there and run scripts/colab_cells.py.\") from None"
    )


def is_install_cell(cell) -> bool:
    return INSTALL_TAG in cell.get("metadata", {}).get("tags", [])


def is_setup_cell(cell) -> bool:
    """The cell that calls ``configure_notebook`` (it prints the environment line)."""
    return cell.cell_type == "code" and bool(SETUP_CALL.search(cell.source))


def _add_tags(cell, wanted: list[str]) -> bool:
    """Add the tags of ``wanted`` that ``cell`` lacks; return True if any was missing."""
    tags = cell.metadata.setdefault("tags", [])
    missing = [tag for tag in wanted if tag not in tags]
    tags.extend(missing)
    return bool(missing)


def sync(notebook: Path, write: bool = True) -> bool:
    """Bring the badge (first cell), the install cell and the set-up cell's tags up to
    date; return True if they were out of date. With ``write=False`` only report it."""
    nb = nbformat.read(notebook, as_version=4)
    changed = False
    badge = nb.cells[0] if nb.cells else None
    if badge is None or badge.cell_type != "markdown" or "colab-badge" not in badge.source:
        badge = nbformat.v4.new_markdown_cell("")
        nb.cells.insert(0, badge)
    badge_text, install_text = badge_source(notebook), install_source()
    if badge.source != badge_text or badge.metadata.get("tags") != BADGE_TAGS:
        badge.source, badge.metadata["tags"] = badge_text, list(BADGE_TAGS)
        changed = True
    for cell in nb.cells:
        if is_install_cell(cell):
            if cell.source != install_text:
                cell.source = install_text
                changed = True
            changed |= _add_tags(cell, INSTALL_TAGS)
        elif is_setup_cell(cell):
            changed |= _add_tags(cell, SETUP_TAGS)
    if changed and write:
        nbformat.write(nb, notebook)
    return changed


def notebooks() -> list[Path]:
    return sorted(p for folder in NOTEBOOK_FOLDERS for p in (ROOT / folder).rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)
