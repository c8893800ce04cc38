"""The chrome of a reader's page: what it shows around the text, in the reader's language.

What a page loads (no Thebe, no Font Awesome script, no CDN, scripts after the first paint)
is ``lean_pages``'s; this extension owns what the page says and links to.

- The footer names the source repository, read from the one place it is configured
  (``repository.url`` in _config.yml), together with the licences.
- Once ``scripts/pdf.py`` has printed the book (``pdf.path``), the download menu's ".pdf"
  and the footer link to that PDF and the build copies it into the site; before that, no
  link. The theme's ".pdf" entry only opened the print dialog: it is called 打印 (Print).
- Every page carries a description for link previews (``og:description``), and the theme
  starts in "auto" colour mode (its default, empty, logs an error on a first visit).
- The interface is Chinese. Sphinx's and the themes' own zh_CN catalogues do most of it;
  ``locale/zh_CN/LC_MESSAGES`` adds only what they lack (``sphinx.po`` through
  ``locale_dirs`` in _config.yml, ``booktheme.po`` ahead of sphinx-book-theme's own
  catalogue, whose mainland-wording slips it corrects, e.g. 列印 → 打印), and ``HARD_CODED``
  translates the few labels the themes write without gettext.
- The footer's "作者：" has no space after its full-width colon (templates/author.html).
- On a phone nothing is wider than the screen and controls are 44 px (static/reader-site.css).
- Pages, downloads and images of removed pages are deleted from the site (stale.py).
- Search result summaries skip the buttons above the text (static/reader-search.js).
- Two editions, Chinese and English: each page links to its translation (edition.py).
- Each SVG figure is shown no narrower than its text needs, and says when it scrolls (figures.py).
- A code cell longer than 15 lines shows its source folded (long_cells.py).
- This extension's own words (footer, PDF link, issue title) are English in the code and
  translated by its catalogue ``locale/<language>/LC_MESSAGES/reader_site.po``.
"""

from __future__ import annotations

import gettext
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote

from catalogues import compile_catalogues
from sphinx import locale
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.console import bold

from . import pdf
from .edition import setup_edition
from .figures import setup_figures
from .long_cells import setup_long_cells
from .pdf import PDF_NAME
from .stale import remove_stale

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
LOCALE = Path(__file__).parent / "locale"
THEME_CATALOGUE = "booktheme"  # sphinx-book-theme's message catalogue
# Labels that sphinx-book-theme's templates and myst-nb write in English without gettext.
HARD_CODED = {
    "zh_CN": {
        'aria-label="Main"': 'aria-label="目录"',
        '<nav aria-label="Page">': '<nav aria-label="本页">',
        'title="Toggle primary sidebar"': 'title="显示或隐藏目录"',
        'title="Toggle secondary sidebar"': 'title="显示或隐藏本页目录"',
        'aria-label="Toggle hidden content"': 'aria-label="显示或隐藏内容"',
    }
}
# sphinx-book-theme's download menu entry that opens the print dialog, and ours for the PDF.
PRINT_BUTTON = "download-pdf-button"
BOOK_PDF_BUTTON = "download-book-pdf-button"
ISSUE_TEMPLATE = "page.md"  # in .github/ISSUE_TEMPLATE/
JUPYTER_BOOK_SEARCH_TEXT = "Search this book..."  # jupyter_book/config.py's default
FOOTER = (
    "Source: %(link)s. The code is released under the MIT licence; the rights to the text "
    "of section 1.3 belong to its original author."
)
logger = logging.getLogger(__name__)
_ = get_translation("reader_site")


def keep_figure_numbering(app: Sphinx, config: Config) -> None:
    """Figures carry their number in the caption ("图 1.3.1 计算图"), as the original does.

    sphinx-jupyterbook-latex turns ``numfig`` on for every builder, which put a second
    number before the caption ("图 1 图 1.3.1"); the book's own setting wins again here.
    """
    # Jupyter Book passes _config.yml to Sphinx as overrides, conf.py as the raw config.
    for given in (config.overrides, config._raw_config):
        if "numfig" in given:
            config.numfig = bool(given["numfig"])
            return


def translate_hard_coded(app: Sphinx) -> None:
    """Pass every page the theme renders through ``HARD_CODED`` for the book's language."""
    replacements = HARD_CODED.get(app.config.language or "", {})
    if not replacements or app.builder.format != "html":
        return
    render = app.builder.templates.render

    def translated(template: str, context: dict) -> str:
        html = render(template, context)
        for english, local in replacements.items():
            html = html.replace(english, local)
        return html

    app.builder.templates.render = translated


def pdf_is_current(app: Sphinx) -> bool:
    """The PDF was printed from exactly these sources (``pdf.is_current``): a PDF of other
    sources would show readers numbers or text the pages no longer have, so it is not linked
    (nor copied), and the build says how to print it again."""
    printed = pdf.path(Path(app.srcdir))
    if app.config.language != pdf.LANGUAGE or not printed.exists():
        return False
    if pdf.is_current(Path(app.srcdir)):
        return True
    # Not a warning: a stale PDF is not an error of the pages (and scripts/pdf.py builds the
    # site before it prints a new one).
    stale = f"reader_site: {printed} was printed from other sources: not linked"
    logger.info(bold(stale + "; run scripts/pdf.py"))
    return False


