"""The interview as a state machine: a line of input in, the next state and a screen out.

No IO happens here: no printing, no files, no clock. `Interview.step` takes the
current `State` (which holds the answers file as an `AnswerSheet`) and one line the
person typed, and returns a `Step`: the next state, a description of the screen to
show (already in the interview's language) and whether the answers changed, so that
the shell knows to save before it reads the next line.

Keys on a question: a number answers; `n` note; `?` help; `s` skip; `b` back;
`g` list all questions and jump; `q` save and stop. In a workshop (the answers file
has participants) a line holds one vote per participant, e.g. `3 3 4 -`; the screen
then shows the spread and a proposal, which Enter accepts and a number overrides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Final

from ..i18n import text
from ..model import AnswerSheet, Option, Question
from ..scoring import MaturityModel, VoteSummary, summarise_votes
from ..views import View
from .messages import m

NOTE_LIMIT: Final = 20_000  # the answers file's limit for one note
NUMBER_DIGITS: Final = 6  # a longer number is no option and no question (and int() may refuse it)
KEYS: Final = ("n", "?", "s", "b", "g", "q")


class Mode(Enum):
    QUESTION = "question"
    NOTE = "note"  # the next line is the text of a note
    LIST = "list"  # the list of all questions; the next line picks one
    END = "end"  # past the last question: finish, or go back to one
    FINISHED = "finished"  # the person asked for the result
    QUIT = "quit"  # the person asked to save and stop


@dataclass(frozen=True)
class State:
    """Where the interview is, and the answers so far. Never changed in place."""

    sheet: AnswerSheet
    mode: Mode
    position: int  # index of the current question; len(questions) on the end screen
    show_help: bool = False
    # votes were typed during this visit of the question, so Enter takes the proposal
    # (on a later visit Enter keeps the agreed answer instead)
    fresh_votes: bool = False
    back_to: Mode = Mode.QUESTION  # where the list returns to on Enter
    # a question opened from the end screen: answering it (or Enter) goes back there
    return_to_end: bool = False

    @property
    def done(self) -> bool:
        return self.mode in (Mode.FINISHED, Mode.QUIT)


# -- what to show -------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    key: str
    label: str


@dataclass(frozen=True)
class OptionRow:
    number: int
    option_id: str
    label: str
    on_scale: bool  # False for "not applicable" and "don't know"
    chosen: bool  # the current (agreed) answer
    proposed: bool = False
    votes: int = 0
    voters: tuple[str, ...] = ()


@dataclass(frozen=True)
class PhaseProgress:
    name: str
    answered: int
    total: int
    current: bool


@dataclass(frozen=True)
class Ballot:
    """A workshop's votes on the question on screen."""

    spread: int
    disagreement: bool
    verdict: str  # "DISAGREEMENT: ..." or "Close together: ..."
    proposal: str  # the proposed answer, or why there is none
    proposed: int | None  # the proposed option's number
    abstained: str | None
    fresh: bool


@dataclass(frozen=True)
class QuestionScreen:
    language: str
    number: int  # 1-based
    total: int
    answered: int
    question_id: str
    phase: str  # "Phase 2: Dialogue"
    dimension: str
    text: str
    options: tuple[OptionRow, ...]
    phases: tuple[PhaseProgress, ...]
    keys: tuple[Key, ...]
    help: str | None = None  # shown when asked for
    note: str | None = None
    current: str | None = None  # "3  Shared calendar", when answered
    participants: tuple[str, ...] = ()
    vote_order: str | None = None  # "Votes in this order: Ann Bob Cem"
    ballot: Ballot | None = None
    hint: str | None = None


@dataclass(frozen=True)
class NoteScreen:
    language: str
    title: str
    question: str
    note: str | None
    instructions: str
    keys: tuple[Key, ...]
    hint: str | None = None


@dataclass(frozen=True)
class ListEntry:
    number: int
    phase: str
    text: str
    answer: str | None
    current: bool


@dataclass(frozen=True)
class ListScreen:
    language: str
    title: str
    entries: tuple[ListEntry, ...]
    keys: tuple[Key, ...]
    hint: str | None = None


