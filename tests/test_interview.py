"""The interview's state machine, on its own: every key, the edges, workshops, languages.

Also the answers file it leads to: written from plain types, read back exactly.
"""

from __future__ import annotations

import datetime as dt
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialmaturity.interview.sheetfile import default_file_name, dump_sheet, slug
from socialmaturity.interview.state import (
    NOTE_LIMIT,
    Closing,
    EndScreen,
    FullResultScreen,
    Interview,
    ListScreen,
    Mode,
    NoteScreen,
    QuestionScreen,
    ResultScreen,
    Seen,
    State,
    Step,
    Viewport,
)
from socialmaturity.model import AnswerSheet, Organisation
from socialmaturity.scoring import MaturityModel, summarise_votes
from socialmaturity.validation import check_answers
from socialmaturity.yamlsource import parse

# The mini questionnaire, as numbered on screen:
#   1 a1 (alpha)  1 none  2 some  3 all
#   2 a2 (alpha)  1 none  2 part  3 full  | 4 na (outside the scale)
#   3 b1 (beta)   1 no    2 yes
#   4 b2 (beta)   1 none  2 basic 3 levels | 4 dont-know
#   5 c1 (gamma)  1 never 2 often


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


def run(interview: Interview, sheet: AnswerSheet, *lines: str) -> tuple[Step, list[Step]]:
    """Feed lines from the start; the last step, and every step on the way."""
    step = interview.start(sheet)
    steps = []
    for line in lines:
        step = interview.step(step.state, line)
        steps.append(step)
    return step, steps


def question(step: Step) -> QuestionScreen:
    assert isinstance(step.screen, QuestionScreen), step.screen
    return step.screen


@pytest.fixture
def solo(mini: MaturityModel) -> Interview:
    return Interview(mini, "en")


@pytest.fixture
def blank(mini: MaturityModel) -> AnswerSheet:
    return sheet_for(mini)


@pytest.fixture
def workshop(mini: MaturityModel) -> AnswerSheet:
    return sheet_for(mini, participants=["Ann", "Bob", "Cem"])


# -- starting and resuming --------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "position", "mode"),
    [
        ({}, 0, Mode.QUESTION),
        ({"a1": "some"}, 1, Mode.QUESTION),
        ({"a1": "some", "a2": "na", "b2": "basic"}, 2, Mode.QUESTION),  # a hole is found first
        ({"a2": "full"}, 0, Mode.QUESTION),
        ({"a1": "all", "a2": "na", "b1": "yes", "b2": "dont-know"}, 4, Mode.QUESTION),
        ({"a1": "all", "a2": "na", "b1": "yes", "b2": "dont-know", "c1": "often"}, 5, Mode.END),
    ],
)
def test_start_at_the_first_unanswered_question(
    solo: Interview, mini: MaturityModel, answers: dict[str, str], position: int, mode: Mode
) -> None:
    step = solo.start(sheet_for(mini, answers=answers))
    assert (step.state.position, step.state.mode) == (position, mode)
    assert step.changed is False


def test_the_first_screen(solo: Interview, blank: AnswerSheet) -> None:
    screen = question(solo.start(blank))
    assert (screen.number, screen.total, screen.answered) == (1, 5, 0)
    assert screen.question_id == "a1"
    assert screen.phase == "Phase 1: Alpha"
    assert screen.dimension == "Strategy"
    assert screen.text == "Accounts?"
    assert [(o.number, o.label, o.on_scale) for o in screen.options] == [
        (1, "None", True),
        (2, "Some", True),
        (3, "All", True),
    ]
    assert [(p.name, p.answered, p.total, p.current) for p in screen.phases] == [
        ("Alpha", 0, 2, True),
        ("Beta", 0, 2, False),
        ("Gamma", 0, 1, False),
    ]
    assert [k.key for k in screen.keys] == ["1–3", "n", "s", "b", "g", "q"]  # no help text: no ?
    assert screen.current is None and screen.note is None and screen.hint is None


def test_not_applicable_options_come_after_the_scale(solo: Interview, blank: AnswerSheet) -> None:
    step, _ = run(solo, blank, "2")
    screen = question(step)
    assert screen.question_id == "a2"
    assert [(o.number, o.option_id, o.on_scale) for o in screen.options] == [
        (1, "none", True),
        (2, "part", True),
        (3, "full", True),
        (4, "na", False),
    ]


# -- answering ------------------------------------------------------------------------------


def test_a_number_answers_and_moves_on(solo: Interview, blank: AnswerSheet) -> None:
    step, steps = run(solo, blank, "2", "4", "1")
    assert [s.changed for s in steps] == [True, True, True]
    assert step.state.sheet.answers == {"a1": "some", "a2": "na", "b1": "no"}
    assert question(step).question_id == "b2"
    assert question(step).phases[1].answered == 1


def test_answering_skips_to_the_next_unanswered_question(solo: Interview, mini: MaturityModel) -> None:
    # resumed with a hole at b1: after it, the answered b2 is passed over
    sheet = sheet_for(mini, answers={"a1": "some", "a2": "full", "b2": "basic"})
    step, _ = run(solo, sheet, "2")
    assert step.state.sheet.answers["b1"] == "yes"
    assert question(step).question_id == "c1"


def test_the_same_answer_again_changes_nothing(solo: Interview, mini: MaturityModel) -> None:
    sheet = sheet_for(mini, answers={"a1": "some"})
    step, steps = run(solo, sheet, "b", "2")
    assert steps[-1].changed is False
    assert step.state.sheet.answers == {"a1": "some"}


