"""What a reader's browser fetches for a page, and nothing it does not use (issues 12 and 20).

This extension owns what a page loads; ``reader_site`` owns what it shows around the text.
Jupyter Book's Thebe and the theme's Font Awesome script are dropped (``unused.py``), and a
page's scripts run after its first paint (``after_paint.py``). The rest is here:

Measured on the chapter (``python -m benchmarks.page_load --resources``), three things made up
more than a third of the 1.33 MB a first visit transferred, without being used there:

- **Font Awesome.** The theme's stylesheet names about 2,000 icons (92 kB of rules) and its
  icon fonts hold all of them (fa-solid 156 kB and fa-brands 118 kB as woff2), for the
  twenty-odd icons the book's pages show. After the build, the stylesheet keeps only the icon
  rules whose class a page or a theme script names, and each font is cut (fontTools, which
  matplotlib already brings) to those icons' code points, as WOFF.
- **Search tools on every page.** pydata-sphinx-theme loads ``searchtools.js``,
  ``language_data.js`` and the whole ``searchindex.js`` on every page for its
  search-as-you-type box, which this book leaves off (``search_as_you_type`` false): the
  search box sends the reader to search.html, which loads them itself.
- **sphinx-design** (55 kB of CSS and its tabs script) on pages with no sphinx-design
  element; the pages with a dropdown or card keep the CSS, and only a page with tabs keeps
  the script.

Then what made the chapter slow to show its formulas (``benchmarks/page_load.py``, whose floor
row is the same HTML with no CSS, scripts or fonts):

- **KaTeX's fonts started late.** The browser asks for a font only once the stylesheets are
  parsed and a formula is laid out with it, about 0.5 s into a load. Each page now preloads
  (``<link rel=preload as=font crossorigin>``) the KaTeX fonts its formulas use, read from
  the classes in its HTML and the rules of KaTeX's own stylesheet that give those classes a
  font.

The written pages are rewritten once, after the build (``lean_written_pages``). The theme's
own files are the source each time (not the copies in ``_build``, which an
earlier build may already have cut), so an icon that a page starts to use comes back.
"""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from .after_paint import scripts_after_paint
from .unused import (
    drop_font_awesome_files,
    drop_thebe_assets,
    drop_thebe_config,
    without_font_awesome_script,
)

logger = logging.getLogger(__name__)

THEME_STYLESHEET = "styles/pydata-sphinx-theme.css"
FONTS = "vendor/fontawesome/webfonts"
# An icon's rule: its class names (aliases share a rule) and its glyph.
ICON_RULE = re.compile(
    r'(?P<selectors>(?:\.fa-[a-z0-9-]+:before,?)+)\{content:"\\(?P<code>[0-9a-f]+)"\}'
)
FONT_FACE = re.compile(r"@font-face\{[^}]*\}")
FONT_SOURCE = re.compile(r"src:url\(\.\./" + FONTS + r"/(?P<name>fa-[a-z]+-\d+)\.woff2\)[^;}]*")
ICON_CLASS = re.compile(r"\bfa-[a-z0-9-]+")
# Scripts only the search page runs: Sphinx's search, and the book's summaries of its results
# (reader_site/static/reader-search.js).
SEARCH_TOOLS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js'
    r'|_static/reader-search\.js)(?:\?[^"]*)?"></script>'
)
DESIGN_TABS = "design-tabs.js"
DESIGN_ASSETS = ("sphinx-design", DESIGN_TABS)
KATEX_CSS = "katex/katex.min.css"
CSS_RULE = re.compile(r"(?P<selectors>[^{}@]+)\{(?P<body>[^{}]*)\}")
CLASS_ATTRIBUTE = re.compile(r'class="(?P<names>[^"]*)"')


def theme_static() -> Path:
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static"


def used_icon_classes(outdir: Path) -> set[str]:
    """Every ``fa-…`` class a written page or a script of the site names."""
    names: set[str] = set()
    for path in [*outdir.rglob("*.html"), *(outdir / "_static").rglob("*.js")]:
        names.update(ICON_CLASS.findall(path.read_text(encoding="utf8", errors="replace")))
    return names


def lean_stylesheet(css: str, used: set[str]) -> tuple[str, set[int]]:
    """The stylesheet with only the used icons' rules, and those icons' code points."""
    kept: set[int] = set()

    def keep_if_used(rule: re.Match) -> str:
        names = {s.removesuffix(":before")[1:] for s in rule["selectors"].split(",") if s}
        if names & used:
            kept.add(int(rule["code"], 16))
            return rule.group(0)
        return ""

    return ICON_RULE.sub(keep_if_used, css), kept


