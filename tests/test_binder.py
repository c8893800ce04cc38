"""What a student gets from the launch button, rehearsed here since Binder cannot be reached.

1. repo2docker (the tool Binder builds images with) is asked, without Docker, which Python
   and which install steps it would use.
2. A fresh virtual environment is made from requirements.txt alone, postBuild is run in it,
   JupyterLab is started on 127.0.0.1 and the launch button's URL path is opened in Chromium:
   the chapter must open as a notebook, and running every cell must give no error and the
   chapter's numbers. Every notebook page must show what the site shows: no MyST label,
   directive or macro as text, and every bound number as its printed literal.
3. Every page of book/ is executed as a notebook with jupytext + nbclient in a fresh kernel
   whose working directory is the page's folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import jupytext
import pytest
from nbclient import NotebookClient
from numbercheck.markup import BOUND, EXEMPT

from scripts.pages import NOTEBOOK_SOURCES
from tests.book import ROOT

REPO_FILES = (
    "bp",
    "book",
    "pyproject.toml",
    "README.md",
    "LICENSE",
    "requirements.txt",
    "postBuild",
    "runtime.txt",
    "_config.yml",
    "_toc.yml",
)


def runtime_python() -> str:
    return re.fullmatch(r"python-(\d+\.\d+)\s*", (ROOT / "runtime.txt").read_text())[1]


def test_repo2docker_builds_with_our_python_requirements_and_postbuild(tmp_path):
    # The console script beside this interpreter: requirements-test.txt installs it there.
    repo2docker = Path(sys.executable).with_name("repo2docker")
    completed = subprocess.run(
        [str(repo2docker), "--no-build", "--debug", str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
    )
    plan = completed.stdout + completed.stderr
    assert f"python={runtime_python()}" in plan
    steps = [line for line in plan.splitlines() if line.startswith("RUN")]
    install = next(
        i for i, s in enumerate(steps) if 'pip install --no-cache-dir -r "requirements.txt"' in s
    )
    post_build = next(i for i, s in enumerate(steps) if s.strip() == "RUN ./postBuild")
    assert install < post_build
    # The rehearsal below runs on this interpreter: it must be the one Binder uses.
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == runtime_python()


@pytest.mark.parametrize(
    ("site_page", "source"),
    [
        ("book/backprop.html", "book/backprop.md"),
        ("en/book/backprop_en.html", "book/backprop_en.md"),
    ],
)
def test_launch_button_opens_the_chapter_in_jupyterlab(built, site_page, source):
    """In both editions: the English chapter opens as its own notebook."""
    page = (built / "_build/html" / site_page).read_text(encoding="utf8")
    assert f"https://mybinder.org/v2/gh/bp-book/bp-book/main?urlpath=lab/tree/{source}" in page


CODE_CELLS = """(() => {
  const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
  const code = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== "code") continue;
    code.push({count: cell.executionCount, outputs: cell.outputs.toJSON()});
  }
  return code;
})()"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory) -> Path:
    """A copy of the repository with a virtual environment made as Binder makes its own."""
    home = tmp_path_factory.mktemp("binder")
    repo = home / "repo"
    repo.mkdir()
    for name in REPO_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, repo / name, ignore=shutil.ignore_patterns("__pycache__", "_build")
            )
        else:
            shutil.copy2(source, repo / name)
    venv = home / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [
        str(venv / "bin/python"),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ]
    subprocess.run([*pip, "-r", "requirements.txt"], cwd=repo, check=True)
    env = {**os.environ, "PATH": f"{venv / 'bin'}:{os.environ['PATH']}"}
    subprocess.run(["./postBuild"], cwd=repo, env=env, check=True)
    return home


TOKEN = "rehearsal"


def all_cells_rendered(settings: Path) -> Path:
    """User settings under which JupyterLab renders every cell of a notebook at once
    (``windowingMode: none``). Binder keeps JupyterLab's default, which renders the cells near
    the view as the reader scrolls; what a cell shows is the same either way, and the test
    reads a whole page in one look instead of screen by screen."""
    tracker = settings / "@jupyterlab/notebook-extension/tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True, exist_ok=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}), encoding="utf8")
    return settings


