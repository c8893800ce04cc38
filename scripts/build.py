"""Build the whole book, both editions, with one command: ``python -m scripts.build``.

The Chinese edition is built from ``_config.yml`` and ``_toc.yml`` into ``_build/html``; the
English edition from the same sources with ``_config.en.yml`` (only what differs) and
``_toc.en.yml`` into ``_build/html/en``. Two Sphinx builds rather than one project with two
languages, because Sphinx holds one language per build: the interface strings, the search
index (jieba for Chinese, stemming for English) and the theme's labels all follow it.

The Chinese build runs first: the English build compares each of its pages with the values
the Chinese page published in that build (``edition_values_of``), so a number can never
differ between the two texts. Every build is strict (``-W -n --keep-going``) and the first
failure stops the command with a non-zero status. This module is the one home of the build
command: ``scripts/pdf.py`` calls :func:`build`, and so do the tests and the benchmarks, on
copies of the book (``scripts/sandbox.py``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
STRICT = ("-W", "-n", "--keep-going")
JUPYTER_BOOK = (sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build")
EDITIONS = ("zh", "en")
# Where the English edition's Sphinx output goes, and where its pages are published.
ENGLISH_BUILD = Path("_build/en")
ENGLISH_SITE = Path("_build/html/en")
CHAPTER = "book/backprop.md"  # the original chapter, which tests and benchmarks change
# Everything a build reads: a copy of these (scripts/sandbox.py) is a book that tests and
# benchmarks may edit.
BOOK_FILES = (
    "_config.yml",
    "_toc.yml",
    "_config.en.yml",
    "_toc.en.yml",
    "book",
    "bp",
    "pyproject.toml",
    "scripts",
)


@dataclass
class Build:
    returncode: int
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def merged(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``changes`` applied: dictionaries merge key by key, ``None`` removes a
    key, anything else is replaced (a list in ``_config.en.yml`` replaces the Chinese list)."""
    result = dict(base)
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


def english_config(book: Path) -> Path:
    """Write the English edition's full configuration and return its path.

    ``_config.en.yml`` holds only what differs from ``_config.yml``, so a setting both
    editions share (the repository, execution, the extensions) has one source. Jupyter Book
    reads extension folders relative to the configuration file, which is written under
    ``_build``: they are made absolute here.
    """
    config = merged(
        yaml.safe_load((book / "_config.yml").read_text(encoding="utf8")),
        yaml.safe_load((book / "_config.en.yml").read_text(encoding="utf8")),
    )
    extensions = config.get("sphinx", {}).get("local_extensions", {})
    for name, folder in extensions.items():
        extensions[name] = str((book / folder).resolve())
    path = book / ENGLISH_BUILD / "_config.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# Written by scripts/build.py from _config.yml and _config.en.yml; edit those.\n"
        + yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
        encoding="utf8",
    )
    return path


def jupyter_book(book: Path, arguments: list[str], env: dict[str, str], echo: bool) -> Build:
    """One ``jupyter-book build``, its output kept (and shown as it comes, with ``echo``)."""
    lines = []
    with subprocess.Popen(
        [*JUPYTER_BOOK, *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=book,  # so that this process, like the kernel, imports bp from ``book``
    ) as process:
        for line in process.stdout:
            lines.append(line)
            if echo:
                sys.stdout.write(line)
    return Build(process.returncode, "".join(lines))


def build(
    book: Path = ROOT,
    *extra: str,
    editions: tuple[str, ...] = EDITIONS,
    ci: bool | None = None,
    echo: bool = False,
) -> Build:
    """Build ``editions`` of the book in ``book`` (a clone, or a test's edited copy).

    ``extra`` is passed to every ``jupyter-book build`` (for example ``--all``); ``ci`` sets
    or unsets the ``CI`` variable for the builds (None: as in this process); ``echo`` shows
    the builds' output as it comes (it is also returned). Building only
    the English edition needs the Chinese edition's report from an earlier build.
    """
    unknown = set(editions) - set(EDITIONS)
    if unknown:
        raise ValueError(f"unknown edition(s) {sorted(unknown)}; the book has {EDITIONS}")
    book = book.resolve()
    env = {**os.environ, "PYTHONPATH": str(book)}
    if ci is not None:
        env.pop("CI", None)
        if ci:
            env["CI"] = "true"
    outputs = []
    if "zh" in editions:
        result = jupyter_book(book, [str(book), *STRICT, *extra], env, echo)
        outputs.append(result.output)
        if not result.ok:
            return Build(result.returncode, "".join(outputs))
    if "en" in editions:
        arguments = [
            str(book),
            "--config",
            str(english_config(book)),
            "--toc",
            str(book / "_toc.en.yml"),
            "--path-output",
            str(book / ENGLISH_BUILD),
            *STRICT,
            *extra,
        ]
        result = jupyter_book(book, arguments, env, echo)
        outputs.append(result.output)
        if not result.ok:
            return Build(result.returncode, "".join(outputs))
        publish_english_site(book)
    return Build(0, "".join(outputs))


def publish_english_site(book: Path) -> None:
    """Put the English pages at ``_build/html/en``: one site, served and linked as a whole."""
    site = book / ENGLISH_SITE
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(book / ENGLISH_BUILD / "_build" / "html", site)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", nargs="?", type=Path, default=ROOT, help="the book's folder")
    parser.add_argument(
        "--edition", choices=EDITIONS, action="append", help="build only this edition"
    )
    parser.add_argument("--all", action="store_true", help="rewrite every page")
    args = parser.parse_args()
    editions = tuple(args.edition or EDITIONS)
    result = build(args.book, *(["--all"] if args.all else []), editions=editions, echo=True)
    if result.ok:
        sites = {"zh": "_build/html/index.html", "en": f"{ENGLISH_SITE}/index.html"}
        for edition in editions:
            print(f"built the {edition} edition: {(args.book / sites[edition]).resolve()}")
    else:
        print(f"the build failed (exit status {result.returncode}); the problems are listed above")
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
