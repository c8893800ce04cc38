"""Message catalogues the book's extensions carry as ``.po`` text, compiled when a build starts.

reader_site keeps its readers' strings in a ``locale`` folder of ``.po`` files (reviewable
text). gettext reads only compiled ``.mo`` files, which are not kept in the repository: the
extension compiles its folder here, once, at setup. (numbercheck, an installed package,
compiles its own catalogue into the build's doctree folder.)
"""

from __future__ import annotations

from pathlib import Path

from sphinx.util.i18n import CatalogInfo


def compile_catalogues(locale: Path, language: str) -> None:
    """Write each ``.po`` under ``locale`` for ``language`` as its ``.mo`` (when newer)."""
    folder = locale / language / "LC_MESSAGES"
    for po in folder.glob("*.po"):
        catalog = CatalogInfo(str(folder), po.stem, "utf-8")
        if catalog.is_outdated():
            catalog.write_mo(language)