def theme_catalogue_after_ours(app: Sphinx) -> None:
    """``locale/<language>/LC_MESSAGES/booktheme.po`` first, sphinx-book-theme's as fallback.

    The theme registers its catalogue when the builder loads it, before this runs; a catalogue
    registered later only fills the gaps of the first (``sphinx.locale.init``), and the
    theme's zh_CN has Taiwan wording ("Print to PDF": 列印成 PDF)."""
    key = ("general", THEME_CATALOGUE)
    try:
        ours = gettext.translation(THEME_CATALOGUE, str(LOCALE), [app.config.language or ""])
    except OSError:  # no catalogue of ours for this language
        return
    theirs = locale.translators.get(key)
    if theirs is not None:
        ours.add_fallback(theirs)
    locale.translators[key] = ours


def configure_theme(app: Sphinx, config: Config) -> None:
    config.html_static_path.append(str(STATIC))  # copied after the theme's: ours win
    config.templates_path.insert(0, str(TEMPLATES))  # before the themes' components
    options = config.html_theme_options
    # pydata-sphinx-theme adds a header bar holding only a search field (a round button on a
    # phone) above sphinx-book-theme's own bar, whose sidebar field (desktop) or button
    # (phone) already searches: one way to search, one toolbar (issue 20, items 2 and 9).
    options.setdefault("navbar_persistent", [])
    if options.get("search_bar_text") == JUPYTER_BOOK_SEARCH_TEXT:
        options["search_bar_text"] = get_translation("sphinx")(JUPYTER_BOOK_SEARCH_TEXT)
    # A config value, so that pages are written again when a PDF appears or disappears.
    config.reader_site_pdf = PDF_NAME if pdf_is_current(app) else ""
    config.html_context.setdefault("default_mode", "auto")
    url = options.get("repository_url", "")
    if url and not options.get("extra_footer"):
        link = f'<a href="{url}">{url}</a>'
        options["extra_footer"] = "<p>" + _(FOOTER) % {"link": link} + "</p>"


def link_pdf(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    """The download menu: ".pdf" is the printed book (when there is one), and the theme's
    entry that opens the print dialog says so (it said ".pdf", issue 20, item 10)."""
    menu = next(
        (
            button["buttons"]
            for button in _buttons(context.get("header_buttons", []))
            if any(b.get("label") == PRINT_BUTTON for b in button.get("buttons", []))
        ),
        [],
    )
    for button in menu:
        if button.get("label") == PRINT_BUTTON:
            button.update(text=_("Print"), icon="fas fa-print")
    if not app.config.reader_site_pdf:
        return
    href = context["pathto"](PDF_NAME, 1)
    printed = {
        "type": "link",
        "url": href,
        "text": ".pdf",
        "tooltip": _("Download the book as a PDF"),
        "icon": "fas fa-file-pdf",
        "label": BOOK_PDF_BUTTON,
    }
    at = next((i for i, b in enumerate(menu) if b.get("label") == PRINT_BUTTON), len(menu))
    menu.insert(at, printed)
    context["theme_extra_footer"] = (
        context.get("theme_extra_footer", "")
        + f'<p><a href="{href}">{_("Download the book as a PDF")}</a></p>'
    )


def add_description(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    description = app.config.reader_site_description
    if description:
        context["metatags"] = context.get("metatags", "") + (
            f'\n<meta name="description" content="{description}" />'
            f'\n<meta property="og:description" content="{description}" />'
            f'\n<meta property="og:title" content="{context.get("title", "")}" />'
        )


def _buttons(buttons: list[dict]):
    for button in buttons:
        yield button
        yield from _buttons(button.get("buttons", []))


def issue_link(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    """The theme's "open issue" link pre-fills "Your issue content here."; ours opens the
    book's issue template (.github/ISSUE_TEMPLATE/page.md) with the page in the title."""
    for button in _buttons(context.get("header_buttons", [])):
        if button.get("label") == "source-issues-button":
            base = button["url"].split("/issues/new", 1)[0]
            title = quote(_("A problem on this page: %s") % f"{pagename}.html")
            button["url"] = f"{base}/issues/new?template={ISSUE_TEMPLATE}&title={title}"


def copy_pdf(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.config.reader_site_pdf:
        shutil.copy2(pdf.path(Path(app.srcdir)), Path(app.outdir) / PDF_NAME)


def setup(app: Sphinx) -> dict[str, Any]:
    if app.config.language:
        compile_catalogues(LOCALE, app.config.language)
    app.add_message_catalog("reader_site", str(LOCALE))
    setup_edition(app)
    setup_figures(app)
    setup_long_cells(app)
    app.connect("builder-inited", translate_hard_coded)
    app.connect("builder-inited", theme_catalogue_after_ours)
    app.add_config_value("reader_site_description", "", "html", types=[str])
    app.add_config_value("reader_site_pdf", "", "html", types=[str])
    app.connect("build-finished", copy_pdf)
    app.connect("build-finished", remove_stale)
    app.connect("config-inited", configure_theme)
    app.connect("config-inited", keep_figure_numbering, priority=900)
    app.connect("html-page-context", add_description)
    app.connect("html-page-context", link_pdf, priority=600)  # after the theme's buttons
    app.connect("html-page-context", issue_link, priority=600)  # after the theme's
    app.add_css_file("reader-site.css")
    app.add_js_file("reader-search.js", priority=800)  # after Sphinx's searchtools.js
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
