"""Weight initialisers the demos and chapters share. Taught in chapters 4 and 6."""

from __future__ import annotations

import numpy as np


def random_orthogonal(rng: np.random.Generator, units: int) -> np.ndarray:
    """A random orthogonal ``(units, units)`` matrix, uniformly distributed (Haar).

    Keras' default initialiser for a recurrent kernel draws from the same distribution.
    Every eigenvalue has modulus 1 and every singular value is 1, so a multiple
    ``scale * Q`` has spectral radius ``scale`` (chapter 6's gradient-flow explorer).
    """
    q, r = np.linalg.qr(rng.normal(size=(units, units)))
    return q * np.sign(np.diag(r))  # the signs make the draw unique
