"""The interview's shell: open or create the answers file, read lines, save, stop safely.

Everything that decides lives in `state.py`; this module reads a line, hands it to
the state machine, and when the answers changed writes the whole file atomically
before it reads the next line. So a kill at any moment (even SIGKILL) leaves the
file as it was after the last answer. Ctrl-C, SIGTERM and SIGHUP (a closed terminal)
save once more and print the command that resumes.

While an interview has the file open it holds an `EditLock` on it, so that a second
`assess` on the same file refuses instead of dropping the first one's answers at its
next save. A save that failed and was not made good by a later one ends the run with
status 1, whichever way it ends.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, Any, Final

from rich.console import Console

from ..environment import Environment
from ..files import check_target, reason, target_kind, write_text
from ..i18n import N_, pick_language, shown_in, translate
from ..loader import LoadError, Located, load_answers, load_model
from ..lock import AlreadyOpen, EditLock, Holder
from ..model import AnswerSheet, Organisation
from ..safetext import stripped, visible
from ..scoring import MaturityModel
from ..scoring import score as score_answers
from ..status import ExitStatus
from . import screen as screens
from .messages import m
from .sheetfile import default_file_name, dump_sheet
from .state import NOTE_LIMIT, Closing, Interview, Mode, NoteScreen, State, Step, Viewport

NAME_LIMIT: Final = 200  # the answers file's limit for organisation and assessor
PARTICIPANT_LIMIT: Final = 100
MAX_PARTICIPANTS: Final = 50
PROMPT: Final = "› "
# The longest line read: a note of NOTE_LIMIT characters takes at most 4 bytes each in
# UTF-8. A longer line is read to its end and dropped, so it can neither fill the memory
# nor, cut in two, become two lines of input.
LINE_LIMIT: Final = 4 * NOTE_LIMIT + 16
_CHUNK: Final = 1 << 16
_STOP_SIGNALS: Final = ("SIGINT", "SIGTERM", "SIGHUP")


class AssessError(Exception):
    """Something the person can fix; one message (or a list of problems) and an exit status."""

    def __init__(self, message: str, status: ExitStatus = ExitStatus.BAD_INPUT, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.problems = problems or []


class LineTooLong(Exception):
    """A line longer than LINE_LIMIT was typed or piped in; it was read and dropped."""


class Stopped(Exception):
    """A signal asked the interview to stop (Ctrl-C, SIGTERM, SIGHUP)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@dataclass(frozen=True)
class Options:
    """`socialmaturity assess`'s command line, parsed."""

    questionnaire: str | None = None
    language: str | None = None
    environment_language: str | None = None
    """The language LANGUAGE, LC_ALL or LANG names: used when none is asked for."""
    organisation: str | None = None
    assessor: str | None = None
    out: Path | None = None
    resume: Path | None = None
    participants: str | None = None
    no_input: bool = False
    sector: str | None = None  # for the report's cover
    size: str | None = None


# -- the command ------------------------------------------------------------------------


@dataclass(frozen=True)
class Given:
    """What the command line says about the assessment itself (checked, cleaned)."""

    organisation: str | None
    assessor: str | None
    participants: list[str] | None  # None: not a workshop, or keep the file's
    sector: str | None = None
    size: str | None = None


@dataclass(frozen=True)
class Opened:
    """The answers to go on with, where they are saved, and in which language."""

    sheet: AnswerSheet
    model: MaturityModel
    language: str
    path: Path
    on_disk: AnswerSheet | None = None  # a resumed file as it was read; None for a new one


def assess(options: Options, env: Environment, *, today: dt.date | None = None) -> int:
    """Run `socialmaturity assess`; returns the exit status. Raises AssessError."""
    early = options.language or options.environment_language or "en"  # the model (and its languages) is not loaded yet
    if options.no_input and options.resume is None:
        raise AssessError(m("error.no-input-needs-resume", early), ExitStatus.USAGE)
    if options.resume is not None and options.out is not None:
        raise AssessError(m("error.out-with-resume", early), ExitStatus.USAGE)
    terminal = env.stdin_isatty and env.stdout_isatty
    participants = parse_participants(options.participants, early)
    organisation = _checked_name(options.organisation, "--org", early)
    assessor = _checked_name(options.assessor, "--assessor", early)
    if options.organisation is not None and organisation is None:
        raise AssessError(m("error.empty-org", early), ExitStatus.USAGE)
    sector = _checked_name(options.sector, "--sector", early)
    size = _checked_name(options.size, "--size", early)
    given = Given(organisation, assessor, participants, sector, size)
    if options.resume is not None and options.no_input:
        # only read: another interview may have the file open, its saves are atomic
        return _summarise_complete(_open_existing(options.resume, options, given), options, env)
    with ExitStack() as editing:  # the lock on the answers file, released however this ends
        if options.resume is not None:
            _lock_resumed(options.resume, options, early, editing)
            opened = _open_existing(options.resume, options, given)
        else:
            reader = LineReader(env, terminal)
            opened = _open_new(options, reader, today or dt.date.today(), given, editing)
        return _interview(opened, options, env, terminal)


