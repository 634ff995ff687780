"""The Chinese edition: one source, translated through gettext catalogues.

English is the source. Sphinx's gettext builder extracts the prose of every page
into ``locale/zh_CN/LC_MESSAGES/<document>.po`` (``make po``); a second build with
``language = zh_CN`` renders the Chinese edition into ``_build/html/zh/`` from the
same notebooks, so code cells and their stored outputs are shared by construction.

This Sphinx extension holds what the stack does not do by itself (each item says
why); run as a script it builds one edition (``make book`` and ``make po`` call it):

    python _ext/book_i18n.py gettext          # catalogue templates into _build/gettext
    python _ext/book_i18n.py zh [--strict]    # the Chinese edition into _build/html/zh

``--path-output P`` writes under ``P/_build`` instead, as jupyter-book's option does.
"""

from __future__ import annotations

import os
import posixpath
import re
import sys
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
LOCALE_DIR = ROOT / "locale"
LANGUAGE = "zh_CN"
# The two editions and where each lives relative to the English site's root.
EDITIONS = {"en": "", LANGUAGE: "zh/"}
HREFLANG = {"en": "en", LANGUAGE: "zh-Hans"}
SWITCH_LABEL = {"en": "中文", LANGUAGE: "English"}
SWITCH_TITLE = {"en": "阅读本页的中文版", LANGUAGE: "Read this page in English"}

# Interface strings that come from configuration rather than from a catalogue:
# the Chinese edition overrides them before any extension reads them.
ZH_CONFIG = {
    "html_title": "可执行的循环神经网络",
    "author": "《可执行的循环神经网络》的作者们",
    # sphinx-togglebutton names its catalogue zh-cn (a name gettext never looks
    # up for zh_CN), so its hint stays English unless set here.
    "togglebutton_hint": "点击显示",
    "togglebutton_hint_hide": "点击隐藏",
}
ZH_THEME_OPTIONS = {
    "search_bar_text": "搜索本书……",
    "extra_footer": "本书代码采用 MIT 许可证；每个代码单元格都由测试套件执行并检查。",
}
# The project's interface catalogue (locale/zh_CN/LC_MESSAGES/sphinx.po).
INTERFACE_DOMAIN = "sphinx"
# The glossary is the term base; its Chinese terms become words of the search index.
GLOSSARY = ROOT / "backmatter" / "glossary.md"
JIEBA_USERDICT = ROOT / "_build" / "jieba_userdict.txt"


# --------------------------------------------------------------------------- config


def on_config_inited(app, config):
    # One catalogue per page, read from locale/; no source line numbers in the
    # catalogues (they change with every edit of a notebook and carry nothing a
    # translator needs: the msgid is the English text itself).
    config.gettext_compact = False
    config.gettext_location = False
    config.gettext_uuid = False
    # locale_dirs itself is set in _config.yml: Sphinx loads its own interface
    # catalogue (and the project's sphinx.po) before any extension runs.
    # MyST-NB gives the gettext builder only an output's text/plain, so a figure's
    # image node, and with it its alt text, never reaches the catalogue. Preferring
    # the images for that builder keeps the alt text (the html builder already does).
    config.nb_mime_priority_overrides = [
        *config.nb_mime_priority_overrides,
        ("gettext", "image/svg+xml", 1),
        ("gettext", "image/png", 2),
    ]
    # The language switch sits in the article header, before the theme's buttons;
    # two of the theme's header buttons are replaced by copies whose tooltips go
    # through the catalogue (the theme writes them in English only). First in
    # the path, so that these win over sphinx-book-theme's components.
    config.templates_path = [
        str(Path(__file__).parent / "templates"),
        *config.templates_path,
    ]
    options = dict(config.html_theme_options or {})
    header = list(options.get("article_header_end") or ["article-header-buttons.html"])
    if "language-switch.html" not in header:
        header.insert(0, "language-switch.html")
    options["article_header_end"] = header
    config.html_theme_options = options
    if config.language == LANGUAGE:
        for name, value in ZH_CONFIG.items():
            config[name] = value
        options.update(ZH_THEME_OPTIONS)
        # Chinese search: jieba with the glossary's terms as words, and an indexer
        # without Sphinx 7.4's quadratic Latin-word scan (ChineseSearch below).
        write_jieba_userdict(GLOSSARY, JIEBA_USERDICT)
        config.html_search_options = {
            **(config.html_search_options or {}),
            "dict": str(JIEBA_USERDICT),
        }


