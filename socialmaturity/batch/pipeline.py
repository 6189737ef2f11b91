"""The row loop: every response of an export scored, checked and added to its group.

Streams: a response is looked up, tallied, handed to the sink and forgotten. What stays
in memory is per group (score sums and option counts), the respondent ids seen (to
report duplicates) and, only for one report per respondent, each respondent's answers.

Speed comes from compiling before the loop. Every question gets a dict from the raw
cell text of its column to a prepared answer `(key, value, option id)`; the loop picks
the question cells with one `itemgetter`, looks them all up with one `map`, and hands
the values to `scoring.tally`, the one scoring implementation. A text not seen before
goes through the dict's `__missing__`, which understands it (labels in any language,
ids, scores), remembers it, or notes it as not understood for the slow path.

Pure-ish: no printing, no files; output goes to a `Sink`, progress to a callback.
"""

from __future__ import annotations

import collections
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from operator import add, getitem, itemgetter
from typing import Final, Literal, Protocol

from ..i18n import N_, Catalogue, message, shown_in
from ..model import AnswerSheet, Organisation
from ..scoring import MaturityModel, Tally, Value, VoteSummary, summarise_answers, tally
from ..survey.table import Response
from .matching import UNANSWERED, AnswerColumn, NotUnderstood


def _count_each(counts: dict[int, int], keys: Iterable[int]) -> None:
    for key in keys:
        counts[key] = counts.get(key, 0) + 1


# Counter.update's own C helper, without its Python-level checks: counting a row's
# answers into its group is in the row loop.
_count_elements: Callable[[dict[int, int], Iterable[int]], None] = getattr(
    collections, "_count_elements", _count_each
)

OnInvalid = Literal["skip-answer", "skip-row", "fail"]
ON_INVALID: Final[tuple[OnInvalid, ...]] = ("skip-answer", "skip-row", "fail")

# Progress is reported every so many rows: often enough for a smooth bar, rarely
# enough to cost nothing.
PROGRESS_EVERY: Final = 2048
# Distinct raw texts a question's lookup learns during a run (beyond the precompiled).
LEARN_LIMIT: Final = 4096

MESSAGES: Catalogue = {
    "row.rejected": N_("{problem}; the row is rejected (--on-invalid skip-row)"),
    "row.no-answers": N_("no usable answer in this row; the row is rejected"),
    "row.duplicate": N_("respondent id also in row {first}; both rows are scored"),
    "cell.conflict": N_("question {question} is answered differently in column {other} ({answer}); this cell is left out"),
    "group.none": N_("(no group)"),
}


@dataclass(frozen=True, slots=True)
class ErrorLine:
    """A cell or row that could not be used, and why: one line of errors.csv."""

    row: int
    column: str
    value: str
    problem: str


class InvalidCell(Exception):
    """The first invalid cell of a run with --on-invalid fail."""

    def __init__(self, line: ErrorLine) -> None:
        super().__init__(f"row {line.row}, column {line.column}: {line.value!r}: {line.problem}")
        self.line = line


class Sink(Protocol):
    """Where the row loop sends its results (the output files, or a test's lists)."""

    def respondent(
        self, row: int, respondent_id: str | None, group: str, complete: bool, result: Tally
    ) -> None: ...

    def error(self, line: ErrorLine) -> None: ...


@dataclass(frozen=True)
class BatchSettings:
    """How to treat a run's rows.

    `group_column` and `respondent_column` are cell positions (None: no groups; the
    tool's own respondent id); `respondent_heading` names the id column in errors.csv.
    """

    on_invalid: OnInvalid = "skip-answer"
    group_column: int | None = None
    respondent_column: int | None = None
    respondent_heading: str = ""
    keep_answers: bool = False
    language: str = "en"
    # Survey previews and test responses are left out unless this is True.
    include_previews: bool = False
    # False when the tool writes no completion marker: then a response is complete
    # when it covers the roadmap's minimum coverage, whatever the file format.
    marks_completion: bool = True


