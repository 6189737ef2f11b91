"""Reading the bytes of an export: encodings, delimiters, quoting, damaged and odd files."""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import io
import re
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialmaturity.i18n import Said
from socialmaturity.survey import ExportError, open_export
from socialmaturity.survey.decode import SAMPLE_BYTES, sniff_delimiter
from survey_fixtures import google_forms_csv, records_to_csv, records_to_xlsx, write

DUTCH_HEADING = "Hoe ver is uw organisatie? Één stap, of meer"
DUTCH_ANSWER = "Geïntegreerd – ‘café’ „ë“ é"


def read(
    table_path: Path, source: str = "auto"
) -> tuple[list[str], list[tuple[int, tuple[str, ...]]]]:
    """Headings and (row, cells) of every response."""
    table = open_export(table_path, source)
    return [c.heading for c in table.columns], [(r.row, r.cells) for r in table.responses()]


# -- encodings ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "delimiter", "expected_encoding"),
    [
        ("utf-8", ",", "utf-8"),
        ("utf-8-sig", ",", "utf-8-sig"),
        ("utf-8-sig", ";", "utf-8-sig"),
        ("utf-16", "\t", "utf-16"),  # Excel "Unicode text", with BOM (little-endian here)
        ("utf-16-be", "\t", "utf-16"),  # needs a BOM written by hand, below
        ("cp1252", ";", "cp1252"),  # Excel CSV in a Dutch locale
    ],
)
def test_encodings_keep_dutch_text(
    tmp_path: Path, encoding: str, delimiter: str, expected_encoding: str
) -> None:
    records = [["Respondent", DUTCH_HEADING], ["1", DUTCH_ANSWER], ["2", "ë"]]
    data = records_to_csv(records, delimiter=delimiter, encoding=encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    if encoding == "cp1252":
        # The curly quotes and dash exist in Windows-1252; check they really are single bytes.
        assert len(data) == len(data.decode("cp1252"))
    table = open_export(write(tmp_path / "export.csv", data))
    assert (table.encoding, table.delimiter) == (expected_encoding, delimiter)
    assert [c.heading for c in table.columns] == ["Respondent", DUTCH_HEADING]
    assert [r.cells for r in table.responses()] == [("1", DUTCH_ANSWER), ("2", "ë")]


def test_cp1252_decided_by_a_byte_late_in_the_sample(tmp_path: Path) -> None:
    rows = [["Respondent", "Antwoord"]] + [[str(n), "ok"] for n in range(2000)] + [["x", "é"]]
    path = write(tmp_path / "export.csv", records_to_csv(rows, encoding="cp1252"))
    table = open_export(path)
    assert table.encoding == "cp1252"
    assert list(table.responses())[-1].cells == ("x", "é")


@pytest.mark.parametrize("shift", [1, 2])
def test_utf8_character_cut_by_the_sample_end_is_still_utf8(tmp_path: Path, shift: int) -> None:
    head = "Respondent,Antwoord\r\n" + "1,Dialoog met klanten\r\n" * 40_000
    cut = "2," + "x" * (SAMPLE_BYTES - len(head) - 2 - shift)
    data = f"{head}{cut}één\r\n3,ë\r\n".encode()
    # 'é' is two bytes: the sample ends after its first byte (shift 1) or right after it.
    assert data[SAMPLE_BYTES - shift : SAMPLE_BYTES - shift + 2] == "é".encode()
    table = open_export(write(tmp_path / "cut.csv", data))
    assert table.encoding == "utf-8"
    assert [r.cells[1][-3:] for r in table.responses()][-2:] == ["één", "ë"]


def test_late_invalid_utf8_is_a_clear_error(tmp_path: Path) -> None:
    # Valid UTF-8 for the first megabyte, then a Windows-1252 'é': the decision was UTF-8.
    line = "1,Dialoog met klanten via social media\r\n"
    count = SAMPLE_BYTES // len(line) + 100
    data = ("Respondent,Antwoord\r\n" + line * count).encode() + b"2,caf\xe9\r\n"
    table = open_export(write(tmp_path / "late.csv", data))
    assert table.encoding == "utf-8"
    with pytest.raises(ExportError) as caught:
        for _ in table.responses():
            pass
    message = str(caught.value)
    assert message.startswith("late.csv is not valid UTF-8 text after line ")
    assert message.endswith("; save it again as CSV UTF-8 and try again.")
    assert caught.value.path == tmp_path / "late.csv"


def test_undecodable_text_is_an_error(tmp_path: Path) -> None:
    # 0x81 is undefined in Windows-1252 and invalid as UTF-8.
    path = write(tmp_path / "odd.csv", b"Respondent,Antwoord\r\n1,\x81\x81\r\n")
    with pytest.raises(ExportError, match=r"^odd\.csv is neither UTF-8 nor Windows-1252 text; "):
        open_export(path)


@pytest.mark.parametrize("where", ["cell start", "cell middle", "line start", "header"])
def test_stray_bom_is_dropped_everywhere(tmp_path: Path, where: str) -> None:
    bom = "\ufeff"
    text = {
        "cell start": f"Respondent,Antwoord\r\n1,{bom}Dialoog\r\n",
        "cell middle": f"Respondent,Antwoord\r\n1,Dia{bom}loog\r\n",
        "line start": f"Respondent,Antwoord\r\n{bom}1,Dialoog\r\n",
        "header": f"{bom}Respondent,{bom}Antwoord\r\n1,Dialoog\r\n",
    }[where]
    assert read(write(tmp_path / "bom.csv", text.encode()))[1] == [(2, ("1", "Dialoog"))]
    assert read(tmp_path / "bom.csv")[0] == ["Respondent", "Antwoord"]


def test_bom_inside_an_xlsx_cell_is_dropped(tmp_path: Path) -> None:
    path = write(
        tmp_path / "bom.xlsx",
        records_to_xlsx([["Respondent", "\ufeffAntwoord"], ["1", "Dia\ufeffloog"]]),
    )
    assert read(path) == (["Respondent", "Antwoord"], [(2, ("1", "Dialoog"))])


# -- delimiters ---------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_sniffed_despite_punctuation_in_headings(
    tmp_path: Path, delimiter: str
) -> None:
    records = [
        ["Respondent", "Strategy, goals; insights", "Team, training", "Crisis"],
        ["1", "Dialogue, mostly", "Yes; partly", "No"],
        ["2", "Engagement", "No, not yet", "Yes, 24/7"],
    ]
    path = write(tmp_path / "export.csv", records_to_csv(records, delimiter=delimiter))
    table = open_export(path)
    assert table.delimiter == delimiter
    assert [c.heading for c in table.columns] == records[0]
    assert [list(r.cells) for r in table.responses()] == records[1:]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Excel in a Dutch locale quotes nothing with a comma: commas split unevenly.
        ("Tijd;Vraag, deel 1;Vraag 2\n1;a, b, c;d\n2;e;f, g\n", ";"),
        ("Tijd\tVraag, deel 1\tVraag 2\n1\ta, b, c\td\n", "\t"),
        ('"id";"submitdate";"Q1"\n"1";"2023-01-01";"A1, A2"\n', ";"),
        ('"Timestamp","Q; a","Q; b"\n"1","x;y","z"\n', ","),
        ("only one column\nvalue\n", ","),
        ("a;b\n", ";"),
    ],
)
def test_sniff_delimiter(text: str, expected: str) -> None:
    assert sniff_delimiter(text) == expected


