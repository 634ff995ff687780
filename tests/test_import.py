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


def test_the_package_exports_what_all_lists_and_nothing_else():
    """``__all__`` is the chapters' interface: no duplicates, every name there, and no other
    public function or class at the top level (the rest is reached through its module)."""
    import inspect

    import rnn_utils

    names = rnn_utils.__all__
    assert len(names) == len(set(names))
    assert all(hasattr(rnn_utils, name) for name in names)
    public = {
        name
        for name, obj in vars(rnn_utils).items()
        if not name.startswith("_") and not inspect.ismodule(obj)
    }
    assert public == {n for n in names if not inspect.ismodule(getattr(rnn_utils, n))}
    for module, name in [
        ("cells", "rnn_step"),
        ("cells", "gru_gates"),
        ("cells", "dense_backward"),
        ("gradcheck", "gradient_check"),
        ("gradcheck", "numerical_gradient"),
        ("analysis", "PascanuCondition"),
    ]:  # dropped from __all__, still in their modules
        assert name not in names and hasattr(getattr(rnn_utils, module), name)
