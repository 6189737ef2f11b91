"""The normalised table every survey export is read into: columns, responses, text keys.

Whatever tool produced the export, the rest of the program sees the same thing: a list
of `Column`s that say what each position holds, and a stream of `Response`s with the raw
cell texts. Matching columns to questions and scoring happen elsewhere, on top of this.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from ..i18n import Said, nN_, said

ColumnKind = Literal["answer", "multi", "meta", "other-text"]
# Says from a record's cells whether the tool counted the response as complete.
Completion = Callable[[tuple[str, ...]], bool]
# Says from a record's cells whether it is a survey preview or test response.
Preview = Callable[[tuple[str, ...]], bool]
NumberReading = Literal["scores", "positions"]

_CELLS_READ = "cells_read"


def reads_cells(test: Callable[[tuple[str, ...]], bool], *indices: int | None) -> Callable[[tuple[str, ...]], bool]:
    """`test` (a completion or preview test), marked with the only cell positions it reads.

    A test that says which cells it reads can be evaluated once per distinct combination
    of those cells instead of once per record (`cells_read`); the test itself is unchanged.
    """
    setattr(test, _CELLS_READ, tuple(i for i in indices if i is not None))
    return test


def cells_read(test: Callable[[tuple[str, ...]], bool]) -> tuple[int, ...] | None:
    """The cell positions a completion or preview test reads, or None when not known."""
    found = getattr(test, _CELLS_READ, None)
    return found if isinstance(found, tuple) else None
"""How a numeric answer names its option: by the option's score, or by its position
in the option order counted from 1 (the choice codes survey tools write by default)."""


class ExportError(Exception):
    """A survey export that cannot be read, and what to do about it.

    `message` is the sentence for the user without its full stop, so that it can follow
    a prefix or stand in a list (a message of the tool's, shown in the reader's language
    by the command line); the error's text is the sentence with it.
    """

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.message}."


@dataclass(frozen=True)
class Column:
    """What one position of every record holds.

    - `index`: 0-based position in the record.
    - `code`: the tool's column code (Qualtrics `Q4_1`, LimeSurvey `Q1[SQ001]`), else None.
    - `heading`: the heading text as the user sees it (row 1, or the Qualtrics label row;
      for SurveyMonkey the row-1 text where there is one, else the row-2 label).
    - `question`: the question part of the heading (`Question [Row]` gives `Question`).
    - `statement`: grid row, matrix statement or multi-select option label, else None.
    - `kind`: `answer`; `multi` (one column per option of a multi-select, ticked or empty);
      `meta` (timestamps, ids, progress: the matcher ignores these); `other-text` (the free
      text typed for an "Other" choice).
    """

    index: int
    code: str | None
    heading: str
    question: str
    statement: str | None
    kind: ColumnKind


@dataclass(frozen=True, slots=True)
class Response:
    """One respondent's record.

    - `row`: record number in the file, 1 being the first record (header rows count; a
      CSV record whose quoted cell spans several lines is one row, as a spreadsheet shows).
    - `respondent_id`: the tool's response id (or Google Forms e-mail address), else None.
    - `complete`: False for a partial response the tool marked as such.
    - `cells`: the raw cell texts, '' when empty, exactly one per column.
    - `problems`: what was wrong with this record (e.g. a ragged row), normally empty.
    - `preview`: True for a survey preview or test response the tool marked as such.
    """

    row: int
    respondent_id: str | None
    complete: bool
    cells: tuple[str, ...]
    problems: tuple[str, ...]
    preview: bool = False


@dataclass(frozen=True)
class Layout:
    """What a layout module learnt from the header rows: everything the row loop needs."""

    source: str
    header_rows: int
    columns: tuple[Column, ...]
    respondent_index: int | None = None
    # None means every response is complete; precomputed so the row loop stays lean.
    completion: Completion | None = None
    # How one cell joins several choices of a multi-select (Google ', ', MS Forms ';').
    multi_separator: str | None = None
    # How the tool writes a numeric answer by default (None: the tool has no convention).
    numbers: NumberReading | None = None
    # Codes the tool writes for a question seen but not answered (Qualtrics -99).
    unanswered_codes: frozenset[str] = frozenset()
    # An answer code that stands for the option at its number (LimeSurvey AO01 = first).
    position_code: re.Pattern[str] | None = None
    # None means the tool marks no preview or test responses.
    preview: Preview | None = None


# object.__new__ and the slot setters of Response, in field order.
_RESPONSE_BUILDER: tuple[Any, ...] = (
    object.__new__,
    *(Response.__dict__[name].__set__ for name in Response.__dataclass_fields__),
)

# A multi-select column per option is "not ticked" when empty, or holds one of these
# when the tool was told to write something for unticked options (LimeSurvey convertN).
_UNTICKED = frozenset({"", "n", "no", "0", "false"})


class ExportTable:
    """A survey export read as one normalised table; `responses()` streams its records.

    Attributes: `path`, `source` (layout name, one of LAYOUTS), `encoding` (of a CSV,
    or 'xlsx' for a workbook), `delimiter` (None for XLSX), `header_rows`, `columns`,
    `respondent_column` (the column of the tool's response ids, or None).
    """

    def __init__(
        self,
        *,
        path: Path,
        encoding: str,
        delimiter: str | None,
        layout: Layout,
        records: Callable[[], Generator[list[str], None, None]],
        skip_records: int,
        short_rows_are_ragged: bool = True,
    ) -> None:
        self.path = path
        self.source = layout.source
        self.encoding = encoding
        self.delimiter = delimiter
        self.header_rows = layout.header_rows
        self.columns: list[Column] = list(layout.columns)
        index = layout.respondent_index
        # the column that gives each Response.respondent_id, if the layout has one
        self.respondent_column: Column | None = (
            self.columns[index] if index is not None and 0 <= index < len(self.columns) else None
        )
        self._layout = layout
        # Whether the tool writes its own completion marker; without one, a response's
        # completeness is decided from how much of the questionnaire it answers.
        self.marks_completion = layout.completion is not None
        self.marks_previews = layout.preview is not None
        self.numbers = layout.numbers
        self.unanswered_codes = layout.unanswered_codes
        self.position_code = layout.position_code
        self._records = records
        # Records before the first response: leading blank lines plus the header rows.
        self._skip_records = skip_records
        # Spreadsheets leave trailing empty cells out of a row, so a short XLSX row is normal.
        self._short_rows_are_ragged = short_rows_are_ragged

    def __repr__(self) -> str:
        return (
            f"ExportTable(path={str(self.path)!r}, source={self.source!r}, "
            f"encoding={self.encoding!r}, delimiter={self.delimiter!r}, "
            f"header_rows={self.header_rows}, columns={len(self.columns)})"
        )

    @property
    def records_before_responses(self) -> int:
        """Records before the first response: leading blank records and the header rows."""
        return self._skip_records

    @property
    def layout(self) -> Layout:
        return self._layout

    def responses(self) -> Iterator[Response]:
        """Stream the responses in file order, one record at a time.

        Blank records are skipped but still counted in `Response.row`. Raises ExportError
        when the file turns out to be unreadable part-way (bad encoding, broken quoting).
        """
        width = len(self.columns)
        respondent_index = self._layout.respondent_index
        completion = self._layout.completion
        preview = self._layout.preview
        short_is_ragged = self._short_rows_are_ragged
        no_problems: tuple[str, ...] = ()
        # A batch builds one Response per row; filling the slots directly costs a third
        # of what the frozen dataclass __init__ does (see test_response_built_directly).
        new, set_row, set_id, set_complete, set_cells, set_problems, set_preview = (
            _RESPONSE_BUILDER
        )
        records = self._records()
        try:
            for _ in range(self._skip_records):
                if next(records, None) is None:
                    return
            for row, record in enumerate(records, self._skip_records + 1):
                # any() stops at the first non-empty cell, so this costs little per row.
                if not any(record):
                    continue
                if len(record) == width:
                    cells = tuple(record)
                    problems = no_problems
                else:
                    cells, problems = _fit(record, width, row, short_is_ragged)
                response = new(Response)
                set_row(response, row)
                set_id(
                    response,
                    (cells[respondent_index] or None) if respondent_index is not None else None,
                )
                set_complete(response, completion(cells) if completion is not None else True)
                set_cells(response, cells)
                set_problems(response, problems)
                set_preview(response, preview(cells) if preview is not None else False)
                yield response
        finally:
            # Closes the file now, not whenever the abandoned generator is collected.
            records.close()

    def multi_values(self, column: Column, cell: str) -> list[str]:
        """The choices one cell holds for `column`.

        A `multi` column (one per option) gives its option label when ticked, else [].
        An answer cell is split by the tool's convention (Google Forms ', ', Microsoft
        Forms ';' with a trailing ';', Qualtrics ','); otherwise [cell], or [] when empty.
        """
        text = cell.strip()
        if column.kind == "multi":
            if text.casefold() in _UNTICKED:
                return []
            return [column.statement or text]
        if not text:
            return []
        separator = self._layout.multi_separator
        if column.kind != "answer" or separator is None:
            return [text]
        return [part.strip() for part in text.split(separator) if part.strip()]


def _cells(count: int) -> Said:
    return said(nN_("{count} cell", "{count} cells"), count=count)


def _fit(
    record: list[str], width: int, row: int, short_is_ragged: bool
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Pad or cut a record to the column count, saying so when cells were lost or missing."""
    count = len(record)
    if count > width:
        extra = record[width:]
        # Trailing empty cells (a stray delimiter at the end) lose nothing.
        if not any(cell.strip() for cell in extra):
            return tuple(record[:width]), ()
        return tuple(record[:width]), (
            said(
                nN_(
                    "Row {row} has {cells} but the header has {width} columns; the {count} extra cell was ignored.",
                    "Row {row} has {cells} but the header has {width} columns; the {count} extra cells were ignored.",
                ),
                row=row,
                cells=_cells(count),
                width=width,
                count=count - width,
            ),
        )
    cells = tuple(record) + ("",) * (width - count)
    if not short_is_ragged:
        return cells, ()
    return cells, (
        said(
            nN_(
                "Row {row} has {cells} but the header has {width} columns; the missing {count} cell was read as empty.",
                "Row {row} has {cells} but the header has {width} columns; the missing {count} cells were read as empty.",
            ),
            row=row,
            cells=_cells(count),
            width=width,
            count=width - count,
        ),
    )


