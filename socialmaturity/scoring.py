"""Scoring: the one place where answers become scores, a phase and gaps.

Every path (the interview, `score`, the report, batch scoring) goes through
`tally`, the function that turns one answer per question into phase and dimension
scores. `score` builds the full, explainable scorecard on top of it. Nothing here
does IO or knows about languages: texts are looked up by the views.

The method:
- a question's normalised score is (score - lowest) / (highest - lowest) over its
  scored options; "not applicable" answers and unanswered questions are left out;
- a phase's score is 100 x the weighted mean over its answered applicable questions,
  its coverage the answered share of its applicable weight;
- a phase is passed when score >= threshold and coverage >= the roadmap's minimum;
- the organisation is in phase k when phases 1..k are passed and k+1 is not.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal, NamedTuple

from .model import AnswerSheet, Question, Questionnaire, Roadmap, canonical

# Comparisons of a float score with a threshold allow for binary rounding: a mean
# that is 70 on paper must pass a threshold of 70.
EPSILON: Final = 1e-9


class _NotApplicable:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"


NOT_APPLICABLE: Final = _NotApplicable()
"""The value of a question answered "not applicable" or "don't know"."""

Value = float | _NotApplicable | None
"""One question's answer for `tally`: normalised 0..1, NOT_APPLICABLE, or None (unanswered)."""


@dataclass(frozen=True)
class MaturityModel:
    """A questionnaire with its roadmap, and the hash that pins results to both."""

    questionnaire: Questionnaire
    roadmap: Roadmap
    hash: str
    plan: ScoringPlan

    @classmethod
    def build(cls, questionnaire: Questionnaire, roadmap: Roadmap) -> MaturityModel:
        return cls(questionnaire, roadmap, model_hash(questionnaire, roadmap), ScoringPlan.build(questionnaire, roadmap))


