"""Where the book's per-gate notation meets Keras' stacked, row-vector weights.

Keras computes ``x @ kernel`` with a batch of row vectors, so each Keras matrix is
the transpose of the book's; gated layers stack their gates side by side along
the last axis, in a fixed order. ``n`` = units, ``m`` = features.

=========  ===================  ===============  ===========================================
layer      Keras weight         shape            book parameters (columns, left to right)
=========  ===================  ===============  ===========================================
SimpleRNN  kernel               (m, n)           W.T
           recurrent_kernel     (n, n)           U.T
           bias                 (n,)             b
LSTM       kernel               (m, 4n)          W_ix.T | W_fx.T | W_cx.T | W_ox.T
           recurrent_kernel     (n, 4n)          W_ih.T | W_fh.T | W_ch.T | W_oh.T
           bias                 (4n,)            b_i | b_f | b_c | b_o
GRU        kernel               (m, 3n)          W_zx.T | W_rx.T | W_hx.T
           recurrent_kernel     (n, 3n)          W_zh.T | W_rh.T | W_hh.T
           bias, reset_after    (2, 3n)          row 0: b_zx | b_rx | b_hx (input part);
                                                 row 1: b_zh | b_rh | b_hh (recurrent part)
           bias, not reset_a.   (3n,)            b_zx | b_rx | b_hx
Dense      kernel               (n, k)           W_y.T
           bias                 (k,)             b_y
=========  ===================  ===============  ===========================================

LSTM gate order is i, f, c, o (``unit_forget_bias=True`` puts ones in the b_f
block); GRU gate order is z, r, h. ``to_keras_weights`` returns the list in
``layer.get_weights()`` order, which is also the order of ``layer.trainable_weights``.

Every Keras option is either reproduced or refused (see ``from_keras``).

TensorFlow/Keras is imported inside the functions that need it, so that
``import rnn_utils`` stays NumPy-only.
"""

from __future__ import annotations

import numpy as np

from .cells import CELLS
from .checks import listed, positive_int
from .params import KINDS, DenseParams

# Nothing below is written per kind: the layout, the Keras class and its activations are read
# from each parameter class's declaration (GATES, INPUTS, RECURRENT, BIASES, KERAS_CLASS,
# ACTIVATIONS, RECURRENT_ACTIVATIONS, CHOICES, FLAGS in params.py).


_FLOAT_DTYPES = ("float32", "float64")
# Layer arguments that decide the maths, so they come from the parameters, never from layer_kwargs.
_FROM_PARAMS = {"units", "activation", "recurrent_activation"} | {
    f for cls in KINDS.values() for f in cls.FLAGS
}
_RECURRENT_LAYERS = listed([cls.KERAS_CLASS for cls in CELLS], "and")
# What to do with a wrapper instead of converting it.
_WRAPPERS = {
    "Bidirectional": "convert its two layers: from_keras(layer.forward_layer) and from_keras(layer.backward_layer) "
    "(go_backwards=True); Keras flips the backward outputs back in time and merges them with merge_mode",
    "TimeDistributed": "convert the layer it wraps, from_keras(layer.layer), and apply it to every step",
    "RNN": f"rnn_utils converts {_RECURRENT_LAYERS} layers only; build the matching layer "
    "(e.g. keras.layers.LSTM(units)) and copy the weights with set_weights",
    "Model": "convert its layers one at a time: [from_keras(l) for l in model.layers]",
}


