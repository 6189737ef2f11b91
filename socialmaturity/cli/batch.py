"""`socialmaturity batch` and `socialmaturity mapping init`: survey exports to scores.

Light at import time: the survey reader, openpyxl, rich's progress bars and the report
renderer load inside the commands.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from ..environment import environment
from ..i18n import message
from ..status import ExitStatus
from . import (
    DEMO_STEPS,
    LangOption,
    QuestionnaireOption,
    checked_language,
    fail,
    load_problems,
    say,
)

if TYPE_CHECKING:
    from ..batch.matching import MappingFile, MatchReport
    from ..batch.pipeline import BatchRun, GroupResult, OnInvalid
    from ..batch.reports import ReportOutcome
    from ..scoring import MaturityModel
    from ..survey import Column, ExportTable
    from ..yamlsource import Document

DEFAULT_OUT_DIR = Path("socialmaturity-batch")
SOURCES = (
    "auto",
    "google-forms",
    "microsoft-forms",
    "qualtrics",
    "surveymonkey",
    "limesurvey",
    "typeform",
    "csv",
)
ON_INVALID = ("skip-answer", "skip-row", "fail")
DEMO_EXPORT = "survey-export.csv"
DEMO_GROUP = "Organisation"
PREVIEW_ROWS = 1000

MESSAGES = {
    "usage.source": {
        "en": "--source {value}: not a survey source we know; choose one of {choices}",
        "nl": "--source {value}: onbekende enquêtebron; kies uit {choices}",
    },
    "usage.on-invalid": {
        "en": "--on-invalid {value}: choose one of {choices}",
        "nl": "--on-invalid {value}: kies uit {choices}",
    },
    "usage.workers": {
        "en": "--workers {value}: give 1 or more worker processes",
        "nl": "--workers {value}: geef 1 of meer werkprocessen op",
    },
    "usage.group-by": {
        "en": "--group-by {value}: the export has no such column; its columns are: {columns}",
        "nl": "--group-by {value}: die kolom staat niet in de export; de kolommen zijn: {columns}",
    },
    "usage.respondent": {
        "en": "the mapping's respondent_id {value}: the export has no such column; its columns are: {columns}",
        "nl": "respondent_id {value} uit de mapping: die kolom staat niet in de export; de kolommen zijn: {columns}",
    },
    "mapping.group-by": {
        "en": "the mapping's group_by {value}: the export has no such column; its columns are: {columns}",
        "nl": "group_by {value} uit de mapping: die kolom staat niet in de export; de kolommen zijn: {columns}",
    },
    "usage.out-dir": {
        "en": "--out-dir {path}: {problem}",
        "nl": "--out-dir {path}: {problem}",
    },
    "usage.exists": {
        "en": "{path} exists already; it may hold your edits. Choose another name, or add --force to replace it",
        "nl": "{path} bestaat al en bevat misschien je aanpassingen. Kies een andere naam, of voeg --force toe om het te vervangen",
    },
    "no-match": {
        "en": "{export} matches no question of {questionnaire}: none of its {columns} columns has a question's id or text. "
        "Write a mapping with `socialmaturity mapping init {export} -o mapping.yaml`, fill it in, and pass it with --mapping",
        "nl": "{export} past bij geen enkele vraag van {questionnaire}: geen van de {columns} kolommen heeft de id of tekst van een vraag. "
        "Maak een mapping met `socialmaturity mapping init {export} -o mapping.yaml`, vul die in en geef hem mee met --mapping",
    },
    "invalid.cell": {
        "en": "row {row}, column {column}: {value} cannot be used: {problem}. Nothing was written (--on-invalid fail)",
        "nl": "rij {row}, kolom {column}: {value} is niet bruikbaar: {problem}. Er is niets geschreven (--on-invalid fail)",
    },
    "invalid.row": {
        "en": "row {row}: {problem} Nothing was written (--on-invalid fail)",
        "nl": "rij {row}: {problem} Er is niets geschreven (--on-invalid fail)",
    },
    "reading": {"en": "Scoring {export}", "nl": "{export} scoren"},
    "done": {
        "en": "Scored {scored} of {read} row(s): {rejected} rejected, {partial} partial, {duplicates} duplicate id(s), {invalid} cell(s) not used.",
        "nl": "{scored} van {read} rij(en) gescoord: {rejected} overgeslagen, {partial} onvolledig, {duplicates} dubbele id('s), {invalid} cel(len) niet gebruikt.",
    },
    "groups": {
        "en": "{count} group(s) by {column}.",
        "nl": "{count} groep(en) op {column}.",
    },
    "problems": {
        "en": "Every row and cell that could not be used is listed in {path}.",
        "nl": "Elke rij en cel die niet bruikbaar was, staat in {path}.",
    },
    "written": {"en": "Results in {folder}: {files}.", "nl": "Resultaten in {folder}: {files}."},
    "nothing-scored": {
        "en": "no row of {export} could be scored; see {errors}",
        "nl": "geen enkele rij van {export} kon worden gescoord; zie {errors}",
    },
    "reports.start": {
        "en": "Rendering {count} report(s) with {workers} worker process(es)…",
        "nl": "{count} rapport(en) maken met {workers} werkproces(sen)…",
    },
    "reports.progress": {"en": "Reports", "nl": "Rapporten"},
    "reports.failed": {
        "en": "Report {name} failed: {error}",
        "nl": "Rapport {name} is mislukt: {error}",
    },
    "reports.refused": {
        "en": "Report {name}: refused to fetch {urls}",
        "nl": "Rapport {name}: ophalen geweigerd van {urls}",
    },
    "reports.done": {
        "en": "{ok} of {count} report(s) written to {folder}.",
        "nl": "{ok} van {count} rapport(en) geschreven in {folder}.",
    },
    "reports.failures": {
        "en": "{count} report(s) failed; the others were written",
        "nl": "{count} rapport(en) mislukt; de andere zijn geschreven",
    },
    "mapping.written": {
        "en": "Mapping written to {path}: {matched} of {total} questions matched, {todo} line(s) marked UNMATCHED.",
        "nl": "Mapping geschreven naar {path}: {matched} van {total} vragen gevonden, {todo} regel(s) met UNMATCHED.",
    },
    "demo.missing": {
        "en": "The example survey export {path} is missing; batch scoring is left out of the demo.",
        "nl": "De voorbeeldexport {path} ontbreekt; batchscoring wordt in de demo overgeslagen.",
    },
    "demo.title": {
        "en": "Batch scoring of an example survey across three organisations ({export}):",
        "nl": "Batchscoring van een voorbeeldenquête bij drie organisaties ({export}):",
    },
    "demo.where": {
        "en": "Batch results in {folder}; a report per organisation in {reports}.",
        "nl": "Batchresultaten in {folder}; een rapport per organisatie in {reports}.",
    },
}


def _m(key: str, language: str, **values: object) -> str:
    return message(MESSAGES, key, language, **values)


def _count(number: int, language: str) -> str:
    """20,000 in English, 20.000 in Dutch."""
    shown = f"{number:,}"
    return shown.replace(",", ".") if language == "nl" else shown


# -- shared steps ---------------------------------------------------------------------


def _checked_choice(option: str, value: str, choices: tuple[str, ...], language: str) -> None:
    if value not in choices:
        fail(
            _m(f"usage.{option}", language, value=value, choices=", ".join(choices)),
            ExitStatus.USAGE,
        )


def _load_model(
    questionnaire: str | None, mapping: MappingFile | None, near: Path | None
) -> MaturityModel:
    from ..loader import LoadError, load_model

    ref = questionnaire or (mapping.questionnaire if mapping else None)
    try:
        return load_model(ref, near=near if questionnaire is None else None)
    except LoadError as error:
        load_problems(error)


def _read_mapping(path: Path) -> Document:
    """The parsed mapping file and its document (for positions); problems end the command."""
    from ..loader import LoadError, Located, read_text
    from ..yamlsource import Position, SourceError, parse

    try:
        document = parse(read_text(str(path)))
    except SourceError as error:
        where = error.position or Position(1, 1)
        load_problems(LoadError([Located(str(path), where.line, where.column, error.message)]))
    return document


def _check_mapping(
    path: Path, document: Document, model: MaturityModel, language: str
) -> MappingFile:
    from ..batch.matching import check_mapping
    from ..loader import LoadError, Located

    mapping, problems = check_mapping(document.value, model.questionnaire, language)
    if problems or mapping is None:
        located = []
        for problem in problems:
            where = document.position(problem.path, key=problem.key)
            located.append(Located(str(path), where.line, where.column, problem.message))
        load_problems(LoadError(located))
    return mapping


def _open(export: Path, source: str) -> ExportTable:
    from ..survey import ExportError, open_export

    try:
        return open_export(export, source)
    except ExportError as error:
        fail(str(error).rstrip("."))


def _column_list(table: ExportTable, limit: int = 12) -> str:
    names = [c.heading or c.code or f"column {c.index + 1}" for c in table.columns]
    shown = ", ".join(f'"{" ".join(n.split())[:60]}"' for n in names[:limit])
    return shown + (", …" if len(names) > limit else "")


def _find(
    table: ExportTable, name: str | None, usage: str, language: str, status: ExitStatus
) -> Column | None:
    """The column a user named; a name the export lacks ends the command with `status`."""
    from ..batch.matching import find_column

    if name is None:
        return None
    column = find_column(table.columns, name)
    if column is None:
        fail(_m(usage, language, value=f'"{name}"', columns=_column_list(table)), status)
    return column


def _columns_of(
    table: ExportTable, mapping: MappingFile | None, group_by: str | None, language: str
) -> tuple[Column | None, Column | None]:
    """The group and respondent id columns: --group-by is a usage error when the export
    lacks it (exit 2), the mapping's names are bad input (exit 1)."""
    if group_by is not None:
        group = _find(table, group_by, "usage.group-by", language, ExitStatus.USAGE)
    else:
        group = _find(
            table,
            mapping.group_by if mapping else None,
            "mapping.group-by",
            language,
            ExitStatus.BAD_INPUT,
        )
    respondent = _find(
        table,
        mapping.respondent_id if mapping else None,
        "usage.respondent",
        language,
        ExitStatus.BAD_INPUT,
    )
    return group, respondent


