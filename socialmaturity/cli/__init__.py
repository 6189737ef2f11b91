"""The command line: parse, call the core, turn domain errors into messages and exit codes.

Keep this module light: `socialmaturity --help` must not import WeasyPrint, the report
code or openpyxl, so commands import what they need inside their functions.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

try:  # newer typer releases carry their own copy of click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - older typer depends on click itself
    from click import exceptions as click_errors  # type: ignore[no-redef,unused-ignore]

from .. import __version__
from ..atomic import OutputError
from ..environment import environment
from ..status import ExitStatus

app = typer.Typer(
    name="socialmaturity",
    help=(
        "Assess how far an organisation has come on the road to social business: "
        "run the questionnaire, score it, place the organisation in a phase of the "
        "roadmap, explain why, and list its next steps."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
questionnaire_app = typer.Typer(
    help="List the bundled questionnaires and show one.", no_args_is_help=True
)
app.add_typer(questionnaire_app, name="questionnaire")


class Failure(Exception):
    """A problem the user can fix; shown as one message, with an exit status."""

    def __init__(self, message: str, status: ExitStatus = ExitStatus.BAD_INPUT) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def fail(message: str, status: ExitStatus = ExitStatus.BAD_INPUT) -> NoReturn:
    raise Failure(message, status)


def say(message: str) -> None:
    """A message for the person (stderr), never mixed into data on stdout.

    Messages quote file and export content; control characters in it are shown as
    escapes so that they cannot act on the terminal.
    """
    from ..safetext import visible

    print(visible(message), file=environment.stderr, flush=True)


def emit(data: str) -> None:
    environment.stdout.write(data if data.endswith("\n") else data + "\n")
    environment.stdout.flush()


def emit_json(value: Any) -> None:
    emit(json.dumps(value, ensure_ascii=False, indent=2))


def load_problems(error: Exception) -> NoReturn:
    from ..loader import LoadError

    assert isinstance(error, LoadError)
    for problem in error.problems:
        say(str(problem))
    raise Failure("", ExitStatus.BAD_INPUT)


def checked_language(requested: str | None, available: list[str]) -> None:
    if requested is not None and requested not in available:
        fail(
            f"--lang {requested}: not available; choose one of {', '.join(available)}",
            ExitStatus.USAGE,
        )


LangOption = Annotated[
    str | None, typer.Option("--lang", "-l", help="Language of the output: en or nl.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of the view.")]
QuestionnaireOption = Annotated[
    str | None,
    typer.Option("--questionnaire", "-q", help="A questionnaire id (bundled) or a path to its YAML file."),
]


def _version(value: bool) -> None:
    if value:
        emit(f"socialmaturity {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    pass


# -- questionnaire -------------------------------------------------------------------


@questionnaire_app.command("list")
def questionnaire_list() -> None:
    """List the bundled questionnaires: id, version, languages, questions, title."""
    from ..i18n import text
    from ..loader import LoadError, load_model
    from ..resources import bundled_questionnaires

    for path in bundled_questionnaires():
        try:
            model = load_model(str(path))
        except LoadError as error:
            load_problems(error)
        q = model.questionnaire
        emit(
            f"{q.id}\t{q.version}\t{','.join(q.languages)}\t{len(q.questions)} questions\t"
            f"{text(q.title, q.languages[0])}"
        )


@questionnaire_app.command("show")
def questionnaire_show(
    questionnaire: Annotated[str, typer.Argument(help="A questionnaire id or a path to its YAML file.", metavar="ID|PATH")],
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show a questionnaire with its roadmap: phases, dimensions and every question."""
    from ..i18n import pick_language, text
    from ..loader import LoadError, load_model

    try:
        model = load_model(questionnaire)
    except LoadError as error:
        load_problems(error)
    q = model.questionnaire
    checked_language(lang, q.languages)
    language = pick_language(lang, available=q.languages)
    if as_json:
        emit_json(
            {
                "id": q.id,
                "version": q.version,
                "hash": model.hash,
                "title": text(q.title, language),
                "languages": q.languages,
                "roadmap": {"id": model.roadmap.id, "version": model.roadmap.version},
                "minimum_coverage": model.roadmap.minimum_coverage,
                "phases": [
                    {
                        "id": p.id,
                        "name": text(p.name, language),
                        "threshold": p.threshold,
                        "next_steps": [
                            {"id": s.id, "title": text(s.title, language), "description": text(s.description, language)}
                            for s in p.next_steps
                        ],
                    }
                    for p in model.roadmap.phases
                ],
                "dimensions": [
                    {"id": d.id, "name": text(d.name, language), "description": text(d.description, language)}
                    for d in q.dimensions
                ],
                "questions": [
                    {
                        "id": question.id,
                        "phase": question.phase,
                        "dimension": question.dimension,
                        "weight": question.weight,
                        "text": text(question.text, language),
                        "options": [
                            {
                                "id": o.id,
                                "label": text(o.label, language),
                                "score": o.score,
                                "not_applicable": o.not_applicable,
                            }
                            for o in question.options
                        ],
                    }
                    for question in q.questions
                ],
            }
        )
        return
    from rich.markup import escape as markup_escape

    from ..safetext import visible

    def escape(value: str) -> str:
        return markup_escape(visible(value))

    console = environment.console()
    console.print(f"[bold]{escape(text(q.title, language))}[/bold]  {q.id} {q.version}  [dim]{model.hash}[/dim]")
    dimensions = {d.id: text(d.name, language) for d in q.dimensions}
    for p, phase in enumerate(model.roadmap.phases, 1):
        console.print(f"\n[bold cyan]{p}. {escape(text(phase.name, language))}[/bold cyan]  (threshold {phase.threshold:g})")
        console.print(escape(text(phase.summary, language)), style="dim")
        for question in q.questions:
            if question.phase != phase.id:
                continue
            console.print(f"\n  [bold]{question.id}[/bold]  [dim]{escape(dimensions[question.dimension])}, weight {question.weight:g}[/dim]")
            console.print(f"  {escape(text(question.text, language))}")
            for o in question.options:
                score = "n/a" if o.not_applicable else f"{o.score:g}"
                console.print(f"    [{score:>3}] {escape(text(o.label, language))}  [dim]({o.id})[/dim]")


