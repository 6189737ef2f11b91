"""Google Forms, as downloaded from the responses sheet (File > Download > CSV).

One header row: `Timestamp` first (in the sheet's language: `Horodateur` in French),
`Email address` when the form collected it, `Score` for quizzes (with `Question [Score]`
and `Question [Feedback]` beside each question), then one column per question; a grid
gives one column per row headed `Question [Row]`; checkboxes join the ticked options
with ', '. Google Forms keeps no partial responses.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...i18n import N_
from ..table import Layout, normalise_text
from .plain import Headings, column, first_index, heading_keys, headings, split_bracketed

NAME = "google-forms"
EXPECTED = N_("a first column 'Timestamp' (or its translation, e.g. 'Tijdstempel')")

# The sheet writes its own headings in its language.
TIMESTAMP: Headings = {
    "en": ("Timestamp",),
    "nl": ("Tijdstempel",),
    "fr": ("Horodateur",),
    "de": ("Zeitstempel",),
    "es": ("Marca temporal",),
    "pt": ("Carimbo de data/hora",),
    "it": ("Informazioni cronologiche",),
}
EMAIL: Headings = {
    "en": ("Email address", "Username"),
    "nl": ("E-mailadres",),
    "fr": ("Adresse e-mail",),
    "de": ("E-Mail-Adresse",),
    "es": ("Dirección de correo electrónico",),
    "pt": ("Endereço de e-mail",),
    "it": ("Indirizzo email",),
}
# A quiz's total score; older French sheets wrote "Score total", newer ones "Score".
SCORE: Headings = {
    "en": ("Score",),
    "nl": ("Punten",),
    "fr": ("Score", "Score total"),
    "de": ("Punkte",),
    "es": ("Puntuación",),
    "it": ("Punteggio",),
}
# A quiz also gives each question `Question [Score]` and `Question [Feedback]` columns.
QUIZ_PARTS: Headings = {"en": ("Score", "Feedback"), "fr": ("Score", "Commentaires")}

TIMESTAMP_HEADINGS = heading_keys(TIMESTAMP)
EMAIL_HEADINGS = heading_keys(EMAIL)
SCORE_HEADINGS = heading_keys(SCORE)
QUIZ_PART_HEADINGS = heading_keys(QUIZ_PARTS)


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
            if statement is not None and normalise_text(statement) in QUIZ_PART_HEADINGS:
                columns.append(column(index, heading, "meta"))
            else:
                columns.append(column(index, heading, question=question, statement=statement))
    return Layout(
        source=NAME,
        header_rows=1,
        columns=tuple(columns),
        respondent_index=first_index(keys, EMAIL_HEADINGS),
        multi_separator=", ",
    )
