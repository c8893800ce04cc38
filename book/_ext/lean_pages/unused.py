"""What Jupyter Book and the theme put on every page that this book never uses.

- **Thebe.** Jupyter Book always loads sphinx-thebe, which links its script and styles into
  every page, declares its settings twice (a console error), names a CDN, and appends a
  Thebe configuration (``<script type="text/x-thebe-config">``, ``kernelName = …``) to each
  page's body. This book offers Binder, not Thebe, and pages load nothing from outside the
  site: all of it is dropped.
- **Font Awesome's script.** pydata-sphinx-theme's layout loads a 1.5 MB script that turns
  icons into inline SVG "so that users can add custom icons"; its stylesheet already draws
  the icons this book uses from web fonts (cut to those icons, see ``lean_pages``). The
  script's tag is removed from the written pages and the file from the site.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

THEBE = ("sphinx-thebe", "THEBE_JS_URL")  # its script and stylesheet, its settings
THEBE_CONFIG = ("text/x-thebe-config", "kernelName = ")  # what it appends to each page
FONT_AWESOME_SCRIPT = "_static/scripts/fontawesome.js"
FONT_AWESOME_TAG = re.compile(
    r'[ \t]*<script\b[^>]*src="[^"]*'
    + re.escape(FONT_AWESOME_SCRIPT)
    + r'[^"]*"[^>]*>\s*</script>\n?'
)


def _used(asset: Any) -> bool:
    body = getattr(asset, "attributes", {}).get("body", "")
    text = f"{getattr(asset, 'filename', asset)} {body}"
    return not any(marker in text for marker in THEBE)


def drop_thebe_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if _used(asset)]


def drop_thebe_config(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Remove the raw HTML that sphinx-thebe appends to each page (at doctree-resolved)."""
    for raw in list(doctree.findall(nodes.raw)):
        if any(marker in raw.astext() for marker in THEBE_CONFIG):
            raw.parent.remove(raw)


def without_font_awesome_script(html: str) -> str:
    return FONT_AWESOME_TAG.sub("", html)


def drop_font_awesome_files(outdir: Path) -> None:
    """The site does not carry Font Awesome's script (nor its licence and source map)."""
    script = outdir / FONT_AWESOME_SCRIPT
    for file in script.parent.glob(script.name + "*"):
        file.unlink()
