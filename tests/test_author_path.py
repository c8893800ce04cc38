"""An author's path, as the README describes it, works the first time.

A page copied from book/_template.md builds as it is; a page without the cell that defines
``\\num`` for JupyterLab or without the 扩展 admonition stops the build with a message saying
what to add; a page removed from the book disappears from the site; the README's sample
error is what a real build prints.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from page_rules import JUPYTER_CELL

from tests.book import CHAPTER, ROOT, build, edit

pytestmark = pytest.mark.build

TEMPLATE = "book/_template.md"


def add_page(book: Path, name: str, text: str) -> None:
    (book / f"book/{name}.md").write_text(text, encoding="utf8")
    toc_path = book / "_toc.yml"
    toc = yaml.safe_load(toc_path.read_text(encoding="utf8"))
    toc["chapters"].insert(1, {"file": f"book/{name}"})
    toc_path.write_text(yaml.safe_dump(toc, allow_unicode=True), encoding="utf8")


def remove_page(book: Path, name: str) -> None:
    toc_path = book / "_toc.yml"
    toc = yaml.safe_load(toc_path.read_text(encoding="utf8"))
    toc["chapters"] = [c for c in toc["chapters"] if c["file"] != f"book/{name}"]
    toc_path.write_text(yaml.safe_dump(toc, allow_unicode=True), encoding="utf8")
    (book / f"book/{name}.md").unlink()


def test_a_page_from_the_template_builds_and_a_removed_page_goes_offline(book):
    add_page(book, "added", (book / TEMPLATE).read_text(encoding="utf8"))
    result = build(book)
    assert result.ok, result.output[-3000:]
    html = book / "_build/html/book/added.html"
    assert "新的一节" in html.read_text(encoding="utf8")

    remove_page(book, "added")
    result = build(book)
    assert result.ok, result.output[-3000:]
    assert not html.exists()
    assert not (book / "_build/html/_sources/book/added.md").exists()


@pytest.mark.parametrize(
    ("removed", "message"),
    [
        (JUPYTER_CELL, "a notebook page needs, right after its front matter, the cell"),
        (
            ":::{admonition} 本节为扩展内容",
            "starts with the admonition '{admonition} 本节为扩展内容'",
        ),
    ],
)
def test_a_page_without_its_markers_stops_the_build_with_what_to_add(book, removed, message):
    template = (book / TEMPLATE).read_text(encoding="utf8")
    assert removed in template
    add_page(book, "added", template.replace(removed, ""))
    result = build(book)
    assert not result.ok
    assert "book/added.md: " in result.output and message in result.output
    assert "book/_template.md shows both" in result.output


def readme_sample() -> tuple[str, str, str]:
    """The README's sample: the markup it shows, that markup with the changed literal, and
    the error the README says the build then prints."""
    readme = (ROOT / "README.md").read_text(encoding="utf8")
    markup = re.search(r"```markdown\n\$(?P<markup>.*?)\$\n```", readme)["markup"]
    change = re.search(r"Change the literal to `(?P<new>[\d.]+)`", readme)
    block = re.search(r"Change the literal to.*?```text\n(?P<error>.*?)```", readme, re.DOTALL)
    assert change and block, "the README's sample error is missing"
    old = re.search(r"\\num\{C\}\{(?P<old>[\d.]+)\}", markup)["old"]
    changed = markup.replace(rf"\num{{C}}{{{old}}}", rf"\num{{C}}{{{change['new']}}}")
    return markup, changed, block["error"]


def test_the_readmes_sample_error_is_what_a_real_build_prints(book):
    markup, changed, error = readme_sample()
    edit(book / CHAPTER, markup, changed)
    result = build(book)
    assert not result.ok
    printed = [line for line in error.splitlines() if line.strip()]
    for line in printed:
        assert line in result.output, f"README.md shows {line!r}, the build printed:\n" + "\n".join(
            line
            for line in result.output.splitlines()
            if "NumberCheck" in line or "book/backprop.md:" in line
        )
