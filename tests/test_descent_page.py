"""Section 1.4 (梯度下降): reached from 1.3, every number bound, a stale number stops the build."""

from __future__ import annotations

import re

import pytest

from scripts.browser import serve
from tests.book import build, edit, line_of

PAGE = "book/descent.md"


def test_the_section_builds_with_its_numbers_figure_and_exercises(built):
    html = (built / "_build/html/book/descent.html").read_text(encoding="utf8")
    text = re.sub(r"<[^>]+>", "", html)
    assert "1.4 梯度下降" in text and "本节为扩展内容" in text
    for tag in range(1, 6):
        assert f"(1.4.{tag})" in text
    assert 'id="fig-rates"' in html and "<img" in html.split('id="fig-rates"', 1)[1][:2000]
    assert text.count("答案") >= 3
    chapter = (built / "_build/html/book/backprop.html").read_text(encoding="utf8")
    link = re.search(
        r'<a class="reference internal" href="([^"]+)"[^>]*>(?:<span[^>]*>)?第 1\.4 节', chapter
    )
    assert link and link[1].startswith("descent.html"), "1.3 must link 第 1.4 节 to 1.4"


@pytest.mark.build
def test_a_changed_digit_in_the_section_fails(book):
    edit(book / PAGE, r"\num{chain_steps_a}{38}", r"\num{chain_steps_a}{37}")
    line = line_of(book, PAGE, r"\num{chain_steps_a}{37}")
    result = build(book)
    assert not result.ok
    assert f"{PAGE}:{line}: printed '37' for 'chain_steps_a', computed 38" in result.output


@pytest.mark.build
def test_a_changed_learning_rate_makes_the_printed_step_counts_fail(book):
    """The text keeps its numbers while the cell changes: the check must notice."""
    edit(book / PAGE, "rate = 0.05\n", "rate = 0.06\n")
    result = build(book)
    assert not result.ok
    assert "printed '0.05' for 'one_rate', computed 0.06" in result.output
    assert "for 'one_steps'" in result.output


@pytest.mark.browser
def test_the_reader_goes_from_1_3_to_1_4_in_one_click(browser, built):
    with serve(built / "_build/html") as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(f"{base}/book/backprop.html")
        page.locator("a", has_text="第 1.4 节").first.click()
        page.wait_for_load_state()
        assert page.url.split("#")[0].endswith("/book/descent.html")
        assert page.locator("h1").first.inner_text().startswith("1.4 梯度下降")
        figure = page.locator("#fig-rates img")
        figure.scroll_into_view_if_needed()
        assert figure.evaluate("img => img.complete && img.naturalWidth") > 0
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("term", ["梯度下降", "学习率"])
def test_search_finds_the_section(browser, built, term):
    with serve(built / "_build/html") as base:
        page = browser.new_page()
        page.goto(f"{base}/search.html?q={term}")
        page.wait_for_selector("#search-results li", timeout=10_000)
        links = page.locator("#search-results li a").evaluate_all("els => els.map(a => a.href)")
        assert any("descent.html" in link for link in links), (term, links)
        page.close()
