"""The built site in a real browser: offline, fully typeset, searchable, values on hover.

Drives Debian's Chromium through Playwright. Where no Chromium is installed the tests skip
with a message, except under CI (CI=true), where a missing browser is a failure.
"""

from __future__ import annotations

import re
import sys
from urllib.parse import urlparse

import pytest
import yaml

from scripts.browser import serve
from tests.book import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))

from lean_pages import katex_fonts

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
KATEX_CSS = ROOT / "book/_ext/katex_prerender/static/katex/katex.min.css"


def site_pages(toc: str, folder: str = "") -> list[str]:
    """The chapter pages of a table of contents, as paths in the built site."""
    chapters = yaml.safe_load((ROOT / toc).read_text(encoding="utf8"))["chapters"]
    return [f"{folder}{entry['file']}.html" for entry in chapters]


PAGES = [
    *site_pages("_toc.yml"),
    "book/intro.html",
    "search.html",
    "genindex.html",
    "py-modindex.html",
]
# The English edition (issue 14), under en/ in the same site.
ENGLISH_PAGES = [
    *site_pages("_toc.en.yml", "en/"),
    "en/book/intro_en.html",
    "en/search.html",
    "en/genindex.html",
]
# A phone and a desktop (issue 12): every page must read well at both.
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}
# What a Chinese reader may see in Latin letters outside the text: names, file types, keys.
LATIN_ALLOWED = {"bp", "bp-book", "Binder", "PDF", "MIT", "GitHub", "Ctrl", "ipynb", "md", "pdf"}
SEARCH_TERMS = ["反向传播", "计算图", "链式求导", "梯度下降", "误差", "导数"]
# The page's visible text, less code (where TeX may be shown on purpose).
PROSE_TEXT = """() => {
  const main = document.querySelector("main").cloneNode(true);
  main.querySelectorAll("code, pre").forEach((el) => el.remove());
  document.body.appendChild(main);
  const text = main.innerText;
  main.remove();
  return text;
}"""


@pytest.fixture(scope="module")
def site(built):
    """The built HTML, served on 127.0.0.1 for the module's tests."""
    with serve(built / "_build/html") as base:
        yield base


# Blocks below the screen are drawn only when they come near it (content-visibility in
# reader-site.css), and a block not drawn has no innerText, layout or contrast to check. A
# reader scrolls to every block, so pages are checked with all of them drawn, except where a
# test says draw_all=False to see the page as it loads.
DRAW_ALL = """() => document.head.insertAdjacentHTML('beforeend',
  '<style>* { content-visibility: visible !important; }</style>')"""


def open_page(
    browser, url: str, color_scheme: str = "light", viewport=(1280, 900), draw_all: bool = True
):
    width, height = viewport
    page = browser.new_page(viewport={"width": width, "height": height}, color_scheme=color_scheme)
    page.requests, page.failures, page.errors = [], [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("requestfailed", lambda r: page.failures.append(r.url))
    page.on("response", lambda r: r.status >= 400 and page.failures.append(f"{r.status} {r.url}"))
    page.on(
        "console",
        lambda m: m.type == "error" and page.errors.append(m.text),
    )
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if draw_all:
        page.evaluate(DRAW_ALL)
    return page


@pytest.mark.parametrize("path", PAGES + ENGLISH_PAGES)
def test_every_page_loads_only_from_the_site_with_no_errors(browser, site, path):
    page = open_page(browser, f"{site}/{path}")
    host = urlparse(site).netloc
    external = [u for u in page.requests if urlparse(u).netloc not in (host, "")]
    assert external == [], external
    assert page.failures == [], page.failures
    assert page.errors == [], page.errors
    text = page.evaluate(PROSE_TEXT)
    for raw in (r"\frac", r"\tag", "$$", r"\num", r"\lit"):
        assert raw not in text, f"raw TeX {raw!r} visible on {path}"
    page.close()


def test_chapter_is_typeset_with_tags_figure_and_notes(browser, site):
    page = open_page(browser, f"{site}/book/backprop.html")
    assert page.locator(".katex").count() > 30
    text = page.inner_text("main")
    for tag in range(1, 10):
        assert f"(1.3.{tag})" in text
    assert page.title().startswith("1.3 反向传播")
    assert "原文印作 1.4996（截断" in text  # the deviation note needs no hover
    description = page.locator('meta[property="og:description"]').get_attribute("content")
    assert "反向传播" in description
    assert "github.com/bp-book/bp-book" in page.inner_text(".bd-footer-content")
    downloads = page.locator(".dropdown-download-buttons a").evaluate_all(
        "els => els.map((a) => a.getAttribute('href'))"
    )
    assert any(h.endswith(".ipynb") for h in downloads)
    assert any(h.endswith(".md") for h in downloads)
    assert page.locator("button.copybtn").count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "chapter.png", full_page=True)
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_figure_loads_in_light_and_dark_mode(browser, site, scheme):
    page = open_page(browser, f"{site}/book/backprop.html", color_scheme=scheme)
    figure = page.locator("#fig-bp img")
    figure.scroll_into_view_if_needed()
    assert figure.evaluate("img => img.complete && img.naturalWidth") > 0
    assert "计算图" in figure.get_attribute("alt")
    page.close()


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


