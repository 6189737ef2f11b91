"""`survey export`: every tool's file parsed back and checked against the questionnaire,
and the round trip: the export each tool gives for that survey, in its real layout
(tests/data/exports/real/SOURCES.md), scored by batch exactly as `score` scores the
same answers.

The exports are built from the *parsed survey file* (its codes, titles, labels and
recode values), not from the questionnaire, so a survey that lost or changed anything
the export needs fails here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
import yaml

from socialmaturity.model import AnswerSheet
from socialmaturity.scoring import MaturityModel, score
from socialmaturity.surveyexport import TOOLS, export_survey

DATA = Path(__file__).resolve().parent / "data" / "survey-export"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Parsed:
    """What a survey file holds, read back the way the tool would read it."""

    title: str
    sections: list[str]
    group: str | None  # the group question's text
    questions: list[tuple[str, str, list[tuple[str, str]]]]  # (code or title, text, [(code, label)])
    help: dict[str, str]  # code -> help text, where the tool carries it


# -- readers: each format parsed back -------------------------------------------------


def read_qsf(data: bytes, language: str | None = None) -> Parsed:
    document = json.loads(data)
    elements = document["SurveyElements"]
    blocks = next(e for e in elements if e["Element"] == "BL")["Payload"]
    questions = {e["PrimaryAttribute"]: e["Payload"] for e in elements if e["Element"] == "SQ"}
    found = []
    group = None
    for block in blocks:
        for item in block["BlockElements"]:
            payload = questions[item["QuestionID"]]
            if payload["QuestionType"] == "TE":
                group = payload["QuestionText"]
                continue
            source = payload
            if language is not None:
                source = payload["Language"][language.upper()]
            choices = [
                (payload["RecodeValues"][key], source["Choices"][key]["Display"])
                for key in payload["ChoiceOrder"]
            ]
            found.append((payload["DataExportTag"], source["QuestionText"], choices))
    return Parsed(
        document["SurveyEntry"]["SurveyName"], [b["Description"] for b in blocks], group, found, {}
    )


def read_limesurvey(data: bytes, language: str) -> Parsed:
    records = list(csv.reader(io.StringIO(data.decode("utf-8")), delimiter="\t"))
    header = records[0]
    rows = [dict(zip(header, record, strict=True)) for record in records[1:]]
    title = next(r["text"] for r in rows if r["class"] == "SL" and r["name"] == "surveyls_title" and r["language"] == language)
    sections = [r["name"] for r in rows if r["class"] == "G" and r["language"] == language]
    found: list[tuple[str, str, list[tuple[str, str]]]] = []
    helps = {}
    group = None
    current: list[tuple[str, str]] | None = None
    for row in rows:
        if row["language"] != language:
            continue
        if row["class"] == "Q" and row["type/scale"] == "S":
            group = row["text"]
        elif row["class"] == "Q":
            assert row["type/scale"] == "L"
            current = []
            found.append((row["name"], row["text"], current))
            if row["help"]:
                helps[row["name"]] = row["help"]
        elif row["class"] == "A":
            assert current is not None
            current.append((row["name"], row["text"]))
    return Parsed(title, sections, group, found, helps)


_CALL = re.compile(r"\.(setTitle|setHelpText|setChoiceValues|addPageBreakItem|addMultipleChoiceItem|addTextItem|create|setDescription)\((.*?)\);?$")


def read_apps_script(data: bytes) -> Parsed:
    title = ""
    sections: list[str] = []
    found: list[tuple[str, str, list[tuple[str, str]]]] = []
    helps = {}
    group = None
    pending = None  # the kind of item the next setTitle names
    for line in data.decode("utf-8").splitlines():
        for call, argument in re.findall(r"\.(\w+)\(((?:\"(?:[^\"\\]|\\.)*\"|\[[^\]]*\]|[^()])*)\)", line):
            value = json.loads(argument) if argument.startswith(("\"", "[")) else None
            if call == "create":
                title = value
            elif call == "setDescription":
                sections.append(value)
            elif call == "addPageBreakItem":
                pending = "section"
            elif call == "addTextItem":
                pending = "group"
            elif call == "addMultipleChoiceItem":
                pending = "question"
            elif call == "setTitle" and pending == "section":
                sections.append(value)
            elif call == "setTitle" and pending == "group":
                group = value
            elif call == "setTitle":
                found.append((value, value, []))
            elif call == "setHelpText":
                helps[found[-1][0]] = value
            elif call == "setChoiceValues":
                found[-1][2].extend((label, label) for label in value)
    return Parsed(title, sections, group, found, helps)


def read_docx(data: bytes) -> Parsed:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert "[Content_Types].xml" in package.namelist()
        root = ElementTree.fromstring(package.read("word/document.xml"))
    title = ""
    sections: list[str] = []
    found: list[tuple[str, str, list[tuple[str, str]]]] = []
    group = None
    for paragraph in root.iter(f"{W}p"):
        shown = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        indented = paragraph.find(f"{W}pPr/{W}ind") is not None
        if style is not None and style.get(f"{W}val") == "Title":
            title = shown
        elif style is not None and style.get(f"{W}val") == "Heading1":
            sections.append(shown)
        elif indented:
            marker, label = re.fullmatch(r"([A-Z]+)\. (.*)", shown).groups()  # type: ignore[union-attr]
            found[-1][2].append((marker, label))
        else:
            _number, text = re.fullmatch(r"(\d+)\. (.*)", shown).groups()  # type: ignore[union-attr]
            if not found and not sections:
                group = text
            else:
                found.append((text, text, []))
    return Parsed(title, sections, group, found, {})


def read_typeform(data: bytes) -> Parsed:
    document = json.loads(data)
    found = []
    helps = {}
    group = None
    for section in document["fields"]:
        assert section["type"] == "group"
        for field in section["properties"]["fields"]:
            if field["type"] == "short_text":
                group = field["title"]
                continue
            assert field["type"] == "multiple_choice"
            choices = [(c["ref"], c["label"]) for c in field["properties"]["choices"]]
            found.append((field["ref"], field["title"], choices))
            if "description" in field["properties"]:
                helps[field["ref"]] = field["properties"]["description"]
    return Parsed(document["title"], [s["title"] for s in document["fields"]], group, found, helps)


def parse(tool: str, data: bytes, language: str) -> Parsed:
    if tool == "qualtrics":
        return read_qsf(data)
    if tool == "limesurvey":
        return read_limesurvey(data, language)
    if tool == "google-forms":
        return read_apps_script(data)
    if tool == "microsoft-forms":
        return read_docx(data)
    return read_typeform(data)


# -- the file, question by question ---------------------------------------------------


def in_phase_order(model: MaturityModel) -> list[Any]:
    order = [p.id for p in model.roadmap.phases]
    return sorted(model.questionnaire.questions, key=lambda q: order.index(q.phase))


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("tool", TOOLS)
def test_the_survey_holds_every_question_and_option(
    tool: str, language: str, tmp_path: Path, cli: Any, bundled: MaturityModel
) -> None:
    out = tmp_path / f"survey-{tool}"
    result = cli("survey", "export", "--to", tool, "-o", out, "--lang", language, "--group-question", "Afdeling")
    assert result.exit_code == 0, result.stderr
    parsed = parse(tool, out.read_bytes(), language)
    questions = in_phase_order(bundled)
    assert parsed.title == bundled.questionnaire.title[language]
    assert parsed.sections == [p.name[language] for p in bundled.roadmap.phases]
    assert parsed.group == "Afdeling"
    assert len(parsed.questions) == len(questions) == 55
    for (code, text, choices), question in zip(parsed.questions, questions, strict=True):
        assert text == question.text[language], question.id
        assert [label for _, label in choices] == [o.label[language] for o in question.options], question.id
        if tool in ("qualtrics", "limesurvey"):
            assert re.fullmatch(r"[a-z][a-z0-9]*", code), code
        if tool == "limesurvey":
            assert len(code) <= 20
            assert [c for c, _ in choices] == [f"AO{n:02d}" for n in range(1, len(choices) + 1)]
        if tool == "qualtrics":
            assert [c for c, _ in choices] == [str(n) for n in range(1, len(choices) + 1)]
        if tool == "typeform":
            assert code == question.id
            assert [c for c, _ in choices] == [o.id for o in question.options]
        if tool in ("limesurvey", "google-forms", "typeform") and question.help:
            assert parsed.help[code] == question.help[language]
    codes = [code for code, _, _ in parsed.questions]
    assert len(set(codes)) == len(codes)
    # the mapping file names every question once, for the columns that tool's export has
    mapping = yaml.safe_load((tmp_path / f"survey-{tool}.mapping.yaml").read_text(encoding="utf-8"))
    assert sorted(mapping["columns"].values()) == sorted(q.id for q in questions)
    assert mapping["questionnaire"] == "social-business"


def test_qualtrics_carries_the_other_language_as_translations(bundled: MaturityModel) -> None:
    survey = export_survey(bundled, "qualtrics", language="en")
    dutch = read_qsf(survey.content, "nl")
    for (_, text, choices), question in zip(dutch.questions, in_phase_order(bundled), strict=True):
        assert text == question.text["nl"]
        assert [label for _, label in choices] == [o.label["nl"] for o in question.options]
    assert json.loads(survey.content)["SurveyEntry"]["SurveyLanguage"] == "EN"


def test_limesurvey_carries_every_language_and_shortens_long_codes(bundled: MaturityModel) -> None:
    survey = export_survey(bundled, "limesurvey", language="nl")
    english = read_limesurvey(survey.content, "en")
    dutch = read_limesurvey(survey.content, "nl")
    assert [c for c, _, _ in english.questions] == [c for c, _, _ in dutch.questions]
    long_ids = [q.id for q in bundled.questionnaire.questions if len(q.id.replace("-", "")) > 20]
    assert long_ids and sorted(survey.changed_codes) == sorted(long_ids)
    mapping = yaml.safe_load(survey.mapping)
    for question_id, code in survey.changed_codes.items():
        assert mapping["columns"][code] == question_id
    assert b"additional_languages\t\t\"en fr\"" in survey.content


@pytest.mark.parametrize("tool", TOOLS)
def test_the_file_is_the_same_on_every_run(tool: str, bundled: MaturityModel) -> None:
    first = export_survey(bundled, tool, language="en")
    assert first.content == export_survey(bundled, tool, language="en").content


def test_the_apps_script_escapes_text_that_could_end_it(bundled: MaturityModel) -> None:
    survey = export_survey(bundled, "google-forms", language="en", group_question='Team"); evil(); ("</script>')
    script = survey.content.decode("utf-8")
    assert 'evil(); ("' not in script.replace('\\"', "")
    assert "</script>" not in script
    assert read_apps_script(survey.content).group == 'Team"); evil(); ("</script>'


def test_the_command_says_what_a_tool_cannot_carry(tmp_path: Path, cli: Any) -> None:
    result = cli("survey", "export", "--to", "microsoft-forms", "-o", tmp_path / "s.docx", "--lang", "nl")
    assert result.exit_code == 0
    assert "geen plaats voor de toelichting" in result.stderr
    assert "één taal per formulier" in result.stderr
    assert "s.mapping.yaml" in result.stderr


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["--to", "surveymonkey"], 2, "--to must be one of"),
        (["--to", "typeform", "--lang", "de"], 2, "--lang de"),
        (["--to", "typeform", "-q", "no-such-model"], 1, "no-such-model"),
    ],
)
def test_bad_options_get_a_message_and_a_code(args: list[str], code: int, says: str, tmp_path: Path, cli: Any) -> None:
    result = cli("survey", "export", *args, "-o", tmp_path / "s.json")
    assert result.exit_code == code
    assert says in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "s.json").exists()


def test_an_existing_file_is_kept_without_force(tmp_path: Path, cli: Any) -> None:
    target = tmp_path / "s.json"
    target.write_text("keep", encoding="utf-8")
    result = cli("survey", "export", "--to", "typeform", "-o", target)
    assert result.exit_code == 1 and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep"
    assert cli("survey", "export", "--to", "typeform", "-o", target, "--force").exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["fields"]


# -- the round trip -------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    group: str
    answers: dict[str, str | None]  # question id -> option id (None: left blank)


def panel(model: MaturityModel) -> list[Person]:
    """Top, bottom, a mix with "don't know"/"not applicable" at every fifth question, blanks."""
    people = []
    questions = in_phase_order(model)
    people.append(Person("top", "Sales", {q.id: q.scored_options()[-1].id for q in questions}))
    people.append(Person("bottom", "Sales", {q.id: q.scored_options()[0].id for q in questions}))
    mixed: dict[str, str | None] = {}
    for i, q in enumerate(questions):
        outside = [o.id for o in q.options if o.outside_scale]
        mixed[q.id] = outside[0] if outside and i % 5 == 0 else q.scored_options()[min(1 + i % 2, len(q.scored_options()) - 1)].id
    people.append(Person("mixed", "Care", mixed))
    people.append(
        Person("blanks", "Care", {q.id: (None if i % 7 == 3 else q.scored_options()[-2].id) for i, q in enumerate(questions)})
    )
    return people


def _choice(parsed_choices: list[tuple[str, str]], question: Any, option_id: str | None) -> tuple[str, str] | None:
    if option_id is None:
        return None
    position = [o.id for o in question.options].index(option_id)
    return parsed_choices[position]


def _csv(records: Sequence[Sequence[str]], *, delimiter: str = ",", line_end: str = "\n", quote_all: bool = False, bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=line_end, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerows(records)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


START = dt.datetime(2026, 3, 9, 9, 0, 0)


def qualtrics_export(parsed: Parsed, model: MaturityModel, people: list[Person]) -> bytes:
    """qualtrics-numeric.csv's layout: three header rows, the export tags, recode values."""
    meta = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
            "RecordedDate", "ResponseId", "DistributionChannel", "UserLanguage"]
    labels = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)",
              "Finished", "Recorded Date", "Response ID", "Distribution Channel", "User Language"]
    imports = ['{"ImportId":"startDate","timeZone":"Europe/Amsterdam"}', '{"ImportId":"endDate","timeZone":"Europe/Amsterdam"}',
               '{"ImportId":"status"}', '{"ImportId":"ipAddress"}', '{"ImportId":"progress"}', '{"ImportId":"duration"}',
               '{"ImportId":"finished"}', '{"ImportId":"recordedDate","timeZone":"Europe/Amsterdam"}',
               '{"ImportId":"_recordId"}', '{"ImportId":"distributionChannel"}', '{"ImportId":"userLanguage"}']
    questions = in_phase_order(model)
    records = [
        [*meta, "group", *(code for code, _, _ in parsed.questions)],
        [*labels, parsed.group or "", *(text for _, text, _ in parsed.questions)],
        [*imports, '{"ImportId":"QID1_TEXT"}', *(f'{{"ImportId":"QID{n + 2}"}}' for n in range(len(parsed.questions)))],
    ]
    for n, person in enumerate(people):
        start = START + dt.timedelta(hours=n)
        cells = []
        for (_, _, choices), question in zip(parsed.questions, questions, strict=True):
            chosen = _choice(choices, question, person.answers[question.id])
            cells.append(chosen[0] if chosen else "")
        stamp = start.strftime("%Y-%m-%d %H:%M:%S")
        records.append([stamp, stamp, "0", f"192.0.2.{n + 10}", "100", "600", "1", stamp, f"R_{n:015d}", "anonymous", "EN", person.group, *cells])
    return _csv(records)