@dataclass(frozen=True)
class EndScreen:
    language: str
    title: str
    status: str
    unanswered: tuple[ListEntry, ...]
    more: str | None
    caution: str | None  # the result counts only what is answered
    keys: tuple[Key, ...]
    hint: str | None = None


@dataclass(frozen=True)
class Closing:
    """The interview is over (finished or stopped); the shell takes it from here."""

    finished: bool


Screen = QuestionScreen | NoteScreen | ListScreen | EndScreen | Closing


@dataclass(frozen=True)
class Step:
    state: State
    screen: Screen
    changed: bool = False  # the answers file must be saved before the next line


# -- the machine --------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s,;]+")
_SHOWN_UNANSWERED: Final = 8


@dataclass(frozen=True)
class Numbered:
    """A question's options as the person sees them: the scale first, then the rest."""

    question: Question
    options: tuple[Option, ...] = field(init=False)
    scale_size: int = field(init=False)

    def __post_init__(self) -> None:
        scale = self.question.scored_options()
        outside = [o for o in self.question.options if o.outside_scale]
        object.__setattr__(self, "options", (*scale, *outside))
        object.__setattr__(self, "scale_size", len(scale))

    def option(self, number: int) -> Option | None:
        return self.options[number - 1] if 1 <= number <= len(self.options) else None

    def number(self, option_id: str | None) -> int | None:
        for i, option in enumerate(self.options, 1):
            if option.id == option_id:
                return i
        return None

    def range_text(self) -> str:
        return f"1–{len(self.options)}" if len(self.options) > 1 else "1"


