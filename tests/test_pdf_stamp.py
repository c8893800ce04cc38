"""The site links the PDF only when it was printed from these sources: a stamp, not file times."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from pypdf import PdfWriter
from reader_site import pdf

from tests.book import ROOT


def small_book(folder: Path) -> Path:
    for name in ("book/backprop.md", "bp/graph.py", "_config.yml"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, folder / name)
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    pdf.path(folder).parent.mkdir(parents=True)
    with pdf.path(folder).open("wb") as file:
        writer.write(file)
    return folder


def test_a_stamped_pdf_is_current_until_a_source_changes_whatever_its_time(tmp_path):
    book = small_book(tmp_path)
    assert not pdf.is_current(book)  # printed, but not stamped by scripts/pdf.py
    pdf.stamp(pdf.path(book), pdf.book_digest(book))
    assert pdf.is_current(book)
    page = book / "book/backprop.md"
    page.write_text(page.read_text(encoding="utf8").replace("2.1972", "2.1973"), encoding="utf8")
    future = time.time() + 10**6  # a PDF "newer" than every source decides nothing
    os.utime(pdf.path(book), (future, future))
    assert not pdf.is_current(book)


def test_bp_and_the_configuration_are_sources_too(tmp_path):
    book = small_book(tmp_path)
    pdf.stamp(pdf.path(book), pdf.book_digest(book))
    (book / "bp/graph.py").write_text("# changed\n", encoding="utf8")
    assert not pdf.is_current(book)


def test_no_pdf_is_not_current(tmp_path):
    assert not pdf.is_current(tmp_path)