def from_keras(layer, *, return_state=False):
    """Book-notation parameters from a built Keras ``SimpleRNN``, ``LSTM``, ``GRU`` or ``Dense``.

    The weights, the activations and the options ``reset_after``, ``go_backwards``
    and ``zero_output_for_mask`` are read; ``use_bias=False`` gives zero biases.
    Options a layer may have that change its numbers but that rnn_utils does not
    reproduce raise ValueError (see Notes).

    Parameters
    ----------
    layer : keras.layers.Layer
        A built SimpleRNN, LSTM, GRU or Dense layer.
    return_state : bool
        Also return the state the layer's next call starts from: for a ``stateful=True``
        layer, the state it carries (h, or (h, c) for an LSTM, each (B, n)); None otherwise
        (its calls start from zeros). A stateful layer is refused without it.

    Returns
    -------
    params : RNNParams | LSTMParams | GRUParams | DenseParams
    state : array or tuple or None
        Only if ``return_state``; pass it as ``forward(params, x, initial_state=state)``.

    Notes
    -----
    Every Keras option is either reproduced or refused with a ValueError that says
    what to do instead:

    * reproduced: ``go_backwards`` and ``zero_output_for_mask`` (held by the parameters),
      ``use_bias=False`` (zero biases), the carried state of a ``stateful`` layer
      (``return_state=True``), the dtypes float32 and float64;
    * not about the numbers a call returns, so accepted: ``return_sequences``,
      ``return_state``, ``implementation``, ``use_cudnn``, initializers,
      regularizers and constraints; ``dropout`` and ``recurrent_dropout``, which Keras
      applies only when called with ``training=True`` (rnn_utils computes the inference pass);
      ``unroll``, except in the one combination below;
    * refused: activations other than tanh (and relu for SimpleRNN; the Dense
      activations), recurrent activations other than the exact logistic ``"sigmoid"``,
      mixed-precision, float16, bfloat16 and quantized dtype policies, LoRA, and
      wrappers (``Bidirectional``, ``TimeDistributed``, ``RNN(cell)``, models);
    * refused, because Keras computes it wrongly: ``unroll=True`` together with
      ``go_backwards=True`` and ``zero_output_for_mask=True``. Called with a mask, Keras'
      unrolled loop (Keras 3.10 and 3.15 alike) zeroes the outputs with the mask in time
      order while the outputs are in reversed order, so it zeroes the wrong steps; its
      non-unrolled loop reverses the mask first, and rnn_utils computes what that loop
      computes. Without a mask the two loops agree, but a parameter set cannot know how it
      will be called. ``tests/test_keras_bridge.py`` pins Keras' behaviour, so a Keras
      release that fixes it makes that test fail.
    """
    import keras

    cls = _kind(layer, keras)
    kind = cls.KERAS_CLASS
    if not layer.built:
        raise ValueError(
            f"layer: expected a built {kind} (call it once or use layer.build(shape)), got an unbuilt one"
        )
    _check_policy(layer.dtype_policy, kind)
    if getattr(layer, "lora_enabled", False):
        raise ValueError(
            f"layer: {kind} with LoRA enabled is not supported; call layer.disable_lora() first"
        )
    activation = _activation_name(layer.activation, keras)
    if activation not in cls.ACTIVATIONS:
        raise ValueError(
            f"layer: {kind}(activation={activation!r}) is not supported: expected activation in "
            f"{cls.ACTIVATIONS} for {kind}; build the layer with one of them"
        )
    options = {"activation": activation} if "activation" in cls.CHOICES else {}
    if cls.RECURRENT_ACTIVATIONS:
        recurrent_activation = _activation_name(layer.recurrent_activation, keras)
        if recurrent_activation not in cls.RECURRENT_ACTIVATIONS:
            allowed = " or ".join(
                f"recurrent_activation={name!r}" for name in cls.RECURRENT_ACTIVATIONS
            )
            raise ValueError(
                f"layer: {kind}(recurrent_activation={recurrent_activation!r}) is not supported: expected "
                f"{allowed} for {kind} (the exact logistic function); build the layer with it"
            )
    options |= {name: bool(getattr(layer, name)) for name in cls.FLAGS}
    if (
        cls.RECURRENT
        and layer.unroll
        and options["go_backwards"]
        and options["zero_output_for_mask"]
    ):
        raise ValueError(
            f"layer: {kind}(unroll=True, go_backwards=True, zero_output_for_mask=True) is not supported: "
            "with a mask, Keras' unrolled loop zeroes the wrong steps (it applies the mask in time order "
            "to outputs in reversed order); expected unroll=False, which gives the numbers rnn_utils "
            "reproduces; build the layer with unroll=False"
        )
    stateful = bool(cls.RECURRENT) and layer.stateful
    if stateful and not return_state:
        raise ValueError(
            f"layer: {kind}(stateful=True) starts its next call from the state it carries, which parameters "
            "cannot hold; use params, state = from_keras(layer, return_state=True) and "
            "forward(params, x, initial_state=state)"
        )
    params = from_keras_weights(
        cls, [np.array(w) for w in layer.get_weights()], **options
    )
    if not return_state:
        return params
    state = None
    if stateful:
        state = CELLS[type(params)].public(
            tuple(np.array(v.numpy()) for v in layer.states)
        )
    return params, state


