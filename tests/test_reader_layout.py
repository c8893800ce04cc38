"""The text as a reader meets it on a phone: what scrolls says so, tables keep their rows, long
code is folded, the report has an outline, nothing is left undrawn, and the Chinese edition
speaks Chinese (issue 20, items 5, 7, 9 and 11).
"""

from __future__ import annotations

import re

import pytest

from scripts.browser import VIEWPORTS
from scripts.pages import TEXT_PAGES

pytestmark = pytest.mark.browser

PAGES = TEXT_PAGES
CHINESE_PAGES = [path for path in TEXT_PAGES if not path.startswith("en/")]
# The page the "descent" rewrite owns prints its errors through the same helper once merged.
ERROR_PAGES = [path for path in CHINESE_PAGES if path != "book/descent.html"]
LONG_CELL_LINES = 15  # reader_site/long_cells.py


def open_page(browser, url: str, viewport=VIEWPORTS["phone"], color_scheme: str = "light"):
    width, height = viewport
    page = browser.new_page(viewport={"width": width, "height": height}, color_scheme=color_scheme)
    page.goto(url, wait_until="load")
    return page


# What several tests read from one page at desktop width, read once per page.
DESKTOP_FACTS = """() => ({
  openCode: [...document.querySelectorAll('main article .cell_input')]
    .filter((cell) => !cell.closest('details:not([open])'))
    .map((cell) => [cell.innerText.replace(/\\n$/, '').split('\\n').length,
                    cell.innerText.trim().split('\\n')[0]]),
  outputs: [...document.querySelectorAll('main article .cell_output')]
    .map((output) => output.textContent),
  alts: [...document.querySelectorAll('main article img')]
    .map((img) => img.getAttribute('alt') || ''),
})"""
_facts: dict[str, dict] = {}


def desktop_facts(browser, url: str) -> dict:
    if url not in _facts:
        page = open_page(browser, url, VIEWPORTS["desktop"])
        _facts[url] = page.evaluate(DESKTOP_FACTS)
        page.close()
    return _facts[url]


