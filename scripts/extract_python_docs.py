"""Freeze the English corpus of the book: the pydoc topics of CPython 3.11.7.

    python3.11 scripts/extract_python_docs.py     # writes rnn_utils/data/python_docs_topics.json

Python's ``pydoc_data.topics`` (the pages ``help("if")`` prints) changes with
every patch release, so the book ships one frozen copy instead of reading the
reader's interpreter. The text is part of the Python documentation,
Copyright (c) 2001 Python Software Foundation, distributed under the PSF
License Version 2 (see rnn_utils/data/README.md). Run this script only with
CPython 3.11.7 to reproduce the committed file byte for byte; then update the
checksum in rnn_utils/corpora.py.
"""

import hashlib
import json
import platform
import sys
from pathlib import Path
from pydoc_data import topics

OUT = (
    Path(__file__).resolve().parent.parent
    / "rnn_utils"
    / "data"
    / "python_docs_topics.json"
)

if platform.python_version() != "3.11.7":
    sys.exit(
        f"run with CPython 3.11.7 to reproduce the committed corpus (this is {platform.python_version()})"
    )
payload = {
    "source": "CPython 3.11.7, Lib/pydoc_data/topics.py (pydoc_data.topics.topics)",
    "licence": "PSF-2.0 (Python Software Foundation License Version 2)",
    "topics": topics.topics,
}
data = json.dumps(payload, ensure_ascii=False, indent=0, sort_keys=True).encode("utf-8")
OUT.write_bytes(data)
print(
    f"{OUT.name}: {len(topics.topics)} topics, {len(data):,} bytes, sha256 {hashlib.sha256(data).hexdigest()}"
)
