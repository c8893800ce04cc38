"""Explorable pages: the reader changes a page's inputs, and every bound number follows.

A page that declares ``explore:`` in its front matter (grid.py says how) is computed by its
own cells at every point of a grid of its inputs, once all pages are read, and every statement
is checked there (grid.py); a problem at any point fails the build with numbercheck's own
problems (this extension answers numbercheck's event ``numbercheck-pages-read``). The page
then ships, as JSON, each bound literal's digits and readable exact value at every point, the
wordings chosen, what a cell prints (1.4.3's first steps), the labels of a figure (1.3.1,
drawn by bp.draw; a legend's η in 1.4.1) and where a plot draws a path's points (1.4.1,
publish_plot's ``paths``); ``static/explore.js``
adds a slider per input (named by its ``label``, in the page's language) and
shows a point's values. What the page shows at load is the static page: the book's values,
for search, print and the PDF alike. Nothing is computed in the browser.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from editions import ORIGINAL, TRANSLATION
from numbercheck import PageRecord, Problem
from numbercheck.nodes import bound_values
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from . import formulas, grid, report

ATTRIBUTE = "explore_grids"  # docname → (source digest, the page's shipped data, problems)
DATA_FOLDER = "explore"  # _static/explore/<page>.js: the page's grid, as window.bpExploreData
DATA_NAME = "bpExploreData"

# What the controls say, in the edition's language; the inputs' names come from the page.
WORDS = {
    ORIGINAL: {
        "title": "改一改例子",
        "reset": "回到书中的值（{values}）",
        "and": "，",  # between the inputs' values in "reset"
        "reset_short": "复原",  # a phone's button; the whole sentence is its label
        "pinned": "本框仍是书中的值：{reason}。",
        "value": "{name} = {value}",
        "at_end": "范围到此为止：{reason}。",
    },
    TRANSLATION: {
        "title": "Change the example",
        "reset": "Back to the book’s values ({values})",
        "and": ", ",
        "reset_short": "Reset",  # a phone's button; the whole sentence is its label
        "pinned": "This box keeps the book’s values: {reason}.",
        "value": "{name} = {value}",
        "at_end": "The range ends here: {reason}.",
    },
}
_SOURCES = ("publish.py",)  # what the cells import besides bp, relative to the page


def _digest(app: Sphinx, path: Path) -> str:
    """What the grid depends on: the page, the book's helpers, bp's sources, this check and
    what it ships."""
    digest = hashlib.sha256(path.read_bytes())
    for module in (grid.__file__, formulas.__file__, __file__):
        digest.update(Path(module).read_bytes())
    for name in _SOURCES:
        digest.update((path.parent / name).read_bytes())
    for file in sorted(Path(app.confdir, "bp").rglob("*.py")):
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _cache(app: Sphinx) -> Path:
    """Grids on disk beside the execution cache (_build/.explore_cache), by digest: a fresh
    environment with the same sources (a new copy of the book, a clean HTML build) reads
    them instead of running the cells at every point again; the tests seed it like the
    execution cache (tests/book.py)."""
    return Path(app.doctreedir).parent / ".explore_cache"


def _saved(app: Sphinx, digest: str) -> tuple[dict[str, Any], list[tuple[int, str]]] | None:
    try:
        saved = json.loads((_cache(app) / f"{digest}.json").read_text(encoding="utf8"))
    except (OSError, ValueError):
        return None
    return saved["data"], [tuple(problem) for problem in saved["problems"]]


def _save(app: Sphinx, digest: str, data: dict[str, Any], problems: list) -> None:
    _cache(app).mkdir(parents=True, exist_ok=True)
    text = json.dumps({"data": data, "problems": problems}, ensure_ascii=False)
    (_cache(app) / f"{digest}.json").write_text(text, encoding="utf8")


def compute_grids(
    app: Sphinx, env: BuildEnvironment, records: dict[str, PageRecord]
) -> dict[str, list[Problem]]:
    """Every explorable page's grid, computed and checked (numbercheck-pages-read)."""
    stored = getattr(env, ATTRIBUTE, None)
    if stored is None:
        stored = {}
        setattr(env, ATTRIBUTE, stored)
    found: dict[str, list[Problem]] = {}
    for docname in records:
        path = Path(env.doc2path(docname))
        if path.suffix != ".md":
            continue
        if records[docname].problems:
            # The page is wrong at the book's values: those problems first, not once per point.
            stored.pop(docname, None)
            continue
        digest = _digest(app, path)
        saved = _saved(app, digest)
        if docname in stored and stored[docname][0] == digest:
            data, problems = stored[docname][1], stored[docname][2]
        elif saved is not None:
            data, problems = saved
            stored[docname] = (digest, data, problems)
        else:
            try:
                page = grid.read(path)
            except grid.ExploreError as error:
                found[docname] = [Problem(str(env.doc2path(docname, False)), str(error))]
                stored.pop(docname, None)
                continue
            if page is None:
                stored.pop(docname, None)
                continue
            computed = grid.compute(page)
            data = _shipped(page, computed)
            problems = [(line, message) for line, message in computed.problems]
            stored[docname] = (digest, data, problems)
            _save(app, digest, data, problems)
        relative = env.doc2path(docname, False)
        found[docname] = [Problem(f"{relative}:{line}", message) for line, message in problems]
    for docname in set(stored) - set(records):
        stored.pop(docname)
    return found


