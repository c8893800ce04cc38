"""How a printed literal is compared with the value computed for it.

Comparison is decimal arithmetic on the printed digits: the computed float is taken at its
exact binary value, rounded to as many decimals as the literal prints, with the rule's
rounding mode, and must then equal the literal exactly. ``round`` (the default) rounds to
nearest with ties to even, as Python's ``round`` and IEEE 754 do; since a computed float is
almost never an exact tie, this is what a reader means by "correctly rounded". The other
rules exist to declare, per number, that the printed text deviates from that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_UP, Decimal

from .language import _

LITERAL = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Rule:
    name: str
    rounding: str
    word: str  # for readers: a word and a sentence, message ids of language.py's catalog
    sentence: str

    @property
    def label(self) -> str:
        """The rule in a word, in the build's language."""
        return _(self.word)

    @property
    def description(self) -> str:
        """The rule in a sentence, in the build's language."""
        return _(self.sentence)


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule(
            "round",
            ROUND_HALF_EVEN,
            "round to nearest",
            "round to nearest (a tie goes to the even digit)",
        ),
        Rule("truncate", ROUND_DOWN, "truncate", "truncate (the extra digits are dropped)"),
        Rule("round-up", ROUND_UP, "round up", "round up (any non-zero extra digit carries one)"),
    )
}
DEFAULT_RULE = RULES["round"]


def describe(name: str) -> str:
    """The sentence for the rule called ``name`` (an unknown rule, reported elsewhere, as is)."""
    return RULES[name].description if name in RULES else name


class MalformedLiteralError(ValueError):
    """The printed text is not a plain decimal number such as 2, -0.5 or 2.10."""


@dataclass(frozen=True)
class Literal:
    """A printed number, parsed: its text, its exact decimal value, its decimal places."""

    text: str
    value: Decimal
    places: int


def parse(printed: str) -> Literal:
    """The literal as printed; raises ``MalformedLiteralError`` for anything else."""
    if not LITERAL.fullmatch(printed):
        message = f"{printed!r} is not a plain decimal number like 2, -0.5 or 2.10"
        raise MalformedLiteralError(message)
    return Literal(printed, Decimal(printed), len(printed.partition(".")[2]))


def decimals(printed: str) -> int:
    """How many digits the literal prints after the decimal point."""
    return parse(printed).places


def rounded(computed: float, places: int, rule: Rule) -> Decimal:
    """``computed`` at its exact binary value, rounded to ``places`` decimals by ``rule``.

    A value that rounds to zero is printed "0", never "-0": a reader takes the sign of a
    printed zero as a claim that the value is negative.
    """
    result = Decimal(computed).quantize(Decimal(1).scaleb(-places), rounding=rule.rounding)
    return result.copy_abs() if result == 0 else result


# A computed zero is zero up to float64 rounding of the book's arithmetic, e.g. 0.5 - 0.6 + 0.1.
ZERO = 1e-12

# What a printed literal is, judged against its computed value under its declared rule.
AGREES = "agrees"  # correctly rounded, no rule declared
DIFFERS = "differs"  # not what its rule gives: a wrong number
COLLAPSES = "collapses"  # prints 0 for a value that is not zero: it says nothing about it
NEEDLESS = "needless"  # declares a rule, yet is also the correctly rounded value
DEVIATES = "deviates"  # what its declared rule gives, not the correctly rounded value


@dataclass(frozen=True)
class Judgement:
    verdict: str  # one of the five above
    expected: Decimal  # what the declared rule gives at the printed precision
    correct: Decimal  # what correct rounding gives at the printed precision

    @property
    def matches(self) -> bool:
        """The literal is what its rule gives (whether or not that is a problem)."""
        return self.verdict != DIFFERS


def judge(printed: str | Literal, computed: float, rule: Rule = DEFAULT_RULE) -> Judgement:
    """Judge a literal once: parsed once, rounded by its rule and by correct rounding.

    A literal printed as 0 for a value that is not zero agrees with it at its precision, yet
    says nothing about it, and an equation around it can then hold for the wrong reason.
    Raises ``MalformedLiteralError`` for text that is not a plain decimal.
    """
    literal = printed if isinstance(printed, Literal) else parse(printed)
    places, value = literal.places, literal.value
    expected = rounded(computed, places, rule)
    correct = expected if rule is DEFAULT_RULE else rounded(computed, places, DEFAULT_RULE)
    if expected != value or (value == 0 and value.is_signed()):
        # "-0.00" says "negative"; no value rounds to a signed zero (Decimal compares -0 == 0).
        verdict = DIFFERS
    elif value == 0 and abs(computed) > ZERO:
        verdict = COLLAPSES
    elif rule is DEFAULT_RULE:
        verdict = AGREES
    else:
        verdict = NEEDLESS if correct == value else DEVIATES
    return Judgement(verdict, expected, correct)


def agrees(printed: str, computed: float, rule: Rule = DEFAULT_RULE) -> bool:
    """Whether the literal is what ``rule`` gives for ``computed`` at the printed precision."""
    return judge(printed, computed, rule).matches


def correctly_rounded(printed: str, computed: float) -> str:
    """What the default rule would print for ``computed`` with the literal's precision."""
    return str(judge(printed, computed).correct)


# What a relation of a formula is found to be (relations.py, identities.py). The report and
# the page's counts read these names, never the strings.
HOLDS = "holds"  # checked: at the printed values, or as an identity (its ``method`` says how)
FAILS = "fails"  # the build fails
UNEVALUATED = "unevaluated"  # neither: its ``reason`` says why
DEFINITION = "definition"  # defines a symbol or gives it a value: no claim to check
RELATION_VERDICTS = (HOLDS, FAILS, UNEVALUATED, DEFINITION)
