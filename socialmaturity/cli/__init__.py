"""The command line: parse, call the core, turn domain errors into messages and exit codes.

Keep this module light: `socialmaturity --help` must not import WeasyPrint, the report
code or openpyxl, so commands import what they need inside their functions.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from contextvars import ContextVar
from typing import Annotated, Any, NoReturn

import typer

try:  # newer typer releases carry their own copy of click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - older typer depends on click itself
    from click import exceptions as click_errors  # type: ignore[no-redef,unused-ignore]

from .. import __version__
from ..environment import Environment
from ..files import OutputError, reason
from ..i18n import N_, Entry, message_of, shown_in
from ..status import ExitStatus

_CURRENT: ContextVar[Environment | None] = ContextVar("environment", default=None)
_LANGUAGE: ContextVar[str | None] = ContextVar("language", default=None)


def current() -> Environment:
    """The environment of the command being run (the process's when called directly)."""
    env = _CURRENT.get()
    if env is None:
        env = Environment()
        _CURRENT.set(env)
    return env

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


def speak(language: str) -> None:
    """From here on, the command's messages are in `language`."""
    _LANGUAGE.set(language)


def speaking() -> str:
    """The language of the command's messages: the one it chose (`--lang`, the answers
    file's), else the one `LANGUAGE`, `LC_ALL` or `LANG` asks for, else English."""
    from ..i18n import environment_language

    return _LANGUAGE.get() or environment_language(current().variables) or "en"


def choose_language(requested: str | None, *others: str | None, available: list[str]) -> str:
    """The output's language: `--lang` (checked), then `others` (an answers file's),
    then the environment's, then the first available; messages follow it."""
    from ..i18n import environment_language, pick_language

    checked_language(requested, available)
    language = pick_language(requested, *others, environment_language(current().variables), available=available)
    speak(language)
    return language


def m(entry: Entry, /, **values: object) -> str:
    """A message of the command line's own, in the command's language."""
    from ..i18n import said

    return said(entry, **values).in_(speaking())


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
    from ..i18n import shown_in
    from ..safetext import visible

    print(visible(shown_in(message, speaking())), file=current().stderr, flush=True)


def emit(data: str) -> None:
    stdout = current().stdout
    stdout.write(data if data.endswith("\n") else data + "\n")
    stdout.flush()


def emit_json(value: Any) -> None:
    emit(json.dumps(value, ensure_ascii=False, indent=2))


def load_problems(error: Exception) -> NoReturn:
    from ..i18n import shown_in
    from ..loader import LoadError
    from ..safetext import visible

    assert isinstance(error, LoadError)
    for p in error.problems:
        say(f"{visible(p.file, one_line=True)}:{p.line}:{p.column}: {shown_in(p.message, speaking())}")
    raise Failure("", ExitStatus.BAD_INPUT)


def stdin_for(*names: str | None) -> bytes | None:
    """Standard input's bytes when one of `names` is '-', read once; else None."""
    from ..loader import STDIN
    from ..yamlsource import MAX_BYTES

    return current().read_stdin(MAX_BYTES + 1) if STDIN in names else None


def earlier_of(assessment: Any, compare: str, answers: str, allow_other_organisation: bool) -> Any:
    """`--compare`: the earlier assessment compared with this one, its warnings said;
    a problem ends the command."""
    from ..assessments import ComparisonError, compare_with
    from ..loader import LoadError

    try:
        found = compare_with(assessment, compare, now_name=answers, allow_other_organisation=allow_other_organisation)
    except LoadError as error:
        load_problems(error)
    except ComparisonError as error:
        fail(message_of(error))
    from ..i18n import N_, shown_in

    for warning in found.warnings:
        say(m(N_("socialmaturity: warning: {warning}"), warning=shown_in(warning, speaking())))
    return found


def checked_language(requested: str | None, available: list[str]) -> None:
    from ..i18n import N_, said

    if requested is not None and requested not in available:
        fail(
            said(N_("--lang {language}: not available; choose one of {languages}"), language=requested, languages=", ".join(available)),
            ExitStatus.USAGE,
        )


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        "-l",
        help=(
            "Language of the output: en, nl or fr (default: the answers file's, "
            "else the one LANGUAGE, LC_ALL or LANG names, else English)."
        ),
    ),
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


