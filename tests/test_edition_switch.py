"""The language switch lands on the section being read (issue 20, item 11; issue 21).

Each section below a page's title carries the id of its place, bp-section-<k>, in both
editions (reader_site/edition.py); the link to the other edition sits in the article's header
bar, which stays on screen, and adds the id of the section at the top of the screen when it is
followed. Before, the link sat above the title and opened the other page at its top.
"""

from __future__ import annotations

import re

import pytest

from tests.test_site_browser import VIEWPORTS, open_on_a_touch_phone, open_page, site, site_pages

__all__ = ["site"]  # the served site, a fixture of the browser tests

MARK = re.compile(r'id="(bp-section-\d+)"')
HEADING = re.compile(r"<h([2-6])[^>]*>(.*?)<", re.DOTALL)
PAIRS = [
    (chinese, f"en/{chinese.removesuffix('.html')}_en.html")
    for chinese in site_pages("_toc.yml")
    if f"en/{chinese.removesuffix('.html')}_en.html" in site_pages("_toc.en.yml", "en/")
]
# (Chinese page, English page, the section read: its place in the page, its number if any)
DEEP = [
    ("book/backprop.html", "en/book/backprop_en.html", 4, "1.3.4"),
    ("book/iterate.html", "en/book/iterate_en.html", 2, None),
    ("book/exercises.html", "en/book/exercises_en.html", 4, "1.3.4"),
]


def heading_levels(html: str) -> list[str]:
    """The level of each section heading below the title, and its number where it has one."""
    found = []
    for level, text in HEADING.findall(html.split('<div class="bd-article-container"', 1)[-1]):
        number = re.match(r"\s*(?:习题|Exercise)?\s*(\d+(?:\.\d+)+)", text)
        found.append(f"h{level} {number[1] if number else ''}".strip())
    return found


def test_every_translated_page_has_a_translation_of_each_section(built):
    """The ids match only if the sections do: the same count, levels and numbers."""
    assert len(PAIRS) >= 7
    for chinese, english in PAIRS:
        here = (built / "_build/html" / chinese).read_text(encoding="utf8")
        there = (built / "_build/html" / english).read_text(encoding="utf8")
        assert MARK.findall(here) == MARK.findall(there), (chinese, english)
        assert heading_levels(here) == heading_levels(there), (chinese, english)


def read_and_switch(page, place: int, tap: bool) -> None:
    """Bring the section at ``place`` to the top of the screen, as a reader scrolls, and
    follow the link to the other edition (a tap on a phone, a click on a desktop)."""
    page.evaluate(  # the sections below the title, in document order, as a reader counts them
        f"document.querySelectorAll('.bd-article section section')[{place - 1}]"
        ".querySelector('h2, h3, h4').scrollIntoView({{block: 'start'}})"
    )
    page.mouse.wheel(0, 1)  # a reader's scroll, not only a jump
    page.wait_for_timeout(200)
    link = page.locator(".bp-edition a")
    assert link.is_visible()  # in the header bar, on screen deep in the page
    with page.expect_navigation():
        link.tap() if tap else link.click()
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)


def section_at_top(page) -> dict:
    return page.evaluate(
        """() => {
        const header = document.querySelector('.bd-header-article').getBoundingClientRect();
        for (const mark of document.querySelectorAll("[id^='bp-section-']")) {
          const heading = mark.closest('section').querySelector('h2, h3, h4');
          const top = heading.getBoundingClientRect().top;
          if (top >= header.bottom - 2 && top < innerHeight * 0.3)
            return {id: mark.id, text: heading.textContent, hash: location.hash};
        }
        return {id: null, hash: location.hash, y: scrollY};
    }"""
    )


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize(("chinese", "english", "place", "number"), DEEP)
def test_the_switch_lands_on_the_section_being_read(
    browser, site, width, chinese, english, place, number
):
    for start, goal in ((chinese, english), (english, chinese)):
        url = f"{site}/{start}"
        if width == "phone":
            page = open_on_a_touch_phone(browser, url)
        else:
            page = open_page(browser, url, viewport=VIEWPORTS[width], draw_all=False)
        read_and_switch(page, place, tap=width == "phone")
        assert page.url.split("#")[0] == f"{site}/{goal}"
        landed = section_at_top(page)
        assert landed["id"] == f"bp-section-{place}", (start, landed)
        if number:
            assert number in landed["text"]
        page.context.close() if width == "phone" else page.close()
