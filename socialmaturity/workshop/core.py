"""The live workshop without IO: joining, voting in rounds, the reveal, agreeing.

A `Workshop` holds the answers file (`AnswerSheet`) and the `Room` (the workshop's own
state: who holds which token, the question on screen, its round, whether its votes
are revealed). Each call checks one thing a person did, changes the workshop or
raises `Refused` with the reason's message key, and bumps `version` so that the
pages know to update. Nothing here reads the clock, makes random tokens, writes a
file or knows about HTTP: the shell does that, and saves after every change before
it tells anyone the change was made.

The votes of the current round are the answers file's `votes` (question -> participant
-> option), exactly as a typed workshop keeps them, so `score`, `report` and
`validate` read them unchanged. A new round after a discussion starts an empty
ballot; the earlier round's votes are kept in the question's note, one line per round.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Final

from ..i18n import text
from ..interview.state import Numbered
from ..model import AnswerSheet
from ..scoring import MaturityModel, VoteSummary, summarise_votes
from ..views import View
from .messages import m

NAME_LIMIT: Final = 40  # a first name on a phone screen and in the answers file
MAX_PARTICIPANTS: Final = 200
NOTE_LIMIT: Final = 20_000  # the answers file's limit for one note


class Refused(Exception):
    """What a person asked cannot be done; `key` names the message that says why."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass
class Room:
    """The workshop's state beyond the answers file; saved beside it, restored on resume."""

    anonymous: bool = False
    position: int = 0  # the question on screen; the number of questions at the end
    revealed: bool = False
    paused: bool = False  # joining paused: nobody new comes in
    rounds: dict[str, int] = field(default_factory=dict)  # question id -> current round (1 when absent)
    tokens: dict[str, str] = field(default_factory=dict)  # hash of a participant's token -> name
    joined: int = 0  # how many joined so far: anonymous participants are numbered by it


# -- what the pages and the terminal show ----------------------------------------------------


@dataclass(frozen=True)
class OptionView:
    number: int
    option_id: str
    label: str
    on_scale: bool
    votes: int = 0  # known after the reveal only
    voters: tuple[str, ...] = ()  # after the reveal, and only when the workshop is not anonymous
    agreed: bool = False
    proposed: bool = False


@dataclass(frozen=True)
class QuestionView:
    """The question on screen, as far as the one looking may see it."""

    number: int
    total: int
    question_id: str
    round: int
    phase: str
    dimension: str
    text: str
    help: str | None
    options: tuple[OptionView, ...]
    revealed: bool
    joined: int
    voted: int
    verdict: str | None = None  # after the reveal
    disagreement: bool = False
    spread: int = 0
    proposal: str | None = None
    proposed: int | None = None
    agreed: int | None = None
    abstained: str | None = None


@dataclass(frozen=True)
class Snapshot:
    """A copy of everything that is saved, taken at one moment."""

    sheet: AnswerSheet
    room: Room


