"""The English edition's home page links every English page (issue 21, item 4), from the
sources: a page the contents list but the introduction never names is one a reader of the
introduction does not know to look for."""

from __future__ import annotations

import re
import sys

from tests.book import ROOT

sys.path.insert(0, str(ROOT / "book/_ext"))
from reader_site.edition import toc_pages

LINK = re.compile(r"\]\((?P<target>[\w/.-]+)\.md(?:#[\w-]+)?\)")


def linked_pages(intro: str) -> set[str]:
    """The pages (docnames) the introduction's Markdown links to."""
    text = (ROOT / f"{intro}.md").read_text(encoding="utf8")
    return {f"book/{m['target']}" for m in LINK.finditer(text)}


def test_the_english_introduction_links_every_english_page():
    pages = toc_pages(ROOT / "_toc.en.yml") - {"book/intro_en"}
    assert sorted(pages - linked_pages("book/intro_en")) == []
