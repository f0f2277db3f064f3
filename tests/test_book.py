"""The website builds with warnings as errors and serves everything it needs itself."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from colab_cells import colab_url  # noqa: E402

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
