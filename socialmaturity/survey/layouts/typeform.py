"""Typeform, as downloaded from Results > Responses > Download (CSV).

`#` (the response token) first, then one column per question titled with the question
(titles may carry HTML such as `<strong>`), then `Response Type` (completed or partial),
`Start Date (UTC)`, `Stage Date (UTC)`, `Submit Date (UTC)`, `Network ID` and `Tags`.
Older files have no `Response Type`: there an empty submit date marks a partial response.
Typeform writes these headings in English whatever the form's language.
A multi-select gives one column per option, headed by the option label and holding it
when ticked [inferred]; those columns become 'multi' when the first responses show it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...i18n import N_
from ..table import Column, Completion, Layout, normalise_text, reads_cells, strip_markup
from .plain import column, first_index, headings

NAME = "typeform"
EXPECTED = N_("a first column '#' and the columns 'Submit Date (UTC)' or 'Response Type'")

RESPONSE_TYPE = "response type"
SUBMIT_DATE = "submit date (utc)"
META_HEADINGS = frozenset(
    {
        "#",
        RESPONSE_TYPE,
        "start date (utc)",
        "stage date (utc)",
        SUBMIT_DATE,
        "network id",
        "tags",
    }
)


def fit(records: Sequence[Sequence[str]]) -> Layout | None:
    """The Typeform layout when '#' comes first and Typeform's own columns follow."""
    (header,) = headings(records)
    keys = [normalise_text(heading) for heading in header]
    if not header or header[0] != "#" or not {RESPONSE_TYPE, SUBMIT_DATE} & set(keys):
        return None
    columns = [
        column(index, heading, "meta")
        if keys[index] in META_HEADINGS
        else _answer_column(index, heading, keys[index], records[1:])
        for index, heading in enumerate(header)
    ]
    response_type = first_index(keys, (RESPONSE_TYPE,))
    submit_date = first_index(keys, (SUBMIT_DATE,))
    if response_type is not None:
        completion = _marked_partial(response_type)
    else:
        assert submit_date is not None  # fit() required one of the two
        completion = _submitted(submit_date)
    return Layout(
        source=NAME,
        header_rows=1,
        columns=tuple(columns),
        respondent_index=0,
        completion=completion,
    )


def _answer_column(index: int, heading: str, key: str, sample: Sequence[Sequence[str]]) -> Column:
    """A question column, or an option column when its cells only ever repeat its heading."""
    title = strip_markup(heading)
    filled = [
        normalise_text(record[index])
        for record in sample
        if index < len(record) and record[index].strip()
    ]
    if filled and all(value == key for value in filled):
        return column(index, heading, "multi", question=title, statement=title)
    return column(index, heading, question=title)


def _marked_partial(index: int) -> Completion:
    def complete(cells: tuple[str, ...]) -> bool:
        return cells[index].strip().casefold() != "partial"

    return reads_cells(complete, index)


def _submitted(index: int) -> Completion:
    def complete(cells: tuple[str, ...]) -> bool:
        return bool(cells[index].strip())

    return reads_cells(complete, index)
