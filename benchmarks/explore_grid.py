"""What an explorable page's grid costs a clean build, and what it adds to the page.

Run: python -m benchmarks.explore_grid [pages …]   (default: every page with ``explore:``)

For each page: its grid points, the cells that run again at every point (book/_ext/explore,
``depends``) out of all of them, the seconds to compute and check the whole grid (what a build
without a cached grid adds, per edition), and the JSON the page ships, raw and gzipped (the
feature's budget is 60 kB gzipped per page, benchmarks/page_load.py ``--explore``). Both
editions of a page compute their own grid.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import warnings
from pathlib import Path

from scripts.build import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))  # as conf.py has it: the extensions' imports

from explore import _shipped, grid


def measure(path: Path) -> list[str]:
    page = grid.read(path)
    rerun = grid.depends(page)
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # matplotlib's missing-glyph notes, once per point
        computed = grid.compute(page)
    seconds = time.perf_counter() - started
    text = json.dumps(_shipped(page, computed), ensure_ascii=False, separators=(",", ":"))
    raw = text.encode("utf8")
    return [
        str(path.relative_to(ROOT)),
        str(len(computed.points)),
        f"{sum(rerun)}/{len(rerun)}",
        f"{seconds:.1f}",
        f"{seconds / len(computed.points):.2f}",
        f"{len(raw) / 1000:.1f}",
        f"{len(gzip.compress(raw, 9)) / 1000:.1f}",
        str(len(computed.problems)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", type=Path)
    args = parser.parse_args()
    pages = [p.resolve() for p in args.pages] or [
        p for p in sorted((ROOT / "book").glob("*.md")) if grid.read(p) is not None
    ]
    header = ["page", "points", "cells rerun", "s", "s/point", "JSON kB", "gzip kB", "problems"]
    rows = [header] + [measure(path) for path in pages]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
