"""Batch scoring a column at a time: the row loop's results for big UTF-8 CSV exports.

`pipeline.BatchScorer.run` is the reference: one response at a time through
`scoring.tally`. This module compiles the same definitions into lookup tables and
array operations, and gives the same `BatchRun`, the same respondents.csv and
errors.csv lines and the same group aggregates, byte for byte:

- the export is read by polars in chunks of the file, each matched column straight
  into category codes; what a cell text means is decided once per distinct text by
  the column's own `ValueMatcher` (labels, ids, scores, positions, mapping values),
  which gives a table from code to option per column;
- `tally` becomes array operations per question (`tally_arrays`), with the sums taken
  in question order as `tally` takes them, so that every score is the same float;
- a group's score sums are added up row after row (`numpy.add.at`), as the row
  loop adds them; its consensus and spread come from `BatchScorer.group_result`;
- respondents.csv is written slice by slice, each distinct text or score formatted once
  by the functions the CSV writer uses; errors.csv gets the very lines, in row order.

Only what can be read exactly as `survey.decode` reads it takes this path: UTF-8
text whose records polars splits as Python's csv module does. Anything else (another
encoding, a workbook, a bare carriage return, a quote in the middle of a cell or
followed by more text, a ragged record, a NUL or a stray BOM, a cell past the csv
module's limit, more distinct texts than the codes hold) raises `NotExact` before a
line is written, and the caller runs the reference path instead.
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt
import polars as pl

from ..i18n import message
from ..scoring import EPSILON, NOT_APPLICABLE, ScoringPlan
from ..survey import decode
from ..survey.table import ExportTable, cells_read
from .matching import UNANSWERED, AnswerColumn, NotUnderstood, _number
from .outputs import csv_field, neutralise, score_text
from .pipeline import (
    MESSAGES,
    BatchCounts,
    BatchRun,
    ErrorLine,
    GroupAggregate,
    InvalidCell,
)

if TYPE_CHECKING:
    from .pipeline import BatchScorer, Sink

CHUNK_BYTES: Final = 8 << 20
"""Bytes of the export parsed at a time: memory stays bounded whatever the file's size."""
SLICE_ROWS: Final = 32_768
"""Responses scored and written at a time."""
DISTINCT_LIMIT: Final = 200_000
"""Distinct texts of the matched columns beyond which the reference path is taken (free
text in a matched column): `pipeline.distinct_cells` keeps only numbers past this."""

# What str.strip() strips: Python's white space, which is not Rust's (\x1c-\x1f).
# (Every white space character is in the Basic Multilingual Plane.)
_PY_SPACE: Final = "".join(chr(c) for c in range(0x10000) if chr(c).isspace())
# Characters that Python's csv reader (through `decode`) and polars treat differently,
# or that `decode` refuses: a bare CR ends a record there, a BOM is dropped, a NUL stops.
_NOT_EXACT_CELL: Final = "[\r\x00\ufeff]"
_BOM: Final = "\ufeff".encode()
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
# Python's sum() of floats is compensated from 3.12 on; `tally` totals its phases with it.
_COMPENSATED_SUM: Final = sum([1.0, 1e100, 1.0, -1e100]) == 2.0


class NotExact(Exception):
    """The export cannot be read here exactly as the reference path reads it."""


@dataclass
class LoadedExport:
    """The responses of an export as codes: one row per record after the header rows.

    `frame` has `row` (the record number), `blank` (a record of empty cells, skipped
    as `ExportTable.responses` skips it), a `c<index>` column of category codes per
    coded column (null for an empty cell) and a `t<index>` column of texts per text
    column. `texts` turns a code back into its cell text.
    """

    frame: pl.DataFrame
    texts: list[str]
    coded: tuple[int, ...]

    def distinct(self, indices: Sequence[int]) -> dict[int, set[str]]:
        """Every distinct cell text per column, as `pipeline.distinct_cells` gives them
        (with '' where a blank record has it: the numbers are decided the same)."""
        found: dict[int, set[str]] = {}
        texts = self.texts
        for index in indices:
            codes = self.frame.get_column(f"c{index}").unique().to_list()
            found[index] = {texts[code] for code in codes}
        if sum(map(len, found.values())) > DISTINCT_LIMIT:
            raise NotExact("too many distinct texts")
        return found


def needs(table: ExportTable) -> tuple[int, ...]:
    """The columns a completion or preview test reads (coded too); NotExact when unknown."""
    layout = table.layout
    found: list[int] = []
    for test in (layout.completion, layout.preview):
        if test is None:
            continue
        read = cells_read(test)
        if read is None:
            raise NotExact("a test that does not say which cells it reads")
        found.extend(read)
    return tuple(found)