def _interview(opened: Opened, options: Options, env: Environment, terminal: bool) -> int:
    """The first save (or the check that saving will work), then the interview itself."""
    session = Session(
        model=opened.model,
        language=opened.language,
        path=opened.path,
        env=env,
        terminal=terminal,
        resume_command=resume_command(opened.path, options),
        report_command=report_command(opened.path, options),
    )
    language, path, sheet = opened.language, opened.path, opened.sheet
    try:
        if opened.on_disk is not None and sheet == opened.on_disk:
            # a resumed file is rewritten at its first change, not before: looking
            # at it and stopping leaves it as it was, comments and all
            session.check_writable()
        else:
            session.save(sheet, first=True)
    except OSError as error:
        raise AssessError(m("error.cannot-write", language, file=path, reason=reason(error, language))) from None
    if opened.on_disk is not None:
        total = len(opened.model.questionnaire.questions)
        session.say(m("start.resuming", language, file=path, answered=len(sheet.answers), total=total))
    else:
        session.say(m("start.saving", language, file=path))
    return session.run(sheet)


def _open_existing(path: Path, options: Options, given: Given) -> Opened:
    early = options.language or options.environment_language or "en"
    on_disk, model = _resumed(path, options.questionnaire, early)
    language = _language(options.language, on_disk.language, model, options.environment_language)
    sheet = _amended(on_disk, given, language)
    return Opened(sheet, model, language, path, on_disk)


def _open_new(options: Options, reader: LineReader, today: dt.date, given: Given, editing: ExitStack) -> Opened:
    early = options.language or options.environment_language or "en"
    model = _model(options.questionnaire, early)
    language = _language(options.language, None, model, options.environment_language)
    organisation, assessor = given.organisation, given.assessor
    if organisation is None and not reader.terminal:
        raise AssessError(m("error.org-required", language), ExitStatus.USAGE)
    if options.out is not None:
        _claim(options.out, options, language, editing)  # before anything is asked
    if organisation is None:
        organisation, assessor = _ask_names(reader, language, assessor)
    path = options.out or Path(default_file_name(organisation, today))
    if options.out is None:
        _claim(path, options, language, editing)
    if path.exists():
        # never overwritten unasked: on a terminal the person chooses, otherwise stop
        choice = _ask_existing(reader, language, path) if reader.terminal else ""
        if choice == "r":
            return _open_existing(path, options, given)
        if choice != "o":
            raise AssessError(m("error.exists", language, file=shlex.quote(str(path))))
    sheet = AnswerSheet(
        questionnaire=model.questionnaire.id,
        questionnaire_version=model.questionnaire.version,
        questionnaire_hash=model.hash,
        organisation=Organisation(name=organisation, sector=given.sector, size=given.size),
        assessed_on=today,
        assessor=assessor,
        language=language,
        participants=given.participants or [],
    )
    return Opened(sheet, model, language, path)


def _claim(path: Path, options: Options, language: str, editing: ExitStack) -> None:
    """A new answers file's path, checked and locked for this interview."""
    if path.is_dir():
        raise AssessError(m("error.is-folder", language, file=path))
    try:
        check_target(path)  # a missing folder is named as such, not as a lock that failed
        _lock(path, options, language, editing)
    except OSError as error:
        raise AssessError(m("error.cannot-write", language, file=path, reason=reason(error, language))) from None


def _lock_resumed(path: Path, options: Options, language: str, editing: ExitStack) -> None:
    # taken before the file is read: what is read cannot change before it is saved
    try:
        _lock(path, options, language, editing)
    except OSError as error:
        _resumed(path, options.questionnaire, language)  # a file that cannot be read says so first
        raise AssessError(m("error.cannot-write", language, file=path, reason=reason(error, language))) from None
    if target_kind(path) == "link":
        # every output's rule (files.py): the first save would be refused, so say it now
        raise AssessError(m("error.is-link", language, file=path, target=os.path.realpath(path)))


