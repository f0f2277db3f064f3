#!/usr/bin/env bash
# Set everything up (scripts/bootstrap.sh), then build the website with warnings as
# errors. With --serve, serve it afterwards on http://127.0.0.1:8000.
#
# The edition is chosen by BOOK_EDITION (README, "Teaching with this course"):
#   graded (default)  _build/html: exercises without their solutions
#   self-study        _build/self-study/_build/html: plus a "Solutions" part, each
#                     exercise page linked to its solutions (scripts/book_edition.py)
set -euo pipefail
cd "$(dirname "$0")/.."
EDITION=${BOOK_EDITION:-graded}
bash scripts/bootstrap.sh
if [ "$EDITION" = graded ]; then
  OUT=.
  .venv/bin/jupyter-book build . -W --keep-going --builder html
else
  OUT=_build/$EDITION  # its own folder: the graded site never holds a solutions page
  TOC=$(.venv/bin/python scripts/book_edition.py "$EDITION" "$OUT/_toc.yml")
  .venv/bin/jupyter-book build . -W --keep-going --builder html --toc "$TOC" --path-output "$OUT"
fi
SITE=$OUT/_build/html
echo "Built the $EDITION edition: open $SITE/index.html, or serve it with"
echo "  .venv/bin/python -m http.server --bind 127.0.0.1 --directory $SITE 8000"
if [ "${1:-}" = "--serve" ]; then
  exec .venv/bin/python -m http.server --bind 127.0.0.1 --directory "$SITE" 8000
fi
