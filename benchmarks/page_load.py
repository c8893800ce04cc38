"""How fast the chapter is ready to read, offline, in headless Chromium.

Run: python -m benchmarks.page_load [--site _build/html] [--runs 7] [--no-baseline]
     python -m benchmarks.page_load --resources   (what one cold load fetches, largest first)
Serves the built site on 127.0.0.1 and opens the chapter several times, each in a fresh
browser context (empty cache), printing medians of: time until the formulas are laid out
(math-ready), time to the load event, bytes transferred, requests, and requests to other
hosts. The floor is the same chapter HTML with every stylesheet, script and link tag removed
(parse only: no CSS, JS or fonts), served and measured the same way in the same run: what
this machine's Chromium needs just to parse the page, so the rows above it show what our CSS,
scripts and fonts add. The baseline is the same book built with Jupyter Book's default math
(MathJax from a CDN), which cannot load here: its formulas stay raw TeX. Each site is measured
on a desktop (1280x900) and as a phone would see it (390x844, the CPU slowed 4x with
Chromium's Emulation.setCPUThrottlingRate). Targets (issue 12): math-ready at most 300 ms and
at most 1.0 MB transferred on the desktop, no external requests.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from scripts.browser import launch, serve
from scripts.build import ROOT
from scripts.sandbox import build, copy_book

# KaTeX is typeset at build time, so the formulas are laid out once the document is parsed
# and KaTeX's stylesheet and the fonts it uses have arrived; MathJax is ready when its startup
# promise resolves (never, if its script could not be fetched).
MATH_READY = """async () => {
  if (document.querySelector(".katex")) {
    await document.fonts.ready;
    const nav = performance.getEntriesByType("navigation")[0];
    const katex = performance.getEntriesByType("resource")
      .filter((e) => e.name.includes("/katex/"));
    return Math.max(nav.domContentLoadedEventEnd, ...katex.map((e) => e.responseEnd));
  }
  const deadline = performance.now() + 5000;
  while (performance.now() < deadline) {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
      await MathJax.startup.promise; return performance.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return null;
}"""
TRANSFER = """() => {
  const entries = [...performance.getEntriesByType("navigation"),
                   ...performance.getEntriesByType("resource")];
  return {bytes: entries.reduce((sum, e) => sum + (e.transferSize || 0), 0),
          load: performance.getEntriesByType("navigation")[0].loadEventEnd};
}"""


# name: (viewport, CPU slowdown)
PROFILES = {"desktop 1280 px": ((1280, 900), 1), "phone 390 px, CPU 4x slower": ((390, 844), 4)}


def measure(browser, url: str, runs: int, profile: str) -> dict[str, float | None]:
    rows = []
    host = urlparse(url).netloc
    (width, height), slowdown = PROFILES[profile]
    for _ in range(runs):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        if slowdown > 1:
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
        requests: list[str] = []
        page.on("request", lambda r, requests=requests: requests.append(r.url))
        page.goto(url, wait_until="load")
        ready = page.evaluate(MATH_READY)
        transfer = page.evaluate(TRANSFER)
        external = [u for u in requests if urlparse(u).netloc not in (host, "")]
        rows.append((ready, transfer["load"], transfer["bytes"], len(requests), len(external)))
        context.close()
    ready = [r[0] for r in rows]
    return {
        "math-ready ms": None if None in ready else statistics.median(ready),
        "load ms": statistics.median(r[1] for r in rows),
        "kB transferred": statistics.median(r[2] for r in rows) / 1000,
        "requests": statistics.median(r[3] for r in rows),
        "external requests": statistics.median(r[4] for r in rows),
    }


RESOURCES = """() => [...performance.getEntriesByType("navigation"),
                     ...performance.getEntriesByType("resource")]
  .map((e) => ({name: e.name.replace(location.origin, ""), transfer: e.transferSize,
                size: e.decodedBodySize}))"""


def list_resources(browser, url: str) -> None:
    """Print what one cold desktop load of ``url`` fetches, largest transfer first."""
    (width, height), _ = PROFILES["desktop 1280 px"]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_timeout(1000)  # fonts and images that start after the load event
    rows = sorted(page.evaluate(RESOURCES), key=lambda r: -r["transfer"])
    context.close()
    print(f"{'transferred':>12}{'size':>10}  resource")
    for row in rows:
        print(f"{row['transfer']:>12,}{row['size']:>10,}  {row['name'].split('?')[0]}")
    total = sum(r["transfer"] for r in rows), sum(r["size"] for r in rows)
    print(f"{total[0]:>12,}{total[1]:>10,}  total, {len(rows)} requests")


# What the floor page leaves out: every script, style block and <link> (stylesheets, preloads,
# icons). The article itself, KaTeX's spans included, is untouched.
RESOURCE_TAGS = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<link\b[^>]*>", re.S)


def floor_site(site: Path, folder: Path) -> Path:
    """A site whose chapter is the built chapter's HTML with no CSS, JS or font to fetch."""
    (folder / "book").mkdir(parents=True)
    for name in ("_static", "_images"):
        if (site / name).exists():
            (folder / name).symlink_to((site / name).resolve())
    html = (site / "book/backprop.html").read_text(encoding="utf8")
    (folder / "book/backprop.html").write_text(RESOURCE_TAGS.sub("", html), encoding="utf8")
    return folder


# The baseline's configuration change: without the two extensions that make the site offline
# (katex_prerender, reader_site) and their settings (None removes a key: scripts/sandbox.py).
WITHOUT_OFFLINE_SITE = {
    "sphinx": {
        "local_extensions": {"katex_prerender": None, "reader_site": None},
        "config": {
            "html_math_renderer": None,
            "locale_dirs": None,
            "reader_site_description": None,
            "reader_site_edition": None,
        },
    }
}


def baseline_site(folder: Path) -> Path:
    """The same book with Jupyter Book's default math: MathJax from its CDN."""
    folder.mkdir(parents=True)
    book = copy_book(folder)
    result = build(book, config=WITHOUT_OFFLINE_SITE, editions=("zh",))
    if not result.ok:
        raise SystemExit(result.output[-3000:])
    return book / "_build/html"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build/html")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument(
        "--no-gzip",
        action="store_true",
        help="serve files uncompressed (GitHub Pages, where the book is deployed, gzips text)",
    )
    parser.add_argument(
        "--resources",
        action="store_true",
        help="list what one cold desktop load of the chapter fetches, by size, and stop",
    )
    args = parser.parse_args()
    if not (args.site / "book/backprop.html").exists():
        raise SystemExit(f"no built chapter under {args.site}: run python -m scripts.build first")

    from playwright.sync_api import sync_playwright

    if args.resources:
        with sync_playwright() as playwright, serve(args.site, compress=not args.no_gzip) as base:
            browser = launch(playwright)
            list_resources(browser, f"{base}/book/backprop.html")
            browser.close()
        return

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        sites = {
            "this book (KaTeX at build time)": args.site,
            "floor: its HTML, no CSS/JS/fonts": floor_site(args.site, Path(folder) / "floor"),
        }
        if not args.no_baseline:
            sites["plain Jupyter Book (CDN MathJax)"] = baseline_site(Path(folder) / "baseline")
        browser = launch(playwright)
        results = {}
        for name, site in sites.items():
            with serve(site, compress=not args.no_gzip) as base:
                for profile in PROFILES:
                    url = f"{base}/book/backprop.html"
                    results[name, profile] = measure(browser, url, args.runs, profile)
        browser.close()

    columns = list(next(iter(results.values())))
    served = "uncompressed" if args.no_gzip else "text gzip-compressed, as GitHub Pages serves it"
    print(f"chapter page, headless Chromium, offline, median of {args.runs} cold loads, {served}")
    print(f"{'site':<34}{'as seen on':<30}" + "".join(f"{c:>19}" for c in columns))
    for (name, profile), row in results.items():
        cells = ["never (raw TeX)" if v is None else f"{v:,.0f}" for v in row.values()]
        print(f"{name:<34}{profile:<30}" + "".join(f"{c:>19}" for c in cells))


if __name__ == "__main__":
    main()
