"""Write the real-layout fixtures beside this file, and expected.yaml.

Each fixture copies the structure of a real export found in a public repository (see
SOURCES.md: which file, which commit, what was checked) and fills it with the bundled
questionnaire (social-business 1.0.0) and a made-up panel of respondents. No respondent
data of the real files is copied. Run from the repository root:

    .venv/bin/python tests/data/exports/real/generate.py

The output is deterministic, so a re-run that changes a fixture shows up in `git diff`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import string
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
QUESTIONNAIRE = ROOT / "questionnaires" / "social-business.yaml"

Answers = dict[str, "str | None"]  # question id -> option id, None = unanswered

# -- the questionnaire -----------------------------------------------------------------

_model = yaml.safe_load(QUESTIONNAIRE.read_text(encoding="utf-8"))
assert _model["version"] == "1.0.0", "fixtures are written for social-business 1.0.0"
QUESTIONS: list[dict] = _model["questions"]
IDS = [q["id"] for q in QUESTIONS]
TEXT = {q["id"]: q["text"]["en"] for q in QUESTIONS}
OPTIONS = {q["id"]: [o["id"] for o in q["options"]] for q in QUESTIONS}
LABEL = {(q["id"], o["id"]): o["label"]["en"] for q in QUESTIONS for o in q["options"]}
SCORED = {
    q["id"]: [o["id"] for o in q["options"] if not o.get("not_applicable")] for q in QUESTIONS
}
NOT_APPLICABLE = {
    q["id"]: [o["id"] for o in q["options"] if o.get("not_applicable")] for q in QUESTIONS
}

# -- the panel -------------------------------------------------------------------------

PAGE = 9  # nine questions a phase; LimeSurvey and Qualtrics surveys get one page each
DROPPED_AFTER = 2 * PAGE  # the drop-out submitted two pages and closed the browser
BLANK_AT = (4, 12, 20, 29, 41)  # positions the "blanks" respondent skipped


def _all_best() -> Answers:
    return {q: SCORED[q][-1] for q in IDS}


def _all_worst() -> Answers:
    return {q: SCORED[q][0] for q in IDS}


def _mid() -> Answers:
    # Scores 1 and 2 alternating, and "don't know"/"not applicable" every fifth question
    # that has one, so a reader must tell those apart from scored options.
    found: Answers = {}
    for i, q in enumerate(IDS):
        if NOT_APPLICABLE[q] and i % 5 == 2:
            found[q] = NOT_APPLICABLE[q][0]
        else:
            found[q] = SCORED[q][min(1 + i % 2, len(SCORED[q]) - 1)]
    return found


def _dropout() -> Answers:
    mid = _mid()
    return {q: (mid[q] if i < DROPPED_AFTER else None) for i, q in enumerate(IDS)}


def _blanks() -> Answers:
    return {
        q: (None if i in BLANK_AT else SCORED[q][min(2, len(SCORED[q]) - 1)])
        for i, q in enumerate(IDS)
    }


def _preview() -> Answers:
    return {q: SCORED[q][1] for q in IDS}


# profile, answers, complete by the tool's marker, preview/test
PANEL: list[tuple[str, Answers, bool]] = [
    ("all-best", _all_best(), True),
    ("all-worst", _all_worst(), True),
    ("mid", _mid(), True),
    ("dropout", _dropout(), False),
    ("blanks", _blanks(), True),
]
PREVIEW = ("preview", _preview(), True)


def position(question: str, option: str) -> int:
    """1-based place of the option in the question's option list."""
    return OPTIONS[question].index(option) + 1


# -- writing ---------------------------------------------------------------------------


def write_csv(
    name: str,
    records: Sequence[Sequence[str]],
    *,
    delimiter: str = ",",
    line_end: str = "\n",
    bom: bool = False,
    trailing_delimiter: bool = False,
    quote_all: bool = False,
    tail: str = "",
) -> None:
    """CSV bytes with the quoting, separator, BOM and line ends of the real file."""
    out = io.StringIO()
    if quote_all:
        # LimeSurvey quotes every value but writes NULL (never reached) as nothing at all.
        for record in records:
            cells = ["" if cell is None else '"' + cell.replace('"', '""') + '"' for cell in record]
            out.write(delimiter.join(cells) + line_end)
    else:
        writer = csv.writer(out, delimiter=delimiter, lineterminator=line_end)
        for record in records:
            writer.writerow([*record, ""] if trailing_delimiter else record)
    text = out.getvalue() + tail
    (HERE / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))