@pytest.fixture(scope="module")
def jupyterlab(binder_env) -> str:
    """JupyterLab from the Binder environment, serving the repository copy; its base URL."""
    repo, venv = binder_env / "repo", binder_env / "venv"
    port = free_port()
    log = (binder_env / "jupyterlab.log").open("w")
    server = subprocess.Popen(
        [
            str(venv / "bin/jupyter"),
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={repo}",
            "--LabApp.expose_app_in_browser=True",
            "--allow-root",  # CI runs as root; Binder runs as an ordinary user
        ],
        env={
            **os.environ,
            "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
            "JUPYTER_CONFIG_DIR": str(binder_env / "jupyter-config"),
            "JUPYTERLAB_SETTINGS_DIR": str(all_cells_rendered(binder_env / "lab-settings")),
        },
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=1)
                break
            except OSError:
                log.flush()
                assert server.poll() is None, (binder_env / "jupyterlab.log").read_text()[-3000:]
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


# The text a reader sees in the notebook's Markdown cells: without the hidden editors that
# hold each cell's source, and without KaTeX's MathML copy, which repeats the TeX source.
SHOWN_MARKDOWN = """() => [...document.querySelectorAll(
  '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell')].map((cell) => {
  const shown = cell.cloneNode(true);
  shown.querySelectorAll('.jp-InputArea-editor, .katex-mathml, .jp-InputPrompt')
    .forEach((hidden) => hidden.remove());
  return shown.textContent;
}).join('\\n')"""

# MyST markup that must not reach the reader as text: a directive fence such as
# ```{admonition} or :::{admonition} and its options (:class: note), a role such as {eq}`…`,
# the book's own macros, and its "% bp:" comments. Label lines such as (eq-1-3-1)= are
# looked for by name.
LEAKS = re.compile(
    r"(?:```|:::)\{[\w-]+\}|:(?:class|tags|label|name):|\{[\w-]+\}`|\\(?:num|lit)\b"
    r"|%\s*bp:"  # the check's comments (claims, symbols): MyST comments, never shown
)
LABEL = re.compile(r"^\((?P<name>[\w-]+)\)=$", re.MULTILINE)


NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def open_notebook(browser, base: str, path: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    # ?reset: a fresh workspace, not the tabs the previous test left open.
    page.goto(f"{base}/lab/tree/{path}?reset&token={TOKEN}")
    page.wait_for_selector(f"{NOTEBOOK} .jp-MarkdownCell", timeout=60_000)
    assert page.locator(".jp-FileEditor").count() == 0, f"{path} opened as text"
    return page


@pytest.fixture(scope="module")
def lab(jupyterlab, browser):
    """One JupyterLab tab for the notebooks the module reads one after another: JupyterLab
    takes seconds to start in a tab, a notebook opens in it in well under one."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{jupyterlab}/lab?reset&token={TOKEN}")
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=60_000)
    page.evaluate("() => window.jupyterapp.restored.then(() => true)")
    yield page
    page.close()


def open_alone(lab, path: str) -> None:
    """``path`` opened in ``lab`` with its default viewer, as the launch URL opens it, and
    no other document open (disposed, not closed: closing may ask whether to save)."""
    lab.evaluate(
        """async (path) => {
          const app = window.jupyterapp;
          for (const widget of [...app.shell.widgets("main")]) widget.dispose();
          await app.commands.execute("docmanager:open", {path});
        }""",
        path,
    )
    lab.wait_for_selector(f"{NOTEBOOK} .jp-MarkdownCell", timeout=60_000)
    assert lab.locator(".jp-FileEditor").count() == 0, f"{path} opened as text"


# Every Markdown cell of the notebook is in the page and rendered (jupyterlab-myst's
# output, not the editor).
ALL_MARKDOWN_RENDERED = f"""() => {{
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.content.model) return false;
  const cells = panel.content.model.cells;
  let markdown = 0;
  for (let i = 0; i < cells.length; i++) markdown += cells.get(i).type === "markdown";
  const shown = document.querySelectorAll('{NOTEBOOK} .jp-MarkdownCell.jp-mod-rendered');
  return markdown > 0 && shown.length === markdown;
}}"""


def shown_markdown(page) -> str:
    """Everything the notebook's Markdown cells show, once every cell has rendered (the
    rehearsal renders them all at once: ``all_cells_rendered``) and two readings half a
    second apart agree (the formulas of a long page are typeset after its text)."""
    page.wait_for_function(ALL_MARKDOWN_RENDERED, timeout=60_000)
    shown = page.evaluate(SHOWN_MARKDOWN)
    for _ in range(20):
        page.wait_for_timeout(500)
        again = page.evaluate(SHOWN_MARKDOWN)
        if again == shown:
            break
        shown = again
    return shown


@pytest.mark.binder
@pytest.mark.parametrize("source", NOTEBOOK_SOURCES, ids=lambda p: p.name)
def test_a_page_opened_as_a_notebook_shows_what_the_site_shows(lab, source):
    """jupyterlab-myst renders labels and directives, and the page's first cell gives it the
    book's macros, so that every bound number shows as the literal the site prints."""
    open_alone(lab, f"book/{source.name}")
    shown = shown_markdown(lab)
    text = source.read_text(encoding="utf8")
    assert sorted(set(LEAKS.findall(shown))) == []
    assert [f"({n})=" for n in LABEL.findall(text) if f"({n})=" in shown] == []
    # Every printed literal of the page, as KaTeX lays it out (digits, sign and point).
    literals = {m["printed"] for m in BOUND.finditer(text)} | set(EXEMPT.findall(text))
    laid_out = shown.replace(" ", "").replace("\u2212", "-")  # KaTeX prints a minus sign
    missing = sorted(n for n in literals if n.replace(" ", "") not in laid_out)
    assert missing == []
    # MyST's own equation numbers are off: only the book's \tag numbers show.
    assert re.search(r"\)\s*\(\d+\)", shown) is None
    if source.name == "backprop.md":
        (ROOT / "test-artifacts").mkdir(exist_ok=True)
        lab.screenshot(path=ROOT / "test-artifacts/binder-notebook.png")


@pytest.mark.binder
def test_the_chapter_opens_as_a_notebook_and_every_cell_runs(jupyterlab, browser):
    # The path the launch button opens (urlpath=lab/tree/book/backprop.md).
    page = open_notebook(browser, jupyterlab, "book/backprop.md")
    # Wait until the notebook's kernel is connected and idle, then start "Run All" without
    # awaiting the command's promise (evaluate has no timeout of its own).
    page.wait_for_function(
        """() => {
          const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
          const kernel = panel && panel.sessionContext && panel.sessionContext.session
            && panel.sessionContext.session.kernel;
          return panel && panel.sessionContext.isReady && kernel
            && kernel.connectionStatus === "connected" && kernel.status === "idle";
        }""",
        timeout=120_000,
    )
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    # JupyterLab renders only the cells in view, so read results from the notebook model.
    page.wait_for_function(f"() => ({CODE_CELLS}).every((c) => c.count !== null)", timeout=120_000)
    cells = page.evaluate(f"() => {CODE_CELLS}")
    outputs = [output for cell in cells for output in cell["outputs"]]
    assert [o for o in outputs if o["output_type"] == "error"] == []
    text = json.dumps(outputs)
    assert "0.0786934" in text  # ΔX, computed by bp in the student's kernel
    assert "image/svg+xml" in text  # figure 1.3.1, as SVG (book/publish.py)
    page.close()


@pytest.mark.parametrize("page", sorted((ROOT / "book").glob("*.md")), ids=lambda p: p.name)
def test_every_page_runs_as_a_notebook_in_a_fresh_kernel(page):
    notebook = jupytext.read(page, fmt="md:myst")  # every page of the book is MyST Markdown
    if not any(cell.cell_type == "code" for cell in notebook.cells):
        pytest.skip(f"{page.name} has no code cells")
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(page.parent)}},
    )
    client.execute()
    errors = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert errors == []
