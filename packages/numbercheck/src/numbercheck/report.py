"""What "checked" covers: a JSON report of the build, and the book page generated from it.

Each page's check leaves a record (``store.PageRecord``): every bound number, every relation with
its verdict, every exemption with its reason. When the build ends, ``write_json`` writes
all records to ``_build/numbercheck.json``; the ``{numbercheck-report}`` directive becomes a
table of the counts per page, with the relations that could not be evaluated and why.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import rules, store
from .check import toc_order
from .language import _
from .nodes import numbercheck_report
from .store import PageRecord
from .symbols import tex_of_shown

REPORT_FILE = "numbercheck.json"


def write_json(app: Sphinx, exception: Exception | None) -> None:
    """Write every page's record to ``_build/numbercheck.json`` (next to ``html/``)."""
    env = app.env
    if exception is not None or env is None or not hasattr(env, store.ATTRIBUTE):
        return
    pages = {
        docname: {"counts": record.counts(), **asdict(record)}
        for docname, record in store.records(env).items()
    }
    report = {"enabled": app.config.numbercheck_enabled, "pages": pages}
    path = Path(app.outdir).parent / REPORT_FILE
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf8")


class ReportDirective(SphinxDirective):
    """Where the report page shows the counts per page (filled in once all pages are read)."""

    def run(self) -> list[nodes.Node]:
        store.page(self.env, self.env.docname).lists_others = True
        return [numbercheck_report()]


# The table's columns: message ids, translated when the page is written.
_COLUMNS = (
    "Page",
    "Bound numbers",
    "Relations verified",
    "Definitions",
    "Relations not evaluated",
    "Claims checked",
    "Claims not computable",
    "Exemptions",
)
_COUNTS = (
    "bound numbers",
    "relations verified",
    "relations defining",
    "relations not evaluated",
    "claims checked",
    "claims not computable",
    "exemptions",
)


