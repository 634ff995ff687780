"""Parameters of the recurrent layers, in the book's column-vector notation.

The book writes one example as a column vector: h_t = tanh(W x_t + U h_{t-1} + b),
so a weight matrix has shape (outputs, inputs): W is (units, features) and U is
(units, units). The code works on a batch of row vectors, x_t of shape
(batch, features), and uses the same matrices transposed: ``x_t @ W.T``.
Keras stores the transposes (``x @ kernel``); ``keras_bridge`` converts.

Every class here is a plain dataclass of NumPy arrays plus a few helpers shared
through ``_Params``: ``named_arrays()`` (the arrays in a fixed order, for
gradient checks and for building a gradient of the same type), ``replace``,
``map``, ``astype``, ``zeros_like`` and ``count_params``. Shapes are checked
when an object is made; a mismatch raises ValueError naming the expected and
the actual shape.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

RNN_ACTIVATIONS = ("tanh", "relu")
DENSE_ACTIVATIONS = ("linear", "sigmoid", "tanh", "relu", "softmax")
RECURRENT_INITS = ("normal", "orthogonal", "identity")


class _Params:
    """Behaviour shared by the parameter dataclasses (not part of the public API)."""

    kind: ClassVar[str]
    _recurrent: ClassVar[tuple[str, ...]] = ()  # (units, units) matrices
    _inputs: ClassVar[tuple[str, ...]] = ()  # (units, features) matrices
    _biases: ClassVar[tuple[str, ...]] = ()  # (units,) vectors

    def names(self) -> tuple[str, ...]:
        """Names of the arrays this object holds, in dataclass field order."""
        return tuple(
            f.name
            for f in dataclasses.fields(self)
            if isinstance(getattr(self, f.name), np.ndarray)
        )

    def named_arrays(self) -> dict[str, np.ndarray]:
        """The arrays by name, in a fixed order (the same for a gradient of this object)."""
        return {name: getattr(self, name) for name in self.names()}

    def __iter__(self):
        """Iterate over (name, array) pairs: ``for name, a in params: ...``."""
        return iter(self.named_arrays().items())

    def replace(self, **arrays) -> _Params:
        """A copy with some arrays (or options) replaced; the result is validated."""
        return dataclasses.replace(self, **arrays)

    def map(self, fn) -> _Params:
        """A copy with ``fn`` applied to every array."""
        return self.replace(**{name: fn(a) for name, a in self.named_arrays().items()})

    def astype(self, dtype) -> _Params:
        """A copy with every array converted to ``dtype`` (e.g. float64 for gradient checks)."""
        return self.map(lambda a: a.astype(dtype))

    def zeros_like(self) -> _Params:
        """An object of the same type and shapes, all zeros (a gradient accumulator)."""
        return self.map(np.zeros_like)

    def count_params(self) -> int:
        """Number of scalars, as Keras' ``count_params()`` reports it."""
        return sum(a.size for a in self.named_arrays().values())

    @property
    def dtype(self) -> np.dtype:
        return next(iter(self.named_arrays().values())).dtype

    @property
    def units(self) -> int:
        return getattr(self, self._biases[0]).shape[0]

    @property
    def features(self) -> int:
        return getattr(self, self._inputs[0]).shape[1]

    def __repr__(self) -> str:
        options = "".join(
            f", {f.name}={getattr(self, f.name)!r}"
            for f in dataclasses.fields(self)
            if not isinstance(getattr(self, f.name), np.ndarray | type(None))
        )
        sizes = f"features={self.features}, units={self.units}, dtype={self.dtype}"
        return f"{type(self).__name__}({sizes}{options})"

    def _validate(self) -> None:
        """Convert to float arrays of one dtype and check every shape."""
        owner = type(self).__name__
        missing = [n for n in self._all() if getattr(self, n) is None]
        if missing:
            raise ValueError(f"{owner}: expected arrays for {missing}, got None")
        for name in self._all():
            a = np.asarray(getattr(self, name))
            if not np.issubdtype(a.dtype, np.floating):
                a = a.astype(np.float64)
            object.__setattr__(self, name, a)
        present = self._all()
        dtype = np.result_type(*(getattr(self, n) for n in present))
        for name in present:
            object.__setattr__(self, name, getattr(self, name).astype(dtype, copy=False))
        first = getattr(self, self._inputs[0])
        if first.ndim != 2:
            raise ValueError(
                f"{owner}.{self._inputs[0]}: expected a 2-D (units, features) matrix, got shape "
                f"{first.shape}"
            )
        units, features = first.shape
        expected = {n: (units, features) for n in self._inputs}
        expected |= {n: (units, units) for n in self._recurrent}
        expected |= {n: (units,) for n in self._biases}
        for name, shape in expected.items():
            got = getattr(self, name).shape
            if got != shape:
                raise ValueError(
                    f"{owner}.{name}: expected shape {shape} (units={units}, "
                    f"features={features}), got {got}"
                )

    def _all(self) -> tuple[str, ...]:
        return self._inputs + self._recurrent + self._biases


