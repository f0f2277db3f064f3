"""Print the cold and warm build times of the website (target: warm rebuild <= 15 s).

    python benchmarks/book_build.py

Cold: an empty output folder. Warm: the same command again with nothing changed.
Builds go to a temporary folder, so the working tree's _build/ is left alone.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from rnn_course.authoring.site import build_book


def build_seconds(output: Path) -> float:
    start = time.perf_counter()
    build_book(output)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        cold = build_seconds(Path(folder))
        warm = build_seconds(Path(folder))
    print(f"cold build: {cold:6.1f} s")
    print(f"warm build: {warm:6.1f} s (nothing changed)")


if __name__ == "__main__":
    main()
