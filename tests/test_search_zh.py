"""The book's Chinese search language (book/_ext/search_zh): Sphinx's words and stems, with
Latin terms kept per language object instead of in an ever-growing class-level list."""

from __future__ import annotations

import sys

from sphinx.search.zh import SearchChinese

from tests.book import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))

from search_zh import BookChinese, setup

OPTIONS = {"dict": str(ROOT / "book" / "search_dict.txt")}
TEXT = "反向传播把误差 ΔX = 0.0787 传回 X，bp.Graph 用 CNN 与 gradients 计算 A2。"


def test_words_and_stems_are_sphinxs():
    stock, book = SearchChinese(OPTIONS), BookChinese(OPTIONS)
    words = stock.split(TEXT)
    assert book.split(TEXT) == words
    assert [book.stem(w) for w in words] == [stock.stem(w) for w in words]


def test_latin_terms_stay_with_one_language_object():
    before = list(SearchChinese.latin_terms)
    first = BookChinese(OPTIONS)
    first.split(TEXT)
    first.split(TEXT)
    assert first.latin_terms == {"X", "0", "0787", "bp", "Graph", "CNN", "gradients", "A2"}
    assert SearchChinese.latin_terms == before  # Sphinx's class-level list did not grow
    assert BookChinese(OPTIONS).latin_terms == set()  # the next build starts empty


def test_the_book_registers_it_for_chinese():
    registered = []

    class App:
        def add_search_language(self, cls):
            registered.append(cls)

    setup(App())
    assert registered == [BookChinese] and BookChinese.lang == "zh"
