"""Read the glossary (backmatter/glossary.md) as the book's English-Chinese term base.

The glossary is one MyST ``{glossary}`` directive. Every entry has the same shape::

    hidden state
    隐藏状态
      (source; also 隐状态) The vector $h_t$ ... See {ref}`ch-recurrent-layer`.

- exactly two term lines: the English headword, then the Chinese term the book
  uses (本书用语), Simplified Chinese;
- an indented definition that begins with a tag in parentheses: ``source`` (the
  source article writes the same Chinese term) or ``standard`` (it does not),
  optionally followed by ``; 原文用语：X`` (the article's own word, where it
  differs from the book's) and ``; also X、Y`` (other Chinese forms met in
  textbooks);
- exactly one ``See {ref}`ch-…``` in the definition: the chapter that defines
  the term (more references may follow in the same sentence).

``glossary_terms(path)`` returns ``(english, chinese, chapter_label)`` for every
entry, in the page's order; ``glossary_entries(path)`` also returns the tag, the
article's word and the variants. Both raise ``ValueError`` naming the entry and
what was expected when an entry does not have this shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["GlossaryEntry", "glossary_entries", "glossary_terms"]

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_TAG = re.compile(r"\((source|standard)((?:; [^;()]+)*)\)")
_SEE = re.compile(r"See \{ref\}`(?:[^`<]*<)?(ch-[a-z0-9-]+)>?`")
_FENCE_OPEN = re.compile(r"^(`{3,}|:{3,})\{glossary\}\s*$")


@dataclass(frozen=True)
class GlossaryEntry:
    """One glossary entry: its two term lines and what its definition states."""

    english: str
    chinese: str
    chapter_label: str
    origin: str  # "source" or "standard"
    source_term: str | None  # 原文用语, where the article writes another word
    variants: tuple[str, ...]  # other Chinese forms ("also ...")
    definition: str
    line: int  # line number of the English term line in the file (1-based)


def _glossary_body(text: str, path: Path) -> list[tuple[int, str]]:
    lines = text.splitlines()
    for number, line in enumerate(lines):
        match = _FENCE_OPEN.match(line)
        if match:
            fence = match.group(1)
            body = []
            for inner_number in range(number + 1, len(lines)):
                inner = lines[inner_number]
                if inner.strip() == fence:
                    return body
                body.append((inner_number + 1, inner))
            raise ValueError(
                f"{path}: the {{glossary}} directive opened on line "
                f"{number + 1} is never closed with {fence}"
            )
    raise ValueError(f"{path}: expected a {{glossary}} directive, found none")


def _split_entries(body: list[tuple[int, str]]) -> list[tuple[list, list]]:
    """Group lines into (term lines, definition lines) per entry."""
    entries: list[tuple[list, list]] = []
    for number, line in body:
        if not line.strip():
            continue
        if line.startswith(":") and not entries:
            continue  # directive options such as :sorted:
        if line[0] in " \t":
            if not entries:
                raise ValueError(
                    f"line {number}: a definition line before any term: "
                    f"{line.strip()!r}"
                )
            entries[-1][1].append(line.strip())
        else:
            if not entries or entries[-1][1]:
                entries.append(([], []))
            entries[-1][0].append((number, line.strip()))
    return entries


def _parse_tag(definition: str, where: str) -> tuple[str, str | None, tuple[str, ...]]:
    match = _TAG.match(definition)
    if not match:
        raise ValueError(
            f"{where}: expected the definition to begin with a tag "
            "'(source...)' or '(standard...)', got "
            f"{definition[:40]!r}"
        )
    origin, rest = match.group(1), match.group(2)
    source_term = None
    variants: tuple[str, ...] = ()
    for part in filter(None, (p.strip() for p in rest.split(";"))):
        if part.startswith("原文用语："):
            if source_term is not None:
                raise ValueError(f"{where}: 原文用语 given twice in the tag")
            source_term = part.removeprefix("原文用语：").strip()
        elif part.startswith("also "):
            if variants:
                raise ValueError(f"{where}: 'also' given twice in the tag")
            variants = tuple(v.strip() for v in part.removeprefix("also ").split("、"))
        else:
            raise ValueError(
                f"{where}: expected '原文用语：X' or 'also X、Y' in the "
                f"tag, got {part!r}"
            )
    for form in (source_term, *variants):
        if form is not None and not _CJK.search(form):
            raise ValueError(
                f"{where}: expected a Chinese form in the tag, got {form!r}"
            )
    return origin, source_term, variants


def glossary_entries(path: str | Path) -> list[GlossaryEntry]:
    """Every entry of the glossary at ``path``, parsed and checked for its shape."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(
            f"expected the path of the glossary page, got {str(path)!r} (no such file)"
        )
    body = _glossary_body(path.read_text(encoding="utf-8"), path)
    result = []
    for terms, definition_lines in _split_entries(body):
        first_line, first = terms[0]
        where = f"{path.name}:{first_line} ({first!r})"
        if len(terms) != 2:
            raise ValueError(
                f"{where}: expected two term lines (English, Chinese), "
                f"got {len(terms)}: {[t for _, t in terms]}"
            )
        english, chinese = terms[0][1], terms[1][1]
        if _CJK.search(english):
            raise ValueError(
                f"{where}: expected the English headword first, got "
                f"Chinese characters in {english!r}"
            )
        if not _CJK.search(chinese):
            raise ValueError(
                f"{where}: expected the Chinese term on the second line, "
                f"got {chinese!r}"
            )
        if not definition_lines:
            raise ValueError(f"{where}: expected an indented definition, got none")
        definition = " ".join(definition_lines)
        origin, source_term, variants = _parse_tag(definition, where)
        labels = _SEE.findall(definition)
        if len(labels) != 1:
            raise ValueError(
                f"{where}: expected exactly one 'See {{ref}}`ch-…`' naming "
                f"the defining chapter, got {len(labels)}"
            )
        result.append(
            GlossaryEntry(
                english,
                chinese,
                labels[0],
                origin,
                source_term,
                variants,
                definition,
                first_line,
            )
        )
    if not result:
        raise ValueError(f"{path}: expected glossary entries, found none")
    return result


def glossary_terms(path: str | Path) -> list[tuple[str, str, str]]:
    """``(english, chinese, chapter_label)`` of every glossary entry, in page order.

    ``chinese`` is the book's term (本书用语); ``chapter_label`` is the label of
    the chapter that defines the term, e.g. ``"ch-recurrent-layer"``.
    """
    return [(e.english, e.chinese, e.chapter_label) for e in glossary_entries(path)]