def _shipped(page: grid.Page, computed: grid.Grid) -> dict[str, Any]:
    """What explore.js needs, compactly: one column per literal variant."""
    inputs = [
        {
            "name": spec.name,
            "shows": spec.shows,
            "label": spec.label,
            "symbol": spec.symbol,
            "book": spec.book,
            "grid": list(spec.grid),
            "end": page.range_end if spec.ranged else "",
            "limits": [list(limit) for limit in spec.limits],
        }
        for spec in page.inputs
    ]
    return {
        "inputs": inputs,
        "points": [[point[spec.name] for spec in page.inputs] for point in computed.points],
        "printed": computed.printed,
        "exact": computed.exact,
        "words": [list(w.texts) for w in page.words],
        # per point, one digit per wording: the index of the text shown (at most ten)
        "chosen": ["".join(str(index) for index in row) for row in computed.words],
        "drawn": computed.drawn,
        "marks": {key: _distinct(marks) for key, marks in computed.marks.items()},
        "outputs": list(computed.printed_by_cells.values()),  # per cell, its stdout per point
        "figure": page.metadata["explore"].get("figure", ""),
        "pinned": [reason for _first, _last, reason in page.pinned],
        "checked": computed.checked,  # for the report page (report.py), not shipped
    }


def _distinct(marks: list[str]) -> dict[str, list]:
    """A path's markers at every point, each distinct drawing once ("drawn", x and y in turn,
    to a hundredth of a pixel) and, per point, which one ("at"): 1.4.1's η = 0.1 path moves
    with x₀ only, so most points share one."""
    drawn: list[list[float]] = []
    at = []
    for text in marks:
        flat = [round(n, 2) for mark in json.loads(text) for n in mark]
        if flat not in drawn:
            drawn.append(flat)
        at.append(drawn.index(flat))
    return {"drawn": drawn, "at": at}


