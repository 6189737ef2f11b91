"""Builders of realistic survey-tool exports, for reading tests and batch scoring tests.

Every builder takes the same simple spec and returns the bytes of an export file as the
tool would write it, with the tool's header rows, metadata columns and values:

    questions = [
        "How far is your social media strategy?",                 # one column
        ("Rate your team", "We have a content calendar"),         # a grid / matrix row
        ("Rate your team", "Legal approves posts within a day"),
        Q("Which channels do you use?", options=("Facebook", "LinkedIn", "X")),  # multi-select
        Q("Who owns social?", other="Other"),                     # with an "Other" text box
    ]
    rows = [
        {
            "How far is your social media strategy?": "Dialogue",
            ("Rate your team", "We have a content calendar"): "Agree",
            "Which channels do you use?": ["Facebook", "X"],
            "Who owns social?": "Other",
            ("Who owns social?", "Other"): "The intern",         # the Other text
            "_id": "R_1", "_complete": False, "_email": "an@example.org",
        },
    ]
    path = write(tmp_path / "export.csv", google_forms_csv(questions, rows))

Answers are keyed by the question text, or (question, statement) for grid rows; a list
answers a multi-select. Keys starting with '_' set metadata: `_id` (the tool's response
id; generated when absent), `_complete` (False makes a partial response in the tools that
mark them), `_email`. Missing answers are empty cells.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import openpyxl


@dataclass(frozen=True)
class Q:
    """One question column (or column group) of a spec.

    `statement`: the grid row / matrix statement this column answers.
    `code`: the tool's code for the column, generated when None (Qualtrics, LimeSurvey).
    `options`: the options of a multi-select; tools that give one column per option need them.
    `other`: the label of an "Other" choice with a text box, adding an other-text column.
    """

    text: str
    statement: str | None = None
    code: str | None = None
    options: tuple[str, ...] = ()
    other: str | None = None


QuestionSpec = str | tuple[str, str | None] | Q
Answer = str | Sequence[str] | bool | None
Row = Mapping[str | tuple[str, str | None], Answer]

START = dt.datetime(2023, 3, 27, 17, 52, 42)
CSV_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252")


def write(path: Path, data: bytes) -> Path:
    """Write an export's bytes to `path` and return the path."""
    path.write_bytes(data)
    return path


def questions_of(specs: Sequence[QuestionSpec]) -> list[Q]:
    """The specs as Q objects."""
    found = []
    for spec in specs:
        if isinstance(spec, Q):
            found.append(spec)
        elif isinstance(spec, str):
            found.append(Q(spec))
        else:
            found.append(Q(spec[0], spec[1]))
    return found


