"""Keep old addresses working after chapters were split or renumbered.

Chapter 4 was split in two (its remedies became chapter 5) and chapters 5-10
became 6-11. A link into the old book must still land where it meant:

- every renamed page gets a stub at its old address that forwards to the new
  one, with the fragment carried over and its chapter number in labels updated
  (``05_keras_example.html#fig-ch05-split`` -> ``06_keras_example.html#fig-ch06-split``);
- a page that gave sections away (chapter 4) forwards a fragment it no longer
  has to the page that took them (``04_vanishing_gradients.html#ex-ch04-unequal``
  -> ``05_remedies.html#ex-ch05-unequal``).

Both editions get the same stubs (the extension runs in each build).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

# old document -> (new document, old label prefix, new label prefix)
RENAMED = {
    "chapters/05_keras_example": ("chapters/06_keras_example", "ch05-", "ch06-"),
    "chapters/06_language": ("chapters/07_language", "ch06-", "ch07-"),
    "chapters/07_seq2seq": ("chapters/08_seq2seq", "ch07-", "ch08-"),
    "chapters/08_outlook": ("chapters/09_outlook", "ch08-", "ch09-"),
    "chapters/09_faq": ("chapters/10_faq", "ch09-", "ch10-"),
    "chapters/10_conclusion": ("chapters/11_conclusion", "ch10-", "ch11-"),
}
# document -> (the document that took some of its sections, old and new label prefix)
SPLIT = {
    "chapters/04_vanishing_gradients": ("chapters/05_remedies", "ch04-", "ch05-"),
}

MOVED_TEXT = {
    "en": ("This page has moved", "This page has moved to", "."),
    "zh": ("本页已移动", "本页已移至", "。"),
}


def _relative(old: str, new: str) -> str:
    """The new page's address relative to the old one (same folder here)."""
    old_dir, new_path = Path(old).parent, Path(new)
    if new_path.parent == old_dir:
        return new_path.name + ".html"
    return "../" * len(old_dir.parts) + new + ".html"


def _forward_script(target: str, old_prefix: str, new_prefix: str) -> str:
    return (
        f"var t={json.dumps(target)},h=location.hash;"
        f"location.replace(t+h.split({json.dumps(old_prefix)})"
        f".join({json.dumps(new_prefix)}));"
    )


def stub(old: str, new: str, old_prefix: str, new_prefix: str, lang: str) -> str:
    """A page at the old address that forwards to the new one."""
    target = _relative(old, new)
    title, sentence, stop = MOVED_TEXT["zh" if lang.startswith("zh") else "en"]
    href = html.escape(target)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"zh-CN" if lang.startswith("zh") else "en"}">\n<head>\n'
        '<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{href}">\n'
        f"<script>{_forward_script(target, old_prefix, new_prefix)}</script>\n"
        f'<meta http-equiv="Refresh" content="0; url={href}">\n'
        "</head>\n<body>\n"
        f'<p>{sentence} <a href="{href}">{href}</a>{stop}</p>\n'
        "</body>\n</html>\n"
    )


def split_script(took: str, here: str, old_prefix: str, new_prefix: str) -> str:
    """For the page that gave sections away: forward fragments it no longer has."""
    target = _relative(here, took)
    return (
        "document.addEventListener('DOMContentLoaded',function(){"
        "var h=location.hash.slice(1);if(!h)return;"
        "var id=decodeURIComponent(h);if(document.getElementById(id))return;"
        f"location.replace({json.dumps(target)}+'#'"
        f"+id.split({json.dumps(old_prefix)}).join({json.dumps(new_prefix)}));"
        "});"
    )


def on_html_page_context(app, pagename, templatename, context, doctree):
    if pagename in SPLIT:
        took, old_prefix, new_prefix = SPLIT[pagename]
        app.add_js_file(None, body=split_script(took, pagename, old_prefix, new_prefix))


def on_build_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    lang = app.config.language or "en"
    out = Path(app.outdir)
    for old, (new, old_prefix, new_prefix) in RENAMED.items():
        if old in app.env.all_docs:  # a page of that name exists again: no stub
            continue
        path = out / (old + ".html")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(stub(old, new, old_prefix, new_prefix, lang), encoding="utf-8")


def setup(app):
    app.connect("html-page-context", on_html_page_context)
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
