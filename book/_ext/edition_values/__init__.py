"""Two editions of a page publish the same values: the translation cannot drift from the original.

Each edition's page keeps its own cells (each must run alone on Binder), so nothing but a
check stops the English page's computation from drifting from the Chinese page's. Every
build records in numbercheck's report the values each page's cells published in this build.
A build with ``edition_values_of`` set (a path, relative to the source folder, to the other
build's report) compares each of its translated pages ``book/x_en`` (editions.py) with the
page ``book/x`` of that report: the same names, and the same values, compared exactly (a
float read back from JSON is the float that was written, and both editions run the same
code). A page with no counterpart in the other report is not compared. Any difference is a
problem of the page, which numbercheck lists with its own when the build ends: this
extension answers numbercheck's event ``numbercheck-pages-read``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from editions import original
from numbercheck import PageRecord, Problem
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

Value = float | str  # a finite number, or the published text of anything else


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


def check_editions(
    app: Sphinx, env: BuildEnvironment, records: dict[str, PageRecord]
) -> dict[str, list[Problem]]:
    """docname → what differs from its counterpart (numbercheck-pages-read, every build)."""
    setting = app.config.edition_values_of
    if not setting:
        return {}
    pages = {docname: other for docname in records if (other := original(docname)) is not None}
    if not pages:
        return {}
    try:
        theirs = read_report(Path(app.srcdir, setting))
    except (OSError, ValueError, KeyError) as error:
        problem = Problem(
            setting,
            f"edition_values_of: cannot read the other edition's report ({error}); "
            "build the other edition first",
        )
        return {min(pages): [problem]}
    found = {}
    for docname, other in sorted(pages.items()):
        if other not in theirs:
            continue
        page = env.doc2path(docname, False)
        found[docname] = [
            Problem(str(page), f"{message} (compared with {other} in {setting})")
            for message in differences(records[docname].values, theirs[other])
        ]
    return found


def setup(app: Sphinx) -> dict[str, Any]:
    # The other edition's report (relative to the source folder), whose pages' values this
    # edition's pages must publish too; empty: no comparison (the original edition).
    app.add_config_value("edition_values_of", "", "env", types=[str])
    app.setup_extension("numbercheck")
    app.connect("numbercheck-pages-read", check_editions)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
