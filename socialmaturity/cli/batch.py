"""`socialmaturity batch` and `socialmaturity mapping init`: survey exports to scores.

Light at import time: the survey reader, openpyxl, rich's progress bars and the report
renderer load inside the commands.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, cast

import typer

from ..environment import environment
from ..i18n import message
from ..status import ExitStatus
from . import DEMO_STEPS, LangOption, QuestionnaireOption, checked_language
from . import fail as cli_fail
from . import load_problems as cli_load_problems
from . import say as cli_say

if TYPE_CHECKING:
    from ..batch.matching import MappingFile, MatchReport
    from ..batch.pipeline import BatchRun, GroupResult, OnInvalid
    from ..batch.reports import ReportJob, ReportOutcome
    from ..batch.safety import OutputProblem
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
    "usage.output": {
        "en": "--output: give a file name, or leave the option out to print the mapping",
        "nl": "--output: geef een bestandsnaam, of laat de optie weg om de mapping af te drukken",
    },
    "usage.output-folder": {
        "en": "--output {path} is a folder; give a file name",
        "nl": "--output {path} is een map; geef een bestandsnaam",
    },
    "usage.out-dir-empty": {
        "en": "--out-dir: give a folder name",
        "nl": "--out-dir: geef een mapnaam",
    },
    "usage.out-dir-holds-input": {
        "en": "--out-dir {folder}: batch writes {output}, which is {what}{input}; it would be lost. Choose another --out-dir, or move the file",
        "nl": "--out-dir {folder}: batch schrijft {output}, en dat is {what}{input}; die zou verloren gaan. Kies een andere --out-dir, of verplaats het bestand",
    },
    "usage.output-is-input": {
        "en": "--output {output} is {what}{input}; it would be lost. Choose another name",
        "nl": "--output {output} is {what}{input}; die zou verloren gaan. Kies een andere naam",
    },
    "input.export": {"en": "the export", "nl": "de export"},
    "input.mapping": {"en": "the mapping file (--mapping)", "nl": "het mappingbestand (--mapping)"},
    "input.same": {"en": " {path} (the same file)", "nl": " {path} (hetzelfde bestand)"},
    "output.folder": {
        "en": "{path} is a folder, not a file; nothing was written. Move it away, or choose another {option}",
        "nl": "{path} is een map, geen bestand; er is niets geschreven. Verplaats die, of kies een andere {option}",
    },
    "output.link": {
        "en": "{path} is a symbolic link, not a file; nothing was written. Move it away, or choose another {option}",
        "nl": "{path} is een symbolische koppeling, geen bestand; er is niets geschreven. Verplaats die, of kies een andere {option}",
    },
    "output.special": {
        "en": "{path} is not a regular file (a pipe, socket or device); nothing was written. Move it away, or choose another {option}",
        "nl": "{path} is geen gewoon bestand (een pipe, socket of apparaat); er is niets geschreven. Verplaats het, of kies een andere {option}",
    },
    "output.no-folder": {
        "en": "cannot write {path}: the folder {folder} does not exist",
        "nl": "kan {path} niet schrijven: de map {folder} bestaat niet",
    },
    "output.cannot-write": {
        "en": "cannot write {path}: the folder {folder} does not take new files ({problem})",
        "nl": "kan {path} niet schrijven: de map {folder} neemt geen nieuwe bestanden aan ({problem})",
    },
    "mapping.empty": {
        "en": "the mapping file is empty; write one with `socialmaturity mapping init EXPORT -o mapping.yaml`",
        "nl": "het mappingbestand is leeg; maak er een met `socialmaturity mapping init EXPORT -o mapping.yaml`",
    },
    "mapping.questionnaire": {
        "en": "questionnaire: write the id of a bundled questionnaire (e.g. social-business) or the path of its .yaml, .yml or .json file",
        "nl": "questionnaire: schrijf de id van een meegeleverde vragenlijst (bv. social-business) of het pad van het .yaml-, .yml- of .json-bestand",
    },
    "mapping.questionnaire-unknown": {
        "en": "no questionnaire '{value}' (bundled: {available})",
        "nl": "geen vragenlijst '{value}' (meegeleverd: {available})",
    },
    "write-failed": {
        "en": "cannot write {path}: {problem}; nothing was written",
        "nl": "kan {path} niet schrijven: {problem}; er is niets geschreven",
    },
    "run-failed": {
        "en": "the run stopped: {problem}. Nothing was written; the files in {folder} are as they were",
        "nl": "de run is gestopt: {problem}. Er is niets geschreven; de bestanden in {folder} zijn zoals ze waren",
    },
    "no-responses": {
        "en": "{export} holds no responses, only column headings; nothing was written",
        "nl": "{export} bevat geen antwoorden, alleen kolomkoppen; er is niets geschreven",
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


# Every message of these commands can quote the export (headings, cells, group names)
# or a file name: its control and bidi characters are shown as escapes, never sent to
# the terminal as they are.


def say(line: str) -> None:
    from ..batch.safety import terminal_text

    cli_say(terminal_text(line, lines=True))


def fail(text: str, status: ExitStatus = ExitStatus.BAD_INPUT) -> NoReturn:
    from ..batch.safety import terminal_text

    cli_fail(terminal_text(text, lines=True), status)


def load_problems(error: Exception) -> NoReturn:
    from ..batch.safety import terminal_text
    from ..loader import LoadError, Located

    assert isinstance(error, LoadError)
    cli_load_problems(
        LoadError(
            [
                Located(
                    terminal_text(p.file), p.line, p.column, terminal_text(p.message, lines=True)
                )
                for p in error.problems
            ]
        )
    )


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


def _load_model(questionnaire: str | None, from_mapping: str | None) -> MaturityModel:
    """The model of --questionnaire, else of the mapping's questionnaire (resolved by
    `_mapping_questionnaire`), else the bundled one."""
    from ..loader import LoadError, load_model

    try:
        return load_model(questionnaire or from_mapping)
    except LoadError as error:
        load_problems(error)


def _read_mapping(path: Path, language: str) -> Document:
    """The parsed mapping file and its document (for positions); problems end the command."""
    from ..loader import LoadError, Located, read_text
    from ..yamlsource import Position, SourceError, parse

    try:
        document = parse(read_text(str(path)))
    except SourceError as error:
        where = error.position or Position(1, 1)
        load_problems(LoadError([Located(str(path), where.line, where.column, error.message)]))
    if document.value is None:
        # An empty file (or one of comments only) is a mistake, not "no mapping".
        load_problems(LoadError([Located(str(path), 1, 1, _m("mapping.empty", language))]))
    return document


def _mapping_questionnaire(
    path: Path, document: Document, language: str, *, needed: bool
) -> str | None:
    """The questionnaire the mapping file at `path` names, as a file load_model reads.

    It is the id of a questionnaire (bundled, or in a `questionnaires` folder beside the
    mapping's folder), or the path of a .yaml, .yml or .json file, relative to the
    mapping file's folder; anything else is a problem in the mapping file, even when
    --questionnaire is given (`needed` False: checked, not looked up).
    """
    from .. import resources
    from ..loader import LoadError, Located
    from ..model import ID_PATTERN

    value = document.value
    if not isinstance(value, dict) or value.get("questionnaire") is None:
        return None
    ref = value["questionnaire"]

    def problem(text: str) -> NoReturn:
        where = document.position(("questionnaire",))
        load_problems(LoadError([Located(str(path), where.line, where.column, text)]))

    if isinstance(ref, str) and re.fullmatch(ID_PATTERN, ref):
        if not needed:
            return None
        found = resources.find_by_id("questionnaires", ref, path)
        if found is None:
            available = ", ".join(p.stem for p in resources.bundled_questionnaires())
            problem(
                _m(
                    "mapping.questionnaire-unknown",
                    language,
                    value=ref,
                    available=available or "-",
                )
            )
        return str(found)
    if (
        isinstance(ref, str)
        and ref.strip()
        and "\0" not in ref
        and ref.casefold().endswith((".yaml", ".yml", ".json"))
    ):
        if not needed:
            return None
        file = Path(ref)
        return str(file if file.is_absolute() else path.parent / file)
    problem(_m("mapping.questionnaire", language))


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
    from rich.markup import escape

    from ..batch.safety import terminal_text

    with Progress(*columns, console=environment.console(stderr=True), transient=True) as bar:
        task = bar.add_task(escape(terminal_text(description)), total=total)
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
    from ..batch.outputs import ERRORS, GROUPS, RESPONDENTS, SUMMARY, BatchWriter, output_paths
    from ..batch.pipeline import BatchScorer, BatchSettings, InvalidCell, preview_not_understood
    from ..batch.safety import OutputProblem
    from ..i18n import LANGUAGES, pick_language
    from ..survey import ExportError

    ui = pick_language(options.lang, available=LANGUAGES)
    _checked_choice("source", options.source, SOURCES, ui)
    _checked_choice("on-invalid", options.on_invalid, ON_INVALID, ui)
    if options.workers is not None and options.workers < 1:
        fail(_m("usage.workers", ui, value=options.workers), ExitStatus.USAGE)
    # Before anything is read or written: no output may replace an input, and no
    # output that is not a regular file is replaced.
    _never_over_inputs(options, output_paths(options.out_dir), ui)
    _checked_outputs(options, ui)
    document = _read_mapping(options.mapping, ui) if options.mapping else None
    from_mapping = (
        _mapping_questionnaire(
            options.mapping, document, ui, needed=options.questionnaire is None
        )
        if options.mapping and document is not None
        else None
    )
    model = _load_model(options.questionnaire, from_mapping)
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
    if not previewed:
        fail(_m("no-responses", language, export=options.export))
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
    jobs: list[ReportJob] = []
    try:
        with (
            _progress(_m("reading", language, export=options.export.name), None) as progress,
            BatchWriter(out_dir, model.plan, grouped=group is not None) as writer,
        ):
            run = scorer.run(table.responses(), writer, progress)
            groups = [scorer.group_result(g) for g in run.groups.values()]
            if options.reports:
                # The reports' names are known now; none may replace an input either. (A
                # report that cannot be written fails on its own; the others carry on.)
                jobs = _report_jobs(options, model, run, groups, group is not None, language)
                _never_over_inputs(options, [job.output for job in jobs], ui)
            summary = _summary(options, table, model, report, run, language, group, respondent)
            writer.finish(groups, summary)
    except OutputProblem as problem:
        _remove_if_empty(out_dir, created)
        _output_failure(problem, "--out-dir", ui)
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
    except OSError as error:  # e.g. a full disk while the rows are written
        _remove_if_empty(out_dir, created)
        fail(_m("run-failed", ui, folder=out_dir, problem=error.strerror or str(error)))
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
        return _reports(options, model, jobs, summary, language)
    return ExitStatus.OK


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
    if folder.exists() or folder.is_symlink():
        fail(_m("usage.out-dir", language, path=folder, problem="not a folder"), ExitStatus.USAGE)
    try:
        folder.mkdir(parents=True)
    except OSError as error:
        fail(_m("usage.out-dir", language, path=folder, problem=error.strerror or str(error)))
    return True


def _never_over_inputs(options: BatchOptions, outputs: list[Path], language: str) -> None:
    """A usage error when an output of the run is the export or the mapping file: the
    results would replace the survey data (compared as files: links and other
    spellings of a path count)."""
    from ..batch.safety import first_clash

    inputs = [options.export, *([options.mapping] if options.mapping else [])]
    clash = first_clash(outputs, inputs)
    if clash is None:
        return
    output, source = clash
    what = "input.export" if source is options.export else "input.mapping"
    fail(
        _m(
            "usage.out-dir-holds-input",
            language,
            folder=options.out_dir,
            output=output,
            what=_m(what, language),
            input=_other_spelling(output, source, language),
        ),
        ExitStatus.USAGE,
    )


def _other_spelling(output: Path, source: Path, language: str) -> str:
    """Nothing when the output and the input are given as the same path; else the
    input's path, so that a link or another spelling is plain."""
    if os.path.normpath(output) == os.path.normpath(source):
        return ""
    return _m("input.same", language, path=source)


def _checked_outputs(options: BatchOptions, language: str) -> None:
    """Bad input when an output in an existing --out-dir is not a regular file (a
    folder, a link, a device): found before anything is read or written."""
    from ..batch.outputs import output_paths
    from ..batch.reports import REPORTS_FOLDER

    folder = options.out_dir
    if not folder.is_dir():
        return  # made by the run, or refused by _make_folder
    _checked_targets(output_paths(folder), "--out-dir", language)
    reports = folder / REPORTS_FOLDER
    if options.reports and (reports.exists() or reports.is_symlink()) and not reports.is_dir():
        fail(_m("usage.out-dir", language, path=reports, problem="not a folder"))


def _checked_targets(paths: list[Path], option: str, language: str) -> None:
    from ..batch.safety import OutputProblem, check_target

    try:
        for path in paths:
            check_target(path)
    except OutputProblem as problem:
        _output_failure(problem, option, language)


def _output_failure(problem: OutputProblem, option: str, language: str) -> NoReturn:
    """An output that cannot be written, in words; exit 1."""
    path = problem.path
    folder = path.parent if str(path.parent) else Path(".")
    fail(
        _m(
            f"output.{problem.kind}",
            language,
            path=path,
            folder=folder,
            option=option,
            problem=problem.detail,
        )
    )


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


def _report_jobs(
    options: BatchOptions,
    model: MaturityModel,
    run: BatchRun,
    groups: list[GroupResult],
    grouped: bool,
    language: str,
) -> list[ReportJob]:
    """A report per group (or per respondent), each with the file it is written to."""
    from ..batch.reports import REPORTS_FOLDER, group_jobs, respondent_jobs

    folder = options.out_dir / REPORTS_FOLDER
    today = dt.date.today()
    name = options.export.name
    if grouped:
        return group_jobs(
            model, groups, folder, export_name=name, assessed_on=today, language=language
        )
    return respondent_jobs(
        model, run.respondents, folder, export_name=name, assessed_on=today, language=language
    )


def _reports(
    options: BatchOptions,
    model: MaturityModel,
    jobs: list[ReportJob],
    summary: dict[str, Any],
    language: str,
) -> ExitStatus:
    from ..batch.outputs import write_summary
    from ..batch.reports import REPORTS_FOLDER, render_reports
    from ..batch.safety import OutputProblem

    folder = options.out_dir / REPORTS_FOLDER
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        fail(_m("usage.out-dir", language, path=folder, problem=error.strerror or str(error)))
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
    try:
        write_summary(options.out_dir, summary)
    except OutputProblem as problem:
        _output_failure(problem, "--out-dir", language)
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
        str,
        typer.Option(
            "--out-dir",
            "-o",
            help="Where to write respondents.csv, groups.csv, errors.csv, summary.json.",
            metavar="FOLDER",
        ),
    ] = str(DEFAULT_OUT_DIR),
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
    if not out_dir.strip():
        from ..i18n import LANGUAGES, pick_language

        fail(_m("usage.out-dir-empty", pick_language(lang, available=LANGUAGES)), ExitStatus.USAGE)
    status = run_batch(
        BatchOptions(
            export=export,
            source=source,
            questionnaire=questionnaire,
            mapping=mapping,
            group_by=group_by,
            out_dir=Path(out_dir),
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
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="The mapping file to write (default: print it).",
            metavar="FILE",
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
    from ..batch.safety import OutputProblem, StagedFiles
    from ..i18n import LANGUAGES, pick_language

    ui = pick_language(lang, available=LANGUAGES)
    _checked_choice("source", source, SOURCES, ui)
    target = _mapping_output(output, export, mapping, force, ui)
    if target is None:
        text, summary = _draft(export, questionnaire, source, mapping, lang, ui)
        environment.stdout.write(text)
        environment.stdout.flush()
        say(summary)
        return
    # The temporary file is made first: a folder that cannot take the mapping is found
    # before the export is read, and the mapping is renamed into place only when whole.
    with StagedFiles(target.parent) as files:
        try:
            stream = files.open(target.name)
        except OutputProblem as problem:
            _output_failure(problem, "--output", ui)
        text, summary = _draft(export, questionnaire, source, mapping, lang, ui, target)
        try:
            stream.write(text)
            files.commit()
        except OutputProblem as problem:
            _output_failure(problem, "--output", ui)
        except OSError as error:  # e.g. a full disk
            fail(_m("write-failed", ui, path=target, problem=error.strerror or str(error)))
    say(summary)


def _mapping_output(
    output: str | None, export: Path, mapping: Path | None, force: bool, language: str
) -> Path | None:
    """The file `mapping init` writes (None: stdout), checked before any work is done."""
    from ..batch.safety import first_clash, target_kind

    if output is None:
        return None
    if not output.strip():
        fail(_m("usage.output", language), ExitStatus.USAGE)
    target = Path(output)
    if target_kind(target) == "folder":
        fail(_m("usage.output-folder", language, path=target), ExitStatus.USAGE)
    inputs = [export, *([mapping] if mapping is not None else [])]
    clash = first_clash([target], inputs)
    if clash is not None:
        source = clash[1]
        what = "input.export" if source is export else "input.mapping"
        fail(
            _m(
                "usage.output-is-input",
                language,
                output=target,
                what=_m(what, language),
                input=_other_spelling(target, source, language),
            ),
            ExitStatus.USAGE,
        )
    if target.exists() and not force:
        fail(_m("usage.exists", language, path=target), ExitStatus.USAGE)
    _checked_targets([target], "--output", language)
    return target


def _draft(
    export: Path,
    questionnaire: str | None,
    source: str,
    mapping: Path | None,
    lang: str | None,
    ui: str,
    target: Path | None = None,
) -> tuple[str, str]:
    """The draft mapping of an export, and the line that sums it up."""
    from ..batch.draft import draft_mapping
    from ..batch.matching import match_columns
    from ..batch.pipeline import scan_values
    from ..i18n import pick_language
    from ..survey import ExportError

    document = _read_mapping(mapping, ui) if mapping else None
    from_mapping = (
        _mapping_questionnaire(mapping, document, ui, needed=questionnaire is None)
        if mapping and document is not None
        else None
    )
    model = _load_model(questionnaire, from_mapping)
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
    summary = _m(
        "mapping.written",
        language,
        path=target or "stdout",
        matched=len(report.matched_questions),
        total=len(report.question_ids),
        todo=todo,
    )
    return text, summary


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
