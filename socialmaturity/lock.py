"""One editor at a time for an answers file: `assess` now, a live-workshop server later.

Two interviews saving one answers file each write the whole file after every
answer, so the last to save silently drops what the other added. An `EditLock`
makes the second one refuse instead, and says who has the file open.

The answers file is replaced by an atomic rename at every save, so a lock on the
file itself would be lost at the first save. The lock is a sidecar file beside it,
`.NAME.lock`, held with `flock(LOCK_EX | LOCK_NB)`; the holder's description (pid,
user, host, command, since when) is written into it for the one who is refused.

- A holder that dies, even by SIGKILL, holds nothing: the kernel releases the
  flock, and the sidecar left behind is simply taken again by the next editor.
- A release removes the sidecar; whoever takes a lock checks afterwards that the
  sidecar it locked is still the one at that name, so a removal cannot let two in.
- Every spelling of a path meets the same sidecar: `./x.yaml`, `a/../x.yaml` and a
  symlinked folder resolve to one name. A symlink to the answers file locks both
  the link's name and its target's, because the first save replaces the link by a
  file of its own. A case-insensitive file system folds the sidecar's name as it
  folds the answers file's. Hard links are not recognised (a save breaks them).
- The lock is advisory: it keeps out programs that take it, not an editor.
- Locks work across processes and within one (each `EditLock` opens the sidecar
  anew), and across machines only where the file system passes flock on (Linux
  NFS does; some SMB mounts do not).
- Where Python has no `fcntl` (Windows), nothing is locked: `LOCKING` is False,
  `acquire()` succeeds without a sidecar, and `held` stays False, so a caller can
  say so. Running one interview per file is then up to the people.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import socket
import stat
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Final

from .files import os_reason
from .i18n import N_, Said, said

try:
    import fcntl

    LOCKING = True
except ImportError:  # pragma: no cover - Windows
    LOCKING = False

SUFFIX: Final = ".lock"
# A description is a few hundred bytes; a larger sidecar was not written by us
# and is not read in full.
_DESCRIPTION_LIMIT: Final = 4096
_TEXT_LIMIT: Final = 200
# Taking a sidecar that its holder removes at the same moment is retried; a name
# that changes this often is not an editor releasing it.
_ATTEMPTS: Final = 20


@dataclass(frozen=True)
class Holder:
    """Who has an answers file open: enough for the next person to find them."""

    pid: int
    user: str
    host: str
    command: str
    since: dt.datetime

    @classmethod
    def this_process(cls, command: str, since: dt.datetime) -> Holder:
        """This process as a holder; `since` is the caller's clock, `command` what it runs."""
        return cls(pid=os.getpid(), user=_user(), host=socket.gethostname(), command=command, since=since)

    def to_text(self) -> str:
        """The sidecar's content: one JSON object, readable with `cat`."""
        document = {
            "pid": self.pid,
            "user": self.user,
            "host": self.host,
            "command": self.command,
            "since": self.since.isoformat(timespec="seconds"),
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_text(cls, text: str) -> Holder | None:
        """A holder read back from a sidecar; None for anything that is not one of ours.

        The sidecar is a file anyone with access to the folder can write: texts are
        cut short here and must still be made safe before they reach a terminal.
        """
        try:
            document = json.loads(text)
        except ValueError:
            return None
        if not isinstance(document, dict):
            return None
        pid, since = document.get("pid"), document.get("since")
        texts = [document.get(key) for key in ("user", "host", "command")]
        if not (isinstance(pid, int) and not isinstance(pid, bool)) or not isinstance(since, str):
            return None
        if not all(isinstance(value, str) for value in texts):
            return None
        try:
            started = dt.datetime.fromisoformat(since)
        except ValueError:
            return None
        user, host, command = (str(value)[:_TEXT_LIMIT] for value in texts)
        return cls(pid=pid, user=user, host=host, command=command, since=started)


class AlreadyOpen(Exception):
    """The answers file is open in another editor; `holder` is None when it cannot be told."""

    def __init__(self, path: Path, holder: Holder | None) -> None:
        super().__init__(said(N_("{path} is open in another editor"), path=path))
        self.path = path
        self.holder = holder


def sidecars(path: Path) -> list[Path]:
    """The sidecar lock files of `path`: one per name the answers file goes by.

    The path as spelled (its folder resolved) and, when it is a symlink, the file it
    leads to; the answers file itself need not exist yet.
    """
    path = Path(path)
    names = {Path(os.path.realpath(path))}
    if path.name not in ("", ".", ".."):
        names.add(Path(os.path.realpath(path.parent)) / path.name)
    return sorted(name.with_name(f".{name.name}{SUFFIX}") for name in names)


class EditLock:
    """An exclusive lock on an answers file for as long as it is being edited.

    `acquire()` raises AlreadyOpen when another editor holds it, OSError when the
    sidecar cannot be made (a folder that is missing or read-only). Use it as a
    context manager, or call `release()`; releasing twice is harmless.
    """

    def __init__(self, path: Path, holder: Holder | None) -> None:
        self.path = Path(path)
        self.holder = holder  # None: hold it undescribed (the refused are told "another")
        self._taken: list[tuple[Path, int]] = []

    @property
    def held(self) -> bool:
        return bool(self._taken)

    def acquire(self) -> None:
        if not LOCKING or self._taken:
            return
        try:
            for sidecar in sidecars(self.path):
                self._taken.append((sidecar, _take(sidecar, self.path)))
        except BaseException:
            self.release()
            raise
        # undescribed, a sidecar left by a dead holder must not name it still
        description = self.holder.to_text().encode("utf-8") if self.holder is not None else b""
        for _, fd in self._taken:
            _describe(fd, description)

    def release(self) -> None:
        taken, self._taken = self._taken, []
        for sidecar, fd in reversed(taken):
            try:
                # removed while still locked: whoever opened it meanwhile fails to
                # lock it now, or locks it later and sees it is no longer the sidecar
                if _same_file(fd, sidecar):
                    os.unlink(sidecar)
            except OSError:
                pass  # a folder gone or read-only keeps a sidecar; the next editor takes it
            finally:
                os.close(fd)

    def __enter__(self) -> EditLock:
        self.acquire()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.release()


def _take(sidecar: Path, path: Path) -> int:
    """The sidecar's descriptor, locked; raises AlreadyOpen or OSError."""
    for _ in range(_ATTEMPTS):
        fd = _open(sidecar)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _description(fd)
            os.close(fd)
            raise AlreadyOpen(path, holder) from None
        except OSError as error:
            os.close(fd)
            raise _problem(
                said(N_("the file system cannot lock {name} ({reason})"), name=sidecar.name, reason=os_reason(error))
            ) from None
        except BaseException:
            os.close(fd)
            raise
        if not _same_file(fd, sidecar):
            os.close(fd)  # released and removed between our open and our lock: again
            continue
        if not _writable(fd):
            # someone else's stale sidecar we may not write: we hold it, so it may
            # go, and a fresh one of our own takes its place
            try:
                os.unlink(sidecar)
            except OSError:
                return fd  # held, but it keeps its old description
            os.close(fd)
            continue
        return fd
    raise _problem(said(N_("the lock file {name} keeps being replaced"), name=sidecar.name))


def _open(sidecar: Path) -> int:
    # never through a symlink (a planted one would have us truncate its target), and
    # never blocking on a FIFO
    flags = os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(sidecar, os.O_RDWR | flags, 0o666)
    except PermissionError:
        # another user's sidecar in a shared folder: a read-only descriptor locks as well
        fd = os.open(sidecar, os.O_RDONLY | flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _problem(said(N_("the lock file {name} is a symlink"), name=sidecar.name)) from None
        if error.errno == errno.EISDIR:
            raise _problem(_not_regular(sidecar)) from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _problem(_not_regular(sidecar))
    return fd


def _not_regular(sidecar: Path) -> Said:
    return said(N_("the lock file {name} is not a regular file"), name=sidecar.name)


def _problem(text: Said) -> OSError:
    """An OSError that says `text`: without an error number, so that the words for a
    system error (files.os_reason) do not take the place of the lock file's name."""
    return OSError(None, text)


def _writable(fd: int) -> bool:
    mode = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE
    return mode in (os.O_RDWR, os.O_WRONLY)


def _same_file(fd: int, sidecar: Path) -> bool:
    try:
        named = os.stat(sidecar, follow_symlinks=False)
    except OSError:
        return False
    opened = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _describe(fd: int, description: bytes) -> None:
    if not _writable(fd):
        return
    try:
        os.ftruncate(fd, 0)
        if description:
            os.pwrite(fd, description, 0)
    except OSError:
        pass  # a full disk: the lock holds all the same, only undescribed


def _description(fd: int) -> Holder | None:
    try:
        raw = os.pread(fd, _DESCRIPTION_LIMIT, 0)
    except OSError:
        return None
    return Holder.from_text(raw.decode("utf-8", "replace"))


def _user() -> str:
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, AttributeError):
        import getpass

        try:
            return getpass.getuser()
        except Exception:  # getpass raises whatever its last fallback raises
            return "?"
