"""Reading an XLSX workbook's first sheet, safely and once.

A workbook is a zip of XML files, and neither the zip nor the XML can be trusted:
a 1 MB file can inflate to gigabytes, a `<dimension>` element can claim fewer rows than
the sheet holds (or a million times more), and two cells far apart make a reader that
builds a dense table (python-calamine does) allocate rows x columns. So before the
sheet is read, `check_workbook` inflates the sheets and the shared strings once in
small chunks, within `MAX_INFLATED` bytes, and finds the real last row and column from
the cells' own references; the dimension element is never used. Only then does
python-calamine read the sheet, once; `Workbook.rows()` replays it from memory, so
detection, preview and the run never open the file again.

Every limit breaks with an `ExportError` that says which limit and what to do.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from .table import ExportError

MAX_INFLATED: Final = 400 * 1024 * 1024
"""Bytes the sheets and shared strings may inflate to together (a 100,000 x 50 survey
with shared strings is about 200 MB)."""
MAX_CELLS: Final = 5_000_000
"""Rows x columns of the used range: what the reader allocates, however empty."""
MAX_ROWS: Final = 1_048_576  # Excel's own limits
MAX_COLUMNS: Final = 16_384
MAX_CELL_CHARACTERS: Final = 131_072
"""The same cap as a CSV cell (Python's csv field limit)."""

_CHUNK: Final = 1 << 20
# A cell's own reference (r="AB12"); row elements carry r="12".
_CELL_REF: Final = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,4})([0-9]{1,8})"')
_ROW_REF: Final = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="([0-9]{1,8})"')
_CELL_START: Final = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ROW_START: Final = re.compile(rb"<(?:\w+:)?row[\s>/]")
_SHEET_PART: Final = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
_STRINGS_PART: Final = re.compile(r"xl/sharedstrings\.xml", re.IGNORECASE)
# Long enough for any tag or reference cut by a chunk's end.
_OVERLAP: Final = 512


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


class _Extent:
    """The last row and column the cells of the sheets really use."""

    def __init__(self) -> None:
        self.rows = 0
        self.columns = 0
        self.row_elements = 0
        self.cell_elements = 0
        self.cell_refs = 0

    def scan(self, chunk: bytes, fresh: int) -> None:
        """Count in `chunk`, whose first `len(chunk) - fresh` bytes were seen already."""
        start = len(chunk) - fresh
        for match in _CELL_REF.finditer(chunk):
            if match.start() < start:
                continue
            self.cell_refs += 1
            self.columns = max(self.columns, _column_number(match.group(1)))
            self.rows = max(self.rows, int(match.group(2)))
        for match in _ROW_REF.finditer(chunk):
            if match.start() >= start:
                self.rows = max(self.rows, int(match.group(1)))
        self.cell_elements += sum(1 for m in _CELL_START.finditer(chunk) if m.start() >= start)
        self.row_elements += sum(1 for m in _ROW_START.finditer(chunk) if m.start() >= start)

    def shape(self) -> tuple[int, int]:
        rows = max(self.rows, self.row_elements)
        # Cells without a reference follow each other: the widest row is at most all of them.
        columns = self.columns if self.cell_refs == self.cell_elements else max(
            self.columns, self.cell_elements
        )
        return rows, columns


