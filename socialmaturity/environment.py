"""Everything a command takes from the world outside its arguments, in one object.

The standard streams and whether they are terminals, colour, the clock and
`SOURCE_DATE_EPOCH` come from an `Environment` passed to `cli.main(argv, env=...)`
(like httpie's `Environment`). Nothing below the command line reads `sys.stdin`,
`os.environ` or the clock itself: tests build their own environment instead of
patching modules.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import IO


def _utc_now() -> dt.datetime:
    return dt.datetime.now(tz=dt.timezone.utc)


@dataclass(frozen=True)
class Environment:
    stdin: IO[str] = field(default_factory=lambda: sys.stdin)
    stdout: IO[str] = field(default_factory=lambda: sys.stdout)
    stderr: IO[str] = field(default_factory=lambda: sys.stderr)
    variables: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    """The process's environment variables (NO_COLOR, SOURCE_DATE_EPOCH, ...)."""
    clock: Callable[[], dt.datetime] = _utc_now
    """The time now, timezone-aware."""

    @property
    def stdin_isatty(self) -> bool:
        return isatty(self.stdin)

    @property
    def stdout_isatty(self) -> bool:
        return isatty(self.stdout)

    @property
    def stderr_isatty(self) -> bool:
        return isatty(self.stderr)

    def read_stdin(self, limit: int) -> bytes:
        """Up to `limit` bytes of standard input, read once, as bytes (so that the loader
        can tell UTF-8 from UTF-16 and a workbook from text)."""
        raw = getattr(self.stdin, "buffer", None)
        if raw is not None:
            data = raw.read(limit)
            return data if isinstance(data, bytes) else bytes(data)
        return self.stdin.read(limit).encode("utf-8")

    @property
    def colour(self) -> bool:
        """Colour is allowed unless NO_COLOR is set (https://no-color.org)."""
        return "NO_COLOR" not in self.variables

    def now(self) -> dt.datetime:
        return self.clock()

    def today(self) -> dt.date:
        """Today's date where the user is."""
        return self.clock().astimezone().date()

    def created_at(self) -> dt.datetime:
        """When a document is made: SOURCE_DATE_EPOCH when set (reproducible builds),
        otherwise now; always UTC, to the second."""
        epoch = self.variables.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch:
            try:
                return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
            except (ValueError, OverflowError, OSError):
                pass
        return self.clock().astimezone(dt.timezone.utc).replace(microsecond=0)


def isatty(stream: IO[str]) -> bool:
    """Whether `stream` is a terminal (False for closed or file-less streams)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
