"""Print the built book to one PDF with headless Chromium, then link the site to it.

Run after building the HTML:  python scripts/pdf.py
The pages of _toc.yml are joined, in order, into one printed document (so math, figures and
Chinese text are exactly what readers see on the site), behind a cover and one table of
contents for the whole book; every page carries its running page number. The table of
contents is printed twice: once to find on which page each chapter starts, once with those
numbers. The result is _build/pdf/bp-book.pdf; the book is then built once more (nothing
re-executes) so that its footer links to the PDF, copied into the site.

Fonts: Chromium embeds an OpenType/CFF font (such as Noto Sans CJK) as hundreds of Type 3
fonts, which print and search badly; the printed text therefore prefers a TrueType CJK font
(Debian's fonts-droid-fallback or fonts-wqy-zenhei) when one is installed.
Needs Debian's chromium and fonts-noto-cjk, as the browser tests do.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "_ext"))

from reader_site import pdf  # the one place that names the PDF and stamps it

from scripts.browser import launch, serve
from scripts.build import build

ROOT = Path(__file__).resolve().parents[1]
# TrueType CJK fonts first (embedded as real fonts), then what the site uses.
PRINT_FONTS = '"DejaVu Sans", "Droid Sans Fallback", "WenQuanYi Zen Hei", "Noto Sans CJK SC"'
# Print the text only: no sidebars, buttons, footers, per-page contents or hover marks.
PRINT_CSS = f"""
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article, .prev-next-area,
.bd-footer, .bd-footer-content, .bd-footer-article, .headerlink, .copybtn, .toggle-button,
.onlyprint, #jb-print-docs-body, .skip-link, .bp-tip, .bp-edition, .visually-hidden
  {{ display: none !important; }}
.bd-main .bd-content .bd-article-container {{ max-width: 100% !important; }}
.bd-container, .bd-container__inner, .bd-page-width {{ max-width: 100% !important; }}
body, body *:not(.katex, .katex *) {{
  font-family: {PRINT_FONTS} !important;
  font-synthesis: none;  /* a synthesised bold is drawn as Type 3 glyphs */
}}
.katex-display > .katex > .katex-html {{ overflow: visible !important; }}
/* Paper cannot scroll: a formula wider than the column breaks at its relations (KaTeX's
   .base boxes) and its tag goes to the right of the last line. */
.katex-display > .katex > .katex-html:has(> .tag) {{ flex-wrap: wrap; row-gap: 0.4em; }}
.katex .cjk_fallback {{ font-family: {PRINT_FONTS} !important; }}  /* "，" inside a formula */
details.hide {{ display: none !important; }}  /* code cells the page keeps folded */
pre {{ white-space: pre-wrap !important; word-break: break-all; }}
body pre, body code, body kbd, body pre * {{
  font-family: "DejaVu Sans Mono", "DejaVu Sans", "Droid Sans Fallback", monospace !important;
}}
.bp-number, .bp-bound [data-bp-exact] {{ text-decoration: none !important; }}
p, li {{ orphans: 3; widows: 3; text-wrap: pretty; }}
h1, h2, h3 {{ text-wrap: balance; break-after: avoid; }}
figure, .math, div.cell, .cell_output {{ break-inside: avoid; }}
/* The theme prints a page's title in its own header and hides the article's first h1;
   here each chapter keeps its own title. */
.bd-main .bd-content .bd-article h1:first-of-type {{ display: block !important; }}
.pdf-chapter {{ break-before: page; }}
.pdf-cover {{ height: 240mm; display: flex; flex-direction: column; justify-content: center;
  text-align: center; }}
