"""`socialmaturity assess`: the interactive assessment, for workshops and self-assessment.

Light at import time: the interview's modules (and rich) load inside the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import environment_language
from ..status import ExitStatus
from . import LangOption, QuestionnaireOption, current, fail, say


def assess(
    questionnaire: QuestionnaireOption = None,
    lang: LangOption = None,
    org: Annotated[
        str | None, typer.Option("--org", help="The organisation's name (asked on a terminal when left out).")
    ] = None,
    assessor: Annotated[str | None, typer.Option("--assessor", help="Who leads the assessment.")] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="The answers file to write (default: ORGANISATION-DATE.yaml here).", dir_okay=False
        ),
    ] = None,
    resume: Annotated[
        Path | None, typer.Option("--resume", help="Continue an answers file at its first unanswered question.")
    ] = None,
    participants: Annotated[
        str | None,
        typer.Option(
            "--participants",
            help='Workshop mode: the participants, e.g. "Ann,Bob,Cem"; each question takes one vote per participant.',
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="With --resume: only check that the file is complete and summarise it.")
    ] = False,
    sector: Annotated[str | None, typer.Option("--sector", help="The organisation's sector, for the report's cover.")] = None,
    size: Annotated[str | None, typer.Option("--size", help="The organisation's size, for the report's cover.")] = None,
) -> None:
    """Run the questionnaire interactively; every answer is saved at once.

    An answers file is open in one assessment at a time: a second `assess` on it stops
    before asking anything and names the one that has it open. Answers that could not
    be saved are printed at the end, and the exit status is then 1.
    """
    from ..interview.session import AssessError, Options
    from ..interview.session import assess as run_assessment
    from ..safetext import visible

    options = Options(

        environment_language=environment_language(current().variables),
        questionnaire=questionnaire,
        language=lang,
        organisation=org,
        assessor=assessor,
        out=out,
        resume=resume,
        participants=participants,
        no_input=no_input,
        sector=sector,
        size=size,
    )
    try:
        status = run_assessment(options, current())
    except AssessError as error:
        # problems quote the answers file (names, option ids) and the command line:
        # control characters are shown, not sent to the terminal
        for problem in error.problems:
            say(visible(problem))
        fail(visible(error.message), error.status)
    if status != ExitStatus.OK:
        raise typer.Exit(status)


def register(app: typer.Typer) -> None:
    app.command("assess")(assess)
