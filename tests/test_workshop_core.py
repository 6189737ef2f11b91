"""The live workshop's core on its own: joining, rounds, votes, the reveal, agreeing,
what each page may see, the proposal rule, and the files it is kept in."""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path

import pytest

from socialmaturity.loader import load_answers
from socialmaturity.model import AnswerSheet, Organisation
from socialmaturity.scoring import MaturityModel, summarise_counts, summarise_votes
from socialmaturity.workshop.core import NAME_LIMIT, Refused, Room, Workshop, clean_name
from socialmaturity.workshop.limits import Rate, RateLimiter
from socialmaturity.workshop.store import (
    Secrets,
    StateError,
    Store,
    load_state,
    state_path,
    token_hash,
)

# mini, as numbered on screen: a1 1 none 2 some 3 all; a2 1 none 2 part 3 full | 4 na


def new_sheet(model: MaturityModel) -> AnswerSheet:
    return AnswerSheet(
        questionnaire=model.questionnaire.id,
        questionnaire_version=model.questionnaire.version,
        organisation=Organisation(name="Harbourlight Energy"),
        assessed_on=dt.date(2026, 11, 22),
        language="en",
    )


@pytest.fixture
def room(mini: MaturityModel) -> Workshop:
    workshop = Workshop(mini, "en", new_sheet(mini), Room())
    for token, name in (("t-ann", "Ann"), ("t-bob", "Bob"), ("t-cem", "Cem")):
        workshop.join(token, name)
    return workshop


# -- the proposal: the option most chose ------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "proposed"),
    [
        ({"none": 1, "full": 1}, None),  # 1 versus 5 on the scale: a split, not the lowest vote
        ({"none": 1, "full": 2}, "full"),  # most chose full; the old lower median said part... or none
        ({"none": 3, "part": 1, "full": 3}, None),  # tied, and the middle vote (part) is as near to both
        ({"none": 2, "part": 1, "full": 2, "na": 0}, None),
        ({"none": 2, "part": 2, "full": 1}, "part"),  # tied: the one nearer the middle vote (part)
        ({"none": 2, "part": 2, "full": 3}, "full"),
        ({"na": 3, "part": 1}, "na"),  # "not applicable" when most say so
        ({"na": 2, "part": 2}, None),  # a tie with an answer outside the scale: the room decides
        ({}, None),
    ],
)
def test_the_proposal_is_the_option_most_chose(mini: MaturityModel, counts: dict[str, int], proposed: str | None) -> None:
    a2 = mini.questionnaire.questions[1]
    assert summarise_counts(a2, counts).proposed == proposed


def test_a_split_of_two_voters_proposes_nothing_on_every_path(mini: MaturityModel) -> None:
    """The typed interview, the workshop and a survey group's consensus share the rule."""
    a1 = mini.questionnaire.questions[0]
    assert summarise_votes(a1, {"Ann": "none", "Bob": "all"}).proposed is None
    assert summarise_votes(a1, {"Ann": "none", "Bob": "all", "Cem": "all"}).proposed == "all"


# -- joining ------------------------------------------------------------------------------------


def test_a_token_that_joined_keeps_its_name(room: Workshop) -> None:
    assert room.join("t-ann", "Someone else") == "Ann"
    assert room.participants == ["Ann", "Bob", "Cem"]


def test_a_name_held_by_another_phone_is_refused(room: Workshop) -> None:
    with pytest.raises(Refused) as refused:
        room.join("t-other", "  Ann ")
    assert refused.value.key == "refused.name-taken"


def test_names_are_cleaned_and_limited(room: Workshop) -> None:
    assert room.join("t-x", " Dee\u202e\x07  Dubois\n") == "Dee Dubois"
    assert clean_name("<script>") == "<script>"  # kept as text; the pages escape it
    with pytest.raises(Refused, match=r"refused.name-long"):
        room.join("t-y", "x" * (NAME_LIMIT + 1))
    with pytest.raises(Refused, match=r"refused.name-empty"):
        room.join("t-z", "\u200b ")


def test_a_name_in_the_file_without_a_phone_can_be_claimed(mini: MaturityModel) -> None:
    typed = new_sheet(mini).model_copy(update={"participants": ["Anouk"]})
    workshop = Workshop(mini, "en", typed, Room())
    assert workshop.join("t-a", "Anouk") == "Anouk"
    assert workshop.participants == ["Anouk"]


def test_anonymous_participants_are_numbered_in_the_workshop_language(mini: MaturityModel) -> None:
    workshop = Workshop(mini, "nl", new_sheet(mini), Room(anonymous=True))
    assert [workshop.join(f"t{i}", "Ignored") for i in range(3)] == ["Deelnemer 1", "Deelnemer 2", "Deelnemer 3"]


def test_joining_can_be_paused_and_late_joiners_vote_on_the_current_question(room: Workshop) -> None:
    room.vote("t-ann", "a1", 1, 1)
    assert room.toggle_joining() is True
    with pytest.raises(Refused, match=r"refused.paused"):
        room.join("t-late", "Dee")
    room.toggle_joining()
    room.join("t-late", "Dee")
    room.vote("t-late", "a1", 1, 3)
    assert room.votes["a1"] == {"Ann": "none", "Dee": "all"}


