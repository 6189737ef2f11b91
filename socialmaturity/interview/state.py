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
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Final

from ..i18n import text
from ..model import AnswerSheet, Option, Question
from ..safetext import stripped
from ..scoring import MaturityModel, Scorecard, VoteSummary, score, summarise_votes
from ..views import View
from ..views import number as shown_number
from .messages import m

NOTE_LIMIT: Final = 20_000  # the answers file's limit for one note
NUMBER_DIGITS: Final = 6  # a longer number is no option and no question (and int() may refuse it)
KEYS: Final = ("n", "?", "s", "b", "g", "q")


class Mode(Enum):
    QUESTION = "question"
    NOTE = "note"  # the next line is the text of a note
    LIST = "list"  # the list of all questions; the next line picks one
    END = "end"  # past the last question: finish, or go back to one
    RESULT = "result"  # the result on one screen, for the projector
    FULL_RESULT = "full-result"  # the whole scorecard, asked for: it may scroll
    FINISHED = "finished"  # the person asked for the result
    QUIT = "quit"  # the person asked to save and stop


@dataclass(frozen=True)
class Viewport:
    """The terminal's size in cells; `height` None for a transcript, which never pages."""

    width: int = 100
    height: int | None = None


class Seen(Enum):
    """What became of a question in this interview, as the list of questions marks it."""

    ANSWERED = "answered"
    SKIPPED = "skipped"  # passed over with s
    SEEN = "seen"  # shown, and left without an answer (b, g)
    UNSEEN = "unseen"


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
    # questions shown and questions skipped (s) in this interview, by id: the list tells
    # a question passed over from one not reached yet
    shown: frozenset[str] = frozenset()
    skipped: frozenset[str] = frozenset()
    list_page: int = 0  # the page of the list of questions on screen, from 0
    viewport: Viewport = Viewport()

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
    # the terminal's height, prompt included: the screen is laid out to fit it, more
    # compactly the shorter it is; None for a transcript, which shows everything in full
    rows: int | None = None


@dataclass(frozen=True)
class NoteScreen:
    language: str
    title: str
    question: str
    note: str | None
    instructions: str
    keys: tuple[Key, ...]
    hint: str | None = None
    rows: int | None = None  # as on the question screen


@dataclass(frozen=True)
class ListEntry:
    number: int
    phase: str
    text: str
    answer: str | None
    current: bool
    seen: Seen = Seen.UNSEEN


@dataclass(frozen=True)
class ListLine:
    """One line of the list's page, already wrapped to the screen's width."""

    text: str
    number: int | None = None  # on a question's first line
    seen: Seen | None = None  # on a question's first line
    current: bool = False
    heading: bool = False  # a phase's name
    answer: str | None = None  # the answer, after the text


@dataclass(frozen=True)
class ListScreen:
    language: str
    title: str
    entries: tuple[ListEntry, ...]  # every question
    keys: tuple[Key, ...]
    hint: str | None = None
    lines: tuple[ListLine, ...] = ()  # the page on screen
    number_width: int = 1
    legend: str = ""
    page: int = 0
    pages: int = 1


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


@dataclass(frozen=True)
class ResultPhase:
    number: int
    name: str
    score: float | None
    threshold: float
    shown_score: str  # "72.5", "72,5" or "–"
    status: str  # "passed", in the interview's language
    passed: bool
    reached: bool  # passed and counted: the organisation is in or beyond it


@dataclass(frozen=True)
class ResultScreen:
    """The result on one screen: verdict, phases, the next steps by title, the margin."""

    language: str
    title: str
    verdict: str
    phases: tuple[ResultPhase, ...]
    steps_title: str
    steps: tuple[str, ...]
    margin: str
    keys: tuple[Key, ...]
    hint: str | None = None


@dataclass(frozen=True)
class FullResultScreen:
    """The whole scorecard, as `score` shows it; taller than a screen."""

    language: str
    view: View
    card: Scorecard
    sheet: AnswerSheet
    keys: tuple[Key, ...]
    hint: str | None = None