@dataclass(eq=False, repr=False)
class RNNParams(_Params):
    """Simple (Elman) recurrent layer: h_t = act(W x_t + U h_{t-1} + b), act = tanh or relu.

    W : (units, features)   input weights
    U : (units, units)      recurrent weights
    b : (units,)            bias
    activation : "tanh" (the book's formula) or "relu" (the IRNN of Le et al. 2015)
    """

    W: np.ndarray
    U: np.ndarray
    b: np.ndarray
    activation: str = "tanh"

    kind: ClassVar[str] = "simple_rnn"
    _inputs: ClassVar = ("W",)
    _recurrent: ClassVar = ("U",)
    _biases: ClassVar = ("b",)

    def __post_init__(self):
        if self.activation not in RNN_ACTIVATIONS:
            raise ValueError(
                f"RNNParams.activation: expected one of {RNN_ACTIVATIONS}, got {self.activation!r}"
            )
        self._validate()

    @classmethod
    def random(
        cls,
        features,
        units,
        *,
        seed=0,
        scale=1.0,
        recurrent="normal",
        activation="tanh",
        bias_scale=0.0,
        dtype=np.float32,
    ) -> RNNParams:
        """Random parameters; see ``init_rnn``."""
        rng = np.random.default_rng(seed)
        return cls(
            W=_input_matrix(rng, units, features),
            U=_recurrent_matrix(rng, units, scale, recurrent),
            b=bias_scale * rng.standard_normal(units),
            activation=activation,
        ).astype(dtype)


@dataclass(eq=False, repr=False)
class LSTMParams(_Params):
    """LSTM in the source article's notation (one matrix per gate and per input).

    i_t = σ(W_ix x_t + W_ih h_{t-1} + b_i)          input gate
    f_t = σ(W_fx x_t + W_fh h_{t-1} + b_f)          forget gate
    o_t = σ(W_ox x_t + W_oh h_{t-1} + b_o)          output gate
    c_t = f_t ⊙ c_{t-1} + i_t ⊙ tanh(W_cx x_t + W_ch h_{t-1} + b_c)
    h_t = o_t ⊙ tanh(c_t)

    W_·x : (units, features); W_·h : (units, units); b_· : (units,).
    """

    W_ix: np.ndarray
    W_ih: np.ndarray
    b_i: np.ndarray
    W_fx: np.ndarray
    W_fh: np.ndarray
    b_f: np.ndarray
    W_cx: np.ndarray
    W_ch: np.ndarray
    b_c: np.ndarray
    W_ox: np.ndarray
    W_oh: np.ndarray
    b_o: np.ndarray

    kind: ClassVar[str] = "lstm"
    _inputs: ClassVar = ("W_ix", "W_fx", "W_cx", "W_ox")
    _recurrent: ClassVar = ("W_ih", "W_fh", "W_ch", "W_oh")
    _biases: ClassVar = ("b_i", "b_f", "b_c", "b_o")

    def __post_init__(self):
        self._validate()

    @classmethod
    def random(
        cls,
        features,
        units,
        *,
        seed=0,
        scale=1.0,
        recurrent="normal",
        bias_scale=0.0,
        forget_bias=1.0,
        dtype=np.float32,
    ) -> LSTMParams:
        """Random parameters; see ``init_lstm``."""
        rng = np.random.default_rng(seed)
        arrays = {}
        for gate in "ifco":
            arrays[f"W_{gate}x"] = _input_matrix(rng, units, features)
            arrays[f"W_{gate}h"] = _recurrent_matrix(rng, units, scale, recurrent)
            arrays[f"b_{gate}"] = bias_scale * rng.standard_normal(units)
        arrays["b_f"] = arrays["b_f"] + forget_bias  # Gers et al. 2000; Keras' unit_forget_bias
        return cls(**arrays).astype(dtype)


