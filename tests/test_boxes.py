"""Answers fold and boxes show as boxes in every notebook front end, not only on the site.

The notebooks' markdown is rendered the way Jupyter renders it (math set aside first,
then CommonMark with raw HTML, here markdown-it-py, the parser family of VS Code and
close to JupyterLab's marked): no MyST syntax may show as text, every answer must sit
inside a closed ``<details>``, every other box inside a ``<blockquote>``, and the math in
them must reach MathJax intact. The converter (``rnn_course.authoring.boxes``) is checked
on every directive form the book uses, and for idempotence.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from markdown_it import MarkdownIt

from rnn_course.authoring.boxes import (RAW_MYST, Labels, collect_labels, convert_book,
                                        convert_markdown, leftover_syntax)

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "chapters" / "01_sequences_and_embeddings.ipynb"
# Jupyter (JupyterLab's removeMath, Colab alike) takes math out before markdown parsing.
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$", re.S)


def render_like_jupyter(markdown: str) -> tuple[str, list[str]]:
    """HTML of a markdown cell as a notebook front end renders it, and its math spans."""
    maths: list[str] = []

    def keep(match: re.Match) -> str:
        maths.append(match.group(0))
        return f"@@{len(maths) - 1}@@"

    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(MATH.sub(keep, markdown))
    return re.sub(r"@@(\d+)@@", lambda m: maths[int(m.group(1))], html), maths


class Boxes(HTMLParser):
    """Visible text outside any <details>, and the text inside each <details> and box."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.outside: list[str] = []
        self.folded: list[dict] = []  # {"summary": str, "body": str}
        self.boxed: list[dict] = []  # {"class": str, "body": str}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "details":
            self.folded.append({"summary": "", "body": "", "open": "open" in attrs})
        if tag == "blockquote":
            self.boxed.append({"class": attrs.get("class", ""), "body": ""})
        self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        tags = [tag for tag, _ in self.stack]
        if "details" in tags:
            part = "summary" if tags[-1] == "summary" else "body"
            self.folded[-1][part] += data
        else:
            self.outside.append(data)
        if "blockquote" in tags:
            self.boxed[-1]["body"] += data


def markdown_cells(path: Path) -> list[str]:
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]


def parse(markdown: str) -> Boxes:
    boxes = Boxes()
    boxes.feed(render_like_jupyter(markdown)[0])
    return boxes


def test_chapter_renders_without_myst_syntax_and_with_answers_folded():
    answers = 0
    for source in markdown_cells(CHAPTER):
        boxes = parse(source)
        shown = "".join(boxes.outside)
        assert not RAW_MYST.search(shown), f"raw MyST in Jupyter: {RAW_MYST.search(shown).group()}"
        for box in boxes.folded:
            if box["summary"].startswith("Answer"):
                answers += 1
                assert not box["open"] and box["body"].strip(), box
        assert "Answer" not in re.sub(r"\s+", " ", shown).replace("open the answer", "")
    assert answers >= 2


def test_math_and_code_inside_boxes_reach_the_renderer_intact():
    source = convert_markdown(":::{admonition} Common mistake\n:class: warning\nUse `@`:\n\n"
                              "$$\nh_t = \\tanh(x_t W + b)\n$$\n\n```python\nh = x @ W\n```\n:::")
    html, maths = render_like_jupyter(source)
    assert maths == ["$$\nh_t = \\tanh(x_t W + b)\n$$"]  # no "> " or other debris in the TeX
    boxes = parse(source)
    assert boxes.boxed[0]["class"] == "warning"
    assert "h = x @ W" in boxes.boxed[0]["body"] and "<code>@</code>" in html
    assert "Common mistake" in boxes.boxed[0]["body"]


@pytest.mark.parametrize("myst, expected", [
    (":::{admonition} Answer\n:class: dropdown\nIt is **42**.\n:::",
     "<details>\n<summary>Answer</summary>\n\nIt is **42**.\n\n</details>"),
    (":::{admonition} Common mistake: the gate order\n:class: warning\n\nText.\n:::",
     '<blockquote class="warning">\n<strong>Common mistake: the gate order</strong>\n\nText.\n\n</blockquote>'),
    (":::{note} Index convention\nRows from 0.\n:::",
     '<blockquote class="note">\n<strong>Note: Index convention</strong>\n\nRows from 0.\n\n</blockquote>'),
    ("```{tip}\nA tip.\n```", '<blockquote class="tip">\n<strong>Tip</strong>\n\nA tip.\n\n</blockquote>'),
    (":::{dropdown} Hint\n:open:\nLook up.\n:::",
     "<details open>\n<summary>Hint</summary>\n\nLook up.\n\n</details>"),
    ("````{admonition} Answer\n:class: dropdown\n```python\nx = 1\n```\n````",
     "<details>\n<summary>Answer</summary>\n\n```python\nx = 1\n```\n\n</details>"),
    ("::::{admonition} Answer\n:class: dropdown\n:::{note}\nInner.\n:::\n::::",
     "<details>\n<summary>Answer</summary>\n\n<blockquote class=\"note\">\n<strong>Note</strong>"
     "\n\nInner.\n\n</blockquote>\n\n</details>"),
    ("```{math}\nx^2\n```", "$$\nx^2\n$$"),
    ("```{code-block} python\nprint(1)\n```", "```python\nprint(1)\n```"),
    ("(padding-and-masking)=\n### Padding", '<a id="padding-and-masking"></a>\n\n### Padding'),
])
def test_each_directive_form_becomes_portable(myst, expected):
    assert convert_markdown(myst) == expected
    assert convert_markdown(expected) == expected  # idempotent
    assert not leftover_syntax(expected)


def test_references_become_links_relative_to_the_page():
    labels = collect_labels({"chapters/04_rnn_cell.ipynb": "(padding-and-masking)=\n### Padding and masking"})
    text = "see {ref}`Padding <padding-and-masking>` or {ref}`padding-and-masking`; `{ref}` in code"
    assert convert_markdown(text, labels, "chapters/02_why_recurrence.ipynb") == (
        "see [Padding](04_rnn_cell.ipynb#padding-and-masking) or "
        "[Padding and masking](04_rnn_cell.ipynb#padding-and-masking); `{ref}` in code")
    assert Labels().link("x", "a.md") == ("#x", "x")


def test_code_blocks_and_unknown_directives_are_left_alone():
    code = "```python\n:::{note}\n{ref}`x`\n```"
    assert convert_markdown(code) == code and not leftover_syntax(code)
    unknown = "```{list-table}\n* - a\n```"
    assert convert_markdown(unknown) == unknown
    assert leftover_syntax(unknown) == ["```{list-table}"]


def test_every_notebook_and_page_is_in_portable_form():
    """Fails when MyST boxes come back: run `python scripts/convert_boxes.py`."""
    changed, leftovers = convert_book(ROOT, check=True)
    assert not changed, f"run scripts/convert_boxes.py: {[str(p.relative_to(ROOT)) for p in changed]}"
    assert not leftovers, leftovers
