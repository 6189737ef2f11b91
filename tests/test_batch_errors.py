"""Bad exports and bad cells: a clear message, the right exit code, and every row accounted for.

Rows read = rows scored + rows rejected, always; every rejected row and unused cell has a
line in errors.csv whose row number points at the record in the source file.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

import socialmaturity.batch.pipeline as pipeline
import socialmaturity.batch.vector as vector
from conftest import MINI
from survey_fixtures import qualtrics_csv, write

MODEL = MINI / "questionnaires" / "mini.yaml"
HEADER = ["Respondent", "Team", "Accounts?", "Owner?", "Kalender?", "Training?", "Co-creation?"]
GOOD = ["Some", "Full-time", "Yes", "Basic", "Never"]


def export(folder: Path, rows: list[list[str]], header: list[str] = HEADER, name: str = "export.csv") -> Path:
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([header, *rows])
    return path


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def batch(cli: Any, path: Path, out: Path, *args: str) -> Any:
    return cli("batch", path, "-q", MODEL, "-o", out, *args)


def summary(out: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    rows = found["rows"]
    assert rows["read"] == rows["scored"] + rows["rejected"]
    return found


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- files that cannot be read ----------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "export.csv is empty"),
        (b"\n\n  \r\n", "export.csv is empty"),
        (b"Respondent,Accounts?\x00\x00\x01\x02\x00", "export.csv looks like a binary file, not a CSV or XLSX export"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "looks like an old Excel 97-2003 workbook (.xls)"),
        (b"Respondent,Accounts?\nr1,\x81\x8d\x8f\x90\x9d\n", "is neither UTF-8 nor Windows-1252 text"),
        (b"PK\x03\x04not really a zip", "looks like an XLSX workbook but could not be opened"),
    ],
    ids=["empty", "blank-lines", "binary", "xls", "encoding", "broken-xlsx"],
)
def test_unreadable_files_end_with_a_message_and_exit_1(cli: Any, tmp_path: Path, content: bytes, message: str) -> None:
    path = write(tmp_path / "export.csv", content)
    result = batch(cli, path, tmp_path / "out")
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_missing_file(cli: Any, tmp_path: Path) -> None:
    result = batch(cli, tmp_path / "nowhere.csv", tmp_path / "out")
    assert result.exit_code == 1
    assert "nowhere.csv could not be read" in result.stderr


def test_bad_bytes_after_the_first_megabyte_discard_every_output(cli: Any, tmp_path: Path) -> None:
    rows = [[f"r{n}", "Care", *GOOD] for n in range(30_000)]
    path = export(tmp_path, rows)
    path.write_bytes(path.read_bytes() + b"r-last,Care,\xff\xfe,,,,\n")
    out = tmp_path / "out"
    result = batch(cli, path, out)
    assert result.exit_code == 1
    assert "export.csv is not valid UTF-8 text after line" in result.stderr
    assert not out.exists()  # the folder was made for this run, and is gone again


def test_an_export_that_matches_no_question(cli: Any, tmp_path: Path) -> None:
    path = export(tmp_path, [["r1", "x", "y"]], header=["Respondent", "Colour", "Size"])
    result = batch(cli, path, tmp_path / "out")
    assert result.exit_code == 1
    assert "socialmaturity: export.csv matches no question of mini: none of its 3 columns has a question's id or text." in result.stderr
    assert "socialmaturity mapping init export.csv -o mapping.yaml" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_named_source_that_does_not_fit(cli: Any, tmp_path: Path) -> None:
    path = export(tmp_path, [["r1", "Care", *GOOD]])
    result = batch(cli, path, tmp_path / "out", "--source", "qualtrics")
    assert result.exit_code == 1
    assert "export.csv does not look like a Qualtrics export" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "de"], "--lang de: not available; choose one of en, nl"),
        (["--source", "excel"], "--source excel: not a survey source we know"),
        (["--on-invalid", "ignore"], "--on-invalid ignore: choose one of skip-answer, skip-row, fail"),
        (["--workers", "0"], "--workers 0: give 1 or more worker processes"),
        (["--group-by", "Department"], '--group-by "Department": the export has no such column; its columns are: "Respondent", "Team"'),
    ],
)
def test_usage_errors_exit_2(cli: Any, tmp_path: Path, args: list[str], message: str) -> None:
    path = export(tmp_path, [["r1", "Care", *GOOD]])
    result = batch(cli, path, tmp_path / "out", *args)
    assert result.exit_code == 2
    assert message in result.stderr


# -- cells and rows that cannot be used -------------------------------------------------

ROWS = [
    ["r1", "Care", *GOOD],
    ["r2", "Care", "Maybe", "Full-time", "Ja", "Basis", "Vaak"],  # one bad cell
    ["r3", "Sales", "", "", "", "", ""],  # no answers
    ["r4", "Sales", "All", "7", "Nee", "Niveaus", "Never"],  # 7 is not a score of a2
]


def test_skip_answer_leaves_the_cell_out_and_scores_the_row(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = batch(cli, export(tmp_path, ROWS), out)
    assert result.exit_code == 0, result.stderr
    assert read(out / "errors.csv") == [
        {"row": "3", "column": "Accounts?", "value": "Maybe", "problem": "not an option of question a1"},
        {"row": "4", "column": "", "value": "", "problem": "no usable answer in this row; the row is rejected"},
        {"row": "5", "column": "Owner?", "value": "7", "problem": "the number is not a score of question a2 (scores: 1, 3, 5)"},
    ]
    assert [r["row"] for r in read(out / "respondents.csv")] == ["2", "3", "5"]
    rows = summary(out)["rows"]
    assert (rows["read"], rows["scored"], rows["rejected"], rows["invalid_cells"]) == (4, 3, 1, 2)
    assert "Values not understood: 2 cells, 2 different values." in result.stderr
    assert "Some numbers name no option as they are read" in result.stderr


def test_skip_row_rejects_the_whole_row(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = batch(cli, export(tmp_path, ROWS), out, "--on-invalid", "skip-row")
    assert result.exit_code == 0, result.stderr
    assert read(out / "errors.csv") == [
        {"row": "3", "column": "Accounts?", "value": "Maybe",
         "problem": "not an option of question a1; the row is rejected (--on-invalid skip-row)"},
        {"row": "4", "column": "", "value": "", "problem": "no usable answer in this row; the row is rejected"},
        {"row": "5", "column": "Owner?", "value": "7",
         "problem": "the number is not a score of question a2 (scores: 1, 3, 5); the row is rejected (--on-invalid skip-row)"},
    ]
    assert [r["row"] for r in read(out / "respondents.csv")] == ["2"]
    rows = summary(out)["rows"]
    assert (rows["read"], rows["scored"], rows["rejected"]) == (4, 1, 3)


def test_fail_stops_at_the_first_invalid_cell_and_writes_nothing(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = batch(cli, export(tmp_path, ROWS), out, "--on-invalid", "fail")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "socialmaturity: row 3, column \"Accounts?\": 'Maybe' cannot be used: not an option of question a1. "
        "Nothing was written (--on-invalid fail)\n"
    )
    assert not out.exists()


def test_fail_keeps_the_previous_results(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert batch(cli, export(tmp_path, ROWS[:1]), out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert batch(cli, export(tmp_path, ROWS), out, "--on-invalid", "fail").exit_code == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_fail_also_stops_at_a_ragged_row(cli: Any, tmp_path: Path) -> None:
    rows = [["r1", "Care", *GOOD], ["r2", "Care", *GOOD, "spilled", "over"]]
    result = batch(cli, export(tmp_path, rows), tmp_path / "out", "--on-invalid", "fail")
    assert result.exit_code == 1
    assert "row 3: Row 3 has 9 cells but the header has 7 columns; the 2 extra cells were ignored." in result.stderr


def test_a_ragged_row_is_logged_and_still_scored(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    rows = [["r1", "Care", *GOOD], ["r2", "Care", "Some", "Full-time"]]
    assert batch(cli, export(tmp_path, rows), out).exit_code == 0
    assert read(out / "errors.csv") == [
        {"row": "3", "column": "", "value": "",
         "problem": "Row 3 has 4 cells but the header has 7 columns; the missing 3 cells were read as empty."},
    ]
    assert summary(out)["rows"]["scored"] == 2


def test_no_row_scored_is_an_error_but_the_errors_are_written(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = batch(cli, export(tmp_path, [["r1", "Care", "", "", "", "", ""], ["r2", "Care", "?", "", "", "", ""]]), out)
    assert result.exit_code == 1
    assert "no row of export.csv could be scored; see" in result.stderr
    assert [r["row"] for r in read(out / "errors.csv")] == ["2", "3", "3"]
    assert summary(out)["rows"] == {
        "read": 2, "scored": 0, "rejected": 2, "previews_left_out": 0, "duplicates": 0, "partial": 0,
        "invalid_cells": 1, "ragged": 0,
    }


def test_duplicate_respondent_ids_are_reported_and_both_rows_scored(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    rows = [["r1", "Care", *GOOD], ["r2", "Care", *GOOD], ["r1", "Care", *GOOD], ["r1", "Care", *GOOD]]
    assert batch(cli, export(tmp_path, rows), out).exit_code == 0
    assert read(out / "errors.csv") == [
        {"row": "4", "column": "Respondent", "value": "r1", "problem": "respondent id also in row 2; both rows are scored"},
        {"row": "5", "column": "Respondent", "value": "r1", "problem": "respondent id also in row 2; both rows are scored"},
    ]
    assert [r["respondent_id"] for r in read(out / "respondents.csv")] == ["r1", "r2", "r1", "r1"]
    rows_ = summary(out)["rows"]
    assert (rows_["scored"], rows_["duplicates"]) == (4, 2)


def test_partial_responses_are_scored_with_their_coverage(cli: Any, tmp_path: Path) -> None:
    questions = ["Accounts?", "Owner?", "Calendar?", "Training?", "Co-creation?"]
    rows = [
        dict(zip(questions, GOOD, strict=True)),
        {"Accounts?": "All", "Owner?": "Nobody", "_complete": False},
    ]
    path = write(tmp_path / "qualtrics.csv", qualtrics_csv(questions, rows))
    out = tmp_path / "out"
    assert batch(cli, path, out).exit_code == 0
    respondents = read(out / "respondents.csv")
    assert [(r["row"], r["complete"], r["coverage"]) for r in respondents] == [
        ("4", "true", "1.000"),
        ("5", "false", "0.500"),  # a1 and a2 (weight 1 + 2) of 6 applicable weight
    ]
    assert summary(out)["rows"]["partial"] == 1


def test_two_columns_for_one_question_must_agree(cli: Any, tmp_path: Path) -> None:
    # A form with an English and a Dutch section: each respondent fills one of the two.
    header = ["Respondent", "Accounts?", "a1", "Owner?"]
    rows = [["r1", "Some", "", "Full-time"], ["r2", "", "Alle", "Full-time"], ["r3", "Some", "Alle", "Full-time"]]
    out = tmp_path / "out"
    result = batch(cli, export(tmp_path, rows, header=header), out)
    assert result.exit_code == 0
    assert 'Question a1 is answered in 2 columns ("Accounts?", "a1"); per row the filled-in one counts.' in result.stderr
    assert read(out / "errors.csv") == [
        {"row": "4", "column": "a1", "value": "Alle",
         "problem": "question a1 is answered differently in column Accounts? (some); this cell is left out"},
    ]
    scores = [r["score_alpha"] for r in read(out / "respondents.csv")]
    assert scores == ["83.3", "100.0", "83.3"]


# -- row identity -----------------------------------------------------------------------


def test_error_rows_point_at_the_source_record_even_after_multiline_cells(cli: Any, tmp_path: Path) -> None:
    header = [*HEADER, "Comments"]
    rows = [
        ["r1", "Care", *GOOD, "line one\nline two\nline three"],
        ["r2", "Care", *GOOD, 'a "quoted"\r\nreply'],
        [],
        ["r3", "Care", "Nope", *GOOD[1:], ""],
        ["r4", "Care", *GOOD, "fine"],
        ["r5", "Care", "Nope either", *GOOD[1:], ""],
    ]
    path = export(tmp_path, rows, header=header)
    out = tmp_path / "out"
    assert batch(cli, path, out).exit_code == 0
    errors = read(out / "errors.csv")
    with path.open(encoding="utf-8", newline="") as stream:
        records = list(csv.reader(stream))
    for line in errors:
        record = records[int(line["row"]) - 1]  # row 1 is the file's first record
        assert line["value"] in record
    assert [e["row"] for e in errors] == ["5", "7"]
    assert [r["row"] for r in read(out / "respondents.csv")] == ["2", "3", "5", "6", "7"]


# -- formula injection ------------------------------------------------------------------


def test_texts_from_the_export_cannot_become_formulas(cli: Any, tmp_path: Path) -> None:
    header = ["Respondent", "Team", "@Owner", "Accounts?"]
    mapping = write(tmp_path / "mapping.yaml", b'"columns": {"@Owner": a2}\n')
    rows = [
        ['=HYPERLINK("http://evil.example","click")', "+Team", "=1+1", "Some"],
        ["+1", "-2", "@SUM(A1:A9)", "Some"],
        ["@SUM(A1)", "\t=cmd", "Full-time", "-2"],
        ["-2", "\r=x", "Full-time", "Some"],
        ["=HYPERLINK(\"x\")", "Care", "Full-time", "Some"],
    ]
    out = tmp_path / "out"
    result = cli("batch", export(tmp_path, rows, header=header), "-q", MODEL, "-o", out, "--mapping", mapping, "--group-by", "Team")
    assert result.exit_code == 0, result.stderr
    respondents = read(out / "respondents.csv")
    assert [(r["respondent_id"], r["group"]) for r in respondents] == [
        ("'=HYPERLINK(\"http://evil.example\",\"click\")", "'+Team"),
        ("'+1", "'-2"),
        ("'@SUM(A1)", "'=cmd"),  # group names are stripped of outer white space first
        ("'-2", "'=x"),
        ("'=HYPERLINK(\"x\")", "Care"),
    ]
    errors = read(out / "errors.csv")
    assert [(e["column"], e["value"]) for e in errors] == [
        ("'@Owner", "'=1+1"),
        ("'@Owner", "'@SUM(A1:A9)"),
        ("Accounts?", "'-2"),
    ]
    groups = [g["group"] for g in read(out / "groups.csv")]
    assert groups == ["'+Team", "'-2", "'=cmd", "'=x", "Care"]
    for name in ("respondents.csv", "errors.csv", "groups.csv"):
        with (out / name).open(encoding="utf-8", newline="") as stream:
            for record in csv.reader(stream):
                for cell in record:
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("=1+1", "'=1+1"), ("+31 6 1234", "'+31 6 1234"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"), ("\r=1", "\n'=1"), ("Acme\r=1+1", "Acme\n'=1+1"), ("a\r\n@b\n-c", "a\n'@b\n'-c"), ("", ""), (None, ""), ("Care", "Care"), (" =1", " =1"),
        ("a=b", "a=b"),
    ],
)
def test_neutralise(text: str | None, shown: str) -> None:
    from socialmaturity.batch.outputs import neutralise

    assert neutralise(text) == shown


# -- interrupted runs -------------------------------------------------------------------


def interrupt_after(monkeypatch: pytest.MonkeyPatch, calls: int) -> None:
    real = pipeline.tally
    seen = 0

    def tally(*args: Any) -> Any:
        nonlocal seen
        seen += 1
        if seen > calls:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(pipeline, "tally", tally)
    # The vectorised path scores a slice of rows at a time.
    real_arrays = vector.tally_arrays

    def tally_arrays(plan: Any, kinds: Any, values: Any) -> Any:
        nonlocal seen
        seen += kinds.shape[1]
        if seen > calls:
            raise KeyboardInterrupt
        return real_arrays(plan, kinds, values)

    monkeypatch.setattr(vector, "tally_arrays", tally_arrays)


def test_an_interrupted_run_keeps_the_previous_results(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert batch(cli, export(tmp_path, ROWS), out, "--group-by", "Team").exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    rows = [[f"n{n}", "Care", *GOOD] for n in range(5000)]
    interrupt_after(monkeypatch, 3000)
    result = batch(cli, export(tmp_path, rows, name="bigger.csv"), out, "--group-by", "Team")
    assert result.exit_code == 130
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert leftovers(out) == []


def test_an_interrupted_first_run_leaves_no_csv(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    interrupt_after(monkeypatch, 2)
    result = batch(cli, export(tmp_path, ROWS), out)
    assert result.exit_code == 130
    assert list(out.iterdir()) == []


def test_a_run_without_groups_removes_an_old_groups_file(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = export(tmp_path, ROWS)
    assert batch(cli, path, out, "--group-by", "Team").exit_code == 0
    assert (out / "groups.csv").exists()
    assert batch(cli, path, out).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["errors.csv", "questions.csv", "respondents.csv", "summary.json"]


def test_messages_in_dutch(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = batch(cli, export(tmp_path, ROWS), out, "--lang", "nl")
    assert result.exit_code == 0
    assert "Vragen gevonden: 5 van 5." in result.stderr
    assert "4 van 4" not in result.stderr
    assert "3 van 4 rijen gescoord: 1 overgeslagen, 0 onvolledig, 0 dubbele id's, 2 cellen niet gebruikt." in result.stderr
    assert read(out / "errors.csv")[0]["problem"] == "geen antwoordoptie van vraag a1"


def test_progress_stays_off_when_stderr_is_not_a_terminal(cli: Any, tmp_path: Path) -> None:
    result = batch(cli, export(tmp_path, ROWS[:1]), tmp_path / "out")
    assert "\x1b[" not in result.stderr and "\r" not in result.stderr


def test_summary_records_source_encoding_and_model(cli: Any, tmp_path: Path, mini: Any) -> None:
    path = write(tmp_path / "export.csv", b"Respondent;Accounts?;Notes\nr1;Enkele;ok, fine\n")
    out = tmp_path / "out"
    assert batch(cli, path, out).exit_code == 0
    found = summary(out)
    assert found["export"]["source"] == "csv"
    assert found["export"]["encoding"] == "utf-8"
    assert found["export"]["delimiter"] == ";"
    assert found["questionnaire"] == {"id": "mini", "version": "1.0", "hash": mini.hash}
    assert found["match"]["questions_matched"] == 1
    assert found["match"]["unmatched_questions"] == ["a2", "b1", "b2", "c1"]


@pytest.mark.slow
def test_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    import os
    import sys

    import pexpect

    from conftest import ROOT

    rows = [[f"r{n}", "Care", *GOOD] for n in range(5000)]
    path = export(tmp_path, rows)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "socialmaturity", "batch", str(path), "-q", str(MODEL), "-o", str(tmp_path / "out")],
        cwd=str(ROOT),
        env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"},
        encoding="utf-8",
        timeout=60,
    )
    child.expect(r"Scoring export\.csv")
    child.expect(r"Scored 5,000 of 5,000 rows")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_values_not_understood_show_before_scoring_from_the_first_rows(cli: Any, tmp_path: Path) -> None:
    rows = [[f"r{n}", "Care", *GOOD] for n in range(1500)]
    rows[9][2] = "Maybe"
    rows[1399][2] = "Maybe"
    rows[1400][3] = "Sometimes"
    result = batch(cli, export(tmp_path, rows), tmp_path / "out")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    preview = lines.index(
        "Values not understood in the first 1000 rows: 1 cell, 1 different value; the full count follows after scoring."
    )
    full = lines.index("Values not understood: 3 cells, 2 different values.")
    scored = next(i for i, line in enumerate(lines) if line.startswith("Scored 1,500 of 1,500 rows"))
    assert preview < full < scored
    assert lines[full + 1 : full + 3] == ['  "Accounts?": "Maybe" (2x)', '  "Owner?": "Sometimes" (1x)']
