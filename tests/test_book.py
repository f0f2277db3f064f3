"""The website builds with warnings as errors and serves everything it needs itself.

Also what a reader meets on each page: the title first (no Colab install cell, no
environment line), Chinese terms marked up as Traditional Chinese, each exercise set right
after its chapter, and a site that ships one copy of each script it loads.
"""

from __future__ import annotations

import re
from pathlib import Path

from rnn_course.authoring.checkout import ROOT
from rnn_course.authoring.colab import colab_url

HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
TF_LOG = re.compile(r"(cuda_|oneDNN custom operations|tensorflow/core|I0000|W0000|E0000)")


def page(built_site: Path, name: str) -> str:
    return (built_site / f"{name}.html").read_text(encoding="utf-8")


def test_every_notebook_page_is_built(built_site, notebook_pages):
    assert any(name.startswith("exercises/") for name in notebook_pages)
    for name in notebook_pages:
        assert (built_site / f"{name}.html").is_file(), name


def test_colab_launch_button_points_at_the_notebook(built_site, notebook_pages, book_config):
    for name in notebook_pages:
        expected = colab_url(ROOT / f"{name}.ipynb")
        assert expected.startswith("https://colab.research.google.com/github/")
        assert f"/blob/{book_config['repository']['branch']}/{name}.ipynb" in expected
        assert f'href="{expected}"' in page(built_site, name), name


def test_scripts_are_served_locally(built_site, notebook_pages):
    for name in notebook_pages:
        sources = re.findall(r'<script[^>]*\ssrc="([^"]+)"', page(built_site, name))
        remote = [s for s in sources if re.match(r"(https?:)?//", s)]
        assert not remote, f"{name} loads scripts from elsewhere: {remote}"


def test_no_tensorflow_log_lines_on_pages(built_site, notebook_pages):
    for name in notebook_pages:
        assert not TF_LOG.search(page(built_site, name)), name


def test_pages_start_with_the_title(built_site, notebook_pages):
    """The Colab cells and the environment line stay in the notebook, off the website."""
    for name in notebook_pages:
        html = page(built_site, name)
        article = html[html.index('<article class="bd-article">'):]
        assert "Colab only: install" not in article, f"{name}: the install cell is shown"
        assert "Environment: Python" not in article, f"{name}: the environment line is shown"
        first_cell = article.find('class="cell ')
        assert first_cell == -1 or article.index("<h1") < first_cell, f"{name}: title not first"


def test_chinese_is_marked_up_as_traditional_chinese(built_site, notebook_pages):
    """Screen readers switch voice on lang="zh-Hant"; code and math are left as they are."""
    import bs4  # Jupyter Book's theme needs it, so it is always there

    marked = 0
    for name in [*notebook_pages, "glossary"]:
        soup = bs4.BeautifulSoup(page(built_site, name), "html.parser")
        article = soup.select_one("article")
        spans = article.select('span[lang="zh-Hant"]')
        assert all(HAN.search(span.get_text()) for span in spans), name
        marked += len(spans)
        for text in article.find_all(string=HAN):
            if text.find_parent(["pre", "code", "script", "style"]) or \
                    text.find_parent(class_="math"):
                continue
            assert text.find_parent(attrs={"lang": "zh-Hant"}), f"{name}: {text!r}"
    assert marked > 50, "the glossary alone names more terms"


def test_each_exercise_set_follows_its_chapter(built_site, notebook_pages):
    """"Previous" on exercises/exNN_* is chapter NN (or, for a set on several chapters, the
    last of them); "Next" leads on to a chapter, not to another exercise set."""
    exercises = [n for n in notebook_pages if n.startswith("exercises/")]
    assert exercises
    for exercise in exercises:
        html = page(built_site, exercise)
        previous = re.search(r'<a class="left-prev"\s+href="\.\./chapters/(\d\d)_', html)
        assert previous and int(previous.group(1)) >= int(Path(exercise).name[2:4]), exercise
        following = re.search(r'<a class="right-next"\s+href="([^"]+)"', html)
        assert not following or "exercises/" not in following.group(1), exercise


def test_one_copy_of_each_script(built_site):
    """Only the MathJax component and widget bundle the pages load, and no source maps."""
    static = built_site / "_static"
    assert not list(static.rglob("*.map"))
    assert [p.name for p in (static / "mathjax").glob("*.js")] == ["tex-chtml.js"]
    assert [p.name for p in (static / "html-manager").glob("*.js")] == ["embed-amd.js"]
    for name in ("intro", "chapters/01_sequences_and_embeddings"):
        sources = re.findall(r'<script[^>]*\ssrc="([^"?]+)', page(built_site, name))
        assert len(sources) == len(set(sources)), f"{name} loads a script twice"
        bodies = re.findall(r"<script>(.*?)</script>", page(built_site, name), re.S)
        assert len(bodies) == len(set(bodies)), f"{name} runs an inline script twice"
