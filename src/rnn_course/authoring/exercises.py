"""Each exercise set's student and solution notebooks from its master and its spec.

The spec (``src/rnn_course/grading/sets/exNN.py``) is the one place for ids, numbers,
titles and points; the master notebook ``exercises/masters/exNN_<slug>.ipynb`` holds only
prose and code. This module renders the rest from the spec:

- the title ``# Exercises N. <set title>`` and the line "K graded exercises, P points in
  all", above the master's first markdown cell (the introduction);
- each question's heading ``## Exercise N.M: <title> (P points)`` above its prompt (the
  markdown cell just before its solution cell) and, below the prompt, the list of graded
  properties with their points;
- a check cell ``check("exNN.name", name)`` after each solution cell;
- the closing "Your score" heading and ``check_all("exNN")`` cell.

A master must therefore not contain any of these; :func:`problems` lists what disagrees
(a typed heading, points, a check cell, a question missing or out of order, a solution
marker outside a question cell) and the build refuses such a master.

Cells of a master:

- a solution cell: ``metadata.rnn_course.question`` names the question (``"ex01.one_hot"``);
  its solution lies between the lines ``# BEGIN SOLUTION`` and ``# END SOLUTION`` (several
  blocks are allowed, e.g. two methods of a class). The student gets a stub instead:
  ``raise NotImplementedError("Exercise N.M: ...")`` (a value answer: ``name = ...``);
- a cell tagged ``example``: code run in the solution notebook; the student notebook shows
  it with the output of the executed solution under the heading "Example output" (never
  print a graded value in it);
- a cell tagged ``solution-only``: only in the solution notebook (a discussion);
- any other cell: copied to both.

Outputs: the student notebook ``exercises/exNN_<slug>.ipynb`` (outputs cleared, Colab
badge and install cell first) and the executed solution notebook
``exercises/solutions/exNN_<slug>.ipynb`` (markers removed; nbval checks it).

The command line is ``scripts/build_exercises.py``.
"""

from __future__ import annotations

import copy
import re
import time
from pathlib import Path

import nbformat

from rnn_course.authoring.checkout import ROOT
from rnn_course.authoring.colab import BADGE_TAGS, badge_source
from rnn_course.authoring.execute import run
from rnn_course.grading import registry

EXERCISES = ROOT / "exercises"
MASTERS = EXERCISES / "masters"
SOLUTIONS = EXERCISES / "solutions"
BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
SOLUTION_ONLY, EXAMPLE, CHECK = "solution-only", "example", "check"
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
# What the spec renders, and a master must not type (see problems()).
RENDERED = [(re.compile(r"^#{1,2} Exercises? \d", re.M), "a heading 'Exercise N...'"),
            (re.compile(r"\(\d+ points?\)|\d+ points? in all"), "points"),
            (re.compile(r"^Points:", re.M), "a 'Points:' line"),
            (re.compile(r"\bcheck(_all)?\("), "a check cell")]


class MasterError(ValueError):
    """A master notebook that disagrees with its spec or is malformed."""


def masters() -> list[Path]:
    return sorted(MASTERS.glob("ex[0-9][0-9]_*.ipynb"))


def student_path(master: Path) -> Path:
    return EXERCISES / master.name


def solution_path(master: Path) -> Path:
    return SOLUTIONS / master.name


def set_id(master: Path) -> str:
    return master.name.split("_")[0]


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


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
                raise MasterError(f"nested {BEGIN} in {question.id}")
            inside = True
            student.append(_stub(question, line[: len(line) - len(line.lstrip())]))
        elif marker == END:
            if not inside:
                raise MasterError(f"{END} without {BEGIN} in {question.id}")
            inside = False
        else:
            (hidden if inside else student).append(line)
            solution.append(line)
    if inside:
        raise MasterError(f"{BEGIN} without {END} in {question.id}")
    if not hidden:
        raise MasterError(f"solution cell of {question.id} has no {BEGIN} block")
    return "\n".join(student), "\n".join(solution), hidden


def _has_marker(source: str) -> bool:
    return any(line.strip() in (BEGIN, END) for line in source.splitlines())


def problems(master: Path) -> list[str]:
    """Where ``master`` disagrees with its spec or would leak; empty when it is fine."""
    nb = nbformat.read(master, as_version=4)
    exercise_set = registry.exercise_set(set_id(master))
    found, out = [], []
    for number, cell in enumerate(nb.cells, 1):
        where = f"{master.name}, cell {number}"
        try:
            question = question_of(cell)
        except KeyError as error:
            out.append(f"{where}: {error.args[0]}")
            continue
        if question is None and _has_marker(cell.source):
            out.append(f"{where}: {BEGIN} / {END} outside a question cell would be copied "
                       "into the student notebook; add metadata rnn_course.question to "
                       "the cell, or remove the markers")
        if question is not None:
            found.append(question.id)
            previous = nb.cells[number - 2] if number > 1 else None
            if previous is None or previous.cell_type != "markdown":
                out.append(f"{where}: the cell before {question.id}'s solution must be its "
                           "prompt (markdown)")
        if number > 2:  # the badge and the install cell are generated
            for pattern, what in RENDERED:
                if pattern.search(cell.source):
                    out.append(f"{where}: {what} is rendered from the spec "
                               f"(sets/{exercise_set.id}.py); remove it from the master")
    expected = [q.id for q in exercise_set.questions]
    if found != expected:
        out.append(f"{master.name}: solution cells answer {found}, the spec asks {expected} "
                   "(in this order)")
    return out


