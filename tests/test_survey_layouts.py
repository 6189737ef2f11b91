"""Telling survey tools apart and reading their columns, ids and completion flags."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from socialmaturity.survey import (
    LAYOUTS,
    Column,
    ExportError,
    ExportTable,
    Response,
    detect_layout,
    normalise_text,
    open_export,
)
from socialmaturity.survey.table import fold_accents
from survey_fixtures import (
    Q,
    QuestionSpec,
    Row,
    google_forms_csv,
    limesurvey_csv,
    microsoft_forms_xlsx,
    plain_csv,
    qualtrics_csv,
    records_to_csv,
    records_to_xlsx,
    surveymonkey_csv,
    surveymonkey_xlsx,
    typeform_csv,
    write,
)

STRATEGY = "Hoe ver is uw social-mediastrategie?"
TEAM = "Hoe werkt uw team?"
CALENDAR = "We hebben een contentkalender"
LEGAL = "Juridische zaken - keurt posts binnen één dag goed"
CHANNELS = "Welke kanalen gebruikt u?"
OWNER = "Wie is eigenaar van social?"
NOTE = 'De stagiair, "meestal"\nen soms ik'

QUESTIONS: list[QuestionSpec] = [
    STRATEGY,
    (TEAM, CALENDAR),
    (TEAM, LEGAL),
    Q(CHANNELS, options=("Facebook", "LinkedIn", "X")),
    Q(OWNER, other="Anders"),
]
ROWS: list[Row] = [
    {
        STRATEGY: "Dialoog",
        (TEAM, CALENDAR): "Eens",
        (TEAM, LEGAL): "Oneens",
        CHANNELS: ["Facebook", "X"],
        OWNER: "Marketing",
        "_email": "an@voorbeeld.nl",
    },
    {
        STRATEGY: "Betrokkenheid",
        (TEAM, CALENDAR): "Helemaal eens",
        CHANNELS: ["LinkedIn"],
        OWNER: "Anders",
        (OWNER, "Anders"): NOTE,
        "_complete": False,
    },
]

Shape = tuple[str, str | None, str, str | None]  # kind, code, question, statement


def shapes(table: ExportTable) -> list[Shape]:
    return [(c.kind, c.code, c.question, c.statement) for c in table.columns if c.kind != "meta"]


def answers(table: ExportTable) -> list[tuple[int, str | None, bool, tuple[str, ...]]]:
    kept = [c.index for c in table.columns if c.kind != "meta"]
    return [
        (r.row, r.respondent_id, r.complete, tuple(r.cells[i] for i in kept))
        for r in table.responses()
    ]


def metadata(table: ExportTable) -> list[str]:
    return [c.heading for c in table.columns if c.kind == "meta"]


GRID: list[Shape] = [
    ("answer", None, STRATEGY, None),
    ("answer", None, TEAM, CALENDAR),
    ("answer", None, TEAM, LEGAL),
]


@dataclasses.dataclass(frozen=True)
class Case:
    build: Callable[[], bytes]
    suffix: str
    source: str
    header_rows: int
    metadata: list[str]
    shapes: list[Shape]
    answers: list[tuple[int, str | None, bool, tuple[str, ...]]]


CASES = {
    "google-forms": Case(
        lambda: google_forms_csv(QUESTIONS, ROWS, email=True),
        ".csv",
        "google-forms",
        1,
        ["Timestamp", "Email address"],
        [*GRID, ("answer", None, CHANNELS, None), ("answer", None, OWNER, None)],
        [
            (2, "an@voorbeeld.nl", True, ("Dialoog", "Eens", "Oneens", "Facebook, X", "Marketing")),
            (
                3,
                "respondent2@example.org",
                True,
                ("Betrokkenheid", "Helemaal eens", "", "LinkedIn", NOTE),
            ),
        ],
    ),
    "microsoft-forms": Case(
        lambda: microsoft_forms_xlsx(QUESTIONS, ROWS),
        ".xlsx",
        "microsoft-forms",
        1,
        ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"],
        [
            ("answer", None, STRATEGY, None),
            ("answer", None, CALENDAR, None),  # a Likert row is headed by its statement only
            ("answer", None, LEGAL, None),
            ("answer", None, CHANNELS, None),
            ("answer", None, OWNER, None),
        ],
        [
            (2, "1", True, ("Dialoog", "Eens", "Oneens", "Facebook;X;", "Marketing")),
            (3, "2", True, ("Betrokkenheid", "Helemaal eens", "", "LinkedIn;", "Anders")),
        ],
    ),
    "qualtrics": Case(
        lambda: qualtrics_csv(QUESTIONS, ROWS),
        ".csv",
        "qualtrics",
        3,
        [
            "Start Date",
            "End Date",
            "Response Type",
            "IP Address",
            "Progress",
            "Duration (in seconds)",
            "Finished",
            "Recorded Date",
            "Response ID",
            "Recipient Last Name",
            "Recipient First Name",
            "Recipient Email",
            "External Data Reference",
            "Location Latitude",
            "Location Longitude",
            "Distribution Channel",
            "User Language",
        ],
        [
            ("answer", "Q1", STRATEGY, None),
            ("answer", "Q2_1", TEAM, CALENDAR),
            ("answer", "Q2_2", TEAM, LEGAL),  # ' - ' inside the statement survives
            ("answer", "Q3", CHANNELS, None),
            ("answer", "Q4", OWNER, None),
            ("other-text", "Q4_4_TEXT", OWNER, "Anders"),
        ],
        [
            (
                4,
                "R_0001aBcDeFgHiJkLm",
                True,
                ("Dialoog", "Eens", "Oneens", "Facebook,X", "Marketing", ""),
            ),
            (
                5,
                "R_0002aBcDeFgHiJkLm",
                False,
                ("Betrokkenheid", "Helemaal eens", "", "LinkedIn", "Anders", NOTE),
            ),
        ],
    ),
    "qualtrics-legacy": Case(
        lambda: qualtrics_csv(QUESTIONS, ROWS, legacy=True),
        ".csv",
        "qualtrics",
        2,
        [
            "ResponseID",
            "ResponseSet",
            "Name",
            "ExternalDataReference",
            "EmailAddress",
            "IPAddress",
            "Status",
            "StartDate",
            "EndDate",
            "Finished",
        ],
        [
            ("answer", "Q1", STRATEGY, None),
            ("answer", "Q2_1", TEAM, CALENDAR),
            ("answer", "Q2_2", TEAM, LEGAL),
            ("answer", "Q3", CHANNELS, None),
            ("answer", "Q4", OWNER, None),
            ("other-text", "Q4_4_TEXT", OWNER, "Anders"),
        ],
        [
            (
                3,
                "R_0001aBcDeFgHiJkLm",
                True,
                ("Dialoog", "Eens", "Oneens", "Facebook,X", "Marketing", ""),
            ),
            (
                4,
                "R_0002aBcDeFgHiJkLm",
                False,
                ("Betrokkenheid", "Helemaal eens", "", "LinkedIn", "Anders", NOTE),
            ),
        ],
    ),
    "qualtrics-tsv": Case(
        lambda: qualtrics_csv(QUESTIONS, ROWS, encoding="utf-16", delimiter="\t"),
        ".tsv",
        "qualtrics",
        3,
        [],  # checked in the Qualtrics case
        [],
        [
            (
                4,
                "R_0001aBcDeFgHiJkLm",
                True,
                ("Dialoog", "Eens", "Oneens", "Facebook,X", "Marketing", ""),
            ),
            (
                5,
                "R_0002aBcDeFgHiJkLm",
                False,
                ("Betrokkenheid", "Helemaal eens", "", "LinkedIn", "Anders", NOTE),
            ),
        ],
    ),
    "surveymonkey": Case(
        lambda: surveymonkey_csv(QUESTIONS, ROWS),
        ".csv",
        "surveymonkey",
        2,
        [
            "Respondent ID",
            "Collector ID",
            "Start Date",
            "End Date",
            "IP Address",
            "Email Address",
            "First Name",
            "Last Name",
            "Custom Data 1",
        ],
        [
            *GRID,
            ("multi", None, CHANNELS, "Facebook"),
            ("multi", None, CHANNELS, "LinkedIn"),
            ("multi", None, CHANNELS, "X"),
            ("answer", None, OWNER, None),
            ("other-text", None, OWNER, "Other (please specify)"),
        ],
        [
            (
                3,
                "114023456789",
                True,
                ("Dialoog", "Eens", "Oneens", "Facebook", "", "X", "Marketing", ""),
            ),
            (
                4,
                "114023456790",
                True,
                ("Betrokkenheid", "Helemaal eens", "", "", "LinkedIn", "", "Anders", NOTE),
            ),
        ],
    ),
    "surveymonkey-xlsx": Case(
        lambda: surveymonkey_xlsx(QUESTIONS, ROWS),
        ".xlsx",
        "surveymonkey",
        2,
        [],
        [],
        [
            (
                3,
                "114023456789",
                True,
                ("Dialoog", "Eens", "Oneens", "Facebook", "", "X", "Marketing", ""),
            ),
            (
                4,
                "114023456790",
                True,
                ("Betrokkenheid", "Helemaal eens", "", "", "LinkedIn", "", "Anders", NOTE),
            ),
        ],
    ),
    "limesurvey-code": Case(
        lambda: limesurvey_csv(QUESTIONS, ROWS),
        ".csv",
        "limesurvey",
        1,
        ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"],
        [
            ("answer", "Q1", "Q1", None),
            ("answer", "Q2[SQ001]", "Q2", "SQ001"),
            ("answer", "Q2[SQ002]", "Q2", "SQ002"),
            ("multi", "Q3[SQ001]", "Q3", "SQ001"),
            ("multi", "Q3[SQ002]", "Q3", "SQ002"),
            ("multi", "Q3[SQ003]", "Q3", "SQ003"),
            ("answer", "Q4", "Q4", None),
            ("other-text", "Q4[other]", "Q4", "other"),
        ],
        [
            (2, "1", True, ("Dialoog", "Eens", "Oneens", "Y", "", "Y", "Marketing", "")),
            (3, "2", False, ("Betrokkenheid", "Helemaal eens", "", "", "Y", "", "Anders", NOTE)),
        ],
    ),
    "limesurvey-full": Case(
        lambda: limesurvey_csv(QUESTIONS, ROWS, headings="full"),
        ".csv",
        "limesurvey",
        1,
        [
            "Response ID",
            "Date submitted",
            "Last page",
            "Start language",
            "Seed",
            "Date started",
            "Date last action",
        ],
        [
            *GRID,
            ("multi", None, CHANNELS, "Facebook"),
            ("multi", None, CHANNELS, "LinkedIn"),
            ("multi", None, CHANNELS, "X"),
            ("answer", None, OWNER, None),
            ("other-text", None, OWNER, "Anders"),
        ],
        [
            (2, "1", True, ("Dialoog", "Eens", "Oneens", "Y", "", "Y", "Marketing", "")),
            (3, "2", False, ("Betrokkenheid", "Helemaal eens", "", "", "Y", "", "Anders", NOTE)),
        ],
    ),
    "limesurvey-code+text": Case(
        lambda: limesurvey_csv(QUESTIONS, ROWS, headings="code+text"),
        ".csv",
        "limesurvey",
        1,
        [
            "id. Response ID",
            "submitdate. Date submitted",
            "lastpage. Last page",
            "startlanguage. Start language",
            "seed. Seed",
            "startdate. Date started",
            "datestamp. Date last action",
        ],
        [
            ("answer", "Q1", STRATEGY, None),
            ("answer", "Q2[SQ001]", TEAM, CALENDAR),
            ("answer", "Q2[SQ002]", TEAM, LEGAL),
            ("multi", "Q3[SQ001]", CHANNELS, "Facebook"),
            ("multi", "Q3[SQ002]", CHANNELS, "LinkedIn"),
            ("multi", "Q3[SQ003]", CHANNELS, "X"),
            ("answer", "Q4", OWNER, None),
            ("other-text", "Q4[other]", OWNER, "Anders"),
        ],
        [
            (2, "1", True, ("Dialoog", "Eens", "Oneens", "Y", "", "Y", "Marketing", "")),
            (3, "2", False, ("Betrokkenheid", "Helemaal eens", "", "", "Y", "", "Anders", NOTE)),
        ],
    ),
    "typeform": Case(
        lambda: typeform_csv(QUESTIONS, ROWS),
        ".csv",
        "typeform",
        1,
        [
            "#",
            "Response Type",
            "Start Date (UTC)",
            "Stage Date (UTC)",
            "Submit Date (UTC)",
            "Network ID",
            "Tags",
        ],
        [
            ("answer", None, STRATEGY, None),  # '<strong>Hoe</strong> ver …' without the tags
            ("answer", None, CALENDAR, None),
            ("answer", None, LEGAL, None),
            ("multi", None, "Facebook", "Facebook"),
            ("multi", None, "LinkedIn", "LinkedIn"),
            ("multi", None, "X", "X"),
            ("answer", None, OWNER, None),
        ],
        [
            (
                2,
                "0001q9n3k5b7x2v8m4c6z1l0",
                True,
                ("Dialoog", "Eens", "Oneens", "Facebook", "", "X", "Marketing"),
            ),
            (
                3,
                "0002q9n3k5b7x2v8m4c6z1l0",
                False,
                ("Betrokkenheid", "Helemaal eens", "", "", "LinkedIn", "", "Anders"),
            ),
        ],
    ),
    "csv": Case(
        lambda: plain_csv(QUESTIONS, ROWS, delimiter=";", encoding="cp1252"),
        ".csv",
        "csv",
        1,
        ["Respondent"],
        [*GRID, ("answer", None, CHANNELS, None), ("answer", None, OWNER, None)],
        [
            (2, "P001", True, ("Dialoog", "Eens", "Oneens", "Facebook, X", "Marketing")),
            (3, "P002", True, ("Betrokkenheid", "Helemaal eens", "", "LinkedIn", "Anders")),
        ],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_layout_is_detected_and_read(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    table = open_export(write(tmp_path / f"export{case.suffix}", case.build()))
    assert (table.source, table.header_rows) == (case.source, case.header_rows)
    if case.metadata:
        assert metadata(table) == case.metadata
    if case.shapes:
        assert shapes(table) == case.shapes
    assert answers(table) == case.answers
    assert [c.index for c in table.columns] == list(range(len(table.columns)))


@pytest.mark.parametrize("name", CASES)
def test_forcing_the_right_source_reads_the_same(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    path = write(tmp_path / f"export{case.suffix}", case.build())
    assert open_export(path, case.source).columns == open_export(path).columns


def test_every_layout_has_a_case() -> None:
    assert {case.source for case in CASES.values()} == set(LAYOUTS)


@pytest.mark.parametrize(
    ("build", "source", "message"),
    [
        (
            lambda: plain_csv([STRATEGY], [{STRATEGY: "a"}]),
            "qualtrics",
            "export.csv does not look like a Qualtrics export: expected a first header row of "
            "Qualtrics fields such as StartDate, ResponseId and Finished, a second row of labels "
            'and a third row like {"ImportId":"QID1"} (legacy exports: V1 to V10 over '
            "ResponseID, ResponseSet, …), but the first row starts with 'Respondent', "
            "'Hoe ver is uw social-mediastrategie?'.",
        ),
        (
            lambda: qualtrics_csv(QUESTIONS, ROWS),
            "google-forms",
            "export.csv does not look like a Google Forms export: expected a first column "
            "'Timestamp' (or its translation, e.g. 'Tijdstempel'), but the first row starts with "
            "'StartDate', 'EndDate', 'Status', 'IPAddress', 'Progress', 'Duration (in seconds)', "
            "'Finished', 'RecordedDate', ….",
        ),
        (
            lambda: google_forms_csv(QUESTIONS, ROWS),
            "microsoft-forms",
            "export.csv does not look like a Microsoft Forms export: expected the columns 'ID', "
            "'Start time' and 'Completion time', but the first row starts with 'Timestamp', "
            "'Hoe ver is uw social-mediastrategie?', 'Hoe werkt uw team? [We hebben een "
            "contentkalender]', 'Hoe werkt uw team? [Juridische zaken - keurt posts binnen één "
            "dag goed]', 'Welke kanalen gebruikt u?', 'Wie is eigenaar van social?'.",
        ),
        (
            lambda: google_forms_csv(QUESTIONS, ROWS),
            "surveymonkey",
            "export.csv does not look like a SurveyMonkey export: expected a first header row "
            "with 'Respondent ID' and 'Collector ID', or question texts, over a second row of "
            "'Response', 'Open-Ended Response' or option labels, but the first "
            "row starts with 'Timestamp', 'Hoe ver is uw social-mediastrategie?', 'Hoe werkt uw "
            "team? [We hebben een contentkalender]', 'Hoe werkt uw team? [Juridische zaken - "
            "keurt posts binnen één dag goed]', 'Welke kanalen gebruikt u?', 'Wie is eigenaar "
            "van social?'.",
        ),
        (
            lambda: typeform_csv(QUESTIONS, ROWS),
            "limesurvey",
            "export.csv does not look like a LimeSurvey export: expected the columns id, "
            "submitdate, lastpage and startlanguage (as codes, as text such as 'Response ID' "
            "and 'Date submitted', or as code and text), but the first row starts with '#', "
            "'<strong>Hoe</strong> ver is uw social-mediastrategie?', 'We hebben een "
            "contentkalender', 'Juridische zaken - keurt posts binnen één dag goed', "
            "'Facebook', 'LinkedIn', 'X', '<strong>Wie</strong> is eigenaar van social?', ….",
        ),
        (
            lambda: limesurvey_csv(QUESTIONS, ROWS),
            "typeform",
            "export.csv does not look like a Typeform export: expected a first column '#' and "
            "the columns 'Submit Date (UTC)' or 'Response Type', but the first row starts with "
            "'id', 'submitdate', 'lastpage', 'startlanguage', 'seed', 'startdate', "
            "'datestamp', 'Q1', ….",
        ),
    ],
    ids=["qualtrics", "google-forms", "microsoft-forms", "surveymonkey", "limesurvey", "typeform"],
)
def test_forcing_a_wrong_source_says_what_was_expected(
    tmp_path: Path, build: Callable[[], bytes], source: str, message: str
) -> None:
    path = write(tmp_path / "export.csv", build())
    with pytest.raises(ExportError) as caught:
        open_export(path, source)
    assert str(caught.value) == message
    assert caught.value.path == path


def test_unknown_source(tmp_path: Path) -> None:
    path = write(tmp_path / "export.csv", plain_csv([STRATEGY], [{STRATEGY: "a"}]))
    with pytest.raises(ExportError) as caught:
        open_export(path, "forms")
    assert str(caught.value) == (
        "'forms' is not a survey source we know; choose one of auto, google-forms, "
        "microsoft-forms, qualtrics, surveymonkey, limesurvey, typeform, csv."
    )


def test_any_export_can_be_read_as_plain_csv(tmp_path: Path) -> None:
    table = open_export(write(tmp_path / "q.csv", qualtrics_csv(QUESTIONS, ROWS)), "csv")
    assert (table.source, table.header_rows) == ("csv", 1)
    assert [r.row for r in table.responses()] == [2, 3, 4, 5]  # label and ImportId rows too


# -- multi-select cells ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "heading", "cell", "expected"),
    [
        ("google-forms", CHANNELS, "Facebook, X", ["Facebook", "X"]),
        ("google-forms", CHANNELS, "", []),
        ("microsoft-forms", CHANNELS, "Facebook;X;", ["Facebook", "X"]),
        ("microsoft-forms", CHANNELS, "LinkedIn;", ["LinkedIn"]),
        ("qualtrics", CHANNELS, "Facebook,X", ["Facebook", "X"]),
        ("qualtrics", "Wie is eigenaar van social? - Anders - Text", "a, b", ["a, b"]),
        ("surveymonkey", "LinkedIn", "LinkedIn", ["LinkedIn"]),
        ("surveymonkey", "LinkedIn", "", []),
        ("limesurvey-full", f"{CHANNELS} [X]", "Y", ["X"]),
        ("limesurvey-full", f"{CHANNELS} [X]", "", []),
        ("limesurvey-full", f"{CHANNELS} [X]", "N", []),
        ("typeform", "X", "X", ["X"]),
        ("csv", CHANNELS, "Facebook, X", ["Facebook, X"]),
        ("csv", STRATEGY, "  Dialoog ", ["Dialoog"]),
    ],
)
def test_multi_values(
    tmp_path: Path, name: str, heading: str, cell: str, expected: list[str]
) -> None:
    case = CASES[name]
    table = open_export(write(tmp_path / f"export{case.suffix}", case.build()))
    (column,) = [c for c in table.columns if c.heading == heading]
    assert table.multi_values(column, cell) == expected


# -- per tool details ------------------------------------------------------------------


@pytest.mark.parametrize("timestamp", ["Timestamp", "Tijdstempel", "Horodateur"])
def test_google_forms_in_other_languages(tmp_path: Path, timestamp: str) -> None:
    data = records_to_csv(
        [[timestamp, "E-mailadres", "Vraag"], ["27-3-2023 17:52:42", "a@b.nl", "Ja"]]
    )
    table = open_export(write(tmp_path / "g.csv", data))
    assert table.source == "google-forms"
    assert [(r.respondent_id, r.cells) for r in table.responses()] == [
        ("a@b.nl", ("27-3-2023 17:52:42", "a@b.nl", "Ja"))
    ]


def test_google_forms_without_email_has_no_respondent_id(tmp_path: Path) -> None:
    table = open_export(write(tmp_path / "g.csv", google_forms_csv([STRATEGY], [{STRATEGY: "a"}])))
    assert [r.respondent_id for r in table.responses()] == [None]


def test_microsoft_forms_columns_in_any_order(tmp_path: Path) -> None:
    data = microsoft_forms_xlsx(QUESTIONS, ROWS, metadata_last=True, last_modified=False)
    table = open_export(write(tmp_path / "m.xlsx", data))
    assert table.source == "microsoft-forms"
    assert metadata(table) == ["ID", "Start time", "Completion time", "Email", "Name"]
    assert [c.index for c in table.columns if c.kind == "meta"] == [5, 6, 7, 8, 9]
    assert [(r.respondent_id, r.cells[6]) for r in table.responses()] == [
        ("1", "2023-03-27 17:52:42"),
        ("2", "2023-03-27 17:59:42"),
    ]


def test_microsoft_forms_quiz_columns_are_metadata(tmp_path: Path) -> None:
    records = [
        [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Total points",
            "Quiz feedback",
            "Vraag",
            "Points - Vraag",
            "Feedback - Vraag",
        ]
    ]
    table = open_export(write(tmp_path / "quiz.xlsx", records_to_xlsx(records)))
    assert [c.heading for c in table.columns if c.kind != "meta"] == ["Vraag"]


QUALTRICS_HEAD = ["StartDate", "EndDate", "Progress", "Finished", "ResponseId"]
QUALTRICS_LABELS = ["Start Date", "End Date", "Progress", "Finished", "Response ID"]
QUALTRICS_IMPORT = [
    '{"ImportId":"startDate","timeZone":"America/Denver"}',
    '{"ImportId":"endDate","timeZone":"America/Denver"}',
    '{"ImportId":"progress"}',
    '{"ImportId":"finished"}',
    '{"ImportId":"_recordId"}',
]


@pytest.mark.parametrize(
    ("finished", "progress", "complete"),
    [
        ("1", "100", True),
        ("0", "100", False),
        ("0", "35", False),
        ("", "35", False),
        ("True", "100", True),
        ("FALSE", "", False),
        ("", "", True),
    ],
)
def test_qualtrics_partial_responses(
    tmp_path: Path, finished: str, progress: str, complete: bool
) -> None:
    records = [
        [*QUALTRICS_HEAD, "Q1"],
        [*QUALTRICS_LABELS, "Vraag"],
        [*QUALTRICS_IMPORT, '{"ImportId":"QID1"}'],
        ["2023-03-27 17:52:42", "2023-03-27 17:57:42", progress, finished, "R_1", "Ja"],
    ]
    table = open_export(write(tmp_path / "q.csv", records_to_csv(records)))
    assert [r.complete for r in table.responses()] == [complete]


@pytest.mark.parametrize(
    ("rows", "header_rows", "labels"),
    [
        ([[*QUALTRICS_HEAD, "Q1", "Q2_1", "Q2_2"]], 1, False),
        (
            [
                [*QUALTRICS_HEAD, "Q1", "Q2_1", "Q2_2"],
                [*QUALTRICS_LABELS, "Vraag", "Rij - a", "Rij - b"],
            ],
            2,
            True,
        ),
        (
            [
                [*QUALTRICS_HEAD, "Q1", "Q2_1", "Q2_2"],
                [
                    *QUALTRICS_IMPORT,
                    '{"ImportId":"QID1"}',
                    '{"ImportId":"QID2_1"}',
                    '{"ImportId":"QID2_2"}',
                ],
            ],
            2,
            False,
        ),
    ],
    ids=["codes-only", "labels-kept", "labels-deleted"],
)
def test_qualtrics_with_header_rows_deleted(
    tmp_path: Path, rows: list[list[str]], header_rows: int, labels: bool
) -> None:
    records = [
        *rows,
        ["2023-03-27 17:52:42", "2023-03-27 17:57:42", "100", "1", "R_1", "Ja", "3", "4"],
    ]
    table = open_export(write(tmp_path / "q.csv", records_to_csv(records)))
    assert (table.source, table.header_rows) == ("qualtrics", header_rows)
    assert metadata(table) == (QUALTRICS_LABELS if labels else QUALTRICS_HEAD)
    expected = (
        [
            ("answer", "Q1", "Vraag", None),
            ("answer", "Q2_1", "Rij", "a"),
            ("answer", "Q2_2", "Rij", "b"),
        ]
        if labels
        else [
            ("answer", "Q1", "Q1", None),
            ("answer", "Q2_1", "Q2_1", None),
            ("answer", "Q2_2", "Q2_2", None),
        ]
    )
    assert shapes(table) == expected
    assert [(r.row, r.respondent_id) for r in table.responses()] == [(header_rows + 1, "R_1")]


def test_qualtrics_matrix_question_with_dashes(tmp_path: Path) -> None:
    question = "Social media - hoe staat u ervoor?"
    records = [
        [*QUALTRICS_HEAD, "Q5_1", "Q5_2", "Q5_3", "Q6_1", "Q7", "Q7_3_TEXT", "department"],
        [
            *QUALTRICS_LABELS,
            f"{question} - Beleid",
            f"{question} - Team - training",
            f"{question} - Crisis",
            "Eén - twee",
            "Keuze - Selected Choice",
            "Keuze - Iets anders - Text",
            "department",
        ],
        [
            *QUALTRICS_IMPORT,
            '{"ImportId":"QID5_1"}',
            '{"ImportId":"QID5_2"}',
            '{"ImportId":"QID5_3"}',
            '{"ImportId":"QID6_1"}',
            '{"ImportId":"QID7"}',
            '{"ImportId":"QID7_3_TEXT"}',
            '{"ImportId":"department"}',
        ],
    ]
    table = open_export(write(tmp_path / "q.csv", records_to_csv(records)))
    assert shapes(table) == [
        ("answer", "Q5_1", question, "Beleid"),
        ("answer", "Q5_2", question, "Team - training"),
        ("answer", "Q5_3", question, "Crisis"),
        ("answer", "Q6_1", "Eén", "twee"),
        ("answer", "Q7", "Keuze", None),
        ("other-text", "Q7_3_TEXT", "Keuze", "Iets anders"),
    ]
    assert metadata(table)[-1] == "department"  # embedded data is not a question


def test_surveymonkey_matrix_and_multi_select_are_told_apart(tmp_path: Path) -> None:
    questions: list[QuestionSpec] = [
        (TEAM, "Beleid"),
        (TEAM, "Training"),
        Q(CHANNELS, options=("Beleid", "Training")),
    ]
    rows: list[Row] = [
        {(TEAM, "Beleid"): "Eens", (TEAM, "Training"): "Oneens", CHANNELS: ["Training"]},
        {(TEAM, "Beleid"): "Eens", CHANNELS: ["Beleid"]},
    ]
    table = open_export(write(tmp_path / "sm.csv", surveymonkey_csv(questions, rows)))
    assert shapes(table) == [
        ("answer", None, TEAM, "Beleid"),
        ("answer", None, TEAM, "Training"),
        ("multi", None, CHANNELS, "Beleid"),
        ("multi", None, CHANNELS, "Training"),
    ]
    assert [c.heading for c in table.columns[9:]] == [TEAM, "Training", CHANNELS, "Training"]


def test_surveymonkey_without_responses_keeps_options_as_answers(tmp_path: Path) -> None:
    table = open_export(write(tmp_path / "sm.csv", surveymonkey_csv(QUESTIONS, [])))
    assert [c.kind for c in table.columns if c.question == CHANNELS] == ["answer"] * 3
    assert list(table.responses()) == []


@pytest.mark.parametrize(
    ("submitdate", "complete"),
    [("2023-03-27 17:52:42", True), ("1980-01-01 00:00:00", True), ("", False)],
)
def test_limesurvey_completion(tmp_path: Path, submitdate: str, complete: bool) -> None:
    records = [
        ["id", "submitdate", "lastpage", "startlanguage", "Q1"],
        ["7", submitdate, "2", "nl", "A1"],
    ]
    data = records_to_csv(records, delimiter=";", encoding="utf-8-sig", quote_all=True)
    table = open_export(write(tmp_path / "l.csv", data))
    assert [(r.respondent_id, r.complete) for r in table.responses()] == [("7", complete)]


def test_limesurvey_array_with_yes_no_answers_is_not_multiple_choice(tmp_path: Path) -> None:
    records = [
        [
            "id",
            "submitdate",
            "lastpage",
            "startlanguage",
            "Q1[SQ001]",
            "Q1[SQ002]",
            "Q1[SQ001comment]",
        ],
        ["1", "2023-03-27 17:52:42", "2", "nl", "Y", "N", "uitleg"],
    ]
    table = open_export(write(tmp_path / "l.csv", records_to_csv(records, delimiter=";")))
    assert [c.kind for c in table.columns if c.kind != "meta"] == ["answer", "answer", "other-text"]


def test_typeform_without_response_type_uses_the_submit_date(tmp_path: Path) -> None:
    data = typeform_csv(QUESTIONS, ROWS, response_type=False)
    table = open_export(write(tmp_path / "t.csv", data))
    assert table.source == "typeform"
    assert [r.complete for r in table.responses()] == [True, False]


@pytest.mark.parametrize(
    ("heading", "respondent_id"),
    [
        ("Respondent", "P001"),
        ("respondent_id", "P001"),
        ("ID", "P001"),
        ("E-mail", "P001"),
        ("Afdeling", None),
    ],
)
def test_plain_csv_respondent_column(
    tmp_path: Path, heading: str, respondent_id: str | None
) -> None:
    table = open_export(
        write(tmp_path / "p.csv", plain_csv([STRATEGY], [{STRATEGY: "a"}], id_heading=heading))
    )
    assert table.source == "csv"
    assert [r.respondent_id for r in table.responses()] == [respondent_id]
    assert table.columns[0].kind == ("answer" if respondent_id is None else "meta")


def test_plain_csv_prefers_an_id_over_an_email_address(tmp_path: Path) -> None:
    data = records_to_csv(
        [["Email", "Timestamp", "Respondent ID", "Vraag"], ["a@b.nl", "t", "42", "Ja"]]
    )
    table = open_export(write(tmp_path / "p.csv", data))
    assert metadata(table) == ["Email", "Timestamp", "Respondent ID"]
    assert [r.respondent_id for r in table.responses()] == ["42"]


def test_detect_layout_works_on_records() -> None:
    layout = detect_layout([["Timestamp", "Vraag [Rij]"], ["1/1/2023 0:00:00", "Ja"]])
    assert layout.source == "google-forms"
    assert layout.columns[1] == Column(1, None, "Vraag [Rij]", "Vraag", "Rij", "answer")


# -- the data types ------------------------------------------------------------------


def test_response_built_directly(tmp_path: Path) -> None:
    """The row loop fills Response's slots itself; the result must be a normal Response."""
    table = open_export(
        write(tmp_path / "g.csv", google_forms_csv([STRATEGY], [{STRATEGY: "a"}], email=True))
    )
    (response,) = table.responses()
    assert type(response) is Response
    assert response == Response(2, "respondent1@example.org", True, response.cells, ())
    assert hash(response) == hash(Response(2, "respondent1@example.org", True, response.cells, ()))
    with pytest.raises(dataclasses.FrozenInstanceError):
        response.row = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Helemaal  Mee\u00a0Eens. ", "helemaal mee eens"),
        ("<strong>Hoe</strong> ver is uw strategie?", "hoe ver is uw strategie"),
        ("What&apos;s your team&#39;s size?", "what's your team's size"),
        ("‘Always on’ is “hard”", "'always on' is \"hard\""),
        ('"Ja."', "ja"),
        ("'t Hoekje", "'t hoekje"),
        ("ＦＵＬＬ width", "full width"),
        ("Other (please specify)", "other (please specify)"),
        ("Straße", "strasse"),
        ("-2", "-2"),
        ("Één stap…", "één stap"),
        ("\ufeffTimestamp", "timestamp"),
        ("a < b and c > d", "a < b and c > d"),
        ("", ""),
        # French typography: the space before ; : ! ? and inside « », « » as quotes.
        ("Qu\u2019en pensez-vous\u202f?", "qu'en pensez-vous"),
        ("Rarement\u202f; jamais", "rarement; jamais"),
        ("Oui\u00a0: souvent", "oui: souvent"),
        ("Oui : souvent", "oui: souvent"),
        ("un bouton «\u00a0J\u2019aime\u00a0»", 'un bouton "j\'aime"'),
        ("«\u00a0Ne sait pas\u00a0»", "ne sait pas"),
        ("l\u02bcéquipe", "l'équipe"),
        ("Inte\u0301gration", "intégration"),
    ],
)
def test_normalise_text(text: str, expected: str) -> None:
    assert normalise_text(text) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [("équipe", "equipe"), ("société", "societe"), ("cœur", "coeur"), ("plain", "plain"), ("ë", "e")],
)
def test_fold_accents(key: str, expected: str) -> None:
    assert fold_accents(key) == expected
