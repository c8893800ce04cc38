"""The CJK line-joining build step: no stray space between Chinese characters, and nothing
else touched (Latin words, code, formulas keep their spaces)."""

from __future__ import annotations

import sys

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from myst_parser.parsers.docutils_ import Parser

from tests.book import ROOT

sys.path.insert(0, str(ROOT / "book/_ext"))
import cjk_lines


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
