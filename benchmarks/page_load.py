"""How fast the chapter and 1.4 are ready to read, offline, in headless Chromium, as ratios.

Run: python -m benchmarks.page_load [--site _build/html] [--before DIR] [--runs 9]
     python -m benchmarks.page_load --resources   (what one cold load fetches, largest first)
     python -m benchmarks.page_load --explore     (the explorable pages against their static ones)

Before and after in one run: copy a built site before a change (``cp -r _build/html
/tmp/site-before``), make the change and build, then pass ``--before /tmp/site-before``.
Both sites, and the floor of each, are measured in the same run, their loads interleaved
(one load of each in turn, ``--runs`` times), so that the machine's load, which changes by
the minute on a shared machine, falls on every row alike.

Each page is opened in a fresh browser context (empty cache) on a desktop (1280x900) and as
a phone sees it (390x844, the CPU slowed 4x with Chromium's Emulation.setCPUThrottlingRate);
the table gives medians of: math-ready (the document parsed, a frame laid out, the fonts that
frame asked for loaded, and the next frame drawn with them: the formulas on the screen are
typeset), the load event, bytes transferred and requests (once the network is idle: the
page's scripts are fetched after math-ready), and requests to other hosts. The
floor is the same page's HTML with every stylesheet, script and link tag removed (no CSS,
JS or fonts), measured the same way: what this machine's Chromium needs just to parse and
lay out the page. A site's ratio is its math-ready over its floor's.

Goals (issue 20), for the site measured (not the one before): on both pages, math-ready at
most 2.0x the floor on the desktop and 1.8x on the phone, at most 1.0 MB transferred and no
request to another host. The command exits with status 1 when a goal is missed.
``--explore`` (issue 23) compares each explorable page (1.3, and 1.4 for its 1.4.3) with the
same page made static (its grid data and its explore.js and explore.css tags removed,
everything else identical), in the same run: math-ready within 1.1x of the static page's, at
most 60 kB more transferred, and an update after a change of an input within 16 ms on the
phone with the CPU slowed 4x (measured in the page: performance.now around the update, layout
included, median over a third of the grid's points).

``--mathjax`` adds the same book built with Jupyter Book's default math (MathJax from a CDN,
which cannot load here: its formulas stay raw TeX), as issue 12 compared.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import statistics
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from scripts.browser import launch, serve
from scripts.build import ROOT
from scripts.sandbox import build, copy_book

PAGES = {"1.3 chapter": "book/backprop.html", "1.4": "book/descent.html"}
# name: (viewport, CPU slowdown, the goal for math-ready over the floor's)
PROFILES = {"desktop": ((1280, 900), 1, 2.0), "phone, CPU 4x": ((390, 844), 4, 1.8)}
MAX_KB = 1000
# Set before the page's own scripts run. A frame is a requestAnimationFrame callback and the
# task after it, which runs once that frame is drawn.
MATH_READY_PROBE = """
window.__mathReady = new Promise((resolve) => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
  addEventListener("DOMContentLoaded", async () => {
    await frame();
    await document.fonts.ready;
    await frame();
    resolve(performance.now());
  }, {once: true});
});"""
# KaTeX is typeset at build time; MathJax (--mathjax) is ready when its startup promise
# resolves (never, if its script could not be fetched).
MATH_READY = """async () => {
  if (document.querySelector(".katex") || !document.querySelector("script[src*=mathjax]")) {
    return await window.__mathReady;
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
COLUMNS = ("math-ready ms", "load ms", "kB transferred", "requests", "external requests")


def load_once(browser, url: str, profile: str) -> tuple:
    """One cold load of ``url``: (math-ready, load, bytes, requests, external requests)."""
    (width, height), slowdown, _ = PROFILES[profile]
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(MATH_READY_PROBE)
    page = context.new_page()
    if slowdown > 1:
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url, wait_until="load")
    ready = page.evaluate(MATH_READY)
    # The page's scripts are fetched after math-ready (lean_pages): they count as transferred.
    page.wait_for_load_state("networkidle")
    transfer = page.evaluate(TRANSFER)
    host = urlparse(url).netloc
    external = [u for u in requests if urlparse(u).netloc not in (host, "")]
    context.close()
    return ready, transfer["load"], transfer["bytes"] / 1000, len(requests), len(external)


def medians(rows: list[tuple]) -> dict[str, float | None]:
    columns = list(zip(*rows, strict=True))
    return {
        name: None if None in values else statistics.median(values)
        for name, values in zip(COLUMNS, columns, strict=True)
    }


RESOURCES = """() => [...performance.getEntriesByType("navigation"),
                     ...performance.getEntriesByType("resource")]
  .map((e) => ({name: e.name.replace(location.origin, ""), transfer: e.transferSize,
                size: e.decodedBodySize}))"""


def list_resources(browser, url: str) -> None:
    """Print what one cold desktop load of ``url`` fetches, largest transfer first."""
    (width, height), _, _ = PROFILES["desktop"]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_timeout(1000)  # fonts, images and scripts that start after the load event
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
    """A site whose pages are the built pages' HTML with no CSS, JS or font to fetch."""
    for name in ("_static", "_images"):
        if (site / name).exists():
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).symlink_to((site / name).resolve())
    for path in PAGES.values():
        html = (site / path).read_text(encoding="utf8")
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(RESOURCE_TAGS.sub("", html), encoding="utf8")
    return folder


