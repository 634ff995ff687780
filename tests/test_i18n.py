"""The Chinese edition's catalogues (locale/zh_CN/LC_MESSAGES/<page>.po) and the
extension that makes it (_ext/book_i18n.py).

- The catalogues hold exactly what a fresh extraction of the English gives:
  one catalogue per page, the same messages (``make po`` brings them up to date).
- The pages listed in locale/complete.txt are translated through: no empty and
  no fuzzy entry. On every page, a fuzzy entry's old translation still carries
  its message's maths (or it is a stale formula waiting in the catalogue).
- Every translation keeps its message's inline maths, inline code, link targets
  and role targets ({ref}, {numref}, {term}, {footcite} keys, ...).
- A translation whose English contains a glossary term uses that term's Chinese
  form (the glossary, backmatter/glossary.md, is the term base). A translator
  comment ``glossary-ok: <English term>`` exempts one entry from one term, where
  the English word is not meant as the term (to *sample* is not a 样本).
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from glossary_terms import glossary_entries

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "locale" / "zh_CN" / "LC_MESSAGES"
COMPLETE = ROOT / "locale" / "complete.txt"
GLOSSARY = ROOT / "backmatter" / "glossary.md"
INTERFACE = "sphinx"  # the hand-written interface catalogue, not extracted from a page


def load_extension():
    spec = importlib.util.spec_from_file_location(
        "book_i18n", ROOT / "_ext" / "book_i18n.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("book_i18n", module)
    spec.loader.exec_module(module)
    return module


book_i18n = load_extension()


# --------------------------------------------------------------------------- reading


def read_catalogue(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def page_catalogues() -> dict[str, object]:
    """Every page's catalogue by document name (chapters/02_recurrent_layer)."""
    found = {}
    for path in sorted(LOCALE.rglob("*.po")):
        name = path.relative_to(LOCALE).with_suffix("").as_posix()
        if name != INTERFACE:
            found[name] = read_catalogue(path)
    return found


def entries(catalogue):
    """The live (not obsolete) messages of a catalogue, header excluded."""
    return [m for m in catalogue if m.id and isinstance(m.id, str)]


def complete_pages() -> list[str]:
    lines = COMPLETE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


CATALOGUES = page_catalogues()


# --------------------------------------------------------------------------- markup


ROLE = re.compile(r"\{([A-Za-z][\w:.-]*)\}`([^`]*)`")
CODE = re.compile(r"(`+)(.+?)\1")
MATH = re.compile(r"(?<![\\$])\$([^$]+?)(?<!\\)\$")
LINK = re.compile(r"\]\(([^)\s]+)\)")
CITE_ROLES = ("footcite", "cite")


def role_target(role: str, content: str):
    """What a role points at, which a translation must keep: the explicit target
    of `text <target>`, else the content; the set of keys of a citation."""
    family = role.split(":")[0]
    if family in CITE_ROLES:
        return family, tuple(sorted(k.strip() for k in content.split(",")))
    explicit = re.search(r"<([^<>]+)>\s*$", content)
    target = (explicit.group(1) if explicit else content).strip()
    if family == "term":
        target = " ".join(target.lower().split())  # Sphinx matches terms case-blind
    return family, target


def markup(text: str) -> dict[str, Counter]:
    """Inline maths, inline code, link targets and role targets of a message."""
    roles = Counter(role_target(r, c) for r, c in ROLE.findall(text))
    rest = ROLE.sub(" ", text)
    code = Counter(c.strip() for _, c in CODE.findall(rest))
    rest = CODE.sub(" ", rest)
    return {
        "maths": Counter(m.strip() for m in MATH.findall(rest)),
        "code": code,
        "links": Counter(LINK.findall(rest)),
        "role targets": roles,
        "footnote references": Counter(FOOTNOTE.findall(rest)),
    }


# A MyST footnote reference, [^label]. Sphinx parses a translated message on its own,
# where the footnote's definition is unknown, so a reference there is lost (and the
# strict build fails): prose that is translated uses a note or a citation instead.
FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")


def test_no_translatable_message_holds_a_footnote_reference():
    found = [
        f"{page}: {message.id[:80]!r}"
        for page, catalogue in page_catalogues().items()
        for message in entries(catalogue)
        if FOOTNOTE.search(message.id if isinstance(message.id, str) else message.id[0])
    ]
    assert not found, f"MyST footnote references cannot be translated: {found}"


