"""The seed's slips: each kept as printed, marked where it stands, and listed on the errata page.

Issue 21: the book used to correct some slips of the original and keep others silently. Now
every slip is treated the same way: the words stay as the original prints them, carry the
sic mark (a wavy underline), a "原文保留" note follows the block, and the errata page,
generated from those notes, lists it as "保留原文". The source writes the mark as
``{abbr}`反应了 (原文如此)``` and the note as an admonition of class ``erratum kept``, which
a notebook viewer renders too (tests/test_binder.py).
"""

from __future__ import annotations

import re

# The words of the original kept as printed, each marked as such in book/backprop.md.
MARKED = ["......", "反应了", "带入", "compute graph"]
# What each note says the slip is (one per slip; the two "=" and the 0.0004 have no mark).
NOTES = [
    "“……”",
    "反映了",
    "代入",
    "computational graph",
    "第一个等号只近似成立",
    "最后一个等号只近似成立",
    "不是真实残差的舍入",
]
NOTES_EN = [
    "first equals sign holds only approximately",
    "last equals sign holds only approximately",
    "not a rounding of the true residual",
]


def visible(html: str) -> str:
    html = re.sub(r'<span class="(?:katex-mathml|bp-tip)".*?</span>', "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_each_slip_is_kept_marked_and_listed(built):
    chapter = (built / "_build/html/book/backprop.html").read_text(encoding="utf8")
    errata = (built / "_build/html/book/errata.html").read_text(encoding="utf8")
    for words in MARKED:
        # Kept exactly as the original prints it: "......" is not retouched into "……".
        assert f'title="原文如此">{words}</span>' in chapter, words
    shown = visible(chapter)
    listed = visible(errata)
    for note in NOTES:
        assert "原文保留：" in shown and note in shown, note
        assert note in listed, note
    # Seven slips kept, plus the two numbers the original truncates (D and E).
    assert listed.count("保留原文") == len(NOTES) + 2
    # The listed notes show their numbers as the page does, checked, not their source markup.
    assert r"\num" not in listed and "% bp" not in listed and "0.00033" in listed


def test_the_english_edition_lists_the_slips_its_text_keeps(built):
    errata = visible((built / "_build/html/en/book/errata_en.html").read_text(encoding="utf8"))
    for note in NOTES_EN:
        assert note in errata, note
    assert errata.count("Original kept") == len(NOTES_EN) + 2