def rng(name: str) -> random.Random:
    return random.Random(name)  # one fixed stream per fixture


def token(
    r: random.Random, length: int, alphabet: str = string.ascii_letters + string.digits
) -> str:
    return "".join(r.choice(alphabet) for _ in range(length))


START = dt.datetime(2024, 3, 11, 9, 0, 0)


def times(number: int) -> tuple[dt.datetime, dt.datetime]:
    start = START + dt.timedelta(hours=5 * number, minutes=7 * number)
    return start, start + dt.timedelta(minutes=11, seconds=23 + number)


def iso(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S")


EXPECTED: dict[str, dict] = {}


def expect(name: str, rows: list[tuple[str, str, Answers, bool, bool]], **facts: object) -> None:
    """Record what each data row of a fixture means: respondent, profile, answers, flags."""
    EXPECTED[name] = {
        **facts,
        "rows": [
            {
                "respondent": respondent,
                "profile": profile,
                "complete": complete,
                "preview": preview,
                "answers": dict(answers),
            }
            for respondent, profile, answers, complete, preview in rows
        ],
    }


# -- Qualtrics -------------------------------------------------------------------------

QUALTRICS_META = [
    ("StartDate", "Start Date", '{"ImportId":"startDate","timeZone":"Europe/Amsterdam"}'),
    ("EndDate", "End Date", '{"ImportId":"endDate","timeZone":"Europe/Amsterdam"}'),
    ("Status", "Response Type", '{"ImportId":"status"}'),
    ("IPAddress", "IP Address", '{"ImportId":"ipAddress"}'),
    ("Progress", "Progress", '{"ImportId":"progress"}'),
    ("Duration (in seconds)", "Duration (in seconds)", '{"ImportId":"duration"}'),
    ("Finished", "Finished", '{"ImportId":"finished"}'),
    ("RecordedDate", "Recorded Date", '{"ImportId":"recordedDate","timeZone":"Europe/Amsterdam"}'),
    ("ResponseId", "Response ID", '{"ImportId":"_recordId"}'),
    ("RecipientLastName", "Recipient Last Name", '{"ImportId":"recipientLastName"}'),
    ("RecipientFirstName", "Recipient First Name", '{"ImportId":"recipientFirstName"}'),
    ("RecipientEmail", "Recipient Email", '{"ImportId":"recipientEmail"}'),
    ("ExternalReference", "External Data Reference", '{"ImportId":"externalDataReference"}'),
    ("LocationLatitude", "Location Latitude", '{"ImportId":"locationLatitude"}'),
    ("LocationLongitude", "Location Longitude", '{"ImportId":"locationLongitude"}'),
    ("DistributionChannel", "Distribution Channel", '{"ImportId":"distributionChannel"}'),
    ("UserLanguage", "User Language", '{"ImportId":"userLanguage"}'),
]


def truncated(text: str) -> str:
    """Qualtrics' legacy and 2016 label rows: past 100 characters, 97 kept (trimmed) + '...'."""
    return text if len(text) <= 100 else text[:97].rstrip() + "..."


def progress(answers: Answers, complete: bool) -> int:
    return 100 if complete else round(100 * DROPPED_AFTER / len(IDS))


def qualtrics_current(name: str, numeric: bool) -> None:
    r = rng(name)
    header = [code for code, _, _ in QUALTRICS_META] + [f"Q{i}" for i in range(1, len(IDS) + 1)]
    labels = [label for _, label, _ in QUALTRICS_META] + [TEXT[q] for q in IDS]
    imports = [imp for _, _, imp in QUALTRICS_META] + [
        f'{{"ImportId":"QID{i}"}}' for i in range(1, len(IDS) + 1)
    ]
    records = [header, labels, imports]
    rows = []
    panel = [PREVIEW, *PANEL] if not numeric else [*PANEL, PREVIEW]
    for number, (profile, answers, complete) in enumerate(panel):
        is_preview = profile == "preview"
        start, end = times(number)
        response_id = "R_" + token(r, 15)
        if numeric:
            status = "1" if is_preview else "0"
            finished = "1" if complete else "0"
            cells = [str(position(q, a)) if a else "" for q, a in answers.items()]
        else:
            status = "Survey Preview" if is_preview else "IP Address"
            finished = "TRUE" if complete else "FALSE"
            cells = [LABEL[q, a] if a else "" for q, a in answers.items()]
        records.append(
            [
                iso(start),
                iso(end),
                status,
                "" if is_preview else f"192.0.2.{10 + number}",
                str(progress(answers, complete)),
                str(int((end - start).total_seconds())),
                finished,
                iso(end + dt.timedelta(seconds=1)),
                response_id,
                "",
                "",
                "",
                "",
                "52.3676",
                "4.9041",
                "preview" if is_preview else "anonymous",
                "EN",
                *cells,
            ]
        )
        rows.append((response_id, profile, answers, complete, is_preview))
    write_csv(name, records)
    expect(
        name,
        rows,
        tool="qualtrics",
        header_rows=3,
        values="numeric codes 1..n in option order" if numeric else "choice text",
    )


def qualtrics_legacy(name: str) -> None:
    r = rng(name)
    codes = [f"Q{i}" for i in range(1, len(IDS) + 1)]
    location = ["LocationLatitude", "LocationLongitude", "LocationAccuracy"]
    header = [f"V{i}" for i in range(1, 11)] + codes + location
    labels = [
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
        *(truncated(TEXT[q]) for q in IDS),
        *location,
    ]
    records = [header, labels]
    rows = []
    for number, (profile, answers, complete) in enumerate([*PANEL, PREVIEW]):
        is_preview = profile == "preview"
        start, end = times(number)
        response_id = "R_" + token(r, 15)
        # Seen but not answered is -99; never reached (after a drop-out) is empty.
        cells = [
            str(position(q, a)) if a else ("" if not complete else "-99")
            for q, a in answers.items()
        ]
        records.append(
            [
                response_id,
                "Default Response Set",
                "Anonymous",
                "",
                "",
                "" if is_preview else f"192.0.2.{10 + number}",
                "1" if is_preview else "0",
                iso(start),
                iso(end),
                "1" if complete else "0",
                *cells,
                "52.3676",
                "4.9041",
                "-1",
            ]
        )
        rows.append((response_id, profile, answers, complete, is_preview))
    write_csv(name, records, bom=True, trailing_delimiter=True)
    expect(
        name,
        rows,
        tool="qualtrics",
        header_rows=2,
        values="numeric codes 1..n in option order; -99 = seen, not answered",
    )


def qualtrics_2016(name: str) -> None:
    r = rng(name)
    meta = [
        ("ResponseID", "responseId"),
        ("ResponseSet", "responseSetId"),
        ("IPAddress", "ipAddress"),
        ("StartDate", "startDate"),
        ("EndDate", "endDate"),
        ("RecipientLastName", "panel-RecipientLastName"),
        ("RecipientFirstName", "panel-RecipientFirstName"),
        ("RecipientEmail", "panel-RecipientEmail"),
        ("ExternalDataReference", "panel-ExternalDataReference"),
        ("Finished", "finished"),
        ("Status", "status"),
    ]
    location = ["LocationLatitude", "LocationLongitude", "LocationAccuracy"]
    codes = [f"Q{i}" for i in range(1, len(IDS) + 1)]
    header = [code for code, _ in meta] + codes + location
    labels = [code for code, _ in meta] + [truncated(TEXT[q]) for q in IDS] + location
    imports = (
        [f"{{'ImportId': '{imp}'}}" for _, imp in meta]
        + [f"{{'ImportId': 'QID{i}'}}" for i in range(1, len(IDS) + 1)]
        + [f"{{'ImportId': 'Location-{field}'}}" for field in location]
    )
    records = [header, labels, imports]
    rows = []
    for number, (profile, answers, complete) in enumerate([*PANEL, PREVIEW]):
        is_test = profile == "preview"
        start, end = times(number)
        response_id = "R_" + token(r, 15)
        cells = [
            str(position(q, a)) if a else ("" if not complete else "-99")
            for q, a in answers.items()
        ]
        records.append(
            [
                response_id,
                "Default Response Set",
                "" if is_test else f"192.0.2.{10 + number}",
                iso(start),
                iso(end),
                "",
                "",
                "",
                "",
                "1" if complete else "0",
                "2" if is_test else "0",
                *cells,
                "52.3676",
                "4.9041",
                "-1",
            ]
        )
        rows.append((response_id, profile if not is_test else "test", answers, complete, is_test))
    write_csv(name, records)
    expect(
        name,
        rows,
        tool="qualtrics",
        header_rows=3,
        values="numeric codes 1..n in option order; -99 = seen, not answered",
    )


# -- SurveyMonkey ----------------------------------------------------------------------

SM_META = [
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
]


def sm_cells(answers: Answers) -> list[str]:
    return [LABEL[q, a] if a else "" for q, a in answers.items()]


def sm_when(when: dt.datetime) -> str:
    return when.strftime("%m/%d/%Y %I:%M:%S %p")


def surveymonkey(name: str, style: str) -> None:
    r = rng(name)
    questions = [TEXT[q] for q in IDS]
    if style == "expanded":
        records = [SM_META + questions, [""] * len(SM_META) + ["Response"] * len(IDS)]
    elif style == "tidied":
        records = [["Respondent ID", *questions], ["", *["Response"] * len(IDS)]]
    else:  # pandas: metadata deleted, the index written as a first column
        records = [["", *questions], ["0", *["Response"] * len(IDS)]]
    rows = []
    for number, (profile, answers, _complete) in enumerate(PANEL):
        respondent = str(118120000000 + r.randrange(10**8))
        start, end = times(number)
        if style == "expanded":
            meta = [
                respondent,
                "445566778",
                sm_when(start),
                sm_when(end),
                f"192.0.2.{10 + number}",
                "",
                "",
                "",
                "",
            ]
        elif style == "tidied":
            meta = [respondent]
        else:
            meta = [str(number + 1)]
            respondent = meta[0]
        records.append([*meta, *sm_cells(answers)])
        # SurveyMonkey marks no partial response: the drop-out is a row with blanks.
        rows.append((respondent, profile, answers, True, False))
    line_end = "\n" if style == "pandas" else "\r\n"
    write_csv(name, records, line_end=line_end)
    expect(name, rows, tool="surveymonkey", header_rows=2, values="choice text")


# -- LimeSurvey ------------------------------------------------------------------------


def lime_code(question: str) -> str:
    """A question code as a LimeSurvey author would type it: letters only, no '-'."""
    return question.replace("-", "")


def lime_answer_code(question: str, option: str) -> str:
    return f"AO{position(question, option):02d}"


def limesurvey(name: str, style: str) -> None:
    r = rng(name)
    rows = []
    if style == "codes":
        header = ["id", "submitdate", "lastpage", "startlanguage", "seed"] + [
            lime_code(q) for q in IDS
        ]
    else:
        header = [
            "Response ID",
            "Date submitted",
            "Last page",
            "Start language",
            "Seed",
            "Date started",
            "Date last action",
        ] + [TEXT[q] for q in IDS]
    records: list[list[str | None]] = [list(header)]
    for number, (profile, answers, complete) in enumerate(PANEL):
        respondent = str(21 + number)
        start, end = times(number)
        seed = str(r.randrange(10**8, 2 * 10**9))
        pages = str(len(IDS) // PAGE if complete else DROPPED_AFTER // PAGE)
        cells: list[str | None] = []
        for i, (q, a) in enumerate(answers.items()):
            if a is None:
                # Seen and skipped is an empty string; never reached is NULL.
                cells.append(None if i >= DROPPED_AFTER and not complete else "")
            elif style == "codes":
                cells.append(lime_answer_code(q, a))
            else:
                cells.append(LABEL[q, a])
        if style == "codes":
            # An anonymised survey without date stamps: submitdate is a fixed 1980 date.
            meta: list[str | None] = [
                respondent,
                "1980-01-01 00:00:00" if complete else None,
                pages,
                "en",
                seed,
            ]
        else:
            meta = [
                respondent,
                iso(end) if complete else None,
                pages,
                "en",
                seed,
                iso(start),
                iso(end),
            ]
        records.append(meta + cells)
        rows.append((respondent, profile, answers, complete, False))
    if style == "codes":
        write_csv(
            name, records, delimiter=";", line_end="\r\n", bom=True, quote_all=True, tail="\r\n"
        )
    else:
        write_csv(name, records, delimiter=",", line_end="\r\n", bom=True, quote_all=True)
    expect(
        name,
        rows,
        tool="limesurvey",
        header_rows=1,
        values="answer codes AO01.. in option order" if style == "codes" else "full answer text",
    )


# -- Typeform --------------------------------------------------------------------------

# How the form's author formatted some titles in Typeform's editor; the export writes the
# emphasis as markdown: *bold*, _italic_.
TYPEFORM_TITLES: dict[str, Callable[[str], str]] = {
    "official-accounts": lambda t: f"*{t}*",
    "account-ownership": lambda t: t.replace("responsible", "*responsible*"),
    "content-calendar": lambda t: f"_{t}_",
    "feedback-loop": lambda t: f"*{t}*",
}


def typeform(name: str) -> None:
    r = rng(name)
    titles = [TYPEFORM_TITLES.get(q, lambda t: t)(TEXT[q]) for q in IDS]
    tail = [
        "Response Type",
        "Start Date (UTC)",
        "Stage Date (UTC)",
        "Submit Date (UTC)",
        "Network ID",
        "Tags",
    ]
    records = [["#", *titles, *tail]]
    rows = []
    for number, (profile, answers, complete) in enumerate(PANEL):
        respondent = token(r, 32, string.ascii_lowercase + string.digits)
        start, end = times(number)
        cells = [LABEL[q, a] if a else "" for q, a in answers.items()]
        records.append(
            [
                respondent,
                *cells,
                "completed" if complete else "partial",
                iso(start),
                "" if complete else iso(end),
                iso(end) if complete else "",
                token(r, 10, "0123456789abcdef"),
                "",
            ]
        )
        rows.append((respondent, profile, answers, complete, False))
    write_csv(name, records)
    expect(name, rows, tool="typeform", header_rows=1, values="choice text")


# -- Google Forms ----------------------------------------------------------------------


def google_forms(name: str) -> None:
    records = [["Timestamp", "Email Address", *(TEXT[q] for q in IDS)]]
    rows = []
    # Google Forms keeps no partial responses: no drop-out row.
    for number, (profile, answers, _complete) in enumerate(p for p in PANEL if p[0] != "dropout"):
        _, end = times(number)
        email = f"respondent{number + 1}@example.org"
        stamp = f"{end.month}/{end.day}/{end.year} {end:%H:%M:%S}"
        records.append([stamp, email, *(LABEL[q, a] if a else "" for q, a in answers.items())])
        rows.append((email, profile, answers, True, False))
    write_csv(name, records, line_end="\r\n")
    expect(name, rows, tool="google-forms", header_rows=1, values="choice text")


# -- Microsoft Forms -------------------------------------------------------------------


def _fixed_zip_times(data: bytes) -> bytes:
    """The same workbook with every zip entry dated alike, so re-runs give the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=(2024, 3, 12, 8, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(entry.filename))
    return out.getvalue()


def microsoft_forms(name: str) -> None:
    order = list(IDS)
    # Microsoft documents that response columns can come out of question order.
    order[6], order[7] = order[7], order[6]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(
        ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]
        + [TEXT[q] for q in order]
    )
    rows = []
    for number, (profile, answers, _complete) in enumerate(p for p in PANEL if p[0] != "dropout"):
        start, end = times(number)
        respondent = number + 1
        sheet.append(
            [respondent, start, end, "anonymous", None, None]
            + [LABEL[q, answers[q]] if answers[q] else None for q in order]
        )
        rows.append((str(respondent), profile, answers, True, False))
    fixed = dt.datetime(2024, 3, 12, 8, 0, 0)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.creator = None
    out = io.BytesIO()
    workbook.save(out)
    (HERE / name).write_bytes(_fixed_zip_times(out.getvalue()))
    expect(name, rows, tool="microsoft-forms", header_rows=1, values="choice text")


# -- all -------------------------------------------------------------------------------


def main() -> None:
    qualtrics_current("qualtrics-numeric.csv", numeric=True)
    qualtrics_current("qualtrics-choice-text-preview.csv", numeric=False)
    qualtrics_legacy("qualtrics-legacy.csv")
    qualtrics_2016("qualtrics-2016.csv")
    surveymonkey("surveymonkey-expanded.csv", "expanded")
    surveymonkey("surveymonkey-tidied.csv", "tidied")
    surveymonkey("surveymonkey-tidied-pandas.csv", "pandas")
    limesurvey("limesurvey-codes-semicolon.csv", "codes")
    limesurvey("limesurvey-fulltext-comma.csv", "full")
    typeform("typeform-markdown.csv")
    google_forms("google-forms.csv")
    microsoft_forms("microsoft-forms.xlsx")
    header = (
        "# What each data row of each fixture means, written by generate.py.\n"
        "# answers: question id -> option id of social-business 1.0.0, null = unanswered.\n"
        "# complete: the tool's own completion marker (Finished, submitdate, Response Type);\n"
        "# true where the tool has none. preview: a Qualtrics preview or test response.\n"
    )
    body = yaml.safe_dump(
        {"questionnaire": "social-business", "version": "1.0.0", "fixtures": EXPECTED},
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    (HERE / "expected.yaml").write_text(header + body, encoding="utf-8")


if __name__ == "__main__":
    main()