def test_revisiting_shows_the_current_answer(solo: Interview, mini: MaturityModel) -> None:
    sheet = sheet_for(mini, answers={"a1": "some", "a2": "na"})
    step, _ = run(solo, sheet, "b")
    screen = question(step)
    assert screen.question_id == "a2"
    assert screen.current == "4  Not applicable"
    assert [o.chosen for o in screen.options] == [False, False, False, True]
    assert [k.key for k in screen.keys][:2] == ["1–4", "Enter"]


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("9", "There is no option 9: choose 1–3."),
        ("0", "There is no option 0: choose 1–3."),
        ("x", "“x” is not an answer here. Type 1–3 to answer, or one of the keys below."),
        ("2 3", "“2 3” is not an answer here. Type 1–3 to answer, or one of the keys below."),
        ("-1", "“-1” is not an answer here. Type 1–3 to answer, or one of the keys below."),
        ("", "Type 1–3 to answer, or s to skip this question."),
        ("a" * 40, "“" + "a" * 19 + "…” is not an answer here. Type 1–3 to answer, or one of the keys below."),
    ],
)
def test_anything_else_gets_a_hint_and_the_question_again(
    solo: Interview, blank: AnswerSheet, line: str, hint: str
) -> None:
    step, _ = run(solo, blank, line)
    assert step.changed is False
    assert step.state == solo.start(blank).state
    assert question(step).hint == hint


def test_keys_ignore_case_and_spaces(solo: Interview, blank: AnswerSheet) -> None:
    step, _ = run(solo, blank, "  2 ", " S", "B", " Q ")
    assert step.state.mode is Mode.QUIT


def test_enter_keeps_an_answer_and_goes_to_the_next_question(solo: Interview, mini: MaturityModel) -> None:
    sheet = sheet_for(mini, answers={"a1": "some", "a2": "full", "b1": "yes"})
    step, steps = run(solo, sheet, "g", "1", "", "")
    assert [s.changed for s in steps] == [False] * 4
    assert question(step).question_id == "b1"  # sequentially, not to the first unanswered


# -- skip, back, go to ----------------------------------------------------------------------


def test_skip_leaves_the_question_unanswered(solo: Interview, blank: AnswerSheet) -> None:
    step, steps = run(solo, blank, "s")
    assert steps[0].changed is False
    assert step.state.sheet.answers == {}
    assert question(step).question_id == "a2"
    assert question(step).hint == "Question 1 skipped."


def test_skip_on_the_last_question_reaches_the_end(solo: Interview, blank: AnswerSheet) -> None:
    step, _ = run(solo, blank, "s", "s", "s", "s", "s")
    assert step.state.mode is Mode.END
    assert isinstance(step.screen, EndScreen)
    assert step.screen.status == "5 of 5 questions have no answer yet:"
    assert [e.number for e in step.screen.unanswered] == [1, 2, 3, 4, 5]
    assert step.screen.caution == "The result counts only what is answered."


def test_back_on_the_first_question(solo: Interview, blank: AnswerSheet) -> None:
    step, _ = run(solo, blank, "b")
    assert step.state.position == 0
    assert question(step).hint == "This is the first question."


def test_back_goes_one_question_back(solo: Interview, blank: AnswerSheet) -> None:
    step, _ = run(solo, blank, "1", "1", "b")
    assert question(step).question_id == "a2"
    step, _ = run(solo, blank, "1", "1", "b", "b")
    assert question(step).question_id == "a1"


def test_the_list_and_jumping(solo: Interview, mini: MaturityModel) -> None:
    sheet = sheet_for(mini, answers={"a1": "some", "b1": "no"})
    step, _ = run(solo, sheet, "g")
    assert step.state.mode is Mode.LIST
    assert isinstance(step.screen, ListScreen)
    assert step.screen.title == "All questions (2 of 5 answered)"
    assert [(e.number, e.phase, e.answer, e.current) for e in step.screen.entries] == [
        (1, "Alpha", "Some", False),
        (2, "Alpha", None, True),
        (3, "Beta", "No", False),
        (4, "Beta", None, False),
        (5, "Gamma", None, False),
    ]
    jumped, _ = run(solo, sheet, "g", "5")
    assert question(jumped).question_id == "c1"
    back, _ = run(solo, sheet, "g", "")
    assert question(back).question_id == "a2"
    for wrong in ("0", "6", "x", "b"):
        hinted, _ = run(solo, sheet, "g", wrong)
        assert hinted.state.mode is Mode.LIST
        assert isinstance(hinted.screen, ListScreen)
        assert hinted.screen.hint == "Type a question number from 1 to 5, or press Enter to return."
    quit_, _ = run(solo, sheet, "g", "q")
    assert quit_.state.mode is Mode.QUIT


# -- notes and help -------------------------------------------------------------------------


def test_a_note_is_added_edited_and_removed(solo: Interview, blank: AnswerSheet) -> None:
    step, steps = run(solo, blank, "n")
    assert isinstance(step.screen, NoteScreen)
    assert step.screen.note is None and step.screen.title == "Note for question 1"
    text = 'Ann: "we post on 3 platforms" <script>alert(1)</script> #1: ok'
    step, steps = run(solo, blank, "n", text)
    assert steps[-1].changed is True
    assert step.state.sheet.notes == {"a1": text}
    assert question(step).note == text and question(step).hint == "Note saved."
    edited, steps = run(solo, blank, "n", text, "n", "second thoughts")
    assert edited.state.sheet.notes == {"a1": "second thoughts"}
    kept, steps = run(solo, blank, "n", text, "n", "")
    assert steps[-1].changed is False and kept.state.sheet.notes == {"a1": text}
    assert question(kept).hint == "Note unchanged."
    _, steps = run(solo, blank, "n", text, "n", text)
    assert steps[-1].changed is False
    removed, steps = run(solo, blank, "n", text, "n", "-")
    assert steps[-1].changed is True and removed.state.sheet.notes == {}
    assert question(removed).hint == "Note removed."
    _, steps = run(solo, blank, "n", "-")
    assert steps[-1].changed is False