def _lock(path: Path, options: Options, language: str, editing: ExitStack) -> None:
    """Open `path` for this interview alone; AssessError when another has it open.

    OSError when the lock file cannot be made beside it (then neither can the answers file).
    """
    verb = "--resume" if options.resume is not None else "--out"
    command = shlex.join(["socialmaturity", "assess", verb, str(path)])
    lock = EditLock(path, Holder.this_process(command, dt.datetime.now().astimezone()))
    try:
        lock.acquire()
    except AlreadyOpen as busy:
        raise AssessError(_open_elsewhere(path, busy.holder, language)) from None
    editing.callback(lock.release)


def _open_elsewhere(path: Path, holder: Holder | None, language: str) -> str:
    if holder is None:  # its description is not written yet, or not ours
        return m("error.open-elsewhere-unknown", language, file=path)
    since = holder.since.astimezone()  # the holder's clock, shown in ours
    today = dt.datetime.now().astimezone().date()
    shown = since.strftime("%H:%M" if since.date() == today else "%Y-%m-%d %H:%M")
    return m(
        "error.open-elsewhere", language, file=path, pid=holder.pid, user=holder.user, host=holder.host, since=shown
    )


def resume_command(path: Path, options: Options) -> str:
    """The exact command that continues this assessment, quoted for a POSIX shell."""
    words = ["socialmaturity", "assess", "--resume", str(path)]
    if options.questionnaire is not None:
        words += ["--questionnaire", options.questionnaire]
    if options.language is not None:
        words += ["--lang", options.language]
    return shlex.join(words)


def report_command(path: Path, options: Options) -> str:
    """The command that renders the PDF report of this assessment."""
    words = ["socialmaturity", "report", str(path), "-o", str(path.with_suffix(".pdf"))]
    if options.questionnaire is not None:
        words += ["--questionnaire", options.questionnaire]
    if options.language is not None:
        words += ["--lang", options.language]
    return shlex.join(words)


def parse_participants(value: str | None, language: str) -> list[str] | None:
    """`"Ann, Bob,Cem"` -> ["Ann", "Bob", "Cem"]; None when not a workshop."""
    if value is None:
        return None

    def problem(key: str, **values: object) -> AssessError:
        return AssessError(
            m("error.participants", language, problem=m(key, language, **values)), ExitStatus.USAGE
        )

    names = [" ".join(stripped(name).split()) for name in value.split(",")]
    if any(not name for name in names):
        raise problem("error.participant-empty")
    seen: set[str] = set()
    for name in names:
        if len(name) > PARTICIPANT_LIMIT:
            raise problem("error.participant-long", limit=PARTICIPANT_LIMIT)
        if name in seen:
            raise problem("error.participant-twice", name=name)
        seen.add(name)
    if len(names) > MAX_PARTICIPANTS:
        raise problem("error.participant-count", limit=MAX_PARTICIPANTS)
    return names


def _checked_name(value: str | None, option: str, language: str) -> str | None:
    if value is None:
        return None
    cleaned = " ".join(stripped(value).split())  # one line, single spaces
    if len(cleaned) > NAME_LIMIT:
        raise AssessError(m("error.too-long", language, option=option, limit=NAME_LIMIT), ExitStatus.USAGE)
    return cleaned or None


def placed(problems: Iterable[Located], language: str) -> list[str]:
    """A file's problems as `PATH:LINE:COLUMN: message` lines, in `language`."""
    return [f"{p.file}:{p.line}:{p.column}: {shown_in(p.message, language)}" for p in problems]


def _model(questionnaire: str | None, language: str) -> MaturityModel:
    try:
        return load_model(questionnaire)
    except LoadError as error:
        raise AssessError("", problems=placed(error.problems, language)) from None


def _resumed(path: Path, questionnaire: str | None, language: str) -> tuple[AnswerSheet, MaturityModel]:
    """The answers file to continue, fully validated; a broken one is never touched."""
    try:
        return load_answers(str(path), questionnaire)
    except LoadError as error:
        raise AssessError("", problems=placed(error.problems, language)) from None