def to_keras_weights(params, *, use_bias=True) -> list[np.ndarray]:
    """The Keras weights of ``params`` in ``layer.get_weights()`` order (inverts ``from_keras_weights``).

    ``use_bias=False`` leaves the bias out, for a layer built with ``use_bias=False``.
    """
    if type(params) not in KINDS.values():
        raise ValueError(
            f"params: expected {listed([cls.__name__ for cls in KINDS.values()])}, got {type(params).__name__}"
        )
    kernel, recurrent, bias = _stack(params)
    return (
        [kernel]
        + ([] if recurrent is None else [recurrent])
        + ([bias] if use_bias else [])
    )


def from_keras_weights(cls, weights, **options):
    """Parameters of kind ``cls`` from Keras weights in ``layer.get_weights()`` order.

    The inverse of ``to_keras_weights``: ``weights`` is [kernel, recurrent_kernel, bias]
    ([kernel, bias] for Dense); without the bias (a layer built with ``use_bias=False``)
    the biases are zeros. ``options`` are the kind's options (``activation``,
    ``reset_after``, ``go_backwards``, ...). ValueError names the shapes expected and given.
    """
    if cls not in KINDS.values():
        raise ValueError(
            f"cls: expected {listed([k.__name__ for k in KINDS.values()])}, got {cls!r}"
        )
    names = ["kernel"] + (["recurrent"] if cls.RECURRENT else [])
    weights = list(weights)
    if len(weights) not in (len(names), len(names) + 1):
        raise ValueError(
            f"weights: expected {' and '.join(names)} and bias (unless use_bias=False), "
            f"got {len(weights)} arrays"
        )
    arrays = dict(zip([*names, "bias"], map(np.asarray, weights), strict=False))
    return _unstack(cls, **arrays, **options)


def keras_layer(params, *, batch_size=None, **layer_kwargs):
    """A built Keras layer of the matching kind and size, holding ``params``' weights.

    Parameters
    ----------
    params : RNNParams | LSTMParams | GRUParams | DenseParams
        The weights and the options that decide the maths (units, activations,
        ``reset_after``, ``go_backwards``, ``zero_output_for_mask``), which ``layer_kwargs``
        may not override (except a Dense layer's activation, which defaults to
        ``params.activation``).
    batch_size : int, optional
        Build for this fixed batch size; needed for ``stateful=True``, which Keras builds for
        one batch size only.
    **layer_kwargs
        Passed to the layer, e.g. ``return_sequences=True, return_state=True``,
        ``stateful=True``; ``use_bias=False`` if every bias is zero; ``dtype`` (float32 or
        float64; the parameters' dtype by default).
    """
    import keras

    weights = to_keras_weights(params)  # also rejects unknown params
    cls = type(params)
    # Only a Dense layer's activation may be overridden (it defaults to params.activation).
    fixed = _FROM_PARAMS - ({"activation"} if cls is DenseParams else set())
    kwargs = {"activation": cls.ACTIVATIONS[0]} | params.options()
    if cls.RECURRENT_ACTIVATIONS:
        kwargs["recurrent_activation"] = cls.RECURRENT_ACTIVATIONS[0]
    clash = sorted(fixed & set(layer_kwargs))
    if clash:
        raise ValueError(
            f"layer_kwargs: expected none of {sorted(fixed)} (they come from params), got {clash}"
        )
    if not layer_kwargs.get("use_bias", True):
        nonzero = [
            name for name in params.bias_names() if np.any(getattr(params, name))
        ]
        if nonzero:
            raise ValueError(
                f"use_bias=False: expected zero biases, got non-zero {nonzero}"
            )
        weights = to_keras_weights(params, use_bias=False)
    if layer_kwargs.get("stateful") and batch_size is None:
        raise ValueError(
            "batch_size: expected the batch size for stateful=True (Keras builds a stateful layer for one fixed "
            "batch size), got None"
        )
    if batch_size is not None:
        batch_size = positive_int(batch_size, "batch_size")
    kwargs |= {"dtype": str(params.dtype)} | layer_kwargs
    layer = getattr(keras.layers, cls.KERAS_CLASS)(params.units, **kwargs)
    _check_policy(layer.dtype_policy, cls.KERAS_CLASS)
    shape = (
        (batch_size, None, params.features)
        if cls.RECURRENT
        else (batch_size, params.features)
    )
    layer.build(shape)
    layer.set_weights(weights)
    return layer


