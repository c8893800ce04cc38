"""Every page fits a phone's and a desktop's screen: nothing wider than the screen, formulas
scroll rather than clip, equation tags clear of their formulas."""

from __future__ import annotations

import pytest

from scripts.pages import CHINESE_PAGES, ENGLISH_PAGES
from tests.browsing import VIEWPORTS, at_widths

pytestmark = pytest.mark.browser

LAYOUT = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const problems = [];
  if (document.documentElement.scrollWidth > width) {
    problems.push(`page is ${document.documentElement.scrollWidth} px wide`);
  }
  for (const box of document.querySelectorAll('.katex-display > .katex > .katex-html')) {
    const tag = box.querySelector(':scope > .tag');
    const label = box.closest('.math')?.id || box.textContent.slice(0, 30);
    if (box.scrollWidth > box.clientWidth + 1 && !scrolls(box)) {
      problems.push(`formula ${label} is clipped without a scroll box`);
    }
    if (!tag) continue;
    const t = tag.getBoundingClientRect();
    for (const base of box.querySelectorAll(':scope > .base')) {
      const b = base.getBoundingClientRect();
      const overlap = Math.min(t.right, b.right) - Math.max(t.left, b.left) > 1
        && Math.min(t.bottom, b.bottom) - Math.max(t.top, b.top) > 1;
      if (overlap) {
        problems.push(`tag ${tag.textContent} is drawn over formula ${label}`);
        break;
      }
    }
  }
  return problems;
}"""


# Phones narrower and wider than the 390 px one, checked on the same page (a resize, not a
# new page): a small 360 px Android and a 414 px large phone.
OTHER_PHONE_WIDTHS = (360, 414)


@pytest.mark.parametrize("site_page", at_widths(CHINESE_PAGES + ENGLISH_PAGES), indirect=True)
def test_page_fits_the_screen_and_tags_stay_clear_of_formulas(site_page):
    page = site_page
    assert page.evaluate(LAYOUT) == []
    size = page.viewport_size
    if size["width"] == VIEWPORTS["phone"][0]:
        try:
            for width in OTHER_PHONE_WIDTHS:
                page.set_viewport_size({"width": width, "height": size["height"]})
                assert (width, page.evaluate(LAYOUT)) == (width, [])
        finally:
            page.set_viewport_size(size)
