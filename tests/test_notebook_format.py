"""Every chapter notebook follows the course's template (see the course plan).

Top to bottom: Colab badge (tagged remove-cell) -> "# N. Title" with motivation, what
you'll learn, prerequisites and time -> the Colab install cell (tagged remove-cell) -> a
set-up cell calling configure_notebook(seed=...) (tagged remove-output: the environment
line stays off the website) -> sections -> Summary, Exercises, Further reading. Figures
are stored at twice their size on the page, so they stay sharp.
"""

from __future__ import annotations

import base64
import importlib
import re
import struct

import nbformat
import pytest

from rnn_course.authoring.checkout import ROOT
from rnn_course.authoring.colab import (INSTALL_TAGS, SETUP_TAGS, badge_source, install_source,
                                        is_install_cell, is_setup_cell)

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
CLOSING_SECTIONS = ["## Summary", "## Exercises", "## Further reading"]


def tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


@pytest.fixture(params=CHAPTERS, ids=[p.name for p in CHAPTERS])
def chapter(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_there_are_chapters():
    assert len(CHAPTERS) >= 2


def test_first_cell_is_the_colab_badge(chapter):
    path, nb = chapter
    first = nb.cells[0]
    assert first.cell_type == "markdown" and "remove-cell" in tags(first)
    assert first.source == badge_source(path), "run: python scripts/colab_cells.py"


def test_title_motivation_objectives(chapter):
    path, nb = chapter
    title = nb.cells[1]
    number = int(path.name.split("_")[0])
    assert title.cell_type == "markdown"
    assert re.match(rf"# {number}\. \w+", title.source), "title must be '# N. Title'"
    for part in ("What you'll learn", "Prerequisites", "Time"):
        assert part in title.source, f"title cell lacks {part!r}"


def test_setup_cells(chapter):
    _, nb = chapter
    install = nb.cells[2]
    assert install.cell_type == "code" and is_install_cell(install)
    assert install.source == install_source(), "run: python scripts/colab_cells.py"
    assert set(INSTALL_TAGS) <= set(tags(install)), "run: python scripts/colab_cells.py"
    setup = nb.cells[3]
    assert is_setup_cell(setup)
    assert re.search(r"configure_notebook\(seed=\d+\)", setup.source)
    assert set(SETUP_TAGS) <= set(tags(setup)), "run: python scripts/colab_cells.py"


def png_width(data: str) -> int:
    """Pixel width of a base64 PNG (from its IHDR header)."""
    return struct.unpack(">I", base64.b64decode(data[:64])[16:20])[0]


def test_figures_are_stored_at_twice_their_size(chapter):
    """configure_notebook makes figures retina PNGs: twice the pixels of their width on the
    page (stored as the output's width), so the website shows them sharp."""
    _, nb = chapter
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if "image/png" not in output.get("data", {}):
                continue  # SVG is sharp at any size
            shown = output.get("metadata", {}).get("image/png", {}).get("width")
            pixels = png_width(output["data"]["image/png"])
            assert shown and pixels >= 2 * int(shown), (
                f"a {pixels}-px figure shown {shown or pixels} px wide; re-run the chapter "
                f"(scripts/execute_notebooks.py):\n{cell.source[:200]}")


def test_closing_sections_in_order(chapter):
    _, nb = chapter
    headings = [line for c in nb.cells if c.cell_type == "markdown"
                for line in c.source.splitlines() if line.startswith("## ")]
    found = [h for h in headings if h in CLOSING_SECTIONS]
    assert found == CLOSING_SECTIONS
    assert headings[-3:] == CLOSING_SECTIONS, "Summary, Exercises, Further reading come last"


def test_executed_with_outputs_and_no_errors(chapter):
    _, nb = chapter
    code = [c for c in nb.cells if c.cell_type == "code"]
    for cell in code:
        if "gpu" in tags(cell):
            continue  # never run on a machine without a GPU
        assert cell.execution_count is not None, f"cell not executed:\n{cell.source[:200]}"
        for output in cell.outputs:
            if output.output_type == "error":
                assert "raises-exception" in tags(cell), f"error output:\n{cell.source[:200]}"
            if output.output_type == "stream":
                assert output.name != "stderr" or "raises-exception" in tags(cell), (
                    f"stderr output (silence it):\n{output.text[:300]}")
    counts = [c.execution_count for c in code if c.execution_count is not None]
    assert counts == list(range(1, len(counts) + 1)), "run top to bottom in a fresh kernel"
    assert any(c.outputs for c in code)


def test_demos_are_live_and_their_state_is_stored(chapter):
    """A demo cell shows one live demo (an anywidget with its module), whose stored state
    lets the website draw it without a kernel; no widget appears outside a demo cell."""
    _, nb = chapter
    states = nb.metadata.get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        views = [o["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
                 for o in cell.outputs
                 if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
        assert bool(views) == ("demo" in tags(cell)), f"demo tag vs widget:\n{cell.source[:200]}"
        for model_id in views:
            state = states.get(model_id, {}).get("state", {})
            assert state.get("_esm"), f"not a live demo, or its state is not stored: {cell.source[:200]}"
            module, _, name = state["_anywidget_id"].rpartition(".")
            shipped = getattr(importlib.import_module(module), name)._esm
            assert state["_esm"] == shipped, (
                f"{name}: the stored demo is older than its JS module; re-execute the chapter")
