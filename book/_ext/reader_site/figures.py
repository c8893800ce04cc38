"""Each SVG figure shown at the width it was drawn for (issue 20, item 4).

A figure's text has its size in the SVG; shown narrower, it shrinks. So a figure fills its
column, but never narrower than where its smallest text is ``SMALLEST_TEXT_PX``: a plot
(figure 1.4.1, readable at 290 px) fills a phone's column; the computational graph (figure
1.3.1, readable from about 550 px) keeps that width on a phone and scrolls sideways in its
own box, which shows that it scrolls (a fade at the edge still hidden, reader-site.css) and
says so under the caption. One CSS rule giving every figure 672 px had stretched the plot
past the screen, legend included.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

SMALLEST_TEXT_PX = 11
# A figure that needs more than a 390 px phone's column (358 px) says that it scrolls.
PHONE_COLUMN_PX = 358
SCROLL_HINT = {"zh_CN": "← 左右滑动查看整幅图 →", "en": "← Scroll sideways for the whole figure →"}

_FIGURE_IMAGE = re.compile(
    r'(?P<open><figure\b[^>]*>\s*)<img (?P<attributes>[^>]*?src="(?P<src>[^"]+\.svg)"[^>]*?)\s*/?>'
    r"(?P<rest>.*?)</figure>",
    re.DOTALL,
)
# The size of each text element (a subscript, in a <tspan>, is smaller by design).
_FONT_SIZE = re.compile(r'<text\b[^>]*?style="[^"]*?font-size:\s*([\d.]+)px')
_VIEWBOX = re.compile(r'viewBox="[\d.\s-]*?([\d.]+)\s+[\d.]+"')


def needed_width(svg: str) -> float | None:
    """The width in CSS px at which the SVG's smallest text is ``SMALLEST_TEXT_PX``."""
    sizes = [float(size) for size in _FONT_SIZE.findall(svg)]
    box = _VIEWBOX.search(svg)
    if not sizes or not box:
        return None
    return SMALLEST_TEXT_PX * float(box[1]) / min(sizes)


def _svg_text(app: Sphinx, src: str) -> str | None:
    """The SVG an ``<img src>`` of a page names, from the build's record of its images."""
    name = src.rsplit("/", 1)[-1]
    for source, written in app.builder.images.items():
        if written == name:
            path = Path(app.srcdir, source)
            return path.read_text(encoding="utf8") if path.is_file() else None
    return None


def size_figures(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give each SVG figure of the page its smallest width, and a scroll hint if wide."""
    body = context.get("body")
    if not body or "<figure" not in body:
        return
    hint = SCROLL_HINT.get(app.config.language or "zh_CN", SCROLL_HINT["en"])

    def sized(match: re.Match[str]) -> str:
        svg = _svg_text(app, match["src"])
        width = needed_width(svg) if svg else None
        if width is None:
            return match[0]
        width = math.ceil(width)
        image = f'<img {match["attributes"]} style="min-width: {width}px" />'
        rest = match["rest"]
        if width > PHONE_COLUMN_PX:
            image = f'<div class="bp-figure-scroll">{image}</div>'
            rest = rest.replace(
                "</figcaption>",
                f'<span class="bp-scroll-hint" aria-hidden="true">{hint}</span></figcaption>',
                1,
            )
        return f"{match['open']}{image}{rest}</figure>"

    context["body"] = _FIGURE_IMAGE.sub(sized, body)


def setup_figures(app: Sphinx) -> None:
    app.connect("html-page-context", size_figures)