@contextlib.contextmanager
def _progress(description: str, total: int | None) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""
    if not environment.stderr_isatty:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}")]
    if total is None:
        columns += [TextColumn("{task.completed:,} rows")]
    else:
        columns += [BarColumn(), MofNCompleteColumn()]
    columns.append(TimeElapsedColumn())
    with Progress(*columns, console=environment.console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda done: bar.update(task, completed=done)


def _cores() -> int:
    """The CPU cores this process may use (fewer than the machine's under a CPU affinity)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


# -- batch ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchOptions:
    export: Path
    source: str = "auto"
    questionnaire: str | None = None
    mapping: Path | None = None
    group_by: str | None = None
    out_dir: Path = DEFAULT_OUT_DIR
    reports: bool = False
    workers: int | None = None
    lang: str | None = None
    on_invalid: str = "skip-answer"


def run_batch(options: BatchOptions) -> ExitStatus:
    """The whole batch command; problems the user can fix raise Failure."""
    from ..batch.matching import compile_columns, describe_columns, describe_values, match_columns
    from ..batch.outputs import ERRORS, GROUPS, RESPONDENTS, SUMMARY, BatchWriter
    from ..batch.pipeline import BatchScorer, BatchSettings, InvalidCell, preview_not_understood
    from ..i18n import LANGUAGES, pick_language
    from ..survey import ExportError

    ui = pick_language(options.lang, available=LANGUAGES)
    _checked_choice("source", options.source, SOURCES, ui)
    _checked_choice("on-invalid", options.on_invalid, ON_INVALID, ui)
    if options.workers is not None and options.workers < 1:
        fail(_m("usage.workers", ui, value=options.workers), ExitStatus.USAGE)
    document = _read_mapping(options.mapping) if options.mapping else None
    model = _load_model(
        options.questionnaire,
        None if document is None else _peek_mapping(document),
        options.mapping,
    )
    questionnaire = model.questionnaire
    checked_language(options.lang, questionnaire.languages)
    language = pick_language(options.lang, available=questionnaire.languages)
    mapping = (
        _check_mapping(options.mapping, document, model, language)
        if options.mapping and document is not None
        else None
    )
    table = _open(options.export, options.source)
    group, respondent = _columns_of(table, mapping, options.group_by, language)
    reserved = {}
    if respondent is not None:
        reserved[respondent.index] = "respondent-id"
    if group is not None:
        reserved[group.index] = "group"
    report = match_columns(table.columns, questionnaire, mapping, reserved=reserved)
    if not report.matched_questions:
        fail(
            _m(
                "no-match",
                language,
                export=options.export.name,
                questionnaire=questionnaire.id,
                columns=len(table.columns),
            )
        )
    for line in describe_columns(report, language):
        say(line)
    columns = compile_columns(report, questionnaire, model.plan.options, mapping)
    # A look at the first rows, so a wrong mapping shows before a long run, not after.
    preview = table.responses()
    try:
        first, previewed = preview_not_understood(preview, columns, PREVIEW_ROWS)
    except ExportError as error:
        fail(str(error).rstrip("."))
    finally:
        # a generator: closing it closes the file now (Iterator has no close in its type)
        getattr(preview, "close", lambda: None)()
    whole_file = previewed < PREVIEW_ROWS
    for line in describe_values(
        first, columns, language, first_rows=None if whole_file else previewed
    ):
        say(line)
    respondent_heading = respondent.heading if respondent is not None else _id_heading(table)
    settings = BatchSettings(
        on_invalid=cast("OnInvalid", options.on_invalid),  # checked above
        group_column=group.index if group is not None else None,
        respondent_column=respondent.index if respondent is not None else None,
        respondent_heading=respondent_heading,
        keep_answers=options.reports and group is None,
        language=language,
    )
    scorer = BatchScorer(model, columns, settings, width=len(table.columns))
    out_dir = options.out_dir
    created = _make_folder(out_dir, ui)
    try:
        with (
            _progress(_m("reading", language, export=options.export.name), None) as progress,
            BatchWriter(out_dir, model.plan, grouped=group is not None) as writer,
        ):
            run = scorer.run(table.responses(), writer, progress)
            groups = [scorer.group_result(g) for g in run.groups.values()]
            summary = _summary(options, table, model, report, run, language, group, respondent)
            writer.finish(groups, summary)
    except InvalidCell as stop:
        _remove_if_empty(out_dir, created)
        bad = stop.line
        if bad.column:
            fail(
                _m(
                    "invalid.cell",
                    language,
                    row=bad.row,
                    column=f'"{bad.column}"',
                    value=repr(bad.value),
                    problem=bad.problem,
                )
            )
        fail(_m("invalid.row", language, row=bad.row, problem=bad.problem))
    except ExportError as error:
        _remove_if_empty(out_dir, created)
        fail(str(error).rstrip("."))
    except BaseException:
        _remove_if_empty(out_dir, created)
        raise
    if not whole_file:
        for line in describe_values(run.not_understood, columns, language):
            say(line)
    counts = run.counts
    say(
        _m(
            "done",
            language,
            scored=_count(counts.scored, language),
            read=_count(counts.read, language),
            rejected=_count(counts.rejected, language),
            partial=_count(counts.partial, language),
            duplicates=_count(counts.duplicates, language),
            invalid=_count(counts.invalid_cells, language),
        )
    )
    if group is not None:
        say(_m("groups", language, count=len(groups), column=f'"{group.heading}"'))
    files = [RESPONDENTS, *([GROUPS] if group is not None else []), ERRORS, SUMMARY]
    say(_m("written", language, folder=out_dir, files=", ".join(files)))
    if counts.read != counts.scored or counts.invalid_cells or counts.duplicates:
        say(_m("problems", language, path=out_dir / ERRORS))
    if not counts.scored:
        fail(_m("nothing-scored", language, export=options.export.name, errors=out_dir / ERRORS))
    if options.reports:
        return _reports(options, model, run, groups, group is not None, summary, language)
    return ExitStatus.OK


def _peek_mapping(document: Document) -> MappingFile | None:
    # Only the questionnaire is needed before the model is known; the file is fully
    # checked against the model afterwards.
    from ..batch.matching import MappingFile

    value = document.value
    if isinstance(value, dict) and isinstance(value.get("questionnaire"), str):
        return MappingFile(questionnaire=value["questionnaire"])
    return None


def _id_heading(table: ExportTable) -> str:
    # The column that gives Response.respondent_id is not in the reader's public API
    # (yet); errors.csv names it for duplicate ids, so look at the layout it keeps.
    index = getattr(getattr(table, "_layout", None), "respondent_index", None)
    if isinstance(index, int) and 0 <= index < len(table.columns):
        column = table.columns[index]
        return column.heading or column.code or f"column {index + 1}"
    return ""


def _make_folder(folder: Path, language: str) -> bool:
    """Create the output folder; True when it did not exist before."""
    if folder.is_dir():
        return False
    if folder.exists():
        fail(_m("usage.out-dir", language, path=folder, problem="not a folder"), ExitStatus.USAGE)
    try:
        folder.mkdir(parents=True)
    except OSError as error:
        fail(_m("usage.out-dir", language, path=folder, problem=error.strerror or str(error)))
    return True


def _remove_if_empty(folder: Path, created: bool) -> None:
    if created:
        with contextlib.suppress(OSError):
            folder.rmdir()


def _summary(
    options: BatchOptions,
    table: ExportTable,
    model: MaturityModel,
    report: MatchReport,
    run: BatchRun,
    language: str,
    group: Column | None,
    respondent: Column | None,
) -> dict[str, Any]:
    questionnaire = model.questionnaire
    return {
        "export": {
            "file": str(options.export),
            "source": table.source,
            "encoding": table.encoding,
            "delimiter": table.delimiter,
            "header_rows": table.header_rows,
            "columns": len(table.columns),
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
        "match": {**report.as_json(), "values_not_understood": run.not_understood.as_json()},
        "reports": None,
    }


def _reports(
    options: BatchOptions,
    model: MaturityModel,
    run: BatchRun,
    groups: list[GroupResult],
    grouped: bool,
    summary: dict[str, Any],
    language: str,
) -> ExitStatus:
    from ..batch.outputs import write_summary
    from ..batch.reports import REPORTS_FOLDER, group_jobs, render_reports, respondent_jobs

    folder = options.out_dir / REPORTS_FOLDER
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        fail(_m("usage.out-dir", language, path=folder, problem=error.strerror or str(error)))
    today = dt.date.today()
    name = options.export.name
    if grouped:
        jobs = group_jobs(
            model, groups, folder, export_name=name, assessed_on=today, language=language
        )
    else:
        jobs = respondent_jobs(
            model, run.respondents, folder, export_name=name, assessed_on=today, language=language
        )
    workers = max(1, min(options.workers or _cores(), len(jobs) or 1))
    say(_m("reports.start", language, count=len(jobs), workers=workers))
    done = 0
    with _progress(_m("reports.progress", language), len(jobs)) as progress:

        def finished(outcome: ReportOutcome) -> None:
            nonlocal done
            done += 1
            if outcome.error:
                say(_m("reports.failed", language, name=outcome.name, error=outcome.error))
            elif outcome.refused:
                say(
                    _m(
                        "reports.refused",
                        language,
                        name=outcome.name,
                        urls=", ".join(outcome.refused),
                    )
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
    write_summary(options.out_dir, summary)
    say(
        _m(
            "reports.done",
            language,
            ok=len(outcomes) - len(failed),
            count=len(outcomes),
            folder=folder,
        )
    )
    if failed:
        fail(_m("reports.failures", language, count=len(failed)))
    return ExitStatus.OK


def batch(
    export: Annotated[
        Path, typer.Argument(help="The survey export: CSV, TSV or XLSX.", show_default=False)
    ],
    source: Annotated[
        str,
        typer.Option("--source", "-s", help=f"The survey tool: {', '.join(SOURCES)}."),
    ] = "auto",
    questionnaire: QuestionnaireOption = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping", "-m", help="A mapping file naming columns and values (see `mapping init`)."
        ),
    ] = None,
    group_by: Annotated[
        str | None,
        typer.Option(
            "--group-by",
            "-g",
            help="A column (heading or code) to group respondents by, e.g. Organisation.",
        ),
    ] = None,
    out_dir: Annotated[
        Path,
        typer.Option(
            "--out-dir",
            "-o",
            help="Where to write respondents.csv, groups.csv, errors.csv, summary.json.",
        ),
    ] = DEFAULT_OUT_DIR,
    reports: Annotated[
        bool,
        typer.Option(
            "--reports",
            help="Also write a PDF report per group (or per respondent without --group-by).",
        ),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            help="Processes rendering reports (default: the number of CPU cores).",
        ),
    ] = None,
    lang: LangOption = None,
    on_invalid: Annotated[
        str,
        typer.Option(
            "--on-invalid",
            help="A cell that matches no option: skip-answer (log it, score the rest of the row), "
            "skip-row (log it, reject the row) or fail (stop, write nothing).",
        ),
    ] = "skip-answer",
) -> None:
    """Score a survey export (Google Forms, Microsoft Forms, Qualtrics, SurveyMonkey, LimeSurvey, Typeform, CSV)."""
    status = run_batch(
        BatchOptions(
            export=export,
            source=source,
            questionnaire=questionnaire,
            mapping=mapping,
            group_by=group_by,
            out_dir=out_dir,
            reports=reports,
            workers=workers,
            lang=lang,
            on_invalid=on_invalid,
        )
    )
    if status != ExitStatus.OK:
        raise typer.Exit(int(status))


# -- mapping init ---------------------------------------------------------------------


def mapping_init(
    export: Annotated[
        Path, typer.Argument(help="The survey export: CSV, TSV or XLSX.", show_default=False)
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="The mapping file to write (default: print it).", dir_okay=False
        ),
    ] = None,
    questionnaire: QuestionnaireOption = None,
    source: Annotated[
        str, typer.Option("--source", "-s", help=f"The survey tool: {', '.join(SOURCES)}.")
    ] = "auto",
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            "-m",
            help="A mapping filled in so far: its choices are kept and its columns' values listed.",
        ),
    ] = None,
    lang: LangOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the output file if it exists.")
    ] = False,
) -> None:
    """Write a mapping file for an export: every guess filled in, every gap marked UNMATCHED."""
    from ..atomic import write_text
    from ..batch.draft import draft_mapping
    from ..batch.matching import match_columns
    from ..batch.pipeline import scan_values
    from ..i18n import LANGUAGES, pick_language
    from ..survey import ExportError

    ui = pick_language(lang, available=LANGUAGES)
    _checked_choice("source", source, SOURCES, ui)
    if output is not None and output.exists() and not force:
        fail(_m("usage.exists", ui, path=output), ExitStatus.USAGE)
    document = _read_mapping(mapping) if mapping else None
    model = _load_model(
        questionnaire, None if document is None else _peek_mapping(document), mapping
    )
    checked_language(lang, model.questionnaire.languages)
    language = pick_language(lang, available=model.questionnaire.languages)
    existing = (
        _check_mapping(mapping, document, model, language)
        if mapping and document is not None
        else None
    )
    table = _open(export, source)
    group, respondent = _columns_of(table, existing, None, language)
    reserved = {}
    if respondent is not None:
        reserved[respondent.index] = "respondent-id"
    if group is not None:
        reserved[group.index] = "group"
    report = match_columns(table.columns, model.questionnaire, existing, reserved=reserved)
    try:
        values = scan_values(table.responses(), [m.column.index for m in report.answer_columns])
    except ExportError as error:
        fail(str(error).rstrip("."))
    text = draft_mapping(
        report,
        model.questionnaire,
        model.plan.options,
        values,
        export_name=export.name,
        source=table.source,
        language=language,
        mapping=existing,
        respondent_column=respondent.heading if respondent is not None else None,
        group_column=group.heading if group is not None else None,
    )
    todo = sum(1 for line in text.splitlines() if "  # UNMATCHED" in line)
    if output is None:
        environment.stdout.write(text)
        environment.stdout.flush()
    else:
        write_text(output, text)
    say(
        _m(
            "mapping.written",
            language,
            path=output or "stdout",
            matched=len(report.matched_questions),
            total=len(report.question_ids),
            todo=todo,
        )
    )


# -- demo -----------------------------------------------------------------------------


def demo_batch(out_dir: Path, language: str) -> None:
    """The demo's batch step: the example survey, grouped by organisation, with reports."""
    from ..resources import bundled

    export = bundled("examples") / DEMO_EXPORT
    if not export.is_file():
        say(_m("demo.missing", language, path=export))
        return
    folder = out_dir / "batch"
    say("")
    say(_m("demo.title", language, export=export.name))
    status = run_batch(
        BatchOptions(
            export=export,
            group_by=DEMO_GROUP,
            out_dir=folder,
            reports=True,
            lang=language,
        )
    )
    say(_m("demo.where", language, folder=folder, reports=folder / "reports"))
    if status != ExitStatus.OK:
        raise typer.Exit(int(status))


def register(app: typer.Typer) -> None:
    app.command("batch")(batch)
    mapping_app = typer.Typer(
        help="Write mapping files: which export column is which question, and which cell text is which option.",
        no_args_is_help=True,
    )
    mapping_app.command("init")(mapping_init)
    app.add_typer(mapping_app, name="mapping")
    if demo_batch not in DEMO_STEPS:
        DEMO_STEPS.append(demo_batch)
