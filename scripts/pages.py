"""Which pages the book has, read from its tables of contents: the one list the tests (and
anything else that walks the site) share.

A page added to ``_toc.yml`` or ``_toc.en.yml`` is checked by every test that walks the
pages, with no list in a test to update.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from scripts.build import ROOT

CHINESE_TOC, ENGLISH_TOC = "_toc.yml", "_toc.en.yml"


def chapters(toc: str) -> list[str]:
    """The chapter pages (docnames) a table of contents lists, in its order."""
    return [entry["file"] for entry in yaml.safe_load((ROOT / toc).read_text("utf8"))["chapters"]]


def site_pages(toc: str, folder: str = "") -> list[str]:
    """The chapter pages of a table of contents, as paths in the built site."""
    return [f"{folder}{page}.html" for page in chapters(toc)]


def is_notebook(source: Path) -> bool:
    """Whether a page's source runs as a notebook (its front matter names a kernel)."""
    text = source.read_text(encoding="utf8")
    return text.startswith("---\n") and "kernelspec:" in text.split("\n---\n", 1)[0]


CHINESE_CHAPTERS = site_pages(CHINESE_TOC)
ENGLISH_CHAPTERS = site_pages(ENGLISH_TOC, "en/")  # the English edition, under en/
# Every page of each edition in the built site: its chapters, home page, search and indexes.
CHINESE_PAGES = [
    *CHINESE_CHAPTERS,
    "book/intro.html",
    "search.html",
    "genindex.html",
    "py-modindex.html",
]
ENGLISH_PAGES = [*ENGLISH_CHAPTERS, "en/book/intro_en.html", "en/search.html", "en/genindex.html"]
EDITION_PAGES = {"zh": CHINESE_PAGES, "en": ENGLISH_PAGES}
# The pages of text, both editions: each home page and chapter (not search or the indexes).
TEXT_PAGES = [
    path for path in CHINESE_PAGES + ENGLISH_PAGES if path.removeprefix("en/").startswith("book/")
]
# The page sources that run as notebooks (Binder opens them; cells publish their values).
NOTEBOOK_SOURCES = [page for page in sorted((ROOT / "book").glob("*.md")) if is_notebook(page)]
