"""Writing files: the one place that decides how an output is written, and when it is refused.

Every command that writes (an answers file, a report, batch results, a mapping) goes
through this module, so one policy holds everywhere:

- **Never half a file.** An output is written to a temporary file beside it, synced,
  and renamed over it. Several outputs of one run (`StagedFiles`) are renamed
  together at the very end, after every one of them was written whole.
- **Never over something that is not a regular file.** An existing output that is a
  folder, a FIFO, a device or a **symbolic link** is refused, and nothing is written.
  A link is refused even when it points to a regular file: writing through it would
  change a file somewhere else, and renaming over it would silently cut the link.
- **Never over an input.** `first_clash` tells when an output is one of the inputs,
  by any spelling of its path.
- **Never a mix.** `StagedFiles.commit` writes a journal (`.socialmaturity-commit`)
  naming every rename before the first one, removes the marker file (the first one
  opened, e.g. summary.json) and puts it back last: while the marker is missing the
  folder is being committed, and a writer killed between the renames leaves the
  journal, which the next `StagedFiles` in that folder (or `recover`) finishes first.
- **Nothing left behind.** A writer killed between creating its temporary file and
  renaming it leaves a hidden `.NAME.<pid>.*.tmp`; the next write to the same file
  removes those whose process is gone (or, without a process id, older than
  `STALE_AFTER`).

Problems are `OutputError`s that name the output, never a temporary file;
`OutputError.describe` puts them into words for the person who chose the output.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import json
import os
import re
import stat
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Literal

from .i18n import N_, Catalogue, message, said, shown_in

Problem = Literal["folder", "link", "special", "no-folder", "folder-refuses", "cannot-write"]

MESSAGES: Catalogue = {
    "folder": N_("{path} is a folder, not a file; nothing was written. Move it away, or choose another {option}"),
    "link": N_("{path} is a symbolic link, not a file; nothing was written. Move it away, or choose another {option}"),
    "special": N_("{path} is not a regular file (a pipe, socket or device); nothing was written. Move it away, or choose another {option}"),
    "no-folder": N_("cannot write {path}: the folder {folder} does not exist"),
    "folder-refuses": N_("cannot write {path}: the folder {folder} does not take new files ({detail})"),
    "cannot-write": N_("cannot write {path}: {detail}; nothing was written"),
    "option": N_("name"),
}

REASONS: Catalogue = {
    "folder": N_("it is a folder"),
    "link": N_("it is a symbolic link"),
    "special": N_("it is not a regular file (a pipe or a device)"),
    "no-folder": N_("the folder {folder} does not exist"),
    "folder-refuses": N_("the folder {folder} does not take new files ({detail})"),
    "cannot-write": N_("{detail}"),
}


class OutputError(OSError):
    """An output that cannot be written.

    `problem` is 'folder', 'link' or 'special' for an existing output that is not a
    regular file (it is never replaced), 'no-folder' when its folder does not exist,
    'folder-refuses' when the folder takes no new file, and 'cannot-write' when the
    write itself failed (`detail` says why).
    """

    def __init__(self, path: Path, problem: Problem, detail: str = "") -> None:
        super().__init__(f"{path}: {problem}")
        self.path = Path(path)
        self.problem: Problem = problem
        self.detail = detail

    @property
    def folder(self) -> Path:
        return _folder_of(self.path)

    def describe(self, language: str = "en", option: str | None = None) -> str:
        """The problem in words; `option` names what the user gave (e.g. '--out-dir')."""
        return message(
            MESSAGES,
            self.problem,
            language,
            path=self.path,
            folder=self.folder,
            detail=self.detail,
            option=option or message(MESSAGES, "option", language),
        )

    def reason(self, language: str = "en") -> str:
        """Why, without the output's name: for a message that names it already."""
        return message(REASONS, self.problem, language, folder=self.folder, detail=self.detail)

    def __str__(self) -> str:
        return self.describe()


def reason(error: BaseException, language: str = "en") -> str:
    """Why an operating-system call failed, in words, without a file name."""
    if isinstance(error, OutputError):
        return error.reason(language)
    return shown_in(os_reason(error), language)