def load(table: ExportTable, coded: Sequence[int], texts: Sequence[int]) -> LoadedExport:
    """Read every record of a CSV export into codes (`coded` columns) and texts (`texts`
    columns); NotExact when the file cannot be read here exactly as `decode` reads it."""
    if table.encoding not in ("utf-8", "utf-8-sig") or table.delimiter not in decode.DELIMITERS:
        raise NotExact("not a UTF-8 CSV")
    delimiter = table.delimiter
    assert delimiter is not None
    width = len(table.columns)
    if not 1 <= width <= decode.MAX_RECORD_CELLS:
        raise NotExact("width")
    coded = tuple(sorted(set(coded)))
    texts = tuple(sorted(set(texts)))
    offset, widest = _first_response(table.path, delimiter, table.records_before_responses)
    # Empty headings after the last column (a trailing delimiter, as Excel and old
    # Qualtrics exports write) are no columns, but each record has their cells too.
    extra = max(0, widest - width)
    categories = pl.Categories.random()
    category = pl.Categorical(categories)
    # The categories live only while a column uses them; the codes are kept without one.
    anchor = pl.Series("anchor", [], dtype=category)
    names = [f"f{i}" for i in range(width + extra)]
    # The coded columns are parsed straight into categories. That parser takes `"a"b` for
    # `a` where csv reads `ab` (the text parser refuses such a cell): `_quotes` sends any
    # export with a closing quote followed by more text to the row loop.
    schema = {name: (category if i in coded else pl.String) for i, name in enumerate(names)}
    header = (delimiter.join(names) + "\n").encode()

    parts: list[pl.DataFrame] = []
    row = table.records_before_responses + 1
    total = table.path.stat().st_size
    with table.path.open("rb") as stream, ThreadPoolExecutor(2) as pool:
        descriptor = stream.fileno()
        position = offset
        # The next chunk is read while this one is parsed (os.pread lets go of the GIL).
        ahead = pool.submit(_chunk, descriptor, position, total)
        while position < total:
            end, data = ahead.result()
            if end < total:
                ahead = pool.submit(_chunk, descriptor, end, total)
            at_end = end >= total
            if at_end and data.endswith((b"\n\n", b"\n\r\n")):
                # Blank lines after the last record: skipped by both readers, and not
                # counted by the check for short records.
                data = data.rstrip(b"\r\n") + b"\n"
            # The bytes are checked on a second thread while polars parses them (both
            # let go of the GIL); checks that pass for a chunk pass for its first records.
            checked = pool.submit(_check_bytes, data, 0, delimiter)
            frame = _parse(data, schema, delimiter, None)
            if frame is None:
                # A chunk may begin with a blank or short record (polars takes the first
                # record's width for the file's), or end inside a quoted cell.
                cut = len(data) if at_end else _record_end(data, len(data), 0)
                data = data[:cut]
                frame = _parse(data, schema, delimiter, header)
                if position + cut != end:  # the chunk read ahead starts elsewhere
                    ahead.result()
                    end = position + cut
                    ahead = pool.submit(_chunk, descriptor, end, total)
            if frame is None:
                raise NotExact("polars cannot parse the file as csv does")
            checked.result()
            _check(frame, data, 0, delimiter, width, extra)
            del data
            position = end
            part = _codes(
                frame,
                pl.int_range(row, row + frame.height, dtype=pl.Int64).alias("row"),
                _blank(frame).alias("blank"),
                # 0 is kept for no text; two bytes a cell (NotExact past 65,535 texts).
                *(
                    (pl.col(f"f{i}").to_physical().cast(pl.UInt32) + 1)
                    .fill_null(0)
                    .cast(pl.UInt16)
                    .alias(f"c{i}")
                    for i in coded
                ),
                *(pl.col(f"f{i}").cast(pl.String).fill_null("").alias(f"t{i}") for i in texts),
            )
            row += frame.height
            parts.append(part)
            del frame
    every = categories.to_series()
    del anchor
    if every.null_count() or bool(every.str.contains(_NOT_EXACT_CELL).any()):
        raise NotExact("a cell polars and csv read differently")
    found = every.str.len_bytes().max()
    longest = found if isinstance(found, int) else 0
    if longest > csv.field_size_limit() or longest * len(coded) > decode.MAX_RECORD_CHARACTERS // 4:
        raise NotExact("a cell past the csv module's limit")
    if not parts:
        raise NotExact("no records after the header")  # the row loop says so in words
    frame = pl.concat(parts)
    return LoadedExport(frame, ["", *every.to_list()], coded)


def _codes(frame: pl.DataFrame, *columns: pl.Expr) -> pl.DataFrame:
    try:
        return frame.select(*columns)
    except pl.exceptions.PolarsError:  # past 65,535 distinct texts
        raise NotExact("too many distinct texts") from None


def _chunk(descriptor: int, position: int, total: int) -> tuple[int, bytes]:
    """The chunk of the file from `position`: where it ends, and its bytes."""
    end = _chunk_end(descriptor, position, total)
    data = os.pread(descriptor, end - position, position)
    if len(data) != end - position:
        raise NotExact("the file changed while it was read")
    return end, data


def _chunk_end(descriptor: int, position: int, total: int) -> int:
    """Where a chunk read from `position` ends: after the last line end in its last
    64 KiB (a whole record unless a quoted cell holds it; `_record_end` then)."""
    end = position + CHUNK_BYTES
    if end >= total:
        return total
    window = 1 << 16
    while True:
        tail = os.pread(descriptor, window, end - window)
        found = tail.rfind(b"\n")
        if found >= 0:
            return end - window + found + 1
        if window >= CHUNK_BYTES:
            raise NotExact("a record longer than a chunk")
        window = min(window * 4, CHUNK_BYTES)


def _parse(data: bytes, schema: dict[str, Any], delimiter: str, header: bytes | None) -> pl.DataFrame | None:
    try:
        return pl.read_csv(
            data if header is None else header + data,
            has_header=header is not None,
            schema=schema,
            separator=delimiter,
            quote_char='"',
            empty_string_is_null=False,
            truncate_ragged_lines=False,
            raise_if_empty=False,
            encoding="utf8",
        )
    except (pl.exceptions.PolarsError, UnicodeDecodeError):
        return None


