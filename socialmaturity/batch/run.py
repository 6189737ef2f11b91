"""Batch scoring as one library call: an export in, the result files and reports out.

    from socialmaturity.batch import BatchOptions, run_batch
    result = run_batch(BatchOptions(export=Path("export.csv"), group_by="Organisation"))

`run_batch` checks the options and outputs before reading anything, loads the model
and the mapping, matches the export's columns, scores every response, writes
respondents.csv, groups.csv, errors.csv and summary.json together, and renders the
reports. It never prints: the lines a person should read on the way (what was
matched, what was not understood) go to `Listener.message`, in the run's language,
and progress to `Listener.progress`. Problems the user can fix raise `BatchError`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable
from contextlib import AbstractContextManager as ContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

from ..files import OutputError, check_folder, first_clash
from ..files import reason as os_problem
from ..i18n import LANGUAGES, message_of, pick_language, shown_in, whole
from ..scoring import MaturityModel
from .messages import m
from .pipeline import BatchCounts, GroupResult, OnInvalid, group_label

if TYPE_CHECKING:
    from ..survey import Column, ExportTable
    from ..survey.table import NumberReading
    from .matching import CellRules, MappingFile, MatchReport, NumberChoice
    from .pipeline import ScoredRespondent
    from .reports import ReportJob, ReportOutcome
    from .vector import LoadedExport

SOURCES: Final = (
    "auto",
    "google-forms",
    "microsoft-forms",
    "qualtrics",
    "surveymonkey",
    "limesurvey",
    "typeform",
    "csv",
)
ON_INVALID: Final = ("skip-answer", "skip-row", "fail")
NUMBERS: Final = ("scores", "positions")
DEFAULT_OUT_DIR: Final = Path("socialmaturity-batch")
PREVIEW_ROWS: Final = 1000
"""Rows looked at before the run, so that a wrong mapping shows before a long run."""


class BatchError(Exception):
    """A problem the user can fix, in words (in the run's language).

    `usage` is True when the options themselves are wrong (exit 2 at the command line),
    False for an export, mapping or output that cannot be used (exit 1). `problems` are
    lines placed in a file (`PATH:LINE:COLUMN: message`), shown before the message.
    """

    def __init__(self, message: str, *, usage: bool = False, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage
        self.problems = problems


Progress = Callable[[int], None]


def _no_progress(description: str, total: int | None) -> ContextManager[Progress | None]:
    return contextlib.nullcontext(None)


@dataclass(frozen=True)
class Listener:
    """Where a run tells what it does: lines for the person, and progress."""

    message: Callable[[str], None] = lambda line: None
    progress: Callable[[str, int | None], ContextManager[Progress | None]] = _no_progress


@dataclass(frozen=True)
class BatchOptions:
    """What to score and where to write it; the defaults are the command line's."""

    export: Path
    source: str = "auto"
    questionnaire: str | None = None
    mapping: Path | None = None
    group_by: str | None = None
    out_dir: Path = DEFAULT_OUT_DIR
    reports: bool = False
    workers: int | None = None
    lang: str | None = None
    environment_language: str | None = None
    """The language LANGUAGE, LC_ALL or LANG names: used when none is asked for."""
    on_invalid: str = "skip-answer"
    assessed_on: dt.date | None = None
    """The date on the reports (default: today)."""
    numbers: str | None = None
    """How numeric answers name options: 'scores' or 'positions' (None: decided from the
    export, see `matching.decide_numbers`)."""
    include_previews: bool = False
    """Score survey previews and test responses too (left out by default)."""
    overview: Path | None = None
    """Also write the overview of every group as a PDF (needs group_by)."""
    xlsx: Path | None = None
    """Also write the overview as a workbook (needs group_by)."""
    minimum_group_size: int = 5
    """Groups with fewer respondents are shown only inside the totals: no report, no
    scores of their own in the overview, so that no respondent can be singled out."""


@dataclass
class BatchResult:
    """What a run did: its counts, groups, summary, files and reports."""

    out_dir: Path
    language: str
    counts: BatchCounts
    groups: list[GroupResult]
    grouped: bool
    summary: dict[str, Any]
    files: list[str]
    reports: list[ReportOutcome] = field(default_factory=list)

    @property
    def failed_reports(self) -> list[ReportOutcome]:
        return [o for o in self.reports if not o.ok]


def run_batch(
    options: BatchOptions, listener: Listener = Listener(), *, vectorised: bool = True
) -> BatchResult:
    """Score a survey export and write the results; raises BatchError for problems the
    user can fix. A report that fails is in `BatchResult.reports`; the others are written.

    A UTF-8 CSV export is scored a column at a time (`vector`), with the very same
    results; `vectorised=False`, or an export that path cannot read exactly, runs the
    reference row loop (`pipeline.BatchScorer.run`)."""
    from ..survey import ExportError
    from .matching import (
        CellRules,
        compile_columns,
        describe_columns,
        describe_numbers,
        describe_values,
        match_columns,
    )
    from .outputs import ERRORS, GROUPS, QUESTIONS, RESPONDENTS, SUMMARY, BatchWriter, output_paths
    from .pipeline import BatchScorer, BatchSettings, InvalidCell, preview_not_understood
    from .sources import (
        checked_choice,
        columns_of,
        load_mapping,
        open_export,
        output_problem,
    )

    ui = pick_language(options.lang, options.environment_language, available=LANGUAGES)
    checked_choice("source", options.source, SOURCES, ui)
    checked_choice("on-invalid", options.on_invalid, ON_INVALID, ui)
    if options.numbers is not None:
        checked_choice("numbers", options.numbers, NUMBERS, ui)
    if options.workers is not None and options.workers < 1:
        raise BatchError(m("usage.workers", ui, value=options.workers), usage=True)
    _check_overview_options(options, ui)
    # Before anything is read or written: no output may replace an input, and no
    # output that is not a regular file is replaced.
    _never_over_inputs(options, output_paths(options.out_dir), ui)
    _checked_outputs(options, ui)
    model, mapping, language = load_mapping(
        options.mapping, options.questionnaire, options.lang, ui, options.environment_language
    )
    questionnaire = model.questionnaire
    table = open_export(options.export, options.source)
    group, respondent = columns_of(table, mapping, options.group_by, language)
    reserved = {}
    if respondent is not None:
        reserved[respondent.index] = "respondent-id"
    if group is not None:
        reserved[group.index] = "group"
    report = match_columns(table.columns, questionnaire, mapping, reserved=reserved)
    if not report.matched_questions:
        raise BatchError(
            m(
                "no-match",
                language,
                export=options.export.name,
                questionnaire=questionnaire.id,
                columns=len(table.columns),
            )
        )
    for line in describe_columns(report, language):
        listener.message(line)
    rules = CellRules(table.unanswered_codes, table.position_code)
    loaded = (
        _load(table, report, group, respondent)
        if vectorised and not (options.reports and group is None)
        else None
    )
    readings, numbers, loaded = _read_numbers(
        options, table, report, model, mapping, rules, language, loaded
    )
    for line in describe_numbers(numbers, language, _tool(table.source)):
        listener.message(line)
    columns = compile_columns(
        report, questionnaire, model.plan.options, mapping, readings=readings, rules=rules
    )
    preview = table.responses()
    try:
        first, previewed = preview_not_understood(preview, columns, PREVIEW_ROWS)
    except ExportError as error:
        raise BatchError(shown_in(error.message, language)) from None
    finally:
        # a generator: closing it closes the file now (Iterator has no close in its type)
        getattr(preview, "close", lambda: None)()
    if not previewed:
        raise BatchError(m("no-responses", language, export=options.export))
    whole_file = previewed < PREVIEW_ROWS
    for line in describe_values(first, columns, language, first_rows=None if whole_file else previewed):
        listener.message(line)
    id_column = respondent if respondent is not None else table.respondent_column
    settings = BatchSettings(
        on_invalid=cast("OnInvalid", options.on_invalid),  # checked above
        group_column=group.index if group is not None else None,
        respondent_column=respondent.index if respondent is not None else None,
        respondent_heading=_heading(id_column) if id_column is not None else "",
        keep_answers=options.reports and group is None,
        language=language,
        include_previews=options.include_previews,
        marks_completion=table.marks_completion,
    )
    if options.reports:
        from .reports import prepare_pool

        prepare_pool()  # the workers' imports, while the export is scored
    scorer = BatchScorer(model, columns, settings, width=len(table.columns))
    small: list[GroupResult] = []
    overview = None
    out_dir = options.out_dir
    created = _make_folder(out_dir, ui)
    jobs: list[ReportJob] = []
    try:
        with (
            listener.progress(m("reading", language, export=options.export.name), None) as progress,
            BatchWriter(
                out_dir, model.plan, grouped=group is not None, questionnaire=questionnaire
            ) as writer,
        ):
            sink = PhaseCounter(writer)
            if loaded is not None:
                from .vector import score

                run, sink.reached = score(
                    loaded,
                    scorer,
                    sink,
                    respondent_index=table.layout.respondent_index
                    if table.respondent_column is not None
                    else None,
                    completion=table.layout.completion,
                    preview=table.layout.preview,
                    width=len(table.columns),
                    write_lines=writer.respondent_lines,
                    progress=progress,
                )
            else:
                run = scorer.run(table.responses(), sink, progress)
            every_group = [scorer.group_result(g) for g in run.groups.values()]
            # Without --group-by the one group (the whole export) is for questions.csv only.
            groups = every_group if group is not None else []
            small = [g for g in groups if g.respondents < options.minimum_group_size]
            if options.overview is not None or options.xlsx is not None:
                overview = _overview(options, model, scorer, run.groups, groups, sink, language)
            if options.reports:
                # The reports' names are known now; none may replace an input either. (A
                # report that cannot be written fails on its own; the others carry on.)
                # A group under the minimum size gets no report of its own.
                reported = [g for g in groups if g not in small]
                jobs = _report_jobs(options, model, run.respondents, reported, group is not None, language)
                _never_over_inputs(options, [job.output for job in jobs], ui)
            summary = {
                "export": {
                    "file": str(options.export),
                    "source": table.source,
                    "encoding": table.encoding,
                    "delimiter": table.delimiter,
                    "header_rows": table.header_rows,
                    "columns": len(table.columns),
                    "completion": "marker" if table.marks_completion else "coverage",
                    "previews": "included" if options.include_previews else "left out",
                    "numbers": [choice.as_json() for choice in numbers],
                },
                "questionnaire": {
                    "id": questionnaire.id,
                    "version": questionnaire.version,
                    "hash": model.hash,
                },
                "roadmap": {"id": model.roadmap.id, "version": model.roadmap.version},
                "language": language,
                "on_invalid": options.on_invalid,
                "mapping": str(options.mapping) if options.mapping else None,
                "group_by": group.heading if group is not None else None,
                "respondent_id": respondent.heading if respondent is not None else None,
                "rows": run.counts.as_json(),
                "groups": len(run.groups) if group is not None else None,
                "group_scores": [group_json(g, model, language) for g in groups]
                if group is not None
                else None,
                "match": {**report.as_json(), "values_not_understood": run.not_understood.as_json()},
                "reports": None,
            }
            if group is not None:
                summary["minimum_group_size"] = options.minimum_group_size
                summary["small_groups"] = [
                    {"group": g.name, "respondents": g.respondents} for g in small
                ]
            if options.overview is not None:
                summary["overview"] = str(options.overview)
            if options.xlsx is not None:
                summary["xlsx"] = str(options.xlsx)
            writer.finish(groups, summary, questions=every_group)
    except BaseException as error:
        _remove_if_empty(out_dir, created)
        if isinstance(error, OutputError):
            raise output_problem(error, "--out-dir", ui) from None
        if isinstance(error, InvalidCell):
            bad = error.line
            if bad.column:
                raise BatchError(
                    m(
                        "invalid.cell",
                        language,
                        row=bad.row,
                        column=f'"{bad.column}"',
                        value=repr(bad.value),
                        problem=bad.problem,
                    )
                ) from None
            raise BatchError(m("invalid.row", language, row=bad.row, problem=bad.problem)) from None
        if isinstance(error, ExportError):
            raise BatchError(shown_in(error.message, language)) from None
        if isinstance(error, OSError):  # e.g. a full disk while the rows are written
            raise BatchError(m("run-failed", ui, folder=out_dir, problem=os_problem(error, ui))) from None
        raise
    if not whole_file:
        for line in describe_values(run.not_understood, columns, language):
            listener.message(line)
    if run.counts.previews:
        listener.message(m("previews", language, count=_count(run.counts.previews, language)))
    files = [RESPONDENTS, *([GROUPS] if group is not None else []), QUESTIONS, ERRORS, SUMMARY]
    result = BatchResult(out_dir, language, run.counts, groups, group is not None, summary, files)
    listener.message(summary_line(result, group.heading if group is not None else None))
    if small:
        listener.message(
            m_overview(
                "small-groups",
                language,
                count=len(small),
                minimum=options.minimum_group_size,
                groups=", ".join(group_label(g.name, language) for g in small[:8])
                + (" …" if len(small) > 8 else ""),
            )
        )
    if overview is not None:
        _write_overview(options, overview, language, listener)
    if not run.counts.scored:
        # the files are written (errors.csv says why); the run itself failed
        raise BatchError(
            m("nothing-scored", language, export=options.export.name, errors=out_dir / ERRORS)
        )
    if options.reports:
        result.reports = _render(options, model, jobs, summary, language, listener)
    return result


# -- the overview ---------------------------------------------------------------------


class PhaseCounter:
    """The run's sink, passed through, counting each group's respondents per phase reached."""

    def __init__(self, sink: Any) -> None:
        from collections import Counter

        self.sink = sink
        self.error = sink.error
        self.reached: dict[str, Counter[int]] = {}
        self._counter = Counter

    def respondent(self, row: int, respondent_id: str | None, group: str, complete: bool, result: Any) -> None:
        self.sink.respondent(row, respondent_id, group, complete, result)
        counts = self.reached.get(group)
        if counts is None:
            counts = self.reached[group] = self._counter()
        counts[result.phase_index] += 1


def m_overview(key: str, language: str, **values: object) -> str:
    from ..i18n import message
    from .overview import MESSAGES

    return message(MESSAGES, key, language, **values)


def _overview_outputs(options: BatchOptions) -> list[Path]:
    return [path for path in (options.overview, options.xlsx) if path is not None]


def _check_overview_options(options: BatchOptions, language: str) -> None:
    from .sources import checked_targets

    if options.minimum_group_size < 1:
        raise BatchError(
            m_overview("usage.minimum", language, value=options.minimum_group_size), usage=True
        )
    outputs = _overview_outputs(options)
    if not outputs:
        return
    if options.group_by is None and (options.mapping is None or not _mapping_groups(options.mapping)):
        raise BatchError(m_overview("usage.needs-groups", language), usage=True)
    if options.overview is not None and options.overview == options.xlsx:
        raise BatchError(m_overview("usage.same", language, path=options.overview), usage=True)
    inputs = [options.export, *([options.mapping] if options.mapping else [])]
    for option, path in (("--overview", options.overview), ("--xlsx", options.xlsx)):
        if path is not None and first_clash([path], inputs) is not None:
            raise BatchError(m_overview("usage.over-input", language, option=option, path=path), usage=True)
    checked_targets(outputs, "--overview" if options.overview else "--xlsx", language)


def _mapping_groups(mapping: Path) -> bool:
    # A mapping file may name the group column itself (`group_by:`), as `survey export` writes it.
    import yaml

    try:
        document = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return True  # the mapping's own check reports what is wrong with it
    return not isinstance(document, dict) or bool(document.get("group_by"))


def _overview(
    options: BatchOptions,
    model: MaturityModel,
    scorer: Any,
    aggregates: dict[str, Any],
    groups: list[GroupResult],
    sink: PhaseCounter,
    language: str,
) -> Any:
    """The overview of the run: every group, and everyone together as the totals."""
    from .overview import build_overview
    from .pipeline import GroupAggregate

    total = GroupAggregate("")
    for aggregate in aggregates.values():
        total.respondents += aggregate.respondents
        total.complete += aggregate.complete
        total.option_counts.update(aggregate.option_counts)
        if not total.score_sums:
            total.score_sums = [0.0] * len(aggregate.score_sums)
            total.score_counts = [0] * len(aggregate.score_counts)
        total.score_sums = [a + b for a, b in zip(total.score_sums, aggregate.score_sums, strict=True)]
        total.score_counts = [a + b for a, b in zip(total.score_counts, aggregate.score_counts, strict=True)]
        total.scored_all += aggregate.scored_all
    return build_overview(
        model,
        groups,
        scorer.group_result(total),
        sink.reached,
        language=language,
        export_name=options.export.name,
        minimum=options.minimum_group_size,
        total_label=m_overview("total", language),
    )


def _write_overview(options: BatchOptions, overview: Any, language: str, listener: Listener) -> None:
    from ..files import write_bytes
    from .sources import output_problem

    day = options.assessed_on or dt.date.today()
    created = dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)
    try:
        if options.xlsx is not None:
            from .workbook import workbook_bytes

            write_bytes(options.xlsx, workbook_bytes(overview, day))
            listener.message(m_overview("written.xlsx", language, path=options.xlsx))
        if options.overview is not None:
            from ..report import ReportError
            from ..report.overview import render_overview

            try:
                render_overview(overview, options.overview, created=created)
            except ReportError as error:
                raise BatchError(m_overview("failed", language, path=options.overview, error=message_of(error))) from None
            listener.message(m_overview("written.pdf", language, path=options.overview))
    except OutputError as error:
        raise output_problem(error, "--overview", language) from None