def limesurvey_export(parsed: Parsed, model: MaturityModel, people: list[Person]) -> bytes:
    """limesurvey-codes-semicolon.csv's layout: BOM, `;`, everything quoted, CRLF, answer codes."""
    questions = in_phase_order(model)
    records = [["id", "submitdate", "lastpage", "startlanguage", "seed", "group", *(code for code, _, _ in parsed.questions)]]
    for n, person in enumerate(people):
        cells = []
        for (_, _, choices), question in zip(parsed.questions, questions, strict=True):
            chosen = _choice(choices, question, person.answers[question.id])
            cells.append(chosen[0] if chosen else "")
        records.append([str(n + 1), "1980-01-01 00:00:00", "5", "nl", str(1000 + n), person.group, *cells])
    return _csv(records, delimiter=";", line_end="\r\n", quote_all=True, bom=True)


def google_forms_export(parsed: Parsed, model: MaturityModel, people: list[Person]) -> bytes:
    """google-forms.csv's layout: Timestamp, Email Address, the titles; labels; quoted where needed."""
    questions = in_phase_order(model)
    records = [["Timestamp", "Email Address", parsed.group or "", *(title for title, _, _ in parsed.questions)]]
    for n, person in enumerate(people):
        cells = []
        for (_, _, choices), question in zip(parsed.questions, questions, strict=True):
            chosen = _choice(choices, question, person.answers[question.id])
            cells.append(chosen[1] if chosen else "")
        records.append([f"3/{9 + n}/2026 9:{10 + n}:00", f"r{n}@example.org", person.group, *cells])
    return _csv(records, line_end="\r\n")


