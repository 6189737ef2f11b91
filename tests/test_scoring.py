"""Scoring: hand-computed expectations on the mini model, properties on every model."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialmaturity.model import AnswerSheet, Organisation
from socialmaturity.scoring import (
    NOT_APPLICABLE,
    MaturityModel,
    normalised_scores,
    score,
    summarise_counts,
    summarise_votes,
    tally,
)


def sheet(answers: dict[str, str], votes: dict[str, dict[str, str | None]] | None = None) -> AnswerSheet:
    return AnswerSheet(
        questionnaire="mini",
        questionnaire_version="1.0",
        organisation=Organisation(name="Example"),
        assessed_on=dt.date(2026, 1, 1),
        answers=answers,
        votes=votes or {},
    )


def test_normalised_scores_span_lowest_to_highest(mini: MaturityModel) -> None:
    a2 = mini.questionnaire.questions[1]
    assert normalised_scores(a2) == {"none": 0.0, "part": 0.5, "full": 1.0, "na": NOT_APPLICABLE}


@pytest.mark.parametrize(
    ("answers", "phase_scores", "coverage", "reached", "dimensions"),
    [
        # a1 .5 (w1), a2 1 (w2) -> 2.5/3; b1 1, b2 .5 -> .75; c1 0
        (
            {"a1": "some", "a2": "full", "b1": "yes", "b2": "basic", "c1": "never"},
            (250 / 3, 75.0, 0.0),
            (1.0, 1.0, 1.0),
            2,
            {"strategy": 50.0, "people": 250 / 3},
        ),
        # nothing answered: no scores, no coverage, at the start
        ({}, (None, None, None), (0.0, 0.0, 0.0), 0, {"strategy": None, "people": None}),
        # a2 not applicable: alpha is a1 alone (1.0) with full coverage of its applicable
        # weight, but only a third of alpha's weight applies, under the 0.6 minimum: ruling
        # questions out cannot buy a phase
        (
            {"a1": "all", "a2": "na"},
            (100.0, None, None),
            (1.0, 0.0, 0.0),
            0,
            {"strategy": 100.0, "people": None},
        ),
        # a2 unanswered: alpha's coverage is 1/3 of its weight, below the 0.6 minimum
        (
            {"a1": "all"},
            (100.0, None, None),
            (1 / 3, 0.0, 0.0),
            0,
            {"strategy": 100.0, "people": None},
        ),
        # a1 all (1) + a2 none (0) x2 -> 33.3 fails alpha, so a perfect beta does not count
        (
            {"a1": "all", "a2": "none", "b1": "yes", "b2": "levels"},
            (100 / 3, 100.0, None),
            (1.0, 1.0, 0.0),
            0,
            {"strategy": 100.0, "people": 100 / 3},
        ),
        # gating: gamma passed alone does not count while beta is not passed
        (
            {"a1": "all", "a2": "full", "b1": "no", "b2": "none", "c1": "often"},
            (100.0, 0.0, 100.0),
            (1.0, 1.0, 1.0),
            1,
            {"strategy": 200 / 3, "people": 2 / 3 * 100},
        ),
    ],
)
def test_hand_computed(
    mini: MaturityModel,
    answers: dict[str, str],
    phase_scores: tuple[float | None, ...],
    coverage: tuple[float, ...],
    reached: int,
    dimensions: dict[str, float | None],
) -> None:
    card = score(mini, sheet(answers))
    assert card.tally.phase_scores == pytest.approx(phase_scores)
    assert card.tally.phase_coverage == pytest.approx(coverage)
    assert card.phase_index == reached
    assert card.dimension_scores == pytest.approx(dimensions)


def test_threshold_is_reached_exactly(mini: MaturityModel) -> None:
    # (.5 + 2 x .5) / 3 is exactly 50, alpha's threshold
    card = score(mini, sheet({"a1": "some", "a2": "part"}))
    assert card.tally.phase_scores[0] == 50.0
    assert card.phases[0].passed
    assert card.phase_index == 1
    assert card.phases[0].margin == 0.0


def test_not_applicable_cannot_pass_a_phase(mini: MaturityModel) -> None:
    # a2 not applicable leaves a1 alone in alpha: its score and coverage pass, but a third
    # of the phase's weight applies, under the roadmap's 0.6
    card = score(mini, sheet({"a1": "all", "a2": "na"}))
    alpha = card.phases[0]
    assert (alpha.score, alpha.coverage, alpha.applicable_share) == (100.0, 1.0, pytest.approx(1 / 3))
    assert not alpha.passed and alpha.short_of_applicable
    assert not alpha.short_of_score and not alpha.short_of_coverage


def test_gaps_rank_by_weight_times_shortfall(mini: MaturityModel) -> None:
    answers = {"a1": "some", "a2": "part", "b1": "no", "b2": "basic", "c1": "never"}
    card = score(mini, sheet(answers))
    # alpha = (.5 + 2 x .5) / 3 = 50 -> passed; beta 25 -> the first phase not passed
    assert card.phase_index == 1
    # gaps come from alpha and beta only: a2 (2 x .5 = 1), b1 (1), a1 (.5), b2 (.5)
    assert [(g.question_id, g.impact) for g in card.gaps] == [
        ("a2", 1.0),
        ("b1", 1.0),
        ("a1", 0.5),
        ("b2", 0.5),
    ]
    assert [g.question_id for g in card.holding_back] == ["b1", "b2"]
    assert card.next_steps_phase == "alpha"


def test_at_the_start_next_steps_are_the_start_block(mini: MaturityModel) -> None:
    card = score(mini, sheet({"a1": "none", "a2": "none"}))
    assert card.phase_index == 0
    assert card.next_steps_phase is None
    assert card.phase_id is None


def test_votes_spread_and_lower_median(mini: MaturityModel) -> None:
    a2 = mini.questionnaire.questions[1]
    summary = summarise_votes(a2, {"Ann": "none", "Bob": "full", "Cem": "part", "Dee": None})
    assert summary.counts == {"none": 1, "part": 1, "full": 1, "na": 0}
    assert (summary.spread, summary.proposed, summary.abstentions) == (2, "part", 1)
    assert summary.disagreement
    even = summarise_votes(a2, {"Ann": "none", "Bob": "full"})
    assert even.proposed is None  # a 1-versus-1 split proposes nothing: the room decides
    agree = summarise_votes(a2, {"Ann": "part", "Bob": "full"})
    assert (agree.spread, agree.disagreement) == (1, False)
    only_na = summarise_counts(a2, {"na": 3})
    assert (only_na.proposed, only_na.spread) == ("na", 0)


def test_disagreements_listed_widest_first(mini: MaturityModel) -> None:
    votes: dict[str, dict[str, str | None]] = {
        "a1": {"A": "none", "B": "all"},
        "a2": {"A": "none", "B": "part"},
        "b2": {"A": "none", "B": "levels", "C": "dont-know"},
    }
    card = score(mini, sheet({"a1": "some"}, votes))
    assert [(d.question_id, d.spread) for d in card.disagreements] == [("a1", 2), ("b2", 2)]


def test_results_name_the_model(mini: MaturityModel) -> None:
    card = score(mini, sheet({}))
    assert (card.questionnaire_id, card.questionnaire_version) == ("mini", "1.0")
    assert card.model_hash.startswith("sha256:") and len(card.model_hash) == 7 + 64
    assert card.model_hash == mini.hash


# -- properties, on the mini model and on the bundled one ----------------------------


def answers_strategy(model: MaturityModel) -> st.SearchStrategy[dict[str, str]]:
    per_question = {
        q.id: st.sampled_from([o.id for o in q.options]) for q in model.questionnaire.questions
    }
    return st.fixed_dictionaries({}, optional=per_question)


def models() -> list[str]:
    return ["mini", "bundled"]


@pytest.fixture(params=models(), scope="session")
def any_model(request: pytest.FixtureRequest, mini: MaturityModel) -> MaturityModel:
    if request.param == "mini":
        return mini
    return request.getfixturevalue("bundled")


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_raising_one_answer_never_lowers_a_phase(any_model: MaturityModel, data: st.DataObject) -> None:
    answers = data.draw(answers_strategy(any_model))
    scored = [
        (q, q.option(answers[q.id]))
        for q in any_model.questionnaire.questions
        if q.id in answers and q.option(answers[q.id]).score is not None  # type: ignore[union-attr]
    ]
    if not scored:
        return
    question, current = data.draw(st.sampled_from(scored))
    higher = [o for o in question.scored_options() if o.score > current.score]  # type: ignore[operator,union-attr]
    if not higher:
        return
    raised = dict(answers)
    raised[question.id] = data.draw(st.sampled_from(higher)).id
    before = tally(any_model.plan, any_model.plan.values(answers))
    after = tally(any_model.plan, any_model.plan.values(raised))
    for old, new in zip(before.phase_scores, after.phase_scores, strict=True):
        assert (old is None and new is None) or new >= old - 1e-9  # type: ignore[operator]
    assert after.phase_index >= before.phase_index
    assert after.phase_coverage == before.phase_coverage


def extreme(model: MaturityModel, best: bool) -> dict[str, str]:
    answers = {}
    for question in model.questionnaire.questions:
        options = question.scored_options()
        answers[question.id] = (options[-1] if best else options[0]).id
    return answers


def test_all_best_reaches_the_last_phase(any_model: MaturityModel) -> None:
    result = tally(any_model.plan, any_model.plan.values(extreme(any_model, best=True)))
    assert result.phase_index == len(any_model.roadmap.phases)
    assert all(s == 100.0 for s in result.phase_scores)


def test_all_worst_stays_at_the_start(any_model: MaturityModel) -> None:
    result = tally(any_model.plan, any_model.plan.values(extreme(any_model, best=False)))
    assert result.phase_index == 0
    assert all(s == 0.0 for s in result.phase_scores)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_not_applicable_and_unanswered_change_coverage_not_the_mean(
    any_model: MaturityModel, data: st.DataObject
) -> None:
    answers = data.draw(answers_strategy(any_model))
    before = tally(any_model.plan, any_model.plan.values(answers))
    # drop one scored answer whose phase keeps another scored answer: the mean of the rest
    # is recomputed from the rest alone, and coverage falls
    plan = any_model.plan
    values = plan.values(answers)
    candidates = [i for i, v in enumerate(values) if isinstance(v, float)]
    if not candidates:
        return
    i = data.draw(st.sampled_from(candidates))
    p = plan.question_phase[i]
    others = [j for j in candidates if j != i and plan.question_phase[j] == p]
    expected = None
    if others:
        weight = sum(plan.weights[j] for j in others)
        expected = 100 * sum(plan.weights[j] * values[j] for j in others) / weight  # type: ignore[operator]
    unanswered = list(values)
    unanswered[i] = None
    after = tally(plan, unanswered)
    assert after.phase_scores[p] == pytest.approx(expected) if expected is not None else after.phase_scores[p] is None
    assert after.phase_coverage[p] < before.phase_coverage[p]
    not_applicable = list(values)
    not_applicable[i] = NOT_APPLICABLE
    after_na = tally(plan, not_applicable)
    assert after_na.phase_scores[p] == after.phase_scores[p]
    # N/A takes the question out of the applicable weight: coverage stays full if it was
    if before.phase_coverage[p] == 1.0 and others:
        assert after_na.phase_coverage[p] == pytest.approx(1.0)
