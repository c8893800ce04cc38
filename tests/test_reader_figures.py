"""Figures as a reader meets them on a phone and a desktop, light and dark (issue 20, item 4).

Every SVG figure of every page of both editions is checked, so a figure added later is
checked too: its labels never touch its shapes, its text keeps WCAG AA contrast in both
colour schemes (after the theme's dark-mode image filter), it is shown at the width it was
drawn for, and on a phone it fits or visibly shows that it scrolls.
"""

from __future__ import annotations

import pytest

from scripts.browser import VIEWPORTS
from scripts.pages import TEXT_PAGES
from tests.browsing import SVG_TEXT_SIZES

pytestmark = pytest.mark.browser

PAGES = TEXT_PAGES


def open_page(browser, url: str, viewport=VIEWPORTS["desktop"], color_scheme: str = "light"):
    width, height = viewport
    page = browser.new_page(viewport={"width": width, "height": height}, color_scheme=color_scheme)
    page.goto(url, wait_until="load")  # images in, which is all these tests measure
    return page


# Each SVG figure of the page drawn inline at its own size, off the screen, so that the
# browser lays out its text: a label is the union of one matplotlib text artist's <text>
# elements (a math label is several), a shape is any patch or line not inside a label (an
# operator's octagon, an arrow, a box, an axis). A label "touches" a shape when their boxes
# meet and the shape does not hold the whole label (a backdrop, an axes frame, the box
# around "Y = 0.5" hold theirs). Also each label's colour against what lies under it.
SVG_FIGURES = """async () => {
  const out = [];
  const images = [...document.querySelectorAll('main article img[src$=".svg"]')]
    .filter((img) => !img.closest('.bd-header, .bd-footer, .navbar'));
  for (const img of images) {
    const source = await (await fetch(img.src)).text();
    const holder = document.createElement('div');
    holder.style.cssText = 'position:absolute;left:-20000px;top:0';
    holder.innerHTML = source;
    document.body.appendChild(holder);
    const svg = holder.querySelector('svg');
    const box = (el) => { const r = el.getBoundingClientRect();
      return {l: r.left, t: r.top, r: r.right, b: r.bottom}; };
    const labels = [...svg.querySelectorAll('g[id^="text_"]')]
      .filter((g) => !g.parentElement.closest('g[id^="text_"]'))
      .map((g) => {
        const texts = [...g.querySelectorAll('text')];
        const boxes = texts.map(box).filter((b) => b.r > b.l);
        if (!boxes.length) return null;
        return {
          g, text: texts.map((t) => t.textContent).join(''),
          fill: getComputedStyle(texts[0]).fill,
          box: {l: Math.min(...boxes.map((b) => b.l)), t: Math.min(...boxes.map((b) => b.t)),
                r: Math.max(...boxes.map((b) => b.r)), b: Math.max(...boxes.map((b) => b.b))},
        };
      }).filter(Boolean);
    const shapes = [...svg.querySelectorAll('g[id^="patch_"], g[id^="line2d_"]')]
      .filter((g) => !g.closest('g[id^="text_"]'))
      .map((g) => { const path = g.querySelector('path, use, rect, circle, ellipse');
        return {g, box: box(g), fill: path ? getComputedStyle(path).fill : 'none'}; })
      .filter((s) => s.box.r > s.box.l || s.box.b > s.box.t);
    const holds = (a, b) => a.l <= b.l && a.t <= b.t && a.r >= b.r && a.b >= b.b;
    const meets = (a, b) => a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b;
    const area = (a) => (a.r - a.l) * (a.b - a.t);
    const touching = [];
    const colours = [];
    for (const label of labels) {
      for (const shape of shapes) {
        if (meets(label.box, shape.box) && !holds(shape.box, label.box)) {
          touching.push(`"${label.text}" touches ${shape.g.id}`);
        }
      }
      const own = label.g.querySelector('g[id^="patch_"] path');
      const under = own ? getComputedStyle(own).fill : (shapes
        .filter((s) => s.fill !== 'none' && holds(s.box, label.box))
        .sort((a, b) => area(a.box) - area(b.box))[0] || {fill: 'none'}).fill;
      colours.push([label.text, label.fill, under]);
    }
    holder.remove();
    out.push({src: img.src.split('/').pop(), filter: getComputedStyle(img).filter,
              backdrop: getComputedStyle(img).backgroundColor, touching, colours});
  }
  return out;
}"""


_measured: dict[tuple[str, str], list[dict]] = {}


def figures(browser, url: str, color_scheme: str = "light") -> list[dict]:
    """SVG_FIGURES of the page, measured once per colour scheme for this module's tests."""
    if (url, color_scheme) not in _measured:
        page = open_page(browser, url, color_scheme=color_scheme)
        _measured[url, color_scheme] = page.evaluate(SVG_FIGURES)
        page.close()
    return _measured[url, color_scheme]


@pytest.mark.parametrize("path", PAGES)
def test_figure_labels_never_touch_shapes(browser, site, path):
    """Figure 1.3.1's edge labels ran into the octagons ("ΔX=0.0787" into "+")."""
    touching = [(f["src"], t) for f in figures(browser, f"{site}/{path}") for t in f["touching"]]
    assert touching == []