def on_builder_inited(app):
    """Put the project's interface catalogue before sphinx-book-theme's.

    The theme translates its buttons with its own catalogue ("booktheme"), whose
    zh_CN entries use Taiwan wording (列印成 PDF) and lack several strings
    (Launch on Binder, Repository, ...). Sphinx already reads the project's
    sphinx.po first for its own domain; this does the same for the theme's.
    """
    if edition(app.config) != LANGUAGE:
        return
    import gettext

    from sphinx import locale

    try:
        ours = gettext.translation(
            INTERFACE_DOMAIN, localedir=str(LOCALE_DIR), languages=[LANGUAGE]
        )
    except OSError:  # Sphinx compiles sphinx.po into sphinx.mo at start-up
        logger.warning("book_i18n: no compiled interface catalogue in %s", LOCALE_DIR)
        return
    for domain in ("booktheme",):
        theirs = locale.translators.get(("general", domain))
        if theirs is not None:
            ours.add_fallback(theirs)
        locale.translators[("general", domain)] = ours


# --------------------------------------------------------------------------- transforms


class KeepUntranslatable(SphinxTransform):
    """Take out of the catalogues what must never be translated.

    Display maths (math_block) is a TextElement that Sphinx would extract as a
    message of its own (76 of them); its TeX is the same in both editions.
    Glossary headwords stay as written: the glossary already gives both the
    English and the Chinese term, and a translated headword would register the
    same term twice ("duplicate term description").
    A paragraph made only of inline maths and code (a table cell such as
    "$(n, m)$" or "`(B, T, m)`") has nothing to translate either.
    Runs before Sphinx's Locale transform (priority 20) and before extraction.
    """

    default_priority = 5

    def apply(self, **kwargs):
        for node in self.document.findall(nodes.math_block):
            node["translatable"] = False
        for node in self.document.findall(nodes.paragraph):
            if not has_words(node.rawsource):
                node["translatable"] = False
        for glossary in self.document.findall(addnodes.glossary):
            for term in glossary.findall(nodes.term):
                term["translatable"] = False


class TranslatableExerciseTitles(SphinxTransform):
    """Put the titles of exercises (``{exercise} The sigmoid threshold``) in the catalogues.

    sphinx-exercise parses a title into a subtitle node it builds itself, with no
    source and no raw text, so Sphinx's extraction skips it (it takes a node
    without a source for a built-in message) and about forty titles stayed
    English. This gives each one its page as source and its Markdown as raw
    text, rebuilt from the parsed nodes (text, inline maths, inline code), so the
    extraction finds it and the Locale transform (priority 20) translates it; the
    solution's title copies the translated one later. (The gettext builder
    extracts from the page after sphinx-exercise has rebuilt the titles, so
    ``on_doctree_read_exercise_titles`` hands it these messages directly.)
    """

    default_priority = 5

    def apply(self, **kwargs):
        try:
            from sphinx_exercise.nodes import exercise_subtitle
        except ImportError:  # pragma: no cover - the extension is in the pins
            return
        for node in self.document.findall(exercise_subtitle):
            if node.source:
                continue
            node.source = self.document["source"]
            node.line = node.parent.line or (node.parent.parent or node).line or 1
            node.rawsource = markdown_of(node)


