"""Parameters of the recurrent layers, in the book's column-vector notation.

The book writes one example as a column vector: h_t = tanh(W x_t + U h_{t-1} + b),
so a weight matrix has shape (outputs, inputs): W is (n_units, n_features) and U
is (n_units, n_units). The code works on a batch of row vectors, x_t of shape
(B, m), and uses the same matrices transposed: ``x_t @ W.T``. Keras stores the
transposes (``x @ kernel``); ``keras_bridge`` converts.

Every class here is a plain dataclass of NumPy arrays and options, with a few
helpers shared through ``Params``: ``named_arrays()`` (the arrays in a fixed
order, for gradient checks and for building a gradient of the same type),
``replace``, ``map``, ``astype``, ``zeros_like`` and ``count_params``. Shapes and
options are checked when an object is made; a mismatch raises ValueError naming
the expected and the actual value.

The recurrent classes also hold the two Keras layer options that change what the
layer computes but are not weights: ``go_backwards`` (the layer reads the sequence
from its last step to its first) and ``zero_output_for_mask`` (masked steps output
zeros instead of repeating the previous output). ``from_keras`` reads them from a
layer and ``keras_layer`` builds a layer with them.

Each kind is declared once, by its class; the rest of the package reads the declaration:

* ``kind``: its short name (``"lstm"``); ``KINDS`` maps every short name to its class.
* ``GATES``: the gates' letters in Keras' order (``"ifco"``, ``"zrh"``; ``""`` without gates).
* ``INPUTS``, ``RECURRENT``, ``BIASES``: the weight layout, the names of the (n_units,
  n_features) matrices, of the (n_units, n_units) matrices and of the (n_units,) biases,
  each in the order Keras stacks them; a GRU's biases are its two Keras bias rows.
* ``KERAS_CLASS``, ``ACTIVATIONS``, ``RECURRENT_ACTIVATIONS``: the Keras layer and the
  values of its ``activation`` and ``recurrent_activation`` arguments that rnn_utils
  reproduces (the first is the default; no ``recurrent_activation`` if empty).
* ``CHOICES``, ``FLAGS``: the string and boolean options, the non-array fields, each a
  Keras layer argument of the same name.
* ``BIAS_SHIFTS``: constants added to biases when they are drawn (Keras' unit forget bias).

The dataclass fields declare the arrays again, one attribute each, in the order
``named_arrays()`` lists them and the initialisers draw them; importing the module
checks that they are exactly the declared layout.

``init_params`` draws random parameters of any kind; ``init_rnn``, ``init_lstm``
and ``init_gru`` are its forms for each kind.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar, Self

import numpy as np

from .checks import one_of, positive_int

RNN_ACTIVATIONS = ("tanh", "relu")
DENSE_ACTIVATIONS = ("linear", "sigmoid", "tanh", "relu", "softmax")
RECURRENT_INITS = ("normal", "orthogonal", "identity")
# Keras layer options held by the recurrent classes; repr shows them only when set.
LAYER_OPTIONS = ("go_backwards", "zero_output_for_mask")

KINDS: dict[
    str, type[Params]
] = {}  # short name -> class, every kind in the order it is declared


class Params:
    """Behaviour shared by the parameter dataclasses, and the declaration every kind fills in.

    A subclass that sets ``kind`` is a kind: it is registered in ``KINDS`` (see the module
    docstring for what it declares).
    """

    kind: ClassVar[str]
    KERAS_CLASS: ClassVar[str]
    GATES: ClassVar[str] = ""
    INPUTS: ClassVar[tuple[str, ...]] = ()
    RECURRENT: ClassVar[tuple[str, ...]] = ()
    BIASES: ClassVar[tuple[str, ...]] = ()
    ACTIVATIONS: ClassVar[tuple[str, ...]] = ()
    RECURRENT_ACTIVATIONS: ClassVar[tuple[str, ...]] = ()
    CHOICES: ClassVar[dict[str, tuple]] = {}
    FLAGS: ClassVar[tuple[str, ...]] = ()
    BIAS_SHIFTS: ClassVar[dict[str, float]] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "kind" in cls.__dict__:
            KINDS[cls.kind] = cls

    def __post_init__(self):
        owner = type(self).__name__
        for name, allowed in self.CHOICES.items():
            one_of(getattr(self, name), allowed, f"{owner}.{name}")
        for name in self.FLAGS:
            value = getattr(self, name)
            if not isinstance(value, bool | np.bool_):
                raise ValueError(
                    f"{owner}.{name}: expected True or False, got {value!r}"
                )
            object.__setattr__(self, name, bool(value))
        self._validate()

    @classmethod
    def biases_for(cls, **options) -> tuple[str, ...]:
        """The biases a parameter set with these options holds, a Keras bias row after the other."""
        return cls.BIASES

    def bias_names(self) -> tuple[str, ...]:
        """The biases this object holds, in Keras' order (a GRU with reset_after=False has one row)."""
        return self.biases_for(**self.options())

    def options(self) -> dict:
        """The non-array fields by name: the Keras layer arguments (activation, reset_after, ...)."""
        return {name: getattr(self, name) for name in (*self.CHOICES, *self.FLAGS)}

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

    def replace(self, **changes) -> Self:
        """A copy with some arrays (or options) replaced; the result is validated."""
        return dataclasses.replace(self, **changes)

    def map(self, fn) -> Self:
        """A copy with ``fn`` applied to every array."""
        return self.replace(**{name: fn(a) for name, a in self.named_arrays().items()})

    def astype(self, dtype) -> Self:
        """A copy with every array converted to ``dtype`` (e.g. float64 for gradient checks)."""
        return self.map(lambda a: a.astype(dtype))

    def zeros_like(self) -> Self:
        """An object of the same type and shapes, all zeros (a gradient accumulator)."""
        return self.map(np.zeros_like)

    def count_params(self) -> int:
        """Number of scalars, as Keras' ``count_params()`` reports it."""
        return sum(a.size for a in self.named_arrays().values())

    @property
    def dtype(self) -> np.dtype:
        """The dtype every array shares."""
        return next(iter(self.named_arrays().values())).dtype

    @property
    def units(self) -> int:
        """n, the number of units (the number of outputs k for DenseParams)."""
        return getattr(self, self.BIASES[0]).shape[0]

    @property
    def features(self) -> int:
        """m, the number of input features (the size n of h for DenseParams)."""
        return getattr(self, self.INPUTS[0]).shape[1]

    def __repr__(self) -> str:
        options = "".join(
            f", {f.name}={getattr(self, f.name)!r}"
            for f in dataclasses.fields(self)
            if not isinstance(getattr(self, f.name), np.ndarray | type(None))
            and not (f.name in LAYER_OPTIONS and getattr(self, f.name) is False)
        )
        sizes = f"features={self.features}, units={self.units}, dtype={self.dtype}"
        return f"{type(self).__name__}({sizes}{options})"

    def _validate(self) -> None:
        """Convert to float arrays of one dtype and check every shape."""
        owner = type(self).__name__
        present = self.INPUTS + self.RECURRENT + self.bias_names()
        missing = [n for n in present if getattr(self, n) is None]
        if missing:
            raise ValueError(f"{owner}: expected arrays for {missing}, got None")
        arrays = {n: np.asarray(getattr(self, n)) for n in present}
        arrays = {
            n: a if np.issubdtype(a.dtype, np.floating) else a.astype(np.float64)
            for n, a in arrays.items()
        }
        dtype = np.result_type(*arrays.values())
        for name, a in arrays.items():
            object.__setattr__(self, name, a.astype(dtype, copy=False))
        first = arrays[self.INPUTS[0]]
        if first.ndim != 2:
            raise ValueError(
                f"{owner}.{self.INPUTS[0]}: expected a 2-D (units, features) matrix, got shape {first.shape}"
            )
        units, features = first.shape
        expected = {n: (units, features) for n in self.INPUTS}
        expected |= {n: (units, units) for n in self.RECURRENT}
        expected |= {n: (units,) for n in self.bias_names()}
        for name, shape in expected.items():
            got = getattr(self, name).shape
            if got != shape:
                raise ValueError(
                    f"{owner}.{name}: expected shape {shape} (units={units}, features={features}), got {got}"
                )