def _empty(frame: pl.DataFrame, name: str) -> pl.Expr:
    """An empty cell: '' as text; null or '' (a quoted "") as a category."""
    if frame.schema[name] == pl.String:
        return (pl.col(name) == "").fill_null(True)
    return (pl.col(name).cast(pl.String) == "").fill_null(True)


def _blank(frame: pl.DataFrame) -> pl.Expr:
    """A record whose cells are all empty (skipped by `ExportTable.responses`)."""
    first = frame.columns[0]
    # Most records have a first cell: the others are looked at only when some have none.
    if not frame.select(_empty(frame, first).any()).item():
        return pl.lit(False)
    return pl.all_horizontal(_empty(frame, name) for name in frame.columns)


def _quotes(data: bytes, start: int, delimiter: str) -> None:
    """NotExact for a run of quotes followed by more text in its cell, unless it opens
    a quoted cell (odd, at a cell's start) or is escaped quotes inside one (even, within
    a cell): then csv and polars' categorical parser read the cell differently."""
    if data.find(b'"', start) < 0:
        return
    octets = np.frombuffer(data, dtype=np.uint8)[start:]
    # Only the quotes are looked at: their positions, and the octets either side.
    at = np.flatnonzero(octets == 34)
    line_end = 10
    before = np.where(at > 0, octets[np.maximum(at - 1, 0)], line_end)
    after = np.where(at + 1 < len(octets), octets[np.minimum(at + 1, len(octets) - 1)], line_end)
    opens, closes = before != 34, after != 34  # where a run of quotes begins and ends
    length = at[closes] - at[opens] + 1
    following = after[closes]
    preceding = before[opens]
    mark = ord(delimiter)
    more_text = (following != 10) & (following != 13) & (following != mark)
    at_start = (preceding == 10) | (preceding == 13) | (preceding == mark)
    if (more_text & ((length % 2 == 1) != at_start)).any():
        raise NotExact("a quote followed by more text in its cell")


def _record_end(block: bytes, cut: int, start: int) -> int:
    """The end of the last whole record before `cut`: the last line end outside quotes
    (a quoted cell may hold line breaks)."""
    quotes = block.count(b'"', start, cut)
    end = cut
    while quotes % 2:
        line = block.rfind(b"\n", start, end - 1)
        if line < 0:
            raise NotExact("no record ends in the chunk")
        quotes -= block.count(b'"', line + 1, end)
        end = line + 1
    return end


def _check_bytes(data: bytes, start: int, delimiter: str) -> None:
    """NotExact unless polars reads these bytes as the csv module would: no NUL, no BOM,
    no CR that ends no line (a CR inside a quoted cell goes to the row loop too), no
    quote followed by more text in its cell. Looked for in the bytes, not the cells."""
    if data.find(b"\x00", start) >= 0 or (data.find(_BOM[:1], start) >= 0 and data.find(_BOM, start) >= 0):
        raise NotExact("a NUL or a BOM")
    if data.find(b"\r", start) >= 0:
        octets = np.frombuffer(data, dtype=np.uint8)
        returns = np.flatnonzero(octets[start:] == 13) + start + 1
        if returns[-1] >= len(octets) or not (octets[returns] == 10).all():
            raise NotExact("a bare carriage return")
    _quotes(data, start, delimiter)


def _check(frame: pl.DataFrame, data: bytes, start: int, delimiter: str, width: int, extra: int = 0) -> None:
    """NotExact unless polars read these records as the csv module would: no cell past
    the csv limit, no record cut short, nothing in the cells past the last column."""
    strings = pl.col(pl.String)
    longest, record = frame.select(
        pl.max_horizontal(strings.str.len_bytes().max()).alias("longest"),
        pl.sum_horizontal(strings.str.len_bytes().max()).alias("record"),
    ).row(0)
    # (A category's length is checked once, at the end; a record holds each at most once
    # per column, so the longest category counts as often as there are coded columns.)
    if (longest or 0) > csv.field_size_limit():
        raise NotExact("a cell past the csv module's limit")
    if (record or 0) + 2 * width > decode.MAX_RECORD_CHARACTERS // 2:
        raise NotExact("records near the record limit")
    if extra:
        # Cells past the last column are ignored when they hold nothing but white space;
        # else the row loop reports them.
        spare = frame.columns[width:]
        if frame.select(pl.any_horizontal((pl.col(spare).str.strip_chars(_PY_SPACE) != "").any())).item():
            raise NotExact("cells past the last column")
    # A record with fewer cells than the header is padded by polars without a word; the
    # row loop calls it ragged. Such a record ends in an empty cell: only then count.
    last = frame.columns[width - 1]
    if not frame.select((_empty(frame, last) & ~_blank(frame)).any()).item():
        return
    inside = frame.select(
        pl.sum_horizontal(pl.all().cast(pl.String).str.count_matches(delimiter, literal=True).sum())
    ).item()
    # Every record with all its cells (the spare ones too), or every one without the spare.
    outside = data.count(delimiter.encode(), start) - inside
    if outside not in ((width + extra - 1) * frame.height, (width - 1) * frame.height):
        raise NotExact("a ragged record")


