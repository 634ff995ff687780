"""rnn_utils.attention: the formulas, their invariants, and parity with Keras' attention layers."""

import numpy as np
import pytest

from rnn_utils import attention as att

B, T_Q, T_X, D_Q, D_K, D_A = 3, 4, 6, 5, 7, 8


def random_problem(seed=0):
    rng = np.random.default_rng(seed)
    s = rng.standard_normal((B, T_Q, D_Q))
    h = rng.standard_normal((B, T_X, D_K))
    W_a = rng.standard_normal((D_A, D_Q)) / np.sqrt(D_Q)
    U_a = rng.standard_normal((D_A, D_K)) / np.sqrt(D_K)
    v_a = rng.standard_normal(D_A)
    return s, h, W_a, U_a, v_a


def test_additive_scores_are_the_formula_entry_by_entry():
    s, h, W_a, U_a, v_a = random_problem()
    e = att.additive_scores(s, h, W_a, U_a, v_a)
    assert e.shape == (B, T_Q, T_X)
    for b, i, j in [(0, 0, 0), (1, 2, 5), (2, 3, 1)]:
        assert e[b, i, j] == pytest.approx(
            v_a @ np.tanh(W_a @ s[b, i] + U_a @ h[b, j]), abs=1e-12
        )


def test_weights_are_a_distribution_and_contexts_their_average():
    s, h, W_a, U_a, v_a = random_problem(1)
    c, w = att.additive_attention(s, h, W_a, U_a, v_a)
    assert w.shape == (B, T_Q, T_X) and c.shape == (B, T_Q, D_K)
    assert np.all(w > 0)
    np.testing.assert_allclose(w.sum(-1), 1, atol=1e-12)
    np.testing.assert_allclose(c[1, 2], (w[1, 2][:, None] * h[1]).sum(0), atol=1e-12)


def test_one_step_query_equals_the_row_of_the_full_query():
    s, h, W_a, U_a, v_a = random_problem(2)
    c_all, w_all = att.additive_attention(s, h, W_a, U_a, v_a)
    c1, w1 = att.additive_attention(s[:, 2], h, W_a, U_a, v_a)
    assert w1.shape == (B, T_X) and c1.shape == (B, D_K)
    np.testing.assert_allclose(w1, w_all[:, 2], atol=1e-14)
    np.testing.assert_allclose(c1, c_all[:, 2], atol=1e-14)


def test_mask_gives_zero_weight_and_equals_dropping_the_positions():
    s, h, W_a, U_a, v_a = random_problem(3)
    mask = np.ones((B, T_X), dtype=bool)
    mask[:, 4:] = False
    c, w = att.additive_attention(s, h, W_a, U_a, v_a, mask=mask)
    assert np.all(w[..., 4:] == 0)
    c_short, w_short = att.additive_attention(s, h[:, :4], W_a, U_a, v_a)
    np.testing.assert_allclose(w[..., :4], w_short, atol=1e-14)
    np.testing.assert_allclose(c, c_short, atol=1e-14)


def test_softmax_is_shift_invariant_and_does_not_overflow():
    e = np.array([[1000.0, 1001.0, 999.0]])
    w = att.softmax(e)
    np.testing.assert_allclose(w, att.softmax(e - 1000), atol=1e-15)
    assert np.isfinite(w).all() and w.sum() == pytest.approx(1)


def test_scaled_dot_product_scale_and_causal_mask():
    rng = np.random.default_rng(4)
    Q, K, V = (rng.standard_normal((2, 5, 16)) for _ in range(3))
    c, w = att.scaled_dot_product_attention(Q, K, V, causal=True)
    assert np.all(np.triu(w[0], k=1) == 0)  # no query sees a later key
    np.testing.assert_allclose(
        c[:, 0], V[:, 0], atol=1e-14
    )  # the first query sees only the first key
    c_dot, _ = att.dot_product_attention(
        Q, K, V, scale=0.25, mask=np.tril(np.ones((5, 5), bool))[None]
    )
    np.testing.assert_allclose(c, c_dot, atol=1e-14)  # 1/sqrt(16) = 0.25


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda s, h, W, U, v: att.additive_scores(s, h, W.T, U, v),
            "W_a: expected shape",
        ),
        (
            lambda s, h, W, U, v: att.additive_scores(s, h, W, U[:, :-1], v),
            "U_a: expected shape",
        ),
        (
            lambda s, h, W, U, v: att.additive_scores(s, h, W, U, v[:, None]),
            "v_a: expected a vector",
        ),
        (lambda s, h, W, U, v: att.additive_scores(s, h[0], W, U, v), "keys: expected"),
        (
            lambda s, h, W, U, v: att.additive_scores(s[0, 0], h, W, U, v),
            "queries: expected",
        ),
        (lambda s, h, W, U, v: att.additive_scores(s[:2], h, W, U, v), "batch size"),
        (lambda s, h, W, U, v: att.dot_scores(s, h), "width"),
        (lambda s, h, W, U, v: att.dot_scores(h, h, scale="big"), "scale"),
        (
            lambda s, h, W, U, v: att.softmax(
                np.zeros((2, 3)), np.zeros((2, 3), dtype=bool)
            ),
            "at least one True",
        ),
        (
            lambda s, h, W, U, v: att.softmax(np.zeros((2, 3)), np.ones((2, 3))),
            "boolean",
        ),
        (
            lambda s, h, W, U, v: att.softmax(
                np.zeros((2, 3)), np.ones((2, 4), dtype=bool)
            ),
            "broadcasts",
        ),
        (
            lambda s, h, W, U, v: att.attend(np.ones((B, T_X + 1)), h),
            "weights: expected",
        ),
        (
            lambda s, h, W, U, v: att.scaled_dot_product_attention(
                h, h[:, :2], h[:, :2], causal=True
            ),
            "T_q == T_x",
        ),
    ],
)
def test_bad_input_raises_value_error_naming_what_was_expected(call, message):
    with pytest.raises(ValueError, match=message):
        call(*random_problem())


