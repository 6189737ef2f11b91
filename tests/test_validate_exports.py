"""A survey export given where an answers file belongs says so, and names `batch`.

`score`, `report` and `validate` read YAML; a CSV or XLSX export given to them used to
fail with a YAML or encoding error. Exports are told by the file name (.csv, .tsv,
.xlsx, .xls), by a workbook's signature, or by content that is plainly a table with a
header row, in whichever encoding Excel saved it. A file that is YAML of ours is never
taken for an export.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from conftest import ROOT

EXPORT = ROOT / "examples" / "survey-export.csv"
EXAMPLE = ROOT / "examples" / "harbourlight-answers.yaml"


def message(path: Path | str, export: str, wanted: str = "an answers file") -> str:
    return (
        f"{path}:1:1: this looks like a survey export ({export}), not {wanted}: "
        f"score it with `socialmaturity batch {path}`"
    )


def export_rows() -> list[list[str]]:
    with EXPORT.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def table(rows: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def test_score_names_batch(cli) -> None:
    result = cli("score", EXPORT)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [message(EXPORT, "a CSV table")]


def test_report_names_batch_and_writes_nothing(cli, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    result = cli("report", EXPORT, "-o", pdf)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [message(EXPORT, "a CSV table")]
    assert not pdf.exists()


def test_report_compare_names_batch(cli, tmp_path: Path) -> None:
    result = cli("report", EXAMPLE, "-o", tmp_path / "report.pdf", "--compare", EXPORT)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [message(EXPORT, "a CSV table")]


def test_validate_names_batch(cli) -> None:
    result = cli("validate", EXPORT)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [message(EXPORT, "a CSV table", "a questionnaire, roadmap or answers file")]


def test_a_questionnaire_option_given_an_export_names_batch(cli) -> None:
    result = cli("score", EXAMPLE, "--questionnaire", EXPORT)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [message(EXPORT, "a CSV table", "a questionnaire file")]


def _workbook(path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in export_rows()[:6]:
        book.active.append(row)
    book.save(path)


def _cp1252_semicolons(path: Path) -> None:
    rows = export_rows()
    rows[3][rows[0].index("Organisation")] = "Café Noord"
    path.write_bytes(table(rows, ";").encode("cp1252"))


def _utf16_tabs(path: Path) -> None:  # Excel's "Unicode text"
    path.write_bytes(table(export_rows(), "\t").encode("utf-16"))


def _utf8_commas(path: Path) -> None:
    shutil.copy(EXPORT, path)


def _tsv(path: Path) -> None:
    path.write_text(table(export_rows(), "\t"), encoding="utf-8")


def _old_excel(path: Path) -> None:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


# Each case: how the file is made, its name, and what it is said to be.
KINDS = [
    pytest.param(_workbook, "responses.xlsx", "an Excel workbook", id="xlsx-by-name"),
    pytest.param(_workbook, "responses.dat", "an Excel workbook", id="xlsx-by-signature"),
    pytest.param(_old_excel, "responses.xls", "an Excel 97-2003 workbook", id="xls-by-name"),
    pytest.param(_old_excel, "responses", "an Excel 97-2003 workbook", id="xls-by-signature"),
    pytest.param(_cp1252_semicolons, "responses.csv", "a CSV table", id="cp1252-by-name"),
    pytest.param(_cp1252_semicolons, "responses.txt", "a CSV table with semicolons", id="cp1252-semicolons"),
    pytest.param(_utf16_tabs, "responses.txt", "a tab-separated table", id="utf16-tabs"),
    pytest.param(_utf8_commas, "responses.txt", "a CSV table", id="utf8-commas"),
    pytest.param(_tsv, "responses.tsv", "a tab-separated table", id="tsv-by-name"),
    pytest.param(_utf8_commas, "RESPONSES.CSV", "a CSV table", id="upper-case-name"),
]


@pytest.mark.parametrize(("make", "name", "export"), KINDS)
@pytest.mark.parametrize("command", ["score", "validate"])
def test_exports_of_every_kind_are_told(cli, tmp_path: Path, make, name: str, export: str, command: str) -> None:
    path = tmp_path / name
    make(path)
    result = cli(command, path)
    assert result.exit_code == 1
    lines = result.stderr.splitlines() if command == "score" else result.stdout.splitlines()
    wanted = "an answers file" if command == "score" else "a questionnaire, roadmap or answers file"
    assert lines == [message(path, export, wanted)]


def test_a_name_with_spaces_is_quoted_in_the_command(cli, tmp_path: Path) -> None:
    path = tmp_path / "survey export (March).csv"
    shutil.copy(EXPORT, path)
    result = cli("score", path)
    assert result.stderr.splitlines() == [
        f"{path}:1:1: this looks like a survey export (a CSV table), not an answers file: "
        f"score it with `socialmaturity batch '{path}'`"
    ]


def test_an_export_on_stdin_is_told_to_be_saved_first(cli) -> None:
    result = cli("score", "-", stdin=EXPORT.read_text(encoding="utf-8"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "-:1:1: this looks like a survey export (a CSV table), not an answers file: "
        "save it to a file and score that with `socialmaturity batch FILE`"
    ]


# -- what is not an export --------------------------------------------------------------


def test_a_missing_export_is_missing(cli, tmp_path: Path) -> None:
    result = cli("score", tmp_path / "export.csv")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{tmp_path / 'export.csv'}:1:1: no such file"]


def test_a_folder_named_like_an_export_is_a_folder(cli, tmp_path: Path) -> None:
    (tmp_path / "export.csv").mkdir()
    result = cli("validate", tmp_path / "export.csv")
    assert result.stdout.splitlines() == [f"{tmp_path / 'export.csv'}:1:1: is a folder, not a file"]


def test_answers_saved_under_a_csv_name_are_still_scored(cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    shutil.copy(EXAMPLE, path)
    result = cli("score", path, "--json")
    assert result.exit_code == 0, result.stderr


BROKEN_YAML = [
    pytest.param(
        "broken.yaml",
        "questionnaire: social-business\norganisation: {name: X, sector: Y, size: Z\nanswers: {a: b, c: d}\n",
        id="yaml-with-commas",
    ),
    pytest.param("-", '{"questionnaire": "social-business", "questionnaire_version": "1.0.0",, }', id="json-on-stdin"),
    pytest.param(
        "-",
        "questionnaire: social-business,\nquestionnaire_version: 1,\nlanguage: en,\n"
        "assessor: Ann,\nassessed_on: 2026-01-01,\norganisation: x: y\n",
        id="yaml-on-stdin-ending-in-commas",
    ),
    pytest.param(
        "answers",
        '{"questionnaire": "social-business", "questionnaire_version": "1.0.0",\n'
        ' "assessed_on": "2026-01-01", "language": "en",\n'
        ' "assessor": "Ann", "organisation": {"name": "X"},,\n'
        ' "answers": {"a": "b"}, "notes": {"a": "c"}}\n',
        id="json-two-fields-a-line",
    ),
]


@pytest.mark.parametrize(("name", "text"), BROKEN_YAML)
def test_broken_yaml_with_commas_is_not_an_export(cli, tmp_path: Path, name: str, text: str) -> None:
    if name == "-":
        result = cli("validate", "-", stdin=text)
    else:
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = cli("validate", tmp_path / name)
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert "survey export" not in line
    assert line.startswith(("-:", str(tmp_path)))


def test_a_cp1252_yaml_file_is_still_not_utf8(cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_bytes(EXAMPLE.read_text(encoding="utf-8").replace("Harbourlight", "Hårbourlight").encode("cp1252"))
    result = cli("validate", path)
    [line] = result.stdout.splitlines()
    assert "the file is not UTF-8 text" in line
