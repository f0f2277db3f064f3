"""Run one submitted notebook in a fresh kernel, in its own process, under limits.

The batch grader calls :func:`run_in_sandbox`, which starts this module as a worker
process (``python -m rnn_course.grading.sandbox JOB.json``) in a new session. The worker
sets its resource limits (``RLIMIT_AS`` memory, ``RLIMIT_FSIZE`` file size, no core
dumps), which the kernel it starts inherits, then executes the notebook's code cells with
nbclient in the job's ``work/`` folder (a copy of the submission; the original is never
touched):

- each cell has a wall-clock limit (interrupted when it runs over; the next cell runs),
  and the whole submission has one (the kernel is stopped and the rest skipped);
- outputs beyond a size cap are dropped (a cell printing megabytes cannot exhaust memory);
- a cell that raises, calls ``sys.exit`` or kills its kernel is recorded, never fatal.

After the learner's cells, one probe cell per question runs the source of
:mod:`rnn_course.grading.probe` in the kernel: it calls the learner's answer on the
grader's inputs (``probe/<question>/inputs.npz``) and writes the outputs as data. The
worker only reports what happened (``report.json``); it never judges. The parent process
kills the worker and the kernel if the worker itself overruns.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import os
import resource
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

GiB, MiB = 2**30, 2**20
WORKER_GRACE_SECONDS = 30  # start-up and shut-down of the kernel, beyond the notebook's limit
PROBE_CELL_SOURCE = """\
def _rnn_course_probe(name, folder, source):
    scope = {{"__name__": "rnn_course_grader_probe"}}
    exec(compile(source, "<rnn_course grader probe>", "exec"), scope)
    scope["run_probe"](globals(), name, folder)
_rnn_course_probe({name!r}, {folder!r}, {source!r})
del _rnn_course_probe
"""


@dataclass(frozen=True)
class Limits:
    """Resource limits of one submission.

    Attributes:
        timeout: seconds for all of the submission's cells and the probes together.
        cell_timeout: seconds for one cell; a slower cell is interrupted.
        memory: bytes of address space (``RLIMIT_AS``) for the kernel. A kernel that
            imports TensorFlow and fits a small SimpleRNN peaks at 2.3 GiB (measured on 2
            cores; more cores start more threads), hence 6 GiB by default.
        max_output: bytes of cell output kept; the rest is dropped.
        max_file: bytes of the largest file the kernel may write (``RLIMIT_FSIZE``).
    """

    timeout: float = 300.0
    cell_timeout: float = 60.0
    memory: int = 6 * GiB
    max_output: int = 1 * MiB
    max_file: int = 512 * MiB


@dataclass(frozen=True)
class Probe:
    """Ask the kernel for ``name`` on the inputs in ``folder`` (for question ``question``)."""

    question: str
    name: str
    folder: str


def probe_source() -> str:
    from rnn_course.grading import probe

    return Path(probe.__file__).read_text()


def _kill_group(pid: int) -> None:
    if pid <= 1:  # killpg(1) or less would signal init or every process
        return
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _wait_until_gone(pid: int, seconds: float = 5.0) -> None:
    """Wait until a killed process has exited (a zombie counts), so that its memory is
    free before the next submission starts; a busy machine may take a moment."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return
        if state in ("Z", "X"):
            return
        time.sleep(0.05)


def _kernels_started_by(worker_pid: int) -> list[int]:
    """Session leaders whose environment says our worker started them (jupyter_client sets
    ``JPY_PARENT_PID``): the kernel, which runs in a session of its own and so outlives a
    killed worker. Found through /proc rather than a pid file, which learner code could
    forge and which a worker killed mid start-up may not have written yet."""
    marker = f"JPY_PARENT_PID={worker_pid}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) <= 1:
            continue
        pid = int(entry.name)
        try:
            if os.getsid(pid) == pid and marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(pid)
        except OSError:
            continue
    return found


