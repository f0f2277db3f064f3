"""The two editions of the website: graded (default, no solutions) and self-study.

The graded edition is the session's usual build (``built_site``). The self-study edition
is built here with the table of contents ``rnn_course.authoring.editions`` writes, minus the
chapters (nothing in it links to them, and they are most of the build's time): the
front page, the exercises, their solutions and the glossary.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest
import yaml

from conftest import build_book

from rnn_course.authoring.checkout import ROOT
from rnn_course.authoring.editions import SOLUTIONS_CAPTION, self_study_toc
from rnn_course.authoring.exercises import SOLUTION_ONLY, masters, solution_lines
from rnn_course.authoring.site import serve

# Lines short enough to appear anywhere (`return h`) say nothing about a leak.
MIN_LINE = 24


def as_read(markdown: str) -> str:
    """A line of markdown as the page shows it: links' text, no emphasis or backticks
    (math, typeset by MathJax, is left out by the caller)."""
    return re.sub(r"[*`]", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown))


def solution_text(master: Path, chapters: str) -> list[str]:
    """The lines only the solutions hold (solution code, solution-only cells), not those a
    chapter teaches anyway, nor lines too short to tell."""
    nb = nbformat.read(master, as_version=4)
    lines = solution_lines(master)
    for cell in nb.cells:
        if SOLUTION_ONLY in cell.metadata.get("tags", []):
            lines += cell.source.splitlines() if cell.cell_type == "code" else [
                as_read(line) for line in cell.source.splitlines() if "$" not in line]
    distinct = sorted({line.strip() for line in lines if len(line.strip()) >= MIN_LINE
                       and line.strip() not in chapters})
    assert len(distinct) >= 3, f"{master.name}: too few solution lines to detect a leak"
    return distinct


# Sphinx's smart quotes turn the prose's ' and " into typographic ones.
STRAIGHT_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def page_text(path: Path) -> str:
    """What a reader can read on a page (code included), without the markup."""
    text = html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))
    return text.translate(STRAIGHT_QUOTES)


def exercise_pages() -> list[str]:
    return [f"exercises/{master.stem}" for master in masters()]


@pytest.fixture(scope="module")
def chapters() -> str:
    """The text of every chapter notebook."""
    return "\n".join(cell.source for path in sorted((ROOT / "chapters").glob("*.ipynb"))
                     for cell in nbformat.read(path, as_version=4).cells)


@pytest.fixture(scope="module")
def self_study_site(tmp_path_factory) -> Path:
    toc = self_study_toc(yaml.safe_load((ROOT / "_toc.yml").read_text()))
    out = tmp_path_factory.mktemp("self-study")
    (out / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False, allow_unicode=True))
    return build_book(out, out / "_toc.yml")


@pytest.fixture(scope="module")
def self_study_url(self_study_site):
    with serve(self_study_site) as url:
        yield url


# ---------------------------------------------------------------- built files ---------


def test_graded_edition_publishes_no_solution(built_site, chapters):
    published = [path for path in built_site.rglob("*") if path.is_file()]
    assert not [p for p in published if "solutions" in p.relative_to(built_site).parts]
    pages = {p.relative_to(built_site).as_posix(): page_text(p) for p in published
             if p.suffix in (".html", ".ipynb", ".md", ".txt")}
    for master in masters():
        leaked = [(line, name) for line in solution_text(master, chapters)
                  for name, text in pages.items() if line in text]
        assert not leaked, f"solution text of {master.name} published: {leaked[:3]}"
    for page in exercise_pages():
        assert "solution-link" not in (built_site / f"{page}.html").read_text()


def test_self_study_edition_publishes_every_solution(self_study_site, chapters):
    for master in masters():
        page = self_study_site / "exercises" / "solutions" / f"{master.stem}.html"
        missing = [line for line in solution_text(master, chapters) if line not in page_text(page)]
        assert not missing, f"{page.name} lacks its solution lines: {missing[:3]}"


# ---------------------------------------------------------------- navigation ----------


def sidebar_captions(page) -> list[str]:
    return page.locator("nav.bd-links p.caption").all_inner_texts()


def test_graded_edition_navigation(browser, site_url):
    page = browser.new_page()
    page.goto(f"{site_url}/intro.html")
    assert SOLUTIONS_CAPTION not in sidebar_captions(page)
    assert page.locator('nav.bd-links a[href*="solutions/"]').count() == 0
    for name in exercise_pages():
        page.goto(f"{site_url}/{name}.html")
        assert page.locator(".solution-link").count() == 0
        assert page.locator('a[href*="solutions/"]').count() == 0
        solution = name.replace("exercises/", "exercises/solutions/")
        assert page.goto(f"{site_url}/{solution}.html").status == 404
    page.close()


def test_self_study_edition_navigation(browser, self_study_url):
    page = browser.new_page()
    page.goto(f"{self_study_url}/intro.html")
    captions = sidebar_captions(page)
    assert captions.index(SOLUTIONS_CAPTION) == captions.index("Chapters") + 1
    entries = page.locator('nav.bd-links a[href*="solutions/"]')
    assert entries.count() == len(exercise_pages())
    assert all(text.startswith(f"{SOLUTIONS_CAPTION} ") for text in entries.all_inner_texts())
    for name in exercise_pages():
        page.goto(f"{self_study_url}/{name}.html")
        title = page.locator("article h1").first.inner_text()
        page.locator(".solution-link a").click()
        page.wait_for_load_state()
        solution = name.replace("exercises/", "exercises/solutions/")
        assert page.url.endswith(f"/{solution}.html"), page.url
        assert page.locator("article h1").first.inner_text() == title
        page.locator(".solution-link a").click()  # back to the exercises
        page.wait_for_load_state()
        assert page.url.endswith(f"/{name}.html"), page.url
    page.close()
