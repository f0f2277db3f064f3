"""Boxes, cross-references and labels in a form every notebook front end renders.

MyST's directive syntax (``:::{admonition} Answer`` with ``:class: dropdown``, ``{ref}``
roles, ``(label)=`` targets) is folded and linked by Jupyter Book only: JupyterLab,
Notebook 7, Colab and VS Code show it as raw text, answers included. The course's
markdown therefore uses plain HTML around ordinary markdown, which all of them render
(the markdown inside, math and code included, is parsed as usual because the HTML tags
stand on lines of their own, separated from it by blank lines)::

    <details>                        <blockquote class="warning">
    <summary>Answer</summary>        <strong>Common mistake</strong>

    ... markdown ...                 ... markdown ...

    </details>                       </blockquote>

    <a id="padding-and-masking"></a>     (a label: target of [text](04_rnn_cell.ipynb#padding-and-masking))

The book's Sphinx extension (``_ext/rnn_boxes.py``) turns them back into the theme's
dropdown and admonitions and into Sphinx labels, so the website looks as before.

:func:`convert_markdown` rewrites MyST syntax into that form; it is idempotent (converted
text has nothing left to convert) and leaves everything else byte for byte alone.
Directives and roles it cannot express portably are left in place and reported by
:func:`leftover_syntax`.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

# Admonition directives and the box kind (CSS class on the site) each becomes.
ADMONITIONS = {
    "admonition": "note", "note": "note", "tip": "tip", "hint": "hint",
    "important": "important", "warning": "warning", "caution": "caution",
    "attention": "attention", "danger": "danger", "error": "error",
    "seealso": "seealso", "dropdown": "note", "margin": "note", "sidebar": "note",
    "topic": "note", "epigraph": "note", "div": "note",
}
# Titles of generic admonitions that imply a kind when no class says otherwise.
TITLE_KINDS = {"common mistake": "warning", "warning": "warning", "tip": "tip",
               "hint": "hint", "note": "note"}
DEFAULT_TITLES = {"seealso": "See also", "admonition": "Note", "dropdown": "Details",
                  "margin": "Note", "sidebar": "Note", "topic": "Note", "epigraph": "Note",
                  "div": "Note"}
CODE_DIRECTIVES = {"code-block", "code", "sourcecode"}

OPEN_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>:{3,}|`{3,}|~{3,})(?P<info>.*)$")
DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[\w:-]+)\}\s*(?P<argument>.*?)\s*$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*?)\s*$")
TARGET = re.compile(r"^\((?P<label>[\w.:-]+)\)=\s*$")
# A role, or an inline code span (in which a role is only text), whichever starts first.
ROLE_OR_CODE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<content>[^`]*)`|(?P<ticks>`+).+?(?P=ticks)")
TITLED = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)

# The portable forms, as the site's extension recognises them.
DETAILS_OPEN = re.compile(r"^\s*<details( open)?>\s*<summary>(?P<title>.*?)</summary>\s*$", re.S)
BOX_OPEN = re.compile(r'^\s*<blockquote class="(?P<kind>[\w-]+)">\s*'
                      r"<strong>(?P<title>.*?)</strong>\s*$", re.S)
ANCHOR = re.compile(r'^\s*<a id="(?P<label>[\w.:-]+)"></a>\s*$')

# Rendered text that shows MyST syntax a reader must never see: directive fences, directive
# options, roles, label targets (applied to what a front end displays, not to the source).
RAW_MYST = re.compile(r":{3,}\{|`{3,}\{|\{(ref|doc|numref|term|eq)\}`|^\([\w-]+\)=\s*$|^:class:", re.M)
# What must never reach a notebook front end: directive fences, roles, label targets.
LEFTOVER_LINE = re.compile(r"^ {0,3}(:{3,}|`{3,}|~{3,})\{[\w:-]+\}|^\([\w.:-]+\)=\s*$")


@dataclass
class Labels:
    """Where each label lives: label -> (document path relative to the book root, title)."""
    places: dict[str, tuple[str, str]] = field(default_factory=dict)

    def link(self, label: str, from_document: str) -> tuple[str, str]:
        """(href, title) of ``label`` seen from ``from_document`` (both root-relative)."""
        document, title = self.places.get(label, ("", label))
        if not document or document == from_document:
            return f"#{label}", title
        relative = os.path.relpath(document, os.path.dirname(from_document) or ".")
        return f"{Path(relative).as_posix()}#{label}", title


def _heading_after(lines: list[str], start: int) -> str:
    for line in lines[start:]:
        if line.strip():
            match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
            return match.group(1) if match else ""
    return ""


def collect_labels(sources: dict[str, str]) -> Labels:
    """Labels defined in ``sources`` (document path -> markdown), MyST or portable form.

    A label placed before a heading takes the heading's text as its default link text.
    """
    labels = Labels()
    for document, text in sources.items():
        lines = text.split("\n")
        for number, line in enumerate(lines):
            match = TARGET.match(line) or ANCHOR.match(line)
            if match:
                labels.places[match.group("label")] = (document, _heading_after(lines, number + 1))
            name = re.match(r"^:name:\s*([\w.:-]+)\s*$", line)
            if name:
                labels.places[name.group(1)] = (document, name.group(1))
    return labels


def _options_and_body(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Split a directive's lines into its options (``:key: value`` or a YAML block)."""
    options: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is not None:
            for line in lines[1:end]:
                key, _, value = line.partition(":")
                options[key.strip()] = value.strip()
            return options, lines[end + 1:]
    position = 0
    while position < len(lines):
        match = OPTION.match(lines[position])
        if not match:
            break
        options[match.group("key")] = match.group("value")
        position += 1
    return options, lines[position:]


