"""Masks, go_backwards and zero_output_for_mask: forward and backward against Keras, and by their meaning.

Keras' semantics (keras/src/backend/tensorflow/rnn.py): a masked step keeps the state
it had and repeats the previous output, which is zero before the first real step;
with zero_output_for_mask it outputs zeros; go_backwards reads the steps (and the
mask) from last to first and returns the outputs in that order. Forward parity is
1e-5 absolute in float32, backward 1e-4 relative, as for the unmasked layer.
"""

import numpy as np
import pytest
from helpers import (
    VARIANTS,
    keras_call,
    loop_state,
    make_params,
    native_keras_layer,
    random_state,
    rel,
    tape_gradients,
)
from hypothesis import given, settings
from hypothesis import strategies as st

import rnn_utils as ru
from rnn_utils.gradcheck import gradient_check


def mask_cases(examples=15, max_size=5, max_time=8, max_batch=4):
    """Hypothesis cases: every variant, sizes, lengths from 1, random masks, both layer options."""
    cases = given(
        variant=st.sampled_from(list(VARIANTS)),
        features=st.integers(1, max_size),
        units=st.integers(1, max_size),
        batch=st.integers(1, max_batch),
        time=st.integers(1, max_time),
        with_state=st.booleans(),
        go_backwards=st.booleans(),
        zero_output=st.booleans(),
        seed=st.integers(0, 2**16),
    )
    return lambda test: settings(max_examples=examples, deadline=None)(cases(test))


