r"""How a published value is named to readers: its symbol, and its value in readable digits.

A page publishes values under names for code (``delta_X``, ``dE_dX``, ``x0``); a reader knows
them by the chapter's symbols (ΔX, dE/dX, x₀). One function, ``tex_of``, says which symbol a
name stands for, and both places that name values to readers use it: the tip of a bound
number (nodes.py) and the report page (report.py). Its sources, in order: the symbol the
page's front matter declares for the name (``numbercheck: symbols:``, which the equation
check already reads), then the name itself when it is written like a symbol (``y_k``,
``g_X``, ``x0``, ``delta_X``, ``dE_dX``, ``X_star``). Any other name (``guess_1``,
``steps``) is a word of the code that computed the value, and is shown as such. The
report page also typesets the symbols the check's messages name (``tex_of_shown``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

_LETTER = r"[A-Za-z]"
# Names written like symbols, and the TeX each stands for.
_NAMED = (
    (re.compile(rf"(?P<x>{_LETTER})"), r"\g<x>"),
    (re.compile(rf"(?P<x>{_LETTER})(?P<i>\d+)"), r"\g<x>_{\g<i>}"),
    (re.compile(rf"(?P<x>{_LETTER})_(?P<i>[A-Za-z0-9])"), r"\g<x>_{\g<i>}"),
    (re.compile(rf"(?P<x>{_LETTER})_star"), r"\g<x>^{*}"),
    (re.compile(rf"d(?P<y>{_LETTER})_d(?P<x>{_LETTER}\w*)"), r"\\frac{d\g<y>}{d\g<x>}"),
)
_DELTA = re.compile(r"delta_(?P<rest>.+)")
# TeX commands the symbols use, as text.
_COMMANDS = {
    "Delta": "Δ",
    "delta": "δ",
    "eta": "η",
    "partial": "∂",
    "alpha": "α",
    "beta": "β",
    "lambda": "λ",
    "sigma": "σ",
    "theta": "θ",
}
_GREEK_COMMANDS = {text: command for command, text in _COMMANDS.items()}
_RATIO = re.compile(r"\A(?P<top>[^/\s]+)/(?P<bottom>[^/\s]+)\Z")
_STARRED = re.compile(r"(?P<base>\S)\*\Z")
_FRAC = re.compile(r"\\frac\{(?P<top>[^{}]*)\}\{(?P<bottom>[^{}]*)\}")
_SCRIPT = re.compile(r"(?P<kind>[_^])(?:\{(?P<group>[^{}]*)\}|(?P<one>\\?[A-Za-z0-9*]))")
_COMMAND = re.compile(r"\\(?P<name>[A-Za-z]+)\s*")
_SCRIPT_TAGS = {"_": "sub", "^": "sup"}


def tex_of(name: str, declared: Mapping[str, str] | None = None) -> str | None:
    """The TeX symbol a published name stands for, or None when the name is a word.

    ``declared`` maps symbols to names, as a page's front matter does; its symbol wins.
    """
    for symbol, named in (declared or {}).items():
        if named == name:
            return symbol
    delta = _DELTA.fullmatch(name)
    if delta:
        rest = tex_of(delta["rest"])
        return None if rest is None else rf"\Delta {rest}"
    for pattern, tex in _NAMED:
        match = pattern.fullmatch(name)
        if match:
            return match.expand(tex)
    return None


def html_of(tex: str) -> str:
    r"""A simple symbol's TeX as HTML text (``\Delta X`` → ΔX, ``y_k`` → y<sub>k</sub>,
    ``\frac{dE}{dX}`` → dE/dX), for places that show no typeset math, such as a tip."""

    def script(match: re.Match) -> str:
        tag = _SCRIPT_TAGS[match["kind"]]
        return f"<{tag}>{match['group'] if match['group'] is not None else match['one']}</{tag}>"

    text = html.escape(tex, quote=False)
    text = _FRAC.sub(r"\g<top>/\g<bottom>", text)
    text = _SCRIPT.sub(script, text)
    return _COMMAND.sub(lambda m: _COMMANDS.get(m["name"], m["name"]), text).replace(" ", "")


def tex_of_shown(shown: str) -> str:
    """A symbol as the check's own messages write it (``ΔE``, ``dL/dw_1``, ``X*``, ``η``), as
    TeX, for the report page to typeset instead of showing code-like names."""
    tex = _RATIO.sub(r"\\frac{\g<top>}{\g<bottom>}", shown)
    tex = "".join(f"\\{_GREEK_COMMANDS[c]} " if c in _GREEK_COMMANDS else c for c in tex)
    return _STARRED.sub(r"\g<base>^{*}", tex).strip()


def shown_name(name: str, declared: Mapping[str, str] | None = None) -> str:
    """A published name as HTML for a reader: its symbol, or the code's name in ``<code>``."""
    tex = tex_of(name, declared)
    return html_of(tex) if tex is not None else f"<code>{html.escape(name)}</code>"


SIGNIFICANT = 10  # enough to show what the printed digits dropped, few enough to read
NOISE = 1e-12  # a relative difference below this is the float's rounding, not a digit
_POWER = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def readable(value: float) -> str:
    """A computed value for readers: an integer without ".0", else at most ten significant
    digits, with "…" when more follow, and a power of ten as ×10ⁿ.

    A value that differs from its ten digits by float noise only is shown without "…":
    0.03989999999999982 (4 − 3.9601 in binary floating point) is 0.0399 to ten significant
    digits, and "0.0399…" would promise digits that are only the float's noise.
    """
    if value == int(value) and abs(value) < 10**15:
        return str(int(value))
    shown = f"{value:.{SIGNIFICANT}g}"
    mantissa, _, exponent = shown.partition("e")
    more = "…" if abs(float(shown) - value) > abs(value) * NOISE else ""
    if not exponent:
        return mantissa + more
    return f"{mantissa}{more} × 10{str(int(exponent)).translate(_POWER)}"
