"""The glossary is the book's term base: every entry parses, and its terms are usable."""

import json
import re
from pathlib import Path

import pytest
from glossary_terms import glossary_entries, glossary_terms

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "backmatter" / "glossary.md"

# Common characters that exist only in Traditional Chinese; each has a different
# Simplified form, so none of them belongs in a mainland term.
TRADITIONAL_ONLY = set(
    "體內門網學習處記憶隱層遞關輸數據樣經絡環計設實驗權歸開長語詞義準確圖類線點積"
    "複機製變預測編碼譯號態狀時間單捲際應後傳導範陣譜徑異徵採溫尋貪強師從頭詩對"
    "齊擬過參並掃視覺資訓練證損錯誤斷隨鏈規則標註彙獨熱頻統動與為這個們來會說話讀"
    "寫問題見現發總結論歷興兩萬億區塊疊雙濾補選擇饋佈衛壓響鍵構"
)


def _labels() -> dict[str, str]:
    """Every MyST label of the chapters and back matter, with the file that defines it."""
    found = {}
    for path in sorted(
        [*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("backmatter/*.ipynb")]
    ):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join(
            "".join(c["source"]) for c in cells if c["cell_type"] == "markdown"
        )
        for label in re.findall(r"^\(([\w-]+)\)=\s*$", text, re.M):
            found[label] = path.name
    for path in sorted([*ROOT.glob("backmatter/*.md"), ROOT / "intro.md"]):
        for label in re.findall(
            r"^\(([\w-]+)\)=\s*$", path.read_text(encoding="utf-8"), re.M
        ):
            found[label] = path.name
    return found


@pytest.fixture(scope="module")
def entries():
    return glossary_entries(GLOSSARY)


def test_every_entry_parses(entries):
    terms = glossary_terms(GLOSSARY)
    assert len(terms) == len(entries) >= 60
    for english, chinese, label in terms:
        assert english and chinese and label.startswith("ch-"), (
            english,
            chinese,
            label,
        )


def test_no_duplicate_english_or_chinese_term(entries):
    """Both term lines are Sphinx glossary terms: a duplicate of either is a build warning."""
    for field in ("english", "chinese"):
        seen = {}
        for e in entries:
            key = getattr(e, field).casefold()
            assert key not in seen, (
                f"{field} term {key!r} on lines {seen[key]} and {e.line}"
            )
            seen[key] = e.line


def test_entries_are_in_english_alphabetical_order(entries):
    words = [e.english.casefold() for e in entries]
    assert words == sorted(words), (
        "the glossary says its entries are in alphabetical order"
    )


def test_every_chapter_label_exists(entries):
    labels = _labels()
    for e in entries:
        assert e.chapter_label in labels, (
            f"{e.english}: no chapter has the label {e.chapter_label}"
        )
        assert labels[e.chapter_label].startswith(tuple("0123456789")), (
            f"{e.english}: {e.chapter_label} is not a chapter's label"
        )


def test_sections_named_after_the_chapter_belong_to_it(entries):
    """In "See {ref}`ch-outlook` ({ref}`sec-ch09-stacked`)" the section is in that chapter."""
    labels = _labels()
    for e in entries:
        for chapter, inside in re.findall(
            r"\{ref\}`(ch-[\w-]+)` \(([^()]*)\)", e.definition
        ):
            for target in re.findall(r"\{ref\}`(?:[^`<]*<)?([\w-]+)>?`", inside):
                assert labels.get(target) == labels[chapter], (
                    f"{e.english}: {target} is not a section of {chapter}"
                )


def test_every_reference_target_exists():
    labels = _labels()
    text = GLOSSARY.read_text(encoding="utf-8")
    for target in re.findall(r"\{ref\}`(?:[^`<]*<)?([\w-]+)>?`", text):
        assert target in labels, (
            f"the glossary refers to {target}, which no page defines"
        )


def test_chinese_forms_are_simplified(entries):
    for e in entries:
        for form in (e.chinese, e.source_term or "", *e.variants):
            traditional = sorted(set(form) & TRADITIONAL_ONLY)
            assert not traditional, (
                f"{e.english}: {form!r} has traditional forms {traditional}"
            )
    for number, line in enumerate(GLOSSARY.read_text(encoding="utf-8").splitlines(), 1):
        traditional = sorted(set(line) & TRADITIONAL_ONLY)
        assert not traditional, (
            f"glossary line {number} has traditional forms {traditional}"
        )


def test_no_space_between_latin_and_chinese_in_a_term(entries):
    """The page's rule: Latin letters or digits touch Chinese characters (sigmoid函数, n元语法)."""
    spaced = re.compile(
        r"[A-Za-z0-9αβ] +[\u4e00-\u9fff]|[\u4e00-\u9fff] +[A-Za-z0-9αβ]"
    )
    for e in entries:
        for form in (e.chinese, e.source_term or "", *e.variants):
            assert not spaced.search(form), (
                f"{e.english}: {form!r} breaks the spacing rule"
            )


def test_the_reviews_changes_hold(entries):
    """The review of the Chinese terms: the book's term, and the article's word beside it."""
    expected = {  # English headword: (本书用语, 原文用语 or None)
        "memory cell state": ("记忆单元状态", "内存单元状态"),
        "gated recurrent network": ("门控循环神经网络", "循环门网络"),
        "gating mechanism": ("门控机制", "门机制"),
        "gradient clipping": ("梯度裁剪", "梯度剪切"),
        "recursion": ("递推", "递归"),
        "stacked recurrent network": ("堆叠循环神经网络", "循环神经网络的堆叠"),
        "dense layer": ("全连接层", "密集层"),
        "sigmoid function": ("sigmoid函数", "sigmoid激活函数"),
        "gate unit": ("门", "门控单元"),
        "long short-term memory (LSTM)": ("长短期记忆网络", None),
        "encoder–decoder": ("编码器-解码器", None),
    }
    by_english = {e.english: e for e in entries}
    for english, (chinese, source_term) in expected.items():
        e = by_english[english]
        assert (e.chinese, e.source_term) == (chinese, source_term), english
    for e in entries:
        assert e.chinese not in e.variants and e.chinese != e.source_term, e.english
        if e.source_term:
            assert e.origin == "standard", (
                f"{e.english}: the article's word differs, so not (source)"
            )


def test_parser_rejects_a_malformed_entry(tmp_path):
    page = tmp_path / "glossary.md"
    good = "```{glossary}\nhidden state\n隐藏状态\n  (source) The state. See {ref}`ch-x`.\n```\n"
    page.write_text(good, encoding="utf-8")
    assert glossary_terms(page) == [("hidden state", "隐藏状态", "ch-x")]
    for bad, expected in (
        (good.replace("隐藏状态\n", ""), "two term lines"),
        (good.replace("(source) ", ""), "tag"),
        (good.replace("See {ref}`ch-x`", "see chapter 2"), "defining chapter"),
        (good.replace("(source)", "(source; 原文用语：hidden)"), "Chinese form"),
        ("no directive\n", "directive"),
    ):
        page.write_text(bad, encoding="utf-8")
        with pytest.raises(ValueError, match=expected):
            glossary_terms(page)
    with pytest.raises(ValueError, match="no such file"):
        glossary_terms(tmp_path / "missing.md")
