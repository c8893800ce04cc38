"""The built site in a real browser: offline, fully typeset, searchable, values on hover.

Drives Debian's Chromium through Playwright. Where no Chromium is installed the tests skip
with a message, except under CI (CI=true), where a missing browser is a failure.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
import yaml

from scripts.browser import serve
from tests.book import ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
PAGES = [
    *(
        f"{entry['file']}.html"
        for entry in yaml.safe_load((ROOT / "_toc.yml").read_text())["chapters"]
    ),
    "book/intro.html",
    "search.html",
]
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


def open_page(browser, url: str, color_scheme: str = "light"):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=color_scheme)
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
    return page


@pytest.mark.parametrize("path", PAGES)
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
    page = open_page(browser, f"{site}/book/backprop.html")
    number = page.locator('.bp-bound [data-bp-key="delta_X"]').first
    number.scroll_into_view_if_needed()
    number.hover()
    shown = number.evaluate("el => getComputedStyle(el, '::after').content")
    assert "0.0786934" in shown
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
    page.close()


@pytest.mark.parametrize("path", PAGES)
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
    page = open_page(browser, f"{site}/book/iterate.html")
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