class RegisterTranslatedExercises(SphinxTransform):
    """Let a solution's title quote its exercise's translated title.

    sphinx-exercise keeps a copy of each exercise, taken when the directive runs
    (before translation), and builds the solution's title ("Solution to
    Exercise 4.1 (…)") from it, so the Chinese edition showed English titles in
    its solutions. After the Locale transform (priority 20) this replaces the
    copy with the translated exercise.
    """

    default_priority = 25

    def apply(self, **kwargs):
        if not self.config.language or self.config.language == "en":
            return
        registry = getattr(self.env, "sphinx_exercise_registry", None)
        if not registry:
            return
        from sphinx_exercise.nodes import exercise_enumerable_node, exercise_node

        for kind in (exercise_node, exercise_enumerable_node):
            for node in self.document.findall(kind):
                entry = registry.get(node.get("label"))
                if entry and entry.get("docname") == self.env.docname:
                    entry["node"] = node.deepcopy()


def on_doctree_read_exercise_titles(app, doctree):
    """Add the exercise titles to the page's catalogue (gettext builds only)."""
    if app.builder.name != "gettext":
        return
    from sphinx.builders.gettext import MsgOrigin
    from sphinx.util.i18n import docname_to_domain
    from sphinx_exercise.nodes import exercise_subtitle

    domain = docname_to_domain(app.env.docname, app.config.gettext_compact)
    for node in doctree.findall(exercise_subtitle):
        if node.rawsource:
            origin = MsgOrigin(node.source, node.line)
            app.builder.catalogs[domain].add(node.rawsource, origin)


def markdown_of(node) -> str:
    """The MyST source of a parsed inline title: text, $maths$ and `code`."""
    parts = []
    for child in node.children:
        if isinstance(child, nodes.math):
            parts.append(f"${child.astext()}$")
        elif isinstance(child, nodes.literal):
            parts.append(f"`{child.astext()}`")
        elif isinstance(child, nodes.emphasis):
            parts.append(f"*{markdown_of(child)}*")
        elif isinstance(child, nodes.strong):
            parts.append(f"**{markdown_of(child)}**")
        else:
            parts.append(child.astext())
    return "".join(parts)


class TranslateTocCaptions(SphinxTransform):
    """Apply the catalogue to the captions of the toctrees from _toc.yml.

    sphinx-external-toc inserts its toctrees at transform priority 100, after
    Sphinx translated the page (priority 20), so their captions ("Chapters",
    "Back matter") are extracted into the root page's catalogue but never
    applied. This does it once the toctrees exist.
    """

    default_priority = 150

    def apply(self, **kwargs):
        if not self.config.language or self.config.language == "en":
            return
        translate = document_catalogue(self.app, self.env.docname)
        for toctree in self.document.findall(addnodes.toctree):
            for message in toctree.extract_original_messages():
                translated = translate(message)
                if translated and translated != message:
                    toctree.apply_translated_message(message, translated)


INLINE_MATH = re.compile(r"\$[^$]+\$")
INLINE_CODE = re.compile(r"`[^`]+`")


def has_words(text: str) -> bool:
    """Whether a message has prose outside its inline maths and code."""
    rest = INLINE_CODE.sub(" ", INLINE_MATH.sub(" ", text))
    return any(ch.isalpha() for ch in rest)


def document_catalogue(app, docname: str):
    """gettext of one page's catalogue, as Sphinx's Locale transform reads it."""
    from sphinx import locale
    from sphinx.util.i18n import docname_to_domain

    domain = docname_to_domain(docname, app.config.gettext_compact)
    dirs = [os.path.join(app.srcdir, d) for d in app.config.locale_dirs]
    catalogue, found = locale.init(dirs, app.config.language, domain)
    if not found:
        return lambda message: message
    return catalogue.gettext


# --------------------------------------------------------------------------- pages


def edition(config) -> str:
    return LANGUAGE if config.language == LANGUAGE else "en"


