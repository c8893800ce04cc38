"""Corrections to the original text, shown where they apply and gathered on one page.

``{erratum}`` marks a correction in place (a visible note). ``{errata}`` on the errata page
becomes a list of every correction and every declared deviation of every page, built from
what the check recorded, so the page can never disagree with the chapter.
"""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from .language import _
from .nodes import errata_list, erratum
from .rules import RULES


@dataclass(frozen=True)
class Correction:
    docname: str
    anchor: str
    location: str
    text: str


class ErratumDirective(SphinxDirective):
    """A correction of the original, written where it applies."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        serial = len(self.env.numbercheck_corrections.setdefault(self.env.docname, [])) + 1
        anchor = f"bp-erratum-{serial}"
        node = erratum(ids=[anchor])
        self.state.nested_parse(self.content, self.content_offset, node)
        _source, line = self.get_source_info()
        self.env.numbercheck_corrections[self.env.docname].append(
            Correction(
                self.env.docname,
                anchor,
                f"{self.env.doc2path(self.env.docname, False)}:{line}",
                node.astext(),
            )
        )
        if len(node) and isinstance(node[0], nodes.paragraph):
            node[0].insert(0, nodes.strong(text=_("Erratum: ")))
        return [node]


class ErrataDirective(SphinxDirective):
    """The place on the errata page where the generated list goes."""

    def run(self) -> list[nodes.Node]:
        self.env.numbercheck_errata_pages.add(self.env.docname)
        return [errata_list()]


def fill_errata(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    env = app.env
    for placeholder in list(doctree.findall(errata_list)):
        content: list[nodes.Node] = []
        pages = sorted(set(env.numbercheck_corrections) | set(env.numbercheck_deviations))
        for page in pages:
            items = nodes.bullet_list()
            for correction in env.numbercheck_corrections.get(page, []):
                kind = _("Correction")
                items += _item(app, docname, page, correction.anchor, kind, correction.text)
            seen = set()
            for d in env.numbercheck_deviations.get(page, []):
                if (d.key, d.printed, d.rule) in seen:  # the same number printed again
                    continue
                seen.add((d.key, d.printed, d.rule))
                text = _(
                    "The original prints {printed}, which passes under its declared rule "
                    "“{rule}”; the computed value is {exact}, correctly rounded {correct}."
                ).format(
                    printed=d.printed,
                    rule=RULES[d.rule].description,
                    exact=repr(d.exact),
                    correct=d.correct,
                )
                items += _item(app, docname, page, d.anchor, _("Original kept"), text)
            if len(items):
                title = env.titles[page].astext() if page in env.titles else page
                section = nodes.paragraph()
                section += nodes.strong(text=title)
                content += [section, items]
        if not content:
            content = [nodes.paragraph(text=_("No errata."))]
        placeholder.replace_self(content)


def _item(app, fromdoc: str, page: str, anchor: str, kind: str, text: str) -> nodes.list_item:
    uri = app.builder.get_relative_uri(fromdoc, page) + "#" + anchor
    paragraph = nodes.paragraph()
    paragraph += nodes.reference("", kind, refuri=uri, internal=True)
    paragraph += nodes.Text(_(": ") + text)
    return nodes.list_item("", paragraph)


def errata_pages_are_outdated(
    app: Sphinx, env: BuildEnvironment, added: set, changed: set, removed: set
) -> list[str]:
    """The errata page lists other pages' content, so rebuild it whenever a page changes."""
    if added or changed or removed:
        return sorted(env.numbercheck_errata_pages)
    return []
