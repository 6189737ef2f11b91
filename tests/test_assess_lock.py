"""One interview per answers file: the edit lock, on its own and in `assess`.

Two interviews on one file each save the whole file after every answer, so the
second silently drops what the first added. The library first (fast), then real
processes: a second `assess` refuses and names the first; a killed one blocks
nobody; the lock goes however the interview ends.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pwd
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest
import test_assess_e2e as e2e

from socialmaturity.files import reason
from socialmaturity.loader import load_answers
from socialmaturity.lock import AlreadyOpen, EditLock, Holder, sidecars

pytestmark = pytest.mark.slow  # real processes in pseudo-terminals, two at a time

# the fixtures of the end-to-end tests: the mini model in a folder, and spawned processes
workdir = e2e.workdir
children = e2e.children
spawn, finish, answered, replay, MINI_Q = e2e.spawn, e2e.finish, e2e.answered, e2e.replay, e2e.MINI_Q

SINCE = dt.datetime(2026, 11, 22, 10, 42, tzinfo=dt.timezone.utc)
ME = f"{pwd.getpwuid(os.getuid()).pw_name}@{socket.gethostname()}"


def maren(pid: int = 4242) -> Holder:
    return Holder(pid=pid, user="maren", host="laptop", command="socialmaturity assess --resume h.yaml", since=SINCE)


def refused(path: Path) -> AlreadyOpen:
    with pytest.raises(AlreadyOpen) as raised:
        EditLock(path, None).acquire()
    return raised.value


# -- the library ----------------------------------------------------------------------------


def test_a_second_lock_is_refused_and_names_the_holder(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    with EditLock(path, maren()) as first:
        assert first.held
        assert sidecars(path) == [tmp_path / ".h.yaml.lock"]
        assert Holder.from_text((tmp_path / ".h.yaml.lock").read_text(encoding="utf-8")) == maren()
        busy = refused(path)  # within one process too: a server with two sessions
        assert (busy.path, busy.holder) == (path, maren())
    assert sorted(tmp_path.iterdir()) == []  # released and cleared away
    with EditLock(path, None) as again:
        assert again.held
    again.release()  # twice is harmless


@pytest.mark.parametrize(
    ("held", "tried"),
    [
        ("h.yaml", "./h.yaml"),
        ("h.yaml", "sub/../h.yaml"),
        ("h.yaml", "linked-folder/h.yaml"),
        ("h.yaml", "link.yaml"),
        ("link.yaml", "h.yaml"),
        ("h.yaml", "ABSOLUTE"),
    ],
)
def test_every_spelling_of_the_path_meets_the_same_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held: str, tried: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "h.yaml").write_text("answers: {}\n", encoding="utf-8")
    (tmp_path / "linked-folder").symlink_to(tmp_path)
    (tmp_path / "link.yaml").symlink_to("h.yaml")
    with EditLock(Path(held), maren()):
        busy = refused(tmp_path / "h.yaml" if tried == "ABSOLUTE" else Path(tried))
        assert busy.holder == maren()


def test_a_symlink_replaced_by_a_save_stays_locked(tmp_path: Path) -> None:
    (tmp_path / "h.yaml").write_text("answers: {}\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to("h.yaml")
    with EditLock(link, maren()):
        # a save renames a new file over the link: it is a file of its own from then on
        link.unlink()
        link.write_text("answers: {a1: some}\n", encoding="utf-8")
        assert refused(link).holder == maren()
        assert refused(tmp_path / "h.yaml").holder == maren()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.yaml", "link.yaml"]


def test_a_lock_file_left_behind_is_taken_again(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    (tmp_path / ".h.yaml.lock").write_text(maren(pid=999_999).to_text(), encoding="utf-8")
    me = Holder.this_process("socialmaturity assess --out h.yaml", SINCE)
    with EditLock(path, me):
        assert Holder.from_text((tmp_path / ".h.yaml.lock").read_text(encoding="utf-8")) == me
        assert refused(path).holder == me
    assert not (tmp_path / ".h.yaml.lock").exists()


HOLD = """\
import sys, time, datetime as dt
from collections.abc import Callable
from pathlib import Path
from socialmaturity.lock import EditLock, Holder
since = dt.datetime.now().astimezone()
lock = EditLock(Path(sys.argv[1]), Holder.this_process("holder", since))
lock.acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_a_lock_held_by_a_killed_process_blocks_nobody(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)], env=e2e.environment(), stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        busy = refused(path)
        assert busy.holder is not None
        assert (busy.holder.pid, f"{busy.holder.user}@{busy.holder.host}") == (holder.pid, ME)
    finally:
        holder.kill()  # SIGKILL: no release, no clearing away
        holder.wait()
    assert (tmp_path / ".h.yaml.lock").exists()
    with EditLock(path, maren()) as taken:
        assert taken.held


