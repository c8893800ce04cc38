"""What a page makes the browser fetch (book/_ext/lean_pages): the icons the site shows and
no others, no search scripts outside search.html, sphinx-design only where it is used, and
an early request (preload) for each KaTeX font the page's formulas use."""

from __future__ import annotations

import json
import re

import pytest
from lean_pages import (
    FONTS,
    ICON_RULE,
    SEARCH_TOOLS,
    THEME_STYLESHEET,
    katex_fonts,
    lean_stylesheet,
    subset_font,
    theme_static,
    used_katex_fonts,
)
from lean_pages.after_paint import (
    BEFORE_PAINT,
    head_scripts_before_stylesheets,
    scripts_after_paint,
)

from tests.book import ROOT

THEME_CSS = (theme_static() / THEME_STYLESHEET).read_text(encoding="utf8")
KATEX_STATIC = ROOT / "book/_ext/katex_prerender/static/katex"
KATEX_FONTS = katex_fonts((KATEX_STATIC / "katex.min.css").read_text(encoding="utf8"))
PRELOADED_FONT = re.compile(r'<link rel="preload" href="([^"]*/katex/fonts/[^"]+)" as="font"')


def test_only_the_used_icons_keep_their_rules_and_glyphs():
    css, codepoints = lean_stylesheet(THEME_CSS, {"fa-github", "fa-bars", "fa-lg"})
    kept = {m["code"] for m in ICON_RULE.finditer(css)}
    assert kept == {"f09b", "f0c9"} and codepoints == {0xF09B, 0xF0C9}
    assert ".fa-lg{" in css  # a class that is not an icon is left alone
    assert len(css) < len(THEME_CSS) - 80_000


def test_a_cut_font_holds_exactly_the_kept_icons(tmp_path):
    from fontTools.ttLib import TTFont

    woff = tmp_path / "solid.woff"
    woff.write_bytes(subset_font(theme_static() / FONTS / "fa-solid-900.ttf", {0xF0C9, 0xF09B}))
    assert set(TTFont(woff).getBestCmap()) == {0xF0C9}  # the GitHub mark is a brand icon
    assert woff.stat().st_size < 5_000


def test_the_fonts_a_formula_is_drawn_with_are_read_from_its_classes():
    def fonts(html):
        return used_katex_fonts(html, *KATEX_FONTS)

    assert fonts("<p>no formula</p>") == []
    plain = '<span class="katex"><span class="mord">1</span></span>'
    assert fonts(plain) == ["KaTeX_Main-Regular.woff2"]
    # A size class that sets the text size (sizing size3) is not a delimiter's (delimsizing).
    assert fonts(plain + '<span class="sizing reset-size6 size3 mtight">x</span>') == [
        "KaTeX_Main-Regular.woff2"
    ]
    assert fonts(
        plain + '<span class="mord mathnormal">x</span><span class="delimsizing size1">(</span>'
        '<span class="mord boldsymbol">w</span>'
    ) == [
        "KaTeX_Main-Regular.woff2",
        "KaTeX_Math-BoldItalic.woff2",
        "KaTeX_Math-Italic.woff2",
        "KaTeX_Size1-Regular.woff2",
    ]
    # A rule over two elements: the big delimiter's pieces (.delimsizing.mult .delim-size4>span).
    assert "KaTeX_Size4-Regular.woff2" in fonts(
        plain + '<span class="delimsizing mult"><span class="delim-size4"><span>⎧</span>'
    )


def test_the_theme_search_scripts_are_recognised():
    layout = (theme_static().parent / "layout.html").read_text(encoding="utf8")
    written = re.sub(r"\{\{ pathto\('([^']+)', 1\) \| e \}\}", r"../\1", layout)
    assert len(SEARCH_TOOLS.findall(written)) == 3


@pytest.mark.build
def test_built_pages_fetch_only_what_they_use(built):
    html = built / "_build/html"
    chapter = (html / "book/backprop.html").read_text(encoding="utf8")
    assert "searchindex.js" not in chapter and "sphinx-design" not in chapter
    assert "searchindex.js" in (html / "search.html").read_text(encoding="utf8")
    descent = (html / "book/descent.html").read_text(encoding="utf8")
    assert "sphinx-design" in descent  # its dropdowns are styled
    assert "design-tabs.js" not in descent  # they are <details>: no script, and 1.4 has no tabs
    css = (html / "_static" / THEME_STYLESHEET).read_text(encoding="utf8")
    shown = {m["code"] for m in ICON_RULE.finditer(css)}
    for name in ("fa-github", "fa-bars", "fa-magnifying-glass", "fa-rocket", "fa-list"):
        assert re.search(rf"\.{name}:before[^{{]*\{{", css), name
    assert len(shown) < 40
    fonts = sorted(p.name for p in (html / "_static" / FONTS).iterdir())
    assert fonts == ["fa-brands-400.woff", "fa-regular-400.woff", "fa-solid-900.woff"]


@pytest.mark.build
def test_built_pages_preload_the_katex_fonts_they_use(built):
    """Every preloaded font exists; the chapter preloads what its formulas are drawn with.
    (tests/test_site_fonts.py checks against the fonts the browser actually draws with.)"""
    html = built / "_build/html"
    chapter = (html / "book/backprop.html").read_text(encoding="utf8")
    head = chapter[: chapter.index("</head>")]
    preloaded = [href.split("/")[-1] for href in PRELOADED_FONT.findall(head)]
    assert preloaded == [
        "KaTeX_Main-Regular.woff2",
        "KaTeX_Math-Italic.woff2",
        "KaTeX_Size1-Regular.woff2",  # \big/ in the note on (1.3.9)
        "KaTeX_Size4-Regular.woff2",
    ]
    assert "crossorigin" in head[head.index(preloaded[0]) :].split(">")[0]  # else fetched twice
    assert head.index(preloaded[0]) < head.index('rel="stylesheet"')  # asked for first
    for page in html.rglob("*.html"):
        for href in PRELOADED_FONT.findall(page.read_text(encoding="utf8")):
            assert (page.parent / href).resolve().is_file(), (page, href)
    search = (html / "search.html").read_text(encoding="utf8")
    assert PRELOADED_FONT.findall(search) == []  # no formula, no font


