"""Figures as a reader sees them: loaded in light and dark mode, SVG or sharp, one caption
number each, labels at least 11 px at both widths."""

from __future__ import annotations

import re

import pytest

from tests.browsing import SVG_TEXT_SIZES, VIEWPORTS, open_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_figure_loads_in_light_and_dark_mode(browser, site, scheme):
    page = open_page(browser, f"{site}/book/backprop.html", color_scheme=scheme)
    figure = page.locator("#fig-bp img")
    figure.scroll_into_view_if_needed()
    assert figure.evaluate("img => img.complete && img.naturalWidth") > 0
    assert "计算图" in figure.get_attribute("alt")
    page.close()


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


# The smallest text of each SVG figure on a page, in CSS pixels as shown.
SVG_LABEL_PX = f"""async () => {{
  {SVG_TEXT_SIZES}
  const out = [];
  for (const img of document.querySelectorAll('main article img[src$=".svg"]')) {{
    const {{ width, sizes }} = await svgTextSizes(img);
    out.push([img.src.split('/').pop(), Math.min(...sizes) * img.width / width]);
  }}
  return out;
}}"""


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
