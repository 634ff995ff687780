"""Keras' own GRU correctness cases, computed by rnn_utils (no Keras involved).

Source: keras/src/layers/rnn/gru_test.py in keras-team/keras, tag v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), the release installed here.
The inputs, layer settings, expected arrays and tolerances are Keras' (atol = rtol = 1e-5
where a case names it, else ``assertAllClose``'s defaults, 1e-6); the test code is this
book's. Every layer there is ``GRU(units, kernel_initializer=Constant(0.01),
recurrent_initializer=Constant(0.02), bias_initializer=Constant(0.03), ...)``, which fills
both bias rows of the default ``reset_after=True`` layer. One case below is one
``assertAllClose`` there.

Keras' test_correctness runs twice (``implementation`` 1 and 2, which its layers do not
use) and has an ``unroll`` case; rnn_utils has one computation for all of them.
Not ported: test_legacy_implementation_argument (a config key, the default numbers again)
and the cases without numbers (shapes, symbolic batch sizes, cuDNN dispatch).
"""

import numpy as np
import pytest
from helpers import assert_keras_close, keras_constant_params

import rnn_utils as ru

SEQ_3x6x4 = np.arange(72).reshape((3, 6, 4)).astype("float32")
SEQ_2x3x4 = np.arange(24).reshape((2, 3, 4)).astype("float32")
SEQ_2x4x3 = np.arange(24).reshape((2, 4, 3)).astype("float32")
STATE_2x2 = np.arange(4).reshape((2, 2)).astype("float32")


def rows(*values, units=3):
    """An expected array whose every row repeats one value (the constant weights make units equal)."""
    return np.array([[v] * units for v in values])


def gru(units, features, **options):
    return keras_constant_params("gru", features, units, **options)


DEFAULT = [
    [0.5217289, 0.5217289, 0.5217289],
    [0.6371659, 0.6371659, 0.6371659],
    [0.39384964, 0.39384964, 0.3938496],
]
# test_correctness: GRU(3) on SEQ_3x6x4, last output; atol = rtol = 1e-5.
CORRECTNESS = {
    "default": ({}, DEFAULT),
    "go_backwards": ({"go_backwards": True}, rows(0.24406259, 0.611516, 0.3928808)),
    "unroll": ({}, DEFAULT),
    "reset_after=False": (
        {"reset_after": False},
        rows(0.51447755, 0.6426879, 0.40208298),
    ),
    "use_bias=False": ({"use_bias": False}, rows(0.49988455, 0.64701194, 0.4103359)),
}


@pytest.mark.parametrize("implementation", [1, 2])
@pytest.mark.parametrize("case", CORRECTNESS)
def test_correctness(case, implementation):
    options, expected = CORRECTNESS[case]
    outputs, _ = ru.forward(gru(3, 4, **options), SEQ_3x6x4)
    assert_keras_close(outputs[:, -1], expected, atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize("after_reset", [False, True])
def test_statefulness(after_reset):
    """stateful=True: the second call starts from the state the first ended in."""
    p = gru(4, 4)
    _, state = ru.forward(p, SEQ_2x3x4)
    outputs, _ = ru.forward(p, SEQ_2x3x4, initial_state=state)
    assert_keras_close(outputs[:, -1], rows(0.29542392, 0.5885018, units=4))


INITIAL_STATE_OUTPUTS = {
    "default": ({}, [[0.23774096, 0.33508456], [0.83659905, 1.0227708]]),
    "go_backwards": (
        {"go_backwards": True},
        [[0.13486053, 0.23261218], [0.78257304, 0.9691353]],
    ),
}


@pytest.mark.parametrize("case", INITIAL_STATE_OUTPUTS)
def test_pass_initial_state(case):
    options, expected = INITIAL_STATE_OUTPUTS[case]
    outputs, _ = ru.forward(gru(2, 3, **options), SEQ_2x4x3, initial_state=STATE_2x2)
    assert_keras_close(outputs[:, -1], expected)


@pytest.mark.parametrize("which", ["output", "state"])
@pytest.mark.parametrize("case", INITIAL_STATE_OUTPUTS)
def test_pass_return_state(case, which):
    """return_state=True: the output, and the final state that equals it."""
    options, expected = INITIAL_STATE_OUTPUTS[case]
    outputs, final = ru.forward(
        gru(2, 3, **options), SEQ_2x4x3, initial_state=[STATE_2x2]
    )
    assert_keras_close(outputs[:, -1], expected)
    if which == "state":
        assert_keras_close(outputs[:, -1], final)


MASK = np.array([[True, True, False, True], [True, False, False, True]])
# test_masking: (options, which output, expected), GRU(2) on SEQ_2x4x3.
MASKING = {
    "unroll, last output": ({}, "last", rows(0.19393763, 0.30818558, units=2)),
    "sequences, row 0": ({}, 0, rows(0.03606692, 0.09497581, 0.09497581, 0.19393763, units=2)),
    "sequences, row 1": ({}, 1, rows(0.16051409, 0.16051409, 0.16051409, 0.30818558, units=2)),
    "zero_output_for_mask, row 0": ({"zero_output_for_mask": True}, 0,
                                    rows(0.03606692, 0.09497581, 0.0, 0.19393763, units=2)),
    "zero_output_for_mask, row 1": ({"zero_output_for_mask": True}, 1,
                                    rows(0.16051409, 0.0, 0.0, 0.30818558, units=2)),
    "go_backwards, last output": ({"go_backwards": True}, "last", rows(0.11669192, 0.28380975, units=2)),
}  # fmt: skip


@pytest.mark.parametrize("case", MASKING)
def test_masking(case):
    options, which, expected = MASKING[case]
    outputs, _ = ru.forward(gru(2, 3, **options), SEQ_2x4x3, mask=MASK)
    assert_keras_close(outputs[:, -1] if which == "last" else outputs[which], expected)
