"""The book's Chinese search language: Sphinx's own, with the Latin terms kept per build.

Sphinx 7's ``SearchChinese`` remembers every Latin word it splits (identifiers, and every
number of the book: ``[a-zA-Z0-9_]+``) in ``latin_terms``, a list on the class. The list is
never emptied, not between pages nor between builds in one process, and duplicates are kept,
so ``stem`` (which asks ``word in latin_terms`` for each distinct word of a page) costs time
proportional to every Latin word seen so far: a page with a few thousand bound numbers makes
indexing quadratic (``benchmarks/search_index.py`` measures it). Here the terms go into a set
that belongs to the language object, which Sphinx makes anew for each build's index. What a
word is stemmed to does not change, so the search index is the same.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.search import zh
from sphinx.search.zh import SearchChinese


class BookChinese(SearchChinese):
    """``SearchChinese`` whose Latin terms are a set of this object's (see the module)."""

    def init(self, options: dict[str, str]) -> None:
        super().init(options)
        self.latin_terms: set[str] = set()  # shadows the class's ever-growing list

    def split(self, input: str) -> list[str]:
        """As ``SearchChinese.split`` (jieba's words, then the Latin ones), into the set."""
        chinese = list(zh.jieba.cut_for_search(input)) if zh.JIEBA else []
        latin = [term.strip() for term in self.latin1_letters.findall(input)]
        self.latin_terms.update(latin)
        return chinese + latin


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(BookChinese)
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