def markup_problems(english: str, chinese: str) -> list[str]:
    """What the translation lost or added, one line per kind."""
    source, target = markup(english), markup(chinese)
    problems = []
    for kind in source:
        if source[kind] != target[kind]:
            lost = list((source[kind] - target[kind]).elements())
            added = list((target[kind] - source[kind]).elements())
            problems.append(f"{kind}: lost {lost}, added {added}")
    return problems


# --------------------------------------------------------------------------- glossary


def english_forms(headword: str) -> list[str]:
    """'backpropagation through time (BPTT)' -> the phrase and its abbreviation."""
    match = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", headword)
    return [match.group(1), match.group(2)] if match else [headword]


def term_pattern(form: str) -> re.Pattern:
    words = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", form))
    flags = 0 if form.isupper() else re.IGNORECASE  # BPTT, but not 'bptt' in prose
    return re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w-])", flags)


def term_base():
    """(English form, its pattern, the accepted Chinese forms), longest first, so
    that 'candidate hidden state' is matched before 'hidden state'."""
    base = []
    for entry in glossary_entries(GLOSSARY):
        accepted = {entry.chinese} | (
            {entry.source_term} if entry.source_term else set()
        )
        phrase, *abbreviation = english_forms(entry.english)
        base.append((phrase, term_pattern(phrase), accepted))
        # Chinese technical prose keeps abbreviations as they are (LSTM, GRU, BPTT, as
        # d2l-zh does): where the English writes the abbreviation, it may stay.
        for form in abbreviation:
            base.append((form, term_pattern(form), accepted | {form}))
    return sorted(base, key=lambda item: -len(item[0]))


def prose_of(english: str) -> str:
    """The words a reader reads: maths, code and reference targets taken out;
    a {term} role keeps its text."""

    def keep_term_text(match):
        role, content = match.groups()
        if role == "term":
            return re.sub(r"\s*<[^<>]+>\s*$", "", content)
        return " "

    text = ROLE.sub(keep_term_text, english)
    text = CODE.sub(" ", text)
    text = MATH.sub(" ", text)
    return LINK.sub("] ", text)


def glossary_problems(english: str, chinese: str, base, exempt=()) -> list[str]:
    text = prose_of(english)
    problems = []
    for form, pattern, accepted in base:
        if not pattern.search(text):
            continue
        text = pattern.sub(" ", text)  # a shorter term inside this one is this one
        if form.lower() in exempt:
            continue
        if not any(term in chinese for term in accepted):
            problems.append(f"{form!r} -> expected {' or '.join(sorted(accepted))}")
    return problems


def exemptions(message) -> set[str]:
    found = set()
    for comment in message.user_comments:
        match = re.match(r"\s*glossary-ok:\s*(.+)", comment)
        if match:
            found |= {t.strip().lower() for t in match.group(1).split(",")}
    return found


# --------------------------------------------------------------------------- fresh extraction


@pytest.fixture(scope="module")
def fresh_extraction(tmp_path_factory):
    """The English extracted now, as `make po` does (Sphinx's gettext builder)."""
    out = tmp_path_factory.mktemp("i18n")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "_ext" / "book_i18n.py"),
            "gettext",
            "--path-output",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    gettext = out / "_build" / "gettext"
    return {
        path.relative_to(gettext).with_suffix("").as_posix(): read_catalogue(path)
        for path in sorted(gettext.rglob("*.pot"))
    }


def test_one_catalogue_per_page(fresh_extraction):
    missing = sorted(set(fresh_extraction) - set(CATALOGUES))
    obsolete = sorted(set(CATALOGUES) - set(fresh_extraction))
    assert not missing, f"pages without a catalogue (run `make po`): {missing}"
    assert not obsolete, f"catalogues of pages the book no longer has: {obsolete}"


def test_catalogues_hold_the_current_english(fresh_extraction):
    stale = {}
    for page, template in fresh_extraction.items():
        if page not in CATALOGUES:
            continue
        now = {m.id for m in entries(template)}
        kept = {m.id for m in entries(CATALOGUES[page])}
        if now != kept:
            stale[page] = {
                "new English": [s[:70] for s in sorted(now - kept)][:3],
                "gone from the English": [s[:70] for s in sorted(kept - now)][:3],
            }
    assert not stale, f"catalogues out of date (run `make po`): {stale}"


