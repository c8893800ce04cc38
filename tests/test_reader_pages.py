"""The reader's page, second pass (issue 20): copy buttons, print, typography, a phone's
chrome, as a first-time reader meets them on a 390×844 touch phone and at 1280×900.

Each test failed on the site as it was before its fix, at the width where the problem showed.
"""

from __future__ import annotations

import pytest

from scripts.pages import CHINESE_CHAPTERS, ENGLISH_CHAPTERS
from tests.browsing import DRAW_ALL, at_widths, open_on_a_touch_phone, open_page, shown_text

PAGES = [*CHINESE_CHAPTERS, *ENGLISH_CHAPTERS]
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


# -- items 7 and 10: print ------------------------------------------------------------------

# Interface controls a printed page would show: buttons, a code cell's "▶ 显示代码", heading
# links, fields, the toolbar, the links to the next page and to the other edition.
PRINTED_CONTROLS = """() => [...document.querySelectorAll(
    'button, [role="button"], details.hide > summary, .cell details > summary, input,'
    + ' .headerlink, .bd-header-article, .prev-next-area, .bp-edition, .skip-link')]
  .filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  })
  .map((el) => `${el.tagName}.${el.className} ${el.textContent.trim().slice(0, 20)}`)"""


@pytest.mark.parametrize("site_page", at_widths(PAGES), indirect=True)
def test_a_printed_page_shows_no_interface_controls(site_page):
    site_page.emulate_media(media="print")
    try:
        assert site_page.evaluate(PRINTED_CONTROLS) == []
    finally:
        site_page.emulate_media(media="screen")


def test_the_print_button_says_print_in_mainland_wording(browser, site):
    page = open_page(browser, f"{site}/book/backprop.html")
    button = page.locator(".btn-download-pdf-button")
    assert button.count() == 1
    labels = button.evaluate(
        "b => ['title', 'data-bs-original-title', 'aria-label'].map((a) => b.getAttribute(a))"
        "  .join(' ')"
    )
    assert "打印" in labels and "列印" not in page.content(), labels
    page.close()


# -- item 8: typography ---------------------------------------------------------------------

# Chinese punctuation takes its own space: a blank beside it is a stray gap ("答案， bp").
CJK_PUNCTUATION = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
# The page's text as shown (the answers opened), less code and what only a screen reader reads.
NOT_SHOWN = "pre, .cell_input, .katex-mathml, .visually-hidden, script, style"


@pytest.mark.parametrize("path", CHINESE_CHAPTERS)
def test_no_blank_beside_chinese_punctuation(browser, site, path):
    """In the text and the footer ("作者： bp-book 作者")."""
    import re

    page = open_page(browser, f"{site}/{path}")
    text = shown_text(page, NOT_SHOWN, root=".bd-main", code_as_word=True, open_details=True)
    page.close()
    stray = re.findall(rf".?[{CJK_PUNCTUATION}][ \t]+\S|\S[ \t]+[{CJK_PUNCTUATION}]", text)
    assert stray == [], path


# Closing punctuation that a line starts with: the formula before it ended the line above.
LINES_OPENED_BY_PUNCTUATION = """() => {
  const found = [];
  for (const block of document.querySelectorAll('.bd-article :is(p, li, dd, td)')) {
    const box = block.getBoundingClientRect();
    const left = box.left + parseFloat(getComputedStyle(block).paddingLeft);
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode());) {
      if (n.parentElement.closest('.katex, .bp-tip, .visually-hidden, pre')) continue;
      for (const m of n.textContent.matchAll(/[，。、；：？！）」』】〕]/g)) {
        const range = document.createRange();
        range.setStart(n, m.index);
        range.setEnd(n, m.index + 1);
        const r = range.getClientRects()[0];
        if (r && Math.abs(r.left - left) < 2 && r.top > box.top + 4) {
          found.push(n.textContent.slice(m.index, m.index + 8));
        }
      }
    }
  }
  return found;
}"""


