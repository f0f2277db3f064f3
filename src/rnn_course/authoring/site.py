"""The website, for the tests and benchmarks that need it built and served: the pages of
the table of contents, a build with Jupyter Book, and a local static server."""

from __future__ import annotations

import contextlib
import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path

import yaml

from rnn_course.authoring.checkout import ROOT


class BookBuildError(RuntimeError):
    """``jupyter-book build`` failed; the message ends with the tail of its output."""


def toc_pages() -> list[str]:
    """Every page of ``_toc.yml``, in order, as paths without suffix."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [entry["file"] for part in toc["parts"] for entry in part["chapters"]]


def chapter_pages() -> list[str]:
    """The chapters' pages of the table of contents (``chapters/...``)."""
    return [page for page in toc_pages() if page.startswith("chapters/")]


def build_book(out: Path, toc: Path | None = None, strict: bool = True) -> Path:
    """Build the book into ``out`` (with another table of contents if given; warnings as
    errors when ``strict``) and return its ``_build/html``."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book), "build", str(ROOT), *(["-W", "--keep-going"] if strict else []),
               "--builder", "html", "--path-output", str(out),
               *(["--toc", str(toc)] if toc else [])]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BookBuildError(f"{' '.join(command)} failed:\n"
                             f"{result.stdout[-5000:]}{result.stderr[-5000:]}")
    return out / "_build" / "html"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 (a free port) while the context lasts; yield its
    URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
