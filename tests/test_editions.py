"""How the two editions find each other (book/_ext/reader_site/edition.py), without a build."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from reader_site.edition import counterpart, other_uri, toc_pages

from tests.book import ROOT


def test_the_tables_of_contents_pair_every_english_page_with_a_chinese_one():
    chinese, english = toc_pages(ROOT / "_toc.yml"), toc_pages(ROOT / "_toc.en.yml")
    assert {counterpart(page, "en") for page in english} <= chinese
    assert "book/backprop" in chinese and counterpart("book/backprop", "zh_CN") in english


@pytest.mark.parametrize(
    ("root", "from_page", "other", "uri"),
    [
        ("en", "book/backprop", "book/backprop_en", "../en/book/backprop_en.html"),
        ("..", "book/backprop_en", "book/backprop", "../../book/backprop.html"),
        ("..", "search", "index", "../index.html"),
        ("en/", "index", "index", "en/index.html"),
    ],
)
def test_links_into_the_other_edition_are_relative(root, from_page, other, uri):
    app = SimpleNamespace(config=SimpleNamespace(reader_site_edition={"other_root": root}))
    assert other_uri(app, from_page, other) == uri


ADDED_PAGE = """# 1.9 Something new

:::{{admonition}} {mark}
:class: note
Written for this book.
:::

## 1.9.1 First
"""


@pytest.mark.parametrize(
    ("language", "mark", "found"),
    [
        ("en", "This section is an addition", []),
        ("en", "本节为扩展内容", ["'{admonition} This section is an addition'"]),
        ("zh_CN", "本节为扩展内容", []),
        ("zh_CN", "This section is an addition", ["'{admonition} 本节为扩展内容'"]),
    ],
)
def test_an_added_page_is_marked_in_its_editions_language(language, mark, found):
    from page_rules import problems

    said = problems("book/new", ADDED_PAGE.format(mark=mark), [], language)
    assert [phrase for phrase in found if not any(phrase in p for p in said)] == []
    assert len(said) == len(found)