def records_to_csv(
    records: Sequence[Sequence[object]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    quote_all: bool = False,
    line_end: str = "\r\n",
) -> bytes:
    """CSV bytes as the tools write them ('utf-16' gives a BOM, as Excel's Unicode text)."""
    text = io.StringIO()
    writer = csv.writer(
        text,
        delimiter=delimiter,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
        lineterminator=line_end,
    )
    writer.writerows(records)
    return text.getvalue().encode(encoding)


def records_to_xlsx(records: Sequence[Sequence[object]], sheet: str = "Sheet1") -> bytes:
    """An XLSX workbook with the records on its first sheet (None leaves a cell empty)."""
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet
    for record in records:
        worksheet.append([None if value == "" else value for value in record])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# -- answers -------------------------------------------------------------------------


def _key(question: Q) -> str | tuple[str, str | None]:
    return (question.text, question.statement) if question.statement else question.text


def _answer(row: Row, question: Q) -> Answer:
    return row.get(_key(question))


def _text(value: Answer, separator: str = ", ", trailing: str = "") -> str:
    if value is None or value is False:
        return ""
    if value is True:
        return "1"
    if isinstance(value, str):
        return value
    return separator.join(value) + (trailing if value else "")


def _chosen(row: Row, question: Q) -> list[str]:
    value = _answer(row, question)
    if value is None or isinstance(value, bool):
        return []
    return [value] if isinstance(value, str) else list(value)


def _other_text(row: Row, question: Q) -> str:
    return _text(row.get((question.text, question.other))) if question.other else ""


def _complete(row: Row) -> bool:
    return row.get("_complete", True) is not False


def _groups(questions: Sequence[Q]) -> list[list[Q]]:
    """Consecutive grid rows of the same question form one group (one matrix)."""
    groups: list[list[Q]] = []
    for question in questions:
        if (
            groups
            and question.statement is not None
            and groups[-1][-1].statement is not None
            and groups[-1][-1].text == question.text
        ):
            groups[-1].append(question)
        else:
            groups.append([question])
    return groups


def _meta(row: Row, name: str, default: str) -> str:
    value = row.get(name)
    return default if value is None else str(value)


# -- Google Forms ---------------------------------------------------------------------


def google_forms_records(
    questions: Sequence[QuestionSpec], rows: Sequence[Row], *, email: bool = False
) -> list[list[str]]:
    """Google Forms sheet records: Timestamp, Email address, `Question [Row]` grids."""
    found = questions_of(questions)
    header = ["Timestamp", *(["Email address"] if email else [])]
    header += [f"{q.text} [{q.statement}]" if q.statement else q.text for q in found]
    records = [header]
    for number, row in enumerate(rows):
        when = START + dt.timedelta(minutes=7 * number)
        stamp = f"{when.month}/{when.day}/{when.year} {when:%H:%M:%S}"
        record = [stamp]
        if email:
            record.append(_meta(row, "_email", f"respondent{number + 1}@example.org"))
        for question in found:
            answer = _text(_answer(row, question))
            if question.other and answer == question.other:
                answer = _other_text(row, question)  # Google writes the typed text itself
            record.append(answer)
        records.append(record)
    return records


def google_forms_csv(
    questions: Sequence[QuestionSpec],
    rows: Sequence[Row],
    *,
    email: bool = False,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> bytes:
    """A Google Forms responses sheet downloaded as CSV (every field quoted)."""
    records = google_forms_records(questions, rows, email=email)
    return records_to_csv(records, delimiter=delimiter, encoding=encoding, quote_all=True)


# -- Microsoft Forms ------------------------------------------------------------------


def microsoft_forms_records(
    questions: Sequence[QuestionSpec],
    rows: Sequence[Row],
    *,
    last_modified: bool = True,
    metadata_last: bool = False,
) -> list[list[object]]:
    """Microsoft Forms records: ID, times (datetimes), Email, Name; Likert rows by statement."""
    found = questions_of(questions)
    meta = ["ID", "Start time", "Completion time", "Email", "Name"]
    if last_modified:
        meta.append("Last modified time")
    answers = [q.statement or q.text for q in found]
    header: list[object] = [*answers, *meta] if metadata_last else [*meta, *answers]
    records: list[list[object]] = [header]
    for number, row in enumerate(rows):
        started = START + dt.timedelta(minutes=7 * number)
        values: list[object] = [
            int(_meta(row, "_id", str(number + 1))),
            started,
            started + dt.timedelta(minutes=4, seconds=13),
            _meta(row, "_email", "anonymous"),
            "",
        ]
        if last_modified:
            values.append("")
        cells: list[object] = []
        for question in found:
            value = _answer(row, question)
            if question.options:
                cells.append(_text(value, ";", trailing=";"))
            else:
                cells.append(_text(value))
        records.append(cells + values if metadata_last else values + cells)
    return records


def microsoft_forms_xlsx(
    questions: Sequence[QuestionSpec],
    rows: Sequence[Row],
    *,
    last_modified: bool = True,
    metadata_last: bool = False,
) -> bytes:
    """A Microsoft Forms "Open in Excel" workbook."""
    records = microsoft_forms_records(
        questions, rows, last_modified=last_modified, metadata_last=metadata_last
    )
    return records_to_xlsx(records, sheet="Form1")


# -- Qualtrics ------------------------------------------------------------------------

_QUALTRICS_META = (
    # code, label, ImportId
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
)
_QUALTRICS_LEGACY_META = (
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
)


def qualtrics_columns(questions: Sequence[QuestionSpec]) -> list[tuple[str, str, str, Q, bool]]:
    """(code, label, ImportId, question, is the other-text column) for each answer column."""
    columns = []
    for number, group in enumerate(_groups(questions_of(questions)), start=1):
        for sub, question in enumerate(group, start=1):
            matrix = question.statement is not None
            code = question.code or (f"Q{number}_{sub}" if matrix else f"Q{number}")
            qid = f"QID{number}_{sub}" if matrix else f"QID{number}"
            if matrix:
                label = f"{question.text} - {question.statement}"
            elif question.other:
                label = f"{question.text} - Selected Choice"
            else:
                label = question.text
            columns.append((code, label, json.dumps({"ImportId": qid}), question, False))
            if question.other:
                choice = len(question.options) + 1 if question.options else 4
                columns.append(
                    (
                        f"{code}_{choice}_TEXT",
                        f"{question.text} - {question.other} - Text",
                        json.dumps({"ImportId": f"{qid}_{choice}_TEXT"}),
                        question,
                        True,
                    )
                )
    return columns


def qualtrics_records(
    questions: Sequence[QuestionSpec], rows: Sequence[Row], *, legacy: bool = False
) -> list[list[str]]:
    """Qualtrics records: three header rows (legacy: V1..V10 over labels, two rows)."""
    columns = qualtrics_columns(questions)
    if legacy:
        records = [
            [f"V{n}" for n in range(1, 11)] + [code for code, *_ in columns],
            list(_QUALTRICS_LEGACY_META) + [label for _, label, *_ in columns],
        ]
    else:
        records = [
            [code for code, _, _ in _QUALTRICS_META] + [code for code, *_ in columns],
            [label for _, label, _ in _QUALTRICS_META] + [label for _, label, *_ in columns],
            [import_id for *_, import_id in _QUALTRICS_META]
            + [import_id for _, _, import_id, *_ in columns],
        ]
    for number, row in enumerate(rows):
        started = START + dt.timedelta(minutes=7 * number)
        ended = started + dt.timedelta(seconds=253)
        complete = _complete(row)
        response_id = _meta(row, "_id", f"R_{number + 1:04d}aBcDeFgHiJkLm")
        finished = "1" if complete else "0"
        progress = "100" if complete else "40"
        if legacy:
            meta = [
                response_id,
                "Default Response Set",
                "Anonymous",
                "",
                _meta(row, "_email", ""),
                "192.0.2.17",
                "0",
                f"{started:%Y-%m-%d %H:%M:%S}",
                f"{ended:%Y-%m-%d %H:%M:%S}",
                finished,
            ]
        else:
            meta = [
                f"{started:%Y-%m-%d %H:%M:%S}",
                f"{ended:%Y-%m-%d %H:%M:%S}",
                "IP Address",
                "192.0.2.17",
                progress,
                "253",
                finished,
                f"{ended:%Y-%m-%d %H:%M:%S}",
                response_id,
                "",
                "",
                _meta(row, "_email", ""),
                "",
                "52.3676",
                "4.9041",
                "anonymous",
                "NL",
            ]
        answers = [
            _other_text(row, question) if is_other else _text(_answer(row, question), ",")
            for _, _, _, question, is_other in columns
        ]
        records.append(meta + answers)
    return records


def qualtrics_csv(
    questions: Sequence[QuestionSpec],
    rows: Sequence[Row],
    *,
    legacy: bool = False,
    encoding: str = "utf-8-sig",
    delimiter: str = ",",
) -> bytes:
    """A Qualtrics CSV export (UTF-8 with BOM); `encoding='utf-16', delimiter='\\t'` gives TSV."""
    records = qualtrics_records(questions, rows, legacy=legacy)
    return records_to_csv(records, delimiter=delimiter, encoding=encoding)


# -- SurveyMonkey ---------------------------------------------------------------------

_SURVEYMONKEY_META = (
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
)


def surveymonkey_records(questions: Sequence[QuestionSpec], rows: Sequence[Row]) -> list[list[str]]:
    """SurveyMonkey expanded records: question text above its first column only."""
    top = list(_SURVEYMONKEY_META)
    labels = [""] * len(top)
    cells: list[tuple[Q, str]] = []  # (question, what the column holds)
    for group in _groups(questions_of(questions)):
        first = len(top)
        for question in group:
            if question.options:
                for option in question.options:
                    top.append("")
                    labels.append(option)
                    cells.append((question, f"option:{option}"))
            else:
                top.append("")
                labels.append(question.statement or "Response")
                cells.append((question, "answer"))
            if question.other:
                top.append("")
                labels.append("Other (please specify)")
                cells.append((question, "other"))
        top[first] = group[0].text
    records = [top, labels]
    for number, row in enumerate(rows):
        started = START + dt.timedelta(minutes=7 * number)
        ended = started + dt.timedelta(seconds=253)
        record = [
            _meta(row, "_id", str(114023456789 + number)),
            "431234567",
            started.strftime("%m/%d/%Y %I:%M:%S %p"),
            ended.strftime("%m/%d/%Y %I:%M:%S %p"),
            "192.0.2.17",
            _meta(row, "_email", ""),
            "",
            "",
            "",
        ]
        for question, holds in cells:
            if holds == "other":
                record.append(_other_text(row, question))
            elif holds.startswith("option:"):
                option = holds[len("option:") :]
                record.append(option if option in _chosen(row, question) else "")
            else:
                record.append(_text(_answer(row, question)))
        records.append(record)
    return records


def surveymonkey_csv(
    questions: Sequence[QuestionSpec],
    rows: Sequence[Row],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> bytes:
    """A SurveyMonkey "all responses data" CSV in the expanded format."""
    records = surveymonkey_records(questions, rows)
    return records_to_csv(records, delimiter=delimiter, encoding=encoding)


def surveymonkey_xlsx(questions: Sequence[QuestionSpec], rows: Sequence[Row]) -> bytes:
    """The same export as XLSX; respondent and collector ids are numbers there."""
    records: list[list[object]] = [list(r) for r in surveymonkey_records(questions, rows)]
    for record in records[2:]:
        record[0] = int(str(record[0])) if str(record[0]).isdigit() else record[0]
        record[1] = int(str(record[1]))
    return records_to_xlsx(records, sheet="Sheet")


# -- LimeSurvey -----------------------------------------------------------------------

Headings = Literal["code", "full", "code+text"]
_LIMESURVEY_META = (
    ("id", "Response ID"),
    ("submitdate", "Date submitted"),
    ("lastpage", "Last page"),
    ("startlanguage", "Start language"),
    ("seed", "Seed"),
    ("startdate", "Date started"),
    ("datestamp", "Date last action"),
)


def limesurvey_columns(questions: Sequence[QuestionSpec]) -> list[tuple[str, str, Q, str]]:
    """(code, text heading, question, what the column holds) for each answer column."""
    columns = []
    for number, group in enumerate(_groups(questions_of(questions)), start=1):
        for sub, question in enumerate(group, start=1):
            base = question.code or f"Q{number}"
            if question.options:
                for n, option in enumerate(question.options, start=1):
                    columns.append(
                        (
                            f"{base}[SQ{n:03d}]",
                            f"{question.text} [{option}]",
                            question,
                            f"option:{option}",
                        )
                    )
            elif question.statement is not None:
                code = question.code or f"Q{number}[SQ{sub:03d}]"
                columns.append(
                    (code, f"{question.text} [{question.statement}]", question, "answer")
                )
            else:
                columns.append((base, question.text, question, "answer"))
            if question.other:
                columns.append(
                    (f"{base}[other]", f"{question.text} [{question.other}]", question, "other")
                )
    return columns


def limesurvey_records(
    questions: Sequence[QuestionSpec],
    rows: Sequence[Row],
    *,
    headings: Headings = "code",
    separator: str = ". ",
) -> list[list[str]]:
    """LimeSurvey records with headings as codes, full text, or code and text."""
    columns = limesurvey_columns(questions)
    pairs = [*_LIMESURVEY_META, *((code, text) for code, text, _, _ in columns)]
    if headings == "code":
        header = [code for code, _ in pairs]
    elif headings == "full":
        header = [text for _, text in pairs]
    else:
        header = [f"{code}{separator}{text}" for code, text in pairs]
    records = [header]
    for number, row in enumerate(rows):
        started = START + dt.timedelta(minutes=7 * number)
        ended = started + dt.timedelta(seconds=253)
        complete = _complete(row)
        record = [
            _meta(row, "_id", str(number + 1)),
            f"{ended:%Y-%m-%d %H:%M:%S}" if complete else "",
            "3" if complete else "1",
            "nl",
            str(1204958203 + number),
            f"{started:%Y-%m-%d %H:%M:%S}",
            f"{ended:%Y-%m-%d %H:%M:%S}",
        ]
        for _, _, question, holds in columns:
            if holds == "other":
                record.append(_other_text(row, question))
            elif holds.startswith("option:"):
                record.append("Y" if holds[len("option:") :] in _chosen(row, question) else "")
            else:
                record.append(_text(_answer(row, question)))
        records.append(record)
    return records


def limesurvey_csv(
    questions: Sequence[QuestionSpec],
    rows: Sequence[Row],
    *,
    headings: Headings = "code",
    encoding: str = "utf-8-sig",
    delimiter: str = ";",
) -> bytes:
    """A LimeSurvey CSV export: BOM, CRLF, every value quoted, ';' between them."""
    records = limesurvey_records(questions, rows, headings=headings)
    return records_to_csv(records, delimiter=delimiter, encoding=encoding, quote_all=True)


# -- Typeform -------------------------------------------------------------------------


def typeform_records(
    questions: Sequence[QuestionSpec],
    rows: Sequence[Row],
    *,
    bold: bool = True,
    response_type: bool = True,
) -> list[list[str]]:
    """Typeform records: '#', titles (first word in <strong> when `bold`), then metadata.

    A multi-select gives one column per option headed and filled with the option label,
    a matrix one column per row headed by the row [inferred]; yes/no answers are 1/0.
    """
    found = questions_of(questions)
    header = ["#"]
    for question in found:
        if question.options:
            header += list(question.options)
        elif question.statement:
            header.append(question.statement)
        else:
            first, _, rest = question.text.partition(" ")
            title = f"<strong>{first}</strong> {rest}".rstrip() if bold else question.text
            header.append(title)
    if response_type:
        header.append("Response Type")
    header += ["Start Date (UTC)", "Stage Date (UTC)", "Submit Date (UTC)", "Network ID", "Tags"]
    records = [header]
    for number, row in enumerate(rows):
        started = START + dt.timedelta(minutes=7 * number)
        complete = _complete(row)
        record = [_meta(row, "_id", f"{number + 1:04d}q9n3k5b7x2v8m4c6z1l0")]
        for question in found:
            if question.options:
                chosen = _chosen(row, question)
                record += [option if option in chosen else "" for option in question.options]
            else:
                record.append(_text(_answer(row, question)))
        if response_type:
            record.append("completed" if complete else "partial")
        stage = started + dt.timedelta(seconds=90)
        record += [
            f"{started:%Y-%m-%d %H:%M:%S}",
            f"{stage:%Y-%m-%d %H:%M:%S}",
            f"{started + dt.timedelta(seconds=253):%Y-%m-%d %H:%M:%S}" if complete else "",
            "3f6a9c1e2b",
            "",
        ]
        records.append(record)
    return records


def typeform_csv(
    questions: Sequence[QuestionSpec],
    rows: Sequence[Row],
    *,
    bold: bool = True,
    response_type: bool = True,
    encoding: str = "utf-8",
) -> bytes:
    """A Typeform responses CSV."""
    records = typeform_records(questions, rows, bold=bold, response_type=response_type)
    return records_to_csv(records, encoding=encoding)


# -- plain CSV ------------------------------------------------------------------------


def plain_records(
    questions: Sequence[QuestionSpec], rows: Sequence[Row], *, id_heading: str = "Respondent"
) -> list[list[str]]:
    """A hand-made table: an id column, then `Question` or `Question [Row]` columns.

    Multi-select answers are joined with ', ' (a plain CSV has no convention the reader
    could split by, so it hands them on as one value).
    """
    found = questions_of(questions)
    header = [id_heading] + [f"{q.text} [{q.statement}]" if q.statement else q.text for q in found]
    records = [header]
    for number, row in enumerate(rows):
        records.append(
            [_meta(row, "_id", f"P{number + 1:03d}")] + [_text(_answer(row, q)) for q in found]
        )
    return records


def plain_csv(
    questions: Sequence[QuestionSpec],
    rows: Sequence[Row],
    *,
    id_heading: str = "Respondent",
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> bytes:
    """A plain CSV with one header row."""
    records = plain_records(questions, rows, id_heading=id_heading)
    return records_to_csv(records, delimiter=delimiter, encoding=encoding)
