"""Accessibility: no serious axe violation on any page, and no header control without a visible
icon or text."""

from __future__ import annotations

import pytest

from scripts.pages import CHINESE_PAGES, ENGLISH_PAGES
from tests.browsing import VIEWPORTS, open_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", CHINESE_PAGES + ENGLISH_PAGES)
def test_no_serious_accessibility_violations(browser, site, path):
    """On a page of its own: axe re-reads the page's stylesheets and asks for one at a wrong
    path (basic.css at the site's root), a 404 and a console error that are not the page's
    and would fail test_site_offline on a shared page (tests/conftest.py, site_page)."""
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(browser, f"{site}/{path}")
    violations = Axe().run(page).response["violations"]
    page.close()
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


# Header controls whose every icon, image and text has no size: a blank button.
BLANK_CONTROLS = """() => [...document.querySelectorAll(
    '.bd-header button, .bd-header a, .bd-header-article button, .bd-header-article a')]
  .filter((el) => el.getBoundingClientRect().width > 0 && !el.innerText.trim())
  .filter((el) => ![...el.querySelectorAll('[class*="fa-"], svg, img')]
    .some((c) => c.getBoundingClientRect().width > 0))
  .map((el) => el.outerHTML.slice(0, 120))"""


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
@pytest.mark.parametrize("path", ["book/backprop.html", "en/book/backprop_en.html"])
def test_every_header_control_shows_its_icon(browser, site, path, viewport):
    """The theme draws some icons only through Font Awesome's script, which the site drops."""
    page = open_page(browser, f"{site}/{path}", viewport=viewport)
    assert page.evaluate(BLANK_CONTROLS) == []
    page.close()
