"""Formulas ready sooner (issue 12, item 10): a page preloads exactly the KaTeX fonts it draws
with, and blocks below the screen are drawn when scrolled to."""

from __future__ import annotations

import time

import pytest
from lean_pages import katex_fonts

from scripts.pages import CHINESE_PAGES, ENGLISH_PAGES
from tests.book import ROOT
from tests.browsing import VIEWPORTS, open_page

pytestmark = pytest.mark.browser

KATEX_CSS = ROOT / "book/_ext/katex_prerender/static/katex/katex.min.css"


# The KaTeX faces the page draws text with once every block is drawn, and what it preloads.
KATEX_FONTS = """async () => {
  document.body.getBoundingClientRect();
  await document.fonts.ready;
  const drawn = [...document.fonts]
    .filter((f) => f.family.startsWith('KaTeX') && f.status === 'loaded')
    .map((f) => [f.family, f.style, f.weight]);
  const preloaded = [...document.querySelectorAll('link[rel=preload][as=font]')]
    .map((l) => l.href.split('/').pop());
  const fetched = performance.getEntriesByType('resource').map((e) => e.name.split('/').pop())
    .filter((n) => n.startsWith('KaTeX_'));
  return {drawn, preloaded, fetched};
}"""


@pytest.mark.parametrize("path", CHINESE_PAGES + ENGLISH_PAGES)
def test_a_page_preloads_exactly_the_katex_fonts_it_draws_with(browser, site, path):
    """Preloaded fonts (lean_pages) are asked for before the stylesheets are parsed; one
    that is not used is a wasted download, one that is missing arrives late."""
    faces = katex_fonts(KATEX_CSS.read_text(encoding="utf8"))[0]
    page = open_page(browser, f"{site}/{path}")
    found = page.evaluate(KATEX_FONTS)
    page.close()
    drawn = sorted(faces[tuple(face)] for face in found["drawn"])
    assert sorted(found["preloaded"]) == drawn
    assert sorted(found["fetched"]) == drawn  # each once: the preload is used, not repeated


SKIPPED_FORMULAS = """() => [...document.querySelectorAll('.bd-article .katex')]
  .filter((k) => !k.checkVisibility({contentVisibilityAuto: true})).length"""


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_formulas_below_the_screen_are_drawn_when_scrolled_to(browser, site, viewport):
    page = open_page(browser, f"{site}/book/backprop.html", viewport=viewport, draw_all=False)
    assert page.evaluate(SKIPPED_FORMULAS) >= 10  # not laid out while the page loads
    last = page.locator(".bd-article div.math").last
    drawn = "k => k.checkVisibility({contentVisibilityAuto: true})"
    assert not last.locator(".katex").evaluate(drawn)
    last.scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    assert last.locator(".katex").evaluate(drawn)
    assert last.bounding_box()["height"] > 20
    page.close()


# When lean_pages's loader inserts the first of the page's scripts: the state of the fonts.
FONTS_WHEN_SCRIPTS_START = """
window.__fontsWhenScriptsStart = new Promise((resolve) => {
  new MutationObserver((changes, observer) => {
    const added = changes.flatMap((c) => [...c.addedNodes]);
    // The parser's scripts (documentation_options.js) are not the loader's.
    const loaded = added.some((n) => n.localName === "script" && n.src);
    if (document.readyState === "loading" || !loaded) return;
    observer.disconnect();
    resolve({status: document.fonts.status, katex: [...document.fonts]
      .filter((f) => f.family.startsWith("KaTeX") && f.status === "loaded").length});
  }).observe(document, {childList: true, subtree: true});
});"""


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_a_pages_scripts_start_once_its_formulas_are_drawn_with_their_fonts(
    browser, site, viewport
):
    """lean_pages inserts the theme's scripts after the frame that draws the formulas with
    KaTeX's fonts; run earlier, they held that frame back. With the fonts slow to arrive
    (each held 600 ms here), no font the page asked for may still be loading then."""
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(FONTS_WHEN_SCRIPTS_START)
    page = context.new_page()
    page.route("**/katex/fonts/*.woff2", lambda route: (time.sleep(0.6), route.continue_()))
    page.goto(f"{site}/book/backprop.html", wait_until="load")
    fonts = page.evaluate("window.__fontsWhenScriptsStart")
    context.close()
    assert fonts == {"status": "loaded", "katex": fonts["katex"]} and fonts["katex"] >= 2
