"""`socialmaturity trend`: progress over any number of assessments of one organisation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import N_, message_of, said
from ..status import ExitStatus
from . import (
    JsonOption,
    LangOption,
    choose_language,
    current,
    emit_json,
    fail,
    load_problems,
    m,
    say,
)

AllowOtherOption = Annotated[
    bool,
    typer.Option(
        "--allow-other-organisation",
        help="Compare assessments of different organisations all the same (said on every page).",
    ),
]


def register(app: typer.Typer) -> None:
    app.command("trend")(trend)


def trend(
    files: Annotated[list[str], typer.Argument(help="Two or more answers files of one organisation, in any order.", metavar="FILE...")],
    as_json: JsonOption = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Also write the trend as a PDF.")
    ] = None,
    lang: LangOption = None,
    allow_other_organisation: AllowOtherOption = False,
) -> None:
    """Progress over time: the phase at each date, the scores per phase and dimension, the answers that changed."""
    from ..assessments import ComparisonError
    from ..loader import STDIN, LoadError
    from ..trend import build_trend
    from ..views import View, trend_json

    if STDIN in files:
        fail(said(N_("trend reads files only: stdin (-) cannot be one of them")), ExitStatus.USAGE)
    if len(files) < 2:
        fail(said(N_("trend needs at least two answers files")), ExitStatus.USAGE)
    try:
        found = build_trend(files, allow_other_organisation=allow_other_organisation)
    except LoadError as error:
        load_problems(error)
    except ComparisonError as error:
        fail(message_of(error))
    model, sheet = found.latest.model, found.latest.sheet
    language = choose_language(lang, sheet.language, available=model.questionnaire.languages)
    view = View(model, language)
    for warning in found.warnings:
        say(m(N_("socialmaturity: warning: {warning}"), warning=warning))
    if output is not None:
        from ..files import same_file
        from ..report import ReportError, render_trend

        if any(same_file(output, Path(name)) for name in files):
            fail(said(N_("--output {output}: that is an input file; choose another name"), output=output), ExitStatus.USAGE)
        try:
            render_trend(found, language=language, output=output, created=current().created_at())
        except ReportError as error:
            fail(message_of(error))
        say(m(N_("Trend written to {output}"), output=output))
    if as_json:
        emit_json(trend_json(view, found))
        return
    from ..terminal import console, trend_view

    console(current()).print(trend_view(view, found))
