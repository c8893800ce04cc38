r"""Claims: what the prose says about computed values is checked like a number.

"越跳越远", "除法总是更快", "太低了", "converges": a word of comparison, trend, convergence,
quantity or sign in a sentence about computed quantities is a statement a cell could compute.
The author binds it in a MyST comment line right after the paragraph, list item or table
that says it (readers, on the site and in JupyterLab, never see a comment)::

    $\eta$ 再大，来回跳的幅度越来越大，不再收敛。
    % bp: claim "越来越大": rate_diverge_grows
    % bp: claim "不再收敛": not computable, 对所有更大的学习率的断言，只能逐个计算

A bound claim names a value the page's cells published with ``publish``: a boolean that
must be true (``rate_diverge_grows = all(abs(x) grows)``). A claim no finite computation
can settle says so, with its reason; the report page lists it. Words of the kind listed
in ``language.Wording.claims`` that no claim covers fail the build ("unbound claim"), in
every paragraph, list item and table row that has a formula or a bound number, the way an
unbound number does. The quoted phrase must occur in the text the comment follows, so a
claim cannot outlive the sentence it binds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from docutils import nodes

from .context import Page, ancestors, in_cell

MARK = re.compile(r"\A\s*bp:\s*claim\b")
CLAIM = re.compile(
    r"\A\s*bp:\s*claim\s+\"(?P<phrase>[^\"]+)\"\s*:\s*"
    r"(?:not computable\s*[,，:：]\s*(?P<reason>\S.*?)|(?P<predicate>[A-Za-z_]\w*))\s*\Z",
    re.DOTALL,
)
SYNTAX = r'% bp: claim "<words>": <published boolean>  or  "<words>": not computable, <reason>'
TRUE, FALSE = ("True", "np.True_", "numpy.True_"), ("False", "np.False_", "numpy.False_")
HOLDS, FAILS, NOT_COMPUTABLE = "holds", "fails", "not computable"
_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
# The block that a claim may cover, from the smallest: its words are looked for there.
_BLOCKS = (nodes.paragraph, nodes.caption, nodes.term)


@dataclass(frozen=True)
class Claim:
    phrase: str
    predicate: str | None  # None: not computable
    reason: str
    comment: nodes.comment
    block: nodes.Element  # what the comment follows


def normal(text: str) -> str:
    """Text as a reader reads it: one space for any run of blanks, none next to Chinese."""
    text = re.sub(r"\s+", " ", text)
    return re.sub(rf"(?<={_CJK}) | (?={_CJK})", "", text).strip()


def prose_text(block: nodes.Element) -> str:
    """The words of a block, each formula as one placeholder ("$")."""
    parts = []
    for node in block.findall(lambda n: isinstance(n, (nodes.Text, nodes.math))):
        if isinstance(node, nodes.math):
            parts.append(" $ ")
        elif not any(isinstance(a, (nodes.math, nodes.comment)) for a in ancestors(node)):
            parts.append(node.astext())
    return normal("".join(parts))


def _claims(page: Page) -> Iterator[Claim]:
    for comment in page.doctree.findall(nodes.comment):
        lines = comment.astext().splitlines()
        if not lines or not MARK.match(lines[0]):
            continue
        block = comment.previous_sibling()
        while isinstance(block, nodes.comment):
            block = block.previous_sibling()
        for line in lines:
            match = CLAIM.match(line)
            if match is None:
                # MyST joins the lines after a comment to it until a blank line: text
                # there would be hidden from readers.
                hidden = "" if MARK.match(line) else " (text right after a claim is hidden: "
                page.problem(
                    line.strip()[:30],
                    comment,
                    f"malformed claim {line.strip()!r}"
                    + (hidden and hidden + "leave a blank line after the claims)")
                    + f": {SYNTAX}",
                )
                continue
            if block is None:
                page.problem(match["phrase"], comment, "a claim must follow the text it binds")
                continue
            yield Claim(
                normal(match["phrase"]),
                match["predicate"],
                (match["reason"] or "").strip(),
                comment,
                block,
            )


def _spans(phrase: str, text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text)]


def _audited(page: Page, block: nodes.Element) -> bool:
    """A block about computed quantities: it (or its table row) has a formula."""
    if in_cell(block) or not isinstance(block, _BLOCKS):
        return False
    scope = next((a for a in ancestors(block) if isinstance(a, nodes.row)), block)
    return any(True for _math in scope.findall(nodes.math))


def check(page: Page) -> None:
    """Judge every claim of the page, then find the claim words that no claim covers.

    Runs before the formulas are rewritten, so that a block's formulas are still math.
    """
    claims = list(_claims(page))
    for claim in claims:
        _judge(page, claim)
    for block in page.doctree.findall(lambda n: isinstance(n, _BLOCKS)):
        if not _audited(page, block):
            continue
        text = prose_text(block)
        covering = [c for c in claims if c.block is block or c.block in set(ancestors(block))]
        spans = [s for c in covering for s in _spans(c.phrase, text)]
        for word in page.wording.claims.finditer(text):
            if any(s <= word.start() and word.end() <= e for s, e in spans):
                continue
            page.problem(
                word.group(0),
                block,
                f"unbound claim {word.group(0)!r} in {_around(text, word)!r}: "
                f"a statement about computed values; bind it after the text with {SYNTAX}",
            )


def _around(text: str, word: re.Match[str]) -> str:
    return text[max(word.start() - 12, 0) : word.end() + 12]


_SENTENCE_END = re.compile(r"(?<=[。；！？;!?])|(?<=\.)\s")


def context(phrase: str, block: nodes.Element) -> str:
    """The sentence (or table row) that says ``phrase``, each formula shown as "…", for the
    report page."""
    if isinstance(block, nodes.table):
        candidates = [
            " | ".join(prose_text(entry) for entry in row.findall(nodes.entry))
            for row in block.findall(nodes.row)
        ]
    else:
        candidates = _SENTENCE_END.split(prose_text(block))
    for sentence in candidates:
        if phrase in sentence:
            return sentence.replace("$", "…").strip()
    return phrase


def _judge(page: Page, claim: Claim) -> None:
    location = page.where(f'"{claim.phrase}', claim.comment)
    entry = {
        "location": location,
        "phrase": claim.phrase,
        "predicate": claim.predicate,
        "sentence": context(claim.phrase, claim.block),
    }
    if claim.phrase not in prose_text(claim.block):
        page.problem_at(
            location,
            f"claim {claim.phrase!r} is not in the text it follows "
            f"({prose_text(claim.block)[:60]!r}…): bind the words as written",
        )
    if claim.predicate is None:
        page.record.claims.append({**entry, "verdict": NOT_COMPUTABLE, "reason": claim.reason})
        return
    shown = f"claim {claim.phrase!r} bound to {claim.predicate!r}"
    value = page.values.get(claim.predicate)
    if value is None:
        known = ", ".join(sorted(k for k, v in page.values.items() if v in TRUE + FALSE))
        page.problem_at(location, f"{shown}: unknown name (booleans published here: {known})")
        return
    if value not in TRUE + FALSE:
        page.problem_at(location, f"{shown}: the published value is {value}, not True or False")
        return
    holds = value in TRUE
    page.record.claims.append({**entry, "verdict": HOLDS if holds else FAILS, "reason": ""})
    if not holds and page.enabled:
        page.problem_at(location, f"{shown} is false: the computation says {value}")