@dataclass(eq=False, repr=False)
class GRUParams(_Params):
    """GRU as Keras computes it (Cho et al. 2014, with Keras' conventions).

    reset_after=True (Keras' default):
        z_t = σ(W_zx x_t + b_zx + W_zh h_{t-1} + b_zh)          update gate
        r_t = σ(W_rx x_t + b_rx + W_rh h_{t-1} + b_rh)          reset gate
        h̃_t = tanh(W_hx x_t + b_hx + r_t ⊙ (W_hh h_{t-1} + b_hh))
        h_t = z_t ⊙ h_{t-1} + (1 − z_t) ⊙ h̃_t
    reset_after=False (the recurrent biases b_zh, b_rh, b_hh are None):
        z_t, r_t as above without the recurrent biases
        h̃_t = tanh(W_hx x_t + W_hh (r_t ⊙ h_{t-1}) + b_hx)

    Convention: z_t is the weight of the *old* state, as in Cho et al. (2014,
    eq. 7), whose candidate applies r_t before the product (reset_after=False).
    Chung et al. (2014) write h_t = (1 − z) ⊙ h_{t-1} + z ⊙ h̃_t instead; the two
    are the same model with z replaced by 1 − z (their update gate's weights and
    biases are the negatives of these).
    The subscript h in W_hx, W_hh, b_h· names the candidate h̃, not the hidden state.

    W_·x : (units, features); W_·h : (units, units); b_·· : (units,).
    """

    W_zx: np.ndarray
    W_zh: np.ndarray
    W_rx: np.ndarray
    W_rh: np.ndarray
    W_hx: np.ndarray
    W_hh: np.ndarray
    b_zx: np.ndarray
    b_rx: np.ndarray
    b_hx: np.ndarray
    b_zh: np.ndarray | None = None
    b_rh: np.ndarray | None = None
    b_hh: np.ndarray | None = None
    reset_after: bool = True

    kind: ClassVar[str] = "gru"
    _inputs: ClassVar = ("W_zx", "W_rx", "W_hx")
    _recurrent: ClassVar = ("W_zh", "W_rh", "W_hh")

    @property
    def _biases(self):
        after = ("b_zh", "b_rh", "b_hh") if self.reset_after else ()
        return ("b_zx", "b_rx", "b_hx") + after

    def __post_init__(self):
        if not isinstance(self.reset_after, bool | np.bool_):
            raise ValueError(
                f"GRUParams.reset_after: expected True or False, got {self.reset_after!r}"
            )
        if not self.reset_after:
            given = [n for n in ("b_zh", "b_rh", "b_hh") if getattr(self, n) is not None]
            if given:
                raise ValueError(
                    "GRUParams: reset_after=False has a single bias per gate; expected None for "
                    f"{given}, got arrays"
                )
        self._validate()

    @classmethod
    def random(
        cls,
        features,
        units,
        *,
        seed=0,
        scale=1.0,
        recurrent="normal",
        bias_scale=0.0,
        reset_after=True,
        dtype=np.float32,
    ) -> GRUParams:
        """Random parameters; see ``init_gru``."""
        rng = np.random.default_rng(seed)
        arrays = {}
        for gate in "zrh":
            arrays[f"W_{gate}x"] = _input_matrix(rng, units, features)
            arrays[f"W_{gate}h"] = _recurrent_matrix(rng, units, scale, recurrent)
        for gate in "zrh":
            arrays[f"b_{gate}x"] = bias_scale * rng.standard_normal(units)
        if reset_after:
            for gate in "zrh":
                arrays[f"b_{gate}h"] = bias_scale * rng.standard_normal(units)
        return cls(**arrays, reset_after=reset_after).astype(dtype)


