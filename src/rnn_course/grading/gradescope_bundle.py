"""Gradescope's autograder: build the zip to upload, and grade one submission inside it.

    python -m rnn_course.grading gradescope-bundle --exercise ex01 --out autograder.zip

The zip holds what Gradescope's "autograder" upload expects at its root, plus what they
use (nothing is fetched from GitHub):

- ``setup.sh``: run once by Gradescope to build the image (Ubuntu 22.04, its default base
  image): Python 3.11 (from the deadsnakes archive: Ubuntu's own 3.11.0 is too old for
  some pins), a virtual environment in ``/autograder/venv``, the pinned packages of
  ``requirements.txt`` and the course's package from its wheel;
- ``requirements.txt``: every package the grader and the set's notebook import, and
  everything they depend on, pinned (``==``) to the versions of the environment that
  built the zip (the course's Python 3.11 ``.venv``), which satisfy the course's
  ``requirements.txt``. TensorFlow (the CPU build) and Keras only for a set whose
  notebook imports them;
- ``rnn_course-<version>-py3-none-any.whl``: the course's package, this very version;
- ``rnn_course_autograder.json``: the set, the limits and the grader's seed (drawn when
  the zip is built, never shown to learners: every submission gets the same hidden
  inputs, as in one batch of the batch grader);
- ``run_autograder``: run by Gradescope for each submission. It grades the one notebook
  in ``/autograder/submission/`` exactly as ``python -m rnn_course.grading grade`` does
  (same sandbox, limits and seeded inputs; :func:`rnn_course.grading.batch.grade_submission`)
  and writes ``/autograder/results/results.json``. Whatever the submission (no notebook,
  two notebooks, another set, not JSON, a kernel that dies, a timeout), it writes a
  valid ``results.json`` whose messages say what happened, and exits with 0.

The environment variable ``RNN_COURSE_AUTOGRADER_ROOT`` replaces ``/autograder`` for the
course's tests only (``tests/test_gradescope_bundle.py``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import sys
import time
import tomllib
import traceback
import zipfile
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

from rnn_course.grading import registry
from rnn_course.grading.batch import Settings, failure_record, grade_submission, write_atomic
from rnn_course.grading.gradescope import results_json
from rnn_course.grading.sandbox import Limits
from rnn_course.grading.status import Status
from rnn_course.grading.submissions import Submission, SubmissionError, find_submissions

PACKAGE_DIR = Path(__file__).resolve().parents[1]
CONFIG_NAME = "rnn_course_autograder.json"
ROOT_VARIABLE = "RNN_COURSE_AUTOGRADER_ROOT"
PYTHON = "3.11"
# Packages a set's notebook needs when it imports Keras (requirements.txt pins them).
KERAS_PACKAGES = ("tensorflow-cpu", "keras")
_KERAS_IMPORT = re.compile(r"^\s*(import|from)\s+(keras|tensorflow)\b", re.M)
# Gradescope's image: dependencies are chosen for it, not for the machine building the zip.
TARGET_ENVIRONMENT = {"python_version": PYTHON,
                      "sys_platform": "linux", "platform_system": "Linux",
                      "platform_machine": "x86_64", "os_name": "posix",
                      "implementation_name": "cpython",
                      "platform_python_implementation": "CPython"}
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # fixed, so that the same inputs give the same zip


class BundleError(Exception):
    """The bundle cannot be built (the message says why)."""


# ------------------------------------------------------------ the course's wheel ------


def _checkout() -> Path:
    """The course's repository: the working directory (instructors run the grader there),
    or the folder above ``src/`` when the package is imported from a source checkout."""
    for folder in (Path.cwd(), PACKAGE_DIR.parents[1]):
        if (folder / "pyproject.toml").is_file() and (folder / "exercises").is_dir():
            return folder
    raise BundleError("build the bundle in a checkout of the course (no pyproject.toml and "
                      f"exercises/ in {Path.cwd()})")


def _project() -> dict:
    pyproject = _checkout() / "pyproject.toml"
    project = tomllib.loads(pyproject.read_text())["project"]
    from rnn_course import __version__

    if project["version"] != __version__:
        raise BundleError(f"pyproject.toml says version {project['version']}, the package "
                          f"{__version__}: make them agree")
    return project


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"sha256={digest.decode()}"


def _zip_write(archive: zipfile.ZipFile, name: str, data: bytes, mode: int = 0o644) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.external_attr = (0o100000 | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def wheel_bytes(project: dict) -> tuple[str, bytes]:
    """The course's package as a pure-Python wheel (PEP 427): ``(file name, content)``.

    Written here rather than by the build backend, so that building the bundle needs
    neither the network nor hatchling; it holds every file of ``src/rnn_course``."""
    name, version = project["name"], project["version"]
    dist_info = f"{name.replace('-', '_')}-{version}.dist-info"
    requires = [f"Requires-Dist: {r}" for r in project["dependencies"]]
    for extra, extra_requires in project.get("optional-dependencies", {}).items():
        requires.append(f"Provides-Extra: {extra}")
        requires += [f'Requires-Dist: {r}; extra == "{extra}"' for r in extra_requires]
    files = {f"{dist_info}/METADATA": "\n".join(
        ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
         f"Summary: {project['description']}",
         f"Requires-Python: {project['requires-python']}", *requires, ""]).encode(),
        f"{dist_info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: rnn_course.grading."
                              b"gradescope_bundle\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    package = {f"rnn_course/{path.relative_to(PACKAGE_DIR).as_posix()}": path.read_bytes()
               for path in sorted(PACKAGE_DIR.rglob("*")) if path.is_file()
               and "__pycache__" not in path.parts and path.suffix != ".pyc"}
    files = {**package, **files}
    record = [f"{path},{_record_hash(data)},{len(data)}" for path, data in files.items()]
    files[f"{dist_info}/RECORD"] = ("\n".join(record + [f"{dist_info}/RECORD,,"]) + "\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in files.items():
            _zip_write(archive, path, data)
    return f"{name.replace('-', '_')}-{version}-py3-none-any.whl", buffer.getvalue()


# ------------------------------------------------------------------- the pins ---------


def needs_keras(set_id: str) -> bool:
    """Whether the set's notebook imports Keras or TensorFlow (read from its solution)."""
    found = sorted((_checkout() / "exercises" / "solutions").glob(f"{set_id}_*.ipynb"))
    if not found:
        raise BundleError(f"no solution notebook exercises/solutions/{set_id}_*.ipynb")
    cells = json.loads(found[0].read_text())["cells"]
    return any(_KERAS_IMPORT.search("".join(cell["source"])) for cell in cells
               if cell["cell_type"] == "code")