def _language(requested: str | None, of_sheet: str | None, model: MaturityModel, environment: str | None = None) -> str:
    available = model.questionnaire.languages
    if requested is not None and requested not in available:
        # in the language asked for, when the tool speaks it
        problem = translate(requested, N_("--lang {value}: not available; choose one of {choices}"), value=requested, choices=", ".join(available))
        raise AssessError(problem, ExitStatus.USAGE)
    return pick_language(requested, of_sheet, environment, available=available)


def _amended(sheet: AnswerSheet, given: Given, language: str) -> AnswerSheet:
    """A resumed sheet with what the command line changes: names, and who takes part."""
    update: dict[str, Any] = {}
    participants = given.participants
    named = {
        field: value
        for field, value in (("name", given.organisation), ("sector", given.sector), ("size", given.size))
        if value
    }
    if named:
        update["organisation"] = sheet.organisation.model_copy(update=named)
    if given.assessor:
        update["assessor"] = given.assessor
    if participants is not None and participants != sheet.participants:
        voted = {name for ballot in sheet.votes.values() for name in ballot}
        missing = [name for name in sheet.participants if name in voted and name not in participants]
        if missing:
            raise AssessError(
                m(
                    "error.participants",
                    language,
                    problem=m("error.participant-missing", language, names=", ".join(missing)),
                ),
                ExitStatus.USAGE,
            )
        update["participants"] = participants
    return sheet.model_copy(update=update) if update else sheet


def _summarise_complete(opened: Opened, options: Options, env: Environment) -> int:
    """`--resume FILE --no-input`: a complete file gets its summary; an incomplete one, the gaps."""
    sheet, model, language = opened.sheet, opened.model, opened.language
    unanswered = [q.id for q in model.questionnaire.questions if q.id not in sheet.answers]
    if unanswered:
        raise AssessError(m("error.unanswered", language, count=len(unanswered), ids=", ".join(unanswered)))
    console = _console(env, env.stdout_isatty)
    summary(console, model, language, sheet, report_command(opened.path, options))
    return int(ExitStatus.OK)


def summary(console: Console, model: MaturityModel, language: str, sheet: AnswerSheet, report: str) -> None:
    """The end: verdict and reason, phase bars, gaps (the scorecard `score` shows), and the report command."""
    from ..terminal import scorecard
    from ..views import View

    view = View(model, language)
    card = score_answers(model, sheet)
    # a resumed file's organisation name may hold escape sequences
    organisation = sheet.organisation.model_copy(update={"name": stripped(sheet.organisation.name)})
    sheet = sheet.model_copy(update={"organisation": organisation})
    console.print(scorecard(view, card, sheet, compact=True))
    console.print()
    # the verdict again, so that it is on screen when the scorecard is taller than the screen
    console.print(stripped(view.verdict(card, sheet.organisation.name)), style="bold cyan")
    # soft wrap: a command broken over two lines cannot be copied
    console.print(visible(m("stop.report", language, command=report)), style="bold", soft_wrap=True)


def _console(env: Environment, colour: bool) -> Console:
    return Console(
        file=env.stdout,
        force_terminal=colour,
        no_color=not colour or not env.colour,
        highlight=False,
        emoji=False,
        markup=False,
        width=None if colour else 100,
    )


# -- asking before the interview ------------------------------------------------------------


class LineReader:
    """Lines from the person: `input()` with line editing on a terminal, plain lines otherwise."""

    def __init__(self, env: Environment, terminal: bool) -> None:
        self.env = env
        self.terminal = terminal
        if terminal:
            with suppress(ImportError):
                import readline  # noqa: F401  # arrow keys and editing for input()

    def read(self, prompt: str, prefill: str | None = None) -> str:
        """One line without its newline, cleaned of control characters.

        EOFError at the end of the input; LineTooLong for a line of more than
        LINE_LIMIT characters (read to its end and dropped).
        """
        prompt = visible(prompt)  # a prompt may quote a file name
        if self.terminal:
            try:
                with _prefilled(prefill):
                    line = input(prompt)
            except UnicodeDecodeError:  # a terminal set to another encoding
                line = "\ufffd"
            if len(line) > LINE_LIMIT:
                raise LineTooLong
            # lone surrogates cannot be written to the UTF-8 answers file
            return stripped(line.encode("utf-8", "replace").decode("utf-8"))
        self.env.stdout.write(prompt)
        try:
            line = self._next_line()
        except LineTooLong:
            self.env.stdout.write("…\n")
            self.env.stdout.flush()
            raise
        line = stripped(line.encode("utf-8", "replace").decode("utf-8"))
        self.env.stdout.write(line + "\n")  # a replayed session reads like a typed one
        self.env.stdout.flush()
        return line

    def _next_line(self) -> str:
        stream = getattr(self.env.stdin, "buffer", None)
        source = stream if stream is not None else self.env.stdin
        raw = source.readline(LINE_LIMIT + 1)
        if not raw:
            self.env.stdout.write("\n")
            self.env.stdout.flush()
            raise EOFError
        if len(raw) > LINE_LIMIT:
            while raw and raw[-1:] not in ("\n", b"\n"):  # the rest of the line goes too
                raw = source.readline(_CHUNK)
            raise LineTooLong
        # a replay file in another encoding gives replacement characters, not a crash
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        return text.removeprefix("\ufeff").rstrip("\r\n")


