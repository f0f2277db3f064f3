"""One Chinese name per technical term, Taiwan usage, and a glossary that links to where
each term is taught.

Every chapter gives a term's Chinese name beside it the first time, as ``term（中文）``.
:func:`report` lists each such pair in the chapters' Markdown cells and reports

- pairs whose Chinese differs from the glossary's name for the term (one concept, one name),
- pairs whose term is not in the glossary (add it there, or drop the Chinese),
- mainland-Chinese usage in the chapters or the glossary (the course writes Taiwan usage:
  網路, 資訊, 取樣, 影像, ...),
- glossary rows whose "Chapter" link is missing or not where the term is first taught
  (:func:`write_links` rewrites them).

The command line is ``scripts/check_terms.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import nbformat

from rnn_course.authoring.checkout import ROOT

GLOSSARY = ROOT / "glossary.md"
CHAPTERS = ROOT / "chapters"

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# "term（中文）": the Chinese in full-width brackets right after the English words.
PAIR = re.compile(rf"([A-Za-z][\w\-' \n]*?)\s*（([^（）]*[{HAN}][^（）]*)）")
MARKUP = re.compile(r"[*_`]")
ROW = re.compile(r"^\|(?P<english>[^|]+)\|(?P<chinese>[^|]+)\|(?P<chapter>[^|]+)\|\s*$")
HEADING = re.compile(r"^(#{1,3})\s+(.*)$", re.MULTILINE)
# Mainland usage -> the Taiwan usage the course writes.
MAINLAND = {
    "網絡": "網路", "信息": "資訊", "數據": "資料", "激活": "激勵", "採樣": "取樣",
    "采樣": "取樣", "圖像": "影像", "窗口": "視窗", "變量": "變數", "信號": "訊號",
    "默認": "預設", "優化": "最佳化", "軟件": "軟體", "硬件": "硬體", "視頻": "影片",
    "內存": "記憶體", "調用": "呼叫", "運行": "執行", "(?<!演)算法": "演算法",
}


@dataclass(frozen=True)
class Term:
    english: str         # as the glossary writes it, e.g. "recurrent neural network (RNN)"
    chinese: str         # e.g. "嵌入（詞嵌入）"
    chapter: str         # the glossary's Chapter cell

    @property
    def names(self) -> list[str]:
        """English forms that name the term: the main one and the one in brackets."""
        main, _, extra = self.english.partition("(")
        return [name.strip().lower() for name in (main, extra.rstrip(")")) if name.strip()]

    @property
    def chinese_names(self) -> set[str]:
        return set(chinese_parts(self.chinese))


@dataclass(frozen=True)
class Pair:
    chapter: Path
    cell: int
    english: str         # the words before the bracket (the term is at their end)
    chinese: str

    def where(self) -> str:
        return f"{self.chapter.name} cell {self.cell}"


def chinese_parts(text: str) -> list[str]:
    """The Chinese names in a bracket: "嵌入，詞嵌入" -> both; "正點互資訊，PPMI" -> one."""
    return [part.strip() for part in re.split(r"[，,、（）()]", text)
            if re.search(f"[{HAN}]", part)]


def glossary_terms() -> list[Term]:
    rows = [ROW.match(line) for line in GLOSSARY.read_text(encoding="utf-8").splitlines()]
    terms = [Term(*(row.group(k).strip() for k in ("english", "chinese", "chapter")))
             for row in rows if row]
    return [t for t in terms if t.english not in ("English", "---")]


def chapters() -> list[Path]:
    return sorted(CHAPTERS.glob("[0-9][0-9]_*.ipynb"))


@lru_cache(maxsize=None)
def markdown_cells(chapter: Path) -> list[tuple[int, str]]:
    nb = nbformat.read(chapter, as_version=4)
    return [(i, cell.source) for i, cell in enumerate(nb.cells) if cell.cell_type == "markdown"]


@lru_cache(maxsize=1)
def pairs() -> tuple[Pair, ...]:
    found = []
    for chapter in chapters():
        for index, source in markdown_cells(chapter):
            for match in PAIR.finditer(MARKUP.sub("", source)):
                found.append(Pair(chapter, index, " ".join(match.group(1).split()),
                                  " ".join(match.group(2).split())))
    return tuple(found)


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def term_of(pair: Pair, terms: list[Term]) -> Term | None:
    """The glossary term whose English ends the words before the bracket (longest first),
    else the one whose Chinese the pair uses (the English may be inflected: "saturates")."""
    words = _singular(pair.english.lower())
    named = [(len(name), term) for term in terms for name in term.names
             if re.search(rf"(^|\W){re.escape(_singular(name))}$", words)]
    if named:
        return max(named, key=lambda found: found[0])[1]
    parts = set(chinese_parts(pair.chinese))
    return next((term for term in terms if parts and parts <= term.chinese_names), None)


def disagreements(terms: list[Term]) -> tuple[list[str], list[str]]:
    """(pairs whose Chinese is not the glossary's, pairs whose term is not in it)."""
    wrong, unknown = [], []
    for pair in pairs():
        term = term_of(pair, terms)
        if term is None:
            unknown.append(f"{pair.where()}: {pair.english[-40:]}（{pair.chinese}） "
                           "is not in glossary.md")
        elif not set(chinese_parts(pair.chinese)) <= term.chinese_names:
            wrong.append(f"{pair.where()}: {term.english}（{pair.chinese}） -> "
                         f"{term.chinese} (glossary)")
    return wrong, unknown


def mainland_usage() -> list[str]:
    texts = [(f"{c.name} cell {i}", s) for c in chapters() for i, s in markdown_cells(c)]
    texts.append((GLOSSARY.name, GLOSSARY.read_text(encoding="utf-8")))
    return [f"{where}: {re.search(old, text).group()} -> {new}"
            for where, text in texts for old, new in MAINLAND.items() if re.search(old, text)]


@lru_cache(maxsize=None)
def _heading_slugs(chapter: Path) -> list[tuple[int, str, str]]:
    """(cell index, heading text, MyST anchor slug) of every heading down to level 3,
    computed with MyST's own parser and slug function, as the book builds them."""
    from markdown_it.tree import SyntaxTreeNode
    from myst_parser.config.main import MdParserConfig
    from myst_parser.mdit_to_docutils.base import compute_unique_slug
    from myst_parser.parsers.mdit import create_md_parser
    from markdown_it.renderer import RendererHTML

    parser = create_md_parser(MdParserConfig(enable_extensions={"dollarmath", "amsmath",
                                                                "colon_fence"}),
                              RendererHTML)
    slugs: dict[str, None] = {}
    found = []
    for index, source in markdown_cells(chapter):
        for node in SyntaxTreeNode(parser.parse(source)).walk():
            if node.type == "heading" and int(node.tag[1]) <= 3:
                slug = compute_unique_slug(node, slugs)
                slugs[slug] = None
                found.append((index, node.children[0].content, slug))
    return found


@lru_cache(maxsize=None)
def taught_at(term: Term) -> str | None:
    """A Markdown link to the section that first gives ``term`` with its Chinese, labelled
    with the section's number ("1.3"), or the chapter's if the section has none."""
    for pair in pairs():
        if term_of(pair, [term]) is not term:
            continue
        headings = [h for h in _heading_slugs(pair.chapter) if h[0] <= pair.cell]
        number = pair.chapter.name[:2].lstrip("0")
        if not headings or headings[-1] == _heading_slugs(pair.chapter)[0]:
            return f"[{number}](chapters/{pair.chapter.name})"  # the chapter's title
        _, title, slug = headings[-1]
        section = re.match(r"\d+\.\d+", title)
        return f"[{section.group() if section else number}](chapters/{pair.chapter.name}#{slug})"
    return None


def stale_links(terms: list[Term]) -> list[str]:
    return [f"glossary.md: {t.english}: {t.chapter} -> {taught_at(t)}"
            for t in terms if taught_at(t) and t.chapter != taught_at(t)]


def write_links(terms: list[Term]) -> None:
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    by_english = {t.english: t for t in terms}
    for i, line in enumerate(lines):
        row = ROW.match(line)
        term = row and by_english.get(row.group("english").strip())
        if term and taught_at(term):
            lines[i] = f"| {term.english} | {term.chinese} | {taught_at(term)} |"
    GLOSSARY.write_text("\n".join(lines) + "\n", encoding="utf-8")


def report(terms: list[Term] | None = None) -> dict[str, list[str]]:
    """Every disagreement, by kind (a title), each a line naming where it is; all the
    lists are empty when the chapters and the glossary agree."""
    terms = glossary_terms() if terms is None else terms
    wrong, unknown = disagreements(terms)
    return {"Chinese name differs from the glossary": wrong,
            "not in the glossary": unknown,
            "mainland usage (write Taiwan usage)": mainland_usage(),
            "glossary link is not where the term is first taught": stale_links(terms)}


def report_text(problems: dict[str, list[str]]) -> str:
    """:func:`report`'s findings as the lines the command prints (empty if none)."""
    return "".join(f"{title}:\n" + "".join(f"  {line}\n" for line in lines)
                   for title, lines in problems.items() if lines)
