"""One Chinese name per term, Taiwan usage, and a glossary that links to where each term is
taught: rnn_course.authoring.terms (scripts/check_terms.py) on a small made-up course, then
on the real chapters."""

from __future__ import annotations


import nbformat
import pytest

from rnn_course.authoring import terms as check_terms

GLOSSARY = """# Glossary

| English | 中文 | Taught in |
| --- | --- | --- |
| activation function | 激勵函數 | 3 |
| hidden unit | 隱藏單元 | [1.2](chapters/01_tiny.ipynb#12-units) |
| recurrent neural network (RNN) | 循環神經網路 | [1](chapters/01_tiny.ipynb) |
"""

CELLS = [
    "# 1. Tiny\n\nA recurrent neural network（循環神經網路, RNN） reads sequences.",
    "## 1.1 Activation\n\nIt applies an activation function（激活函數）.",
    "## 1.2 Units\n\nIt has two **hidden units（隱藏單元）** and a bias（偏置）.",
]


@pytest.fixture
def tiny_course(tmp_path, monkeypatch):
    (tmp_path / "chapters").mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(c) for c in CELLS])
    nbformat.write(nb, tmp_path / "chapters" / "01_tiny.ipynb")
    (tmp_path / "glossary.md").write_text(GLOSSARY, encoding="utf-8")
    monkeypatch.setattr(check_terms, "GLOSSARY", tmp_path / "glossary.md")
    monkeypatch.setattr(check_terms, "CHAPTERS", tmp_path / "chapters")
    for cached in (check_terms.pairs, check_terms.markdown_cells, check_terms.taught_at,
                   check_terms._heading_slugs):
        cached.cache_clear()
    yield tmp_path
    for cached in (check_terms.pairs, check_terms.markdown_cells, check_terms.taught_at,
                   check_terms._heading_slugs):
        cached.cache_clear()


def test_pairs_are_found_with_markup_and_abbreviations(tiny_course):
    found = {(p.english.split()[-1], p.chinese) for p in check_terms.pairs()}
    assert found == {("network", "循環神經網路, RNN"), ("function", "激活函數"),
                     ("units", "隱藏單元"), ("bias", "偏置")}


def test_disagreements_and_unknown_terms_are_reported(tiny_course):
    wrong, unknown = check_terms.disagreements(check_terms.glossary_terms())
    assert wrong == ["01_tiny.ipynb cell 1: activation function（激活函數） -> 激勵函數 (glossary)"]
    assert unknown == ["01_tiny.ipynb cell 2: and a bias（偏置） is not in glossary.md"]
    assert check_terms.mainland_usage() == ["01_tiny.ipynb cell 1: 激活 -> 激勵"]


def test_glossary_links_point_where_each_term_is_taught(tiny_course):
    assert check_terms.stale_links(check_terms.glossary_terms()) == [
        "glossary.md: activation function: 3 -> "
        "[1.1](chapters/01_tiny.ipynb#11-activation)"]
    check_terms.write_links(check_terms.glossary_terms())
    assert check_terms.stale_links(check_terms.glossary_terms()) == []
    assert "| activation function | 激勵函數 | [1.1](chapters/01_tiny.ipynb#11-activation) |" \
        in (tiny_course / "glossary.md").read_text(encoding="utf-8")


def test_the_chapters_use_the_glossary_names():
    """Fails until every chapter writes the glossary's (Taiwan) name for each term; the
    report names the cell and the replacement."""
    problems = check_terms.report()
    assert not any(problems.values()), check_terms.report_text(problems)
