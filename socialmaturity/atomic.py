"""Write files so that a crash or a kill never leaves half of one behind."""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO


class OutputError(OSError):
    """An output that cannot be written; the message names the output, not a temporary file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}")
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"cannot write {self.path}: {self.reason}"


def check_target(path: Path) -> None:
    """Refuse an output that is not a regular file or whose folder cannot take one."""
    path = Path(path)
    if path.is_symlink() or path.exists():
        if path.is_dir():
            raise OutputError(path, "it is a folder")
        if not path.is_file():
            # a FIFO or a device: renaming over it would replace it
            raise OutputError(path, "it is not a regular file (a pipe or a device)")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(path, f"the folder {folder} does not exist")


@contextlib.contextmanager
def atomic_writer(path: Path, *, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None) -> Iterator[IO[str]]:
    """Write to a temporary file in the same folder; fsync and rename it over `path` on success."""
    path = Path(path)
    check_target(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError(path, error.strerror or str(error)) from None
    try:
        # mkstemp makes the file private; give it the mode a plain open() would have
        os.chmod(temporary, mode_for(path))
        with os.fdopen(handle, mode, encoding=encoding if "b" not in mode else None, newline=newline) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.replace(temporary, path)
        except OSError as error:
            raise OutputError(path, error.strerror or str(error)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)
    _remove_stale_temporaries(path)


STALE_AFTER = 60.0
"""Seconds after which a temporary file of ours is taken to be left by a killed writer."""


def _remove_stale_temporaries(path: Path) -> None:
    # A writer killed between creating its temporary file and renaming it (SIGKILL,
    # power loss) leaves the temporary behind; the next successful write of the same
    # file clears it. A live writer's temporary exists for milliseconds, not a minute.
    folder = path.parent if str(path.parent) else Path(".")
    cutoff = time.time() - STALE_AFTER
    for leftover in folder.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if leftover.is_file() and leftover.stat().st_mtime < cutoff:
                leftover.unlink()


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


def write_text(path: Path, content: str) -> None:
    with atomic_writer(path) as stream:
        stream.write(content)


def write_bytes(path: Path, content: bytes) -> None:
    with atomic_writer(path, mode="wb", encoding=None) as stream:
        stream.write(content)  # type: ignore[arg-type]


def _sync_folder(folder: Path) -> None:
    # the rename itself is only durable once the folder's entry is on disk
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
