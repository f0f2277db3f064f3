"""Maintainers' tools, as a library: what the command-line entry points in ``scripts/`` and
``benchmarks/`` call (notebook execution, Colab cells, exercise building, book editions,
browser settings). Learners never need it; it is importable wherever the package is.
"""
