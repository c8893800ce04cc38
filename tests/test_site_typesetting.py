"""The chapter as typeset: formulas, tags, references and notes, prose numbers as prose, no raw
TeX and no space between Chinese characters on any page."""

from __future__ import annotations

import re

import pytest

from tests.browsing import ARTIFACTS, DESKTOP_PAGES, HAN, open_page, shown_text

pytestmark = pytest.mark.browser


def test_chapter_is_typeset_with_tags_figure_and_notes(browser, site):
    page = open_page(browser, f"{site}/book/backprop.html")
    assert page.locator(".katex").count() > 30
    text = page.inner_text("main")
    for tag in range(1, 10):
        assert f"(1.3.{tag})" in text
    assert page.title().startswith("1.3 反向传播")
    assert "原文印作 1.4996（截断" in text  # the deviation note needs no hover
    description = page.locator('meta[property="og:description"]').get_attribute("content")
    assert "反向传播" in description
    assert "github.com/bp-book/bp-book" in page.inner_text(".bd-footer-content")
    downloads = page.locator(".dropdown-download-buttons a").evaluate_all(
        "els => els.map((a) => a.getAttribute('href'))"
    )
    assert any(h.endswith(".ipynb") for h in downloads)
    assert any(h.endswith(".md") for h in downloads)
    assert page.locator("button.copybtn").count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "chapter.png", full_page=True)
    page.close()


def test_equation_and_figure_references_resolve(browser, site):
    page = open_page(browser, f"{site}/book/backprop.html")
    for label in ("eq-1-3-5", "eq-1-3-7", "fig-bp"):
        link = page.locator(f'a[href="#{label}"]').first
        assert link.count() == 1, label
        assert page.locator(f"#{label}").count() == 1, label
    assert page.locator('a[href="#eq-1-3-7"]').first.inner_text() == "式（1.3.7）"
    page.close()


@pytest.mark.parametrize("site_page", DESKTOP_PAGES, indirect=True)
def test_no_raw_tex_and_no_space_between_chinese_characters(site_page):
    page = site_page
    # Cell outputs included; inline code may show TeX on purpose, so it counts as a word.
    text = shown_text(page, ".cell_input, .visually-hidden, script, style", code_as_word=True)
    raw = re.findall(r"\\(?:frac|sqrt|tag|num|lit|begin|end|Delta|ln)\b|\$\$", text)
    assert raw == [], f"raw TeX {raw} visible"
    spaced = [m.group(0) for m in re.finditer(rf"{HAN}[ \t]+{HAN}", text)]
    assert spaced == [], f"spaces between Chinese characters: {spaced}"


def test_story_numbers_render_as_prose(browser, site):
    page = open_page(browser, f"{site}/book/backprop.html")
    story = page.locator("main p", has_text="乙第一次猜").first
    assert "猜10元" in story.inner_text()
    assert story.locator(".katex").count() == 0  # the prices are prose type, not math
    page.close()
