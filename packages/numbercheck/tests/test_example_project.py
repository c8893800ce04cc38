"""The package, installed into a fresh virtual environment, checks a project that is not this book.

The example (``tests/example``: plain Sphinx, one MyST page run by myst-nb, its computation in
the package ``triangle`` beside it) is copied and built with ``sphinx-build -W``: as written
it builds and writes the report; each way of breaking it the check exists for fails the
build, naming the file and line. The environment is made once for the module, with pip's
cache, from nothing but this package and its dependencies (no PYTHONPATH leaks the
repository's code in).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import venv
from pathlib import Path

import numbercheck
import pytest

pytestmark = pytest.mark.build

PACKAGE = Path(__file__).resolve().parents[1]
EXAMPLE = Path(__file__).parent / "example"


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


@pytest.fixture(scope="module")
def python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the package, Sphinx and myst-nb installed: its python."""
    folder = tmp_path_factory.mktemp("venv")
    venv.create(folder, with_pip=True)
    executable = folder / "bin" / "python"
    # Installed from a copy: building the wheel in place would leave build/ in the repository.
    source = shutil.copytree(
        PACKAGE,
        tmp_path_factory.mktemp("source") / "numbercheck",
        ignore=shutil.ignore_patterns("tests", "build", "*.egg-info", "__pycache__"),
    )
    subprocess.run(
        [executable, "-m", "pip", "install", "-q", str(source), "sphinx", "myst-nb"],
        check=True,
        env=_environment(),
    )
    return executable


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "example"))


def build(
    python: Path, project: Path, *options: str, out: str = "html"
) -> subprocess.CompletedProcess:
    """``sphinx-build -W -n --keep-going`` of ``project`` into ``_build/<out>``."""
    command = [python, "-m", "sphinx", "-W", "-n", "--keep-going", *options]
    return subprocess.run(
        [*command, "-b", "html", ".", f"_build/{out}"],
        cwd=project,
        env=_environment(),
        capture_output=True,
        text=True,
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf8")


def test_the_package_is_the_one_installed_not_the_repositorys(python: Path) -> None:
    code = "import numbercheck, sys; print(numbercheck.__file__, numbercheck.__version__)"
    shown = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    assert "site-packages" in shown.stdout and str(PACKAGE / "src") not in shown.stdout
    assert shown.stdout.split()[1] == numbercheck.__version__  # this repository's


def test_the_example_builds_and_writes_the_report(python: Path, project: Path) -> None:
    result = build(python, project)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads((project / "_build" / "numbercheck.json").read_text(encoding="utf8"))
    page = report["pages"]["index"]
    assert page["counts"]["bound numbers"] == 3
    assert page["counts"]["relations verified"] == 4  # a, b, c and c² = a² + b²
    assert page["counts"]["claims checked"] == 1
    assert page["counts"]["problems"] == 0
    assert {b["name"]: b["printed"] for b in page["bound"]} == {
        "side_a": "3",
        "side_b": "4.5",
        "hypotenuse": "5.41",
    }
    assert page["claims"][0]["verdict"] == "holds"
    html = (project / "_build" / "html" / "index.html").read_text(encoding="utf8")
    assert "\\num{" not in html  # the markup became what readers see
    assert '"htmlData": ["{#2}", 2]' in html  # MathJax shows a bound number's digits
    # The forms of {sic} and {erratum} that notebook viewers render become the same marks.
    assert 'class="bp-sic" title="as in the original">hypothenuse</span>' in html
    assert "<strong>Original kept: </strong>" in html and 'class="admonition' not in html


def test_a_wrong_number_and_a_false_equation_fail_the_build_at_their_lines(
    python: Path, project: Path
) -> None:
    """One build lists every problem, each at its file and line (one build, not two)."""
    edit(project / "index.md", "{5.41}", "{5.42}")
    edit(project / "index.md", "c^2 = a^2 + b^2", "c = a + b")
    result = build(python, project)
    assert result.returncode != 0
    assert "3 problem(s)" in result.stderr, result.stderr
    # The number, and the relation it is the right side of (c = 5.42), at its line:
    assert "index.md:30: printed '5.42' for 'hypotenuse'" in result.stderr
    assert "index.md:30: relation 'c = 5.42' does not hold" in result.stderr
    assert "index.md:34: relation 'c = a + b' does not hold" in result.stderr


def test_a_changed_computation_is_never_served_from_the_execution_cache(
    python: Path, project: Path
) -> None:
    """myst-nb's cache is keyed on the cells alone: after an edit to ``triangle`` it would
    serve the old values, and the page's old numbers would pass. The check clears it."""
    assert build(python, project).returncode == 0  # executed, and cached
    edit(project / "triangle" / "__init__.py", "SIDES = (3.0, 4.5)", "SIDES = (3.0, 4.6)")
    result = build(python, project)
    assert result.returncode != 0
    assert "cleared the execution cache" in result.stdout + result.stderr
    assert "index.md:30" in result.stderr and "4.6" in result.stderr, result.stderr


def test_an_unbound_claim_fails_the_build(python: Path, project: Path) -> None:
    edit(project / "index.md", '% bp: claim "larger": hypotenuse_is_largest\n', "")
    result = build(python, project)
    assert result.returncode != 0
    assert "index.md:30" in result.stderr and "larger" in result.stderr, result.stderr


def test_two_parallel_readers_write_the_report_one_reader_writes(
    python: Path, project: Path
) -> None:
    """``parallel_read_safe``: what each reader process found is merged back whole. Sphinx
    reads in parallel only from six pages on, so the page is copied five times."""
    for n in range(1, 6):
        text = (project / "index.md").read_text(encoding="utf8")
        (project / f"copy{n}.md").write_text(
            text.replace("\nnumbercheck:", "\norphan: true\nnumbercheck:", 1), encoding="utf8"
        )
    reports = []
    for jobs, out in (("1", "serial"), ("2", "parallel")):
        result = build(python, project, "-j", jobs, out=out)
        assert result.returncode == 0, result.stdout + result.stderr
        reports.append(json.loads((project / "_build" / "numbercheck.json").read_text("utf8")))
        if jobs == "2":
            assert "reading sources... [ 50%] copy1 .. copy3" in result.stdout  # in two chunks
    serial, parallel = reports
    assert sorted(parallel["pages"]) == ["copy1", "copy2", "copy3", "copy4", "copy5", "index"]
    assert parallel == serial