def solution_lines(master: Path) -> list[str]:
    """Every line between solution markers in any cell of ``master`` (for the leak test)."""
    nb = nbformat.read(master, as_version=4)
    lines, inside = [], False
    for cell in nb.cells:
        for line in cell.source.splitlines():
            if line.strip() in (BEGIN, END):
                inside = line.strip() == BEGIN
            elif inside:
                lines.append(line)
    return lines


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _title_cell(exercise_set, intro: str) -> str:
    return (f"# Exercises {exercise_set.chapter}. {exercise_set.title}\n\n"
            f"*{_plural(len(exercise_set.questions), 'graded exercise')}, "
            f"{_plural(exercise_set.max_points, 'point')} in all.*\n\n{intro}")


def _prompt(question, prompt: str) -> str:
    graded = "\n".join(f"- {p.name}: {_plural(p.points, 'point')}" for p in question.properties)
    return (f"## Exercise {question.number}: {question.title} "
            f"({_plural(question.max_points, 'point')})\n\n{prompt}\n\n"
            f"**Graded** ({_plural(question.max_points, 'point')}):\n\n{graded}")


def _check_cell(source: str, cell_id: str):
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": [CHECK]})
    cell.id = cell_id
    return cell


def _markdown(source: str, cell_id: str):
    cell = nbformat.v4.new_markdown_cell(source)
    cell.id = cell_id
    return cell


def _output_text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif "text/plain" in output.get("data", {}):
            parts.append(output.data["text/plain"] + "\n")
    return "".join(parts).rstrip("\n")


def _example_cell(cell, solved: dict) -> object:
    """The student's view of an example: its code and the solution's output, as Markdown."""
    output = _output_text(solved.get(cell.get("id"), {}))
    text = f"**Example output** (the course's solution):\n\n```python\n{cell.source}\n```"
    if output:
        text += f"\n\n```text\n{output}\n```"
    return _markdown(text, f"{cell.get('id')}-output")


def _metadata(master: Path, role: str) -> dict:
    return {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"},
            "rnn_course": {"exercise_set": set_id(master), "role": role}}


def _solved_cells(master: Path) -> dict:
    """The executed solution notebook's cells by id (empty before its first build)."""
    path = solution_path(master)
    if not path.exists():
        return {}
    return {c.get("id"): c for c in nbformat.read(path, as_version=4).cells}


def _generated(master: Path, role: str, target: Path):
    errors = problems(master)
    if errors:
        raise MasterError("\n".join(errors))
    master_nb = nbformat.read(master, as_version=4)
    exercise_set = registry.exercise_set(set_id(master))
    solved = _solved_cells(master) if role == "student" else {}
    nb = nbformat.v4.new_notebook(metadata=_metadata(master, role))
    titled = False
    for index, cell in enumerate(master_nb.cells):
        if role == "student" and SOLUTION_ONLY in _tags(cell):
            continue
        cell = copy.deepcopy(cell)
        question = question_of(cell)
        following = master_nb.cells[index + 1] if index + 1 < len(master_nb.cells) else None
        if cell.cell_type == "markdown" and index > 0 and not titled:
            cell.source, titled = _title_cell(exercise_set, cell.source), True
        elif following is not None and question_of(following):
            cell.source = _prompt(question_of(following), cell.source)
        if question:
            student, solution, _ = split_source(cell.source, question)
            cell.source = student if role == "student" else solution
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        if role == "student" and EXAMPLE in _tags(cell):
            cell = _example_cell(cell, solved)
        nb.cells.append(cell)
        if question:
            nb.cells.append(_check_cell(f'check("{question.id}", {question.name})',
                                        f"{question.name}-check"))
    nb.cells.append(_markdown("## Your score\n\nRun the cell below to re-check every "
                              "exercise and add up your points.", "score"))
    nb.cells.append(_check_cell(f'check_all("{exercise_set.id}")', "check-all"))
    badge = nb.cells[0]
    badge.source, badge.metadata["tags"] = badge_source(target), list(BADGE_TAGS)
    return nb


def build_student(master: Path):
    """The student notebook of ``master`` (not written); examples show the outputs of the
    solution notebook as last written."""
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
    solution = solution_path(master)
    if not solution.exists() or structure(nbformat.read(solution, as_version=4)) != \
            structure(build_solution(master)):
        out.append(solution)
    student = student_path(master)
    if not student.exists() or student.read_text() != student_text(master):
        out.append(student)
    return out


def build(master: Path) -> float:
    """Write the executed solution notebook, then the student notebook (whose examples
    show the solution's outputs); return seconds."""
    start = time.perf_counter()
    solution = build_solution(master)
    SOLUTIONS.mkdir(exist_ok=True)
    run(solution, SOLUTIONS, timeout=300)
    nbformat.write(solution, solution_path(master))
    student_path(master).write_text(student_text(master))
    return time.perf_counter() - start
