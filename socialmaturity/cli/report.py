"""`socialmaturity report`: the PDF a consultant hands to the client's board.

Light at import time: Jinja2, WeasyPrint and the report package are imported
inside the command, so `socialmaturity --help` stays fast.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

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
    from ..model import AnswerSheet
    from ..scoring import MaturityModel


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
) -> None:
    """Write the PDF report: the phase and why, the roadmap, scores, next steps, actions and an appendix."""
    from ..i18n import pick_language
    from ..loader import LoadError, load_answers

    if compare == "-":
        fail("--compare needs a file: stdin (-) is for the answers only", ExitStatus.USAGE)
    _never_overwrite_inputs(output, html, [answers, compare])
    try:
        sheet, model = load_answers(answers, questionnaire)
    except LoadError as error:
        load_problems(error)
    checked_language(lang, model.questionnaire.languages)
    language = pick_language(lang, sheet.language, available=model.questionnaire.languages)
    if consultant is not None and not consultant.strip():
        fail("--consultant: give a name, or leave the option out", ExitStatus.USAGE)
    earlier = load_earlier(compare, model) if compare is not None else None
    write_report(
        model,
        sheet,
        language=language,
        output=output,
        html=html,
        template_dir=template_dir,
        logo=logo,
        compare=earlier,
        consultant=consultant.strip() if consultant else None,
    )


def write_report(
    model: MaturityModel,
    sheet: AnswerSheet,
    *,
    language: str,
    output: Path,
    html: Path | None = None,
    template_dir: Path | None = None,
    logo: Path | None = None,
    compare: tuple[AnswerSheet, MaturityModel] | None = None,
    consultant: str | None = None,
) -> None:
    """Score, render and write; problems become messages, refused URLs warnings."""
    from ..report import ReportError, created_at, render_report
    from ..scoring import score

    if template_dir is not None and not template_dir.is_dir():
        fail(f"--template-dir {template_dir}: no such folder")
    card = score(model, sheet)
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
            created=created_at(os.environ.get("SOURCE_DATE_EPOCH"), dt.datetime.now(dt.timezone.utc)),
        )
    except ReportError as error:
        fail(str(error))
    except OSError as error:
        # never the temporary file's name: the person knows only the output they gave
        from ..report.render import write_problem

        fail(f"cannot write {output}: {write_problem(error)}")
    for url in refused:
        say(
            f"socialmaturity: warning: refused to load {_shown(url)} (only the template folders and the logo may be read)"
        )
    say(f"Report written to {output}")


def load_earlier(name: str, model: MaturityModel) -> tuple[AnswerSheet, MaturityModel]:
    """The earlier answers file for --compare, with the model it was given to.

    The earlier assessment may have used an older version of the questionnaire.
    When that version is not at hand, its answers are matched to the current
    model by question and option id, and answers that no longer fit are left
    out (the report says the versions differ).
    """
    from ..loader import LoadError, load_answers, read
    from ..model import AnswerSheet

    loaded = read(name, "answers")
    if loaded.problems or not isinstance(loaded.model, AnswerSheet):
        load_problems(LoadError(loaded.problems))
    earlier: AnswerSheet = loaded.model
    if earlier.questionnaire != model.questionnaire.id:
        fail(
            f"--compare {name}: these answers are for questionnaire '{earlier.questionnaire}', "
            f"not '{model.questionnaire.id}'"
        )
    try:
        return load_answers(name)
    except LoadError as error:
        if earlier.questionnaire_version == model.questionnaire.version:
            load_problems(error)
    questions = {q.id: q for q in model.questionnaire.questions}
    kept = {
        qid: option
        for qid, option in earlier.answers.items()
        if qid in questions and questions[qid].option(option) is not None
    }
    dropped = len(earlier.answers) - len(kept)
    if dropped:
        say(
            f"socialmaturity: warning: {dropped} answer(s) in {name} do not fit version "
            f"{model.questionnaire.version} of '{model.questionnaire.id}' and are left out of the comparison"
        )
    matched = earlier.model_copy(
        update={
            "answers": kept,
            "notes": {qid: note for qid, note in earlier.notes.items() if qid in questions},
            "votes": {qid: ballot for qid, ballot in earlier.votes.items() if qid in questions},
        }
    )
    return matched, model


def _never_overwrite_inputs(output: Path, html: Path | None, inputs: list[str | None]) -> None:
    # A report written over the answers file would lose what the workshop entered.
    given = {Path(name).resolve() for name in inputs if name and name != "-"}
    if html is not None and html.resolve() == output.resolve():
        fail("--html and --output name the same file", ExitStatus.USAGE)
    for target, option in ((output, "--output"), (html, "--html")):
        if target is not None and target.resolve() in given:
            fail(f"{option} {target}: that is an input file; choose another name", ExitStatus.USAGE)


def _shown(url: str) -> str:
    # a refused data or file URL can be long; the start says enough
    return url if len(url) <= 120 else url[:117] + "..."


def demo_report(out_dir: Path, language: str) -> None:
    """The demo's report of the bundled example, written into the demo folder."""
    from ..loader import LoadError, load_answers
    from ..resources import bundled

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fail(f"{out_dir}: cannot create the folder: {error.strerror or error}")
    example = bundled("examples") / "harbourlight-answers.yaml"
    try:
        sheet, model = load_answers(str(example))
    except LoadError as error:
        load_problems(error)
    write_report(model, sheet, language=language, output=out_dir / "harbourlight-report.pdf")
