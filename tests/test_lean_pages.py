"""What a page makes the browser fetch (book/_ext/lean_pages): the icons the site shows and
no others, no search scripts outside search.html, sphinx-design only where it is used."""

from __future__ import annotations

import re
import sys

import pytest

from tests.book import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))

from lean_pages import (
    FONTS,
    ICON_RULE,
    SEARCH_TOOLS,
    THEME_STYLESHEET,
    lean_stylesheet,
    subset_font,
    theme_static,
)

THEME_CSS = (theme_static() / THEME_STYLESHEET).read_text(encoding="utf8")


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
    assert "sphinx-design" in (html / "book/descent.html").read_text(encoding="utf8")  # dropdowns
    css = (html / "_static" / THEME_STYLESHEET).read_text(encoding="utf8")
    shown = {m["code"] for m in ICON_RULE.finditer(css)}
    for name in ("fa-github", "fa-bars", "fa-magnifying-glass", "fa-rocket", "fa-list"):
        assert re.search(rf"\.{name}:before[^{{]*\{{", css), name
    assert len(shown) < 40
    fonts = sorted(p.name for p in (html / "_static" / FONTS).iterdir())
    assert fonts == ["fa-brands-400.woff", "fa-regular-400.woff", "fa-solid-900.woff"]