def typeform_export(parsed: Parsed, model: MaturityModel, people: list[Person]) -> bytes:
    """typeform-markdown.csv's layout: `#`, the titles, then Typeform's own columns."""
    questions = in_phase_order(model)
    tail = ["Response Type", "Start Date (UTC)", "Stage Date (UTC)", "Submit Date (UTC)", "Network ID", "Tags"]
    records = [["#", parsed.group or "", *(title for _, title, _ in parsed.questions), *tail]]
    for n, person in enumerate(people):
        cells = []
        for (_, _, choices), question in zip(parsed.questions, questions, strict=True):
            chosen = _choice(choices, question, person.answers[question.id])
            cells.append(chosen[1] if chosen else "")
        stamp = (START + dt.timedelta(hours=n)).strftime("%Y-%m-%d %H:%M:%S")
        records.append([f"{n:032x}", person.group, *cells, "completed", stamp, "", stamp, f"{n:010x}", ""])
    return _csv(records)


def microsoft_forms_export(parsed: Parsed, model: MaturityModel, people: list[Person]) -> bytes:
    """microsoft-forms.xlsx's layout: ID, times, Email, Name, Last modified time, the questions."""
    questions = in_phase_order(model)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", parsed.group or "",
                  *(title for title, _, _ in parsed.questions)])
    for n, person in enumerate(people):
        cells = []
        for (_, _, choices), question in zip(parsed.questions, questions, strict=True):
            chosen = _choice(choices, question, person.answers[question.id])
            cells.append(chosen[1] if chosen else None)
        start = START + dt.timedelta(hours=n)
        sheet.append([n + 1, start, start + dt.timedelta(minutes=9), "anonymous", None, None, person.group, *cells])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


