"""`socialmaturity workshop`'s shell: the lock, the files, uvicorn, the facilitator's keys.

The server listens on one address (the laptop's network address by default, or
`--host`) for as long as the command runs, and nowhere else. The facilitator's keys
are read line by line from the terminal in a thread of their own and carried out on
the server's event loop, like every phone's request, so the workshop is changed by
one thread only. Each change is saved before it is shown or acknowledged.

SIGINT (Ctrl-C), SIGTERM and SIGHUP stop the server after the last save; a SIGKILL
loses nothing acknowledged either: `workshop --resume FILE` starts again on the
same address with the same secrets, and the phones come back as themselves.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import shlex
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, Final

import uvicorn

from ..environment import Environment
from ..files import check_target, reason, target_kind
from ..i18n import N_, pick_language, shown_in, translate
from ..interview.session import placed
from ..interview.sheetfile import default_file_name
from ..loader import LoadError, load_answers, load_model
from ..lock import AlreadyOpen, EditLock, Holder
from ..model import AnswerSheet, Organisation
from ..safetext import stripped
from ..scoring import MaturityModel
from ..status import ExitStatus
from . import terminal
from .core import Refused, Room, Workshop
from .messages import m
from .store import Saved, Secrets, StateError, Store, load_state, state_path
from .web import Live, SaveFailed, Saver, build_app

DEFAULT_PORT: Final = 8765
NAME_LIMIT: Final = 200
_STOP_SIGNALS: Final = ("SIGINT", "SIGTERM", "SIGHUP")


class WorkshopError(Exception):
    """Something the facilitator can fix; a message (or problems) and an exit status."""

    def __init__(self, message: str, status: ExitStatus = ExitStatus.BAD_INPUT, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.problems = problems or []


@dataclass(frozen=True)
class Options:
    """`socialmaturity workshop`'s command line, parsed."""

    questionnaire: str | None = None
    language: str | None = None
    environment_language: str | None = None
    """The language LANGUAGE, LC_ALL or LANG names: used when none is asked for."""
    organisation: str | None = None
    assessor: str | None = None
    out: Path | None = None
    resume: Path | None = None
    host: str | None = None
    port: int | None = None
    anonymous: bool = False
    sector: str | None = None
    size: str | None = None


@dataclass
class Opened:
    sheet: AnswerSheet
    model: MaturityModel
    language: str
    path: Path
    saved: Saved | None
    resumed: bool


def run_workshop(options: Options, env: Environment) -> int:
    """Run `socialmaturity workshop`; the exit status. Raises WorkshopError."""
    early = options.language or options.environment_language or "en"
    if options.resume is not None and options.out is not None:
        raise WorkshopError(m_assess("error.out-with-resume", early), ExitStatus.USAGE)
    with contextlib.ExitStack() as held:
        opened = _open(options, env, early, held)
        language = opened.language
        saved = opened.saved
        if saved is not None and options.anonymous and not saved.room.anonymous:
            how = m("start.named", language)
            raise WorkshopError(m("start.error-anonymous", language, how=how), ExitStatus.USAGE)
        keys = saved.secrets if saved is not None else Secrets.new()
        room = saved.room if saved is not None else Room(anonymous=options.anonymous)
        host = options.host or (saved.host if saved is not None else None) or lan_address()
        port = options.port if options.port is not None else saved.port if saved is not None else DEFAULT_PORT
        listener = _listen(host, port, language)
        held.callback(listener.close)
        port = listener.getsockname()[1]
        workshop = Workshop(opened.model, language, opened.sheet, room)
        store = Store(opened.path, opened.model.questionnaire, keys, host, port)
        if opened.resumed:
            store.remember(opened.sheet)
        try:
            store.save(workshop.snapshot())  # the state file, and a new answers file, before anyone joins
        except OSError as error:
            raise WorkshopError(m_assess("error.cannot-write", language, file=opened.path, reason=reason(error, language))) from None
        shell = Shell(workshop, store, keys, env, opened, options, host, port)
        return shell.run(listener)
    raise AssertionError("unreachable")  # pragma: no cover


def m_assess(key: str, language: str, **values: object) -> str:
    from ..interview.messages import m as interview_message

    return interview_message(key, language, **values)