def run_in_sandbox(job_dir: Path, notebook: Path, probes: list[Probe], limits: Limits,
                   kernel_name: str = "python3") -> dict:
    """Execute ``notebook`` (a copy inside ``job_dir``) and the probes; return the report.

    The report has ``status`` ("completed", "timeout", "kernel died", "crashed"), a
    ``message``, ``cell_errors`` and ``cell_timeouts`` (cell numbers count every cell of the
    notebook from 1), ``kernel_died_in`` (the cell that killed the kernel, or None; the
    cells before it were run again in a fresh kernel and graded), ``probes`` (question ->
    ``{"status": "done" | "timeout" | "error" | "not run", "message"}``),
    ``output_truncated`` and ``seconds``.
    """
    job = {"notebook": str(notebook), "probes": [asdict(p) for p in probes],
           "limits": asdict(limits), "kernel_name": kernel_name,
           "report": str(job_dir / "report.json"), "kernel_pid": str(job_dir / "kernel.pid"),
           "probe_source": probe_source()}
    job_file = job_dir / "job.json"
    job_file.write_text(json.dumps(job))
    with open(job_dir / "worker.log", "wb") as log:
        worker = subprocess.Popen([sys.executable, "-m", __name__, str(job_file)],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=log, start_new_session=True, cwd=job_dir)
        try:
            worker.wait(timeout=limits.timeout + WORKER_GRACE_SECONDS)
            overran = False
        except subprocess.TimeoutExpired:
            overran = True
    _kill_group(worker.pid)  # first, so that it cannot start anything more
    worker.wait()
    for kernel in _kernels_started_by(worker.pid):
        _kill_group(kernel)
        _wait_until_gone(kernel)
    if overran:
        return {"status": "timeout", "probes": {}, "message": f"the notebook ran past its "
                f"limit of {limits.timeout:g} s and was stopped"}
    try:
        return json.loads((job_dir / "report.json").read_text())
    except (OSError, ValueError):
        log_tail = (job_dir / "worker.log").read_bytes()[-600:].decode(errors="replace")
        return {"status": "crashed", "probes": {},
                "message": f"the grading worker stopped without a report (exit code "
                           f"{worker.returncode}); its last words: {log_tail.strip()!r}"}


# ---------------------------------------------------------------- worker process ------


def _apply_limits(limits: Limits) -> None:
    for name, value in ((resource.RLIMIT_AS, limits.memory),
                        (resource.RLIMIT_FSIZE, limits.max_file),
                        (resource.RLIMIT_CORE, 0)):
        resource.setrlimit(name, (value, value))


def _make_client(nb, limits: Limits, kernel_name: str, folder: str):
    from nbclient import NotebookClient

    class CappedClient(NotebookClient):
        """Drops outputs beyond ``limits.max_output`` bytes (errors are always kept) and
        records whether it interrupted the running cell (its time ran out)."""

        output_bytes = 0
        interrupted = False

        async def _async_handle_timeout(self, timeout, cell=None):
            self.interrupted = True
            return await super()._async_handle_timeout(timeout, cell)

        def output(self, outs, msg, display_id, cell_index):
            if msg["msg_type"] != "error":
                self.output_bytes += len(str(msg["content"]))
                if self.output_bytes > limits.max_output:
                    return None
            return super().output(outs, msg, display_id, cell_index)

    return CappedClient(nb, timeout=limits.cell_timeout, kernel_name=kernel_name,
                        allow_errors=True, interrupt_on_timeout=True, record_timing=False,
                        shutdown_kernel="immediate", iopub_timeout=10,
                        resources={"metadata": {"path": folder}})


def _kernel_env(folder: str) -> dict:
    """The worker's environment, with HOME in the sandbox so ``~`` means a scratch folder."""
    env = dict(os.environ)
    home = Path(folder).parent / "home"
    home.mkdir(exist_ok=True)
    env.update(HOME=str(home), PYTHONDONTWRITEBYTECODE="1", TF_CPP_MIN_LOG_LEVEL="3",
               TF_ENABLE_ONEDNN_OPTS="0")
    return env


