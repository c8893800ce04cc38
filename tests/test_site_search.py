"""The site's search finds the chapter's terms, in Chinese and in English, with snippets of
text rather than file types."""

from __future__ import annotations

import pytest

from tests.browsing import open_page

pytestmark = pytest.mark.browser

SEARCH_TERMS = ["反向传播", "计算图", "链式求导", "梯度下降", "误差", "导数"]


@pytest.mark.parametrize("term", SEARCH_TERMS)
def test_search_finds_the_chapter(browser, site, term):
    page = open_page(browser, f"{site}/search.html?q={term}")
    page.wait_for_selector("#search-results li", timeout=10_000)
    links = page.locator("#search-results li a").evaluate_all("els => els.map(a => a.href)")
    assert any("backprop.html" in link for link in links), (term, links)
    page.wait_for_selector("#search-results li p.context", timeout=10_000)
    summaries = page.locator("#search-results li p.context").all_inner_texts()
    assert not any(s.lstrip(". ").startswith(("ipynb", "md", "pdf")) for s in summaries), summaries
    page.close()


ENGLISH_SEARCH = {
    "backpropagation": "backprop_en.html",
    "chain rule": "backprop_en.html",
    "computation graph": "backprop_en.html",
    "gradient descent": "descent_en.html",
}


@pytest.mark.parametrize(("term", "found"), ENGLISH_SEARCH.items())
def test_english_search_finds_the_terms(browser, site, term, found):
    page = open_page(browser, f"{site}/en/search.html?q={term}")
    page.wait_for_selector("#search-results li", timeout=10_000)
    links = page.locator("#search-results li a").evaluate_all("els => els.map(a => a.href)")
    assert any(link.split("#")[0].endswith(found) for link in links), (term, links)
    page.close()


@pytest.mark.parametrize("term", ["学习率", "反向传播"])
def test_a_chinese_query_is_highlighted_whole_in_the_results_and_on_the_page(browser, site, term):
    """The index holds pairs of characters (search_zh), and Sphinx highlighted each pair in
    turn: 学习率's pairs overlap (学习, 习率), so only 学习 was marked. The query's run is
    marked whole, in the result's summary and on the page the result opens."""
    page = open_page(browser, f"{site}/search.html?q={term}")
    page.wait_for_selector("#search-results li p.context span.highlighted", timeout=10_000)
    marked = page.locator("#search-results li p.context span.highlighted").all_inner_texts()
    assert term in marked, marked
    page.locator("#search-results li a").first.click()
    page.wait_for_selector("article span.highlighted", timeout=10_000)
    marked = page.locator("article span.highlighted").all_inner_texts()
    assert term in marked, marked[:10]
    page.close()
