"""The numbers a figure shows, read from its SVG file as drawn.

A page tells the check which labels its figure drew (``drawn__<name>``, judges.figure); that
is what the drawing code says it drew. This module reads what the file itself shows: every
``<text>`` element of the SVG (matplotlib keeps text as text, ``svg.fonttype: none``), its
characters joined without the layout's white space, so that mathtext's one ``<tspan>`` per
glyph ("Δ", "=", "0", ".", "0", …) reads "Δ=0.0787" again.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

NUMBER = re.compile(r"-?(?<![\d.])\d+(?:\.\d+)?")


def texts(path: Path) -> list[str]:
    """The text of each ``<text>`` element, in document order."""
    tree = ET.parse(path)
    return [
        re.sub(r"\s+", "", "".join(element.itertext())).replace("\u2212", "-")
        for element in tree.iter()
        if element.tag.rpartition("}")[2] == "text"
    ]


def numbers(path: Path) -> Counter[str]:
    """Each number the figure shows, as printed, counted."""
    return Counter(n for text in texts(path) for n in NUMBER.findall(text))


def differences(path: Path, reported: list[str]) -> tuple[list[str], list[str]]:
    """(shown but not reported, reported but not shown): numbers, as printed."""
    shown = numbers(path)
    said = Counter(n for text in reported for n in NUMBER.findall(text.replace("\u2212", "-")))
    return sorted((shown - said).elements()), sorted((said - shown).elements())
