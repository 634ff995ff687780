"""The Chinese edition: one source, translated through gettext catalogues.

English is the source. Sphinx's gettext builder extracts the prose of every page
into ``locale/zh_CN/LC_MESSAGES/<document>.po`` (``make po``); a second build with
``language = zh_CN`` renders the Chinese edition into ``_build/html/zh/`` from the
same notebooks, so code cells and their stored outputs are shared by construction.

This Sphinx extension holds what the stack does not do by itself (each item says
why); run as a script it builds one edition (``make book`` and ``make po`` call it):

    python _ext/book_i18n.py gettext          # catalogue templates into _build/gettext
    python _ext/book_i18n.py zh [--strict]    # the Chinese edition into _build/html/zh
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
    "html_title": "循环神经网络：可执行的教程",
    # sphinx-togglebutton names its catalogue zh-cn (a name gettext never looks
    # up for zh_CN), so its hint stays English unless set here.
    "togglebutton_hint": "点击显示",
    "togglebutton_hint_hide": "点击隐藏",
}


# --------------------------------------------------------------------------- config


def on_config_inited(app, config):
    # One catalogue per page, read from locale/; no source line numbers in the
    # catalogues (they change with every edit of a notebook and carry nothing a
    # translator needs: the msgid is the English text itself).
    config.gettext_compact = False
    config.gettext_location = False
    config.gettext_uuid = False
    if str(LOCALE_DIR) not in config.locale_dirs and "locale" not in config.locale_dirs:
        config.locale_dirs = [str(LOCALE_DIR), *config.locale_dirs]
    # MyST-NB gives the gettext builder only an output's text/plain, so a figure's
    # image node, and with it its alt text, never reaches the catalogue. Preferring
    # the images for that builder keeps the alt text (the html builder already does).
    config.nb_mime_priority_overrides = [
        *config.nb_mime_priority_overrides,
        ("gettext", "image/svg+xml", 1),
        ("gettext", "image/png", 2),
    ]
    # The language switch sits in the article header, before the theme's buttons.
    config.templates_path = [*config.templates_path, str(Path(__file__).parent / "templates")]
    options = dict(config.html_theme_options or {})
    header = list(options.get("article_header_end") or ["article-header-buttons.html"])
    if "language-switch.html" not in header:
        header.insert(0, "language-switch.html")
    options["article_header_end"] = header
    config.html_theme_options = options
    if config.language == LANGUAGE:
        for name, value in ZH_CONFIG.items():
            config[name] = value


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
    return {lang: posixpath.normpath(up + prefix + page) for lang, prefix in EDITIONS.items()}


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


# --------------------------------------------------------------------------- setup


def setup(app):
    app.connect("config-inited", on_config_inited, priority=100)
    app.add_transform(KeepUntranslatable)
    app.add_transform(TranslateTocCaptions)
    app.connect("html-page-context", on_html_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


# --------------------------------------------------------------------------- builds


def build(kind: str, strict: bool = False) -> int:
    """Build one edition with Jupyter Book's configuration (what `jupyter-book
    build` does, with an output folder and a language it cannot be given)."""
    from jupyter_book.sphinx import build_sphinx

    builds = {
        "gettext": ("gettext", ROOT / "_build" / "gettext", {}),
        "zh": ("html", ROOT / "_build" / "html" / "zh", {"language": LANGUAGE}),
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
        doctreedir=ROOT / "_build" / f".doctrees-{kind}",
        noconfig=True,
        builder=builder,
        warningiserror=strict,
        keep_going=strict,
        # The catalogues are extracted from scratch: a cached doctree would keep
        # what an older version of this extension left translatable.
        freshenv=kind == "gettext",
    )


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or args[0] not in ("gettext", "zh"):
        sys.exit(__doc__)
    sys.exit(build(args[0], strict="--strict" in args[1:]))
