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
from .language import _
from .nodes import numbercheck_report
from .store import PageRecord

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
_COLUMNS = ("Page", "Bound numbers", "Relations verified", "Relations not evaluated", "Exemptions")


def fill_report(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    env = app.env
    for placeholder in list(doctree.findall(numbercheck_report)):
        records = store.records(env)
        table = _table(app, docname, records)
        details: list[nodes.Node] = []
        for page, record in records.items():
            unevaluated = [r for r in record.relations if r["verdict"] == rules.UNEVALUATED]
            if not unevaluated:
                continue
            reasons = Counter(r["reason"] for r in unevaluated)
            heading = nodes.paragraph()
            heading += nodes.strong(
                text=_("{title}: relations not evaluated").format(title=_title(env, page))
            )
            items = nodes.bullet_list()
            for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
                examples = [r["text"] for r in unevaluated if r["reason"] == reason][:2]
                line = nodes.paragraph()
                line += nodes.Text(_("{count} for this reason: ").format(count=count))
                line += _with_tex_as_code(_in_language(reason))
                line += nodes.Text(_(". For example "))
                for i, example in enumerate(examples):
                    if i:
                        line += nodes.Text(_("; "))
                    line += nodes.literal(text=example)  # the formula's source, shown as such
                items += nodes.list_item("", line)
            details += [heading, items]
        placeholder.replace_self([table, *details])


def _with_tex_as_code(text: str) -> list[nodes.Node]:
    """``text`` with each TeX command (``\\Delta``) as code, since it is source, not maths."""
    parts = re.split(r"(\\[A-Za-z]+)", text)
    return [
        nodes.literal(text=part) if part.startswith("\\") else nodes.Text(part)
        for part in parts
        if part
    ]


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


def _in_language(reason: str) -> str:
    for start in _REASONS:
        if reason.startswith(start):
            return _(start) + reason[len(start) :]
    return reason


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
        cells = [
            link,
            nodes.Text(str(counts["bound numbers"])),
            nodes.Text(str(counts["relations verified"])),
            nodes.Text(str(counts["relations not evaluated"])),
            nodes.Text(str(counts["exemptions"])),
        ]
        body += _row(cells)
    group += [head, body]
    return table


def _row(cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += nodes.paragraph("", "", cell)
        row += entry
    return row
