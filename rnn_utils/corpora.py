"""Text corpora that ship with the book, each checked against its checksum.

The files live in ``rnn_utils/data/`` (see its README.md for provenance and
licences), so they travel with the package: a notebook run in Colab, which
installs only ``rnn_utils``, reads the same bytes as the test suite.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json

from . import text

# sha256 of each shipped file; a mismatch means the file is not the one the book's numbers were computed from.
CHECKSUMS = {
    "python_docs_topics.json": "0aba25cb499f97012fa315cb484251b3cbd23e260579e8cd72b8ab52d5e090b2",
    "tang_quatrains.json": "88ecf4ee0c437a07287cf078ed5222a37a7c35301729025624b58aa8a0aa28d2",
}


def read_bytes(name: str) -> bytes:
    """The bytes of a shipped data file, after checking its sha256."""
    if name not in CHECKSUMS:
        raise ValueError(
            f"unknown data file {name!r}; expected one of {sorted(CHECKSUMS)}"
        )
    data = (importlib.resources.files("rnn_utils") / "data" / name).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != CHECKSUMS[name]:
        raise ValueError(
            f"{name}: sha256 {digest} does not match the expected {CHECKSUMS[name]}"
        )
    return data


def python_docs() -> dict[str, str]:
    """The 79 pydoc topics of CPython 3.11.7 (``help("if")`` and friends), name -> text.

    A frozen copy: ``pydoc_data`` in the reader's own Python changes with every
    patch release. PSF License Version 2.
    """
    return json.loads(read_bytes("python_docs_topics.json"))["topics"]


def python_docs_text() -> str:
    """All topics joined in name order, one newline between them (465,048 characters)."""
    docs = python_docs()
    return "\n".join(docs[name] for name in sorted(docs))


def tang_quatrains() -> list[dict[str, str]]:
    """The 3,725 five-character quatrains (五言绝句) of the Complete Tang Poems, in the package's order.

    Each poem is ``{"title", "author", "text"}``; ``text`` is 24 characters,
    four lines of five with their punctuation, ``"xxxxx，xxxxx。xxxxx，xxxxx。"``,
    in traditional characters as the source has them. Extracted from the npm
    package chinese-poetry 2.0.1 (MIT licence) by
    ``scripts/extract_tang_quatrains.py``; repeated texts are kept once.
    """
    return json.loads(read_bytes("tang_quatrains.json"))["poems"]


def near_duplicate_groups(texts, max_differences: int = 4) -> list[list[int]]:
    """Group texts that differ from another text of the group in at most ``max_differences`` symbols.

    Two texts of equal length are near-copies when they differ by at most
    ``max_differences`` substitutions (the Hamming distance; texts of different
    lengths are never near-copies); a group is a connected set of near-copies.
    Returns the groups as sorted lists of indices, ordered by their first index;
    a text with no near-copy is a group of its own. Candidate pairs are found by
    the pigeonhole principle: cut into ``max_differences + 1`` blocks, two texts
    within the distance agree exactly on at least one block.
    """
    texts = list(texts)
    if not all(isinstance(t, str) for t in texts):
        raise ValueError(
            f"texts: expected strings, got {sorted({type(t).__name__ for t in texts})}"
        )
    if (
        isinstance(max_differences, bool)
        or not isinstance(max_differences, int)
        or max_differences < 0
    ):
        raise ValueError(
            f"max_differences: expected a non-negative int, got {max_differences!r}"
        )
    parent = list(range(len(texts)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_length: dict[int, list[int]] = {}
    for i, t in enumerate(texts):
        by_length.setdefault(len(t), []).append(i)
    for length, members in by_length.items():
        n_blocks = min(max_differences + 1, max(length, 1))
        edges = [length * b // n_blocks for b in range(n_blocks + 1)]
        checked = set()
        for lo, hi in zip(edges[:-1], edges[1:], strict=True):
            buckets: dict[str, list[int]] = {}
            for i in members:
                buckets.setdefault(texts[i][lo:hi], []).append(i)
            for bucket in buckets.values():
                for x, i in enumerate(bucket):
                    for j in bucket[x + 1 :]:
                        if (i, j) in checked:
                            continue
                        checked.add((i, j))
                        if (
                            sum(a != b for a, b in zip(texts[i], texts[j], strict=True))
                            <= max_differences
                        ):
                            parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def split_quatrains(
    validation_fraction: float = 0.1, seed: int = 0, max_differences: int = 4
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The book's split of the quatrains: ``(train, validation)`` lists of poem records.

    Near-copies first (texts within ``max_differences`` substitutions of each other,
    grouped by :func:`near_duplicate_groups`) are kept once, the first of each group
    in the package's order; then ``round(validation_fraction * kept)`` of the kept
    poems, drawn with ``rnn_utils.text.split_indices(..., seed)``, are held out. Both
    lists keep the package's order. So the split is deterministic, disjoint, and no
    validation poem is within ``max_differences`` substitutions of a training poem.
    """
    poems = tang_quatrains()
    kept = [
        poems[group[0]]
        for group in near_duplicate_groups([p["text"] for p in poems], max_differences)
    ]
    train_idx, val_idx = text.split_indices(len(kept), validation_fraction, seed)
    return [kept[i] for i in train_idx], [kept[i] for i in val_idx]
