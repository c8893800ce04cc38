r"""Numbers that are structure, checked as structure: section, exercise, equation and figure
numbers, and the pages' numbers in the table of contents.

A heading that starts with a number ("1.3.4 计算图") must be the next number under its
parent heading's (1.3.1, 1.3.2, … under 1.3), so a repeated or skipped section number, such
as the seed's second "1.3.3", fails the build. Equation tags (``\tag{1.3.7}``) and figure
captions ("图 1.4.2") must be unique, belong to the page's own number (1.3.k on the page
titled "1.3 …") and count up by one; so must exercises. The numbered pages follow one
another in the table of contents (1.3, then 1.4). Where running text names one of these
numbers, references.py checks that it exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from docutils import nodes

HEADING_NUMBER = re.compile(r"(\d+(?:\.\d+)*)\s")
TAG = re.compile(r"\\tag\{([^{}]*)\}")
TAG_NUMBER = re.compile(r"\d+(?:\.\d+)*")

Number = tuple[int, ...]


def _number(text: str) -> Number:
    return tuple(int(part) for part in text.split("."))


def _shown(number: Number) -> str:
    return ".".join(map(str, number))


def heading_number(section: nodes.section) -> Number | None:
    match = HEADING_NUMBER.match(section[0].astext()) if len(section) else None
    return _number(match.group(1)) if match else None


def headings(doctree: nodes.document) -> Iterator[tuple[nodes.Node, str]]:
    """(title node, problem) for each heading number out of order under its parent."""
    yield from _children(doctree, None)


def _children(container: nodes.Element, parent: Number | None) -> Iterator[tuple[nodes.Node, str]]:
    expected = 1
    for section in (c for c in container.children if isinstance(c, nodes.section)):
        number = heading_number(section)
        if number is not None and parent is not None:
            wanted = (*parent, expected)
            if number != wanted:
                yield (
                    section[0],
                    f"section number {_shown(number)} should be {_shown(wanted)}: the "
                    f"sections under {_shown(parent)} are numbered 1, 2, … in order",
                )
            expected += 1
        yield from _children(section, number if number is not None else parent)


def page_number(doctree: nodes.document) -> Number | None:
    first = next(iter(doctree.findall(nodes.section)), None)
    return heading_number(first) if first is not None else None


def tags(
    doctree: nodes.document, math_blocks: list[nodes.math_block]
) -> Iterator[tuple[nodes.Node, str]]:
    """(math node, problem) for each equation tag that repeats, skips or is not the page's."""
    page = page_number(doctree)
    seen: set[Number] = set()
    expected = 1
    for block in math_blocks:
        for text in TAG.findall(block.astext()):
            if not TAG_NUMBER.fullmatch(text.strip()):
                continue  # a symbolic tag such as (*) is not a number
            number = _number(text.strip())
            if number in seen:
                yield block, f"equation tag ({text}) is used twice on this page"
                continue
            seen.add(number)
            if page is None:
                yield block, f"equation tag ({text}) on a page whose title has no number"
                continue
            wanted = (*page, expected)
            if number != wanted:
                yield (
                    block,
                    f"equation tag ({text}) should be ({_shown(wanted)}): the equations of "
                    f"{_shown(page)} are numbered 1, 2, … in order",
                )
            expected = number[-1] + 1 if number[:-1] == page else expected + 1


def exercises(
    doctree: nodes.document, heading: re.Pattern[str]
) -> Iterator[tuple[nodes.Node, str]]:
    """(node, problem) for each exercise number out of order on the page.

    An exercise's number is structure, like a section's. It stands in a heading ("习题 3：…",
    numbered 1, 2, … in order) or in bold at the start of a paragraph ("**习题 1.4.2**",
    numbered after the page: 1.4.1, 1.4.2, … on the page titled "1.4 …"). A page whose title
    has no number (a page of exercises) numbers its exercises after the section they practise,
    which its first exercise names: 1.3.1, 1.3.2, … for Section 1.3.
    """
    page = page_number(doctree)
    expected = {False: 1, True: 1}  # plain, dotted
    for node in doctree.findall(_exercise_lead):
        match = heading.match(node.astext())
        if not match:
            continue
        number = _number(match["number"])
        dotted = len(number) > 1
        written = match["number"]
        if dotted and page is None:
            page = number[:-1]
        wanted = (*page, expected[dotted]) if dotted else (expected[dotted],)
        if number != wanted:
            whose = f"the exercises of {_shown(page)}" if dotted else "the exercises of a page"
            yield (
                node,
                f"exercise number {written} should be {_shown(wanted)}: {whose} are "
                "numbered 1, 2, … in order",
            )
        expected[dotted] += 1


def _exercise_lead(node: nodes.Node) -> bool:
    """A section's title, or bold text that opens a paragraph: where an exercise is named."""
    if isinstance(node, nodes.title):
        return isinstance(node.parent, nodes.section)
    if not (isinstance(node, nodes.strong) and isinstance(node.parent, nodes.paragraph)):
        return False
    before = node.parent.children[: node.parent.index(node)]
    return all(isinstance(b, nodes.Text) and not b.strip() for b in before)


def figures(doctree: nodes.document, caption: re.Pattern[str]) -> Iterator[tuple[nodes.Node, str]]:
    """(caption, problem) for each figure number out of order: 1.3.1, 1.3.2, … on page 1.3."""
    page = page_number(doctree)
    expected = 1
    for node in doctree.findall(nodes.caption):
        match = caption.match(node.astext().strip())
        if not match or not isinstance(node.parent, nodes.figure):
            continue
        number = _number(match["number"])
        wanted = (*page, expected) if page else None
        if number != wanted:
            yield (
                node,
                f"figure number {match['number']} should be {_shown(wanted)}: the figures of "
                f"{_shown(page)} are numbered 1, 2, … in order"
                if wanted
                else f"figure number {match['number']} on a page whose title has no number",
            )
        expected += 1


def in_order(pages: list[tuple[str, Number]]) -> Iterator[tuple[str, str]]:
    """(docname, problem) for each numbered page whose number does not follow the one before.

    ``pages`` are the numbered pages in the table of contents' order: the first may have any
    number (the chapter starts at 1.3), each next one is the one after it (1.3, then 1.4).
    """
    for (_before, previous), (docname, number) in pairwise(pages):
        wanted = (*previous[:-1], previous[-1] + 1)
        if number != wanted:
            yield (
                docname,
                f"the page is numbered {_shown(number)} but follows {_shown(previous)} in the "
                f"table of contents: it should be {_shown(wanted)}",
            )
