"""Join hard-wrapped lines of Chinese text without the space a browser would put between them.

Authors wrap Markdown source lines wherever they like. In HTML a line break is white space,
and white space between two Chinese characters shows as a stray gap ("逐一核对， 对不上").
This transform removes a line break (and the blanks around it) when the characters on both
sides are Chinese characters or Chinese punctuation, inside a text node or across
neighbouring text nodes (e.g. before **bold** text). Breaks next to Latin letters, digits
and formulas stay spaces, as mixed Chinese–Latin typesetting expects. Code, math and raw
HTML are never touched.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

# CJK punctuation, kana, CJK ideographs (with extension A), full-width forms, and the curly
# quotes, ellipsis and dash that Chinese text uses.  (MyST gives a soft line break a text
# node of its own; docutils keeps it inside the text; both are handled.)
CJK = (
    "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
    "\u2018\u2019\u201c\u201d\u2026\u2014"
)
_INNER_BREAK = re.compile(rf"(?<=[{CJK}])[ \t]*\n[ \t]*(?=[{CJK}])")
_IS_CJK = re.compile(rf"[{CJK}]")
_UNTOUCHED = (
    nodes.literal,
    nodes.literal_block,
    nodes.math,
    nodes.math_block,
    nodes.raw,
    nodes.comment,
    nodes.FixedTextElement,
)


def join_lines(text: str) -> str:
    """``text`` with every line break between two Chinese characters removed."""
    return _INNER_BREAK.sub("", text)


def _ends_cjk(text: str) -> bool:
    text = text.rstrip()
    return bool(text) and _IS_CJK.match(text[-1]) is not None


def _starts_cjk(text: str) -> bool:
    text = text.lstrip()
    return bool(text) and _IS_CJK.match(text[0]) is not None


def _break_between(left: str, right: str) -> bool:
    """A line break where ``left`` meets ``right``, with Chinese on both sides of it."""
    blank = left[len(left.rstrip()) :] + right[: len(right) - len(right.lstrip())]
    return "\n" in blank and _ends_cjk(left) and _starts_cjk(right)


def _prose(node: nodes.Text) -> bool:
    return not any(isinstance(parent, _UNTOUCHED) for parent in _ancestors(node))


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _replace(leaf: nodes.Text, replacement: nodes.Text) -> nodes.Text:
    """Put ``replacement`` where ``leaf`` is. Found by identity: Text nodes are strings, and
    docutils' own ``replace`` finds the first equal one (another "\\n" earlier on the line)."""
    parent = leaf.parent
    position = next(i for i, child in enumerate(parent.children) if child is leaf)
    parent[position] = replacement
    return replacement


class JoinChineseLines(SphinxTransform):
    """Remove line breaks between Chinese characters in every paragraph (see the module)."""

    default_priority = 700  # after parsing, before the check and KaTeX read the doctree

    def apply(self, **kwargs: Any) -> None:
        for paragraph in self.document.findall(nodes.paragraph):
            # Every text leaf in order, so that a formula between two texts keeps them apart.
            leaves = [leaf for leaf in paragraph.findall(nodes.Text) if str(leaf)]
            prose = [_prose(leaf) for leaf in leaves]
            for index, leaf in enumerate(leaves):
                if not prose[index]:
                    continue
                text = str(leaf)
                left = str(leaves[index - 1]) if index and prose[index - 1] else None
                right = (
                    str(leaves[index + 1]) if index + 1 < len(leaves) and prose[index + 1] else None
                )
                if not text.strip():  # a soft line break as a node of its own (MyST)
                    joins = left is not None and right is not None
                    new = "" if joins and _break_between(left + text, right) else text
                else:
                    new = join_lines(text)
                    if right is not None and _break_between(new, right):
                        new = new.rstrip()
                    if left is not None and _break_between(left, new):
                        new = new.lstrip()
                if new != str(leaf):
                    leaves[index] = _replace(leaf, nodes.Text(new))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(JoinChineseLines)
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