Screen = QuestionScreen | NoteScreen | ListScreen | EndScreen | ResultScreen | FullResultScreen | Closing


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

    def start(self, sheet: AnswerSheet, viewport: Viewport = Viewport()) -> Step:
        """Begin, or resume, at the first unanswered question (the end screen if none)."""
        position = self.first_unanswered(sheet, 0)
        state = self._go(State(sheet=sheet, mode=Mode.QUESTION, position=0, viewport=viewport), position)
        return Step(state, self.screen(state))

    def resize(self, state: State, viewport: Viewport) -> State:
        """The same state on a terminal of another size (the list's pages follow it)."""
        return state if state.viewport == viewport else replace(state, viewport=viewport)

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
        if state.mode in (Mode.RESULT, Mode.FULL_RESULT):
            return self._on_result(state, entry)
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
            skipped = replace(state, skipped=state.skipped | {question.id})
            moved = self._go(skipped, state.position + 1)
            return self._show(moved, self.m("hint.skipped", number=state.position + 1))
        if key == "b":
            if state.position == 0:
                return self._show(state, self.m("hint.first"))
            return self._show(self._go(state, state.position - 1))
        if key == "g":
            return self._show(self._open_list(state, Mode.QUESTION))
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

    def _open_list(self, state: State, back_to: Mode) -> State:
        """The list, on the page that holds the question on screen (or the first unanswered)."""
        opened = replace(state, mode=Mode.LIST, back_to=back_to)
        wanted = state.position if state.position < self.total else self.first_unanswered(state.sheet, 0)
        for page, lines in enumerate(self._list_pages(opened)):
            if any(line.number == wanted + 1 for line in lines):
                return replace(opened, list_page=page)
        return replace(opened, list_page=0)

    def _on_result(self, state: State, entry: str) -> Step:
        key = entry.lower()
        if entry == "" or key == "q":
            finished = replace(state, mode=Mode.FINISHED)
            return Step(finished, Closing(finished=True))
        if key == "f":
            return self._show(replace(state, mode=Mode.RESULT if state.mode is Mode.FULL_RESULT else Mode.FULL_RESULT))
        if key == "b":
            return self._show(replace(state, mode=Mode.END))
        return self._show(state, self.m("hint.result"))

    def _on_list(self, state: State, entry: str) -> Step:
        if entry == "":
            return self._show(replace(state, mode=state.back_to))
        key = entry.lower()
        if key == "q":
            return self._quit(state)
        if key in ("n", "p", ">", "<"):
            pages = len(self._list_pages(state))
            page = min(state.list_page, pages - 1) + (1 if key in ("n", ">") else -1)
            if page >= pages:
                return self._show(state, self.m("hint.last-page"))
            if page < 0:
                return self._show(state, self.m("hint.first-page"))
            return self._show(replace(state, list_page=page))
        number = _number(entry)
        if number is not None and 1 <= number <= self.total:
            moved = self._go(state, number - 1)
            return self._show(replace(moved, return_to_end=state.back_to is Mode.END or state.return_to_end))
        return self._show(state, self.m("hint.list", total=self.total))

    def _on_end(self, state: State, entry: str) -> Step:
        key = entry.lower()
        if entry == "":
            return self._show(replace(state, mode=Mode.RESULT))
        if key == "q":
            return self._quit(state)
        if key == "b":
            return self._show(self._go(state, self.total - 1))
        if key == "g":
            return self._show(self._open_list(state, Mode.END))
        # a digit alone changes nothing here: stray keys after the last answer used to
        # jump to a question and overwrite its answer; `g` opens the list first
        return self._show(state, self.m("hint.end", total=self.total))

    def _quit(self, state: State) -> Step:
        stopped = replace(state, mode=Mode.QUIT)
        return Step(stopped, Closing(finished=False))

    def _go(self, state: State, position: int) -> State:
        """Move to a question (or the end screen), forgetting what was shown of the last one."""
        mode = Mode.END if position >= self.total else Mode.QUESTION
        shown = state.shown
        if mode is Mode.QUESTION:
            shown = shown | {self.numbered[position].question.id}
        return replace(
            state,
            mode=mode,
            position=min(position, self.total),
            show_help=False,
            fresh_votes=False,
            return_to_end=False,
            shown=shown,
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
        if state.mode is Mode.RESULT:
            return self.result_screen(state, hint)
        if state.mode is Mode.FULL_RESULT:
            return FullResultScreen(
                language=self.language,
                view=self.view,
                card=score(self.model, state.sheet),
                sheet=state.sheet,
                keys=self._result_keys(full=True),
                hint=hint,
            )
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
            rows=state.viewport.height,
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
                    keys.append(Key(self.m("key.enter"), self.m("key.keep")))
            else:
                proposed = numbered.number(summary.proposed)
                if answered and not state.fresh_votes:
                    keys.append(Key(self.m("key.enter"), self.m("key.keep")))
                elif proposed is not None:
                    keys.append(Key(self.m("key.enter"), self.m("key.take-proposal", number=proposed)))
                keys.append(Key(numbered.range_text(), self.m("key.override")))
        else:
            keys.append(Key(numbered.range_text(), self.m("key.answer")))
            if answered:
                keys.append(Key(self.m("key.enter"), self.m("key.keep")))
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
            keys=(Key(self.m("key.enter"), self.m("key.keep-note")), Key("-", self.m("key.remove-note"))),
            hint=hint,
            rows=state.viewport.height,
        )

    def _entries(self, state: State, current: int | None) -> tuple[ListEntry, ...]:
        view = self.view
        sheet = state.sheet
        entries = []
        for i, n in enumerate(self.numbered):
            qid = n.question.id
            answered = qid in sheet.answers
            if answered:
                seen = Seen.ANSWERED
            elif qid in state.skipped:
                seen = Seen.SKIPPED
            elif qid in state.shown:
                seen = Seen.SEEN
            else:
                seen = Seen.UNSEEN
            entries.append(
                ListEntry(
                    number=i + 1,
                    phase=view.phase_name(n.question.phase),
                    text=text(n.question.text, self.language),
                    answer=view.option_label(qid, sheet.answers[qid]) if answered else None,
                    current=i == current,
                    seen=seen,
                )
            )
        return tuple(entries)

    def _list_keys(self, pages: int) -> tuple[Key, ...]:
        keys = [Key(f"1–{self.total}", self.m("key.jump"))]
        if pages > 1:
            keys += [Key("n", self.m("key.next-page")), Key("p", self.m("key.previous-page"))]
        return (*keys, Key(self.m("key.enter"), self.m("key.return")), Key("q", self.m("key.quit")))

    def _list_pages(self, state: State) -> list[tuple[ListLine, ...]]:
        """The list of questions cut into pages that fit the screen, every question whole."""
        current = state.position if state.position < self.total else None
        entries = self._entries(state, current)
        width = max(state.viewport.width, 40)
        number_width = len(str(self.total))
        column = max(width - number_width - 3, 10)  # "12 ✓ " before the text
        blocks: list[tuple[str, list[ListLine]]] = []
        for entry in entries:
            lines = [
                ListLine(
                    text=piece,
                    number=entry.number if i == 0 else None,
                    seen=entry.seen if i == 0 else None,
                    current=entry.current,
                )
                for i, piece in enumerate(wrap(stripped(entry.text), column))
            ]
            if entry.answer is not None:
                answer = stripped(entry.answer)
                last = lines[-1]
                if cells(last.text) + 4 + cells(answer) <= column:
                    lines[-1] = replace(last, answer=answer)
                else:
                    lines.append(ListLine(text="", answer=clip(answer, column - 4), current=entry.current))
            blocks.append((entry.phase, lines))
        if state.viewport.height is None:
            room = None
        else:
            # title, legend, rule; a blank line, two for a hint, the keys and the prompt
            keys = key_lines(self._list_keys(2), width)
            room = max(state.viewport.height - 3 - 1 - 2 - keys - 1, 3)
        pages: list[tuple[ListLine, ...]] = []
        page: list[ListLine] = []
        phase: str | None = None
        for block_phase, lines in blocks:
            heading = ListLine(text=clip(stripped(block_phase), column), heading=True)
            starts_phase = block_phase != phase
            needed = len(lines) + (1 if starts_phase else 0)
            if room is not None and page and len(page) + needed > room:
                pages.append(tuple(page))
                page, starts_phase = [], True  # each page names the phase it starts in
            if starts_phase:
                page.append(heading)
            page.extend(lines)
            phase = block_phase
        pages.append(tuple(page))
        return pages

    def list_screen(self, state: State, hint: str | None = None) -> ListScreen:
        current = state.position if state.position < self.total else None
        pages = self._list_pages(state)
        page = min(state.list_page, len(pages) - 1)
        title = self.m("list.title", answered=len(state.sheet.answers), total=self.total)
        if len(pages) > 1:
            title += "  ·  " + self.m("list.page", page=page + 1, pages=len(pages))
        return ListScreen(
            language=self.language,
            title=title,
            entries=self._entries(state, current),
            keys=self._list_keys(len(pages)),
            hint=hint,
            lines=pages[page],
            number_width=len(str(self.total)),
            legend=self.m("list.legend"),
            page=page,
            pages=len(pages),
        )

    def _result_keys(self, *, full: bool) -> tuple[Key, ...]:
        return (
            Key(self.m("key.enter"), self.m("key.close")),
            Key("f", self.m("key.short-result" if full else "key.full-result")),
            Key("b", self.m("key.back-to-end")),
        )

    def result_screen(self, state: State, hint: str | None = None) -> ResultScreen:
        """The result on one screen: what a projector shows when the questions are done."""
        view = self.view
        sheet = state.sheet
        card = score(self.model, sheet)
        phases = tuple(
            ResultPhase(
                number=phase.index,
                name=view.phase_name(phase.id),
                score=phase.score,
                threshold=phase.threshold,
                shown_score=number_text(phase.score, self.language),
                status=self.m(f"result.{phase.status}"),
                passed=phase.status != "not-passed",
                reached=phase.index <= card.phase_index,
            )
            for phase in card.phases
        )
        if card.next_steps_phase:
            steps_title = self.m("result.next-steps", phase=view.phase_name(card.next_steps_phase))
        else:
            steps_title = self.m("result.next-steps-start")
        return ResultScreen(
            language=self.language,
            title=self.m("result.title", organisation=stripped(sheet.organisation.name)),
            verdict=view.verdict(card, stripped(sheet.organisation.name)),
            phases=phases,
            steps_title=steps_title,
            steps=tuple(text(step.title, self.language) for step in view.next_steps(card)[:3]),
            margin=self._margin(card, view),
            keys=self._result_keys(full=False),
            hint=hint,
        )

    def _margin(self, card: Scorecard, view: View) -> str:
        """The verdict's margin in one line: how many single answers would move it."""
        fails = sum(1 for s in card.sensitivity if s.effect == "fails")
        passes = sum(1 for s in card.sensitivity if s.effect == "passes")
        following = card.first_not_passed
        name = view.phase_name(following.id) if following is not None else ""
        if fails and passes:
            return self.m("result.margin-both", fails=fails, passes=passes, next=name)
        if fails:
            return self.m("result.margin-fails", count=fails)
        if passes:
            return self.m("result.margin-passes", count=passes, next=name)
        return self.m("result.margin-none")

    def end_screen(self, state: State, hint: str | None = None) -> EndScreen:
        unanswered = tuple(e for e in self._entries(state, None) if e.answer is None)
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
                Key(self.m("key.enter"), self.m("key.finish")),
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


