"""Microsoft Forms, as downloaded with "Open in Excel" (XLSX).

Metadata columns `ID`, `Start time`, `Completion time`, `Email`, `Name` and, in newer
files, `Last modified time` (quizzes add `Total points`, `Points - …`, `Feedback - …`),
in no guaranteed order and in the tenant's language (`Heure de début`, `Heure de fin`,
`Adresse de messagerie`, `Nom`, `Heure de la dernière modification` in French). A Likert
question gives one column per statement, headed by the statement alone. Multi-select
cells join the options with ';', usually with one at the end.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...i18n import N_
from ..table import Layout, normalise_text
from .plain import Headings, column, first_index, heading_keys, headings, ordered_keys

NAME = "microsoft-forms"
EXPECTED = N_("the columns 'ID', 'Start time' and 'Completion time'")

# The workbook's headings are in the language of the form owner's Microsoft 365. The
# Dutch ones are inferred; the French ones are seen in real files (SOURCES.md), where the
# quiz columns keep their English names.
ID: Headings = {"en": ("ID",)}
START: Headings = {"en": ("Start time",), "nl": ("Begintijd", "Starttijd"), "fr": ("Heure de début",)}
COMPLETION: Headings = {
    "en": ("Completion time",),
    "nl": ("Tijd van voltooien", "Voltooiingstijd"),
    "fr": ("Heure de fin",),
}
OTHER_META: Headings = {
    "en": (
        "Email",
        "Name",
        "Last modified time",
        "Total points",
        "Quiz feedback",
        "Grade posted time",
    ),
    "nl": ("E-mail", "Naam", "Tijd van laatste wijziging"),
    "fr": ("Adresse de messagerie", "Nom", "Heure de la dernière modification"),
}
META_PREFIXES = ("points - ", "feedback - ")

ID_HEADINGS = ordered_keys(ID)
START_HEADINGS = heading_keys(START)
COMPLETION_HEADINGS = heading_keys(COMPLETION)
META_HEADINGS = heading_keys(ID, START, COMPLETION, OTHER_META)


def fit(records: Sequence[Sequence[str]]) -> Layout | None:
    """The Microsoft Forms layout when an ID, a start and a completion time column exist."""
    (header,) = headings(records)
    keys = [normalise_text(heading) for heading in header]
    present = set(keys)
    if not (present & set(ID_HEADINGS) and present & START_HEADINGS and present & COMPLETION_HEADINGS):
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