@contextmanager
def _prefilled(text: str | None) -> Iterator[None]:
    """Offer `text` for editing at the prompt (readline), e.g. the note being edited."""
    try:
        import readline
    except ImportError:
        yield
        return
    if text:
        readline.set_startup_hook(lambda: readline.insert_text(text))
    try:
        yield
    finally:
        readline.set_startup_hook()


def _ask_names(reader: LineReader, language: str, assessor: str | None) -> tuple[str, str | None]:
    """The organisation's name (required) and the assessor's (optional), asked on a terminal."""
    try:
        while True:
            name = _one_line(reader, m("ask.organisation", language))
            if name:
                break
            print(m("ask.organisation-again", language, limit=NAME_LIMIT), file=reader.env.stderr)
        while assessor is None:
            given = _one_line(reader, m("ask.assessor", language), optional=True)
            if given is not None:  # a name too long is asked again, never cut short unasked
                assessor = given or None
                break
            print(m("ask.assessor-again", language, limit=NAME_LIMIT), file=reader.env.stderr)
    except (EOFError, KeyboardInterrupt):
        raise AssessError(m("stop.nothing-saved", language), ExitStatus.INTERRUPTED) from None
    return name, assessor


def _one_line(reader: LineReader, prompt: str, *, optional: bool = False) -> str | None:
    """A name as typed, with single spaces; None when it is longer than NAME_LIMIT
    (or empty, unless `optional`)."""
    try:
        name = " ".join(reader.read(prompt).split())
    except LineTooLong:
        return None
    if len(name) > NAME_LIMIT or not (name or optional):
        return None
    return name


def _ask_existing(reader: LineReader, language: str, path: Path) -> str:
    try:
        return reader.read(m("ask.exists", language, file=path)).strip().lower()
    except (EOFError, LineTooLong):
        return ""


# -- the interview loop -----------------------------------------------------------------------