def random_mask(rng, batch, time):
    """Random real/padding pattern; the first row has leading padding, the last row none at all."""
    mask = rng.random((batch, time)) < 0.6
    mask[0, : max(1, time // 2)] = False
    mask[-1] = mask[-1] if batch == 1 else True
    return mask


def layer_and_params(variant, features, units, rng, go_backwards, zero_output):
    layer = native_keras_layer(
        variant,
        features,
        units,
        rng,
        go_backwards=go_backwards,
        zero_output_for_mask=zero_output,
    )
    p = ru.from_keras(layer)
    assert (p.go_backwards, p.zero_output_for_mask) == (go_backwards, zero_output)
    return layer, p


@mask_cases()
def test_forward_with_a_mask_matches_keras(
    variant, features, units, batch, time, with_state, go_backwards, zero_output, seed
):
    rng = np.random.default_rng(seed)
    layer, p = layer_and_params(
        variant, features, units, rng, go_backwards, zero_output
    )
    x = rng.standard_normal((batch, time, features)).astype(np.float32)
    state = random_state(p, batch, rng) if with_state else None
    mask = random_mask(rng, batch, time)
    k_out, k_final = keras_call(layer, x, state, mask)
    out, final = ru.forward(p, x, state, mask=mask)
    np.testing.assert_allclose(out, k_out, rtol=0, atol=1e-5)
    for mine, theirs in zip(
        loop_state(p, final, batch), loop_state(p, k_final, batch), strict=True
    ):
        np.testing.assert_allclose(mine, theirs, rtol=0, atol=1e-5)


@mask_cases(max_size=4, max_time=7, max_batch=3)
def test_backward_with_a_mask_matches_gradient_tape(
    variant, features, units, batch, time, with_state, go_backwards, zero_output, seed
):
    rng = np.random.default_rng(seed)
    layer, p = layer_and_params(
        variant, features, units, rng, go_backwards, zero_output
    )
    x = rng.standard_normal((batch, time, features)).astype(np.float32)
    g = rng.standard_normal((batch, time, units)).astype(np.float32)
    state = random_state(p, batch, rng) if with_state else None
    g_final = random_state(p, batch, rng)
    mask = random_mask(rng, batch, time)
    k_params, k_dx, k_dstate = tape_gradients(layer, x, g, state, g_final, mask=mask)
    grads, dx, dstate = ru.backward(
        p,
        x,
        g,
        state,
        mask=mask,
        grad_final_state=g_final,
        return_initial_state_grad=True,
    )
    for mine, theirs in zip([*ru.to_keras_weights(grads), dx, *loop_state(p, dstate, batch)[: len(k_dstate)]],
                            [*k_params, k_dx, *k_dstate], strict=True):  # fmt: skip
        assert mine.shape == theirs.shape
        if (
            np.abs(theirs).max() > 1e-6
        ):  # relu units that never fire, masked x: exactly zero gradient
            assert rel(mine, theirs) < 1e-4
        else:
            assert np.abs(mine).max() < 1e-6


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("go_backwards", "zero_output"), [(False, False), (True, False), (True, True)]
)
def test_gradient_check_with_a_mask(variant, go_backwards, zero_output):
    rng = np.random.default_rng(7)
    p = make_params(variant, 3, 4, dtype=np.float64).replace(
        go_backwards=go_backwards, zero_output_for_mask=zero_output
    )
    mask = random_mask(rng, 3, 6)
    errors = gradient_check(
        p,
        rng.standard_normal((3, 6, 3)),
        initial_state=random_state(p, 3, rng),
        mask=mask,
    )
    assert max(errors.values()) < 1e-6, errors


@pytest.mark.parametrize("variant", VARIANTS)
def test_padding_and_a_mask_give_the_unpadded_final_state(variant):
    """Pre- or post-padded, masked: each sequence ends where it would alone, read either way."""
    rng = np.random.default_rng(8)
    p = make_params(variant, 2, 3, dtype=np.float64)
    lengths, T = [2, 5, 1], 5
    seqs = [rng.standard_normal((n, 2)) for n in lengths]
    for q in (p, p.replace(go_backwards=True)):
        alone = [loop_state(q, ru.forward(q, s[None])[1], 1) for s in seqs]
        for pre in (False, True):
            x, mask = np.zeros((3, T, 2)), np.zeros((3, T), bool)
            for i, s in enumerate(seqs):
                steps = slice(T - len(s), T) if pre else slice(0, len(s))
                x[i, steps], mask[i, steps] = s, True
            final = loop_state(q, ru.forward(q, x, mask=mask)[1], 3)
            for i in range(3):
                for mine, theirs in zip(final, alone[i], strict=True):
                    np.testing.assert_allclose(
                        mine[i], theirs[0], rtol=1e-12, atol=1e-14
                    )
            if (
                pre == q.go_backwards
            ):  # padding read after the real steps moves the state, unless masked
                unmasked = loop_state(q, ru.forward(q, x)[1], 3)[0]
                assert not np.allclose(unmasked, np.concatenate([a[0] for a in alone]))


def test_masked_steps_repeat_the_output_and_keep_the_state():
    rng = np.random.default_rng(9)
    p = make_params("lstm", 2, 3, dtype=np.float64)
    x = rng.standard_normal((1, 5, 2))
    h0 = random_state(p, 1, rng)
    mask = np.array([[False, True, False, False, True]])
    out, (h, c) = ru.forward(p, x, h0, mask=mask)
    np.testing.assert_array_equal(out[0, 0], 0.0)  # no real step yet: zeros, not h0
    np.testing.assert_array_equal(out[0, 2], out[0, 1])
    np.testing.assert_array_equal(out[0, 3], out[0, 1])
    step_1 = ru.lstm_step(p, x[:, 1], h0)  # step 0 is skipped: the state is still h0
    np.testing.assert_allclose(out[0, 1], step_1[0][0], rtol=1e-14)
    np.testing.assert_allclose((h, c), ru.lstm_step(p, x[:, 4], step_1), rtol=1e-14)
    zeros = ru.forward(p.replace(zero_output_for_mask=True), x, h0, mask=mask)[0]
    np.testing.assert_array_equal(zeros[0, [0, 2, 3]], 0.0)
    np.testing.assert_array_equal(zeros[0, [1, 4]], out[0, [1, 4]])
    np.testing.assert_array_equal(
        ru.forward(p, x, h0, mask=mask.astype(int))[0], out
    )  # 0/1 works too


def test_go_backwards_reads_the_reversed_sequence_and_returns_its_order():
    rng = np.random.default_rng(10)
    p = make_params("gru", 2, 3, dtype=np.float64)
    x = rng.standard_normal((2, 6, 2))
    out, final = ru.forward(p.replace(go_backwards=True), x)
    ref, ref_final = ru.forward(p, x[:, ::-1])
    np.testing.assert_array_equal(
        out, ref
    )  # outputs stay in reading order: Keras does not flip them back
    np.testing.assert_array_equal(final, ref_final)
    g = rng.standard_normal(out.shape)
    grads, dx = ru.backward(p.replace(go_backwards=True), x, g)
    ref_grads, ref_dx = ru.backward(p, x[:, ::-1], g)
    np.testing.assert_array_equal(
        dx, ref_dx[:, ::-1]
    )  # ∂L/∂x comes back in the order of x
    for name, a in grads:
        np.testing.assert_array_equal(a, getattr(ref_grads, name))
