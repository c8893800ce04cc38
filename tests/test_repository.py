"""The repository's own files: a valid CI workflow, and README commands that CI runs."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.book import ROOT

WORKFLOW = ROOT / ".github/workflows/book.yml"


def test_workflow_validates_against_the_github_workflow_schema(tmp_path):
    checker = shutil.which("check-jsonschema")
    if checker is None:
        pytest.skip("check-jsonschema is not installed (requirements-test.txt has it)")
    completed = subprocess.run(
        [checker, "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_workflow_checker_rejects_a_broken_workflow(tmp_path):
    checker = shutil.which("check-jsonschema")
    if checker is None:
        pytest.skip("check-jsonschema is not installed (requirements-test.txt has it)")
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on: ubuntu-latest", "runs_on: x", 1))
    completed = subprocess.run(
        [checker, "--builtin-schema", "vendor.github-workflows", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode != 0


def test_workflow_builds_with_warnings_as_errors_and_deploys_from_main():
    text = WORKFLOW.read_text()
    assert "jupyter-book build . -W -n --keep-going" in text
    assert "actions/deploy-pages" in text and "refs/heads/main" in text
    assert "if: failure()" in text


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf8")
    section = readme.split("## Two commands for a new machine", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section)


def test_readme_gives_two_commands_and_ci_runs_the_test_command():
    build_command, test_command = readme_commands()
    assert "jupyter-book build" in build_command
    assert "pytest" in test_command
    assert test_command in (ROOT / ".ci/run").read_text()
    assert "jupyter-book build . -W -n --keep-going" in build_command


def test_the_readme_example_runs():
    import matplotlib

    matplotlib.use("Agg")
    readme = (ROOT / "README.md").read_text(encoding="utf8")
    example = readme.split("## bp in a few lines", 1)[1].split("```python\n", 1)[1].split("```")[0]
    namespace: dict = {}
    exec(compile(example, "README.md", "exec"), namespace)
    assert abs(float(namespace["deltas"]["X"]) - 0.0786934) < 1e-7
