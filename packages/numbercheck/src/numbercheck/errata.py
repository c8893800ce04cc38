"""Corrections to the original text, and numbers printed by another rule, shown where they
apply and gathered on one page.

``{erratum}`` marks a correction in place (a visible note). ``{erratum}`` with ``:kept:``
marks a slip of the original that the book keeps as printed (a wrong character, an "=" that
holds only approximately): the same note, saying that the text is the original's, and the
slip's words in the text carry the ``{sic}`` role, so a reader sees where it is. Every slip
is treated the same way: kept, marked, listed. A number declared with a rule
other than correct rounding gets a note after its block (``note_text``). ``{errata}`` on the
errata page becomes a list of every correction and every declared deviation of every page,
built from what the check recorded, so the page can never disagree with the chapter. What
both say about a deviation, and which deviations count once, is written here only.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.utils import get_source_line
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from . import store
from .language import _
from .nodes import errata_list, erratum, sic
from .rules import RULES
from .store import Correction, Deviation


def distinct(deviations: list[Deviation]) -> list[Deviation]:
    """Each deviating number once: the same number printed again says nothing new."""
    seen, found = set(), []
    for d in deviations:
        if (d.key, d.printed, d.rule) not in seen:
            seen.add((d.key, d.printed, d.rule))
            found.append(d)
    return found


def note_text(deviations: list[Deviation]) -> str:
    """The note after a block whose printed numbers deviate, with their exact values.

    The sentences are joined without a separator (Chinese needs none); the English ids end
    with the space between two sentences, and the note ends without it.
    """
    sentences = [
        _(
            "The original prints {printed} ({rule}); the computed value is {exact}, "
            "correctly rounded {correct}. "
        ).format(
            printed=d.printed, rule=RULES[d.rule].label, exact=repr(d.exact), correct=d.correct
        )
        for d in distinct(deviations)
    ]
    return (_("Note: ") + "".join(sentences)).rstrip()


def listed_text(d: Deviation) -> str:
    """A deviation as the errata page lists it."""
    return _(
        "The original prints {printed}, which passes under its declared rule "
        "“{rule}”; the computed value is {exact}, correctly rounded {correct}."
    ).format(
        printed=d.printed, rule=RULES[d.rule].description, exact=repr(d.exact), correct=d.correct
    )


def _erratum(
    env: BuildEnvironment, body: list[nodes.Node], kept: bool, line: int | None
) -> erratum:
    """The note of one correction, recorded for the errata page under its anchor."""
    corrections = store.page(env, env.docname).corrections
    anchor = f"bp-erratum-{len(corrections) + 1}"
    node = erratum(ids=[anchor], classes=["bp-kept"] if kept else [])
    node.extend(body)
    location = f"{env.doc2path(env.docname, False)}:{line}"
    corrections.append(Correction(env.docname, anchor, location, node.astext(), kept))
    if len(node) and isinstance(node[0], nodes.paragraph):
        node[0].insert(0, nodes.strong(text=_("Original kept: ") if kept else _("Erratum: ")))
    return node


class ErratumDirective(SphinxDirective):
    """A correction of the original, written where it applies."""

    has_content = True
    option_spec: ClassVar = {"kept": directives.flag}  # a slip kept as printed, not corrected

    def run(self) -> list[nodes.Node]:
        body = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, body)
        _source, line = self.get_source_info()
        return [_erratum(self.env, body.children, "kept" in self.options, line)]


def sic_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{sic}`反应了``: words of the original kept as printed, marked where they stand.

    The ``{erratum}`` with ``:kept:`` after the block says what they should be.
    """
    return [sic(rawtext, text, classes=["bp-sic"])], []