DEMO_STEPS: list[Any] = []
"""Further demo steps (report, batch), registered by their command modules."""


# -- entry point ---------------------------------------------------------------------


class Interrupted(BaseException):
    """Ctrl-C, raised past typer, which would turn it into a silent exit code."""


def _interrupt(signum: int, frame: object) -> None:
    raise Interrupted


def main(argv: list[str] | None = None, env: Environment | None = None) -> int:
    """Run the CLI with `argv` in `env` (default: this process's); return the exit status
    instead of raising, so that a user never sees a traceback."""
    env = env if env is not None else Environment()
    token = _CURRENT.set(env)
    spoken = _LANGUAGE.set(None)
    try:
        return _main(sys.argv[1:] if argv is None else argv, env)
    finally:
        _LANGUAGE.reset(spoken)
        _CURRENT.reset(token)


def _undecodable(argv: list[str]) -> str | None:
    """The first argument that is not valid text (bytes the system could not decode)."""
    for argument in argv:
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            return argument
    return None


def _language_asked(argv: list[str]) -> str | None:
    """`--lang X` as given on the command line, read before the command runs, so that
    even a problem with the other arguments is told in that language."""
    from ..i18n import LANGUAGES

    for i, argument in enumerate(argv):
        if argument == "--":
            break
        value = None
        if argument in ("--lang", "-l") and i + 1 < len(argv):
            value = argv[i + 1]
        elif argument.startswith("--lang="):
            value = argument.partition("=")[2]
        if value in LANGUAGES:
            return value
    return None


def _main(argv: list[str], env: Environment) -> int:
    asked = _language_asked(argv)
    if asked is not None:
        speak(asked)
    bad = _undecodable(argv)
    if bad is not None:
        from ..safetext import visible

        shown = visible(bad.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"), one_line=True)
        say(m(N_("socialmaturity: the argument '{argument}' is not valid text (UTF-8); retype it or check the terminal's encoding"), argument=shown))
        return int(ExitStatus.USAGE)
    command = typer.main.get_command(app)
    try:
        previous = signal.signal(signal.SIGINT, _interrupt)
    except ValueError:  # not the main thread: leave signals alone
        previous = None
    try:
        result = command.main(args=argv, prog_name="socialmaturity", standalone_mode=False)
    except Interrupted:
        say(m(N_("socialmaturity: interrupted; no file was left half-written")))
        return int(ExitStatus.INTERRUPTED)
    except SystemExit as done:
        # typer turns a closed pipe into exit 1; a reader that left is not an error
        if isinstance(done.__context__, BrokenPipeError):
            _quiet_stdout()
            return int(ExitStatus.OK)
        raise
    except OutputError as error:
        say(f"socialmaturity: {error.describe(speaking())}")
        return int(ExitStatus.BAD_INPUT)
    except Failure as failure:
        if failure.message:
            say(f"socialmaturity: {shown_in(failure.message, speaking())}")
        return int(failure.status)
    except typer.Exit as done:
        return int(done.exit_code)
    except click_errors.UsageError as error:
        from .usage import show_usage_error

        show_usage_error(error, speaking(), env.stderr)
        return int(ExitStatus.USAGE)
    except click_errors.ClickException as error:
        error.show(file=env.stderr)
        return int(ExitStatus.BAD_INPUT)
    except (typer.Abort, KeyboardInterrupt):
        say(m(N_("socialmaturity: interrupted")))
        return int(ExitStatus.INTERRUPTED)
    except BrokenPipeError:
        # `socialmaturity score x --json | head`: the reader left; that is not an error
        _quiet_stdout()
        return int(ExitStatus.OK)
    except OSError as error:
        if env.stdout is sys.stdout and error.filename is None:
            # stdout itself failed (a full disk, a closed terminal)
            _quiet_stdout()
            say(m(N_("socialmaturity: cannot write the output: {reason}"), reason=reason(error, speaking())))
            return int(ExitStatus.BAD_INPUT)
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    try:
        env.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
    except OSError as error:
        _quiet_stdout()
        say(m(N_("socialmaturity: cannot write the output: {reason}"), reason=reason(error, speaking())))
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
    from . import assess, batch, model, plan, report, score, survey, trend, workshop

    # the order of `--help`: the main job first, the model files last
    for module in (score, assess, workshop, report, plan, trend, survey, batch, model):
        module.register(app)


_register()