def test_extraction_leaves_out_what_is_not_prose(fresh_extraction):
    """Display maths, maths-only cells and glossary headwords stay out; figure
    alt text and the table of contents' captions go in."""
    ids = {page: {m.id for m in entries(c)} for page, c in fresh_extraction.items()}
    every = set().union(*ids.values())
    assert not [m for m in every if m.lstrip().startswith(("\\begin", "$$"))]
    assert not [m for m in every if not book_i18n.has_words(m)]
    headwords = {e.english for e in glossary_entries(GLOSSARY)}
    assert not headwords & ids["backmatter/glossary"], (
        "glossary headwords were extracted"
    )
    assert {"Chapters", "Back matter"} <= ids["intro"], (
        "the _toc.yml captions are missing"
    )
    assert any(
        m.startswith("Left, the folded layer")
        for m in ids["chapters/02_recurrent_layer"]
    ), "figure alt text is missing from chapter 2's catalogue"


# --------------------------------------------------------------------------- translations


def test_complete_list_names_pages():
    unknown = [page for page in complete_pages() if page not in CATALOGUES]
    assert not unknown, f"{COMPLETE.name} names pages without a catalogue: {unknown}"


@pytest.mark.parametrize("page", complete_pages())
def test_listed_page_is_translated_through(page):
    untranslated, fuzzy = [], []
    for message in entries(CATALOGUES[page]):
        if message.fuzzy:
            fuzzy.append(message.id[:70])
        elif not message.string:
            untranslated.append(message.id[:70])
    assert not untranslated, (
        f"{page}: {len(untranslated)} untranslated: {untranslated[:5]}"
    )
    assert not fuzzy, f"{page}: {len(fuzzy)} fuzzy (English changed): {fuzzy[:5]}"


def translated(fuzzy: bool):
    for page, catalogue in CATALOGUES.items():
        for message in entries(catalogue):
            if message.string and bool(message.fuzzy) == fuzzy:
                yield page, message


def test_fuzzy_translations_keep_their_maths():
    wrong = [
        f"{page}: {message.id[:60]!r}: {markup_problems(message.id, message.string)}"
        for page, message in translated(fuzzy=True)
        if markup(message.id)["maths"] != markup(message.string)["maths"]
    ]
    assert not wrong, "fuzzy entries whose maths no longer match:\n" + "\n".join(
        wrong[:20]
    )


def test_translations_keep_maths_code_and_references():
    wrong = [
        f"{page}: {message.id[:60]!r}: {problems}"
        for page, message in translated(fuzzy=False)
        if (problems := markup_problems(message.id, message.string))
    ]
    assert not wrong, "translations that change their markup:\n" + "\n".join(wrong[:20])


def test_translations_use_the_glossary_terms():
    base = term_base()
    wrong = [
        f"{page}: {message.id[:60]!r}: {problems}"
        for page, message in translated(fuzzy=False)
        if (
            problems := glossary_problems(
                message.id, message.string, base, exemptions(message)
            )
        )
    ]
    assert not wrong, "translations that do not use the glossary's term:\n" + "\n".join(
        wrong[:20]
    )


def test_the_front_page_names_the_other_edition():
    intro = {m.id: m for m in entries(CATALOGUES["intro"])}
    sentence = [m for m in intro.values() if "Chinese edition" in m.id]
    assert len(sentence) == 1, "intro.md should say once that a Chinese edition exists"
    assert "英文版" in sentence[0].string and not sentence[0].fuzzy


# --------------------------------------------------------------------------- the checks themselves


def test_markup_check_finds_what_a_translation_loses():
    english = (
        "With $h_t$ from `rnn_forward` ({ref}`ch-recurrent-layer`, {footcite:p}`a,b`)."
    )
    assert (
        markup_problems(
            english,
            "由 `rnn_forward` 得到 $h_t$（{ref}`ch-recurrent-layer`，"
            "{footcite:p}`b, a`）。",
        )
        == []
    )
    assert markup_problems(
        english,
        "由 `rnn_forward` 得到 h_t（{ref}`ch-recurrent-layer`，{footcite:p}`a,b`）。",
    )[0].startswith("maths: lost ['h_t']")
    lost_ref = markup_problems(
        english, "由 `rnn_forward` 得到 $h_t$（{ref}`ch-seq2seq`，{footcite:p}`a,b`）。"
    )
    assert lost_ref and lost_ref[0].startswith("role targets")
    assert (
        markup_problems("the {term}`hidden state`", "{term}`隐藏状态 <hidden state>`")
        == []
    )
    assert markup_problems("see [the API](api.md)", "见 [API](api.html)")


