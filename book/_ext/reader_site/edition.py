"""Two editions of one book: every page links to the same page in the other language.

The Chinese and the English edition are two Sphinx builds of one repository
(scripts/build.py), so neither build knows the other's pages: each reads the other's table
of contents, named in ``reader_site_edition`` in _config.yml / _config.en.yml together with
where the other site lies relative to this one (``en`` below the Chinese site, ``..`` above
the English one). The facts of the two editions (how a page's translation is named, the
switch's words) are in book/_ext/editions.py.

- Each page has a link to its translation, or to the other edition's home page when it has
  none (marked as such), and declares the translation with ``<link rel="alternate"
  hreflang>`` for search engines. The link sits in the article's header bar
  (templates/edition-link.html), which stays on screen, so it can be tapped from any section.
- The link lands on the section being read (issue 20, item 11): every section below the title
  gets one more id, ``bp-section-<k>``, its place in the page (1, 2, … in document order),
  the same in both editions because a translation keeps the original's sections. When the
  link is followed, static/edition-link.js adds the id of the section at the top of the
  screen to it; without script the link opens the page at its top.
- The role ``{other-edition}`Title <book/page>``` links from the text to a page that only the
  other edition has; the build fails if that edition has no such page, or if this edition has
  it too (the link was written before the translation, and should now stay in this edition).
"""

from __future__ import annotations

import html
from pathlib import Path

import yaml
from docutils import nodes
from editions import (
    HREFLANG,
    IN_OTHER_LANGUAGE,
    TITLE_HOME,
    TITLE_PAGE,
    TO_HOME,
    TO_PAGE,
    counterpart,
)
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import ReferenceRole

logger = logging.getLogger(__name__)

SECTION_ID = "bp-section-{}"  # the section's place in the page: the same in both editions
HEADER_TEMPLATE = "edition-link.html"  # in templates/: one item of the article's header bar


def toc_pages(toc: Path) -> set[str]:
    """Every page (docname) a Jupyter Book ``_toc.yml`` lists."""
    pages: set[str] = set()

    def walk(entry: object) -> None:
        if isinstance(entry, dict):
            for key in ("root", "file"):
                if isinstance(entry.get(key), str):
                    pages.add(entry[key])
            for value in entry.values():
                walk(value)
        elif isinstance(entry, list):
            for item in entry:
                walk(item)

    walk(yaml.safe_load(toc.read_text(encoding="utf8")))
    return pages


def other_uri(app: Sphinx, from_page: str, other_page: str) -> str:
    """The relative address of ``other_page`` (a docname of the other edition, or ``index``)
    seen from ``from_page`` of this one, so that the site works from files and offline."""
    up = "../" * from_page.count("/")
    root = app.config.reader_site_edition["other_root"].strip("/")
    return f"{up}{root}/{other_page}.html"


def other_pages(app: Sphinx) -> set[str]:
    """The other edition's pages, read once per build."""
    if not hasattr(app, "reader_site_other_pages"):
        toc = Path(app.srcdir) / app.config.reader_site_edition["other_toc"]
        app.reader_site_other_pages = toc_pages(toc)
    return app.reader_site_other_pages


def link_other_edition(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    edition = app.config.reader_site_edition
    if not edition or app.builder.format != "html":
        return
    other = edition["other"]
    target = counterpart(pagename, app.config.language)
    translated = doctree is not None and target in other_pages(app)
    href = html.escape(other_uri(app, pagename, target if translated else "index"))
    text, title = (TO_PAGE, TITLE_PAGE) if translated else (TO_HOME, TITLE_HOME)
    lang = HREFLANG[other]
    context["bp_edition"] = {
        "href": href,
        "lang": lang,
        "title": title[other],
        "text": text[other],
        "same_section": translated,
    }
    if translated:
        context["metatags"] = (
            context.get("metatags", "")
            + f'\n<link rel="alternate" hreflang="{lang}" href="{href}" />'
        )


def mark_sections(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give each section below the page's title the id of its place: ``bp-section-1``, …
    (as the page is written, so that a page read by an earlier build gets them too)."""
    titled = [s for s in doctree.findall(nodes.section) if s.parent is not doctree]
    for place, section in enumerate(titled, 1):
        section["ids"].append(SECTION_ID.format(place))


def add_header_item(app: Sphinx, config) -> None:
    """The link to the other edition, first in the article's header bar."""
    options = config.html_theme_options
    items = list(options.get("article_header_end") or ["article-header-buttons.html"])
    if HEADER_TEMPLATE not in items:
        options["article_header_end"] = [HEADER_TEMPLATE, *items]


class OtherEditionRole(ReferenceRole):
    """``{other-edition}`Title <book/page>```: a link into the other edition's page."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        app = self.env.app
        edition = app.config.reader_site_edition
        if not edition or self.target not in other_pages(app):
            listed = edition.get("other_toc", "no reader_site_edition") if edition else "none"
            logger.warning(
                "other-edition: %r is not a page of the other edition (%s)",
                self.target,
                listed,
                location=self.get_location(),
            )
            return [nodes.inline(self.rawtext, self.title)], []
        own = counterpart(self.target, edition["other"])
        if own in self.env.found_docs:
            # Written when this edition lacked the page; a reader should stay in their language.
            logger.warning(
                "other-edition: %r has a page in this edition, %r: link to that",
                self.target,
                own,
                location=self.get_location(),
            )
        if not self.has_explicit_title:
            logger.warning(
                "other-edition: give the link text, as {other-edition}`Title <%s>`",
                self.target,
                location=self.get_location(),
            )
        language = app.config.language
        reference = nodes.reference(
            self.rawtext, self.title, refuri=other_uri(app, self.env.docname, self.target)
        )
        note = IN_OTHER_LANGUAGE.get((language, edition["other"]), "")
        return [reference, nodes.Text(note)], []


def setup_edition(app: Sphinx) -> None:
    app.add_config_value("reader_site_edition", {}, "html", types=[dict])
    app.add_role("other-edition", OtherEditionRole())
    app.connect("html-page-context", link_other_edition)
    app.connect("doctree-resolved", mark_sections)
    app.connect("config-inited", add_header_item)
    app.add_js_file("edition-link.js")
