"""On a touch phone: controls large enough for a finger, and a tapped number shows its computed
value inside the screen."""

from __future__ import annotations

import pytest

from tests.browsing import VIEWPORTS, open_on_a_touch_phone, open_page

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


def test_a_tapped_number_in_prose_shows_its_value_inside_the_screen(browser, site):
    page = open_on_a_touch_phone(browser, f"{site}/book/iterate.html")
    number = page.locator('.bp-number[data-bp-key="steps"]').first
    tip = number.locator(".bp-tip")
    number.scroll_into_view_if_needed()
    assert tip.evaluate("el => getComputedStyle(el).opacity") == "0"
    number.tap()
    page.wait_for_timeout(400)  # in case the tip fades in
    assert tip.evaluate("el => getComputedStyle(el).opacity") == "1"
    box = tip.bounding_box()
    width, height = VIEWPORTS["phone"]
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert box["y"] >= 0 and box["y"] + box["height"] <= height
    # Its block is never contained (content-visibility), which would clip the tip to the block.
    block = "n => getComputedStyle(n.closest('.bd-article section > *')).contentVisibility"
    assert number.evaluate(block) == "visible"
    assert "计算值 3.0" in tip.inner_text()
    page.context.close()


def test_a_tapped_formula_shows_the_values_of_its_numbers(browser, site):
    page = open_on_a_touch_phone(browser, f"{site}/book/backprop.html")
    number = page.locator('.bp-bound [data-bp-key="delta_X"]').first
    number.scroll_into_view_if_needed()
    shown = "el => getComputedStyle(el, '::after').content"
    assert "0.0786934" not in number.evaluate(shown)
    number.tap()
    assert "0.0786934" in number.evaluate(shown)
    page.context.close()
