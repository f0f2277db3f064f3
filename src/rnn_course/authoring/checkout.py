"""Where the course's repository is on disk: the folder the authoring tools read and write
(``_config.yml``, ``_toc.yml``, ``chapters/``, ``exercises/``, ``glossary.md``).

The package is imported either from a source checkout (``PYTHONPATH=src``, an editable
install) or from an installed copy (``scripts/bootstrap.sh`` installs it into ``.venv``).
In the first case the checkout is the folder above ``src/``; in the second it is the
working directory or one of its parents, since the tools are run from the repository
(``python scripts/execute_notebooks.py ...``).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # src/rnn_course
MARKERS = ("_config.yml", "_toc.yml", "pyproject.toml")


def is_checkout(folder: Path) -> bool:
    """True if ``folder`` holds the course's book and project files."""
    return all((folder / marker).is_file() for marker in MARKERS)


def find_checkout() -> Path:
    """The course's repository (see the module's docstring); ``FileNotFoundError`` with
    what to do when neither the package's location nor the working directory is in one."""
    cwd = Path.cwd().resolve()
    for folder in (PACKAGE_DIR.parents[1], cwd, *cwd.parents):
        if is_checkout(folder):
            return folder
    raise FileNotFoundError(
        f"no checkout of the course (a folder with {', '.join(MARKERS)}) above {cwd}: "
        "run the authoring tools from the course's repository")


try:
    ROOT = find_checkout()
except FileNotFoundError:  # an installed package used elsewhere: nothing to author there
    ROOT = Path.cwd().resolve()
