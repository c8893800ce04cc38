"""How the number check's cost grows with the size of a project: 10, 40 and 160 pages.

Run from the root: python -m benchmarks.numbercheck_scaling [--pages 10 40 160] [--runs 2]

Generates, in a temporary folder, plain Sphinx + myst-nb projects (not this book) of N pages,
each with 100 bound numbers (40 in prose, 60 in 20 relations of the form a + b = s or
a × b = m) and builds each with ``sphinx-build`` (one process, no -j). Every page has the
same code cell, so jupyter-cache executes it once for all projects and the builds time the
reading, not the kernels. The pages differ in their text: each rotates the order of its
numbers and prints them with its own number of trailing zeros, so that no formula's text is
the same on every page.

The check's cost is the wall time spent inside numbercheck's own event handlers (the page
walk at doctree-read, the prefetch of the formulas, the checks once all pages are read, the
report at build-finished), summed by a small timing extension that wraps them; the whole
build's time is shown beside it. Goal: linear growth, 4× the pages costs at most 4.5× the
check's time. The median of ``--runs`` cold builds (fresh output folder) is reported.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RELATIONS = 20  # per page, three bound numbers each
PROSE = 40  # bound numbers in prose, per page

CONF = """
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
project = "numbercheck scaling"
extensions = ["myst_nb", "numbercheck", "check_timer"]
myst_enable_extensions = ["dollarmath"]
exclude_patterns = ["_build"]
nb_execution_mode = "cache"
nb_execution_cache_path = {cache!r}
nb_execution_raise_on_error = True
"""

# Sums the wall time of every handler numbercheck connected, and writes it when the build ends.
TIMER = """
import json
import resource
import time
from pathlib import Path

SPENT = {"seconds": 0.0}


def timed(handler):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return handler(*args, **kwargs)
        finally:
            SPENT["seconds"] += time.perf_counter() - start
    return wrapper


def write(app, exception):
    # The formula worker's processes, closed by now (no kernel runs: every notebook is cached).
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    SPENT["worker_cpu"] = children.ru_utime + children.ru_stime
    path = Path(app.outdir).parent / "check_seconds.json"
    path.write_text(json.dumps(SPENT))


def setup(app):
    for listeners in app.events.listeners.values():
        for i, listener in enumerate(listeners):
            if getattr(listener.handler, "__module__", "").startswith("numbercheck"):
                listeners[i] = listener._replace(handler=timed(listener.handler))
    app.connect("build-finished", write, priority=1000)
    return {"parallel_read_safe": False}
"""


def code_cell() -> str:
    lines = ["from myst_nb import glue", ""]
    lines.append(f"for k in range({RELATIONS}):")
    lines.append("    a, b = 1 + k / 4, 2 + k / 2")
    lines.append('    glue(f"a_{k}", a, display=False)')
    lines.append('    glue(f"b_{k}", b, display=False)')
    lines.append('    glue(f"s_{k}", a + b, display=False)')
    lines.append('    glue(f"m_{k}", a * b, display=False)')
    lines.append(f"for k in range({PROSE}):")
    lines.append('    glue(f"p_{k}", k / 8, display=False)')
    return "\n".join(lines)


def printed(value: float, zeros: int) -> str:
    """``value`` (exact in three decimals) with ``zeros`` more trailing zeros."""
    return f"{value:.{3 + zeros}f}"


def page(n: int) -> str:
    zeros = n % 3
    parts = [
        "---",
        "jupytext: {text_representation: {extension: .md, format_name: myst}}",
        "kernelspec: {display_name: Python 3, language: python, name: python3}",
        "---",
        "",
        "# A generated page",
        "",
        "```{code-cell} python3",
        code_cell(),
        "```",
        "",
    ]
    for j in range(RELATIONS):
        k = (j + n) % RELATIONS
        a, b = 1 + k / 4, 2 + k / 2
        one, two = (
            rf"\num{{a_{k}}}{{{printed(a, zeros)}}}",
            rf"\num{{b_{k}}}{{{printed(b, zeros)}}}",
        )
        if j % 2:
            relation = rf"{one} + {two} = \num{{s_{k}}}{{{printed(a + b, zeros)}}}"
        else:
            relation = rf"{one} \times {two} = \num{{m_{k}}}{{{printed(a * b, zeros)}}}"
        parts += ["$$", relation, "$$", ""]
    for start in range(0, PROSE, 10):
        numbers = [
            rf"$\num{{p_{k}}}{{{printed(k / 8, zeros)}}}$"
            for k in ((i + n) % PROSE for i in range(start, start + 10))
        ]
        parts += ["The readings are " + ", ".join(numbers) + ".", ""]
    return "\n".join(parts)


def project(folder: Path, pages: int, cache: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "conf.py").write_text(CONF.format(cache=str(cache)))
    (folder / "check_timer.py").write_text(TIMER)
    toc = ["# Scaling", "", "```{toctree}", ":glob:", "", "page*", "```", ""]
    (folder / "index.md").write_text("\n".join(toc))
    for n in range(pages):
        (folder / f"page{n:03d}.md").write_text(page(n))
    return folder


def build(folder: Path, out: str) -> tuple[float, float, float]:
    """(the check's seconds, the whole build's seconds, the formula worker's CPU seconds) of
    one cold build into ``out``."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", ".", f"_build/{out}/html"],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    whole = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(result.stdout[-2000:] + result.stderr[-4000:])
    spent = json.loads((folder / "_build" / out / "check_seconds.json").read_text())
    return spent["seconds"], whole, spent["worker_cpu"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[10, 40, 160])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "jupyter_cache"
        warm = project(Path(tmp) / "warm", 1, cache)
        build(warm, "warm")  # executes the one notebook, and starts nothing cold below
        for pages in args.pages:
            folder = project(Path(tmp) / f"p{pages}", pages, cache)
            runs = [build(folder, f"run{r}") for r in range(args.runs)]
            rows.append((pages, *(statistics.median(r[i] for r in runs) for i in range(3))))
    print(
        f"{'pages':>6} {'bindings':>9} {'relations':>10} {'check s':>8} {'per page ms':>12} "
        f"{'build s':>8} {'worker cpu s':>13} {'check growth':>13}"
    )
    for i, (pages, check, whole, worker) in enumerate(rows):
        growth = f"{check / rows[i - 1][1]:.2f}x / {pages / rows[i - 1][0]:.0f}x" if i else ""
        print(
            f"{pages:>6} {pages * (PROSE + 3 * RELATIONS):>9} {pages * RELATIONS:>10} "
            f"{check:>8.2f} {1000 * check / pages:>12.1f} {whole:>8.2f} {worker:>13.2f} "
            f"{growth:>13}"
        )
    worst = max(
        (rows[i][1] / rows[i - 1][1]) / (rows[i][0] / rows[i - 1][0]) for i in range(1, len(rows))
    )
    print(f"goal: 4x the pages at most 4.5x the check's time; worst per 4x pages: {4 * worst:.2f}x")


if __name__ == "__main__":
    main()
