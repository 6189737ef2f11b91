"""Languages: pick one, translate the tool's own strings into it, format its numbers.

Model texts (questions, phases, advice) carry their translations in the YAML files.
The tool's own strings are written in English in the code and the templates and
translated through gettext catalogues, one per language, in
`socialmaturity/locale/<language>/LC_MESSAGES/socialmaturity.po` (compiled beside it
to `.mo`). Babel extracts the strings marked with `N_`, `nN_`, `pN_`, `translate` and
`translate_plural`, and `_` in the templates; see "Adding a language" in the README.

The catalogues use their own domain and are never installed globally, so Click's
and Typer's use of gettext's global domain is untouched.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import NamedTuple

LANGUAGES: tuple[str, ...] = ("en", "nl", "fr")
"""The languages the tool itself speaks; English is the source language."""

DOMAIN = "socialmaturity"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

LOCALES: Mapping[str, str] = {"en": "en_GB", "nl": "nl_NL", "fr": "fr_BE"}
"""The locale whose conventions (decimal sign, month names) each language writes in:
the tool's readers are in the Netherlands and Belgium."""


class Plural(NamedTuple):
    """A message with a singular and a plural form, chosen by the value named `number`."""

    singular: str
    plural: str
    number: str = "count"


class Contextual(NamedTuple):
    """A message whose English text means something else elsewhere: the context tells
    the translator which one this is."""

    context: str
    msgid: str


Entry = str | Plural | Contextual
Catalogue = Mapping[str, Entry]
"""Message keys to their English source strings, marked for extraction."""


def N_(msgid: str) -> str:
    """Mark `msgid` for extraction; it is translated where it is shown."""
    return msgid


def nN_(singular: str, plural: str, number: str = "count") -> Plural:
    """Mark a message with plural forms for extraction."""
    return Plural(singular, plural, number)


def pN_(context: str, msgid: str) -> Contextual:
    """Mark a message with a context for extraction."""
    return Contextual(context, msgid)


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of `language`; English, or a language without a
    catalogue, shows the source strings."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if language == "en" or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def translate(language: str, msgid: str, /, **values: object) -> str:
    """`msgid` in `language`, with its `{name}` fields filled in."""
    shown = translations(language).gettext(msgid)
    return shown.format(**values) if values else shown


def translate_plural(
    language: str, singular: str, plural: str, count: int, /, **values: object
) -> str:
    """The singular or plural form for `count` in `language`, fields filled in
    (`{count}` is `count` unless given)."""
    shown = translations(language).ngettext(singular, plural, count)
    return shown.format(**{"count": count, **values})


def message(catalogue: Catalogue, key: str, language: str, /, **values: object) -> str:
    """The catalogue entry `key` in `language`, with its fields filled in."""
    return _shown(catalogue[key], language, values)


class Whole(int):
    """A count a message shows with the reader's digit grouping (200,000 / 200.000)."""


def _filled(value: object, language: str) -> object:
    if isinstance(value, Said):
        return value.in_(language)
    if isinstance(value, Whole):
        return whole(value, language)
    return value


def _shown(entry: Entry, language: str, values: Mapping[str, object]) -> str:
    filled = {name: _filled(value, language) for name, value in values.items()}
    if isinstance(entry, Plural):
        n = _plural_number(filled[entry.number])
        return translate_plural(language, entry.singular, entry.plural, n, **filled)
    if isinstance(entry, Contextual):
        shown = translations(language).pgettext(entry.context, entry.msgid)
        return shown.format(**filled) if filled else shown
    return translate(language, entry, **filled)


class Said(str):
    """A message from the core, not yet in the reader's language.

    It is the English text, so code and tests that treat it as a string see English;
    the command line shows it in the reader's language with `in_`. Values that are
    messages themselves are shown in the same language.
    """

    entry: Entry
    values: Mapping[str, object]

    def __new__(cls, entry: Entry, values: Mapping[str, object]) -> Said:
        self = super().__new__(cls, _shown(entry, "en", values))
        self.entry = entry
        self.values = dict(values)
        return self

    def in_(self, language: str) -> str:
        return _shown(self.entry, language, self.values)

    def __reduce__(self) -> tuple[type[Said], tuple[Entry, Mapping[str, object]]]:
        return (Said, (self.entry, self.values))


