r"""Link text that names an equation or a figure must name the one it links to.

"[式（1.3.8）](eq-1-3-7)" is a wrong number a reader sees. Each page records the numbers
of its labelled equations (their ``\tag``) and figures (their caption, "图 1.3.1 …" or
"Figure 1.3.1 …"), and every link whose text names one ("式（1.3.5）", "equation (1.3.5)",
"图 1.3.1"; the words are the build's language, language.py); once all pages are read,
``problem`` compares each link's number with its target's. A link that names an equation
but points at a page (``backprop.md``) cannot be checked and is a problem too: link the label.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.addnodes import pending_xref

from .language import EQUATION, FIGURE, Wording
from .structure import TAG

LABEL_PREFIX = {EQUATION: "eq-…", FIGURE: "fig-…"}  # how the book names labels


def targets(doctree: nodes.document, wording: Wording) -> dict[str, tuple[str, str]]:
    """label → (kind, number) for each labelled equation and figure of a page."""
    found: dict[str, tuple[str, str]] = {}
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
    """(link, (text, kind, number, link target)) for each link whose whole text names one."""
    found = []
    for link in doctree.findall(lambda n: isinstance(n, (pending_xref, nodes.reference))):
        text = link.astext().strip()
        match = wording.mention.fullmatch(text)
        if match:
            target = link.get("reftarget") or link.get("refid") or link.get("refuri") or ""
            found.append((link, (text, wording.kind(match["kind"]), match["number"], target)))
    return found


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