def _rgb(css: str) -> tuple[float, float, float] | None:
    """An ``rgb(…)``/``rgba(…)`` colour as 0–1 channels, None for none or transparent."""
    if not css.startswith("rgb"):
        return None
    parts = [float(p) for p in css[css.index("(") + 1 : -1].replace("/", ",").split(",")]
    if len(parts) == 4 and parts[3] == 0:
        return None
    return parts[0] / 255, parts[1] / 255, parts[2] / 255


def _filtered(colour: tuple[float, ...], css_filter: str) -> tuple[float, ...]:
    """``colour`` after CSS ``brightness()``/``contrast()`` functions (Filter Effects 1)."""
    for function in css_filter.split(")"):
        name, _, argument = function.strip().partition("(")
        if not name or name == "none":
            continue
        amount = float(argument.rstrip("%")) / (100 if argument.endswith("%") else 1)
        if name == "brightness":
            colour = tuple(min(1.0, c * amount) for c in colour)
        elif name == "contrast":
            colour = tuple(min(1.0, max(0.0, (c - 0.5) * amount + 0.5)) for c in colour)
        else:
            raise AssertionError(f"no contrast model for the image filter {name}()")
    return colour


def _luminance(colour: tuple[float, ...]) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(text: tuple[float, ...], under: tuple[float, ...]) -> float:
    """WCAG 2 contrast ratio of two colours."""
    lighter, darker = sorted((_luminance(text), _luminance(under)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_figure_text_keeps_its_contrast(browser, site, path, scheme):
    """WCAG AA (4.5:1) for every label, as shown: the theme dims images in dark mode."""
    low = []
    for figure in figures(browser, f"{site}/{path}", scheme):
        backdrop = _rgb(figure["backdrop"]) or (1.0, 1.0, 1.0)
        for text, fill, under in figure["colours"]:
            shown = [_filtered(c, figure["filter"]) for c in (_rgb(fill), _rgb(under) or backdrop)]
            ratio = contrast(*shown)
            if ratio < 4.5:
                low.append((figure["src"], text, fill, round(ratio, 2)))
    assert low == []


# Each figure on the page as shown: its image's width, the width its smallest text needs to
# be 11 px (the SVG's own font sizes), the box it is shown in, and whether it shows that it
# scrolls: a fade at the edge still to be scrolled to and a visible hint in its caption.
SHOWN_FIGURES = f"""async () => {{
  {SVG_TEXT_SIZES}
  const out = [];
  for (const img of document.querySelectorAll('main article figure img[src$=".svg"]')) {{
    img.scrollIntoView();
    const {{ width, sizes }} = await svgTextSizes(img);
    const figure = img.closest('figure');
    let scroller = img.parentElement;
    while (scroller !== figure.parentElement && scroller.scrollWidth <= scroller.clientWidth) {{
      scroller = scroller.parentElement;
    }}
    const scrolls = scroller !== figure.parentElement;
    const hint = figure.querySelector('.bp-scroll-hint');
    out.push({{
      src: img.src.split('/').pop(),
      shown: img.getBoundingClientRect().width,
      needs: 11 * width / Math.min(...sizes),
      column: figure.parentElement.clientWidth,
      fits: img.getBoundingClientRect().right <= innerWidth + 0.5,
      scrolls,
      fade: scrolls ? getComputedStyle(scroller).maskImage : 'none',
      hint: hint ? hint.checkVisibility() && hint.getBoundingClientRect().height > 0 : false,
    }});
  }}
  return out;
}}"""


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
@pytest.mark.parametrize("path", PAGES)
def test_figures_are_drawn_for_the_width_they_are_shown_at(browser, site, path, viewport):
    """A figure is as wide as its column, or as its labels need to be 11 px, whichever is
    more: figure 1.4.1's plot (444 px, labels 11 px at 292) was stretched to 672 px on a
    phone, and half of it, legend included, lay out of sight."""
    page = open_page(browser, f"{site}/{path}", viewport)
    shown = page.evaluate(SHOWN_FIGURES)
    page.close()
    wrong = [
        (f["src"], round(f["shown"]), round(f["needs"]), f["column"])
        for f in shown
        if f["shown"] > max(f["column"], f["needs"]) + 1
    ]
    assert wrong == []


@pytest.mark.parametrize("path", PAGES)
def test_a_figure_fits_a_phone_or_shows_that_it_scrolls(browser, site, path):
    """Figures 1.3.1 and 1.4.2 hid their right half behind a sideways scroll, unannounced."""
    page = open_page(browser, f"{site}/{path}", VIEWPORTS["phone"])
    shown = page.evaluate(SHOWN_FIGURES)
    page.close()
    hidden = [f["src"] for f in shown if not f["fits"] and not f["scrolls"]]
    silent = [f["src"] for f in shown if f["scrolls"] and (f["fade"] == "none" or not f["hint"])]
    assert (hidden, silent) == ([], [])
