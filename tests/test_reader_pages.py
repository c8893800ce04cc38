"""The reader's page, second pass (issue 20): copy buttons, print, typography, a phone's
chrome, as a first-time reader meets them on a 390×844 touch phone and at 1280×900.

Each test failed on the site as it was before its fix, at the width where the problem showed.
"""

from __future__ import annotations

import pytest

from tests.test_site_browser import (
    DRAW_ALL,
    open_on_a_touch_phone,
    site,
    site_pages,
)

__all__ = ["site"]  # the served site, a fixture of the browser tests

PAGES = [*site_pages("_toc.yml"), *site_pages("_toc.en.yml", "en/")]
CODE_PAGES = ["book/backprop.html", "book/descent.html", "book/iterate.html", "book/gradient.html"]
CODE_PAGES += ["book/exercises.html", "en/book/backprop_en.html"]

# -- item 3: copy buttons -------------------------------------------------------------------

# Words of code or output that a copy button is drawn over (as far as the box shows them).
COVERED_BY_COPY_BUTTONS = """() => {
  const covered = [];
  for (const button of document.querySelectorAll('button.copybtn')) {
    const b = button.getBoundingClientRect();
    const pre = button.parentElement.querySelector('pre');
    if (!b.width || !pre) continue;
    const box = pre.getBoundingClientRect();
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode());) {
      for (const word of n.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(n, word.index);
        range.setEnd(n, word.index + word[0].length);
        for (const r of range.getClientRects()) {
          const left = Math.max(r.left, b.left, box.left);
          const right = Math.min(r.right, b.right, box.right);
          const top = Math.max(r.top, b.top), bottom = Math.min(r.bottom, b.bottom, box.bottom);
          if (right - left > 1 && bottom - top > 1) covered.push(word[0]);
        }
      }
    }
  }
  return covered;
}"""


@pytest.mark.parametrize("path", CODE_PAGES)
def test_copy_buttons_leave_code_and_outputs_readable_on_a_touch_screen(browser, site, path):
    page = open_on_a_touch_phone(browser, f"{site}/{path}")
    page.evaluate(DRAW_ALL)
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => (d.open = true))")
    page.wait_for_selector("button.copybtn", state="attached")
    assert page.locator("button.copybtn").count() >= 1
    assert page.evaluate(COVERED_BY_COPY_BUTTONS) == []
    page.context.close()
