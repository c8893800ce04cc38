"""Chinese lines as a Chinese book sets them: no stray gaps, no line opened by punctuation.

Authors wrap Markdown source lines wherever they like. In HTML a line break is white space,
and white space between two Chinese characters shows as a stray gap ("逐一核对， 对不上").
This transform removes a line break (and the blanks around it) when the characters on both
sides are Chinese characters or Chinese punctuation, inside a text node or across
neighbouring text nodes (e.g. before **bold** text). Breaks next to Latin letters, digits
and formulas stay spaces, as mixed Chinese–Latin typesetting expects, except beside
full-width punctuation, which carries its own space: any blank beside it goes ("答案，\nbp"
showed as "答案， bp"; "。 $\\eta$" as "。 η"). Code, math and raw HTML are never touched.

A browser may break a line between an inline formula and the punctuation that follows it
(the formula's last box is an atomic inline, which allows a break after it), so a line
opened with "。一步之后". Once the page is resolved, such a formula and its punctuation are
wrapped in one ``<span class="bp-nobreak">``, which reader_site's stylesheet keeps on one
line. Only a formula of at most ``NO_BREAK_MAX`` visible characters: the span also stops the
line breaks inside the formula (Chrome keeps a break before the punctuation when only the
span's end is ``nowrap``), and a long one must still break to fit a phone.
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
# Full-width punctuation (CJK symbols and punctuation, the full-width forms' punctuation):
# blanks beside it are removed whatever is on the other side.
PUNCTUATION = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
_PUNCTUATION_BLANK = re.compile(rf"(?<=[{PUNCTUATION}])[ \t\n]+|[ \t\n]+(?=[{PUNCTUATION}])")
_IS_PUNCTUATION = re.compile(rf"[{PUNCTUATION}]")
# Punctuation that never opens a line: it stays with the formula before it.
CLOSING = re.compile(r"^[，。、；：？！）」』】〕》〉]+")
NO_BREAK_CLASS = "bp-nobreak"
NO_BREAK_MAX = 20  # visible characters of a formula kept on one line with its punctuation
_TAG = re.compile(r"<[^>]*>")


def visible_length(formula: nodes.math) -> int:
    """The characters a formula shows: its KaTeX HTML's text (katex_prerender stores it on
    the node), or its TeX when it has none."""
    html = formula.get("katex_html", "")
    shown = html[max(html.find('<span class="katex-html"'), 0) :]  # not the MathML copy
    text = _TAG.sub("", shown) if html else formula.astext()
    return len(text.replace("\u200b", "").strip())


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
    """``text`` with every line break between two Chinese characters removed, and every
    blank beside full-width punctuation."""
    return _PUNCTUATION_BLANK.sub("", _INNER_BREAK.sub("", text))


def _ends_cjk(text: str) -> bool:
    text = text.rstrip()
    return bool(text) and _IS_CJK.match(text[-1]) is not None


def _starts_cjk(text: str) -> bool:
    text = text.lstrip()
    return bool(text) and _IS_CJK.match(text[0]) is not None


def _ends_punctuation(text: str | None) -> bool:
    text = (text or "").rstrip()
    return bool(text) and _IS_PUNCTUATION.match(text[-1]) is not None


def _starts_punctuation(text: str | None) -> bool:
    text = (text or "").lstrip()
    return bool(text) and _IS_PUNCTUATION.match(text[0]) is not None


def _break_between(left: str, right: str) -> bool:
    """A line break where ``left`` meets ``right``, with Chinese on both sides of it, or a
    blank with full-width punctuation on one side."""
    blank = left[len(left.rstrip()) :] + right[: len(right) - len(right.lstrip())]
    if blank and (_ends_punctuation(left) or _starts_punctuation(right)):
        return True
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
                    beside_punctuation = _ends_punctuation(left) or _starts_punctuation(right)
                    joined = joins and _break_between(left + text, right)
                    new = "" if beside_punctuation or joined else text
                else:
                    new = join_lines(text)
                    if right is not None and _break_between(new, right):
                        new = new.rstrip()
                    if left is not None and _break_between(left, new):
                        new = new.lstrip()
                if new != str(leaf):
                    leaves[index] = _replace(leaf, nodes.Text(new))


def keep_punctuation_with_formulas(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Wrap each inline formula and the closing punctuation right after it in one
    ``inline.bp-nobreak`` (see the module). Done once the page is resolved, so that the
    checks and KaTeX, which read the formula where the author put it, see it unchanged."""
    for formula in list(doctree.findall(nodes.math)):
        parent = formula.parent
        position = next(i for i, child in enumerate(parent.children) if child is formula)
        after = parent.children[position + 1] if position + 1 < len(parent.children) else None
        found = CLOSING.match(str(after)) if isinstance(after, nodes.Text) else None
        if not found or visible_length(formula) > NO_BREAK_MAX:
            continue
        rest = str(after)[found.end() :]
        together = nodes.inline("", "", classes=[NO_BREAK_CLASS])
        parent[position] = together
        together += [formula, nodes.Text(found.group(0))]
        if rest:
            parent[position + 1] = nodes.Text(rest)
        else:
            del parent[position + 1]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(JoinChineseLines)
    app.connect("doctree-resolved", keep_punctuation_with_formulas, priority=900)
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