# -- text on a terminal: the list's pages are cut here, so they are known to fit ----------


def cells(value: str) -> int:
    """How many terminal cells `value` takes: wide characters two, combining marks none."""
    total = 0
    for character in value:
        if unicodedata.combining(character):
            continue
        total += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    return total


def clip(value: str, width: int) -> str:
    """`value` cut to `width` cells, with an ellipsis when cut."""
    if cells(value) <= width:
        return value
    kept = ""
    for character in value:
        if cells(kept + character) > width - 1:
            break
        kept += character
    return kept + "…"


def wrap(value: str, width: int) -> list[str]:
    """`value` in lines of at most `width` cells, broken between words (inside one too long)."""
    lines: list[str] = []
    line = ""
    for word in value.split():
        if line and cells(line) + 1 + cells(word) <= width:
            line = f"{line} {word}"
            continue
        if line:
            lines.append(line)
        line = word
        while cells(line) > width:  # a word wider than the line is cut
            head = ""
            for character in line:
                if cells(head + character) > width:
                    break
                head += character
            lines.append(head)
            line = line[len(head):]
    if line or not lines:
        lines.append(line)
    return lines


def key_lines(shown: Sequence[Key], width: int) -> int:
    """How many lines the keys take, wrapped between keys as the screen wraps them."""
    lines, used = 1, 0
    for key in shown:
        piece = cells(key.key) + 1 + cells(key.label)
        if used and used + 3 + piece > width:
            lines, used = lines + 1, 0
        used = piece if not used else used + 3 + piece
    return lines


def number_text(value: float | None, language: str) -> str:
    return shown_number(value, language)
