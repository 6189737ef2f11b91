"""`socialmaturity report`: the PDF a consultant hands to the client's board.

Light at import time: Jinja2, WeasyPrint and the report package are imported
inside the command, so `socialmaturity --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..files import os_reason
from ..i18n import N_, message_of, nN_, said
from ..status import ExitStatus
from . import (
    DEMO_STEPS,
    LangOption,
    QuestionnaireOption,
    choose_language,
    current,
    earlier_of,
    fail,
    load_problems,
    m,
    say,
    speaking,
    stdin_for,
)
from .plan import DueOption, TargetOption, plan_of, target_of
from .trend import AllowOtherOption

if TYPE_CHECKING:
    from ..assessments import Assessment, Earlier
    from ..model import Target
    from ..report.progress import Extras


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    DEMO_STEPS.append(demo_report)


def report(
    answers: Annotated[
        str, typer.Argument(help="The answers file (YAML or JSON), or - for stdin.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the PDF report.")],
    lang: LangOption = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Also write the report's HTML here (to check or restyle it)."),
    ] = None,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir",
            help="A folder whose templates and stylesheets (e.g. brand.css) replace the built-in ones of the same name.",
        ),
    ] = None,
    logo: Annotated[
        Path | None, typer.Option("--logo", help="A PNG, JPEG or SVG logo for the cover.")
    ] = None,
    compare: Annotated[
        str | None,
        typer.Option(
            "--compare",
            help="An earlier answers file of the same questionnaire, to show the change since.",
        ),
    ] = None,
    consultant: Annotated[
        str | None, typer.Option("--consultant", help="The consultant's name, for the cover.")
    ] = None,
    questionnaire: QuestionnaireOption = None,
    target: TargetOption = None,
    due: DueOption = None,
    plan_file: Annotated[
        Path | None,
        typer.Option("--plan", help="The plan workbook the client keeps (from `socialmaturity plan`): the report shows it."),
    ] = None,
    history: Annotated[
        list[str] | None,
        typer.Option("--history", help="An earlier answers file of the same organisation; repeat for each. Adds progress over time."),
    ] = None,
    xlsx: Annotated[
        Path | None,
        typer.Option("--xlsx", help="Also write the whole assessment as an XLSX workbook."),
    ] = None,
    charts_dir: Annotated[
        Path | None,
        typer.Option("--charts", help="Also write every chart into this folder, as SVG and PNG, for slides."),
    ] = None,
    allow_other_organisation: AllowOtherOption = False,
) -> None:
    """Write the PDF report: the phase and why, the roadmap, scores, next steps, gaps, the plan and an appendix."""
    from ..assessments import ComparisonError, score_file
    from ..loader import LoadError
    from ..plan.targets import distance
    from ..report.progress import Extras
    from ..trend import build_trend

    if compare == "-":
        fail(said(N_("--compare needs a file: stdin (-) is for the answers only")), ExitStatus.USAGE)
    if "-" in (history or []):
        fail(said(N_("--history needs files: stdin (-) is for the answers only")), ExitStatus.USAGE)
    _never_overwrite_inputs(output, html, [answers, compare, *(history or []), str(plan_file) if plan_file else None])
    for extra, option in ((xlsx, "--xlsx"), (charts_dir, "--charts")):
        if extra is not None and extra.resolve() in {output.resolve(), *(Path(n).resolve() for n in [answers, *(history or [])] if n != "-")}:
            fail(said(N_("{option} {extra}: that is another input or output; choose another name"), option=option, extra=extra), ExitStatus.USAGE)
    try:
        assessment = score_file(answers, questionnaire, stdin=stdin_for(answers, questionnaire))
    except LoadError as error:
        load_problems(error)
    sheet, model = assessment.sheet, assessment.model
    for warning in assessment.warnings:
        say(m(N_("socialmaturity: warning: {warning}"), warning=warning))
    language = choose_language(lang, sheet.language, available=model.questionnaire.languages)
    if consultant is not None and not consultant.strip():
        fail(said(N_("--consultant: give a name, or leave the option out")), ExitStatus.USAGE)
    earlier = None
    if compare is not None:
        earlier = earlier_of(assessment, compare, answers, allow_other_organisation)
    goal = target_of(assessment, target, due, plan_file)
    if plan_file is not None and goal is None:
        fail(said(N_("--plan needs a target: give --target PHASE")), ExitStatus.USAGE)
    trend = None
    if history:
        if answers == "-":
            fail(said(N_("--history needs the answers as a file, not stdin")), ExitStatus.USAGE)
        try:
            trend = build_trend(
                [*history, answers],
                allow_other_organisation=allow_other_organisation,
                loaded={answers: assessment},
            )
        except LoadError as error:
            load_problems(error)
        except ComparisonError as error:
            fail(message_of(error))
        for warning in trend.warnings:
            say(m(N_("socialmaturity: warning: {warning}"), warning=warning))
    extras = Extras(
        distance(model, assessment.card, goal) if goal is not None else None,
        plan_of(assessment, goal, plan_file) if goal is not None and _plannable(assessment, goal) else None,
        trend,
    )
    if xlsx is not None:
        _write_workbook(assessment, language, xlsx, extras)
    if charts_dir is not None:
        _write_charts(assessment, language, charts_dir, extras, earlier)
    write_report(
        assessment,
        language=language,
        output=output,
        html=html,
        template_dir=template_dir,
        logo=logo,
        compare=earlier,
        consultant=consultant.strip() if consultant else None,
        extras=extras,
    )


def _plannable(assessment: Assessment, goal: Target) -> bool:
    """Whether there is a plan to make: the target is not reached yet."""
    phases = [p.id for p in assessment.model.roadmap.phases]
    return assessment.card.phase_index < phases.index(goal.phase) + 1


def _write_workbook(assessment: Assessment, language: str, path: Path, extras: Extras) -> None:
    from ..files import OutputError, write_bytes
    from ..report.workbook import assessment_workbook

    try:
        write_bytes(path, assessment_workbook(assessment, language, extras))
    except OutputError as error:
        fail(error.describe(speaking(), option="--xlsx"))
    say(m(N_("Workbook written to {path}"), path=path))


def _write_charts(assessment: Assessment, language: str, folder: Path, extras: Extras, earlier: Earlier | None) -> None:
    from ..report import ReportError
    from ..report.export import write_charts

    try:
        written = write_charts(assessment, language, folder, extras=extras, compare=earlier)
    except ReportError as error:
        fail(message_of(error))
    say(m(nN_("{count} chart written to {folder} (SVG and PNG)", "{count} charts written to {folder} (SVG and PNG)"), count=len(written), folder=folder))


def write_report(
    assessment: Assessment,
    *,
    language: str,
    output: Path,
    html: Path | None = None,
    template_dir: Path | None = None,
    logo: Path | None = None,
    compare: Earlier | None = None,
    consultant: str | None = None,
    extras: Extras | None = None,
) -> None:
    """Render and write; problems become messages, refused URLs warnings."""
    from ..report import ReportError, render_report

    if template_dir is not None and not template_dir.is_dir():
        fail(said(N_("--template-dir {template_dir}: no such folder"), template_dir=template_dir))
    model, sheet, card = assessment.model, assessment.sheet, assessment.card
    try:
        refused = render_report(
            model,
            sheet,
            card,
            language=language,
            output=output,
            html_output=html,
            template_dir=template_dir,
            logo=logo,
            compare=compare,
            consultant=consultant,
            created=current().created_at(),
            extras=extras,
        )
    except ReportError as error:
        fail(message_of(error))
    for url in refused:
        say(
            f"socialmaturity: warning: refused to load {_shown(url)} (only the template folders and the logo may be read)"
        )
    say(m(N_("Report written to {output}"), output=output))


def _never_overwrite_inputs(output: Path, html: Path | None, inputs: list[str | None]) -> None:
    # A report written over the answers file would lose what the workshop entered.
    given = {Path(name).resolve() for name in inputs if name and name != "-"}
    if html is not None and html.resolve() == output.resolve():
        fail(said(N_("--html and --output name the same file")), ExitStatus.USAGE)
    for target, option in ((output, "--output"), (html, "--html")):
        if target is not None and target.resolve() in given:
            fail(said(N_("{option} {target}: that is an input file; choose another name"), option=option, target=target), ExitStatus.USAGE)


def _shown(url: str) -> str:
    # a refused data or file URL can be long; the start says enough
    return url if len(url) <= 120 else url[:117] + "..."


def demo_report(out_dir: Path, language: str) -> None:
    """The demo's report of the bundled example, written into the demo folder."""
    from ..assessments import score_file
    from ..loader import LoadError
    from ..resources import bundled

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fail(said(N_("{folder}: cannot create the folder: {reason}"), folder=out_dir, reason=os_reason(error)))
    example = bundled("examples") / "harbourlight-answers.yaml"
    try:
        assessment = score_file(str(example))
    except LoadError as error:
        load_problems(error)
    write_report(assessment, language=language, output=out_dir / "harbourlight-report.pdf")
