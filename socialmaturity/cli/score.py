"""`socialmaturity score` and `socialmaturity demo`: an answers file scored and explained."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import N_, said
from ..status import ExitStatus
from . import (
    DEMO_STEPS,
    JsonOption,
    LangOption,
    QuestionnaireOption,
    choose_language,
    current,
    earlier_of,
    emit_json,
    fail,
    load_problems,
    m,
    say,
    stdin_for,
)
from .plan import DueOption, TargetOption, target_of
from .trend import AllowOtherOption


def score(
    answers: Annotated[str, typer.Argument(help="The answers file (YAML or JSON), or - for stdin.", metavar="ANSWERS")],
    lang: LangOption = None,
    as_json: JsonOption = False,
    questionnaire: QuestionnaireOption = None,
    compare: Annotated[
        str | None,
        typer.Option("--compare", help="An earlier answers file: show the change per phase and dimension since then."),
    ] = None,
    target: TargetOption = None,
    due: DueOption = None,
    allow_other_organisation: AllowOtherOption = False,
) -> None:
    """Score an answers file: the phase reached, why, the next steps and the top gaps."""
    from ..assessments import score_file
    from ..loader import STDIN, LoadError
    from ..plan.targets import distance
    from ..views import View

    if answers == STDIN and questionnaire == STDIN:
        fail(said(N_("stdin (-) can be given only once")), ExitStatus.USAGE)
    if compare == STDIN:
        fail(said(N_("--compare needs a file: stdin (-) is for the answers only")), ExitStatus.USAGE)
    try:
        assessment = score_file(answers, questionnaire, stdin=stdin_for(answers, questionnaire))
    except LoadError as error:
        load_problems(error)
    sheet, model, card = assessment.sheet, assessment.model, assessment.card
    for warning in assessment.warnings:
        say(m(N_("socialmaturity: warning: {warning}"), warning=warning))
    language = choose_language(lang, sheet.language, available=model.questionnaire.languages)
    view = View(model, language)
    goal = target_of(assessment, target, due)
    away = distance(model, card, goal) if goal is not None else None
    found = None
    if compare is not None:
        found = earlier_of(assessment, compare, answers, allow_other_organisation)
    if as_json:
        from ..views import comparison_json, target_json

        result = view.scorecard_json(card, sheet)
        if away is not None:
            result["target"] = target_json(away)
        if found is not None:
            result["comparison"] = comparison_json(
                view, found.comparison, found.assessment.sheet, found.changes, found.warnings
            )
        emit_json(result)
        return
    from ..terminal import console, scorecard, warnings_view

    out = console(current())
    if found is not None and found.other_organisation:
        out.print(warnings_view(view, found.warnings))
    out.print(
        scorecard(
            view,
            card,
            sheet,
            earlier=(found.comparison, found.assessment.sheet) if found is not None else None,
            distance=away,
            changes=found.changes if found is not None else (),
        )
    )




def demo(
    out_dir: Annotated[
        Path, typer.Option("--out-dir", "-o", help="Where the demo writes its files.")
    ] = Path("socialmaturity-demo"),
    lang: LangOption = None,
) -> None:
    """The main job on bundled data: score the example organisation, write its report, batch-score the example survey."""
    from ..loader import LoadError, load_answers
    from ..resources import bundled
    from ..scoring import score as score_answers
    from ..terminal import console, scorecard
    from ..views import View

    example = bundled("examples") / "harbourlight-answers.yaml"
    try:
        sheet, model = load_answers(str(example))
    except LoadError as error:
        load_problems(error)
    language = choose_language(lang, sheet.language, available=model.questionnaire.languages)
    view = View(model, language)
    card = score_answers(model, sheet)
    console(current()).print(scorecard(view, card, sheet))
    for hook in DEMO_STEPS:
        hook(out_dir, language)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
    app.command("score")(score)
