"""A build's log says only what needs attention (issue 12): no warnings, and none of the
lines a reader of the log would have to learn to ignore."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.build

NOISE = [  # matched with their case: "suppress_warnings=[]" in myst's settings is no warning
    "WARNING",
    "Kernel is running over TCP without encryption",
    "KeyboardInterrupt caught in kernel",
    "will overwrite data",  # a static file shadowing the theme's
    "refix dict",  # jieba's "Building prefix dict…", "Prefix dict has been built…"
    "Loading model cost",
]


def test_a_clean_build_logs_no_noise(built):
    log = (built / "_build" / "build.log").read_text(encoding="utf8")
    noisy = [line for line in log.splitlines() if any(noise in line for noise in NOISE)]
    assert noisy == []
