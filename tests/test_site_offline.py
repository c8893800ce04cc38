"""The built site works offline: every page loads from the site alone, with no error in the
console and no raw TeX in its prose."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.browsing import DESKTOP_PAGES, shown_text

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("site_page", DESKTOP_PAGES, indirect=True)
def test_every_page_loads_only_from_the_site_with_no_errors(site, site_page):
    page = site_page  # what it fetched and logged since it loaded, whatever tests read it
    host = urlparse(site).netloc
    external = [u for u in page.requests if urlparse(u).netloc not in (host, "")]
    assert external == [], external
    assert page.failures == [], page.failures
    assert page.errors == [], page.errors
    text = shown_text(page, "code, pre")  # less code, where TeX may be shown on purpose
    for raw in (r"\frac", r"\tag", "$$", r"\num", r"\lit"):
        assert raw not in text, f"raw TeX {raw!r} visible"