def _open(options: Options, env: Environment, early: str, held: contextlib.ExitStack) -> Opened:
    sector = _checked(options.sector, "--sector", early)
    size = _checked(options.size, "--size", early)
    organisation = _checked(options.organisation, "--org", early)
    assessor = _checked(options.assessor, "--assessor", early)
    if options.resume is not None:
        path = options.resume
        _lock(path, options, early, held)
        if target_kind(path) == "link":
            raise WorkshopError(m_assess("error.is-link", early, file=path, target=Path(path).resolve()))
        try:
            sheet, model = load_answers(str(path), options.questionnaire)
        except LoadError as error:
            raise WorkshopError("", problems=placed(error.problems, early)) from None
        language = _language(options.language, sheet.language, model, options.environment_language)
        update: dict[str, Any] = {}
        if organisation or sector or size:
            update["organisation"] = sheet.organisation.model_copy(
                update={
                    k: v
                    for k, v in (("name", organisation), ("sector", sector), ("size", size))
                    if v is not None
                }
            )
        if assessor:
            update["assessor"] = assessor
        if update:
            sheet = sheet.model_copy(update=update)
        try:
            saved = load_state(state_path(path))
        except StateError as error:
            problem = shown_in(error.args[0], language)
            raise WorkshopError(m("start.error-state", language, file=state_path(path), reason=problem)) from None
        return Opened(sheet, model, language, path, saved, True)
    try:
        model = load_model(options.questionnaire)
    except LoadError as error:
        raise WorkshopError("", problems=placed(error.problems, early)) from None
    language = _language(options.language, None, model, options.environment_language)
    if organisation is None:
        raise WorkshopError(translate(language, N_("--org is required for a new assessment")), ExitStatus.USAGE)
    today = env.today()
    path = options.out or Path(default_file_name(organisation, today))
    if path.is_dir():
        raise WorkshopError(m_assess("error.is-folder", language, file=path))
    try:
        check_target(path)
        _lock(path, options, language, held)
    except OSError as error:
        raise WorkshopError(m_assess("error.cannot-write", language, file=path, reason=reason(error, language))) from None
    if path.exists():
        raise WorkshopError(
            m_assess("error.exists", language, file=shlex.quote(str(path))).replace("--resume", "workshop --resume", 1)
        )
    sheet = AnswerSheet(
        questionnaire=model.questionnaire.id,
        questionnaire_version=model.questionnaire.version,
        questionnaire_hash=model.hash,
        organisation=Organisation(name=organisation, sector=sector, size=size),
        assessed_on=today,
        assessor=assessor,
        language=language,
    )
    # a state file left from an earlier workshop on a file since removed is not taken over
    return Opened(sheet, model, language, path, None, False)


def _checked(value: str | None, option: str, language: str) -> str | None:
    if value is None:
        return None
    cleaned = " ".join(stripped(value).split())
    if len(cleaned) > NAME_LIMIT:
        raise WorkshopError(m_assess("error.too-long", language, option=option, limit=NAME_LIMIT), ExitStatus.USAGE)
    return cleaned or None


def _language(requested: str | None, of_sheet: str | None, model: MaturityModel, environment: str | None = None) -> str:
    available = model.questionnaire.languages
    if requested is not None and requested not in available:
        # in the language asked for, when the tool speaks it
        problem = translate(requested, N_("--lang {value}: not available; choose one of {choices}"), value=requested, choices=", ".join(available))
        raise WorkshopError(problem, ExitStatus.USAGE)
    return pick_language(requested, of_sheet, environment, available=available)


def _lock(path: Path, options: Options, language: str, held: contextlib.ExitStack) -> None:
    command = shlex.join(["socialmaturity", "workshop", "--resume", str(path)])
    lock = EditLock(path, Holder.this_process(command, dt.datetime.now().astimezone()))
    try:
        lock.acquire()
    except AlreadyOpen as busy:
        holder = busy.holder
        if holder is None:
            raise WorkshopError(m_assess("error.open-elsewhere-unknown", language, file=path)) from None
        raise WorkshopError(
            m_assess(
                "error.open-elsewhere",
                language,
                file=path,
                pid=holder.pid,
                user=holder.user,
                host=holder.host,
                since=holder.since.astimezone().strftime("%Y-%m-%d %H:%M"),
            )
        ) from None
    except OSError as error:
        raise WorkshopError(m_assess("error.cannot-write", language, file=path, reason=reason(error, language))) from None
    held.callback(lock.release)


