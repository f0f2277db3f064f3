"""Every live demo class of the package (kept until the registry replaces it)."""

from rnn_course.widgets import all_demos as live_demo_classes  # noqa: F401