# -- score ---------------------------------------------------------------------------


@app.command()
def score(
    answers: Annotated[str, typer.Argument(help="The answers file (YAML or JSON), or - for stdin.", metavar="ANSWERS")],
    lang: LangOption = None,
    as_json: JsonOption = False,
    questionnaire: QuestionnaireOption = None,
    compare: Annotated[
        str | None,
        typer.Option("--compare", help="An earlier answers file: show the change per phase and dimension since then."),
    ] = None,
) -> None:
    """Score an answers file: the phase reached, why, the next steps and the top gaps."""
    from ..i18n import pick_language
    from ..loader import STDIN, LoadError, load_answers
    from ..scoring import score as score_answers
    from ..views import View

    if answers == STDIN and questionnaire == STDIN:
        fail("stdin (-) can be given only once", ExitStatus.USAGE)
    try:
        sheet, model = load_answers(answers, questionnaire)
    except LoadError as error:
        load_problems(error)
    checked_language(lang, model.questionnaire.languages)
    language = pick_language(lang, sheet.language, available=model.questionnaire.languages)
    card = score_answers(model, sheet)
    view = View(model, language)
    earlier = None
    if compare is not None:
        if compare == STDIN:
            fail("--compare needs a file: stdin (-) is for the answers only", ExitStatus.USAGE)
        from .report import load_earlier

        earlier_sheet, earlier_model = load_earlier(compare, model)
        earlier = (score_answers(earlier_model, earlier_sheet), earlier_sheet)
    if as_json:
        result = view.scorecard_json(card, sheet)
        if earlier is not None:
            from ..views import comparison_json

            result["comparison"] = comparison_json(view, card, *earlier)
        emit_json(result)
        return
    from ..terminal import scorecard

    environment.console().print(scorecard(view, card, sheet, earlier=earlier))


# -- validate and schema -------------------------------------------------------------


@app.command()
def validate(
    paths: Annotated[
        list[str], typer.Argument(
            help="Questionnaire, roadmap and answers files (YAML or JSON); - for stdin.", metavar="PATH..."
        )
    ],
) -> None:
    """Check files and print every problem as PATH:LINE:COLUMN: message."""
    from ..loader import validate_files

    if paths.count("-") > 1:
        fail("stdin (-) can be given only once", ExitStatus.USAGE)
    from ..safetext import visible

    files = validate_files(paths)
    bad = 0
    for loaded in files:
        for problem in loaded.problems:
            emit(visible(str(problem)))
        if loaded.problems:
            bad += 1
        else:
            say(f"{loaded.name}: valid {loaded.kind}")
    if bad:
        fail(f"{bad} of {len(files)} file(s) not valid")


