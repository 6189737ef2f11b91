"""The files of a batch run: respondents.csv, groups.csv, questions.csv, errors.csv and
summary.json.

Each file is written to a temporary file beside its final name, and the files are
renamed together only when the whole run has succeeded (`files.StagedFiles`), so an
interrupted or failed run leaves the previous results intact, never half a CSV and
never a mix of old and new files. An existing output that is not a regular file (a
folder, a link, a device) is refused before anything is written. The rows of
respondents.csv and errors.csv stream into their temporary files as the loop produces
them.

The CSV files are UTF-8 without BOM, with `\\n` line ends and minimal quoting. Every text
copied from the export (ids, groups, cell values, headings) is neutralised against
formula injection: a spreadsheet runs a cell starting with = + - @ (or a tab or carriage
return before one), so such a text gets a leading apostrophe, which shows it as text.
A line break inside a text becomes `\\n` (a bare CR would not be quoted by the CSV
writer and would start a new row in a spreadsheet), every line of it is neutralised,
and the cell is quoted.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Final

from ..files import StagedFiles, check_target, write_text
from ..model import Questionnaire
from ..scoring import ScoringPlan, Tally, VoteSummary
from .pipeline import ErrorLine, GroupResult

RESPONDENTS: Final = "respondents.csv"
GROUPS: Final = "groups.csv"
QUESTIONS: Final = "questions.csv"
ERRORS: Final = "errors.csv"
SUMMARY: Final = "summary.json"
OUTPUTS: Final = (RESPONDENTS, GROUPS, QUESTIONS, ERRORS, SUMMARY)
"""Every file a run writes (or, for groups.csv without groups, removes)."""

_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
# Distinct scores whose text is remembered; weighted phases have a few thousand at most.
_FORMAT_CACHE_LIMIT: Final = 100_000


def neutralise(value: str | None) -> str:
    """A text from the export made safe for a spreadsheet: '=1+1' becomes "'=1+1", and
    so does every line of a text that holds line breaks (CR, LF or both)."""
    if not value:
        return ""
    if "\r" in value or "\n" in value:
        lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return "\n".join("'" + line if line.startswith(_FORMULA_START) else line for line in lines)
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_field(value: str) -> str:
    """One field as the CSV writer of every output writes it (quoted where needed)."""
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow([value, ""])
    return line.getvalue()[:-2]


def score_text(score: float, digits: int) -> str:
    """A score (or coverage) as the CSV files show it."""
    return f"{score:.{digits}f}"


class _ScoreText(dict[float | None, str]):
    """A score as written in the CSV (one decimal; empty for none), remembered per value."""

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        super().__init__({None: ""})
        self.digits = digits

    def __missing__(self, score: float | None) -> str:
        assert score is not None
        shown = score_text(score, self.digits)
        if len(self) < _FORMAT_CACHE_LIMIT:
            self[score] = shown
        return shown


def respondents_header(plan: ScoringPlan) -> list[str]:
    return [
        "row",
        "respondent_id",
        "group",
        "complete",
        "coverage",
        "phase",
        "phase_index",
        *(f"score_{p}" for p in plan.phase_ids),
        *(f"dim_{d}" for d in plan.dimension_ids),
    ]


def groups_header(plan: ScoringPlan) -> list[str]:
    """The group's score (its consensus answers scored), then the plain means of its
    respondents' own scores, named as means."""
    return [
        "group",
        "respondents",
        "complete",
        "phase",
        "phase_index",
        *(f"score_{p}" for p in plan.phase_ids),
        *(f"dim_{d}" for d in plan.dimension_ids),
        *(f"mean_score_{p}" for p in plan.phase_ids),
        *(f"mean_dim_{d}" for d in plan.dimension_ids),
        "disagreement",
    ]


QUESTIONS_HEADER: Final = [
    "group",
    "question",
    "answers",
    "unanswered",
    "median",
    "q1_step",
    "q3_step",
    "iqr_steps",
    "not_applicable_share",
    "disagreement",
    "counts",
]


ERRORS_HEADER: Final = ["row", "column", "value", "problem"]


def output_paths(out_dir: Path) -> list[Path]:
    """Every file a run in `out_dir` writes or removes (the reports aside)."""
    return [out_dir / name for name in OUTPUTS]


def check_outputs(out_dir: Path) -> None:
    """Raise `files.OutputError` when an output of a run in `out_dir` exists and is
    not a regular file; checked before anything is written."""
    for path in output_paths(out_dir):
        check_target(path)


