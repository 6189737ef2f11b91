"""Reading survey-tool exports into one normalised, streamed table.

    table = open_export(Path("responses.csv"))      # layout detected from the headers
    for column in table.columns: ...                 # what each position holds
    for response in table.responses(): ...           # one record at a time

Reads Google Forms, Microsoft Forms, Qualtrics, SurveyMonkey, LimeSurvey and Typeform
exports, or any CSV with one header row, as CSV (UTF-8, UTF-16, Windows-1252; ',' ';' or
tab) or XLSX. Matching the columns to a questionnaire is done on top of this.
"""

from __future__ import annotations

from pathlib import Path

from ..i18n import N_, said
from . import decode
from .layouts import LAYOUTS, detect_layout, unknown_source
from .table import Column, ColumnKind, ExportError, ExportTable, Layout, Response, normalise_text

__all__ = [
    "LAYOUTS",
    "Column",
    "ColumnKind",
    "ExportError",
    "ExportTable",
    "Layout",
    "Response",
    "detect_layout",
    "normalise_text",
    "open_export",
]

# Records read ahead for detection: the header rows and enough responses to tell a
# multi-select's option columns from a matrix's statement columns.
HEAD_RECORDS = 200


def open_export(path: Path | str, source: str = "auto") -> ExportTable:
    """Open a survey export: detect how it is encoded and laid out, read its header rows.

    `source` is 'auto' or one of LAYOUTS to insist on a layout. Only the first records
    are read here; `ExportTable.responses()` streams the rest. Raises ExportError with a
    message for the user when the file is missing, empty, binary, damaged or does not fit.
    """
    path = Path(path)
    if source != "auto" and source not in LAYOUTS:
        raise ExportError(unknown_source(source), path)
    export = decode.sniff(path)
    blank, head = decode.head(export, HEAD_RECORDS)
    if not head:
        raise ExportError(said(N_("{name} is empty"), name=path.name), path)
    try:
        layout = detect_layout(head, source, path.name)
    except ExportError as error:
        raise ExportError(error.message, path) from None
    return ExportTable(
        path=path,
        encoding=export.encoding,
        delimiter=export.delimiter,
        layout=layout,
        records=lambda: decode.records(export),
        skip_records=blank + layout.header_rows,
        short_rows_are_ragged=not export.is_xlsx,
    )