def test_a_note_longer_than_the_file_allows_is_refused(solo: Interview, blank: AnswerSheet) -> None:
    step, steps = run(solo, blank, "n", "x" * (NOTE_LIMIT + 1))
    assert steps[-1].changed is False
    assert step.state.sheet.notes == {}
    assert question(step).hint == (
        f"That note is too long ({NOTE_LIMIT + 1} characters; at most {NOTE_LIMIT}). It was not saved."
    )


def test_help_toggles(bundled: MaturityModel) -> None:
    interview = Interview(bundled, "en")
    sheet = sheet_for(bundled)
    step, _ = run(interview, sheet, "?")
    assert question(step).help is not None and question(step).help.startswith("Count only accounts")
    step, _ = run(interview, sheet, "?", "?")
    assert question(step).help is None
    step, _ = run(interview, sheet, "?", "2")
    assert question(step).help is None  # the next question starts without it


def test_help_when_there_is_none(solo: Interview, blank: AnswerSheet) -> None:
    step, _ = run(solo, blank, "?")
    assert question(step).hint == "This question has no help text."


# -- the end ------------------------------------------------------------------------------


def test_the_last_answer_leads_to_the_end(solo: Interview, blank: AnswerSheet) -> None:
    step, _ = run(solo, blank, "1", "1", "1", "1", "1")
    assert isinstance(step.screen, EndScreen)
    assert step.screen.status == "All 5 questions have an answer."
    assert step.screen.unanswered == () and step.screen.caution is None
    result, _ = run(solo, blank, "1", "1", "1", "1", "1", "")
    assert result.state.mode is Mode.RESULT and isinstance(result.screen, ResultScreen)
    finished, _ = run(solo, blank, "1", "1", "1", "1", "1", "", "")
    assert finished.state.mode is Mode.FINISHED
    assert finished.screen == Closing(finished=True)


@pytest.mark.parametrize(
    ("line", "mode", "position"),
    # a digit alone does nothing on the end screen: stray keys must not overwrite an answer
    [("b", Mode.QUESTION, 4), ("3", Mode.END, 5), ("g", Mode.LIST, 5), ("q", Mode.QUIT, 5), ("x", Mode.END, 5)],
)
def test_keys_on_the_end_screen(
    solo: Interview, mini: MaturityModel, line: str, mode: Mode, position: int
) -> None:
    complete = {"a1": "all", "a2": "na", "b1": "yes", "b2": "dont-know", "c1": "often"}
    step, _ = run(solo, sheet_for(mini, answers=complete), line)
    assert (step.state.mode, step.state.position) == (mode, position)


def test_the_list_from_the_end_returns_to_the_end(solo: Interview, mini: MaturityModel) -> None:
    complete = {"a1": "all", "a2": "na", "b1": "yes", "b2": "dont-know", "c1": "often"}
    step, _ = run(solo, sheet_for(mini, answers=complete), "g", "")
    assert step.state.mode is Mode.END


def test_q_quits_without_changing_anything(solo: Interview, blank: AnswerSheet) -> None:
    step, steps = run(solo, blank, "2", "q")
    assert steps[-1].changed is False
    assert step.screen == Closing(finished=False)
    assert step.state.sheet.answers == {"a1": "some"}
    assert solo.step(step.state, "1").state is step.state  # a stopped interview stays stopped


# -- workshops --------------------------------------------------------------------------------


def test_votes_show_the_spread_and_a_three_way_tie_proposes_the_middle(
    solo: Interview, workshop: AnswerSheet, mini: MaturityModel
) -> None:
    step, steps = run(solo, workshop, "1 3 2")
    assert steps[0].changed is True
    assert step.state.sheet.votes == {"a1": {"Ann": "none", "Bob": "all", "Cem": "some"}}
    assert step.state.sheet.answers == {}  # not agreed yet
    screen = question(step)
    assert [(o.votes, o.voters, o.proposed) for o in screen.options] == [
        (1, ("Ann",), False),
        (1, ("Cem",), True),
        (1, ("Bob",), False),
    ]
    assert screen.ballot is not None
    expected = summarise_votes(mini.questionnaire.questions[0], step.state.sheet.votes["a1"])
    assert (screen.ballot.spread, screen.ballot.disagreement) == (expected.spread, True) == (2, True)
    assert screen.ballot.verdict == "DISAGREEMENT: the votes are 2 scale steps apart. Worth a discussion."
    assert screen.ballot.proposal == "Proposal: 2: the votes tie, and 2 lies nearest the middle vote."
    assert screen.keys[0].key == "Enter" and screen.keys[0].label == "agree on 2"
    agreed, steps = run(solo, workshop, "1 3 2", "")
    assert steps[-1].changed is True
    assert agreed.state.sheet.answers == {"a1": "some"}
    assert question(agreed).question_id == "a2"


def test_the_facilitator_overrides_the_proposal(solo: Interview, workshop: AnswerSheet) -> None:
    step, _ = run(solo, workshop, "1 3 2", "3")
    assert step.state.sheet.answers == {"a1": "all"}
    assert step.state.sheet.votes["a1"] == {"Ann": "none", "Bob": "all", "Cem": "some"}


