r"""The check of a page, and what happens when the build ends.

``check_page`` runs on each page as it is read: it walks the doctree and calls the judges
(judges.py) on each formula and piece of prose, then on the figure, the structure and the
links, and stores what they found (store.py). ``check_across_pages`` compares link text with
its targets, looks up every number that text names and checks the pages' order once every
page is read. When the build ends, ``report`` prints the numbered
list of problems, last, without a traceback, removes the HTML of every page that has one
(so no wrong number is left to be served) and makes the exit status non-zero. A page with
problems is read again on every build (``pages_with_problems``), so its problems cannot
vanish on a second build.
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util.console import bold, red

from . import claims, judges, language, references, rules, store, structure
from .context import Page, in_cell, rendered_output
from .language import SECTION
from .nodes import bound_values, tip_data
from .store import Problem
from .symbols import readable, shown_name

CHECK_OFF = (
    "WARNING: numbercheck_enabled is false. Printed numbers, equations and the figure were "
    "NOT compared with the computation; do not publish this build."
)
FAILURE_TITLE = "Printed numbers or equations disagree with the computation"


def _math_or_text(node: nodes.Node) -> bool:
    return isinstance(node, (nodes.math, nodes.math_block, nodes.Text)) and (
        not in_cell(node) or rendered_output(node)
    )


def check_page(app: Sphinx, doctree: nodes.document) -> None:
    page = Page(app, doctree)
    claims.check(page)  # before the formulas are rewritten: it reads them as math
    targets = list(doctree.findall(_math_or_text))
    for node in targets:
        if isinstance(node, (nodes.math, nodes.math_block)):
            judges.formula(page, node)
        elif not isinstance(node.parent, (nodes.math, nodes.math_block)):
            judges.prose(page, node)
    judges.attributes(page, drawn=judges.figure(page))
    judges.api_docs(page)
    judges.printouts(page)
    if page.enabled:
        judges.numbering(page, [n for n in targets if isinstance(n, nodes.math_block)])
    judges.links(page)
    _add_tip_data(page)
    page.record.problems = len(page.problems)
    page.record.values = {name: page.numeric.get(name, text) for name, text in page.values.items()}
    data = store.page(app.env, page.docname)
    data.problems = page.problems
    data.deviations = page.deviations
    data.record = page.record


def _add_tip_data(page: Page) -> None:
    """Give the page what the tips of its bound numbers say of each value (nodes.tip_data)."""
    values = {
        bound["name"]: {
            "symbol": shown_name(bound["name"], page.symbols),
            "exact": readable(bound["computed"]),
        }
        for bound in page.record.bound
        if bound["computed"] is not None and bound["rule"] in rules.RULES  # not the figure's
    }
    if values:
        page.doctree += bound_values(data=tip_data(values))


def refuse_check_off_in_ci(app: Sphinx, config) -> None:
    """CI never builds a book whose check is off (the benchmark's "check off" runs locally)."""
    if not config.numbercheck_enabled and os.environ.get("CI"):
        raise ConfigError("numbercheck_enabled is false: CI refuses to build an unchecked book")


def check_across_pages(app: Sphinx, env: BuildEnvironment) -> None:
    """Once every page is read: each link names its target, every section, equation or
    figure that text names exists, and the numbered pages follow the table of contents."""
    records = store.records(env)
    for data in store.pages(env).values():
        data.book_problems = []
    if not app.config.numbercheck_enabled:
        return

    def problem(docname: str, location: str, message: str) -> None:
        store.page(env, docname).book_problems.append(Problem(location, message))

    labels = {
        label: tuple(named)
        for record in records.values()
        for label, named in record.targets.items()
    }
    labels |= {
        docname: (SECTION, ".".join(map(str, record.number[1])))
        for docname, record in records.items()
        if record.number
    }
    wording = language.wording(app.config.language)
    known = {tuple(named) for record in records.values() for named in record.numbered}
    for docname, record in records.items():
        for location, *mention in record.mentions:
            message = references.problem(tuple(mention), labels, wording)
            if message:
                problem(docname, location, message)
        for location, *named in record.named:
            message = references.unknown(tuple(named), known)
            if message:
                problem(docname, location, message)
    numbered = [
        (docname, tuple(records[docname].number[1]))
        for docname in toc_order(env, app.config.root_doc)
        if docname in records and records[docname].number
    ]
    for docname, message in structure.in_order(numbered):
        problem(docname, records[docname].number[0], message)


PAGES_READ = "numbercheck-pages-read"


def ask_other_extensions(app: Sphinx, env: BuildEnvironment) -> None:
    """Once every page is read, on every build: the event ``numbercheck-pages-read``.

    A handler ``(app, env, records)`` gets each checked page's record (docname → ``PageRecord``:
    what it bound, its relations, claims, and ``values``, what its cells published in this
    build) and returns the problems it finds, as docname → list of ``Problem``. They are
    listed with the check's own when the build ends, and fail it the same way; the page is
    read again on the next build, so that a problem cannot disappear unchecked.
    """
    for data in store.pages(env).values():
        data.extension_problems = []
    if not app.config.numbercheck_enabled:
        return
    records = store.records(env)
    for found in app.emit(PAGES_READ, env, records):
        for docname, problems in (found or {}).items():
            store.page(env, docname).extension_problems += list(problems)


def toc_order(env: BuildEnvironment, root: str) -> list[str]:
    """The pages in the order the table of contents lists them, the root first."""
    order: list[str] = []

    def visit(docname: str) -> None:
        if docname not in order:
            order.append(docname)
            for child in env.toctree_includes.get(docname, []):
                visit(child)

    visit(root)
    return order


def all_problems(env: BuildEnvironment) -> dict[str, list[Problem]]:
    """docname → its problems: the page's own, then those found once all pages were read."""
    found = {d: data.all_problems() for d, data in sorted(store.pages(env).items())}
    return {d: problems for d, problems in found.items() if problems}


def pages_with_problems(
    app: Sphinx, env: BuildEnvironment, added: set, changed: set, removed: set
) -> list[str]:
    """Read every page that had a problem again, so that its problems are reported again."""
    return sorted(all_problems(env))


def report(app: Sphinx, exception: Exception | None) -> None:
    """At the end of the build: list every problem, remove the pages that have one, fail."""
    env = app.env
    if not app.config.numbercheck_enabled:
        sys.stderr.write("\n" + bold(red(CHECK_OFF)) + "\n")
    if exception is not None or env is None or not hasattr(env, store.ATTRIBUTE):
        return
    found = all_problems(env)
    problems = [(docname, str(problem)) for docname in found for problem in found[docname]]
    if not problems:
        return
    for docname in found:
        with suppress(AttributeError):  # a builder without HTML pages
            Path(app.builder.get_outfilename(docname)).unlink(missing_ok=True)
    lines = [bold(red(f"{FAILURE_TITLE}: {len(problems)} problem(s)"))]
    lines += [f"  {n}. {text}" for n, (_page, text) in enumerate(problems, 1)]
    lines.append("  The pages with problems were not written.")
    sys.stderr.write("\n" + "\n".join(lines) + "\n")
    app.statuscode = 1