def summary_line(result: BatchResult, group_heading: str | None) -> str:
    """'Scored 35 of 35 row(s): ...', then the groups, the files and where problems are."""
    counts = result.counts
    language = result.language
    lines = [
        m(
            "done",
            language,
            scored=_count(counts.scored, language),
            read=_count(counts.read, language),
            rejected=_count(counts.rejected, language),
            partial=_count(counts.partial, language),
            duplicates=_count(counts.duplicates, language),
            invalid=_count(counts.invalid_cells, language),
        )
    ]
    if group_heading is not None:
        lines.append(m("groups", language, count=len(result.groups), column=f'"{group_heading}"'))
    lines.append(m("written", language, folder=result.out_dir, files=", ".join(result.files)))
    if counts.read != counts.scored + counts.previews or counts.invalid_cells or counts.duplicates:
        lines.append(m("problems", language, path=result.out_dir / "errors.csv"))
    return "\n".join(lines)


def _count(number: int, language: str) -> str:
    """20,000 in English, 20.000 in Dutch, 20 000 in French."""
    return whole(number, language)


def _heading(column: Column) -> str:
    return column.heading or column.code or f"column {column.index + 1}"


def _tool(source: str) -> str:
    from ..survey.layouts import title

    return title(source)


def _load(
    table: ExportTable, report: MatchReport, group: Column | None, respondent: Column | None
) -> LoadedExport | None:
    """The export read for the vectorised path, or None when it cannot be read exactly."""
    from .vector import NotExact, load, needs

    coded = [m.column.index for m in report.answer_columns]
    if group is not None:
        coded.append(group.index)
    texts = [c.index for c in (respondent, table.respondent_column) if c is not None]
    try:
        return load(table, [*coded, *needs(table)], texts)
    except NotExact:
        return None