# -- voting, revealing, agreeing ------------------------------------------------------------------


def test_votes_change_until_the_reveal_and_are_hidden_before_it(room: Workshop) -> None:
    room.vote("t-ann", "a1", 1, 1)
    room.vote("t-ann", "a1", 1, 3)  # changed her mind
    room.vote("t-bob", "a1", 1, 3)
    hidden = room.question_view(revealed_names=True)
    assert hidden is not None
    assert (hidden.voted, hidden.joined, hidden.revealed) == (2, 3, False)
    assert [o.votes for o in hidden.options] == [0, 0, 0]  # never who voted what before the reveal
    assert all(o.voters == () for o in hidden.options)
    room.reveal()
    shown = room.question_view(revealed_names=True)
    assert shown is not None
    assert [o.votes for o in shown.options] == [0, 0, 2]
    assert shown.options[2].voters == ("Ann", "Bob")
    assert shown.proposal == "Proposal: 3, everyone's choice."
    assert shown.abstained == "Did not vote (1): Cem"
    with pytest.raises(Refused, match=r"refused.revealed"):
        room.vote("t-cem", "a1", 1, 1)


def test_an_anonymous_reveal_shows_counts_without_names(mini: MaturityModel) -> None:
    workshop = Workshop(mini, "en", new_sheet(mini), Room(anonymous=True))
    workshop.join("a", None)
    workshop.join("b", None)
    workshop.vote("a", "a1", 1, 1)
    workshop.reveal()
    view = workshop.question_view(revealed_names=False)
    assert view is not None
    assert [o.votes for o in view.options] == [1, 0, 0] and all(o.voters == () for o in view.options)
    assert view.abstained == "Did not vote: 1"


def test_only_joined_participants_vote_on_the_question_and_round_on_screen(room: Workshop) -> None:
    with pytest.raises(Refused, match=r"refused.not-joined"):
        room.vote("t-stranger", "a1", 1, 1)
    with pytest.raises(Refused, match=r"refused.moved-on"):
        room.vote("t-ann", "a2", 1, 1)
    with pytest.raises(Refused, match=r"refused.moved-on"):
        room.vote("t-ann", "a1", 2, 1)
    with pytest.raises(Refused, match=r"refused.no-option"):
        room.vote("t-ann", "a1", 1, 4)
    assert room.votes.get("a1", {}) == {}


def test_a_disagreement_is_discussed_in_a_new_round_and_agreed(room: Workshop) -> None:
    room.vote("t-ann", "a1", 1, 1)
    room.vote("t-bob", "a1", 1, 3)
    room.vote("t-cem", "a1", 1, 3)
    with pytest.raises(Refused, match=r"refused.not-revealed"):
        room.agree()
    room.reveal()
    view = room.question_view(revealed_names=True)
    assert view is not None and view.disagreement and view.proposed == 3
    assert view.proposal == "Proposal: 3, chosen by 2 of 3."
    assert room.reopen() == 2
    assert room.votes["a1"] == {}
    assert room.notes["a1"] == "Round 1: Ann 1, Bob 3, Cem 3"  # the earlier round stays in the file
    room.vote("t-ann", "a1", 2, 2)
    room.vote("t-bob", "a1", 2, 2)
    room.reveal()
    assert room.agree() == "some"
    assert room.answers == {"a1": "some"}
    assert room.current is not None and room.current.question.id == "a2"
    assert room.room.revealed is False


def test_a_split_has_no_proposal_and_the_facilitator_picks(room: Workshop) -> None:
    room.vote("t-ann", "a1", 1, 1)
    room.vote("t-bob", "a1", 1, 3)
    room.reveal()
    view = room.question_view(revealed_names=True)
    assert view is not None and view.proposed is None
    assert view.proposal == "No proposal: the votes are split evenly. Agree on an answer after the discussion."
    with pytest.raises(Refused, match=r"refused.no-proposal"):
        room.agree()
    assert room.agree(2) == "some"


def test_moving_back_shows_an_agreed_question_revealed(room: Workshop) -> None:
    room.vote("t-ann", "a1", 1, 2)
    room.reveal()
    room.agree()
    room.back()
    assert room.room.revealed is True
    room.skip()
    assert room.room.revealed is False
    room.go(5)
    room.skip()
    assert room.at_end and room.question_view(revealed_names=False) is None
    with pytest.raises(Refused, match=r"refused.no-question"):
        room.go(6)


def test_the_file_it_leads_to_is_a_typed_workshop_file(room: Workshop, mini: MaturityModel, tmp_path: Path) -> None:
    room.vote("t-ann", "a1", 1, 1)
    room.vote("t-bob", "a1", 1, 3)
    room.reveal()
    room.agree(3)
    room.note("Ann: only the corporate account")
    store = Store(tmp_path / "x.yaml", mini.questionnaire, Secrets.new(), "127.0.0.1", 8765)
    store.save(room.snapshot())
    sheet, _ = load_answers(str(tmp_path / "x.yaml"), str(_mini_path()))
    assert sheet.votes == {"a1": {"Ann": "none", "Bob": "all"}}
    assert sheet.answers == {"a1": "all"}
    assert sheet.participants == ["Ann", "Bob", "Cem"]
    assert sheet.notes == {"a2": "Ann: only the corporate account"}  # the question on screen after agreeing


