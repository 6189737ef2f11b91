"""`socialmaturity assess` end to end: a real pseudo-terminal (pexpect), and replays from stdin.

The long flows use the mini model (5 questions) copied next to the answers, so that
`validate`, `score` and `--resume` find it by its id; one run uses the bundled
45-question questionnaire.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest

from socialmaturity.loader import load_answers, load_model

pytestmark = pytest.mark.slow  # real pseudo-terminals and processes
ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "data" / "mini"
TIMEOUT = 15


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env["TERM"] = "xterm-256color"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder with the mini model in it, and an `answers` folder beside it."""
    for folder in ("questionnaires", "roadmaps"):
        shutil.copytree(MINI / folder, tmp_path / folder)
    (tmp_path / "answers").mkdir()
    return tmp_path


MINI_Q = "questionnaires/mini.yaml"


def spawn(workdir: Path, *args: str) -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "socialmaturity", "assess", *args],
        cwd=str(workdir),
        env=environment(),
        dimensions=(30, 100),
        encoding="utf-8",
        timeout=TIMEOUT,
    )
    return child


@pytest.fixture
def children() -> Iterator[list[pexpect.spawn]]:
    """Every spawned process is ended after the test, whatever happened."""
    spawned: list[pexpect.spawn] = []
    yield spawned
    for child in spawned:
        if child.isalive():
            child.terminate(force=True)


