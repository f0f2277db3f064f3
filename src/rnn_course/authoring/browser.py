"""Headless Chromium for the browser test, the demo preview and the site benchmarks.

Always Debian's Chromium (``apt-get install chromium``, what ``scripts/bootstrap.sh``
installs), driven by Playwright; never a browser Playwright downloads.
"""

from __future__ import annotations

import shutil

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]

# A page function: true once every widget view on a page has rendered its controls
# (ipywidgets or live demos).
WIDGETS_RENDERED = """() => Array.from(document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]'))
  .every(s => s.parentElement.querySelector('input, select, button, .ui-slider, .widget-slider'))"""


class BrowserMissing(RuntimeError):
    """Chromium or Playwright is not installed (the message says how to install it)."""


def chromium_path() -> str:
    """The installed Chromium's executable; ``BrowserMissing`` if there is none."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        raise BrowserMissing("Chromium is not installed (scripts/bootstrap.sh installs it "
                             "as root; otherwise: sudo apt-get install chromium)")
    return path


def sync_playwright():
    """Playwright's ``sync_playwright()`` context; ``BrowserMissing`` if Playwright is not
    installed (it is in requirements.txt)."""
    try:
        from playwright.sync_api import sync_playwright as start
    except ImportError as error:
        raise BrowserMissing("Playwright is not installed: .venv/bin/python -m pip install "
                             "-r requirements.txt (scripts/bootstrap.sh does it)") from error
    return start()


def launch(playwright):
    """Launch headless Chromium with :data:`CHROMIUM_FLAGS` from a started Playwright."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
