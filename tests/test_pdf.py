"""The PDF command: one PDF of the whole book, typeset, with its figure; the site links to it.

Issue 12: a cover and one table of contents with page numbers, running page numbers, no
per-page contents, no hover underlines, no nearly blank pages, no Type 3 fonts, no line that
ends with an opening quote or bracket and no paragraph whose last line is one Chinese
character. The pages are rendered to images (test-artifacts/pdf/) and looked at as images too.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.book import ROOT

pytestmark = pytest.mark.browser


@pytest.fixture
def printed(printed_book) -> Path:
    """The book printed by ``scripts/pdf.py`` (tests/conftest.py)."""
    return printed_book


def test_pdf_has_the_chapter_its_equation_tags_and_images(printed):
    reader = PdfReader(printed / "_build/pdf/bp-book.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "1.3 反向传播" in text
    for tag in range(1, 10):
        assert f"(1.3.{tag})" in text
    assert "计算图" in text and "习题" in text
    assert "图1.3.1计算图" in re.sub(r"\s+", "", text)  # the figure, as vector graphics (SVG)


def test_the_site_links_to_the_pdf_once_it_exists(printed):
    html = printed / "_build/html"
    assert (html / "bp-book.pdf").exists()
    assert 'href="../bp-book.pdf"' in (html / "book/backprop.html").read_text(encoding="utf8")


def page_texts(printed: Path) -> list[str]:
    reader = PdfReader(printed / "_build/pdf/bp-book.pdf")
    return [re.sub(r"\s+", "", page.extract_text() or "") for page in reader.pages]


def contents(printed: Path) -> list[tuple[str, int]]:
    """The table of contents on page 2: each chapter's title and the page it starts on."""
    reader = PdfReader(printed / "_build/pdf/bp-book.pdf")
    lines = reader.pages[1].extract_text().splitlines()[1:-1]  # less heading and page number
    entries = [re.fullmatch(r"(.+?)\s+(\d+)", line.strip()) for line in lines]
    assert len(entries) >= 7 and all(entries), lines
    return [(re.sub(r"\s+", "", entry[1]), int(entry[2])) for entry in entries]


def test_pdf_opens_with_a_cover_and_one_table_of_contents(printed):
    texts = page_texts(printed)
    assert texts[0].startswith("反向传播：一章可以运行的教材")
    assert texts[1].startswith("目录")
    assert sum(text.startswith("目录") for text in texts) == 1  # no per-page contents
    # The contents give the page each chapter starts on, and that page starts with it.
    for title, number in contents(printed):
        assert texts[number - 1].startswith(title), (title, number)


def test_every_page_has_its_running_number(printed):
    texts = page_texts(printed)
    for number, text in enumerate(texts, 1):
        assert text.endswith(str(number)), (number, text[-30:])


def test_fonts_are_embedded_and_none_is_type_3(printed):
    reader = PdfReader(printed / "_build/pdf/bp-book.pdf")
    type3 = set()
    for number, page in enumerate(reader.pages, 1):
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.get_object().values():
            if font.get_object().get("/Subtype") == "/Type3":
                type3.add(number)
    assert type3 == set(), f"Type 3 fonts on pages {sorted(type3)}"


