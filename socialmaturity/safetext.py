"""Untrusted text made safe to show: the one place that decides which characters are unsafe.

An organisation name, a note, a survey cell or a file name can carry escape sequences
that recolour, retitle or rewrite a terminal, bidi overrides and zero-width characters
that make a line read differently from what it is, or line separators that split it.
Every text from a file, an export, an argument or a person goes through one of these
policies before a terminal or a generated file shows it:

- `visible`: for messages. Each unsafe character is shown as an escape (`\\x1b`,
  `\\u202e`), so the message still says what it quotes; tabs and newlines stay.
- `visible(..., one_line=True)`: for a heading or a cell quoted inside one line: tabs,
  carriage returns and newlines are escaped too.
- `comment`: for a text in a one-line comment of a generated file: white space folded
  to single spaces, then every unsafe character escaped.
- `stripped`: for the interview's screens, where the question texts are shown as
  text to read: unsafe characters are dropped and tabs become spaces.
- `json_escaped`: for a double-quoted YAML or JSON scalar: unsafe characters as `\\u` escapes (`\\u202e`).
"""

from __future__ import annotations

import json
import re
from typing import Final

# C0 controls except tab and newline, DEL, C1 controls, zero-width spaces and marks,
# the line and paragraph separators, the bidi embeddings, overrides and isolates, the
# byte-order mark and the two non-characters YAML refuses.
_SET: Final = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ufeff\ufffe\uffff"
)
UNSAFE: Final = re.compile(f"[{_SET}]")
UNSAFE_ONE_LINE: Final = re.compile(f"[\t\n{_SET}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, one_line: bool = False) -> str:
    """`text` with every unsafe character shown as an escape (\\x1b, \\u202e).

    Tabs and newlines stay, unless `one_line`: then they are escaped too, so that a
    quoted heading or cell cannot break a one-line message apart.
    """
    return (UNSAFE_ONE_LINE if one_line else UNSAFE).sub(_escape, text)


_FOLDED = re.compile(r"[^\S\u00a0\u202f]+")
"""White space to fold into one space; French typography's no-break spaces stay."""


def comment(text: str) -> str:
    """A text for a one-line comment: white space folded (the no-break spaces of French
    typography kept), unsafe characters escaped."""
    return UNSAFE.sub(_escape, _FOLDED.sub(" ", text).strip(" "))


def stripped(text: str) -> str:
    """A text to read on a screen: unsafe characters dropped, tabs as spaces."""
    return UNSAFE.sub("", text.replace("\t", " "))


def has_unsafe(text: str) -> bool:
    """Whether `text` holds a character that could act on a terminal."""
    return UNSAFE.search(text) is not None


def json_escaped(text: str) -> str:
    """`text` as a double-quoted JSON (and YAML) scalar, unsafe characters as \\u escapes."""
    return UNSAFE_ONE_LINE.sub(
        lambda found: f"\\u{ord(found.group()):04x}", json.dumps(text, ensure_ascii=False)
    )
