"""Every live demo recomputes on the built site: no kernel, no network, a real browser.

For each chapter page, each demo (``.rnn-demo``, drawn by a ``LiveDemo`` module) is
checked as a reader uses it: every control (``[data-trait]``) is moved (sliders with the
keyboard's arrow keys, drop-downs to another option, text boxes to another suggestion),
and after each move the drawing must differ and the title must state the new value.
The page must log no console error and request nothing outside 127.0.0.1. A screenshot of
each demo, before and after, is kept in the test's temporary folder.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from rnn_course.authoring.browser import WIDGETS_RENDERED

def drawing(demo) -> str:
    return demo.locator("svg").first.inner_html()


def title(demo) -> str:
    return demo.locator(".rnn-title").inner_text()


def move(control, page) -> str:
    """Change one control as a reader would; return the value text the title must show."""
    kind = control.evaluate("e => e.tagName === 'SELECT' ? 'select' : e.type")
    if kind == "range":
        before = control.input_value()
        control.focus()
        page.keyboard.press("ArrowRight")
        if control.input_value() == before:  # already at its maximum
            page.keyboard.press("ArrowLeft")
        assert control.input_value() != before, "the arrow keys do not move the slider"
        return control.locator("xpath=following-sibling::output").inner_text()
    if kind == "select":
        options = control.locator("option").evaluate_all(
            "opts => opts.map(o => [o.value, o.textContent])")
        value, text = next((v, t) for v, t in options if v != control.input_value())
        control.select_option(value)
        return text
    suggestions = control.evaluate(
        "e => e.list ? Array.from(e.list.options).map(o => o.value) : []")
    value = next(s for s in suggestions if s != control.input_value())
    control.fill(value)
    return value


@pytest.fixture(scope="module")
def demo_pages(browser, site_url, chapter_pages):
    """Each chapter page with live demos, loaded at desktop width, with its errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    loaded = {}
    for name in chapter_pages:
        page = context.new_page()
        errors, requests = [], []
        page.on("console", lambda m, seen=errors: m.type == "error" and seen.append(m.text))
        page.on("pageerror", lambda e, seen=errors: seen.append(str(e)))
        page.on("request", lambda r, seen=requests: seen.append(r.url))
        page.goto(f"{site_url}/{name}.html", wait_until="networkidle")
        page.wait_for_function(WIDGETS_RENDERED, timeout=20_000)
        loaded[name] = (page, errors, requests)
    yield loaded
    context.close()


def test_every_control_redraws_and_the_title_states_its_value(demo_pages, tmp_path):
    moved = 0
    for name, (page, *_) in demo_pages.items():
        for index, demo in enumerate(page.locator(".rnn-demo").all()):
            demo.scroll_into_view_if_needed()
            shot = tmp_path / f"{name.replace('/', '_')}_{index}"
            demo.screenshot(path=f"{shot}_before.png")
            controls = demo.locator("[data-trait]").all()
            assert controls, f"{name}: demo {index} has no control"
            for control in controls:
                label = control.evaluate("e => e.labels[0] && e.labels[0].textContent")
                assert label, f"{name}: a control without a label"
                before = drawing(demo)
                shown = move(control, page)
                assert drawing(demo) != before, f"{name}: moving {label!r} did not redraw"
                assert shown in title(demo), f"{name}: title {title(demo)!r} lacks {shown!r}"
                moved += 1
            demo.screenshot(path=f"{shot}_after.png")
    assert moved > 0


def test_demos_log_no_error_and_stay_on_the_machine(demo_pages):
    for name, (_, errors, requests) in demo_pages.items():
        assert not errors, f"{name}: {errors}"
        outside = [u for u in requests if urlparse(u).scheme not in ("data", "blob")
                   and urlparse(u).hostname != "127.0.0.1"]
        assert not outside, f"{name} requested {outside}"


# Every text of a demo's drawing that ends (or starts) outside its svg: cut off on screen.
CLIPPED_TEXT = """() => Array.from(document.querySelectorAll('.rnn-demo svg')).flatMap((svg) => {
  const frame = svg.getBoundingClientRect();
  return Array.from(svg.querySelectorAll('text')).filter((t) => {
    const box = t.getBoundingClientRect();
    return box.width > 0 && (box.left < frame.left - 1 || box.right > frame.right + 1);
  }).map((t) => t.textContent.slice(0, 40));
})"""


def test_demos_fit_a_phone(browser, site_url, demo_pages):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    for name, (desktop, *_) in demo_pages.items():
        if not desktop.locator(".rnn-demo").count():
            continue
        page.goto(f"{site_url}/{name}.html", wait_until="networkidle")
        page.wait_for_selector(".rnn-demo svg *", timeout=20_000)
        for control in page.locator(".rnn-demo [data-trait]").all():
            box = control.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, (
                f"{name}: a control is cut off at 390 px: {box}")
        for track in page.locator(".rnn-demo input[type=range]").all():
            assert track.bounding_box()["width"] >= 150, f"{name}: slider track too short"
        clipped = page.evaluate(CLIPPED_TEXT)
        assert not clipped, f"{name}: text runs off the drawing at 390 px: {clipped}"
    context.close()
