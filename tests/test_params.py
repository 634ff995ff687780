"""Parameter dataclasses: the declaration of each kind, shapes, helpers, initialisers."""

import dataclasses

import numpy as np
import pytest
from helpers import VARIANTS, make_params

import rnn_utils as ru
from rnn_utils.params import KINDS, init_params


@pytest.mark.parametrize("variant", VARIANTS)
def test_sizes_kind_and_named_arrays(variant):
    p = make_params(variant, features=3, units=5)
    assert (p.features, p.units) == (3, 5)
    assert p.kind == VARIANTS[variant]["kind"]
    arrays = p.named_arrays()
    assert all(a.dtype == np.float32 for a in arrays.values())
    blocks = len(p.INPUTS)  # gates side by side in Keras' weights (1 without gates)
    assert (
        blocks
        == {"simple_rnn": 1, "lstm": 4, "gru": 3}.get(p.kind, blocks)
        == len(p.RECURRENT)
    )
    extra = len(p.bias_names()) - blocks  # a reset_after GRU has a second bias per gate
    assert extra == (3 if VARIANTS[variant] == {"kind": "gru"} else 0)
    assert p.count_params() == blocks * (3 * 5 + 5 * 5 + 5) + extra * 5
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
    assert (
        ru.init_lstm(2, 3).replace(go_backwards=True).zeros_like().go_backwards
    )  # gradients keep them


def test_each_kind_is_declared_once():
    """The class is the declaration: gate order, weight layout, Keras class, activations."""
    assert KINDS == {
        "simple_rnn": ru.RNNParams,
        "lstm": ru.LSTMParams,
        "gru": ru.GRUParams,
        "dense": ru.DenseParams,
    }
    assert (ru.LSTMParams.GATES, ru.GRUParams.GATES, ru.RNNParams.GATES) == (
        "ifco",
        "zrh",
        "",
    )
    assert ru.LSTMParams.INPUTS == ("W_ix", "W_fx", "W_cx", "W_ox")
    assert ru.LSTMParams.RECURRENT == ("W_ih", "W_fh", "W_ch", "W_oh")
    assert ru.GRUParams.BIASES == ("b_zx", "b_rx", "b_hx", "b_zh", "b_rh", "b_hh")
    for kind, cls in KINDS.items():
        assert cls.kind == kind
        fields = {f.name: f for f in dataclasses.fields(cls)}
        arrays = [name for name in fields if name not in (*cls.CHOICES, *cls.FLAGS)]
        assert sorted(arrays) == sorted(cls.INPUTS + cls.RECURRENT + cls.BIASES), cls
        for name, allowed in cls.CHOICES.items():
            assert (
                fields[name].default == allowed[0]
            )  # the first allowed value is the default
        if "activation" in cls.CHOICES:
            assert cls.CHOICES["activation"] == cls.ACTIVATIONS
        assert all(name in cls.BIASES for name in cls.BIAS_SHIFTS)


def test_bias_names_follow_the_options():
    assert ru.init_gru(2, 3).bias_names() == ru.GRUParams.BIASES
    assert ru.init_gru(2, 3, reset_after=False).bias_names() == ("b_zx", "b_rx", "b_hx")
    assert ru.GRUParams.biases_for(reset_after=False) == ("b_zx", "b_rx", "b_hx")
    assert ru.init_lstm(2, 3).bias_names() == ("b_i", "b_f", "b_c", "b_o")
    assert ru.init_rnn(2, 3, activation="relu").options() == {
        "activation": "relu",
        "go_backwards": False,
        "zero_output_for_mask": False,
    }


@pytest.mark.parametrize("kind", KINDS)
def test_init_params_draws_any_kind(kind):
    """One initialiser for every kind; init_rnn, init_lstm and init_gru are its forms."""
    p = init_params(kind, 3, 4, seed=2, bias_scale=0.5, dtype=np.float64)
    assert type(p) is KINDS[kind] and (p.features, p.units, p.dtype) == (
        3,
        4,
        np.float64,
    )
    assert all(a.any() for a in p.named_arrays().values())
    same = {"simple_rnn": ru.init_rnn, "lstm": ru.init_lstm, "gru": ru.init_gru}.get(
        kind
    )
    if same is not None:
        q = same(3, 4, seed=2, bias_scale=0.5, dtype=np.float64)
        assert list(p.named_arrays()) == list(q.named_arrays())
        assert all(np.array_equal(a, getattr(q, name)) for name, a in p)
    with pytest.raises(
        ValueError,
        match=r"kind: expected one of \('simple_rnn', 'lstm', 'gru', 'dense'\)",
    ):
        init_params("elman", 3, 4)


def test_init_params_shifts_the_declared_biases():
    p = init_params(ru.LSTMParams, 2, 3, bias_scale=0.0)
    np.testing.assert_array_equal(
        p.b_f, 1.0
    )  # LSTMParams.BIAS_SHIFTS: Keras' unit forget bias
    np.testing.assert_array_equal(
        init_params(ru.LSTMParams, 2, 3, bias_shifts={}).b_f, 0.0
    )
    np.testing.assert_array_equal(ru.init_lstm(2, 3, forget_bias=2.5).b_f, 2.5)
    gru = init_params("gru", 2, 3, reset_after=False)
    assert gru.b_hh is None and not gru.reset_after
