"""A build's log says only what needs attention (issue 12): no warnings, and none of the
lines a reader of the log would have to learn to ignore."""

from __future__ import annotations

import re

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
# A line in Python logging's format ("# 2026-11-27 12:09:39,388 INFO fontTools.subset …"):
# a library talking to the root logger, which the execution tools set to INFO.
LOGGING_LINE = re.compile(r"^# \d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ [A-Z]+ ")


def test_a_clean_build_logs_no_noise(built):
    log = (built / "_build" / "build.log").read_text(encoding="utf8")
    noisy = [
        line
        for line in log.splitlines()
        if any(noise in line for noise in NOISE) or LOGGING_LINE.match(line)
    ]
    assert noisy == []
