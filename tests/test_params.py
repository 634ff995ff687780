"""Parameter dataclasses: shapes, helpers, initialisers."""

import numpy as np
import pytest
from helpers import VARIANTS, make_params

import rnn_utils as ru


@pytest.mark.parametrize("variant", VARIANTS)
def test_sizes_kind_and_named_arrays(variant):
    p = make_params(variant, features=3, units=5)
    assert (p.features, p.units) == (3, 5)
    assert p.kind == VARIANTS[variant]["kind"]
    arrays = p.named_arrays()
    assert all(a.dtype == np.float32 for a in arrays.values())
    gate_count = {"simple_rnn": 1, "lstm": 4, "gru": 3}[p.kind]
    biases = 3 if variant == "gru" else 0  # reset_after=True has a second bias per gate
    assert p.count_params() == gate_count * (3 * 5 + 5 * 5 + 5) + biases * 5
    assert list(p.zeros_like().named_arrays()) == list(arrays)
    assert [name for name, _ in p] == list(arrays)
    assert all(not a.any() for a in p.zeros_like().named_arrays().values())
    q = p.astype(np.float64)
    assert q.dtype == np.float64 and type(q) is type(p)
    assert all(
        np.array_equal(a, b)
        for a, b in zip(q.named_arrays().values(), arrays.values(), strict=True)
    )
    assert f"units={p.units}" in repr(p)


def test_lstm_names_follow_the_source_article():
    p = ru.init_lstm(2, 3)
    assert list(p.named_arrays()) == [
        "W_ix",
        "W_ih",
        "b_i",
        "W_fx",
        "W_fh",
        "b_f",
        "W_cx",
        "W_ch",
        "b_c",
        "W_ox",
        "W_oh",
        "b_o",
    ]
    np.testing.assert_array_equal(p.b_f, 1.0)  # unit forget bias
    np.testing.assert_array_equal(p.b_i, 0.0)


def test_gru_reset_before_has_no_recurrent_biases():
    p = ru.init_gru(2, 3, reset_after=False)
    assert p.b_zh is None and p.b_rh is None and p.b_hh is None
    assert "b_hh" not in p.named_arrays()
    assert "b_hh" in ru.init_gru(2, 3).named_arrays()


def test_recurrent_initialisers():
    orth = ru.init_rnn(3, 16, recurrent="orthogonal", scale=0.9, dtype=np.float64)
    np.testing.assert_allclose(ru.singular_values(orth.U), 0.9, rtol=1e-12)
    ident = ru.init_rnn(3, 4, recurrent="identity", activation="relu")
    np.testing.assert_array_equal(ident.U, np.eye(4))
    normal = ru.init_rnn(3, 400, scale=0.5, dtype=np.float64)
    # Circular law: the eigenvalues of N(0, s²/n) fill the disc of radius s (n = 400: a few %).
    assert abs(ru.spectral_radius(normal.U) - 0.5) < 0.05
    assert np.array_equal(ru.init_rnn(3, 4, seed=7).U, ru.init_rnn(3, 4, seed=7).U)
    assert not np.array_equal(ru.init_rnn(3, 4, seed=7).U, ru.init_rnn(3, 4, seed=8).U)


def test_constructor_converts_lists_and_ints():
    p = ru.RNNParams(W=[[1, 2]], U=[[0.5]], b=[0])
    assert p.dtype == np.float64 and p.W.shape == (1, 2)


def test_replace_and_map_revalidate():
    p = ru.init_rnn(2, 3)
    with pytest.raises(ValueError, match=r"RNNParams.U: expected shape \(3, 3\)"):
        p.replace(U=np.zeros((3, 2)))
    assert p.map(lambda a: 2 * a).W[0, 0] == 2 * p.W[0, 0]


def test_one_constructor_per_cell_type():
    """init_rnn, init_lstm and init_gru draw the parameters; the classes hold and check them."""
    for cls in (ru.RNNParams, ru.LSTMParams, ru.GRUParams, ru.DenseParams):
        assert not hasattr(cls, "random")
    assert isinstance(ru.init_gru(2, 3, reset_after=False), ru.GRUParams)


def test_layer_options_are_keyword_only_flags():
    p = ru.init_rnn(2, 3)
    assert (p.go_backwards, p.zero_output_for_mask) == (False, False)
    q = p.replace(go_backwards=np.bool_(True))
    assert q.go_backwards is True and "go_backwards=True" in repr(q)
    with pytest.raises(TypeError):
        ru.RNNParams(p.W, p.U, p.b, "tanh", True)  # the options are keyword-only
    gru = ru.GRUParams(**ru.init_gru(2, 3).named_arrays(), zero_output_for_mask=True)
    assert gru.reset_after and gru.zero_output_for_mask
    assert ru.init_lstm(2, 3).replace(go_backwards=True).zeros_like().go_backwards  # gradients keep them