@dataclass
class GroupAggregate:
    """What a group's respondents add up to: all a group's results are made from this."""

    name: str
    respondents: int = 0
    complete: int = 0
    # Per phase, then per dimension: the sum of the respondents' scores, and how many had
    # one. Rows with every score (most) are counted once in `scored_all`, the others per
    # score in `score_counts`: that keeps the common case to one C-level `map`.
    score_sums: list[float] = field(default_factory=list)
    score_counts: list[int] = field(default_factory=list)
    scored_all: int = 0
    option_counts: Counter[int] = field(default_factory=Counter)

    def scores_counted(self) -> list[int]:
        return [self.scored_all + n for n in self.score_counts]


@dataclass
class BatchCounts:
    """Rows read = scored + rejected + previews left out; the rest are counts among those."""

    read: int = 0
    scored: int = 0
    rejected: int = 0
    duplicates: int = 0
    partial: int = 0
    invalid_cells: int = 0
    ragged: int = 0
    previews: int = 0  # survey previews and test responses left out

    def as_json(self) -> dict[str, int]:
        return {
            "read": self.read,
            "scored": self.scored,
            "rejected": self.rejected,
            "previews_left_out": self.previews,
            "duplicates": self.duplicates,
            "partial": self.partial,
            "invalid_cells": self.invalid_cells,
            "ragged": self.ragged,
        }


@dataclass(frozen=True)
class ScoredRespondent:
    """A respondent's answers kept for a report of their own."""

    row: int
    respondent_id: str | None
    group: str
    answers: dict[str, str]


@dataclass
class BatchRun:
    counts: BatchCounts
    groups: dict[str, GroupAggregate]
    not_understood: NotUnderstood
    respondents: list[ScoredRespondent]


@dataclass(frozen=True)
class GroupResult:
    """A group's line of groups.csv, its entry in summary.json and what its report needs.

    The group's score is `result`: the one scoring function (`tally`) applied to the
    group's consensus answers (`scoring.survey_consensus` per question). groups.csv,
    summary.json and the group's report all show this one. `means` are the plain means
    of the respondents' own scores, kept beside it and named as such.
    """

    name: str
    respondents: int
    means: tuple[float | None, ...]  # per phase, then per dimension
    consensus: dict[str, str]  # question id -> the group's consensus option
    votes: tuple[VoteSummary, ...]
    result: Tally
    complete: int = 0

    @property
    def disagreement(self) -> int:
        return sum(1 for summary in self.votes if summary.disagreement)


RowAnswer = tuple[int, Value, str | None]
"""A cell ready for the loop: a key for the group's option counts, the tally value, the option id."""

EMPTY: Final[RowAnswer] = (0, None, None)
_VALUE = itemgetter(1)
_KEY = itemgetter(0)
_OPTION = itemgetter(2)


class _CellLookup(dict[str, RowAnswer]):
    """Raw cell text -> RowAnswer for one column; learns the texts it meets."""

    __slots__ = ("answers", "column", "pending", "room")

    def __init__(
        self,
        column: AnswerColumn,
        answers: dict[str, RowAnswer],
        pending: list[tuple[AnswerColumn, str]],
    ) -> None:
        super().__init__()
        self.column = column
        self.answers = answers
        self.pending = pending
        self.room = LEARN_LIMIT
        for cell, found in column.matcher.lookup.items():
            if found is UNANSWERED:
                self[cell] = EMPTY
            elif isinstance(found, tuple):
                self[cell] = answers[found[0]]

    def __missing__(self, cell: str) -> RowAnswer:
        found = self.column.matcher.resolve(cell)
        if found is None:
            # Not remembered: the loop must see every invalid cell to report it.
            self.pending.append((self.column, cell))
            return EMPTY
        answer = EMPTY if found is UNANSWERED else self.answers[found[0]]  # type: ignore[index]
        if self.room > 0:
            self.room -= 1
            self[cell] = answer
        return answer