def test_a_planted_symlink_is_not_followed(tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n", encoding="utf-8")
    (tmp_path / ".h.yaml.lock").symlink_to(precious)
    with pytest.raises(OSError, match=r"the lock file \.h\.yaml\.lock is a symlink") as caught:
        EditLock(tmp_path / "h.yaml", maren()).acquire()
    assert precious.read_text(encoding="utf-8") == "keep me\n"
    # the words for the problem name the lock file, not the system's "too many symbolic links"
    assert reason(caught.value) == "the lock file .h.yaml.lock is a symlink"


def test_a_lock_file_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / ".h.yaml.lock").mkdir()
    with pytest.raises(OSError, match=r"the lock file \.h\.yaml\.lock is not a regular file") as caught:
        EditLock(tmp_path / "h.yaml", maren()).acquire()
    assert reason(caught.value) == "the lock file .h.yaml.lock is not a regular file"


def test_an_undescribed_holder_does_not_pass_for_the_dead_one(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    (tmp_path / ".h.yaml.lock").write_text(maren().to_text(), encoding="utf-8")
    with EditLock(path, None):
        assert refused(path).holder is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "[1, 2]",
        '{"pid": "4242", "user": "m", "host": "h", "command": "c", "since": "2026-11-22T10:42:00"}',
        '{"pid": true, "user": "m", "host": "h", "command": "c", "since": "2026-11-22T10:42:00"}',
        '{"pid": 4242, "user": 7, "host": "h", "command": "c", "since": "2026-11-22T10:42:00"}',
        '{"pid": 4242, "user": "m", "host": "h", "command": "c", "since": "yesterday"}',
    ],
    ids=["empty", "not-json", "a-list", "pid-text", "pid-bool", "user-number", "since-word"],
)
def test_a_description_that_is_not_ours_is_no_holder(text: str) -> None:
    assert Holder.from_text(text) is None


def test_a_description_is_cut_short() -> None:
    long = maren().to_text().replace('"maren"', json.dumps("m" * 10_000))
    holder = Holder.from_text(long)
    assert holder is not None and holder.user == "m" * 200


# -- the command ----------------------------------------------------------------------------


def holds(path: Path) -> bool:
    """Whether an interview holds `path` now (tried and, if free, given back at once)."""
    try:
        with EditLock(path, None):
            return False
    except AlreadyOpen:
        return True


