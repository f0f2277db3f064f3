"""Helper package of the interactive course on recurrent neural networks.

One module per job (see the course's README):

- ``rnn_course.notebook``  -- ``configure_notebook()``, ``in_colab()``, environment summary
- ``rnn_course.reference`` -- NumPy reference implementations (the single source of numbers)
- ``rnn_course.data``      -- small data sets generated offline
- ``rnn_course.plotting``  -- static figures (what the website shows)
- ``rnn_course.widgets``   -- live ipywidgets demos built on the plotting functions

Conventions used everywhere: tensors are batch-first ``(batch_size, num_steps,
input_dim)``; weights follow the Keras layout (``kernel (input_dim, units)``,
``recurrent_kernel (units, units)``, ``bias (units,)``).

Importing the package never imports TensorFlow: ``configure_notebook`` must be able to
silence TensorFlow's logs before TensorFlow is loaded.
"""

__version__ = "0.1.0"