def _read_numbers(
    options: BatchOptions,
    table: ExportTable,
    report: MatchReport,
    model: MaturityModel,
    mapping: MappingFile | None,
    rules: CellRules,
    language: str,
    loaded: LoadedExport | None = None,
) -> tuple[dict[int, NumberReading | None], list[NumberChoice], LoadedExport | None]:
    """How each matched column's numbers are read, from every cell of the export; a
    BatchError (nothing scored) when a column's numbers fit no reading or nothing decides.
    The export `loaded` for the vectorised path comes back, or None when it is not used."""
    from ..survey import ExportError
    from .matching import compile_columns, decide_numbers
    from .pipeline import distinct_cells

    undecided = compile_columns(
        report, model.questionnaire, model.plan.options, mapping, readings={}, rules=rules
    )
    indices = sorted({c.index for c in undecided})
    cells = None
    if loaded is not None:
        from .vector import NotExact

        try:
            cells = loaded.distinct(indices)
        except NotExact:
            loaded = None
    if cells is None:
        responses = table.responses()
        try:
            cells = distinct_cells(responses, indices)
        except ExportError as error:
            raise BatchError(shown_in(error.message, language)) from None
        finally:
            getattr(responses, "close", lambda: None)()
    choices = decide_numbers(
        {c.index: (c.heading, c.matcher) for c in undecided},
        cells,
        convention=table.numbers,
        forced=cast("NumberReading | None", options.numbers),
        mapped=mapping.numbers if mapping is not None else None,
    )
    for reason, key in (("conflict", "numbers.conflict"), ("ambiguous", "numbers.ambiguous")):
        bad = [c for c in choices if c.reason == reason]
        if bad:
            shown = "; ".join(
                f'"{" ".join(c.heading.split())[:50]}": {", ".join(f"{n:g}" for n in c.numbers[:8])}'
                for c in bad[:3]
            )
            more = f"; … {len(bad) - 3} more" if len(bad) > 3 else ""
            raise BatchError(
                m(key, language, export=options.export.name, count=len(bad), columns=shown + more)
            )
    return {c.index: c.reading for c in choices}, choices, loaded


