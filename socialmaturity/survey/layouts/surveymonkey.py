"""SurveyMonkey, "all responses data" in the expanded format (CSV or XLSX).

Two header rows. Row 1 holds the metadata names (`Respondent ID`, `Collector ID`,
`Start Date`, …) and each question's text above the first of its columns only; row 2
holds `Response`, `Open-Ended Response`, or the option or statement label of the column.
A multi-select gives one column per option holding the label when ticked; a matrix one
column per statement holding the chosen answer; `Other (please specify)` holds free text.
SurveyMonkey marks no partial responses: they are rows with blank cells.

Files are often tidied before they are passed on: metadata columns deleted (Respondent
ID too), or the file re-saved by pandas, which adds its index as a first column with an
empty heading and writes `Unnamed: 13` over the continuation columns. Such a file is
recognised by its second header row (`Response`, `Open-Ended Response` under the
questions), not by a metadata name; a pandas index is then the only respondent id.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ...i18n import N_
from ..table import Column, Layout, normalise_text
from .plain import column, first_index, headings

NAME = "surveymonkey"
EXPECTED = N_(
    "a first header row with 'Respondent ID' and 'Collector ID', or question texts, over "
    "a second row of 'Response', 'Open-Ended Response' or option labels"
)

RESPONDENT_ID = "respondent id"
META_HEADINGS = frozenset(
    {
        RESPONDENT_ID,
        "collector id",
        "start date",
        "end date",
        "ip address",
        "email address",
        "first name",
        "last name",
    }
)
_CUSTOM_DATA = re.compile(r"custom (?:data|variable) ?\d*")
_WHOLE_ANSWER = frozenset({"response", "open-ended response"})
_OTHER = re.compile(r"other\b.*\b(?:specify|please)|other$")
# What pandas writes over a column without a heading.
_UNNAMED = re.compile(r"Unnamed: \d+")


def _tidied(records: Sequence[Sequence[str]]) -> bool:
    """Row 2 is SurveyMonkey's: mostly `Response` or `Open-Ended Response`, under headings."""
    if len(records) < 2:
        return False
    top, second = records[0], records[1]
    filled = [normalise_text(cell) for cell in second if cell.strip()]
    whole = [
        index
        for index, cell in enumerate(second)
        if normalise_text(cell) in _WHOLE_ANSWER and index < len(top) and top[index].strip()
    ]
    return len(whole) >= 2 and 2 * len(whole) >= len(filled) - 1


def fit(records: Sequence[Sequence[str]]) -> Layout | None:
    """The SurveyMonkey layout when row 1 has its respondent and collector ids, or row 2
    is SurveyMonkey's row of `Response` labels."""
    first = {normalise_text(cell) for cell in records[0]} if records else set()
    if len(records) < 2 or not ({RESPONDENT_ID, "collector id"} <= first or _tidied(records)):
        return None
    top, labels = headings(records, 2)
    top = ["" if _UNNAMED.fullmatch(heading) else heading for heading in top]
    keys = [normalise_text(heading) for heading in top]
    # pandas' index: no heading, 0 under it in the label row, then 1, 2, …
    index_column = 0 if top and not top[0] and labels[0] == "0" else None
    columns: list[Column] = []
    groups: list[list[int]] = []  # the columns of each question, for telling multi-selects
    question = ""
    for index, (heading, label) in enumerate(zip(top, labels, strict=True)):
        key = keys[index]
        if index == index_column:
            columns.append(column(index, heading, "meta"))
            continue
        if key in META_HEADINGS or _CUSTOM_DATA.fullmatch(key):
            columns.append(column(index, heading, "meta"))
            question = ""
            continue
        if heading:
            # Question text stands above the first column only; later ones inherit it.
            question = heading
            groups.append([])
        label_key = normalise_text(label)
        if not label or label_key in _WHOLE_ANSWER:
            columns.append(column(index, heading or label, question=question))
        elif _OTHER.match(label_key):
            columns.append(
                column(index, heading or label, "other-text", question=question, statement=label)
            )
        else:
            columns.append(column(index, heading or label, question=question, statement=label))
            if groups:
                groups[-1].append(index)
    _mark_multi_selects(columns, groups, records[2:])
    return Layout(
        source=NAME,
        header_rows=2,
        columns=tuple(columns),
        respondent_index=first_index(keys, (RESPONDENT_ID,))
        if RESPONDENT_ID in keys
        else index_column,
        # "numerical values" downloads number the choices 1..n in their order
        numbers="positions",
    )


def _mark_multi_selects(
    columns: list[Column], groups: list[list[int]], sample: Sequence[Sequence[str]]
) -> None:
    """Make a group's option columns 'multi' when the first responses show it is one.

    The header alone cannot tell a multi-select's options from a matrix's statements;
    the cells can: a ticked option holds its own label, a matrix row holds an answer.
    """
    for members in groups:
        filled = [
            (record[index], columns[index].statement or "")
            for index in members
            for record in sample
            if index < len(record) and record[index].strip()
        ]
        if filled and all(normalise_text(cell) == normalise_text(label) for cell, label in filled):
            for index in members:
                columns[index] = replace(columns[index], kind="multi")
