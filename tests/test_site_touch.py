"""On a touch phone: controls large enough for a finger (a tapped number's tip is
tests/test_reader_tip.py's)."""

from __future__ import annotations

import pytest

from tests.browsing import VIEWPORTS, open_page

pytestmark = pytest.mark.browser

TOUCH_TARGETS = """() => [...document.querySelectorAll('a[href], button, summary, [tabindex="0"]')]
  .filter((el) => {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') return false;
    if (r.bottom < 0 || r.right < 0 || r.left >= innerWidth) return false;  // off-screen
    return !el.closest('p, li, td, dd, .math, figcaption, h1, h2, h3, h4, h5, h6, dt');
  })
  .filter((el) => { const r = el.getBoundingClientRect(); return r.width < 44 || r.height < 44; })
  .map((el) => {
    const name = (el.getAttribute('aria-label') || el.textContent).trim().slice(0, 30);
    return `${el.tagName}.${el.className} ${name}`;
  })"""


@pytest.mark.parametrize("path", ["book/backprop.html", "book/iterate.html"])
def test_touch_targets_are_44_px_on_a_phone(browser, site, path):
    """Buttons and controls (not links inside sentences, which WCAG exempts)."""
    page = open_page(browser, f"{site}/{path}", viewport=VIEWPORTS["phone"])
    assert page.evaluate(TOUCH_TARGETS) == []
    page.close()
