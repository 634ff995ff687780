"""Character-level text helpers for the language chapter: ids, sampling, form checks.

The formulas the chapter teaches (cross-entropy, perplexity, the interpolated
bigram, the softmax with temperature) are written out in the chapter itself;
this module holds the plumbing around them, so that the chapter can check its
own code against it (the n-gram baselines are in ``rnn_utils.ngram``):

* vocabulary and ids:  ``char_vocabulary``, ``encode``, ``decode``, ``split_indices``
* sampling:            ``softmax``, ``sample``, ``generate`` (greedy, temperature, forced characters)
* quatrain form:       ``is_quatrain``, ``quatrain_lines``, ``copied_lines``
* truncated BPTT:      ``stream_windows`` (batches whose rows continue across windows)

Shapes: ``N`` texts (or ``B`` samples), ``L`` characters per text, ``V`` the
vocabulary size. Ids are int32; id 0 is the start symbol and id 1 the unknown
symbol of every vocabulary ``char_vocabulary`` makes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from . import maths
from .checks import positive_int

START = "\x02"  # id 0: ASCII "start of text", the input before the first character; never a target
UNKNOWN = "□"  # id 1: every character outside the vocabulary (the sign the source uses for a lost character)
SPECIALS = (START, UNKNOWN)
COMMA, FULL_STOP = "，", "。"
# A five-character quatrain as the book's corpus stores it: four lines of five characters, each
# closed by a full-width comma or full stop: xxxxx，xxxxx。xxxxx，xxxxx。
LINE_LENGTH, N_LINES = 5, 4
_CHAR = rf"[^{COMMA}{FULL_STOP}{START}]"
QUATRAIN = re.compile(rf"^(?:{_CHAR}{{5}}{COMMA}{_CHAR}{{5}}{FULL_STOP}){{2}}$")
QUATRAIN_LENGTH = N_LINES * (LINE_LENGTH + 1)  # 24 symbols, punctuation included


# ---------------------------------------------------------------------------------------
# Vocabulary and ids
# ---------------------------------------------------------------------------------------


def char_vocabulary(texts: Iterable[str], size: int) -> list[str]:
    """The ``size`` symbols of a character model: START, UNKNOWN, then the ``size - 2`` most frequent characters.

    Ties in frequency are broken by the character's code point, so the list does
    not depend on the order of ``texts``. ``texts``: strings (or one string).
    """
    if isinstance(texts, str):
        texts = [texts]
    texts = list(texts)
    if not all(isinstance(t, str) for t in texts):
        raise ValueError(
            f"texts: expected strings, got {sorted({type(t).__name__ for t in texts})}"
        )
    size = positive_int(size, "size")
    if size <= len(SPECIALS):
        raise ValueError(
            f"size: expected more than {len(SPECIALS)} (the start and unknown symbols), got {size}"
        )
    counts = Counter(c for t in texts for c in t)
    clash = [s for s in SPECIALS if s in counts]
    if clash:
        raise ValueError(f"texts: must not contain the reserved symbols {clash}")
    ranked = sorted(counts, key=lambda c: (-counts[c], c))
    return list(SPECIALS) + ranked[: size - len(SPECIALS)]


def encode(
    texts: str | Sequence[str], vocabulary: Sequence[str], *, start: bool = True
) -> np.ndarray:
    """Ids of one text (-> (L,) or (L+1,)) or of N texts of equal length (-> (N, L) or (N, L+1)).

    Characters outside the vocabulary get the unknown id 1; ``start=True`` puts
    the start id 0 in front of each text.
    """
    index = _index(vocabulary)
    if isinstance(texts, str):
        return _encode_one(texts, index, start)
    texts = list(texts)
    if not texts or not all(isinstance(t, str) for t in texts):
        raise ValueError("texts: expected a string or a non-empty sequence of strings")
    lengths = {len(t) for t in texts}
    if len(lengths) != 1:
        raise ValueError(
            f"texts: expected texts of one length, got lengths {sorted(lengths)[:5]}"
        )
    return np.stack([_encode_one(t, index, start) for t in texts])


def decode(ids, vocabulary: Sequence[str]) -> str | list[str]:
    """Text of ids (L,) -> str, or of (N, L) -> list of N strings. The start symbol is dropped."""
    ids = np.asarray(ids)
    if ids.ndim not in (1, 2) or not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(
            f"ids: expected integer ids of shape (L,) or (N, L), got {ids.dtype} {ids.shape}"
        )
    if ids.size and (ids.min() < 0 or ids.max() >= len(vocabulary)):
        raise ValueError(
            f"ids: expected values in [0, {len(vocabulary)}), got [{ids.min()}, {ids.max()}]"
        )
    if ids.ndim == 2:
        return [decode(row, vocabulary) for row in ids]
    return "".join(vocabulary[i] for i in ids if i != 0)


def split_indices(
    n: int, validation_fraction: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Split ``n`` items at random into training and validation indices, each sorted.

    ``round(n * validation_fraction)`` items go to validation. The seed is used
    as given (``np.random.default_rng(seed)``), so the split is part of the data
    set's definition, not of an experiment.
    """
    n = positive_int(n, "n")
    if not 0 < validation_fraction < 1:
        raise ValueError(
            f"validation_fraction: expected a number in (0, 1), got {validation_fraction!r}"
        )
    n_val = int(round(n * validation_fraction))
    if not 0 < n_val < n:
        raise ValueError(
            f"n = {n} with validation_fraction = {validation_fraction} leaves an empty split"
        )
    order = np.random.default_rng(seed).permutation(n)
    return np.sort(order[n_val:]), np.sort(order[:n_val])