@pytest.mark.parametrize(
    ("votes", "verdict", "proposed"),
    [
        ("2 3 3", "Close together: the votes are one scale step apart.", "all"),
        ("1 2 -", "Close together: the votes are one scale step apart.", None),  # a 1-1 split: no proposal
        ("- - -", "Nobody voted.", None),
    ],
)
def test_verdicts_and_proposals(
    solo: Interview, workshop: AnswerSheet, votes: str, verdict: str, proposed: str | None
) -> None:
    step, _ = run(solo, workshop, votes)
    ballot = question(step).ballot
    assert ballot is not None and ballot.verdict == verdict and ballot.disagreement is False
    chosen = [o.option_id for o in question(step).options if o.proposed]
    assert chosen == ([proposed] if proposed else [])


def test_votes_outside_the_scale(solo: Interview, workshop: AnswerSheet) -> None:
    step, _ = run(solo, workshop, "s", "4 3 4")  # a2: na, full, na
    ballot = question(step).ballot
    assert ballot is not None
    assert ballot.verdict == "Not everyone could answer on the scale."
    assert step.state.sheet.votes["a2"] == {"Ann": "na", "Bob": "full", "Cem": "na"}


def test_abstentions(solo: Interview, workshop: AnswerSheet) -> None:
    step, _ = run(solo, workshop, "- 2 -")
    assert step.state.sheet.votes["a1"] == {"Ann": None, "Bob": "some", "Cem": None}
    ballot = question(step).ballot
    assert ballot is not None and ballot.abstained == "Abstained: Ann, Cem"


def test_nobody_voted_so_there_is_nothing_to_propose(solo: Interview, workshop: AnswerSheet) -> None:
    step, steps = run(solo, workshop, "- - -", "")
    assert steps[-1].changed is False
    assert question(step).hint == "There is no proposal: type the number of the agreed answer."
    step, _ = run(solo, workshop, "- - -", "2")
    assert step.state.sheet.answers == {"a1": "some"}


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("1 2", "Type 3 answers, one per participant (Ann, Bob, Cem); you typed 2."),
        ("1 2 3 1", "Type 3 answers, one per participant (Ann, Bob, Cem); you typed 4."),
        ("2", "Type 3 answers, one per participant (Ann, Bob, Cem); you typed 1."),
        ("", "Type 3 answers, one per participant (Ann, Bob, Cem); you typed 0."),
        ("1 7 2", "“7” is not a vote: use 1–3, or - for an abstention."),
        ("1 x 2", "“x” is not a vote: use 1–3, or - for an abstention."),
        ("0 1 2", "“0” is not a vote: use 1–3, or - for an abstention."),
        ("maybe", "“maybe” is not an answer here. Type 1–3 to answer, or one of the keys below."),
    ],
)
def test_wrong_vote_lines_get_a_hint(solo: Interview, workshop: AnswerSheet, line: str, hint: str) -> None:
    step, steps = run(solo, workshop, line)
    assert steps[0].changed is False
    assert step.state.sheet.votes == {}
    assert question(step).hint == hint


def test_votes_may_be_separated_by_commas(solo: Interview, workshop: AnswerSheet) -> None:
    step, _ = run(solo, workshop, "1,3, 2")
    assert step.state.sheet.votes["a1"] == {"Ann": "none", "Bob": "all", "Cem": "some"}


def test_keys_work_in_a_workshop(solo: Interview, workshop: AnswerSheet) -> None:
    step, _ = run(solo, workshop, "1 3 2", "n", "Bob counts the old account", "")
    assert step.state.sheet.notes == {"a1": "Bob counts the old account"}
    assert step.state.sheet.answers == {"a1": "some"}  # the note kept the proposal on Enter
    for line, mode in (("s", Mode.QUESTION), ("g", Mode.LIST), ("q", Mode.QUIT), ("n", Mode.NOTE)):
        step, _ = run(solo, workshop, "1 3 2", line)
        assert step.state.mode is mode
    step, _ = run(solo, workshop, "s", "b")
    assert question(step).question_id == "a1"


def test_a_revisited_vote_keeps_its_agreed_answer_on_enter(solo: Interview, workshop: AnswerSheet) -> None:
    step, _ = run(solo, workshop, "1 3 2", "3", "b")
    screen = question(step)
    assert screen.current == "3  All" and screen.ballot is not None and not screen.ballot.fresh
    assert screen.keys[0].label == "keep the answer"
    kept, steps = run(solo, workshop, "1 3 2", "3", "b", "")
    assert steps[-1].changed is False
    assert kept.state.sheet.answers == {"a1": "all"}
    assert question(kept).question_id == "a2"
    revoted, steps = run(solo, workshop, "1 3 2", "3", "b", "2 2 2", "")
    assert revoted.state.sheet.answers == {"a1": "some"}
    assert revoted.state.sheet.votes["a1"] == {"Ann": "some", "Bob": "some", "Cem": "some"}


def test_a_single_participant_votes_with_one_number(solo: Interview, mini: MaturityModel) -> None:
    sheet = sheet_for(mini, participants=["Ann"])
    step, _ = run(solo, sheet, "3", "")
    assert step.state.sheet.votes == {"a1": {"Ann": "all"}}
    assert step.state.sheet.answers == {"a1": "all"}


def test_a_workshop_question_answered_without_votes_keeps_it_on_enter(
    solo: Interview, mini: MaturityModel
) -> None:
    sheet = sheet_for(mini, participants=["Ann", "Bob"], answers={"a1": "all", "a2": "full"})
    step, _ = run(solo, sheet, "g", "1", "")
    assert question(step).question_id == "a2"


# -- languages ------------------------------------------------------------------------------


