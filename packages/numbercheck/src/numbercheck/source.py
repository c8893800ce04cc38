"""What the check reads from a page's source file: its front matter and its formulas.

The symbols a page's formulas use are declared in its front matter (``numbercheck: symbols:
…``), and the definitions of other pages it uses are read from those pages' sources
(``numbercheck: definitions: […]``). Before any page is parsed, the formulas of the pages
about to be read are found in their raw sources, so that the worker can parse them while
notebooks execute (the prefetch, ``numbercheck.prefetch_formulas``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from . import identities, relations

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_SOURCE_MATH = re.compile(r"\$\$(.*?)\$\$|\$([^$\n]+)\$", re.DOTALL)
_SOURCE_CODE = re.compile(r"^```.*?^```", re.DOTALL | re.MULTILINE)


def front_matter(text: str) -> dict:
    """The YAML front matter of a page's source, or ``{}`` (a broken one is reported when
    the page itself is read)."""
    front = FRONT_MATTER.match(text)
    try:
        metadata = (yaml.safe_load(front.group(1)) if front else None) or {}
    except yaml.YAMLError:
        return {}
    return metadata if isinstance(metadata, dict) else {}


class PageSymbols(dict):
    """The page's symbol → published-name mapping, and what its formulas defined so far.

    One is made per page read (``page_symbols``); the page's formulas are checked in reading
    order, so ``scope`` holds the definitions and given values in force at each formula.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.scope = identities.Scope()


def page_symbols(metadata: Mapping, folder: Path = Path()) -> PageSymbols:
    """The page's symbol → published-name mapping, from its front matter, with the
    definitions of the pages it names (``numbercheck: definitions: [intro]``, read from
    ``folder``, the page's own folder) in force."""
    section = _section(metadata)
    declared = section.get("symbols") or {}
    symbols = PageSymbols({str(symbol): str(name) for symbol, name in declared.items()})
    for path in imported_pages(metadata, folder):
        for tex in formulas_in_source(path.read_text(encoding="utf8")):
            if identities.DEFINES.search(tex):
                relations.check_formula(tex, {}, {}, symbols.scope)
    return symbols


def imported_pages(metadata: Mapping, folder: Path) -> list[Path]:
    """The pages whose definitions (formulas marked ``% bp: defines``) this page uses: each
    named relative to the page's ``folder``, without its ``.md``."""
    names = _section(metadata).get("definitions") or []
    return [folder / f"{name}.md" for name in ([names] if isinstance(names, str) else names)]


def _section(metadata: Mapping) -> dict:
    section = metadata.get("numbercheck") or {}
    if isinstance(section, str):  # myst-parser keeps a front-matter mapping as JSON text
        section = json.loads(section)
    return section


def formulas_in_source(text: str) -> list[str]:
    """The formulas of a page's MyST source, found before it is parsed (for the prefetch)."""
    return [a or b for a, b in _SOURCE_MATH.findall(_SOURCE_CODE.sub("", text))]