.pdf-cover h1 {{ font-size: 2.4rem; margin-bottom: 1em; }}
.pdf-cover p {{ font-size: 1.1rem; }}
.pdf-contents {{ break-before: page; }}
.pdf-contents ol {{ list-style: none; padding: 0; font-size: 1.1rem; }}
.pdf-contents li {{ display: flex; gap: 0.5em; margin: 0.6em 0; }}
.pdf-contents .dots {{ flex: 1; border-bottom: 1px dotted #999; margin-bottom: 0.35em; }}
"""
FOOTER = (
    '<div style="width:100%;font-size:9px;text-align:center;color:#555">'
    '<span class="pageNumber"></span></div>'
)
# Joins the pages into the first one. An opening quote or bracket is glued to the character
# after it (U+2060 WORD JOINER), so a line never ends with one.
ASSEMBLE = """async ({pages, cover, contents, title}) => {
  document.title = title;  // the PDF's title
  const article = document.querySelector('article.bd-article');
  article.innerHTML = cover + contents;
  for (const name of pages) {
    const html = await (await fetch(name + '.html')).text();
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const section = document.createElement('section');
    section.className = 'pdf-chapter';
    section.dataset.page = name;
    section.innerHTML = doc.querySelector('article.bd-article').innerHTML;
    article.appendChild(section);
  }
  document.querySelectorAll('details.sd-dropdown').forEach((d) => { d.open = true; });
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const skip = (n) => n.parentElement.closest('pre, code, .katex, script, style');
  for (let n; (n = walker.nextNode());) {
    if (!skip(n)) n.textContent = n.textContent.replace(/([“‘《（「])/g, '$1\\u2060');
  }
  await Promise.all([...document.images].map((img) => img.decode().catch(() => null)));
  await document.fonts.ready;
}"""


def pages(book: Path) -> list[str]:
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf8"))
    return [toc["root"], *(entry["file"] for entry in toc.get("chapters", []))]


def titles(site: Path, names: list[str]) -> list[str]:
    """Each page's first heading, as the site shows it."""
    found = []
    for name in names:
        html = (site / f"{name}.html").read_text(encoding="utf8")
        heading = re.search(r"<h1>(.*?)<", html, re.DOTALL)
        found.append(heading[1].strip() if heading else name)
    return found


def cover_html(config: dict) -> str:
    return (
        f'<div class="pdf-cover"><h1>{config["title"]}</h1>'
        f"<p>{config.get('author', '')}</p>"
        "<p>书中每一个数都由 bp 计算，并在构建时与正文核对。</p></div>"
    )


def contents_html(chapter_titles: list[str], starts: list[int | str]) -> str:
    rows = "".join(
        f'<li><span>{title}</span><span class="dots"></span><span>{start}</span></li>'
        for title, start in zip(chapter_titles, starts, strict=True)
    )
    return f'<div class="pdf-contents"><h1>目录</h1><ol>{rows}</ol></div>'


def print_book(
    base: str, names: list[str], cover: str, contents: str, path: Path, title: str
) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.goto(f"{base}/{names[0]}.html", wait_until="networkidle")
        page.add_style_tag(content=PRINT_CSS)
        page.evaluate(
            ASSEMBLE,
            {
                "pages": [Path(n).name for n in names],
                "cover": cover,
                "contents": contents,
                "title": title,
            },
        )
        page.pdf(
            path=str(path),
            format="A4",
            print_background=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=FOOTER,
            margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"},
        )
        browser.close()


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def chapter_starts(path: Path, chapter_titles: list[str], skip: int) -> list[int]:
    """The page (1-based) that begins with each chapter's title, after the first ``skip``.

    Every chapter starts on a new page, so each is looked for after the previous one; text
    extraction spaces CJK text unevenly, so white space is ignored in the comparison.
    """
    # A long title wraps, so a page's whole squeezed text is compared, not its first line.
    page_texts = [_squeezed(page.extract_text() or "") for page in PdfReader(str(path)).pages]
    starts, page_index = [], skip
    for title in chapter_titles:
        wanted = _squeezed(title)
        while page_index < len(page_texts) and not page_texts[page_index].startswith(wanted):
            page_index += 1
        if page_index == len(page_texts):
            raise RuntimeError(f"chapter {title!r} not found in the printed book")
        starts.append(page_index + 1)
        page_index += 1
    return starts


def make_pdf(book: Path, output: Path) -> None:
    site = book / "_build/html"
    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf8"))
    names = pages(book)
    chapter_titles = titles(site, names)
    cover = cover_html(config)
    with serve(site) as base:
        draft = output.with_suffix(".draft.pdf")
        unnumbered = contents_html(chapter_titles, ["00"] * len(names))
        print_book(base, names, cover, unnumbered, draft, config["title"])
        starts = chapter_starts(draft, chapter_titles, skip=2)  # after cover and contents
        draft.unlink()
        print_book(
            base, names, cover, contents_html(chapter_titles, starts), output, config["title"]
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path, default=ROOT, help="the book's folder")
    book = parser.parse_args().book.resolve()
    site, output = book / "_build/html", pdf.path(book)
    if not (site / "book/backprop.html").exists():
        raise SystemExit("build the book first: python -m scripts.build")
    output.parent.mkdir(parents=True, exist_ok=True)
    make_pdf(book, output)
    # The stamp says which sources this PDF shows; the build links it only while they match.
    pdf.stamp(output, pdf.book_digest(book))
    print(f"wrote {output}; rebuilding the site so that it links to it")
    result = build(book, editions=("zh",))  # the PDF is the Chinese edition
    if not result.ok:
        raise SystemExit(result.output[-4000:])


if __name__ == "__main__":
    main()
