"""Keras' own generic-RNN correctness cases that rnn_utils can express, computed by rnn_utils.

Source: keras/src/layers/rnn/rnn_test.py in keras-team/keras, tag v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), the release installed here.
The inputs, layer settings, expected arrays and tolerances are Keras' (atol = rtol = 1e-5
where a case names it, else ``assertAllClose``'s defaults, 1e-6); the test code is this
book's. One case below is one ``assertAllClose`` there.

Those tests wrap two custom cells in ``keras.layers.RNN``, with every weight initialised
to ones and no activation:

* ``OneStateRNNCell``: s_t = x_t K + s_{t-1} R, output s_t. On inputs and states that are
  never negative (every case here), that is a ReLU simple RNN with W = 1, U = 1, b = 0.
* ``TwoStatesRNNCell``: both new states are x_t K + s1_{t-1} R (its ``call`` reads
  ``states[0]`` twice), and the output is their sum. So s1 follows the same recurrence,
  s2 = s1, and the output is 2 s1: the ReLU RNN read out by a Dense layer with W_y = 2 I.

Not ported: the cases without numbers (shapes, serialisation, the batch-size error).
"""

import numpy as np
import pytest
from helpers import assert_keras_close

import rnn_utils as ru

ONES_1x2x3 = np.ones((1, 2, 3), dtype="float32")
ONES_2x3x2 = np.ones((2, 3, 2), dtype="float32")
SEQ_2x3x4 = np.arange(24).reshape((2, 3, 4)).astype("float32")
SEQ_2x4x3 = np.arange(24).reshape((2, 4, 3)).astype("float32")
TWICE = ru.DenseParams(2 * np.eye(2, dtype="float32"), np.zeros(2, dtype="float32"))


def one_state_cell(features, **options):
    """OneStateRNNCell(2) with its all-ones weights, as a ReLU simple RNN (inputs are never negative)."""
    ones = np.ones((2, features), dtype="float32")
    return ru.RNNParams(
        ones,
        np.ones((2, 2), dtype="float32"),
        np.zeros(2, dtype="float32"),
        "relu",
        **options,
    )


def run(x, *, initial_state=None, calls=1, mask=None, **options):
    """(outputs, final state) of the one-state cell after ``calls`` calls, each starting where the last ended."""
    assert x.min() >= 0 and (
        initial_state is None or initial_state.min() >= 0
    )  # where ReLU is the identity
    p = one_state_cell(x.shape[-1], **options)
    state = initial_state
    for _ in range(calls):
        outputs, state = ru.forward(p, x, state, mask=mask)
    return outputs, state


@pytest.mark.parametrize("return_sequences", [False, True])
@pytest.mark.parametrize("return_state", [False, True])
def test_forward_pass_single_state(return_sequences, return_state):
    """The four layer configurations there, each with its assertions."""
    outputs, state = run(ONES_1x2x3)
    assert_keras_close(outputs if return_sequences else outputs[:, -1],
                       [[[3.0, 3.0], [9.0, 9.0]]] if return_sequences else [[9.0, 9.0]])  # fmt: skip
    if return_state:
        assert_keras_close(state, [[9.0, 9.0]])


@pytest.mark.parametrize("return_state", [False, True])
def test_passing_initial_state_single_state(return_state):
    outputs, state = run(ONES_2x3x2, initial_state=np.ones((2, 2), dtype="float32"))
    assert_keras_close(outputs[:, -1], [[22.0, 22.0], [22.0, 22.0]])
    if return_state:
        assert_keras_close(state, [[22.0, 22.0], [22.0, 22.0]])


@pytest.mark.parametrize("return_state", [False, True])
def test_statefulness_single_state(return_state):
    outputs, state = run(ONES_1x2x3, calls=2)
    assert_keras_close(outputs[:, -1], [[45.0, 45.0]])
    if return_state:
        assert_keras_close(state, [[45.0, 45.0]])


def test_go_backwards():
    outputs, _ = run(
        SEQ_2x3x4, go_backwards=True
    )  # Keras calls it twice; not stateful, so the second is the first
    assert_keras_close(outputs[:, -1], [[202.0, 202.0], [538.0, 538.0]])


@pytest.mark.parametrize("which", ["output", "state"])
def test_go_backwards_test_stateful_part(which):
    """The second half of test_go_backwards: a stateful layer (reading forwards) called twice."""
    outputs, state = run(SEQ_2x3x4, calls=2)
    assert_keras_close(
        outputs[:, -1] if which == "output" else state,
        [[954.0, 954.0], [3978.0, 3978.0]],
    )


@pytest.mark.parametrize("unroll", [False, True])
@pytest.mark.parametrize("return_sequences", [False, True])
def test_masking(return_sequences, unroll):
    """unroll has no counterpart in rnn_utils: one loop, checked against both of Keras' numbers."""
    mask = np.array([[True, True, True, False], [True, True, False, False]])
    outputs, _ = run(SEQ_2x4x3, mask=mask)
    if return_sequences:
        expected = [[[3.0, 3.0], [18.0, 18.0], [57.0, 57.0], [57.0, 57.0]],
                    [[39.0, 39.0], [126.0, 126.0], [126.0, 126.0], [126.0, 126.0]]]  # fmt: skip
        assert_keras_close(outputs, expected, atol=1e-5, rtol=1e-5)
    else:
        assert_keras_close(
            outputs[:, -1], [[57.0, 57.0], [126.0, 126.0]], atol=1e-5, rtol=1e-5
        )


def two_states(x, *, initial_state=None, calls=1):
    """TwoStatesRNNCell(2): (outputs 2 s1, (s1, s2)) with s2 = s1."""
    outputs, s1 = run(x, initial_state=initial_state, calls=calls)
    return ru.dense(TWICE, outputs), (s1, s1)


@pytest.mark.parametrize("return_sequences", [False, True])
@pytest.mark.parametrize("return_state", [False, True])
def test_forward_pass_two_states(return_sequences, return_state):
    outputs, (state1, state2) = two_states(ONES_1x2x3)
    assert_keras_close(outputs if return_sequences else outputs[:, -1],
                       [[[6.0, 6.0], [18.0, 18.0]]] if return_sequences else [[18.0, 18.0]])  # fmt: skip
    if return_state:
        assert_keras_close(state1, [[9.0, 9.0]])
        assert_keras_close(state2, [[9.0, 9.0]])


@pytest.mark.parametrize("return_state", [False, True])
def test_passing_initial_state_two_states(return_state):
    """Keras passes [ones, ones]; the cell reads only the first."""
    outputs, (state1, state2) = two_states(
        ONES_2x3x2, initial_state=np.ones((2, 2), dtype="float32")
    )
    assert_keras_close(outputs[:, -1], [[44.0, 44.0], [44.0, 44.0]])
    if return_state:
        assert_keras_close(state1, [[22.0, 22.0], [22.0, 22.0]])
        assert_keras_close(state2, [[22.0, 22.0], [22.0, 22.0]])


@pytest.mark.parametrize("return_state", [False, True])
def test_statefulness_two_states(return_state):
    outputs, (state1, state2) = two_states(ONES_1x2x3, calls=2)
    assert_keras_close(outputs[:, -1], [[90.0, 90.0]])
    if return_state:
        assert_keras_close(state1, [[45.0, 45.0]])
        assert_keras_close(state2, [[45.0, 45.0]])
