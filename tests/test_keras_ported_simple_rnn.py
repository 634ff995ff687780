"""Keras' own SimpleRNN correctness cases, computed by rnn_utils (no Keras involved).

Source: keras/src/layers/rnn/simple_rnn_test.py in keras-team/keras, tag v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), the release installed here.
The inputs, layer settings, expected arrays and tolerances are Keras'; the test code
is this book's. Every layer there is ``SimpleRNN(units, kernel_initializer=Constant(0.01),
recurrent_initializer=Constant(0.02), bias_initializer=Constant(0.03), ...)``; no case
names a tolerance, so Keras' ``assertAllClose`` defaults apply, atol = rtol = 1e-6 (the
TPU tolerances are for TPUs). One case below is one ``assertAllClose`` there.

``unroll=True`` has no counterpart in rnn_utils (one loop does both), so an unrolled
case runs the same computation against the numbers Keras publishes for it.
"""

import numpy as np
import pytest
from helpers import assert_keras_close, keras_constant_params

import rnn_utils as ru

SEQ_2x3x4 = np.arange(24).reshape((2, 3, 4)).astype("float32")
SEQ_2x4x3 = np.arange(24).reshape((2, 4, 3)).astype("float32")
STATE_2x4 = np.arange(8).reshape((2, 4)).astype("float32")
MASK = np.array([[True, True, False, True], [True, False, False, True]])


def rows(*values, units=4):
    """An expected array whose every row repeats one value (the constant weights make units equal)."""
    return np.array([[v] * units for v in values])


def rnn(units, features, **options):
    return keras_constant_params("simple_rnn", features, units, **options)


# test_correctness: SimpleRNN(4) on SEQ_2x3x4, last output.
CORRECTNESS = {
    "default": ({}, rows(0.405432, 0.73605347)),
    "unroll": ({}, rows(0.405432, 0.73605347)),
    "go_backwards": ({"go_backwards": True}, rows(0.11144729, 0.5528889)),
    "go_backwards, unroll": ({"go_backwards": True}, rows(0.11144729, 0.5528889)),
}


@pytest.mark.parametrize("case", CORRECTNESS)
def test_correctness(case):
    options, expected = CORRECTNESS[case]
    outputs, _ = ru.forward(rnn(4, 4, **options), SEQ_2x3x4)
    assert_keras_close(outputs[:, -1], expected)


@pytest.mark.parametrize("after_reset", [False, True])
def test_statefulness(after_reset):
    """stateful=True: the second call starts from the state the first ended in (reset_state: zeros again)."""
    p = rnn(4, 4)
    _, state = ru.forward(p, SEQ_2x3x4)
    outputs, _ = ru.forward(p, SEQ_2x3x4, initial_state=state)
    assert_keras_close(outputs[:, -1], rows(0.40559256, 0.7361247))


PASS_INITIAL_STATE = {
    "default": ({}, rows(0.33621645, 0.6262637)),
    "go_backwards": ({"go_backwards": True}, rows(0.07344437, 0.43043602)),
}


@pytest.mark.parametrize("case", PASS_INITIAL_STATE)
def test_pass_initial_state(case):
    options, expected = PASS_INITIAL_STATE[case]
    outputs, _ = ru.forward(rnn(4, 3, **options), SEQ_2x4x3, initial_state=STATE_2x4)
    assert_keras_close(outputs[:, -1], expected)


# test_masking: (units, options, which output, expected).
MASKING = {
    "unroll, last output": (4, {}, "last", rows(0.32951632, 0.61799484)),
    "sequences, row 0": (2, {}, 0, rows(0.0599281, 0.15122814, 0.15122814, 0.32394567, units=2)),
    "sequences, row 1": (2, {}, 1, rows(0.3969304, 0.3969304, 0.3969304, 0.608085, units=2)),
    "zero_output_for_mask, row 0": (2, {"zero_output_for_mask": True}, 0,
                                    rows(0.0599281, 0.15122814, 0.0, 0.32394567, units=2)),
    "zero_output_for_mask, row 1": (2, {"zero_output_for_mask": True}, 1,
                                    rows(0.3969304, 0.0, 0.0, 0.608085, units=2)),
    "go_backwards, last output": (4, {"go_backwards": True}, "last", rows(0.07376196, 0.43645123)),
}  # fmt: skip


@pytest.mark.parametrize("case", MASKING)
def test_masking(case):
    units, options, which, expected = MASKING[case]
    outputs, _ = ru.forward(rnn(units, 3, **options), SEQ_2x4x3, mask=MASK)
    assert_keras_close(outputs[:, -1] if which == "last" else outputs[which], expected)
