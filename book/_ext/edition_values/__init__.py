"""Two editions of a page publish the same values: the translation cannot drift from the original.

Each edition's page keeps its own cells (each must run alone on Binder), so nothing but a
check stops the English page's computation from drifting from the Chinese page's. Every
build records in its report (report.py) the values each page's cells published in this
build. A build with ``numbercheck_edition_of`` set (a path, relative to the source folder,
to the other build's report) compares each of its pages ``X<suffix>`` (the suffix is
``numbercheck_edition_suffix``, ``_en`` in this book) with the page ``X`` of that report:
the same names, and the same values, compared exactly (a float read back from JSON is the
float that was written, and both editions run the same code). A page with no counterpart
in the other report is not compared. Any difference is a problem of the page, listed with
the others when the build ends.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError

from . import store
from .store import Problem

Value = float | str  # a finite number, or the published text of anything else


def counterpart(docname: str, suffix: str) -> str | None:
    """``book/backprop`` for ``book/backprop_en`` (suffix ``_en``); None for other pages."""
    return docname.removesuffix(suffix) if suffix and docname.endswith(suffix) else None


def differences(here: dict[str, Value], there: dict[str, Value]) -> list[str]:
    """What differs between the values a page published and its counterpart's."""
    found = []
    missing = sorted(set(there) - set(here))
    extra = sorted(set(here) - set(there))
    if missing:
        found.append(f"does not publish {', '.join(missing)}")
    if extra:
        found.append(f"publishes {', '.join(extra)}, which the other edition does not")
    for name in sorted(set(here) & set(there)):
        if here[name] != there[name]:
            found.append(f"publishes {name} = {here[name]!r}, the other edition {there[name]!r}")
    return found


def read_report(path: Path) -> dict[str, dict[str, Value]]:
    """docname → published values, from the other build's report."""
    report = json.loads(path.read_text(encoding="utf8"))
    return {docname: page.get("values", {}) for docname, page in report["pages"].items()}


def require_suffix(app: Sphinx, config: Config) -> None:
    """An edition compared with another names how its pages are named: else none compares."""
    if config.numbercheck_edition_of and not config.numbercheck_edition_suffix:
        message = (
            "numbercheck_edition_of is set but numbercheck_edition_suffix is empty: name the "
            "suffix of this edition's pages (book/backprop_en: _en)"
        )
        raise ConfigError(message)


def check_editions(app: Sphinx, env: BuildEnvironment) -> None:
    """Once every page is read (every build, since the other report may have changed)."""
    for data in store.pages(env).values():
        data.edition_problems = []
    setting = app.config.numbercheck_edition_of
    suffix = app.config.numbercheck_edition_suffix
    if not setting or not app.config.numbercheck_enabled:
        return
    records = store.records(env)
    pages = {
        docname: other for docname in records if (other := counterpart(docname, suffix)) is not None
    }
    if not pages:
        return
    try:
        theirs = read_report(Path(app.srcdir, setting))
    except (OSError, ValueError, KeyError) as error:
        problem = Problem(
            setting,
            f"numbercheck_edition_of: cannot read the other edition's report ({error}); "
            "build the other edition first",
        )
        store.page(env, min(pages)).edition_problems = [problem]
        return
    for docname, other in sorted(pages.items()):
        if other not in theirs:
            continue
        found = differences(records[docname].values, theirs[other])
        page = env.doc2path(docname, False)
        store.page(env, docname).edition_problems = [
            Problem(str(page), f"{message} (compared with {other} in {setting})")
            for message in found
        ]