class BatchScorer:
    """Scores the responses of one export against one model; see the module docstring."""

    def __init__(
        self,
        model: MaturityModel,
        columns: Sequence[AnswerColumn],
        settings: BatchSettings,
        *,
        width: int,
    ) -> None:
        """`width` is the number of cells of every response (the export's columns)."""
        self.model = model
        self.settings = settings
        plan = model.plan
        questions = model.questionnaire.questions
        self._pending: list[tuple[AnswerColumn, str]] = []
        self._stride = max(len(q.options) for q in questions) + 1
        # key -> (question index, option id); key 0 is "no answer".
        self._options: dict[int, tuple[int, str]] = {}
        answers_of: list[dict[str, RowAnswer]] = []
        for q, question in enumerate(questions):
            answers: dict[str, RowAnswer] = {}
            for position, option in enumerate(question.options):
                key = self.option_key(q, position)
                self._options[key] = (q, option.id)
                answers[option.id] = (key, plan.options[q][option.id], option.id)
            answers_of.append(answers)
        primary: dict[int, _CellLookup] = {}
        self._extras: list[tuple[int, int, _CellLookup]] = []  # (question, cell index, lookup)
        for column in columns:
            lookup = _CellLookup(column, answers_of[column.question], self._pending)
            if column.question in primary:
                self._extras.append((column.question, column.index, lookup))
            else:
                primary[column.question] = lookup
        self._primary = primary
        # Questions without a column read a cell just past the end of the record: ''.
        self._tail = ("",)
        self._width = width

    @property
    def columns(self) -> list[AnswerColumn]:
        """The matched columns in the order the row loop reads them: each question's
        first column (in question order), then its further columns (in column order)."""
        return [self._primary[q].column for q in sorted(self._primary)] + [
            lookup.column for _, _, lookup in self._extras
        ]

    def option_key(self, question: int, position: int) -> int:
        """An option's key in `GroupAggregate.option_counts` (0 stands for no answer)."""
        return question * self._stride + position + 1

    def _picker(self) -> Callable[[tuple[str, ...]], Sequence[str]]:
        count = len(self.model.plan.question_ids)
        indices = [
            self._primary[q].column.index if q in self._primary else self._width
            for q in range(count)
        ]
        if len(indices) == 1:
            only = indices[0]
            return lambda cells: (cells[only],)
        return itemgetter(*indices)

    def run(
        self,
        responses: Iterable[Response],
        sink: Sink,
        progress: Callable[[int], None] | None = None,
    ) -> BatchRun:
        """Score every response, sending each result and problem to `sink` as it comes."""
        settings = self.settings
        plan = self.model.plan
        language = settings.language
        count = len(plan.question_ids)
        lookups: list[dict[str, RowAnswer]] = [
            self._primary.get(q, {"": EMPTY}) for q in range(count)
        ]
        pick = self._picker()
        tail = self._tail
        pending = self._pending
        extras = self._extras
        group_column = settings.group_column
        respondent_column = settings.respondent_column
        keep = settings.keep_answers
        skip_row = settings.on_invalid == "skip-row"
        include_previews = settings.include_previews
        marks_completion = settings.marks_completion
        minimum_coverage = plan.minimum_coverage
        phases = len(plan.phase_ids)
        scores_per_group = phases + len(plan.dimension_ids)
        counts = BatchCounts()
        groups: dict[str, GroupAggregate] = {}
        kept: list[ScoredRespondent] = []
        not_understood = NotUnderstood()
        # Every id seen, with its first row: memory grows with the number of distinct
        # ids (tens of bytes each), the one exception to streaming, for duplicates.
        seen: dict[str, int] = {}
        error = sink.error
        respondent = sink.respondent
        read = 0

        for response in responses:
            read += 1
            if progress is not None and not read % PROGRESS_EVERY:
                progress(read)
            if response.preview and not include_previews:
                counts.previews += 1
                continue
            cells = response.cells
            answers = list(map(getitem, lookups, pick(cells + tail)))
            row = response.row
            if pending or extras or response.problems:
                lines, rejected = self._settle(response, answers, not_understood)
                counts.invalid_cells += sum(1 for line in lines if line.column)
                counts.ragged += 1 if response.problems else 0
                if rejected and skip_row:
                    for line in lines:
                        error(
                            ErrorLine(
                                line.row,
                                line.column,
                                line.value,
                                message(MESSAGES, "row.rejected", language, problem=line.problem),
                            )
                        )
                    counts.rejected += 1
                    continue
                for line in lines:
                    error(line)
            values = list(map(_VALUE, answers))
            result = tally(plan, values)
            if not result.coverage and values.count(None) == count:
                error(ErrorLine(row, "", "", message(MESSAGES, "row.no-answers", language)))
                counts.rejected += 1
                continue
            if respondent_column is None:
                respondent_id = response.respondent_id
            else:
                respondent_id = cells[respondent_column].strip() or None
            if respondent_id is not None:
                first = seen.setdefault(respondent_id, row)
                if first != row:
                    counts.duplicates += 1
                    error(
                        ErrorLine(
                            row,
                            settings.respondent_heading,
                            respondent_id,
                            message(MESSAGES, "row.duplicate", language, first=first),
                        )
                    )
            group = cells[group_column].strip() if group_column is not None else ""
            # The tool's own marker where it writes one; else how much was answered, so
            # that a respondent is partial or complete whatever the file format.
            complete = (
                response.complete if marks_completion else result.coverage >= minimum_coverage
            )
            counts.scored += 1
            if not complete:
                counts.partial += 1
            respondent(row, respondent_id, group, complete, result)
            # Without --group-by the whole export is one group: questions.csv needs it.
            aggregate = groups.get(group)
            if aggregate is None:
                aggregate = groups[group] = GroupAggregate(
                    group,
                    score_sums=[0.0] * scores_per_group,
                    score_counts=[0] * scores_per_group,
                )
            aggregate.respondents += 1
            aggregate.complete += complete
            _count_elements(aggregate.option_counts, map(_KEY, answers))
            scores = result.phase_scores + result.dimension_scores
            if None in scores:
                sums = aggregate.score_sums
                numbers = aggregate.score_counts
                for i, score in enumerate(scores):
                    if score is not None:
                        sums[i] += score
                        numbers[i] += 1
            else:
                aggregate.score_sums = list(map(add, aggregate.score_sums, scores))
                aggregate.scored_all += 1
            if keep:
                kept.append(
                    ScoredRespondent(
                        row,
                        respondent_id,
                        group,
                        {
                            plan.question_ids[q]: option
                            for q, option in enumerate(map(_OPTION, answers))
                            if option is not None
                        },
                    )
                )
        counts.read = read
        if progress is not None:
            progress(read)
        return BatchRun(counts, groups, not_understood, kept)

    def _settle(
        self, response: Response, answers: list[RowAnswer], not_understood: NotUnderstood
    ) -> tuple[list[ErrorLine], bool]:
        """The slow path of a row: further columns of a question, cells not understood,
        ragged records. Fixes `answers` in place; says whether the row has an invalid cell."""
        language = self.settings.language
        row = response.row
        cells = response.cells
        # (column position, line): lines are sorted into the order of the record's cells.
        found_lines: list[tuple[int, ErrorLine]] = [
            (-1, ErrorLine(row, "", "", shown_in(problem, language))) for problem in response.problems
        ]
        invalid = bool(response.problems)
        for q, index, lookup in self._extras:
            found = lookup[cells[index]]
            if found is EMPTY:
                continue
            current = answers[q]
            if current is EMPTY:
                answers[q] = found
            elif current[2] != found[2]:
                invalid = True
                other = self._primary[q].column.heading
                found_lines.append(
                    (
                        index,
                        ErrorLine(
                            row,
                            lookup.column.heading,
                            cells[index],
                            message(
                                MESSAGES,
                                "cell.conflict",
                                language,
                                question=self.model.plan.question_ids[q],
                                other=other,
                                answer=current[2],
                            ),
                        ),
                    )
                )
        for column, cell in self._pending:
            invalid = True
            not_understood.add(column, cell)
            found_lines.append(
                (
                    column.index,
                    ErrorLine(row, column.heading, cell, column.matcher.problem(cell, language)),
                )
            )
        self._pending.clear()
        found_lines.sort(key=itemgetter(0))
        lines = [line for _, line in found_lines]
        if invalid and self.settings.on_invalid == "fail":
            raise InvalidCell(lines[0])
        return lines, invalid

    # -- groups -------------------------------------------------------------------

    def group_result(self, group: GroupAggregate) -> GroupResult:
        """A group's score (its consensus answers, `scoring.survey_consensus` per
        question, scored with `tally`), the means of its respondents' scores, and the
        spread of its answers per question."""
        plan = self.model.plan
        questions = self.model.questionnaire.questions
        per_question: dict[int, dict[str, int]] = {}
        for key, number in group.option_counts.items():
            if key and number:
                q, option_id = self._options[key]
                per_question.setdefault(q, {})[option_id] = number
        consensus: dict[str, str] = {}
        votes: list[VoteSummary] = []
        for q in sorted(per_question):
            counts = per_question[q]
            unanswered = group.respondents - sum(counts.values())
            summary = summarise_answers(questions[q], counts, unanswered)
            votes.append(summary)
            if summary.proposed is not None:
                consensus[questions[q].id] = summary.proposed
        means = tuple(
            total / number if number else None
            for total, number in zip(group.score_sums, group.scores_counted(), strict=True)
        )
        result = tally(plan, plan.values(consensus))
        return GroupResult(
            group.name, group.respondents, means, consensus, tuple(votes), result, group.complete
        )