def test_glossary_check_asks_for_the_book_term():
    base = [
        (f, term_pattern(f), {c})
        for f, c in (
            ("candidate hidden state", "候选隐藏状态"),
            ("hidden state", "隐藏状态"),
            ("BPTT", "随时间反向传播"),
        )
    ]
    base.sort(key=lambda item: -len(item[0]))
    assert glossary_problems("The hidden states $h_t$.", "隐藏状态 $h_t$。", base) == []
    assert glossary_problems("The hidden state.", "隐状态。", base) == [
        "'hidden state' -> expected 隐藏状态"
    ]
    assert (
        glossary_problems("The candidate hidden state.", "候选隐藏状态。", base) == []
    )
    assert glossary_problems("Truncated BPTT", "截断的随时间反向传播", base) == []
    assert glossary_problems("`hidden_state`, $bptt$", "代码", base) == []
    assert (
        glossary_problems("The hidden state.", "隐状态。", base, {"hidden state"}) == []
    )


# --------------------------------------------------------------------------- the extension


def test_has_words():
    assert not book_i18n.has_words("$(n, m)$")
    assert not book_i18n.has_words("`(B, T, m)` $x_t$")
    assert book_i18n.has_words("all $h_t$ (`return_sequences=True`)")


class FakeBuilder:
    out_suffix = ".html"


class FakeApp:
    def __init__(self, language, baseurl=""):
        self.builder = FakeBuilder()
        self.config = type(
            "Config", (), {"language": language, "html_baseurl": baseurl}
        )()


def test_edition_urls_point_at_the_same_page():
    en = book_i18n.edition_urls(FakeApp("en"), "chapters/02_recurrent_layer")
    assert en == {
        "en": "../chapters/02_recurrent_layer.html",
        "zh_CN": "../zh/chapters/02_recurrent_layer.html",
    }
    zh = book_i18n.edition_urls(FakeApp("zh_CN"), "intro")
    assert zh == {"en": "../intro.html", "zh_CN": "../zh/intro.html"}
    absolute = book_i18n.edition_urls(
        FakeApp("zh_CN", "https://example.org/book/"), "intro"
    )
    assert absolute["zh_CN"] == "https://example.org/book/zh/intro.html"


def test_jieba_dictionary_comes_from_the_glossary(tmp_path):
    terms = book_i18n.glossary_chinese_terms(GLOSSARY)
    for entry in glossary_entries(GLOSSARY):
        assert entry.chinese in terms
    target = tmp_path / "userdict.txt"
    book_i18n.write_jieba_userdict(GLOSSARY, target)
    words = [
        line.split()[0] for line in target.read_text(encoding="utf-8").splitlines()
    ]
    assert words == [t.replace(" ", "") for t in terms]
    assert {"隐藏状态", "循环层", "梯度消失"} <= set(words)


def test_chinese_search_splits_book_terms_as_words(tmp_path):
    pytest.importorskip("jieba")
    target = tmp_path / "userdict.txt"
    book_i18n.write_jieba_userdict(GLOSSARY, target)
    language = book_i18n.chinese_search_language()({"dict": str(target)})
    words = language.split(
        "循环层的隐藏状态在长序列上出现梯度消失问题，LSTM 和 GRU 缓解它。"
    )
    for term in ("循环层", "隐藏状态", "梯度消失"):
        assert term in words, f"{term} is not a word of the index: {words}"
    assert {"LSTM", "GRU"} <= language.latin_terms
    assert isinstance(language.latin_terms, set)


# --------------------------------------------------------------------------- emphasis


def _renders_literal_stars(text: str) -> bool:
    """True if ``**`` is left as text after Markdown's inline rules (CommonMark).

    In Chinese a closing ``**`` after punctuation and before a character
    (``**标题。**正文``) is not right-flanking, so it shows as two stars.
    """
    from markdown_it import MarkdownIt

    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"\$[^$]*\$", "", text)
    rendered = MarkdownIt("commonmark").renderInline(text)
    return "**" in re.sub(r"<[^>]+>", "", rendered)


def test_bold_text_renders_in_every_translation():
    literal = []
    for name, catalogue in page_catalogues().items():
        for m in catalogue:
            if m.id and m.string and not m.fuzzy:
                if _renders_literal_stars(m.string) and not _renders_literal_stars(
                    m.id
                ):
                    literal.append(f"{name}: {m.string[:70]}")
    assert not literal, "\n".join(literal)


def test_the_emphasis_check_sees_chinese_punctuation():
    assert _renders_literal_stars("**标题。**正文")
    assert not _renders_literal_stars("**标题**。正文")
    assert not _renders_literal_stars("“**标题**”正文")
