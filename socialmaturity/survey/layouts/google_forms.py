"""Google Forms, as downloaded from the responses sheet (File > Download > CSV).

One header row: `Timestamp` first (in the sheet's language), `Email address` when the
form collected it, `Score` for quizzes, then one column per question; a grid gives one
column per row headed `Question [Row]`; checkboxes join the ticked options with ', '.
Google Forms keeps no partial responses.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...i18n import N_
from ..table import Layout, normalise_text
from .plain import column, first_index, headings, split_bracketed

NAME = "google-forms"
EXPECTED = N_("a first column 'Timestamp' (or its translation, e.g. 'Tijdstempel')")

TIMESTAMP_HEADINGS = frozenset(
    {
        "timestamp",
        "tijdstempel",
        "horodateur",
        "zeitstempel",
        "marca temporal",
        "carimbo de data/hora",
        "informazioni cronologiche",
    }
)
EMAIL_HEADINGS = frozenset(
    {
        "email address",
        "e-mailadres",
        "adresse e-mail",
        "e-mail-adresse",
        "dirección de correo electrónico",
        "indirizzo email",
        "endereço de e-mail",
        "username",
    }
)
SCORE_HEADINGS = frozenset({"score", "punten", "score total", "punkte", "puntuación", "punteggio"})


def fit(records: Sequence[Sequence[str]]) -> Layout | None:
    """The Google Forms layout when the first heading is the form's timestamp."""
    (header,) = headings(records)
    keys = [normalise_text(heading) for heading in header]
    if not keys or keys[0] not in TIMESTAMP_HEADINGS:
        return None
    columns = []
    for index, heading in enumerate(header):
        key = keys[index]
        if index == 0 or key in EMAIL_HEADINGS or key in SCORE_HEADINGS:
            columns.append(column(index, heading, "meta"))
        else:
            question, statement = split_bracketed(heading)
            columns.append(column(index, heading, question=question, statement=statement))
    return Layout(
        source=NAME,
        header_rows=1,
        columns=tuple(columns),
        respondent_index=first_index(keys, EMAIL_HEADINGS),
        multi_separator=", ",
    )