SCHEMA_KINDS = ("questionnaire", "roadmap", "answers")


@app.command()
def schema(
    kind: Annotated[str, typer.Argument(help="questionnaire, roadmap or answers.", metavar="KIND")],
) -> None:
    """Print the JSON Schema of a file kind, for editors to check and complete files."""
    if kind not in SCHEMA_KINDS:
        fail(f"unknown kind '{kind}'; choose one of {', '.join(SCHEMA_KINDS)}", ExitStatus.USAGE)
    from ..model import MODEL_OF_KIND

    document = MODEL_OF_KIND[kind].model_json_schema()
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://socialmaturity.invalid/schema/{kind}.json",
        **document,
    }
    emit_json(document)


# -- demo ----------------------------------------------------------------------------


@app.command()
def demo(
    out_dir: Annotated[
        Path, typer.Option("--out-dir", "-o", help="Where the demo writes its files.")
    ] = Path("socialmaturity-demo"),
    lang: LangOption = None,
) -> None:
    """The main job on bundled data: score the example organisation, write its report, batch-score the example survey."""
    from ..i18n import pick_language
    from ..loader import LoadError, load_answers
    from ..resources import bundled
    from ..scoring import score as score_answers
    from ..terminal import scorecard
    from ..views import View

    example = bundled("examples") / "harbourlight-answers.yaml"
    try:
        sheet, model = load_answers(str(example))
    except LoadError as error:
        load_problems(error)
    checked_language(lang, model.questionnaire.languages)
    language = pick_language(lang, sheet.language, available=model.questionnaire.languages)
    view = View(model, language)
    card = score_answers(model, sheet)
    environment.console().print(scorecard(view, card, sheet))
    for hook in DEMO_STEPS:
        hook(out_dir, language)


DEMO_STEPS: list[Any] = []
"""Further demo steps (report, batch), registered by their command modules."""


# -- entry point ---------------------------------------------------------------------


class Interrupted(BaseException):
    """Ctrl-C, raised past typer, which would turn it into a silent exit code."""


def _interrupt(signum: int, frame: object) -> None:
    raise Interrupted


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit status instead of raising (no tracebacks for users)."""
    command = typer.main.get_command(app)
    try:
        previous = signal.signal(signal.SIGINT, _interrupt)
    except ValueError:  # not the main thread: leave signals alone
        previous = None
    try:
        result = command.main(args=argv, prog_name="socialmaturity", standalone_mode=False)
    except Interrupted:
        say("socialmaturity: interrupted; no file was left half-written")
        return int(ExitStatus.INTERRUPTED)
    except SystemExit as done:
        # typer turns a closed pipe into exit 1; a reader that left is not an error
        if isinstance(done.__context__, BrokenPipeError):
            _quiet_stdout()
            return int(ExitStatus.OK)
        raise
    except OutputError as error:
        say(f"socialmaturity: {error}")
        return int(ExitStatus.BAD_INPUT)
    except Failure as failure:
        if failure.message:
            say(f"socialmaturity: {failure.message}")
        return int(failure.status)
    except typer.Exit as done:
        return int(done.exit_code)
    except click_errors.UsageError as error:
        error.show(file=environment.stderr)
        return int(ExitStatus.USAGE)
    except click_errors.ClickException as error:
        error.show(file=environment.stderr)
        return int(ExitStatus.BAD_INPUT)
    except (typer.Abort, KeyboardInterrupt):
        say("socialmaturity: interrupted")
        return int(ExitStatus.INTERRUPTED)
    except BrokenPipeError:
        # `socialmaturity score x --json | head`: the reader left; that is not an error
        _quiet_stdout()
        return int(ExitStatus.OK)
    except OSError as error:
        if environment.stdout is sys.stdout and error.filename is None:
            # stdout itself failed (a full disk, a closed terminal)
            _quiet_stdout()
            say(f"socialmaturity: cannot write the output: {error.strerror or error}")
            return int(ExitStatus.BAD_INPUT)
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    try:
        environment.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
    except OSError as error:
        _quiet_stdout()
        say(f"socialmaturity: cannot write the output: {error.strerror or error}")
        return int(ExitStatus.BAD_INPUT)
    return int(result) if isinstance(result, int) else int(ExitStatus.OK)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _register() -> None:
    # Each capability registers its commands from its own module; the modules are
    # light and import their heavy dependencies inside the commands.
    from . import assess, batch, report

    for module in (assess, report, batch):
        module.register(app)


_register()
