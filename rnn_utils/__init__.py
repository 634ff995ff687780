"""rnn_utils: the NumPy recurrent networks behind the book *Recurrent Neural Networks, executable*.

``import rnn_utils`` loads NumPy only; TensorFlow is imported by the functions
that need it (the Keras bridge and the notebook set-up).

``__all__`` is what the chapters use, in four groups: the maths (parameters, one
step, sequences, gradient analysis, the adding problem), the Keras bridge, the
notebook helpers, and the submodules a chapter imports as a whole. Every other
function is reached through its module (``rnn_utils.cells.rnn_step``,
``rnn_utils.gradcheck.gradient_check``, ...).

Modules, each named for what it holds, ground floor first:

* ``checks``        argument checks shared by every module (``positive_int``, ...)
* ``maths``         sigmoid, relu, softmax (temperature, mask) and log_softmax
* ``params``        parameter dataclasses in the book's notation, each kind declared once, and initialisers
* ``cells``         one time step of each cell, forward and backward, and the ``Cell`` contract
* ``layer``         the one loop that runs any cell: ``forward``
* ``bptt``          backpropagation through time: ``backward``
* ``gradcheck``     finite-difference gradients and the gradient check
* ``analysis``      Jacobians and the norms of their products, singular values, the Pascanu et al. bound
* ``keras_bridge``  ``from_keras``, ``to_keras_weights``, ``from_keras_weights``, ``keras_layer``
* ``train_seeds``   one network per seed trained at once, side by side in one Keras model
* ``tasks``         the adding problem (both published variants) and the Chinese-numeral translation task
* ``attention``     additive, dot-product and scaled dot-product attention
* ``text``          vocabularies, ids, sampling and quatrain checks for the language chapter
* ``ngram``         the counting baselines: interpolated (Jelinek-Mercer, EM-tuned) and Kneser-Ney n-grams
* ``corpora``       the text corpora that ship with the book, checked against their checksums, and the poems' split
* ``diagrams``      the architecture diagrams, drawn as SVG from a description in the book's notation
* ``plotting``      the book's matplotlib style (``book_style``) and its curves
* ``notebook``      chapter set-up: seeds, threads, measured values
* ``runtime``       the TensorFlow/Keras range the book is tested with, and a runtime's place in it
"""

from . import (
    attention,
    corpora,
    diagrams,
    ngram,
    plotting,
    runtime,
    tasks,
    text,
    train_seeds,
)
from .analysis import (
    cell_state_jacobians,
    hidden_jacobian_norms,
    jacobian_product_norms,
    pascanu_bound,
    pascanu_condition,
    singular_values,
    spectral_radius,
    step_jacobians,
)
from .bptt import backward
from .cells import dense, gru_step, lstm_gates, lstm_step
from .gradcheck import relative_error
from .keras_bridge import from_keras, keras_layer, to_keras_weights
from .layer import forward
from .maths import log_softmax, sigmoid, softmax
from .notebook import (
    below,
    fmt_speedup,
    fmt_time,
    measured,
    measured_text,
    reseed,
    setup_notebook,
)
from .params import (
    DenseParams,
    GRUParams,
    LSTMParams,
    RNNParams,
    init_gru,
    init_lstm,
    init_rnn,
)
from .tasks import adding_constant_baseline, adding_problem, adding_solved

# What the chapters use, grouped as the API page (backmatter/api.md) shows it.
__all__ = [
    # The maths. Parameters:
    "RNNParams",
    "LSTMParams",
    "GRUParams",
    "DenseParams",
    "init_rnn",
    "init_lstm",
    "init_gru",
    # ... one step, and the functions steps and outputs are made of:
    "lstm_step",
    "gru_step",
    "lstm_gates",
    "dense",
    "sigmoid",
    "softmax",
    "log_softmax",
    # ... sequences:
    "forward",
    "backward",
    "relative_error",
    # ... gradient analysis:
    "step_jacobians",
    "cell_state_jacobians",
    "jacobian_product_norms",
    "hidden_jacobian_norms",
    "singular_values",
    "spectral_radius",
    "pascanu_condition",
    "pascanu_bound",
    # ... the adding problem:
    "adding_problem",
    "adding_constant_baseline",
    "adding_solved",
    # The Keras bridge:
    "from_keras",
    "to_keras_weights",
    "keras_layer",
    # The notebook helpers:
    "setup_notebook",
    "reseed",
    "measured",
    "measured_text",
    "below",
    "fmt_time",
    "fmt_speedup",
    # The submodules a chapter imports as a whole:
    "tasks",
    "attention",
    "text",
    "ngram",
    "corpora",
    "diagrams",
    "plotting",
    "runtime",
    "train_seeds",
]
__version__ = "0.1.0"
