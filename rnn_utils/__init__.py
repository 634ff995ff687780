"""rnn_utils: the NumPy recurrent networks behind the book *Recurrent Neural Networks, executable*.

``import rnn_utils`` loads NumPy only; TensorFlow is imported by the functions
that need it (the Keras bridge and the notebook set-up).

Modules, each named for what it holds:

* ``params``        parameter dataclasses in the book's notation, and initialisers
* ``cells``         one time step of each cell, forward and backward
* ``layer``         the one loop that runs any cell: ``forward``
* ``bptt``          backpropagation through time: ``backward``
* ``gradcheck``     finite-difference gradients and the gradient check
* ``keras_bridge``  ``from_keras``, ``to_keras_weights``, ``keras_layer``
* ``train_seeds``   one network per seed trained at once, side by side in one Keras model
* ``analysis``      Jacobians and the norms of their products, singular values, the Pascanu et al. bound
* ``tasks``         the adding problem (both published variants) and the Chinese-numeral translation task
* ``attention``     additive, dot-product and scaled dot-product attention
* ``text``          vocabularies, ids, sampling and quatrain checks for the language chapter
* ``ngram``         the counting baselines: interpolated (Jelinek-Mercer, EM-tuned) and Kneser-Ney n-grams
* ``corpora``       the text corpora that ship with the book, checked against their checksums, and the poems' split
* ``diagrams``      the architecture diagrams, drawn as SVG from a description in the book's notation
* ``plotting``      the book's curves
* ``notebook``      chapter set-up: seeds, threads, measured values
* ``runtime``       the TensorFlow/Keras range the book is tested with, and a runtime's place in it
"""

from . import attention, corpora, diagrams, plotting, runtime, tasks, text, train_seeds
from .analysis import (
    PascanuCondition,
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
from .cells import (
    GRUGates,
    LSTMGates,
    dense,
    dense_backward,
    gru_gates,
    gru_step,
    lstm_gates,
    lstm_step,
    rnn_step,
    sigmoid,
)
from .gradcheck import gradient_check, numerical_gradient, relative_error
from .keras_bridge import from_keras, keras_layer, to_keras_weights
from .layer import forward
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
from .tasks import (
    adding_constant_baseline,
    adding_problem,
    adding_solved,
)

__all__ = [
    # set-up
    "setup_notebook",
    "reseed",
    "measured",
    "measured_text",
    "below",
    "fmt_time",
    "fmt_speedup",
    # parameters
    "RNNParams",
    "LSTMParams",
    "GRUParams",
    "DenseParams",
    "init_rnn",
    "init_lstm",
    "init_gru",
    # one step
    "sigmoid",
    "rnn_step",
    "lstm_step",
    "gru_step",
    "lstm_gates",
    "gru_gates",
    "LSTMGates",
    "GRUGates",
    "dense",
    "dense_backward",
    # sequences
    "forward",
    "backward",
    "numerical_gradient",
    "gradient_check",
    "relative_error",
    # Keras
    "from_keras",
    "to_keras_weights",
    "keras_layer",
    # analysis
    "step_jacobians",
    "cell_state_jacobians",
    "jacobian_product_norms",
    "hidden_jacobian_norms",
    "singular_values",
    "spectral_radius",
    "pascanu_condition",
    "pascanu_bound",
    "PascanuCondition",
    # tasks
    "adding_problem",
    "adding_constant_baseline",
    "adding_solved",
    # modules
    "tasks",
    "attention",
    "text",
    "corpora",
    "diagrams",
    "plotting",
    "runtime",
    "train_seeds",
]
__version__ = "0.1.0"
