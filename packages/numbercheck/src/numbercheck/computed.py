"""Where computed values come from: myst-nb glue, and the code that produced them.

A page's code cells publish values with ``glue(name, float(value), display=False)``; myst-nb
writes them to ``<build>/jupyter_execute/<doc>.glue.json`` while the page is parsed, which
is before our check runs. myst-nb rewrites that file only when the page glues something, so
the file alone may hold an earlier build's values. What this read published is what myst-nb
recorded in the environment for the page during this read (its execution data and the glued
names; both are purged before a page is re-read): only those names are taken from the file.

Jupyter Book caches executed notebooks keyed on their cell sources only, so after an edit
to ``bp`` it would serve outputs that the new ``bp`` no longer computes. ``invalidate_stale_cache``
fingerprints the watched packages' source files and clears the execution cache when the
fingerprint changes; the fingerprint is also a config value, so Sphinx re-reads every page.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)
STAMP = "numbercheck-source-digest.txt"
_FLOAT_REPR = re.compile(r"(?:np\.float64\()?(?P<value>[-+\w.]+)\)?")


class UnreadableValueError(ValueError):
    """A glued value is not a number the check can compare."""


def published_values(env: BuildEnvironment, docname: str) -> dict[str, str]:
    """The ``text/plain`` of every value that this build's execution of ``docname`` published.

    Empty when the page was not executed (nor served from the execution cache) in this read,
    or glued nothing: then every binding on it is an unknown name, never a stale value.
    """
    metadata = getattr(env, "nb_metadata", {}).get(docname, {})
    names = metadata.get("glue") or []
    if not metadata.get("exec_data") or not names:
        return {}
    folder = env.mystnb_config.output_folder
    path = Path(folder, *docname.split("/")[:-1], docname.split("/")[-1] + ".glue.json")
    data = json.loads(path.read_text(encoding="utf8"))
    return {name: data[name]["data"].get("text/plain", "") for name in names if name in data}


def why_none_published(env: BuildEnvironment, docname: str) -> str:
    """Why a page has no published values, for the "unknown name" message."""
    metadata = getattr(env, "nb_metadata", {}).get(docname, {})
    if not metadata.get("exec_data"):
        return "none: the page was not executed in this build"
    return "none: the page's cells published no values in this build"


def as_float(text: str) -> float:
    """Parse a glued ``repr`` (``0.0787…`` or numpy 2's ``np.float64(0.0787…)``)."""
    match = _FLOAT_REPR.fullmatch(text.strip())
    try:
        return float(match["value"]) if match else float(text)
    except ValueError as error:
        message = f"glued value {text!r} is not a number; glue float(value)"
        raise UnreadableValueError(message) from error


def _digest_of(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def source_digest(packages: list[str]) -> str:
    """SHA-256 over the Python sources of ``packages``, found without importing them."""
    digest = hashlib.sha256()
    for name in packages:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            raise ValueError(f"numbercheck_watch_packages: package {name!r} is not importable")
        for root in spec.submodule_search_locations:
            for path in sorted(Path(root).rglob("*.py")):
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def invalidate_stale_cache(app: Sphinx, config: Config) -> None:
    """Clear the execution cache when the watched packages' sources, or the watched files (a
    helper module the pages import, not a package), have changed.

    The check's own sources and its readers' strings (the ``.po`` catalogs) are fingerprinted
    too, as a config value only: a change to the check re-reads every page (so it is applied
    everywhere) without re-executing any.
    """
    here = Path(__file__).parent
    check_files = sorted(here.glob("*.py")) + sorted(here.glob("locale/*/LC_MESSAGES/*.po"))
    config.numbercheck_check_digest = _digest_of(check_files)
    watched = [Path(app.confdir) / name for name in config.numbercheck_watch_files]
    missing = [str(path) for path in watched if not path.is_file()]
    if missing:
        raise ValueError(f"numbercheck_watch_files: no such file: {', '.join(missing)}")
    digest = source_digest(config.numbercheck_watch_packages) + _digest_of(watched)
    config.numbercheck_source_digest = digest
    cache_path = config.nb_execution_cache_path or str(Path(app.outdir).parent / ".jupyter_cache")
    stamp = Path(cache_path) / STAMP
    if stamp.exists() and stamp.read_text() == digest:
        return
    if Path(cache_path).exists():
        from jupyter_cache import get_cache

        get_cache(cache_path).clear_cache()
        logger.info(
            "numbercheck: %s changed; cleared the execution cache",
            ", ".join([*config.numbercheck_watch_packages, *config.numbercheck_watch_files]),
        )
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)
