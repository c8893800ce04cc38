"""How the two editions find each other (book/_ext/reader_site/edition.py), without a build."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import pytest

from tests.book import ROOT

sys.path.insert(0, str(ROOT / "book/_ext"))
from reader_site.edition import counterpart, other_uri, toc_pages


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