# ---------------------------------------------------------------------------------------
# Sampling
# ---------------------------------------------------------------------------------------


def softmax(logits, temperature: float = 1.0) -> np.ndarray:
    """softmax(z / temperature) over the last axis, in float64: (..., V) -> (..., V); temperature > 0.

    ``maths.softmax`` on the logits converted to float64, so that sampled ids do not
    depend on the model's dtype.
    """
    return maths.softmax(np.asarray(logits, dtype=np.float64), temperature=temperature)


def sample(probs, rng: np.random.Generator) -> np.ndarray:
    """One id per row of probs (B, V), drawn by inverting the cumulative distribution -> (B,)."""
    probs = np.asarray(probs, dtype=np.float64)
    if probs.ndim != 2 or probs.min() < 0 or not np.allclose(probs.sum(axis=1), 1.0):
        raise ValueError(
            f"probs: expected rows of probabilities, shape (B, V), got shape {probs.shape}"
        )
    cumulative = np.cumsum(probs, axis=1)
    u = rng.random(len(probs))[:, None] * cumulative[:, -1:]
    return np.minimum((cumulative <= u).sum(axis=1), probs.shape[1] - 1).astype(
        np.int32
    )


def generate(
    step: Callable,
    n_samples: int,
    length: int,
    *,
    temperature: float,
    rng: np.random.Generator | None = None,
    start_id: int = 0,
    forced: dict[int, int | np.ndarray] | None = None,
    banned: Sequence[int] = (),
    state=None,
) -> np.ndarray:
    """Generate ``n_samples`` sequences of ``length`` ids, each step feeding back the id just chosen.

    ``step(ids (B,), state) -> (logits (B, V), state)`` advances a model by one
    symbol (log-probabilities are logits too). ``temperature=0`` picks the most
    likely id (greedy decoding); otherwise ids are drawn from
    ``softmax(logits, temperature)`` with ``rng``. ``forced`` maps a position to an
    id (or (B,) ids) that is written there instead of being chosen (acrostics).
    ``banned`` ids are never chosen (their scores are set to -inf), e.g. the
    unknown symbol. The first input is ``start_id``; ``state`` is the step
    function's initial state (None: its own default). Returns int32 ids (B, length).
    """
    B, L = positive_int(n_samples, "n_samples"), positive_int(length, "length")
    if temperature < 0:
        raise ValueError(
            f"temperature: expected >= 0 (0 = greedy), got {temperature!r}"
        )
    if temperature > 0 and rng is None:
        raise ValueError("rng: sampling with temperature > 0 needs a numpy Generator")
    forced = dict(forced or {})
    bad = [p for p in forced if not (isinstance(p, int | np.integer) and 0 <= p < L)]
    if bad:
        raise ValueError(f"forced: positions must be ints in [0, {L}), got {bad}")
    banned = np.asarray(banned, dtype=np.int64).ravel()
    out = np.empty((B, L), dtype=np.int32)
    ids = np.full(B, start_id, dtype=np.int32)
    for t in range(L):
        logits, state = step(ids, state)
        logits = np.array(logits, dtype=np.float64)
        if logits.shape[0] != B or logits.ndim != 2:
            raise ValueError(
                f"step: expected logits of shape ({B}, V), got {logits.shape}"
            )
        if banned.size:
            if banned.min() < 0 or banned.max() >= logits.shape[1]:
                raise ValueError(
                    f"banned: expected ids in [0, {logits.shape[1]}), got {banned.tolist()}"
                )
            logits[:, banned] = -np.inf
        if t in forced:
            ids = np.broadcast_to(np.asarray(forced[t], dtype=np.int32), (B,)).copy()
        elif temperature == 0:
            ids = logits.argmax(axis=1).astype(np.int32)
        else:
            ids = sample(softmax(logits, temperature), rng)
        out[:, t] = ids
    return out


