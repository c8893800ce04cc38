"""Full-page screenshots of every page of both editions, for a person to look at.

Every page in the two tables of contents (and each edition's search and index pages), at a
phone's 390x844 (touch) and a desktop's 1280x900, in light and dark mode, as
``<edition>-<page>-<width>-<scheme>.png`` in ``test-artifacts/screenshots/`` (git-ignored).
The pages are shot as the site serves them, no style injected, three seconds in, when the
site has drawn every block (a band it left undrawn would be blank here too: issue 20, item 11).

This is not a test (it asserts nothing); CI runs it at the end of the test session on the
session's build (``tests/conftest.py``), and an author runs it on their own build::

    python -m scripts.build && python -m scripts.screenshots
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from scripts.browser import VIEWPORTS, launch, serve
from scripts.pages import EDITION_PAGES

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test-artifacts" / "screenshots"
SCHEMES = ("light", "dark")
# (edition, path in the site) of every page a reader can reach, both editions.
SHOT = [(edition, path) for edition, paths in EDITION_PAGES.items() for path in paths]
# The site draws every block of the text three seconds in (reader-site.css, bp-draw-all);
# a screenshot skips that wait by finishing the page's own animation, as time would.
DRAWN = """() => document.getAnimations()
  .filter((a) => a.animationName === 'bp-draw-all').forEach((a) => a.finish())"""


def shoot(site: Path, out: Path = OUT) -> list[Path]:
    """Write every page's screenshots of the built ``site`` (``_build/html``) to ``out``."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright, serve(site) as base:
        browser = launch(playwright)
        for name, (width, height) in VIEWPORTS.items():
            for scheme in SCHEMES:
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    color_scheme=scheme,
                    has_touch=name == "phone",
                    is_mobile=name == "phone",
                )
                page = context.new_page()
                for edition, path in SHOT:
                    if not (site / path).is_file():
                        continue
                    page.goto(f"{base}/{path}")
                    page.wait_for_load_state("networkidle")
                    page.evaluate(DRAWN)
                    stem = Path(path).stem.removesuffix("_en")
                    target = out / f"{edition}-{stem}-{width}-{scheme}.png"
                    page.screenshot(path=target, full_page=True)
                    written.append(target)
                context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=OUT)
    arguments = parser.parse_args()
    start = time.monotonic()
    written = shoot(arguments.site, arguments.out)
    print(f"{len(written)} screenshots in {arguments.out} ({time.monotonic() - start:.0f} s)")


if __name__ == "__main__":
    main()