def group_label(name: str, language: str) -> str:
    """A group as people read it: its name, or '(no group)' for blank cells."""
    return name or message(MESSAGES, "group.none", language)


def answer_sheet(
    model: MaturityModel,
    organisation: str,
    answers: dict[str, str],
    *,
    assessed_on: dt.date,
    language: str,
    assessor: str | None = None,
) -> AnswerSheet:
    """An answers file for a group's consensus or one respondent, as the report takes it."""
    questionnaire = model.questionnaire
    return AnswerSheet(
        questionnaire=questionnaire.id,
        questionnaire_version=questionnaire.version,
        organisation=Organisation(name=organisation[:200] or "-"),
        assessed_on=assessed_on,
        assessor=assessor,
        language=language,
        answers=answers,
    )


def preview_not_understood(
    responses: Iterable[Response], columns: Sequence[AnswerColumn], rows: int
) -> tuple[NotUnderstood, int]:
    """Cells no option matches in the first `rows` responses, and how many rows were read.

    For the match report before the run; the run counts every row again.
    """
    found = NotUnderstood()
    read = 0
    for response in islice(responses, rows):
        read += 1
        cells = response.cells
        for column in columns:
            cell = cells[column.index]
            meaning = column.matcher.lookup.get(cell, _UNKNOWN)
            if meaning is _UNKNOWN:
                meaning = column.matcher.resolve(cell)
            if meaning is None:
                found.add(column, cell)
    return found, read


