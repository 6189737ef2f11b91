"""Languages: pick one, and look up the interface's own strings in it.

Model texts (questions, phases) carry their translations in the YAML files. The
tool's own strings live in small catalogues beside the code that shows them, each
a mapping of key -> {language: text}; `tests/test_i18n.py` checks every catalogue
has every language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

LANGUAGES: tuple[str, ...] = ("en", "nl")
"""The languages the tool itself speaks."""

Catalogue = Mapping[str, Mapping[str, str]]


def pick_language(*candidates: str | None, available: Sequence[str]) -> str:
    """The first candidate that is available, else the first available language."""
    for candidate in candidates:
        if candidate and candidate in available:
            return candidate
    return available[0]


def text(value: Mapping[str, str] | None, language: str) -> str:
    """A model text in `language`, falling back to its first language."""
    if not value:
        return ""
    if language in value:
        return value[language]
    return next(iter(value.values()))


def message(catalogue: Catalogue, key: str, language: str, /, **values: object) -> str:
    """A catalogue string in `language`, with `{name}` fields filled in."""
    entry = catalogue[key]
    template = entry.get(language) or entry["en"]
    return template.format(**values) if values else template
