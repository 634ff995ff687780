"""Keras' own Bidirectional correctness cases, computed with two rnn_utils layers (no Keras involved).

Source: keras/src/layers/rnn/bidirectional_test.py in keras-team/keras, tag v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), the release installed here.
The inputs, layer settings, expected arrays and tolerances (atol = rtol = 1e-5, as every
case there names) are Keras'; the test code is this book's. One case below is one
``assertAllClose`` there. Not ported: the cases without numbers (shapes, cuDNN fusion).

rnn_utils has no Bidirectional wrapper (``from_keras`` refuses one and says to convert
``forward_layer`` and ``backward_layer``); ``bidirectional`` below does what the wrapper
does (keras/src/layers/rnn/bidirectional.py): run the layer, run its copy with
``go_backwards`` flipped (or the given backward layer), flip the backward outputs back
in time when whole sequences are returned, and merge.
"""

import numpy as np
import pytest
from helpers import assert_keras_close, keras_constant_params

import rnn_utils as ru

TOL = {"atol": 1e-5, "rtol": 1e-5}
SEQ_2x3x4 = np.arange(24).reshape((2, 3, 4)).astype("float32")
SEQ_2x4x3 = np.arange(24).reshape((2, 4, 3)).astype("float32")
MERGE = {
    "concat": lambda y, y_rev: np.concatenate([y, y_rev], axis=-1),
    "sum": lambda y, y_rev: y + y_rev,
    "ave": lambda y, y_rev: (y + y_rev) / 2,
    "mul": lambda y, y_rev: y * y_rev,
    None: lambda y, y_rev: (y, y_rev),
}


def bidirectional(p, x, merge_mode="concat", *, backward=None, return_sequences=False, initial_state=None,
                  mask=None):  # fmt: skip
    """(merged output, forward final state, backward final state) of Bidirectional(p)."""
    backward = (
        p.replace(go_backwards=not p.go_backwards) if backward is None else backward
    )
    states = (None, None) if initial_state is None else initial_state
    out, final = ru.forward(p, x, states[0], mask=mask)
    out_rev, final_rev = ru.forward(backward, x, states[1], mask=mask)
    y, y_rev = (
        (out, out_rev[:, ::-1]) if return_sequences else (out[:, -1], out_rev[:, -1])
    )
    return MERGE[merge_mode](y, y_rev), final, final_rev


def rows(*values, units=2):
    """An expected array whose every row repeats one value (the constant weights make units equal)."""
    return np.array([[v] * units for v in values])


RNN_2 = keras_constant_params("simple_rnn", 4, 2)
# test_correctness: Bidirectional(SimpleRNN(2)) on SEQ_2x3x4, last outputs, four merge modes.
CORRECTNESS = {
    "concat": ("concat", None, [[0.39687276, 0.39687276, 0.10004295, 0.10004295],
                                [0.7237238, 0.7237238, 0.53391594, 0.53391594]]),
    "ave": ("ave", None, rows(0.24845785, 0.6288199)),
    "merge_mode=None, forward": (None, 0, rows(0.39687276, 0.7237238)),
    "merge_mode=None, backward": (None, 1, rows(0.10004295, 0.53391594)),
    "mul, own backward layer": ("mul", None, rows(0.08374989, 0.6740834)),
}  # fmt: skip


@pytest.mark.parametrize("case", CORRECTNESS)
def test_correctness(case):
    merge_mode, which, expected = CORRECTNESS[case]
    backward = None
    if (
        "own backward layer" in case
    ):  # SimpleRNN(2, kernel 0.03, recurrent 0.02, bias 0.01, go_backwards=True)
        backward = keras_constant_params(
            "simple_rnn", 4, 2, kernel=0.03, bias=0.01, go_backwards=True
        )
    output, _, _ = bidirectional(RNN_2, SEQ_2x3x4, merge_mode, backward=backward)
    assert_keras_close(output if which is None else output[which], expected, **TOL)


def test_correctness_gru_sequences_sum():
    """Bidirectional(GRU(2, return_sequences=True), merge_mode="sum"): the backward outputs flipped back."""
    output, _, _ = bidirectional(
        keras_constant_params("gru", 4, 2), SEQ_2x3x4, "sum", return_sequences=True
    )
    expected = [
        rows(0.20937867, 0.34462988, 0.40290534),
        rows(0.59829646, 0.6734641, 0.6479671),
    ]
    assert_keras_close(output, expected, **TOL)


@pytest.mark.parametrize("after_reset", [False, True])
def test_statefulness(after_reset):
    """Bidirectional(LSTM(2, stateful=True)): each direction's second call starts where its first ended."""
    p = keras_constant_params("lstm", 3, 2)
    _, final, final_rev = bidirectional(p, SEQ_2x4x3)
    output, _, _ = bidirectional(p, SEQ_2x4x3, initial_state=(final, final_rev))
    expected = [
        [0.26234663, 0.26234663, 0.16959146, 0.16959146],
        [0.6137073, 0.6137073, 0.5381646, 0.5381646],
    ]
    assert_keras_close(output, expected, **TOL)


def test_pass_initial_state():
    """Four initial states: (h, c) of the forward layer, then of the backward one."""
    h_f, c_f, h_b, c_b = (
        np.arange(4).reshape((2, 2)).astype("float32") * k for k in (1, 2, 3, 4)
    )
    output, _, _ = bidirectional(
        keras_constant_params("lstm", 3, 2),
        SEQ_2x4x3,
        initial_state=((h_f, c_f), (h_b, c_b)),
    )
    expected = [
        [0.20794602, 0.4577124, 0.14046375, 0.48191673],
        [0.6682636, 0.6711909, 0.60943645, 0.60950446],
    ]
    assert_keras_close(output, expected, **TOL)


def test_masking():
    mask = np.array([[True, True, False, True], [True, False, False, True]])
    output, _, _ = bidirectional(
        keras_constant_params("gru", 3, 2), SEQ_2x4x3, mask=mask
    )
    expected = [
        [0.19393763, 0.19393763, 0.11669192, 0.11669192],
        [0.30818558, 0.30818558, 0.28380975, 0.28380975],
    ]
    assert_keras_close(output, expected, **TOL)


RETURN_STATE = {
    "output": [
        [0.1990008, 0.1990008, 0.12659755, 0.12659755],
        [0.52335435, 0.52335435, 0.44717982, 0.44717982],
    ],
    "h1": rows(0.1990008, 0.52335435),
    "c1": rows(0.35567185, 1.0492687),
    "h2": rows(0.12659755, 0.44717982),
    "c2": rows(0.2501858, 0.941473),
}


@pytest.mark.parametrize("name", RETURN_STATE)
def test_return_state(name):
    """Bidirectional(LSTM(2, return_state=True)): output, then (h, c) forward and (h, c) backward."""
    output, (h1, c1), (h2, c2) = bidirectional(
        keras_constant_params("lstm", 3, 2), SEQ_2x4x3
    )
    got = {"output": output, "h1": h1, "c1": c1, "h2": h2, "c2": c2}[name]
    assert_keras_close(got, RETURN_STATE[name], **TOL)