def _strip_blank(lines: list[str]) -> list[str]:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return (len(stripped) >= len(fence) and set(stripped) == {fence[0]}
            and len(line) - len(line.lstrip(" ")) <= 3)


def _block_end(lines: list[str], start: int, fence: str) -> int:
    """Index of the line that closes the directive opened at ``start`` (len(lines) if none).

    Code blocks and directives opened inside are skipped with their bodies; inside a code
    block only its own closing fence counts.
    """
    stack = [(fence, False)]  # (fence, is a plain code block)
    for position in range(start + 1, len(lines)):
        line = lines[position]
        top, is_code = stack[-1]
        if _closes(line, top):
            stack.pop()
            if not stack:
                return position
            continue
        match = OPEN_FENCE.match(line)
        if is_code or not match:
            continue
        is_directive = bool(DIRECTIVE_INFO.match(match.group("info")))
        if is_directive or match.group("fence")[0] != ":":
            stack.append((match.group("fence"), not is_directive))
    return len(lines)


def _box(kind: str, title: str, body: list[str], folded: bool, is_open: bool = False) -> list[str]:
    body = _strip_blank(body)
    title = html.escape(title, quote=False)
    if folded:
        head = [f"<details{' open' if is_open else ''}>", f"<summary>{title}</summary>"]
        return [*head, "", *body, "", "</details>"]
    return [f'<blockquote class="{kind}">', f"<strong>{title}</strong>", "", *body, "",
            "</blockquote>"]


def _directive(name: str, argument: str, options: dict[str, str], body: list[str]) -> list[str] | None:
    """The portable lines for one directive (body already converted), or None to keep it."""
    anchor = [f'<a id="{options["name"]}"></a>', ""] if "name" in options else []
    if name in ADMONITIONS:
        classes = options.get("class", "").split()
        title = argument or DEFAULT_TITLES.get(name, name.capitalize())
        if name != "admonition" and argument and name not in {"dropdown", "margin", "sidebar",
                                                              "topic", "epigraph", "div"}:
            # MyST's titled note ("{note} Title"): the kind stays visible in the title.
            title = f"{name.capitalize()}: {argument}"
        kind = ADMONITIONS[name]
        if name == "admonition":
            kind = next((c for c in classes if c in ADMONITIONS.values()), None) or next(
                (k for prefix, k in TITLE_KINDS.items() if title.lower().startswith(prefix)), "note")
        folded = name == "dropdown" or "dropdown" in classes
        return anchor + _box(kind, title, body, folded, is_open="open" in options)
    if name in CODE_DIRECTIVES:
        return anchor + ["```" + argument, *body, "```"]
    if name == "math":
        return anchor + ["$$", *_strip_blank(body), "$$"]
    if name in {"figure", "image"}:
        alt = options.get("alt", "")
        caption = _strip_blank(body)
        return anchor + [f"![{alt}]({argument})", *([""] + caption if caption else [])]
    if name == "raw" and argument == "html":
        return body
    return None


def _convert_roles(line: str, labels: Labels, document: str) -> str:
    def replace(match: re.Match) -> str:
        if match.group("ticks"):
            return match.group(0)  # inline code: roles in it are only text
        name, content = match.group("name"), match.group("content")
        titled = TITLED.match(content)
        text, target = (titled.group("text"), titled.group("target")) if titled else ("", content)
        if name in {"ref", "numref"}:
            href, title = labels.link(target, document)
            return f"[{text or title}]({href})"
        if name == "doc":
            path = target if Path(target).suffix else target + ".ipynb"
            return f"[{text or Path(target).name}]({path})"
        if name == "download":
            return f"[{text or target}]({target})"
        if name == "term":
            return text or target
        if name == "math":
            return f"${content}$"
        if name == "eq":
            return f"({content})"
        if name in {"sub", "sup", "kbd"}:
            return f"<{name}>{content}</{name}>"
        if name == "abbr":
            return titled.group("text") if titled else content
        return match.group(0)

    return ROLE_OR_CODE.sub(replace, line)