_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
# Markdown emphasis as Typeform writes it into titles and answers (`*bold*`, `_italic_`,
# nested and around single words): the marks at a word's edge; `snake_case` keeps its `_`.
_EMPHASIS = re.compile(r"(?<!\w)[*_]+|[*_]+(?!\w)")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        # French quotes and apostrophes: « » for "…", ʼ and ´ typed for an apostrophe.
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2039": "'",
        "\u203a": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "\ufeff": None,
    }
)
# French typography puts a (narrow no-break) space before ; : ! ? and inside « »; a text
# typed without them, or with a plain space, must give the same key.
_GUILLEMET_SPACING = re.compile(r"\s+(?=[\u00bb\u203a])|(?<=[\u00ab\u2039])\s+")
_SPACED_MARK = re.compile(r" (?=[;:!?])")
# Brackets are not here: "Other (please specify)" must keep its closing parenthesis,
# '-' is not here because "-2" is a real Likert recode, and quotes go only in pairs
# (Dutch "'t Hoekje" starts with one).
_END_PUNCTUATION = " \t\n.,;:!?*\u2026\u2022"


def strip_markup(text: str) -> str:
    """Text without HTML tags and entities, white space collapsed; case is kept.

    Typeform and SurveyMonkey put `<strong>` and `&apos;` into question titles.
    """
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return _SPACE.sub(" ", text.replace("\ufeff", "")).strip()