# Every block of the text wider than its box: it either scrolls, showing that it does (a fade
# at the edge still hidden, or a shadow there: a gradient drawn over or under it), or it is
# cut, which is never right. The scroll bar of a phone's browser is hidden until touched, so
# it is no sign. Text kept for screen readers only (KaTeX's MathML, a tip's words) is clipped
# to a pixel on purpose.
SIDEWAYS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('main article *')) {
    if (el.scrollWidth <= el.clientWidth + 1 || !el.clientWidth) continue;
    if (el.closest('.katex-mathml, .visually-hidden, details:not([open])')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'inline') continue;
    const text = el.textContent.trim().slice(0, 40);
    const name = `${el.tagName}.${[...el.classList].join('.')}: ${text}`;
    if (!['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) continue;
    if (['hidden', 'clip'].includes(style.overflowX)) { out.push(`cut: ${name}`); continue; }
    el.scrollIntoView({block: 'center'});
    const cue = style.maskImage !== 'none' || style.backgroundImage.includes('gradient');
    if (!cue) out.push(`scrolls unannounced: ${name}`);
  }
  return out;
}"""


@pytest.mark.parametrize("path", PAGES)
def test_what_scrolls_sideways_on_a_phone_shows_that_it_does(browser, site, path):
    """(1.3.1) ended at "− f(" at the right edge, with nothing to say that it went on."""
    page = open_page(browser, f"{site}/{path}")
    page.evaluate(
        "() => document.head.insertAdjacentHTML('beforeend', "
        "'<style>*{content-visibility:visible!important}</style>')"
    )
    assert page.evaluate(SIDEWAYS) == []
    page.close()


# The iteration table's rows: each source line drawn on one line of the screen.
TABLE_ROWS = """() => [...document.querySelectorAll('main article .cell_output pre')]
  .filter((pre) => /^\\s*步\\s+X\\s+E/.test(pre.textContent))
  .map((pre) => {
    const lines = pre.textContent.replace(/\\n$/, '').split('\\n').length;
    const range = document.createRange();
    range.selectNodeContents(pre);
    const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    return [lines, tops.size];
  })"""


def test_the_iteration_table_keeps_each_row_on_one_line(browser, site):
    """On a phone each row wrapped over several lines, and the columns no longer lined up."""
    page = open_page(browser, f"{site}/book/iterate.html")
    rows = page.evaluate(TABLE_ROWS)
    page.close()
    assert rows, "no iteration table"
    assert all(lines == drawn for lines, drawn in rows), rows


@pytest.mark.parametrize("path", PAGES)
def test_long_code_cells_are_folded(browser, site, path):
    """On 再迭代几次, 40 lines of widget code a static page cannot run stood before the text."""
    open_code = desktop_facts(browser, f"{site}/{path}")["openCode"]
    assert [cell for cell in open_code if cell[0] > LONG_CELL_LINES] == []


@pytest.mark.parametrize("path", ["book/checks.html", "en/book/checks_en.html"])
def test_the_report_pages_parts_are_headings(browser, site, path):
    """ "Claims checked against the computation" was a paragraph made to look like a heading."""
    page = open_page(browser, f"{site}/{path}", VIEWPORTS["desktop"])
    headings = page.locator("main article h3").all_inner_texts()
    lead_ins = [
        text
        for text in page.locator('main article section[id^="numbercheck-"] > p').all_inner_texts()
        if re.search(r"[:：]\s*$", text)
    ]
    page.close()
    assert len(headings) >= 3
    assert lead_ins == []


# Blocks of the text whose contents the browser has not drawn (content-visibility: auto).
UNDRAWN = """() => [...document.querySelectorAll('.bd-article section > *')]
  .filter((el) => [...el.children]
    .some((c) => c.checkVisibility() && !c.checkVisibility({contentVisibilityAuto: true})))
  .length"""


def test_every_block_is_drawn_without_scrolling_to_it(browser, site):
    """A full-page screenshot showed blank 200 px bands where blocks had never been drawn."""
    page = open_page(browser, f"{site}/book/backprop.html")
    page.wait_for_timeout(3500)
    skipped = page.evaluate(UNDRAWN)
    page.close()
    assert skipped == 0


@pytest.mark.parametrize("path", ERROR_PAGES)
def test_errors_on_chinese_pages_are_explained_in_chinese(browser, site, path):
    """An error a cell prints (bp's DomainError…) was English only; bp's message may stay."""
    outputs = desktop_facts(browser, f"{site}/{path}")["outputs"]
    errors = [text for text in outputs if re.search(r"\w+Error\b", text)]
    unexplained = [
        line.strip()
        for text in errors
        for line in text.splitlines()
        if re.search(r"\w+Error\b", line) and not re.search(r"[\u4e00-\u9fff]", line)
    ]
    assert unexplained == []


@pytest.mark.parametrize("path", PAGES)
def test_no_cell_shows_a_python_warning(browser, site, path):
    """A Chinese axis label printed matplotlib's missing-glyph warnings under the plot."""
    outputs = desktop_facts(browser, f"{site}/{path}")["outputs"]
    assert [text for text in outputs if re.search(r"\w+Warning:", text)] == []


@pytest.mark.parametrize("path", PAGES)
def test_an_image_is_described_not_named_by_its_file(browser, site, path):
    alts = desktop_facts(browser, f"{site}/{path}")["alts"]
    assert [alt for alt in alts if not alt.strip() or re.search(r"\.(svg|png|jpe?g)$", alt)] == []


def test_the_iteration_plot_is_labelled_in_chinese(browser, site):
    page = open_page(browser, f"{site}/book/iterate.html", VIEWPORTS["desktop"])
    sources = page.evaluate("""async () => Promise.all(
      [...document.querySelectorAll('main article img[src$=".svg"]')]
        .map(async (img) => (await fetch(img.src)).text()))""")
    page.close()
    labels = [
        re.sub(r"<[^>]+>", "", text)
        for svg in sources
        for text in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.DOTALL)
    ]
    words = [label.strip() for label in labels if re.search(r"[A-Za-z]{2,}", label)]
    assert words == []


def test_the_home_page_tells_a_phone_reader_to_tap(browser, site):
    page = open_page(browser, f"{site}/book/intro.html")
    text = page.locator("main article").inner_text()
    page.close()
    assert "轻触" in text


@pytest.mark.parametrize("path", CHINESE_PAGES)
def test_mainland_wording_for_print(browser, site, path):
    """The print button's tooltip read 列印 (Taiwan usage); mainland Chinese says 打印."""
    page = open_page(browser, f"{site}/{path}", VIEWPORTS["desktop"])
    found = page.evaluate("""() => document.body.innerText + ' ' + [...document.querySelectorAll(
      '[title], [aria-label], [data-bs-title]')].map((el) => el.getAttribute('title') + ' '
      + el.getAttribute('aria-label') + ' ' + el.getAttribute('data-bs-title')).join(' ')""")
    page.close()
    assert "列印" not in found
