#!/usr/bin/env bash
# Copy the JavaScript the site serves itself (MathJax 3, require.js, the ipywidgets
# HTML manager) from the npm registry into assets/web/, which _config.yml names as
# Sphinx's html_static_path. Versions are pinned in package.json / package-lock.json.
# anywidget's front end (the AMD module the live demos need) comes from the anywidget
# wheel installed in .venv, so it always matches the Python side that wrote the pages.
# Only what a page loads is copied (benchmarks/site_size.py prints the result).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON_VENV:-.venv/bin/python}
ANYWIDGET_JS=$("$PYTHON" -c 'import anywidget, pathlib; print(pathlib.Path(anywidget.__file__).parent / "nbextension" / "index.js")')
if [ -f assets/web/.stamp ] && [ assets/web/.stamp -nt package-lock.json ] \
   && [ assets/web/.stamp -nt scripts/fetch_web_assets.sh ] \
   && cmp -s "$ANYWIDGET_JS" assets/web/anywidget/index.js; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
rm -rf assets/web
mkdir -p assets/web/html-manager assets/web/anywidget assets/web/mathjax/input/tex \
  assets/web/mathjax/output/chtml/fonts
cp node_modules/requirejs/require.js assets/web/require.js
# The widget manager: the AMD bundle the pages load (embed-amd.js; not embed.js nor
# libembed-amd.js, other builds of the same code) and its icon font as woff2, the one
# format every current browser reads.
cp node_modules/@jupyter-widgets/html-manager/dist/embed-amd.js assets/web/html-manager/
cp node_modules/@jupyter-widgets/html-manager/dist/*.woff2 assets/web/html-manager/
# MathJax: the one component the pages load (tex-chtml.js), its woff2 fonts, and the TeX
# extensions its autoload fetches when a page uses one of their macros (e.g. \boldsymbol).
cp node_modules/mathjax/es5/tex-chtml.js assets/web/mathjax/
cp -r node_modules/mathjax/es5/output/chtml/fonts/woff-v2 assets/web/mathjax/output/chtml/fonts/
cp -r node_modules/mathjax/es5/input/tex/extensions assets/web/mathjax/input/tex/
cp "$ANYWIDGET_JS" assets/web/anywidget/index.js
touch assets/web/.stamp