def _first_response(path: Path, delimiter: str, skip: int) -> tuple[int, int]:
    """The byte offset of the first record after `skip` records, read as `decode` reads,
    and the most cells a header record has."""
    widest = 0
    consumed = 0

    def lines(stream: Any) -> Any:
        nonlocal consumed
        for raw in iter(partial(stream.readline, decode.MAX_RECORD_CHARACTERS + 1), b""):
            if raw.count(b"\r") != raw.count(b"\r\n"):
                raise NotExact("a bare carriage return")
            consumed += len(raw)
            try:
                yield raw.decode("utf-8").replace("\ufeff", "")
            except UnicodeDecodeError:
                raise NotExact("not UTF-8") from None

    with path.open("rb") as stream:
        reader = csv.reader(lines(stream), delimiter=delimiter)
        try:
            for _ in range(skip):
                record = next(reader, None)
                if record is None:
                    raise NotExact("no responses")
                widest = max(widest, len(record))
        except csv.Error:
            raise NotExact("csv error in the header") from None
    return consumed, widest


# -- scoring ------------------------------------------------------------------------

_NONE, _NA, _SCORED = 0, 1, 2


@dataclass(frozen=True)
class _Column:
    """One matched column compiled to arrays over the category codes (+1 for empty)."""

    column: AnswerColumn
    rank: int  # where the row loop notes its cells not understood
    primary: bool
    shifted: np.ndarray  # code -> option position + 1, 0 for no answer (or not understood)
    not_understood: np.ndarray  # code -> True for a text no option matches
    problems: dict[int, str]  # code -> why it is not understood


def _meaning(column: AnswerColumn, text: str) -> Any:
    """What the row loop's lookup gives for `text` (see pipeline._CellLookup)."""
    matcher = column.matcher
    found = matcher.lookup.get(text)
    if found is UNANSWERED or isinstance(found, tuple):
        return found
    return matcher.resolve(text)