def test_quoted_line_breaks_stay_one_row(tmp_path: Path) -> None:
    records = [
        ["Respondent", "Toelichting", "Fase"],
        ["1", "Eerste regel\r\ntweede regel\r\n\r\nderde", "Dialoog"],
        ["2", "kort", "Presence"],
        ["3", "a\nb", "Engagement"],
    ]
    path = write(tmp_path / "multiline.csv", records_to_csv(records))
    _, responses = read(path)
    assert responses == [(2, tuple(records[1])), (3, tuple(records[2])), (4, tuple(records[3]))]


def test_blank_and_delimiter_only_rows_are_skipped_but_counted(tmp_path: Path) -> None:
    text = "\r\n\r\nRespondent;Antwoord\r\n1;a\r\n\r\n;\r\n;;;\r\n2;b\r\n\r\n"
    table = open_export(write(tmp_path / "blank.csv", text.encode()))
    assert table.header_rows == 1
    assert [(r.row, r.cells, r.problems) for r in table.responses()] == [
        (4, ("1", "a"), ()),
        (8, ("2", "b"), ()),
    ]


def test_ragged_rows_are_fitted_and_reported(tmp_path: Path) -> None:
    text = "Respondent,A,B,C\r\n1,a\r\n2,a,b,c,d,e\r\n3,a,b,c,,\r\n4,a,b,c\r\n"
    table = open_export(write(tmp_path / "ragged.csv", text.encode()))
    assert [(r.row, r.cells, r.problems) for r in table.responses()] == [
        (
            2,
            ("1", "a", "", ""),
            (
                "Row 2 has 2 cells but the header has 4 columns; the missing 2 cells were read as empty.",
            ),
        ),
        (
            3,
            ("2", "a", "b", "c"),
            ("Row 3 has 6 cells but the header has 4 columns; the 2 extra cells were ignored.",),
        ),
        (4, ("3", "a", "b", "c"), ()),  # trailing empty cells lose nothing
        (5, ("4", "a", "b", "c"), ()),
    ]


