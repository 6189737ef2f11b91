"""Where a workshop is kept: the answers file, and the workshop's state file beside it.

The answers file is written exactly as `assess` writes it (`interview.sheetfile`), so
a live workshop's file is scored, reported and validated like a typed one. What a
restarted server needs beyond it (the session secret, the projector's token, the
join code, the address, who holds which participant token, the question on screen
and its round) goes into `NAME.workshop.json`, readable by its owner only: it holds
the secrets that let phones back in. Participant tokens are kept as hashes.

Both are written with the one file layer (`files.write_text`): whole or not at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from ..files import os_reason, write_text
from ..i18n import N_, Said, said
from ..interview.sheetfile import SheetWriter, dump_sheet
from ..model import AnswerSheet, Questionnaire
from .core import Room, Snapshot

FORMAT: Final = 1
_CODE_ALPHABET: Final = "ACDEFGHJKMNPQRTUVWXY34679"  # no 0/O, 1/I/L, 2/Z, 5/S, 8/B: read off a wall
_STATE_LIMIT: Final = 4 << 20


class StateError(Exception):
    """The workshop's state file cannot be used; the message says why."""


@dataclass(frozen=True)
class Secrets:
    """What makes a workshop's addresses unguessable and its forms unforgeable."""

    session: str  # in every address of the workshop: at least 128 bits
    projector: str  # the projector page's own
    code: str  # the short join code people can type instead of scanning
    form_key: str  # signs the forms' CSRF tokens

    @classmethod
    def new(cls) -> Secrets:
        return cls(
            session=secrets.token_urlsafe(24),  # 192 bits
            projector=secrets.token_urlsafe(24),
            code="".join(secrets.choice(_CODE_ALPHABET) for _ in range(6)),
            form_key=secrets.token_hex(32),
        )

    def csrf(self, participant_token: str) -> str:
        """The CSRF token of a participant's forms: tied to their cookie, unforgeable without the key."""
        return hmac.new(self.form_key.encode(), participant_token.encode(), hashlib.sha256).hexdigest()


def new_token() -> str:
    """A participant's token, in their cookie."""
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    """What the server keeps of a token: a thief of the state file cannot use it."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True)
class Saved:
    """A workshop's state file as read."""

    secrets: Secrets
    host: str
    port: int
    room: Room


def state_path(answers: Path) -> Path:
    """`harbourlight.workshop.json` beside `harbourlight.yaml`."""
    return answers.with_name(f"{answers.stem or answers.name}.workshop.json")


def load_state(path: Path) -> Saved | None:
    """The state file, or None when there is none; StateError when it cannot be used."""
    try:
        with open(path, "rb") as stream:
            raw = stream.read(_STATE_LIMIT + 1)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StateError(said(N_("{where}: {problem}"), where=path, problem=os_reason(error))) from None
    if len(raw) > _STATE_LIMIT:
        raise StateError(said(N_("{path}: too large"), path=path))
    try:
        data = json.loads(raw.decode("utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(said(N_("unknown format")))
        keys = data["secrets"]
        found = Secrets(
            session=_text(keys["session"]),
            projector=_text(keys["projector"]),
            code=_text(keys["code"]),
            form_key=_text(keys["form_key"]),
        )
        room_data = data["room"]
        room = Room(
            anonymous=bool(room_data["anonymous"]),
            position=int(room_data["position"]),
            revealed=bool(room_data["revealed"]),
            paused=bool(room_data["paused"]),
            rounds={_text(q): int(n) for q, n in room_data["rounds"].items()},
            tokens={_text(h): _text(n) for h, n in room_data["tokens"].items()},
            joined=int(room_data["joined"]),
        )
        port = int(data["port"])
        if not 0 <= port <= 65535:
            raise ValueError(said(N_("port out of range")))
        return Saved(found, _text(data["host"]), port, room)
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as error:
        problem = error.args[0] if isinstance(error, ValueError) and error.args and isinstance(error.args[0], Said) else str(error)
        raise StateError(said(N_("{path}: not a workshop state file ({problem})"), path=path, problem=problem)) from None


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(said(N_("expected text")))
    return value


class Store:
    """Saves a workshop's snapshots; writes only the file that changed."""

    def __init__(self, answers: Path, questionnaire: Questionnaire, keys: Secrets, host: str, port: int) -> None:
        self.answers = answers
        self.state = state_path(answers)
        self.questionnaire = questionnaire
        self.secrets = keys
        self.host = host
        self.port = port
        self._written_sheet: str | None = None
        self._writer = SheetWriter(questionnaire)  # each ballot dumped once, not at every vote
        self._written_state: str | None = None

    def state_text(self, room: Room) -> str:
        document = {
            "format": FORMAT,
            "about": "The live workshop of the answers file beside it; holds its secrets: do not share.",
            "secrets": {
                "session": self.secrets.session,
                "projector": self.secrets.projector,
                "code": self.secrets.code,
                "form_key": self.secrets.form_key,
            },
            "host": self.host,
            "port": self.port,
            "room": {
                "anonymous": room.anonymous,
                "position": room.position,
                "revealed": room.revealed,
                "paused": room.paused,
                "rounds": room.rounds,
                "tokens": room.tokens,
                "joined": room.joined,
            },
        }
        return json.dumps(document, indent=1, ensure_ascii=False) + "\n"

    def save(self, snapshot: Snapshot) -> None:
        """Write what changed: the state first (a join's token), then the answers file.

        Killed between the two, the state names a participant the answers file lacks;
        the workshop adds them again when it is resumed.
        """
        state = self.state_text(snapshot.room)
        if state != self._written_state:
            _private(self.state)
            write_text(self.state, state)
            self._written_state = state
        sheet = self._writer.dump(snapshot.sheet)
        if sheet != self._written_sheet:
            write_text(self.answers, sheet)
            self._written_sheet = sheet

    def remember(self, sheet: AnswerSheet) -> None:
        """The answers file already holds `sheet` (a resumed file): not rewritten until it changes."""
        self._written_sheet = dump_sheet(sheet, self.questionnaire)


def _private(path: Path) -> None:
    """Create the state file readable by its owner only; a write keeps a file's mode."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
