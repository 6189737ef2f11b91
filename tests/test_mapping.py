"""`mapping init` writes a mapping with every guess and every gap; `batch --mapping` uses it."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from conftest import MINI
from socialmaturity.batch.matching import check_mapping
from socialmaturity.model import AnswerSheet
from socialmaturity.scoring import MaturityModel, score
from socialmaturity.yamlsource import parse

MODEL = MINI / "questionnaires" / "mini.yaml"
HEADER = ["Timestamp", "Email address", "Department", "Accounts?", "Owner?", "Planning of posts", "Training?", "Co-creation?"]
ROWS = [
    ["3/27/2023 17:52:42", "an@example.org", "Care", "Some", "Full-time", "Jawel", "Basic", "Perhaps"],
    ["3/27/2023 17:59:42", "bo@example.org", "Care", "All", "Part-time", "Nee", "Levels", "Often"],
    ["3/27/2023 18:06:42", "cy@example.org", "Sales", "Geen", "Nobody", "Jawel", "Basis", "Perhaps"],
]


def google_export(folder: Path) -> Path:
    path = folder / "responses.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, quoting=csv.QUOTE_ALL).writerows([HEADER, *ROWS])
    return path


DRAFT = """\
# Mapping of responses.csv (google-forms) to the questionnaire mini 1.0.
# Fill in every line marked UNMATCHED (or set it to ignore), check every GUESS, then run:
#   socialmaturity batch responses.csv --mapping mapping.yaml
# After filling in columns, run mapping init again with --mapping to list their values.

questionnaire: "mini"
respondent_id: null  # the column with each respondent's id (null: the survey tool's own)
group_by: "Department"  # GUESS: this column looks like a group; keep it, set null, or use batch --group-by "Department"
numbers: null  # how numbers name options for the whole export: scores, positions or null (decided per column)

# Each column of the export: a question id, or ignore.
columns:
  "Timestamp": ignore  # metadata of the survey tool
  "Email address": ignore  # metadata of the survey tool
  "Department": ignore  # a column to group by (group_by above, or batch --group-by)
  "Accounts?": "a1"  # matched by its text
  "Owner?": "a2"  # matched by its text
  "Planning of posts": null  # UNMATCHED: set a question id or 'ignore'
  "Training?": "b2"  # matched by its text
  "Co-creation?": "c1"  # matched by its text

# Per question, each text found in its columns and the option it means.
values:
  "a1":
    "Some": "some"  # 1 cell
    "All": "all"  # 1 cell
    "Geen": "none"  # 1 cell
  "a2":
    "Full-time": "full"  # 1 cell
    "Part-time": "part"  # 1 cell
    "Nobody": "none"  # 1 cell
  "b2":
    "Basic": "basic"  # 1 cell
    "Levels": "levels"  # 1 cell
    "Basis": "basic"  # 1 cell
  "c1":
    "Perhaps": null  # UNMATCHED (2 cells): set one of never, often
    "Often": "often"  # 1 cell