class Workshop:
    """One workshop on one answers file, in one language."""

    def __init__(self, model: MaturityModel, language: str, sheet: AnswerSheet, room: Room) -> None:
        self.model = model
        self.language = language
        self.view = View(model, language)
        self.numbered = tuple(Numbered(q) for q in model.questionnaire.questions)
        self.room = room
        self.version = 0
        # kept as plain values and made into an AnswerSheet when saved: a vote is then
        # one dictionary entry, not a copy of the whole sheet
        self._base = sheet
        self.participants: list[str] = list(sheet.participants)
        self.answers: dict[str, str] = dict(sheet.answers)
        self.notes: dict[str, str] = dict(sheet.notes)
        self.votes: dict[str, dict[str, str | None]] = {q: dict(b) for q, b in sheet.votes.items()}
        for name in room.tokens.values():  # a join saved in the room but not yet in the sheet
            if name not in self.participants:
                self.participants.append(name)
        room.position = max(0, min(room.position, self.total))

    def m(self, key: str, **values: object) -> str:
        return m(key, self.language, **values)

    @property
    def organisation(self) -> str:
        return self._base.organisation.name

    # -- where it is -------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.numbered)

    @property
    def at_end(self) -> bool:
        return self.room.position >= self.total

    @property
    def current(self) -> Numbered | None:
        return None if self.at_end else self.numbered[self.room.position]

    def round_of(self, question_id: str) -> int:
        return self.room.rounds.get(question_id, 1)

    def name_of(self, token_hash: str) -> str | None:
        return self.room.tokens.get(token_hash)

    def snapshot(self) -> Snapshot:
        sheet = self._base.model_copy(
            update={
                "participants": list(self.participants),
                "answers": dict(self.answers),
                "notes": dict(self.notes),
                "votes": {q: dict(b) for q, b in self.votes.items()},
            }
        )
        room = Room(
            anonymous=self.room.anonymous,
            position=self.room.position,
            revealed=self.room.revealed,
            paused=self.room.paused,
            rounds=dict(self.room.rounds),
            tokens=dict(self.room.tokens),
            joined=self.room.joined,
        )
        return Snapshot(sheet, room)

    def _changed(self) -> None:
        self.version += 1

    # -- participants ------------------------------------------------------------------

    def join(self, token_hash: str, name: str | None) -> str:
        """The participant's name; a token that joined before keeps its name."""
        known = self.room.tokens.get(token_hash)
        if known is not None:
            return known
        if self.room.paused:
            raise Refused("refused.paused")
        if len(self.room.tokens) >= MAX_PARTICIPANTS:
            raise Refused("refused.full", limit=MAX_PARTICIPANTS)
        taken = set(self.room.tokens.values())
        if self.room.anonymous:
            number = self.room.joined + 1
            while (chosen := self.m("participant.anonymous", number=number)) in taken:
                number += 1
        else:
            chosen = clean_name(name or "")
            if not chosen:
                raise Refused("refused.name-empty")
            if len(chosen) > NAME_LIMIT:
                raise Refused("refused.name-long", limit=NAME_LIMIT)
            # a name in the file without a token (a typed workshop, a lost state file)
            # is free to be claimed; one held by another phone is not
            if chosen in taken:
                raise Refused("refused.name-taken", name=chosen)
        self.room.tokens[token_hash] = chosen
        self.room.joined += 1
        if chosen not in self.participants:
            self.participants.append(chosen)
        self._changed()
        return chosen

    # -- voting ------------------------------------------------------------------------

    def vote(self, token_hash: str, question_id: str, round_number: int, number: int) -> str:
        """Record (or change) a participant's vote on the question on screen; its option id."""
        name = self.room.tokens.get(token_hash)
        if name is None:
            raise Refused("refused.not-joined")
        current = self.current
        if current is None or current.question.id != question_id or self.round_of(question_id) != round_number:
            raise Refused("refused.moved-on")
        if self.room.revealed:
            raise Refused("refused.revealed")
        option = current.option(number)
        if option is None:
            raise Refused("refused.no-option")
        ballot = self.votes.setdefault(question_id, {})
        if ballot.get(name) != option.id or name not in ballot:
            ballot[name] = option.id
            self._changed()
        return option.id

    def my_vote(self, token_hash: str) -> int | None:
        """The number of the option this participant chose in the current round."""
        name = self.room.tokens.get(token_hash)
        current = self.current
        if name is None or current is None:
            return None
        return current.number(self.votes.get(current.question.id, {}).get(name))

    def summary(self) -> VoteSummary | None:
        current = self.current
        if current is None:
            return None
        return summarise_votes(current.question, self._ballot(current.question.id))

    def _ballot(self, question_id: str) -> dict[str, str | None]:
        """The current round's votes, with everyone who joined and did not vote abstaining."""
        ballot: dict[str, str | None] = dict(self.votes.get(question_id, {}))
        for name in self.room.tokens.values():
            ballot.setdefault(name, None)
        return ballot

    # -- the facilitator ---------------------------------------------------------------

    def reveal(self) -> None:
        if self.at_end:
            raise Refused("refused.at-end")
        if self.room.revealed:
            raise Refused("refused.already-revealed")
        self.room.revealed = True
        self._changed()

    def reopen(self) -> int:
        """A new round on the question on screen, after a discussion; its number."""
        current = self.current
        if current is None:
            raise Refused("refused.at-end")
        if not self.room.revealed:
            raise Refused("refused.not-revealed")
        qid = current.question.id
        ballot = self.votes.get(qid)
        if ballot:
            line = self.m("note.round", round=self.round_of(qid), votes=self._round_text(current, ballot))
            self._append_note(qid, line)
        self.votes[qid] = {}
        self.room.rounds[qid] = self.round_of(qid) + 1
        self.room.revealed = False
        self._changed()
        return self.room.rounds[qid]

    def _round_text(self, numbered: Numbered, ballot: Mapping[str, str | None]) -> str:
        parts = []
        for name, option_id in ballot.items():
            number = numbered.number(option_id)
            parts.append(f"{name} {number if number is not None else '-'}")
        return ", ".join(parts)

    def _append_note(self, question_id: str, line: str) -> None:
        note = self.notes.get(question_id)
        combined = f"{note}\n{line}" if note else line
        if len(combined) <= NOTE_LIMIT:
            self.notes[question_id] = combined

    def agree(self, number: int | None = None) -> str:
        """Agree on the proposal (None) or on the option numbered `number`, and move on."""
        current = self.current
        if current is None:
            raise Refused("refused.at-end")
        if not self.room.revealed:
            raise Refused("refused.not-revealed")
        if number is None:
            summary = self.summary()
            option_id = summary.proposed if summary is not None else None
            if option_id is None:
                raise Refused("refused.no-proposal", numbers=current.range_text())
        else:
            option = current.option(number)
            if option is None:
                raise Refused("refused.no-such-option", number=number, numbers=current.range_text())
            option_id = option.id
        self.answers[current.question.id] = option_id
        self._move(self._next_unanswered(self.room.position + 1))
        return option_id

    def note(self, entry: str) -> None:
        current = self.current
        if current is None:
            raise Refused("refused.at-end")
        entry = entry.strip()
        if len(entry) > NOTE_LIMIT:
            raise Refused("refused.note-long", limit=NOTE_LIMIT)
        if entry == "-":
            self.notes.pop(current.question.id, None)
        elif entry:
            self.notes[current.question.id] = entry
        self._changed()

    def skip(self) -> None:
        if self.at_end:
            raise Refused("refused.at-end")
        self._move(self.room.position + 1)

    def back(self) -> None:
        if self.room.position == 0:
            raise Refused("refused.first")
        self._move(self.room.position - 1)

    def go(self, number: int) -> None:
        if not 1 <= number <= self.total:
            raise Refused("refused.no-question", total=self.total)
        self._move(number - 1)

    def toggle_joining(self) -> bool:
        """Pause or resume joining; True when joining is now paused."""
        self.room.paused = not self.room.paused
        self._changed()
        return self.room.paused

    def _next_unanswered(self, start: int) -> int:
        for i in range(start, self.total):
            if self.numbered[i].question.id not in self.answers:
                return i
        return self.total

    def _move(self, position: int) -> None:
        """Show another question: its votes open, unless it was agreed on already."""
        self.room.position = max(0, min(position, self.total))
        current = self.current
        self.room.revealed = current is not None and current.question.id in self.answers
        self._changed()

    # -- views -------------------------------------------------------------------------

    def question_view(self, *, revealed_names: bool) -> QuestionView | None:
        """The question on screen. Counts per option only after the reveal; names only
        then, and only when `revealed_names` (a workshop that is not anonymous)."""
        current = self.current
        if current is None:
            return None
        question = current.question
        qid = question.id
        revealed = self.room.revealed
        ballot = self._ballot(qid)
        cast = {name: option for name, option in ballot.items() if current.number(option) is not None}
        summary = summarise_votes(question, ballot) if revealed else None
        agreed = current.number(self.answers.get(qid))
        options = []
        for number, option in enumerate(current.options, 1):
            voters = tuple(name for name, chosen in cast.items() if chosen == option.id)
            options.append(
                OptionView(
                    number=number,
                    option_id=option.id,
                    label=text(option.label, self.language),
                    on_scale=not option.not_applicable,
                    votes=len(voters) if revealed else 0,
                    voters=voters if revealed and revealed_names else (),
                    agreed=agreed == number,
                    proposed=summary is not None and summary.proposed == option.id,
                )
            )
        phase_number = self.model.plan.phase_ids.index(question.phase) + 1
        view = QuestionView(
            number=self.room.position + 1,
            total=self.total,
            question_id=qid,
            round=self.round_of(qid),
            phase=self.m("question.phase", number=phase_number, phase=self.view.phase_name(question.phase)),
            dimension=self.view.dimension_name(question.dimension),
            text=text(question.text, self.language),
            help=text(question.help, self.language) if question.help else None,
            options=tuple(options),
            revealed=revealed,
            joined=len(self.room.tokens),
            voted=len(cast),
            agreed=agreed,
        )
        if summary is None:
            return view
        proposed = current.number(summary.proposed)
        abstainers = [name for name in ballot if name not in cast]
        return replace(
            view,
            verdict=self._verdict(summary),
            disagreement=summary.disagreement,
            spread=summary.spread,
            proposal=self._proposal(summary, proposed),
            proposed=proposed,
            abstained=(
                self.m("votes.abstained", count=len(abstainers), names=", ".join(abstainers))
                if abstainers and revealed_names
                else self.m("votes.abstained-count", count=len(abstainers))
                if abstainers
                else None
            ),
        )

    def _verdict(self, summary: VoteSummary) -> str:
        chosen = [option for option, count in summary.counts.items() if count]
        if not chosen:
            return self.m("votes.none")
        if summary.disagreement:
            return self.m("votes.disagreement", spread=summary.spread)
        if len(chosen) == 1:
            return self.m("votes.same")
        if summary.spread:
            return self.m("votes.close")
        return self.m("votes.outside")

    def _proposal(self, summary: VoteSummary, proposed: int | None) -> str:
        if proposed is None:
            if not any(summary.counts.values()):
                return self.m("votes.no-votes")
            return self.m("votes.tie")
        most = summary.counts[summary.proposed or ""]
        cast = sum(summary.counts.values())
        if most == cast:
            return self.m("votes.proposal-all", number=proposed)
        if sum(1 for count in summary.counts.values() if count == most) > 1:
            return self.m("votes.proposal-middle", number=proposed)
        return self.m("votes.proposal", number=proposed, count=most, cast=cast)


def clean_name(name: str) -> str:
    """A name as typed on a phone, on one line: control and format characters dropped,
    spaces single. Markup is kept as text (and escaped wherever it is shown)."""
    kept = "".join(c for c in name if unicodedata.category(c)[0] != "C" or c in " \t")
    return " ".join(kept.split())
