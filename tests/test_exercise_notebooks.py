"""Generated exercise notebooks are up to date, agree with their specs, leak no solution,
and behave as promised.

Regenerate them with ``python scripts/build_exercises.py`` after editing a master.
"""

from __future__ import annotations

import keyword

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from rnn_course.authoring import exercises as build
from rnn_course.authoring.checkout import ROOT
from rnn_course.authoring.colab import badge_source, install_source, is_install_cell
from rnn_course.grading import registry

MASTERS = build.masters()
REBUILD = "run: python scripts/build_exercises.py"


def tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


@pytest.fixture(params=MASTERS, ids=[m.name for m in MASTERS])
def master(request) -> Path:
    return request.param


def test_every_exercise_set_has_a_master():
    assert {build.set_id(m) for m in MASTERS} == set(registry.set_ids())


def test_master_agrees_with_its_spec(master):
    assert build.problems(master) == []


def test_student_notebook_is_up_to_date(master):
    student = build.student_path(master)
    assert student.exists(), REBUILD
    assert student.read_text() == build.student_text(master), REBUILD


def test_solution_notebook_is_up_to_date(master):
    solution = nbformat.read(build.solution_path(master), as_version=4)
    assert build.structure(solution) == build.structure(build.build_solution(master)), REBUILD


def _meaningful(line: str) -> bool:
    """A line that could give an answer away: not a comment, and more than keywords and
    punctuation (``else:`` or ``)`` also stand in the install cell and the stubs)."""
    text = line.strip()
    names = re.findall(r"\w+", text)
    return not text.startswith("#") and any(not keyword.iskeyword(n) for n in names)


def test_no_solution_leaks_into_the_student_notebook(master):
    """Every cell of the student notebook, markdown and examples included, against every
    solution line of every cell of the master."""
    student = nbformat.read(build.student_path(master), as_version=4)
    text = "\n".join(cell.source for cell in student.cells)
    assert build.BEGIN not in text and build.END not in text
    leaked = [line.strip() for line in build.solution_lines(master)
              if _meaningful(line) and line.strip() in text]
    assert not leaked, f"solution lines in the student notebook: {leaked}"
    master_nb = nbformat.read(master, as_version=4)
    for cell in master_nb.cells:
        if build.SOLUTION_ONLY in tags(cell):
            assert cell.source not in text


def test_examples_show_the_solutions_output_but_no_graded_value(master):
    student = nbformat.read(build.student_path(master), as_version=4)
    examples = [c.source for c in student.cells if "**Example output**" in c.source]
    exercise_set = registry.exercise_set(build.set_id(master))
    assert examples and all("```text" in example for example in examples)
    for question in exercise_set.questions:
        if question.kind == "value":
            answer = str(np.asarray(question.reference()).round(6).tolist())
            assert not [e for e in examples if answer in e]


def test_student_notebook_layout(master):
    path = build.student_path(master)
    nb = nbformat.read(path, as_version=4)
    badge, install = nb.cells[0], nb.cells[1]
    assert badge.source == badge_source(path) and tags(badge) == ["remove-cell"]
    assert is_install_cell(install) and install.source == install_source()
    assert nb.metadata["rnn_course"]["exercise_set"] == build.set_id(master)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    exercise_set = registry.exercise_set(build.set_id(master))
    assert f"# Exercises {exercise_set.chapter}. {exercise_set.title}\n" in prose
    for question in exercise_set.questions:
        assert f'Exercise {question.number}: ' in code, f"no stub for {question.id}"
        assert re.search(rf'check\("{re.escape(question.id)}", {question.name}\)', code)
        points = f"{question.max_points} point{'s' if question.max_points > 1 else ''}"
        assert f"## Exercise {question.number}: {question.title} ({points})" in prose
    assert f'check_all("{exercise_set.id}")' in nb.cells[-1].source


def _run(nb, folder: Path):
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.outputs)


def test_untouched_student_notebook_runs_to_the_end_with_zero_points(master):
    nb = nbformat.read(build.student_path(master), as_version=4)
    output = _run(nb, build.student_path(master).parent)
    exercise_set = registry.exercise_set(build.set_id(master))
    assert output.count("NOT ATTEMPTED") == len(exercise_set.questions)
    assert f"Total: 0 / {exercise_set.max_points} points" in output


def test_solution_notebook_is_executed_with_full_marks(master):
    nb = nbformat.read(build.solution_path(master), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), REBUILD
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    exercise_set = registry.exercise_set(build.set_id(master))
    assert f"Total: {exercise_set.max_points} / {exercise_set.max_points} points" in \
        "".join(o.get("text", "") for o in code[-1].outputs)


QUESTION = registry.question("ex01.one_hot")


def test_stub_keeps_the_indentation_of_the_solution():
    source = "def one_hot(i, v):\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTION"
    student, solution, hidden = build.split_source(source, QUESTION)
    assert student == ('def one_hot(i, v):\n    raise NotImplementedError('
                       '"Exercise 1.2: replace this line with your code")')
    assert solution == "def one_hot(i, v):\n    return 1" and hidden == ["    return 1"]


@pytest.mark.parametrize("source", [
    "x = 1", "# BEGIN SOLUTION\nx = 1", "x = 1\n# END SOLUTION",
    "# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION"])
def test_unbalanced_markers_are_refused(source):
    with pytest.raises(build.MasterError):
        build.split_source(source, QUESTION)


def _broken_master(tmp_path, edit) -> Path:
    """A copy of ex01's master, changed by ``edit(cells)``, named like a master."""
    master = next(m for m in MASTERS if build.set_id(m) == "ex01")
    nb = nbformat.read(master, as_version=4)
    edit(nb.cells)
    path = tmp_path / master.name
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("edit, words", [
    (lambda cells: cells.insert(4, nbformat.v4.new_code_cell(
        "helper = 1\n# BEGIN SOLUTION\nsecret = 42\n# END SOLUTION")),
     "outside a question cell"),
    (lambda cells: cells.insert(4, nbformat.v4.new_markdown_cell(
        "## Exercise 1.1: Cut a series (3 points)")), "rendered from the spec"),
    (lambda cells: cells.append(nbformat.v4.new_code_cell('check_all("ex01")')),
     "a check cell"),
    (lambda cells: cells.__delitem__(next(i for i, c in enumerate(cells) if c.get(
        "metadata", {}).get("rnn_course", {}).get("question") == "ex01.one_hot")),
     "the spec asks"),
])
def test_a_master_that_disagrees_with_its_spec_is_refused(tmp_path, edit, words):
    path = _broken_master(tmp_path, edit)
    assert any(words in problem for problem in build.problems(path))
    with pytest.raises(build.MasterError, match=words):
        build.build_student(path)
