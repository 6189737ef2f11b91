"""SurveyMonkey, "all responses data" in the expanded format (CSV or XLSX).

Two header rows. Row 1 holds the metadata names (`Respondent ID`, `Collector ID`,
`Start Date`, …) and each question's text above the first of its columns only; row 2
holds `Response`, `Open-Ended Response`, or the option or statement label of the column.
A multi-select gives one column per option holding the label when ticked; a matrix one
column per statement holding the chosen answer; `Other (please specify)` holds free text.
SurveyMonkey marks no partial responses: they are rows with blank cells.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..table import Column, Layout, normalise_text
from .plain import column, first_index, headings

NAME = "surveymonkey"
EXPECTED = "a first header row with 'Respondent ID' and 'Collector ID' over a second row of labels"

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


def fit(records: Sequence[Sequence[str]]) -> Layout | None:
    """The SurveyMonkey layout when row 1 has its respondent and collector ids."""
    first = {normalise_text(cell) for cell in records[0]} if records else set()
    if not {RESPONDENT_ID, "collector id"} <= first or len(records) < 2:
        return None
    top, labels = headings(records, 2)
    keys = [normalise_text(heading) for heading in top]
    columns: list[Column] = []
    groups: list[list[int]] = []  # the columns of each question, for telling multi-selects
    question = ""
    for index, (heading, label) in enumerate(zip(top, labels, strict=True)):
        key = keys[index]
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
        respondent_index=first_index(keys, (RESPONDENT_ID,)),
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