def fill_report(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The counts per page in the table of contents' order, then a section per page: the
    claims checked, the claims that no computation can settle (with their reasons) and the
    relations not evaluated (with theirs), formulas shown as formulas."""
    env = app.env
    for placeholder in list(doctree.findall(numbercheck_report)):
        records = store.records(env)
        order = [d for d in toc_order(env, app.config.root_doc) if d in records]
        order += [d for d in records if d not in order]
        sections = [_page_section(env, page, records[page]) for page in order]
        placeholder.replace_self(
            [_table(app, docname, {d: records[d] for d in order}), *filter(None, sections)]
        )


def _page_section(env, page: str, record: PageRecord) -> nodes.section | None:
    checked = [c for c in record.claims if c["verdict"] != "not computable"]
    marked = [c for c in record.claims if c["verdict"] == "not computable"]
    unevaluated = [r for r in record.relations if r["verdict"] == rules.UNEVALUATED]
    if not (checked or marked or unevaluated):
        return None
    anchor = f"numbercheck-{page.replace('/', '-')}"
    section = nodes.section(ids=[anchor])
    section += nodes.title(text=_title(env, page))
    if checked:
        part = _subsection(f"{anchor}-checked", _("Claims checked against the computation: "))
        part += _items([_sentence(sentence, words) for sentence, words in _by_sentence(checked)])
        section += part
    if marked:
        part = _subsection(f"{anchor}-marked", _("Claims no computation can settle, and why: "))
        section += part
        part += _items(
            [
                [*_sentence(c["sentence"], [c["phrase"]]), nodes.Text(_(": ") + c["reason"])]
                for c in marked
            ]
        )
    if unevaluated:
        part = _subsection(f"{anchor}-unevaluated", _("Relations not evaluated, and why: "))
        section += part
        reasons = Counter(r["reason"] for r in unevaluated)
        lines = []
        for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
            examples = [r["text"] for r in unevaluated if r["reason"] == reason][:2]
            count_text = _("{count} for this reason: ").format(count=count)
            line: list[nodes.Node] = [nodes.Text(count_text)]
            line += _reason(reason)
            line.append(nodes.Text(_(". For example ")))
            for i, example in enumerate(examples):
                if i:
                    line.append(nodes.Text(_("; ")))
                line.append(nodes.math(example, example))
            lines.append(line)
        part += _items(lines)
    return section


def _subsection(anchor: str, heading: str) -> nodes.section:
    """A part of a page's section, under a heading of its own (a reader's outline, a screen
    reader's list of headings), not a paragraph that only looks like one (issue 20, item 11).
    The heading is the catalogue's lead-in without its closing colon."""
    part = nodes.section(ids=[anchor])
    part += nodes.title(text=heading.rstrip(" :："))
    return part


def _by_sentence(claims: list[dict]) -> list[tuple[str, list[str]]]:
    """Each sentence once, with every phrase of it that a claim binds."""
    grouped: dict[str, list[str]] = {}
    for claim in claims:
        words = grouped.setdefault(claim.get("sentence") or claim["phrase"], [])
        if claim["phrase"] not in words:
            words.append(claim["phrase"])
    return list(grouped.items())


def _sentence(sentence: str, words: list[str]) -> list[nodes.Node]:
    """The sentence in quotation marks, the claimed words in bold."""
    pattern = "(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"
    parts = [part for part in re.split(pattern, sentence) if part]
    shown: list[nodes.Node] = [nodes.Text("“")]
    shown += [nodes.strong(text=p) if p in words else nodes.Text(p) for p in parts]
    return [*shown, nodes.Text("”")]


def _items(lines: list[list[nodes.Node]]) -> nodes.bullet_list:
    items = nodes.bullet_list()
    for line in lines:
        items += nodes.list_item("", nodes.paragraph("", "", *line))
    return items


def _reason(reason: str) -> list[nodes.Node]:
    """A reason in the book's language; the symbols it names are typeset, not TeX source or
    code-like names (``w_1``, ``dL/dw_1``), and a list of them is separated as the language
    separates a list (Chinese: "E、Y、x")."""
    for pattern, template in _PATTERNS:
        match = pattern.fullmatch(reason)
        if match:
            parts = _FIELD.split(_(template))  # text, field name, text, field name, …
            shown: list[nodes.Node] = []
            for i, part in enumerate(parts):
                shown += _symbols(match[part]) if i % 2 else [nodes.Text(part)] if part else []
            return shown
    for start in _REASONS:
        if reason.startswith(start):
            rest = reason[len(start) :]
            if start in _LISTS_SYMBOLS and rest:
                return [nodes.Text(_(start)), *_symbols(rest)]
            return [nodes.Text(_(start) + rest)]
    return [nodes.Text(reason)]


def _symbols(names: str) -> list[nodes.Node]:
    """The symbols a reason lists ("E, Y, x"), each typeset (symbols.tex_of_shown)."""
    shown: list[nodes.Node] = []
    for i, symbol in enumerate(names.split(", ")):
        shown += [nodes.Text(_(", "))] if i else []
        tex = _SHOWN_AS.get(symbol) or tex_of_shown(symbol)
        shown.append(nodes.math(tex, tex))
    return shown


_FIELD = re.compile(r"\{(\w+)\}")


# The report's reasons are English (they are data); the page says them in the book's
# language. Each starts with one of these message ids, followed by the symbols or the error.
_REASONS = (
    "a derivative",
    "symbols with no published value: ",
    "uses ",
    "sympy cannot parse it",
    "sympy finds it ambiguous or not an expression",
    "an empty side",
    "cannot be evaluated",
)
# Reasons that carry names in the middle: the pattern that reads them, the message id that
# says them (a reason the book's language has no translation for is shown as it is).
_PATTERNS = (
    (
        re.compile(
            r"no definition of (?P<of>\S+) on this page involves (?P<by>\S+) "
            r"\(they come down to (?P<roots>.+)\), so (?P<derivative>\S+) is not known"
        ),
        "no definition of {of} on this page involves {by} (they come down to {roots}), "
        "so {derivative} is not known",
    ),
    (
        re.compile(r"the vector (?P<names>\S+) has no value here"),
        "the vector {names} has no value here",
    ),
    (re.compile(r"(?P<names>.+?) (?:has|have) no value here"), "{names} has no value here"),
)
_LISTS_SYMBOLS = ("symbols with no published value: ", "uses ")
# Notation that needs an argument to be shown: the reader sees it applied to a letter.
_SHOWN_AS = {
    "\\boldsymbol": "\\boldsymbol{w}",
    "\\frac": "\\frac{a}{b}",
    "\\sqrt": "\\sqrt{x}",
    "\\mathbf": "\\mathbf{w}",
}


def _title(env, page: str) -> str:
    return env.titles[page].astext() if page in env.titles else page


def _table(app: Sphinx, fromdoc: str, records: dict[str, PageRecord]) -> nodes.table:
    table = nodes.table()
    group = nodes.tgroup(cols=len(_COLUMNS))
    table += group
    group += [nodes.colspec(colwidth=1) for _column in _COLUMNS]
    head = nodes.thead()
    head += _row([nodes.Text(_(c)) for c in _COLUMNS])
    body = nodes.tbody()
    for page, record in records.items():
        counts = record.counts()
        uri = app.builder.get_relative_uri(fromdoc, page)
        link = nodes.reference("", _title(app.env, page), refuri=uri, internal=True)
        body += _row([link, *(nodes.Text(str(counts[name])) for name in _COUNTS)])
    group += [head, body]
    return table


def _row(cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += nodes.paragraph("", "", cell)
        row += entry
    return row
