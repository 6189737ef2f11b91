"""The streams a command talks to, replaceable in tests (like httpie's Environment)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import IO, Any


@dataclass
class Environment:
    stdin: IO[str] = field(default_factory=lambda: sys.stdin)
    stdout: IO[str] = field(default_factory=lambda: sys.stdout)
    stderr: IO[str] = field(default_factory=lambda: sys.stderr)

    @property
    def stdin_isatty(self) -> bool:
        return _isatty(self.stdin)

    @property
    def stdout_isatty(self) -> bool:
        return _isatty(self.stdout)

    @property
    def stderr_isatty(self) -> bool:
        return _isatty(self.stderr)

    def console(self, *, stderr: bool = False) -> Any:
        """A rich console on stdout (data) or stderr (messages); plain when not a terminal."""
        from rich.console import Console

        stream = self.stderr if stderr else self.stdout
        tty = _isatty(stream)
        return Console(
            file=stream,
            force_terminal=tty,
            no_color=not tty or "NO_COLOR" in os.environ,
            highlight=False,
            emoji=False,
            width=None if tty else 100,
        )


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


environment = Environment()
"""The process's environment; tests swap the streams."""
