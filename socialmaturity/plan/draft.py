"""The action plan, drafted from the roadmap and the answers.

Phase by phase on the way to the target, in the order of the gates: first the roadmap's
next steps that lead to it (the next steps of phase k lead to phase k+1), then its gaps,
ranked by what they move: whether one step up passes its gate, then weight x shortfall. Each
action carries the phase it serves, its questions, an effort and an impact, a quarter
and a due date, an owner and a status.

Where effort and impact come from: a next step declares both in the roadmap. A gap's
are derived from its question, the same way for every question: the effort from the
number of scale steps to the best answer (one: low, two: medium, three or more:
high), the impact from what closing it moves (a gate: high; otherwise weight x
shortfall, of at least 1: high, of at least 0.5: medium, else low).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from ..i18n import N_, said
from ..model import AnswerSheet, Level, NextStep, Target
from ..scoring import MaturityModel, Scorecard, ladder
from . import PlanError

Kind = Literal["step", "gap"]
Status = Literal["open", "in-progress", "done", "dropped"]
STATUSES: tuple[Status, ...] = ("open", "in-progress", "done", "dropped")
LEVELS: tuple[Level, ...] = ("low", "medium", "high")

QUARTERS_PER_PHASE = 2
"""Without a target date, each phase still to pass gets two quarters: the roadmap's
phases are steps of half a year to a year in the sources."""


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int  # 1..4

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    def next(self, count: int = 1) -> Quarter:
        index = self.year * 4 + self.number - 1 + count
        return Quarter(index // 4, index % 4 + 1)

    def last_day(self) -> dt.date:
        after = self.next()
        return dt.date(after.year, after.number * 3 - 2, 1) - dt.timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.year} Q{self.number}"

    def __lt__(self, other: Quarter) -> bool:
        return (self.year, self.number) < (other.year, other.number)


@dataclass(frozen=True)
class Action:
    """One line of the plan."""

    id: str  # "step:<next step id>" or "gap:<question id>", stable across updates
    kind: Kind
    phase_id: str  # the phase it helps pass
    questions: tuple[str, ...]
    effort: Level
    impact: Level
    unlocks: bool  # one step up on its question passes a gate (gaps only)
    points: float  # weight x shortfall (gaps only)
    quarter: Quarter
    due: dt.date
    owner: str = ""
    status: Status = "open"

    @property
    def key(self) -> str:
        return self.id.split(":", 1)[1]


@dataclass(frozen=True)
class Plan:
    """The action plan towards a target."""

    organisation: str
    assessed_on: dt.date
    questionnaire_id: str
    target: Target
    due: dt.date  # the target date, given or derived
    actions: tuple[Action, ...]

    def by_quarter(self) -> list[tuple[Quarter, list[Action]]]:
        found: dict[Quarter, list[Action]] = {}
        for action in self.actions:
            found.setdefault(Quarter.of(action.due), []).append(action)
        return sorted(found.items(), key=lambda item: (item[0].year, item[0].number))


def steps_towards(model: MaturityModel, reached: int, target_index: int) -> list[tuple[str, NextStep]]:
    """The roadmap's next steps from phase `reached` (0 = the start) up to the target,
    each with the phase it leads to."""
    roadmap = model.roadmap
    found: list[tuple[str, NextStep]] = []
    for k in range(reached, target_index):
        steps = roadmap.start.next_steps if k == 0 else roadmap.phases[k - 1].next_steps
        found.extend((roadmap.phases[k].id, step) for step in steps)
    return found


def _effort(steps: int) -> Level:
    return LEVELS[min(steps, 3) - 1] if steps > 0 else "low"


def _impact(unlocks: bool, points: float) -> Level:
    if unlocks or points >= 1:
        return "high"
    return "medium" if points >= 0.5 else "low"


def draft(model: MaturityModel, sheet: AnswerSheet, card: Scorecard, target: Target) -> Plan:
    """The plan from today's answers to `target`. PlanError when the target is reached."""
    phase_ids = [p.id for p in model.roadmap.phases]
    target_index = phase_ids.index(target.phase) + 1
    if card.phase_index >= target_index:
        raise PlanError(
            said(N_("the target phase '{phase}' is already reached; choose a later phase"), phase=target.phase)
        )
    climb = target_index - card.phase_index
    first = Quarter.of(sheet.assessed_on).next()
    due = target.due or first.next(climb * QUARTERS_PER_PHASE - 1).last_day()
    last = Quarter.of(due)
    if last < first:
        last = first
    Row = tuple[str, Kind, str, tuple[str, ...], Level, Level, bool, float]
    per_phase: dict[str, list[Row]] = {phase_id: [] for phase_id in phase_ids}
    for phase_id, step in steps_towards(model, card.phase_index, target_index):
        per_phase[phase_id].append(
            (f"step:{step.id}", "step", phase_id, (), step.effort or "medium", step.impact or "medium", False, 0.0)
        )
    unlocking = {s.question for s in card.sensitivity if s.effect == "passes"}
    plan = model.plan
    gaps: list[tuple[int, bool, float, int, str]] = []
    for question in model.questionnaire.questions:
        i = plan.index[question.id]
        phase = plan.question_phase[i]
        if not card.phase_index <= phase < target_index:
            continue
        answer = sheet.answers.get(question.id)
        value = plan.options[i].get(answer) if answer is not None else None
        if not isinstance(value, float) or value >= 1.0:
            continue
        gaps.append((phase, question.id in unlocking, plan.weights[i] * (1 - value), i, question.id))
    # within a phase: the gaps that pass its gate first, then the largest
    gaps.sort(key=lambda g: (g[0], not g[1], -g[2], g[3]))
    for phase, unlocks, points, i, question_id in gaps:
        question = model.questionnaire.questions[i]
        rungs, steps = ladder(question)
        climb_steps = len(rungs) - 1 - steps.get(sheet.answers[question_id], 0)
        per_phase[phase_ids[phase]].append(
            (
                f"gap:{question_id}",
                "gap",
                phase_ids[phase],
                (question_id,),
                _effort(climb_steps),
                _impact(unlocks, points),
                unlocks,
                points,
            )
        )
    # the phases in the order their gates are passed: each one's next steps, then its gaps
    drafted = [row for phase_id in phase_ids for row in per_phase[phase_id]]
    # spread over the quarters up to the target date, in the order of the plan
    quarters = (last.year * 4 + last.number) - (first.year * 4 + first.number) + 1
    actions: list[Action] = []
    for n, (action_id, kind, phase_id, questions, effort, impact, unlocks, points) in enumerate(drafted):
        quarter = first.next(n * quarters // max(1, len(drafted)))
        actions.append(
            Action(
                action_id,
                kind,
                phase_id,
                questions,
                effort,
                impact,
                unlocks,
                points,
                quarter,
                min(quarter.last_day(), due),
            )
        )
    return Plan(sheet.organisation.name, sheet.assessed_on, model.questionnaire.id, target, due, tuple(actions))

