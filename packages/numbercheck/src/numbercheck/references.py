r"""Where text names an equation, a figure or a section, the thing it names must be that one.

"[式（1.3.8）](eq-1-3-7)" is a wrong number a reader sees. Each page records the numbers
of its labelled equations (their ``\tag``), figures (their caption, "图 1.3.1 …" or
"Figure 1.3.1 …") and sections (their heading, "1.4 梯度下降"), and every link whose text
names one ("式（1.3.5）", "equation (1.3.5)", "图 1.3.1", "第 1.4 节"; the words are the
build's language, language.py); once all pages are read, ``problem`` compares each link's
number with its target's. A link to a page (``chain.md``) is a link to the page's own
number (its title's, "1.3 反向传播"); one that names anything else is a problem: link the
label.

Running text that names a number without a link ("以 1.3.3 节的例子来算", "式（1.3.7）")
is checked too: ``unknown`` finds each that no page of the edition numbers so.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.addnodes import pending_xref

from .language import EQUATION, FIGURE, SECTION, Wording
from .structure import TAG, heading_number

LABEL_PREFIX = {EQUATION: "eq-…", FIGURE: "fig-…", SECTION: "sec-…"}  # how the book names labels


def targets(doctree: nodes.document, wording: Wording) -> dict[str, tuple[str, str]]:
    """label → (kind, number) for each labelled equation, figure and section of a page."""
    found: dict[str, tuple[str, str]] = {}
    for section in doctree.findall(nodes.section):
        number = heading_number(section)
        for label in section.get("ids", []) if number else []:
            found[label] = (SECTION, ".".join(map(str, number)))
    for block in doctree.findall(nodes.math_block):
        tag = TAG.search(block.astext())
        for label in block.get("ids", []) if tag else []:
            found[label] = (EQUATION, tag.group(1).strip())
    for figure in doctree.findall(nodes.figure):
        caption = next(iter(figure.findall(nodes.caption)), None)
        match = wording.caption.match(caption.astext().strip()) if caption is not None else None
        for label in figure.get("ids", []) if match else []:
            found[label] = (FIGURE, match["number"])
    return found


def mentions(
    doctree: nodes.document, wording: Wording
) -> list[tuple[nodes.Element, tuple[str, str, str, str]]]:
    """(link, (text, kind, number, link target)) for each link whose text names a number.

    "[第 1.3 节“反向传播”](chain.md)" names section 1.3 and links to a page: a page's own
    number is its title's, so the link is checked against that.
    """
    found = []
    for link in doctree.findall(lambda n: isinstance(n, (pending_xref, nodes.reference))):
        text = link.astext().strip()
        named = [(kind, number) for _written, kind, number in wording.named(text) if kind]
        if named:
            target = link.get("reftarget") or link.get("refid") or link.get("refuri") or ""
            found.append((link, (text, *named[0], target)))
    return found


def numbered(doctree: nodes.document, wording: Wording) -> list[tuple[str, str]]:
    """(kind, number) of every numbered section, equation and figure of a page, labelled
    or not: what running text may name."""
    found = [
        (SECTION, ".".join(map(str, number)))
        for number in map(heading_number, doctree.findall(nodes.section))
        if number
    ]
    for block in doctree.findall(nodes.math_block):
        found += [(EQUATION, tag.strip()) for tag in TAG.findall(block.astext())]
    for caption in doctree.findall(nodes.caption):
        match = wording.caption.match(caption.astext().strip())
        found += [(FIGURE, match["number"])] if match else []
    return found


def unknown(named: tuple[str, str | None, str], known: set[tuple[str, str]]) -> str | None:
    """A problem if running text names a number that no page of the edition has."""
    written, kind, number = named
    kinds = [kind] if kind else [EQUATION, FIGURE, SECTION]
    if any((k, number) in known for k in kinds):
        return None
    what = f"{kind} {number}" if kind else f"a section, equation or figure numbered {number}"
    return f"'{written}' names {what}, which no page of this edition has"


def problem(
    mention: tuple[str, str, str, str], labels: dict[str, tuple[str, str]], wording: Wording
) -> str | None:
    text, kind, number, target = mention
    named = labels.get(target)
    if named is None:
        return (
            f"link text '{text}' names {kind} {number} but links to {target!r}, which "
            f"is not a labelled {kind}: link to its label ({LABEL_PREFIX[kind]})"
        )
    if named != (kind, number):
        return (
            f"link text '{text}' does not match its target {target!r}, which is "
            f"{wording.name(*named)}"
        )
    return None
