"""The book's Chinese search language: every run of Chinese characters is indexed as its
overlapping pairs of characters, and a query is split the same way.

Sphinx 7's ``SearchChinese`` indexes the words jieba cuts. A reader's query is not cut by
jieba (the browser splits it only at spaces and punctuation), so a query is found only when
it is itself one of jieba's words: 牛顿法 (cut 牛顿 / 法) and 问题得解 (问题 / 得解), both in
the text, found nothing, and no dictionary of terms can list every word a reader may type.
Here the text and the query are cut alike, into overlapping pairs (牛顿法 → 牛顿, 顿法), as
Lucene's CJK analyser does; Sphinx finds the pages that hold every pair of the query, so any
two or more consecutive characters of one text are found. A single character is not a term
(Sphinx's ``word_filter`` keeps words of two characters or more, as it did for jieba's).

Latin words are Sphinx's (``[a-zA-Z0-9_]+``), stemmed as Sphinx does. ``SearchChinese``
remembers each in ``latin_terms``, a list on the class that is never emptied, so ``stem``
(which asks ``word in latin_terms``) costs time proportional to every Latin word seen so far
(quadratic indexing, ``benchmarks/search_index.py``); here they go into a set that belongs
to the language object, which Sphinx makes anew for each build's index.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx
from sphinx.search.zh import SearchChinese

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RUN = re.compile(f"[{HAN}]+")

# The browser's half (language_data.js): the query cut as ``BookChinese.split`` cuts text.
SPLIT_QUERY = f"""
/* book/_ext/search_zh: runs of Chinese characters as their overlapping pairs, and Sphinx's
   Latin words, as the index holds them. */
function splitQuery(query) {{
  const terms = [];
  for (const [part] of query.matchAll(/[{HAN}]+|[a-zA-Z0-9_]+/g)) {{
    if (part.length < 3 || !/[{HAN}]/.test(part)) terms.push(part);
    else for (let i = 0; i + 2 <= part.length; i++) terms.push(part.slice(i, i + 2));
  }}
  return terms;
}}

/* What a result and the page it opens highlight: each run of Chinese characters of the query
   first, whole, then its pairs. Sphinx highlights each term in turn and skips text already
   highlighted: the pairs of 学习率 overlap (学习, 习率), so after 学习 no 习率 was left and
   only 学习 was marked. A run the text holds whole is now marked whole; the pairs still mark
   what the text holds apart. (language_data.js comes after searchtools.js.) */
if (typeof Search !== "undefined" && Search._parseQuery) {{
  const parseQuery = Search._parseQuery;
  Search._parseQuery = (query) => {{
    const parsed = parseQuery(query);
    const runs = [...query.matchAll(/(^|[^-{HAN}])([{HAN}]{{3,}})/g)].map((found) => found[2]);
    const highlight = new Set([...runs, ...parsed[3]]);
    parsed[3] = highlight;
    if (typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED) {{
      localStorage.setItem("sphinx_highlight_terms", [...highlight].join(" "));
    }}
    return parsed;
  }};
}}
"""


def pairs(run: str) -> list[str]:
    """The overlapping pairs of characters of ``run`` (itself when it is shorter)."""
    return [run[i : i + 2] for i in range(len(run) - 1)] or [run]


class BookChinese(SearchChinese):
    """``SearchChinese`` that indexes pairs of characters, with its own set of Latin terms."""

    js_splitter_code = SPLIT_QUERY

    def init(self, options: dict[str, str]) -> None:
        super().init({})  # the stemmer; no options: jieba's dictionary is not needed
        self.latin_terms: set[str] = set()  # shadows the class's ever-growing list

    def split(self, input: str) -> list[str]:
        """The pairs of each run of Chinese characters, then the Latin words."""
        chinese = [pair for run in HAN_RUN.findall(input) for pair in pairs(run)]
        latin = [term.strip() for term in self.latin1_letters.findall(input)]
        self.latin_terms.update(latin)
        return chinese + latin


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(BookChinese)
    return {"version": "0.2.0", "parallel_read_safe": True, "parallel_write_safe": True}
