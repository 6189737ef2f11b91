"""`socialmaturity workshop`: a live workshop, voted from the participants' phones.

Light at import time: the web server (Starlette, uvicorn) loads inside the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import environment_language
from ..status import ExitStatus
from . import LangOption, QuestionnaireOption, current, fail, say


def workshop(
    questionnaire: QuestionnaireOption = None,
    lang: LangOption = None,
    org: Annotated[str | None, typer.Option("--org", help="The organisation's name (needed for a new workshop).")] = None,
    assessor: Annotated[str | None, typer.Option("--assessor", help="Who leads the workshop.")] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="The answers file to write (default: ORGANISATION-DATE.yaml here).", dir_okay=False),
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option("--resume", help="Continue a workshop's answers file, on the same address; phones come back as themselves."),
    ] = None,
    host: Annotated[
        str | None,
        typer.Option("--host", help="The address to listen on (default: this laptop's address on its network)."),
    ] = None,
    port: Annotated[
        int | None, typer.Option("--port", min=0, max=65535, help="The port to listen on (default 8765; 0 picks a free one).")
    ] = None,
    anonymous: Annotated[
        bool, typer.Option("--anonymous", help='Participants join without a name, as "Participant 3".')
    ] = False,
    sector: Annotated[str | None, typer.Option("--sector", help="The organisation's sector, for the report's cover.")] = None,
    size: Annotated[str | None, typer.Option("--size", help="The organisation's size, for the report's cover.")] = None,
) -> None:
    """Run a live workshop: participants vote on their phones, the projector shows the spread.

    Starts a small web server on this laptop's network for as long as the command runs
    (no account, no cloud), prints the join address as a QR code and a short code, and
    takes the facilitator's keys in the terminal: Enter or r shows the votes, Enter
    agrees on the proposal, a number agrees on another answer, o opens a new round,
    n note, s skip, b back, g N go to a question, p pauses joining, q stops. Every vote
    is saved to the answers file before the phone is told it counts.
    """
    from ..safetext import visible
    from ..workshop.server import Options, WorkshopError, run_workshop

    options = Options(

        environment_language=environment_language(current().variables),
        questionnaire=questionnaire,
        language=lang,
        organisation=org,
        assessor=assessor,
        out=out,
        resume=resume,
        host=host,
        port=port,
        anonymous=anonymous,
        sector=sector,
        size=size,
    )
    try:
        status = run_workshop(options, current())
    except WorkshopError as error:
        for problem in error.problems:
            say(visible(problem))
        fail(visible(error.message), error.status)
    if status != ExitStatus.OK:
        raise typer.Exit(status)


def register(app: typer.Typer) -> None:
    app.command("workshop")(workshop)
