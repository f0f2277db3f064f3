"""Generate each exercise set's student and solution notebooks from its master notebook.

A master notebook ``exercises/masters/exNN_<slug>.ipynb`` holds the prompts, the solutions
and the check cells. In a solution cell (``metadata.rnn_course.question`` names the
question, e.g. ``"ex01.one_hot"``) the solution lies between the lines
``# BEGIN SOLUTION`` and ``# END SOLUTION``; cells tagged ``solution-only`` (e.g. a
discussion of the answer) exist only in the solution notebook.

- Student notebook ``exercises/exNN_<slug>.ipynb``: each solution block becomes a stub
  that raises ``NotImplementedError("Exercise N.M: ...")`` (a value answer becomes
  ``name = ...``), outputs cleared, the Colab badge and the install cell first.
- Solution notebook ``exercises/solutions/exNN_<slug>.ipynb``: markers removed, executed
  with outputs (nbval checks it like a chapter).

    python scripts/build_exercises.py             # rebuild every set
    python scripts/build_exercises.py --check     # exit 1 if a generated notebook is stale
    python scripts/build_exercises.py exercises/masters/ex01_*.ipynb
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from colab_cells import BADGE_TAGS, ROOT, badge_source  # noqa: E402
from execute_notebooks import run  # noqa: E402

from rnn_course.grading import registry  # noqa: E402

EXERCISES = ROOT / "exercises"
MASTERS = EXERCISES / "masters"
SOLUTIONS = EXERCISES / "solutions"
BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
SOLUTION_ONLY = "solution-only"
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def masters() -> list[Path]:
    return sorted(MASTERS.glob("ex[0-9][0-9]_*.ipynb"))


def student_path(master: Path) -> Path:
    return EXERCISES / master.name


def solution_path(master: Path) -> Path:
    return SOLUTIONS / master.name


def set_id(master: Path) -> str:
    return master.name.split("_")[0]


def question_of(cell):
    """The question a solution cell answers, or None for any other cell."""
    question_id = cell.get("metadata", {}).get("rnn_course", {}).get("question")
    return registry.question(question_id) if question_id else None


def _stub(question, indent: str) -> str:
    if question.kind == "value" and not indent:
        return (f"{question.name} = ...  # Exercise {question.number}: "
                "replace ... with your answer")
    return (f'{indent}raise NotImplementedError("Exercise {question.number}: '
            'replace this line with your code")')


def split_source(source: str, question) -> tuple[str, str, list[str]]:
    """Return ``(student source, solution source, solution lines)`` of a master cell."""
    student, solution, hidden = [], [], []
    inside = False
    for line in source.splitlines():
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise ValueError(f"nested {BEGIN} in {question.id}")
            inside = True
            student.append(_stub(question, line[: len(line) - len(line.lstrip())]))
        elif marker == END:
            if not inside:
                raise ValueError(f"{END} without {BEGIN} in {question.id}")
            inside = False
        else:
            (hidden if inside else student).append(line)
            solution.append(line)
    if inside:
        raise ValueError(f"{BEGIN} without {END} in {question.id}")
    if not hidden:
        raise ValueError(f"solution cell of {question.id} has no {BEGIN} block")
    return "\n".join(student), "\n".join(solution), hidden


def solution_lines(master: Path) -> list[str]:
    """Every line between the solution markers of ``master`` (for the leak test)."""
    nb = nbformat.read(master, as_version=4)
    return [line for cell in nb.cells if question_of(cell)
            for line in split_source(cell.source, question_of(cell))[2]]


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _metadata(master: Path, role: str) -> dict:
    return {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"},
            "rnn_course": {"exercise_set": set_id(master), "role": role}}


def _generated(master: Path, role: str, target: Path):
    master_nb = nbformat.read(master, as_version=4)
    nb = nbformat.v4.new_notebook(metadata=_metadata(master, role))
    for cell in master_nb.cells:
        if role == "student" and SOLUTION_ONLY in _tags(cell):
            continue
        cell = copy.deepcopy(cell)
        question = question_of(cell)
        if question:
            student, solution, _ = split_source(cell.source, question)
            cell.source = student if role == "student" else solution
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        nb.cells.append(cell)
    badge = nb.cells[0]
    badge.source, badge.metadata["tags"] = badge_source(target), list(BADGE_TAGS)
    return nb


def build_student(master: Path):
    """The student notebook of ``master`` (not written)."""
    return _generated(master, "student", student_path(master))


def build_solution(master: Path):
    """The solution notebook of ``master``, not executed (not written)."""
    return _generated(master, "solution", solution_path(master))


def student_text(master: Path) -> str:
    """The student notebook's file content, exactly as :func:`build` writes it."""
    return nbformat.writes(build_student(master)).rstrip("\n") + "\n"


def structure(nb) -> list[tuple]:
    """What the solution notebook must share with a fresh build: everything but outputs."""
    return [(c.cell_type, c.source, tuple(_tags(c)), c.get("id")) for c in nb.cells]


def stale(master: Path) -> list[Path]:
    """The generated notebooks of ``master`` that differ from a fresh build."""
    out = []
    student = student_path(master)
    if not student.exists() or student.read_text() != student_text(master):
        out.append(student)
    solution = solution_path(master)
    if not solution.exists() or structure(nbformat.read(solution, as_version=4)) != \
            structure(build_solution(master)):
        out.append(solution)
    return out


def build(master: Path) -> float:
    """Write the student notebook and the executed solution notebook; return seconds."""
    start = time.perf_counter()
    student_path(master).write_text(student_text(master))
    solution = build_solution(master)
    SOLUTIONS.mkdir(exist_ok=True)
    run(solution, SOLUTIONS, timeout=300)
    nbformat.write(solution, solution_path(master))
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("masters", nargs="*", type=Path,
                        help="master notebooks (default: exercises/masters/*.ipynb)")
    parser.add_argument("--check", action="store_true",
                        help="only report generated notebooks that are out of date")
    args = parser.parse_args(argv)
    chosen = [m.resolve() for m in args.masters] or masters()
    if args.check:
        out_of_date = [p for m in chosen for p in stale(m)]
        for path in out_of_date:
            print(f"stale: {path.relative_to(ROOT)} "
                  "(run: python scripts/build_exercises.py)")
        return 1 if out_of_date else 0
    for master in chosen:
        print(f"{master.relative_to(ROOT)}: {build(master):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
