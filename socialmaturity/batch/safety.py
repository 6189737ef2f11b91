"""What `batch` and `mapping init` write and print, made safe for the user's files and terminal.

- `terminal_text`: text from an export (a heading, a cell, a file name) with its control
  and bidi characters shown as escapes, so that it cannot drive the terminal it is
  printed on or make a line read differently from what it is;
- `same_file`: whether two paths are one file, so that no output replaces an input;
- `check_target`: an existing output that is not a regular file is never replaced;
- `StagedFiles`: a set of outputs written to temporary files beside them and renamed
  into place together at the very end, so that a failure at any point before leaves the
  previous files as they were, and never half a file.

Errors are `OutputProblem`s that name the output (never a temporary file); the command
turns them into a message.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Literal

from ..atomic import mode_for
from ..safetext import visible


def terminal_text(text: str, *, lines: bool = False) -> str:
    """`text` with every control or bidi character shown as an escape: ESC as `\\x1b`,
    a right-to-left override as `\\u202e`. With `lines`, newlines are kept."""
    if lines:
        return "\n".join(visible(line, one_line=True) for line in text.split("\n"))
    return visible(text, one_line=True)


# -- which file is which ------------------------------------------------------------


def same_file(first: Path, second: Path) -> bool:
    """True when both paths name one file: the same inode (a link, another spelling of
    the path), or, for a path that does not exist yet, the same resolved path."""
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):
        pass
    try:
        return first.resolve() == second.resolve()
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


# -- outputs ------------------------------------------------------------------------

TargetKind = Literal["folder", "link", "special"]


class OutputProblem(Exception):
    """An output that cannot be written.

    `kind` is 'folder', 'link' or 'special' for an existing output that is not a regular
    file (it is never replaced), 'no-folder' when its folder does not exist, and
    'cannot-write' when the folder cannot take a file (then `detail` says why).
    """

    def __init__(self, path: Path, kind: str, detail: str = "") -> None:
        super().__init__(f"{path}: {kind}{': ' + detail if detail else ''}")
        self.path = path
        self.kind = kind
        self.detail = detail


def target_kind(path: Path) -> TargetKind | None:
    """What an existing output is when it is not a regular file; None when it is one, or
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
    """Raise OutputProblem when `path` exists and is not a regular file: a folder, a
    symbolic link, a FIFO or a device would be replaced by renaming a file over it."""
    kind = target_kind(path)
    if kind is not None:
        raise OutputProblem(path, kind)


def _why(error: OSError) -> str:
    return error.strerror or str(error)


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
    cannot be written is known before any work is done. `commit` closes every file,
    checks every target again and only then renames them, in the reverse order of
    opening (the first file opened is the last in place). Leaving the block without
    `commit`, or with an exception, removes every temporary file and leaves the
    outputs as they were.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder if str(folder) else Path(".")
        self._staged: list[_Staged] = []
        self._remove: list[Path] = []
        self._done = False

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
        target = self.folder / name
        check_target(target)
        if not self.folder.is_dir():
            raise OutputProblem(target, "no-folder")
        try:
            handle, temporary = tempfile.mkstemp(
                prefix=f".{name}.", suffix=".tmp", dir=self.folder
            )
        except (OSError, ValueError) as error:
            detail = _why(error) if isinstance(error, OSError) else str(error)
            raise OutputProblem(target, "cannot-write", detail) from None
        try:
            # mkstemp makes the file private; give it the mode a plain open() would have
            os.chmod(temporary, mode_for(target))
            stream = os.fdopen(handle, "w", encoding="utf-8", newline="")
        except BaseException:
            os.close(handle)
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        self._staged.append(_Staged(target, Path(temporary), stream))
        return stream

    def remove_on_commit(self, name: str) -> None:
        """Remove the output `name` (a regular file) when the others are put in place:
        an earlier run's file that this run does not write would be taken for its own."""
        target = self.folder / name
        check_target(target)
        self._remove.append(target)

    def commit(self) -> None:
        """Put every output in place; raises OutputProblem (and changes nothing) when one
        can no longer be written."""
        if self._done:
            raise RuntimeError("the files were committed or discarded already")
        try:
            for staged in self._staged:
                stream = staged.stream
                stream.flush()
                os.fsync(stream.fileno())
                stream.close()
        except OSError as error:
            raise OutputProblem(staged.target, "cannot-write", _why(error)) from None
        # Checked once more, as late as possible: the run may have taken a while.
        for staged in self._staged:
            check_target(staged.target)
        for target in self._remove:
            check_target(target)
        for staged in reversed(self._staged):
            assert staged.temporary is not None
            try:
                os.replace(staged.temporary, staged.target)
            except OSError as error:
                raise OutputProblem(staged.target, "cannot-write", _why(error)) from None
            staged.temporary = None
        for target in self._remove:
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
        self._done = True
        _sync_folder(self.folder)

    def discard(self) -> None:
        """Remove every temporary file not yet in place."""
        for staged in self._staged:
            with contextlib.suppress(OSError):
                staged.stream.close()
            if staged.temporary is not None:
                with contextlib.suppress(OSError):
                    staged.temporary.unlink()
                staged.temporary = None
        self._done = True


def write_file(path: Path, text: str) -> None:
    """Write one output the way StagedFiles does: never half a file, never over a
    folder, link or special file."""
    with StagedFiles(path.parent) as files:
        files.open(path.name).write(text)
        files.commit()


def _sync_folder(folder: Path) -> None:
    # the renames are only durable once the folder's entries are on disk
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
