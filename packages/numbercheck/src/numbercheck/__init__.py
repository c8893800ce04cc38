r"""numbercheck: every number the book prints is checked against the value computed for it.

Authors bind a printed literal to a value glued by the page's code cells, in prose or math
alike, with ``\num{name}{0.0787}`` (see markup.py). While a page is read, the check compares
each literal with the value this build's execution published, at the printed precision
(rules.py); verifies every relation of every formula with the printed numbers
(relations.py), and a general one as an identity of the page's definitions (identities.py);
checks section, exercise and equation numbers and link text as structure
(structure.py, references.py) and the numbers a figure drew; checks each claim the prose
makes about computed values against the predicate it is bound to (claims.py); audits every
page for numbers and claim words that are neither bound nor exempt; and rewrites the markup
into what readers see. Once all pages are read it checks what spans pages, and asks other
extensions what they find (the event ``numbercheck-pages-read``, check.py). When the build
ends it writes a report (report.py) and, if any page has a problem, lists them all,
numbered, and exits non-zero.

Modules: markup (the syntax), rules (the comparison), computed (published values and the
execution-cache guard), source (a page's front matter and formulas, read from its file),
relations (equations at the printed values), identities (what a
relation in free symbols is: a definition, an identity, a claim at given values), readings
and symbolic (a formula's TeX read twice into sympy, and verified), tokens (the one
bracket-aware tokenizer), worker (the process that does the sympy work), claims (what the
prose says about values), structure and references (numbers that are structure), context
(the page under check), judges (what is checked, one kind each), check (the page walk and
the end of the build), store (what is kept per page), report (JSON and the report page),
nodes (what HTML shows; static/numbercheck.js draws the tip), symbols (the symbol and
readable digits a reader is shown for a value), errata (corrections and deviations),
language (readers' strings and the wording pages use, per language). What it promises a
math renderer is in contract.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from . import check, errata, language, nodes, relations, report, source, store, worker
from .computed import invalidate_stale_cache
from .contract import CHECK_PRIORITY
from .store import PageRecord, Problem  # what a numbercheck-pages-read handler uses

__version__ = "0.1.0"
__all__ = ["PageRecord", "Problem", "__version__", "setup"]
# Bumped whenever what the check stores in the environment changes shape.
ENV_VERSION = 7
STATIC = Path(__file__).parent / "static"


def mathjax_macros(app: Sphinx, config: Config) -> None:
    r"""Teach MathJax ``\htmlData`` (KaTeX's), which wraps each bound number in a formula.

    MathJax 3 would show it as an undefined macro; it shows the digits instead. A renderer
    that knows ``\htmlData`` (KaTeX, see contract.py) keeps the exact value on the number.
    """
    if config.html_math_renderer not in (None, "mathjax"):
        return
    settings = dict(config.mathjax3_config or {})
    tex = dict(settings.get("tex", {}))
    tex["macros"] = {"htmlData": ["{#2}", 2], **tex.get("macros", {})}
    settings["tex"] = tex
    config.mathjax3_config = settings


def init_env(app: Sphinx) -> None:
    store.init(app)
    app.config.html_static_path.append(str(STATIC))


def prefetch_formulas(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Start parsing the formulas of the pages about to be read (see worker.Compiler)."""
    if not app.config.numbercheck_enabled:
        return
    shapes = []
    for docname in docnames:
        path = Path(env.doc2path(docname))
        try:
            text = path.read_text(encoding="utf8")
        except OSError:
            continue
        symbols = source.page_symbols(source.front_matter(text), path.parent)
        for tex in source.formulas_in_source(text):
            shapes += relations.shapes(tex, symbols)
    worker.COMPILER.start(shapes)


def warm_parser(app: Sphinx) -> None:
    """Fork the formula parser early, so that importing sympy overlaps Sphinx's start-up."""
    if app.config.numbercheck_enabled and app.builder.format == "html":
        worker.COMPILER.warm()


def stop_prefetch(app: Sphinx, exception: Exception | None) -> None:
    worker.COMPILER.close()


def setup(app: Sphinx) -> dict[str, Any]:
    language.register(app)
    app.add_config_value("numbercheck_enabled", True, "env", types=[bool])
    # The packages whose source change invalidates the execution cache; the book names its own.
    app.add_config_value("numbercheck_watch_packages", [], "env", types=[list])
    # Files a page's code imports that are not in a package, relative to the project root.
    app.add_config_value("numbercheck_watch_files", [], "env", types=[list])
    app.add_config_value("numbercheck_source_digest", "", "env", types=[str])
    app.add_config_value("numbercheck_check_digest", "", "env", types=[str])
    # What the code cell that draws the figure contains (judges.figure locates problems there).
    app.add_config_value("numbercheck_drawing_code", "drawn__", "env", types=[str])
    for node, visitors in nodes.HTML.items():
        app.add_node(node, html=visitors)
    app.add_node(nodes.errata_list)
    app.add_node(nodes.numbercheck_report)
    app.add_directive("numbercheck-report", report.ReportDirective)
    app.add_directive("erratum", errata.ErratumDirective)
    app.add_directive("errata", errata.ErrataDirective)
    app.add_role("sic", errata.sic_role)
    app.add_transform(errata.NotebookForms)
    app.connect("config-inited", check.refuse_check_off_in_ci)
    app.connect("config-inited", invalidate_stale_cache)
    app.connect("config-inited", mathjax_macros)
    app.connect("builder-inited", init_env)
    app.connect("builder-inited", warm_parser)
    app.connect("env-purge-doc", store.purge)
    app.connect("env-merge-info", store.merge)
    app.connect("doctree-read", check.check_page, priority=CHECK_PRIORITY)
    app.connect("env-get-outdated", errata.errata_pages_are_outdated)
    app.connect("env-get-outdated", check.pages_with_problems)
    app.connect("env-check-consistency", check.check_across_pages)
    app.add_event(check.PAGES_READ)  # what other extensions check once all pages are read
    app.connect("env-updated", check.ask_other_extensions)
    app.connect("env-before-read-docs", prefetch_formulas)
    app.connect("build-finished", stop_prefetch)
    app.connect("build-finished", report.write_json)
    app.connect("build-finished", check.report)
    app.connect("doctree-resolved", errata.fill_errata)
    app.connect("doctree-resolved", report.fill_report)
    app.add_css_file("numbercheck.css")  # bound numbers and their tip: this file and the next
    app.add_js_file("numbercheck.js", loading_method="defer")
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
