"""Fixtures shared by the book and browser tests: one build of the site per session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from rnn_course.authoring import browser as browser_tools
from rnn_course.authoring import site
from rnn_course.authoring.browser import WIDGETS_RENDERED  # noqa: F401  (the browser tests')
from rnn_course.authoring.checkout import ROOT


@pytest.fixture(scope="session")
def book_config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text())


@pytest.fixture(scope="session")
def notebook_pages() -> list[str]:
    """Every notebook page of the table of contents, as paths without suffix."""
    return [f for f in site.toc_pages() if (ROOT / f"{f}.ipynb").exists()]


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
    return site.build_book(out, toc)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The book as published by default (the graded edition)."""
    return build_book(tmp_path_factory.mktemp("book"))


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """Serve the built site for the browser tests."""
    with site.serve(built_site) as url:
        yield url


# Module scope: Playwright's sync API keeps an event loop running while it is open, and
# later tests in the session (the grader's) need asyncio.run().
@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    try:
        playwright = browser_tools.sync_playwright()
        browser_tools.chromium_path()
    except browser_tools.BrowserMissing as missing:
        pytest.fail(str(missing))  # a missing browser fails the run; it never skips it
    with playwright as p:
        browser = browser_tools.launch(p)
        yield browser
        browser.close()