def _read_folder(folder: str) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in Path(folder).iterdir()}


def _write_folder(folder: str, files: dict[str, bytes]) -> None:
    Path(folder).mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (Path(folder) / name).write_bytes(content)


def _cell_error(cell) -> str | None:
    for output in cell.outputs:
        if output.output_type == "error":
            return f"{output.ename}: {str(output.evalue)[:200]}"
    return None


async def _execute(client, cell, index: int, remaining: float) -> str | None:
    """Run one cell. Return None, "cell timeout" (interrupted, the notebook goes on), or
    "timeout" / "kernel died" (the notebook must stop).

    Each outcome is told by the event itself: the client records the interrupt it sends
    on a cell timeout, the notebook's clock is this function's own wait, and nbclient
    raises ``DeadKernelError`` when the kernel is gone."""
    from nbclient.exceptions import DeadKernelError

    client.interrupted = False
    task = asyncio.ensure_future(
        client.async_execute_cell(cell, index, execution_count=index + 1))
    done, _ = await asyncio.wait({task}, timeout=remaining)
    if not done:  # the notebook's time ran out (also ends a cell that ignores interrupts)
        task.cancel()
        with contextlib.suppress(BaseException):
            await task
        return "timeout"
    try:
        task.result()
    except DeadKernelError:
        return "kernel died"
    return "cell timeout" if client.interrupted else None


def _probe_record(status: str, message: str = "") -> dict:
    """What happened to one probe: ``status`` "done", "timeout", "error" or "not run"."""
    return {"status": status, "message": message}