def group_json(group: GroupResult, model: MaturityModel, language: str) -> dict[str, Any]:
    """A group's score as summary.json gives it: the same numbers as groups.csv."""
    from .pipeline import group_label

    plan = model.plan
    result = group.result
    count = len(plan.phase_ids)
    return {
        "group": group.name,
        "label": group_label(group.name, language),
        "respondents": group.respondents,
        "complete": group.complete,
        "phase": plan.phase_ids[result.phase_index - 1] if result.phase_index else None,
        "phase_index": result.phase_index,
        "scores": dict(zip(plan.phase_ids, result.phase_scores, strict=True)),
        "dimensions": dict(zip(plan.dimension_ids, result.dimension_scores, strict=True)),
        "mean_of_respondents": {
            "scores": dict(zip(plan.phase_ids, group.means[:count], strict=True)),
            "dimensions": dict(zip(plan.dimension_ids, group.means[count:], strict=True)),
        },
        "disagreement": group.disagreement,
        "consensus": group.consensus,
    }


# -- outputs --------------------------------------------------------------------------


def _never_over_inputs(options: BatchOptions, outputs: list[Path], language: str) -> None:
    """A usage error when an output of the run is the export or the mapping file: the
    results would replace the survey data (compared as files: links and other
    spellings of a path count)."""
    inputs = [options.export, *([options.mapping] if options.mapping else [])]
    clash = first_clash(outputs, inputs)
    if clash is None:
        return
    output, source = clash
    what = "input.export" if source is options.export else "input.mapping"
    raise BatchError(
        m(
            "usage.out-dir-holds-input",
            language,
            folder=options.out_dir,
            output=output,
            what=m(what, language),
            input=other_spelling(output, source, language),
        ),
        usage=True,
    )


