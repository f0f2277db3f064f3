#!/usr/bin/env bash
# Create or update the course's virtual environment (.venv) and everything the book and
# the tests need: Python packages, the helper package, the site's offline JavaScript and
# (for the browser test) Debian's Chromium. Safe to run again; it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt
.venv/bin/python -m pip install --quiet --no-deps --force-reinstall .
bash scripts/fetch_web_assets.sh
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  else
    echo "Chromium is missing: install it (sudo apt-get install chromium) for the browser test." >&2
  fi
fi