def _mini_path() -> Path:
    return Path(__file__).parent / "data" / "mini" / "questionnaires" / "mini.yaml"


# -- the state file --------------------------------------------------------------------------------


def test_the_state_file_is_private_and_reads_back(room: Workshop, mini: MaturityModel, tmp_path: Path) -> None:
    keys = Secrets.new()
    store = Store(tmp_path / "x.yaml", mini.questionnaire, keys, "10.0.0.5", 8766)
    room.room.rounds["a1"] = 2
    store.save(room.snapshot())
    path = state_path(tmp_path / "x.yaml")
    assert path.name == "x.workshop.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = load_state(path)
    assert saved is not None
    assert (saved.secrets, saved.host, saved.port) == (keys, "10.0.0.5", 8766)
    assert saved.room.tokens == {"t-ann": "Ann", "t-bob": "Bob", "t-cem": "Cem"}
    assert saved.room.rounds == {"a1": 2}
    assert "t-ann" not in json.dumps(json.loads(path.read_text())["secrets"])


def test_a_join_saved_in_the_state_but_not_the_answers_file_comes_back(mini: MaturityModel) -> None:
    workshop = Workshop(mini, "en", new_sheet(mini), Room(tokens={"h": "Ann"}, joined=1))
    assert workshop.participants == ["Ann"]


@pytest.mark.parametrize("content", ["{", '{"format": 2}', '{"format": 1, "secrets": {}}', "[]"])
def test_a_broken_state_file_is_named(tmp_path: Path, content: str) -> None:
    path = tmp_path / "x.workshop.json"
    path.write_text(content)
    with pytest.raises(StateError, match=r"x.workshop.json"):
        load_state(path)


def test_secrets_are_long_and_tokens_kept_as_hashes() -> None:
    keys = Secrets.new()
    assert len(keys.session) >= 22  # 128 bits in url-safe base64
    assert keys.session != Secrets.new().session
    assert keys.csrf("a") != keys.csrf("b") and keys.csrf("a") != Secrets.new().csrf("a")
    assert token_hash("abc") != "abc" and len(token_hash("abc")) == 64


def test_the_rate_limiter_counts_a_sliding_window() -> None:
    limiter = RateLimiter(Rate(2, 10.0))
    assert [limiter.allow("a", t) for t in (0, 1, 2)] == [True, True, False]
    assert limiter.allow("b", 2)
    assert limiter.allow("a", 10.5)  # the first one left the window


@pytest.mark.slow
def test_each_write_dumps_only_the_ballots_that_changed_and_the_text_is_dump_sheets(
    bundled: MaturityModel,
) -> None:
    """A late workshop (every question voted on by many) is written as fast as an early one,
    and byte for byte as `assess` writes it."""
    from socialmaturity.interview.sheetfile import SheetWriter, dump_sheet

    questions = bundled.questionnaire.questions
    names = [f"Participant {i}" for i in range(1, 41)] + ["<script>", "Zoë: \"quoted\" # not a comment", "- dash"]
    writer = SheetWriter(bundled.questionnaire)
    sheet = AnswerSheet(
        questionnaire=bundled.questionnaire.id,
        questionnaire_version=bundled.questionnaire.version,
        organisation=Organisation(name="Harbourlight"),
        assessed_on=dt.date(2026, 11, 22),
        language="en",
        participants=names,
    )
    dumped: list[str] = []
    for i, question in enumerate(questions):
        ballot: dict[str, str | None] = {
            name: (None if (k + i) % 7 == 0 else question.options[(k + i) % len(question.options)].id)
            for k, name in enumerate(names)
        }
        sheet = sheet.model_copy(
            update={
                "votes": {**sheet.votes, question.id: ballot},
                "answers": {**sheet.answers, question.id: question.options[0].id},
            }
        )
        text = writer.dump(sheet)
        assert text == dump_sheet(sheet, bundled.questionnaire)
        dumped.append(text)
    # a changed vote on an early question, and a ballot taken away, are written too
    first = questions[0]
    changed = {**sheet.votes[first.id], names[0]: first.options[-1].id}
    sheet = sheet.model_copy(update={"votes": {**sheet.votes, first.id: changed}})
    assert writer.dump(sheet) == dump_sheet(sheet, bundled.questionnaire)
    fewer = {qid: ballot for qid, ballot in sheet.votes.items() if qid != questions[1].id}
    sheet = sheet.model_copy(update={"votes": fewer})
    assert writer.dump(sheet) == dump_sheet(sheet, bundled.questionnaire)
    assert len(writer._ballots) == len(questions) - 1  # only the file's ballots are kept
