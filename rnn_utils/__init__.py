"""rnn_utils: the NumPy recurrent networks behind the book *Recurrent Neural Networks, executable*.

``import rnn_utils`` loads NumPy only; TensorFlow is imported by the functions
that need it (the Keras bridge and the notebook set-up).
"""

from .notebook import fmt_speedup, fmt_time, setup_notebook

__all__ = ["setup_notebook", "fmt_time", "fmt_speedup"]
__version__ = "0.1.0"