def other_spelling(output: Path, source: Path, language: str) -> str:
    """Nothing when the output and the input are given as the same path; else the
    input's path, so that a link or another spelling is plain."""
    if os.path.normpath(output) == os.path.normpath(source):
        return ""
    return m("input.same", language, path=source)


def _checked_outputs(options: BatchOptions, language: str) -> None:
    """Bad input when an output in an existing --out-dir is not a regular file (a
    folder, a link, a device), or the folders are links: found before anything is
    read or written."""
    from .outputs import output_paths
    from .reports import REPORTS_FOLDER
    from .sources import checked_targets, output_problem

    folder = options.out_dir
    try:
        check_folder(folder)
    except OutputError as error:
        raise output_problem(error, "--out-dir", language, usage=error.problem != "link") from None
    if not folder.is_dir():
        return  # made by the run
    checked_targets(output_paths(folder), "--out-dir", language)
    if options.reports:
        try:
            check_folder(folder / REPORTS_FOLDER)
        except OutputError as error:
            raise output_problem(error, "--out-dir", language) from None


def _make_folder(folder: Path, language: str) -> bool:
    """Create the output folder; True when it did not exist before."""
    if folder.is_dir():
        return False
    try:
        folder.mkdir(parents=True)
    except OSError as error:
        raise BatchError(
            m("usage.out-dir", language, path=folder, problem=os_problem(error, language))
        ) from None
    return True


