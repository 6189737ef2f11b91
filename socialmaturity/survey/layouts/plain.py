"""Plain CSV: one header row of any headings, e.g. a consultant's own spreadsheet.

Also home of the few helpers the tool layouts share, since every layout is at heart a
plain table with some knowledge of its tool added.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from ...i18n import N_
from ..table import Column, ColumnKind, Layout, header_cells, header_width, normalise_text

NAME = "csv"
EXPECTED = N_("one header row")

Headings = Mapping[str, Sequence[str]]
"""One field's headings per language of the tool's interface: {'en': (...), 'fr': (...)}.

The layouts keep their tool's headings in these tables, so that a language is added in
one place; SOURCES.md in tests/data/exports/real/ says where each heading was seen.
"""


def heading_keys(*tables: Headings) -> frozenset[str]:
    """The `normalise_text` keys of every heading in every language of `tables`."""
    return frozenset(
        normalise_text(heading) for table in tables for names in table.values() for heading in names
    )


def ordered_keys(table: Headings) -> tuple[str, ...]:
    """The keys of `table` in the order written, languages after each other, no repeats."""
    return tuple(dict.fromkeys(normalise_text(h) for names in table.values() for h in names))


# The headings of a consultant's own spreadsheet, ours to choose. In order of
# preference: a real id beats an e-mail address.
ID_HEADINGS = ordered_keys(
    {
        "en": (
            "respondent id",
            "respondent_id",
            "respondentid",
            "respondent",
            "response id",
            "response_id",
            "responseid",
            "id",
            "email",
            "e-mail",
            "email address",
            "e-mail address",
        ),
        "fr": ("id du répondant", "répondant", "identifiant", "courriel", "adresse e-mail"),
    }
)
META_HEADINGS = frozenset(ID_HEADINGS) | heading_keys(
    {
        "en": (
            "timestamp",
            "date",
            "datetime",
            "time",
            "start time",
            "end time",
            "start date",
            "end date",
            "started",
            "submitted",
            "submitted at",
            "submit date",
            "completed",
            "ip",
            "ip address",
            "duration",
            "user agent",
            "name",
        ),
        "fr": (
            "horodateur",
            "heure",
            "date de début",
            "date de fin",
            "heure de début",
            "heure de fin",
            "adresse ip",
            "durée",
            "nom",
        ),
    }
)

_BRACKETED = re.compile(r"^(.*?\S)\s*\[([^\[\]]*)\]\s*$", re.DOTALL)


def split_bracketed(heading: str) -> tuple[str, str | None]:
    """`Question [Row]` as ('Question', 'Row'): Google Forms grids, LimeSurvey full headings."""
    match = _BRACKETED.match(heading)
    if match and match.group(2).strip():
        return match.group(1).strip(), match.group(2).strip()
    return heading, None


def column(
    index: int,
    heading: str,
    kind: ColumnKind = "answer",
    *,
    code: str | None = None,
    question: str | None = None,
    statement: str | None = None,
) -> Column:
    """A Column whose question is the heading unless told otherwise."""
    return Column(index, code, heading, heading if question is None else question, statement, kind)


def first_index(keys: Sequence[str], wanted: Collection[str]) -> int | None:
    """Position of the first key in `wanted`, in the order of `wanted` when it is a sequence."""
    if isinstance(wanted, Sequence) and not isinstance(wanted, str):
        for name in wanted:
            if name in keys:
                return keys.index(name)
        return None
    return next((i for i, key in enumerate(keys) if key in wanted), None)


def headings(records: Sequence[Sequence[str]], rows: int = 1) -> list[list[str]]:
    """The first `rows` header rows, trimmed to the header's width, headings stripped."""
    header = list(records[:rows])
    width = header_width(header)
    return [header_cells(row, width) for row in header]


def fit(records: Sequence[Sequence[str]]) -> Layout:
    """Any table fits: one header row, obvious id/timestamp/e-mail columns as metadata."""
    (header,) = headings(records)
    keys = [normalise_text(heading) for heading in header]
    columns = []
    for index, heading in enumerate(header):
        if keys[index] in META_HEADINGS:
            columns.append(column(index, heading, "meta"))
        else:
            question, statement = split_bracketed(heading)
            columns.append(column(index, heading, question=question, statement=statement))
    return Layout(
        source=NAME,
        header_rows=1,
        columns=tuple(columns),
        respondent_index=first_index(keys, ID_HEADINGS),
    )