# The MathJax site's configuration change: without the two extensions that make the site
# offline (katex_prerender, reader_site) and their settings (None removes a key:
# scripts/sandbox.py).
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


def mathjax_site(folder: Path) -> Path:
    """The same book with Jupyter Book's default math: MathJax from its CDN."""
    folder.mkdir(parents=True)
    book = copy_book(folder)
    result = build(book, config=WITHOUT_OFFLINE_SITE, editions=("zh",))
    if not result.ok:
        raise SystemExit(result.output[-3000:])
    return book / "_build/html"


def missed_goals(results: dict, site: str) -> list[str]:
    """What ``site`` misses of the goals, one line each."""
    missed = []
    for page in PAGES:
        for profile, (_, _, goal) in PROFILES.items():
            row, floor = results[site, page, profile], results[f"{site} floor", page, profile]
            ratio = row["math-ready ms"] / floor["math-ready ms"]
            if ratio > goal:
                missed.append(f"{page}, {profile}: math-ready {ratio:.2f}x the floor > {goal}x")
            if row["kB transferred"] > MAX_KB:
                missed.append(f"{page}, {profile}: {row['kB transferred']:,.0f} kB > {MAX_KB}")
            if row["external requests"]:
                missed.append(f"{page}, {profile}: requests to other hosts")
    return missed


def print_table(results: dict, runs: int, served: str) -> None:
    print(f"headless Chromium, offline, median of {runs} cold loads, {served}")
    head = f"{'page':<13}{'as seen on':<16}{'site':<16}{'ratio':>7}{'goal':>6}"
    print(head + "".join(f"{c:>16}" for c in COLUMNS))
    for page in PAGES:
        for profile, (_, _, goal) in PROFILES.items():
            for name in dict.fromkeys(s for s, p, f in results if (p, f) == (page, profile)):
                row = results[name, page, profile]
                floor = results.get((f"{name} floor", page, profile))
                ready = row["math-ready ms"]
                ratio = "" if floor is None or ready is None else ready / floor["math-ready ms"]
                cells = ["never" if v is None else f"{v:,.0f}" for v in row.values()]
                shown = f"{ratio:.2f}x" if ratio else ""
                target = f"{goal}x" if ratio and name == "after" else ""
                print(
                    f"{page:<13}{profile:<16}{name:<16}{shown:>7}{target:>6}"
                    + "".join(f"{c:>16}" for c in cells)
                )


EXPLORE_TAGS = re.compile(
    # The page's scripts are listed in lean_pages' loader ({"src": …}), its stylesheets are
    # links: explore.js, the page's grid (_static/explore/<page>.js) and explore.css.
    r'\{"src": "[^"]*/(?:explore\.js|explore/[^"]*)"[^}]*\}(?:, )?'
    r'|<link[^>]*href="[^"]*explore\.css[^"]*"[^>]*/?>\n?',
)
# Each point of the grid in turn, as a drag visits them: the time of each update, layout
# included (reading offsetHeight makes the browser lay the page out before the clock stops).
UPDATE_TIMES = """() => {
  const times = [];
  const points = window.bpExplore.points.filter((p, i) => i % 3 === 0);
  for (const point of points) {
    const start = performance.now();
    window.bpExplore.set(...point);
    void document.body.offsetHeight;
    times.push(performance.now() - start);
  }
  window.bpExplore.set(...window.bpExplore.book);
  return times;
}"""
EXPLORABLE = ("1.3 chapter", "1.4")
EXPLORE_GOALS = {"ready ratio": 1.1, "extra kB": 60, "update ms": 16}


def static_site(site: Path, folder: Path) -> Path:
    """The site with the explorable pages' explorable parts removed: the static pages."""
    for name in ("_static", "_images"):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).symlink_to((site / name).resolve())
    for page in EXPLORABLE:
        html = (site / PAGES[page]).read_text(encoding="utf8")
        (folder / PAGES[page]).parent.mkdir(parents=True, exist_ok=True)
        (folder / PAGES[page]).write_text(EXPLORE_TAGS.sub("", html), encoding="utf8")
    return folder


