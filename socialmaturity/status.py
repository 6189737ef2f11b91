"""Exit codes, in one place."""

from __future__ import annotations

import signal
from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    BAD_INPUT = 1  # a file, an answer or an export that cannot be used
    USAGE = 2  # the command line itself is wrong
    HANGUP = 128 + signal.SIGHUP  # the terminal was closed; what was entered has been saved
    INTERRUPTED = 128 + signal.SIGINT  # Ctrl-C; what was entered has been saved
    TERMINATED = 128 + signal.SIGTERM  # asked to stop (kill, shutdown); saved as well

    @classmethod
    def for_signal(cls, signum: int) -> ExitStatus:
        """The status of a run a signal stopped, as shells report it (128 + the signal)."""
        return cls(128 + signum) if 128 + signum in cls._value2member_map_ else cls.INTERRUPTED