@dataclass(eq=False, repr=False, kw_only=True)
class _RecurrentParams(Params):
    """The Keras layer options shared by every recurrent layer (keyword-only, after the arrays)."""

    go_backwards: bool = False
    zero_output_for_mask: bool = False

    FLAGS: ClassVar = LAYER_OPTIONS


@dataclass(eq=False, repr=False)
class RNNParams(_RecurrentParams):
    """Simple (Elman) recurrent layer: h_t = act(W x_t + U h_{t-1} + b), act = tanh or relu.

    Attributes
    ----------
    W : array (n_units, n_features)
        Input weights.
    U : array (n_units, n_units)
        Recurrent weights.
    b : array (n_units,)
        Bias.
    activation : str
        ``"tanh"`` (the book's formula) or ``"relu"`` (the IRNN of Le et al. 2015).
    go_backwards, zero_output_for_mask : bool
        Keras' layer options of the same names (keyword-only; False by default).
    """

    W: np.ndarray
    U: np.ndarray
    b: np.ndarray
    activation: str = "tanh"

    kind: ClassVar[str] = "simple_rnn"
    KERAS_CLASS: ClassVar[str] = "SimpleRNN"
    INPUTS: ClassVar = ("W",)
    RECURRENT: ClassVar = ("U",)
    BIASES: ClassVar = ("b",)
    ACTIVATIONS: ClassVar = RNN_ACTIVATIONS
    CHOICES: ClassVar = {"activation": RNN_ACTIVATIONS}