def _course_requirements() -> dict:
    """requirements.txt's requirements by normalised name (it stands in for Colab)."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    lines = (line.split("#")[0].strip() for line in
             (_checkout() / "requirements.txt").read_text().splitlines())
    return {canonicalize_name(r.name): r for r in map(Requirement, filter(None, lines))}


def pinned_requirements(roots: list[str]) -> dict[str, str]:
    """``{name: version}`` for ``roots`` and everything they depend on (on Gradescope's
    image), as installed here; refuse a version that breaks requirements.txt's pin."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    course = _course_requirements()
    pins: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    todo = [course.get(canonicalize_name(root)) or Requirement(root) for root in roots]
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        try:
            dist = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            raise BundleError(f"{requirement.name} is not installed here: build the bundle "
                              "in the course's environment (scripts/bootstrap.sh)") from None
        for wanted in (requirement, course.get(name)):
            if wanted is not None and not wanted.specifier.contains(dist.version, True):
                raise BundleError(f"{name} {dist.version} is installed, {wanted} is needed")
        pins[name] = dist.version
        for extra in ("", *requirement.extras):
            if (name, extra) in seen:
                continue
            seen.add((name, extra))
            for text in dist.requires or ():
                dependency = Requirement(text)
                if dependency.marker is None or dependency.marker.evaluate(
                        {**TARGET_ENVIRONMENT, "extra": extra}):
                    todo.append(dependency)
    return dict(sorted(pins.items()))


def bundle_roots(project: dict, set_id: str) -> list[str]:
    """What the image needs: the package's dependencies, the grader's, Keras if the set's
    notebook imports it, and what the set ``requires`` (e.g. scikit-learn's data sets)."""
    roots = project["dependencies"] + project["optional-dependencies"]["grader"]
    return (roots + (list(KERAS_PACKAGES) if needs_keras(set_id) else [])
            + list(registry.exercise_set(set_id).requires))


# ----------------------------------------------------------------- the scripts --------


SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, to build the autograder's image (base image:
# Ubuntu 22.04). Written by `python -m rnn_course.grading gradescope-bundle` for {set_id}
# with rnn-course {version}; every Python package is pinned in requirements.txt.
set -euo pipefail
SOURCE=/autograder/source
VENV=/autograder/venv
export DEBIAN_FRONTEND=noninteractive
# Ubuntu 22.04's own python{python} is {python}.0, older than some pinned packages accept:
# take {python} from the deadsnakes archive (Launchpad), at least the Python that chose the pins.
apt-get update -qq
apt-get install -y -qq --no-install-recommends software-properties-common gpg-agent
add-apt-repository -y ppa:deadsnakes/ppa
apt-get update -qq
apt-get install -y -qq --no-install-recommends python{python} python{python}-venv
python{python} -c "import sys; assert {python_at_least} <= sys.version_info < {python_below}, sys.version"
python{python} -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --no-cache-dir "pip=={pip}"
"$VENV/bin/python" -m pip install --quiet --no-cache-dir --only-binary=:all: \\
    -r "$SOURCE/requirements.txt"
