"""The verdict's margin: the single one-step changes that move the phase reached,
checked against brute force (change every answer one step each way, rescore)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialmaturity.model import AnswerSheet
from socialmaturity.scoring import MaturityModel, Sensitivity, ladder, score, sensitivity


def sheet_for(model: MaturityModel, answers: dict[str, str]) -> AnswerSheet:
    return AnswerSheet.model_validate(
        {
            "questionnaire": model.questionnaire.id,
            "questionnaire_version": model.questionnaire.version,
            "organisation": {"name": "Property BV"},
            "assessed_on": "2026-11-22",
            "answers": answers,
        }
    )


def brute_force(model: MaturityModel, answers: dict[str, str]) -> set[Sensitivity]:
    reached = score(model, sheet_for(model, answers)).phase_index
    found = set()
    for question in model.questionnaire.questions:
        answer = answers.get(question.id)
        rungs, steps = ladder(question)
        if answer not in steps:
            continue
        for move, effect in ((1, "passes"), (-1, "fails")):
            target = steps[answer] + move
            if not 0 <= target < len(rungs):
                continue
            changed = score(model, sheet_for(model, {**answers, question.id: rungs[target]}))
            if (effect == "passes" and changed.phase_index > reached) or (
                effect == "fails" and changed.phase_index < reached
            ):
                found.add(Sensitivity(question.id, answer, rungs[target], question.phase, effect))  # type: ignore[arg-type]
    return found


def answers_of(model: MaturityModel):
    """Answers around a level drawn per example, so that every phase is reached and many
    verdicts sit near a threshold; some questions unanswered or outside the scale."""
    questions = model.questionnaire.questions

    @st.composite
    def answers(draw):
        level = draw(st.floats(min_value=0.0, max_value=1.0))
        picked = {}
        for question in questions:
            kind = draw(st.sampled_from(["scale"] * 8 + ["unanswered", "other"]))
            rungs = ladder(question)[0]
            if kind == "scale":
                nudge = draw(st.integers(min_value=-1, max_value=1))
                step = min(max(round(level * (len(rungs) - 1)) + nudge, 0), len(rungs) - 1)
                picked[question.id] = rungs[step]
            elif kind == "other":
                picked[question.id] = draw(st.sampled_from([o.id for o in question.options]))
        return picked

    return answers()


@pytest.mark.slow
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_sensitivity_is_what_brute_force_finds_on_the_bundled_model(bundled: MaturityModel, data) -> None:
    answers = data.draw(answers_of(bundled))
    assert set(sensitivity(bundled, answers)) == brute_force(bundled, answers)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_sensitivity_is_what_brute_force_finds_on_a_small_model(mini: MaturityModel, data) -> None:
    answers = data.draw(answers_of(mini))
    card = score(mini, sheet_for(mini, answers))
    assert set(card.sensitivity) == brute_force(mini, answers)
    assert card.borderline == bool(card.sensitivity)


def test_a_phase_on_its_threshold_rests_on_its_answers(mini: MaturityModel) -> None:
    # all answers at the top: the last phase is reached; every answer of every phase,
    # one step lower, may lose one
    top = {q.id: ladder(q)[0][-1] for q in mini.questionnaire.questions}
    card = score(mini, sheet_for(mini, top))
    assert card.phase_index == len(mini.roadmap.phases)
    assert all(s.effect == "fails" for s in card.sensitivity)
    assert set(card.sensitivity) == brute_force(mini, top)
