"""Re-check every claim the chapters make about trained models, on any seeds.

    python benchmarks/claims.py --seeds 0 1 2 [--only ch06]

Prints one line per claim and seed, beginning with ``ok`` or ``FAIL`` and giving the
measured figures; exits 1 if any claim failed. The claims are the functions of
``rnn_course.claims`` that the chapters call on their own seed.
"""

from __future__ import annotations

import argparse
import sys
import time

from rnn_course.claims import all_claims
from rnn_course.notebook import silence_tensorflow


def _figures(figures: dict[str, float]) -> str:
    return ", ".join(f"{key} {value:.4g}" if isinstance(value, float) else f"{key} {value}"
                     for key, value in figures.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--only", default="", help="run only claims whose name contains this")
    args = parser.parse_args()
    silence_tensorflow()
    claims = {name: f for name, f in all_claims().items() if args.only in name}
    failed = 0
    for name, function in claims.items():
        for seed in args.seeds:
            start = time.perf_counter()
            try:
                line = f"ok   {name} | seed {seed} | {_figures(function(seed))}"
            except AssertionError as error:
                failed += 1
                line = f"FAIL {name} | seed {seed} | {error}"
            print(f"{line} | {time.perf_counter() - start:.1f} s", flush=True)
    print(f"{len(claims)} claims x {len(args.seeds)} seeds, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