@pytest.mark.parametrize("term", SEARCH_TERMS)
def test_search_finds_the_chapter(browser, site, term):
    page = open_page(browser, f"{site}/search.html?q={term}")
    page.wait_for_selector("#search-results li", timeout=10_000)
    links = page.locator("#search-results li a").evaluate_all("els => els.map(a => a.href)")
    assert any("backprop.html" in link for link in links), (term, links)
    page.wait_for_selector("#search-results li p.context", timeout=10_000)
    summaries = page.locator("#search-results li p.context").all_inner_texts()
    assert not any(s.lstrip(". ").startswith(("ipynb", "md", "pdf")) for s in summaries), summaries
    page.close()


@pytest.mark.parametrize("path", PAGES + ENGLISH_PAGES)
def test_no_serious_accessibility_violations(browser, site, path):
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(browser, f"{site}/{path}")
    violations = Axe().run(page).response["violations"]
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
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


def test_equation_and_figure_references_resolve(browser, site):
    page = open_page(browser, f"{site}/book/backprop.html")
    for label in ("eq-1-3-5", "eq-1-3-7", "fig-bp"):
        link = page.locator(f'a[href="#{label}"]').first
        assert link.count() == 1, label
        assert page.locator(f"#{label}").count() == 1, label
    assert page.locator('a[href="#eq-1-3-7"]').first.inner_text() == "式（1.3.7）"
    page.close()


# -- issue 12: phones, figures, a Chinese interface, typography ------------------------------

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


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
@pytest.mark.parametrize("path", PAGES + ENGLISH_PAGES)
def test_page_fits_the_screen_and_tags_stay_clear_of_formulas(browser, site, path, viewport):
    page = open_page(browser, f"{site}/{path}", viewport=viewport)
    assert page.evaluate(LAYOUT) == []
    page.close()


# Header controls whose every icon, image and text has no size: a blank button.
BLANK_CONTROLS = """() => [...document.querySelectorAll(
    '.bd-header button, .bd-header a, .bd-header-article button, .bd-header-article a')]
  .filter((el) => el.getBoundingClientRect().width > 0 && !el.innerText.trim())
  .filter((el) => ![...el.querySelectorAll('[class*="fa-"], svg, img')]
    .some((c) => c.getBoundingClientRect().width > 0))
  .map((el) => el.outerHTML.slice(0, 120))"""


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
@pytest.mark.parametrize("path", ["book/backprop.html", "en/book/backprop_en.html"])
def test_every_header_control_shows_its_icon(browser, site, path, viewport):
    """The theme draws some icons only through Font Awesome's script, which the site drops."""
    page = open_page(browser, f"{site}/{path}", viewport=viewport)
    assert page.evaluate(BLANK_CONTROLS) == []
    page.close()


@pytest.mark.parametrize("width", [360, 414])
def test_chapter_fits_narrow_phones(browser, site, width):
    page = open_page(browser, f"{site}/book/backprop.html", viewport=(width, 800))
    assert page.evaluate(LAYOUT) == []
    page.close()


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


def open_on_a_touch_phone(browser, url: str):
    """A phone's browser context: touch events, no hover, a 390 px screen."""
    width, height = VIEWPORTS["phone"]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=3,
        has_touch=True,
        is_mobile=True,
    )
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("matchMedia('(hover: none)').matches")  # a finger cannot hover
    return page


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


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
@pytest.mark.parametrize("path", ["book/backprop.html", "book/iterate.html"])
def test_figures_are_svg_or_sharp_with_one_caption_number(browser, site, path, viewport):
    page = open_page(browser, f"{site}/{path}", viewport=viewport)
    images = page.locator("main figure img, main .cell_output img")
    assert images.count() >= 1
    for img in images.all():
        img.scroll_into_view_if_needed()
        src, natural, shown = img.evaluate("i => [i.currentSrc, i.naturalWidth, i.width]")
        assert src.endswith(".svg") or natural >= 2 * shown, (src, natural, shown)
    for caption in page.locator("main figcaption").all_inner_texts():
        assert len(re.findall(r"图\s*\d", caption)) == 1, caption
    page.close()


