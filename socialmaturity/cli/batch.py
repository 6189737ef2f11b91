"""`socialmaturity batch` and `socialmaturity mapping init`: parse, call the batch package, report.

Light at import time: the survey reader, the scorer, rich's progress bars and the report
renderer load inside the commands.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..i18n import environment_language
from ..status import ExitStatus
from . import DEMO_STEPS, LangOption, QuestionnaireOption, choose_language, current, fail, say

if TYPE_CHECKING:
    from ..batch.run import BatchError, BatchOptions, Progress

SOURCES_HELP = "auto, google-forms, microsoft-forms, qualtrics, surveymonkey, limesurvey, typeform, csv"
DEMO_EXPORT = "survey-export.csv"
DEMO_GROUP = "Organisation"


def _failed(error: BatchError) -> typer.Exit:
    """A BatchError as its lines on stderr and the exit status."""
    for line in error.problems:
        say(line)
    status = ExitStatus.USAGE if error.usage else ExitStatus.BAD_INPUT
    if error.message:
        fail(error.message, status)
    return typer.Exit(int(status))


@contextlib.contextmanager
def _progress(description: str, total: int | None) -> Iterator[Progress | None]:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""
    env = current()
    if not env.stderr_isatty:
        yield None
        return
    from rich.markup import escape
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from ..safetext import visible
    from ..terminal import console

    columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}")]
    if total is None:
        columns += [TextColumn("{task.completed:,} rows")]
    else:
        columns += [BarColumn(), MofNCompleteColumn()]
    columns.append(TimeElapsedColumn())
    with Progress(*columns, console=console(env, stderr=True), transient=True) as bar:
        task = bar.add_task(escape(visible(description, one_line=True)), total=total)
        yield lambda done: bar.update(task, completed=done)


def _run(options: BatchOptions) -> None:
    """Run batch; a problem ends the command with its message and exit status."""
    from ..batch.messages import m
    from ..batch.run import BatchError, Listener, run_batch

    try:
        result = run_batch(options, Listener(message=say, progress=_progress))
    except BatchError as error:
        raise _failed(error) from None
    if result.failed_reports:
        fail(m("reports.failures", result.language, count=len(result.failed_reports)))


def batch(
    export: Annotated[Path, typer.Argument(help="The survey export: CSV, TSV or XLSX.", show_default=False)],
    source: Annotated[str, typer.Option("--source", "-s", help=f"The survey tool: {SOURCES_HELP}.")] = "auto",
    questionnaire: QuestionnaireOption = None,
    mapping: Annotated[
        Path | None,
        typer.Option("--mapping", "-m", help="A mapping file naming columns and values (see `mapping init`)."),
    ] = None,
    group_by: Annotated[
        str | None,
        typer.Option("--group-by", "-g", help="A column (heading or code) to group respondents by, e.g. Organisation."),
    ] = None,
    out_dir: Annotated[
        str,
        typer.Option(
            "--out-dir",
            "-o",
            help="Where to write respondents.csv, groups.csv, errors.csv, summary.json.",
            metavar="FOLDER",
        ),
    ] = "socialmaturity-batch",
    reports: Annotated[
        bool, typer.Option("--reports", help="Also write a PDF report per group (or per respondent without --group-by).")
    ] = False,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", help="Processes rendering reports (default: the number of CPU cores).")
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
    numbers: Annotated[
        str | None,
        typer.Option(
            "--numbers",
            help="How numeric answers name options: scores (0 = lowest) or positions (1 = first "
            "option, the survey tools' choice codes). Default: decided from the export.",
        ),
    ] = None,
    include_previews: Annotated[
        bool, typer.Option("--include-previews", help="Also score survey previews and test responses.")
    ] = False,
    overview: Annotated[
        Path | None,
        typer.Option("--overview", help="Also write one PDF with every group side by side (needs --group-by).", metavar="FILE"),
    ] = None,
    xlsx: Annotated[
        Path | None,
        typer.Option("--xlsx", help="Also write the overview as a workbook (needs --group-by).", metavar="FILE"),
    ] = None,
    min_group_size: Annotated[
        int,
        typer.Option(
            "--min-group-size",
            help="Smaller groups get no report and no scores of their own; they count in the totals.",
        ),
    ] = 5,
) -> None:
    """Score a survey export (Google Forms, Microsoft Forms, Qualtrics, SurveyMonkey, LimeSurvey, Typeform, CSV)."""
    from ..batch.messages import m
    from ..batch.run import BatchOptions
    from ..i18n import LANGUAGES

    if not out_dir.strip():
        fail(m("usage.out-dir-empty", choose_language(lang, available=list(LANGUAGES))), ExitStatus.USAGE)
    _run(
        BatchOptions(
            environment_language=environment_language(current().variables),
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
            assessed_on=current().today(),
            numbers=numbers,
            include_previews=include_previews,
            overview=overview,
            xlsx=xlsx,
            minimum_group_size=min_group_size,
        )
    )


def mapping_init(
    export: Annotated[Path, typer.Argument(help="The survey export: CSV, TSV or XLSX.", show_default=False)],
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="The mapping file to write (default: print it).", metavar="FILE"),
    ] = None,
    questionnaire: QuestionnaireOption = None,
    source: Annotated[str, typer.Option("--source", "-s", help=f"The survey tool: {SOURCES_HELP}.")] = "auto",
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping", "-m", help="A mapping filled in so far: its choices are kept and its columns' values listed."
        ),
    ] = None,
    lang: LangOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")] = False,
) -> None:
    """Write a mapping file for an export: every guess filled in, every gap marked UNMATCHED."""
    from ..batch.draft import DraftOptions, init_mapping
    from ..batch.messages import m
    from ..batch.run import BatchError
    from ..i18n import LANGUAGES

    if output is not None and not output.strip():
        fail(m("usage.output", choose_language(lang, available=list(LANGUAGES))), ExitStatus.USAGE)
    options = DraftOptions(
        environment_language=environment_language(current().variables),
        export=export,
        output=Path(output) if output is not None else None,
        questionnaire=questionnaire,
        source=source,
        mapping=mapping,
        lang=lang,
        force=force,
    )
    try:
        drafted = init_mapping(options)
    except BatchError as error:
        raise _failed(error) from None
    if drafted.written_to is None:
        stdout = current().stdout
        stdout.write(drafted.text)
        stdout.flush()
    say(
        m(
            "mapping.written",
            drafted.language,
            path=drafted.written_to or "stdout",
            matched=drafted.matched,
            total=drafted.questions,
            todo=drafted.unmatched_lines,
            guesses=drafted.guessed_lines,
        )
    )
    if drafted.suggested_group is not None:
        from ..safetext import visible

        column = '"' + visible(drafted.suggested_group, one_line=True) + '"'
        say(m("mapping.group", drafted.language, column=column))


def demo_batch(out_dir: Path, language: str) -> None:
    """The demo's batch step: the example survey, grouped by organisation, with reports."""
    from ..batch.messages import m
    from ..batch.run import BatchOptions
    from ..resources import bundled

    export = bundled("examples") / DEMO_EXPORT
    if not export.is_file():
        say(m("demo.missing", language, path=export))
        return
    folder = out_dir / "batch"
    say("")
    say(m("demo.title", language, export=export.name))
    _run(
        BatchOptions(
            environment_language=environment_language(current().variables),
            export=export,
            group_by=DEMO_GROUP,
            out_dir=folder,
            reports=True,
            lang=language,
            assessed_on=current().today(),
        )
    )
    say(m("demo.where", language, folder=folder, reports=folder / "reports"))


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
