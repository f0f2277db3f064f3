"""Maintainers' tools, as a library: what the command-line entry points in ``scripts/`` and
``benchmarks/`` call. Learners never need it; it is importable wherever the package is.

Modules: ``checkout`` (where the course's repository is), ``colab`` (each notebook's Colab
badge and install cell), ``execute`` (run notebooks and store their outputs),
``exercises`` (student and solution notebooks from a master and its spec), ``editions``
(the book's tables of contents), ``terms`` (the glossary check), ``chapters`` (the
chapter template), ``browser`` (headless Chromium settings) and ``site`` (build and
serve the book for the tests and benchmarks).
"""