def model_hash(questionnaire: Questionnaire, roadmap: Roadmap) -> str:
    """sha256 of the questionnaire and roadmap content, independent of layout and comments."""
    canonical_form = json.dumps(
        {"questionnaire": canonical(questionnaire), "roadmap": canonical(roadmap)},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return "sha256:" + hashlib.sha256(canonical_form.encode("utf-8")).hexdigest()


def normalised_scores(question: Question) -> dict[str, Value]:
    """Each option's normalised score (0..1), NOT_APPLICABLE, or None for a "don't know"
    that the question counts as no answer.

    "Don't know" counts as the lowest option (0.0) unless the question says otherwise:
    a practice nobody in the room knows about is not one the organisation can rely on.
    """
    scored = [o.score for o in question.options if o.score is not None]
    low, high = min(scored), max(scored)
    span = high - low
    result: dict[str, Value] = {}
    for option in question.options:
        if option.dont_know:
            result[option.id] = 0.0 if question.dont_know_scores_as == "lowest" else None
        elif option.score is None:
            result[option.id] = NOT_APPLICABLE
        else:
            result[option.id] = (option.score - low) / span if span else 0.0
    return result


def scale_steps(question: Question) -> dict[str, int]:
    """Each scored option's position on the scale (0 = lowest), for spreads of votes and
    consensus. "Don't know" stands on the lowest step where the question scores it so."""
    distinct = sorted({o.score for o in question.options if o.score is not None})
    steps = {o.id: distinct.index(o.score) for o in question.options if o.score is not None}
    if question.dont_know_scores_as == "lowest":
        steps.update({o.id: 0 for o in question.options if o.dont_know})
    return steps


@dataclass(frozen=True)
class ScoringPlan:
    """The model compiled to flat tuples, so that a million answers score quickly."""

    phase_ids: tuple[str, ...]
    thresholds: tuple[float, ...]
    minimum_coverage: float
    dimension_ids: tuple[str, ...]
    question_ids: tuple[str, ...]
    question_phase: tuple[int, ...]
    question_dimension: tuple[int, ...]
    weights: tuple[float, ...]
    options: tuple[Mapping[str, Value], ...]
    index: Mapping[str, int]
    slots: tuple[tuple[int, int, float], ...] = ()  # (phase, dimension, weight) per question
    phase_weights: tuple[float, ...] = ()  # all the weight of each phase's questions

    def __post_init__(self) -> None:
        # derived once, so that `tally` walks one tuple per question
        slots = tuple(zip(self.question_phase, self.question_dimension, self.weights, strict=True))
        object.__setattr__(self, "slots", slots)
        totals = [0.0] * len(self.phase_ids)
        for phase, weight in zip(self.question_phase, self.weights, strict=True):
            totals[phase] += weight
        object.__setattr__(self, "phase_weights", tuple(totals))

    @classmethod
    def build(cls, questionnaire: Questionnaire, roadmap: Roadmap) -> ScoringPlan:
        phase_ids = tuple(p.id for p in roadmap.phases)
        dimension_ids = tuple(d.id for d in questionnaire.dimensions)
        questions = questionnaire.questions
        return cls(
            phase_ids=phase_ids,
            thresholds=tuple(float(p.threshold) for p in roadmap.phases),
            minimum_coverage=float(roadmap.minimum_coverage),
            dimension_ids=dimension_ids,
            question_ids=tuple(q.id for q in questions),
            question_phase=tuple(phase_ids.index(q.phase) for q in questions),
            question_dimension=tuple(dimension_ids.index(q.dimension) for q in questions),
            weights=tuple(float(q.weight) for q in questions),
            options=tuple(normalised_scores(q) for q in questions),
            index={q.id: i for i, q in enumerate(questions)},
        )

    def values(self, answers: Mapping[str, str]) -> list[Value]:
        """One value per question from question id -> option id (ids must be valid)."""
        values: list[Value] = [None] * len(self.question_ids)
        for question_id, option_id in answers.items():
            i = self.index[question_id]
            values[i] = self.options[i][option_id]
        return values


class Tally(NamedTuple):
    """Scores from one set of answers: per phase, per dimension, and the phase reached.

    A named tuple rather than a dataclass: batch scoring makes one per response, and
    a tuple is several times cheaper to build.
    """

    phase_scores: tuple[float | None, ...]
    phase_coverage: tuple[float, ...]
    phase_passed: tuple[bool, ...]
    phase_index: int  # 0 = at the start, k = phases 1..k passed
    dimension_scores: tuple[float | None, ...]
    coverage: float  # answered share of all applicable weight
    phase_applicable: tuple[float, ...] = ()  # per phase, the share of its weight that applies


def tally(plan: ScoringPlan, values: Sequence[Value]) -> Tally:
    """Score one set of answers. The only implementation of the scoring method."""
    phases = len(plan.phase_ids)
    applicable = [0.0] * phases
    answered = [0.0] * phases
    phase_sum = [0.0] * phases
    dimension_sum = [0.0] * len(plan.dimension_ids)
    dimension_weight = [0.0] * len(plan.dimension_ids)
    for value, (p, d, w) in zip(values, plan.slots):  # noqa: B905 - lengths checked by the plan
        if value is None:
            applicable[p] += w
        elif value is not NOT_APPLICABLE:
            applicable[p] += w
            answered[p] += w
            weighted = w * value  # type: ignore[operator]
            phase_sum[p] += weighted
            dimension_sum[d] += weighted
            dimension_weight[d] += w
    scores = tuple(
        100.0 * total / weight if weight else None
        for total, weight in zip(phase_sum, answered, strict=True)
    )
    coverage = tuple(
        done / weight if weight else 0.0 for done, weight in zip(answered, applicable, strict=True)
    )
    # The share of a phase's weight that applies: answering "not applicable" to most of
    # a phase must not leave a few answers to pass it.
    applies = tuple(
        weight / total if total else 0.0 for weight, total in zip(applicable, plan.phase_weights, strict=True)
    )
    minimum = plan.minimum_coverage
    passed = tuple(
        reaches(score, threshold) and covers(cover, minimum) and covers(share, minimum)
        for score, cover, share, threshold in zip(scores, coverage, applies, plan.thresholds, strict=True)
    )
    total_applicable = sum(applicable)
    return Tally(
        scores,
        coverage,
        passed,
        passed.index(False) if False in passed else phases,
        tuple(
            100.0 * total / weight if weight else None
            for total, weight in zip(dimension_sum, dimension_weight, strict=True)
        ),
        sum(answered) / total_applicable if total_applicable else 0.0,
        applies,
    )


# -- the explainable scorecard ------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """A weak answer on the way to the next phase, and how much it costs."""

    question_id: str
    option_id: str
    phase_id: str
    score: float  # the answer's normalised score, 0..100
    impact: float  # weight x (1 - normalised)


PhaseStatus = Literal["passed", "gated", "not-passed"]
"""Passed and counted; passed on its own but after a phase not passed; not passed."""


def reaches(score: float | None, threshold: float) -> bool:
    """Whether a phase score reaches its threshold (allowing for binary rounding)."""
    return score is not None and score + EPSILON >= threshold


def covers(coverage: float, minimum: float) -> bool:
    """Whether a phase's coverage reaches the roadmap's minimum (allowing for rounding)."""
    return coverage >= minimum - EPSILON


@dataclass(frozen=True)
class PhaseResult:
    id: str
    index: int  # 1-based
    score: float | None
    threshold: float
    coverage: float
    passed: bool
    counted: bool  # False for phases after the first one not passed (gating)
    answered: int
    applicable: int
    unanswered: tuple[str, ...]  # applicable questions without an answer
    short_of_score: bool = False  # no score, or a score under the threshold
    short_of_coverage: bool = False  # fewer answers than the roadmap's minimum coverage
    applicable_share: float = 1.0  # the share of the phase's weight not answered "not applicable"
    short_of_applicable: bool = False  # so much answered "not applicable" that the phase cannot pass
    unknown_share: float = 0.0  # the share of the phase's weight answered "don't know"

    @property
    def margin(self) -> float | None:
        """Points above (positive) or below (negative) the threshold; None without a score."""
        return None if self.score is None else self.score - self.threshold

    @property
    def status(self) -> PhaseStatus:
        if self.passed and self.counted:
            return "passed"
        return "gated" if self.passed else "not-passed"


@dataclass(frozen=True)
class VoteSummary:
    """How a workshop's participants voted on one question."""

    question_id: str
    counts: dict[str, int]  # option id -> votes, in option order
    abstentions: int
    spread: int  # scale steps between the lowest and the highest scored vote
    proposed: str | None  # the option most chose (see summarise_counts for ties), or None
    # A survey group's answers (see `summarise_answers`): the interquartile range in
    # scale steps, which decides disagreement there; None for a workshop's votes.
    iqr: int | None = None

    @property
    def disagreement(self) -> bool:
        """Workshop: two or more steps between the lowest and highest vote. Survey: the
        middle half of the answers spans two or more steps (IQR >= 2), a spread that
        stays meaningful however many answer."""
        if self.iqr is not None:
            return self.iqr >= 2
        return self.spread >= 2


VotesKind = Literal["workshop", "survey"]


@dataclass(frozen=True)
class Scorecard:
    """Everything `score`, the report and the interview's summary show."""

    questionnaire_id: str
    questionnaire_version: str
    model_hash: str
    tally: Tally
    phases: tuple[PhaseResult, ...]
    phase_index: int
    dimension_scores: dict[str, float | None]
    gaps: tuple[Gap, ...]
    strengths: tuple[Gap, ...]  # best answers (impact = weight x normalised)
    holding_back: tuple[Gap, ...]  # the weak answers of the first phase not passed
    disagreements: tuple[VoteSummary, ...]
    next_steps_phase: str | None  # whose next steps apply: a phase id, or None for the start
    answers: dict[str, str] = field(default_factory=dict)
    votes: dict[str, VoteSummary] = field(default_factory=dict)  # every question voted on
    votes_kind: VotesKind | None = None  # a workshop's ballots, or a survey group's answers
    voters: int = 0  # participants (workshop) or respondents (survey group)
    sensitivity: tuple[Sensitivity, ...] = ()  # single one-step changes that move the verdict

    @property
    def borderline(self) -> bool:
        """True when one answer, one step better or worse, would change the phase reached."""
        return bool(self.sensitivity)

    @property
    def phase_id(self) -> str | None:
        return self.phases[self.phase_index - 1].id if self.phase_index else None

    @property
    def first_not_passed(self) -> PhaseResult | None:
        return self.phases[self.phase_index] if self.phase_index < len(self.phases) else None


def summarise_votes(question: Question, ballot: Mapping[str, str | None]) -> VoteSummary:
    """Counts, spread and the proposed answer for one question's votes (None abstains)."""
    counts: dict[str, int] = {}
    abstentions = 0
    for option_id in ballot.values():
        if option_id is None or question.option(option_id) is None:
            abstentions += 1
        else:
            counts[option_id] = counts.get(option_id, 0) + 1
    return summarise_counts(question, counts, abstentions)


def summarise_counts(question: Question, counts: Mapping[str, int], abstentions: int = 0) -> VoteSummary:
    """Spread and proposed answer from how many chose each option.

    The proposal is the option most participants chose, on the scale or outside it
    (a survey group's consensus is computed the same way). When several options tie
    for most votes, the one of them nearest the middle of the votes on the scale is
    proposed; when that is still a tie (a 1-versus-4 split), or the tie involves
    "not applicable" or "don't know", there is no proposal: the people in the room
    decide, the tool does not pick a side for them.
    """
    steps = scale_steps(question)
    ordered = {o.id: counts.get(o.id, 0) for o in question.options}
    on_scale = sorted((steps[o], o) for o, n in ordered.items() if n and o in steps)
    spread = on_scale[-1][0] - on_scale[0][0] if on_scale else 0
    most = max(ordered.values(), default=0)
    tied = [o for o, n in ordered.items() if n and n == most]
    proposed: str | None = None
    if len(tied) == 1:
        proposed = tied[0]
    elif tied and all(o in steps for o in tied):
        middle = _median_step(steps, ordered)
        distance = {o: abs(steps[o] - middle) for o in tied}
        nearest = min(distance.values())
        closest = [o for o in tied if distance[o] == nearest]
        proposed = closest[0] if len(closest) == 1 else None
    return VoteSummary(question.id, ordered, abstentions, spread, proposed)


def _median_step(steps: Mapping[str, int], counts: Mapping[str, int]) -> float:
    """The median scale step of the votes on the scale (halfway between the two middle
    votes when their number is even); counted, not listed, for survey groups of any size."""
    per_step: dict[int, int] = {}
    for option, step in steps.items():
        per_step[step] = per_step.get(step, 0) + counts.get(option, 0)
    total = sum(per_step.values())

    def at(index: int) -> int:  # the step of the index-th vote, lowest first
        seen = 0
        for step in sorted(per_step):
            seen += per_step[step]
            if seen > index:
                return step
        raise IndexError(index)

    return (at((total - 1) // 2) + at(total // 2)) / 2


def _at_rank(ordered: Sequence[tuple[int, str, int]], rank: int) -> tuple[int, str, int]:
    """The (step, option, count) holding the `rank`-th answer (1-based) in scale order."""
    seen = 0
    for entry in ordered:
        seen += entry[2]
        if seen >= rank:
            return entry
    return ordered[-1]


def survey_consensus(question: Question, counts: Mapping[str, int]) -> str | None:
    """A survey group's answer to one question: the median of its answers on the scale.

    The answers are put in scale order. With an odd number the middle one is the
    consensus. With an even number the two middle answers may fall on two options:
    then the option more respondents chose is the consensus (the option most chose
    never loses to one fewer chose), and on a tie the lower one. "Not applicable"
    answers (no score) are left out, unless they are more than half of all answers:
    then the most chosen of them is the consensus (on a tie the first in option order).
    """
    steps = scale_steps(question)
    given = {o.id: counts.get(o.id, 0) for o in question.options if counts.get(o.id, 0) > 0}
    scored = [(steps[o.id], o.id, given[o.id]) for o in question.options if o.id in given and o.id in steps]
    scored.sort(key=lambda entry: entry[0])
    on_scale = sum(entry[2] for entry in scored)
    not_applicable = sum(n for o, n in given.items() if o not in steps)
    if not_applicable * 2 > on_scale + not_applicable or not scored:
        cast = [o.id for o in question.options if o.id in given and o.id not in steps]
        return max(cast, key=lambda o: given[o]) if cast else None
    if on_scale % 2:
        return _at_rank(scored, (on_scale + 1) // 2)[1]
    low = _at_rank(scored, on_scale // 2)
    high = _at_rank(scored, on_scale // 2 + 1)
    if low[1] == high[1]:
        return low[1]
    return high[1] if high[2] > low[2] else low[1]


def quartile_steps(question: Question, counts: Mapping[str, int]) -> tuple[int, int] | None:
    """The first and third quartile of the scored answers, in scale steps (nearest rank)."""
    steps = scale_steps(question)
    scored = sorted(
        (steps[o.id], o.id, counts.get(o.id, 0))
        for o in question.options
        if o.id in steps and counts.get(o.id, 0) > 0
    )
    total = sum(entry[2] for entry in scored)
    if not total:
        return None
    first = _at_rank(scored, max(1, -(-total // 4)))[0]
    third = _at_rank(scored, max(1, -(-3 * total // 4)))[0]
    return first, third


def summarise_answers(question: Question, counts: Mapping[str, int], unanswered: int = 0) -> VoteSummary:
    """A survey group's answers to one question: counts, spread, the consensus
    (`survey_consensus`) and the interquartile range that decides disagreement."""
    steps = scale_steps(question)
    ordered = {o.id: counts.get(o.id, 0) for o in question.options}
    given = [steps[o] for o, n in ordered.items() if n and o in steps]
    quartiles = quartile_steps(question, ordered)
    return VoteSummary(
        question.id,
        ordered,
        unanswered,
        max(given) - min(given) if given else 0,
        survey_consensus(question, ordered),
        quartiles[1] - quartiles[0] if quartiles else 0,
    )


def score(
    model: MaturityModel,
    sheet: AnswerSheet,
    *,
    top: int = 10,
    votes: Sequence[VoteSummary] | None = None,
    voters: int = 0,
) -> Scorecard:
    """The full scorecard for a validated answers file.

    `votes` replaces the summaries of `sheet.votes`, for callers that counted answers
    without keeping every ballot (a survey group of `voters` respondents).
    """
    plan = model.plan
    questionnaire = model.questionnaire
    values = plan.values(sheet.answers)
    result = tally(plan, values)
    phases: list[PhaseResult] = []
    for p, phase in enumerate(model.roadmap.phases):
        in_phase = [i for i, q in enumerate(plan.question_phase) if q == p]
        applicable = [i for i in in_phase if values[i] is not NOT_APPLICABLE]
        phases.append(
            PhaseResult(
                id=phase.id,
                index=p + 1,
                score=result.phase_scores[p],
                threshold=plan.thresholds[p],
                coverage=result.phase_coverage[p],
                passed=result.phase_passed[p],
                counted=p <= result.phase_index,
                answered=sum(1 for i in applicable if values[i] is not None),
                applicable=len(applicable),
                unanswered=tuple(plan.question_ids[i] for i in applicable if values[i] is None),
                short_of_score=not reaches(result.phase_scores[p], plan.thresholds[p]),
                short_of_coverage=not covers(result.phase_coverage[p], plan.minimum_coverage),
                applicable_share=result.phase_applicable[p],
                unknown_share=_unknown_share(model, sheet.answers, p),
                short_of_applicable=not covers(result.phase_applicable[p], plan.minimum_coverage),
            )
        )
    weak: list[Gap] = []
    strong: list[Gap] = []
    for i, value in enumerate(values):
        if not isinstance(value, float):
            continue
        question_id = plan.question_ids[i]
        gap = Gap(
            question_id=question_id,
            option_id=sheet.answers[question_id],
            phase_id=plan.phase_ids[plan.question_phase[i]],
            score=100.0 * value,
            impact=plan.weights[i] * (1.0 - value),
        )
        if value < 1.0:
            weak.append(gap)
        if value > 0.0:
            strong.append(
                Gap(gap.question_id, gap.option_id, gap.phase_id, gap.score, plan.weights[i] * value)
            )
    order = {qid: i for i, qid in enumerate(plan.question_ids)}

    def by_impact(gap: Gap) -> tuple[float, int, int]:
        return (-gap.impact, plan.phase_ids.index(gap.phase_id), order[gap.question_id])

    limit_phase = min(result.phase_index, len(plan.phase_ids) - 1)
    gaps = sorted((g for g in weak if plan.phase_ids.index(g.phase_id) <= limit_phase), key=by_impact)
    first_not_passed = plan.phase_ids[result.phase_index] if result.phase_index < len(plan.phase_ids) else None
    holding_back = sorted((g for g in weak if g.phase_id == first_not_passed), key=by_impact)
    strengths = sorted(strong, key=by_impact)
    questions = {q.id: q for q in questionnaire.questions}
    summaries = (
        list(votes)
        if votes is not None
        else [
            summarise_votes(questions[qid], ballot)
            for qid, ballot in sheet.votes.items()
            if qid in questions and ballot
        ]
    )
    disagreements = sorted(
        (s for s in summaries if s.disagreement),
        key=lambda s: (-s.spread, order[s.question_id]),
    )
    if votes is not None:
        kind: VotesKind | None = "survey" if summaries else None
        counted_voters = voters
    else:
        kind = "workshop" if summaries else None
        counted_voters = len(sheet.participants) or len(
            {name for ballot in sheet.votes.values() for name in ballot}
        )
    reached = result.phase_index
    return Scorecard(
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        model_hash=model.hash,
        tally=result,
        phases=tuple(phases),
        phase_index=reached,
        dimension_scores=dict(zip(plan.dimension_ids, result.dimension_scores, strict=True)),
        gaps=tuple(gaps[:top]),
        strengths=tuple(strengths[:top]),
        holding_back=tuple(holding_back[:5]),
        disagreements=tuple(disagreements),
        next_steps_phase=plan.phase_ids[reached - 1] if reached else None,
        answers=dict(sheet.answers),
        votes={
            s.question_id: s
            for s in sorted(summaries, key=lambda s: order.get(s.question_id, len(order)))
            if s.question_id in order
        },
        votes_kind=kind,
        voters=counted_voters,
        sensitivity=sensitivity(model, sheet.answers),
    )


def _unknown_share(model: MaturityModel, answers: Mapping[str, str], phase: int) -> float:
    plan = model.plan
    total = plan.phase_weights[phase]
    unknown = 0.0
    for i, question in enumerate(model.questionnaire.questions):
        if plan.question_phase[i] == phase:
            option = question.option(answers.get(question.id, ""))
            if option is not None and option.dont_know:
                unknown += plan.weights[i]
    return unknown / total if total else 0.0


# -- the change since an earlier assessment ----------------------------------------


@dataclass(frozen=True)
class Change:
    """One phase's or dimension's score then and now (None where it had none)."""

    id: str
    before: float | None
    now: float | None

    @property
    def change(self) -> float | None:
        return None if self.before is None or self.now is None else self.now - self.before


@dataclass(frozen=True)
class Comparison:
    """A scorecard against an earlier one, phases and dimensions matched by id (so that
    a newer version of the questionnaire still compares)."""

    earlier: Scorecard
    phases: tuple[Change, ...]
    dimensions: tuple[Change, ...]
    now_hash: str

    @property
    def same_model(self) -> bool:
        """Both scorecards come from the very same questionnaire and roadmap."""
        return self.earlier.model_hash == self.now_hash


def compare(now: Scorecard, earlier: Scorecard) -> Comparison:
    """The change per phase and dimension since `earlier`."""
    before_phases = {p.id: p.score for p in earlier.phases}
    return Comparison(
        earlier=earlier,
        phases=tuple(Change(p.id, before_phases.get(p.id), p.score) for p in now.phases),
        dimensions=tuple(
            Change(d, earlier.dimension_scores.get(d), value) for d, value in now.dimension_scores.items()
        ),
        now_hash=now.model_hash,
    )


# -- the verdict's margin: which single answers would move it -------------------------

Effect = Literal["passes", "fails"]


@dataclass(frozen=True)
class Sensitivity:
    """One answer whose move by a single step on its scale would change the phase reached.

    `effect` is 'passes' when the answer one step better would pass `phase` (the first
    phase not passed), 'fails' when one step worse would lose `phase` (a phase reached).
    """

    question: str
    answer: str
    to: str
    phase: str
    effect: Effect


def ladder(question: Question) -> tuple[tuple[str, ...], dict[str, int]]:
    """The question's scale: one option per step, lowest first, and each option's step.

    Options that share a score share a step; the first of them stands for the step.
    """
    steps = scale_steps(question)
    rungs: dict[int, str] = {}
    for option in question.options:
        if option.score is not None:  # a step is one of the scale's own options
            rungs.setdefault(steps[option.id], option.id)
    return tuple(rungs[s] for s in sorted(rungs)), steps


def sensitivity(model: MaturityModel, answers: Mapping[str, str]) -> tuple[Sensitivity, ...]:
    """Every single answer that, one step better, would pass the first phase not passed,
    or, one step worse, would lose a phase reached; in question order.

    Each candidate is rescored with `tally`, so the verdict it predicts is exactly the one
    `score` would give for the changed answers.
    """
    plan = model.plan
    values = plan.values(answers)
    reached = tally(plan, values).phase_index
    found: list[Sensitivity] = []
    for i, question in enumerate(model.questionnaire.questions):
        answer = answers.get(question.id)
        rungs, steps = ladder(question)
        if answer not in steps:
            continue  # unanswered, or outside the scale (a "don't know" scored lowest is on step 0)
        phase = plan.question_phase[i]
        step = steps[answer]
        moves: list[tuple[int, Effect]] = []
        if phase == reached and step + 1 < len(rungs):
            moves.append((step + 1, "passes"))  # only the first phase not passed can open the next
        if phase < reached and step > 0:
            moves.append((step - 1, "fails"))  # only a phase reached can be lost
        for target, effect in moves:
            changed = list(values)
            changed[i] = plan.options[i][rungs[target]]
            after = tally(plan, changed).phase_index
            if (effect == "passes" and after > reached) or (effect == "fails" and after < reached):
                found.append(Sensitivity(question.id, answer, rungs[target], plan.phase_ids[phase], effect))
    return tuple(found)