_ERRNO: dict[int, str] = {
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("the operation is not permitted"),
    errno.ENOENT: N_("no such file or folder"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EROFS: N_("the file system is read-only"),
    errno.ELOOP: N_("too many symbolic links"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EEXIST: N_("it exists already"),
    errno.EIO: N_("an input/output error"),
    errno.EBUSY: N_("it is in use"),
    errno.EXDEV: N_("it is on another file system"),
}


def _detail(error: BaseException) -> str:
    """Why a write failed, as a message shown later in the reader's language."""
    return reason(error) if isinstance(error, OutputError) else os_reason(error)


def os_reason(error: BaseException) -> str:
    """Why an operating-system call failed, as a message of the tool's (the system's
    own text for the rarer errors), without a file name."""
    if isinstance(error, OSError):
        known = _ERRNO.get(error.errno or 0)
        if known is not None:
            return said(known)
        if error.strerror:
            return error.strerror
    return str(error) or type(error).__name__


def _folder_of(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


# -- which file is which ------------------------------------------------------------

TargetKind = Literal["folder", "link", "special"]


def target_kind(path: Path) -> TargetKind | None:
    """What an existing output is when it is not a regular file; None when it is one or
    does not exist (or cannot be looked at: writing it will say why)."""
    try:
        mode = os.lstat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISLNK(mode):
        return "link"
    return "special"


def check_target(path: Path) -> None:
    """Raise OutputError unless `path` can be written: a regular file or nothing yet, in
    a folder that exists."""
    path = Path(path)
    kind = target_kind(path)
    if kind is not None:
        raise OutputError(path, kind)
    if not _folder_of(path).is_dir():
        raise OutputError(path, "no-folder")


def check_folder(folder: Path) -> None:
    """Raise OutputError unless `folder` is a real folder (or does not exist yet): an
    output folder that is a link would put the outputs somewhere else."""
    kind = target_kind(folder)
    if kind == "folder":
        return
    if kind is not None:
        raise OutputError(folder, kind)
    if folder.exists():
        raise OutputError(folder, "cannot-write", said(N_("not a folder")))


def same_file(first: Path, second: Path) -> bool:
    """True when both paths name one file: the same inode (a link, another spelling of
    the path), or, for a path that does not exist yet, the same resolved path."""
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):
        pass
    try:
        return Path(first).resolve() == Path(second).resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL in the name
        return os.path.abspath(first) == os.path.abspath(second)


def first_clash(outputs: Iterable[Path], inputs: Iterable[Path]) -> tuple[Path, Path] | None:
    """The first (output, input) pair that is one file, if any."""
    given = list(inputs)
    for output in outputs:
        for source in given:
            if same_file(output, source):
                return output, source
    return None


# -- file names ---------------------------------------------------------------------

_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


def file_slug(name: str, fallback: str, limit: int = 60) -> str:
    """A file name from any text (an organisation, a group): lowercase ASCII letters,
    digits and dashes, never a path, a hidden file or a name Windows reserves."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")
    if not slug:
        return fallback
    if slug in _WINDOWS_RESERVED:
        return f"{slug}-{fallback}"
    return slug


# -- one file -----------------------------------------------------------------------


def _temporary(path: Path) -> tuple[int, Path]:
    """A new temporary file beside `path`, with the mode a plain open() would give."""
    folder = _folder_of(path)
    try:
        # The process id in the name tells a killed writer's leftover from a live one's.
        handle, name = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=folder
        )
    except (OSError, ValueError) as error:
        raise OutputError(path, "folder-refuses", _detail(error)) from None
    try:
        # mkstemp makes the file private; give it the mode a plain open() would have
        os.chmod(name, mode_for(path))
    except OSError as error:
        os.close(handle)
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise OutputError(path, "cannot-write", _detail(error)) from None
    return handle, Path(name)


@contextlib.contextmanager
def atomic_writer(
    path: Path, *, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None
) -> Iterator[IO[str]]:
    """Write to a temporary file beside `path`; sync and rename it over `path` on success.

    Raises OutputError (naming `path`) when the output is refused or the write fails;
    on any failure the temporary file is removed and `path` is left as it was.
    """
    path = Path(path)
    check_target(path)
    handle, temporary = _temporary(path)
    try:
        binary = "b" in mode
        try:
            stream = os.fdopen(handle, mode, encoding=None if binary else encoding, newline=newline)
        except BaseException:
            os.close(handle)
            raise
        with stream:
            yield stream
            try:
                stream.flush()
                os.fsync(stream.fileno())
            except OSError as error:
                raise OutputError(path, "cannot-write", _detail(error)) from None
        check_target(path)  # checked again as late as possible: the write may have taken a while
        try:
            os.replace(temporary, path)
        except OSError as error:
            raise OutputError(path, "cannot-write", _detail(error)) from None
    except OutputError:
        _unlink(temporary)
        raise
    except OSError as error:  # a write into the stream failed (a full disk)
        _unlink(temporary)
        raise OutputError(path, "cannot-write", _detail(error)) from None
    except BaseException:
        _unlink(temporary)
        raise
    sync_folder(_folder_of(path))
    remove_stale_temporaries(path)


def write_text(path: Path, content: str) -> None:
    """Write `content` to `path` as UTF-8, atomically."""
    with atomic_writer(path) as stream:
        stream.write(content)


def write_bytes(path: Path, content: bytes) -> None:
    """Write `content` to `path`, atomically."""
    with atomic_writer(path, mode="wb", encoding=None) as stream:
        stream.write(content)  # type: ignore[arg-type]


# -- several files, put in place together ---------------------------------------------


@dataclass
class _Staged:
    target: Path
    temporary: Path | None  # None once in place
    stream: IO[str]


class StagedFiles:
    """Outputs in one folder, written to temporary files and renamed into place together.

        with StagedFiles(folder) as files:
            summary = files.open("summary.json")
            rows = files.open("rows.csv")
            ...
            files.commit()

    `open` checks the target and creates its temporary file at once, so a folder that
    cannot be written is known before any work is done. `commit` syncs and closes every
    file, checks every target again and only then renames them, in the reverse order
    of opening (the first file opened is the last in place). Leaving the block without
    `commit`, or with an exception, removes every temporary file and leaves the
    outputs as they were.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder if str(folder) else Path(".")
        self._staged: list[_Staged] = []
        self._remove: list[Path] = []
        self._done = False
        self._recovered = False

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.discard()

    def open(self, name: str) -> IO[str]:
        """A text stream (UTF-8, newlines as written) for the output `name`."""
        if not self._recovered:
            # An earlier writer killed between its renames: finish its commit first.
            self._recovered = True
            recover(self.folder)
        target = self.folder / name
        check_target(target)
        handle, temporary = _temporary(target)
        try:
            stream = os.fdopen(handle, "w", encoding="utf-8", newline="")
        except BaseException:
            os.close(handle)
            _unlink(temporary)
            raise
        self._staged.append(_Staged(target, temporary, stream))
        return stream

    def remove_on_commit(self, name: str) -> None:
        """Remove the output `name` (a regular file) when the others are put in place:
        an earlier run's file that this run does not write would be taken for its own."""
        target = self.folder / name
        check_target(target)
        self._remove.append(target)

    def commit(self) -> None:
        """Put every output in place; raises OutputError (and changes nothing) when one
        can no longer be written."""
        if self._done:
            raise RuntimeError("the files were committed or discarded already")
        for staged in self._staged:
            try:
                staged.stream.flush()
                os.fsync(staged.stream.fileno())
                staged.stream.close()
            except OSError as error:
                raise OutputError(staged.target, "cannot-write", reason(error)) from None
        for target in [s.target for s in self._staged] + self._remove:
            check_target(target)
        # The first file opened is the marker: renamed last and, when there are others,
        # removed first, so that a folder with a marker never holds a mix.
        order = list(reversed(self._staged))
        marker = self._staged[0].target if len(self._staged) > 1 else None
        journal = self.folder / JOURNAL
        try:
            write_text(
                journal,
                json.dumps(
                    {
                        "renames": [
                            [s.temporary.name, s.target.name] for s in order if s.temporary is not None
                        ],
                        "remove": [target.name for target in self._remove],
                        "marker": marker.name if marker is not None else None,
                    }
                ),
            )
            if marker is not None:
                with contextlib.suppress(FileNotFoundError):
                    marker.unlink()
        except OSError as error:
            raise OutputError(self._staged[0].target, "cannot-write", reason(error)) from None
        for staged in order:
            assert staged.temporary is not None
            try:
                os.replace(staged.temporary, staged.target)
            except OSError as error:
                raise OutputError(staged.target, "cannot-write", reason(error)) from None
            staged.temporary = None
        for target in self._remove:
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
        self._done = True
        sync_folder(self.folder)
        _unlink(journal)
        sync_folder(self.folder)
        for staged in self._staged:
            remove_stale_temporaries(staged.target)

    def discard(self) -> None:
        """Remove every temporary file not yet in place."""
        for staged in self._staged:
            with contextlib.suppress(OSError):
                staged.stream.close()
            if staged.temporary is not None:
                _unlink(staged.temporary)
                staged.temporary = None
        self._done = True


# -- housekeeping ---------------------------------------------------------------------

JOURNAL = ".socialmaturity-commit"
"""The journal of a commit in progress, in the folder being committed."""

_TEMPORARY = re.compile(r"\.(?P<target>.+?)\.(?:(?P<pid>\d+)\.)?[^./]*\.tmp")


def recover(folder: Path) -> bool:
    """Finish a commit that a killed writer left half done in `folder`; True if it did.

    The journal names each rename as (temporary, target) inside the folder; the ones
    whose temporary is still there are done now, in order, then the removals, then the
    journal goes. A journal naming anything else (another folder, a file that is not a
    temporary of its target) is ignored and removed: it was not written by a commit.
    """
    journal = Path(folder) / JOURNAL
    if target_kind(journal) is not None or not journal.is_file():
        return False
    try:
        plan = json.loads(journal.read_text(encoding="utf-8"))
        renames = [(str(a), str(b)) for a, b in plan.get("renames", [])]
        removals = [str(name) for name in plan.get("remove", [])]
    except (OSError, ValueError, TypeError, AttributeError):
        _unlink(journal)
        return False

    def plain(name: str) -> bool:
        return bool(name) and "/" not in name and "\\" not in name and name not in (".", "..")

    valid = all(
        plain(temporary)
        and plain(target)
        and temporary.startswith(f".{target}.")
        and temporary.endswith(".tmp")
        for temporary, target in renames
    ) and all(plain(name) for name in removals)
    if valid:
        for temporary, target in renames:
            source = Path(folder) / temporary
            if source.is_file() and not source.is_symlink() and target_kind(Path(folder) / target) is None:
                with contextlib.suppress(OSError):
                    os.replace(source, Path(folder) / target)
        for name in removals:
            if target_kind(Path(folder) / name) is None:
                with contextlib.suppress(OSError):
                    (Path(folder) / name).unlink()
        sync_folder(Path(folder))
    _unlink(journal)
    sync_folder(Path(folder))
    return valid

STALE_AFTER = 60.0
"""Seconds after which a temporary file of ours is taken to be left by a killed writer."""


def remove_stale_temporaries(path: Path) -> None:
    """Remove the temporary files a killed writer of `path` left behind.

    A writer killed between creating its temporary file and renaming it (SIGKILL,
    power loss) leaves the temporary behind; the next successful write of the same file
    clears it. A live writer's temporary exists for milliseconds, not a minute.
    """
    cutoff = time.time() - STALE_AFTER
    for leftover in _folder_of(path).glob(f".{glob.escape(path.name)}.*.tmp"):
        found = _TEMPORARY.fullmatch(leftover.name)
        pid = int(found.group("pid")) if found and found.group("pid") else None
        with contextlib.suppress(OSError):
            if not leftover.is_file() or leftover.is_symlink():
                continue
            if (pid is not None and pid != os.getpid() and not _alive(pid)) or (
                leftover.stat().st_mtime < cutoff
            ):
                leftover.unlink()


def _alive(pid: int) -> bool:
    """Whether a process with this id runs (a temporary's writer)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # someone else's process, or cannot tell: keep its file
    return True


def mode_for(path: Path) -> int:
    """The mode a file written at `path` gets: the replaced file's, else what the umask allows."""
    try:
        return os.stat(path).st_mode & 0o777  # keep the mode of the file being replaced
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def sync_folder(folder: Path) -> None:
    """Make the renames in `folder` durable: they are only on disk once its entries are."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