# ---------------------------------------------------------------------------------------
# The quatrain's form
# ---------------------------------------------------------------------------------------


def is_quatrain(text: str) -> bool:
    """True when ``text`` has the form xxxxx，xxxxx。xxxxx，xxxxx。 (any symbols but punctuation at the x)."""
    if not isinstance(text, str):
        raise ValueError(f"text: expected a string, got {type(text).__name__}")
    return QUATRAIN.match(text) is not None


def quatrain_lines(text: str) -> list[str]:
    """The four five-character lines of a quatrain, punctuation removed."""
    if not is_quatrain(text):
        raise ValueError(
            f"text: expected a quatrain xxxxx，xxxxx。xxxxx，xxxxx。, got {text!r}"
        )
    return [
        text[i : i + LINE_LENGTH] for i in range(0, QUATRAIN_LENGTH, LINE_LENGTH + 1)
    ]


def copied_lines(texts: Iterable[str], known_lines: set[str]) -> tuple[int, int]:
    """(lines found verbatim in ``known_lines``, lines in all) over the texts that are quatrains.

    Lines holding the unknown symbol are not counted as copies.
    """
    if not isinstance(known_lines, set | frozenset):
        raise ValueError(
            f"known_lines: expected a set of five-character lines, got {type(known_lines).__name__}"
        )
    lines = [line for t in texts if is_quatrain(t) for line in quatrain_lines(t)]
    return sum(line in known_lines and UNKNOWN not in line for line in lines), len(
        lines
    )


# ---------------------------------------------------------------------------------------
# Truncated BPTT
# ---------------------------------------------------------------------------------------


def stream_windows(ids, batch_size: int, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Cut one long sequence of ids into ``batch_size`` streams and the streams into windows.

    Returns inputs and targets, each (W, B, T) with T = ``window``: row b of
    window w + 1 continues row b of window w, so a layer that carries its state
    from one window to the next reads each stream without a break. The targets are
    the inputs shifted by one symbol. The tail that does not fill a window is dropped.
    """
    ids = np.asarray(ids)
    if ids.ndim != 1 or not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(
            f"ids: expected a 1-D integer array, got {ids.dtype} {ids.shape}"
        )
    B, T = positive_int(batch_size, "batch_size"), positive_int(window, "window")
    n_windows = (len(ids) - 1) // (B * T)
    if n_windows == 0:
        raise ValueError(
            f"ids: {len(ids)} ids are too few for {B} streams of one window of {T} (+1)"
        )
    per_stream = n_windows * T
    streams = np.stack(
        [ids[b * per_stream : (b + 1) * per_stream + 1] for b in range(B)]
    )  # (B, W T + 1)
    inputs = streams[:, :-1].reshape(B, n_windows, T).transpose(1, 0, 2)
    targets = streams[:, 1:].reshape(B, n_windows, T).transpose(1, 0, 2)
    return np.ascontiguousarray(inputs), np.ascontiguousarray(targets)


# ---------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------


def _index(vocabulary):
    vocabulary = list(vocabulary)
    if (
        len(vocabulary) <= len(SPECIALS)
        or tuple(vocabulary[: len(SPECIALS)]) != SPECIALS
    ):
        raise ValueError(
            f"vocabulary: expected {list(SPECIALS)} followed by characters (char_vocabulary makes one)"
        )
    if len(set(vocabulary)) != len(vocabulary):
        raise ValueError("vocabulary: expected distinct symbols, got repeats")
    return {c: i for i, c in enumerate(vocabulary)}


def _encode_one(text, index, start):
    ids = [index.get(c, 1) for c in text]
    return np.array(([0] if start else []) + ids, dtype=np.int32)
