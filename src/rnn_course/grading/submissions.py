"""Find submitted notebooks, name them, read them safely and tell which exercise set they are.

Nothing here executes a submission or writes to it: files are only read.
"""

from __future__ import annotations

import ast
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rnn_course.grading.status import Status

MAX_NOTEBOOK_BYTES = 50 * 2**20
_CHECK_CALL = re.compile(r"""check\(\s*["'](ex\d{2})\.""")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class SubmissionError(Exception):
    """A submission that cannot be graded; ``status`` goes into the gradebook."""

    def __init__(self, status: Status, message: str):
        super().__init__(message)
        self.status, self.message = status, message


@dataclass(frozen=True)
class Submission:
    """A submitted file and its id (the name used in the gradebook and for its files)."""

    path: Path
    id: str


def _name(relative: Path) -> str:
    stem = "__".join(relative.with_suffix("").parts) if relative.suffix == ".ipynb" \
        else "__".join(relative.parts)
    return _UNSAFE.sub("_", stem).strip("._") or "submission"


def find_submissions(paths: Iterable[Path]) -> list[Submission]:
    """Files as given, and the ``.ipynb`` files under folders (checkpoints skipped).

    A file's id is its name without ``.ipynb``; a file found in a folder is named by its
    path inside that folder (``alice/ex01.ipynb`` -> ``alice__ex01``). Clashing ids get a
    suffix (``-2``...). A path that does not exist is kept and reported when graded.
    """
    found: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            for notebook in sorted(path.rglob("*.ipynb")):
                if ".ipynb_checkpoints" not in notebook.parts and notebook.is_file():
                    found.append((notebook, _name(notebook.relative_to(path))))
        else:
            found.append((path, _name(Path(path.name))))
    seen: Counter[str] = Counter()
    submissions = []
    for path, name in found:
        seen[name] += 1
        submissions.append(Submission(path, name if seen[name] == 1 else f"{name}-{seen[name]}"))
    return submissions


def read_notebook(path: Path):
    """Parse a submission as a notebook, or raise :class:`SubmissionError` saying why not."""
    import nbformat

    if not path.is_file():
        raise SubmissionError(Status.INVALID, f"{path} does not exist or is not a file")
    if path.stat().st_size > MAX_NOTEBOOK_BYTES:
        raise SubmissionError(Status.INVALID, f"the file is larger than "
                                         f"{MAX_NOTEBOOK_BYTES // 2**20} MiB")
    try:
        text = path.read_bytes().decode("utf-8")
        content = json.loads(text)
    except UnicodeDecodeError:
        raise SubmissionError(Status.INVALID,
                              "not a notebook: the file is not UTF-8 text") from None
    except ValueError as error:
        raise SubmissionError(Status.INVALID, f"not a notebook: not valid JSON ({error})") from None
    if not isinstance(content, dict) or not isinstance(content.get("cells"), list):
        raise SubmissionError(Status.INVALID, "not a notebook: JSON without a list of cells")
    try:
        nb = nbformat.reads(text, as_version=4, capture_validation_error={})
        sources = [cell.source for cell in nb.cells if cell.cell_type == "code"]
    except Exception as error:  # nbformat raises many kinds on malformed cells
        raise SubmissionError(Status.INVALID, f"not a readable notebook ({error})") from None
    if not all(isinstance(source, str) for source in sources):
        raise SubmissionError(Status.INVALID, "not a readable notebook (a cell has no source)")
    if not any(source.strip() for source in sources):
        raise SubmissionError(Status.INVALID, "empty notebook: it has no code")
    return nb


def detect_set(nb) -> str | None:
    """The exercise set of a notebook: its ``rnn_course`` metadata, else its check calls."""
    declared = nb.metadata.get("rnn_course", {}).get("exercise_set")
    if isinstance(declared, str) and re.fullmatch(r"ex\d{2}", declared):
        return declared
    calls = Counter(match for cell in nb.cells if cell.cell_type == "code"
                    for match in _CHECK_CALL.findall(cell.source))
    return calls.most_common(1)[0][0] if calls else None


# Where the course's answers live: the reference implementations, and the grader's
# exercise sets and registry (whose questions hold the reference as ``.reference``).
_REFERENCE_MODULES = ("rnn_course.reference", "rnn_course.grading.sets",
                      "rnn_course.grading.registry", "rnn_course.grading.spec")
_REFERENCE_NAMES = {"reference", "sets", "registry", "spec"}
_REFERENCE_TEXT = re.compile(r"rnn_course\W+(reference|grading\W+(sets|registry|spec))\b")


def _names_reference(module: str, names: Iterable[str] = ()) -> bool:
    if module.startswith(_REFERENCE_MODULES):
        return True
    return module in ("rnn_course", "rnn_course.grading") and bool(
        _REFERENCE_NAMES & set(names))


def _code_uses_reference(source: str) -> bool:
    """Imports (any form), ``importlib``/``__import__`` strings and ``.reference``
    attributes that reach the course's answers."""
    # IPython magics and shell lines are not Python; blank them out, keep the rest
    lines = ["" if line.lstrip().startswith(("%", "!")) else line
             for line in source.splitlines()]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return bool(_REFERENCE_TEXT.search(source))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
                _names_reference(alias.name) for alias in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and _names_reference(
                node.module or "", (alias.name for alias in node.names)):
            return True
        if isinstance(node, ast.Attribute) and node.attr == "reference":
            return True
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                _REFERENCE_TEXT.search(node.value):
            return True
    return False


def uses_reference(nb) -> bool:
    """True when the code reaches the course's reference answers, whatever the import
    path (``from rnn_course.grading.sets.ex04 import ...``, ``registry.question(...)
    .reference``, ``importlib.import_module("rnn_course.reference")``...): worth a look."""
    return any(_code_uses_reference(cell.source) for cell in nb.cells
               if cell.cell_type == "code")
