"""The PDF command: one PDF of the whole book, typeset, with its figure; the site links to it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from scripts.browser import CHROMIUM
from tests.book import build, copy_book

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Path:
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM}: install Debian's chromium to print the PDF"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    book = copy_book(tmp_path_factory.mktemp("pdf"))
    assert build(book).ok
    subprocess.run(
        [sys.executable, "scripts/pdf.py", "--book", str(book)],
        cwd=book,
        env={**os.environ, "PYTHONPATH": str(book)},
        check=True,
        capture_output=True,
        text=True,
    )
    return book


def test_pdf_has_the_chapter_its_equation_tags_and_images(printed):
    reader = PdfReader(printed / "_build/pdf/bp-book.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "1.3 反向传播" in text
    for tag in range(1, 10):
        assert f"(1.3.{tag})" in text
    assert "计算图" in text and "习题" in text
    assert sum(len(page.images) for page in reader.pages) >= 1


def test_the_site_links_to_the_pdf_once_it_exists(printed):
    html = printed / "_build/html"
    assert (html / "bp-book.pdf").exists()
    assert 'href="../bp-book.pdf"' in (html / "book/backprop.html").read_text(encoding="utf8")