def test_a_row_of_one_cell_says_one_cell(tmp_path: Path) -> None:
    table = open_export(write(tmp_path / "ragged.csv", b"Respondent,A,B\r\n1\r\n2,a,b,c\r\n"))
    assert [r.problems for r in table.responses()] == [
        ("Row 2 has 1 cell but the header has 3 columns; the missing 2 cells were read as empty.",),
        ("Row 3 has 4 cells but the header has 3 columns; the 1 extra cell was ignored.",),
    ]


def test_a_problem_is_a_message_of_the_tool_without_its_full_stop(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as caught:
        open_export(write(tmp_path / "empty.csv", b""))
    # the sentence for a prefix or a list, shown in the reader's language by the command line
    assert isinstance(caught.value.message, Said)
    assert caught.value.message == "empty.csv is empty"
    assert str(caught.value) == "empty.csv is empty."


def test_trailing_empty_headings_are_not_columns(tmp_path: Path) -> None:
    text = "Respondent;Antwoord;;;\r\n1;a;;;\r\n"
    table = open_export(write(tmp_path / "excel.csv", text.encode()))
    assert [c.heading for c in table.columns] == ["Respondent", "Antwoord"]
    assert [(r.cells, r.problems) for r in table.responses()] == [(("1", "a"), ())]


# -- empty, binary, damaged ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.csv", b""),
        ("empty.csv", b"  \r\n\n\t\n"),
        ("empty.csv", b"\xef\xbb\xbf"),
        ("empty.csv", b"\xff\xfe"),
        ("empty.csv", "\r\n \r\n".encode("utf-16")),
        ("empty.csv", b";;;\r\n;;\r\n"),
    ],
)
def test_empty_file(tmp_path: Path, name: str, data: bytes) -> None:
    with pytest.raises(ExportError, match=r"^empty\.csv is empty\.$"):
        open_export(write(tmp_path / name, data))


def test_empty_workbook(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"^empty\.xlsx is empty\.$"):
        open_export(write(tmp_path / "empty.xlsx", records_to_xlsx([])))


def test_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path / "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ExportError) as caught:
        open_export(path)
    assert str(caught.value) == "photo.csv looks like a binary file, not a CSV or XLSX export."
    assert caught.value.path == path


def test_old_excel_workbook(tmp_path: Path) -> None:
    path = write(tmp_path / "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(
        ExportError,
        match=r"^old\.xls looks like an old Excel 97-2003 workbook \(\.xls\); save it as \.xlsx or CSV and try again\.$",
    ):
        open_export(path)


def zip_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    return out.getvalue()


def truncated_workbook() -> bytes:
    data = records_to_xlsx([["ID", "Vraag"], [1, "a"]])
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04" + b"\x00garbage" * 20, zip_without_workbook(), truncated_workbook()],
    ids=["not-a-zip", "zip-without-workbook", "truncated"],
)
def test_corrupt_xlsx(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ExportError) as caught:
        list(open_export(write(tmp_path / "broken.xlsx", data)).responses())
    message = str(caught.value)
    if message.startswith("broken.xlsx is a zip file but not an XLSX workbook"):
        # a zip of something else (a .docx, an .ods) says so
        assert message.endswith("(no xl/workbook.xml); export the survey as CSV or XLSX and try again.")
        return
    assert message.startswith("broken.xlsx looks like an XLSX workbook but could not be opened (")
    assert message.endswith("); open it in Excel, save it again and try again.")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"^gone\.csv could not be read: "):
        open_export(tmp_path / "gone.csv")


