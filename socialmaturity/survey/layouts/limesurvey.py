"""LimeSurvey, as exported from Responses > Export (CSV; UTF-8 with BOM, ';' by default).

One header row in one of the export's heading styles: codes (`Q1`, `Q1[SQ001]`), full
or abbreviated text (`Question text [Subquestion]`), or code and text joined by a
separator (`Q1[SQ001]. Question text [Subquestion]`). Metadata: `id`, `submitdate`,
`lastpage`, `startlanguage`, `seed`, `startdate`, `datestamp`, `ipaddr`, `refurl` and
participant fields; as text they are in the export's language (`Response ID`, French
`ID de la réponse`, Dutch `Respons-ID`), and so are `[Other]`, `[Comment]` and `Yes`. A multiple-choice question gives one column per option holding `Y`
when ticked; `[other]` and `[comment]` columns hold free text. An empty submit date marks
an incomplete response (anonymised surveys write `1980-01-01 00:00:00` instead of dates).

Answer codes are at most five characters, so they cannot be our option ids; LimeSurvey
numbers them `AO01`, `AO02`, … (older versions `A1`, `A2`, …) in the order the options
were created, which is read as the option at that position.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ...i18n import N_
from ..table import Column, ColumnKind, Completion, Layout, normalise_text, reads_cells
from .plain import Headings, column, first_index, heading_keys, headings, split_bracketed

NAME = "limesurvey"
EXPECTED = N_(
    "the columns id, submitdate, lastpage and startlanguage "
    "(as codes, as text such as 'Response ID' and 'Date submitted', or as code and text)"
)

ID, SUBMITDATE = "id", "submitdate"
META_CODES = frozenset(
    {
        ID,
        SUBMITDATE,
        "lastpage",
        "startlanguage",
        "seed",
        "startdate",
        "datestamp",
        "ipaddr",
        "refurl",
        "token",
        "interviewtime",
        "firstname",
        "lastname",
        "email",
        "emailstatus",
        "language",
    }
)
_META_CODE = re.compile(r"attribute_\d+|grouptime\d+")
# The full-text names of the same fields, in the language of the export (LimeSurvey
# translates them with its interface): English from its source, Dutch and French from its
# own translation files (locale/nl, locale/fr of LimeSurvey 6.1.8; 'Code' is the 2.x name
# of the access code) and real French exports (SOURCES.md).
FIELD_TEXTS: dict[str, Headings] = {
    ID: {"en": ("Response ID",), "nl": ("Respons-ID",), "fr": ("ID de la réponse",)},
    SUBMITDATE: {
        "en": ("Date submitted",),
        "nl": ("Datum verzonden",),
        "fr": ("Date de soumission",),
    },
    "lastpage": {"en": ("Last page",), "nl": ("Laatste pagina",), "fr": ("Dernière page",)},
    "startlanguage": {
        "en": ("Start language",),
        "nl": ("Begin taal",),
        "fr": ("Langue de départ",),
    },
    "seed": {"en": ("Seed",), "nl": ("Plaats",), "fr": ("Tête de série", "Seed")},
    "startdate": {"en": ("Date started",), "nl": ("Startdatum",), "fr": ("Date de lancement",)},
    "datestamp": {
        "en": ("Date last action",),
        "nl": ("Datum laatste actie",),
        "fr": ("Date de la dernière action",),
    },
    "ipaddr": {"en": ("IP address",), "nl": ("IP-adres",), "fr": ("Adresse IP",)},
    "refurl": {"en": ("Referrer URL",), "nl": ("Verwijzer URL",), "fr": ("URL référente",)},
    "token": {
        "en": ("Access code", "Token"),
        "nl": ("Toegangscode",),
        "fr": ("Code d'accès", "Code"),
    },
    "interviewtime": {"en": ("Total time",), "nl": ("Totaaltijd",), "fr": ("Temps total",)},
    "firstname": {"en": ("First name",), "nl": ("Voornaam",), "fr": ("Prénom",)},
    "lastname": {"en": ("Last name",), "nl": ("Achternaam",), "fr": ("Nom",)},
    "email": {
        "en": ("Email address", "Email"),
        "nl": ("E-mailadres",),
        "fr": ("Adresse de courriel", "Courriel"),
    },
    "emailstatus": {"en": ("Email status",), "nl": ("E-mail status",), "fr": ("Statut du courriel",)},
    "language": {"en": ("Language code",), "nl": ("Taalcode",), "fr": ("Code de langue",)},
}
# `Group time: <group>` and `Question time: <question>` (interview timings).
TIME_TEXTS: Headings = {
    "en": ("Group time", "Question time"),
    "nl": ("Groepstijd", "Vraagtijd"),
    "fr": ("Durée pour le groupe", "Durée pour la question"),
}
ID_TEXTS = heading_keys(FIELD_TEXTS[ID])
SUBMITDATE_TEXTS = heading_keys(FIELD_TEXTS[SUBMITDATE])
LASTPAGE_TEXTS = heading_keys(FIELD_TEXTS["lastpage"])
META_TEXTS = heading_keys(*FIELD_TEXTS.values())
_TIME_TEXTS = heading_keys(TIME_TEXTS)
# The codes and the full-text labels of an "other" answer and of a comment, in the
# survey's language (LimeSurvey translates them).
_OTHER: Headings = {
    "en": ("other", "comment", "other comment"),
    "nl": ("overige", "opmerking", "andere opmerkingen", "anders"),
    "fr": ("autre", "commentaire", "commentaire pour autre"),
    "de": ("andere", "sonstiges"),
    "es": ("otro",),
    "it": ("altro",),
}
_OTHER_CODES = heading_keys(_OTHER)
_COMMENT_ENDINGS = ("comment", "commentaire", "opmerking", "opmerkingen")
# What a ticked multiple-choice option holds: 'Y' as code, 'Yes' in the survey's language
# as long text.
_TICKED = frozenset({"y"}) | heading_keys({"en": ("Yes",), "nl": ("Ja",), "fr": ("Oui",)})

_CODE = re.compile(r"^([^\[\]\s]+)((?:\[[^\[\]]*\])*)$")
# LimeSurvey's default answer codes: the option at that position, counted from 1.
POSITION_CODE = re.compile(r"AO?0*([0-9]{1,3})", re.IGNORECASE)


def fit(records: Sequence[Sequence[str]]) -> Layout | None:
    """The LimeSurvey layout when its metadata columns appear, in any heading style."""
    if not records:
        return None
    (header,) = headings(records)
    keys = [normalise_text(heading) for heading in header]
    present = set(keys)
    separator = _code_text_separator(header)
    if ID in present and (SUBMITDATE in present or {"lastpage", "startlanguage"} <= present):
        parsed = [_from_code(heading) for heading in header]
    elif separator is not None:
        parsed = [_from_code_and_text(heading, separator) for heading in header]
    elif present & ID_TEXTS and present & (SUBMITDATE_TEXTS | LASTPAGE_TEXTS):
        parsed = [_from_text(heading) for heading in header]
    else:
        return None

    columns = [
        column(index, heading, kind, code=code, question=question, statement=statement)
        for index, (heading, (code, question, statement, kind)) in enumerate(
            zip(header, parsed, strict=True)
        )
    ]
    _mark_multiple_choice(columns, records[1:])
    codes = [normalise_text(code or "") for code, *_ in parsed]
    submitted = _find(codes, keys, SUBMITDATE, SUBMITDATE_TEXTS)
    return Layout(
        source=NAME,
        header_rows=1,
        columns=tuple(columns),
        respondent_index=_find(codes, keys, ID, ID_TEXTS),
        completion=_submitted(submitted) if submitted is not None else None,
        position_code=POSITION_CODE,
    )


Parsed = tuple[str | None, str, str | None, ColumnKind]  # code, question, statement, kind


def _from_code(heading: str) -> Parsed:
    match = _CODE.match(heading)
    if not match:
        return heading, heading, None, "answer"
    base, brackets = match.groups()
    key = normalise_text(heading)
    if key in META_CODES or _META_CODE.fullmatch(key):
        return heading, heading, None, "meta"
    sub = " ".join(part for part in brackets.strip("[]").split("][") if part) or None
    return heading, base, sub, _answer_kind(sub)


def _from_text(heading: str) -> Parsed:
    key = normalise_text(heading)
    label, colon, _ = key.partition(":")
    if key in META_TEXTS or (colon and label.strip() in _TIME_TEXTS):
        return None, heading, None, "meta"
    question, statement = split_bracketed(heading)
    return None, question, statement, _answer_kind(statement)


def _from_code_and_text(heading: str, separator: str) -> Parsed:
    code, found, text = heading.partition(separator)
    if not found or not _CODE.match(code):
        return _from_text(heading)
    code_part = _from_code(code)
    if code_part[3] == "meta":
        return code, text, None, "meta"
    question, statement = split_bracketed(text)
    kind = _answer_kind(code_part[2])
    return code, question, statement or code_part[2], kind


def _answer_kind(sub: str | None) -> ColumnKind:
    if sub is None:
        return "answer"
    key = normalise_text(sub)
    return "other-text" if key in _OTHER_CODES or key.endswith(_COMMENT_ENDINGS) else "answer"


def _code_text_separator(header: Sequence[str]) -> str | None:
    """The separator of code+text headings, read off `submitdate. Date submitted`."""
    for heading in header:
        match = re.match(r"(?:submitdate|lastpage|startlanguage)(\W+)\w", heading)
        if match and any(other.startswith(ID + match.group(1)) for other in header):
            return match.group(1)
    return None


def _mark_multiple_choice(columns: list[Column], sample: Sequence[Sequence[str]]) -> None:
    """Make option columns 'multi' when the first responses hold only Y (ticked) in them.

    An array's subquestions look the same in the header; their cells hold answer codes.
    """
    groups: dict[str, list[int]] = {}
    for found in columns:
        if found.kind == "answer" and found.statement is not None:
            groups.setdefault(found.question, []).append(found.index)
    for members in groups.values():
        filled = [
            normalise_text(record[index])
            for index in members
            for record in sample
            if index < len(record) and record[index].strip()
        ]
        if filled and all(value in _TICKED for value in filled):
            for index in members:
                columns[index] = replace(columns[index], kind="multi")


def _find(codes: Sequence[str], keys: Sequence[str], code: str, texts: frozenset[str]) -> int | None:
    found = first_index(codes, (code,))
    return found if found is not None else first_index(keys, texts)


def _submitted(index: int) -> Completion:
    def complete(cells: tuple[str, ...]) -> bool:
        return bool(cells[index].strip())

    return reads_cells(complete, index)