@lru_cache(maxsize=65536)
def normalise_text(text: str) -> str:
    """The key two texts are compared by: headings against questions, cells against options.

    Casefolded, HTML tags and entities removed, curly quotes and « » made straight, the
    space French puts before ; : ! ? and inside « » removed, NFKC (é written as e plus an
    accent is é), white space collapsed, markdown emphasis (`*bold*`, `_italic_`) removed, punctuation and a
    trailing full stop stripped at the ends, quotes around the whole text removed. Cached,
    because a batch meets the same few answer labels hundreds of thousands of times.
    """
    text = strip_markup(text)
    if "\u00ab" in text or "\u00bb" in text or "\u2039" in text or "\u203a" in text:
        text = _GUILLEMET_SPACING.sub("", text)
    text = unicodedata.normalize("NFKC", text.translate(_QUOTES))
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub("", text)
    text = _SPACED_MARK.sub("", _SPACE.sub(" ", text.casefold())).strip(_END_PUNCTUATION)
    if len(text) > 1 and text[0] == text[-1] in "\"'" and text[0] not in text[1:-1]:
        text = text[1:-1].strip(_END_PUNCTUATION)
    return text


_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


@lru_cache(maxsize=16384)
def fold_accents(key: str) -> str:
    """A `normalise_text` key without accents and ligatures: `equipe` for `équipe`.

    For a second look only, where the exact key found nothing: French writes capitals
    without accents (EQUIPE, Societe) and people retype labels without them.
    """
    if key.isascii():
        return key
    decomposed = unicodedata.normalize("NFD", key.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def header_width(rows: Sequence[Sequence[str]]) -> int:
    """The number of columns: the widest header row, without trailing all-empty columns.

    Excel re-saves often add empty columns after the last heading.
    """
    width = max((len(row) for row in rows), default=0)
    while width > 0 and not any(len(row) >= width and row[width - 1].strip() for row in rows):
        width -= 1
    return width


def header_cells(row: Sequence[str], width: int) -> list[str]:
    """One header row cut or padded to `width`, each heading stripped of outer white space."""
    cells = [cell.strip() for cell in row[:width]]
    return cells + [""] * (width - len(cells))