def _remove_if_empty(folder: Path, created: bool) -> None:
    if created:
        with contextlib.suppress(OSError):
            folder.rmdir()


# -- reports --------------------------------------------------------------------------


def _report_jobs(
    options: BatchOptions,
    model: MaturityModel,
    respondents: list[ScoredRespondent],
    groups: list[GroupResult],
    grouped: bool,
    language: str,
) -> list[ReportJob]:
    """A report per group (or per respondent), each with the file it is written to."""
    from .reports import REPORTS_FOLDER, group_jobs, respondent_jobs

    folder = options.out_dir / REPORTS_FOLDER
    day = options.assessed_on or dt.date.today()
    name = options.export.name
    if grouped:
        from .overview import peer_standings

        peers = peer_standings(model, groups, language, options.minimum_group_size)
        return group_jobs(
            model, groups, folder, export_name=name, assessed_on=day, language=language, peers=peers
        )
    return respondent_jobs(
        model, respondents, folder, export_name=name, assessed_on=day, language=language
    )


def _render(
    options: BatchOptions,
    model: MaturityModel,
    jobs: list[ReportJob],
    summary: dict[str, Any],
    language: str,
    listener: Listener,
) -> list[ReportOutcome]:
    from .outputs import write_summary
    from .reports import REPORTS_FOLDER, render_reports
    from .sources import output_problem

    folder = options.out_dir / REPORTS_FOLDER
    try:
        check_folder(folder)
        folder.mkdir(exist_ok=True)
    except OutputError as error:
        raise output_problem(error, "--out-dir", language) from None
    except OSError as error:
        raise BatchError(
            m("usage.out-dir", language, path=folder, problem=os_problem(error, language))
        ) from None
    workers = max(1, min(options.workers or cores(), len(jobs) or 1))
    listener.message(m("reports.start", language, count=len(jobs), workers=workers))
    done = 0
    with listener.progress(m("reports.progress", language), len(jobs)) as progress:

        def finished(outcome: ReportOutcome) -> None:
            nonlocal done
            done += 1
            if outcome.error:
                listener.message(m("reports.failed", language, name=outcome.name, error=outcome.error))
            elif outcome.refused:
                listener.message(
                    m("reports.refused", language, name=outcome.name, urls=", ".join(outcome.refused))
                )
            if progress is not None:
                progress(done)

        outcomes = render_reports(model, jobs, language=language, workers=workers, done=finished)
    failed = [o for o in outcomes if not o.ok]
    summary["reports"] = {
        "folder": str(folder),
        "workers": workers,
        "written": [str(o.output) for o in outcomes if o.ok],
        "failed": [{"name": o.name, "file": str(o.output), "error": o.error} for o in failed],
        "refused": {o.name: list(o.refused) for o in outcomes if o.refused},
    }
    try:
        write_summary(options.out_dir, summary)
    except OutputError as error:
        raise output_problem(error, "--out-dir", language) from None
    listener.message(
        m("reports.done", language, ok=len(outcomes) - len(failed), count=len(outcomes), folder=folder)
    )
    return outcomes


def cores() -> int:
    """The CPU cores this process may use (fewer than the machine's under a CPU affinity)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1