def replay(workdir: Path, lines: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `assess` with stdin from a string, as a workshop replayed from a file."""
    return subprocess.run(
        [sys.executable, "-m", "socialmaturity", "assess", *args],
        cwd=workdir,
        env=environment(),
        input=lines,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT * 2,
    )


def socialmaturity(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "socialmaturity", *args],
        cwd=workdir,
        env=environment(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT * 2,
    )


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus is not None or child.signalstatus is not None
    return child.exitstatus if child.exitstatus is not None else -child.signalstatus


def answered(child: pexpect.spawn, line: str, then: str) -> None:
    """Type a line and wait for the screen that follows it (so the answer has been saved)."""
    child.sendline(line)
    child.expect_exact(then)


# -- a real terminal ------------------------------------------------------------------------


def test_kill_then_resume(workdir: Path, children: list[pexpect.spawn]) -> None:
    child = spawn(workdir, "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/h.yaml")
    children.append(child)
    child.expect_exact("Question 1 of 5")
    answered(child, "2", "Question 2 of 5")
    answered(child, "n", "Note for question 2")
    answered(child, 'Bram: "two owners": <b>one</b>', "Note saved.")
    answered(child, "4", "Question 3 of 5")
    answered(child, "s", "Question 4 of 5")
    answered(child, "3", "Question 5 of 5")
    child.kill(signal.SIGKILL)
    child.wait()

    sheet, _ = load_answers(str(workdir / "answers/h.yaml"))
    assert sheet.answers == {"a1": "some", "a2": "na", "b2": "levels"}
    assert sheet.notes == {"a2": 'Bram: "two owners": <b>one</b>'}
    assert sheet.organisation.name == "Harbourlight Energy"
    # no temporary left; the lock file stays, but the kill released its lock
    assert sorted(p.name for p in (workdir / "answers").iterdir()) == [".h.yaml.lock", "h.yaml"]

    child = spawn(workdir, "--resume", "answers/h.yaml")
    children.append(child)
    child.expect_exact("Resuming answers/h.yaml: 3 of 5 questions answered.")
    child.expect_exact("Question 3 of 5")  # the first unanswered
    answered(child, "2", "Question 5 of 5")
    answered(child, "1", "End of the questionnaire")
    child.expect_exact("All 5 questions have an answer.")
    answered(child, "", "Result: Harbourlight Energy")  # the result on one screen
    child.expect_exact("Margin:")
    answered(child, "f", "Social business maturity")  # the full scorecard, asked for
    child.expect_exact("The report: socialmaturity report answers/h.yaml -o answers/h.pdf")
    child.sendline("")
    assert finish(child) == 0

    sheet, _ = load_answers(str(workdir / "answers/h.yaml"))
    assert sheet.answers == {"a1": "some", "a2": "na", "b1": "yes", "b2": "levels", "c1": "never"}
    assert sheet.notes == {"a2": 'Bram: "two owners": <b>one</b>'}
    checked = socialmaturity(workdir, "validate", "answers/h.yaml")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_workshop_with_a_disagreement_and_an_override(workdir: Path, children: list[pexpect.spawn]) -> None:
    child = spawn(
        workdir, "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/w.yaml",
        "--participants", "Ann,Bob,Cem",
    )  # fmt: skip
    children.append(child)
    child.expect_exact("Votes in this order: Ann  Bob  Cem")
    answered(child, "1 3 2", "DISAGREEMENT: the votes are 2 scale steps apart.")
    child.expect_exact("Proposal: 2")
    answered(child, "n", "Note for question 1")
    answered(child, "Cem forgot the old account", "Note saved.")
    answered(child, "3", "Question 2 of 5")  # the facilitator overrides the proposal
    answered(child, "2 3", "Type 3 answers, one per participant (Ann, Bob, Cem); you typed 2.")
    answered(child, "2 2 3", "Close together: the votes are one scale step apart.")
    answered(child, "", "Question 3 of 5")  # Enter takes the proposal: what most chose
    answered(child, "q", "To go on later: socialmaturity assess --resume answers/w.yaml")
    assert finish(child) == 0

    sheet, _ = load_answers(str(workdir / "answers/w.yaml"))
    assert sheet.participants == ["Ann", "Bob", "Cem"]
    assert sheet.answers == {"a1": "all", "a2": "part"}
    assert sheet.votes == {
        "a1": {"Ann": "none", "Bob": "all", "Cem": "some"},
        "a2": {"Ann": "part", "Bob": "part", "Cem": "full"},
    }
    assert sheet.notes == {"a1": "Cem forgot the old account"}
    scored = socialmaturity(workdir, "score", "answers/w.yaml", "--json")
    assert scored.returncode == 0, scored.stderr
    disagreements = json.loads(scored.stdout)["disagreements"]
    assert disagreements == [
        {
            "question": "a1",
            "text": "Accounts?",
            "votes": {"none": 1, "some": 1, "all": 1},
            "abstentions": 0,
            "spread": 2,
        }
    ]


@pytest.mark.parametrize("delay", [0.0, 0.01, 0.02, 0.04, 0.08])
def test_sigkill_at_any_moment_leaves_a_valid_file(tmp_path: Path, delay: float) -> None:
    """Answers stream in without pause; whenever the kill lands, the file is whole."""
    process = subprocess.Popen(
        [sys.executable, "-m", "socialmaturity", "assess", "--org", "Harbourlight Energy", "--out", "a.yaml"],
        cwd=tmp_path,
        env=environment(),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdin is not None
    lines = "".join(f'n\nnote {i}: "quoted" <b>\n{1 + i % 3}\n' for i in range(BUNDLED_QUESTIONS))
    process.stdin.write(lines.encode("utf-8"))
    process.stdin.flush()
    deadline = time.monotonic() + TIMEOUT
    while not (tmp_path / "a.yaml").exists() and time.monotonic() < deadline:
        time.sleep(0.002)  # the interview has started once the file is first written
    time.sleep(delay)
    process.kill()
    process.wait()
    process.stdin.close()
    sheet, model = load_answers(str(tmp_path / "a.yaml"))
    questions = model.questionnaire.questions
    ids = [q.id for q in questions]
    count = len(sheet.answers)
    # whatever was saved is what was typed first: each answer, and its note before it
    assert list(sheet.answers) == ids[:count]
    for i, question in enumerate(questions[:count]):
        assert sheet.answers[question.id] == question.scored_options()[i % 3].id
    assert list(sheet.notes) in (ids[:count], ids[: count + 1])
    for question_id, note in sheet.notes.items():
        assert note == f'note {ids.index(question_id)}: "quoted" <b>'
    # a kill during a save can leave the hidden temporary file, never a half-written a.yaml
    others = [p.name for p in tmp_path.iterdir() if p.name not in ("a.yaml", ".a.yaml.lock")]
    assert all(name.startswith(".a.yaml.") and name.endswith(".tmp") for name in others)


def test_ctrl_c_saves_and_prints_the_resume_command(workdir: Path, children: list[pexpect.spawn]) -> None:
    child = spawn(workdir, "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/my file.yaml")
    children.append(child)
    child.expect_exact("Question 1 of 5")
    answered(child, "3", "Question 2 of 5")
    answered(child, "1", "Question 3 of 5")
    child.sendintr()  # the terminal turns Ctrl-C into SIGINT, as for a person
    child.expect_exact("Interrupted.")
    child.expect_exact("Answers saved to answers/my file.yaml.")
    child.expect_exact(
        "To go on later: socialmaturity assess --resume 'answers/my file.yaml' --questionnaire questionnaires/mini.yaml"
    )
    assert finish(child) == 130
    sheet, _ = load_answers(str(workdir / "answers/my file.yaml"))
    assert sheet.answers == {"a1": "all", "a2": "none"}


def test_ctrl_c_as_a_typed_character(workdir: Path, children: list[pexpect.spawn]) -> None:
    child = spawn(workdir, "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/c.yaml")
    children.append(child)
    child.expect_exact("Question 1 of 5")
    answered(child, "2", "Question 2 of 5")
    child.send("\x03")
    child.expect_exact("To go on later: socialmaturity assess --resume answers/c.yaml")
    assert finish(child) == 130
    sheet, _ = load_answers(str(workdir / "answers/c.yaml"))
    assert sheet.answers == {"a1": "some"}


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_sigterm_and_sighup_save(
    workdir: Path, children: list[pexpect.spawn], signum: int, status: int
) -> None:
    child = spawn(workdir, "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/t.yaml")
    children.append(child)
    child.expect_exact("Question 1 of 5")
    answered(child, "2", "Question 2 of 5")
    child.kill(signum)
    assert finish(child) == status
    sheet, _ = load_answers(str(workdir / "answers/t.yaml"))
    assert sheet.answers == {"a1": "some"}


def test_the_bundled_questionnaire_in_a_terminal(tmp_path: Path, children: list[pexpect.spawn]) -> None:
    child = spawn(tmp_path)
    children.append(child)
    child.expect_exact("Organisation name: ")
    child.sendline("Harbourlight Energy")
    child.expect_exact("Your name (optional, Enter to skip): ")
    child.sendline("Maren")
    today = dt.date.today().isoformat()
    child.expect_exact(f"Answers are saved to harbourlight-energy-{today}.yaml after every answer.")
    child.expect_exact(f"Question 1 of {BUNDLED_QUESTIONS}")
    answered(child, "?", "Count only accounts")
    answered(child, "3", f"Question 2 of {BUNDLED_QUESTIONS}")
    answered(child, "4", f"Question 3 of {BUNDLED_QUESTIONS}")
    answered(child, "g", f"All questions (2 of {BUNDLED_QUESTIONS} answered)")
    child.expect_exact(str(BUNDLED_QUESTIONS))
    answered(child, str(BUNDLED_QUESTIONS), f"Question {BUNDLED_QUESTIONS} of {BUNDLED_QUESTIONS}")
    answered(child, "1", "End of the questionnaire")
    child.expect_exact(f"{BUNDLED_QUESTIONS - 3} of {BUNDLED_QUESTIONS} questions have no answer yet:")
    answered(child, "q", "To go on later: socialmaturity assess --resume")
    assert finish(child) == 0
    sheet, model = load_answers(str(tmp_path / f"harbourlight-energy-{today}.yaml"))
    assert model.questionnaire.id == "social-business"
    assert sheet.assessor == "Maren"
    first, second, last = (model.questionnaire.questions[i] for i in (0, 1, BUNDLED_QUESTIONS - 1))
    assert sheet.answers == {
        first.id: first.scored_options()[2].id,
        second.id: second.scored_options()[3].id,
        last.id: last.scored_options()[0].id,
    }


def test_an_existing_file_is_not_overwritten_without_asking(
    workdir: Path, children: list[pexpect.spawn]
) -> None:
    existing = workdir / "answers/x.yaml"
    existing.write_text("precious: true\n", encoding="utf-8")
    child = spawn(workdir, "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/x.yaml")
    children.append(child)
    child.expect_exact("answers/x.yaml already exists. Type r to resume it, o to overwrite it, or press Enter to stop: ")
    child.sendline("")
    child.expect_exact("use --resume answers/x.yaml")
    assert finish(child) == 1
    assert existing.read_text(encoding="utf-8") == "precious: true\n"

    child = spawn(workdir, "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/x.yaml")
    children.append(child)
    child.expect_exact("o to overwrite it")
    child.sendline("o")
    answered(child, "2", "Question 2 of 5")
    answered(child, "q", "To go on later")
    assert finish(child) == 0
    sheet, _ = load_answers(str(existing))
    assert sheet.answers == {"a1": "some"}

    child = spawn(workdir, "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/x.yaml")
    children.append(child)
    child.expect_exact("Type r to resume it")
    child.sendline("r")
    child.expect_exact("Resuming answers/x.yaml: 1 of 5 questions answered.")
    answered(child, "1", "Question 3 of 5")
    answered(child, "q", "To go on later")
    assert finish(child) == 0
    sheet, _ = load_answers(str(existing))
    assert sheet.answers == {"a1": "some", "a2": "none"}


# -- replays from stdin (no terminal) ----------------------------------------------------------

BUNDLED_QUESTIONS = len(load_model("social-business").questionnaire.questions)

HAND_TYPED = """\
questionnaire: mini
questionnaire_version: "1.0"
organisation: {{name: Harbourlight Energy}}
assessed_on: {date}
assessor: Maren
language: en
answers:
  a1: some
  a2: full
  b1: "yes"
  b2: levels
  c1: never
"""


def test_a_replay_scores_like_the_same_answers_typed_by_hand(workdir: Path) -> None:
    result = replay(
        workdir,
        "2\n3\nb\n\n2\n3\n1\n\n",
        "-q", MINI_Q, "--org", "Harbourlight Energy", "--assessor", "Maren", "--out", "answers/r.yaml",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in result.stdout  # no colours, no cursor movement
    assert "› 2\n" in result.stdout  # the transcript shows what was typed
    assert "Harbourlight Energy is in the Beta phase" in result.stdout
    assert "The report: socialmaturity report answers/r.yaml -o answers/r.pdf" in result.stdout
    written, _ = load_answers(str(workdir / "answers/r.yaml"))
    (workdir / "answers/hand.yaml").write_text(
        HAND_TYPED.format(date=written.assessed_on.isoformat()), encoding="utf-8"
    )
    checked = socialmaturity(workdir, "validate", "answers/r.yaml", "answers/hand.yaml")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    by_assess = socialmaturity(workdir, "score", "answers/r.yaml", "--json")
    by_hand = socialmaturity(workdir, "score", "answers/hand.yaml", "--json")
    assert by_assess.returncode == by_hand.returncode == 0
    assert json.loads(by_assess.stdout) == json.loads(by_hand.stdout)


def test_a_replay_file_from_windows_with_stray_bytes(workdir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "socialmaturity", "assess", "-q", MINI_Q, "--org", "X", "--out", "answers/b.yaml"],
        cwd=workdir,
        env=environment(),
        input=b"\xef\xbb\xbf2\r\nn\r\ncaf\xe9 note\r\n1\r\n",  # BOM, CRLF, a Latin-1 byte
        capture_output=True,
        timeout=TIMEOUT * 2,
    )
    assert result.returncode == 1, result.stderr  # the input ended with questions unanswered
    sheet, _ = load_answers(str(workdir / "answers/b.yaml"))
    assert sheet.answers == {"a1": "some", "a2": "none"}
    assert sheet.notes == {"a2": "caf\ufffd note"}


def test_end_of_input_saves_and_quits_cleanly(workdir: Path) -> None:
    result = replay(workdir, "3\n2", "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/e.yaml")
    assert result.returncode == 1, result.stderr  # cut short: a script can tell it from a finished run
    assert result.stderr.splitlines() == [
        "Answers are saved to answers/e.yaml after every answer.",
        "The input ended before the interview did: 3 of 5 questions have no answer yet.",
        "Answers saved to answers/e.yaml.",
        "To go on later: socialmaturity assess --resume answers/e.yaml --questionnaire questionnaires/mini.yaml",
    ]
    sheet, _ = load_answers(str(workdir / "answers/e.yaml"))
    assert sheet.answers == {"a1": "all", "a2": "part"}


def test_a_workshop_replay_with_a_wrong_count(workdir: Path) -> None:
    result = replay(
        workdir,
        "1 2\n1 2 x\n1 3 2\n\n",
        "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/w.yaml", "--participants", "Ann, Bob, Cem",
    )  # fmt: skip
    assert result.returncode == 1, result.stderr  # the input ended with questions unanswered
    assert "» Type 3 answers, one per participant (Ann, Bob, Cem); you typed 2." in result.stdout
    assert "» “x” is not a vote: use 1–3, or - for an abstention." in result.stdout
    assert "⚠ DISAGREEMENT: the votes are 2 scale steps apart. Worth a discussion." in result.stdout
    sheet, _ = load_answers(str(workdir / "answers/w.yaml"))
    assert sheet.votes == {"a1": {"Ann": "none", "Bob": "all", "Cem": "some"}}
    assert sheet.answers == {"a1": "some"}


def test_in_dutch(workdir: Path) -> None:
    result = replay(
        workdir, "2\n?\nzomaar\n", "-q", MINI_Q, "--org", "Havenlicht", "--out", "answers/nl.yaml", "--lang", "nl"
    )
    assert result.returncode == 1, result.stderr  # the input ended with questions unanswered
    assert "Vraag 2 van 5" in result.stdout
    assert "» Bij deze vraag hoort geen uitleg." in result.stdout
    assert "» “zomaar” is hier geen antwoord." in result.stdout
    assert "Later verder gaan: socialmaturity assess --resume answers/nl.yaml" in result.stderr
    sheet, _ = load_answers(str(workdir / "answers/nl.yaml"))
    assert sheet.language == "nl"
    # the file's language is used on resume
    again = replay(workdir, "q\n", "--resume", "answers/nl.yaml")
    assert "Vraag 2 van 5" in again.stdout


def test_the_default_file_is_named_after_the_organisation(workdir: Path) -> None:
    result = replay(workdir, "q\n", "-q", MINI_Q, "--org", "../Harbourlight Energy/")
    today = dt.date.today().isoformat()
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(f"Answers are saved to harbourlight-energy-{today}.yaml after every answer.")
    assert (workdir / f"harbourlight-energy-{today}.yaml").is_file()


def test_notes_round_trip_through_the_command(workdir: Path) -> None:
    note = "She said: \"no\" # really; 'quotes', <script>alert(1)</script>, =SUM(A1), a: b, - c"
    result = replay(
        workdir, f"n\n{note}\n2\nq\n", "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/n.yaml"
    )
    assert result.returncode == 0, result.stderr
    sheet, _ = load_answers(str(workdir / "answers/n.yaml"))
    assert sheet.notes == {"a1": note}


def test_no_input_summarises_a_complete_file(workdir: Path) -> None:
    shutil.copy(MINI / "answers" / "beta.yaml", workdir / "answers" / "beta.yaml")
    before = (workdir / "answers/beta.yaml").read_bytes()
    result = replay(workdir, "", "--resume", "answers/beta.yaml", "--no-input")
    assert result.returncode == 0, result.stderr
    assert "Example Ltd is in the Beta phase" in result.stdout
    assert "The report: socialmaturity report answers/beta.yaml -o answers/beta.pdf" in result.stdout
    assert (workdir / "answers/beta.yaml").read_bytes() == before


def test_no_input_lists_what_is_unanswered(workdir: Path) -> None:
    replay(workdir, "2\ns\n1\n", "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/i.yaml")
    result = replay(workdir, "", "--resume", "answers/i.yaml", "--no-input")
    assert result.returncode == 1
    assert result.stderr == "socialmaturity: 3 questions unanswered: a2, b2, c1\n"


def test_resuming_and_stopping_leaves_a_hand_written_file_as_it_was(workdir: Path) -> None:
    shutil.copy(MINI / "answers" / "beta.yaml", workdir / "answers" / "beta.yaml")
    before = (workdir / "answers/beta.yaml").read_bytes()
    result = replay(workdir, "b\ns\nq\n", "--resume", "answers/beta.yaml")
    assert result.returncode == 0, result.stderr
    assert (workdir / "answers/beta.yaml").read_bytes() == before  # comments and layout kept
    changed = replay(workdir, "b\n2\nq\n", "--resume", "answers/beta.yaml")
    assert changed.returncode == 0, changed.stderr
    sheet, _ = load_answers(str(workdir / "answers/beta.yaml"))
    assert sheet.answers == {"a1": "some", "a2": "full", "b1": "yes", "b2": "basic", "c1": "often"}
    assert (sheet.organisation.name, sheet.assessor) == ("Example Ltd", "Test")


def test_a_failing_save_is_shown_and_the_answers_are_printed_at_the_end(
    workdir: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialmaturity.interview import session

    writes: list[Path] = []

    def disk_full_after_the_first(path: Path, content: str) -> None:
        writes.append(path)
        if len(writes) > 1:
            raise OSError(28, "No space left on device")
        Path(path).write_text(content, encoding="utf-8")

    monkeypatch.setattr(session, "write_text", disk_full_after_the_first)
    monkeypatch.chdir(workdir)
    run = cli("assess", "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/f.yaml", stdin="2\n3\nq\n")
    assert run.exit_code == 1  # the answers are not in the file
    assert "» Could not save answers/f.yaml: the disk is full." in run.stdout
    assert "Could not save answers/f.yaml: the disk is full. Here are the answers" in run.stderr
    assert "answers:\n  a1: some\n  a2: full\n" in run.stderr  # nothing typed is lost
    sheet, _ = load_answers("answers/f.yaml")
    assert sheet.answers == {}  # the file itself holds what was last saved


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "missing/x.yaml"], "socialmaturity: cannot write missing/x.yaml: the folder missing does not exist"),
        (["--resume", "answers/none.yaml"], "answers/none.yaml:1:1: no such file"),
    ],
)
def test_files_that_cannot_be_used(workdir: Path, args: list[str], message: str) -> None:
    result = replay(workdir, "1\n", "-q", MINI_Q, *(["--org", "X"] if "--out" in args else []), *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr



def test_an_existing_out_without_resume_is_left_alone(workdir: Path) -> None:
    existing = workdir / "answers/x.yaml"
    existing.write_text("questionnaire: mini\n# mine\n", encoding="utf-8")
    before = existing.stat()
    result = replay(workdir, "1\n1\n", "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/x.yaml")
    assert result.returncode == 1
    assert result.stderr == (
        "socialmaturity: answers/x.yaml already exists; to continue it use --resume answers/x.yaml, "
        "or choose another file with --out\n"
    )
    assert existing.read_text(encoding="utf-8") == "questionnaire: mini\n# mine\n"
    assert existing.stat().st_mtime_ns == before.st_mtime_ns


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"answers: [unclosed\n", "answers/broken.yaml:2:1: a comma (,) or the closing bracket (]) of a list is missing"),
        (b"", "answers/broken.yaml:1:1: the file is empty"),
        (b"\xff\xfd not utf-8", "answers/broken.yaml:1:1: the file is not UTF-8 text"),
        (
            b'questionnaire: mini\nquestionnaire_version: "1.0"\norganisation: {name: X}\n'
            b"assessed_on: 2026-01-01\nanswers: {a1: lots}\n",
            "answers/broken.yaml:5:",
        ),
    ],
)
def test_a_broken_resume_file_is_reported_and_left_alone(workdir: Path, content: bytes, problem: str) -> None:
    broken = workdir / "answers/broken.yaml"
    broken.write_bytes(content)
    result = replay(workdir, "1\n1\nq\n", "--resume", "answers/broken.yaml", "-q", MINI_Q)
    assert result.returncode == 1
    assert problem in result.stderr
    assert "Traceback" not in result.stderr
    assert broken.read_bytes() == content
    assert sorted(p.name for p in (workdir / "answers").iterdir()) == ["broken.yaml"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-q", MINI_Q], "--org is required for a new assessment when the input is not a terminal"),
        (["-q", MINI_Q, "--no-input"], "--no-input needs an answers file: --resume FILE --no-input"),
        (["--resume", "a.yaml", "--out", "b.yaml"], "--out cannot be combined with --resume"),
        (["-q", MINI_Q, "--org", "X", "--lang", "de"], "--lang de: not available; choose one of en, nl"),
        (["-q", MINI_Q, "--org", "X", "--participants", "Ann,,Bob"], "--participants: a name is empty"),
        (["-q", MINI_Q, "--org", "X", "--participants", "Ann,Bob,Ann"], "--participants: Ann appears twice"),
        (["-q", MINI_Q, "--org", "  "], "--org is empty"),
        (["-q", MINI_Q, "--org", "x" * 201], "--org is longer than 200 characters"),
    ],
)
def test_usage_errors(workdir: Path, args: list[str], message: str) -> None:
    result = replay(workdir, "", *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (workdir / "answers").iterdir()) == []


def test_an_unknown_questionnaire(workdir: Path) -> None:
    result = replay(workdir, "", "-q", "no-such-thing", "--org", "X")
    assert result.returncode == 1
    assert "no questionnaire 'no-such-thing'" in result.stderr


def test_participants_can_join_but_voters_cannot_leave(workdir: Path) -> None:
    args = ["-q", MINI_Q, "--org", "X", "--out", "answers/p.yaml", "--participants", "Ann,Bob"]
    replay(workdir, "1 2\n2\nq\n", *args)  # a 1-1 split: the facilitator types the agreed answer
    joined = replay(workdir, "2 2 3\n\nq\n", "--resume", "answers/p.yaml", "--participants", "Ann,Bob,Cem")
    assert joined.returncode == 0, joined.stderr
    sheet, _ = load_answers(str(workdir / "answers/p.yaml"))
    assert sheet.participants == ["Ann", "Bob", "Cem"]
    assert sheet.votes["a2"] == {"Ann": "part", "Bob": "part", "Cem": "full"}
    left = replay(workdir, "q\n", "--resume", "answers/p.yaml", "--participants", "Ann,Cem")
    assert left.returncode == 2
    assert "Bob voted earlier in this file and must stay among the participants" in left.stderr


# -- answers that could not be saved ----------------------------------------------------------


@pytest.mark.parametrize(
    ("stop", "expected"),
    [("q", "To go on later"), ("sigterm", "Answers saved")],
    ids=["q", "sigterm"],
)
def test_answers_not_in_the_file_end_the_run_with_status_1(
    workdir: Path, children: list[pexpect.spawn], stop: str, expected: str
) -> None:
    """The folder goes away mid-interview (a share unmounted, a stick pulled): a real failed save."""
    child = spawn(workdir, "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/f.yaml")
    children.append(child)
    child.expect_exact("Question 1 of 5")
    answered(child, "2", "Question 2 of 5")
    (workdir / "answers").rename(workdir / "moved")
    answered(child, "3", "Could not save answers/f.yaml: the folder answers does not exist.")
    answered(child, "n", "Note for question 3")
    answered(child, "ask Bram", "Could not save answers/f.yaml")  # not "Note saved."
    if stop == "q":
        child.sendline("q")
    else:
        child.kill(signal.SIGTERM)
    child.expect_exact("Not saved in answers/f.yaml: question 2 (a2): answer; question 3 (b1): note.")
    child.expect_exact("Could not save answers/f.yaml: the folder answers does not exist. Here are the answers")
    child.expect_exact("a2: full")
    assert finish(child) == 1
    sheet, _ = load_answers(str(workdir / "moved/f.yaml"))
    assert sheet.answers == {"a1": "some"}  # what was saved before the folder went
    assert expected not in (child.before or "")


def test_a_failed_save_made_good_by_a_later_one_ends_well(workdir: Path, children: list[pexpect.spawn]) -> None:
    child = spawn(workdir, "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/f.yaml")
    children.append(child)
    child.expect_exact("Question 1 of 5")
    answered(child, "2", "Question 2 of 5")
    (workdir / "answers").rename(workdir / "moved")
    answered(child, "3", "Could not save answers/f.yaml: the folder answers does not exist.")
    (workdir / "moved").rename(workdir / "answers")
    answered(child, "1", "Question 4 of 5")
    answered(child, "q", "Answers saved to answers/f.yaml.")
    assert finish(child) == 0
    sheet, _ = load_answers(str(workdir / "answers/f.yaml"))
    assert sheet.answers == {"a1": "some", "a2": "full", "b1": "no"}


@pytest.mark.parametrize(
    ("lines", "participants", "not_saved"),
    [
        ("2\n3\nq\n", None, "question 1 (a1): answer; question 2 (a2): answer"),
        (
            "2\n3\n1\n2\n1\n\n",
            None,
            "question 1 (a1): answer; question 2 (a2): answer; question 3 (b1): answer; "
            "question 4 (b2): answer; question 5 (c1): answer",
        ),
        ("2\n3\n1\n2\n1\n", None, None),  # every question answered, then the input ends
        # a 1-1 split has no proposal: the facilitator types the agreed answer
        ("1 2\nn\nask Bram\n2\nq\n", "Ann,Bob", "question 1 (a1): answer, note, votes"),
    ],
    ids=["q", "finished", "end-of-input", "workshop"],
)
def test_a_save_that_keeps_failing_makes_every_ending_fail(
    workdir: Path, cli: Any, monkeypatch: pytest.MonkeyPatch, lines: str, participants: str | None,
    not_saved: str | None,
) -> None:
    from socialmaturity.interview import session

    def disk_full_after_the_first(path: Path, content: str) -> None:
        if path.exists():
            raise OSError(28, "No space left on device")
        Path(path).write_text(content, encoding="utf-8")

    monkeypatch.setattr(session, "write_text", disk_full_after_the_first)
    monkeypatch.chdir(workdir)
    workshop = ["--participants", participants] if participants else []
    run = cli("assess", "-q", MINI_Q, "--org", "X", "--out", "answers/f.yaml", *workshop, stdin=lines)
    assert run.exit_code == 1
    if not_saved is not None:
        assert f"Not saved in answers/f.yaml: {not_saved}.\n" in run.stderr
    assert "Could not save answers/f.yaml: the disk is full. Here are the answers" in run.stderr
    assert "Answers saved" not in run.stderr
    sheet, _ = load_answers("answers/f.yaml")
    assert sheet.answers == {}


def test_sector_and_size_reach_the_answers_file(workdir: Path) -> None:
    result = replay(
        workdir, "q\n", "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/s.yaml",
        "--sector", "Energy", "--size", "250-500",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    sheet, _ = load_answers(str(workdir / "answers/s.yaml"))
    assert (sheet.organisation.sector, sheet.organisation.size) == ("Energy", "250-500")
    again = replay(workdir, "q\n", "--resume", "answers/s.yaml", "--size", "500+")
    assert again.returncode == 0, again.stderr
    sheet, _ = load_answers(str(workdir / "answers/s.yaml"))
    assert (sheet.organisation.sector, sheet.organisation.size) == ("Energy", "500+")


def test_a_typed_workshop_replay_agrees_unanimous_votes_at_once(workdir: Path) -> None:
    result = replay(
        workdir, "333\n1 3\n3\nq\n", "-q", MINI_Q, "--org", "Harbourlight Energy", "--out", "answers/u.yaml",
        "--participants", "Ann,Bob,Cem",
    )  # fmt: skip
    assert "Question 1: everyone chose 3; agreed." in result.stdout
    assert "Type 3 answers, one per participant" in result.stdout  # "1 3" is two votes for three people
    sheet, _ = load_answers(str(workdir / "answers/u.yaml"))
    assert sheet.answers == {"a1": "all"}
    assert sheet.votes["a1"] == {"Ann": "all", "Bob": "all", "Cem": "all"}


def test_help_in_a_workshop_on_an_80x24_terminal_scrolls_nothing_away(tmp_path: Path, children: list[pexpect.spawn]) -> None:
    """The question with the longest help, eight participants, votes apart, help open, a hint:
    the header is still the terminal's top line each time, read from a terminal emulator."""
    import pyte

    questions = load_model("social-business").questionnaire.questions
    index = max(range(len(questions)), key=lambda i: len((questions[i].help or {}).get("en", "")))
    scale = len(questions[index].scored_options())
    child = pexpect.spawn(
        sys.executable,
        ["-m", "socialmaturity", "assess", "--org", "Harbourlight Energy", "--out", "answers.yaml",
         "--participants", "Annemarie,Bartholomeus,Cees,Dewi,Evelien,Fatima,Gerrit,Hanneke"],
        cwd=str(tmp_path),
        env=environment(),
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=TIMEOUT,
    )
    children.append(child)
    terminal = pyte.Screen(80, 24)
    stream = pyte.Stream(terminal)

    def shown_after(line: str | None, marker: str) -> list[str]:
        if line is not None:
            child.sendline(line)
        child.expect_exact(marker)
        stream.feed(child.before + child.after)
        child.expect_exact("› ")  # the prompt: the screen is drawn
        stream.feed(child.before + child.after)
        return list(terminal.display)

    header = f"Question {index + 1} of {len(questions)}"
    shown_after(None, "Question 1 of")
    shown_after("g", "All questions")
    screens = [shown_after(str(index + 1), header)]
    screens.append(shown_after(" ".join(["1"] * 4 + [str(scale)] * 4), "DISAGREEMENT"))
    screens.append(shown_after("?", questions[index].help["en"].split()[-1]))  # type: ignore[index]
    screens.append(shown_after("1 2", "you typed 2"))  # a wrong count: a hint, help still open
    for display in screens:
        assert display[0].startswith("Phase ") and display[0].rstrip().endswith(header), "\n".join(display)
        assert sum(line.startswith("›") for line in display) == 1  # the prompt, once: one screen on view
    assert any("Help" in line for line in screens[-1])
    child.sendline("q")
    assert finish(child) == 0
