"""The one loop that runs any cell over a sequence, and the validation of its inputs.

``forward(params, x)`` is what ``keras.layers.SimpleRNN/LSTM/GRU(...,
return_sequences=True, return_state=True)`` computes: every output and the
final state. The state of a simple RNN or GRU is h; an LSTM's is the pair (h, c).

Keras' layer options are reproduced:

* ``go_backwards`` (held by the parameters): the layer reads the sequence from its
  last step to its first, and its outputs come in that order (Keras does not flip
  them back; ``keras.layers.Bidirectional`` does).
* ``mask`` (B, T), True where a step is real and False where it is padding: a masked
  step leaves the state as it was and repeats the previous output (zeros before the
  first real step), or outputs zeros if the parameters have ``zero_output_for_mask``.
  With ``go_backwards`` the mask is read backwards too.

Every public function validates and converts its inputs once (``prepare``); the
loop itself (``unroll``) sees one form only: x and the mask in the order the layer
reads them, and the state as a tuple ``(h,)`` or ``(h, c)``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .cells import Cell, cell_for


class Prepared(NamedTuple):
    """Validated inputs of the loop, in the order the layer reads them."""

    params: object
    cell: Cell
    x: np.ndarray  # (B, T, m), reversed in time if params.go_backwards
    state: tuple  # (h,) or (h, c), each (B, n)
    mask: np.ndarray | None  # (B, T) bool, reversed like x; None: no step is masked


class Unrolled(NamedTuple):
    """What the loop computed."""

    outputs: np.ndarray  # (B, T, n), in the order the layer read the steps
    final_state: tuple  # (h_T,) or (h_T, c_T)
    caches: list  # one named tuple per step (empty unless kept)
    output_mask: (
        np.ndarray | None
    )  # (T, B) bool: outputs[:, t] is h of the state at step t, else zero


def forward(params, x, initial_state=None, *, mask=None):
    """Run the layer over a batch of sequences.

    Parameters
    ----------
    params : RNNParams | LSTMParams | GRUParams
        The layer; its ``go_backwards`` and ``zero_output_for_mask`` options are obeyed.
    x : array (B, T, m)
        Converted to the parameters' dtype (as Keras does).
    initial_state : array or tuple, optional
        h0 (B, n), or (h0, c0) for an LSTM; Keras' list forms [h0] and [h0, c0] too.
        Zeros if None.
    mask : array (B, T), optional
        True (or 1) where a step is real, False (or 0) where it is padding, as Keras' masks.

    Returns
    -------
    outputs : array (B, T, n)
        The outputs h_1 … h_T (in reading order: reversed if ``go_backwards``). With a
        mask, a masked step repeats the previous output, or gives zeros.
    final_state : array or tuple
        h_T (B, n), or (h_T, c_T) for an LSTM: the state after the last real step.
    """
    run = unroll(prepare(params, x, initial_state, mask), keep_caches=False)
    return run.outputs, cell_for(params).public(run.final_state)


def prepare(params, x, initial_state=None, mask=None) -> Prepared:
    """Validate and convert the inputs of a public function, once; ValueError naming what is wrong."""
    cell = cell_for(params)
    x = np.asarray(x)
    if x.ndim != 3:
        raise ValueError(
            f"x: expected a 3-D array (batch, time, features), got shape {x.shape}"
        )
    if x.shape[2] != params.features:
        raise ValueError(
            f"x: expected {params.features} features (the input weights are {params.features} wide), "
            f"got shape {x.shape}"
        )
    if x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError(
            f"x: expected at least one sequence and one time step, got shape {x.shape}"
        )
    if not np.issubdtype(x.dtype, np.number) or np.issubdtype(
        x.dtype, np.complexfloating
    ):
        raise ValueError(f"x: expected real numbers, got dtype {x.dtype}")
    batch, time, _ = x.shape
    state = cell.state(params, initial_state, batch)
    if mask is not None:
        mask = _check_mask(mask, (batch, time))
    x = x.astype(params.dtype, copy=False)
    return Prepared(
        params=params,
        cell=cell,
        x=in_reading_order(params, x),
        state=state,
        mask=in_reading_order(params, mask),
    )


def in_reading_order(params, a):
    """a (B, T, ...) in the order the layer reads the steps: reversed in time if ``go_backwards``.

    Reversing twice is the identity, so the same call brings a gradient back into input order.
    """
    return a[:, ::-1] if a is not None and params.go_backwards else a


def unroll(seq: Prepared, keep_caches=True) -> Unrolled:
    """The loop: every step of ``seq``, keeping each step's cache if asked (for BPTT, the Jacobians)."""
    params, cell, x, state, mask = seq.params, seq.cell, seq.x, seq.state, seq.mask
    batch, time, _ = x.shape
    # Time-major inside the loop, so that each step's slice is one contiguous block.
    a_x = cell.x_preactivations(
        params, x.swapaxes(0, 1)
    )  # x W^T + b for every step in one product
    mask = (
        None if mask is None else np.ascontiguousarray(mask.T)[..., None]
    )  # (T, B, 1)
    outputs = np.empty((time, batch, params.units), dtype=params.dtype)
    caches = []
    for t in range(time):
        new, cache = cell.step_forward(params, tuple(a[t] for a in a_x), state)
        if mask is not None:  # a masked step keeps the state it had
            new = tuple(
                np.where(mask[t], s_new, s) for s_new, s in zip(new, state, strict=True)
            )
        state = new
        outputs[t] = state[0]
        if keep_caches:
            caches.append(cache)
    output_mask = None
    if mask is not None:
        # Keras repeats the previous output at a masked step, zeros before the first real one:
        # the output is h of the carried state once any step was real (or zero at every masked step).
        output_mask = (
            mask
            if params.zero_output_for_mask
            else np.logical_or.accumulate(mask, axis=0)
        )
        outputs = np.where(output_mask, outputs, np.zeros((), dtype=params.dtype))
        output_mask = output_mask[..., 0]
    return Unrolled(
        outputs=np.ascontiguousarray(outputs.swapaxes(0, 1)),
        final_state=state,
        caches=caches,
        output_mask=output_mask,
    )


def _check_mask(mask, shape):
    mask = np.asarray(mask)
    if mask.shape != shape:
        raise ValueError(
            f"mask: expected shape {shape} = (batch, time), got {mask.shape}"
        )
    if mask.dtype != np.bool_:
        if not np.issubdtype(mask.dtype, np.number) or not np.isin(mask, (0, 1)).all():
            raise ValueError(
                f"mask: expected booleans (or 0 and 1), got dtype {mask.dtype} with other values"
            )
        mask = mask.astype(bool)
    return mask
