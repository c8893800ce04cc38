"""A page's formulas checked at grid point after grid point, each distinct check done once.

At most grid points most of a page's formulas read as they did at an earlier point: the same
text (its literals reprinted at the point), the same definitions and given values in force
before it, the same published values looked up. numbercheck's ``check_formula`` depends on
exactly those and on the page's symbols (the same at every point), and what it changes is the
scope it is given. So a formula met again with the same text, scope and values read has the
same relations, and leaves the scope as it did then. On 1.4's grid (138 points) 85% of the
62,000 formula checks are such repeats.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from numbercheck import identities, relations

_ABSENT = object()  # a value looked up and not published


class _Recorded(Mapping):
    """The point's published values, noting every one that is looked up, found or not."""

    def __init__(self, values: Mapping[str, float]) -> None:
        self._values = values
        self.read: dict[str, Any] = {}

    def __getitem__(self, name: str) -> float:
        self.read[name] = self._values.get(name, _ABSENT)
        return self._values[name]

    def __contains__(self, name: object) -> bool:
        self.read[name] = self._values.get(name, _ABSENT)
        return name in self._values

    def __iter__(self) -> Iterator[str]:
        self.read.update(self._values)  # read as a whole: every value counts
        return iter(self._values)

    def __len__(self) -> int:
        self.read.update(self._values)
        return len(self._values)


def _state(scope: identities.Scope) -> tuple:
    return (
        tuple(scope.definitions.items()),
        tuple(scope.givens.items()),
        tuple((name, tuple(older)) for name, older in scope.earlier.items()),
    )


def _restore(scope: identities.Scope, state: tuple) -> None:
    definitions, givens, earlier = state
    scope.definitions = dict(definitions)
    scope.givens = dict(givens)
    scope.earlier = {name: list(older) for name, older in earlier}


class FormulaChecks:
    """``relations.check_formula``, remembered across the grid points of one page."""

    def __init__(self) -> None:
        self._seen: dict[tuple, list[tuple]] = {}

    def check(
        self,
        tex: str,
        symbols: Mapping[str, str],
        values: Mapping[str, float],
        scope: identities.Scope,
    ) -> list[relations.Relation]:
        key = (tex, _state(scope))
        for read, found, after in self._seen.get(key, ()):
            if all(values.get(name, _ABSENT) == value for name, value in read):
                _restore(scope, after)
                return found
        recorded = _Recorded(values)
        found = relations.check_formula(tex, symbols, recorded, scope)
        self._seen.setdefault(key, []).append((tuple(recorded.read.items()), found, _state(scope)))
        return found