async def _run_once(job: dict, learner: list, probes: list, report: dict, deadline: float,
                    limits: Limits) -> tuple[str, int | dict] | None:
    """Run ``learner`` cells then ``probes`` in a fresh kernel, filling ``report``.

    Return None when every step ran, else ``(stop, where)``: "timeout" or "kernel died",
    at a learner cell number or a probe."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [copy.deepcopy(cell) for _, cell in learner] + [
        nbformat.v4.new_code_cell(PROBE_CELL_SOURCE.format(
            name=p["name"], folder=p["folder"], source=job["probe_source"])) for p in probes]
    steps = [(number, None) for number, _ in learner] + [(None, p) for p in probes]
    report.update(cell_errors=[], cell_timeouts=[])
    client = _make_client(nb, limits, job["kernel_name"], str(Path(job["notebook"]).parent))
    try:
        async with client.async_setup_kernel(env=_kernel_env(str(Path(job["notebook"]).parent))):
            Path(job["kernel_pid"]).write_text(str(client.km.provisioner.pid))
            for index, (cell, (number, probe)) in enumerate(zip(nb.cells, steps)):
                remaining = deadline - time.monotonic()
                if probe is not None:  # restore the inputs, whatever the learner deleted
                    _write_folder(probe["folder"], job["probe_files"][probe["question"]])
                client.timeout = int(max(1, min(limits.cell_timeout, remaining)))
                stop = await _execute(client, cell, index, remaining) if remaining > 1 \
                    else "timeout"
                if stop in ("timeout", "kernel died"):
                    return stop, (number if probe is None else probe)
                error = _cell_error(cell)
                if probe is not None:
                    report["probes"][probe["question"]] = (
                        _probe_record("timeout", f"did not return within {client.timeout} s")
                        if stop == "cell timeout" else _probe_record("error", error)
                        if error else _probe_record("done"))
                elif stop == "cell timeout":
                    report["cell_timeouts"].append(number)
                elif error:
                    report["cell_errors"].append({"cell": number, "error": error})
    finally:
        report["output_bytes"] = max(report["output_bytes"], client.output_bytes)
    return None


MAX_RUNS = 3  # the first run, and a fresh kernel after each of up to two kernel deaths


async def _run(job: dict) -> dict:
    """Run the learner's cells and the probes; after a kernel death, grade what was
    defined before it: re-run the cells before the one that killed the kernel (or all of
    them, without the probe that killed it) in a fresh kernel, then the remaining probes."""
    import nbformat

    limits = Limits(**job["limits"])
    start = time.monotonic()
    deadline = start + limits.timeout
    # Read as nbformat 4 without validating: the batch grader has read (and validated)
    # the submission already, and validating again costs each worker ~0.2 s.
    nb = nbformat.convert(nbformat.reader.reads(Path(job["notebook"]).read_text()), 4)
    # (position in the notebook counting every cell from 1, cell): what learners see
    learner = [(number, cell) for number, cell in enumerate(nb.cells, 1)
               if cell.cell_type == "code" and cell.source.strip()]
    probes = job["probes"]
    job["probe_files"] = {p["question"]: _read_folder(p["folder"]) for p in probes}
    report = {"status": "completed", "message": "", "cell_errors": [], "cell_timeouts": [],
              "kernel_died_in": None, "output_bytes": 0,
              "probes": {p["question"]: _probe_record("not run") for p in probes}}
    for _ in range(MAX_RUNS):
        pending = [p for p in probes if report["probes"][p["question"]]["status"] == "not run"]
        stopped = await _run_once(job, learner, pending, report, deadline, limits)
        if stopped is None:
            break
        stop, where = stopped
        if stop == "timeout":
            place = f"cell {where}" if isinstance(where, int) else "the grader's probe"
            report.update(status=stop, message=f"{place} was still running when the "
                          f"notebook's limit of {limits.timeout:g} s ran out")
            break
        if isinstance(where, int):  # a learner's cell killed the kernel: drop it and after
            report["kernel_died_in"] = where
            learner = [(number, cell) for number, cell in learner if number < where]
        else:
            report["probes"][where["question"]] = _probe_record(
                "error", f"the kernel died while calling {where['name']} (it exited, "
                         "crashed, or ran out of memory)")
    else:
        report.update(status="kernel died", message="the kernel died again and again")
    report["output_truncated"] = report.pop("output_bytes") > limits.max_output
    report["seconds"] = round(time.monotonic() - start, 2)
    return report


# Optional packages jsonschema imports, when installed, to check string formats (URIs,
# dates, colours...): nbformat imports jsonschema, and the worker never checks a format.
# ``rfc3987_syntax`` alone costs ~2.5 s of CPU (it builds a grammar); the others, with
# ``arrow`` and ``dateutil`` behind ``isoduration``, another 0.1-0.3 s.
JSONSCHEMA_FORMAT_CHECKERS = ("rfc3987_syntax", "rfc3987", "rfc3986_validator",
                              "rfc3339_validator", "isoduration", "fqdn", "idna", "webcolors",
                              "jsonpointer", "uri_template")


def _skip_slow_optional_imports() -> None:
    """Spare each worker the import of jsonschema's format checkers (jsonschema works
    without them: a missing checker means an unchecked format)."""
    for name in JSONSCHEMA_FORMAT_CHECKERS:
        sys.modules.setdefault(name, None)


def main(job_file: str) -> int:
    job = json.loads(Path(job_file).read_text())
    _apply_limits(Limits(**job["limits"]))
    _skip_slow_optional_imports()
    report = asyncio.run(_run(job))
    target = Path(job["report"])
    target.parent.mkdir(parents=True, exist_ok=True)  # the learner may have deleted it
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(report))
    os.replace(temporary, target)
    return 0


if __name__ == "__main__":
    status = main(sys.argv[1])
    # The report is written and the kernel shut down: skip the interpreter's clean-up
    # (ZeroMQ contexts, threads, modules), which takes each worker another 0.3 s.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
