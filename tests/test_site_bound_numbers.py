"""A bound number tells its computed value at a desktop: a formula's numbers on hover, a
number in prose on keyboard focus, described for screen readers."""

from __future__ import annotations

import pytest

from tests.browsing import DRAW_ALL, open_page

pytestmark = pytest.mark.browser


def test_a_bound_number_in_a_formula_shows_its_exact_value(browser, site):
    page = open_page(browser, f"{site}/book/backprop.html", draw_all=False)
    number = page.locator('.bp-bound [data-bp-key="delta_X"]').first
    number.scroll_into_view_if_needed()
    number.hover()
    shown = number.evaluate("el => getComputedStyle(el, '::after').content")
    assert "0.0786934" in shown
    page.evaluate(DRAW_ALL)  # the first such formula may be below the screen, not yet drawn
    formula = page.locator(".math.bp-bound").first
    assert formula.get_attribute("tabindex") == "0"  # reachable by keyboard
    assert "计算值" in formula.locator(".visually-hidden").inner_text()  # and described
    page.close()


def test_a_bound_number_in_prose_reveals_its_value_on_focus(browser, site):
    page = open_page(browser, f"{site}/book/iterate.html", draw_all=False)
    number = page.locator('.bp-number[data-bp-key="steps"]').first
    tip = number.locator(".bp-tip")
    assert tip.evaluate("el => getComputedStyle(el).opacity") == "0"
    page.keyboard.press("Tab")
    number.focus()
    assert tip.evaluate("el => getComputedStyle(el).opacity") == "1"
    assert "计算值 3.0" in tip.inner_text()
    page.close()
