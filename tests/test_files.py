"""Atomic writes: all or nothing, and never over something that is not a file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from socialmaturity.files import OutputError, atomic_writer, write_text
from socialmaturity.safetext import visible


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_writer(target) as stream:
        stream.write("half of the new")
        raise RuntimeError("killed")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml"]


def test_mode_follows_the_umask_or_the_replaced_file(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.csv"
    old_mask = os.umask(0o022)
    try:
        write_text(fresh, "x")
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    private = tmp_path / "private.yaml"
    private.write_text("x", encoding="utf-8")
    private.chmod(0o600)
    write_text(private, "y")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_pipe_is_not_replaced(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(OutputError, match="not a regular file"):
        write_text(pipe, "x")
    assert stat.S_ISFIFO(pipe.stat().st_mode)


@pytest.mark.parametrize(
    ("name", "reason"),
    [("missing/out.csv", "cannot write {target}: the folder .* does not exist"), ("", "{target} is a folder, not a file")],
)
def test_unwritable_targets_name_the_output(tmp_path: Path, name: str, reason: str) -> None:
    target = tmp_path / name if name else tmp_path
    with pytest.raises(OutputError, match=reason.format(target=target)):
        write_text(target, "x")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Acme\x1b[31m Ltd", "Acme\\x1b[31m Ltd"),
        ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
        ("abc\u202edcba", "abc\\u202edcba"),
        ("line one\nline two\ttab", "line one\nline two\ttab"),
        ("Zorggroep Veldkamp — één", "Zorggroep Veldkamp — één"),
    ],
)
def test_visible(text: str, shown: str) -> None:
    assert visible(text) == shown


def test_a_killed_writer_s_temporary_is_cleared_by_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    stale = tmp_path / ".answers.yaml.k1ll3d.tmp"
    stale.write_text("half", encoding="utf-8")
    os.utime(stale, (0, 0))
    fresh = tmp_path / ".answers.yaml.l1v3.tmp"  # a writer at work right now
    fresh.write_text("busy", encoding="utf-8")
    other = tmp_path / ".notes.yaml.k1ll3d.tmp"
    other.write_text("not ours", encoding="utf-8")
    os.utime(other, (0, 0))
    write_text(target, "whole\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, fresh.name, other.name])


# -- one symlink policy for every output ------------------------------------------------


def test_an_output_that_is_a_link_is_refused_and_both_files_are_kept(tmp_path: Path) -> None:
    # Writing through the link would change a file elsewhere; renaming over it would cut it.
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("kept\n", encoding="utf-8")
    link = tmp_path / "answers.yaml"
    link.symlink_to(elsewhere)
    with pytest.raises(OutputError) as refused:
        write_text(link, "new\n")
    assert refused.value.problem == "link"
    assert str(refused.value) == f"{link} is a symbolic link, not a file; nothing was written. Move it away, or choose another name"
    assert link.is_symlink() and elsewhere.read_text(encoding="utf-8") == "kept\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_an_output_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    from socialmaturity.files import check_folder

    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "out").symlink_to(real)
    with pytest.raises(OutputError) as refused:
        check_folder(tmp_path / "out")
    assert refused.value.problem == "link"
    check_folder(real)  # a real folder, or one not made yet, is fine
    check_folder(tmp_path / "new")
