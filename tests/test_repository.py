"""The repository's own files: a valid CI workflow, and README commands that CI runs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

from tests.book import ROOT

WORKFLOW = ROOT / ".github/workflows/book.yml"


def check_workflow(path) -> subprocess.CompletedProcess:
    """check-jsonschema with the GitHub workflow schema it ships (no network)."""
    schema = ("--builtin-schema", "vendor.github-workflows")
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_workflow_validates_against_the_github_workflow_schema():
    completed = check_workflow(WORKFLOW)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_workflow_checker_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on: ubuntu-latest", "runs_on: x", 1))
    assert check_workflow(broken).returncode != 0


def test_workflow_builds_with_warnings_as_errors_and_deploys_from_main():
    text = WORKFLOW.read_text()
    assert "python -m scripts.build" in text  # strict: -W -n --keep-going (scripts/build.py)
    assert "actions/deploy-pages" in text and "refs/heads/main" in text
    assert "if: failure()" in text


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf8")
    section = readme.split("## Two commands for a new machine", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section)


VENV_PREFIX = "python3 -m venv .venv && . .venv/bin/activate && "


def test_readme_gives_two_commands_and_ci_runs_the_test_command():
    build_command, test_command = readme_commands()
    # Both start by making and entering a virtual environment (PEP 668: Debian's pip refuses).
    assert build_command.startswith(VENV_PREFIX) and test_command.startswith(VENV_PREFIX)
    assert build_command.endswith("python -m scripts.build")
    assert "pytest" in test_command
    ci = (ROOT / ".ci/run").read_text()
    # CI runs the rest of the command inside an environment it has just made from nothing.
    fresh = ci.index("rm -rf .ci-venv")
    made = ci.index("python3 -m venv .ci-venv")
    entered = ci.index(". .ci-venv/bin/activate")
    ran = ci.index(test_command.removeprefix(VENV_PREFIX))
    assert fresh < made < entered < ran


def test_ci_environment_is_ignored_by_git_and_by_the_build():
    assert ".ci-venv/" in (ROOT / ".gitignore").read_text().splitlines()
    assert ".ci-venv" in (ROOT / "_config.yml").read_text()


def test_python_version_agrees_across_runtime_metadata_and_readme():
    runtime = re.fullmatch(r"python-(\d+\.\d+)\s*", (ROOT / "runtime.txt").read_text())[1]
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert f'requires-python = ">={runtime}"' in pyproject
    assert f"Python {runtime}" in (ROOT / "README.md").read_text(encoding="utf8")


def run_deptry(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "deptry", "--no-ansi", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_every_import_is_declared_in_the_readme_install_files():
    completed = run_deptry(".", "--config", ".ci/deptry.toml")
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_import_guard_fails_when_a_requirement_is_removed(tmp_path):
    """The failure a new machine showed: jupytext imported by the tests but not installed."""
    for name in ("requirements-book.txt", "requirements-test.txt"):
        text = (ROOT / name).read_text()
        (tmp_path / name).write_text(
            "\n".join(line for line in text.splitlines() if not line.startswith("jupytext"))
        )
    config = (ROOT / ".ci/deptry.toml").read_text()
    assert '["requirements-test.txt"]' in config
    (tmp_path / "deptry.toml").write_text(
        config.replace('["requirements-test.txt"]', f'["{tmp_path / "requirements-test.txt"}"]')
    )
    completed = run_deptry(".", "--config", str(tmp_path / "deptry.toml"))
    assert completed.returncode != 0
    assert "'jupytext' imported but" in completed.stdout + completed.stderr


def test_bp_import_guard_fails_when_bp_imports_beyond_numpy(tmp_path):
    shutil.copytree(ROOT / "bp", tmp_path / "bp", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", tmp_path)
    assert run_deptry("bp", cwd=tmp_path).returncode == 0
    solver = tmp_path / "bp" / "solver.py"
    solver.write_text("import sympy  # noqa: F401\n" + solver.read_text())
    completed = run_deptry("bp", cwd=tmp_path)
    assert completed.returncode != 0
    assert "'sympy' imported but" in completed.stdout + completed.stderr


def test_the_readme_example_runs():
    import matplotlib

    matplotlib.use("Agg")
    readme = (ROOT / "README.md").read_text(encoding="utf8")
    example = readme.split("## bp in a few lines", 1)[1].split("```python\n", 1)[1].split("```")[0]
    namespace: dict = {}
    exec(compile(example, "README.md", "exec"), namespace)
    assert abs(float(namespace["deltas"]["X"]) - 0.0786934) < 1e-7