def test_unclosed_quote_is_reported(tmp_path: Path) -> None:
    text = 'Respondent,Antwoord\r\n1,"never closed\r\n' + "2,more text\r\n" * 20_000
    path = write(tmp_path / "quote.csv", text.encode())
    with pytest.raises(ExportError) as caught:
        list(open_export(path).responses())
    assert re.fullmatch(
        r"quote\.csv has a cell longer than 131072 characters near line \d+, "
        r"usually a quote that is never closed; check the file and try again\.",
        str(caught.value),
    )


# -- XLSX values ---------------------------------------------------------------------


def test_xlsx_values_become_export_text(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["ID", "Score", "Half", "When", "Day", "Flag", "Text"])
    sheet.append(
        [1, 3.0, 3.5, dt.datetime(2023, 3, 27, 17, 52, 42), dt.date(2023, 3, 27), True, "Één"]
    )
    sheet.append([])  # a blank row, still counted
    sheet.append([2, None, None, None, None, False, "b"])
    out = io.BytesIO()
    workbook.save(out)
    table = open_export(write(tmp_path / "values.xlsx", out.getvalue()))
    assert (table.encoding, table.delimiter) == ("xlsx", None)
    assert [(r.row, r.cells, r.problems) for r in table.responses()] == [
        (2, ("1", "3", "3.5", "2023-03-27 17:52:42", "2023-03-27", "TRUE", "Één"), ()),
        (4, ("2", "", "", "", "", "FALSE", "b"), ()),
    ]


# -- streaming -----------------------------------------------------------------------


def test_responses_is_a_generator(tmp_path: Path) -> None:
    path = write(tmp_path / "g.csv", google_forms_csv(["Vraag"], [{"Vraag": "a"}]))
    table = open_export(path)
    assert inspect.isgenerator(table.responses())
    responses = table.responses()
    assert next(responses).cells[1] == "a"
    assert next(responses, None) is None


def test_reading_is_repeatable(tmp_path: Path) -> None:
    path = write(tmp_path / "g.csv", google_forms_csv(["Vraag"], [{"Vraag": "a"}, {"Vraag": "b"}]))
    table = open_export(path)
    assert [r.cells[1] for r in table.responses()] == ["a", "b"]
    assert [r.cells[1] for r in table.responses()] == ["a", "b"]


@pytest.mark.slow
def test_memory_stays_flat_on_a_large_file(tmp_path: Path) -> None:
    path = tmp_path / "large.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Respondent"] + [f"Vraag {n}" for n in range(8)])
        row = [
            "Helemaal mee eens",
            "Dialoog",
            "Nee",
            "Ja, deels",
            "N/A",
            "Oneens",
            "Eens",
            "Neutraal",
        ]
        for number in range(200_000):
            writer.writerow([str(number), *row])
    size = path.stat().st_size
    tracemalloc.start()
    try:
        count = sum(1 for _ in open_export(path).responses())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 200_000
    # Sniffing holds the first megabyte as bytes and as text; after that only one record
    # is alive at a time, however long the file.
    assert peak < 3 * SAMPLE_BYTES, (peak, size)
    assert peak < size / 5, (peak, size)


# -- round trip ----------------------------------------------------------------------

cell_text = st.text(
    # Surrogates cannot be encoded; NUL cannot be in a CSV; a BOM is dropped on purpose.
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00\ufeff"),
    max_size=40,
)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(cell_text, min_size=3, max_size=3), min_size=1, max_size=8))
def test_cells_round_trip(tmp_path: Path, delimiter: str, rows: list[list[str]]) -> None:
    records = [["Respondent", "Vraag A", "Vraag B", "Vraag C"]]
    records += [[f"R{n}", *cells] for n, cells in enumerate(rows)]
    path = write(tmp_path / "round.csv", records_to_csv(records, delimiter=delimiter))
    table = open_export(path, source="csv")
    assert table.delimiter == delimiter
    assert [list(r.cells) for r in table.responses()] == records[1:]
