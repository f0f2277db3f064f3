"""A stand-in for Google Colab's runtime, to run the course's notebooks as Colab would.

Colab cannot be reached from a test machine, but its versions can: ``requirements-colab.txt``
lists what a Colab runtime ships (Python 3.12, NumPy 2.0, TensorFlow 2.19 / Keras 3.10,
ipywidgets 7.7.1, IPython 7.34, ipykernel 6.17). This module

1. builds that environment (a venv with Python 3.12 when one is on the machine, else the
   running Python's version, said in the report) in the user's cache, once per version
   of ``requirements-colab.txt``; later runs, from any clone, reuse it;
2. builds the course's wheel from the checkout;
3. runs notebooks with a kernel from that environment, with a fake ``google.colab``
   package on its path (``import google.colab`` succeeds, so the install cell runs, and
   anywidget switches on ``google.colab.output.enable_custom_widget_manager``), the
   install cell's address replaced by the wheel: ``%pip install "rnn-course @ file://…"``;
4. reports every preinstalled package that pip changed (Colab would then ask for a
   runtime restart before the learner has typed anything) and every cell error.

What it cannot check: Colab's own front end (its widget manager, its markdown renderer),
its GPU, and what Colab installs after the versions listed here.

    python -m rnn_course.authoring.colab_runtime chapters/03_memory_by_hand.ipynb
    python -m rnn_course.authoring.colab_runtime --all   # every chapter and exercise set
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from rnn_course.authoring.colab import is_install_cell

# The install cell's package address (scripts/colab_cells.py writes it).
INSTALL_ADDRESS = re.compile(r'"rnn-course @ [^"]+"')
KERNEL_NAME = "colab-standin"
# What the install cell may add on Colab: the course's package and the demos' anywidget
# with its psygnal. They are removed before each run, as a fresh Colab runtime lacks them.
COLAB_LACKS = ("rnn-course", "anywidget", "psygnal")
# import google.colab works; its output module records the custom widget manager switch.
FAKE_COLAB = {
    "google/colab/__init__.py": "from . import output  # noqa: F401\n",
    "google/colab/output.py": (
        '"""Stand-in for Colab\'s output module (records what the course calls)."""\n'
        "custom_widget_manager_enabled = False\n\n\n"
        "def enable_custom_widget_manager():\n"
        "    global custom_widget_manager_enabled\n"
        "    custom_widget_manager_enabled = True\n"),
}


@dataclass
class ColabRun:
    python_version: str
    installed_packages: dict[str, str]
    changed_by_install: dict[str, tuple[str, str]] = field(default_factory=dict)
    added_by_install: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # notebook -> error
    seconds: dict[str, float] = field(default_factory=dict)


def find_python312() -> str:
    """A Python 3.12 interpreter (Colab's version) if the machine has one, else this one."""
    for candidate in ("python3.12", str(Path.home() / ".pyenv/versions/3.12.1/bin/python")):
        path = shutil.which(candidate) or (candidate if Path(candidate).exists() else None)
        if path and subprocess.run([path, "-c", "import venv"], capture_output=True).returncode == 0:
            return path
    return sys.executable


def default_venv(requirements: Path) -> Path:
    """Where the stand-in lives: in the user's cache, one per version of the requirements
    file, so that a clean clone (CI) reuses it instead of downloading TensorFlow again."""
    digest = hashlib.sha1(requirements.read_bytes()).hexdigest()[:10]
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return cache / "rnn-course" / f"colab-runtime-{digest}"


