"""What the Chinese search index costs for a page with many bound numbers, before and after
book/_ext/search_zh (the book's own search language).

Run: python -m benchmarks.search_index [--sizes 1000 2000 4000 8000] [--builds 2]

For each size a page is generated with that many bindings, as the site shows them in prose
(the printed literal, then the tip "计算值 …" with the computed value), and fed to Sphinx's
own IndexBuilder once per build, with Sphinx 7's SearchChinese and with the book's
BookChinese. Stock SearchChinese keeps every Latin word it has split in a class-level list,
so each build in one process is slower than the one before; the table shows seconds per
build and whether the two languages index the Latin words alike (Chinese is cut differently on
purpose: see search_zh).
"""

from __future__ import annotations

import argparse
import re
import time

from docutils.core import publish_doctree
from sphinx.search import IndexBuilder, languages
from sphinx.search.zh import SearchChinese

from book._ext.search_zh import BookChinese

OPTIONS: dict[str, str] = {}


def page(bindings: int) -> str:
    """reST for a page of ``bindings`` bound numbers in Chinese sentences."""
    lines = ["生成的页面", "==========", ""]
    for i in range(bindings):
        exact = 1 / (i + 7)
        lines.append(f"第{i}步的误差是 {exact:.4f}（计算值 {exact!r}），反向传播给节点 x_{i}。")
        lines.append("")
    return "\n".join(lines)


class IndexStore:
    """The search-index tables Sphinx keeps on the build environment, and nothing else."""

    def __init__(self) -> None:
        for table in (
            "titles",
            "filenames",
            "mapping",
            "title_mapping",
            "all_titles",
            "index_entries",
            "objtypes",
            "objnames",
        ):
            setattr(self, f"_search_index_{table}", {})


def index(language: type[SearchChinese], doctree, builds: int) -> tuple[list[float], dict]:
    """Seconds to feed the page, once per build in this process, and the last index."""
    languages["zh"] = language
    seconds = []
    for _ in range(builds):
        builder = IndexBuilder(IndexStore(), "zh", OPTIONS, "")
        start = time.perf_counter()
        builder.feed("generated", "generated.rst", "生成的页面", doctree)
        seconds.append(time.perf_counter() - start)
    return seconds, builder._mapping


def latin(mapping: dict) -> dict:
    """The index's Latin words (Sphinx's ``[a-zA-Z0-9_]+``), which both must index alike."""
    return {word: pages for word, pages in mapping.items() if re.fullmatch(r"\w+", word, re.A)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000, 8000])
    parser.add_argument("--builds", type=int, default=2)
    args = parser.parse_args()
    index(BookChinese, publish_doctree(page(10)), 1)  # warm up
    header = "".join(f"{f'build {b + 1} s':>12}" for b in range(args.builds))
    print(f"{'bindings':>9}  {'search language':<32}{header}{'same Latin':>12}")
    for size in args.sizes:
        doctree = publish_doctree(page(size))
        SearchChinese.latin_terms.clear()  # as in a fresh process
        stock, stock_index = index(SearchChinese, doctree, args.builds)
        book, book_index = index(BookChinese, doctree, args.builds)
        # Chinese is indexed differently on purpose (pairs of characters, not jieba's words).
        same = "yes" if latin(stock_index) == latin(book_index) else "NO"
        for name, seconds in (("Sphinx 7 SearchChinese", stock), ("book's BookChinese", book)):
            cells = "".join(f"{s:>12.3f}" for s in seconds)
            print(f"{size:>9}  {name:<32}{cells}{same:>12}")
    print(f"(Latin terms Sphinx's class-level list holds now: {len(SearchChinese.latin_terms):,})")


if __name__ == "__main__":
    main()
