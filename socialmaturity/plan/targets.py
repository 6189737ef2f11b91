"""The target and the distance to it.

A target is a phase, optionally with dimension scores and a date. The distance is
given per phase from the first one not passed up to the target, in the order the
gates are passed: the points its score is short of the threshold, and the answers
still missing before its coverage reaches the roadmap's minimum.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..i18n import N_, said
from ..model import AnswerSheet, Target
from ..scoring import EPSILON, NOT_APPLICABLE, MaturityModel, Scorecard
from . import PlanError


@dataclass(frozen=True)
class PhaseDistance:
    """How far one phase on the way to the target is from being passed."""

    phase_id: str
    index: int  # 1-based
    passed: bool  # passed on its own (it may still wait for a phase before it)
    score: float | None
    threshold: float
    points: float  # points the score is short of the threshold (0 when it reaches it)
    answers: tuple[str, ...]  # unanswered questions to answer before coverage is enough, heaviest first
    ruled_out: bool  # so much is answered "not applicable" that it cannot pass as answered


@dataclass(frozen=True)
class DimensionDistance:
    dimension_id: str
    score: float | None
    target: float

    @property
    def points(self) -> float:
        return max(0.0, self.target - (self.score or 0.0))


@dataclass(frozen=True)
class Distance:
    """Today against the target."""

    target: Target
    target_index: int  # 1-based index of the target phase
    reached: bool
    phases: tuple[PhaseDistance, ...]  # the phases still to pass, in gate order
    dimensions: tuple[DimensionDistance, ...]


def resolve(
    model: MaturityModel,
    sheet: AnswerSheet,
    phase: str | None = None,
    due: dt.date | None = None,
) -> Target | None:
    """The target: the answers file's, with `phase` and `due` (from the command line)
    taking its place. PlanError for a phase or dimension the roadmap does not have,
    or a date before the assessment."""
    given = sheet.target
    if phase is None and given is None:
        if due is not None:
            raise PlanError(said(N_("a target date needs a target phase: give --target PHASE too")))
        return None
    target = Target(
        phase=phase if phase is not None else given.phase if given else "",
        dimensions=dict(given.dimensions) if given else {},
        due=due if due is not None else given.due if given else None,
    )
    phase_ids = [p.id for p in model.roadmap.phases]
    if target.phase not in phase_ids:
        raise PlanError(
            said(
                N_("target phase '{phase}' is not a phase of roadmap '{roadmap}'; choose one of {choices}"),
                phase=target.phase,
                roadmap=model.roadmap.id,
                choices=", ".join(phase_ids),
            )
        )
    dimension_ids = [d.id for d in model.questionnaire.dimensions]
    for dimension in target.dimensions:
        if dimension not in dimension_ids:
            raise PlanError(
                said(
                    N_("target dimension '{dimension}' is not a dimension of questionnaire '{questionnaire}'; choose from {choices}"),
                    dimension=dimension,
                    questionnaire=model.questionnaire.id,
                    choices=", ".join(dimension_ids),
                )
            )
    if target.due is not None and target.due <= sheet.assessed_on:
        raise PlanError(
            said(
                N_("target date {date} is not after the assessment ({assessed_on})"),
                date=target.due.isoformat(),
                assessed_on=sheet.assessed_on.isoformat(),
            )
        )
    return target


def distance(model: MaturityModel, card: Scorecard, target: Target) -> Distance:
    """Per phase up to the target, what is still missing; per target dimension, the points."""
    plan = model.plan
    target_index = [p.id for p in model.roadmap.phases].index(target.phase) + 1
    minimum = plan.minimum_coverage
    values = plan.values(card.answers)
    phases: list[PhaseDistance] = []
    for result in card.phases[card.phase_index : target_index]:
        p = result.index - 1
        applicable_weight = sum(
            plan.weights[i]
            for i, phase in enumerate(plan.question_phase)
            if phase == p and values[i] is not NOT_APPLICABLE
        )
        answered_weight = result.coverage * applicable_weight
        missing: list[str] = []
        heaviest = sorted(result.unanswered, key=lambda q: (-plan.weights[plan.index[q]], plan.index[q]))
        for question_id in heaviest:
            if applicable_weight and answered_weight / applicable_weight >= minimum - EPSILON:
                break
            missing.append(question_id)
            answered_weight += plan.weights[plan.index[question_id]]
        points = result.threshold if result.score is None else max(0.0, result.threshold - result.score)
        phases.append(
            PhaseDistance(
                result.id,
                result.index,
                result.passed,
                result.score,
                result.threshold,
                points,
                tuple(missing),
                result.short_of_applicable,
            )
        )
    dimensions = tuple(
        DimensionDistance(d, card.dimension_scores.get(d), value) for d, value in target.dimensions.items()
    )
    reached = card.phase_index >= target_index and all(
        d.points <= EPSILON for d in dimensions
    )
    return Distance(target, target_index, reached, tuple(phases), dimensions)