"""


def test_mapping_init_writes_every_guess_and_marks_every_gap(cli: Any, tmp_path: Path) -> None:
    output = tmp_path / "mapping.yaml"
    result = cli("mapping", "init", google_export(tmp_path), "-o", output, "-q", MODEL)
    assert result.exit_code == 0, result.stderr
    assert output.read_text(encoding="utf-8") == DRAFT
    assert (
        f"Mapping written to {output}. Questions matched: 4 of 5; lines marked UNMATCHED: 2; "
        "GUESS lines to check: 1." in result.stderr
    )
    assert (
        'The column "Department" looks like a group: the draft sets group_by to it; '
        'or run batch with --group-by "Department".' in result.stderr
    )


def test_mapping_init_prints_to_stdout_without_output(cli: Any, tmp_path: Path) -> None:
    result = cli("mapping", "init", google_export(tmp_path), "-q", MODEL)
    assert result.exit_code == 0
    assert result.stdout == DRAFT


def test_mapping_init_in_dutch(cli: Any, tmp_path: Path) -> None:
    result = cli("mapping", "init", google_export(tmp_path), "-q", MODEL, "--lang", "nl")
    assert '  "Planning of posts": null  # UNMATCHED: vul een vraag-id of \'ignore\' in' in result.stdout
    assert '    "Perhaps": null  # UNMATCHED (2 cellen): kies uit never, often' in result.stdout


def test_the_draft_is_a_valid_mapping(tmp_path: Path, mini: MaturityModel) -> None:
    mapping, problems = check_mapping(parse(DRAFT).value, mini.questionnaire)
    assert problems == []
    assert mapping is not None and mapping.columns["Planning of posts"] is None
    assert mapping.group_by == "Department"


def fill(draft: str, **replacements: str) -> str:
    """The draft with lines filled in as a user would."""
    for line, filled in replacements.items():
        assert line in draft, line
        draft = draft.replace(line, filled)
    return draft


def test_a_filled_in_mapping_scores_every_answer(cli: Any, tmp_path: Path, mini: MaturityModel) -> None:
    export = google_export(tmp_path)
    mapping = tmp_path / "mapping.yaml"
    assert cli("mapping", "init", export, "-o", mapping, "-q", MODEL).exit_code == 0
    mapping.write_text(
        fill(
            mapping.read_text(encoding="utf-8"),
            **{
                '"Planning of posts": null': '"Planning of posts": b1',
                '"Perhaps": null': '"Perhaps": never',
            },
        ),
        encoding="utf-8",
    )
    # the new question's values are not listed yet: a second init lists them
    refreshed = cli("mapping", "init", export, "-q", MODEL, "--mapping", mapping)
    assert refreshed.exit_code == 0, refreshed.stderr
    assert '  "Planning of posts": "b1"  # matched by its mapping' in refreshed.stdout
    assert '    "Jawel": null  # UNMATCHED (2 cells): set one of no, yes' in refreshed.stdout
    assert '    "Perhaps": "never"  # 2 cells' in refreshed.stdout
    assert 'group_by: "Department"' in refreshed.stdout
    mapping.write_text(refreshed.stdout.replace('"Jawel": null', '"Jawel": "yes"'), encoding="utf-8")

    out = tmp_path / "out"
    result = cli("batch", export, "-q", MODEL, "--mapping", mapping, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "Questions matched: 5 of 5." in result.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["rows"]["invalid_cells"] == 0
    assert summary["group_by"] == "Department"
    with (out / "respondents.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    answers = [
        {"a1": "some", "a2": "full", "b1": "yes", "b2": "basic", "c1": "never"},
        {"a1": "all", "a2": "part", "b1": "no", "b2": "levels", "c1": "often"},
        {"a1": "none", "a2": "none", "b1": "yes", "b2": "basic", "c1": "never"},
    ]
    for row, given in zip(rows, answers, strict=True):
        sheet = AnswerSheet(
            questionnaire="mini", questionnaire_version="1.0", organisation={"name": "x"},  # type: ignore[arg-type]
            assessed_on="2026-01-01", answers=given,  # type: ignore[arg-type]
        )
        card = score(mini, sheet)
        assert row["phase"] == (card.phase_id or "")
        assert [row[f"score_{p.id}"] for p in card.phases] == [
            "" if p.score is None else f"{p.score:.1f}" for p in card.phases
        ]
    assert [r["group"] for r in rows] == ["Care", "Care", "Sales"]


def test_mapping_init_keeps_an_existing_file(cli: Any, tmp_path: Path) -> None:
    export = google_export(tmp_path)
    output = tmp_path / "mapping.yaml"
    output.write_text("# my edits\n", encoding="utf-8")
    result = cli("mapping", "init", export, "-o", output, "-q", MODEL)
    assert result.exit_code == 2
    assert "mapping.yaml exists already; it may hold your edits" in result.stderr
    assert output.read_text(encoding="utf-8") == "# my edits\n"
    assert cli("mapping", "init", export, "-o", output, "-q", MODEL, "--force").exit_code == 0
    assert output.read_text(encoding="utf-8") == DRAFT


def test_a_mapping_with_wrong_ids_names_the_line(cli: Any, tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        'columns:\n  "Planning of posts": calendar\nvalues:\n  a1:\n    Some: lots\n', encoding="utf-8"
    )
    result = cli("batch", google_export(tmp_path), "-q", MODEL, "--mapping", mapping, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{mapping}:2:24: 'calendar' is not a question of mini; write a question id or 'ignore'",
        f"{mapping}:5:11: 'lots' is not an option of a1; choose one of none, some, all",
    ]
    assert not (tmp_path / "out").exists()


def test_a_mapping_that_is_not_yaml(cli: Any, tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns: [unclosed\n", encoding="utf-8")
    result = cli("batch", google_export(tmp_path), "-q", MODEL, "--mapping", mapping)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{mapping}:2:1: ")


def test_the_mapping_names_the_respondent_id_and_warns_of_unknown_columns(cli: Any, tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        'respondent_id: "Department"\ncolumns:\n  "Gone column": a1\n  "Planning of posts": b1\n'
        "values:\n  b1:\n    Jawel: 'yes'\n  '*':\n    Perhaps: never\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = cli("batch", google_export(tmp_path), "-q", MODEL, "--mapping", mapping, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert 'The mapping names columns the export does not have: "Gone column".' in result.stderr
    with (out / "respondents.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [r["respondent_id"] for r in rows] == ["Care", "Care", "Sales"]
    with (out / "errors.csv").open(encoding="utf-8", newline="") as stream:
        errors = list(csv.DictReader(stream))
    assert errors == [
        {"row": "3", "column": "Department", "value": "Care", "problem": "respondent id also in row 2; both rows are scored"},
    ]


def test_a_mapping_naming_a_missing_column_is_bad_input(cli: Any, tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text('group_by: "Afdeling"\n', encoding="utf-8")
    result = cli("batch", google_export(tmp_path), "-q", MODEL, "--mapping", mapping)
    assert result.exit_code == 1
    assert 'the mapping\'s group_by "Afdeling": the export has no such column; its columns are: "Timestamp"' in result.stderr
    # --group-by on the command line wins over the mapping's
    assert cli("batch", google_export(tmp_path), "-q", MODEL, "--mapping", mapping, "--group-by", "Department", "-o", tmp_path / "o").exit_code == 0
