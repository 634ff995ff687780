"""Keras' own LSTM correctness cases, computed by rnn_utils (no Keras involved).

Source: keras/src/layers/rnn/lstm_test.py in keras-team/keras, tag v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), the release installed here.
The inputs, layer settings, expected arrays and tolerances (atol = rtol = 1e-5, as
every case there names) are Keras'; the test code is this book's. Every layer there is
``LSTM(units, kernel_initializer=Constant(0.01), recurrent_initializer=Constant(0.02),
bias_initializer=Constant(0.03), ...)``, with Keras' default ``unit_forget_bias=True``
(b_f = 1). One case below is one ``assertAllClose`` there.

``implementation`` (1 or 2, Keras' test_correctness runs both) and ``unroll`` change how
Keras computes, not what: rnn_utils has one computation, checked against every number.
"""

import numpy as np
import pytest
from helpers import assert_keras_close, keras_constant_params

import rnn_utils as ru

TOL = {"atol": 1e-5, "rtol": 1e-5}
SEQ_3x6x4 = np.arange(72).reshape((3, 6, 4)).astype("float32")
SEQ_2x3x4 = np.arange(24).reshape((2, 3, 4)).astype("float32")
SEQ_2x4x3 = np.arange(24).reshape((2, 4, 3)).astype("float32")
STATE_2x2 = np.arange(4).reshape((2, 2)).astype("float32")


def rows(*values, units=3):
    """An expected array whose every row repeats one value (the constant weights make units equal)."""
    return np.array([[v] * units for v in values])


def lstm(units, features, **options):
    return keras_constant_params("lstm", features, units, **options)


# test_correctness: LSTM(3) on SEQ_3x6x4, last output.
CORRECTNESS = {
    "default": ({}, rows(0.6288687, 0.86899155, 0.9460773)),
    "go_backwards": ({"go_backwards": True}, rows(0.35622165, 0.74789524, 0.8872726)),
    "unroll": ({}, rows(0.6288687, 0.86899155, 0.9460773)),
    "unit_forget_bias=False": (
        {"unit_forget_bias": False},
        rows(0.57019705, 0.8661914, 0.9459622),
    ),
    "use_bias=False": ({"use_bias": False}, rows(0.54986924, 0.86226785, 0.9443936)),
}


@pytest.mark.parametrize("implementation", [1, 2])
@pytest.mark.parametrize("case", CORRECTNESS)
def test_correctness(case, implementation):
    options, expected = CORRECTNESS[case]
    outputs, _ = ru.forward(lstm(3, 4, **options), SEQ_3x6x4)
    assert_keras_close(outputs[:, -1], expected, **TOL)


@pytest.mark.parametrize("after_reset", [False, True])
def test_statefulness(after_reset):
    """stateful=True: the second call starts from the state (h, c) the first ended in."""
    p = lstm(4, 4)
    _, state = ru.forward(p, SEQ_2x3x4)
    outputs, _ = ru.forward(p, SEQ_2x3x4, initial_state=state)
    assert_keras_close(outputs[:, -1], rows(0.3124785, 0.6863672, units=4), **TOL)


PASS_INITIAL_STATE = {
    "default": ({}, [[0.20574439, 0.3558822], [0.64930826, 0.66276]]),
    "go_backwards": (
        {"go_backwards": True},
        [[0.13281618, 0.2790356], [0.5839337, 0.5992567]],
    ),
}


@pytest.mark.parametrize("case", PASS_INITIAL_STATE)
def test_pass_initial_state(case):
    options, expected = PASS_INITIAL_STATE[case]
    outputs, _ = ru.forward(
        lstm(2, 3, **options), SEQ_2x4x3, initial_state=[STATE_2x2, STATE_2x2]
    )
    assert_keras_close(outputs[:, -1], expected, **TOL)


MASK = np.array([[True, True, True, False], [True, True, False, False]])
BACKWARDS_MASK = np.array([[False, True, True, True], [False, False, True, True]])
# test_masking: (options, mask, which output, expected), LSTM(2) on SEQ_2x4x3.
MASKING = {
    "unroll, last output": ({}, MASK, "last", rows(0.11755939, 0.28556206, units=2)),
    "sequences, row 0": ({}, MASK, 0, rows(0.01588910, 0.05552048, 0.11755939, 0.11755939, units=2)),
    "sequences, row 1": ({}, MASK, 1, rows(0.14185596, 0.28556206, 0.28556206, 0.28556206, units=2)),
    "zero_output_for_mask, row 0": ({"zero_output_for_mask": True}, MASK, 0,
                                    rows(0.01588910, 0.05552048, 0.11755939, 0.0, units=2)),
    "zero_output_for_mask, row 1": ({"zero_output_for_mask": True}, MASK, 1,
                                    rows(0.14185596, 0.28556206, 0.0, 0.0, units=2)),
    "go_backwards, last output": ({"go_backwards": True}, BACKWARDS_MASK, "last",
                                  rows(0.15341201, 0.3844719, units=2)),
}  # fmt: skip


@pytest.mark.parametrize("case", MASKING)
def test_masking(case):
    options, mask, which, expected = MASKING[case]
    outputs, _ = ru.forward(lstm(2, 3, **options), SEQ_2x4x3, mask=mask)
    assert_keras_close(
        outputs[:, -1] if which == "last" else outputs[which], expected, **TOL
    )
