"""From the bytes of an export file to records of cell texts: encoding, delimiter, CSV, XLSX.

Survey exports arrive as UTF-8 with or without BOM, as Excel "Unicode text" (UTF-16,
tab-separated), as Windows-1252 from a European Excel re-save, or as XLSX workbooks.
`sniff` decides how to read a file from its first megabyte; `records` then streams it,
so a file of any size is read in constant memory.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path

from ..files import os_reason
from ..i18n import N_, Said, said
from .table import ExportError
from .xlsx import Workbook

# Enough to see the header rows and a good run of responses, small enough to read twice.
SAMPLE_BYTES = 1 << 20
# A CSV record is capped in characters and cells, so that one endless line (or a
# quote never closed) stops with a message instead of filling the memory. A survey
# record is a few kilobytes; free-text cells are capped by csv.field_size_limit().
MAX_RECORD_CHARACTERS = 4 * 1024 * 1024
MAX_RECORD_CELLS = 16_384  # Excel's column limit
DELIMITERS = (",", ";", "\t")
XLSX = "xlsx"

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
    """How to read one export: its path, text encoding (or 'xlsx') and CSV delimiter.

    A workbook is read once, when it is sniffed; `workbook` holds its first sheet.
    """

    path: Path
    encoding: str
    delimiter: str | None
    workbook: Workbook | None = None

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
        raise ExportError(said(N_("{name} could not be read: {reason}"), name=name, reason=os_reason(error)), path) from None

    if sample.startswith(_ZIP_MAGIC):
        # Whatever the file is called: a workbook renamed to .csv is still a workbook.
        return ExportFile(path, XLSX, None, Workbook(path))
    if sample.startswith(_OLE_MAGIC):
        raise ExportError(
            said(N_("{name} looks like an old Excel 97-2003 workbook (.xls); save it as .xlsx or CSV and try again"), name=name),
            path,
        )
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif sample.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif b"\x00" in sample:
        raise ExportError(said(N_("{name} looks like a binary file, not a CSV or XLSX export"), name=name), path)
    else:
        encoding = "utf-8"
    text = _decode(sample, encoding, whole)
    if text is None and encoding == "utf-8":
        # Not UTF-8 in the first megabyte: a European Excel "CSV" save is Windows-1252.
        encoding = "cp1252"
        text = _decode(sample, encoding, whole)
    if text is None:
        raise ExportError(
            said(N_("{name} is neither UTF-8 nor Windows-1252 text; save it again as CSV UTF-8 or as XLSX and try again"), name=name),
            path,
        )
    del sample
    text = text.replace("\ufeff", "")
    # Excel saves an emptied sheet as rows of bare delimiters.
    if not text.strip("".join(DELIMITERS) + " \r\n"):
        raise ExportError(said(N_("{name} is empty"), name=name), path)
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
    if export.workbook is not None:
        return _xlsx_records(export.workbook)
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
    # Characters read since the last record ended: the lines of one record, in all.
    used = 0

    def lines(stream: io.TextIOBase) -> Iterator[str]:
        nonlocal used
        # readline(limit) never builds a longer line than the cap allows.
        for line in iter(partial(stream.readline, MAX_RECORD_CHARACTERS + 1), ""):
            used += len(line)
            if used > MAX_RECORD_CHARACTERS:
                raise ExportError(
                    said(
                        N_("{name} has a record longer than {limit} characters near line {line}, usually a quote that is never closed or a file that is not a survey export; check the file and try again"),
                        name=name,
                        limit=f"{MAX_RECORD_CHARACTERS:,}",
                        line=line_number(),
                    ),
                    path,
                )
            if "\x00" in line:
                raise ExportError(
                    said(
                        N_("{name} contains NUL characters near line {line}; it looks like a damaged or binary file, not a CSV export"),
                        name=name,
                        line=line_number(),
                    ),
                    path,
                )
            # A BOM can turn up anywhere (files concatenated or pasted together); dropping
            # it per line keeps it out of every cell at a fraction of the cost per cell.
            yield line.replace("\ufeff", "") if "\ufeff" in line else line

    with path.open(encoding=encoding, newline="") as stream:
        reader = csv.reader(lines(stream), delimiter=delimiter)

        def line_number() -> int:
            return reader.line_num + 1

        try:
            for record in reader:
                used = 0
                if len(record) > MAX_RECORD_CELLS:
                    raise ExportError(
                        said(
                            N_("{name} has a record of {count} cells near line {line}, more than the {limit} columns a spreadsheet holds; check the file and try again"),
                            name=name,
                            count=f"{len(record):,}",
                            line=reader.line_num,
                            limit=f"{MAX_RECORD_CELLS:,}",
                        ),
                        path,
                    )
                yield record
        except UnicodeDecodeError:
            # The first megabyte decoded, a later byte did not: stop rather than guess.
            raise ExportError(
                said(
                    N_("{name} is not valid {encoding} text after line {line}; save it again as CSV UTF-8 and try again"),
                    name=name,
                    encoding=_ENCODING_NAMES.get(encoding, encoding),
                    line=reader.line_num,
                ),
                path,
            ) from None
        except csv.Error as error:
            raise ExportError(_csv_problem(name, reader.line_num, str(error)), path) from None


def _csv_problem(name: str, line: int, detail: str) -> Said:
    if "field larger than field limit" in detail:
        return said(
            N_("{name} has a cell longer than {limit} characters near line {line}, usually a quote that is never closed; check the file and try again"),
            name=name,
            limit=csv.field_size_limit(),
            line=line,
        )
    if "NUL" in detail:
        return said(N_("{name} contains NUL bytes near line {line}; it looks like a binary file, not a CSV export"), name=name, line=line)
    return said(N_("{name} could not be read as CSV near line {line}: {problem}"), name=name, line=line, problem=detail)


def _xlsx_records(workbook: Workbook) -> Generator[list[str], None, None]:
    yield from workbook.rows()
