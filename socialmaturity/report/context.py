"""What the report says, as plain data for the templates: no IO, no clock, no HTML.

`build_context` turns a model, an answers file and its scorecard into a `Report`:
every text already in the report's language, every number already formatted,
every chart already drawn as SVG. The templates only lay it out, so a
consultancy that restyles them cannot get a score or a translation wrong.

Texts from the answers file (organisation, notes, participants) are untrusted:
they travel as plain strings and the templates escape them; only the charts,
which escape their own labels, are marked safe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markupsafe import Markup

from .. import __version__
from ..i18n import N_, Catalogue, colon, message, nN_, shown_in, text
from ..i18n import long_date as i18n_long_date
from ..model import AnswerSheet, Question, plain
from ..scoring import NOT_APPLICABLE, MaturityModel, Scorecard, ladder, normalised_scores
from ..views import View, number, percent
from . import charts
from .progress import MESSAGES as PROGRESS_MESSAGES
from .progress import (
    ChangedAnswer,
    Extras,
    History,
    PlanSection,
    banner,
    changed_answers,
    history,
    plan_section,
)

if TYPE_CHECKING:
    from ..assessments import Earlier

MESSAGES: Catalogue = {
    "document.title": N_("Social business maturity report"),
    "document.kicker": N_("Maturity assessment"),
    "page.page": N_("page"),
    "page.of": N_("of"),
    "cover.sector": N_("Sector"),
    "cover.size": N_("Size"),
    "cover.assessed-on": N_("Assessed on"),
    "cover.assessor": N_("Assessor"),
    "cover.consultant": N_("Consultant"),
    "cover.participants": N_("Participants"),
    "cover.questionnaire": N_("Questionnaire"),
    "cover.version": N_("{id}, version {version}"),
    "cover.phase": N_("Phase reached"),
    "cover.more-participants": N_("and {count} more"),
    "summary.title": N_("Executive summary"),
    "summary.why": N_("How the phase was determined"),
    "summary.roadmap": N_("The roadmap"),
    "summary.phase": N_("Phase"),
    "summary.phase-of": N_("phase {index} of {count}"),
    "summary.start": N_("Before the first phase"),
    "summary.next": N_("Next phase"),
    "summary.next-score": N_("{score} of {threshold} needed"),
    "summary.next-coverage": N_("{share}% answered, {minimum}% needed"),
    "summary.last": N_("All phases passed"),
    "summary.answered": N_("Answered"),
    "summary.answered-value": N_("{share}% of the questions"),
    "summary.steps": N_("Next steps at a glance"),
    "chart.here": N_("You are here"),
    "chart.start": N_("Start"),
    "chart.threshold": N_("threshold {threshold}"),
    "chart.passed": N_("passed"),
    "chart.not-passed": N_("not passed"),
    "chart.threshold-tick": N_("threshold"),
    "chart.now": N_("This assessment ({date})"),
    "chart.earlier": N_("Earlier assessment ({date})"),
    "scores.title": N_("Scores per phase"),
    "scores.intro": N_("Each phase is passed when its score reaches the threshold (the black tick) and at least {minimum}% of its questions are answered. The phases count in order."),
    "scores.answered": N_("{coverage}% answered"),
    "dimensions.title": N_("Profile across the dimensions"),
    "dimensions.intro": N_("The dimensions cut across the phases: each score is the average of all answered questions on that subject, from 0 at the centre to 100 at the rim. They show where the organisation is strong or weak, not which phase it is in."),
    "status.passed": N_("passed"),
    "status.not-passed": N_("not passed"),
    "status.gated": N_("passed, not counted yet"),
    "profile.title": N_("What the {phase} phase looks like"),
    "profile.start-title": N_("Where the organisation starts"),
    "profile.characteristics": N_("Typical characteristics"),
    "profile.obstacles": N_("Typical obstacles"),
    "profile.customers": N_("What customers notice"),
    "steps.title": N_("Next steps"),
    "steps.intro": N_("The roadmap's next steps for an organisation in the {phase} phase, on the way to {next}."),
    "steps.intro-last": N_("The roadmap's steps for an organisation in its last phase, {phase}: keep what has been reached and build on it."),
    "steps.intro-start": N_("The roadmap's first steps, on the way to its first phase, {next}."),
    "actions.title": N_("The largest gaps"),
    "actions.intro": N_("A gap is an answer below the best one. These cost the most points on the way to the next phase, largest first, each with what to do about it."),
    "actions.none": N_("No weak answers: every answered question has its best answer."),
    "actions.answer": N_("Current answer"),
    "actions.do": N_("What to do"),
    "actions.meta": N_("{phase} · {dimension}"),
    "strengths.title": N_("Strengths"),
    "strengths.intro": N_("The answers that contribute most: build on these."),
    "strengths.none": N_("No strengths yet: no question has an answer above the lowest."),
    "votes.title": N_("Where the participants disagreed"),
    "votes.intro": N_("{count} participants voted on each question before the group agreed an answer. These questions had votes two or more steps apart on the answer scale; the agreed answer is marked ▶."),
    "votes.title-survey": N_("Where the respondents disagreed"),
    "votes.intro-survey": N_("{count} respondents answered the survey. For these questions the middle half of the answers spans two or more steps of the answer scale (an interquartile range of 2 or more); the group's answer, the median, is marked ▶."),
    "votes.none-survey": N_("For no question did the middle half of the answers span two or more steps: there was no real disagreement."),
    "votes.spread-survey": N_("answers span {spread} steps, the middle half {iqr}"),
    "votes.abstained-survey": N_("{count} did not answer"),
    "votes.more-survey": N_("{count} more questions with disagreement are listed with their answers in the appendix."),
    "votes.none": N_("The participants' votes were never more than one step apart: there was no real disagreement."),
    "votes.spread": N_("spread of {spread} steps"),
    "votes.abstained": nN_("one abstained", "{count} abstained"),
    "votes.more": N_("{count} more questions with disagreement are listed with their votes in the appendix."),
    "compare.title": N_("Change since the earlier assessment"),
    "compare.intro": N_("Compared with the assessment of {date}: then {then}, now {now}."),
    "compare.version": N_("The earlier assessment used version {before} of the questionnaire ({before_hash}); this one uses version {after} ({after_hash}). Scores are compared by question, phase and dimension id; questions that changed may make part of the difference."),
    "compare.version-matched": N_("The earlier assessment answered version {before} of the questionnaire, this one version {after}. Its answers were matched to version {after} by question and option id; answers that no longer fit were left out, and questions that changed may make part of the difference."),
    "compare.phases": N_("Per phase"),
    "compare.dimensions": N_("Per dimension"),
    "compare.answers": N_("Answers that changed"),
    "compare.in-phase": N_("in the {phase} phase"),
    "compare.at-start": N_("before the first phase"),
    "compare.before": N_("earlier ({date})"),
    "compare.after": N_("now ({date})"),
    "appendix.title": N_("Appendix: every question and its answer"),
    "appendix.intro": N_("Grouped by phase. Questions marked not applicable or don't know are left out of the scores, as are questions without an answer."),
    "appendix.phase": N_("Phase {index}: {phase}"),
    "appendix.answer": N_("Answer"),
    "appendix.unanswered": N_("Not answered"),
    "appendix.not-applicable": N_("{label} (left out of the score)"),
    "appendix.score": N_("step {step} of {steps} on the scale"),
    "appendix.note": N_("Note"),
    "appendix.votes": N_("Votes"),
    "appendix.votes-survey": N_("Answers"),
    "appendix.abstained-survey": N_("not answered"),
    "appendix.weight": N_("weight {weight}"),
    "appendix.abstained": N_("abstained"),
    "method.title": N_("How the scores and the phase are computed"),
    "method.answers": N_("Every question offers answers on a scale. The lowest answer counts as 0 and the highest as 100; the answers in between count in proportion to their place on the scale. Answers such as 'not applicable' or 'don't know', and questions left open, are left out: they neither raise nor lower a score."),
    "method.phase-score": N_("A phase's score is the weighted average of its answered questions: a question with weight 2 counts twice. Its coverage is the share of its applicable questions, by weight, that has an answer."),
    "method.answers-unknown": N_("Every question offers answers on a scale. The lowest answer counts as 0 and the highest as 100; the answers in between count in proportion to their place on the scale. 'Don't know' counts as the lowest answer: a practice nobody in the room can vouch for is not one the organisation can rely on. 'Not applicable' and questions left open are left out of the score."),
    "method.passed": N_("A phase is passed when its score reaches its threshold, at least {minimum}% of its questions (by weight) are answered, and at least {minimum}% of them apply: answering 'not applicable' cannot buy a phase."),
    "method.margin": N_("The summary names the answers the verdict rests on: a single answer that, one step lower, would lose a phase reached, or one step higher, would pass the next one."),
    "method.credits": N_("Where the model comes from"),
    "method.order": N_("The phases are climbed in order. The organisation is in phase k when phases 1 to k are all passed and phase k+1 is not. A later phase that is passed on its own does not count until every phase before it is passed."),
    "method.dimensions": N_("A dimension's score is the weighted average of all its answered questions, across the phases. It shows the organisation's profile, not its phase."),
    "method.actions": N_("The largest gaps are the answers of the phases up to the next one that cost the most: how much a question counts times its distance to the best answer. An action plan towards a target takes the roadmap's next steps up to the target phase, then per phase its gaps, those that pass a gate with one step up first."),
    "method.votes": N_("In a workshop every participant votes per question. The proposed answer is the one most participants chose; when answers tie, the one nearest the middle of the votes, and when that still ties the group decides. Votes two or more steps apart on the scale count as disagreement."),
    "method.votes-survey": N_("In a survey every respondent answers on their own. A group's answer to a question is the median of its answers on the answer scale: with an even number of answers, where the two middle ones differ, the option more respondents chose (on a tie the lower). Not applicable answers are left out unless they are more than half. The group's phase and scores are those of these answers, scored like any assessment; groups.csv and summary.json give the same. A question shows disagreement when the middle half of its answers spans two or more steps of the scale (an interquartile range of 2 or more), a measure that means the same for 5 respondents or 500."),
    "method.thresholds": N_("Thresholds"),
    "method.threshold-line": N_("{phase}: {threshold}"),
    "method.pinned": N_("This report is tied to"),
    "method.pinned-note": N_("Results can be compared exactly only with results of the same questionnaire version and hash."),
    "method.questionnaire": N_("Questionnaire"),
    "method.roadmap": N_("Roadmap"),
    "method.hash": N_("Model hash"),
    "method.tool": N_("Made with"),
    "method.version": N_("{id}, version {version}"),
}

# the plan's and the history's strings, so that templates reach them through the same t()
MESSAGES = {**MESSAGES, **PROGRESS_MESSAGES}

ACTIONS_SHOWN = 8
STRENGTHS_SHOWN = 5
DISAGREEMENTS_SHOWN = 6
PARTICIPANTS_SHOWN = 12


def long_date(day: dt.date, language: str) -> str:
    """A date as a reader writes it: 14 October 2026, 14 oktober 2026, 14 octobre 2026."""
    return i18n_long_date(day, language)


# -- the parts of the report ------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class Reason:
    """A sentence of the explanation, with the answers it points at."""

    text: str
    items: list[str]


@dataclass(frozen=True)
class PhaseRow:
    index: int
    id: str
    name: str
    score: str
    threshold: str
    coverage: str
    status: str
    passed: bool
    counted: bool
    reached: bool
    current: bool


@dataclass(frozen=True)
class Profile:
    title: str
    summary: str
    characteristics: list[str]
    obstacles: list[str]
    customer_view: str | None


@dataclass(frozen=True)
class Step:
    number: int
    id: str
    title: str
    description: str


@dataclass(frozen=True)
class Action:
    question_id: str
    question: str
    meta: str
    answer: str
    recommendation: str


@dataclass(frozen=True)
class Strength:
    question_id: str
    question: str
    meta: str
    answer: str


@dataclass(frozen=True)
class Disagreement:
    question_id: str
    question: str
    spread: str
    abstained: str | None
    chart: Markup


@dataclass(frozen=True)
class ChangeRow:
    name: str
    before: str
    after: str
    delta: str


@dataclass(frozen=True)
class Comparison:
    intro: str
    version_note: str | None
    phases: list[ChangeRow]
    dimensions: list[ChangeRow]
    phase_chart: Markup
    dimension_chart: Markup
    changes: list[ChangedAnswer] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AppendixItem:
    question_id: str
    question: str
    meta: str
    answer: str
    state: str  # "answered", "not-applicable" or "unanswered"
    score: str | None
    note: str | None
    votes: str | None


@dataclass(frozen=True)
class AppendixGroup:
    title: str
    items: list[AppendixItem]


@dataclass(frozen=True)
class Report:
    """Everything the templates show, in one language."""

    language: str
    t: Callable[..., str]
    title: str
    organisation: str
    kicker: str
    roadmap_title: str
    questionnaire_title: str
    cover_facts: list[Fact]
    title_note: str | None
    logo_url: str | None
    phase_name: str
    verdict: str
    explanation: list[Reason]
    key_figures: list[Fact]
    roadmap_chart: Markup
    phases: list[PhaseRow]
    scores_intro: str
    phase_chart: Markup
    radar_chart: Markup
    profile: Profile
    steps_title: str
    steps_intro: str
    next_steps: list[Step]
    actions: list[Action]
    strengths: list[Strength]
    workshop: bool
    votes_title: str
    votes_intro: str
    disagreements: list[Disagreement]
    more_disagreements: int
    comparison: Comparison | None
    appendix: list[AppendixGroup]
    method: list[str]
    rationale: str | None
    credits: str | None
    thresholds: list[str]
    pinned: list[Fact]
    questionnaire_line: str
    target_lines: list[str] = field(default_factory=list)
    plan: PlanSection | None = None
    history: History | None = None
    banner: str | None = None


# -- building it ---------------------------------------------------------------------------


def build_context(
    model: MaturityModel,
    sheet: AnswerSheet,
    card: Scorecard,
    *,
    language: str,
    compare: Earlier | None = None,
    consultant: str | None = None,
    title_note: str | None = None,
    logo_url: str | None = None,
    palette: charts.Palette = charts.Palette(),
    extras: Extras | None = None,
) -> Report:
    """The report's content for one scorecard, in `language`; `extras` adds the target,
    the plan and the history."""
    view = View(model, language)
    extras = extras or Extras()

    def t(key: str, **values: object) -> str:
        # A survey group's report speaks of respondents and answers, not of votes.
        if card.votes_kind == "survey" and f"{key}-survey" in MESSAGES:
            key = f"{key}-survey"
        return message(MESSAGES, key, language, **values)

    def fmt(value: float | None) -> str:
        return number(value, language)

    def fmt_threshold(value: float | None) -> str:
        # thresholds are whole numbers in practice; show a decimal only when there is one
        if value is not None and float(value).is_integer():
            return number(value, language, 0)
        return number(value, language)

    roadmap = model.roadmap
    questionnaire = model.questionnaire
    organisation = sheet.organisation.name
    phase_count = len(card.phases)
    current_name = view.phase_name(card.phase_id) if card.phase_index else t("summary.start")

    cover_facts = _cover_facts(
        sheet, consultant, questionnaire.id, questionnaire.version, t, language
    )
    cover_facts.insert(0, Fact(t("cover.phase"), current_name))

    verdict = view.verdict(card, organisation)
    # the per-phase lines of the explanation are the scores section's chart
    why = [Reason(sentence, items) for sentence, items in [*view.rests_on(card), *view.reasons(card)]]

    key_figures = [
        Fact(
            t("summary.phase"),
            f"{current_name} ({t('summary.phase-of', index=card.phase_index, count=phase_count)})"
            if card.phase_index
            else current_name,
        )
    ]
    blocking = card.first_not_passed
    if blocking is not None:
        minimum = roadmap.minimum_coverage
        if not blocking.short_of_score:
            # the score is there, the answers are not: say what is missing
            needed = t(
                "summary.next-coverage", share=percent(blocking.coverage), minimum=percent(minimum)
            )
        else:
            needed = t(
                "summary.next-score",
                score=fmt(blocking.score),
                threshold=fmt_threshold(blocking.threshold),
            )
        key_figures.append(Fact(f"{t('summary.next')}{colon(language)} {view.phase_name(blocking.id)}", needed))
    else:
        key_figures.append(Fact(t("summary.next"), t("summary.last")))
    key_figures.append(
        Fact(t("summary.answered"), t("summary.answered-value", share=percent(card.tally.coverage)))
    )

    phases = [
        PhaseRow(
            index=p.index,
            id=p.id,
            name=view.phase_name(p.id),
            score=fmt(p.score),
            threshold=fmt_threshold(p.threshold),
            coverage=percent(p.coverage),
            status=t(f"status.{p.status}"),
            passed=p.passed,
            counted=p.counted,
            reached=p.index <= card.phase_index,
            current=p.index == card.phase_index,
        )
        for p in card.phases
    ]

    roadmap_chart = charts.roadmap_svg(
        [
            charts.RoadmapStep(
                view.phase_name(p.id),
                p.score,
                t("chart.threshold", threshold=fmt_threshold(p.threshold)),
                p.passed,
            )
            for p in card.phases
        ],
        card.phase_index,
        charts.RoadmapLabels(here=t("chart.here"), start=t("chart.start")),
        fmt,
        palette=palette,
    )
    phase_chart = charts.bars_svg(
        [
            charts.Bar(
                f"{row.index}. {row.name}",
                p.score,
                p.threshold,
                p.passed,
                (row.status, t("scores.answered", coverage=row.coverage)),
            )
            for p, row in zip(card.phases, phases, strict=True)
        ],
        fmt,
        labels=charts.BarLabels(
            t("chart.passed"), t("chart.not-passed"), t("chart.threshold-tick")
        ),
        palette=palette,
        chart_id="phases",
    )

    earlier_sheet = compare.assessment.sheet if compare is not None else None
    now_date = long_date(sheet.assessed_on, language)
    radar_chart = charts.radar_svg(
        [(view.dimension_name(d), value) for d, value in card.dimension_scores.items()],
        fmt,
        charts.RadarLabels(
            now=t("chart.now", date=now_date),
            earlier=t("chart.earlier", date=long_date(earlier_sheet.assessed_on, language))
            if earlier_sheet
            else None,
        ),
        earlier=[c.before for c in compare.comparison.dimensions] if compare is not None else None,
        palette=palette,
    )

    comparison = _comparison(view, card, sheet, compare, t, fmt, palette) if compare is not None else None

    def dated(day: dt.date) -> str:
        return long_date(day, language)

    distance = extras.distance
    target_lines = (
        view.target_lines(distance, dated(distance.target.due) if distance.target.due else None)
        if distance is not None
        else []
    )
    other: list[str] = []
    if compare is not None and compare.other_organisation:
        other = [organisation, compare.assessment.sheet.organisation.name]
    if extras.trend is not None and extras.trend.other_organisation:
        other += [p.assessment.sheet.organisation.name for p in extras.trend.points]

    return Report(
        language=language,
        t=t,
        title=t("document.title"),
        organisation=organisation,
        kicker=t("document.kicker"),
        roadmap_title=text(roadmap.title, language),
        questionnaire_title=text(questionnaire.title, language),
        cover_facts=cover_facts,
        title_note=title_note,
        logo_url=logo_url,
        phase_name=current_name,
        verdict=verdict,
        explanation=why,
        key_figures=key_figures,
        roadmap_chart=Markup(roadmap_chart),
        phases=phases,
        scores_intro=t("scores.intro", minimum=percent(roadmap.minimum_coverage)),
        phase_chart=Markup(phase_chart),
        radar_chart=Markup(radar_chart),
        profile=_profile(model, card, language, t),
        steps_title=t("steps.title")
        + (f"{colon(language)} {view.phase_name(card.phase_id)}" if card.phase_index else ""),
        steps_intro=_steps_intro(view, card, t),
        next_steps=[
            Step(i, s.id, text(s.title, language), text(s.description, language))
            for i, s in enumerate(view.next_steps(card), 1)
        ],
        actions=[
            Action(
                g.question_id,
                view.question_text(g.question_id),
                t(
                    "actions.meta",
                    phase=view.phase_name(g.phase_id),
                    dimension=view.dimension_name(view.question(g.question_id).dimension),
                    question=g.question_id,
                ),
                view.option_label(g.question_id, g.option_id),
                text(view.question(g.question_id).recommendation_for(g.option_id), language),
            )
            for g in card.gaps[:ACTIONS_SHOWN]
        ],
        strengths=[
            Strength(
                g.question_id,
                view.question_text(g.question_id),
                t(
                    "actions.meta",
                    phase=view.phase_name(g.phase_id),
                    dimension=view.dimension_name(view.question(g.question_id).dimension),
                    question=g.question_id,
                ),
                view.option_label(g.question_id, g.option_id),
            )
            for g in card.strengths[:STRENGTHS_SHOWN]
        ],
        # a workshop's ballots, or the counted answers of a survey group (score(votes=...))
        workshop=card.votes_kind is not None,
        votes_title=t("votes.title") if card.votes_kind == "workshop" else t("votes.title-survey"),
        votes_intro=t("votes.intro", count=card.voters),
        disagreements=[
            Disagreement(
                s.question_id,
                view.question_text(s.question_id),
                t("votes.spread", spread=s.spread, iqr=s.iqr),
                t("votes.abstained", count=s.abstentions) if s.abstentions else None,
                Markup(
                    charts.votes_svg(
                        [
                            (
                                view.option_label(s.question_id, option),
                                count,
                                sheet.answers.get(s.question_id) == option,
                            )
                            for option, count in s.counts.items()
                        ],
                        palette=palette,
                    )
                ),
            )
            for s in card.disagreements[:DISAGREEMENTS_SHOWN]
        ],
        more_disagreements=max(0, len(card.disagreements) - DISAGREEMENTS_SHOWN),
        comparison=comparison,
        appendix=_appendix(model, sheet, card, view, t, fmt),
        method=[
            t("method.answers-unknown" if _has_dont_know(model) else "method.answers"),
            t("method.phase-score"),
            t("method.passed", minimum=percent(roadmap.minimum_coverage)),
            t("method.order"),
            t("method.margin"),
            t("method.dimensions"),
            t("method.actions"),
            t("method.votes"),
        ],
        rationale=text(roadmap.threshold_rationale, language) if roadmap.threshold_rationale else None,
        credits=text(roadmap.credits, language) if roadmap.credits else None,
        thresholds=[
            t(
                "method.threshold-line",
                phase=f"{p.index}. {view.phase_name(p.id)}",
                threshold=fmt_threshold(p.threshold),
            )
            for p in card.phases
        ],
        pinned=[
            Fact(
                t("method.questionnaire"),
                t("method.version", id=questionnaire.id, version=questionnaire.version),
            ),
            Fact(t("method.hash"), model.hash),
            Fact(t("method.roadmap"), t("method.version", id=roadmap.id, version=roadmap.version)),
            Fact(t("method.tool"), f"socialmaturity {__version__}"),
        ],
        questionnaire_line=t("cover.version", id=questionnaire.id, version=questionnaire.version),
        target_lines=target_lines,
        plan=plan_section(view, extras.plan, sheet.answers, dated, palette) if extras.plan is not None else None,
        history=history(view, extras.trend, dated, palette) if extras.trend is not None else None,
        banner=banner(language, other) if other else None,
    )


def _cover_facts(
    sheet: AnswerSheet,
    consultant: str | None,
    questionnaire_id: str,
    version: str,
    t: Callable[..., str],
    language: str,
) -> list[Fact]:
    organisation = sheet.organisation
    facts: list[Fact] = []
    if organisation.sector:
        facts.append(Fact(t("cover.sector"), organisation.sector))
    if organisation.size:
        facts.append(Fact(t("cover.size"), organisation.size))
    facts.append(Fact(t("cover.assessed-on"), long_date(sheet.assessed_on, language)))
    if sheet.assessor:
        facts.append(Fact(t("cover.assessor"), sheet.assessor))
    if consultant:
        facts.append(Fact(t("cover.consultant"), consultant))
    if sheet.participants:
        shown = ", ".join(sheet.participants[:PARTICIPANTS_SHOWN])
        hidden = len(sheet.participants) - PARTICIPANTS_SHOWN
        if hidden > 0:
            shown += " " + t("cover.more-participants", count=hidden)
        facts.append(Fact(t("cover.participants"), shown))
    facts.append(
        Fact(t("cover.questionnaire"), t("cover.version", id=questionnaire_id, version=version))
    )
    return facts


def _has_dont_know(model: MaturityModel) -> bool:
    return any(o.dont_know for q in model.questionnaire.questions for o in q.options)


def _steps_intro(view: View, card: Scorecard, t: Callable[..., str]) -> str:
    blocking = card.first_not_passed
    if card.phase_index == 0:
        return t("steps.intro-start", next=view.phase_name(card.phases[0].id))
    if blocking is None:
        return t("steps.intro-last", phase=view.phase_name(card.phase_id))
    return t("steps.intro", phase=view.phase_name(card.phase_id), next=view.phase_name(blocking.id))


def _profile(
    model: MaturityModel, card: Scorecard, language: str, t: Callable[..., str]
) -> Profile:
    roadmap = model.roadmap
    if card.phase_index == 0:
        return Profile(
            t("profile.start-title"), text(roadmap.start.summary, language), [], [], None
        )
    phase = roadmap.phases[card.phase_index - 1]
    name = text(phase.name, language)
    return Profile(
        t("profile.title", phase=name),
        text(phase.summary, language),
        [text(plain(c), language) for c in phase.characteristics],
        [text(plain(o), language) for o in phase.obstacles],
        text(phase.customer_view, language),
    )


def _comparison(
    view: View,
    card: Scorecard,
    sheet: AnswerSheet,
    compare: Earlier,
    t: Callable[..., str],
    fmt: Callable[[float | None], str],
    palette: charts.Palette,
) -> Comparison:
    """Change per phase and dimension, as the scoring core compared them (by id)."""
    language = view.language
    earlier = compare.comparison.earlier
    earlier_sheet = compare.assessment.sheet
    earlier_model = compare.assessment.model
    phase_changes = [
        charts.Change(view.phase_name(c.id), c.before, c.now) for c in compare.comparison.phases
    ]
    dimension_changes = [
        charts.Change(view.dimension_name(c.id), c.before, c.now)
        for c in compare.comparison.dimensions
    ]

    def place(scorecard: Scorecard) -> str:
        if scorecard.phase_index == 0:
            return t("compare.at-start")
        phase_id = scorecard.phases[scorecard.phase_index - 1].id
        return t("compare.in-phase", phase=view.phase_name(phase_id))

    version_note = None
    if (
        earlier_model.hash == view.model.hash
        and earlier_sheet.questionnaire_version != sheet.questionnaire_version
    ):
        # the earlier version itself was not at hand: its answers were matched to this one by id
        version_note = t(
            "compare.version-matched",
            before=earlier_sheet.questionnaire_version,
            after=view.model.questionnaire.version,
        )
    elif earlier_model.hash != view.model.hash:
        version_note = t(
            "compare.version",
            before=earlier_sheet.questionnaire_version,
            before_hash=_short_hash(earlier_model.hash),
            after=view.model.questionnaire.version,
            after_hash=_short_hash(view.model.hash),
        )
    labels = charts.ChangeLabels(
        before=t("compare.before", date=long_date(earlier_sheet.assessed_on, language)),
        after=t("compare.after", date=long_date(sheet.assessed_on, language)),
    )
    return Comparison(
        intro=t(
            "compare.intro",
            date=long_date(earlier_sheet.assessed_on, language),
            then=place(earlier),
            now=place(card),
        ),
        version_note=version_note,
        phases=[_change_row(c, fmt) for c in phase_changes],
        dimensions=[_change_row(c, fmt) for c in dimension_changes],
        phase_chart=Markup(
            charts.change_svg(phase_changes, fmt, labels, palette=palette, chart_id="change-phases")
        ),
        dimension_chart=Markup(
            charts.change_svg(
                dimension_changes, fmt, labels, palette=palette, chart_id="change-dimensions"
            )
        ),
        changes=changed_answers(view, compare.changes),
        notes=[shown_in(warning, language) for warning in compare.warnings],
    )


def _change_row(change: charts.Change, fmt: Callable[[float | None], str]) -> ChangeRow:
    return ChangeRow(
        change.label,
        fmt(change.before),
        fmt(change.after),
        charts.delta(change.before, change.after, fmt),
    )


def _short_hash(value: str) -> str:
    return value[:19]  # "sha256:" and the first 12 hex digits, as the terminal shows it


def _appendix(
    model: MaturityModel,
    sheet: AnswerSheet,
    card: Scorecard,
    view: View,
    t: Callable[..., str],
    fmt: Callable[[float | None], str],
) -> list[AppendixGroup]:
    language = view.language
    dimensions = {d.id: text(d.name, language) for d in model.questionnaire.dimensions}
    groups: list[AppendixGroup] = []
    for index, phase in enumerate(model.roadmap.phases, 1):
        items = [
            _appendix_item(question, sheet, card, view, dimensions, t, fmt)
            for question in model.questionnaire.questions
            if question.phase == phase.id
        ]
        if items:
            groups.append(
                AppendixGroup(
                    t("appendix.phase", index=index, phase=text(phase.name, language)), items
                )
            )
    return groups


def _appendix_item(
    question: Question,
    sheet: AnswerSheet,
    card: Scorecard,
    view: View,
    dimensions: dict[str, str],
    t: Callable[..., str],
    fmt: Callable[[float | None], str],
) -> AppendixItem:
    language = view.language
    option_id = sheet.answers.get(question.id)
    # the reader sees the subject; ids and weights are for the workbook and the method page
    meta = dimensions.get(question.dimension, question.dimension)
    shown_score: str | None = None
    if option_id is None:
        answer, state = t("appendix.unanswered"), "unanswered"
    else:
        value = normalised_scores(question)[option_id]
        label = view.option_label(question.id, option_id)
        if value is NOT_APPLICABLE:
            answer, state = t("appendix.not-applicable", label=label), "not-applicable"
        else:
            assert isinstance(value, float)
            answer, state = label, "answered"
            rungs, steps = ladder(question)
            shown_score = t("appendix.score", step=steps.get(option_id, 0) + 1, steps=len(rungs))
    votes = None
    summary = card.votes.get(question.id)
    if summary is not None:
        parts = [
            f"{view.option_label(question.id, option)}{colon(language)} {count}"
            for option, count in summary.counts.items()
            if count
        ]
        if summary.abstentions:
            parts.append(f"{t('appendix.abstained')}{colon(language)} {summary.abstentions}")
        votes = " · ".join(parts)
    return AppendixItem(
        question_id=question.id,
        question=text(question.text, language),
        meta=meta,
        answer=answer,
        state=state,
        score=shown_score,
        note=sheet.notes.get(question.id),
        votes=votes,
    )
