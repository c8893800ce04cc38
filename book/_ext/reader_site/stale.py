"""Remove what an earlier build wrote for a page that no longer exists.

Sphinx writes pages but never deletes them: a page removed from _toc.yml (or renamed) stays
online, found by search engines and old links, until ``jupyter-book clean``. After each
successful HTML build this removes the HTML, source downloads and images that no current
page accounts for.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

# Pages Sphinx and Jupyter Book write that are not documents.
GENERATED_PAGES = {"search", "genindex", "py-modindex", "index"}
OWN_FOLDERS = {"_static"}


def stale_files(
    outdir: Path, docs: set[str], images: set[str], keep: frozenset[str] = frozenset()
) -> list[Path]:
    """Files under ``outdir`` that belong to no page in ``docs`` and no image in ``images``;
    the top-level folders ``keep`` (another edition's site) are not this build's to judge."""
    stale = []
    for path in outdir.rglob("*"):
        if not path.is_file():
            continue
        relative = path.relative_to(outdir)
        top = relative.parts[0]
        if top in OWN_FOLDERS or top in keep:
            continue
        if top == "_images":
            if path.name not in images:
                stale.append(path)
        elif top == "_sources":
            if str(relative.relative_to("_sources").with_suffix("")) not in docs:
                stale.append(path)
        elif path.suffix == ".html":
            docname = str(relative.with_suffix(""))
            if docname not in docs and docname not in GENERATED_PAGES:
                stale.append(path)
    return stale


def remove_stale(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    images = {Path(unique).name for _, unique in app.env.images.values()}
    # The Chinese site holds the English one in its folder "en"; the English one holds none.
    other_root = app.config.reader_site_edition.get("other_root", "").strip("/")
    keep = frozenset({other_root}) - {"", ".."}
    for path in stale_files(outdir, set(app.env.all_docs), images, keep):
        path.unlink()
        logger.info("removed %s: its page no longer exists", path.relative_to(outdir))
