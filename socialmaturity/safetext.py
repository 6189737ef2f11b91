"""Text from files and exports, made safe to print on a terminal.

An organisation name or a survey cell can carry escape sequences that recolour,
retitle or rewrite a terminal, or bidi overrides that make a line read differently
from what it is. Before such text reaches a terminal, those characters are shown as
visible escapes instead.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, and the bidi embeddings,
# overrides and isolates.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control or bidi character shown as an escape (\\x1b, \\u202e)."""
    return _UNSAFE.sub(_escape, text)
