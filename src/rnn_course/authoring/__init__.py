"""Maintainers' tools, as a library: what the command-line entry points in ``scripts/`` and
``benchmarks/`` call. Learners never need it; it is importable wherever the package is.

Modules: ``checkout`` (where the course's repository is), ``colab`` (each notebook's Colab
badge and install cell), ``execute`` (run notebooks and store their outputs),
``exercises`` (student and solution notebooks from a master and its spec), ``editions``
(the book's tables of contents), ``terms`` (the glossary check), ``chapters`` (the
chapter template), ``browser`` (headless Chromium settings), ``site`` (build and
serve the book for the tests and benchmarks), ``boxes`` (answers and boxes in a form every
notebook front end renders), ``frontends`` (a notebook run in JupyterLab or Notebook 7 in
Chromium) and ``colab_runtime`` (notebooks run with Colab's versions).
"""
