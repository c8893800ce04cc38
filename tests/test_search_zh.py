"""The book's Chinese search language (book/_ext/search_zh): Chinese as overlapping pairs of
characters, in the index and in the browser's query alike; Latin words and stems as Sphinx's,
kept per language object instead of in an ever-growing class-level list."""

from __future__ import annotations

import json
import subprocess

import pytest
from katex_prerender import node_executable
from search_zh import SPLIT_QUERY, BookChinese, setup
from sphinx.search.zh import SearchChinese

TEXT = "反向传播把误差 ΔX = 0.0787 传回 X，bp.Graph 用 CNN 与 gradients 计算 A2。"
LATIN = ["X", "0", "0787", "X", "bp", "Graph", "CNN", "gradients", "A2"]


def test_chinese_is_indexed_as_overlapping_pairs():
    words = BookChinese({}).split(TEXT)
    pairs = ["反向", "向传", "传播", "播把", "把误", "误差", "传回", "用", "与", "计算"]
    assert words[: len(pairs)] == pairs
    assert words[-len(LATIN) :] == LATIN
    assert BookChinese({}).split("用牛顿法求解，问题得解。") == [
        *["用牛", "牛顿", "顿法", "法求", "求解"],
        *["问题", "题得", "得解"],
    ]


@pytest.mark.parametrize(
    "query", ["牛顿法", "问题得解", "反向传播 bp", "误差ΔX传回", "用 CNN与gradients", "法", "a2"]
)
def test_the_browser_splits_a_query_as_the_index_splits_text(query):
    """The query's terms (search_zh's ``splitQuery``, run by Node) are the text's words."""
    script = SPLIT_QUERY + "\nconsole.log(JSON.stringify(splitQuery(process.argv[1])));"
    run = subprocess.run(
        [node_executable(), "-e", script, query], capture_output=True, text=True, check=True
    )
    assert sorted(json.loads(run.stdout)) == sorted(BookChinese({}).split(query))


def test_latin_stems_are_sphinxs():
    stock, book = SearchChinese({}), BookChinese({})
    assert [book.stem(w) for w in LATIN] == [stock.stem(w) for w in LATIN]


def test_latin_terms_stay_with_one_language_object():
    before = list(SearchChinese.latin_terms)
    first = BookChinese({})
    first.split(TEXT)
    first.split(TEXT)
    assert first.latin_terms == set(LATIN)
    assert SearchChinese.latin_terms == before  # Sphinx's class-level list did not grow
    assert BookChinese({}).latin_terms == set()  # the next build starts empty


def test_the_book_registers_it_for_chinese():
    registered = []

    class App:
        def add_search_language(self, cls):
            registered.append(cls)

    setup(App())
    assert registered == [BookChinese] and BookChinese.lang == "zh"