@pytest.mark.parametrize("site_page", at_widths(PAGES), indirect=True)
def test_no_line_starts_with_closing_punctuation(site_page):
    """After an inline formula the browser may break before "。"; Chinese never does."""
    opened = """() => [...document.querySelectorAll('details:not([open])')]
      .map((d) => { d.open = true; return d; })"""
    handle = site_page.evaluate_handle(opened)
    try:
        assert site_page.evaluate(LINES_OPENED_BY_PUNCTUATION) == []
    finally:  # closed again: other tests read the same page
        site_page.evaluate("(ds) => ds.forEach((d) => (d.open = false))", handle)


# -- item 9: a phone's chrome ---------------------------------------------------------------

TOOLBARS = """() => [...document.querySelectorAll('#pst-header, .bd-header-article')]
  .filter((el) => el.getBoundingClientRect().height > 0).length"""
# The title's own lines, and how many it would need at the column's width with nothing beside it.
TITLE = """() => {
  const h1 = document.querySelector('.bd-article h1');
  const texts = [];
  const walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    if (!n.parentElement.closest('.headerlink') && n.textContent.trim()) texts.push(n);
  }
  const tops = new Set(), text = { top: Infinity, bottom: -Infinity };
  for (const n of texts) {
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) {
      tops.add(Math.round(r.top));
      text.top = Math.min(text.top, r.top);
      text.bottom = Math.max(text.bottom, r.bottom);
    }
  }
  // The same title laid out alone at the column's width, so that the count allows for
  // English wrapping between words (not a character count of the width).
  const alone = h1.cloneNode(true);
  alone.querySelectorAll('.headerlink').forEach((a) => a.remove());
  alone.style.cssText = `position:absolute;visibility:hidden;left:0;top:0;margin:0;float:none;
    width:${h1.parentElement.clientWidth}px`;
  h1.parentElement.appendChild(alone);
  const aloneTops = new Set();
  const aloneWalker = document.createTreeWalker(alone, NodeFilter.SHOW_TEXT);
  for (let n; (n = aloneWalker.nextNode());) {
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) if (r.width > 0) aloneTops.add(Math.round(r.top));
  }
  alone.remove();
  const box = h1.getBoundingClientRect();
  return {
    lines: tops.size,
    needed: aloneTops.size,
    below: box.bottom - text.bottom,  // room the title's box takes under its text
  };
}"""


@pytest.mark.parametrize("site_page", at_widths(PAGES), indirect=True)
def test_a_page_has_one_toolbar_and_its_title_the_whole_column(site_page):
    """No second toolbar; the title is not squeezed by the language link (再迭代几/次) nor
    followed by a band where an invisible heading link wrapped to a line of its own."""
    assert site_page.evaluate(TOOLBARS) == 1
    title = site_page.evaluate(TITLE)
    assert title["lines"] <= max(title["needed"], 1), title
    assert title["below"] < 16, title


# -- item 11: links inside sentences --------------------------------------------------------

# Links inside the text that a finger gets less than 24 px of height to hit (WCAG 2.5.8).
HEADING_SIZES = """() => ['h1', 'h2', 'h3']
  .map((tag) => document.querySelector(`.bd-article ${tag}`))
  .filter(Boolean).map((h) => parseFloat(getComputedStyle(h).fontSize))"""


@pytest.mark.parametrize("site_page", at_widths(PAGES), indirect=True)
def test_each_heading_level_is_smaller_than_the_one_above(site_page):
    """A phone's smaller title (2rem, so that "Backpropagation:" fits 360 px) had left the
    section headings under it larger than the title itself."""
    sizes = site_page.evaluate(HEADING_SIZES)
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == len(sizes), sizes


SHORT_INLINE_LINKS = """() => [...document.querySelectorAll(
    '.bd-article :is(p, li, td, dd) a[href]:not(.headerlink)')]
  .filter((a) => {
    const r = a.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.height < 24 && !a.querySelector('img');
  })
  .map((a) => `${a.textContent.trim().slice(0, 20)} ${a.getBoundingClientRect().height} px`)"""


@pytest.mark.parametrize("path", ["book/backprop.html", "book/descent.html", "book/iterate.html"])
def test_links_in_sentences_are_24_px_tall_on_a_touch_screen(browser, site, path):
    page = open_on_a_touch_phone(browser, f"{site}/{path}")
    page.evaluate(DRAW_ALL)
    assert page.evaluate(SHORT_INLINE_LINKS) == []
    page.context.close()