class BatchWriter:
    """The output files of one run; a `Sink` for the row loop.

        with BatchWriter(out_dir, plan, grouped=True) as writer:
            scorer.run(responses, writer)
            writer.finish(groups, summary)

    Entering the block checks every output and creates its temporary file, so a folder
    that cannot be written is known before the run (`files.OutputError`). Leaving
    the block after `finish` puts every file in place together; leaving it with an
    exception, or without `finish`, discards every temporary file and keeps the files
    of an earlier run as they were.
    """

    def __init__(
        self,
        out_dir: Path,
        plan: ScoringPlan,
        *,
        grouped: bool,
        questionnaire: Questionnaire | None = None,
    ) -> None:
        self.out_dir = out_dir
        self.plan = plan
        self.questionnaire = questionnaire
        self.grouped = grouped
        self._files = StagedFiles(out_dir)
        self._finished = False
        self._score = _ScoreText(1)
        self._coverage = _ScoreText(3)
        self._phase_ids = ("", *plan.phase_ids)
        self._score_text = self._score.__getitem__
        # A run has few groups and many rows per group: each name is neutralised once.
        self._groups_seen: dict[str, str] = {}

    def _group_text(self, group: str) -> str:
        shown = self._groups_seen.get(group)
        if shown is None:
            shown = neutralise(group)
            if len(self._groups_seen) < _FORMAT_CACHE_LIMIT:
                self._groups_seen[group] = shown
        return shown

    def __enter__(self) -> BatchWriter:
        files = self._files
        try:
            check_outputs(self.out_dir)
            # Opened first, renamed last: a new summary.json means the rest is in place.
            self._summary = files.open(SUMMARY)
            self._groups = files.open(GROUPS) if self.grouped else None
            self._questions = files.open(QUESTIONS)
            if not self.grouped:
                # No groups this time: a groups.csv of an earlier run would be taken for
                # this one's.
                files.remove_on_commit(GROUPS)
            errors = files.open(ERRORS)
            respondents = files.open(RESPONDENTS)
        except BaseException:
            files.discard()
            raise
        self._errors = csv.writer(errors, lineterminator="\n")
        self._errors.writerow(ERRORS_HEADER)
        self._respondents_stream = respondents
        self._respondents = csv.writer(respondents, lineterminator="\n")
        self._respondents.writerow(respondents_header(self.plan))
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        with self._files:
            if kind is None and not self._finished:
                raise RuntimeError("the batch run was not finished")
            if kind is None:
                self._files.commit()

    # -- the Sink -----------------------------------------------------------------

    def respondent(
        self, row: int, respondent_id: str | None, group: str, complete: bool, result: Tally
    ) -> None:
        phase_index = result.phase_index
        self._respondents.writerow(
            (
                row,
                neutralise(respondent_id),
                self._group_text(group),
                "true" if complete else "false",
                self._coverage[result.coverage],
                self._phase_ids[phase_index],
                phase_index,
                *map(self._score_text, result.phase_scores + result.dimension_scores),
            )
        )

    def respondent_lines(self, text: str) -> None:
        """Lines of respondents.csv made elsewhere, exactly as `respondent` writes them."""
        self._respondents_stream.write(text)

    def error(self, line: ErrorLine) -> None:
        self._errors.writerow(
            (line.row, neutralise(line.column), neutralise(line.value), neutralise(line.problem))
        )

    # -- the end ------------------------------------------------------------------

    def finish(
        self,
        groups: Sequence[GroupResult],
        summary: dict[str, Any],
        *,
        questions: Sequence[GroupResult] | None = None,
    ) -> None:
        """Write groups.csv (when grouped), questions.csv (per group of `questions`,
        default `groups`) and summary.json; the files are renamed into place when the
        `with` block ends."""
        score = self._score
        if self._groups is not None:
            writer = csv.writer(self._groups, lineterminator="\n")
            writer.writerow(groups_header(self.plan))
            for group in groups:
                result = group.result
                writer.writerow(
                    (
                        neutralise(group.name),
                        group.respondents,
                        group.complete,
                        self._phase_ids[result.phase_index],
                        result.phase_index,
                        *map(score.__getitem__, result.phase_scores + result.dimension_scores),
                        *map(score.__getitem__, group.means),
                        group.disagreement,
                    )
                )
        self._write_questions(groups if questions is None else questions)
        self._summary.write(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
        self._finished = True


    def _write_questions(self, groups: Sequence[GroupResult]) -> None:
        writer = csv.writer(self._questions, lineterminator="\n")
        writer.writerow(QUESTIONS_HEADER)
        order = list(self.questionnaire.questions) if self.questionnaire else []
        questions = {q.id: q for q in order}
        for group in groups:
            name = neutralise(group.name)
            given = {votes.question_id: votes for votes in group.votes}
            # Every question, the ones nobody in the group answered too.
            every = [
                given.get(q.id)
                or VoteSummary(q.id, {o.id: 0 for o in q.options}, group.respondents, 0, None, None)
                for q in order
            ] or list(group.votes)
            for votes in every:
                question = questions.get(votes.question_id)
                answers = sum(votes.counts.values())
                applicable = (
                    {o.id for o in question.options if o.score is not None} if question else set()
                )
                not_applicable = sum(n for o, n in votes.counts.items() if o not in applicable)
                quartiles = _quartiles(question, votes.counts) if question else None
                writer.writerow(
                    (
                        name,
                        votes.question_id,
                        answers,
                        votes.abstentions,
                        votes.proposed or "",
                        quartiles[0] if quartiles else "",
                        quartiles[1] if quartiles else "",
                        votes.iqr if votes.iqr is not None else "",
                        f"{not_applicable / answers:.3f}" if answers else "",
                        "true" if votes.disagreement else "false",
                        "; ".join(f"{o}={n}" for o, n in votes.counts.items()),
                    )
                )


def _quartiles(question: Any, counts: dict[str, int]) -> tuple[int, int] | None:
    from ..scoring import quartile_steps

    return quartile_steps(question, counts)


def write_summary(out_dir: Path, summary: dict[str, Any]) -> None:
    """Rewrite summary.json (after the reports, with their outcome)."""
    write_text(out_dir / SUMMARY, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