class Session:
    """Runs the state machine against a terminal (or piped lines) and the answers file."""

    def __init__(
        self,
        *,
        model: MaturityModel,
        language: str,
        path: Path,
        env: Environment,
        terminal: bool,
        resume_command: str,
        report_command: str,
    ) -> None:
        self.model = model
        self.language = language
        self.path = path
        self.env = env
        self.terminal = terminal
        self.resume_command = resume_command
        self.report_command = report_command
        self.interview = Interview(model, language)
        self.console = _console(env, terminal)
        self.reader = LineReader(env, terminal)
        self.sheet: AnswerSheet | None = None  # the latest answers, saved or not
        self.saved: AnswerSheet | None = None  # what the file holds
        self.save_problem: str | None = None
        self._saving = False
        self._stopping = False
        self._pending: int | None = None

    # -- saving --------------------------------------------------------------------------

    def check_writable(self) -> None:
        """Raise OSError now if the answers file could not be saved later."""
        folder = self.path.parent if str(self.path.parent) else Path(".")
        if not os.access(folder, os.W_OK | os.X_OK) or not os.access(self.path, os.W_OK):
            raise PermissionError(13, "permission denied")

    def save(self, sheet: AnswerSheet, *, first: bool = False) -> None:
        """Write the whole answers file atomically; a signal meanwhile waits for the rename."""
        self.sheet = sheet
        self._saving = True
        try:
            write_text(self.path, dump_sheet(sheet, self.model.questionnaire))
            self.saved = sheet
            self.save_problem = None
        except OSError as error:
            if first:
                raise
            self.save_problem = reason(error, self.language)
        finally:
            self._saving = False
        if self._pending is not None:
            signum, self._pending = self._pending, None
            self._stopping = True
            raise Stopped(signum)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self._saving:
            self._pending = signum
            return
        self._stopping = True
        raise Stopped(signum)

    @contextmanager
    def _signals(self) -> Iterator[None]:
        previous: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}
        for name in _STOP_SIGNALS:
            number = getattr(signal, name, None)
            # a signal ignored by whoever started us (`nohup` ignores SIGHUP) stays ignored
            if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
                previous[number] = signal.signal(number, self._on_signal)
        try:
            with self._redelivery(set(previous)):
                yield
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    @contextmanager
    def _redelivery(self, stop_signals: set[int]) -> Iterator[None]:
        """Deliver again a stop signal that came just before a blocking read.

        Python runs a signal's handler between bytecodes; a signal that arrives after
        the prompt is written but before the read starts would wait for the next key.
        The C-level handler writes every signal to the wakeup pipe, so a watcher
        thread sees it and, if the interview has not stopped shortly after, sends it
        once more to the main thread, whose read it then interrupts.
        """
        kill = getattr(signal, "pthread_kill", None)
        if kill is None or not stop_signals:
            yield
            return
        reader, writer = os.pipe()
        os.set_blocking(writer, False)
        try:
            previous = signal.set_wakeup_fd(writer, warn_on_full_buffer=False)
        except ValueError:  # not the main thread (an embedding application)
            os.close(reader)
            os.close(writer)
            yield
            return
        main = threading.main_thread().ident
        assert main is not None

        def watch() -> None:
            while True:
                try:
                    received = os.read(reader, 64)
                except OSError:
                    return
                if not received:
                    return
                time.sleep(0.05)
                for signum in set(received) & stop_signals:
                    if not self._stopping:
                        with suppress(OSError, ValueError):
                            kill(main, signum)

        watcher = threading.Thread(target=watch, name="signal-redelivery", daemon=True)
        watcher.start()
        try:
            yield
        finally:
            signal.set_wakeup_fd(previous)
            os.close(writer)  # the watcher reads the end of the pipe and returns
            watcher.join(timeout=1)
            os.close(reader)

    # -- running -------------------------------------------------------------------------

    def viewport(self) -> Viewport:
        """The terminal's size now; a transcript has no height, so its list never pages."""
        if not self.terminal:
            return Viewport(width=100, height=None)
        size = self.console.size
        return Viewport(width=size.width, height=size.height)

    def run(self, sheet: AnswerSheet) -> int:
        step = self.interview.start(sheet, self.viewport())
        self.step = step
        self.sheet = sheet
        self.saved = self.saved or sheet  # a resumed file, unchanged, is what the file holds
        try:
            with self._signals():
                try:
                    step = self._loop(step)
                    self._save_again()
                except EOFError:
                    if self.step.state.mode in (Mode.RESULT, Mode.FULL_RESULT):
                        # the input ended on the result: the interview was finished
                        step = self.interview.step(self.step.state, "")
                        self._save_again()
                    else:
                        return self._stop(None, input_ended=True)
                except (Stopped, KeyboardInterrupt) as stop:
                    return self._stop(stop.signum if isinstance(stop, Stopped) else signal.SIGINT)
        except (Stopped, KeyboardInterrupt) as stop:  # a second signal while stopping
            return int(ExitStatus.for_signal(stop.signum if isinstance(stop, Stopped) else signal.SIGINT))
        assert isinstance(step.screen, Closing)
        if step.screen.finished:
            # the result is on screen already, and stays there: nothing is cleared
            self._goodbye(resume=False)
            return int(ExitStatus.BAD_INPUT if self.save_problem is not None else ExitStatus.OK)
        return self._stop(None)

    def _loop(self, step: Step) -> Step:
        while not step.state.done:
            self.step = step
            self.show(step)
            prefill = None
            if isinstance(step.screen, NoteScreen) and step.screen.note and "\n" not in step.screen.note:
                prefill = step.screen.note
            try:
                line = self.reader.read(PROMPT, prefill)
            except LineTooLong:
                step = self.interview.line_too_long(step.state, NOTE_LIMIT)
                continue
            state = self.interview.resize(step.state, self.viewport())
            following = self.interview.step(state, line)
            self.sheet = following.state.sheet  # a signal from here on saves this, not the last
            if following.changed:
                self.save(following.state.sheet)
                if self.save_problem is not None:
                    following = self._with_save_problem(following.state)
            step = following
        return step

    def _save_again(self) -> None:
        """Save what the file lacks: a failed save is tried again before the end."""
        if self.sheet is not None and (self.sheet != self.saved or self.save_problem is not None):
            self.save(self.sheet)

    def _with_save_problem(self, state: State) -> Step:
        problem = m("hint.no-save", self.language, file=self.path, reason=self.save_problem)
        return Step(state, self.interview.screen(state, problem))

    def show(self, step: Step) -> None:
        shown = screens.render(step.screen, saved_to=str(self.path), report=self.report_command)
        if self.terminal:
            self.console.clear()
            self.console.print(shown)
            return
        # a transcript: no padding spaces at line ends, a blank line between screens
        with self.console.capture() as captured:
            self.console.print(shown)
        lines = [line.rstrip() for line in captured.get().splitlines()]
        self.env.stdout.write("\n" + "\n".join(lines) + "\n")
        self.env.stdout.flush()

    def _stop(self, signum: int | None, *, input_ended: bool = False) -> int:
        """Save once more and say how to go on; the exit status for how it stopped.

        The input ending with questions still unanswered is not a deliberate stop (q):
        the answers are kept as always, but the status (1) lets a script tell a run
        cut short from a finished one. Answers that could not be saved make it 1 too,
        even after a signal: a script must not take them to be in the file.
        """
        unanswered = self._unanswered() if input_ended else 0
        with self._signals_ignored():
            self._save_again()
            with suppress(OSError, ValueError):  # the terminal may be gone (SIGHUP)
                if signum is not None:
                    # the cursor still stands after the prompt
                    self.say(("\n" if self.terminal else "") + m("stop.interrupted", self.language))
                if unanswered:
                    total = len(self.model.questionnaire.questions)
                    self.say(m("stop.input-ended", self.language, count=unanswered, total=total))
                self._goodbye(resume=True)
        if self.save_problem is not None:
            return int(ExitStatus.BAD_INPUT)
        if signum is None:
            return int(ExitStatus.BAD_INPUT if unanswered else ExitStatus.OK)
        if signum == signal.SIGINT:
            return int(ExitStatus.INTERRUPTED)
        return int(ExitStatus.for_signal(int(signum)))

    def _unanswered(self) -> int:
        answers = self.sheet.answers if self.sheet is not None else {}
        return sum(1 for q in self.model.questionnaire.questions if q.id not in answers)

    @contextmanager
    def _signals_ignored(self) -> Iterator[None]:
        previous = {}
        for name in _STOP_SIGNALS:
            number = getattr(signal, name, None)
            if number is not None:
                previous[number] = signal.signal(number, signal.SIG_IGN)
        try:
            yield
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    def _goodbye(self, *, resume: bool) -> None:
        if self.save_problem is not None and self.sheet is not None:
            changes = self._not_in_file()
            if changes:
                self.say(m("stop.not-saved", self.language, file=self.path, changes="; ".join(changes)))
            self.say(m("stop.unsaved", self.language, file=self.path, reason=self.save_problem))
            self.say(dump_sheet(self.sheet, self.model.questionnaire, terminal=True), raw=True)
            return
        self.say(m("stop.saved", self.language, file=self.path))
        if resume:
            self.say(m("stop.resume", self.language, command=self.resume_command))

    def _not_in_file(self) -> list[str]:
        """Per question, what was given but is not in the file: its answer, note or votes."""
        assert self.sheet is not None
        given = self.sheet
        saved = self.saved or given.model_copy(update={"answers": {}, "notes": {}, "votes": {}})
        changes = []
        for number, question in enumerate(self.model.questionnaire.questions, start=1):
            qid = question.id
            parts = [
                m(key, self.language)
                for key, kept, typed in (
                    ("unsaved.answer", saved.answers.get(qid), given.answers.get(qid)),
                    ("unsaved.note", saved.notes.get(qid), given.notes.get(qid)),
                    ("unsaved.votes", saved.votes.get(qid), given.votes.get(qid)),
                )
                if kept != typed
            ]
            if parts:
                changes.append(m("unsaved.question", self.language, number=number, id=qid, parts=", ".join(parts)))
        return changes

    def say(self, text: str, *, raw: bool = False) -> None:
        """A message on stderr; what it quotes (file names, reasons) cannot drive the terminal.

        `raw` for text already safe, whose backslashes must stay as they are.
        """
        stream: IO[str] = self.env.stderr
        print(text if raw else visible(text), file=stream, flush=True)
