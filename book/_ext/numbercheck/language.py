r"""The check in the build's language: what it says to readers, and how pages name things.

The book is built once per edition (Chinese, ``language: zh_CN``; English, ``language: en``)
from one repository. Two things differ between editions, and both are kept here:

- What readers see that the check writes (the computed values of a formula, the note after a
  deviating number, the errata list, the report page). Those strings are English message ids
  in the ``numbercheck`` message catalog, translated through Sphinx's gettext
  (``locale/zh_CN/LC_MESSAGES/numbercheck.po``). The ``.po`` is compiled to the ``.mo`` that
  gettext reads when the build starts, so no compiled file is kept in the repository.
- How a page's prose names an equation, a figure, a section or an exercise, which the check
  reads: "式（1.3.5）", "图 1.3.1", "第 1.4 节", "习题 1" in Chinese; "equation (1.3.5)",
  "Figure 1.3.1", "Section 1.4", "Exercise 1" in English (``Wording``).

Problems for authors (the build's output) stay in English in both editions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sphinx import locale
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.locale import get_translation
from sphinx.util.i18n import CatalogInfo

CATALOG = "numbercheck"
LOCALE = Path(__file__).parent / "locale"
_ = get_translation(CATALOG)

EQUATION, FIGURE = "equation", "figure"  # the kinds of a numbered thing, in every language
_NUMBER = r"(?P<number>\d+(?:\.\d+)+)"


@dataclass(frozen=True)
class Wording:
    """How the pages of one language name equations, figures and sections."""

    mention: re.Pattern[str]  # the whole text of a link naming one: groups kind, number
    caption: re.Pattern[str]  # the start of a numbered figure's caption: group number
    prose_reference: re.Pattern[str]  # a section or chapter named in running text
    exercise: re.Pattern[str]  # an exercise's heading ("习题 1：立方"): group number
    kinds: dict[str, str]  # the word as written → EQUATION or FIGURE
    names: dict[str, str]  # EQUATION or FIGURE → how a reader reads its number

    def kind(self, word: str) -> str:
        return self.kinds[word]

    def name(self, kind: str, number: str) -> str:
        return self.names[kind].format(number)


WORDINGS: dict[str, Wording] = {
    "zh_CN": Wording(
        mention=re.compile(rf"(?P<kind>式|图)\s*（?\s*{_NUMBER}\s*）?"),
        caption=re.compile(rf"图\s*{_NUMBER}"),
        prose_reference=re.compile(r"第\s*\d+(?:\.\d+)*\s*[章节]"),
        exercise=re.compile(r"习题\s*(?P<number>\d+)(?!\d)"),
        kinds={"式": EQUATION, "图": FIGURE},
        names={EQUATION: "式（{}）", FIGURE: "图 {}"},
    ),
    "en": Wording(
        mention=re.compile(rf"(?P<kind>[Ee]quation|[Ff]igure)\s*\(?\s*{_NUMBER}\s*\)?"),
        caption=re.compile(rf"Figure\s*{_NUMBER}"),
        prose_reference=re.compile(r"\b(?:[Ss]ections?|[Cc]hapters?)\s+\d+(?:\.\d+)*"),
        exercise=re.compile(r"Exercise\s+(?P<number>\d+)(?!\d)"),
        kinds={"equation": EQUATION, "Equation": EQUATION, "figure": FIGURE, "Figure": FIGURE},
        names={EQUATION: "equation ({})", FIGURE: "Figure {}"},
    ),
}


def wording(language: str | None) -> Wording:
    """The wording of ``language``; any other language stops the build, never guesses."""
    try:
        return WORDINGS[language or ""]
    except KeyError:
        known = ", ".join(WORDINGS)
        message = f"numbercheck: language {language!r} has no wording (known: {known})"
        raise ConfigError(message) from None


def compile_catalogues(language: str) -> None:
    """Write each ``.po`` of ``language`` as the ``.mo`` that gettext reads (when newer)."""
    folder = LOCALE / language / "LC_MESSAGES"
    for po in folder.glob("*.po"):
        catalog = CatalogInfo(str(folder), po.stem, "utf-8")
        if catalog.is_outdated():
            catalog.write_mo(language)


def register(app: Sphinx) -> None:
    """Check the build's language and load its catalog (English needs none: the ids are).

    Sphinx keeps one translator per catalog for the whole process, and loading a catalog
    again only adds fallbacks to the first: an English build after a Chinese one in the
    same process would speak Chinese. The catalog is therefore dropped before it is loaded.
    """
    wording(app.config.language)
    compile_catalogues(app.config.language)
    locale.translators.pop(("general", CATALOG), None)
    app.add_message_catalog(CATALOG, str(LOCALE))
