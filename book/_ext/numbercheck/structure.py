r"""Numbers that are structure, checked as structure: section, exercise and equation numbers.

A heading that starts with a number ("1.3.4 计算图") must be the next number under its
parent heading's (1.3.1, 1.3.2, … under 1.3), so a repeated or skipped section number, such
as the seed's second "1.3.3", fails the build. Equation tags (``\tag{1.3.7}``) must be unique,
belong to the page's own number (1.3.k on the page titled "1.3 …") and count up by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
    """(title node, problem) for each exercise heading ("习题 3") out of order on the page.

    An exercise's number is structure, like a section's: the exercises of a page are
    numbered 1, 2, … in the order they appear.
    """
    expected = 1
    for title in doctree.findall(nodes.title):
        match = heading.match(title.astext())
        if not match or not isinstance(title.parent, nodes.section):
            continue
        if int(match["number"]) != expected:
            yield (
                title,
                f"exercise number {match['number']} should be {expected}: the exercises of "
                "a page are numbered 1, 2, … in order",
            )
        expected += 1
