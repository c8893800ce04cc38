"""Headless Chromium and a local web server: what the PDF command, the page-load benchmark
and the browser tests share.

Chromium is Debian's (``apt-get install chromium fonts-noto-cjk``): browser downloads such as
``playwright install`` are not available everywhere this book is built.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# A phone and a desktop (issue 12): every page must read well at both.
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}
# Headless and quiet: no sandbox (CI runs as root), no GPU, and no calls home, which would be
# refused on a machine without internet and would count as external requests.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def launch(playwright):
    """Start Debian's Chromium through Playwright."""
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(
            f"no Chromium at {CHROMIUM}: apt-get install chromium fonts-noto-cjk"
        )
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


# What GitHub Pages (where the book is deployed) sends gzip-compressed.
COMPRESSED = {".html", ".css", ".js", ".svg", ".json", ".txt", ".inv"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _GzipHandler(_QuietHandler):
    """Text files gzip-compressed for a client that accepts it, as a real host sends them."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that closes its page while a file is still being sent (a benchmark's
        cold loads, one after another) is not an error of the site: say nothing."""
        if not isinstance(sys.exception(), ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(folder: Path, compress: bool = False) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 at a free port; yield the base URL.

    ``compress=True`` gzips text files, as the deployed site's host does.
    """
    handler_class = _GzipHandler if compress else _QuietHandler
    handler = functools.partial(handler_class, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