def _kind(layer, keras):
    """The parameter class of a layer (by its ``KERAS_CLASS``); ValueError saying what to do with anything else."""
    cls = next(
        (
            cls
            for cls in KINDS.values()
            if isinstance(layer, getattr(keras.layers, cls.KERAS_CLASS))
        ),
        None,
    )
    if cls is not None:
        return cls
    wrapper = next(
        (
            name
            for name in _WRAPPERS
            if isinstance(layer, getattr(keras.layers, name, None) or keras.Model)
        ),
        None,
    )
    advice = f"; {_WRAPPERS[wrapper]}" if wrapper else ""
    got = type(layer).__name__
    expected = listed([cls.KERAS_CLASS for cls in KINDS.values()])
    raise ValueError(f"layer: expected a keras.layers.{expected}, got {got}{advice}")


def _check_policy(policy, kind):
    """Refuse a dtype policy whose numbers rnn_utils would not reproduce."""
    if policy.quantization_mode is not None:
        raise ValueError(
            f"layer: {kind} with the quantized dtype policy {policy.name!r} is not supported; use a float32 or "
            "float64 layer"
        )
    if (
        policy.compute_dtype != policy.variable_dtype
        or policy.compute_dtype not in _FLOAT_DTYPES
    ):
        raise ValueError(
            f"layer: {kind} with dtype policy {policy.name!r} (computes in {policy.compute_dtype}, weights in "
            f"{policy.variable_dtype}) is not supported: rnn_utils computes in the weights' dtype, float32 or "
            f"float64; build the layer with dtype='float32' (or 'float64') and copy the weights with set_weights"
        )


def _activation_name(fn, keras):
    """The name of a Keras activation function ("tanh"), or "custom module.name" for any other callable."""
    name = getattr(fn, "__name__", None)
    if name and getattr(keras.activations, name, None) is fn:
        return name
    return f"custom {getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', type(fn).__name__)}"


def _stack(params):
    """(kernel, recurrent_kernel or None, bias) of ``params``, Keras' layout: the inverse of ``_unstack``."""
    kernel = np.concatenate([getattr(params, name) for name in params.INPUTS]).T
    recurrent = (
        np.concatenate([getattr(params, name) for name in params.RECURRENT]).T
        if params.RECURRENT
        else None
    )
    biases = np.concatenate([getattr(params, name) for name in params.bias_names()])
    bias = biases.reshape(
        -1, kernel.shape[1]
    )  # a row per bias row: two for a reset_after GRU
    return kernel, recurrent, bias[0] if len(bias) == 1 else bias


def _unstack(cls, kernel, recurrent=None, bias=None, **options):
    """Split Keras' stacked weights into the book's per-gate arrays: the inverse of ``_stack``.

    ``bias=None`` (a layer with ``use_bias=False``) gives zero biases. Dense has no ``recurrent``.
    """
    gates = len(cls.INPUTS)
    units = recurrent.shape[0] if cls.RECURRENT else kernel.shape[1]
    width = gates * units
    rows = (
        len(cls.biases_for(**options)) // gates
    )  # Keras' bias rows: two for a reset_after GRU
    bias_shape = (rows, width) if rows > 1 else (width,)
    expected = [("kernel", (kernel.shape[0], width), kernel)]
    if cls.RECURRENT:
        expected.append(("recurrent_kernel", (units, width), recurrent))
    if bias is not None:
        expected.append(("bias", bias_shape, bias))
    if any(a.shape != shape for _, shape, a in expected):
        wanted = " and ".join(f"{name} {shape}" for name, shape, _ in expected)
        got = " and ".join(str(a.shape) for *_, a in expected)
        raise ValueError(
            f"{cls.__name__}: expected {wanted} (features={kernel.shape[0]}), got {got}"
        )
    if bias is None:
        bias = np.zeros(bias_shape, dtype=kernel.dtype)
    arrays = dict(
        zip(cls.INPUTS, kernel.T.reshape(gates, units, -1).copy(), strict=True)
    )
    if cls.RECURRENT:
        arrays |= dict(
            zip(
                cls.RECURRENT,
                recurrent.T.reshape(gates, units, units).copy(),
                strict=True,
            )
        )
    bias_rows = np.reshape(
        bias, (-1, units)
    ).copy()  # Keras' bias rows, one gate after the other
    arrays |= dict(zip(cls.biases_for(**options), bias_rows, strict=True))
    return cls(**arrays, **options)
