"""The notebooks' portable boxes, folded and boxed by the theme on the website.

The course writes answers, "Common mistake" boxes and labels in plain HTML around
markdown (``rnn_course.authoring.boxes``), because JupyterLab, Notebook 7, Colab and VS
Code render that and show MyST directives as raw text. MyST passes the HTML through as
raw nodes; this extension turns them back into what the directives gave:

- ``<details><summary>T</summary>`` ... ``</details>``: the theme's dropdown admonition
  titled T (closed until the reader opens it; ``<details open>`` starts open);
- ``<blockquote class="K"><strong>T</strong>`` ... ``</blockquote>``: an admonition of
  kind K (warning, note, tip, ...) titled T;
- ``<a id="L"></a>`` on a line of its own: a label L, so that ``[text](page.ipynb#L)``
  links resolve as MyST's heading anchors do.

The markdown between the tags (paragraphs, lists, math, code) is already parsed into
nodes: it only moves into the admonition.
"""

from __future__ import annotations

import html

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from rnn_course.authoring.boxes import ANCHOR, BOX_OPEN, DETAILS_OPEN

CLOSE = {"details": "</details>", "blockquote": "</blockquote>"}


def _opening(node: nodes.Node) -> tuple[str, str, list[str]] | None:
    """(tag, title, classes) if ``node`` is a box's opening tag."""
    if not isinstance(node, nodes.raw) or node.get("format") != "html":
        return None
    text = node.astext()
    details = DETAILS_OPEN.match(text)
    if details:
        classes = ["dropdown"] + (["toggle-shown"] if details.group(1) else [])
        return "details", details.group("title"), classes
    box = BOX_OPEN.match(text)
    if box:
        return "blockquote", box.group("title"), [box.group("kind")]
    return None


def _closes(node: nodes.Node, tag: str) -> bool:
    return (isinstance(node, nodes.raw) and node.get("format") == "html"
            and node.astext().strip() == CLOSE[tag])


def _admonition(title: str, classes: list[str], body: list[nodes.Node]) -> nodes.admonition:
    title = html.unescape(title)
    return nodes.admonition("", nodes.title(title, title), *body, classes=classes)


def fold_children(parent: nodes.Element) -> bool:
    """Replace each opening tag .. closing tag run of ``parent``'s children by an
    admonition (nested boxes too). Unbalanced tags are left as they are."""
    levels: list[list[nodes.Node]] = [[]]
    opened: list[tuple[str, str, list[str]]] = []
    for child in parent.children:
        opening = _opening(child)
        if opening:
            opened.append(opening)
            levels.append([child])
        elif opened and _closes(child, opened[-1][0]):
            tag, title, classes = opened.pop()
            body = levels.pop()[1:]
            levels[-1].append(_admonition(title, classes, body))
        else:
            levels[-1].append(child)
    while opened:  # never closed: put the nodes back as they were
        opened.pop()
        rest = levels.pop()
        levels[-1].extend(rest)
    new = levels[0]
    if len(new) == len(parent.children) and all(a is b for a, b in zip(new, parent.children)):
        return False
    parent.clear()
    parent.extend(new)
    return True


class PortableBoxes(SphinxTransform):
    """Fold the portable boxes and register the portable labels of each document."""

    # Before docutils' target propagation (260) and MyST's anchor resolution (879).
    default_priority = 250

    def apply(self, **kwargs) -> None:
        parents = {id(raw.parent): raw.parent for raw in self.document.findall(nodes.raw)
                   if raw.parent is not None}
        for parent in parents.values():
            fold_children(parent)
        for raw in list(self.document.findall(nodes.raw)):
            anchor = ANCHOR.match(raw.astext()) if raw.get("format") == "html" else None
            if anchor:
                self._label(raw, anchor.group("label"))

    def _label(self, raw: nodes.raw, label: str) -> None:
        target = nodes.target("", "", ids=[label], names=[label])
        raw.replace_self(target)
        self.document.note_explicit_target(target, target)
        # MyST resolves [text](page#id) links against the page's heading slugs: add the
        # label there, titled by the heading that follows it (if any).
        section = target.next_node(nodes.section, include_self=False, descend=False,
                                   siblings=True, ascend=True)
        title = section[0].astext() if section is not None else label
        slugs = self.env.metadata[self.env.docname].setdefault("myst_slugs", {})
        slugs[label] = (target.line or 0, label, title)


def setup(app: Sphinx) -> dict:
    app.add_transform(PortableBoxes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