def said(entry: Entry, /, **values: object) -> Said:
    """A message the core raises or returns; `entry` is marked with N_, nN_ or pN_."""
    return Said(entry, values)


def message_of(error: BaseException) -> str:
    """An error's message: the tool's own (a `Said`) when it raised one, else its text."""
    first = error.args[0] if error.args else None
    return first if isinstance(first, Said) else str(error)


def shown_in(text: str, language: str) -> str:
    """`text` in `language` when it is a message of the tool's, else as it is."""
    return text.in_(language) if isinstance(text, Said) else text


def _plural_number(value: object) -> int:
    """The number that chooses a plural form; a fraction takes the plural (1.5 steps)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else 2
    digits = "".join(str(value).split()).replace("\u202f", "").replace("\xa0", "")
    digits = digits.replace(",", ".") if "." not in digits else digits.replace(",", "")
    try:
        return _plural_number(float(digits))
    except ValueError:
        return 2


def pick_language(*candidates: str | None, available: Sequence[str]) -> str:
    """The first candidate that is available, else the first available language."""
    for candidate in candidates:
        if candidate and candidate in available:
            return candidate
    return available[0]


def environment_language(variables: Mapping[str, str]) -> str | None:
    """The language the user's environment asks for, read as gettext reads it: the
    first of `LANGUAGE` (a colon-separated list), `LC_ALL`, `LC_MESSAGES` and `LANG`
    that is set, reduced to a language the tool speaks; None when none is."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = variables.get(name)
        if not value:
            continue
        for item in value.split(":"):
            code = item.split(".")[0].split("@")[0].split("_")[0].lower()
            if code in LANGUAGES:
                return code
        if name != "LANGUAGE":
            # gettext stops at the first of these that is set
            return None
    return None


def text(value: Mapping[str, str] | None, language: str) -> str:
    """A model text in `language`, falling back to its first language."""
    if not value:
        return ""
    if language in value:
        return value[language]
    return next(iter(value.values()))


COLONS: Mapping[str, str] = {"fr": "\u00a0:"}
"""How a label is joined to what follows: French sets a no-break space before the colon."""


def colon(language: str) -> str:
    """The colon after a label, as `language` writes it: "Answer:", "Réponse :"."""
    return COLONS.get(language, ":")


def locale_of(language: str) -> str:
    return LOCALES.get(language, language)


def number(value: float | None, language: str, digits: int = 1) -> str:
    """A number as the reader writes it: 75.5 in English, 75,5 in Dutch and French;
    a dash for none."""
    if value is None:
        return "–"
    from babel.numbers import get_decimal_symbol

    # rounded as Python rounds (as the JSON and the scoring core do); written the locale's way
    shown = f"{value:.{digits}f}"
    return shown.replace(".", get_decimal_symbol(locale_of(language)))


def whole(value: int, language: str) -> str:
    """A count with the reader's digit grouping: 12,500 / 12.500 / 12 500."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, format="#,##0", locale=locale_of(language)))


def percent(share: float, language: str) -> str:
    """A share as a whole percentage as the reader writes it: 75%, 75%, 75 %; the digits
    rounded as the rest of the tool rounds them, the sign set the locale's way."""
    from babel.numbers import format_percent

    return str(format_percent(0, locale=locale_of(language))).replace("0", f"{100 * share:.0f}", 1)


def long_date(day: date, language: str) -> str:
    """2 December 2026, 2 december 2026, 2 décembre 2026."""
    from babel.dates import format_date

    return str(format_date(day, format="d MMMM y", locale=locale_of(language)))


def month_year(day: date, language: str) -> str:
    """December 2026, december 2026, décembre 2026."""
    from babel.dates import format_date

    return str(format_date(day, format="LLLL y", locale=locale_of(language)))