def test_dutch(mini: MaturityModel, workshop: AnswerSheet) -> None:
    interview = Interview(mini, "nl")
    screen = question(interview.start(workshop))
    assert screen.phase == "Fase 1: Alfa"
    assert screen.dimension == "Strategie"
    assert [o.label for o in screen.options] == ["Geen", "Enkele", "Alle"]
    assert screen.vote_order == "Stemmen in deze volgorde: Ann  Bob  Cem"
    assert [k.label for k in screen.keys] == [
        "één antwoord per deelnemer, - onthoudt zich",
        "notitie",
        "overslaan",
        "terug",
        "alle vragen",
        "opslaan en stoppen",
    ]
    step, _ = run(interview, workshop, "1 3 2")
    ballot = question(step).ballot
    assert ballot is not None
    assert ballot.verdict == "ONENIGHEID: de stemmen liggen 2 stappen uit elkaar. Bespreek het."
    step, _ = run(interview, workshop, "1 2")
    assert question(step).hint == "Typ 3 antwoorden, één per deelnemer (Ann, Bob, Cem); u typte er 2."
    step, _ = run(interview, workshop, "s", "s", "s", "s", "s")
    assert isinstance(step.screen, EndScreen)
    assert step.screen.title == "Einde van de vragenlijst"
    assert step.screen.status == "5 van de 5 vragen hebben nog geen antwoord:"


# -- any sequence of lines keeps the answers valid ----------------------------------------------

LINES = st.one_of(
    st.sampled_from(["", "1", "2", "3", "4", "5", "9", "n", "?", "s", "b", "g", "q", "-", "1 2 3", "2 - 4", "x"]),
    st.text(alphabet=string.printable, max_size=12),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(LINES, max_size=40), with_participants=st.booleans())
def test_no_line_sequence_breaks_the_answers(
    mini: MaturityModel, lines: list[str], with_participants: bool
) -> None:
    interview = Interview(mini, "en")
    sheet = sheet_for(mini, participants=["Ann", "Bob", "Cem"] if with_participants else [])
    step = interview.start(sheet)
    previous = step.state.sheet
    for line in lines:
        step = interview.step(step.state, line)
        assert isinstance(step.state, State)
        if not step.changed:
            assert step.state.sheet == previous  # nothing to save means nothing changed
        previous = step.state.sheet
        if step.state.done:
            break
    assert check_answers(step.state.sheet, mini.questionnaire) == []
    # the file written for it reads back as the same sheet
    assert AnswerSheet.model_validate(parse(dump_sheet(step.state.sheet, mini.questionnaire)).value) == step.state.sheet


# -- the answers file -------------------------------------------------------------------------


def test_the_answers_file_layout(mini: MaturityModel) -> None:
    sheet = sheet_for(
        mini,
        assessor="Maren",
        participants=["Ann", "yes", "null"],
        answers={"c1": "often", "b1": "no", "a1": "some"},
        notes={"b1": "two\nlines", "a1": "ok"},
        votes={"b1": {"null": "no", "Ann": None, "yes": "yes"}},
    )
    assert dump_sheet(sheet, mini.questionnaire) == (
        "# Answers file written by `socialmaturity assess`.\n"
        "# Check it with `socialmaturity validate`, score it with `socialmaturity score`.\n"
        "questionnaire: mini\n"
        "questionnaire_version: '1.0'\n"
        "organisation:\n"
        "  name: Harbourlight Energy\n"
        "assessed_on: 2026-11-22\n"
        "assessor: Maren\n"
        "language: en\n"
        "participants:\n"
        "- Ann\n"
        "- 'yes'\n"
        "- 'null'\n"
        "answers:\n"
        "  a1: some\n"
        "  b1: 'no'\n"
        "  c1: often\n"
        "notes:\n"
        "  a1: ok\n"
        "  b1: |-\n"
        "    two\n"
        "    lines\n"
        "votes:\n"
        "  b1:\n"
        "    Ann: null\n"
        "    'yes': 'yes'\n"
        "    'null': 'no'\n"
    )


NOTE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),  # lone surrogates cannot be UTF-8
    min_size=1,
    max_size=300,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=NOTE_TEXT, name=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60))
def test_notes_and_names_round_trip_exactly(mini: MaturityModel, note: str, name: str) -> None:
    sheet = sheet_for(
        mini,
        organisation=Organisation(name=name),
        participants=[name],
        notes={"a1": note},
        votes={"a1": {name: "some"}},
    )
    back = AnswerSheet.model_validate(parse(dump_sheet(sheet, mini.questionnaire)).value)
    assert back.notes == {"a1": note}
    assert back.organisation.name == name
    assert back.participants == [name]
    assert back == sheet


@pytest.mark.parametrize(
    "note",
    [
        'She said: "no" # not a comment',
        "key: value\n- item\n",
        "<img src=file:///etc/passwd>",
        "=HYPERLINK(\"http://x\")",
        "  leading and trailing spaces  ",
        "tab\there, CR\rhere, NEL\x85here, LS\u2028here",
        "---\n...\n",
        "'single' and \\backslash\\",
        "\x1b[31mred\x1b[0m and \x07 bell",
        "emoji 🎉 and ë, ß, 中文",
        "yes",
        "12:30",
        "~",
    ],
)
def test_awkward_notes_round_trip(mini: MaturityModel, note: str) -> None:
    sheet = sheet_for(mini, notes={"a1": note})
    back = AnswerSheet.model_validate(parse(dump_sheet(sheet, mini.questionnaire)).value)
    assert back.notes["a1"] == note


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Harbourlight Energy", "harbourlight-energy"),
        ("../../etc/passwd", "etc-passwd"),
        (".hidden", "hidden"),
        ("Café Ëlan & Zoon B.V.", "cafe-elan-zoon-b-v"),
        ("中文", "assessment"),
        ("///", "assessment"),
        ("a\\b/c", "a-b-c"),
        ("x" * 100, "x" * 60),
    ],
)
def test_file_names_are_safe(name: str, expected: str) -> None:
    assert slug(name) == expected
    file_name = default_file_name(name, dt.date(2026, 11, 22))
    assert file_name == f"{expected}-2026-11-22.yaml"
    assert "/" not in file_name and "\\" not in file_name and not file_name.startswith(".")