class NotebookForms(SphinxTransform):
    """The notes and marks in a form that notebook viewers render as well as Sphinx.

    jupyterlab-myst (a page opened as a notebook, on Binder) shows an unknown directive or
    role as raw source. It knows admonitions and ``{abbr}``, so an author may write
    ``:::{admonition}`` with ``:class: erratum`` (``erratum kept`` for a kept slip) instead
    of ``{erratum}``, and ``{abbr}`反应了 (as in the original)``` instead of ``{sic}``, the
    explanation in the page's language. A notebook then shows an admonition with its title
    and an abbreviation; the site shows exactly what the directive and the role give. It runs
    before smart quotes (priority 750), which would retouch the original's "......".
    """

    default_priority = 700

    def apply(self, **kwargs: Any) -> None:
        as_printed = _("as in the original")
        for abbreviation in list(self.document.findall(nodes.abbreviation)):
            if abbreviation.get("explanation") == as_printed:
                text = abbreviation.astext()
                abbreviation.replace_self(sic(abbreviation.rawsource, text, classes=["bp-sic"]))
        for admonition in list(self.document.findall(nodes.admonition)):
            if "erratum" in admonition["classes"]:
                body = [c for c in admonition.children if not isinstance(c, nodes.title)]
                kept = "kept" in admonition["classes"]
                _source, line = get_source_line(admonition)
                admonition.replace_self(_erratum(self.env, body, kept, line))


class ErrataDirective(SphinxDirective):
    """The place on the errata page where the generated list goes."""

    def run(self) -> list[nodes.Node]:
        store.page(self.env, self.env.docname).lists_others = True
        return [errata_list()]


def fill_errata(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    env = app.env
    for placeholder in list(doctree.findall(errata_list)):
        content: list[nodes.Node] = []
        for page, data in sorted(store.pages(env).items()):
            items = nodes.bullet_list()
            notes = _notes(env, page)
            for correction in data.corrections:
                kind = _("Original kept") if correction.kept else _("Correction")
                item = _item(app, docname, page, correction.anchor, kind, correction.text)
                if correction.anchor in notes:  # the note as the page shows it, math and all
                    paragraph = item[0]
                    del paragraph[1:]
                    paragraph += nodes.Text(_(": "))
                    first, *rest = notes[correction.anchor]
                    paragraph += first.children
                    item += rest
                items += item
            for d in distinct(data.deviations):
                items += _item(app, docname, page, d.anchor, _("Original kept"), listed_text(d))
            if len(items):
                title = env.titles[page].astext() if page in env.titles else page
                section = nodes.paragraph()
                section += nodes.strong(text=title)
                content += [section, items]
        if not content:
            content = [nodes.paragraph(text=_("No errata."))]
        placeholder.replace_self(content)


def _notes(env: BuildEnvironment, page: str) -> dict[str, list[nodes.Element]]:
    """Each ``{erratum}`` of ``page`` as the page shows it (its numbers and formulas checked
    and rendered), by anchor: its paragraphs, without the "Erratum: " the page puts first."""
    try:
        doctree = env.get_doctree(page)
    except (FileNotFoundError, OSError):
        return {}
    found = {}
    for node in doctree.findall(erratum):
        paragraphs = [p.deepcopy() for p in node.children if isinstance(p, nodes.paragraph)]
        if not paragraphs or not node["ids"]:
            continue
        if isinstance(paragraphs[0][0], nodes.strong):
            del paragraphs[0][0]
        for paragraph in paragraphs:  # a claim's comment is for the check, not the reader
            for comment in list(paragraph.findall(nodes.comment)):
                comment.parent.remove(comment)
        found[node["ids"][0]] = paragraphs
    return found


def _item(app, fromdoc: str, page: str, anchor: str, kind: str, text: str) -> nodes.list_item:
    uri = app.builder.get_relative_uri(fromdoc, page) + "#" + anchor
    paragraph = nodes.paragraph()
    paragraph += nodes.reference("", kind, refuri=uri, internal=True)
    paragraph += nodes.Text(_(": ") + text)
    return nodes.list_item("", paragraph)


def errata_pages_are_outdated(
    app: Sphinx, env: BuildEnvironment, added: set, changed: set, removed: set
) -> list[str]:
    """The errata and report pages list other pages' content: rebuild them when a page changes."""
    if added or changed or removed:
        return sorted(d for d, data in store.pages(env).items() if data.lists_others)
    return []
