"""Where the book's per-gate notation meets Keras' stacked, row-vector weights.

Keras computes ``x @ kernel`` with a batch of row vectors, so each Keras matrix is
the transpose of the book's; gated layers stack their gates side by side along
the last axis, in a fixed order. ``u`` = units, ``F`` = features.

=========  ===================  ===============  ===========================================
layer      Keras weight         shape            book parameters (columns, left to right)
=========  ===================  ===============  ===========================================
SimpleRNN  kernel               (F, u)           W.T
           recurrent_kernel     (u, u)           U.T
           bias                 (u,)             b
LSTM       kernel               (F, 4u)          W_ix.T | W_fx.T | W_cx.T | W_ox.T
           recurrent_kernel     (u, 4u)          W_ih.T | W_fh.T | W_ch.T | W_oh.T
           bias                 (4u,)            b_i | b_f | b_c | b_o
GRU        kernel               (F, 3u)          W_zx.T | W_rx.T | W_hx.T
           recurrent_kernel     (u, 3u)          W_zh.T | W_rh.T | W_hh.T
           bias, reset_after    (2, 3u)          row 0: b_zx | b_rx | b_hx (input part);
                                                 row 1: b_zh | b_rh | b_hh (recurrent part)
           bias, not reset_a.   (3u,)            b_zx | b_rx | b_hx
Dense      kernel               (u_in, u_out)    W_y.T
           bias                 (u_out,)         b_y
=========  ===================  ===============  ===========================================

LSTM gate order is i, f, c, o (``unit_forget_bias=True`` puts ones in the b_f
block); GRU gate order is z, r, h. The recurrent activation must be the exact
logistic ``"sigmoid"`` and the activation ``"tanh"`` (a SimpleRNN may also use
``"relu"``); layers must use a bias. ``to_keras_weights`` returns the list in
``layer.get_weights()`` order, which is also the order of ``layer.trainable_weights``.

TensorFlow/Keras is imported inside the functions that need it, so that
``import rnn_utils`` stays NumPy-only.
"""

from __future__ import annotations

import numpy as np

from .params import (
    DENSE_ACTIVATIONS,
    RNN_ACTIVATIONS,
    DenseParams,
    GRUParams,
    LSTMParams,
    RNNParams,
)

_LAYERS = {"SimpleRNN": RNNParams, "LSTM": LSTMParams, "GRU": GRUParams, "Dense": DenseParams}
_GATES = {LSTMParams: "ifco", GRUParams: "zrh"}


def from_keras(layer):
    """Book-notation parameters from a built Keras ``SimpleRNN``, ``LSTM``, ``GRU`` or ``Dense``.

    Only the weights and the activations are read; layer options such as
    ``go_backwards`` or ``dropout`` are not part of the parameters.
    """
    import keras

    kind = next((name for name in _LAYERS if isinstance(layer, getattr(keras.layers, name))), None)
    if kind is None:
        raise ValueError(
            "layer: expected a keras.layers.SimpleRNN, LSTM, GRU or Dense, got "
            f"{type(layer).__name__}"
        )
    if not layer.built:
        raise ValueError(
            f"layer: expected a built {kind} (call it once or use layer.build(shape)), got an "
            "unbuilt one"
        )
    config = layer.get_config()
    if not config.get("use_bias", True):
        raise ValueError(
            "layer: expected use_bias=True (the book's formulas have biases), got use_bias=False "
            f"in {kind}"
        )
    activation = config.get("activation")
    allowed = {"SimpleRNN": RNN_ACTIVATIONS, "Dense": DENSE_ACTIVATIONS}.get(kind, ("tanh",))
    if activation not in allowed:
        raise ValueError(f"layer: expected activation in {allowed} for {kind}, got {activation!r}")
    if kind in ("LSTM", "GRU") and config.get("recurrent_activation") != "sigmoid":
        raise ValueError(
            f"layer: expected recurrent_activation='sigmoid' for {kind}, got "
            f"{config.get('recurrent_activation')!r}"
        )
    weights = [np.array(w) for w in layer.get_weights()]
    if kind == "SimpleRNN":
        kernel, recurrent, bias = weights
        return RNNParams(W=kernel.T, U=recurrent.T, b=bias, activation=activation)
    if kind == "Dense":
        kernel, bias = weights
        return DenseParams(W_y=kernel.T, b_y=bias, activation=activation)
    if kind == "LSTM":
        return _unstack(LSTMParams, *weights)
    return _unstack(GRUParams, *weights, reset_after=bool(config["reset_after"]))


