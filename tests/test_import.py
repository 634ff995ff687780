"""``import rnn_utils`` is NumPy-only: TensorFlow and Keras load only when a function needs them."""

import subprocess
import sys


def test_import_does_not_load_tensorflow_or_keras():
    code = (
        "import sys, rnn_utils\n"
        "rnn_utils.forward(rnn_utils.init_lstm(2, 3), rnn_utils.adding_problem(2, 20)[0])\n"
        "heavy = ('tensorflow', 'keras', 'matplotlib.pyplot')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
