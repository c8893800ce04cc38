"""Build the book, or a mutated copy of it, the way an author does: one jupyter-book command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = "book/backprop.md"
BOOK_FILES = ("_config.yml", "_toc.yml", "book", "bp", "pyproject.toml", "scripts")


@dataclass
class Build:
    returncode: int
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def copy_book(destination: Path) -> Path:
    """A copy of everything the build reads, so tests can edit text and even ``bp``."""
    for name in BOOK_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, destination / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, destination / name)
    return destination


def build(book: Path, *extra: str, ci: bool | None = None) -> Build:
    """``jupyter-book build`` with warnings as errors, importing ``bp`` from ``book``.

    ``ci`` sets or unsets the ``CI`` variable for this build (None: as in this process).
    """
    env = {**os.environ, "PYTHONPATH": str(book)}
    if ci is not None:
        env.pop("CI", None)
        if ci:
            env["CI"] = "true"
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from jupyter_book.cli.main import main; main()",
            "build",
            str(book),
            "-W",
            "-n",
            "--keep-going",
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=book,  # so that this process, like the kernel, imports bp from the copy
        check=False,
    )
    return Build(completed.returncode, completed.stdout + completed.stderr)


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old``, which must occur exactly once, so that an edit cannot land elsewhere."""
    text = path.read_text(encoding="utf8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}, not once"
    path.write_text(text.replace(old, new, 1), encoding="utf8")
