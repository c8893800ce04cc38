"""Two editions of a page publish the same values: the translation cannot drift from the original.

Each edition's page keeps its own cells (each must run alone on Binder), so nothing but a
check stops the English page's computation from drifting from the Chinese page's. Every
build records in its report (report.py) the values each page's cells published in this
build. A build with ``numbercheck_edition_of`` set (a path, relative to the source folder,
to the other build's report) compares each of its pages ``X.<language>`` with the page ``X``
of that report: the same names, and the same values, compared exactly (a float read back
from JSON is the float that was written, and both editions run the same code). A page with
no counterpart in the other report is not compared. Any difference is a problem of the
page, listed with the others when the build ends.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .check import Problem

Value = float | str  # a finite number, or the published text of anything else


def counterpart(docname: str, language: str) -> str | None:
    """``book/backprop`` for ``book/backprop.en`` in the English build; None for other pages."""
    suffix = f".{language}"
    return docname.removesuffix(suffix) if docname.endswith(suffix) else None


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


def check_editions(app: Sphinx, env: BuildEnvironment) -> None:
    """Once every page is read (every build, since the other report may have changed)."""
    env.numbercheck_edition_problems = {}
    setting = app.config.numbercheck_edition_of
    if not setting or not app.config.numbercheck_enabled:
        return
    path = Path(app.srcdir, setting)
    pages = {
        docname: other
        for docname in env.numbercheck_records
        if (other := counterpart(docname, app.config.language)) is not None
    }
    if not pages:
        return
    try:
        theirs = read_report(path)
    except (OSError, ValueError, KeyError) as error:
        problem = Problem(
            setting,
            f"numbercheck_edition_of: cannot read the other edition's report ({error}); "
            "build the other edition first",
        )
        env.numbercheck_edition_problems[sorted(pages)[0]] = [problem]
        return
    for docname, other in sorted(pages.items()):
        if other not in theirs:
            continue
        here = env.numbercheck_records[docname].values
        found = differences(here, theirs[other])
        if found:
            page = env.doc2path(docname, False)
            their_page = f"{other} in {setting}"
            env.numbercheck_edition_problems[docname] = [
                Problem(str(page), f"{message} (compared with {their_page})") for message in found
            ]
