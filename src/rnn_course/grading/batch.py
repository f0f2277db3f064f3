"""Grade a batch of submitted notebooks: gradebook, feedback files, Gradescope results.

For each submission: read it (never write it), tell its exercise set, generate the
questions' cases from the grader's seed, run the notebook and the probes in the sandbox
(:mod:`rnn_course.grading.sandbox`), then score the returned data here, in the grader's
process, with the same code as the in-notebook checks. A submission that cannot be graded
gets rows with a status and a message; the batch always goes on.

Output folder::

    DIR/gradebook.csv              one row per submission and question
    DIR/feedback/<submission>.md   per-property feedback
    DIR/results/<submission>.json  the record everything else is written from
    DIR/gradescope/<submission>/results.json   with gradescope=True

Every file is written atomically (temporary file, then rename). A submission whose record
exists and whose file is unchanged (same SHA-256) is skipped unless ``regrade``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rnn_course.grading import registry, report
from rnn_course.grading.gradescope import results_json
from rnn_course.grading.probe import MAX_ARRAY_BYTES, STATUSES
from rnn_course.grading.sandbox import Limits, Probe, run_in_sandbox
from rnn_course.grading.scoring import QuestionResult, score, unanswered
from rnn_course.grading.spec import Case, ExerciseSet, Question
from rnn_course.grading.status import Status
from rnn_course.grading.submissions import (Submission, SubmissionError, detect_set,
                                            find_submissions, read_notebook, uses_reference)

GRADEBOOK_COLUMNS = ("submission", "exercise", "question", "points", "max_points", "status",
                     "message")
MAX_OUTCOMES_BYTES = 2**20
# what a notebook that did not complete means for the questions it left unanswered
_SANDBOX_STATUS = {"timeout": Status.TIMEOUT, "kernel died": Status.ERROR,
                   "crashed": Status.GRADER_ERROR}


@dataclass(frozen=True)
class Settings:
    """How a batch is graded (the CLI's options)."""

    out: Path
    seed: int
    limits: Limits = field(default_factory=Limits)
    workers: int = 1
    exercise: str | None = None
    regrade: bool = False
    gradescope: bool = False
    kernel_name: str = "python3"


# ------------------------------------------------------------------ files ------------


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def _record_path(out: Path, submission_id: str) -> Path:
    return out / "results" / f"{submission_id}.json"


def _load_record(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


# ---------------------------------------------------------- reading probe data -------


def _argument_spec(arg, key: str, arrays: dict) -> dict:
    if isinstance(arg, np.ndarray):
        arrays[key] = arg
        return {"array": key}
    return {"list": list(arg)} if isinstance(arg, list) else {"scalar": arg}


def _write_plan(folder: Path, question: Question, cases: list[tuple[int, Case]]) -> None:
    folder.mkdir(parents=True)
    arrays, plan = {}, []
    for index, (prop, case) in enumerate(cases):
        args = None if case.args is None else [
            _argument_spec(arg, f"case{index}_arg{position}", arrays)
            for position, arg in enumerate(case.args)]
        plan.append({"args": args, "driver": question.properties[prop].driver})
    np.savez(folder / "inputs.npz", **arrays)
    (folder / "plan.json").write_text(json.dumps({"cases": plan}))


def load_outcomes(folder: Path, count: int) -> list[tuple[dict, np.ndarray | None]]:
    """Read what the kernel returned, as data only; ``ValueError`` if it is malformed."""
    outcomes_file, arrays_file = folder / "outcomes.json", folder / "outputs.npz"
    if outcomes_file.stat().st_size > MAX_OUTCOMES_BYTES:
        raise ValueError("outcomes.json is too large")
    outcomes = json.loads(outcomes_file.read_text())
    if not isinstance(outcomes, list) or len(outcomes) != count or not all(
            isinstance(o, dict) and o.get("status") in STATUSES for o in outcomes):
        raise ValueError("outcomes.json does not describe the grader's cases")
    with zipfile.ZipFile(arrays_file) as archive:  # refuse a zip bomb before loading
        if sum(info.file_size for info in archive.infolist()) > count * MAX_ARRAY_BYTES:
            raise ValueError("outputs.npz is too large")
    result = []
    with np.load(arrays_file, allow_pickle=False) as arrays:
        for index, outcome in enumerate(outcomes):
            array = arrays[f"case{index}"] if f"case{index}" in arrays.files else None
            if outcome["status"] == "returned" and (
                    array is None or array.dtype.kind not in "biuf"):
                outcome, array = {"status": "not numeric", "type": "unreadable"}, None
            result.append((outcome, array))
    return result


def _question_result(question: Question, cases, folder: Path, sandbox: dict) -> QuestionResult:
    probe = sandbox.get("probes", {}).get(question.id, {"status": "not run", "message": ""})
    if probe["status"] == "done":
        try:
            outcomes = load_outcomes(folder, len(cases))
        except (OSError, ValueError, zipfile.BadZipFile) as error:
            return unanswered(question, Status.ERROR,
                              f"the answer could not be read back ({error})")
        try:
            return score(question, cases, outcomes)
        except Exception as error:  # the reference or a mistake's code failed: ours
            return unanswered(question, Status.GRADER_ERROR,
                              f"the grader failed while judging {question.name}, not the "
                              f"learner's code ({error!r})")
    if probe["status"] == "timeout":
        return unanswered(question, Status.TIMEOUT, f"{question.name} {probe['message']}")
    if probe["status"] == "error":
        return unanswered(question, Status.ERROR, f"calling {question.name} failed in the "
                                                  f"kernel ({probe['message']})")
    status = _SANDBOX_STATUS.get(sandbox.get("status"), Status.ERROR)
    return unanswered(question, status, sandbox.get("message") or "the notebook did not run")


def _sandbox_notes(sandbox: dict, limits: Limits) -> list[str]:
    notes = [f"cell {e['cell']} raised {e['error']}" for e in sandbox.get("cell_errors", [])]
    notes += [f"cell {n} did not finish within {limits.cell_timeout:g} s and was "
              "interrupted" for n in sandbox.get("cell_timeouts", [])]
    if sandbox.get("output_truncated"):
        notes.append(f"the notebook printed more than {limits.max_output // 1024} KiB; "
                     "the rest of its output was dropped")
    if sandbox.get("kernel_died_in"):
        notes.append(f"the kernel died while running cell {sandbox['kernel_died_in']} (it "
                     "exited, crashed, or ran out of memory): the answers were graded as "
                     "defined by the cells before it, run again in a fresh kernel")
    if sandbox.get("status") != "completed" and sandbox.get("message"):
        notes.append(sandbox["message"])
    return notes


# -------------------------------------------------------------- one submission -------


def _choose_set(nb, expected: str | None) -> ExerciseSet:
    detected = detect_set(nb)
    if expected and detected and detected != expected:
        raise SubmissionError(Status.WRONG_EXERCISE,
                              f"this notebook is exercise set {detected}, not {expected}")
    chosen = expected or detected
    if chosen is None:
        raise SubmissionError(Status.UNKNOWN_EXERCISE, "cannot tell which exercise set this is "
                              "(no rnn_course metadata, no check(\"exNN...\") cells); "
                              "use --exercise")
    try:
        return registry.exercise_set(chosen)
    except KeyError as error:
        raise SubmissionError(Status.UNKNOWN_EXERCISE, str(error.args[0])) from None


def _row(result: QuestionResult) -> dict:
    """The structured record of one question (see :func:`grade_submission`)."""
    failed = [f"FAIL  {p.name} ({p.points}/{p.max_points}): {p.message}"
              for p in result.properties if not p.passed]
    message = " | ".join(failed) if result.properties else result.message
    return {"question": result.question.id, "number": result.question.number,
            "name": result.question.name, "title": report.heading(result),
            "points": result.points, "max_points": result.max_points,
            "status": str(result.status), "message": message,
            "properties": [p.record() for p in result.properties],
            "notes": list(result.notes),
            "details": "\n".join(report.property_lines(result) +
                                 [f"note: {note}" for note in result.notes])}


def _record(submission: Submission, sha256: str, settings: Settings,
            exercise_set: ExerciseSet | None, results: list[QuestionResult],
            notes: list[str], failure: SubmissionError | None = None) -> dict:
    if exercise_set is None:  # nothing to attach the failure to but the submission
        rows = [{"question": "", "number": "", "name": "", "title": "submission",
                 "points": 0, "max_points": 0, "status": str(failure.status),
                 "message": failure.message, "properties": [], "notes": [],
                 "details": failure.message}]
    else:
        rows = [_row(r) for r in results]
    set_title = f"{exercise_set.id}: {exercise_set.title}" if exercise_set else "unknown"
    feedback = report.feedback_markdown(submission.id, set_title, results,
                                        notes + ([failure.message] if failure else []))
    return {"submission": submission.id, "source": str(submission.path), "sha256": sha256,
            "exercise": exercise_set.id if exercise_set else "", "seed": settings.seed,
            "rows": rows, "notes": notes, "feedback": feedback}


def failure_record(submission, sha256, settings, failure: SubmissionError) -> dict:
    """The record of a submission that cannot be graded: every question gets
    ``failure``'s status and message (or one row, without an exercise set)."""
    exercise_set = registry.exercise_set(settings.exercise) if settings.exercise else None
    results = [unanswered(q, failure.status, failure.message)
               for q in (exercise_set.questions if exercise_set else ())]
    return _record(submission, sha256, settings, exercise_set, results, [], failure)


def grade_submission(submission: Submission, settings: Settings) -> dict:
    """Grade one submission in a temporary folder; return its record.

    The record (``results/<submission>.json``)::

        {"submission": id, "source": path, "sha256": ..., "exercise": "ex04", "seed": 7,
         "notes": [text, ...],            # about the whole notebook (cells that raised...)
         "rows": [{"question": "ex04.rnn_forward", "number": "4.2", "name": "rnn_forward",
                   "title": "Exercise 4.2: ...", "points": 3, "max_points": 4,
                   "status": a Status value, "message": the failures in one line,
                   "properties": [{"name", "points", "max_points", "passed", "message"}],
                   "notes": [text, ...],   # about this answer (copied course code...)
                   "details": the per-property lines the learner's check prints}],
         "feedback": the Markdown feedback}

    A submission that cannot be graded at all has one row with question ``""``.
    """
    sha256 = _sha256(submission.path)
    try:
        nb = read_notebook(submission.path)
        exercise_set = _choose_set(nb, settings.exercise)
    except SubmissionError as failure:
        return failure_record(submission, sha256, settings, failure)
    job = Path(tempfile.mkdtemp(prefix="rnn-course-grade-"))
    try:
        work = job / "work"
        work.mkdir()
        notebook = work / "submission.ipynb"
        shutil.copyfile(submission.path, notebook)
        plans = [(q, q.cases(settings.seed), job / "probe" / q.id)
                 for q in exercise_set.questions]
        for question, cases, folder in plans:
            _write_plan(folder, question, cases)
        probes = [Probe(q.id, q.name, str(folder)) for q, _, folder in plans]
        sandbox = run_in_sandbox(job, notebook, probes, settings.limits, settings.kernel_name)
        results = [_question_result(q, cases, folder, sandbox) for q, cases, folder in plans]
    finally:
        shutil.rmtree(job, ignore_errors=True)
    notes = _sandbox_notes(sandbox, settings.limits)
    if uses_reference(nb):
        notes.append("the code uses the course's reference answers (rnn_course.reference "
                     "or the grader's exercise sets): worth a look")
    return _record(submission, sha256, settings, exercise_set, results, notes)


# -------------------------------------------------------------------- the batch ------


def _write_outputs(record: dict, settings: Settings) -> None:
    """Write the feedback (and Gradescope) files of a record that are missing or new."""
    feedback = settings.out / "feedback" / f"{record['submission']}.md"
    write_atomic(feedback, record["feedback"])
    if settings.gradescope:
        total = sum(r["points"] for r in record["rows"])
        possible = sum(r["max_points"] for r in record["rows"])
        summary = f"{record['exercise'] or 'submission'}: {total} / {possible} points"
        path = settings.out / "gradescope" / record["submission"] / "results.json"
        write_atomic(path, json.dumps(results_json(record["rows"], summary), indent=2))


def write_gradebook(out: Path) -> Path:
    """Rewrite ``gradebook.csv`` from every record in ``out/results``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, GRADEBOOK_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for path in sorted((out / "results").glob("*.json")):
        record = _load_record(path)
        for row in (record or {}).get("rows", []):
            writer.writerow({**row, "submission": record["submission"],
                             "exercise": record["exercise"]})
    write_atomic(out / "gradebook.csv", buffer.getvalue())
    return out / "gradebook.csv"


def grader_errors(records: Iterable[dict]) -> list[str]:
    """``submission: question`` of every row the grader itself failed on."""
    return [f"{record['submission']}: {row['question'] or 'submission'}" for record in records
            for row in record["rows"] if row["status"] == Status.GRADER_ERROR]


def summary_line(record: dict) -> str:
    total = sum(r["points"] for r in record["rows"])
    possible = sum(r["max_points"] for r in record["rows"])
    statuses = ", ".join(sorted({r["status"] for r in record["rows"]}))
    return f"{record['submission']}: {total} / {possible} points ({statuses})"


def grade_batch(paths: Iterable[Path], settings: Settings,
                progress: Callable[[str], None] = print) -> list[dict]:
    """Grade every submission under ``paths``; return their records (skipped ones too)."""
    settings.out.mkdir(parents=True, exist_ok=True)
    records, todo = {}, []
    for submission in find_submissions(paths):
        previous = _load_record(_record_path(settings.out, submission.id))
        if (not settings.regrade and previous
                and previous.get("sha256") == _sha256(submission.path)):
            records[submission.id] = previous
            _write_outputs(previous, settings)
            progress(f"{submission.id}: already graded, skipped (use --regrade to grade again)")
        else:
            todo.append(submission)

    def grade_and_save(submission: Submission) -> dict:
        try:
            record = grade_submission(submission, settings)
        except Exception as error:  # a grader bug or a full disk must not stop the batch
            failure = SubmissionError(Status.GRADER_ERROR, f"the grader failed, not the "
                                                           f"submission: {error!r}")
            record = failure_record(submission, _sha256(submission.path), settings, failure)
        write_atomic(_record_path(settings.out, submission.id), json.dumps(record, indent=1))
        _write_outputs(record, settings)
        progress(summary_line(record))
        return record

    with ThreadPoolExecutor(max_workers=max(1, settings.workers)) as pool:
        for record in pool.map(grade_and_save, todo):
            records[record["submission"]] = record
    write_gradebook(settings.out)
    return list(records.values())