@dataclass(eq=False, repr=False)
class DenseParams(_Params):
    """Output layer y_t = act(W_y h_t + b_y); the book's formula has act = "linear".

    W_y : (outputs, units)  — ``units`` here is the number of outputs, ``features`` the size of h.
    b_y : (outputs,)
    """

    W_y: np.ndarray
    b_y: np.ndarray
    activation: str = "linear"

    kind: ClassVar[str] = "dense"
    _inputs: ClassVar = ("W_y",)
    _biases: ClassVar = ("b_y",)

    def __post_init__(self):
        if self.activation not in DENSE_ACTIVATIONS:
            raise ValueError(
                f"DenseParams.activation: expected one of {DENSE_ACTIVATIONS}, got "
                f"{self.activation!r}"
            )
        self._validate()

    @classmethod
    def random(
        cls, features, units, *, seed=0, bias_scale=0.0, activation="linear", dtype=np.float32
    ):
        """W_y ~ N(0, 1/features), b_y ~ bias_scale · N(0, 1)."""
        rng = np.random.default_rng(seed)
        return cls(
            _input_matrix(rng, units, features),
            bias_scale * rng.standard_normal(units),
            activation=activation,
        ).astype(dtype)


def init_rnn(features, units, **options) -> RNNParams:
    """Random RNN parameters: ``RNNParams.random(features, units, **options)``.

    Options (keyword-only): seed=0, scale=1.0, recurrent="normal", activation="tanh",
    bias_scale=0.0, dtype=float32.
    W ~ N(0, 1/features) keeps the input part of the pre-activation at unit scale.
    U depends on ``recurrent``:
      "normal"      U ~ N(0, scale²/units): spectral radius ≈ scale (circular law);
      "orthogonal"  U = scale · Q, Q orthogonal: every singular value equals scale;
      "identity"    U = scale · I (the IRNN of Le et al. 2015, with activation="relu").
    b ~ bias_scale · N(0, 1) (zeros by default). ``seed`` seeds ``np.random.default_rng``.
    """
    return RNNParams.random(features, units, **options)


def init_lstm(features, units, **options) -> LSTMParams:
    """Random LSTM parameters: ``LSTMParams.random(features, units, **options)``.

    Each gate is drawn as in ``init_rnn`` (same options, without ``activation``);
    b_f is shifted by ``forget_bias`` (1.0 by default, as Keras' ``unit_forget_bias=True``),
    so the cell starts by remembering.
    """
    return LSTMParams.random(features, units, **options)


def init_gru(features, units, **options) -> GRUParams:
    """Random GRU parameters: ``GRUParams.random(features, units, **options)``.

    Each gate is drawn as in ``init_rnn`` (same options, without ``activation``);
    ``reset_after=True`` (Keras' default) adds the recurrent biases.
    """
    return GRUParams.random(features, units, **options)


def _input_matrix(rng, units, features):
    return rng.standard_normal((units, features)) / np.sqrt(features)


def _recurrent_matrix(rng, units, scale, recurrent):
    if recurrent == "normal":
        return scale * rng.standard_normal((units, units)) / np.sqrt(units)
    if recurrent == "orthogonal":
        q, r = np.linalg.qr(rng.standard_normal((units, units)))
        return scale * q * np.sign(np.diag(r))  # sign fix: Haar-distributed Q
    if recurrent == "identity":
        return scale * np.eye(units)
    raise ValueError(f"recurrent: expected one of {RECURRENT_INITS}, got {recurrent!r}")
