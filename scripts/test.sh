#!/usr/bin/env bash
# Set everything up (scripts/bootstrap.sh), then run the whole test suite: unit tests,
# notebook format, nbval over every chapter and solution notebook, the grader, the book
# build and the real-browser test of the built site. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/python -m pytest --nbval --nbval-current-env "$@"