def score(
    loaded: LoadedExport,
    scorer: BatchScorer,
    sink: Sink,
    *,
    respondent_index: int | None,
    completion: Callable[[tuple[str, ...]], bool] | None,
    preview: Callable[[tuple[str, ...]], bool] | None,
    width: int,
    write_lines: Callable[[str], None],
    progress: Callable[[int], None] | None = None,
) -> tuple[BatchRun, dict[str, Counter[int]]]:
    """`scorer.run` over the loaded export: the same BatchRun, respondents.csv lines
    (through `write_lines`), error lines (to `sink.error`), and the phases reached per
    group. Raises InvalidCell as the row loop does with --on-invalid fail."""
    model = scorer.model
    settings = scorer.settings
    plan = model.plan
    questions = model.questionnaire.questions
    language = settings.language
    count = len(plan.question_ids)
    texts = loaded.texts
    frame = loaded.frame
    reading_order = scorer.columns
    seen_questions: set[int] = set()
    compiled: list[_Column] = []
    for rank, column in enumerate(reading_order):
        primary = column.question not in seen_questions
        seen_questions.add(column.question)
        positions = np.full(len(texts), -1, dtype=np.int16)
        problems: dict[int, str] = {}
        present = frame.get_column(f"c{column.index}").unique().to_list()
        for code in present:
            text = texts[code]
            found = _meaning(column, text)
            if found is None:
                positions[code] = -2
                problems[code] = column.matcher.problem(text, language)
            elif found is not UNANSWERED:
                positions[code] = found[2]
        compiled.append(
            _Column(column, rank, primary, np.where(positions >= 0, positions + 1, 0).astype(np.intp), positions == -2, problems)
        )

    # Per question: the option kind and value tables, by option position.
    kinds = []
    values = []
    for q, question in enumerate(questions):
        option_values = plan.options[q]
        kind_row, value_row = [], []
        for option in question.options:
            value = option_values[option.id]
            if value is None:
                kind_row.append(_NONE)
                value_row.append(0.0)
            elif value is NOT_APPLICABLE:
                kind_row.append(_NA)
                value_row.append(0.0)
            else:
                kind_row.append(_SCORED)
                value_row.append(float(value))  # type: ignore[arg-type]
        kinds.append(kind_row)
        values.append(value_row)
    # By option position, and one more for no answer.
    kind_tables = [np.array([_NONE, *row], dtype=np.int8) for row in kinds]
    value_tables = [np.array([0.0, *row]) for row in values]
    # Each option's key in the groups' option counts, by position + 1 (0: no answer).
    key_tables = [
        np.array([0, *(scorer.option_key(q, i) for i in range(len(row)))], dtype=np.int64)
        for q, row in enumerate(kinds)
    ]
    group_table = np.full(len(texts), -1, dtype=np.int64)

    # Completion and preview tests, once per distinct combination of the cells they read.
    def flags(test: Callable[[tuple[str, ...]], bool] | None, name: str) -> pl.DataFrame | None:
        if test is None:
            return None
        read = cells_read(test)
        assert read is not None
        keys = [f"c{i}" for i in read]
        combos = frame.select(keys).unique(maintain_order=True)
        results = []
        for combo in combos.iter_rows():
            cells = [""] * width
            for i, code in zip(read, combo, strict=True):
                cells[i] = texts[code]
            results.append(bool(test(tuple(cells))))
        return combos.with_columns(pl.Series(name, results, dtype=pl.Boolean))

    completion_flags = flags(completion if settings.marks_completion else None, "complete_marked")
    preview_flags = flags(preview, "preview")

    def id_of(rows: pl.DataFrame) -> pl.Series:
        """The respondent ids of these rows, as the row loop takes them (None for none)."""
        if settings.respondent_column is not None:
            ids = rows.get_column(f"t{settings.respondent_column}").str.strip_chars(_PY_SPACE)
        elif respondent_index is not None:
            ids = rows.get_column(f"t{respondent_index}")
        else:
            return pl.Series("id", [None] * rows.height, dtype=pl.String)
        found: pl.Series = pl.select(pl.when(pl.lit(ids) == "").then(None).otherwise(pl.lit(ids))).to_series()
        return found.alias("id")

    counts = BatchCounts()
    caches: tuple[dict[float, str], dict[float, str]] = ({}, {})
    groups: dict[str, GroupAggregate] = {}
    reached: dict[str, Counter[int]] = {}
    not_understood_rows: list[pl.DataFrame] = []
    error_parts: list[pl.DataFrame] = []
    scored_ids: list[tuple[np.ndarray, np.ndarray]] = []
    group_names: dict[int, str] = {}
    phases = len(plan.phase_ids)
    scores_per_group = phases + len(plan.dimension_ids)
    group_index: dict[str, int] = {}
    sums = np.zeros((0, scores_per_group))
    all_counts = np.zeros(0, dtype=np.int64)
    some_counts = np.zeros((0, scores_per_group), dtype=np.int64)
    keys_width = max((int(t.max()) for t in key_tables), default=0) + 1
    respondents = np.zeros(0, dtype=np.int64)
    completes = np.zeros(0, dtype=np.int64)
    keyed = np.zeros((0, keys_width), dtype=np.int64)
    phase_counts = np.zeros((0, phases + 1), dtype=np.int64)
    skip_row = settings.on_invalid == "skip-row"
    fail = settings.on_invalid == "fail"
    minimum = plan.minimum_coverage
    phase_text = ["", *plan.phase_ids]
    read_total = 0
    group_column = settings.group_column

    for start in range(0, frame.height, SLICE_ROWS):
        part = frame.slice(start, SLICE_ROWS).filter(~pl.col("blank"))
        read_total += part.height
        if preview_flags is not None:
            part = part.join(preview_flags, on=list(preview_flags.columns[:-1]), how="left", maintain_order="left")
            if not settings.include_previews:
                counts.previews += int(part.get_column("preview").sum())
                part = part.filter(~pl.col("preview"))
        if not part.height:
            continue
        n = part.height
        rows = part.get_column("row").to_numpy()
        # Each matched column's option positions, and the answer each question ends with.
        # Per question the option position + 1 its answer ends with (0: no answer).
        shifted = np.zeros((count, n), dtype=np.intp)
        invalid = np.zeros(n, dtype=bool)
        cell_lines: list[pl.DataFrame] = []
        nu_frames = []
        for item in compiled:
            codes = part.get_column(f"c{item.column.index}").to_numpy()
            found = item.shifted[codes]
            q = item.column.question
            if item.primary:
                shifted[q] = found
            else:
                current = shifted[q]
                conflict = (current > 0) & (found > 0) & (current != found)
                shifted[q] = np.where(current > 0, current, found)
                if conflict.any():
                    invalid |= conflict
                    where = np.flatnonzero(conflict)
                    other = scorer_primary_heading(reading_order, q)
                    conflicts = [
                        message(
                            MESSAGES,
                            "cell.conflict",
                            language,
                            question=plan.question_ids[q],
                            other=other,
                            answer=questions[q].options[int(current[i]) - 1].id,
                        )
                        for i in where
                    ]
                    cell_lines.append(
                        pl.DataFrame(
                            {
                                "row": rows[where],
                                "pos": np.full(len(where), item.column.index, dtype=np.int64),
                                "column": [item.column.heading] * len(where),
                                "value": [texts[c] for c in codes[where]],
                                "problem": conflicts,
                                "reject": np.zeros(len(where), dtype=bool),
                            },
                            schema=_ERRORS,
                        )
                    )
            bad = item.not_understood[codes]
            if bad.any():
                invalid |= bad
                where = np.flatnonzero(bad)
                bad_codes = codes[where]
                nu_frames.append(
                    pl.DataFrame(
                        {"row": rows[where], "rank": np.full(len(where), item.rank), "code": bad_codes.astype(np.int64)}
                    )
                )
                cell_lines.append(
                    pl.DataFrame(
                        {
                            "row": rows[where],
                            "pos": np.full(len(where), item.column.index, dtype=np.int64),
                            "column": [item.column.heading] * len(where),
                            "value": [texts[c] for c in bad_codes],
                            "problem": [item.problems[int(c)] for c in bad_codes],
                            "reject": np.zeros(len(where), dtype=bool),
                        },
                        schema=_ERRORS,
                    )
                )
        not_understood_rows.extend(nu_frames)
        slice_lines = pl.concat(cell_lines) if cell_lines else None
        if slice_lines is not None:
            counts.invalid_cells += slice_lines.filter(pl.col("column") != "").height
            if fail:
                first = slice_lines.sort(["row", "pos"], maintain_order=True).row(0)
                raise InvalidCell(ErrorLine(first[0], first[2], first[3], first[4]))
        keep = np.ones(n, dtype=bool)
        if skip_row and invalid.any():
            keep &= ~invalid
            counts.rejected += int(invalid.sum())
            assert slice_lines is not None
            said = slice_lines.get_column("problem").unique().to_list()
            slice_lines = slice_lines.with_columns(
                pl.col("problem").replace_strict(
                    said,
                    [message(MESSAGES, "row.rejected", language, problem=p) for p in said],
                )
            )
        if slice_lines is not None:
            error_parts.append(slice_lines)
        # The answers' kinds and values, question by question, then `tally` as expressions.
        kind_matrix = np.empty((count, n), dtype=np.int8)
        value_matrix = np.empty((count, n))
        for q in range(count):
            np.take(kind_tables[q], shifted[q], out=kind_matrix[q])
            np.take(value_tables[q], shifted[q], out=value_matrix[q])
        arrays = tally_arrays(plan, kind_matrix, value_matrix)
        nothing = np.all(kind_matrix == _NONE, axis=0)
        no_answers = keep & nothing
        if no_answers.any():
            where = np.flatnonzero(no_answers)
            error_parts.append(
                pl.DataFrame(
                    {
                        "row": rows[where],
                        "pos": np.full(len(where), 1 << 40, dtype=np.int64),
                        "column": [""] * len(where),
                        "value": [""] * len(where),
                        "problem": [message(MESSAGES, "row.no-answers", language)] * len(where),
                        "reject": np.zeros(len(where), dtype=bool),
                    },
                    schema=_ERRORS,
                )
            )
            counts.rejected += len(where)
            keep &= ~nothing
        if not keep.any():
            continue
        scored = part.filter(pl.Series(keep))
        m = scored.height
        srows = scored.get_column("row").to_numpy()
        # Respondent ids, groups and completeness.
        ids = id_of(scored)
        # Kept as hashes (8 bytes a respondent); equal hashes are compared as texts below.
        known = ids.is_not_null().to_numpy()
        scored_ids.append((srows[known], ids.filter(pl.Series(known)).hash(seed=0).to_numpy()))
        if group_column is not None:
            gcodes = scored.get_column(f"c{group_column}").to_numpy().astype(np.int64)
        else:
            gcodes = np.zeros(m, dtype=np.int64)
        distinct, first_seen = np.unique(gcodes, return_index=True)
        group_of_code: dict[int, str] = {}
        # In order of each group's first respondent, as the row loop meets them.
        for code in distinct[np.argsort(first_seen)].tolist():
            if code not in group_names:
                group_names[code] = texts[code].strip()
            group_of_code[code] = group_names[code]
        for code in group_of_code:
            name = group_of_code[code]
            if name not in group_index:
                group_index[name] = len(group_index)
                groups[name] = GroupAggregate(
                    name, score_sums=[0.0] * scores_per_group, score_counts=[0] * scores_per_group
                )
            group_table[code] = group_index[name]
        name_index = group_table[gcodes]
        if completion_flags is not None:
            keys = list(completion_flags.columns[:-1])
            complete = scored.select(keys).join(completion_flags, on=keys, how="left", maintain_order="left").get_column("complete_marked").to_numpy()
        elif settings.marks_completion:
            complete = np.ones(m, dtype=bool)
        else:
            complete = arrays["coverage"][keep] >= minimum
        counts.scored += m
        counts.partial += int((~complete).sum())
        # respondents.csv, as BatchWriter.respondent writes each line.
        kept_arrays = {name: array[keep] for name, array in arrays.items()}
        write_lines(
            _respondent_lines(
                scored, kept_arrays, ids, gcodes, group_of_code, complete, phase_text, scores_per_group, caches
            )
        )
        # Group aggregates: the score sums row after row (np.add.at adds in order).
        size = len(group_index)
        grow = size - len(sums)
        if grow > 0:
            sums = np.vstack([sums, np.zeros((grow, scores_per_group))])
            all_counts = np.concatenate([all_counts, np.zeros(grow, dtype=np.int64)])
            some_counts = np.vstack([some_counts, np.zeros((grow, scores_per_group), dtype=np.int64)])
            respondents = np.concatenate([respondents, np.zeros(grow, dtype=np.int64)])
            completes = np.concatenate([completes, np.zeros(grow, dtype=np.int64)])
            keyed = np.vstack([keyed, np.zeros((grow, keys_width), dtype=np.int64)])
            phase_counts = np.vstack([phase_counts, np.zeros((grow, phases + 1), dtype=np.int64)])
        score_matrix: npt.NDArray[np.float64] = np.stack(
            [arrays[f"s{i}"][keep] for i in range(scores_per_group)], axis=1
        )
        answered: npt.NDArray[np.bool_] = ~np.isnan(score_matrix)
        every = answered.all(axis=1)
        np.add.at(all_counts, name_index[every], 1)
        for i in range(scores_per_group):
            mask = answered[:, i]
            np.add.at(sums[:, i], name_index[mask], score_matrix[mask, i])
            some_counts[:, i] += np.bincount(name_index[mask & ~every], minlength=size)
        respondents += np.bincount(name_index, minlength=size)
        completes += np.bincount(name_index, weights=complete, minlength=size).astype(np.int64)
        for q in range(count):
            keys_of = key_tables[q][shifted[q][keep]]
            keyed += np.bincount(name_index * keys_width + keys_of, minlength=size * keys_width).reshape(size, keys_width)
        phase_index = arrays["phase_index"][keep]
        phase_counts += np.bincount(name_index * (phases + 1) + phase_index, minlength=size * (phases + 1)).reshape(size, phases + 1)
        if progress is not None:
            progress(read_total)

    for name, g in group_index.items():
        aggregate = groups[name]
        aggregate.respondents = int(respondents[g])
        aggregate.complete = int(completes[g])
        aggregate.score_sums = sums[g].tolist()
        aggregate.scored_all = int(all_counts[g])
        aggregate.score_counts = some_counts[g].tolist()
        aggregate.option_counts = Counter(
            {key: int(keyed[g, key]) for key in np.flatnonzero(keyed[g]).tolist()}
        )
        reached[name] = Counter(
            {phase: int(phase_counts[g, phase]) for phase in np.flatnonzero(phase_counts[g]).tolist()}
        )
    counts.read = read_total
    # Duplicate respondent ids among the rows scored, each after the row's other lines.
    duplicates = _duplicates(scored_ids, frame, id_of)
    counts.duplicates = len(duplicates)
    if duplicates:
        rows_of, ids_of, firsts = zip(*duplicates, strict=True)
        error_parts.append(
            pl.DataFrame(
                {
                    "row": list(rows_of),
                    "pos": [1 << 41] * len(duplicates),
                    "column": [settings.respondent_heading] * len(duplicates),
                    "value": list(ids_of),
                    "problem": [message(MESSAGES, "row.duplicate", language, first=first) for first in firsts],
                    "reject": [False] * len(duplicates),
                },
                schema=_ERRORS,
            )
        )
    if error_parts:
        for row, _, heading, cell, problem, _reject in (
            pl.concat(error_parts).sort(["row", "pos"], maintain_order=True).iter_rows()
        ):
            sink.error(ErrorLine(row, heading, cell, problem))
    not_understood = _not_understood(not_understood_rows, compiled, texts)
    if progress is not None:
        progress(read_total)
    return BatchRun(counts, groups, not_understood, []), reached


