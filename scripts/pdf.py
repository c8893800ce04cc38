"""Print the built book to one PDF with headless Chromium, then link the site to it.

Run after building the HTML:  python scripts/pdf.py
Each page of _toc.yml is printed from the local site (so math, figures and Chinese fonts are
exactly what readers see) and the pages are joined into _build/pdf/bp-book.pdf. The book is
then built once more (nothing re-executes): its footer links to the PDF, copied into the site.
Needs Debian's chromium and fonts-noto-cjk, as the browser tests do.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import yaml
from pypdf import PdfWriter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.browser import launch, serve

ROOT = Path(__file__).resolve().parents[1]
# Print the content only: no sidebars, header buttons or footers, code and math unclipped.
PRINT_CSS = """
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article, .prev-next-area,
.bd-footer, .bd-footer-content, .headerlink, .copybtn, .toggle-button { display: none !important; }
.bd-main .bd-content .bd-article-container { max-width: 100% !important; }
.katex-display > .katex > .katex-html { overflow: visible !important; }
details.hide { display: none !important; }  /* code cells the page keeps folded */
pre { white-space: pre-wrap !important; word-break: break-all; }
"""


def pages(book: Path) -> list[str]:
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf8"))
    return [toc["root"], *(entry["file"] for entry in toc.get("chapters", []))]


def print_pages(book: Path, base: str, folder: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    printed = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        for name in pages(book):
            page.goto(f"{base}/{name}.html", wait_until="networkidle")
            page.add_style_tag(content=PRINT_CSS)
            # Exercise answers are folded on the page; a printed book shows them.
            page.evaluate(
                "document.querySelectorAll('details.sd-dropdown').forEach(d => d.open = true)"
            )
            page.evaluate("document.fonts.ready")
            path = folder / f"{len(printed):02d}.pdf"
            page.pdf(
                path=str(path),
                format="A4",
                print_background=True,
                margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
            )
            printed.append(path)
        browser.close()
    return printed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path, default=ROOT, help="the book's folder")
    book = parser.parse_args().book.resolve()
    site, output = book / "_build/html", book / "_build/pdf/bp-book.pdf"
    if not (site / "book/backprop.html").exists():
        raise SystemExit("build the book first: jupyter-book build . -W -n --keep-going")
    output.parent.mkdir(parents=True, exist_ok=True)
    with serve(site) as base:
        parts = print_pages(book, base, output.parent)
    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
        part.unlink()
    writer.add_metadata({"/Title": "反向传播：一章可以运行的教材"})
    with output.open("wb") as handle:
        writer.write(handle)
    print(f"wrote {output}; rebuilding the site so that it links to it")
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from jupyter_book.cli.main import main; main()",
            "build",
            str(ROOT),
            "-W",
            "-n",
            "--keep-going",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )


if __name__ == "__main__":
    main()
