"""End-to-end tests of the batch grader (``python -m rnn_course.grading grade``).

One batch of submissions, good and bad, is graded once through the real command line
(two workers, small limits); the tests then read its gradebook, feedback and Gradescope
files. Re-runs (skip, --regrade) use a second, smaller output folder.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from grading_helpers import EX01, points
from rnn_course.grading import batch
from rnn_course.grading.status import Status

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "exercises/solutions/ex01_sequences_and_embeddings.ipynb"
STUDENT = ROOT / "exercises/ex01_sequences_and_embeddings.ipynb"
# The memory bomb asks for 5 GiB with np.empty: granted without a limit (no page is
# touched), refused under --memory 3G, so its MemoryError proves the limit works.
LIMITS = ["--timeout", "20", "--cell-timeout", "4", "--memory", "3G", "--max-output", "256k"]

TAMPERING = '''\
import json
import os
import numpy as np
def check(*args, **kwargs):                      # the learner's own "check"
    print("Score: 11 / 11 points")
np.allclose = lambda *args, **kwargs: True       # patched NumPy
np.testing.assert_allclose = lambda *args, **kwargs: None
_dump = json.dump
def _fake_dump(obj, file, **kwargs):             # claims every call returned an array
    return _dump([{"status": "returned"} for _ in obj], file)
json.dump = _fake_dump
def one_hot(indices, vocab_size):                # wrong answer
    return np.zeros(3)
print("Total: 11 / 11 points")
'''

# name -> code cell added to the solution notebook just before its last cell
EXTRA_CELLS = {
    "interrupted_loop": "while True:\n    pass",
    "stubborn_loop": ("import time\nwhile True:\n    try:\n        time.sleep(0.05)\n"
                      "    except KeyboardInterrupt:\n        pass"),
    "slow_function": "def one_hot(indices, vocab_size):\n    while True:\n        pass",
    "memory_bomb": "import numpy as np\nblock = np.empty(5 * 2**30, dtype=np.uint8)",
    "sys_exit": "import sys\nsys.exit(3)",
    "kernel_exit": "import os\nos._exit(1)",
    "deletes_files": ("import os, shutil\nfor name in os.listdir('.'):\n    os.remove(name)\n"
                      "shutil.rmtree(os.path.dirname(os.getcwd()), ignore_errors=True)"),
    "prints_megabytes": "for _ in range(50):\n    print('x' * 100_000)",
    "returns_text": "def embedding_lookup(indices, embeddings):\n    return 'rows'",
    "tampering": TAMPERING,
}


def _with_extra_cell(source: str):
    nb = copy.deepcopy(nbformat.read(SOLUTION, as_version=4))
    nb.cells.insert(len(nb.cells) - 1, nbformat.v4.new_code_cell(source))
    return nb


def _other_exercise():
    nb = nbformat.read(SOLUTION, as_version=4)
    nb.metadata["rnn_course"]["exercise_set"] = "ex99"
    return nb


def _missing_function():
    nb = nbformat.read(SOLUTION, as_version=4)
    nb.cells = [c for c in nb.cells if "def embedding_lookup" not in c.source]
    return nb


def _files(folder: Path) -> dict[str, tuple[str, float]]:
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime)
            for p in folder.iterdir()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    submissions = tmp_path_factory.mktemp("submissions")
    for name, source in EXTRA_CELLS.items():
        nbformat.write(_with_extra_cell(source), submissions / f"{name}.ipynb")
    nbformat.write(_other_exercise(), submissions / "other_exercise.ipynb")
    nbformat.write(_missing_function(), submissions / "missing_function.ipynb")
    nbformat.write(nbformat.v4.new_notebook(), submissions / "empty.ipynb")
    (submissions / "solution.ipynb").write_bytes(SOLUTION.read_bytes())
    (submissions / "student.ipynb").write_bytes(STUDENT.read_bytes())
    (submissions / "not_json.ipynb").write_text("this is not JSON")
    (submissions / "not_notebook.ipynb").write_text('{"hello": "world"}')
    before = _files(submissions)
    out = tmp_path_factory.mktemp("out")
    command = [sys.executable, "-m", "rnn_course.grading", "grade", str(submissions),
               str(submissions / "no_such_file.ipynb"), "--out", str(out), "--workers", "2",
               "--exercise", "ex01", "--seed", "7", "--gradescope", *LIMITS]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    with open(out / "gradebook.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    return {"run": run, "out": out, "rows": rows, "submissions": submissions,
            "before": before}


def rows_of(graded, submission: str) -> dict[str, dict]:
    return {row["question"]: row for row in graded["rows"] if row["submission"] == submission}


def total(graded, submission: str) -> int:
    return sum(int(r["points"]) for r in rows_of(graded, submission).values())


def test_batch_completes_with_exit_code_0(graded):
    assert graded["run"].returncode == 0, graded["run"].stderr
    assert "graded 18 submission(s)" in graded["run"].stdout


def test_gradebook_has_one_row_per_submission_and_question(graded):
    assert list(graded["rows"][0]) == list(batch.GRADEBOOK_COLUMNS)
    assert len(rows_of(graded, "solution")) == len(EX01.questions)
    assert len({r["submission"] for r in graded["rows"]}) == 18
    assert {r["status"] for r in graded["rows"]} <= {str(status) for status in Status}


def test_solution_earns_full_marks(graded):
    rows = rows_of(graded, "solution")
    assert all(r["status"] == "passed" and r["points"] == r["max_points"] for r in rows.values())
    assert total(graded, "solution") == EX01.max_points


def test_student_stub_is_not_attempted(graded):
    rows = rows_of(graded, "student")
    assert {r["status"] for r in rows.values()} == {"not attempted"}
    assert total(graded, "student") == 0
    assert "NotImplementedError" in rows["ex01.one_hot"]["message"]


@pytest.mark.parametrize("submission, status, words", [
    ("not_json", "invalid", "not valid JSON"),
    ("not_notebook", "invalid", "not a notebook"),
    ("empty", "invalid", "empty notebook"),
    ("no_such_file", "invalid", "does not exist"),
    ("other_exercise", "wrong exercise", "exercise set ex99, not ex01"),
    ("stubborn_loop", "timeout", "limit of 20 s"),
])
def test_bad_submissions_get_rows_with_status_and_message(graded, submission, status, words):
    rows = rows_of(graded, submission)
    assert set(rows) == {"ex01.sliding_windows", "ex01.one_hot", "ex01.embedding_lookup"}
    assert {r["status"] for r in rows.values()} == {status}
    assert all(words in r["message"] for r in rows.values())
    assert total(graded, submission) == 0


@pytest.mark.parametrize("submission, note", [
    ("interrupted_loop", "did not finish within 4 s and was interrupted"),
    ("memory_bomb", "raised MemoryError"),
    ("sys_exit", "raised SystemExit"),
    ("prints_megabytes", "the rest of its output was dropped"),
    ("deletes_files", ""),
    # the kernel dies in the cell before check_all: the answers above it still count
    ("kernel_exit", "the kernel died while running cell"),
])
def test_misbehaving_cells_are_contained_and_the_rest_is_graded(graded, submission, note):
    assert total(graded, submission) == EX01.max_points
    feedback = (graded["out"] / "feedback" / f"{submission}.md").read_text()
    assert note in feedback


class FakeClient:
    """Stands in for nbclient: runs a cell for ``seconds``, then fails it or not."""

    def __init__(self, seconds, interrupt=False, die=False):
        self.seconds, self.interrupt, self.die = seconds, interrupt, die
        self.timeout, self.interrupted = 1, False

    async def async_execute_cell(self, cell, index, execution_count):
        import asyncio

        from nbclient.exceptions import DeadKernelError

        await asyncio.sleep(self.seconds)
        self.interrupted = self.interrupt
        if self.die:
            raise DeadKernelError("Kernel died")


@pytest.mark.parametrize("client, remaining, stop", [
    (FakeClient(0.8), 5, None),  # raised near its limit: an error, not an interrupt
    (FakeClient(0.1, interrupt=True), 5, "cell timeout"),
    (FakeClient(0.1, die=True), 5, "kernel died"),
    (FakeClient(3), 0.3, "timeout"),  # the notebook's own clock
])
def test_each_stop_is_told_by_its_event_not_by_the_clock(client, remaining, stop):
    import asyncio

    from rnn_course.grading.sandbox import _execute

    assert asyncio.run(_execute(client, None, 0, remaining)) == stop


def test_records_are_structured(graded):
    record = json.loads((graded["out"] / "results" / "slow_function.json").read_text())
    rows = {row["question"]: row for row in record["rows"]}
    assert rows["ex01.one_hot"]["status"] == Status.TIMEOUT
    passed = rows["ex01.sliding_windows"]
    assert (passed["number"], passed["name"], passed["points"]) == ("1.1", "sliding_windows", 3)
    assert [p["passed"] for p in passed["properties"]] == [True, True, True]


def test_a_function_that_never_returns_times_out_alone(graded):
    rows = rows_of(graded, "slow_function")
    assert rows["ex01.one_hot"]["status"] == "timeout"
    assert total(graded, "slow_function") == 7


def test_wrong_return_type_and_missing_function(graded):
    rows = rows_of(graded, "returns_text")
    assert "expected a NumPy array of numbers" in rows["ex01.embedding_lookup"]["message"]
    rows = rows_of(graded, "missing_function")
    assert rows["ex01.embedding_lookup"]["status"] == "missing"
    assert total(graded, "missing_function") == EX01.max_points - points("ex01.embedding_lookup")


def test_tampering_earns_only_what_it_computed(graded):
    rows = rows_of(graded, "tampering")
    assert rows["ex01.one_hot"]["points"] == "0"
    assert total(graded, "tampering") == EX01.max_points - points("ex01.one_hot")  # the others


def test_feedback_lists_every_property(graded):
    feedback = (graded["out"] / "feedback" / "solution.md").read_text()
    assert f"**Score: {EX01.max_points} / {EX01.max_points} points**" in feedback
    assert feedback.count("- PASS") == sum(len(q.properties) for q in EX01.questions)


def test_gradescope_results(graded):
    results = json.loads((graded["out"] / "gradescope/solution/results.json").read_text())
    assert results["score"] == EX01.max_points and len(results["tests"]) == len(EX01.questions)
    assert {t["status"] for t in results["tests"]} == {"passed"}
    assert sum(t["max_score"] for t in results["tests"]) == EX01.max_points
    bad = json.loads((graded["out"] / "gradescope/not_json/results.json").read_text())
    assert bad["score"] == 0


def test_original_submissions_are_never_modified(graded):
    assert _files(graded["submissions"]) == graded["before"]


def test_outputs_leave_no_temporary_files(graded):
    leftovers = [p for p in graded["out"].rglob("*") if p.name.startswith(".")]
    assert not leftovers


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "gradebook.csv"
    target.write_text("old")

    def failing_replace(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr(batch.os, "replace", failing_replace)
    with pytest.raises(OSError):
        batch.write_atomic(target, "new")
    assert target.read_text() == "old" and list(tmp_path.iterdir()) == [target]


def _grade(paths, out, *extra):
    command = [sys.executable, "-m", "rnn_course.grading", "grade", *map(str, paths),
               "--out", str(out), "--seed", "3", *LIMITS, *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_rerun_skips_graded_submissions_unless_regrade_or_changed(tmp_path):
    solution = tmp_path / "alice.ipynb"
    solution.write_bytes(SOLUTION.read_bytes())
    out = tmp_path / "out"
    assert _grade([solution], out).returncode == 0
    record = out / "results" / "alice.json"
    first = record.stat().st_mtime_ns
    rerun = _grade([solution], out)
    assert "already graded, skipped" in rerun.stdout
    assert record.stat().st_mtime_ns == first
    one_hot = points("ex01.one_hot")
    gradebook = (out / "gradebook.csv").read_text()
    assert f"alice,ex01,ex01.one_hot,{one_hot},{one_hot},passed" in gradebook
    regrade = _grade([solution], out, "--regrade")
    full = f"{EX01.max_points} / {EX01.max_points} points"
    assert f"alice: {full}" in regrade.stdout and record.stat().st_mtime_ns != first
    solution.write_bytes(STUDENT.read_bytes())  # a new version of the file is graded again
    changed = _grade([solution], out)
    assert f"alice: 0 / {EX01.max_points} points" in changed.stdout


def test_unknown_exercise_option_is_a_usage_error(tmp_path):
    run = _grade([SOLUTION], tmp_path / "out", "--exercise", "ex77")
    assert run.returncode == 2 and "unknown exercise set" in run.stderr


def test_parent_stops_an_overrunning_worker_and_its_kernel(tmp_path, monkeypatch):
    from rnn_course.grading import sandbox

    (tmp_path / "work").mkdir()
    notebook = tmp_path / "work" / "s.ipynb"
    nbformat.write(_with_extra_cell(EXTRA_CELLS["stubborn_loop"]), notebook)
    # the backstop fires after 6 s, long before the worker's own limit of 14 s
    monkeypatch.setattr(sandbox, "WORKER_GRACE_SECONDS", -8)
    result = sandbox.run_in_sandbox(tmp_path, notebook, [], sandbox.Limits(timeout=14,
                                                                           cell_timeout=2))
    assert result["status"] == "timeout" and "was stopped" in result["message"]
    kernel = int((tmp_path / "kernel.pid").read_text())
    try:
        state = Path(f"/proc/{kernel}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        state = "gone"
    assert state in ("gone", "Z", "X"), (
        f"kernel {kernel} is still {state!r}; session leader: "
        f"{os.getsid(kernel) == kernel}")


def test_only_kernels_started_by_the_worker_are_stopped():
    """The backstop finds the worker's kernels by their environment, so a pid that
    learner code writes anywhere can never make the grader signal another process."""
    import subprocess

    from rnn_course.grading.sandbox import _kernels_started_by

    env = {**os.environ, "JPY_PARENT_PID": "424242"}
    ours = subprocess.Popen(["sleep", "30"], env=env, start_new_session=True)
    stranger = subprocess.Popen(["sleep", "30"], start_new_session=True)
    try:
        found = _kernels_started_by(424242)
        assert ours.pid in found and stranger.pid not in found
        assert os.getpid() not in found and 1 not in found
    finally:
        ours.kill(), stranger.kill(), ours.wait(), stranger.wait()
