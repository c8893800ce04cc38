"""The book's PDF: where it lies, and whether it is the PDF of these sources.

``scripts/pdf.py`` prints the site to ``_build/pdf/bp-book.pdf`` and stamps it with the
digest of the sources it was printed from; the build links the PDF only when that stamp is
the digest of the sources it is building. File times decide nothing: a PDF copied in, a
clock that differs, or a checkout that touches every file cannot make a stale PDF current.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

PDF_NAME = "bp-book.pdf"  # in _build/pdf, and at the root of the site that links it
FOLDER = Path("_build/pdf")  # relative to the book's folder
LANGUAGE = "zh_CN"  # the edition scripts/pdf.py prints; the other edition does not link it
KEY = "/BpBookDigest"  # the PDF's document-information entry holding the stamp
# Everything a page's text or numbers come from: pages, cells' helpers, configuration, bp.
SOURCES = ("book/**/*.md", "book/**/*.py", "bp/**/*.py", "*.yml")
_STAMP = re.compile(rb"/BpBookDigest\s*\((?P<digest>[0-9a-f]{64})\)")


def path(book: Path) -> Path:
    return book / FOLDER / PDF_NAME


def book_digest(book: Path) -> str:
    """SHA-256 over every source file's path and bytes, in a fixed order."""
    digest = hashlib.sha256()
    files = sorted(
        {
            found
            for pattern in SOURCES
            for found in book.glob(pattern)
            if found.is_file() and "_build" not in found.relative_to(book).parts
        }
    )
    for found in files:
        digest.update(found.relative_to(book).as_posix().encode() + b"\0")
        digest.update(found.read_bytes() + b"\0")
    return digest.hexdigest()


def stamp(pdf: Path, digest: str) -> None:
    """Write ``digest`` into the PDF's document information (pypdf, used by scripts only)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(pdf))
    writer.add_metadata({KEY: digest})
    with pdf.open("wb") as file:
        writer.write(file)


def stamped_digest(pdf: Path) -> str | None:
    """The digest a PDF was stamped with, or None (no PDF, or not stamped by scripts/pdf.py).

    Read from the file's bytes: pypdf writes the entry as a plain string, and the build
    needs no PDF library.
    """
    try:
        found = _STAMP.search(pdf.read_bytes())
    except OSError:
        return None
    return found["digest"].decode() if found else None


def is_current(book: Path) -> bool:
    """The PDF exists and was printed from exactly these sources."""
    stamped = stamped_digest(path(book))
    return stamped is not None and stamped == book_digest(book)