"$VENV/bin/python" -m pip install --quiet --no-cache-dir --no-deps "$SOURCE/{wheel}"
# fail the build now, not at the first submission, if the grader cannot start
"$VENV/bin/python" -c "import nbclient, ipykernel, rnn_course.grading.gradescope_bundle"
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for each submission: grade the notebook in /autograder/submission
# and write /autograder/results/results.json. {root_variable} replaces /autograder in the
# course's tests only.
ROOT="${{{root_variable}:-/autograder}}"
mkdir -p "$ROOT/results"
"$ROOT/venv/bin/python" -m rnn_course.grading.gradescope_bundle "$ROOT"
if [ ! -s "$ROOT/results/results.json" ]; then  # the grader could not even start
  cat > "$ROOT/results/results.json" <<'EOF'
{fallback}
EOF
fi
exit 0
"""


def _fallback_results(message: str) -> dict:
    """Gradescope's results when the grader itself failed: no points, and why."""
    return {"score": 0, "output": f"The autograder failed; this is not a verdict on your "
                                  f"notebook. Please tell your instructor. ({message})",
            "visibility": "visible", "tests": []}


def build_bundle(set_id: str, out: Path, limits: Limits, seed: int) -> dict[str, int]:
    """Write the autograder zip for ``set_id`` to ``out``; return its files' sizes."""
    exercise_set = registry.exercise_set(set_id)
    if f"{sys.version_info[0]}.{sys.version_info[1]}" != PYTHON:
        raise BundleError(f"run this with Python {PYTHON}, in the course's environment: the "
                          "pins are read from the packages installed with it")
    project = _project()
    wheel, wheel_data = wheel_bytes(project)
    pins = pinned_requirements(bundle_roots(project, set_id))
    requirements = "".join(f"{name}=={version}\n" for name, version in pins.items())
    config = {"exercise": exercise_set.id, "seed": seed, "limits": asdict(limits),
              "course_version": project["version"]}
    setup = SETUP_SH.format(set_id=set_id, version=project["version"], python=PYTHON,
                            python_at_least=tuple(sys.version_info[:3]),
                            python_below=(sys.version_info[0], sys.version_info[1] + 1),
                            pip=metadata.version("pip"), wheel=wheel)
    run = RUN_AUTOGRADER.format(root_variable=ROOT_VARIABLE, fallback=json.dumps(
        _fallback_results("run_autograder could not start Python; see its output")))
    files = {"setup.sh": (setup.encode(), 0o755), "run_autograder": (run.encode(), 0o755),
             "requirements.txt": (requirements.encode(), 0o644),
             CONFIG_NAME: (json.dumps(config, indent=1).encode(), 0o644),
             wheel: (wheel_data, 0o644)}
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w") as archive:
        for name, (data, mode) in files.items():
            _zip_write(archive, name, data, mode)
    return {name: len(data) for name, (data, _) in files.items()}


# ----------------------------------------------------------- inside Gradescope --------


def _submission(folder: Path) -> Submission:
    """The one notebook in ``folder``; :class:`SubmissionError` if none or several."""
    notebooks = find_submissions([folder]) if folder.is_dir() else []
    if len(notebooks) == 1:
        return notebooks[0]
    if not notebooks:
        raise SubmissionError(Status.INVALID, "no notebook (.ipynb file) was submitted: "
                                              "upload your exercise notebook")
    names = ", ".join(str(n.path.relative_to(folder)) for n in notebooks)
    raise SubmissionError(Status.INVALID, f"{len(notebooks)} notebooks were submitted "
                                          f"({names}): upload only your exercise notebook")


def _summary(record: dict) -> str:
    """The text Gradescope shows above the tests: the score, then what went wrong."""
    total = sum(row["points"] for row in record["rows"])
    possible = sum(row["max_points"] for row in record["rows"])
    lines = [f"{record['exercise']}: {total} / {possible} points"]
    unjudged = (Status.INVALID, Status.WRONG_EXERCISE, Status.UNKNOWN_EXERCISE)
    lines += sorted({row["message"] for row in record["rows"] if row["status"] in unjudged})
    lines += [f"note: {note}" for note in record["notes"]]
    return "\n".join(lines)


def grade(root: Path) -> dict:
    """Grade ``root/submission`` with the bundle's settings; return Gradescope's results."""
    config = json.loads((root / "source" / CONFIG_NAME).read_text())
    settings = Settings(out=root / "results", seed=config["seed"],
                        limits=Limits(**config["limits"]), exercise=config["exercise"])
    try:
        record = grade_submission(_submission(root / "submission"), settings)
    except SubmissionError as failure:
        record = failure_record(Submission(root / "submission", "submission"), "", settings,
                                failure)
    for row in record["rows"]:  # for the instructor: Gradescope keeps stdout from learners
        print(f"{row['question'] or 'submission'}: {row['points']} / {row['max_points']} "
              f"({row['status']}) {row['message']}")
    print(f"seed {settings.seed}; rnn-course {config['course_version']}")
    return results_json(record["rows"], _summary(record))


def main(root: Path) -> int:
    """Write ``root/results/results.json`` whatever happens; always return 0."""
    start = time.monotonic()
    try:
        results = grade(root)
    except Exception as error:  # a fault of the grader: say so, never fail the run
        traceback.print_exc(file=sys.stdout)
        results = _fallback_results(repr(error))
    results["execution_time"] = round(time.monotonic() - start)
    write_atomic(root / "results" / "results.json", json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
