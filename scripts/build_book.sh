#!/usr/bin/env bash
# Set everything up (scripts/bootstrap.sh), then build the website into _build/html with
# warnings as errors. With --serve, serve it afterwards on http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/jupyter-book build . -W --keep-going --builder html
echo "Built: open _build/html/index.html, or serve it with"
echo "  .venv/bin/python -m http.server --bind 127.0.0.1 --directory _build/html 8000"
if [ "${1:-}" = "--serve" ]; then
  exec .venv/bin/python -m http.server --bind 127.0.0.1 --directory _build/html 8000
fi
