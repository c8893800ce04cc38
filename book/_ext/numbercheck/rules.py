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


def decimals(printed: str) -> int:
    """How many digits the literal prints after the decimal point."""
    if not LITERAL.fullmatch(printed):
        message = f"{printed!r} is not a plain decimal number like 2, -0.5 or 2.10"
        raise MalformedLiteralError(message)
    return len(printed.partition(".")[2])


def rounded(computed: float, places: int, rule: Rule) -> Decimal:
    """``computed`` at its exact binary value, rounded to ``places`` decimals by ``rule``."""
    return Decimal(computed).quantize(Decimal(1).scaleb(-places), rounding=rule.rounding)


def agrees(printed: str, computed: float, rule: Rule = DEFAULT_RULE) -> bool:
    """Whether the literal is what ``rule`` gives for ``computed`` at the printed precision."""
    return rounded(computed, decimals(printed), rule) == Decimal(printed)


def correctly_rounded(printed: str, computed: float) -> str:
    """What the default rule would print for ``computed`` with the literal's precision."""
    return str(rounded(computed, decimals(printed), DEFAULT_RULE))


# A computed zero is zero up to float64 rounding of the book's arithmetic, e.g. 0.5 - 0.6 + 0.1.
ZERO = 1e-12


def collapses(printed: str, computed: float) -> bool:
    """Whether the literal prints 0 for a value that is not zero (0.0177 printed as 0).

    Such a literal agrees with its value at its precision, yet says nothing about it, and an
    equation around it can then hold for the wrong reason.
    """
    return Decimal(printed) == 0 and abs(computed) > ZERO
