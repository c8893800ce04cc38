"""The CJK line-joining build step: no stray space between Chinese characters, and nothing
else touched (Latin words, code, formulas keep their spaces)."""

from __future__ import annotations

import cjk_lines
import pytest
from docutils import nodes
from docutils.core import publish_doctree
from myst_parser.parsers.docutils_ import Parser


def paragraphs(markdown: str) -> list[str]:
    document = publish_doctree(markdown, parser=Parser())
    transform = cjk_lines.JoinChineseLines.__new__(cjk_lines.JoinChineseLines)
    transform.document = document
    transform.apply()
    return [p.astext() for p in document.findall(nodes.paragraph)]


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("逐一核对，\n对不上就无法构建。", "逐一核对，对不上就无法构建。"),
        ("印出、\n本书保留原样", "印出、本书保留原样"),
        ("这是\n**计算图**的例子", "这是**计算图**的例子".replace("**", "")),
        # Two soft breaks that are equal strings: each is joined where it is.
        ("配套的 Python 包\n`bp` 现场算出，\n对不上", "配套的 Python 包\nbp 现场算出，对不上"),
        ("使用\nbp 计算", "使用\nbp 计算"),  # next to Latin: a space, as mixed text wants
        ("误差\n`x`\n回传", "误差\nx\n回传"),  # around code: spaces stay
        ("English\nwords", "English\nwords"),
        # Full-width punctuation carries its own space: no blank beside it (issue 20).
        ("没有唯一的答案，\n`bp` 也拒绝", "没有唯一的答案，bp 也拒绝"),
        ("定义域。 bp 不会", "定义域。bp 不会"),
        ("走了一步。\n{math}`\\eta` 越大", "走了一步。\\eta 越大"),
        ("设 {math}`x` ，则", "设 x，则"),
        ("He said “yes” and left", "He said “yes” and left"),  # English quotes keep theirs
    ],
)
def test_breaks_between_chinese_characters_are_removed(source, shown):
    assert paragraphs(source) == [shown]


def test_code_is_never_touched():
    document = publish_doctree("```\n中文\n代码\n```\n", parser=Parser())
    transform = cjk_lines.JoinChineseLines.__new__(cjk_lines.JoinChineseLines)
    transform.document = document
    transform.apply()
    assert "中文\n代码" in document.astext()


def test_a_formula_and_the_punctuation_after_it_stay_together():
    document = publish_doctree(
        "走了 {math}`x=1`。一步之后，{math}`y`，其中 {math}`z` 不变。", parser=Parser()
    )
    cjk_lines.keep_punctuation_with_formulas(None, document, "page")
    together = [n.astext() for n in document.findall(nodes.inline) if "bp-nobreak" in n["classes"]]
    assert together == ["x=1。", "y，"]
    assert document.astext() == "走了 x=1。一步之后，y，其中 z 不变。"


def test_a_long_formula_keeps_its_line_breaks():
    long = "A=2+1=3, B=3^2=9, C=\\ln 9=2.1972"
    document = publish_doctree(f"于是 {{math}}`{long}`。再看", parser=Parser())
    cjk_lines.keep_punctuation_with_formulas(None, document, "page")
    assert not [n for n in document.findall(nodes.inline) if "bp-nobreak" in n["classes"]]


def test_the_length_of_a_formula_is_what_katex_shows():
    formula = nodes.math("", "\\frac{dE}{dX}")
    formula["katex_html"] = (
        '<span class="katex"><span class="katex-mathml"><math>dE dX \\frac{dE}{dX}</math></span>'
        '<span class="katex-html" aria-hidden="true"><span class="base">dXdE\u200b</span></span>'
    )
    assert cjk_lines.visible_length(formula) == 4
