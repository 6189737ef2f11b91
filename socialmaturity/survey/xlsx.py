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

from ..i18n import N_, Said, said
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
# Row and cell elements (not <cols>/<col>), and the reference in their attributes.
_ELEMENT: Final = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s>/])([^>]*)>")
_REFERENCE: Final = re.compile(rb'\br="([A-Z]{0,4})([0-9]{1,8})"')
# The fast path: literal prefixes, which the regex engine and bytes.count find quickly.
_CELL_COLUMN: Final = re.compile(rb' r="([A-Z]{1,4})[0-9]')
_CELL_ROW: Final = re.compile(rb' r="[A-Z]{1,4}([0-9]{1,8})"')
_ROW_REFERENCE: Final = re.compile(rb'<row r="([0-9]{1,8})"')
_SHEET_PART: Final = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
_STRINGS_PART: Final = re.compile(r"xl/sharedstrings\.xml", re.IGNORECASE)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


class _Extent:
    """The last row and column the cells of the sheets really use.

    A cell with a reference sits where it says; one without follows the cell before it
    in its row, as readers place it.
    """

    def __init__(self) -> None:
        self.rows = 0
        self.columns = 0
        self._row_elements = 0
        self._column = 0  # the current row's last cell

    def scan(self, chunk: bytes) -> None:
        """Count the elements of `chunk`, which holds whole elements only.

        When every cell carries its reference (Excel, Google, Microsoft), the maxima come
        from the references alone, at C speed; otherwise element by element.
        """
        columns = set(_CELL_COLUMN.findall(chunk))
        cells = chunk.count(b"<c ") + chunk.count(b"<c>") + chunk.count(b"<c/")
        rows = chunk.count(b"<row")
        if (
            b":c " not in chunk
            and chunk.count(b'<c r="') == cells
            and rows == chunk.count(b'<row r="')
        ):
            self._row_elements += rows
            if columns:
                self.columns = max(self.columns, *map(_column_number, columns))
            numbers = set(_CELL_ROW.findall(chunk)) | set(_ROW_REFERENCE.findall(chunk))
            if numbers:
                self.rows = max(self.rows, *map(int, numbers))
            return
        for match in _ELEMENT.finditer(chunk):
            reference = _REFERENCE.search(match.group(2))
            if match.group(1) == b"row":
                self._row_elements += 1
                self._column = 0
                row = int(reference.group(2)) if reference else self._row_elements
                self._row_elements = max(self._row_elements, row)
                self.rows = max(self.rows, row)
            else:
                if reference is not None and reference.group(1):
                    self._column = _column_number(reference.group(1))
                    self.rows = max(self.rows, int(reference.group(2)))
                else:
                    self._column += 1
                self.columns = max(self.columns, self._column)

    def shape(self) -> tuple[int, int]:
        return max(self.rows, self._row_elements), self.columns


def check_workbook(path: Path) -> None:
    """Raise ExportError unless the workbook's first sheet can be read within the limits."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if "xl/workbook.xml" not in names:
                raise ExportError(
                    said(
                        N_("{name} is a zip file but not an XLSX workbook (no xl/workbook.xml); export the survey as CSV or XLSX and try again"),
                        name=name,
                    ),
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
            inflated = 0
            extent = _Extent()
            for member in parts:
                sheet = _SHEET_PART.fullmatch(member.filename) is not None
                carry = b""  # the start of an element cut by the chunk's end
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
                            whole = carry + chunk
                            cut = whole.rfind(b">") + 1
                            extent.scan(whole[:cut])
                            carry = whole[cut:]
                            if len(carry) > _CHUNK:
                                # a tag longer than a megabyte is no spreadsheet's
                                raise ExportError(_damaged(name, ValueError(said(N_("an endless tag")))), path)
                    if sheet and carry:
                        extent.scan(carry)
    except ExportError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        raise ExportError(_damaged(name, error), path) from None
    except Exception as error:  # zlib and zipfile raise several kinds for a damaged file
        raise ExportError(_damaged(name, error), path) from None
    rows, columns = extent.shape()
    if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        raise ExportError(
            said(
                N_("{name} uses {rows} rows x {columns} columns of its sheets, more than batch reads from a workbook ({cells} cells, at most {max_rows} rows and {max_columns} columns; empty cells far apart count too); delete the cells outside the responses, or export the survey as CSV, and try again"),
                name=name,
                rows=f"{rows:,}",
                columns=f"{columns:,}",
                cells=f"{MAX_CELLS:,}",
                max_rows=f"{MAX_ROWS:,}",
                max_columns=f"{MAX_COLUMNS:,}",
            ),
            path,
        )


def _too_big(path: Path, size: int) -> ExportError:
    return ExportError(
        said(
            N_("{name} inflates to more than {limit} MB of sheet data ({size} MB or more), more than batch reads from a workbook; export the survey as CSV and try again"),
            name=path.name,
            limit=MAX_INFLATED // (1024 * 1024),
            size=f"{size // (1024 * 1024):,}",
        ),
        path,
    )


def _damaged(name: str, error: BaseException) -> Said:
    ours = error.args[0] if len(error.args) == 1 and isinstance(error.args[0], Said) else None
    detail = ours or str(error).rstrip(".") or type(error).__name__
    return said(
        N_("{name} looks like an XLSX workbook but could not be opened ({problem}); open it in Excel, save it again and try again"),
        name=name,
        problem=detail,
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
                    said(
                        N_("{name} has a cell longer than {limit} characters in row {row}; a survey answer is never that long. Check the file and try again"),
                        name=self.path.name,
                        limit=MAX_CELL_CHARACTERS,
                        row=number,
                    ),
                    self.path,
                )
            if "\x00" in text:
                raise ExportError(
                    said(
                        N_("{name} contains NUL characters in row {row}; it looks damaged. Open it in Excel, save it again and try again"),
                        name=self.path.name,
                        row=number,
                    ),
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