EXPORTS = {
    "qualtrics": (qualtrics_export, ".csv", "qualtrics"),
    "limesurvey": (limesurvey_export, ".csv", "limesurvey"),
    "google-forms": (google_forms_export, ".csv", "google-forms"),
    "microsoft-forms": (microsoft_forms_export, ".xlsx", "microsoft-forms"),
    "typeform": (typeform_export, ".csv", "typeform"),
}


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def one_decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


@pytest.mark.parametrize("with_mapping", [True, False], ids=["mapping", "no-mapping"])
@pytest.mark.parametrize("tool", TOOLS)
def test_the_tools_export_of_the_survey_scores_as_score_does(
    tool: str, with_mapping: bool, tmp_path: Path, cli: Any, bundled: MaturityModel
) -> None:
    language = "nl" if tool == "limesurvey" else "en"
    survey_file = tmp_path / f"survey-{tool}"
    result = cli("survey", "export", "--to", tool, "-o", survey_file, "--lang", language, "--group-question", "Department")
    assert result.exit_code == 0, result.stderr
    parsed = parse(tool, survey_file.read_bytes(), language)
    build, suffix, source = EXPORTS[tool]
    people = panel(bundled)
    export = tmp_path / f"export{suffix}"
    export.write_bytes(build(parsed, bundled, people))
    out = tmp_path / "out"
    args = ["batch", export, "-o", out, "-q", "social-business"]
    if with_mapping:
        args += ["--mapping", tmp_path / f"survey-{tool}.mapping.yaml"]
    else:
        args += ["--group-by", "group" if tool in ("qualtrics", "limesurvey") else "Department"]
    result = cli(*args)
    if tool == "limesurvey" and not with_mapping:
        # shortened codes are no question id: only the written mapping names them
        assert "Questions matched: 49 of 55." in result.stderr
        return
    assert result.exit_code == 0, result.stderr
    assert "Questions matched: 55 of 55." in result.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["export"]["source"] == source
    assert summary["match"]["values_not_understood"] == []
    assert summary["rows"]["scored"] == len(people) and summary["rows"]["rejected"] == 0
    assert [g["group"] for g in summary["group_scores"]] == ["Care", "Sales"] or [
        g["group"] for g in summary["group_scores"]
    ] == ["Sales", "Care"]
    rows = read_rows(out / "respondents.csv")
    phases = [p.id for p in bundled.roadmap.phases]
    for row, person in zip(rows, people, strict=True):
        sheet = AnswerSheet(
            questionnaire=bundled.questionnaire.id,
            questionnaire_version=bundled.questionnaire.version,
            organisation={"name": person.name},  # type: ignore[arg-type]
            assessed_on="2026-03-22",  # type: ignore[arg-type]
            answers={q: o for q, o in person.answers.items() if o is not None},
        )
        card = score(bundled, sheet)
        assert int(row["phase_index"]) == card.phase_index, person.name
        assert row["group"] == person.group
        for p, phase in enumerate(phases):
            assert row[f"score_{phase}"] == one_decimal(card.phases[p].score), (person.name, phase)
        for dimension, value in card.dimension_scores.items():
            assert row[f"dim_{dimension}"] == one_decimal(value), (person.name, dimension)


# -- golden files ---------------------------------------------------------------------

MINI = Path(__file__).resolve().parent / "data" / "mini" / "questionnaires" / "mini.yaml"


@pytest.mark.parametrize("tool", TOOLS)
def test_the_mini_survey_is_written_as_its_golden_file(tool: str, tmp_path: Path, cli: Any) -> None:
    from socialmaturity.surveyexport import EXTENSIONS

    name = f"mini-{tool}{EXTENSIONS[tool]}"
    out = tmp_path / name
    result = cli("survey", "export", "--to", tool, "-q", MINI, "-o", out, "--group-question", "Team")
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == (DATA / name).read_bytes()
    mapping = f"mini-{tool}.mapping.yaml"
    assert (tmp_path / mapping).read_bytes() == (DATA / mapping).read_bytes()


def test_a_folder_or_a_link_is_never_replaced(tmp_path: Path, cli: Any) -> None:
    folder = tmp_path / "survey.qsf"
    folder.mkdir()
    result = cli("survey", "export", "--to", "qualtrics", "-o", folder, "--force")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert folder.is_dir() and not (tmp_path / "survey.mapping.yaml").exists()
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    result = cli("survey", "export", "--to", "limesurvey", "-o", link, "--force")
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == "keep"