def lan_address() -> str:
    """This laptop's address on its network (where phones reach it); loopback without one.

    Connecting a UDP socket sends nothing; it only asks the system which address
    it would send from.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def _listen(host: str, port: int, language: str) -> socket.socket:
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        return socket.create_server((host, port), family=family, backlog=256)
    except (OSError, OverflowError) as error:
        detail = reason(error, language) if isinstance(error, OSError) else str(error)
        raise WorkshopError(m("start.error-port", language, host=host, port=port, reason=detail)) from None


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


# -- running ---------------------------------------------------------------------------------


class _Server(uvicorn.Server):
    """uvicorn, with the workshop's own handling of stop signals."""

    def __init__(self, config: uvicorn.Config, on_signal: Callable[[int], None]) -> None:
        super().__init__(config)
        self.on_signal = on_signal

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous: dict[int, Any] = {}
        for name in _STOP_SIGNALS:
            number = getattr(signal, name, None)
            if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
                previous[number] = signal.signal(number, self._stop)
        try:
            yield
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.should_exit = True
        self.on_signal(signum)


class Shell:
    """The running workshop: the server, the facilitator's keys, and how it ends."""

    def __init__(
        self,
        workshop: Workshop,
        store: Store,
        keys: Secrets,
        env: Environment,
        opened: Opened,
        options: Options,
        host: str,
        port: int,
    ) -> None:
        self.workshop = workshop
        self.store = store
        self.secrets = keys
        self.env = env
        self.opened = opened
        self.options = options
        self.language = workshop.language
        base = f"http://{url_host(host)}:{port}"
        self.join_url = f"{base}/s/{keys.session}/"
        self.projector_url = f"{base}/s/{keys.session}/projector/{keys.projector}"
        self.address = base + "/"
        self.tty = env.stdin_isatty and env.stdout_isatty
        self.screen = terminal.Screen(env, self.tty)
        self.signum: int | None = None
        self.quit_status = ExitStatus.OK
        self.note_next = False
        self.show_join = True
        self.hint: str | None = None
        self._redraw_at = 0.0
        self._redraw_pending = False
        self.server: _Server | None = None
        self.live: Live | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    def run(self, listener: socket.socket) -> int:
        asyncio.run(self._serve(listener))
        return self._finish()

    async def _serve(self, listener: socket.socket) -> None:
        self.loop = asyncio.get_running_loop()
        saver = Saver(self.workshop, self.store, self._saved)
        self.live = live = Live(self.workshop, self.secrets, saver, self.join_url, time.monotonic)
        config = uvicorn.Config(
            build_app(live),
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=1,
            server_header=False,
            date_header=False,
            ws="none",
        )
        self.server = _Server(config, self._on_signal)
        saver.start()
        self.draw()
        reader = threading.Thread(target=self._read_keys, name="facilitator-keys", daemon=True)
        reader.start()
        try:
            await self.server.serve(sockets=[listener])
        finally:
            live.closing = True
            live.wake()
            await saver.stop()

    def _on_signal(self, signum: int) -> None:
        self.signum = signum
        if self.live is not None:
            self.live.closing = True
            self.live.wake()

    def _stop_server(self) -> None:
        if self.server is not None:
            self.server.should_exit = True
        if self.live is not None:
            self.live.closing = True
            self.live.wake()

    # -- the facilitator's keys --------------------------------------------------------

    def _read_keys(self) -> None:
        loop = self.loop
        assert loop is not None
        while True:
            try:
                line = self.env.stdin.readline()
            except (OSError, ValueError):
                line = ""
            if not line:  # the input ended: the workshop ends as with q
                loop.call_soon_threadsafe(self._stop_server)
                return
            future = asyncio.run_coroutine_threadsafe(self.key(line.rstrip("\r\n")), loop)
            try:
                if not future.result():
                    return
            except Exception:  # the loop is gone: the workshop is ending
                return

    async def key(self, line: str) -> bool:
        """Carry out one line the facilitator typed; False once the workshop ends."""
        workshop = self.workshop
        assert self.live is not None
        entry = line.strip()
        self.hint = None
        if self.note_next:
            self.note_next = False
            if entry:
                try:
                    workshop.note(entry)
                    self.hint = m("terminal.note-saved", self.language)
                except Refused as refused:
                    self.hint = m(refused.key, self.language, **refused.values)
            await self._commit()
            return True
        key = entry.lower()
        self.show_join = key == "j"
        try:
            if key == "q":
                self._stop_server()
                return False
            if key == "":
                if workshop.at_end:
                    raise Refused("refused.at-end")
                if workshop.room.revealed:
                    self._agreed(workshop.room.position, workshop.agree())
                else:
                    workshop.reveal()
            elif key == "r":
                workshop.reveal()
            elif key.isdecimal() and len(key) <= 6:
                self._agreed(workshop.room.position, workshop.agree(int(key)))
            elif key == "o":
                self.hint = m("terminal.reopened", self.language, round=workshop.reopen())
            elif key == "n":
                if workshop.at_end:
                    raise Refused("refused.at-end")
                self.note_next = True
            elif key == "s":
                workshop.skip()
            elif key == "b":
                workshop.back()
            elif key.startswith("g"):
                number = key[1:].strip()
                if not number.isdecimal() or len(number) > 6:
                    raise Refused("refused.no-question", total=workshop.total)
                workshop.go(int(number))
            elif key == "p":
                paused = workshop.toggle_joining()
                self.hint = m("terminal.joining-paused" if paused else "terminal.joining-open", self.language)
            elif key != "j":
                raise Refused("refused.unknown-key", line=entry[:20])
        except Refused as refused:
            self.hint = m(refused.key, self.language, **refused.values)
        await self._commit()
        return True

    def _agreed(self, position: int, option_id: str) -> None:
        question_id = self.workshop.numbered[position].question.id
        label = self.workshop.view.option_label(question_id, option_id)
        self.hint = m("terminal.agreed", self.language, number=position + 1, option=label)

    async def _commit(self) -> None:
        assert self.live is not None
        with contextlib.suppress(SaveFailed):  # the screen says so, from saver.problem
            await self.live.saver.commit()
        self.live.wake()
        self.draw(force=True)

    # -- the screen --------------------------------------------------------------------

    def _saved(self) -> None:
        assert self.live is not None
        self.live.wake()
        if self.tty:
            self._schedule_redraw()

    def _schedule_redraw(self) -> None:
        # votes arrive in bursts: the terminal is redrawn at most five times a second
        if self._redraw_pending or self.loop is None:
            return
        self._redraw_pending = True
        delay = max(0.0, self._redraw_at + 0.2 - time.monotonic())
        self.loop.call_later(delay, self._redraw)

    def _redraw(self) -> None:
        self._redraw_pending = False
        self.draw(force=True)

    def draw(self, *, force: bool = False) -> None:
        self._redraw_at = time.monotonic()
        problem = None
        if self.live is not None and self.live.saver.problem is not None:
            problem = m("terminal.not-saved", self.language, file=self.opened.path, reason=self.live.saver.problem)
        self.screen.show(
            terminal.Facilitator(
                workshop=self.workshop,
                join_url=self.join_url,
                projector_url=self.projector_url,
                address=self.address,
                code=self.secrets.code,
                saved_to=str(self.opened.path),
                show_join=self.show_join,
                note_next=self.note_next,
                hint=self.hint,
                problem=problem,
            )
        )

    # -- the end -----------------------------------------------------------------------

    def _finish(self) -> int:
        """Save what is not yet saved, say how to go on; the status for how it ended."""
        failed = None
        try:
            self.store.save(self.workshop.snapshot())
        except OSError as error:
            failed = reason(error, self.language)
        path = self.opened.path
        words = ["socialmaturity", "workshop", "--resume", str(path)]
        report = ["socialmaturity", "report", str(path), "-o", str(path.with_suffix(".pdf"))]
        if self.options.questionnaire is not None:
            words += ["--questionnaire", self.options.questionnaire]
            report += ["--questionnaire", self.options.questionnaire]
        say = self.screen.say
        if failed is not None:
            say(m("terminal.not-saved", self.language, file=path, reason=failed))
        else:
            say(m("stop.saved", self.language, file=path))
        if self.workshop.at_end and len(self.workshop.answers) == self.workshop.total:
            say(m("stop.report", self.language, command=shlex.join(report)))
        else:
            say(m("stop.resume", self.language, command=shlex.join(words)))
        if failed is not None:
            return int(ExitStatus.BAD_INPUT)
        if self.signum is not None:
            if self.signum == signal.SIGINT:
                return int(ExitStatus.INTERRUPTED)
            return int(ExitStatus.for_signal(self.signum))
        return int(self.quit_status)
