"""Hostile exports and output folders: each case ends with a clear message and exit code,
leaves the outputs as the rule says, and stays within memory and time.

The heavy cases run `socialmaturity batch` in a subprocess that reports its own peak
memory (resource.getrusage) and wall time, so the figures are the whole run's.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from socialmaturity.loader import load_model

pytestmark = pytest.mark.slow  # bombs and kills, each in a process of its own measured for time and memory

MODEL = load_model("social-business")
IDS = [q.id for q in MODEL.questionnaire.questions]
FORMULA = ("=", "+", "-", "@", "\t")
PEAK_MB = 500
SECONDS = 10.0

_MEASURE = textwrap.dedent(
    """
    import json, resource, sys, time
    start = time.monotonic()
    from socialmaturity.cli import main
    code = main(sys.argv[1:])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"code": code, "peak_mb": peak, "seconds": time.monotonic() - start}), file=sys.stderr)
    """
)


def measured(*args: Any) -> tuple[dict[str, Any], str]:
    """Run the CLI in a fresh process: its figures, and what it said on stderr."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    *said, figures = done.stderr.strip().splitlines()
    return json.loads(figures), "\n".join(said)


# -- workbooks written by hand, so that they can lie ------------------------------------

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}
_SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _ref(row: int, column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _row(number: int, values: list[str]) -> str:
    cells = "".join(
        f'<c r="{_ref(number, i)}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values) if v
    )
    return f'<row r="{number}">{cells}</row>'


def workbook(path: Path, sheet_parts: list[str] | None = None, *, stream_sheet: Any = None) -> Path:
    """A workbook whose sheet XML is `sheet_parts` joined, or written by `stream_sheet(out)`."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        if stream_sheet is not None:
            with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
                stream_sheet(out)
        else:
            archive.writestr("xl/worksheets/sheet1.xml", "".join(sheet_parts or []))
    return path


def panel_rows(count: int) -> list[list[str]]:
    """`count` respondents who each choose the option at position n % options."""
    rows = []
    for n in range(count):
        rows.append([f"r{n + 1}", *(q.options[n % len(q.options)].id for q in MODEL.questionnaire.questions)])
    return rows


HEADER = ["respondent id", *IDS]


def outputs(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# -- cells that would become rows or formulas ------------------------------------------


def test_line_breaks_in_cells_never_start_a_row_or_a_formula(tmp_path: Path, cli: Any) -> None:
    groups = ["Acme\r=1+1", "North\n@SUM(A1)", "Plain\r\n+cmd|' /C calc'!A0"]
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["respondent id", "Team", *IDS])
        for n, group in enumerate(groups):
            answers = [q.options[0].id for q in MODEL.questionnaire.questions]
            answers[0] = "-2\r=HYPERLINK(1)"  # not understood: copied into errors.csv
            writer.writerow([f"id\r-{n}", group, *answers])
    out = tmp_path / "out"
    result = cli("batch", path, "--group-by", "Team", "-o", out)
    assert result.exit_code == 0, result.stderr
    for name in ("respondents.csv", "groups.csv", "errors.csv", "questions.csv"):
        data = (out / name).read_bytes()
        assert b"\r" not in data, name  # a bare CR would end the row in a spreadsheet
        with (out / name).open(encoding="utf-8", newline="") as stream:
            for record in csv.reader(stream):
                for cell in record:
                    for line in cell.split("\n"):
                        assert not line.startswith(FORMULA), (name, cell)
    rows = list(csv.DictReader((out / "groups.csv").open(encoding="utf-8", newline="")))
    assert [r["group"] for r in rows] == ["Acme\n'=1+1", "North\n'@SUM(A1)", "Plain\n'+cmd|' /C calc'!A0"]


# -- workbooks -------------------------------------------------------------------------


def test_a_workbook_whose_dimension_is_too_small_loses_no_row(tmp_path: Path, cli: Any) -> None:
    rows = [HEADER, *panel_rows(5)]
    path = workbook(
        tmp_path / "export.xlsx",
        [_SHEET_HEAD, '<dimension ref="A1:R4"/><sheetData>', *(_row(n + 1, r) for n, r in enumerate(rows)), "</sheetData></worksheet>"],
    )
    out = tmp_path / "out"
    result = cli("batch", path, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "Scored 5 of 5 rows" in result.stderr


def test_a_workbook_named_csv_is_read_as_a_workbook(tmp_path: Path, cli: Any) -> None:
    rows = [HEADER, *panel_rows(3)]
    path = workbook(tmp_path / "export.csv", [_SHEET_HEAD, "<sheetData>", *(_row(n + 1, r) for n, r in enumerate(rows)), "</sheetData></worksheet>"])
    result = cli("batch", path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert "Scored 3 of 3 rows" in result.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["export"]["encoding"] == "xlsx"


def test_a_csv_named_xlsx_is_read_as_csv(tmp_path: Path, cli: Any) -> None:
    path = tmp_path / "export.xlsx"
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([HEADER, *panel_rows(2)])
    result = cli("batch", path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert "Scored 2 of 2 rows" in result.stderr


def _within_limits(figures: dict[str, Any]) -> None:
    assert figures["peak_mb"] < PEAK_MB, figures
    assert figures["seconds"] < SECONDS, figures


@pytest.mark.slow
@pytest.mark.parametrize(
    ("size", "text"), [(1 << 30, b"A"), (2 << 30, b" ")], ids=["1-GiB-cell", "2-GiB-whitespace"]
)
def test_an_inflating_workbook_is_refused_quickly_and_small(tmp_path: Path, size: int, text: bytes) -> None:
    chunk = text * (1 << 20)

    def sheet(out: Any) -> None:
        out.write(f'{_SHEET_HEAD}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'.encode())
        for _ in range(size // len(chunk)):
            out.write(chunk)
        out.write(b"</t></is></c></row></sheetData></worksheet>")

    path = workbook(tmp_path / "bomb.xlsx", stream_sheet=sheet)
    assert path.stat().st_size < 8 << 20
    out = tmp_path / "out"
    figures, said = measured("batch", path, "-o", out)
    assert figures["code"] == 1
    assert "bomb.xlsx inflates to more than 400 MB of sheet data" in said
    assert "export the survey as CSV and try again" in said
    assert "Traceback" not in said
    assert outputs(out) == []
    _within_limits(figures)


@pytest.mark.slow
def test_a_workbook_declaring_a_million_rows_by_sixteen_thousand_columns_is_refused(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "wide.xlsx",
        [_SHEET_HEAD, '<dimension ref="A1:XFD1048576"/><sheetData>', _row(1, ["a"]),
         '<row r="1048576"><c r="XFD1048576"/></row></sheetData></worksheet>'],
    )
    assert path.stat().st_size < 8 << 10
    out = tmp_path / "out"
    figures, said = measured("batch", path, "-o", out)
    assert figures["code"] == 1
    assert "wide.xlsx uses 1,048,576 rows x 16,384 columns of its sheets" in said
    assert outputs(out) == []
    _within_limits(figures)


@pytest.mark.slow
def test_twenty_thousand_empty_rows_are_skipped_fast(tmp_path: Path) -> None:
    rows = [HEADER, *panel_rows(3)]
    empty = "".join(f'<row r="{n}"/>' for n in range(1, 20_001))
    data = "".join(_row(20_001 + n, r) for n, r in enumerate(rows))
    path = workbook(tmp_path / "sparse.xlsx", [_SHEET_HEAD, "<sheetData>", empty, data, "</sheetData></worksheet>"])
    out = tmp_path / "out"
    figures, said = measured("batch", path, "-o", out)
    assert figures["code"] == 0, said
    assert "Scored 3 of 3 rows" in said
    _within_limits(figures)


# -- CSV files -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("where", ["record", "header"])
def test_a_500_mb_line_is_refused_quickly_and_small(tmp_path: Path, where: str) -> None:
    path = tmp_path / "long.csv"
    block = b"a," * (1 << 19)  # 1 MiB
    with path.open("wb") as stream:
        if where == "record":
            stream.write((",".join(HEADER) + "\n").encode())
        for _ in range(500):
            stream.write(block)
        stream.write(b"\n")
    out = tmp_path / "out"
    figures, said = measured("batch", path, "-o", out)
    assert figures["code"] == 1
    assert "long.csv has a record longer than 4,194,304 characters near line" in said
    assert outputs(out) == []
    _within_limits(figures)


def test_a_nul_after_the_first_mebibyte_is_refused(tmp_path: Path, cli: Any) -> None:
    path = tmp_path / "export.csv"
    rows = [HEADER, *panel_rows(3000)]
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
        stream.write("North\0wind," + ",".join(rows[1][1:]) + "\n")
    assert path.stat().st_size > 1 << 20
    out = tmp_path / "out"
    result = cli("batch", path, "-o", out)
    assert result.exit_code == 1
    assert "export.csv contains NUL characters near line 3002" in result.stderr
    assert outputs(out) == []


# -- output folders --------------------------------------------------------------------


def test_a_reports_folder_that_is_a_link_is_refused_before_anything_is_written(tmp_path: Path, cli: Any) -> None:
    out = tmp_path / "out"
    elsewhere = tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (elsewhere / "group.pdf").write_text("someone else's", encoding="utf-8")
    (out / "reports").symlink_to(elsewhere)
    result = cli("batch", ROOT / "examples" / "survey-export.csv", "--group-by", "Organisation", "--reports", "-o", out)
    assert result.exit_code == 1
    assert f"{out / 'reports'} is a symbolic link, not a file; nothing was written" in result.stderr
    assert outputs(out) == ["reports"]
    assert outputs(elsewhere) == ["group.pdf"]


_KILL_AT_RENAME = textwrap.dedent(
    """
    import os, signal, sys
    from socialmaturity.cli import main
    renames = 0
    replace = os.replace
    kill_at = int(sys.argv[1])

    def killing_replace(source, target):
        global renames
        # the result files only: the journal's own write is a rename too
        if not str(target).endswith(".socialmaturity-commit"):
            renames += 1
            if renames == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
        replace(source, target)

    os.replace = killing_replace
    sys.exit(main(sys.argv[2:]))
    """
)
RESULTS = ["errors.csv", "groups.csv", "questions.csv", "respondents.csv", "summary.json"]


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", [1, 2, 3, 4, 5])
def test_a_kill_at_any_rename_never_leaves_a_mix(tmp_path: Path, kill_at: int) -> None:
    out = tmp_path / "out"
    old = tmp_path / "old.csv"
    new = tmp_path / "new.csv"
    with old.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([["respondent id", "Team", *IDS], *[[r[0], "Old", *r[1:]] for r in panel_rows(2)]])
    with new.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([["respondent id", "Team", *IDS], *[[r[0], "New", *r[1:]] for r in panel_rows(3)]])
    args = ["--group-by", "Team", "-o", str(out)]
    first = subprocess.run([sys.executable, "-m", "socialmaturity", "batch", str(old), *args], cwd=ROOT, capture_output=True)
    assert first.returncode == 0, first.stderr
    killed = subprocess.run(
        [sys.executable, "-c", _KILL_AT_RENAME, str(kill_at), "batch", str(new), *args], cwd=ROOT, capture_output=True
    )
    assert killed.returncode == -signal.SIGKILL
    present = [name for name in RESULTS if (out / name).exists()]
    # A reader that finds summary.json finds one run's files, all of them.
    if "summary.json" in present:
        teams = {r["group"] for r in csv.DictReader((out / "groups.csv").open(encoding="utf-8"))}
        assert teams == {"Old"}, kill_at
        assert present == RESULTS
    else:
        assert (out / ".socialmaturity-commit").exists()
    # The next writer in the folder finishes the killed run's commit and its leftovers go.
    from socialmaturity.files import StagedFiles

    with StagedFiles(out) as files:
        files.open("note.txt").write("x")
        files.commit()
    assert [name for name in RESULTS if (out / name).exists()] == RESULTS
    teams = {r["group"] for r in csv.DictReader((out / "groups.csv").open(encoding="utf-8"))}
    assert teams == {"New"}
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["rows"]["scored"] == 3
    assert not (out / ".socialmaturity-commit").exists()
    again = subprocess.run([sys.executable, "-m", "socialmaturity", "batch", str(new), *args], cwd=ROOT, capture_output=True)
    assert again.returncode == 0
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.slow
def test_a_run_killed_while_writing_rows_leaves_temporaries_the_next_run_removes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    export = tmp_path / "export.csv"
    with export.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([HEADER, *panel_rows(3)])
    killer = textwrap.dedent(
        """
        import os, signal, sys
        from socialmaturity.batch import outputs
        from socialmaturity.cli import main
        def die(*args, **named):
            os.kill(os.getpid(), signal.SIGKILL)
        outputs.BatchWriter.finish = die
        sys.exit(main(sys.argv[1:]))
        """
    )
    killed = subprocess.run([sys.executable, "-c", killer, "batch", str(export), "-o", str(out)], cwd=ROOT, capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    assert len([p for p in out.iterdir() if p.name.endswith(".tmp")]) == 4
    again = subprocess.run([sys.executable, "-m", "socialmaturity", "batch", str(export), "-o", str(out)], cwd=ROOT, capture_output=True)
    assert again.returncode == 0, again.stderr
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []
    assert os.path.exists(out / "summary.json")
