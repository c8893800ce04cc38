r"""The check in the build's language: what it says to readers, and how pages name things.

A project is built in one language (Sphinx's ``language``); Chinese (``zh_CN``) and English
(``en``) are shipped, and a book in two languages is two builds. Two things differ between
languages, and both are kept here:

- What readers see that the check writes (the computed values of a formula, the note after a
  deviating number, the errata list, the report page). Those strings are English message ids
  in the ``numbercheck`` message catalog, translated through Sphinx's gettext
  (``locale/zh_CN/LC_MESSAGES/numbercheck.po``). The ``.po`` is compiled to the ``.mo`` that
  gettext reads when the build starts, into the build's doctree folder (an installed package's
  folder may not be writable), so no compiled file is kept in the repository or the wheel.
- How a page's prose names an equation, a figure, a section or an exercise, which the check
  reads: "式（1.3.5）", "图 1.3.1", "第 1.4 节", "习题 1" in Chinese; "equation (1.3.5)",
  "Figure 1.3.1", "Section 1.4", "Exercise 1" in English (``Wording``).

Problems for authors (the build's output) stay in English in every language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx import locale
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.locale import get_translation

CATALOG = "numbercheck"
LOCALE = Path(__file__).parent / "locale"
_ = get_translation(CATALOG)

# The kinds of a numbered thing, in every language.
EQUATION, FIGURE, SECTION = "equation", "figure", "section"
_NUMBER = r"(?P<number>\d+(?:\.\d+)+)"  # an equation's or a figure's: 1.3.5
_SECTION = r"(?P<number>\d+(?:\.\d+)*)"  # a section's or a chapter's: 1.4, 1.3.3, 1
# A number with two or more dots in running text: a section, equation or figure number.
DOTTED = re.compile(r"(?<![\d.])\d+(?:\.\d+){2,}(?![\d.])")


def _without_groups(pattern: re.Pattern[str]) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern.pattern)


@dataclass(frozen=True)
class Wording:
    """How the pages of one language name equations, figures, sections and exercises."""

    mentions: tuple[re.Pattern[str], ...]  # each names one thing: groups kind, number
    caption: re.Pattern[str]  # the start of a numbered figure's caption: group number
    exercise: re.Pattern[str]  # an exercise's heading or lead ("习题 1：立方"): group number
    kinds: dict[str, str]  # the word as written → EQUATION, FIGURE or SECTION
    names: dict[str, str]  # EQUATION, FIGURE or SECTION → how a reader reads its number
    # Words that state something about computed values (claims.py): comparisons, trends,
    # convergence and divergence, quantifiers over runs or cases, signs.
    claims: re.Pattern[str]

    @cached_property
    def prose_reference(self) -> re.Pattern[str]:
        """Any mention, as one pattern: what the audit of unbound numbers leaves out."""
        return re.compile("|".join(_without_groups(p) for p in self.mentions))

    def mention(self, text: str) -> tuple[str, str] | None:
        """(kind, number) if the whole of ``text`` names an equation, figure or section."""
        for pattern in self.mentions:
            match = pattern.fullmatch(text)
            if match:
                return self.kinds[match["kind"]], match["number"]
        return None

    def named(self, text: str) -> list[tuple[str, str | None, str]]:
        """(as written, kind, number) for each numbered thing ``text`` names, in order.

        A number with two or more dots that no word names (kind None) is a section,
        equation or figure number all the same; an exercise's number ("习题 1.4.2") is not
        a mention: structure.exercises checks it where it leads a paragraph.
        """
        found: list[tuple[int, int, str, str | None, str]] = []
        taken = [m.span() for m in self.exercise.finditer(text)]
        for pattern in self.mentions:
            for match in pattern.finditer(text):
                if not any(s < match.end() and match.start() < e for s, e in taken):
                    taken.append(match.span())
                    kind = self.kinds[match["kind"]]
                    found.append((*match.span(), match.group(0), kind, match["number"]))
        for match in DOTTED.finditer(text):
            if not any(s < match.end() and match.start() < e for s, e in taken):
                found.append((*match.span(), match.group(0), None, match.group(0)))
        return [(written, kind, number) for *_span, written, kind, number in sorted(found)]

    def name(self, kind: str, number: str) -> str:
        return self.names[kind].format(number)


WORDINGS: dict[str, Wording] = {
    "zh_CN": Wording(
        mentions=(
            re.compile(rf"(?P<kind>式|图)\s*（?\s*{_NUMBER}(?:\s*）)?"),
            re.compile(rf"(?:第\s*)?{_SECTION}\s*(?P<kind>节|章)"),
        ),
        caption=re.compile(rf"图\s*{_NUMBER}"),
        exercise=re.compile(r"习题\s*(?P<number>\d+(?:\.\d+)*)(?![\d.])"),
        kinds={"式": EQUATION, "图": FIGURE, "节": SECTION, "章": SECTION},
        names={EQUATION: "式（{}）", FIGURE: "图 {}", SECTION: "第 {} 节"},
        claims=re.compile(
            "|".join(
                (
                    # comparisons
                    r"更[快慢大小多少近远高低短长]",
                    r"[快慢大小多少高低]得多",
                    r"[大小高低多少]了",
                    r"[大小高低]于",
                    r"超过|不到|不足|至少|至多|最[快慢多少大小短长近远]",
                    r"[两三四五六七八九十几]倍|一半",
                    r"相同|一样|一致|相等|不变",
                    # trends
                    r"越来越|越[^，。；、]{1,4}越",
                    r"增大|减小|变大|变小|增加|减少|缩小|放大",
                    r"靠近|接近|远离|逼近|趋[于近向]",
                    # convergence and divergence
                    r"收敛|发散|停在|停下|稳定|溢出|振荡|来回跳",
                    # quantifiers over runs or cases
                    r"总是|始终|永远|从不|从来|所有|任何|每一[步个次]|一直|只有|唯一|无穷多",
                    # signs
                    r"正的|负的|为正|为负|[太偏][低高大小]",
                )
            )
        ),
    ),
    "en": Wording(
        mentions=(
            re.compile(rf"(?P<kind>[Ee]quation|[Ff]igure)\s*\(?\s*{_NUMBER}(?:\s*\))?"),
            re.compile(rf"\b(?P<kind>[Ss]ection|[Cc]hapter)s?\s+{_SECTION}"),
        ),
        caption=re.compile(rf"Figure\s*{_NUMBER}"),
        exercise=re.compile(r"Exercise\s+(?P<number>\d+(?:\.\d+)*)(?![\d.])"),
        kinds={
            **dict.fromkeys(("equation", "Equation"), EQUATION),
            **dict.fromkeys(("figure", "Figure"), FIGURE),
            **dict.fromkeys(("section", "Section", "chapter", "Chapter"), SECTION),
        },
        names={EQUATION: "equation ({})", FIGURE: "Figure {}", SECTION: "Section {}"},
        claims=re.compile(
            r"(?i)\b(?:"
            + "|".join(
                (
                    r"faster|slower|larger|smaller|greater|bigger|higher|lower|less than",
                    r"more (?:than|steps)|fewer|twice|half as|unchanged",
                    r"fastest|slowest|largest|smallest|shortest|closest|at least|at most",
                    r"grows?|growing|shrinks?|shrinking|increas\w*|decreas\w*",
                    r"closer|approach(?:es|ing)|away|further|farther",
                    r"converg\w*|diverg\w*|settles?|stops?|overflows?|oscillat\w*",
                    r"always|never|every|infinitely many|unique",
                    r"positive|negative|too (?:low|high|large|small|big)",
                )
            )
            + r")\b"
        ),
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


def compiled_catalogues(language: str, folder: Path) -> Path:
    """The locale folder holding ``language``'s catalogue as ``.mo``, compiled under ``folder``.

    Written only when the ``.po`` is newer than the ``.mo``, so a build that changes nothing
    rewrites nothing.
    """
    target = folder / "numbercheck-locale"
    for po in (LOCALE / language / "LC_MESSAGES").glob("*.po"):
        mo = target / language / "LC_MESSAGES" / f"{po.stem}.mo"
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as source:
            catalog = read_po(source, locale=language)
        with mo.open("wb") as output:
            write_mo(output, catalog)
    return target


def register(app: Sphinx) -> None:
    """Check the build's language and load its catalog (English needs none: the ids are).

    Sphinx keeps one translator per catalog for the whole process, and loading a catalog
    again only adds fallbacks to the first: an English build after a Chinese one in the
    same process would speak Chinese. The catalog is therefore dropped before it is loaded.
    """
    wording(app.config.language)
    folder = compiled_catalogues(app.config.language, Path(app.doctreedir))
    locale.translators.pop(("general", CATALOG), None)
    app.add_message_catalog(CATALOG, str(folder))