@dataclass(eq=False, repr=False)
class LSTMParams(_RecurrentParams):
    """LSTM in the source article's notation (one matrix per gate and per input).

    The step, per example (column vectors)::

        i_t = σ(W_ix x_t + W_ih h_{t-1} + b_i)          input gate
        f_t = σ(W_fx x_t + W_fh h_{t-1} + b_f)          forget gate
        o_t = σ(W_ox x_t + W_oh h_{t-1} + b_o)          output gate
        c_t = f_t ⊙ c_{t-1} + i_t ⊙ tanh(W_cx x_t + W_ch h_{t-1} + b_c)
        h_t = o_t ⊙ tanh(c_t)

    Attributes
    ----------
    W_ix, W_fx, W_cx, W_ox : array (n_units, n_features)
        Input weights of each gate.
    W_ih, W_fh, W_ch, W_oh : array (n_units, n_units)
        Recurrent weights of each gate.
    b_i, b_f, b_c, b_o : array (n_units,)
        Biases.
    go_backwards, zero_output_for_mask : bool
        Keras' layer options of the same names (keyword-only; False by default).
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
    KERAS_CLASS: ClassVar[str] = "LSTM"
    GATES: ClassVar[str] = "ifco"  # Keras' order; c is the candidate c̃_t
    INPUTS: ClassVar = tuple(f"W_{gate}x" for gate in GATES)
    RECURRENT: ClassVar = tuple(f"W_{gate}h" for gate in GATES)
    BIASES: ClassVar = tuple(f"b_{gate}" for gate in GATES)
    ACTIVATIONS: ClassVar = ("tanh",)
    RECURRENT_ACTIVATIONS: ClassVar = ("sigmoid",)
    BIAS_SHIFTS: ClassVar = {
        "b_f": 1.0
    }  # Gers et al. 2000; Keras' unit_forget_bias=True


@dataclass(eq=False, repr=False)
class GRUParams(_RecurrentParams):
    """GRU as Keras computes it (Cho et al. 2014, with Keras' conventions).

    With ``reset_after=True`` (Keras' default)::

        z_t = σ(W_zx x_t + b_zx + W_zh h_{t-1} + b_zh)          update gate
        r_t = σ(W_rx x_t + b_rx + W_rh h_{t-1} + b_rh)          reset gate
        h̃_t = tanh(W_hx x_t + b_hx + r_t ⊙ (W_hh h_{t-1} + b_hh))
        h_t = z_t ⊙ h_{t-1} + (1 − z_t) ⊙ h̃_t

    With ``reset_after=False`` the recurrent biases b_zh, b_rh, b_hh are None,
    z_t and r_t are as above without them, and
    h̃_t = tanh(W_hx x_t + W_hh (r_t ⊙ h_{t-1}) + b_hx).

    Convention: z_t is the weight of the *old* state, as in Cho et al. (2014,
    eq. 7). Their published version (EMNLP; arXiv:1406.1078v3) applies r_t to
    h_{t-1} before the product (reset_after=False); Keras' documentation ties its
    default, reset_after=True (r_t applied after the product), to the first arXiv
    version, 1406.1078v1. Chung et al. (2014) write
    h_t = (1 − z) ⊙ h_{t-1} + z ⊙ h̃_t instead, with the reset before the product;
    the two update conventions are the same model with z replaced by 1 − z (their
    update gate's weights and biases are the negatives of these).
    The subscript h in W_hx, W_hh, b_h· names the candidate h̃, not the hidden state.

    Attributes
    ----------
    W_zx, W_rx, W_hx : array (n_units, n_features)
        Input weights of each gate.
    W_zh, W_rh, W_hh : array (n_units, n_units)
        Recurrent weights of each gate.
    b_zx, b_rx, b_hx : array (n_units,)
        Input biases.
    b_zh, b_rh, b_hh : array (n_units,) or None
        Recurrent biases (None when ``reset_after=False``).
    reset_after : bool
        Where the reset gate acts (see above).
    go_backwards, zero_output_for_mask : bool
        Keras' layer options of the same names (keyword-only; False by default).
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
    KERAS_CLASS: ClassVar[str] = "GRU"
    GATES: ClassVar[str] = "zrh"  # Keras' order; h is the candidate h̃_t
    INPUTS: ClassVar = tuple(f"W_{gate}x" for gate in GATES)
    RECURRENT: ClassVar = tuple(f"W_{gate}h" for gate in GATES)
    # Keras' bias rows: 0, the input part b_·x; 1, the recurrent part b_·h (reset_after only).
    BIASES: ClassVar = tuple(f"b_{gate}x" for gate in GATES) + tuple(
        f"b_{gate}h" for gate in GATES
    )
    ACTIVATIONS: ClassVar = ("tanh",)
    RECURRENT_ACTIVATIONS: ClassVar = ("sigmoid",)
    FLAGS: ClassVar = ("reset_after", *LAYER_OPTIONS)

    @classmethod
    def biases_for(cls, *, reset_after=True, **options) -> tuple[str, ...]:
        """Both bias rows with reset_after=True, the input row b_·x only with reset_after=False."""
        return cls.BIASES if reset_after else cls.BIASES[: len(cls.GATES)]

    def _validate(self) -> None:
        if not self.reset_after:
            given = [
                n
                for n in self.BIASES
                if n not in self.bias_names() and getattr(self, n) is not None
            ]
            if given:
                raise ValueError(
                    f"GRUParams: reset_after=False has a single bias per gate; expected None for {given}, got arrays"
                )
        super()._validate()


@dataclass(eq=False, repr=False)
class DenseParams(Params):
    """Output layer y_t = act(W_y h_t + b_y); the book's formula has act = "linear".

    Attributes
    ----------
    W_y : array (n_outputs, n_units)
        Output weights. Here ``units`` is the number of outputs k, ``features`` the size n of h.
    b_y : array (n_outputs,)
        Output bias.
    activation : str
        One of ``"linear"``, ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"softmax"``.
    """

    W_y: np.ndarray
    b_y: np.ndarray
    activation: str = "linear"

    kind: ClassVar[str] = "dense"
    KERAS_CLASS: ClassVar[str] = "Dense"
    INPUTS: ClassVar = ("W_y",)
    BIASES: ClassVar = ("b_y",)
    ACTIVATIONS: ClassVar = DENSE_ACTIVATIONS
    CHOICES: ClassVar = {"activation": DENSE_ACTIVATIONS}


def _check_declaration(cls) -> None:
    """The array fields of a kind are exactly its declared layout (an import-time check)."""
    arrays = [
        f.name
        for f in dataclasses.fields(cls)
        if f.name not in (*cls.CHOICES, *cls.FLAGS)
    ]
    layout = cls.INPUTS + cls.RECURRENT + cls.BIASES
    if sorted(arrays) != sorted(layout) or len(cls.INPUTS) != (len(cls.GATES) or 1):
        raise TypeError(
            f"{cls.__name__}: expected fields {layout} for gates {cls.GATES!r}, got {arrays}"
        )


for _cls in KINDS.values():
    _check_declaration(_cls)


def init_params(
    kind, features, units, *, seed=0, scale=1.0, recurrent="normal", bias_scale=0.0, bias_shifts=None,
    dtype="float32", **options,
) -> Params:  # fmt: skip
    """Random parameters of any kind: a class of ``KINDS`` or its short name (``"lstm"``).

    Every array is drawn from one generator (``seed`` seeds ``np.random.default_rng``), in
    field order (the order of ``named_arrays()``): an input matrix ~ N(0, 1/features), a
    recurrent matrix as ``recurrent`` says (see ``init_rnn``), a bias ~ bias_scale · N(0, 1).
    Then each bias named in ``bias_shifts`` (the kind's ``BIAS_SHIFTS`` if None) is shifted
    by its value. ``options`` are the kind's options (``activation``, ``reset_after``,
    ``go_backwards``, ...); the result is converted to ``dtype``.
    """
    cls = KINDS.get(kind) if isinstance(kind, str) else kind
    if cls not in KINDS.values():
        raise ValueError(
            f"kind: expected one of {tuple(KINDS)} or their classes, got {kind!r}"
        )
    draw = _Draws(features, units, seed, scale, recurrent, bias_scale)
    held = cls.INPUTS + cls.RECURRENT + cls.biases_for(**options)
    arrays = {}
    for field in dataclasses.fields(cls):
        if field.name in held:
            kind_of = (
                "input"
                if field.name in cls.INPUTS
                else "recurrent"
                if field.name in cls.RECURRENT
                else "bias"
            )
            arrays[field.name] = getattr(draw, kind_of)()
    for name, shift in (
        cls.BIAS_SHIFTS if bias_shifts is None else bias_shifts
    ).items():
        arrays[name] = arrays[name] + shift
    return cls(**arrays, **options).astype(dtype)


def init_rnn(
    features,
    units,
    *,
    seed=0,
    scale=1.0,
    recurrent="normal",
    activation="tanh",
    bias_scale=0.0,
    dtype="float32",
) -> RNNParams:
    """Random simple-RNN parameters.

    W ~ N(0, 1/features) keeps the input part of the pre-activation at unit scale.
    U depends on ``recurrent``:

    * ``"normal"``: U ~ N(0, scale²/units), spectral radius ≈ scale (circular law);
    * ``"orthogonal"``: U = scale · Q, Q orthogonal, every singular value equals scale;
    * ``"identity"``: U = scale · I (the IRNN of Le et al. 2015, with activation="relu").

    b ~ bias_scale · N(0, 1) (zeros by default). ``seed`` seeds ``np.random.default_rng``.
    """
    return init_params(
        RNNParams, features, units, seed=seed, scale=scale, recurrent=recurrent, bias_scale=bias_scale,
        dtype=dtype, activation=activation,
    )  # fmt: skip


def init_lstm(
    features,
    units,
    *,
    seed=0,
    scale=1.0,
    recurrent="normal",
    bias_scale=0.0,
    forget_bias=1.0,
    dtype="float32",
) -> LSTMParams:
    """Random LSTM parameters.

    Each gate is drawn as in ``init_rnn`` (same options, without ``activation``);
    b_f is shifted by ``forget_bias`` (1.0 by default, as Keras' ``unit_forget_bias=True``),
    so the cell starts by remembering.
    """
    return init_params(
        LSTMParams, features, units, seed=seed, scale=scale, recurrent=recurrent, bias_scale=bias_scale,
        bias_shifts={"b_f": forget_bias}, dtype=dtype,
    )  # fmt: skip


def init_gru(
    features,
    units,
    *,
    seed=0,
    scale=1.0,
    recurrent="normal",
    bias_scale=0.0,
    reset_after=True,
    dtype="float32",
) -> GRUParams:
    """Random GRU parameters.

    Each gate is drawn as in ``init_rnn`` (same options, without ``activation``);
    ``reset_after=True`` (Keras' default) adds the recurrent biases.
    """
    return init_params(
        GRUParams, features, units, seed=seed, scale=scale, recurrent=recurrent, bias_scale=bias_scale,
        dtype=dtype, reset_after=reset_after,
    )  # fmt: skip


class _Draws:
    """The random draws of the initialisers, in the order they are made (one generator per call)."""

    def __init__(self, features, units, seed, scale, recurrent, bias_scale):
        features, units = (
            positive_int(features, "features"),
            positive_int(units, "units"),
        )
        one_of(recurrent, RECURRENT_INITS, "recurrent")
        self.rng = np.random.default_rng(seed)
        self.features, self.units, self.scale, self.kind, self.bias_scale = (
            features, units, scale, recurrent, bias_scale
        )  # fmt: skip

    def input(self):
        return self.rng.standard_normal((self.units, self.features)) / np.sqrt(
            self.features
        )

    def recurrent(self):
        n = self.units
        if self.kind == "normal":
            return self.scale * self.rng.standard_normal((n, n)) / np.sqrt(n)
        if self.kind == "orthogonal":
            q, r = np.linalg.qr(self.rng.standard_normal((n, n)))
            return self.scale * q * np.sign(np.diag(r))  # sign fix: Haar-distributed Q
        return self.scale * np.eye(n)

    def bias(self):
        return self.bias_scale * self.rng.standard_normal(self.units)
