"""Search as a reader meets it (issue 20, item 2): every word of the text is found, and a
result's snippet is text the reader can see on that page.

The words searched for are drawn from the built pages themselves (a seeded sample of each
page's prose, Chinese and English), not from a fixed list.
"""

from __future__ import annotations

import random
import re

import pytest

from scripts.pages import CHINESE_CHAPTERS, ENGLISH_CHAPTERS
from tests.browsing import VIEWPORTS, open_page, shown_text

SAMPLES_PER_PAGE = 3
# The page's text as a reader sees it: no code, no hidden text (the MathML copy and the
# description of a formula are for screen readers), no controls, no heading links.
UNSEEN = (
    ".katex-mathml, .visually-hidden, .bp-tip, .headerlink, summary, button, .bp-edition, "
    ".prev-next-area, footer, .bd-header-article, .bd-sidebar-secondary, .onlyprint, "
    # an explorable page's sliders, which explore.js adds above the text; a wide figure's
    # hint to scroll it sideways, shown on a narrow screen while the figure overflows
    ".bp-explore, .bp-scroll-hint"
)
CODE = "pre, .cell_input, div.highlight"
# Text nodes of the prose, each whole (a word is drawn from inside one text node).
PROSE_TEXTS = f"""() => {{
  const out = [];
  const main = document.querySelector('[role="main"]');
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {{
    const el = n.parentElement;
    if (el.closest('{UNSEEN}, {CODE}, code, .katex, .cell_output, script, style')) continue;
    if (!el.closest('p, li, h1, h2, h3, td, figcaption, dd')) continue;
    out.push(n.textContent);
  }}
  return out;
}}"""
RESULTS = """() => [...document.querySelectorAll('#search-results li')].map((li) => ({
  href: li.querySelector('a').href,
  snippet: li.querySelector('p.context')?.textContent ?? null,
}))"""
# Finished, and every page result has its snippet (a result for an API object, a link to its
# anchor, has none).
DONE = """() => document.querySelector('#search-results p.search-summary')?.innerText.length > 0
  && [...document.querySelectorAll('#search-results li')]
    .every((li) => li.querySelector('p') || li.querySelector('a').hash)"""
ENGLISH_STOPWORDS = {"with", "that", "this", "their", "then", "there", "these", "they", "will"}


def search(browser, site, term: str, english: bool = False) -> list[dict]:
    """The results of searching ``term``, each with the page it links to and its snippet."""
    folder = "en/" if english else ""
    page = open_page(browser, f"{site}/{folder}search.html?q={term}", draw_all=False)
    page.wait_for_function(DONE, timeout=15_000)
    results = page.evaluate(RESULTS)
    page.close()
    for result in results:
        result["page"] = result["href"].split(site + "/", 1)[1].split("#")[0]
    return results


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def sample_words(texts: list[str], english: bool, rng: random.Random) -> list[str]:
    """``SAMPLES_PER_PAGE`` words of these texts: two to four Chinese characters from one run
    of them, or an English word of five letters or more."""
    if english:
        words = {
            w
            for t in texts
            for w in re.findall(r"[A-Za-z]{5,}", t)
            if w.lower() not in ENGLISH_STOPWORDS
        }
        return rng.sample(sorted(words), min(SAMPLES_PER_PAGE, len(words)))
    runs = sorted({r for t in texts for r in re.findall(r"[\u3400-\u9fff]{2,}", t)})
    words = []
    for run in rng.sample(runs, min(SAMPLES_PER_PAGE, len(runs))):
        length = rng.randint(2, min(4, len(run)))
        start = rng.randint(0, len(run) - length)
        words.append(run[start : start + length])
    return words


@pytest.mark.parametrize("path", [*CHINESE_CHAPTERS, *ENGLISH_CHAPTERS])
def test_words_drawn_from_a_page_find_it_with_a_snippet_of_its_visible_text(browser, site, path):
    english = path.startswith("en/")
    page = open_page(browser, f"{site}/{path}")
    texts = page.evaluate(PROSE_TEXTS)
    shown = shown_text(page, f"{UNSEEN}, {CODE}", root='[role="main"]', open_details=True)
    visible = squeezed(shown)
    page.close()
    words = sample_words(texts, english, random.Random(path))
    assert words, f"no prose on {path}"
    for word in words:
        results = search(browser, site, word, english)
        found = [r for r in results if r["page"] == path]
        assert found, f"searching {word!r} does not find {path}: {[r['page'] for r in results]}"
        snippet = squeezed(found[0]["snippet"] or "").removeprefix("...").removesuffix("...")
        assert snippet and snippet in visible, (word, found[0]["snippet"])


@pytest.mark.parametrize(
    ("term", "path"), [("牛顿法", "book/descent.html"), ("问题得解", "book/backprop.html")]
)
def test_words_the_reader_met_in_the_text_are_found(browser, site, term, path):
    assert path in [r["page"] for r in search(browser, site, term)]


SEARCH_FIELD = """() => {
  const field = [...document.querySelectorAll('form.bd-search')]
    .find((f) => f.getBoundingClientRect().width > 0 && f.closest('main'));
  const input = field.querySelector('input');
  const style = getComputedStyle(input);
  const textStart = input.getBoundingClientRect().left + parseFloat(style.paddingLeft);
  const icons = [...field.querySelectorAll('i, svg')].filter(
    (i) => i.getBoundingClientRect().width > 0);
  return icons.map((i) => [i.getBoundingClientRect().right, textStart]);
}"""
# Search controls the reader sees without opening anything: fields and buttons.
VISIBLE_SEARCH_CONTROLS = """() => [...document.querySelectorAll(
    '.search-button-field, .search-button, form.bd-search')]
  .filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && !el.closest('dialog');
  }).length"""


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_the_magnifier_does_not_cover_the_typed_text(browser, site, viewport):
    page = open_page(browser, f"{site}/search.html?q=误差", viewport=viewport)
    for icon_right, text_start in page.evaluate(SEARCH_FIELD):
        assert icon_right <= text_start, (icon_right, text_start)
    page.close()


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
@pytest.mark.parametrize("path", ["book/backprop.html", "en/book/backprop_en.html"])
def test_a_page_shows_one_way_to_search(browser, site, path, viewport):
    page = open_page(browser, f"{site}/{path}", viewport=viewport)
    assert page.evaluate(VISIBLE_SEARCH_CONTROLS) == 1
    page.close()
