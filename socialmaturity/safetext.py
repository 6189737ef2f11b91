"""Text from files and exports, made safe to print on a terminal.

An organisation name or a survey cell can carry escape sequences that recolour,
retitle or rewrite a terminal, or bidi overrides that make a line read differently
from what it is. Before such text reaches a terminal, those characters are shown as
visible escapes instead.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, and the bidi embeddings,
# overrides and isolates; the one-line form escapes tab and newline too.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, one_line: bool = False) -> str:
    """`text` with every control or bidi character shown as an escape (\\x1b, \\u202e).

    Tabs and newlines stay, unless `one_line`: then they are escaped too, so that a
    quoted heading or cell cannot break a one-line message apart.
    """
    return (_UNSAFE_ONE_LINE if one_line else _UNSAFE).sub(_escape, text)
