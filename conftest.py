"""pytest configuration shared by the unit tests and nbval.

nbval compares every output a chapter cell produced with the one stored in the
notebook. Two kinds of output are noise, not results, and are kept out of that
comparison here:

* the stderr stream: TensorFlow's C++ runtime and absl write start-up lines
  (with timestamps and thread ids) straight to file descriptor 2, and the
  kernel forwards them as stderr. They stay visible to a reader running the
  notebook; they are just not compared. Results never go to stderr.
* nothing else: memory addresses and wall-clock timings are handled by the
  narrow regexes in ``nbval_sanitize.cfg``.
"""

import os

# Set before any test imports TensorFlow (the notebooks set these themselves).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

try:
    from nbval.plugin import IPyNbCell
except ImportError:  # nbval is optional for the unit tests
    IPyNbCell = None


def _without_stderr(outputs):
    return [
        out
        for out in outputs
        if not (out.get("output_type") == "stream" and out.get("name") == "stderr")
    ]


if IPyNbCell is not None and not getattr(IPyNbCell, "_rnn_book_patched", False):
    _compare = IPyNbCell.compare_outputs

    def compare_outputs(self, test, ref, skip_compare=None):
        return _compare(self, _without_stderr(test), _without_stderr(ref), skip_compare)

    IPyNbCell.compare_outputs = compare_outputs
    IPyNbCell._rnn_book_patched = True