HEAD_SCRIPTS = """<head>
<script data-cfasync="false">
  document.documentElement.dataset.theme = localStorage.getItem("theme") || "auto";
</script>
<script src="../_static/documentation_options.js?v=1"></script>
<script>DOCUMENTATION_OPTIONS.pagename = 'book/backprop';</script>
<script src="../_static/doctools.js?v=2"></script>
<script data-sd-tabs-storage-prefix="x-" src="../_static/design-tabs.js?v=3"></script>
<link rel="preload" as="script" href="../_static/scripts/bootstrap.js" />
</head><body><p>text</p>
<script defer src="../_static/scripts/bootstrap.js"></script>
<script src="../_static/copybutton.js" data-extra="1"></script>
</body>"""


def test_a_pages_scripts_wait_for_its_first_paint():
    lean = scripts_after_paint(HEAD_SCRIPTS)
    assert scripts_after_paint(lean) == lean  # a second build changes nothing
    left = re.findall(r'<script[^>]*src="([^"]+)"', lean)
    assert left == ["../_static/documentation_options.js?v=1", "../_static/design-tabs.js?v=3"]
    assert "DOCUMENTATION_OPTIONS.pagename" in lean and 'rel="preload" as="script"' not in lean
    moved = json.loads(re.search(r"for \(const attributes of (\[.*?\])\)", lean)[1])
    assert moved == [  # in their order, with their attributes, no longer deferred
        {"src": "../_static/doctools.js?v=2"},
        {"src": "../_static/scripts/bootstrap.js"},
        {"src": "../_static/copybutton.js", "data-extra": "1"},
    ]
    assert lean.index("requestAnimationFrame") > lean.index("<p>text</p>")
    # "auto" colour mode is resolved in the head, before the first paint, not by the theme's
    # script after it (a dark system would see a light page first).
    assert lean.index('=== "auto"') < lean.index("</head>")
    assert lean.index('=== "auto"') > lean.index('localStorage.getItem("theme")')


HEAD_WITH_STYLESHEETS = """<head>
<script>first = 1;</script>
<link rel="preload" href="font.woff2" as="font" />
<link href="theme.css" rel="stylesheet" />
<script src="documentation_options.js"></script>
<link rel="stylesheet" type="text/css" href="other.css" />
<script>second = 2;</script>
<script type="application/json" id="data">{"x": "</p>"}</script>
</head><body><p>text</p><script>last = 3;</script></body>"""


def test_the_heads_scripts_do_not_wait_for_its_stylesheets():
    """A classic script below a stylesheet waits for it, and the parser for the script."""
    lean = head_scripts_before_stylesheets(HEAD_WITH_STYLESHEETS)
    assert head_scripts_before_stylesheets(lean) == lean
    order = ["first = 1", "documentation_options.js", "second = 2", 'href="theme.css"',
             'href="other.css"', 'id="data"', "last = 3"]  # fmt: skip
    assert [lean.index(s) for s in order] == sorted(lean.index(s) for s in order)
    assert lean.count("<script") == HEAD_WITH_STYLESHEETS.count("<script")


def first_stylesheet_and_classic_scripts(html: str) -> tuple[int, list[tuple[int, str]]]:
    """Where a page's first stylesheet is, and where each classic script (not JSON data) is."""
    first = re.search(r'<link\b[^>]*rel="stylesheet"', html)
    scripts = [
        (found.start(), found[0][:80])
        for found in re.finditer(r"<script(?![^>]*application/)[^>]*>", html)
    ]
    return (first.start() if first else len(html)), scripts


@pytest.mark.build
def test_built_pages_parse_to_their_end_while_the_stylesheets_load(built):
    """The parser is never stopped to wait for a stylesheet: every classic script a written
    page has is above its stylesheets, but the loader at the end of the body."""
    for page in (built / "_build/html").rglob("*.html"):
        if page.name == "search.html":
            continue
        text = page.read_text(encoding="utf8")
        stylesheets, scripts = first_stylesheet_and_classic_scripts(text)
        below = [tag for at, tag in scripts if at > stylesheets]
        if below:
            loader = text.rindex("<script")
            assert [at for at, _ in scripts if at > stylesheets] == [loader], (page, below)
            assert "lean_pages/after_paint.py" in text[loader:]


@pytest.mark.build
def test_built_pages_load_no_thebe_font_awesome_script_or_early_scripts(built):
    html = built / "_build/html"
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf8")
        for unused in ("thebe", "kernelName", "fontawesome.js"):
            assert unused not in text, (page, unused)
        if page.name != "search.html":
            assert "reader-search.js" not in text, page
            sources = re.findall(r'<script[^>]*src="([^"]+)"', text)
            assert all(any(s in src for s in BEFORE_PAINT) for src in sources), (page, sources)
    assert not list((html / "_static/scripts").glob("fontawesome*"))
    search = (html / "search.html").read_text(encoding="utf8")
    assert '<script src="_static/reader-search.js' in search
    assert "requestAnimationFrame" not in search  # its search starts at DOMContentLoaded
