"""A build log with nothing a reader of it must learn to ignore.

- jieba (Sphinx's Chinese search) logs three DEBUG lines about its dictionary per build.
- fontTools logs each table it cuts at INFO when ``lean_pages`` cuts the icon fonts, which
  the build's log (its root logger is set to INFO by the execution tools) would print: 156
  lines no reader needs.
- Each notebook's kernel (ipykernel 7) warns "Kernel is running over TCP without encryption"
  and, when the build shuts it down, logs "KeyboardInterrupt caught in kernel". The kernel
  runs on this machine for the length of one page and its results come back as notebook
  outputs (an error in a cell still fails the build, with its traceback), so the build's
  kernels run with a profile of their own (``IPYTHONDIR`` under ``_build``) whose only
  setting is to log critical problems only. Students' kernels are not affected.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

KERNEL_CONFIG = "c.IPKernelApp.log_level = 'CRITICAL'\n"


def quiet_jieba() -> None:
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)


def quiet_font_tools() -> None:
    logging.getLogger("fontTools").setLevel(logging.WARNING)


def quiet_kernels(build_dir: Path) -> None:
    profile = build_dir / "kernel-ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    config = profile / "ipython_kernel_config.py"
    if not config.exists() or config.read_text() != KERNEL_CONFIG:
        config.write_text(KERNEL_CONFIG)
    os.environ["IPYTHONDIR"] = str(profile.parent)


def setup(app: Sphinx) -> dict[str, Any]:
    quiet_jieba()
    quiet_font_tools()
    quiet_kernels(Path(app.outdir).parent)
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