def _duplicates(
    scored: list[tuple[np.ndarray, np.ndarray]],
    frame: pl.DataFrame,
    id_of: Callable[[pl.DataFrame], pl.Series],
) -> list[tuple[int, str, int]]:
    """(row, id, first row) of every scored row whose id an earlier scored row has."""
    if not scored:
        return []
    rows = np.concatenate([r for r, _ in scored])
    hashes = np.concatenate([h for _, h in scored])
    order = np.argsort(hashes, kind="stable")
    ordered = hashes[order]
    same = np.zeros(len(ordered), dtype=bool)
    same[1:] = ordered[1:] == ordered[:-1]
    same[:-1] |= same[1:]
    if not same.any():
        return []
    candidates = np.sort(rows[order[same]])
    first_row = int(frame.get_column("row")[0])
    texts = id_of(frame[(candidates - first_row).tolist()]).to_list()
    seen: dict[str, int] = {}
    found = []
    for row, text in zip(candidates.tolist(), texts, strict=True):
        first = seen.setdefault(text, row)
        if first != row:
            found.append((row, text, first))
    return found


_ERRORS: Final = {
    "row": pl.Int64,
    "pos": pl.Int64,
    "column": pl.String,
    "value": pl.String,
    "problem": pl.String,
    "reject": pl.Boolean,
}


