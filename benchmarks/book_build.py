"""Print the cold and warm build times of the website (target: warm rebuild <= 15 s).

    python benchmarks/book_build.py

Cold: an empty output folder. Warm: the same command again with nothing changed.
Builds go to a temporary folder, so the working tree's _build/ is left alone.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_seconds(output: Path) -> float:
    command = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(ROOT), "-W",
               "--builder", "html", "--path-output", str(output)]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        cold = build_seconds(Path(folder))
        warm = build_seconds(Path(folder))
    print(f"cold build: {cold:6.1f} s")
    print(f"warm build: {warm:6.1f} s (nothing changed)")


if __name__ == "__main__":
    main()