@pytest.mark.parametrize(
    "second",
    [
        ["--resume", "answers/h.yaml"],
        ["--resume", "answers/../answers/h.yaml"],
        ["--resume", "link.yaml"],
        ["-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "./answers/h.yaml"],
    ],
    ids=["resume", "resume-other-spelling", "resume-symlink", "out"],
)
def test_a_second_assess_refuses_and_the_first_keeps_every_answer(
    workdir: Path, children: list[pexpect.spawn], second: list[str]
) -> None:
    (workdir / "link.yaml").symlink_to("answers/h.yaml")
    first = spawn(workdir, "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/h.yaml")
    children.append(first)
    first.expect_exact("Question 1 of 5")
    answered(first, "2", "Question 2 of 5")

    other = spawn(workdir, *second)
    children.append(other)
    spelled = re.escape(second[-1].removeprefix("./"))
    pattern = (
        rf"socialmaturity: {spelled} is open in another assessment "
        rf"\(pid {first.pid}, {re.escape(ME)}, since \d\d:\d\d\); close that one first"
    )
    other.expect(pattern)
    assert finish(other) == 1
    assert "Question" not in (other.before or "")  # refused before asking anything

    answered(first, "3", "Question 3 of 5")
    answered(first, "1", "Question 4 of 5")
    answered(first, "2", "Question 5 of 5")
    answered(first, "1", "End of the questionnaire")
    first.sendline("")
    first.expect_exact("The report:")  # on the one-screen result; Enter closes it
    first.sendline("")
    assert finish(first) == 0
    sheet, _ = load_answers(str(workdir / "answers/h.yaml"))
    assert sheet.answers == {"a1": "some", "a2": "full", "b1": "no", "b2": "basic", "c1": "never"}
    assert sorted(p.name for p in (workdir / "answers").iterdir()) == ["h.yaml"]


def test_two_replays_at_once_cannot_lose_answers(workdir: Path, children: list[pexpect.spawn]) -> None:
    first = spawn(workdir, "-q", MINI_Q, "--org", "X", "--out", "answers/h.yaml")
    children.append(first)
    first.expect_exact("Question 1 of 5")
    answered(first, "2", "Question 2 of 5")
    second = replay(workdir, "3\n1\n2\n1\n\n", "--resume", "answers/h.yaml")
    assert second.returncode == 1
    assert second.stdout == ""
    assert "answers/h.yaml is open in another assessment" in second.stderr
    answered(first, "3", "Question 3 of 5")
    answered(first, "q", "To go on later")
    assert finish(first) == 0
    sheet, _ = load_answers(str(workdir / "answers/h.yaml"))
    assert sheet.answers == {"a1": "some", "a2": "full"}


def test_no_input_only_reads_so_it_is_not_refused(workdir: Path, children: list[pexpect.spawn]) -> None:
    first = spawn(workdir, "-q", MINI_Q, "--org", "X", "--out", "answers/h.yaml")
    children.append(first)
    first.expect_exact("Question 1 of 5")
    answered(first, "2", "Question 2 of 5")
    summary = replay(workdir, "", "--resume", "answers/h.yaml", "--no-input")
    assert summary.returncode == 1
    assert summary.stderr == "socialmaturity: 4 questions unanswered: a2, b1, b2, c1\n"
    assert holds(workdir / "answers/h.yaml")
    first.sendline("q")
    assert finish(first) == 0


def test_a_killed_assess_leaves_the_file_to_the_next(workdir: Path, children: list[pexpect.spawn]) -> None:
    path = workdir / "answers/h.yaml"
    first = spawn(workdir, "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/h.yaml")
    children.append(first)
    first.expect_exact("Question 1 of 5")
    answered(first, "2", "Question 2 of 5")
    assert holds(path)
    first.kill(signal.SIGKILL)
    first.wait()
    assert (workdir / "answers/.h.yaml.lock").exists()  # left behind, but locked by nobody

    second = spawn(workdir, "--resume", "answers/h.yaml")
    children.append(second)
    second.expect_exact("Resuming answers/h.yaml: 1 of 5 questions answered.")
    second.expect_exact("Question 2 of 5")
    description = Holder.from_text((workdir / "answers/.h.yaml.lock").read_text(encoding="utf-8"))
    assert description is not None
    assert (description.pid, description.command) == (second.pid, "socialmaturity assess --resume answers/h.yaml")
    assert holds(path)
    answered(second, "3", "Question 3 of 5")
    answered(second, "q", "To go on later")
    assert finish(second) == 0
    assert sorted(p.name for p in (workdir / "answers").iterdir()) == ["h.yaml"]
    sheet, _ = load_answers(str(path))
    assert sheet.answers == {"a1": "some", "a2": "full"}


def end_of_input(child: pexpect.spawn) -> None:
    # ^D is end of input only at the start of a line the program is reading: wait for
    # its prompt, and send it again if it came before the program read the line
    child.expect_exact("› ")
    for _ in range(3):
        child.sendeof()
        try:
            child.expect(pexpect.EOF, timeout=5)
            return
        except pexpect.TIMEOUT:
            continue


@pytest.mark.parametrize(
    ("ending", "status"),
    [
        (lambda child: answered(child, "q", "To go on later"), 0),
        (lambda child: child.sendintr(), 130),
        (lambda child: child.kill(signal.SIGTERM), 143),
        (lambda child: child.kill(signal.SIGHUP), 129),
        (end_of_input, 1),
    ],
    ids=["q", "ctrl-c", "sigterm", "sighup", "end-of-input"],
)
def test_the_lock_goes_however_the_interview_ends(
    workdir: Path, children: list[pexpect.spawn], ending: Callable[[pexpect.spawn], object], status: int
) -> None:
    path = workdir / "answers/h.yaml"
    child = spawn(workdir, "-q", MINI_Q, "--org", "X", "--out", "answers/h.yaml")
    children.append(child)
    child.expect_exact("Question 1 of 5")
    answered(child, "2", "Question 2 of 5")
    assert holds(path)
    ending(child)
    assert finish(child) == status
    assert not holds(path)
    assert sorted(p.name for p in (workdir / "answers").iterdir()) == ["h.yaml"]


def test_the_lock_goes_when_the_interview_is_done(workdir: Path, children: list[pexpect.spawn]) -> None:
    path = workdir / "answers/h.yaml"
    child = spawn(workdir, "-q", MINI_Q, "--org", "X", "--out", "answers/h.yaml")
    children.append(child)
    child.expect_exact("Question 1 of 5")
    for line, then in (("2", "Question 2"), ("3", "Question 3"), ("1", "Question 4"), ("2", "Question 5")):
        answered(child, line, then)
        assert holds(path)
    answered(child, "1", "End of the questionnaire")
    child.sendline("")
    child.expect_exact("The report:")  # on the one-screen result; Enter closes it
    child.sendline("")
    assert finish(child) == 0
    assert not holds(path)
    assert sorted(p.name for p in (workdir / "answers").iterdir()) == ["h.yaml"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--resume", "answers/broken.yaml"], "answers/broken.yaml:1:1: the file is empty"),
        (["--resume", "missing/h.yaml"], "missing/h.yaml:1:1: no such file"),
        (["--org", "X", "--out", "missing/h.yaml"], "cannot write missing/h.yaml: the folder missing does not exist"),
    ],
    ids=["broken", "resume-missing-folder", "out-missing-folder"],
)
def test_a_file_that_cannot_be_used_leaves_no_lock_behind(workdir: Path, args: list[str], message: str) -> None:
    (workdir / "answers/broken.yaml").write_bytes(b"")
    result = replay(workdir, "", "-q", MINI_Q, *args)
    assert result.returncode == 1, result.stderr
    assert message in result.stderr
    assert sorted(p.name for p in (workdir / "answers").iterdir()) == ["broken.yaml"]


