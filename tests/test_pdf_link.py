"""The site links the printed book where the reader looks for it (issue 20, item 10).

The download menu's ".pdf" used to open the print dialog, and no entry led to the built PDF.
Once ``scripts/pdf.py`` has printed the book (the PDF tests' printed copy, tests/conftest.py),
".pdf" in the menu is that file and the print entry says 打印; without a PDF,
or in the English edition (the PDF is the Chinese book), no link leads to a missing file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.browser import serve
from tests.browsing import VIEWPORTS, open_page

PDF_HREF = re.compile(r'href="(?P<href>[^"#?]+\.pdf)"')
MENU = ".dropdown-download-buttons"


@pytest.fixture
def printed(printed_book) -> Path:
    """The site of a book printed by ``scripts/pdf.py`` (tests/conftest.py), both editions."""
    return printed_book / "_build/html"


def pdf_links(site: Path) -> dict[str, set[str]]:
    """Every page's links to a .pdf, by page (relative to the site)."""
    found = {}
    for page in site.rglob("*.html"):
        hrefs = set(PDF_HREF.findall(page.read_text(encoding="utf8")))
        if hrefs:
            found[page.relative_to(site).as_posix()] = {
                (page.parent / href).resolve().as_posix() for href in hrefs
            }
    return found


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_the_download_menu_links_the_printed_book(browser, printed, viewport):
    with serve(printed) as base:
        page = open_page(browser, f"{base}/book/backprop.html", viewport=viewport)
        page.click(f"{MENU} .dropdown-toggle")
        page.wait_for_selector(f"{MENU} .dropdown-menu.show")
        entries = page.locator(f"{MENU} .dropdown-item")
        items = [entries.nth(i) for i in range(entries.count())]
        shown = {item.inner_text().strip(): item for item in items}
        assert "打印" in shown and shown["打印"].evaluate("e => e.tagName") == "BUTTON"
        href = shown[".pdf"].get_attribute("href")  # ".pdf" is the book, not the print dialog
        response = page.request.get(f"{base}/book/{href}")
        assert response.ok and response.body().startswith(b"%PDF"), href
        page.close()


def test_every_pdf_link_leads_to_the_file_and_only_the_printed_edition_has_one(printed):
    links = pdf_links(printed)
    assert "book/backprop.html" in links
    assert not [page for page in links if page.startswith("en/")]  # the PDF is Chinese
    for page, targets in links.items():
        for target in targets:
            assert Path(target).is_file(), (page, target)


def test_without_a_printed_book_no_page_links_a_pdf_or_calls_printing_pdf(built):
    site = built / "_build/html"
    assert pdf_links(site) == {}
    chapter = (site / "book/backprop.html").read_text(encoding="utf8")
    menu = chapter[chapter.index('class="dropdown dropdown-download-buttons"') :]
    menu = menu[: menu.index("</ul>")]
    labels = re.findall(r'<span class="btn__text-container">([^<]*)</span>', menu)
    assert labels == [".ipynb", ".md", "打印"], labels