def test_keras_key_mask_of_shape_b_tx_fails_in_keras_3_10_only():
    """Keras 3.10 applies a (B, T_x) key mask to (B, T_q, T_x) scores without adding the middle
    axis, and fails; 3.15 adds it (keras-team/keras#21595). If a Keras in between is installed,
    nothing is asserted; when 3.10 leaves the supported range, this test and the (B, 1, T_x)
    form can go."""
    import keras

    s, h, W_a, U_a, v_a = (a.astype("float32") for a in random_problem(6))
    mask = np.ones((B, T_X), dtype=bool)
    mask[1, 2:] = False
    layer = keras.layers.AdditiveAttention()
    q, k = s @ W_a.T, h @ U_a.T
    version = tuple(int(part) for part in keras.__version__.split(".")[:2])
    if version <= (3, 10):
        with pytest.raises(Exception, match="Incompatible shapes"):
            layer([q, h, k], mask=[None, mask])
    elif version >= (3, 15):
        with_2d = np.asarray(layer([q, h, k], mask=[None, mask]))
        with_3d = np.asarray(layer([q, h, k], mask=[None, mask[:, None, :]]))
        np.testing.assert_array_equal(with_2d, with_3d)


@pytest.mark.slow
def test_keras_additive_attention_is_bahdanau_with_projected_inputs():
    """Keras scores Σ_d scale_d tanh(q_d + k_d): Bahdanau's e_ij with q = W_a s, k = U_a h, scale = v_a."""
    import keras

    s, h, W_a, U_a, v_a = (a.astype("float32") for a in random_problem(5))
    mask = np.ones((B, T_X), dtype=bool)
    mask[0, 3:] = False
    layer = keras.layers.AdditiveAttention()
    q, k = s @ W_a.T, h @ U_a.T
    layer([q, h, k])  # build
    layer.scale.assign(v_a)
    # the key mask as (B, 1, T_x): the shape every supported Keras broadcasts (see below)
    c_keras, w_keras = layer(
        [q, h, k], mask=[None, mask[:, None, :]], return_attention_scores=True
    )
    c, w = att.additive_attention(s, h, W_a, U_a, v_a, mask=mask)
    np.testing.assert_allclose(np.asarray(w_keras), w, atol=1e-6)
    np.testing.assert_allclose(np.asarray(c_keras), c, atol=1e-6)
    # use_scale=False is v_a = ones and W_a = U_a = I on unprojected inputs (key = value).
    plain = keras.layers.AdditiveAttention(use_scale=False)
    c0 = np.asarray(plain([h[:, :T_Q], h]))
    eye = np.eye(D_K, dtype="float32")
    np.testing.assert_allclose(
        c0, att.additive_attention(h[:, :T_Q], h, eye, eye, np.ones(D_K))[0], atol=1e-6
    )


@pytest.mark.slow
def test_keras_attention_is_dot_product_attention():
    import keras

    rng = np.random.default_rng(6)
    q, k, v = (
        rng.standard_normal(shape).astype("float32")
        for shape in ((B, T_Q, 8), (B, T_X, 8), (B, T_X, 3))
    )
    c_keras, w_keras = keras.layers.Attention()([q, v, k], return_attention_scores=True)
    c, w = att.dot_product_attention(q, k, v)
    np.testing.assert_allclose(np.asarray(w_keras), w, atol=1e-6)
    np.testing.assert_allclose(np.asarray(c_keras), c, atol=1e-6)
    scaled = keras.layers.Attention(use_scale=True)
    scaled([q, v, k])
    scaled.scale.assign(
        1 / np.sqrt(8)
    )  # a learned scalar; set to the Transformer's 1/sqrt(d_k)
    np.testing.assert_allclose(
        np.asarray(scaled([q, v, k])),
        att.scaled_dot_product_attention(q, k, v)[0],
        atol=1e-6,
    )
