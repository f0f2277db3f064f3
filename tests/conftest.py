"""Fixtures shared by the book and browser tests: one build of the site per session."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def book_config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text())


@pytest.fixture(scope="session")
def notebook_pages() -> list[str]:
    """Every notebook page of the table of contents, as paths without suffix."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [entry["file"] for part in toc["parts"] for entry in part["chapters"]]
    return [f for f in files if (ROOT / f"{f}.ipynb").exists()]


@pytest.fixture(scope="session")
def chapter_pages(notebook_pages) -> list[str]:
    """The chapters' pages (exercise notebooks are published without outputs)."""
    return [f for f in notebook_pages if f.startswith("chapters/")]


def build_book(out: Path, toc: Path | None = None) -> Path:
    """Build the book (with another table of contents if given) with warnings as errors
    into ``out``; return its html/."""
    # Copies the site's JavaScript when missing or older than the script (a no-op otherwise).
    subprocess.run(["bash", str(ROOT / "scripts" / "fetch_web_assets.sh")], check=True,
                   env={**os.environ, "PYTHON_VENV": sys.executable})
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "-W", "--keep-going", "--builder", "html",
         "--path-output", str(out), *(["--toc", str(toc)] if toc else [])],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    return out / "_build" / "html"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The book as published by default (the graded edition)."""
    return build_book(tmp_path_factory.mktemp("book"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 (a free port); yield its URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """Serve the built site for the browser tests."""
    with serve(built_site) as url:
        yield url


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]

# True once every widget view on a page has rendered its controls (ipywidgets or live demos).
WIDGETS_RENDERED = """() => Array.from(document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]'))
  .every(s => s.parentElement.querySelector('input, select, button, .ui-slider, .widget-slider'))"""


# Module scope: Playwright's sync API keeps an event loop running while it is open, and
# later tests in the session (the grader's) need asyncio.run().
@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    playwright = pytest.importorskip("playwright.sync_api")
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Chromium is not installed (scripts/bootstrap.sh installs it as root)")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