def mark_text(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Wrap each input-dependent wording in a span, mark each box that keeps the book's
    values, so that explore.js finds them, and name each input in the tips (doctree-resolved)."""
    stored = getattr(app.env, ATTRIBUTE, {}).get(docname)
    if stored:
        _name_inputs_in_tips(doctree, stored[1]["inputs"])
    words = 0
    pinned = 0
    for comment in list(doctree.findall(nodes.comment)):
        for line in comment.astext().splitlines():
            text = line.strip()
            if text.startswith("explore: words"):
                match = re.match(r'explore:\s*words\s+"([^"]+)"', text)  # what the page prints
                block = comment.previous_sibling()
                while isinstance(block, nodes.comment):
                    block = block.previous_sibling()
                if match and block is not None and _wrap(block, match.group(1), words):
                    words += 1
            elif text.startswith("explore: book values only"):
                box = comment.parent  # the box (an admonition, an erratum) in its section
                while box is not None and not isinstance(box.parent, nodes.section):
                    box = box.parent
                if box is not None:
                    box["classes"] += ["bp-pinned", f"bp-pinned-{pinned}"]
                    pinned += 1


def _name_inputs_in_tips(doctree: nodes.document, inputs: list[dict[str, Any]]) -> None:
    """A tip names an input by its symbol (η, Y), as the slider and the text do, not by the
    published key the check knows it by (``one_rate``): numbercheck names a value by the
    symbols of the page's formulas only, and an input's symbol is declared here."""
    for node in doctree.findall(bound_values):
        for spec in inputs:
            value = node["data"]["values"].get(spec["shows"])
            if value is not None and spec["symbol"]:
                value["symbol"] = html.escape(spec["symbol"])


def fill_report(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The report page's account of the grids this build checked (report.py)."""
    report.fill_report(app, doctree, docname, getattr(app.env, ATTRIBUTE, {}))


def _wrap(block: nodes.Element, phrase: str, index: int) -> bool:
    for text in block.findall(nodes.Text):
        if any(isinstance(a, nodes.math | nodes.comment) for a in _ancestors(text)):
            continue
        at = str(text).find(phrase)
        if at < 0:
            continue
        before, after = str(text)[:at], str(text)[at + len(phrase) :]
        span = nodes.inline(phrase, phrase, classes=["bp-words", f"bp-words-{index}"])
        parent = text.parent
        parent.replace(text, [nodes.Text(before), span, nodes.Text(after)])
        return True
    return False


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def add_to_page(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    """The page's grid, the controls' words and the figure's SVG, on explorable pages only."""
    stored = getattr(app.env, ATTRIBUTE, {}).get(pagename)
    if not stored or doctree is None or "body" not in context:
        return
    data = json.loads(json.dumps(stored[1]))  # a copy: the stored grid serves both editions
    del data["checked"]  # the report page's, not the reader's
    language = app.config.language if app.config.language in WORDS else TRANSLATION
    data["ui"] = WORDS[language]
    data["svg"] = _figure_svg(app, doctree, data["figure"])
    # A script of its own, not a block of the page: the page's HTML (what its first frame
    # waits for) is the static page's, and the data comes with explore.js, after the
    # formulas are drawn (lean_pages); a classic script loads from a file:// page too.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    script = Path(app.outdir, "_static", DATA_FOLDER, f"{pagename}.js")
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(f"window.{DATA_NAME} = {text};\n", encoding="utf8")
    app.add_js_file(f"{DATA_FOLDER}/{pagename}.js", loading_method="defer")
    app.add_js_file("explore.js", loading_method="defer")
    app.add_css_file("explore.css")


def _figure_svg(app: Sphinx, doctree: nodes.document, name: str) -> str:
    """The SVG text of the figure ``name`` (its ``mystnb: figure: name:``), or ""."""
    for figure in doctree.findall(nodes.figure):
        if name not in figure["ids"] and name not in figure.get("names", []):
            continue
        for image in figure.findall(nodes.image):
            # candidates keeps the source path; the HTML builder rewrites uri for the page.
            path = Path(image.get("candidates", {}).get("*", image["uri"]))
            path = path if path.is_absolute() else Path(app.srcdir, path)
            if path.suffix == ".svg" and path.exists():
                svg = path.read_text(encoding="utf8")
                return svg[svg.find("<svg") :]
    return ""


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("numbercheck")
    app.connect("numbercheck-pages-read", compute_grids)
    app.connect("doctree-resolved", mark_text)
    app.add_node(report.explore_report)
    app.add_directive("explore-report", report.ExploreReportDirective)
    app.connect("doctree-resolved", fill_report)
    app.connect("html-page-context", add_to_page)
    app.connect("builder-inited", _static_path)
    return {
        "version": "1",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 2,  # 2: the grids keep what was checked at each point
    }


def _static_path(app: Sphinx) -> None:
    app.config.html_static_path.append(str(Path(__file__).parent / "static"))