def edition_urls(app, pagename: str) -> dict[str, str]:
    """The URL of this page in each edition, relative to this page (or absolute
    under html_baseurl when the book sets one)."""
    page = pagename + app.builder.out_suffix
    base = (app.config.html_baseurl or "").rstrip("/")
    if base:
        return {lang: f"{base}/{prefix}{page}" for lang, prefix in EDITIONS.items()}
    up = "../" * pagename.count("/")
    if edition(app.config) == LANGUAGE:
        up += "../"  # from _build/html/zh/ back to the English root
    return {
        lang: posixpath.normpath(up + prefix + page)
        for lang, prefix in EDITIONS.items()
    }


def on_html_page_context(app, pagename, templatename, context, doctree):
    """The language switch and the hreflang links, on every page of both editions."""
    this = edition(app.config)
    other = "en" if this == LANGUAGE else LANGUAGE
    urls = edition_urls(app, pagename)
    context["book_language_switch"] = {
        "href": urls[other],
        "hreflang": HREFLANG[other],
        "label": SWITCH_LABEL[this],
        "title": SWITCH_TITLE[this],
    }
    links = [
        f'<link rel="alternate" hreflang="{HREFLANG[lang]}" href="{urls[lang]}" />'
        for lang in EDITIONS
    ]
    links.append(f'<link rel="alternate" hreflang="x-default" href="{urls["en"]}" />')
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(links)


def on_html_page_context_buttons(app, pagename, templatename, context, doctree):
    if edition(app.config) == LANGUAGE:
        translate_buttons(context.get("header_buttons") or [])


def translate_buttons(buttons: list[dict]) -> None:
    """sphinx-book-theme builds its header buttons' tooltips by concatenation
    ("Launch on" + " Binder"): translate what is left in English as a whole."""
    from sphinx.locale import get_translation

    translate = get_translation(INTERFACE_DOMAIN)
    for button in buttons:
        for key in ("tooltip", "text"):
            if isinstance(button.get(key), str):
                button[key] = str(translate(button[key]))
        translate_buttons(button.get("buttons") or [])


# --------------------------------------------------------------------------- search


