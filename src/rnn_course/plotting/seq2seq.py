"""Chapter 9's figures: the encoder-decoder diagram, attention tables, accuracy by length.

Taught in chapter 9. The diagram and the attention table hold Chinese characters, which
matplotlib can only draw with a CJK font (Colab and most servers have none), so they are
SVG and HTML strings that the reader's browser draws with its own fonts; show them with
``IPython.display.SVG`` / ``HTML``. The accuracy plot is a matplotlib figure.
"""

from __future__ import annotations

import re
from html import escape

import matplotlib.pyplot as plt
import numpy as np

from rnn_course.plotting import HIDDEN_COLOR, INPUT_COLOR, MEMORY_COLOR, OUTPUT_COLOR

_BOX, _GAP = 46, 14   # box side and gap between boxes, in SVG pixels
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _lang(text: str) -> str:
    """The attribute that tells screen readers (and the site's check) a text is Chinese."""
    return ' lang="zh-Hant"' if _HAN.search(text) else ""


def _rect(x, y, fill, label, sub=""):
    text = (f'<text x="{x + _BOX / 2}" y="{y + _BOX / 2 + 6}" text-anchor="middle" '
            f'font-size="17"{_lang(label)}>{escape(label)}</text>')
    if sub:
        text += (f'<text x="{x + _BOX / 2}" y="{y + _BOX + 14}" text-anchor="middle" '
                 f'font-size="11" fill="#555">{escape(sub)}</text>')
    return (f'<rect x="{x}" y="{y}" width="{_BOX}" height="{_BOX}" rx="6" fill="{fill}" '
            f'stroke="#555"/>' + text)


def _arrow(x1, y1, x2, y2, dashed=False):
    dash = ' stroke-dasharray="4 3"' if dashed else ""
    return (f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#444" '
            f'stroke-width="1.4" marker-end="url(#head)"{dash}/>')


def encoder_decoder_svg(source: str, target: str, attention: bool = False) -> str:
    """An SVG drawing of the encoder-decoder reading ``source`` and writing ``target``.

    Encoder GRU steps (bottom left) read one digit each; the last encoder state, the
    context vector ``c``, is the decoder's initial state; decoder steps (right) read the
    previous output (``<s>`` first) and emit the next character (``</s>`` last). With
    ``attention``, dashed lines show every decoder step reading every encoder state.
    """
    step = _BOX + _GAP
    enc_x = [20 + i * step for i in range(len(source))]
    ctx_x = enc_x[-1] + step + 10
    outputs = [*target, "</s>"]
    inputs = ["<s>", *target]
    dec_x = [ctx_x + step + 10 + i * step for i in range(len(outputs))]
    width, height = dec_x[-1] + _BOX + 20, 250
    y_in, y_state, y_out = 180, 110, 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif">',
             '<defs><marker id="head" markerWidth="8" markerHeight="8" refX="7" refY="4" '
             'orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#444"/></marker></defs>']
    for i, (x, digit) in enumerate(zip(enc_x, source)):
        parts.append(_rect(x, y_in, INPUT_COLOR, digit))
        parts.append(_rect(x, y_state, HIDDEN_COLOR, f"h{i + 1}"))
        parts.append(_arrow(x + _BOX / 2, y_in, x + _BOX / 2, y_state + _BOX + 2))
        if i:
            parts.append(_arrow(x - _GAP, y_state + _BOX / 2, x - 2, y_state + _BOX / 2))
    parts.append(_rect(ctx_x, y_state, MEMORY_COLOR, "c", "context"))
    parts.append(_arrow(enc_x[-1] + _BOX, y_state + _BOX / 2, ctx_x - 2, y_state + _BOX / 2))
    parts.append(_arrow(ctx_x + _BOX, y_state + _BOX / 2, dec_x[0] - 2, y_state + _BOX / 2))
    for i, (x, read, write) in enumerate(zip(dec_x, inputs, outputs)):
        parts.append(_rect(x, y_in, INPUT_COLOR, read))
        parts.append(_rect(x, y_state, HIDDEN_COLOR, f"s{i + 1}"))
        parts.append(_rect(x, y_out, OUTPUT_COLOR, write))
        parts.append(_arrow(x + _BOX / 2, y_in, x + _BOX / 2, y_state + _BOX + 2))
        parts.append(_arrow(x + _BOX / 2, y_state, x + _BOX / 2, y_out + _BOX + 2))
        if i:
            parts.append(_arrow(x - _GAP, y_state + _BOX / 2, x - 2, y_state + _BOX / 2))
            # the output written at the previous step is read at this one
            parts.append(_arrow(x - _GAP / 2 - _BOX / 2, y_out + _BOX, x + 6, y_in,
                                dashed=True))
    if attention:
        for x in dec_x:
            for e in enc_x:
                parts.append(f'<line x1="{e + _BOX / 2}" y1="{y_state}" x2="{x + 8}" '
                             f'y2="{y_state + 4}" stroke="#d95f02" stroke-opacity="0.25" '
                             f'stroke-dasharray="3 3"/>')
    parts.append(f'<text x="20" y="{height - 8}" font-size="12" fill="#333">encoder '
                 f'(reads the digits)</text>')
    parts.append(f'<text x="{dec_x[0]}" y="{height - 8}" font-size="12" fill="#333">decoder '
                 f'(reads its previous output, writes the next)</text>')
    parts.append("</svg>")
    return "".join(parts)


def attention_table_html(source: str, output: list[str], weights, caption: str = "") -> str:
    """An HTML table of attention weights: one row per output character, one column per
    input digit, each cell shaded by its weight ``(len(output), len(source))``."""
    weights = np.asarray(weights)
    head = "".join(f"<th>{escape(d)}</th>" for d in source)
    rows = []
    for char, row in zip(output, weights):
        cells = "".join(
            f'<td style="background: rgba(217, 95, 2, {w:.2f}); '
            f'color: {"white" if w > 0.6 else "black"}; text-align: center; '
            f'min-width: 2.2em">{w:.2f}</td>' for w in row)
        rows.append(f"<tr><th{_lang(char)}>{escape(char)}</th>{cells}</tr>")
    caption_html = f"<caption{_lang(caption)}>{escape(caption)}</caption>" if caption else ""
    return (f'<table style="border-collapse: collapse; display: inline-table; '
            f'margin-right: 2em">{caption_html}<tr><th></th>{head}</tr>{"".join(rows)}'
            f"</table>")


def plot_exact_by_length(by_kind: dict[str, dict[int, float]], ax=None):
    """Exact match against the number of input digits, one line per model."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.4))
    for kind, by_length in by_kind.items():
        lengths = sorted(by_length)
        ax.plot(lengths, [by_length[n] for n in lengths], marker="o", label=kind)
    ax.set_xlabel("digits in the input number")
    ax.set_ylabel("exact match (test)")
    ax.set_ylim(-0.03, 1.03)
    ax.legend()
    return ax
