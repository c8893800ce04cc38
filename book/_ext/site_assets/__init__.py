"""Keep pages to the assets they use.

Jupyter Book always loads sphinx-thebe, which links its script and styles into every page,
declares its settings twice (a console error) and names a CDN URL, although this book does
not offer Thebe (launch buttons go to Binder). Pages should load only what they need, and
nothing from outside the site, so this drops those assets from each page.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

UNUSED = ("sphinx-thebe", "THEBE_JS_URL")


def _used(asset: Any) -> bool:
    text = f"{getattr(asset, 'filename', asset)} {getattr(asset, 'attributes', {}).get('body', '')}"
    return not any(marker in text for marker in UNUSED)


def drop_unused_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if _used(asset)]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", drop_unused_assets, priority=900)
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
