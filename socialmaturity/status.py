"""Exit codes, in one place."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    BAD_INPUT = 1  # a file, an answer or an export that cannot be used
    USAGE = 2  # the command line itself is wrong
    INTERRUPTED = 130  # Ctrl-C; what was entered has been saved
