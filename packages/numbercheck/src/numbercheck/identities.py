r"""Every equals sign, not only those at the page's values: general relations as identities.

relations.py evaluates a relation with the printed numbers and the page's published values.
A relation in free symbols (``y = x^2``, ``\frac{dC}{dB} = \frac{1}{B}``, ``\Delta X = \Delta
A``) has no such value: this module decides what it is, in the order a reader meets it.

Definitions. A formula marked ``% bp: defines`` defines: each relation ``V = …`` in it
defines V, from there to the end of the page or until V is defined again. The page's own
formulas are the definitions (the chain (1.3.5), ``y = x^2`` (1.3.2), the loss (1.4.1)), so
there is one source of truth and a reader sees exactly what is checked; an author marks a
formula once, where the text says "let" or "define". Its relations are listed as
definitions; those with published values are still evaluated at them.

Given values. ``X = 2``, ``\eta = 0.05``, ``\boldsymbol{w} = (0.5, -0.3)``: a symbol and a
number. It gives the symbol a value (an input, a target, a result whose number is checked as
bound): a definition, not a claim. The value stays given until the symbol gets another.

Claims. Any other relation in free symbols is a claim:
- between two general expressions, it must be an identity (symbolic.py): it fails the build
  when it is not, with a counterexample;
- between an expression and numbers (``\frac{dy}{dx} = 3x^2 = 12`` after ``x = 2``), it is
  evaluated at the values the page gave, at the precision of the printed numbers.
A relation ``V = …`` whose V has no definition in force and no published value introduces V
(``g_X = \frac{\partial L}{\partial X}``) or states a condition (``E = Y``): it is listed as
such, with that reason, not checked.

A relation the page already evaluated at its published values keeps that verdict; in a
general formula (``% bp: symbolic``) whose symbols the definitions all explain, it must be an
identity as well, so that a derivative right only at the page's point (``\frac{dB}{dA} =
A+3`` at A = 3) fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from . import readings, rules
from .readings import Reading, UnreadableError
from .symbolic import Job, Outcome

DEFINES = re.compile(r"(?<!\\)%\s*bp:\s*defines")
_INDEX = re.compile(r"_(?:\{i\}|i(?![A-Za-z0-9]))")
_DECIMALS = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass
class Scope:
    """What the page has defined and given so far, in reading order."""

    definitions: dict[str, Reading] = field(default_factory=dict)
    givens: dict[str, Reading] = field(default_factory=dict)
    earlier: dict[str, list[Reading]] = field(default_factory=dict)  # replaced definitions

    def define(self, symbol: str, definition: Reading) -> None:
        """``symbol`` is ``definition`` from here on. A new definition starts a new example:
        the values given to its symbols are gone; the one it replaces is kept as earlier."""
        if symbol in self.definitions:
            self.earlier.setdefault(symbol, []).insert(0, self.definitions[symbol])
        self.definitions[symbol] = definition
        for old in {symbol} | readings.names_in(definition):
            self.givens.pop(old, None)
            self.givens.pop("Δ" + old, None)

    def explains(self, symbol: str) -> bool:
        """Whether the definitions say what ``symbol`` is: defined, one of the symbols they
        come down to (the chain's X), or a Δ of either (a first-order increment)."""
        base = symbol.removeprefix("Δ")
        if base in self.definitions:
            return True
        return any(base in readings.names_in(r) for r in self.definitions.values())


@dataclass(frozen=True)
class Formula:
    """What a formula's comments say about all its relations."""

    defines: bool  # % bp: defines
    general: bool  # % bp: symbolic


@dataclass(frozen=True)
class Plan:
    """What to do with one relation: a verdict now, or jobs for the worker."""

    verdict: str = ""  # set when no job is needed
    reason: str = ""
    method: str = ""
    jobs: tuple[Job, ...] = ()
    strict: bool = True  # a failing job fails the relation even where its symbols are unknown


def formula(tex: str) -> Formula:
    from .markup import SYMBOLIC

    return Formula(bool(DEFINES.search(tex)), bool(SYMBOLIC.search(tex)))


def plan(
    left: str, operator: str, right: str, valued: tuple[bool, bool], kind: Formula, scope: Scope
) -> Plan:
    """What ``left operator right`` is, and the scope after it (updated in place).

    ``valued``: whether relations.py has a value for each side. With both, its verdict
    stands unless an identity check contradicts it; with one, the relation mixes published
    values and free symbols, and only an identity in symbols the definitions explain is sure
    enough to fail it.
    """
    evaluable, mixed = all(valued), any(valued) and not all(valued)
    named = readings.is_name(left) and operator in ("=", "≈")
    symbol = readings.name(left) if named else ""
    if named and operator == "=" and r"\pm" in right and not kind.defines:
        return Plan(
            rules.DEFINITION,
            f"gives {readings.shown(symbol)} two values (±): the solutions it names, whose "
            "printed numbers are checked as bound",
        )
    if kind.defines and not (named and operator == "="):
        return Plan(rules.DEFINITION, "part of a definition (% bp: defines)")
    try:
        read_left, read_right = readings.read(left), readings.read(right)
    except UnreadableError as why:
        return Plan(rules.UNEVALUATED, reason=str(why))
    if kind.defines:
        scope.define(symbol, read_right)
        return Plan(rules.DEFINITION, f"defines {readings.shown(symbol)} (% bp: defines)")
    constant_left = readings.is_constant(read_left)
    constant_right = readings.is_constant(read_right)
    if named and constant_right:
        scope.givens[symbol] = read_right
        if evaluable:
            return Plan()
        return Plan(
            rules.DEFINITION,
            f"gives {readings.shown(symbol)} a value: an input, a target or a result (a "
            "printed number in it is checked as bound)",
        )
    inequality = operator in ("<", ">", "≤", "≥")
    if inequality and readings.is_name(left) and constant_right and not valued[0]:
        return Plan(
            rules.DEFINITION,
            f"states a condition on {readings.shown(readings.name(left))} (a range of values), "
            "not a claim about one value",
        )
    if evaluable:
        if kind.general and operator == "=" and not (constant_left or constant_right):
            jobs = _jobs("identity", operator, left, right, read_left, read_right, scope)
            return Plan(jobs=jobs, strict=False)
        return Plan()
    if named and symbol not in scope.definitions and not _increment(symbol, scope):
        return Plan(
            rules.DEFINITION,
            f"introduces {readings.shown(symbol)} or states a condition on it: it has no "
            "definition in force and no published value, so there is nothing to check",
        )
    if mixed and not (constant_left or constant_right):
        jobs = _jobs("identity", operator, left, right, read_left, read_right, scope)
        return Plan(jobs=jobs, strict=False)
    if constant_left or constant_right:
        tolerance = _tolerance(right if constant_right else left)
        jobs = _jobs("point", operator, left, right, read_left, read_right, scope, tolerance)
        return Plan(jobs=jobs)
    return Plan(jobs=_jobs("identity", operator, left, right, read_left, read_right, scope))


def _increment(symbol: str, scope: Scope) -> bool:
    r"""``\Delta X`` of a symbol the definitions explain: a claim about increments."""
    return symbol.startswith("Δ") and scope.explains(symbol)


def _jobs(kind, operator, left, right, read_left, read_right, scope, tolerance="0"):
    definitions = tuple(scope.definitions.items())
    earlier = tuple((name, tuple(older)) for name, older in scope.earlier.items())
    givens = tuple(scope.givens.items()) if kind == "point" else ()
    if not (_INDEX.search(left) or _INDEX.search(right)):
        job = Job(kind, operator, read_left, read_right, definitions, givens, tolerance, earlier)
        return (job,)
    # w_i, x_i: the relation for each element
    jobs = []
    for index in range(1, 3):
        try:
            one = [readings.read(_INDEX.sub(f"_{index}", side)) for side in (left, right)]
        except UnreadableError:
            return ()
        jobs.append(Job(kind, operator, *one, definitions, givens, tolerance, earlier))
    return tuple(jobs)


def _tolerance(constant: str) -> str:
    """Half a unit in the last printed place of the coarsest number on the numbers' side."""
    places = [len(n.partition(".")[2]) for n in _DECIMALS.findall(constant)] or [0]
    return str(Decimal(5).scaleb(-min(places) - 1))


def conclude(relation, plan_: Plan, outcomes: list[Outcome]):
    """The relation with the plan's verdict, or with its jobs' outcomes."""
    if plan_.verdict:
        return replace(relation, verdict=plan_.verdict, reason=plan_.reason, method=plan_.method)
    if not plan_.jobs:
        return relation
    failed = next((o for o in outcomes if o.verdict == rules.FAILS), None)
    unevaluated = next((o for o in outcomes if o.verdict == rules.UNEVALUATED), None)
    if not plan_.strict:  # values take part: only a sure failure counts
        if failed is not None and failed.known and relation.verdict != rules.FAILS:
            held = "holds at the printed values, but is " if relation.verdict == rules.HOLDS else ""
            return replace(
                relation, verdict=rules.FAILS, method=failed.method, reason=held + failed.reason
            )
        if failed is None and unevaluated is None:
            method = outcomes[0].method
            if relation.verdict == rules.HOLDS:
                return replace(relation, method="at the printed values, and as an " + method)
            if relation.verdict == rules.UNEVALUATED:
                return replace(relation, verdict=rules.HOLDS, reason="", method=method)
        return relation
    if failed is not None:
        return replace(
            relation,
            verdict=rules.FAILS,
            method=failed.method,
            reason=failed.reason,
            left=failed.left,
            right=failed.right,
            tolerance=_stated(failed),
        )
    if unevaluated is not None:
        return replace(relation, verdict=rules.UNEVALUATED, reason=unevaluated.reason)
    first = outcomes[0]
    return replace(
        relation,
        verdict=rules.HOLDS,
        method=first.method,
        reason="",
        left=first.left,
        right=first.right,
        tolerance=_stated(first),
    )


def _stated(outcome: Outcome) -> str:
    if outcome.method.startswith("identity"):
        from .symbolic import TOLERANCE

        return f"identity (relative {TOLERANCE} where sampled)"
    return "at the printed precision"
