"""Repository-wide pytest hooks (at the root so they also apply to ``pytest chapters/``).

Notebook cells tagged ``gpu`` run only where TensorFlow sees a GPU; elsewhere nbval's
item for that cell is skipped with the reason "no GPU".
"""

from __future__ import annotations

import pytest

GPU_TAG = "gpu"


def _cell_tags(item: pytest.Item) -> list[str]:
    cell = getattr(item, "cell", None)  # nbval's items carry their notebook cell
    return list(cell.get("metadata", {}).get("tags", [])) if cell is not None else []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    gpu_items = [item for item in items if GPU_TAG in _cell_tags(item)]
    if not gpu_items:
        return
    from rnn_course.notebook import gpu_available

    if gpu_available():
        return
    for item in gpu_items:
        item.add_marker(pytest.mark.skip(reason="no GPU"))