@dataclass(frozen=True)
class Interview:
    """One questionnaire's interview in one language; `step` is the whole logic."""

    model: MaturityModel
    language: str
    numbered: tuple[Numbered, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        numbered = tuple(Numbered(q) for q in self.model.questionnaire.questions)
        object.__setattr__(self, "numbered", numbered)

    @property
    def view(self) -> View:
        return View(self.model, self.language)

    @property
    def total(self) -> int:
        return len(self.numbered)

    def m(self, key: str, **values: object) -> str:
        return m(key, self.language, **values)

    # -- entering ----------------------------------------------------------------------

    def start(self, sheet: AnswerSheet) -> Step:
        """Begin, or resume, at the first unanswered question (the end screen if none)."""
        position = self.first_unanswered(sheet, 0)
        mode = Mode.END if position == self.total else Mode.QUESTION
        state = State(sheet=sheet, mode=mode, position=position)
        return Step(state, self.screen(state))

    def first_unanswered(self, sheet: AnswerSheet, start: int) -> int:
        for i in range(start, self.total):
            if self.numbered[i].question.id not in sheet.answers:
                return i
        return self.total

    # -- one line of input -------------------------------------------------------------

    def step(self, state: State, line: str) -> Step:
        """The next state for one line typed by the person."""
        entry = line.strip()
        if state.mode is Mode.QUESTION:
            return self._on_question(state, entry)
        if state.mode is Mode.NOTE:
            return self._on_note(state, line.strip())
        if state.mode is Mode.LIST:
            return self._on_list(state, entry)
        if state.mode is Mode.END:
            return self._on_end(state, entry)
        return Step(state, self.screen(state))

    def _on_question(self, state: State, entry: str) -> Step:
        key = entry.lower()
        numbered = self.numbered[state.position]
        question = numbered.question
        if key == "q":
            return self._quit(state)
        if key == "n":
            return self._show(replace(state, mode=Mode.NOTE))
        if key == "?":
            if question.help is None:
                return self._show(state, self.m("hint.no-help"))
            return self._show(replace(state, show_help=not state.show_help))
        if key == "s":
            moved = self._go(state, state.position + 1)
            return self._show(moved, self.m("hint.skipped", number=state.position + 1))
        if key == "b":
            if state.position == 0:
                return self._show(state, self.m("hint.first"))
            return self._show(self._go(state, state.position - 1))
        if key == "g":
            return self._show(replace(state, mode=Mode.LIST, back_to=Mode.QUESTION))
        if state.sheet.participants:
            return self._on_votes(state, entry)
        if entry == "":
            if question.id in state.sheet.answers:
                return self._show(self._go(state, self.total if state.return_to_end else state.position + 1))
            return self._show(state, self.m("hint.answer-first", numbers=numbered.range_text()))
        return self._answer_typed(state, entry)

    def _answer_typed(self, state: State, entry: str) -> Step:
        numbered = self.numbered[state.position]
        if not entry.isdecimal():
            return self._show(state, self.m("hint.unknown", line=_shorten(entry), numbers=numbered.range_text()))
        number = _number(entry)
        option = numbered.option(number) if number is not None else None
        if option is None:
            shown = number if number is not None else _shorten(entry)
            return self._show(state, self.m("hint.not-an-option", number=shown, numbers=numbered.range_text()))
        return self._answer(state, option.id)

    def _answer(self, state: State, option_id: str) -> Step:
        """Record the answer and go on to the next unanswered question."""
        question_id = self.numbered[state.position].question.id
        changed = state.sheet.answers.get(question_id) != option_id
        sheet = state.sheet
        if changed:
            sheet = sheet.model_copy(update={"answers": {**sheet.answers, question_id: option_id}})
        after = self.total if state.return_to_end else self.first_unanswered(sheet, state.position + 1)
        moved = self._go(replace(state, sheet=sheet), after)
        return Step(moved, self.screen(moved), changed)

    def _on_votes(self, state: State, entry: str) -> Step:
        """Workshop mode: a line of votes, Enter for the proposal, or a number to override."""
        numbered = self.numbered[state.position]
        question = numbered.question
        participants = state.sheet.participants
        ballot = state.sheet.votes.get(question.id)
        answered = question.id in state.sheet.answers
        tokens = [t for t in _SEPARATORS.split(entry) if t]
        if _digits_per_participant(tokens, len(participants), numbered):
            tokens = list(tokens[0])  # "333" with three participants: three votes
        if not tokens:
            if ballot is not None and (state.fresh_votes or not answered):
                proposed = summarise_votes(question, ballot).proposed
                if proposed is None:
                    return self._show(state, self.m("hint.no-proposal"))
                return self._answer(state, proposed)
            if answered:
                return self._show(self._go(state, self.total if state.return_to_end else state.position + 1))
            return self._show(state, self._count_hint(len(participants), 0, participants))
        if len(tokens) == 1 and ballot is not None and len(participants) > 1:
            return self._answer_typed(state, tokens[0])
        if len(tokens) != len(participants):
            if len(tokens) == 1 and not tokens[0].isdecimal() and tokens[0] != "-":
                return self._show(
                    state, self.m("hint.unknown", line=_shorten(entry), numbers=numbered.range_text())
                )
            return self._show(state, self._count_hint(len(participants), len(tokens), participants))
        votes: dict[str, str | None] = {}
        for name, token in zip(participants, tokens, strict=True):
            if token == "-":
                votes[name] = None
                continue
            number = _number(token)
            option = numbered.option(number) if number is not None else None
            if option is None:
                return self._show(
                    state,
                    self.m("hint.vote-invalid", token=_shorten(token), numbers=numbered.range_text()),
                )
            votes[name] = option.id
        changed = ballot != votes
        sheet = state.sheet
        if changed:
            sheet = sheet.model_copy(update={"votes": {**sheet.votes, question.id: votes}})
        voted = replace(state, sheet=sheet, fresh_votes=True)
        chosen = set(votes.values())
        if len(chosen) == 1 and None not in chosen:
            # everyone chose the same answer: nothing to discuss, agreed in one step
            (option_id,) = chosen
            assert option_id is not None
            agreed = self._answer(voted, option_id)
            hint = self.m("hint.unanimous", number=state.position + 1, option=numbered.number(option_id))
            return Step(agreed.state, self.screen(agreed.state, hint), True)
        return Step(voted, self.screen(voted), changed)

    def line_too_long(self, state: State, limit: int) -> Step:
        """A line too long to read was typed (and dropped): say so, as for a note too long.

        On the note screen it goes back to the question, as a note over the limit does,
        so that the next line is not taken for the note.
        """
        hint = self.m("hint.line-too-long", limit=limit)
        if state.mode is Mode.NOTE:
            return self._show(replace(state, mode=Mode.QUESTION), hint)
        return self._show(state, hint)

    def _count_hint(self, count: int, typed: int, participants: Sequence[str]) -> str:
        return self.m("hint.vote-count", count=count, names=", ".join(participants), typed=typed)

    def _on_note(self, state: State, entry: str) -> Step:
        question_id = self.numbered[state.position].question.id
        back = replace(state, mode=Mode.QUESTION)
        notes = dict(state.sheet.notes)
        if entry == "":
            return self._show(back, self.m("hint.note-kept"))
        if entry == "-":
            if question_id not in notes:
                return self._show(back, self.m("hint.note-kept"))
            del notes[question_id]
            hint = self.m("hint.note-removed")
        elif len(entry) > NOTE_LIMIT:
            return self._show(back, self.m("hint.note-too-long", length=len(entry), limit=NOTE_LIMIT))
        elif notes.get(question_id) == entry:
            return self._show(back, self.m("hint.note-kept"))
        else:
            notes[question_id] = entry
            hint = self.m("hint.note-saved")
        noted = replace(back, sheet=state.sheet.model_copy(update={"notes": notes}))
        return Step(noted, self.screen(noted, hint), True)

    def _on_list(self, state: State, entry: str) -> Step:
        if entry == "":
            return self._show(replace(state, mode=state.back_to))
        if entry.lower() == "q":
            return self._quit(state)
        number = _number(entry)
        if number is not None and 1 <= number <= self.total:
            moved = self._go(state, number - 1)
            return self._show(replace(moved, return_to_end=state.back_to is Mode.END or state.return_to_end))
        return self._show(state, self.m("hint.list", total=self.total))

    def _on_end(self, state: State, entry: str) -> Step:
        key = entry.lower()
        if entry == "":
            finished = replace(state, mode=Mode.FINISHED)
            return Step(finished, Closing(finished=True))
        if key == "q":
            return self._quit(state)
        if key == "b":
            return self._show(self._go(state, self.total - 1))
        if key == "g":
            return self._show(replace(state, mode=Mode.LIST, back_to=Mode.END))
        # a digit alone changes nothing here: stray keys after the last answer used to
        # jump to a question and overwrite its answer; `g` opens the list first
        return self._show(state, self.m("hint.end", total=self.total))

    def _quit(self, state: State) -> Step:
        stopped = replace(state, mode=Mode.QUIT)
        return Step(stopped, Closing(finished=False))

    def _go(self, state: State, position: int) -> State:
        """Move to a question (or the end screen), forgetting what was shown of the last one."""
        mode = Mode.END if position >= self.total else Mode.QUESTION
        return replace(
            state,
            mode=mode,
            position=min(position, self.total),
            show_help=False,
            fresh_votes=False,
            return_to_end=False,
        )

    def _show(self, state: State, hint: str | None = None) -> Step:
        return Step(state, self.screen(state, hint))

    # -- screens -----------------------------------------------------------------------

    def screen(self, state: State, hint: str | None = None) -> Screen:
        """The description of what to show for `state`."""
        if state.mode is Mode.QUESTION:
            return self.question_screen(state, hint)
        if state.mode is Mode.NOTE:
            return self.note_screen(state, hint)
        if state.mode is Mode.LIST:
            return self.list_screen(state, hint)
        if state.mode is Mode.END:
            return self.end_screen(state, hint)
        return Closing(finished=state.mode is Mode.FINISHED)

    def question_screen(self, state: State, hint: str | None = None) -> QuestionScreen:
        view = self.view
        language = self.language
        numbered = self.numbered[state.position]
        question = numbered.question
        sheet = state.sheet
        answer = sheet.answers.get(question.id)
        ballot_votes = sheet.votes.get(question.id) if sheet.participants else None
        summary = summarise_votes(question, ballot_votes) if ballot_votes is not None else None
        rows = []
        for number, option in enumerate(numbered.options, 1):
            voters = tuple(
                name for name in sheet.participants if (ballot_votes or {}).get(name) == option.id
            )
            rows.append(
                OptionRow(
                    number=number,
                    option_id=option.id,
                    label=text(option.label, language),
                    on_scale=not option.outside_scale,
                    chosen=option.id == answer,
                    proposed=summary is not None and summary.proposed == option.id,
                    votes=len(voters),
                    voters=voters,
                )
            )
        phase_ids = self.model.plan.phase_ids
        phase_number = phase_ids.index(question.phase) + 1
        current = None
        if answer is not None:
            current = f"{numbered.number(answer)}  {view.option_label(question.id, answer)}"
        return QuestionScreen(
            language=language,
            number=state.position + 1,
            total=self.total,
            answered=len(sheet.answers),
            question_id=question.id,
            phase=self.m("question.phase", number=phase_number, phase=view.phase_name(question.phase)),
            dimension=view.dimension_name(question.dimension),
            text=text(question.text, language),
            options=tuple(rows),
            phases=self._progress(sheet, question.phase),
            keys=self._question_keys(state, numbered, summary),
            help=text(question.help, language) if state.show_help and question.help else None,
            note=sheet.notes.get(question.id),
            current=current,
            participants=tuple(sheet.participants),
            vote_order=(
                self.m("votes.vote-in-order", names="  ".join(sheet.participants))
                if sheet.participants
                else None
            ),
            ballot=self._ballot(numbered, summary, sheet.participants, ballot_votes, state.fresh_votes),
            hint=hint,
        )

    def _ballot(
        self,
        numbered: Numbered,
        summary: VoteSummary | None,
        participants: Sequence[str],
        votes: Mapping[str, str | None] | None,
        fresh: bool,
    ) -> Ballot | None:
        if summary is None or votes is None:
            return None
        chosen = [option for option, count in summary.counts.items() if count]
        if summary.disagreement:
            verdict = self.m("votes.disagreement", spread=summary.spread)
        elif not chosen:
            verdict = self.m("votes.none")
        elif len(chosen) == 1:
            verdict = self.m("votes.same")
        elif summary.spread:
            verdict = self.m("votes.close", spread=summary.spread)
        else:  # one answer on the scale at most, the rest outside it
            verdict = self.m("votes.outside")
        proposed = numbered.number(summary.proposed)
        if summary.proposed is None or proposed is None:
            proposal = self.m("votes.tie" if chosen else "votes.no-proposal")
        elif sum(1 for count in summary.counts.values() if count == summary.counts[summary.proposed]) > 1:
            proposal = self.m("votes.proposal-middle", number=proposed)
        else:
            proposal = self.m("votes.proposal", number=proposed)
        # a name missing from the ballot joined after this question was voted on
        abstainers = [
            name for name in participants if votes.get(name) is None or numbered.number(votes.get(name)) is None
        ]
        return Ballot(
            spread=summary.spread,
            disagreement=summary.disagreement,
            verdict=verdict,
            proposal=proposal,
            proposed=proposed,
            abstained=self.m("votes.abstained", names=", ".join(abstainers)) if abstainers else None,
            fresh=fresh,
        )

    def _progress(self, sheet: AnswerSheet, current_phase: str | None) -> tuple[PhaseProgress, ...]:
        view = self.view
        progress = []
        for phase in self.model.roadmap.phases:
            ids = [n.question.id for n in self.numbered if n.question.phase == phase.id]
            progress.append(
                PhaseProgress(
                    name=view.phase_name(phase.id),
                    answered=sum(1 for qid in ids if qid in sheet.answers),
                    total=len(ids),
                    current=phase.id == current_phase,
                )
            )
        return tuple(progress)

    def _question_keys(self, state: State, numbered: Numbered, summary: VoteSummary | None) -> tuple[Key, ...]:
        question = numbered.question
        answered = question.id in state.sheet.answers
        keys: list[Key] = []
        if state.sheet.participants:
            if summary is None:
                count = len(state.sheet.participants)
                keys.append(Key(f"{numbered.range_text()} ×{count}", self.m("key.votes")))
                if answered:
                    keys.append(Key("Enter", self.m("key.keep")))
            else:
                proposed = numbered.number(summary.proposed)
                if answered and not state.fresh_votes:
                    keys.append(Key("Enter", self.m("key.keep")))
                elif proposed is not None:
                    keys.append(Key("Enter", self.m("key.take-proposal", number=proposed)))
                keys.append(Key(numbered.range_text(), self.m("key.override")))
        else:
            keys.append(Key(numbered.range_text(), self.m("key.answer")))
            if answered:
                keys.append(Key("Enter", self.m("key.keep")))
        keys.append(Key("n", self.m("key.note")))
        if question.help is not None:
            keys.append(Key("?", self.m("key.help")))
        keys += [
            Key("s", self.m("key.skip")),
            Key("b", self.m("key.back")),
            Key("g", self.m("key.go")),
            Key("q", self.m("key.quit")),
        ]
        return tuple(keys)

    def note_screen(self, state: State, hint: str | None = None) -> NoteScreen:
        question = self.numbered[state.position].question
        return NoteScreen(
            language=self.language,
            title=self.m("note.title", number=state.position + 1),
            question=text(question.text, self.language),
            note=state.sheet.notes.get(question.id),
            instructions=self.m("note.type"),
            keys=(Key("Enter", self.m("key.keep-note")), Key("-", self.m("key.remove-note"))),
            hint=hint,
        )

    def _entries(self, sheet: AnswerSheet, current: int | None) -> tuple[ListEntry, ...]:
        view = self.view
        return tuple(
            ListEntry(
                number=i + 1,
                phase=view.phase_name(n.question.phase),
                text=text(n.question.text, self.language),
                answer=(
                    view.option_label(n.question.id, sheet.answers[n.question.id])
                    if n.question.id in sheet.answers
                    else None
                ),
                current=i == current,
            )
            for i, n in enumerate(self.numbered)
        )

    def list_screen(self, state: State, hint: str | None = None) -> ListScreen:
        current = state.position if state.position < self.total else None
        return ListScreen(
            language=self.language,
            title=self.m("list.title", answered=len(state.sheet.answers), total=self.total),
            entries=self._entries(state.sheet, current),
            keys=(
                Key(f"1–{self.total}", self.m("key.jump")),
                Key("Enter", self.m("key.return")),
                Key("q", self.m("key.quit")),
            ),
            hint=hint,
        )

    def end_screen(self, state: State, hint: str | None = None) -> EndScreen:
        unanswered = tuple(e for e in self._entries(state.sheet, None) if e.answer is None)
        if unanswered:
            status = self.m("end.incomplete", count=len(unanswered), total=self.total)
        else:
            status = self.m("end.complete", total=self.total)
        shown = unanswered[:_SHOWN_UNANSWERED]
        more = len(unanswered) - len(shown)
        return EndScreen(
            language=self.language,
            title=self.m("end.title"),
            status=status,
            unanswered=shown,
            more=self.m("end.more", count=more) if more else None,
            caution=self.m("end.score-anyway") if unanswered else None,
            keys=(
                Key("Enter", self.m("key.finish")),
                Key("g", self.m("key.go-change")),
                Key("b", self.m("key.back")),
                Key("q", self.m("key.quit")),
            ),
            hint=hint,
        )


def _number(entry: str) -> int | None:
    """The number typed, or None: not digits, or too many of them to be an option or a question.

    int() refuses a string of more than 4,300 digits with a ValueError (a guard against
    slow conversions); a number that long is never a valid entry, so it is not converted.
    """
    if not entry.isdecimal():
        return None
    significant = entry.lstrip("0") or "0"  # "007" is 7, however many zeros lead
    if len(significant) > NUMBER_DIGITS:
        return None
    return int(significant)


def _digits_per_participant(tokens: Sequence[str], participants: int, numbered: Numbered) -> bool:
    """Whether one typed word is one digit per participant ("333" for three), each an option,
    and not itself the number of an option."""
    if len(tokens) != 1 or participants < 2 or len(tokens[0]) != participants or not tokens[0].isdecimal():
        return False
    word = tokens[0]
    if numbered.option(int(word)) is not None:
        return False
    return all(numbered.option(int(digit)) is not None for digit in word)


def _shorten(entry: str, limit: int = 20) -> str:
    return entry if len(entry) <= limit else entry[: limit - 1] + "…"
