"""From the bytes of an export file to records of cell texts: encoding, delimiter, CSV, XLSX.

Survey exports arrive as UTF-8 with or without BOM, as Excel "Unicode text" (UTF-16,
tab-separated), as Windows-1252 from a European Excel re-save, or as XLSX workbooks.
`sniff` decides how to read a file from its first megabyte; `records` then streams it,
so a file of any size is read in constant memory.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Generator
from dataclasses import dataclass
from itertools import islice
from operator import methodcaller
from pathlib import Path

from .table import ExportError

# Enough to see the header rows and a good run of responses, small enough to read twice.
SAMPLE_BYTES = 1 << 20
DELIMITERS = (",", ";", "\t")
XLSX = "xlsx"

_DROP_BOM = methodcaller("replace", "\ufeff", "")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls, old Word files
_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
}


@dataclass(frozen=True)
class ExportFile:
    """How to read one export: its path, text encoding (or 'xlsx') and CSV delimiter."""

    path: Path
    encoding: str
    delimiter: str | None

    @property
    def is_xlsx(self) -> bool:
        return self.encoding == XLSX


def sniff(path: Path) -> ExportFile:
    """Decide how to read `path` from its first megabyte; raise ExportError if it cannot be."""
    name = path.name
    try:
        with path.open("rb") as stream:
            sample = stream.read(SAMPLE_BYTES)
            whole = not stream.read(1)
    except OSError as error:
        raise ExportError(f"{name} could not be read: {error.strerror or error}.", path) from None

    if sample.startswith(_ZIP_MAGIC):
        return ExportFile(path, XLSX, None)
    if sample.startswith(_OLE_MAGIC):
        raise ExportError(
            f"{name} looks like an old Excel 97-2003 workbook (.xls); "
            "save it as .xlsx or CSV and try again.",
            path,
        )
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif sample.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif b"\x00" in sample:
        raise ExportError(f"{name} looks like a binary file, not a CSV or XLSX export.", path)
    else:
        encoding = "utf-8"
    text = _decode(sample, encoding, whole)
    if text is None and encoding == "utf-8":
        # Not UTF-8 in the first megabyte: a European Excel "CSV" save is Windows-1252.
        encoding = "cp1252"
        text = _decode(sample, encoding, whole)
    if text is None:
        raise ExportError(
            f"{name} is neither UTF-8 nor Windows-1252 text; "
            "save it again as CSV UTF-8 or as XLSX and try again.",
            path,
        )
    del sample
    text = text.replace("\ufeff", "")
    # Excel saves an emptied sheet as rows of bare delimiters.
    if not text.strip("".join(DELIMITERS) + " \r\n"):
        raise ExportError(f"{name} is empty.", path)
    return ExportFile(path, encoding, sniff_delimiter(_first_lines(text, whole)))


def _decode(sample: bytes, encoding: str, whole: bool) -> str | None:
    try:
        # Incremental, so a character cut by the sample's end is not taken for an error.
        return codecs.getincrementaldecoder(encoding)().decode(sample, whole)
    except UnicodeDecodeError:
        return None


def _first_lines(text: str, whole: bool, lines: int = 50) -> str:
    """The first whole lines of the sample: the header rows and some responses."""
    end = -1
    for _ in range(lines):
        found = text.find("\n", end + 1)
        if found < 0:
            # The sample may end inside a record; sniff only whole lines.
            return text if whole or end < 0 else text[: end + 1]
        end = found
    return text[: end + 1]


def sniff_delimiter(text: str, records: int = 20) -> str:
    """The delimiter among `,` `;` and tab that splits the first records most consistently.

    Each candidate parses the first records with real CSV quoting rules; a candidate wins
    when most records have the same number of cells as the header, and then by how many
    cells the header has. Commas inside unquoted headings of a ';' or tab file split some
    records differently, so they lose on consistency. csv.Sniffer guesses from character
    frequencies and is easily fooled by punctuation in question texts.
    """
    best = ","
    best_key = (False, 1, 0.0)
    for delimiter in DELIMITERS:
        try:
            counts = [
                len(record)
                for record in islice(
                    (r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if any(r)),
                    records,
                )
            ]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        agreement = sum(count == counts[0] for count in counts) / len(counts)
        key = (agreement >= 0.8, counts[0], agreement)
        if key > best_key:
            best, best_key = delimiter, key
    return best


def records(export: ExportFile) -> Generator[list[str], None, None]:
    """Stream the file's records as lists of cell texts; blank records come as []."""
    if export.is_xlsx:
        return _xlsx_records(export.path)
    assert export.delimiter is not None
    return _csv_records(export.path, export.encoding, export.delimiter)


def head(export: ExportFile, limit: int) -> tuple[int, list[list[str]]]:
    """Leading blank records skipped (their count) and up to `limit` records after them."""
    stream = records(export)
    try:
        blank = 0
        for record in stream:
            if any(cell.strip() for cell in record):
                return blank, [record, *islice(stream, limit - 1)]
            blank += 1
        return blank, []
    finally:
        stream.close()


def _csv_records(path: Path, encoding: str, delimiter: str) -> Generator[list[str], None, None]:
    name = path.name
    with path.open(encoding=encoding, newline="") as stream:
        # A BOM can turn up anywhere (files concatenated or pasted together); dropping it
        # per line keeps it out of every cell at a fraction of the cost per cell.
        reader = csv.reader(map(_DROP_BOM, stream), delimiter=delimiter)
        try:
            yield from reader
        except UnicodeDecodeError:
            # The first megabyte decoded, a later byte did not: stop rather than guess.
            raise ExportError(
                f"{name} is not valid {_ENCODING_NAMES.get(encoding, encoding)} text "
                f"after line {reader.line_num}; save it again as CSV UTF-8 and try again.",
                path,
            ) from None
        except csv.Error as error:
            raise ExportError(_csv_problem(name, reader.line_num, str(error)), path) from None


def _csv_problem(name: str, line: int, detail: str) -> str:
    if "field larger than field limit" in detail:
        return (
            f"{name} has a cell longer than {csv.field_size_limit()} characters near line "
            f"{line}, usually a quote that is never closed; check the file and try again."
        )
    if "NUL" in detail:
        return f"{name} contains NUL bytes near line {line}; it looks like a binary file, not a CSV export."
    return f"{name} could not be read as CSV near line {line}: {detail}."


def _xlsx_records(path: Path) -> Generator[list[str], None, None]:
    import openpyxl  # only XLSX needs it, and it is slow to import

    name = path.name
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        # A damaged zip or sheet can fail in zipfile, XML parsing or openpyxl itself;
        # whichever it is, the user needs the same advice.
        raise ExportError(_xlsx_problem(name, error), path) from None
    try:
        if not workbook.worksheets:
            return
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        try:
            for values in rows:
                yield [_cell_text(value) for value in values]
        except Exception as error:
            raise ExportError(_xlsx_problem(name, error), path) from None
    finally:
        workbook.close()


def _xlsx_problem(name: str, error: Exception) -> str:
    detail = str(error).rstrip(".") or type(error).__name__
    return (
        f"{name} looks like an XLSX workbook but could not be opened ({detail}); "
        "open it in Excel, save it again and try again."
    )


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
    return str(value)
