"""Microsoft Forms, as downloaded with "Open in Excel" (XLSX).

Metadata columns `ID`, `Start time`, `Completion time`, `Email`, `Name` and, in newer
files, `Last modified time` (quizzes add `Total points`, `Points - …`, `Feedback - …`),
in no guaranteed order. A Likert question gives one column per statement, headed by the
statement alone. Multi-select cells join the options with ';', usually with one at the end.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...i18n import N_
from ..table import Layout, normalise_text
from .plain import column, first_index, headings

NAME = "microsoft-forms"
EXPECTED = N_("the columns 'ID', 'Start time' and 'Completion time'")

# English first; the Dutch names are what a Dutch-language tenant writes [inferred].
ID_HEADINGS = ("id",)
START_HEADINGS = frozenset({"start time", "begintijd", "starttijd"})
COMPLETION_HEADINGS = frozenset({"completion time", "tijd van voltooien", "voltooiingstijd"})
META_HEADINGS = frozenset(
    {
        *ID_HEADINGS,
        *START_HEADINGS,
        *COMPLETION_HEADINGS,
        "email",
        "e-mail",
        "name",
        "naam",
        "last modified time",
        "tijd van laatste wijziging",
        "total points",
        "quiz feedback",
        "grade posted time",
    }
)
META_PREFIXES = ("points - ", "feedback - ")


def fit(records: Sequence[Sequence[str]]) -> Layout | None:
    """The Microsoft Forms layout when an ID, a start and a completion time column exist."""
    (header,) = headings(records)
    keys = [normalise_text(heading) for heading in header]
    present = set(keys)
    if not ("id" in present and present & START_HEADINGS and present & COMPLETION_HEADINGS):
        return None
    columns = [
        column(index, heading, "meta")
        if keys[index] in META_HEADINGS or keys[index].startswith(META_PREFIXES)
        else column(index, heading)
        for index, heading in enumerate(header)
    ]
    return Layout(
        source=NAME,
        header_rows=1,
        columns=tuple(columns),
        respondent_index=first_index(keys, ID_HEADINGS),
        multi_separator=";",
    )