def glossary_chinese_terms(path: Path = GLOSSARY) -> list[str]:
    """Every Chinese term of the glossary: the book's term, the source article's
    word and the variants of each entry, read by the glossary's own parser
    (tests/glossary_terms.py, which also checks the entries' shape)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "glossary_terms", ROOT / "tests" / "glossary_terms.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("glossary_terms", module)  # dataclasses look it up there
    spec.loader.exec_module(module)
    terms: list[str] = []
    for entry in module.glossary_entries(path):
        forms = [entry.chinese, entry.source_term, *entry.variants]
        # "vanishing gradient problem" (梯度消失问题): the phenomenon's own name,
        # 梯度消失, is what a reader types, so the stem is a word too.
        if entry.english.endswith(" problem") and entry.chinese.endswith("问题"):
            forms.append(entry.chinese.removesuffix("问题"))
        for term in forms:
            if term and term not in terms:
                terms.append(term)
    return terms


def write_jieba_userdict(glossary: Path, target: Path) -> list[str]:
    """jieba's user dictionary: one glossary term a line, with a frequency high
    enough that the segmenter keeps it whole."""
    terms = glossary_chinese_terms(glossary)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{term.replace(' ', '')} 100000 n\n" for term in terms)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return terms


def chinese_search_language():
    from sphinx.search.zh import JIEBA, SearchChinese

    if JIEBA:
        import jieba

    class ChineseSearch(SearchChinese):
        """Sphinx 7.4's Chinese indexer with its Latin words in a set.

        SearchChinese appends every Latin word of every page to one class-level
        list and scans that list for each word it stems: quadratic, about 23 s
        of the Chinese build (fixed upstream in Sphinx 8.1). Same output."""

        def init(self, options):
            super().init(options)
            self.latin_terms = set()
            self.glossary_terms = set(glossary_chinese_terms(GLOSSARY))

        def split(self, input):
            chinese = list(jieba.cut_for_search(input)) if JIEBA else []
            # A glossary term inside a longer word is a word of its own too
            # (循环层 in 循环层的输入): jieba's search mode keeps only the 2- and
            # 3-character words of its own dictionary.
            terms = self.glossary_terms
            chinese += [
                word[i:j]
                for word in chinese
                if len(word) > 3
                for i in range(len(word))
                for j in range(i + 3, len(word) + (i > 0))
                if word[i:j] in terms
            ]
            latin = [term.strip() for term in self.latin1_letters.findall(input)]
            self.latin_terms.update(latin)
            return chinese + latin

    return ChineseSearch


# --------------------------------------------------------------------------- setup


def _cache_pybtex_plugin_lookup():
    # sphinxcontrib-bibtex looks up its pybtex style plugin on every {footcite} role,
    # and pybtex scans every installed distribution's entry points for it. A translated
    # message is parsed on its own, so the Chinese build ran that scan about 2,200
    # times: 27 s of its 44 s (cProfile). The plugins do not change during a build.
    import functools

    import pybtex.plugin

    if not hasattr(pybtex.plugin._load_entry_point, "cache_info"):
        pybtex.plugin._load_entry_point = functools.lru_cache(maxsize=None)(
            pybtex.plugin._load_entry_point
        )


def setup(app):
    _cache_pybtex_plugin_lookup()
    app.connect("config-inited", on_config_inited, priority=100)
    app.add_transform(KeepUntranslatable)
    app.add_transform(TranslatableExerciseTitles)
    app.add_transform(RegisterTranslatedExercises)
    app.connect("doctree-read", on_doctree_read_exercise_titles)
    app.add_transform(TranslateTocCaptions)
    app.connect("builder-inited", on_builder_inited)
    # Before pydata-sphinx-theme drops header templates that render empty (500).
    app.connect("html-page-context", on_html_page_context, priority=400)
    # After sphinx-book-theme made its header buttons (501).
    app.connect("html-page-context", on_html_page_context_buttons, priority=600)
    # BOOK_I18N_SEARCH=sphinx measures the build with Sphinx's own indexer.
    if os.environ.get("BOOK_I18N_SEARCH") != "sphinx":
        app.add_search_language(chinese_search_language())
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


# --------------------------------------------------------------------------- builds


def build(kind: str, strict: bool = False, output: Path = ROOT) -> int:
    """Build one edition with Jupyter Book's configuration (what `jupyter-book
    build` does, with an output folder and a language it cannot be given)."""
    from jupyter_book.sphinx import build_sphinx

    builds = {
        "gettext": ("gettext", output / "_build" / "gettext", {}),
        "zh": ("html", output / "_build" / "html" / "zh", {"language": LANGUAGE}),
    }
    builder, outdir, overrides = builds[kind]
    # What `jupyter-book build` passes for a book with a _toc.yml.
    overrides = {
        "external_toc_path": (ROOT / "_toc.yml").as_posix(),
        "latex_individualpages": False,
        **overrides,
    }
    os.chdir(ROOT)
    return build_sphinx(
        ROOT,
        outdir,
        path_config=str(ROOT / "_config.yml"),
        confoverrides=overrides,
        doctreedir=output / "_build" / f".doctrees-{kind}",
        noconfig=True,
        builder=builder,
        warningiserror=strict,
        keep_going=strict,
        # The catalogues are extracted from scratch: a cached doctree would keep
        # what an older version of this extension left translatable.
        freshenv=kind == "gettext",
    )


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["gettext", "zh"])
    parser.add_argument("--strict", action="store_true", help="warnings are errors")
    parser.add_argument("--path-output", type=Path, default=ROOT)
    args = parser.parse_args()
    sys.exit(build(args.kind, strict=args.strict, output=args.path_output.resolve()))