def scorer_primary_heading(columns: Sequence[AnswerColumn], question: int) -> str:
    """The heading of a question's first column, named in a conflict's line."""
    return next(c.heading for c in columns if c.question == question)


def tally_arrays(plan: ScoringPlan, kinds: np.ndarray, values: np.ndarray) -> dict[str, np.ndarray]:
    """`scoring.tally` for many answer sets at once, float for float the same.

    `kinds` and `values` are (questions x respondents): each answer's kind (no answer,
    not applicable, scored) and normalised value. Every sum is taken in question order
    from 0.0, as `tally` takes it, and every division is a true one: numpy's float
    operations are IEEE operations one element at a time (polars divides by a scalar
    through its reciprocal, which is not always the same float). Gives `s<i>` per phase
    then per dimension (NaN for none), `phase_index` and `coverage`.
    """
    phases = len(plan.phase_ids)
    dimensions = len(plan.dimension_ids)
    n = kinds.shape[1]
    applicable = np.zeros((phases, n))
    answered = np.zeros((phases, n))
    phase_sum = np.zeros((phases, n))
    dimension_sum = np.zeros((dimensions, n))
    dimension_weight = np.zeros((dimensions, n))
    for q, (p, d, w) in enumerate(plan.slots[: kinds.shape[0]]):
        scored = kinds[q] == _SCORED
        applies = kinds[q] != _NA
        weighted = np.where(scored, w * values[q], 0.0)
        weight = np.where(scored, w, 0.0)
        applicable[p] += np.where(applies, w, 0.0)
        answered[p] += weight
        phase_sum[p] += weighted
        dimension_sum[d] += weighted
        dimension_weight[d] += weight
    found: dict[str, np.ndarray] = {}
    least = plan.minimum_coverage - EPSILON
    passed = np.ones((phases, n), dtype=bool)
    for p in range(phases):
        has = answered[p] != 0.0
        score = np.divide(100.0 * phase_sum[p], answered[p], out=np.full(n, np.nan), where=has)
        coverage = np.divide(answered[p], applicable[p], out=np.zeros(n), where=applicable[p] != 0.0)
        total = plan.phase_weights[p]
        share = applicable[p] / total if total else np.zeros(n)
        passed[p] = has & (score + EPSILON >= plan.thresholds[p]) & (coverage >= least) & (share >= least)
        found[f"s{p}"] = score
    for d in range(dimensions):
        has = dimension_weight[d] != 0.0
        found[f"s{phases + d}"] = np.divide(
            100.0 * dimension_sum[d], dimension_weight[d], out=np.full(n, np.nan), where=has
        )
    failed = ~passed
    found["phase_index"] = np.where(failed.any(axis=0), failed.argmax(axis=0), phases) if phases else np.zeros(n, dtype=np.int64)
    total_applicable = _python_sum(applicable)
    found["coverage"] = np.divide(
        _python_sum(answered), total_applicable, out=np.zeros(n), where=total_applicable != 0.0
    )
    return found


