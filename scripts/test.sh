#!/usr/bin/env bash
# Set everything up (scripts/bootstrap.sh), then run the whole test suite: unit tests,
# notebook format, nbval over every chapter and solution notebook, the grader, the book
# build, the real-browser test of the built site, the front-end test (JupyterLab 4 and
# Notebook 7) and the Colab-versions test. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# A second kernel environment with ipywidgets 8 (what VS Code and a fresh JupyterLab
# install bring): .venv with ipywidgets 8 in front of its 7.7.1. tests/test_frontends.py
# runs JupyterLab and the widget unit tests with it (skipped where it is missing).
W8=.venv-ipywidgets8
if [ ! -x "$W8/bin/python" ]; then
  "$(.venv/bin/python -c 'import sys; print(sys._base_executable)')" -m venv "$W8"
  .venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' \
    > "$("$W8/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/course-venv.pth"
fi
# Installed once: a later run needs no package index.
"$W8/bin/python" -c 'import ipywidgets, sys; sys.exit(not ipywidgets.__version__.startswith("8."))' \
  2>/dev/null || "$W8/bin/python" -m pip install --quiet "ipywidgets==8.*"
# Parallel workers (PYTEST_WORKERS=0 for one process): each test file, and each notebook
# with all its cells, runs on one worker, in order.
WORKERS=()
if [ "${PYTEST_WORKERS:-2}" != 0 ] && .venv/bin/python -c "import xdist" 2>/dev/null; then
  WORKERS=(-n "${PYTEST_WORKERS:-2}" --dist loadfile)
fi
exec .venv/bin/python -m pytest --nbval --nbval-current-env ${WORKERS[@]+"${WORKERS[@]}"} "$@"
