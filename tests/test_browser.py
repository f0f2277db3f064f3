"""Each chapter page, served on 127.0.0.1, works in a real headless Chromium, offline.

Checks per page: math is typeset by the site's own MathJax, every widget area rendered a
control, the Colab button points at the chapter's notebook, no request leaves 127.0.0.1,
the console stays free of errors, and no answer shows before its "Answer" box is opened.
On a phone (390 px) the menu and "On this page" buttons open their tables of contents.
The live demos have their own test (test_demos_browser.py).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from rnn_course.authoring import browser as browser_tools
from rnn_course.authoring.browser import WIDGETS_RENDERED
from rnn_course.authoring.checkout import ROOT
from rnn_course.authoring.colab import colab_url

PHONE = {"width": 390, "height": 844}

# What a reader sees of an element: laid out, not hidden, not transparent, with some text.
SHOWN = """e => e.getClientRects().length > 0 && e.innerText.trim() !== '' && e.checkVisibility(
    {checkOpacity: true, checkVisibilityCSS: true, opacityProperty: true,
     visibilityProperty: true})"""

# Per "Answer" box: the text a reader sees before opening it, in the box and in the code
# cells that follow it (cells that check the answer give it away unless hidden with it).
ANSWER_LEAKS = f"""() => {{
  const shown = {SHOWN};
  const boxes = Array.from(document.querySelectorAll('article .admonition.dropdown'))
    .filter(box => /^Answer/.test(box.querySelector('.admonition-title').innerText.trim()));
  return boxes.map(box => {{
    const leaks = Array.from(box.children)
      .filter(part => !part.classList.contains('admonition-title')).filter(shown);
    for (let next = box.nextElementSibling; next && next.matches('div.cell');
         next = next.nextElementSibling) {{
      leaks.push(...Array.from(next.querySelectorAll('.cell_input, .cell_output')).filter(shown));
    }}
    return leaks.map(part => part.innerText.trim().slice(0, 80));
  }});
}}"""


@pytest.fixture(scope="module")
def pages(browser, site_url, chapter_pages):
    """Load every chapter page once; record the requests each one made."""
    loaded = {}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    for name in chapter_pages:
        page = context.new_page()
        requests: list[str] = []
        failures: list[str] = []
        errors: list[str] = []
        page.on("console", lambda m, seen=errors: m.type == "error" and seen.append(m.text))
        page.on("pageerror", lambda error, seen=errors: seen.append(str(error)))
        page.on("request", lambda request, seen=requests: seen.append(request.url))
        page.on("response", lambda response, bad=failures: response.status >= 400
                and bad.append(f"{response.status} {response.url}"))
        page.on("requestfailed", lambda request, bad=failures: bad.append(request.url))
        page.goto(f"{site_url}/{name}.html", wait_until="networkidle")
        page.wait_for_function("() => !window.MathJax || !MathJax.startup"
                               " || MathJax.startup.promise.then(() => true)")
        page.wait_for_load_state("networkidle")
        loaded[name] = (page, requests, failures, errors)
    yield loaded
    context.close()


def test_a_missing_browser_fails_and_says_how_to_install_it(monkeypatch):
    """The browser fixture fails the run (never skips) with these messages."""
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # as if not installed
    with pytest.raises(browser_tools.BrowserMissing, match="Playwright is not installed"):
        browser_tools.sync_playwright()
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(browser_tools.BrowserMissing, match="Chromium is not installed"):
        browser_tools.chromium_path()


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
    demo_pages = 0
    for name, (page, *_) in pages.items():
        views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]')
        demo_pages += views.count() > 0
        page.wait_for_function(WIDGETS_RENDERED, timeout=20_000)
    assert demo_pages >= 6, "chapters 1, 2, 3, 4, 6 and 7 each show a live demo"


def test_colab_link_is_the_chapter_notebook(pages):
    for name, (page, *_) in pages.items():
        links = page.locator('a[href^="https://colab.research.google.com/"]')
        hrefs = set(links.evaluate_all("links => links.map(a => a.href)"))
        assert hrefs == {colab_url(ROOT / f"{name}.ipynb")}, (name, hrefs)


def test_no_request_leaves_the_machine(pages):
    for name, (_, requests, *_) in pages.items():
        outside = [url for url in requests
                   if urlparse(url).scheme not in ("data", "blob")
                   and urlparse(url).hostname != "127.0.0.1"]
        assert not outside, f"{name} requested {outside}"


def test_every_request_succeeds(pages):
    for name, (_, _, failures, _) in pages.items():
        assert not failures, f"{name}: {failures}"


def test_console_stays_clean(pages):
    """No page logs an error (a repeated theme script, a missing file, a failing widget)."""
    for name, (*_, errors) in pages.items():
        assert not errors, f"{name}: {errors}"


def test_the_favicon_is_served(pages):
    page = next(iter(pages.values()))[0]
    href = page.locator('link[rel="icon"]').first.get_attribute("href")
    status = page.evaluate("href => fetch(href).then(r => r.status)", href)
    assert status == 200, href


def test_answers_stay_hidden_until_opened(pages):
    boxes = 0
    for name, (page, *_) in pages.items():
        leaks = page.evaluate(ANSWER_LEAKS)
        for index, leaked in enumerate(leaks):
            assert not leaked, f"{name}: answer {index + 1} shows before it is opened: {leaked}"
        boxes += len(leaks)
        for title in page.locator("article .admonition.dropdown > .admonition-title").all():
            if title.inner_text().strip().startswith("Answer"):
                title.click()  # the reader opens the box: now the answer shows
                box = title.locator("xpath=..")
                box.locator(":scope > :not(.admonition-title)").first.wait_for(state="visible")
                assert box.evaluate(f"box => Array.from(box.children).some({SHOWN})"), name
    assert boxes > 0, "no Answer box found: did the dropdowns change?"


def visible(locator):
    return [element for element in locator.all() if element.is_visible()]


def test_phone_menu_opens_the_contents_and_follows_a_link(browser, site_url, chapter_pages):
    first, second = chapter_pages[:2]
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{site_url}/{second}.html", wait_until="networkidle")
    toggles = visible(page.locator(".primary-toggle"))
    assert len(toggles) == 1, "exactly one menu button (pydata-sphinx-theme issue 2451)"
    toggles[0].click()
    menu = page.locator("#pst-primary-sidebar-modal")
    menu.wait_for(state="visible")
    links = visible(menu.locator("nav a.reference.internal"))
    targets = [link.get_attribute("href") for link in links]
    wanted = [link for link in links
              if link.get_attribute("href").split("/")[-1] == f"{Path(first).name}.html"]
    assert len(wanted) == 1 and len(links) >= len(chapter_pages), targets
    wanted[0].click()
    page.wait_for_url(f"**/{first}.html")
    assert page.locator("article h1").first.is_visible()
    context.close()


def test_phone_on_this_page_lists_the_sections(browser, site_url, chapter_pages):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{site_url}/{chapter_pages[0]}.html", wait_until="networkidle")
    toggles = visible(page.locator(".secondary-toggle"))
    assert len(toggles) == 1
    toggles[0].click()
    contents = page.locator("#pst-secondary-sidebar-modal")
    contents.wait_for(state="visible")
    sections = visible(contents.locator("nav a"))
    assert len(sections) >= 3, "the chapter's sections"
    target = sections[1].get_attribute("href")
    sections[1].click()
    page.wait_for_function("hash => location.hash === hash", arg=target)
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}],
                         ids=["phone", "desktop"])
def test_one_search_field(browser, site_url, chapter_pages, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(f"{site_url}/{chapter_pages[0]}.html", wait_until="networkidle")
    fields = visible(page.locator(".search-button__button, form.bd-search input"))
    assert len(fields) == 1, [f.evaluate("e => e.outerHTML.slice(0, 120)") for f in fields]
    page.close()


def test_screenshot_for_debugging(pages, tmp_path):
    name, (page, *_) = next(iter(pages.items()))
    shot = tmp_path / f"{Path(name).name}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