# -- faults a projector made obvious (issue: live workshops, item 7) ------------------------------


COMPLETE = {"a1": "all", "a2": "na", "b1": "yes", "b2": "dont-know", "c1": "often"}


def test_stray_digits_on_the_end_screen_change_no_answer(solo: Interview, mini: MaturityModel) -> None:
    step, steps = run(solo, sheet_for(mini, answers=COMPLETE), "2", "2", "2")
    assert isinstance(step.screen, EndScreen)
    assert step.state.sheet.answers == COMPLETE and not any(s.changed for s in steps)
    assert step.screen.hint == "Press Enter for the result; to change an answer, type g for the list of all 5 questions."


def test_an_answer_changed_from_the_end_screen_returns_to_it(solo: Interview, mini: MaturityModel) -> None:
    step, _ = run(solo, sheet_for(mini, answers=COMPLETE), "g", "2", "2")
    assert step.state.sheet.answers["a2"] == "part"
    assert isinstance(step.screen, EndScreen)  # not on to question 3
    kept, _ = run(solo, sheet_for(mini, answers=COMPLETE), "g", "4", "")
    assert isinstance(kept.screen, EndScreen)
    # from the question's own list (not the end screen's), answering goes on as before
    onward, _ = run(solo, sheet_for(mini, answers={"a1": "all"}), "g", "1", "2")
    assert question(onward).question_id == "a2"


def test_a_unanimous_vote_is_agreed_in_one_step(solo: Interview, workshop: AnswerSheet) -> None:
    step, steps = run(solo, workshop, "2 2 2")
    assert steps[0].changed is True
    assert step.state.sheet.answers == {"a1": "some"}
    assert step.state.sheet.votes == {"a1": {"Ann": "some", "Bob": "some", "Cem": "some"}}
    assert question(step).question_id == "a2"
    assert question(step).hint == "Question 1: everyone chose 2; agreed."


@pytest.mark.parametrize(
    ("line", "votes"),
    [
        ("123", {"Ann": "none", "Bob": "some", "Cem": "all"}),
        ("3 3 1", {"Ann": "all", "Bob": "all", "Cem": "none"}),
        ("3,1,1", {"Ann": "all", "Bob": "none", "Cem": "none"}),
    ],
)
def test_digits_typed_together_are_one_vote_each(
    solo: Interview, workshop: AnswerSheet, line: str, votes: dict[str, str]
) -> None:
    step, _ = run(solo, workshop, line)
    assert step.state.sheet.votes == {"a1": votes}


def test_333_is_three_votes_and_agreed(solo: Interview, workshop: AnswerSheet) -> None:
    step, _ = run(solo, workshop, "333")
    assert step.state.sheet.answers == {"a1": "all"}
    refused, _ = run(solo, workshop, "343")  # 4 is no option of a1
    assert refused.state.sheet.votes == {}
    assert "you typed 1" in (question(refused).hint or "")


def test_a_one_versus_one_split_proposes_nothing(solo: Interview, mini: MaturityModel) -> None:
    step, _ = run(solo, sheet_for(mini, participants=["Ann", "Bob"]), "1 3")
    ballot = question(step).ballot
    assert ballot is not None and ballot.proposed is None
    assert ballot.proposal == "No proposal: the votes are split evenly. Type the number of the agreed answer."


def test_dutch_abstentions_and_proposals(mini: MaturityModel) -> None:
    dutch = Interview(mini, "nl")
    step, _ = run(dutch, sheet_for(mini, participants=["Ann", "Bob", "Cas"], language="nl"), "1 1 -")
    ballot = question(step).ballot
    assert ballot is not None
    assert ballot.abstained == "Onthielden zich: Cas"
    assert ballot.proposal == "Voorstel: 1, het antwoord dat de meesten kozen."
    assert ballot.verdict == "Iedereen is het eens."


@pytest.mark.parametrize("width", [80, 100])
def test_the_phase_progress_stays_on_one_line(bundled: MaturityModel, width: int) -> None:
    from rich.console import Console

    from socialmaturity.interview import screen as screens

    step = Interview(bundled, "en").start(sheet_for(bundled))
    console = Console(width=width, no_color=True, highlight=False)
    with console.capture() as captured:
        console.print(screens.render(step.screen, saved_to="x.yaml"))
    lines = captured.get().splitlines()
    presence = sum(q.phase == "presence" for q in bundled.questionnaire.questions)
    assert lines[1].startswith(f"▸ Social presence 0/{presence}")
    assert "Dialogue" not in lines[2] and not lines[2].startswith("business")  # nothing wrapped
    assert set(lines[2].strip()) == {"─"}


# -- every screen fits the projector --------------------------------------------------------


def lines_of(screen: object, width: int) -> list[str]:
    """A screen as the terminal shows it, `width` columns wide."""
    import io

    from rich.console import Console

    from socialmaturity.interview import screen as screens

    console = Console(file=io.StringIO(), width=width, force_terminal=False, no_color=True)
    with console.capture() as captured:
        console.print(screens.render(screen, saved_to="answers/harbourlight-energy-2026-11-22.yaml",  # type: ignore[arg-type]
                                     report="socialmaturity report answers/harbourlight-energy-2026-11-22.yaml -o x.pdf"))
    return captured.get().splitlines()


