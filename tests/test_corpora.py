"""rnn_utils.corpora: the shipped texts match their checksums and load as documented."""

import hashlib
import json
from importlib import resources

import pytest

from rnn_utils import corpora, text


@pytest.mark.parametrize("name", sorted(corpora.CHECKSUMS))
def test_shipped_file_matches_its_checksum(name):
    data = (resources.files("rnn_utils") / "data" / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == corpora.CHECKSUMS[name]
    assert corpora.read_bytes(name) == data


def test_unknown_file_and_wrong_checksum_are_refused(monkeypatch):
    with pytest.raises(ValueError, match="unknown data file"):
        corpora.read_bytes("missing.json")
    monkeypatch.setitem(corpora.CHECKSUMS, "tang_quatrains.json", "0" * 64)
    with pytest.raises(ValueError, match="does not match"):
        corpora.read_bytes("tang_quatrains.json")


def test_python_docs():
    docs = corpora.python_docs()
    assert len(docs) == 79 and "if" in docs
    assert len(corpora.python_docs_text()) == 465_048


def test_tang_quatrains():
    poems = corpora.tang_quatrains()
    assert len(poems) == 3725
    assert all(set(p) == {"title", "author", "text"} for p in poems)
    texts = [p["text"] for p in poems]
    assert len(set(texts)) == len(texts)                       # repeated texts kept once
    assert all(len(t) == 24 and text.is_quatrain(t) for t in texts)
    assert {"春曉", "江雪"} <= {p["title"] for p in poems}
    meta = json.loads(corpora.read_bytes("tang_quatrains.json"))
    assert meta["source"].startswith("npm package chinese-poetry@2.0.1")
    assert meta["licence"].startswith("The MIT License (MIT)")
    assert "风" not in "".join(texts) and "風" in "".join(texts)   # traditional characters, as shipped