def gray_levels(pgm: Path) -> bytes:
    """The pixels of a binary PGM (P5, 8-bit) file, as pdftoppm -gray writes it."""
    data = pgm.read_bytes()
    fields, position = [], 0
    while len(fields) < 4:  # magic, width, height, maximum
        while data[position : position + 1].isspace():
            position += 1
        end = position
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    return data[position + 1 :]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_no_page_is_nearly_blank_and_the_pages_are_kept_as_images(printed, tmp_path):
    pdf = str(printed / "_build/pdf/bp-book.pdf")
    artifacts = ROOT / "test-artifacts" / "pdf"
    artifacts.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", pdf, str(artifacts / "page")], check=True)
    subprocess.run(["pdftoppm", "-r", "30", "-gray", pdf, str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.pgm"))
    assert len(pages) == len(page_texts(printed)) == len(list(artifacts.glob("page-*.png")))
    # The cover is sparse by design; a chapter (and the book) may end on a short page, since
    # each chapter starts on a new one. Any other nearly blank page is a layout fault.
    chapter_ends = {number - 1 for _, number in contents(printed) if number - 1 > 2}
    chapter_ends.add(len(pages))
    for number, path in enumerate(pages, 1):
        if number == 1 or number in chapter_ends:
            continue
        pixels = gray_levels(path)
        inked = sum(1 for value in pixels if value < 200) / len(pixels)
        assert inked > 0.01, f"{path.name} is nearly blank ({inked:.2%} inked)"


# Typographic openers only: code, which wraps in the PDF too, may end a line with "(" or "[".
OPENING = "“‘（《「『【〔"
# What may follow a last character on its line: closing punctuation, Chinese or Latin.
CLOSING = "。，、；：！？”’）》」』】…,.;:!?)]"
LONE_CHARACTER = re.compile(rf"[\u3400-\u9fff][{re.escape(CLOSING)}]*")


def badly_broken_lines(lines: list[str]) -> list[str]:
    """Printed lines (``printed_lines``) that end with an opening quote or bracket, or that
    hold a single Chinese character (with its closing punctuation): the last line of a
    paragraph that left one character behind."""
    found = []
    for line in lines:
        text = line.strip()
        if text and text[-1] in OPENING:
            found.append(f"ends with {text[-1]}: …{text[-24:]}")
        elif LONE_CHARACTER.fullmatch(text):
            found.append(f"one character on its line: {text}")
    return found


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>'
)


def printed_lines(pdf: Path) -> list[str]:
    """Each line of text as it is printed: pdftotext's words, page by page, grouped by their
    vertical overlap and read left to right. ``pdftotext -layout`` is not enough: it puts a
    word beside a tall formula on a line of its own (时 after a √, on the same printed line)."""
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = []
    for page in bbox.split("<page ")[1:]:
        words = sorted(
            (float(top), float(bottom), float(left), unescape(text))
            for left, top, bottom, text in _WORD.findall(page)
        )
        rows: list[tuple[float, float, list[tuple[float, str]]]] = []
        for top, bottom, left, text in words:
            if rows:
                row_top, row_bottom, row_words = rows[-1]
                overlap = min(bottom, row_bottom) - max(top, row_top)
                if overlap > 0.5 * min(bottom - top, row_bottom - row_top):
                    rows[-1] = (row_top, max(row_bottom, bottom), [*row_words, (left, text)])
                    continue
            rows.append((top, bottom, [(left, text)]))
        lines += [" ".join(text for _, text in sorted(row_words)) for *_, row_words in rows]
    return lines


NEEDS_PDFTOTEXT = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)"
)


@NEEDS_PDFTOTEXT
def test_no_line_ends_with_an_opening_quote_and_no_character_is_left_alone(printed):
    assert badly_broken_lines(printed_lines(printed / "_build/pdf/bp-book.pdf")) == []


@NEEDS_PDFTOTEXT
def test_the_line_check_finds_a_stranded_quote_and_a_lone_character(browser, tmp_path):
    """Chromium, left to itself, breaks a line after “ when an inline box follows it (as a
    formula does in 乙：“$\\lit{10}$元”) and leaves a paragraph's last character alone;
    printed without the book's print rules, both must be found."""
    # Ten characters a line: the quote is the tenth, and the paragraph ends with 21 + "。".
    html = (
        '<meta charset="utf-8"><body style="font: 20px \'Droid Sans Fallback\', sans-serif">'
        '<p style="width: 10em">一二三四五六七八九“<span style="display: inline-block">10'
        "</span>元”</p>"
        '<p style="width: 10em">一二三四五六七八九十一二三四五六七八九十完。</p>'
    )
    pdf = tmp_path / "constructed.pdf"
    page = browser.new_page()
    page.set_content(html)
    page.pdf(path=str(pdf))
    page.close()
    found = badly_broken_lines(printed_lines(pdf))
    assert any(line.startswith("ends with “") for line in found), printed_lines(pdf)
    assert "one character on its line: 完。" in found, printed_lines(pdf)
