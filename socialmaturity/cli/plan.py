"""`socialmaturity plan`: the action plan towards a target, as a workbook the client keeps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..files import os_reason
from ..i18n import N_, message_of, said, shown_in
from ..status import ExitStatus
from . import (
    JsonOption,
    LangOption,
    QuestionnaireOption,
    choose_language,
    current,
    emit_json,
    fail,
    load_problems,
    m,
    say,
    speaking,
    stdin_for,
)

if TYPE_CHECKING:
    from ..assessments import Assessment
    from ..model import Target
    from ..plan.draft import Plan

TargetOption = Annotated[
    str | None,
    typer.Option("--target", help="The target phase (an id such as engagement); overrides the answers file's."),
]
DueOption = Annotated[
    str | None,
    typer.Option("--due", help="The target date, YYYY-MM-DD; the plan's actions are spread over the quarters up to it."),
]


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)


def due_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(said(N_("--due {value}: not a date; write it as YYYY-MM-DD, e.g. 2027-12-31"), value=value), ExitStatus.USAGE)


def target_of(
    assessment: Assessment, phase: str | None, due: str | None, workbook: Path | None = None
) -> Target | None:
    """The target from the options, else the answers file, else the plan workbook the
    client keeps; its problems become messages."""
    from ..plan import PlanError
    from ..plan.targets import resolve
    from ..plan.workbook import read_target

    day = due_date(due)
    try:
        if phase is None and assessment.sheet.target is None and workbook is not None:
            phase, kept = read_target(read_workbook(workbook), assessment.model, name=str(workbook))
            day = day or kept
        return resolve(assessment.model, assessment.sheet, phase, day)
    except PlanError as error:
        fail(message_of(error))


def read_workbook(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        fail(said(N_("{path}: no such file"), path=path))
    except IsADirectoryError:
        fail(said(N_("{path}: is a folder, not a workbook"), path=path))
    except OSError as error:
        fail(said(N_("{path}: cannot be read: {reason}"), path=path, reason=os_reason(error)))


def plan_of(assessment: Assessment, target: Target, update: Path | None) -> Plan:
    """The drafted plan, with the client's owners, dates and statuses when `update` is given."""
    from ..plan import PlanError
    from ..plan.draft import draft
    from ..plan.workbook import read_plan

    try:
        drafted = draft(assessment.model, assessment.sheet, assessment.card, target)
    except PlanError as error:
        fail(message_of(error))
    if update is None:
        return drafted
    try:
        return read_plan(read_workbook(update), drafted, assessment.model, name=str(update))
    except PlanError as error:
        for problem in error.problems[:-1]:
            say(m(N_("socialmaturity: {line}"), line=shown_in(problem, speaking())))
        fail(error.problems[-1])


def plan(
    answers: Annotated[str, typer.Argument(help="The answers file (YAML or JSON), or - for stdin.", metavar="ANSWERS")],
    target: TargetOption = None,
    due: DueOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write the plan as an XLSX workbook.")
    ] = None,
    update: Annotated[
        Path | None,
        typer.Option("--update", help="A plan workbook the client edited: keep its owners, due dates and statuses."),
    ] = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
    questionnaire: QuestionnaireOption = None,
) -> None:
    """Draft the action plan towards a target: next steps and gaps with effort, impact, quarter, owner and status."""
    from ..assessments import score_file
    from ..files import OutputError, same_file, write_bytes
    from ..loader import LoadError
    from ..plan.workbook import write_plan
    from ..views import View, plan_json

    try:
        assessment = score_file(answers, questionnaire, stdin=stdin_for(answers, questionnaire))
    except LoadError as error:
        load_problems(error)
    model, sheet = assessment.model, assessment.sheet
    language = choose_language(lang, sheet.language, available=model.questionnaire.languages)
    found = target_of(assessment, target, due, update)
    if found is None:
        fail(said(N_("no target: give --target PHASE, or a target in the answers file")), ExitStatus.USAGE)
    result = plan_of(assessment, found, update)
    if output is not None:
        for given in (answers, update):
            if given is not None and str(given) != "-" and same_file(output, Path(given)):
                fail(said(N_("--output {output}: that is an input file; choose another name"), output=output), ExitStatus.USAGE)
        try:
            write_bytes(output, write_plan(model, result, language, answers=sheet.answers))
        except OutputError as error:
            fail(error.describe(speaking(), option="--output"))
        say(m(N_("Plan written to {output}"), output=output))
    view = View(model, language)
    if as_json:
        emit_json(plan_json(view, result, sheet.answers))
        return
    from ..terminal import console, plan_view

    console(current()).print(plan_view(view, result, sheet.answers))
