"""The book's two editions, in one place: which languages, how a page's translation is named,
and the words each edition's reader sees about the other.

The Chinese edition is the original (``language: zh_CN``); the English edition
(``language: en``) is built from the same repository (scripts/build.py). The English page of
``book/x`` is ``book/x_en`` (a suffix, not a dot, which breaks the theme). The extensions that
need these facts import them from here: reader_site (the language switch), page_rules (the
mark of an added section), edition_values (each English page publishes its Chinese page's
values).
"""

from __future__ import annotations

ORIGINAL = "zh_CN"  # the language of the original edition
TRANSLATION = "en"  # the language of the translated edition
SUFFIX = "_en"  # the English page of book/x is book/x_en

# The lang attribute of each edition's pages.
HREFLANG = {ORIGINAL: "zh-CN", TRANSLATION: "en"}
# The language switch, written in the language it leads to, as language switchers are.
TO_PAGE = {TRANSLATION: "English", ORIGINAL: "中文"}
TO_HOME = {TRANSLATION: "English edition", ORIGINAL: "中文版"}
TITLE_PAGE = {TRANSLATION: "Read this page in English", ORIGINAL: "阅读本页的中文版"}
TITLE_HOME = {
    TRANSLATION: "This page is only in Chinese: go to the English edition",
    ORIGINAL: "本页没有中文版：前往中文版首页",
}
# After a link into the other edition, in this page's language: the reader is warned.
IN_OTHER_LANGUAGE = {(TRANSLATION, ORIGINAL): " (in Chinese)", (ORIGINAL, TRANSLATION): "（英文）"}
# The first words of the admonition that opens every page the book adds to the original.
EXTENSION_MARKS = {ORIGINAL: "本节为扩展内容", TRANSLATION: "This section is an addition"}


def translation(docname: str) -> str:
    """``book/x_en`` for ``book/x``: the name of the page's English edition."""
    return docname + SUFFIX


def original(docname: str) -> str | None:
    """``book/x`` for ``book/x_en``; None for a page that is not a translation."""
    return docname.removesuffix(SUFFIX) if docname.endswith(SUFFIX) else None


def counterpart(docname: str, language: str) -> str:
    """The name the page ``docname`` of the ``language`` edition has in the other edition."""
    if language == TRANSLATION:
        return docname.removesuffix(SUFFIX)
    return translation(docname)
