"""Text corpora that ship with the book, each checked against its checksum.

The files live in ``rnn_utils/data/`` (see its README.md for provenance and
licences), so they travel with the package: a notebook run in Colab, which
installs only ``rnn_utils``, reads the same bytes as the test suite.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json

# sha256 of each shipped file; a mismatch means the file is not the one the book's numbers were computed from.
CHECKSUMS = {
    "python_docs_topics.json": "0aba25cb499f97012fa315cb484251b3cbd23e260579e8cd72b8ab52d5e090b2",
    "tang_quatrains.json": "88ecf4ee0c437a07287cf078ed5222a37a7c35301729025624b58aa8a0aa28d2",
}


def read_bytes(name: str) -> bytes:
    """The bytes of a shipped data file, after checking its sha256."""
    if name not in CHECKSUMS:
        raise ValueError(f"unknown data file {name!r}; expected one of {sorted(CHECKSUMS)}")
    data = (importlib.resources.files("rnn_utils") / "data" / name).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != CHECKSUMS[name]:
        raise ValueError(f"{name}: sha256 {digest} does not match the expected {CHECKSUMS[name]}")
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
