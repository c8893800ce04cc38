"""What the check keeps for each page between builds: one ``PageData`` per page.

Sphinx pickles the environment and reads again only the pages that changed; what a page
left must go when it is read again (``purge``) and be gathered from parallel readers
(``merge``). Everything the check keeps is therefore one ``PageData`` per docname in one
environment attribute, so that purge and merge are one line each, the shape Sphinx's own
extensions use (``sphinx.ext.todo``'s domain data). ``ENV_VERSION`` (``__init__``) is
bumped whenever ``PageData`` changes shape, so that an older pickle is thrown away.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from . import rules

ATTRIBUTE = "numbercheck_pages"


@dataclass(frozen=True)
class Problem:
    location: str  # path:line
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass
class Deviation:
    """A number the source declares printed by a rule other than correct rounding."""

    docname: str
    location: str
    key: str
    printed: str
    rule: str
    exact: float
    correct: str
    anchor: str = ""  # the id of the visible note, set once the note is placed


@dataclass(frozen=True)
class Correction:
    """An ``{erratum}`` of a page: a correction of the original text, written in place, or
    (``kept``) a slip of the original kept as printed and marked."""

    docname: str
    anchor: str
    location: str
    text: str
    kept: bool = False


@dataclass
class PageRecord:
    """What the check found on one page, as the report (report.py) shows it."""

    bound: list[dict] = field(default_factory=list)  # location, name, printed, rule, computed
    relations: list[dict] = field(default_factory=list)  # location, text, verdict, …
    exempt: list[dict] = field(default_factory=list)  # location, text, reason
    claims: list[dict] = field(default_factory=list)  # location, phrase, predicate, verdict, …
    problems: int = 0
    targets: dict = field(default_factory=dict)  # label → (kind, number), references.py
    mentions: list = field(default_factory=list)  # (location, text, kind, number, target)
    numbered: list = field(default_factory=list)  # (kind, number): what text may name
    named: list = field(default_factory=list)  # (location, as written, kind or None, number)
    number: tuple | None = None  # (location of the title, the page's number), if numbered
    values: dict = field(default_factory=dict)  # name → what this build published

    def counts(self) -> dict[str, int]:
        verdicts = Counter(r["verdict"] for r in self.relations)
        return {
            "bound numbers": len(self.bound),
            "relations verified": verdicts[rules.HOLDS],
            "relations failing": verdicts[rules.FAILS],
            "relations not evaluated": verdicts[rules.UNEVALUATED],
            "relations defining": verdicts[rules.DEFINITION],
            "exemptions": len(self.exempt),
            "claims checked": sum(c["verdict"] != "not computable" for c in self.claims),
            "claims not computable": sum(c["verdict"] == "not computable" for c in self.claims),
            "problems": self.problems,
        }


@dataclass
class PageData:
    """Everything the check keeps about one page."""

    problems: list[Problem] = field(default_factory=list)  # found while the page was read
    deviations: list[Deviation] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    record: PageRecord | None = None  # None until the page's check has run
    lists_others: bool = False  # the errata or report page: it shows every page's data
    # Found once all pages are read, for every page at once (reset by their checks):
    book_problems: list[Problem] = field(default_factory=list)  # references, page order
    # What other extensions found, answering the event numbercheck-pages-read (check.py).
    extension_problems: list[Problem] = field(default_factory=list)

    def all_problems(self) -> list[Problem]:
        return self.problems + self.book_problems + self.extension_problems


def pages(env: BuildEnvironment) -> dict[str, PageData]:
    return getattr(env, ATTRIBUTE)


def page(env: BuildEnvironment, docname: str) -> PageData:
    """The data of ``docname``, created empty on first use while the page is read."""
    return pages(env).setdefault(docname, PageData())


def records(env: BuildEnvironment) -> dict[str, PageRecord]:
    """docname → record, for the pages whose check has run, in docname order."""
    return {d: p.record for d, p in sorted(pages(env).items()) if p.record is not None}


def init(app: Sphinx) -> None:
    if not hasattr(app.env, ATTRIBUTE):
        setattr(app.env, ATTRIBUTE, {})


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    pages(env).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set, other: BuildEnvironment) -> None:
    pages(env).update({d: data for d, data in pages(other).items() if d in docnames})
