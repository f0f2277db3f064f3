"""Arrays sent to the browser compactly: base64 of little-endian values plus the shape.

A list of lists of floats becomes one JSON number per line in a stored notebook (chapter
2's demo once made its notebook 640 KB); trained weights would be worse. ``pack_array``
gives ``{"dtype", "shape", "data"}``, which the demo core's ``unpackArray`` (``js/core.js``)
turns back into nested arrays. ``float32`` halves the size and is what trained Keras weights
are; ``float64`` keeps seeded NumPy values exact; ``int32`` and ``uint8`` carry indices and
small counts.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np
import traitlets

DTYPES = ("float32", "float64", "int32", "uint8")


def pack_array(array, dtype: str = "float32") -> dict[str, Any]:
    """``{"dtype": dtype, "shape": [...], "data": base64}`` of ``array`` cast to ``dtype``.

    Raises:
        ValueError: ``dtype`` is not one of :data:`DTYPES`, or the cast to an integer
            type would change a value.
    """
    if dtype not in DTYPES:
        raise ValueError(f"dtype must be one of {DTYPES}, got {dtype!r}")
    source = np.asarray(array)
    values = source.astype(np.dtype(dtype).newbyteorder("<"))
    if values.dtype.kind in "iu" and not np.array_equal(values, source):
        raise ValueError(f"pack_array(..., {dtype!r}) needs integer values that fit {dtype}")
    return {"dtype": dtype, "shape": list(values.shape),
            "data": base64.b64encode(values.tobytes()).decode("ascii")}


def unpack_array(packed: dict[str, Any]) -> np.ndarray:
    """The array that :func:`pack_array` packed (float64 for floats, int64 for ints)."""
    raw = np.frombuffer(base64.b64decode(packed["data"]),
                        dtype=np.dtype(packed["dtype"]).newbyteorder("<"))
    kind = np.float64 if packed["dtype"].startswith("float") else np.int64
    return raw.astype(kind).reshape(packed["shape"])


def array_trait() -> traitlets.Dict:
    """A synced trait that holds one :func:`pack_array` result."""
    return traitlets.Dict().tag(sync=True)