def ensure_runtime(venv: Path, requirements: Path, python: str | None = None) -> Path:
    """The Colab stand-in environment at ``venv`` (created once, then reused as long as
    ``requirements`` is unchanged); returns its Python."""
    executable = venv / "bin" / "python"
    stamp = venv / "requirements-colab.txt"
    if executable.exists() and stamp.exists() and stamp.read_bytes() == requirements.read_bytes():
        return executable
    if not executable.exists():
        subprocess.run([python or find_python312(), "-m", "venv", str(venv)], check=True)
    subprocess.run([str(executable), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-r", str(requirements)], check=True)
    shutil.copyfile(requirements, stamp)
    return executable


def packages(python: Path) -> dict[str, str]:
    """name -> version of every distribution ``python`` sees."""
    code = ("import importlib.metadata as m, json; print(json.dumps({d.metadata['Name'].lower()"
            ".replace('_', '-'): d.version for d in m.distributions()}))")
    return json.loads(subprocess.run([str(python), "-c", code], capture_output=True, text=True,
                                     check=True).stdout)


def build_wheel(root: Path, out: Path) -> Path:
    """The course's wheel, built from the checkout at ``root`` into ``out``."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--disable-pip-version-check", "-w", str(out), str(root)], check=True)
    return next(out.glob("rnn_course-*.whl"))


def _kernel_home(home: Path, python: Path) -> dict:
    """Jupyter data (the kernel spec) and the fake google.colab; the kernel's environment."""
    fake = home / "fake-colab"
    for relative, text in FAKE_COLAB.items():
        (fake / relative).parent.mkdir(parents=True, exist_ok=True)
        (fake / relative).write_text(text)
    spec = home / "jupyter" / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Colab stand-in", "language": "python",
        # Only the fake google.colab: the course package must come from the wheel.
        "env": {"PYTHONPATH": str(fake), "TF_CPP_MIN_LOG_LEVEL": "3",
                "PYDEVD_DISABLE_FILE_VALIDATION": "1"}}))
    return {"JUPYTER_PATH": str(home / "jupyter")}


def run_notebook(path: Path, wheel: Path, timeout_s: int = 600) -> None:
    """Execute ``path`` as Colab would (in the kernel from ``_kernel_home``), the install
    cell pointed at ``wheel``; raises nbclient's CellExecutionError on an error."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if is_install_cell(cell):
            assert INSTALL_ADDRESS.search(cell.source), "install cell without the package address"
            cell.source = INSTALL_ADDRESS.sub(f'"rnn-course @ {wheel.as_uri()}"', cell.source)
    NotebookClient(notebook, kernel_name=KERNEL_NAME, timeout=timeout_s,
                   resources={"metadata": {"path": str(path.parent)}}).execute()


def run_as_colab(root: Path, notebooks: list[Path], venv: Path | None = None) -> ColabRun:
    """Build the stand-in and the wheel, run ``notebooks`` in order; see the module doc.

    What Colab lacks (``COLAB_LACKS``) is removed first, so that the first notebook's
    install cell installs it as on a fresh Colab runtime.
    """
    requirements = root / "requirements-colab.txt"
    python = ensure_runtime(venv or default_venv(requirements), requirements)
    subprocess.run([str(python), "-m", "pip", "uninstall", "--quiet", "--yes", *COLAB_LACKS],
                   check=True, capture_output=True)
    version = subprocess.run([str(python), "-c", "import platform; print(platform.python_version())"],
                             capture_output=True, text=True, check=True).stdout.strip()
    before = packages(python)
    run = ColabRun(version, before)
    with tempfile.TemporaryDirectory(prefix="rnn-colab-") as temp:
        home = Path(temp)
        wheel = build_wheel(root, home / "wheel")
        saved = {k: os.environ.get(k) for k in ("JUPYTER_PATH",)}
        os.environ.update(_kernel_home(home, python))
        try:
            for index, path in enumerate(notebooks):
                start = time.monotonic()
                try:
                    run_notebook(path, wheel)
                except Exception as error:  # noqa: BLE001  (reported per notebook)
                    run.errors[str(path.relative_to(root))] = str(error)[-2000:]
                run.seconds[str(path.relative_to(root))] = time.monotonic() - start
                if index == 0:
                    after = packages(python)
                    run.changed_by_install = {name: (before[name], after[name]) for name in before
                                              if name in after and after[name] != before[name]}
                    run.added_by_install = sorted(set(after) - set(before))
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description="Run notebooks in a Colab stand-in.")
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--all", action="store_true", help="every chapter and exercise set")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--venv", type=Path, default=None,
                        help="default: ~/.cache/rnn-course/colab-runtime-<hash of requirements-colab.txt>")
    args = parser.parse_args()
    root = args.root.resolve()
    notebooks = [root / p for p in args.notebooks]
    if args.all:
        notebooks += sorted((root / "chapters").glob("*.ipynb")) + sorted((root / "exercises").glob("*.ipynb"))
    run = run_as_colab(root, notebooks, args.venv)
    print(f"Python {run.python_version}; install added {run.added_by_install}; "
          f"changed {run.changed_by_install or 'nothing'}")
    for name, seconds in run.seconds.items():
        print(f"{'FAIL' if name in run.errors else 'ok  '} {name} ({seconds:.0f} s)")
        if name in run.errors:
            print("   ", run.errors[name][-800:].replace("\n", "\n    "))
    return 1 if run.errors or run.changed_by_install else 0


if __name__ == "__main__":
    sys.exit(main())
