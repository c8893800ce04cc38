"""The language switch lands on the section being read (issue 20, item 11; issue 21).

Each section below a page's title carries the id of its place, bp-section-<k>, in both
editions (reader_site/edition.py); the link to the other edition sits in the article's header
bar, which stays on screen, and adds the id of the section at the top of the screen when it is
followed. Before, the link sat above the title and opened the other page at its top.
"""

from __future__ import annotations

import re

import pytest
import yaml

from tests.book import ROOT
from tests.browsing import VIEWPORTS, open_on_a_touch_phone, open_page


def site_pages(toc: str, folder: str = "") -> list[str]:
    """The chapter pages of a table of contents, as paths in the built site."""
    chapters = yaml.safe_load((ROOT / toc).read_text(encoding="utf8"))["chapters"]
    return [f"{folder}{entry['file']}.html" for entry in chapters]


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
    ("book/iterate.html", "en/book/iterate_en.html", 1, None),
    ("book/exercises.html", "en/book/exercises_en.html", 2, "1.3.2"),
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


def read_and_switch(page, place: int, tap: bool) -> dict:
    """Bring the section at ``place`` to the top of the screen, as a reader scrolls, and
    follow the link to the other edition (a tap on a phone, a click on a desktop); return
    the section at the top of the screen when the link was followed."""
    for _ in range(3):  # blocks drawn as they come near the screen move what follows them
        page.evaluate(  # the sections below the title, in document order, as a reader counts
            f"document.querySelectorAll('.bd-article section section')[{place - 1}]"
            ".querySelector('h2, h3, h4').scrollIntoView({block: 'start'})"
        )
        page.wait_for_timeout(150)
    read = section_at_top(page)
    box = page.locator(".bp-edition a").bounding_box()
    assert box and 0 <= box["y"] < 100, f"the switch is off the screen, at {box}"  # deep in
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    with page.expect_navigation():  # where a finger or the mouse is: no scrolling first
        page.touchscreen.tap(x, y) if tap else page.mouse.click(x, y)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    return read


def section_at_top(page) -> dict:
    """The section whose heading is at the top of the screen, just under the header bar:
    its place among the sections below the title (1, 2, …) and its heading."""
    return page.evaluate(
        """() => {
        const header = document.querySelector('.bd-header-article').getBoundingClientRect();
        const sections = document.querySelectorAll('.bd-article section section');
        for (const [index, section] of sections.entries()) {
          const heading = section.querySelector('h2, h3, h4');
          const top = heading.getBoundingClientRect().top;
          if (top >= header.bottom - 2 && top < innerHeight * 0.3)
            return {place: index + 1, text: heading.textContent, hash: location.hash};
        }
        return {place: null, hash: location.hash, y: scrollY};
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
        read = read_and_switch(page, place, tap=width == "phone")
        assert page.url.split("#")[0] == f"{site}/{goal}"
        landed = section_at_top(page)
        assert read["place"] == place, (start, read)  # the reader was deep in the page
        assert landed["place"] == place, (start, read, landed)
        if number:
            assert number in read["text"] and number in landed["text"]
        page.context.close() if width == "phone" else page.close()