def explore(site: Path, runs: int, compress: bool) -> list[str]:
    """Print each explorable page against its static one; return the goals missed."""
    from playwright.sync_api import sync_playwright

    rows: dict[tuple, list] = {}
    updates: dict[str, list[float]] = {page: [] for page in EXPLORABLE}
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        sites = {"explorable": site, "static": static_site(site, Path(folder) / "static")}
        browser = launch(playwright)
        with contextlib.ExitStack() as servers:
            bases = {
                n: servers.enter_context(serve(s, compress=compress)) for n, s in sites.items()
            }
            for _ in range(runs):
                for page in EXPLORABLE:
                    for name, base in bases.items():
                        for profile in PROFILES:
                            rows.setdefault((page, name, profile), []).append(
                                load_once(browser, f"{base}/{PAGES[page]}", profile)
                            )
            (width, height), slowdown, _ = PROFILES["phone, CPU 4x"]
            for page in EXPLORABLE:
                context = browser.new_context(viewport={"width": width, "height": height})
                tab = context.new_page()
                cdp = context.new_cdp_session(tab)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
                tab.goto(f"{bases['explorable']}/{PAGES[page]}", wait_until="load")
                tab.wait_for_function("() => window.bpExplore")
                # A reader explores after reading a while: by then the site has drawn every
                # block of the text (reader-site.css, three seconds in), which an update may
                # lay out.
                tab.wait_for_timeout(3500)
                for _ in range(runs):
                    updates[page] += tab.evaluate(UPDATE_TIMES)
                context.close()
        browser.close()
    results = {key: medians(values) for key, values in rows.items()}
    missed = []
    for page in EXPLORABLE:
        print(f"{page}, explorable against static, median of {runs} cold loads")
        print(f"{'as seen on':<16}{'page':<12}" + "".join(f"{c:>16}" for c in COLUMNS[:3]))
        for profile in PROFILES:
            for name in ("static", "explorable"):
                row = results[page, name, profile]
                cells = [f"{row[c]:,.1f}" for c in COLUMNS[:3]]
                print(f"{profile:<16}{name:<12}" + "".join(f"{c:>16}" for c in cells))
            explorable, static = (
                results[page, "explorable", profile],
                results[page, "static", profile],
            )
            ratio = explorable[COLUMNS[0]] / static[COLUMNS[0]]
            extra = explorable[COLUMNS[2]] - static[COLUMNS[2]]
            print(
                f"{profile:<16}{'':<12}math-ready {ratio:.2f}x the static page's, {extra:+.1f} kB"
            )
            if ratio > EXPLORE_GOALS["ready ratio"]:
                missed.append(f"{page}, {profile}: math-ready {ratio:.2f}x the static page's")
            if extra > EXPLORE_GOALS["extra kB"]:
                missed.append(f"{page}, {profile}: {extra:.1f} kB more than the static page")
        update = statistics.median(updates[page])
        print(
            f"{page}: update after a change, phone, CPU 4x: median {update:.2f} ms, "
            f"max {max(updates[page]):.2f} ms over {len(updates[page])} updates\n"
        )
        if update > EXPLORE_GOALS["update ms"]:
            missed.append(f"{page}: update {update:.2f} ms > {EXPLORE_GOALS['update ms']} ms")
    return missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build/html")
    parser.add_argument("--before", type=Path, help="a site built before the change")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--mathjax", action="store_true", help="add Jupyter Book's default")
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
    parser.add_argument(
        "--explore",
        action="store_true",
        help="the explorable pages against their static ones",
    )
    args = parser.parse_args()
    if args.explore:
        missed = explore(args.site, args.runs, compress=not args.no_gzip)
        for line in missed:
            print("goal missed:", line)
        if missed:
            raise SystemExit(1)
        print("every goal met")
        return
    for site in filter(None, (args.site, args.before)):
        if not all((site / path).exists() for path in PAGES.values()):
            raise SystemExit(f"no built pages under {site}: run python -m scripts.build first")

    from playwright.sync_api import sync_playwright

    compress = not args.no_gzip
    if args.resources:
        with sync_playwright() as playwright, serve(args.site, compress=compress) as base:
            browser = launch(playwright)
            list_resources(browser, f"{base}/{PAGES['1.3 chapter']}")
            browser.close()
        return

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        sites = {}
        for name, site in (("before", args.before), ("after", args.site)):
            if site is not None:
                sites[name] = site
                sites[f"{name} floor"] = floor_site(site, Path(folder) / name)
        if args.mathjax:
            sites["CDN MathJax"] = mathjax_site(Path(folder) / "mathjax")
        browser = launch(playwright)
        rows: dict[tuple, list] = {}
        with contextlib.ExitStack() as servers:
            bases = {
                name: servers.enter_context(serve(s, compress=compress))
                for name, s in sites.items()
            }
            for _ in range(args.runs):
                for name, base in bases.items():
                    for page, path in PAGES.items():
                        for profile in PROFILES:
                            row = load_once(browser, f"{base}/{path}", profile)
                            rows.setdefault((name, page, profile), []).append(row)
        browser.close()

    results = {key: medians(values) for key, values in rows.items()}
    served = "uncompressed" if args.no_gzip else "text gzip-compressed, as GitHub Pages serves it"
    print_table(results, args.runs, served)
    missed = missed_goals(results, "after")
    for line in missed:
        print("goal missed:", line)
    if missed:
        raise SystemExit(1)
    print("every goal met")


if __name__ == "__main__":
    main()
