"""Claims the chapters make about trained models, re-checkable on any seed.

A claim is one function ``claim(seed) -> dict`` in a module of this package (one module
per chapter, e.g. ``rnn_course.claims.ch06``), registered with :func:`claim`. It trains
what the chapter trains from ``seed``, measures, and raises ``AssertionError`` whose
message gives the measured figures when the claim does not hold; otherwise it returns
those figures (name -> number). The chapter calls the same function on its own seed, so
the text, its assertion and ``benchmarks/claims.py --seeds 0 1 2`` cannot drift apart.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import TypeVar

ClaimFunction = Callable[[int], dict[str, float]]
F = TypeVar("F", bound=ClaimFunction)

_REGISTRY: dict[str, ClaimFunction] = {}


def claim(name: str) -> Callable[[F], F]:
    """Register ``function(seed)`` as the claim ``name`` (e.g. ``"ch06: LSTM beats chance"``)."""
    def register(function: F) -> F:
        if name in _REGISTRY and _REGISTRY[name] is not function:
            raise ValueError(f"two claims are named {name!r}")
        _REGISTRY[name] = function
        return function
    return register


def require(figures: dict[str, float], holds: bool, what: str = "") -> dict[str, float]:
    """``figures`` if the claim ``holds``; else ``AssertionError`` naming ``what`` (the
    condition, in words) and giving every figure, so a failing seed shows why."""
    if not holds:
        listed = ", ".join(f"{key} {value:.4g}" for key, value in figures.items())
        raise AssertionError(f"{what} does not hold: {listed}" if what else listed)
    return figures


def all_claims() -> dict[str, ClaimFunction]:
    """Every registered claim, by name, after importing each module of this package."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        importlib.import_module(f"{__name__}.{info.name}")
    return dict(sorted(_REGISTRY.items()))


def check(name: str, seed: int) -> dict[str, float]:
    """Run the claim ``name`` on ``seed``; its figures, or ``AssertionError`` with them."""
    claims = all_claims()
    if name not in claims:
        raise KeyError(f"no claim named {name!r}; known: {sorted(claims)}")
    return claims[name](seed)
