"""Each chapter page, served on 127.0.0.1, works in a real headless Chromium, offline.

Checks per page: math is typeset by the site's own MathJax, every widget area rendered a
control, the Colab button points at the chapter's notebook, and no request leaves
127.0.0.1. The live demos have their own test (test_demos_browser.py).
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from colab_cells import colab_url  # noqa: E402

CONTROLS = "input, select, button, textarea, .ui-slider, .widget-slider, .widget-dropdown"


@pytest.fixture(scope="module")
def pages(browser, site_url, chapter_pages):
    """Load every chapter page once; record the requests each one made."""
    loaded = {}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    for name in chapter_pages:
        page = context.new_page()
        requests: list[str] = []
        failures: list[str] = []
        page.on("request", lambda request, seen=requests: seen.append(request.url))
        page.on("response", lambda response, bad=failures: response.status >= 400
                and bad.append(f"{response.status} {response.url}"))
        page.on("requestfailed", lambda request, bad=failures: bad.append(request.url))
        page.goto(f"{site_url}/{name}.html", wait_until="networkidle")
        page.wait_for_function("() => !window.MathJax || !MathJax.startup"
                               " || MathJax.startup.promise.then(() => true)")
        page.wait_for_load_state("networkidle")
        loaded[name] = (page, requests, failures)
    yield loaded
    context.close()


def test_math_is_typeset(pages):
    for name, (page, *_) in pages.items():
        math = page.locator("article .math")
        assert math.count() > 0, f"{name}: a chapter without any math?"
        assert page.locator("article .math:not(:has(mjx-container))").count() == 0, name
        prose = page.evaluate("""() => Array.from(document.querySelectorAll('article p, article li, article td'))
                                 .map(e => e.innerText).join('\\n')""")
        for raw in ("$$", "\\(", "\\["):
            assert raw not in prose, f"{name}: raw math {raw!r} left in the text"


def test_every_widget_rendered_a_control(pages):
    for name, (page, *_) in pages.items():
        views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]')
        assert views.count() > 0, f"{name}: no interactive demo on the page"
        page.wait_for_function(
            f"""() => Array.from(document.querySelectorAll(
                    'script[type="application/vnd.jupyter.widget-view+json"]'))
                 .every(s => s.parentElement.querySelector('{CONTROLS}'))""", timeout=20_000)


def test_colab_link_is_the_chapter_notebook(pages):
    for name, (page, *_) in pages.items():
        links = page.locator('a[href^="https://colab.research.google.com/"]')
        hrefs = set(links.evaluate_all("links => links.map(a => a.href)"))
        assert hrefs == {colab_url(ROOT / f"{name}.ipynb")}, (name, hrefs)


def test_no_request_leaves_the_machine(pages):
    for name, (_, requests, _) in pages.items():
        outside = [url for url in requests
                   if urlparse(url).scheme not in ("data", "blob")
                   and urlparse(url).hostname != "127.0.0.1"]
        assert not outside, f"{name} requested {outside}"


def test_every_request_succeeds(pages):
    for name, (*_, failures) in pages.items():
        assert not failures, f"{name}: {failures}"


def test_screenshot_for_debugging(pages, tmp_path):
    name, (page, *_) = next(iter(pages.items()))
    shot = tmp_path / f"{Path(name).name}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