_UNKNOWN: Final = object()


def distinct_cells(
    responses: Iterable[Response], indices: Sequence[int], limit: int = 200_000
) -> dict[int, set[str]]:
    """Every distinct cell text per column over the whole export, to decide how its
    numbers are read. Sets of (column, text) pairs fill at C speed; past `limit` pairs
    (free text in a matched column) only texts that may be numbers are kept."""
    found: dict[int, set[str]] = {index: set() for index in indices}
    if not indices:
        return found
    pick = itemgetter(*indices)
    pairs: set[tuple[int, str]] = set()
    stream = iter(responses)
    for response in stream:
        picked = pick(response.cells)
        pairs.update(zip(indices, picked, strict=True) if len(indices) > 1 else ((indices[0], picked),))
        if len(pairs) > limit:
            break
    for index, cell in pairs:
        found[index].add(cell)
    for response in stream:  # only when the limit was passed
        cells = response.cells
        for index in indices:
            cell = cells[index].strip()
            if cell and (cell[0].isdigit() or cell[0] in "+-.") and len(found[index]) < limit:
                found[index].add(cell)
    return found


def scan_values(
    responses: Iterable[Response], indices: Sequence[int], limit: int = 200
) -> dict[int, Counter[str]]:
    """Distinct cell texts per column, counted (at most `limit` texts per column), for
    `mapping init`. Cells of white space only are left out."""
    found: dict[int, Counter[str]] = {index: Counter() for index in indices}
    for response in responses:
        cells = response.cells
        for index in indices:
            cell = cells[index]
            if not cell.strip():
                continue
            counter = found[index]
            if cell in counter or len(counter) < limit:
                counter[cell] += 1
    return found
