"""What a reader's page needs beyond Jupyter Book's defaults, and nothing it does not.

- Jupyter Book always loads sphinx-thebe, which links its script and styles into every page,
  declares its settings twice (a console error) and names a CDN. This book offers Binder,
  not Thebe, and pages must load nothing from outside the site: those assets are dropped.
- The footer names the source repository, read from the one place it is configured
  (``repository.url`` in _config.yml), together with the licences.
- pydata-sphinx-theme loads a 1.5 MB Font Awesome script "so that users can add custom
  icons"; its stylesheet already draws the icons this book uses from web fonts, so the site
  serves an empty script in its place (static/scripts/fontawesome.js), a third of the page.
- Once ``scripts/pdf.py`` has printed the book to ``_build/pdf/bp-book.pdf``, the footer
  links to that PDF and the build copies it into the site; before that, no link.
- Every page carries a description for link previews (``og:description``), and the theme
  starts in "auto" colour mode (its default, empty, logs an error on a first visit).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.console import bold

UNUSED = ("sphinx-thebe", "THEBE_JS_URL")
STATIC = Path(__file__).parent / "static"
PDF_NAME = "bp-book.pdf"
logger = logging.getLogger(__name__)


def _used(asset: Any) -> bool:
    body = getattr(asset, "attributes", {}).get("body", "")
    text = f"{getattr(asset, 'filename', asset)} {body}"
    return not any(marker in text for marker in UNUSED)


def drop_unused_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if _used(asset)]


def pdf_path(app: Sphinx) -> Path:
    return Path(app.outdir).parent / "pdf" / PDF_NAME


def pdf_is_current(app: Sphinx) -> bool:
    """A PDF exists and is newer than every source of the book (pages, configuration, code).

    An older PDF would show readers numbers or text the pages no longer have: it is not
    linked (nor copied), and the build says how to print it again.
    """
    pdf = pdf_path(app)
    if not pdf.exists():
        return False
    root = Path(app.srcdir)
    sources = [
        path
        for pattern in ("**/*.md", "**/*.py", "*.yml")
        for path in root.glob(pattern)
        if "_build" not in path.relative_to(root).parts
    ]
    newest = max((path.stat().st_mtime for path in sources), default=0.0)
    if pdf.stat().st_mtime >= newest:
        return True
    # Not a warning: a stale PDF is not an error of the pages (and scripts/pdf.py builds the
    # site before it prints a new one).
    logger.info(bold(f"reader_site: {pdf} is older than the book: not linked; run scripts/pdf.py"))
    return False


def configure_theme(app: Sphinx, config: Config) -> None:
    config.html_static_path.append(str(STATIC))  # copied after the theme's: ours win
    # A config value, so that pages are written again when a PDF appears or disappears.
    config.reader_site_pdf = PDF_NAME if pdf_is_current(app) else ""
    config.html_context.setdefault("default_mode", "auto")
    options = config.html_theme_options
    url = options.get("repository_url", "")
    if url and not options.get("extra_footer"):
        options["extra_footer"] = (
            f'<p>源代码：<a href="{url}">{url}</a>。代码以 MIT 许可发布；'
            "第 1.3 节正文的权利归原作者所有。</p>"
        )


def link_pdf(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    if app.config.reader_site_pdf:
        href = context["pathto"](PDF_NAME, 1)
        context["theme_extra_footer"] = (
            context.get("theme_extra_footer", "") + f'<p><a href="{href}">下载本书 PDF</a></p>'
        )


def add_description(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    description = app.config.reader_site_description
    if description:
        context["metatags"] = context.get("metatags", "") + (
            f'\n<meta name="description" content="{description}" />'
            f'\n<meta property="og:description" content="{description}" />'
            f'\n<meta property="og:title" content="{context.get("title", "")}" />'
        )


def copy_pdf(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.config.reader_site_pdf:
        shutil.copy2(pdf_path(app), Path(app.outdir) / PDF_NAME)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("reader_site_description", "", "html", types=[str])
    app.add_config_value("reader_site_pdf", "", "html", types=[str])
    app.connect("build-finished", copy_pdf)
    app.connect("config-inited", configure_theme)
    app.connect("html-page-context", drop_unused_assets, priority=900)
    app.connect("html-page-context", add_description)
    app.connect("html-page-context", link_pdf)
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