def to_keras_weights(params) -> list[np.ndarray]:
    """The Keras weights of ``params`` in ``layer.get_weights()`` order (inverts from_keras)."""
    if isinstance(params, RNNParams):
        return [params.W.T.copy(), params.U.T.copy(), params.b.copy()]
    if isinstance(params, DenseParams):
        return [params.W_y.T.copy(), params.b_y.copy()]
    if isinstance(params, LSTMParams):
        gates = _GATES[LSTMParams]
        kernel = np.concatenate([getattr(params, f"W_{g}x").T for g in gates], axis=1)
        recurrent = np.concatenate([getattr(params, f"W_{g}h").T for g in gates], axis=1)
        bias = np.concatenate([getattr(params, f"b_{g}") for g in gates])
        return [kernel, recurrent, bias]
    if isinstance(params, GRUParams):
        gates = _GATES[GRUParams]
        kernel = np.concatenate([getattr(params, f"W_{g}x").T for g in gates], axis=1)
        recurrent = np.concatenate([getattr(params, f"W_{g}h").T for g in gates], axis=1)
        bias = np.concatenate([getattr(params, f"b_{g}x") for g in gates])
        if params.reset_after:
            bias = np.stack([bias, np.concatenate([getattr(params, f"b_{g}h") for g in gates])])
        return [kernel, recurrent, bias]
    raise ValueError(
        "params: expected RNNParams, LSTMParams, GRUParams or DenseParams, got "
        f"{type(params).__name__}"
    )


def keras_layer(params, **layer_kwargs):
    """A built Keras layer of the matching kind and size, holding ``params``' weights.

    ``layer_kwargs`` go to the layer (e.g. ``return_sequences=True, return_state=True``);
    the options that decide the maths (units, activations, reset_after, use_bias)
    come from ``params`` and may not be overridden — except a Dense layer's activation,
    which defaults to ``params.activation``.
    """
    import keras

    weights = to_keras_weights(params)  # also rejects unknown params
    fixed = {"units", "activation", "recurrent_activation", "reset_after", "use_bias"}
    if isinstance(params, DenseParams):
        fixed -= {"activation"}
    clash = sorted(fixed & set(layer_kwargs))
    if clash:
        raise ValueError(
            f"layer_kwargs: expected none of {sorted(fixed)} (they come from params), got {clash}"
        )
    if isinstance(params, DenseParams):
        layer = keras.layers.Dense(
            params.units, **{"activation": params.activation, **layer_kwargs}
        )
        layer.build((None, params.features))
    else:
        kwargs = {"activation": "tanh"}
        if isinstance(params, RNNParams):
            cls, kwargs = keras.layers.SimpleRNN, {"activation": params.activation}
        elif isinstance(params, LSTMParams):
            cls, kwargs["recurrent_activation"] = keras.layers.LSTM, "sigmoid"
        else:
            cls, kwargs["recurrent_activation"] = keras.layers.GRU, "sigmoid"
            kwargs["reset_after"] = params.reset_after
        layer = cls(params.units, **kwargs, **layer_kwargs)
        layer.build((None, None, params.features))
    layer.set_weights(weights)
    return layer


def _unstack(cls, kernel, recurrent, bias, **options):
    """Split stacked Keras kernels into the book's per-gate matrices."""
    gates = _GATES[cls]
    n = len(gates)
    units = recurrent.shape[0]
    if kernel.shape[1] != n * units or recurrent.shape != (units, n * units):
        raise ValueError(
            f"{cls.__name__}: expected kernel (features, {n * units}) and recurrent_kernel "
            f"({units}, {n * units}), "
            f"got {kernel.shape} and {recurrent.shape}"
        )

    def block(a, k):  # the k-th gate's columns
        return a[..., k * units : (k + 1) * units]

    arrays = {}
    for k, g in enumerate(gates):
        arrays[f"W_{g}x"] = block(kernel, k).T.copy()
        arrays[f"W_{g}h"] = block(recurrent, k).T.copy()
    if cls is LSTMParams:
        arrays |= {f"b_{g}": block(bias, k).copy() for k, g in enumerate(gates)}
    else:
        input_bias = bias[0] if options["reset_after"] else bias
        arrays |= {f"b_{g}x": block(input_bias, k).copy() for k, g in enumerate(gates)}
        if options["reset_after"]:
            arrays |= {f"b_{g}h": block(bias[1], k).copy() for k, g in enumerate(gates)}
    return cls(**arrays, **options)