def check_workbook(path: Path) -> None:
    """Raise ExportError unless the workbook's first sheet can be read within the limits."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if "xl/workbook.xml" not in names:
                raise ExportError(
                    f"{name} is a zip file but not an XLSX workbook (no xl/workbook.xml); "
                    "export the survey as CSV or XLSX and try again.",
                    path,
                )
            parts = [
                m
                for m in members
                if _SHEET_PART.fullmatch(m.filename) or _STRINGS_PART.fullmatch(m.filename)
            ]
            declared = sum(m.file_size for m in parts)
            if declared > MAX_INFLATED:
                raise _too_big(path, declared)
            extent = _Extent()
            inflated = 0
            for member in parts:
                sheet = _SHEET_PART.fullmatch(member.filename) is not None
                tail = b""
                # zipfile stops at the size the archive declares and checks the CRC, so
                # a member cannot inflate past what was counted above.
                with archive.open(member) as stream:
                    while True:
                        chunk = stream.read(_CHUNK)
                        if not chunk:
                            break
                        inflated += len(chunk)
                        if inflated > MAX_INFLATED:
                            raise _too_big(path, inflated)
                        if sheet:
                            extent.scan(tail + chunk, len(chunk))
                            tail = chunk[-_OVERLAP:]
    except ExportError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        raise ExportError(_damaged(name, error), path) from None
    except Exception as error:  # zlib and zipfile raise several kinds for a damaged file
        raise ExportError(_damaged(name, error), path) from None
    rows, columns = extent.shape()
    if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        raise ExportError(
            f"{name} uses {rows:,} rows x {columns:,} columns of its sheets, more than batch "
            f"reads from a workbook ({MAX_CELLS:,} cells, at most {MAX_ROWS:,} rows and "
            f"{MAX_COLUMNS:,} columns; empty cells far apart count too); delete the cells "
            "outside the responses, or export the survey as CSV, and try again.",
            path,
        )


def _too_big(path: Path, size: int) -> ExportError:
    return ExportError(
        f"{path.name} inflates to more than {MAX_INFLATED // (1024 * 1024)} MB of sheet data "
        f"({size // (1024 * 1024):,} MB or more), more than batch reads from a workbook; "
        "export the survey as CSV and try again.",
        path,
    )


def _damaged(name: str, error: BaseException) -> str:
    detail = str(error).rstrip(".") or type(error).__name__
    return (
        f"{name} looks like an XLSX workbook but could not be opened ({detail}); "
        "open it in Excel, save it again and try again."
    )


class Workbook:
    """The first sheet of a checked workbook, read once; `rows()` replays it."""

    def __init__(self, path: Path) -> None:
        check_workbook(path)
        import python_calamine  # only workbooks need it

        self.path = path
        try:
            book = python_calamine.CalamineWorkbook.from_path(str(path))
            try:
                names = book.sheet_names
                sheet: Any = book.get_sheet_by_index(0) if names else None
                # to_python() copies the cells out once; the Rust range is freed with the book.
                values: list[list[Any]] = sheet.to_python(skip_empty_area=False) if sheet else []
            finally:
                book.close()
        except ExportError:
            raise
        except Exception as error:  # CalamineError, XmlError, ZipError, PanicException
            raise ExportError(_damaged(path.name, error), path) from None
        self._rows = [self._texts(row, number) for number, row in enumerate(values, 1)]

    def _texts(self, row: list[Any], number: int) -> list[str]:
        texts = [_cell_text(value) for value in row]
        # Trailing empty cells are what a spreadsheet leaves out of a row anyway.
        while texts and not texts[-1]:
            texts.pop()
        for text in texts:
            if len(text) > MAX_CELL_CHARACTERS:
                raise ExportError(
                    f"{self.path.name} has a cell longer than {MAX_CELL_CHARACTERS} characters "
                    f"in row {number}; a survey answer is never that long. Check the file and "
                    "try again.",
                    self.path,
                )
            if "\x00" in text:
                raise ExportError(
                    f"{self.path.name} contains NUL characters in row {number}; it looks "
                    "damaged. Open it in Excel, save it again and try again.",
                    self.path,
                )
        return texts

    def rows(self) -> Iterator[list[str]]:
        # a copy per record: callers may change what they get
        return (list(row) for row in self._rows)


def _cell_text(value: object) -> str:
    """A spreadsheet value as the text an export would have had: 3.0 is '3', dates are ISO."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\ufeff", "") if "\ufeff" in value else value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        # Excel stores times as fractions of a day; round away the floating-point dust.
        rounded = (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
        # Excel has no date type: a date cell reads as midnight, shown as the date alone.
        if rounded.time() == dt.time(0):
            return rounded.date().isoformat()
        return rounded.isoformat(sep=" ")
    if isinstance(value, dt.time):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return str(value)
