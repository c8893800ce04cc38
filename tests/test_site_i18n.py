"""Two editions, two interfaces: no English word in the Chinese interface, no Chinese in the
English one, and one tap to the same page in the other language."""

from __future__ import annotations

import re

import pytest

from scripts.pages import CHINESE_PAGES, ENGLISH_PAGES
from tests.browsing import HAN, VIEWPORTS, at_widths, open_page

pytestmark = pytest.mark.browser

# What a Chinese reader may see in Latin letters outside the text: names, file types, keys.
LATIN_ALLOWED = {"bp", "bp-book", "Binder", "PDF", "MIT", "GitHub", "Ctrl", "ipynb", "md", "pdf"}


# Text marked as another language (the language switch, written in the language it leads to,
# as switches are, with its lang attribute) is not the interface's language.
INTERFACE_TEXT = """() => {
  const out = [];
  const foreign = (el) => el.closest('[lang]') !== document.documentElement;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    const el = n.parentElement;
    const skipped = 'article, script, style, noscript, .visually-hidden, code, .katex';
    if (!el || el.closest(skipped) || foreign(el)) continue;
    if (n.textContent.trim()) out.push(n.textContent.trim());
  }
  const attributes = ['title', 'aria-label', 'placeholder', 'data-bs-title', 'alt'];
  for (const el of document.querySelectorAll(attributes.map((a) => `[${a}]`).join(','))) {
    // In the text, only the interface's own controls count (a code reference's title is code).
    if (el.closest('article') && !el.matches('.headerlink, summary, button')) continue;
    if (foreign(el)) continue;
    for (const a of attributes) {
      const v = el.getAttribute(a); if (v) out.push(v);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("site_page", at_widths(CHINESE_PAGES, ("desktop",)), indirect=True)
def test_interface_is_chinese(site_page):
    """Theme buttons, tooltips, footer, search box, index pages and heading links."""
    page = site_page
    english = set()
    for text in page.evaluate(INTERFACE_TEXT):
        words = set(re.findall(r"[A-Za-z][A-Za-z-]+", re.sub(r"https?://\S+", "", text)))
        if words - LATIN_ALLOWED:
            english.add(text[:60])
    assert english == set()
    issue = page.locator("a[href*='/issues/new']")
    if issue.count():
        href = issue.first.get_attribute("href")
        assert "template=page.md" in href and "Your" not in href, href


@pytest.mark.parametrize("site_page", at_widths(ENGLISH_PAGES, ("desktop",)), indirect=True)
def test_interface_is_english_on_english_pages(site_page):
    """The same places as above, on the English edition: no Chinese word outside the text."""
    page = site_page
    assert page.locator("html").get_attribute("lang") == "en"
    chinese = {text[:60] for text in page.evaluate(INTERFACE_TEXT) if re.search(HAN, text)}
    assert chinese == set()


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
@pytest.mark.parametrize(
    ("chinese", "english"),
    [
        ("book/backprop.html", "en/book/backprop_en.html"),
        ("book/descent.html", "en/book/descent_en.html"),
        ("book/errata.html", "en/book/errata_en.html"),
    ],
)
def test_one_tap_switches_to_the_same_page_in_the_other_language(
    browser, site, chinese, english, viewport
):
    page = open_page(browser, f"{site}/{chinese}", viewport=viewport)
    page.get_by_role("link", name="English", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{site}/{english}"
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="中文", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{site}/{chinese}"
    page.close()


def test_a_page_only_in_chinese_leads_to_the_english_edition(browser, site):
    page = open_page(browser, f"{site}/search.html")  # every page has a translation
    page.get_by_role("link", name="English edition", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").first.inner_text().startswith("Backpropagation")
    page.close()
