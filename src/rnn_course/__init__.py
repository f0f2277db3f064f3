"""Helper package of the interactive course on recurrent neural networks.

One module per job (see the course's README):

- ``rnn_course.notebook``  -- ``configure_notebook()``, ``in_colab()``, environment summary
- ``rnn_course.reference`` -- NumPy reference implementations (the single source of numbers)
- ``rnn_course.data``      -- small data sets generated offline
- ``rnn_course.plotting``  -- static figures (what the website shows)
- ``rnn_course.widgets``   -- live demos that recompute in the reader's browser
- ``rnn_course.grading``   -- graded exercises: ``check``/``check_all`` in a notebook, the
  instructors' batch grader and Gradescope bundle (``python -m rnn_course.grading``)
- ``rnn_course.experiments`` -- small training experiments (Keras) that chapters run and
  benchmarks repeat over seeds
- ``rnn_course.claims``    -- the chapters' claims about trained models, as functions of
  a seed (``benchmarks/claims.py`` re-checks them on other seeds)
- ``rnn_course.authoring`` -- maintainers' tools behind ``scripts/`` (notebook execution,
  Colab cells, exercise building, book editions); learners never need it

Conventions used everywhere: tensors are batch-first ``(batch_size, num_steps,
input_dim)``; weights follow the Keras layout (``kernel (input_dim, units)``,
``recurrent_kernel (units, units)``, ``bias (units,)``).

Importing the package never imports TensorFlow: ``configure_notebook`` must be able to
silence TensorFlow's logs before TensorFlow is loaded (``experiments`` and ``claims``
import it when they run).
"""

__version__ = "0.1.0"
