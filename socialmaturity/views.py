"""A scorecard in words and as JSON, in one language.

The scorecard itself is language-free; this module turns it into the verdict, the
explanation and the machine-readable result that `score`, the interview's summary
and the report share, so that they can never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .i18n import N_, Catalogue, message, nN_, text
from .i18n import number as i18n_number
from .model import AnswerSheet, NextStep, Question
from .plan.targets import Distance
from .scoring import (
    Comparison,
    Gap,
    MaturityModel,
    PhaseResult,
    Scorecard,
    Sensitivity,
    VoteSummary,
)

if TYPE_CHECKING:
    from .assessments import AnswerChange
    from .plan.draft import Plan
    from .trend import Trend

MESSAGES: Catalogue = {
    "verdict.start": N_("{org} has not yet reached the first phase, {phase}: {reason}."),
    "verdict.in": N_("{org} is in the {phase} phase: it has passed {passed}, but not yet {next}: {reason}."),
    "verdict.last": N_("{org} has reached the last phase, {phase}: every phase of the roadmap is passed."),
    "reason.none": N_("none of its questions has been answered"),
    "reason.score": N_("it scores {score} there, below the threshold of {threshold}"),
    "reason.coverage": N_("only {coverage}% of its questions are answered, and {minimum}% are needed"),
    "reason.both": N_("it scores {score}, below the threshold of {threshold}, and only {coverage}% of its questions are answered"),
    "reason.applicable": N_("only {share}% of its questions apply (the others were answered not applicable), and {minimum}% must"),
    "and": N_("and"),
    "phase.line": N_("{phase}: score {score} against a threshold of {threshold} ({margin}), {coverage}% answered: {status}."),
    "phase.unknown": N_("{phase}: {share}% of its weight was answered \"don't know\", which counts as the lowest answer."),
    "phase.ruled-out": N_("{phase}: {share}% of its weight was answered not applicable and is left out of its score."),
    "margin.above": N_("{points} above it"),
    "margin.below": N_("{points} short"),
    "margin.on": N_("exactly on it"),
    "margin.none": N_("no score yet"),
    "rests.fails": nN_("The {phase} verdict rests on one answer: one step lower and {phase} is no longer passed:", "The {phase} verdict rests on {count} answers: one step lower on any of them and {phase} is no longer passed:"),
    "rests.passes": nN_("{phase} is one answer away: one step higher on this one and {phase} is passed:", "{phase} is one answer away: one step higher on any of these and {phase} is passed:"),
    "rests.item": N_("{question} ({answer} → {to})"),
    "rests.none": N_("No single answer, one step higher or lower, changes this verdict."),
    "status.passed": N_("passed"),
    "status.not-passed": N_("not passed"),
    "status.gated": N_("passed on its own, but it does not count until the phases before it are passed"),
    "holding": N_("What holds {phase} back most:"),
    "holding.item": N_("{question} (answered: {answer})"),
    "holding.unanswered": nN_("One question of {phase} has no answer yet.", "{count} questions of {phase} have no answer yet."),
    "target.line": N_("Target: {phase}."),
    "target.line-due": N_("Target: {phase} by {date}."),
    "target.reached": N_("The target is reached: {phase} is passed."),
    "target.phase": N_("{index}. {phase}: {points} points short of the threshold of {threshold}"),
    "target.phase-score-ok": N_("{index}. {phase}: the score reaches the threshold of {threshold}"),
    "target.phase-gated": N_("{index}. {phase}: passed on its own; it counts once the phases before it are passed"),
    "target.answers": nN_("one more answer needed ({questions})", "{count} more answers needed ({questions})"),
    "target.ruled-out": N_("too much of it is answered not applicable to pass"),
    "target.dimension": N_("{dimension}: {score} against a target of {target}"),
    "target.intro": N_("On the way to {phase}, in the order the phases are passed:"),
    "no-score": N_("none"),
}


def number(value: float | None, language: str, digits: int = 1) -> str:
    """A score as people write it: 75.5 in English, 75,5 in Dutch and French; a dash for none."""
    return i18n_number(value, language, digits)


def percent(share: float) -> str:
    return f"{100 * share:.0f}"


@dataclass(frozen=True)
class View:
    """Texts of one model in one language, looked up by id."""

    model: MaturityModel
    language: str

    def phase_name(self, phase_id: str | None) -> str:
        if phase_id is None:
            return ""
        for phase in self.model.roadmap.phases:
            if phase.id == phase_id:
                return text(phase.name, self.language)
        return phase_id

    def question(self, question_id: str) -> Question:
        return self.model.questionnaire.questions[self.model.plan.index[question_id]]

    def question_text(self, question_id: str) -> str:
        return text(self.question(question_id).text, self.language)

    def option_label(self, question_id: str, option_id: str | None) -> str:
        if option_id is None:
            return ""
        option = self.question(question_id).option(option_id)
        return text(option.label, self.language) if option else option_id

    def dimension_name(self, dimension_id: str) -> str:
        for dimension in self.model.questionnaire.dimensions:
            if dimension.id == dimension_id:
                return text(dimension.name, self.language)
        return dimension_id

    def next_steps(self, card: Scorecard) -> list[NextStep]:
        """The roadmap's next steps for the organisation's phase (or the start's)."""
        roadmap = self.model.roadmap
        if card.next_steps_phase is None:
            return list(roadmap.start.next_steps)
        for phase in roadmap.phases:
            if phase.id == card.next_steps_phase:
                return list(phase.next_steps)
        return []

    def m(self, key: str, **values: object) -> str:
        return message(MESSAGES, key, self.language, **values)

    # -- the target ------------------------------------------------------------------

    def target_lines(self, found: Distance, due: str | None = None) -> list[str]:
        """The target and, per phase still to pass and per target dimension, what is missing.

        `due` is the target date as the reader writes it (the caller formats it)."""
        name = self.phase_name(found.target.phase)
        lines = [self.m("target.line-due", phase=name, date=due) if due else self.m("target.line", phase=name)]
        if found.reached:
            lines.append(self.m("target.reached", phase=name))
        elif found.phases:
            lines.append(self.m("target.intro", phase=name))
        for phase in found.phases:
            values = {
                "index": phase.index,
                "phase": self.phase_name(phase.phase_id),
                "threshold": number(phase.threshold, self.language, 0),
                "points": number(phase.points, self.language),
            }
            if phase.passed:
                line = self.m("target.phase-gated", **values)
            elif phase.points > 0:
                line = self.m("target.phase", **values)
            else:
                line = self.m("target.phase-score-ok", **values)
            if phase.answers:
                line += "; " + self.m(
                    "target.answers",
                    count=len(phase.answers),
                    questions="; ".join(self.question_text(q) for q in phase.answers[:3])
                    + ("; …" if len(phase.answers) > 3 else ""),
                )
            if phase.ruled_out:
                line += "; " + self.m("target.ruled-out")
            lines.append(line)
        for dimension in found.dimensions:
            if dimension.points > 0:
                lines.append(
                    self.m(
                        "target.dimension",
                        dimension=self.dimension_name(dimension.dimension_id),
                        score=number(dimension.score, self.language),
                        target=number(dimension.target, self.language, 0),
                    )
                )
        return lines

    # -- the verdict and its explanation ------------------------------------------

    def reason(self, phase: PhaseResult) -> str:
        minimum = self.model.roadmap.minimum_coverage
        if phase.score is None:
            if phase.short_of_applicable and phase.applicable_share < 1:
                return self.m("reason.applicable", share=percent(phase.applicable_share), minimum=percent(minimum))
            return self.m("reason.none")
        low_score, low_coverage = phase.short_of_score, phase.short_of_coverage
        values = {
            "score": number(phase.score, self.language),
            "threshold": number(phase.threshold, self.language, 0),
            "coverage": percent(phase.coverage),
            "minimum": percent(minimum),
        }
        if low_score and low_coverage:
            found = self.m("reason.both", **values)
        elif low_coverage:
            found = self.m("reason.coverage", **values)
        elif low_score:
            found = self.m("reason.score", **values)
        else:
            found = ""
        if phase.short_of_applicable:
            ruled_out = self.m("reason.applicable", share=percent(phase.applicable_share), minimum=percent(minimum))
            found = f"{found}; {ruled_out}" if found else ruled_out
        return found

    def verdict(self, card: Scorecard, organisation: str) -> str:
        """The phase in one sentence, and why."""
        phases = card.phases
        if card.phase_index == 0:
            return self.m(
                "verdict.start", org=organisation, phase=self.phase_name(phases[0].id), reason=self.reason(phases[0])
            )
        current = phases[card.phase_index - 1]
        if card.phase_index == len(phases):
            return self.m("verdict.last", org=organisation, phase=self.phase_name(current.id))
        passed = [self.phase_name(p.id) for p in phases[: card.phase_index]]
        listed = passed[0] if len(passed) == 1 else f"{', '.join(passed[:-1])} {self.m('and')} {passed[-1]}"
        blocking = phases[card.phase_index]
        return self.m(
            "verdict.in",
            org=organisation,
            phase=self.phase_name(current.id),
            passed=listed,
            next=self.phase_name(blocking.id),
            reason=self.reason(blocking),
        )

    def phase_line(self, phase: PhaseResult) -> str:
        status = self.m(f"status.{phase.status}")
        return self.m(
            "phase.line",
            phase=self.phase_name(phase.id),
            score=number(phase.score, self.language) if phase.score is not None else self.m("no-score"),
            threshold=number(phase.threshold, self.language, 0),
            margin=self.margin(phase),
            coverage=percent(phase.coverage),
            status=status,
        )

    def margin(self, phase: PhaseResult) -> str:
        """How far a phase's score is from its threshold, in words."""
        margin = phase.margin
        if margin is None:
            return self.m("margin.none")
        shown = number(abs(margin), self.language)
        if shown == number(0.0, self.language):
            return self.m("margin.on")
        return self.m("margin.above" if margin > 0 else "margin.below", points=shown)

    def rests_on(self, card: Scorecard) -> list[tuple[str, list[str]]]:
        """The verdict's margin in words: the single answers that would move it."""
        found: list[tuple[str, list[str]]] = []
        for effect in ("fails", "passes"):
            moves = [s for s in card.sensitivity if s.effect == effect]
            by_phase: dict[str, list[Sensitivity]] = {}
            for move in moves:
                by_phase.setdefault(move.phase, []).append(move)
            for phase_id, items in by_phase.items():
                found.append(
                    (
                        self.m(
                            f"rests.{effect}",
                            phase=self.phase_name(phase_id),
                            count=len(items),
                        ),
                        [
                            self.m(
                                "rests.item",
                                question=self.question_text(i.question),
                                answer=self.option_label(i.question, i.answer),
                                to=self.option_label(i.question, i.to),
                            )
                            for i in items
                        ],
                    )
                )
        if not found:
            found.append((self.m("rests.none"), []))
        return found

    def reasons(self, card: Scorecard) -> list[tuple[str, list[str]]]:
        """What holds the first phase not passed back: sentences, each with the answers it names."""
        reasons: list[tuple[str, list[str]]] = []
        blocking = card.first_not_passed
        if blocking is None:
            return reasons
        if card.holding_back:
            reasons.append(
                (
                    self.m("holding", phase=self.phase_name(blocking.id)),
                    [
                        self.m(
                            "holding.item",
                            question=self.question_text(gap.question_id),
                            answer=self.option_label(gap.question_id, gap.option_id),
                        )
                        for gap in card.holding_back[:3]
                    ],
                )
            )
        if blocking.unanswered:
            reasons.append(
                (
                    self.m("holding.unanswered", count=len(blocking.unanswered), phase=self.phase_name(blocking.id)),
                    [],
                )
            )
        return reasons

    def explanation(self, card: Scorecard) -> list[str]:
        """Per phase, score against threshold and coverage; then what holds the next phase back."""
        lines = [self.phase_line(phase) for phase in card.phases]
        for phase in card.phases:
            if phase.unknown_share > 0:
                lines.append(self.m("phase.unknown", phase=self.phase_name(phase.id), share=percent(phase.unknown_share)))
            if phase.applicable_share < 1:
                lines.append(
                    self.m("phase.ruled-out", phase=self.phase_name(phase.id), share=percent(1 - phase.applicable_share))
                )
        for sentence, items in [*self.rests_on(card), *self.reasons(card)]:
            lines.append(sentence)
            lines.extend(f"- {item}" for item in items)
        return lines

    # -- machine-readable ---------------------------------------------------------

    def gap_json(self, gap: Gap) -> dict[str, Any]:
        question = self.question(gap.question_id)
        return {
            "question": gap.question_id,
            "text": text(question.text, self.language),
            "phase": gap.phase_id,
            "answer": gap.option_id,
            "answer_label": self.option_label(gap.question_id, gap.option_id),
            "score": _round(gap.score),
            "weight": question.weight,
            "impact": _round(gap.impact, 4),
            "recommendation": text(question.recommendation_for(gap.option_id), self.language),
        }

    def disagreement_json(self, summary: VoteSummary) -> dict[str, Any]:
        return {
            "question": summary.question_id,
            "text": self.question_text(summary.question_id),
            "votes": {option: count for option, count in summary.counts.items() if count},
            "abstentions": summary.abstentions,
            "spread": summary.spread,
        }

    def scorecard_json(self, card: Scorecard, sheet: AnswerSheet) -> dict[str, Any]:
        """The result of `score --json`; reloadable and tied to the model's version and hash."""
        phase = None
        if card.phase_index:
            phase = {"id": card.phase_id, "name": self.phase_name(card.phase_id), "index": card.phase_index}
        return {
            "questionnaire": {
                "id": card.questionnaire_id,
                "version": card.questionnaire_version,
                "hash": card.model_hash,
            },
            "roadmap": {"id": self.model.roadmap.id, "version": self.model.roadmap.version},
            "language": self.language,
            "organisation": sheet.organisation.model_dump(mode="json", exclude_none=True),
            "assessed_on": sheet.assessed_on.isoformat(),
            "assessor": sheet.assessor,
            "phase": phase,
            "verdict": self.verdict(card, sheet.organisation.name),
            "explanation": self.explanation(card),
            "coverage": _round(card.tally.coverage, 4),
            "phases": [
                {
                    "id": p.id,
                    "name": self.phase_name(p.id),
                    "score": _round(p.score),
                    "threshold": p.threshold,
                    "coverage": _round(p.coverage, 4),
                    "margin": _round(p.margin),
                    "passed": p.passed,
                    "counted": p.counted,
                    "answered": p.answered,
                    "applicable": p.applicable,
                }
                for p in card.phases
            ],
            "dimensions": [
                {"id": d, "name": self.dimension_name(d), "score": _round(s)}
                for d, s in card.dimension_scores.items()
            ],
            "next_steps": [
                {"id": s.id, "title": text(s.title, self.language), "description": text(s.description, self.language)}
                for s in self.next_steps(card)
            ],
            "gaps": [self.gap_json(g) for g in card.gaps],
            "strengths": [self.gap_json(g) for g in card.strengths[:5]],
            "disagreements": [self.disagreement_json(s) for s in card.disagreements],
            "sensitivity": [
                {"question": i.question, "answer": i.answer, "to": i.to, "phase": i.phase, "effect": i.effect}
                for i in card.sensitivity
            ],
            "borderline": card.borderline,
        }


def comparison_json(
    view: View,
    comparison: Comparison,
    earlier_sheet: AnswerSheet,
    changes: Sequence[AnswerChange] = (),
    warnings: Sequence[str] = (),
) -> dict[str, Any]:
    """Per phase and dimension, the earlier score, the score now and the change (matched by
    id); the answers that changed; what the reader must know about the comparison."""
    earlier = comparison.earlier
    return {
        "warnings": list(warnings),
        "answers_changed": changes_json(view, changes),
        "earlier": {
            "assessed_on": earlier_sheet.assessed_on.isoformat(),
            "questionnaire": {
                "id": earlier.questionnaire_id,
                "version": earlier.questionnaire_version,
                "hash": earlier.model_hash,
            },
            "phase": (
                {"id": earlier.phase_id, "name": view.phase_name(earlier.phase_id), "index": earlier.phase_index}
                if earlier.phase_index
                else None
            ),
        },
        "phases": [
            {"id": c.id, "before": _round(c.before), "now": _round(c.now), "change": _round(c.change)}
            for c in comparison.phases
        ],
        "dimensions": [
            {"id": c.id, "before": _round(c.before), "now": _round(c.now), "change": _round(c.change)}
            for c in comparison.dimensions
        ],
    }


def target_json(distance: Distance) -> dict[str, Any]:
    """The target and the distance to it, as `score --json` adds them."""
    target = distance.target
    return {
        "phase": target.phase,
        "due": target.due.isoformat() if target.due else None,
        "reached": distance.reached,
        "phases": [
            {
                "id": p.phase_id,
                "passed": p.passed,
                "score": _round(p.score),
                "threshold": p.threshold,
                "points_short": _round(p.points),
                "answers_needed": list(p.answers),
                "ruled_out": p.ruled_out,
            }
            for p in distance.phases
        ],
        "dimensions": [
            {"id": d.dimension_id, "score": _round(d.score), "target": d.target, "points_short": _round(d.points)}
            for d in distance.dimensions
        ],
    }


def changes_json(view: View, changes: Sequence[AnswerChange]) -> list[dict[str, Any]]:
    """The answers that changed between two assessments."""
    return [
        {
            "question": c.question_id,
            "text": view.question_text(c.question_id),
            "before": c.before,
            "after": c.after,
            "direction": c.direction,
        }
        for c in changes
        if c.question_id in view.model.plan.index
    ]


def trend_json(view: View, trend: Trend) -> dict[str, Any]:
    """`trend --json`: per assessment its date and phase, the series, the changed answers."""
    return {
        "organisation": trend.latest.sheet.organisation.name,
        "warnings": list(trend.warnings),
        "other_organisation": trend.other_organisation,
        "assessments": [
            {
                "file": p.name,
                "assessed_on": p.assessment.sheet.assessed_on.isoformat(),
                "organisation": p.assessment.sheet.organisation.name,
                "questionnaire": {"id": p.assessment.card.questionnaire_id, "version": p.assessment.card.questionnaire_version},
                "phase": (
                    {"id": p.assessment.card.phase_id, "name": view.phase_name(p.assessment.card.phase_id), "index": p.assessment.card.phase_index}
                    if p.assessment.card.phase_index
                    else None
                ),
                "coverage": _round(p.assessment.card.tally.coverage, 4),
            }
            for p in trend.points
        ],
        "phases": [{"id": s.id, "name": view.phase_name(s.id), "scores": [_round(v) for v in s.values]} for s in trend.phases],
        "dimensions": [
            {"id": s.id, "name": view.dimension_name(s.id), "scores": [_round(v) for v in s.values]} for s in trend.dimensions
        ],
        "changes": [
            {
                "from": a.assessment.sheet.assessed_on.isoformat(),
                "to": b.assessment.sheet.assessed_on.isoformat(),
                "answers": changes_json(view, changes),
            }
            for a, b, changes in zip(trend.points, trend.points[1:], trend.changes, strict=False)
        ],
    }


def plan_json(view: View, plan: Plan, answers: dict[str, str] | None = None) -> dict[str, Any]:
    """The action plan, as `plan --json` prints it."""
    from .plan.workbook import action_title

    return {
        "organisation": plan.organisation,
        "assessed_on": plan.assessed_on.isoformat(),
        "target": {"phase": plan.target.phase, "due": plan.due.isoformat()},
        "actions": [
            {
                "id": a.id,
                "kind": a.kind,
                "phase": a.phase_id,
                "title": action_title(view.model, a, view.language, answers),
                "questions": list(a.questions),
                "effort": a.effort,
                "impact": a.impact,
                "unlocks_gate": a.unlocks,
                "quarter": str(a.quarter),
                "owner": a.owner,
                "due": a.due.isoformat(),
                "status": a.status,
            }
            for a in plan.actions
        ],
    }


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def questionnaire_json(model: MaturityModel, language: str) -> dict[str, Any]:
    """A questionnaire with its roadmap, as `questionnaire show --json` prints it."""
    q = model.questionnaire
    return {
        "id": q.id,
        "version": q.version,
        "hash": model.hash,
        "title": text(q.title, language),
        "languages": q.languages,
        "roadmap": {"id": model.roadmap.id, "version": model.roadmap.version},
        "minimum_coverage": model.roadmap.minimum_coverage,
        "phases": [
            {
                "id": p.id,
                "name": text(p.name, language),
                "threshold": p.threshold,
                "next_steps": [
                    {"id": s.id, "title": text(s.title, language), "description": text(s.description, language)}
                    for s in p.next_steps
                ],
            }
            for p in model.roadmap.phases
        ],
        "dimensions": [
            {"id": d.id, "name": text(d.name, language), "description": text(d.description, language)}
            for d in q.dimensions
        ],
        "questions": [
            {
                "id": question.id,
                "phase": question.phase,
                "dimension": question.dimension,
                "weight": question.weight,
                "text": text(question.text, language),
                "options": [
                    {
                        "id": o.id,
                        "label": text(o.label, language),
                        "score": o.score,
                        "not_applicable": o.not_applicable,
                        "dont_know": o.dont_know,
                        "recommendation": text(o.recommendation, language) if o.recommendation else None,
                    }
                    for o in question.options
                ],
            }
            for question in q.questions
        ],
    }