def test_the_refusal_in_dutch_and_for_a_holder_from_yesterday(workdir: Path) -> None:
    path = workdir / "answers/h.yaml"
    yesterday = dt.datetime.now().astimezone() - dt.timedelta(days=1)
    holder = Holder(pid=4242, user="maren", host="laptop", command="socialmaturity assess", since=yesterday)
    with EditLock(path, holder):
        started = time.monotonic()
        result = replay(workdir, "", "-q", MINI_Q, "--org", "X", "--out", "answers/h.yaml", "--lang", "nl")
    assert time.monotonic() - started < e2e.TIMEOUT  # refused at once, not after waiting
    assert result.returncode == 1
    since = yesterday.strftime("%Y-%m-%d %H:%M")
    assert result.stderr == (
        f"socialmaturity: answers/h.yaml is geopend in een andere beoordeling "
        f"(pid 4242, maren@laptop, sinds {since}); sluit die eerst af\n"
    )


def test_a_hostile_description_is_shown_escaped(workdir: Path) -> None:
    path = workdir / "answers/h.yaml"
    holder = Holder(pid=1, user="\x1b[2Jmaren", host="lap\u202etop", command="x", since=SINCE)
    with EditLock(path, holder):
        result = replay(workdir, "", "-q", MINI_Q, "--org", "X", "--out", "answers/h.yaml")
    assert result.returncode == 1
    assert "(pid 1, \\x1b[2Jmaren@lap\\u202etop, since " in result.stderr
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
