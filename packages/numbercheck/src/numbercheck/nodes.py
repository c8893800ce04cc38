"""The nodes the check leaves in a page, and how HTML shows them to readers."""

from __future__ import annotations

import json

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator

from .contract import HTML_DATA_KEYS
from .language import _
from .rules import RULES


class bound_number(nodes.Inline, nodes.Element):  # noqa: N801 - docutils names nodes in lowercase
    """A number in running text bound to a computed value: the literal, exact value on hover."""


class bound_values(nodes.Invisible, nodes.Element):  # noqa: N801
    """What the tips of a page's bound numbers say of each value (its symbol, its readable
    value), once per page: numbercheck.js composes a number's tip from it and the number's
    ``data-bp-*`` attributes, for numbers in prose and in formulas alike."""


class deviation_note(nodes.General, nodes.Element):  # noqa: N801
    """The visible note after a block whose printed numbers deviate from correct rounding."""


class erratum(nodes.General, nodes.Element):  # noqa: N801
    """An author's visible correction of the original text (``{erratum}`` directive)."""


class sic(nodes.Inline, nodes.FixedTextElement):  # noqa: N801
    """Words of the original kept as printed although they are a slip (``{sic}`` role).

    A ``FixedTextElement``, so that no transform retouches them: docutils' smart quotes would
    turn the original's "......" into "……", the very slip the mark points at.
    """


class errata_list(nodes.General, nodes.Element):  # noqa: N801
    """Where the errata page lists every erratum and deviation of the book."""


class numbercheck_report(nodes.General, nodes.Element):  # noqa: N801
    """Where the report page shows what the check covered, page by page."""


def bound_data(key: str, exact: str, rule: str) -> list[tuple[str, str]]:
    r"""What a bound number carries for scripts and readers: its name, exact value and rule.

    In prose they are ``data-bp-*`` attributes (below); in a formula, ``\htmlData`` keys
    that KaTeX turns into the same attributes (contract.py).
    """
    return list(zip(HTML_DATA_KEYS, (key, exact, rule), strict=True))


def visit_bound_number(self: HTML5Translator, node: bound_number) -> None:
    """The literal alone: its tip is drawn on demand (numbercheck.js), so that no hidden text
    comes along when a reader selects and copies the sentence."""
    data = bound_data(node["key"], node["exact"], node["rule"])
    attributes = " ".join(f'data-{name}="{self.attval(value)}"' for name, value in data)
    self.body.append(
        f'<span class="bp-number" tabindex="0" {attributes}>{self.encode(node["printed"])}</span>'
    )
    raise nodes.SkipNode


TIP_DATA = "bp-values"  # the id of the page's tip data, which numbercheck.js reads


def tip_data(values: dict[str, dict[str, str]]) -> dict:
    """The tip data of a page: each value's ``symbol`` (HTML) and ``exact`` (readable digits),
    the rules' words and the sentence a tip says, in the build's language."""
    return {
        "values": values,
        "rules": {name: rule.label for name, rule in RULES.items()},
        "says": _("{symbol} = {exact}, printed as {printed}, {rule}"),
    }


def visit_bound_values(self: HTML5Translator, node: bound_values) -> None:
    text = json.dumps(node["data"], ensure_ascii=False).replace("</", "<\\/")
    self.body.append(f'<script type="application/json" id="{TIP_DATA}">{text}</script>\n')
    raise nodes.SkipNode


def visit_deviation_note(self: HTML5Translator, node: deviation_note) -> None:
    self.body.append(self.starttag(node, "div", CLASS="bp-deviation", role="note"))


def visit_erratum(self: HTML5Translator, node: erratum) -> None:
    self.body.append(self.starttag(node, "div", CLASS="bp-erratum", role="note"))


def visit_sic(self: HTML5Translator, node: sic) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="bp-sic", title=_("as in the original")))


def depart_sic(self: HTML5Translator, node: sic) -> None:
    self.body.append("</span>")


def depart_div(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append("</div>\n")


HTML = {
    bound_number: (visit_bound_number, None),
    bound_values: (visit_bound_values, None),
    deviation_note: (visit_deviation_note, depart_div),
    erratum: (visit_erratum, depart_div),
    sic: (visit_sic, depart_sic),
}
