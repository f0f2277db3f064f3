"""Notebook set-up shared by every chapter: seeding, logging, plot style, environment.

Taught in chapter 1 (every chapter's set-up cell calls :func:`configure_notebook`).
"""

from __future__ import annotations

import importlib.util
import os
import platform
import random
import sys
from contextlib import contextmanager
from functools import lru_cache

import numpy as np

# TensorFlow reads these once, when it is first imported; later changes are ignored.
_QUIET_TENSORFLOW = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}


def in_colab() -> bool:
    """Return True when running inside a Google Colab runtime."""
    return importlib.util.find_spec("google") is not None and (
        importlib.util.find_spec("google.colab") is not None
    )


def silence_tensorflow() -> bool:
    """Set the environment so TensorFlow's C++ logs stay off stderr.

    Returns False (and changes nothing useful) when TensorFlow was already imported,
    because TensorFlow only reads these variables at import time.
    """
    for name, value in _QUIET_TENSORFLOW.items():
        os.environ.setdefault(name, value)
    return "tensorflow" not in sys.modules


@contextmanager
def quiet_native_stderr():
    """Send the process's native stderr (file descriptor 2) to /dev/null inside the block.

    XLA's C++ start-up lines ("XLA service ... initialized", "Compiled cluster using XLA")
    go through absl logging, which ``TF_CPP_MIN_LOG_LEVEL`` does not silence; in a
    notebook they would be stored as stderr output. Python's own ``sys.stderr`` (and so
    every Python warning and traceback) is not file descriptor 2 in a Jupyter kernel and
    is unaffected. Used by chapter 6's XLA-compiled training.
    """
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _tensorflow_available() -> bool:
    return importlib.util.find_spec("tensorflow") is not None


@lru_cache(maxsize=1)
def gpu_available() -> bool:
    """Return True when TensorFlow can see at least one GPU."""
    if not _tensorflow_available():
        return False
    silence_tensorflow()
    import tensorflow as tf

    return bool(tf.config.list_physical_devices("GPU"))


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and (if installed) TensorFlow/Keras, with deterministic ops.

    With ``enable_op_determinism`` the same seed gives bit-identical forward passes and
    training steps on CPU, which is what lets nbval compare stored outputs.
    """
    random.seed(seed)
    np.random.seed(seed)
    if _tensorflow_available():
        silence_tensorflow()
        import keras
        import tensorflow as tf

        keras.utils.set_random_seed(seed)
        tf.config.experimental.enable_op_determinism()


def use_crisp_figures() -> bool:
    """Store inline figures as PNGs with twice the pixels of their size on the page.

    The website and high-density screens then show sharp lines and labels (a plain PNG is
    blurred when the page scales it). Returns False where no IPython kernel runs (plain
    Python has no inline figures to configure).
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    if get_ipython() is None:
        return False
    from matplotlib_inline.backend_inline import set_matplotlib_formats
    from matplotlib_inline.config import InlineBackend

    # The backend reads this setting when it starts (maybe only at the first figure);
    # set_matplotlib_formats applies it at once in case it has already started.
    InlineBackend.instance().figure_formats = {"retina"}
    set_matplotlib_formats("retina")
    return True


def environment_summary() -> str:
    """One line naming Python, NumPy, TensorFlow/Keras, the device and where we run."""
    parts = [f"Python {platform.python_version()}", f"NumPy {np.__version__}"]
    if _tensorflow_available():
        import keras
        import tensorflow as tf

        parts.append(f"TensorFlow {tf.__version__} (Keras {keras.__version__})")
    else:
        parts.append("TensorFlow not installed")
    parts.append("GPU: yes" if gpu_available() else "GPU: none (CPU only)")
    parts.append("Colab" if in_colab() else "local")
    return "Environment: " + " | ".join(parts)


def configure_notebook(seed: int = 0, *, verbose: bool = True) -> None:
    """Prepare a chapter notebook: quiet TensorFlow, seed everything, set the plot style
    and crisp (2x) inline figures.

    Call it once, in the set-up cell, before importing TensorFlow yourself.

    Args:
        seed: seed for Python's ``random``, NumPy and TensorFlow/Keras.
        verbose: print the one-line environment summary (:func:`environment_summary`), e.g.
            ``Environment: Python 3.11.7 | NumPy 2.0.2 | TensorFlow 2.19.1 (Keras 3.10.0) |
            GPU: none (CPU only) | local``.
    """
    if not silence_tensorflow():
        print("Note: TensorFlow was imported before configure_notebook(); "
              "its C++ log lines may appear below.")
    seed_everything(seed)
    from rnn_course.plotting import use_course_style

    use_course_style()
    use_crisp_figures()
    if verbose:
        print(environment_summary())