def test_skipped_questions_are_told_apart_from_unseen_ones(solo: Interview, blank: AnswerSheet) -> None:
    step, _ = run(solo, blank, "2", "s", "b", "b", "g")  # answer 1, skip 2, see 3, back to 1
    assert isinstance(step.screen, ListScreen)
    assert [e.seen for e in step.screen.entries] == [Seen.ANSWERED, Seen.SKIPPED, Seen.SEEN, Seen.UNSEEN, Seen.UNSEEN]
    assert step.state.skipped == {"a2"} and step.state.shown == {"a1", "a2", "b1"}
    shown = "\n".join(lines_of(step.screen, 80))
    for mark in ("1 ▸ ", "2 ↷ ", "3 ○ ", "4 · "):
        assert f"\n{mark}" in shown


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize(("width", "height"), [(80, 24), (100, 30)])
def test_the_list_shows_whole_questions_in_pages_that_fit(
    bundled: MaturityModel, language: str, width: int, height: int
) -> None:
    interview = Interview(bundled, language)
    total = len(bundled.questionnaire.questions)
    step = interview.start(sheet_for(bundled, language=language), Viewport(width, height))
    step = interview.step(step.state, "g")
    assert isinstance(step.screen, ListScreen)
    pages = step.screen.pages
    assert pages > 1
    seen_numbers: list[int] = []
    shown_text: dict[int, str] = {}
    for page in range(pages):
        assert isinstance(step.screen, ListScreen) and step.screen.page == page
        lines = lines_of(step.screen, width)
        assert len(lines) + 1 <= height  # the prompt too
        assert all(len(line) <= width for line in lines)
        number = None
        for line in step.screen.lines:
            if line.number is not None:
                number = line.number
                seen_numbers.append(number)
                shown_text[number] = line.text
            elif number is not None and not line.heading and line.text:
                shown_text[number] += " " + line.text
        step = interview.step(step.state, "n")
    assert step.screen.hint == interview.m("hint.last-page")  # type: ignore[union-attr]
    assert seen_numbers == list(range(1, total + 1))  # every question once, in order
    for i, question in enumerate(bundled.questionnaire.questions, 1):
        assert shown_text[i] == " ".join(question.text[language].split())  # whole, not cut
    back = interview.step(step.state, "p")
    assert isinstance(back.screen, ListScreen) and back.screen.page == pages - 2


def test_the_list_opens_on_the_page_of_the_question_on_screen(bundled: MaturityModel) -> None:
    interview = Interview(bundled, "en")
    total = len(bundled.questionnaire.questions)
    step = interview.start(sheet_for(bundled), Viewport(80, 24))
    step = interview.step(step.state, "g")
    step = interview.step(step.state, str(total))
    step = interview.step(step.state, "g")
    assert isinstance(step.screen, ListScreen)
    assert step.screen.page == step.screen.pages - 1
    assert any(line.number == total and line.current for line in step.screen.lines)


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize(("width", "height"), [(80, 24), (100, 30)])
@pytest.mark.parametrize("pick", [0, 1, 2, -1])
def test_the_result_fits_one_screen(
    bundled: MaturityModel, language: str, width: int, height: int, pick: int
) -> None:
    answers = {}
    for i, question in enumerate(bundled.questionnaire.questions):
        scale = question.scored_options()
        answers[question.id] = scale[pick if pick < 0 else min(pick + i % 2, len(scale) - 1)].id
    interview = Interview(bundled, language)
    step = interview.start(sheet_for(bundled, language=language, answers=answers), Viewport(width, height))
    assert isinstance(step.screen, EndScreen)
    step = interview.step(step.state, "")
    assert isinstance(step.screen, ResultScreen)
    assert len(step.screen.steps) <= 3
    lines = lines_of(step.screen, width)
    # the prompt, the line that says where the answers are, and the shell's prompt after it
    assert len(lines) + 3 <= height, "\n".join(lines)
    assert lines[2].startswith("Harbourlight Energy")  # the verdict near the top
    assert any(line.startswith(("Margin:", "Marge:")) for line in lines)
    full = interview.step(step.state, "f")
    assert isinstance(full.screen, FullResultScreen)
    assert len(lines_of(full.screen, width)) > height  # on request only: it scrolls
    again = interview.step(full.state, "f")
    assert isinstance(again.screen, ResultScreen)
    assert interview.step(again.state, "b").state.mode is Mode.END
    assert interview.step(again.state, "").screen == Closing(finished=True)


# -- the question screen fits the terminal it is given ----------------------------------

PARTICIPANTS = (
    "Annemarie", "Bartholomeus", "Cees", "Dewi", "Evelien", "Fatima", "Gerrit", "Hanneke",
    "Ilse", "Jeroen", "Karin", "Lodewijk", "Mohammed", "Noor", "Oscar",
)
NOTE = (
    "The team said the regional accounts post whenever someone has time; the main account "
    "keeps to a weekly rhythm since spring, and nobody owns the event accounts."
)


def _tallest(model: MaturityModel, language: str, *, by_help: bool) -> int:
    """The index of the question that takes the most room: by its help, or by everything."""

    def size(i: int) -> int:
        q = model.questionnaire.questions[i]
        helped = len(q.help[language]) if q.help else 0
        if by_help:
            return helped
        return len(q.text[language]) + sum(len(o.label[language]) + 40 for o in q.options) + helped

    return max(range(len(model.questionnaire.questions)), key=size)


