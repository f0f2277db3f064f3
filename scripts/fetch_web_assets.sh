#!/usr/bin/env bash
# Copy the JavaScript the site serves itself (MathJax 3, require.js, the ipywidgets
# HTML manager) from the npm registry into assets/web/, which _config.yml names as
# Sphinx's html_static_path. Versions are pinned in package.json / package-lock.json.
# anywidget's front end (the AMD module the live demos need) comes from the anywidget
# wheel installed in .venv, so it always matches the Python side that wrote the pages.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON_VENV:-.venv/bin/python}
ANYWIDGET_JS=$("$PYTHON" -c 'import anywidget, pathlib; print(pathlib.Path(anywidget.__file__).parent / "nbextension" / "index.js")')
if [ -f assets/web/.stamp ] && [ assets/web/.stamp -nt package-lock.json ] \
   && cmp -s "$ANYWIDGET_JS" assets/web/anywidget/index.js; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
rm -rf assets/web
mkdir -p assets/web/html-manager
cp node_modules/requirejs/require.js assets/web/require.js
cp -r node_modules/@jupyter-widgets/html-manager/dist/. assets/web/html-manager/
rm -f assets/web/html-manager/*.map
cp -r node_modules/mathjax/es5 assets/web/mathjax
mkdir -p assets/web/anywidget
cp "$ANYWIDGET_JS" assets/web/anywidget/index.js
touch assets/web/.stamp