def convert_markdown(text: str, labels: Labels | None = None, document: str = "") -> str:
    """``text`` with MyST directives, roles and targets in the portable form (see module doc).

    ``labels`` (from :func:`collect_labels`) resolves ``{ref}`` roles to links, relative to
    ``document`` (the text's path from the book root). Running it again changes nothing.
    """
    labels = labels or Labels()
    lines = text.split("\n")
    out: list[str] = []
    position = 0
    in_code: str | None = None
    while position < len(lines):
        line = lines[position]
        match = OPEN_FENCE.match(line)
        if in_code:
            out.append(line)
            if _closes(line, in_code):
                in_code = None
            position += 1
            continue
        directive = DIRECTIVE_INFO.match(match.group("info")) if match else None
        if match and not directive:
            if match.group("fence")[0] != ":":
                in_code = match.group("fence")
            out.append(line)
            position += 1
            continue
        if directive:
            end = _block_end(lines, position, match.group("fence"))
            options, body = _options_and_body(lines[position + 1:end])
            body = convert_markdown("\n".join(body), labels, document).split("\n")
            converted = _directive(directive.group("name"), directive.group("argument"),
                                   options, body)
            if converted is None:  # not expressible: keep it, leftover_syntax reports it
                out.extend(lines[position:end + 1])
            else:
                out.extend(match.group("indent") + part if part else part for part in converted)
            position = end + 1
            continue
        target = TARGET.match(line)
        if target:
            out.append(f'<a id="{target.group("label")}"></a>')
            if position + 1 < len(lines) and lines[position + 1].strip():
                out.append("")  # an HTML block ends at a blank line, not at a heading
        else:
            out.append(_convert_roles(line, labels, document))
        position += 1
    return "\n".join(out)


def leftover_syntax(text: str) -> list[str]:
    """Lines of ``text`` (outside code) that a notebook front end would show as raw MyST."""
    found, in_code = [], None
    for line in text.split("\n"):
        match = OPEN_FENCE.match(line)
        if in_code:
            in_code = None if _closes(line, in_code) else in_code
            continue
        if match and not DIRECTIVE_INFO.match(match.group("info")) and match.group("fence")[0] != ":":
            in_code = match.group("fence")
            continue
        roles = [m for m in ROLE_OR_CODE.finditer(line) if m.group("name")]
        if LEFTOVER_LINE.match(line) or roles:
            found.append(line)
    return found


# Where the book's markdown lives: notebooks (markdown cells) and markdown pages.
NOTEBOOK_GLOBS = ("chapters/**/*.ipynb", "exercises/**/*.ipynb")
PAGE_GLOBS = ("*.md", "chapters/**/*.md", "exercises/**/*.md")
NOT_BOOK_PAGES = {"README.md"}


def book_files(root: Path) -> list[Path]:
    """Every notebook and markdown page of the book under ``root`` (checkpoints excluded)."""
    found = {path for pattern in NOTEBOOK_GLOBS + PAGE_GLOBS for path in root.glob(pattern)
             if ".ipynb_checkpoints" not in path.parts and path.name not in NOT_BOOK_PAGES}
    return sorted(found)


def _markdown_of(path: Path) -> list[str]:
    import nbformat

    if path.suffix == ".ipynb":
        notebook = nbformat.read(path, as_version=4)
        return [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    return [path.read_text(encoding="utf-8")]


def convert_book(root: Path, check: bool = False) -> tuple[list[Path], dict[Path, list[str]]]:
    """Convert every file of :func:`book_files` in place (nothing is written if ``check``).

    Returns the files that changed (or would change) and, per file, the lines of MyST
    syntax left that no front end but Jupyter Book renders.
    """
    import nbformat

    files = book_files(root)
    relative = {path: path.relative_to(root).as_posix() for path in files}
    labels = collect_labels({relative[path]: "\n\n".join(_markdown_of(path)) for path in files})
    changed, leftovers = [], {}
    for path in files:
        document = relative[path]
        if path.suffix == ".ipynb":
            notebook = nbformat.read(path, as_version=4)
            cells = [cell for cell in notebook.cells if cell.cell_type == "markdown"]
            new = [convert_markdown(cell.source, labels, document) for cell in cells]
            left = [line for text in new for line in leftover_syntax(text)]
            if any(text != cell.source for text, cell in zip(new, cells)):
                changed.append(path)
                if not check:
                    for text, cell in zip(new, cells):
                        cell.source = text
                    nbformat.write(notebook, path)
        else:
            text = path.read_text(encoding="utf-8")
            converted = convert_markdown(text, labels, document)
            left = leftover_syntax(converted)
            if converted != text:
                changed.append(path)
                if not check:
                    path.write_text(converted, encoding="utf-8")
        if left:
            leftovers[path] = left
    return changed, leftovers
