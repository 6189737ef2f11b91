"""`assess` against hostile and clumsy input: numbers too long to convert, lines too long
to keep, escape sequences in what it prints, and input that ends before the interview.

Fast: the state machine on its own, and the command in-process (the `cli` fixture).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
import yaml

from conftest import MINI
from socialmaturity.environment import Environment
from socialmaturity.interview import session as session_module
from socialmaturity.interview.session import LINE_LIMIT, LineReader, LineTooLong, _ask_names
from socialmaturity.interview.sheetfile import dump_sheet
from socialmaturity.interview.state import NOTE_LIMIT, Interview, Mode, QuestionScreen, Step
from socialmaturity.loader import load_answers
from socialmaturity.model import AnswerSheet, Organisation
from socialmaturity.safetext import stripped as clean
from socialmaturity.safetext import visible as escaped
from socialmaturity.scoring import MaturityModel
from socialmaturity.yamlsource import parse

MINI_Q = str(MINI / "questionnaires" / "mini.yaml")
LONG_NUMBER = "9" * 10_000  # past int()'s limit of 4,300 digits
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE = "\x1b[31mRED\x1b]0;pwned-title\x07\u202eevil\u2066x\x9b2J"


def sheet_for(model: MaturityModel, **fields: object) -> AnswerSheet:
    values: dict[str, object] = {
        "questionnaire": model.questionnaire.id,
        "questionnaire_version": model.questionnaire.version,
        "organisation": Organisation(name="Harbourlight Energy"),
        "assessed_on": dt.date(2026, 11, 22),
        "language": "en",
    }
    values.update(fields)
    return AnswerSheet.model_validate(values)


def run(interview: Interview, sheet: AnswerSheet, *lines: str) -> Step:
    step = interview.start(sheet)
    for line in lines:
        step = interview.step(step.state, line)
    return step


def hint_of(step: Step) -> str | None:
    return getattr(step.screen, "hint", None)


# -- 1. numbers too long to be a number ------------------------------------------------------------


@pytest.mark.parametrize("participants", [[], ["Ann", "Bob"]], ids=["solo", "workshop"])
def test_a_long_number_at_a_question_is_no_option(mini: MaturityModel, participants: list[str]) -> None:
    interview = Interview(mini, "en")
    sheet = sheet_for(mini, participants=participants)
    if participants:
        step = run(interview, sheet, "1 2", LONG_NUMBER)  # after votes, one number overrides
    else:
        step = run(interview, sheet, LONG_NUMBER)
    assert step.changed is False
    assert step.state.sheet.answers == {}
    assert isinstance(step.screen, QuestionScreen)
    assert hint_of(step) == "There is no option 9999999999999999999…: choose 1–3."


def test_a_long_vote_is_not_a_vote(mini: MaturityModel) -> None:
    interview = Interview(mini, "en")
    step = run(interview, sheet_for(mini, participants=["Ann", "Bob"]), "1 " + LONG_NUMBER)
    assert step.changed is False and step.state.sheet.votes == {}
    assert hint_of(step) == "“9999999999999999999…” is not a vote: use 1–3, or - for an abstention."


def test_a_long_number_in_the_list_and_on_the_end_screen(mini: MaturityModel) -> None:
    interview = Interview(mini, "en")
    step = run(interview, sheet_for(mini), "g", LONG_NUMBER)
    assert step.state.mode is Mode.LIST
    assert hint_of(step) == "Type a question number from 1 to 5, or press Enter to return."
    step = run(interview, sheet_for(mini), "s", "s", "s", "s", "s", LONG_NUMBER)
    assert step.state.mode is Mode.END
    assert hint_of(step) == "Press Enter for the result; to change an answer, type g for the list of all 5 questions."


@pytest.mark.parametrize(
    ("digits", "option"),
    [("0" * 10_000 + "2", "some"), ("٣", "all"), ("1000000", None), ("4" + LONG_NUMBER, None)],
    ids=["leading-zeros", "arabic-indic", "seven-digits", "long"],
)
def test_numbers_however_written(mini: MaturityModel, digits: str, option: str | None) -> None:
    step = run(Interview(mini, "en"), sheet_for(mini), digits)
    assert step.state.sheet.answers == ({"a1": option} if option else {})
    if option is None:
        assert str(hint_of(step)).startswith("There is no option")


def test_the_command_survives_long_numbers_everywhere(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    lines = f"1\n{LONG_NUMBER}\ng\n{LONG_NUMBER}\n\n2\nq\n"
    result = cli("assess", "-q", MINI_Q, "--org", "X", "--out", "x.yaml", stdin=lines)
    assert result.exit_code == 0, result.stderr
    assert "» There is no option 9999999999999999999…: choose 1–4." in result.stdout
    assert "» Type a question number from 1 to 5, or press Enter to return." in result.stdout
    sheet, _ = load_answers("x.yaml", MINI_Q)
    assert sheet.answers == {"a1": "none", "a2": "part"}


def test_the_command_survives_a_long_vote(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    lines = f"1 {LONG_NUMBER}\n1 2\n\nq\n"
    result = cli("assess", "-q", MINI_Q, "--org", "X", "--out", "x.yaml", "--participants", "A,B", stdin=lines)
    assert result.exit_code == 0, result.stderr
    assert "is not a vote" in result.stdout
    sheet, _ = load_answers("x.yaml", MINI_Q)
    assert sheet.votes == {"a1": {"A": "none", "B": "some"}}


# -- 1. lines too long to keep ------------------------------------------------------------------------


def reader_for(data: bytes) -> tuple[LineReader, io.StringIO]:
    out = io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    return LineReader(Environment(stdin=stdin, stdout=out, stderr=io.StringIO()), terminal=False), out


def test_a_line_too_long_is_read_to_its_end_and_dropped() -> None:
    reader, out = reader_for(b"x" * (3 * LINE_LIMIT) + b"\n" + b"1\n")
    with pytest.raises(LineTooLong):
        reader.read("› ")
    assert reader.read("› ") == "1"  # the rest of the long line did not become a line
    with pytest.raises(EOFError):
        reader.read("› ")
    assert len(out.getvalue()) < 100  # not echoed either


def test_a_line_too_long_at_the_very_end() -> None:
    reader, _ = reader_for(b"y" * (LINE_LIMIT + 1))
    with pytest.raises(LineTooLong):
        reader.read("› ")
    with pytest.raises(EOFError):
        reader.read("› ")


def test_the_longest_note_still_fits_in_a_line() -> None:
    note = "é" * NOTE_LIMIT  # two bytes each in UTF-8
    reader, _ = reader_for(note.encode("utf-8") + b"\n")
    assert reader.read("› ") == note


def test_a_line_too_long_on_the_note_screen_goes_back_to_the_question(mini: MaturityModel) -> None:
    interview = Interview(mini, "en")
    noting = run(interview, sheet_for(mini), "n")
    assert noting.state.mode is Mode.NOTE
    step = interview.line_too_long(noting.state, NOTE_LIMIT)
    assert step.state.mode is Mode.QUESTION and step.changed is False
    assert hint_of(step) == "That line is too long (more than 20000 characters). It was not saved."
    elsewhere = interview.line_too_long(run(interview, sheet_for(mini), "g").state, NOTE_LIMIT)
    assert elsewhere.state.mode is Mode.LIST


def test_notes_too_long_are_refused_never_cut(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    lines = "n\n" + "a" * (NOTE_LIMIT + 1) + "\nn\n" + "b" * 1_000_000 + "\n2\nn\nshort\nq\n"
    result = cli("assess", "-q", MINI_Q, "--org", "X", "--out", "x.yaml", stdin=lines)
    assert result.exit_code == 0, result.stderr
    assert "» That note is too long (20001 characters; at most 20000). It was not saved." in result.stdout
    assert "» That line is too long (more than 20000 characters). It was not saved." in result.stdout
    sheet, _ = load_answers("x.yaml", MINI_Q)
    assert sheet.answers == {"a1": "some"}  # the line after the dropped one answered the question
    assert sheet.notes == {"a2": "short"}


class Lines:
    """A reader that gives set lines, as a terminal would."""

    def __init__(self, *lines: str) -> None:
        self.lines = list(lines)
        self.env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO())
        self.terminal = True

    def read(self, prompt: str, prefill: str | None = None) -> str:
        if not self.lines:
            raise EOFError
        line = self.lines.pop(0)
        if line == "TOO LONG":
            raise LineTooLong
        return line


def test_names_too_long_are_asked_again_not_cut() -> None:
    reader = Lines("TOO LONG", "o" * 201, "Harbourlight", "a" * 201, "TOO LONG", "  Maren   O  ")
    name, assessor = _ask_names(reader, "en", None)  # type: ignore[arg-type]
    assert (name, assessor) == ("Harbourlight", "Maren O")
    errors = reader.env.stderr.getvalue()  # type: ignore[attr-defined]
    assert errors.count("Please type the organisation's name (at most 200 characters).") == 2
    assert errors.count("Please type your name in at most 200 characters, or press Enter to skip.") == 2


def test_an_empty_assessor_is_none() -> None:
    assert _ask_names(Lines("X", ""), "en", None) == ("X", None)  # type: ignore[arg-type]


# -- 5. nothing printed can drive the terminal ---------------------------------------------------------


def test_escaped_shows_what_clean_removes() -> None:
    assert escaped("a\x1b[31mb\u202ec\nd\te\x9b\x07") == "a\\x1b[31mb\\u202ec\nd\te\\x9b\\x07"
    assert escaped("Hårbourlight Énergie ✓") == "Hårbourlight Énergie ✓"
    assert not UNSAFE.search(escaped(HOSTILE))
    assert not UNSAFE.search(clean(HOSTILE))


def hostile_file(path: Path) -> None:
    """The mini answers with escape sequences in every text a file can give."""
    quoted = yaml.safe_dump(HOSTILE).strip().removesuffix("...").strip()
    path.write_text(
        "questionnaire: mini\n"
        'questionnaire_version: "1.0"\n'
        f"organisation: {{name: {quoted}}}\n"
        "assessed_on: 2026-01-15\n"
        f"assessor: {quoted}\n"
        f"participants: [Ann, {quoted}]\n"
        "answers: {a1: some, a2: full, b1: 'yes', b2: basic}\n"
        f"notes: {{a1: {quoted}, c1: {quoted}}}\n"
        f"votes: {{a1: {{Ann: some, {quoted}: all}}}}\n",
        encoding="utf-8",
    )


def no_terminal_control(result: object) -> None:
    for stream in ("stdout", "stderr"):
        text = getattr(result, stream)
        found = UNSAFE.search(text)
        assert found is None, (stream, text[max(0, found.start() - 80) : found.end() + 80])


def copy_model(folder: Path) -> None:
    for part in ("questionnaires", "roadmaps"):
        (folder / part).mkdir()
        for source in (MINI / part).iterdir():
            (folder / part / source.name).write_bytes(source.read_bytes())


@pytest.mark.parametrize(
    "lines",
    ["g\n\nn\n\n1 2\n\nq\n", "1 2\n\n", "1 2\n\n\n", ""],
    ids=["list-note-votes-quit", "eof", "to-the-result", "nothing"],
)
def test_a_resumed_file_with_escape_sequences(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: str
) -> None:
    monkeypatch.chdir(tmp_path)
    copy_model(tmp_path)
    hostile_file(tmp_path / "h.yaml")
    result = cli("assess", "--resume", "h.yaml", stdin=lines)
    assert result.exit_code in (0, 1), result.stderr
    no_terminal_control(result)


def test_the_summary_shows_the_name_without_its_escapes(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    copy_model(tmp_path)
    hostile_file(tmp_path / "h.yaml")
    # a 1-2 split has no proposal: the room agrees on 1 explicitly
    result = cli("assess", "--resume", "h.yaml", stdin="1 2\n1\n\n")
    assert result.exit_code == 0, result.stderr
    assert "[31mRED]0;pwned-titleevilx2J is in the" in result.stdout
    no_terminal_control(result)


def test_a_bad_option_id_is_echoed_escaped(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    copy_model(tmp_path)
    text = (MINI / "answers" / "beta.yaml").read_text(encoding="utf-8")
    quoted = yaml.safe_dump(HOSTILE).strip().removesuffix("...").strip()
    (tmp_path / "bad.yaml").write_text(text.replace("a1: some", f"a1: {quoted}"), encoding="utf-8")
    result = cli("assess", "--resume", "bad.yaml")
    assert result.exit_code == 1
    assert "\\x1b[31mRED" in result.stderr  # shown, so the person sees what is wrong
    no_terminal_control(result)


@pytest.mark.parametrize(
    "args",
    [
        ["--lang", "e\x1b[31m\u202e"],
        ["--participants", "Ann,\x1b[2JBob,\x1b[2JBob"],
        ["--out", "missing\x1b[31m\u202e/x.yaml"],
    ],
    ids=["lang", "participants", "out"],
)
def test_command_line_values_in_errors_are_escaped(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("assess", "-q", MINI_Q, "--org", "X", *args)
    assert result.exit_code in (1, 2)
    assert result.stderr.strip()
    no_terminal_control(result)


def test_an_output_path_with_escapes(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    name = "e\x1b[31m\u202e.yaml"
    result = cli("assess", "-q", MINI_Q, "--org", "X\x1b[31m", "--out", name, stdin="2\nq\n")
    assert result.exit_code == 0, result.stderr
    assert "Answers saved to e\\x1b[31m\\u202e.yaml." in result.stderr
    no_terminal_control(result)
    sheet, _ = load_answers(name, MINI_Q)
    assert sheet.organisation.name == "X[31m"


def test_the_answers_printed_after_a_failed_save_are_safe_and_exact(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    copy_model(tmp_path)
    hostile_file(tmp_path / "h.yaml")

    def disk_full(path: Path, content: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(session_module, "write_text", disk_full)
    result = cli("assess", "--resume", "h.yaml", stdin="1 2\n1\nq\n")
    assert result.exit_code == 1  # the answers are not in the file
    no_terminal_control(result)
    printed = result.stderr.split("copy them into a file:\n", 1)[1]
    document = parse(printed).value
    assert document["organisation"]["name"] == HOSTILE  # the escapes read back as the text
    assert document["notes"]["a1"] == HOSTILE
    assert document["answers"]["c1"] == "never"


def test_a_terminal_dump_reads_back_the_same(mini: MaturityModel) -> None:
    sheet = sheet_for(
        mini, organisation=Organisation(name="Hårbourlight \u202eevil"), notes={"a1": "two\nlines \u2066x"}
    )
    plain = dump_sheet(sheet, mini.questionnaire)
    shown = dump_sheet(sheet, mini.questionnaire, terminal=True)
    assert "\u202e" in plain and not UNSAFE.search(shown)
    assert AnswerSheet.model_validate(parse(shown).value) == sheet
    calm = sheet_for(mini, organisation=Organisation(name="Hårbourlight"))
    assert dump_sheet(calm, mini.questionnaire, terminal=True) == dump_sheet(calm, mini.questionnaire)


# -- 6. input that ends before the interview ---------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "code", "answered"),
    [
        ("", 1, 0),
        ("2\n", 1, 1),
        ("2\nn\n", 1, 1),  # at the note prompt
        ("g\n", 1, 0),  # at the list
        ("2\nq\n", 0, 1),  # a deliberate stop
        ("2\n3\n1\n2\n1\n", 0, 5),  # every question answered, the end screen not confirmed
        ("2\n3\n1\n2\n1\n\n", 0, 5),  # finished
        ("2\n3\n1\n2\ns\n", 1, 4),  # at the end screen with a question left open
    ],
    ids=["nothing", "question", "note", "list", "quit", "all-answered", "finished", "end-incomplete"],
)
def test_the_exit_status_tells_a_run_cut_short(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: str, code: int, answered: int
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("assess", "-q", MINI_Q, "--org", "X", "--out", "x.yaml", stdin=lines)
    assert result.exit_code == code, result.stderr
    sheet, _ = load_answers("x.yaml", MINI_Q)
    assert len(sheet.answers) == answered  # saved, whatever the status
    ended = f"The input ended before the interview did: {5 - answered} of 5 questions have no answer yet."
    assert (ended in result.stderr) == (code == 1)
    if lines.endswith("\n\n") and code == 0:
        assert "The report:" in result.stdout
    else:
        assert "To go on later: socialmaturity assess --resume x.yaml" in result.stderr


def test_a_workshop_cut_short(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("assess", "-q", MINI_Q, "--org", "X", "--out", "x.yaml", "--participants", "A,B", stdin="1 2\n")
    assert result.exit_code == 1
    sheet, _ = load_answers("x.yaml", MINI_Q)
    assert sheet.votes == {"a1": {"A": "none", "B": "some"}}  # the votes are kept
    assert "To go on later:" in result.stderr
