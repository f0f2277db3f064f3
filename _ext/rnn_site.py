"""Site fixes of the course's book, as a local Sphinx extension (``_config.yml``:
``sphinx.local_extensions``). The notebooks stay as they are; only the website changes.

- Chinese terms are marked up as Traditional Chinese: every run of CJK text outside code
  and math becomes ``<span lang="zh-Hant">``, so screen readers switch voice and browsers
  pick a Traditional Chinese font, on pages whose language is English.
- Each inline script appears once per page. Sphinx 7.4 adds an inline script registered
  after the builder started twice (``None`` and ``''`` filenames compare unequal; fixed
  upstream in Sphinx 8.3, sphinx-doc/sphinx#13402); sphinx-thebe's
  ``const THEBE_JS_URL`` then throws "Identifier 'THEBE_JS_URL' has already been
  declared" on every page.
- Font Awesome's JavaScript is not loaded (1.5 MB, a quarter of a chapter page's
  transfer): the theme's CSS already draws every icon with the Font Awesome web fonts
  (templates/static/webpack-macros.html, the theme's file without that script).
- No source maps are published: the theme ships them, no reader needs them.
- The theme's colour mode defaults to "auto" (follow the reader's system). Jupyter Book
  leaves it empty, and the theme then logs "Got invalid theme mode" on a first visit.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

TRADITIONAL_CHINESE = "zh-Hant"
# CJK ideographs (basic, extension A, compatibility, extensions B and later).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# CJK text: ideographs plus CJK punctuation and full-width forms such as （ ） ， 。
CJK_RUN = re.compile(f"[{HAN}\u3000-\u303f\uff00-\uffef]+")
HAS_HAN = re.compile(f"[{HAN}]")
# Text that is code or math keeps its characters exactly as they are.
VERBATIM = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.raw, nodes.comment)


def _is_verbatim(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, VERBATIM):
            return True
        parent = parent.parent
    return False


def _split_cjk(text: str) -> list[nodes.Node]:
    """``text`` as Text nodes, with each CJK run that holds an ideograph in a span."""
    parts: list[nodes.Node] = []
    position = 0
    for match in CJK_RUN.finditer(text):
        if not HAS_HAN.search(match.group()):
            continue  # punctuation alone is not Chinese text
        if match.start() > position:
            parts.append(nodes.Text(text[position:match.start()]))
        # docutils writes a "language-xx" class as the element's lang attribute.
        parts.append(nodes.inline(match.group(), match.group(),
                                  classes=[f"language-{TRADITIONAL_CHINESE}"]))
        position = match.end()
    if parts and position < len(text):
        parts.append(nodes.Text(text[position:]))
    return parts


def mark_chinese(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Wrap every CJK run of the page's prose in an inline node with lang zh-Hant."""
    for text in list(doctree.findall(nodes.Text)):
        if not HAS_HAN.search(text) or _is_verbatim(text):
            continue
        parent = text.parent
        if isinstance(parent, nodes.inline) and \
                f"language-{TRADITIONAL_CHINESE}" in parent["classes"]:
            continue
        parts = _split_cjk(str(text))
        if parts:
            parent.replace(text, parts)


def _key(script) -> tuple:
    return (script.filename or "", tuple(sorted(script.attributes.items())))


def one_script_each(app: Sphinx, pagename: str, templatename: str, context: dict,
                    doctree) -> None:
    """Drop repeated scripts from the page (in place: later handlers append to it)."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    kept = []
    for script in scripts:
        if _key(script) not in seen:
            seen.add(_key(script))
            kept.append(script)
    scripts[:] = kept


TEMPLATES = str(Path(__file__).with_name("templates"))


def drop_source_maps(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        for source_map in Path(app.outdir, "_static").rglob("*.map"):
            source_map.unlink()


def configure(app: Sphinx, config) -> None:
    # pydata-sphinx-theme reads it from the template context, not from the theme options.
    config.html_context = {"default_mode": "auto", **config.html_context}
    config.templates_path = [TEMPLATES, *config.templates_path]


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", configure)
    app.connect("doctree-resolved", mark_chinese)
    app.connect("html-page-context", one_script_each, priority=900)
    app.connect("build-finished", drop_source_maps)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