INTERFACE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    const el = n.parentElement;
    const skipped = 'article, script, style, noscript, .visually-hidden, code, .katex';
    if (!el || el.closest(skipped)) continue;
    if (n.textContent.trim()) out.push(n.textContent.trim());
  }
  const attributes = ['title', 'aria-label', 'placeholder', 'data-bs-title', 'alt'];
  for (const el of document.querySelectorAll(attributes.map((a) => `[${a}]`).join(','))) {
    // In the text, only the interface's own controls count (a code reference's title is code).
    if (el.closest('article') && !el.matches('.headerlink, summary, button')) continue;
    for (const a of attributes) {
      const v = el.getAttribute(a); if (v) out.push(v);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("path", PAGES)
def test_interface_is_chinese(browser, site, path):
    """Theme buttons, tooltips, footer, search box, index pages and heading links."""
    page = open_page(browser, f"{site}/{path}")
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
    page.close()


@pytest.mark.parametrize("path", ENGLISH_PAGES)
def test_interface_is_english_on_english_pages(browser, site, path):
    """The same places as above, on the English edition: no Chinese word outside the text."""
    page = open_page(browser, f"{site}/{path}")
    assert page.locator("html").get_attribute("lang") == "en"
    chinese = {text[:60] for text in page.evaluate(INTERFACE_TEXT) if re.search(HAN, text)}
    assert chinese == set()
    page.close()


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


ENGLISH_SEARCH = {
    "backpropagation": "backprop_en.html",
    "back propagation": "backprop_en.html",
    "chain rule": "backprop_en.html",
    "computation graph": "backprop_en.html",
    "gradient descent": "descent_en.html",
}


@pytest.mark.parametrize(("term", "found"), ENGLISH_SEARCH.items())
def test_english_search_finds_the_terms(browser, site, term, found):
    page = open_page(browser, f"{site}/en/search.html?q={term}")
    page.wait_for_selector("#search-results li", timeout=10_000)
    links = page.locator("#search-results li a").evaluate_all("els => els.map(a => a.href)")
    assert any(link.split("#")[0].endswith(found) for link in links), (term, links)
    page.close()


VISIBLE_TEXT = """() => {
  const main = document.querySelector("main").cloneNode(true);
  const hidden = ".cell_input, .visually-hidden, script, style";  // outputs stay
  main.querySelectorAll(hidden).forEach((el) => el.remove());
  // Inline code may show TeX on purpose; it stands in the sentence as a (Latin) word.
  main.querySelectorAll("code").forEach((el) => el.replaceWith("code"));
  document.body.appendChild(main);
  const text = main.innerText;
  main.remove();
  return text;
}"""
HAN = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"


@pytest.mark.parametrize("path", PAGES + ENGLISH_PAGES)
def test_no_raw_tex_and_no_space_between_chinese_characters(browser, site, path):
    page = open_page(browser, f"{site}/{path}")
    text = page.evaluate(VISIBLE_TEXT)  # cell outputs included
    raw = re.findall(r"\\(?:frac|sqrt|tag|num|lit|begin|end|Delta|ln)\b|\$\$", text)
    assert raw == [], f"raw TeX {raw} visible on {path}"
    spaced = [m.group(0) for m in re.finditer(rf"{HAN}[ \t]+{HAN}", text)]
    assert spaced == [], f"spaces between Chinese characters on {path}: {spaced}"
    page.close()


def test_story_numbers_render_as_prose(browser, site):
    page = open_page(browser, f"{site}/book/backprop.html")
    story = page.locator("main p", has_text="乙第一次猜").first
    assert "猜10元" in story.inner_text()
    assert story.locator(".katex").count() == 0  # the prices are prose type, not math
    page.close()


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
@pytest.mark.parametrize(
    ("path", "name"),
    [("book/backprop.html", "chapter"), ("en/book/backprop_en.html", "chapter-en")],
)
def test_screenshots_of_the_chapter(browser, site, path, name, viewport):
    page = open_page(browser, f"{site}/{path}", viewport=viewport)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}-{viewport[0]}.png", full_page=True)
    page.close()


# The smallest text of each SVG figure on a page, in CSS pixels as shown.
SVG_LABEL_PX = """async () => {
  const out = [];
  for (const img of document.querySelectorAll('main article img[src$=".svg"]')) {
    const source = await (await fetch(img.src)).text();
    const svg = new DOMParser().parseFromString(source, 'image/svg+xml');
    const width = svg.documentElement.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('text')]
      .map((t) => (t.getAttribute('style') || '').match(/font-size:\\s*([\\d.]+)px/))
      .filter(Boolean).map((m) => parseFloat(m[1]));
    out.push([img.src.split('/').pop(), Math.min(...sizes) * img.width / width]);
  }
  return out;
}"""


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
@pytest.mark.parametrize(
    "path",
    [
        "book/backprop.html",
        "book/descent.html",
        "book/iterate.html",
        "en/book/backprop_en.html",
        "en/book/descent_en.html",
    ],
)
def test_figure_labels_are_text_of_at_least_11_px(browser, site, path, viewport):
    """SVG text (svg.fonttype none), sized from the SVG's own font sizes and its shown width."""
    page = open_page(browser, f"{site}/{path}", viewport=viewport)
    labels = page.evaluate(SVG_LABEL_PX)
    assert labels, "no SVG figure"
    assert [(name, size) for name, size in labels if size < 11] == []
    page.close()


# -- issue 12, item 10: the chapter's formulas ready sooner ----------------------------------

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


@pytest.mark.parametrize("path", PAGES + ENGLISH_PAGES)
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