def _python_sum(rows: np.ndarray) -> np.ndarray:
    """Python's sum() of each column's floats, in order (compensated from Python 3.12)."""
    total: np.ndarray = rows[0].copy()
    if not _COMPENSATED_SUM:
        for row in rows[1:]:
            total = total + row
        return total
    compensation = np.zeros_like(total)
    for row in rows[1:]:
        step = total + row
        compensation += np.where(np.abs(total) >= np.abs(row), (total - step) + row, (row - step) + total)
        total = step
    summed: np.ndarray = np.where(compensation != 0.0, total + compensation, total)
    return summed


def _field_texts(series: pl.Series) -> pl.Series:
    """Texts from the export as the CSV writer writes them after `neutralise`."""
    plain = ~series.str.contains_any([",", '"', "\r", "\n"]) & ~series.str.slice(0, 1).is_in(_FORMULA_START)
    plain = plain.fill_null(True)
    if bool(plain.all()):
        return series.fill_null("")
    special = series.filter(~plain).unique().to_list()
    encoded = {value: csv_field(neutralise(value)) for value in special}
    shown: pl.Series = pl.select(
        pl.when(pl.lit(plain)).then(pl.lit(series).fill_null("")).otherwise(
            pl.lit(series).replace_strict(list(encoded), list(encoded.values()), default="")
        )
    ).to_series()
    return shown


def _shown(values: np.ndarray, digits: int, cache: dict[float, str]) -> tuple[list[float], list[str]]:
    """Each distinct number of `values` (NaN left out) and its text in the CSV files."""
    distinct = np.unique(values[~np.isnan(values)]).tolist()
    for value in distinct:
        if value not in cache:
            cache[value] = score_text(value, digits)
    return distinct, [cache[value] for value in distinct]


def _respondent_lines(
    scored: pl.DataFrame,
    arrays: dict[str, np.ndarray],
    ids: pl.Series,
    gcodes: np.ndarray,
    group_of_code: dict[int, str],
    complete: np.ndarray,
    phase_text: list[str],
    scores: int,
    caches: tuple[dict[float, str], dict[float, str]],
) -> str:
    """The lines of respondents.csv for these respondents, as `BatchWriter.respondent`
    writes each: every field made once per distinct value, then written as it is."""
    group_text = {code: csv_field(neutralise(name)) if name else "" for code, name in group_of_code.items()}
    names = [f"s{i}" for i in range(scores)]
    old, new = _shown(np.concatenate([arrays[n] for n in names]) if names else np.zeros(0), 1, caches[0])
    cover_old, cover_new = _shown(arrays["coverage"], 3, caches[1])
    frame = pl.DataFrame(
        {
            "row": scored.get_column("row"),
            "id": _field_texts(ids),
            "group": gcodes,
            "complete": complete,
            "coverage": arrays["coverage"],
            "phase_index": arrays["phase_index"],
            **{n: arrays[n] for n in names},
        }
    )
    fields = frame.select(
        pl.col("row").cast(pl.String),
        pl.col("id"),
        pl.col("group").replace_strict(list(group_text), list(group_text.values()), return_dtype=pl.String),
        pl.when(pl.col("complete")).then(pl.lit("true")).otherwise(pl.lit("false")).alias("complete"),
        pl.col("coverage").replace_strict(cover_old, cover_new, return_dtype=pl.String),
        pl.col("phase_index")
        .replace_strict(
            list(range(len(phase_text))), [csv_field(t) if t else "" for t in phase_text], return_dtype=pl.String
        )
        .alias("phase"),
        pl.col("phase_index").cast(pl.String).alias("index"),
        *(
            pl.col(n).fill_nan(None).replace_strict(old, new, default="", return_dtype=pl.String).fill_null("")
            for n in names
        ),
    )
    # Each field is a text already quoted as the CSV writer quotes: written as it is.
    return fields.write_csv(include_header=False, quote_style="never")


def _not_understood(
    frames: list[pl.DataFrame], compiled: list[_Column], texts: list[str]
) -> NotUnderstood:
    """The row loop's NotUnderstood: per column in order of its first such cell (row,
    then the loop's reading order), texts in order of first appearance, bounded."""
    found = NotUnderstood()
    if not frames:
        return found
    every = pl.concat(frames)
    by_column = (
        every.group_by("rank").agg(pl.col("row").min().alias("first")).sort(["first", "rank"])
    )
    for rank in by_column.get_column("rank").to_list():
        item = compiled[rank]
        column = item.column
        cells = (
            every.filter(pl.col("rank") == rank)
            .group_by("code")
            .agg(pl.len().alias("n"), pl.col("row").min().alias("first"))
            .sort("first")
        )
        counts = found.counts.setdefault(column.index, {})
        found.headings.setdefault(column.index, column.heading)
        for code, number, _ in cells.iter_rows():
            text = texts[code]
            if len(counts) < found.limit:
                counts[text] = number
            else:
                found.others[column.index] = found.others.get(column.index, 0) + number
            if not found.numbers:
                from ..survey import normalise_text

                if _number(normalise_text(text)) is not None:
                    found.numbers = True
    return found
