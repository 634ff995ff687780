"""rnn_utils.corpora: the shipped texts match their checksums, load as documented, and split without near-copies."""

import hashlib
import json
from importlib import resources

import numpy as np
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
    assert len(set(texts)) == len(texts)  # repeated texts kept once
    assert all(len(t) == 24 and text.is_quatrain(t) for t in texts)
    assert {"春曉", "江雪"} <= {p["title"] for p in poems}
    meta = json.loads(corpora.read_bytes("tang_quatrains.json"))
    assert meta["source"].startswith("npm package chinese-poetry@2.0.1")
    assert meta["licence"].startswith("The MIT License (MIT)")
    assert "风" not in "".join(texts) and "風" in "".join(
        texts
    )  # traditional characters, as shipped


def test_near_duplicate_groups_by_hand():
    texts = ["abcdefgh", "abcdefgX", "XbcdefgY", "zzzzzzzz", "abcdefgh"[::-1], "abc"]
    # 0-1 differ in 1, 1-2 in 2 (so 0-2, 3 apart, join through 1); 3, 4 and 5 stand alone
    assert corpora.near_duplicate_groups(texts, 2) == [[0, 1, 2], [3], [4], [5]]
    assert corpora.near_duplicate_groups(texts, 1) == [[0, 1], [2], [3], [4], [5]]
    assert corpora.near_duplicate_groups(texts, 0) == [[0], [1], [2], [3], [4], [5]]
    assert corpora.near_duplicate_groups(["ab", "ab"], 0) == [[0, 1]]
    with pytest.raises(ValueError, match="max_differences"):
        corpora.near_duplicate_groups(texts, -1)
    with pytest.raises(ValueError, match="strings"):
        corpora.near_duplicate_groups(["ab", 3])


def test_near_duplicate_groups_agree_with_all_pairs():
    texts = [p["text"] for p in corpora.tang_quatrains()]
    groups = corpora.near_duplicate_groups(texts, 4)
    codes = np.array([[ord(c) for c in t] for t in texts])
    close = [
        (i, j)
        for i in range(len(texts))
        for j in i + 1 + np.flatnonzero((codes[i + 1 :] != codes[i]).sum(1) <= 4)
    ]
    group_of = {i: g[0] for g in groups for i in g}
    assert all(group_of[i] == group_of[j] for i, j in close)  # every near pair grouped
    assert (
        len(close) == 213 and len(groups) == 3725 - 211
    )  # the figures the chapter prints


def test_split_quatrains_is_deterministic_disjoint_and_free_of_near_copies():
    train, val = corpora.split_quatrains()
    assert (len(train), len(val)) == (3163, 351)
    again = corpora.split_quatrains()
    assert again == (train, val)
    train_texts = [p["text"] for p in train]
    val_texts = [p["text"] for p in val]
    assert set(train_texts).isdisjoint(val_texts)
    assert len(set(train_texts)) == len(train_texts) and len(set(val_texts)) == len(
        val_texts
    )
    a = np.array([[ord(c) for c in t] for t in train_texts])
    b = np.array([[ord(c) for c in t] for t in val_texts])
    nearest = np.array([(a != row).sum(axis=1).min() for row in b])
    assert nearest.min() > 4  # no validation poem within 4 of training
    other_train, other_val = corpora.split_quatrains(seed=1)
    assert len(other_val) == 351 and other_val != val
    assert corpora.split_quatrains(max_differences=0)[1][0] in corpora.tang_quatrains()
    with pytest.raises(ValueError, match="validation_fraction"):
        corpora.split_quatrains(validation_fraction=1.5)
