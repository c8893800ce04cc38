r"""The one bracket-aware reading of a formula's TeX: tokens, and splits outside brackets.

A formula is split into statements at separators (``\\``, ``&``, ``,`` …) and a statement into
sides at relations (``=``, ``\approx`` …); a side is split into a tuple's components at its
commas. All three cut only outside ``{}`` and ``()``, and all three use :func:`split` here.
"""

from __future__ import annotations

import re
from collections.abc import Container

TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[^\\]")
OPENING = "{("
CLOSING = "})"


def split(text: str, stops: Container[str]) -> tuple[list[str], list[str]]:
    """``text`` cut at each token in ``stops`` found outside brackets: the parts (empty ones
    kept) and the stops between them, so ``len(parts) == len(found) + 1``."""
    parts: list[str] = []
    found: list[str] = []
    current: list[str] = []
    depth = 0
    for token in TOKEN.findall(text):
        if token in OPENING:
            depth += 1
        elif token in CLOSING:
            depth -= 1
        if depth == 0 and token in stops:
            parts.append("".join(current))
            found.append(token)
            current = []
        else:
            current.append(token)
    parts.append("".join(current))
    return parts, found


def matching(text: str, start: int) -> int:
    """The index just after the bracket that closes the one at ``text[start]``; ``len(text)``
    when it is never closed."""
    depth = 0
    for match in TOKEN.finditer(text, start):
        token = match.group(0)
        if token in OPENING:
            depth += 1
        elif token in CLOSING:
            depth -= 1
            if depth == 0:
                return match.end()
    return len(text)
