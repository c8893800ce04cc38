"""Opening the built site as a reader does, for the browser tests (test_site_*.py and others).

The served site is the ``site`` fixture and the browser the ``browser`` fixture
(tests/conftest.py); these helpers open one page of it at a phone's or a desktop's width.
"""

from __future__ import annotations

import pytest

from scripts.browser import VIEWPORTS
from scripts.pages import CHINESE_PAGES, ENGLISH_PAGES
from tests.book import ROOT

__all__ = [
    "DESKTOP_PAGES",
    "VIEWPORTS",
    "at_widths",
    "open_on_a_touch_phone",
    "open_page",
    "shown_text",
]

ARTIFACTS = ROOT / "test-artifacts"  # screenshots a test keeps for a person to look at
# A Han character or CJK punctuation (full-width forms included).
HAN = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"


# Blocks below the screen are drawn only when they come near it (content-visibility in
# reader-site.css), and a block not drawn has no innerText, layout or contrast to check. A
# reader scrolls to every block, so pages are checked with all of them drawn, except where a
# test says draw_all=False to see the page as it loads.
DRAW_ALL = """() => document.head.insertAdjacentHTML('beforeend',
  '<style>* { content-visibility: visible !important; }</style>')"""


def open_page(
    browser, url: str, color_scheme: str = "light", viewport=(1280, 900), draw_all: bool = True
):
    """A desktop page (or ``viewport``) of ``url`` once its network is idle, with every block
    drawn unless ``draw_all`` is False; it records the requests, failures and console errors
    (``page.requests``, ``page.failures``, ``page.errors``)."""
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


def open_on_a_touch_phone(browser, url: str, color_scheme: str = "light"):
    """A phone's browser context: touch events, no hover, a 390 px screen."""
    width, height = VIEWPORTS["phone"]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=3,
        has_touch=True,
        is_mobile=True,
        color_scheme=color_scheme,
    )
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("matchMedia('(hover: none)').matches")  # a finger cannot hover
    return page


# The text of ``root`` as innerText lays it out, without the elements ``without`` selects.
TEXT_WITHOUT = """([root, without, codeAsWord, openDetails]) => {
  const copy = document.querySelector(root).cloneNode(true);
  if (openDetails) copy.querySelectorAll('details').forEach((el) => (el.open = true));
  if (without) copy.querySelectorAll(without).forEach((el) => el.remove());
  if (codeAsWord) copy.querySelectorAll('code').forEach((el) => el.replaceWith('code'));
  document.body.appendChild(copy);  // innerText needs a rendered element
  const text = copy.innerText;
  copy.remove();
  return text;
}"""


def shown_text(
    page,
    without: str,
    *,
    root: str = "main",
    code_as_word: bool = False,
    open_details: bool = False,
) -> str:
    """The text of ``root`` on ``page`` as a reader sees it, less what ``without`` selects (a
    CSS selector list). ``code_as_word`` stands inline code in as the word "code" (it may show
    TeX on purpose); ``open_details`` opens every ``<details>``, as a reader would."""
    return page.evaluate(TEXT_WITHOUT, [root, without, code_as_word, open_details])


# A function for page scripts (paste it inside one): an SVG image's own width (its viewBox)
# and the font sizes of its texts, read from its source, from which a test knows how large its
# labels are as shown.
SVG_TEXT_SIZES = """async function svgTextSizes(img) {
    const source = await (await fetch(img.src)).text();
    const svg = new DOMParser().parseFromString(source, 'image/svg+xml');
    const sizes = [...svg.querySelectorAll('text')]
      .map((t) => (t.getAttribute('style') || '').match(/font-size:\\s*([\\d.]+)px/))
      .filter(Boolean).map((m) => parseFloat(m[1]));
    return { width: svg.documentElement.viewBox.baseVal.width, sizes };
  }"""


def at_widths(paths: list[str], widths: tuple[str, ...] = tuple(VIEWPORTS)) -> list:
    """Parameters for the ``site_page`` fixture (tests/conftest.py), given indirectly:
    ``@pytest.mark.parametrize("site_page", at_widths(PAGES), indirect=True)``."""
    return [pytest.param((path, width), id=f"{path}-{width}") for path in paths for width in widths]


# Every page of both editions at a desktop's width, for the tests that read each page there.
DESKTOP_PAGES = at_widths(CHINESE_PAGES + ENGLISH_PAGES, ("desktop",))