def subset_font(source: Path, codepoints: set[int]) -> bytes:
    """``source`` (a TrueType font) with only ``codepoints``, as WOFF (zlib, no brotli)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source, recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints & set(font.getBestCmap()))
    subsetter.subset(font)
    font.flavor = "woff"
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue()


def lean_icons(app: Sphinx, exception: Exception | None) -> None:
    outdir = Path(app.outdir)
    written = outdir / "_static" / THEME_STYLESHEET
    if exception is not None or app.builder.format != "html" or not written.exists():
        return
    source = theme_static()
    css, codepoints = lean_stylesheet(
        (source / THEME_STYLESHEET).read_text(encoding="utf8"), used_icon_classes(outdir)
    )

    def lean_face(face: re.Match) -> str:
        found = FONT_SOURCE.search(face.group(0))
        if not found:
            return face.group(0)
        name = found["name"]
        woff = subset_font(source / FONTS / f"{name}.ttf", codepoints)
        (outdir / "_static" / FONTS / f"{name}.woff").write_bytes(woff)
        url = f'src:url(../{FONTS}/{name}.woff) format("woff")'
        return face.group(0).replace(found.group(0), url)

    css = FONT_FACE.sub(lean_face, css)
    written.write_text(css, encoding="utf8")
    for unused in (outdir / "_static" / FONTS).glob("*"):
        if unused.suffix != ".woff":
            unused.unlink()
    logger.info("lean_pages: %d icons kept in the theme's stylesheet and fonts", len(codepoints))


def katex_fonts(css: str) -> tuple[dict[tuple[str, str, str], str], list[tuple[list, tuple]]]:
    """KaTeX's stylesheet read as its font files and the rules that choose among them.

    Returns the file of each face, by (family, style, weight), and for each rule that sets a
    font property, the classes of each compound of its selector and the face it sets
    (family, style or weight may be ``None``: inherited from the formula, KaTeX_Main)."""
    faces: dict[tuple[str, str, str], str] = {}
    rules: list[tuple[list, tuple]] = []
    for face in re.finditer(r"@font-face\{(?P<body>[^}]*)\}", css):
        props = dict(re.findall(r"([a-z-]+):([^;]+)", face["body"]))
        name = re.search(r"url\(fonts/(?P<file>[^)]+\.woff2)\)", props["src"])
        if name:
            faces[props["font-family"], props["font-style"], props["font-weight"]] = name["file"]
    for rule in CSS_RULE.finditer(FONT_FACE.sub("", css)):
        props = dict(re.findall(r"([a-z-]+):([^;]+)", rule["body"]))
        family = re.search(r"\bKaTeX_[A-Za-z0-9]+", props.get("font-family", ""))
        style, weight = props.get("font-style"), props.get("font-weight")
        if not (family or style or weight):
            continue
        for selector in rule["selectors"].split(","):
            parts = re.split(r"[ >+~]+", selector.strip())
            compounds = [set(re.findall(r"\.([\w-]+)", c)) - {"katex"} for c in parts]
            compounds = [c for c in compounds if c]
            rules.append((compounds, (family and family[0], style, weight)))
    return faces, rules


def used_katex_fonts(body: str, faces: dict, rules: list) -> list[str]:
    """The KaTeX font files a page's formulas are drawn with: KaTeX_Main's regular face for
    any formula, and the face of each rule whose every compound's classes one element of
    the page carries (a family that a rule leaves unset is KaTeX_Main's)."""
    if 'class="katex' not in body:
        return []
    elements = {frozenset(m["names"].split()) for m in CLASS_ATTRIBUTE.finditer(body)}
    used = {faces["KaTeX_Main", "normal", "400"]}
    for compounds, (family, style, weight) in rules:
        if all(any(c <= e for e in elements) for c in compounds):
            bold = weight in ("700", "bold", "bolder")
            face = (family or "KaTeX_Main", style or "normal", "700" if bold else "400")
            if face in faces:
                used.add(faces[face])
    return sorted(used)


@functools.cache
def katex_fonts_of(stylesheet: Path | None) -> tuple[dict, list]:
    """``katex_fonts`` of KaTeX's stylesheet, read once per build process."""
    return katex_fonts(stylesheet.read_text(encoding="utf8")) if stylesheet else ({}, [])


def preload_katex_fonts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    """A preload link, in the page's head, for each KaTeX font its formulas use."""
    found = [Path(p) / KATEX_CSS for p in app.config.html_static_path]
    fonts = katex_fonts_of(next((p for p in found if p.exists()), None))
    if not fonts[0]:
        return
    links = "".join(
        f'\n<link rel="preload" href="{context["pathto"]("_static/katex/fonts/" + name, 1)}" '
        'as="font" type="font/woff2" crossorigin />'
        for name in used_katex_fonts(context.get("body", ""), *fonts)
    )
    context["metatags"] = context.get("metatags", "") + links


def drop_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    """No sphinx-design assets on a page without a sphinx-design element, and no tabs script
    on a page without tabs: 1.4's dropdowns are ``<details>``, which need none, and the
    script is one of the two that run before the first paint (``after_paint``)."""
    body = context.get("body", "")
    if 'class="sd-' not in body:
        unused = DESIGN_ASSETS
    elif "sd-tab-set" not in body:
        unused = (DESIGN_TABS,)
    else:
        return
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not any(d in str(a) for d in unused)]


def without_search_tools(html: str) -> str:
    return SEARCH_TOOLS.sub("", html)


def lean_written_pages(app: Sphinx, exception: Exception | None) -> None:
    """Every written page, once: no search scripts but on search.html, no Font Awesome
    script, and its scripts run after its first paint (``after_paint``)."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for page in outdir.rglob("*.html"):
        html = page.read_text(encoding="utf8")
        lean = without_font_awesome_script(html)
        if page.name != "search.html":
            lean = scripts_after_paint(without_search_tools(lean))
        if lean != html:
            page.write_text(lean, encoding="utf8")
    drop_font_awesome_files(outdir)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", drop_page_assets, priority=950)
    app.connect("html-page-context", drop_thebe_assets, priority=900)
    app.connect("html-page-context", preload_katex_fonts)
    app.connect("doctree-resolved", drop_thebe_config, priority=600)  # after sphinx-thebe's
    app.connect("build-finished", lean_written_pages)
    app.connect("build-finished", lean_icons, priority=600)  # after the pages are written
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