def _question_screens(model: MaturityModel, language: str, viewport: Viewport) -> list[tuple[str, Step]]:
    """Every kind of question screen, on the tallest questions of the questionnaire."""
    interview = Interview(model, language)
    questions = model.questionnaire.questions
    shown: list[tuple[str, Step]] = []
    for index in sorted({_tallest(model, language, by_help=b) for b in (False, True)}):
        question_id = questions[index].id

        def at(sheet: AnswerSheet, index: int = index) -> Step:
            step = interview.start(sheet, viewport)
            return interview.step(interview.step(step.state, "g").state, str(index + 1))

        plain = at(sheet_for(model, language=language))
        shown.append((f"q{index + 1}", plain))
        helped = interview.step(plain.state, "?")
        shown.append((f"q{index + 1} help", helped))
        noted = at(sheet_for(model, language=language, notes={question_id: NOTE}))
        noted = interview.step(interview.step(noted.state, "?").state, "not an answer at all")
        shown.append((f"q{index + 1} help note hint", noted))
        shown.append((f"q{index + 1} note screen", interview.step(noted.state, "n")))
        scale = len(questions[index].scored_options())
        for count in (3, 8, 15):
            names = list(PARTICIPANTS[:count])
            sheet = sheet_for(model, language=language, participants=names, notes={question_id: NOTE})
            step = at(sheet)
            shown.append((f"q{index + 1} workshop {count}", step))
            # a disagreement: half vote the lowest answer, the rest the highest
            votes = " ".join(["1"] * (count // 2) + [str(scale)] * (count - count // 2))
            step = interview.step(step.state, votes)
            assert question(step).ballot is not None and question(step).ballot.disagreement  # type: ignore[union-attr]
            shown.append((f"q{index + 1} workshop {count} votes", step))
            step = interview.step(interview.step(step.state, "?").state, "1 2")  # a wrong count: a long hint
            shown.append((f"q{index + 1} workshop {count} votes help note hint", step))
    return shown


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize(("width", "height"), [(80, 24), (100, 30)])
def test_every_screen_fits_the_terminal(bundled: MaturityModel, language: str, width: int, height: int) -> None:
    viewport = Viewport(width, height)
    screens = _question_screens(bundled, language, viewport)
    interview = Interview(bundled, language)
    answers = {q.id: q.scored_options()[1].id for q in bundled.questionnaire.questions}
    end = interview.start(sheet_for(bundled, language=language, answers=answers), viewport)
    screens += [
        ("list", interview.step(interview.start(sheet_for(bundled, language=language), viewport).state, "g")),
        ("end", end),
        ("result", interview.step(end.state, "")),
    ]
    kinds = {type(step.screen) for _, step in screens}
    assert kinds == {QuestionScreen, NoteScreen, ListScreen, EndScreen, ResultScreen}
    for name, step in screens:
        lines = lines_of(step.screen, width)
        # the prompt below; the result also says where the answers are, and the shell's prompt follows
        extra = 3 if isinstance(step.screen, ResultScreen) else 1
        assert len(lines) + extra <= height, f"{name}: {len(lines) + extra} lines\n" + "\n".join(lines)
        assert all(len(line.rstrip()) <= width for line in lines), name
        if isinstance(step.screen, QuestionScreen):
            # the header stays on top, the question right under it (after the progress and rule)
            assert lines[0].startswith(step.screen.phase), name
            assert any(line.strip().startswith(step.screen.text[:20]) for line in lines[1:5]), name


@pytest.mark.parametrize("language", ["en", "nl"])
def test_help_too_tall_beside_the_options_gets_the_page_to_itself(bundled: MaturityModel, language: str) -> None:
    interview = Interview(bundled, language)
    index = _tallest(bundled, language, by_help=True)
    question_id = bundled.questionnaire.questions[index].id
    names = list(PARTICIPANTS)
    sheet = sheet_for(bundled, language=language, participants=names, notes={question_id: NOTE})
    step = interview.start(sheet, Viewport(80, 24))
    step = interview.step(interview.step(step.state, "g").state, str(index + 1))
    step = interview.step(interview.step(step.state, "1 1 1 1 2 2 4 4 1 1 1 1 2 2 4").state, "?")
    screen = question(step)
    assert screen.help is not None
    shown = "\n".join(lines_of(screen, 80))
    notice = interview.m("question.help-page")
    assert notice in shown
    assert " ".join(shown.split()).count(" ".join(screen.help.split())[-30:]) == 1  # the help whole
    # ? again: the options, the votes and the note return
    back = question(interview.step(step.state, "?"))
    again = "\n".join(lines_of(back, 80))
    assert notice not in again and "■" in again and back.options[0].label[:20] in again
    assert len(again.splitlines()) + 1 <= 24


def test_a_transcript_keeps_the_full_form(bundled: MaturityModel) -> None:
    interview = Interview(bundled, "en")
    step = interview.start(sheet_for(bundled), Viewport(100, None))
    screen = question(interview.step(step.state, "?"))
    assert screen.rows is None
    lines = lines_of(screen, 100)
    assert lines[2].startswith("─") and lines[3].strip() == ""  # the rule, and air around the question
    assert any(line.lstrip().startswith("╭─ Help") for line in lines)
    assert lines[-1].startswith("Saved after every answer to")


def test_a_terminal_too_short_for_any_layout_says_so(bundled: MaturityModel) -> None:
    interview = Interview(bundled, "nl")
    index = _tallest(bundled, "nl", by_help=False)
    step = interview.start(sheet_for(bundled, language="nl"), Viewport(80, 12))
    step = interview.step(interview.step(step.state, "g").state, str(index + 1))
    shown = "\n".join(lines_of(step.screen, 80))
    assert "Dit scherm heeft" in shown and "de terminal heeft er 12" in shown
