"""The report's parts beyond the verdict: the target, the action plan and the history.

Like `context.py`, pure: every text in the report's language, every chart drawn. The
plan is shown as the client maintains it (owners, due dates, statuses read back from
the workbook); the history is the trend over every assessment given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from ..assessments import AnswerChange
from ..i18n import N_, Catalogue, message, shown_in, text
from ..plan.draft import Plan, Quarter
from ..plan.targets import Distance
from ..plan.words import word
from ..plan.workbook import action_title
from ..trend import Trend
from ..views import View, number, percent
from . import charts

MESSAGES: Catalogue = {
    "target.title": N_("Target"),
    "plan.title": N_("Action plan towards {phase}"),
    "plan.intro": N_("The roadmap's next steps for every phase up to {phase}, and per phase the gaps that move it most, spread over the quarters up to {date}. Owners, due dates and statuses are as {org} keeps them."),
    "plan.timeline": N_("Timeline by quarter"),
    "plan.matrix": N_("Effort and impact"),
    "plan.matrix-intro": N_("Each action by the effort it takes and the impact it has; the numbers are those of the list below. Start in the shaded cell at the top left."),
    "plan.quick-wins": N_("quick wins"),
    "plan.effort": N_("Effort"),
    "plan.impact": N_("Impact"),
    "plan.actions": N_("The actions"),
    "plan.meta": N_("{kind} · towards {phase} · effort {effort} · impact {impact}"),
    "plan.unlocks": N_("one step up passes the gate of {phase}"),
    "plan.question": N_("Question: {question}"),
    "plan.owner": N_("Owner"),
    "plan.due": N_("Due"),
    "plan.status": N_("Status"),
    "plan.nobody": N_("not yet assigned"),
    "history.title": N_("Progress over time"),
    "history.intro": N_("{count} assessments of {org}, from {first} to {last}."),
    "history.date": N_("Date"),
    "history.phase": N_("Phase reached"),
    "history.answered": N_("Answered"),
    "history.phases": N_("Score per phase"),
    "history.dimensions": N_("Score per dimension"),
    "history.threshold": N_("threshold"),
    "history.changes": N_("Answers changed from {first} to {last}"),
    "history.no-changes": N_("No answer changed."),
    "history.at-start": N_("before the first phase"),
    "change.up": N_("up"),
    "change.down": N_("down"),
    "change.other": N_("changed"),
    "change.none": N_("no answer"),
    "change.line": N_("{before} → {after}"),
    "banner.other": N_("Compares assessments of different organisations: {names}"),
}


def m(key: str, language: str, **values: object) -> str:
    return message(MESSAGES, key, language, **values)


@dataclass(frozen=True)
class Extras:
    """What a report may show beyond the assessment itself."""

    distance: Distance | None = None
    plan: Plan | None = None
    trend: Trend | None = None


@dataclass(frozen=True)
class PlanRow:
    number: int
    title: str
    meta: str
    question: str | None
    unlocks: str | None
    owner: str
    assigned: bool
    due: str
    status: str
    state: str


@dataclass(frozen=True)
class PlanSection:
    title: str
    intro: str
    timeline: Markup
    matrix: Markup
    rows: list[PlanRow]


@dataclass(frozen=True)
class ChangedAnswer:
    question: str
    change: str
    direction: str  # "up", "down" or "other"
    direction_word: str


@dataclass(frozen=True)
class HistoryRow:
    date: str
    phase: str
    answered: str


@dataclass(frozen=True)
class ChangeGroup:
    title: str
    changes: list[ChangedAnswer]


@dataclass(frozen=True)
class History:
    intro: str
    notes: list[str]
    rows: list[HistoryRow]
    phase_chart: Markup
    dimension_chart: Markup
    groups: list[ChangeGroup]


def legend(language: str) -> charts.ChipLegend:
    return charts.ChipLegend(
        word("status.open", language),
        word("status.in-progress", language),
        word("status.done", language),
        word("status.dropped", language),
    )


def plan_section(
    view: View,
    plan: Plan,
    answers: dict[str, str],
    long_date: Callable[[dt.date], str],
    palette: charts.Palette,
) -> PlanSection:
    language = view.language
    target = view.phase_name(plan.target.phase)
    numbered = list(enumerate(plan.actions, 1))
    quarters: list[Quarter] = []
    for _, action in numbered:
        quarter = Quarter.of(action.due)
        if quarter not in quarters:
            quarters.append(quarter)
    quarters.sort(key=lambda q: (q.year, q.number))
    phases = [p.id for p in view.model.roadmap.phases if any(a.phase_id == p.id for a in plan.actions)]
    lanes = [
        (
            view.phase_name(phase_id),
            [
                [
                    charts.Chip(n, a.status)
                    for n, a in numbered
                    if a.phase_id == phase_id and Quarter.of(a.due) == quarter
                ]
                for quarter in quarters
            ],
        )
        for phase_id in phases
    ]
    timeline = charts.timeline_svg([str(q) for q in quarters], lanes, legend(language), palette=palette)
    matrix = charts.matrix_svg(
        [(charts.Chip(n, a.status), a.effort, a.impact) for n, a in numbered],
        charts.MatrixLabels(
            m("plan.effort", language),
            m("plan.impact", language),
            (word("level.low", language), word("level.medium", language), word("level.high", language)),
            m("plan.quick-wins", language),
        ),
        legend(language),
        palette=palette,
    )
    rows = [
        PlanRow(
            n,
            action_title(view.model, a, language, answers),
            m(
                "plan.meta",
                language,
                kind=word(f"kind.{a.kind}", language),
                phase=view.phase_name(a.phase_id),
                effort=word(f"level.{a.effort}", language),
                impact=word(f"level.{a.impact}", language),
            ),
            m("plan.question", language, question=view.question_text(a.questions[0])) if a.questions else None,
            m("plan.unlocks", language, phase=view.phase_name(a.phase_id)) if a.unlocks else None,
            a.owner or m("plan.nobody", language),
            bool(a.owner),
            long_date(a.due),
            word(f"status.{a.status}", language),
            a.status,
        )
        for n, a in numbered
    ]
    return PlanSection(
        m("plan.title", language, phase=target),
        m("plan.intro", language, phase=target, date=long_date(plan.due), org=plan.organisation),
        Markup(timeline),
        Markup(matrix),
        rows,
    )


def changed_answers(view: View, changes: tuple[AnswerChange, ...]) -> list[ChangedAnswer]:
    language = view.language
    return [
        ChangedAnswer(
            view.question_text(c.question_id),
            m(
                "change.line",
                language,
                before=view.option_label(c.question_id, c.before) or m("change.none", language),
                after=view.option_label(c.question_id, c.after) or m("change.none", language),
            ),
            c.direction,
            m(f"change.{c.direction}", language),
        )
        for c in changes
        if c.question_id in view.model.plan.index
    ]


def history(
    view: View,
    trend: Trend,
    long_date: Callable[[dt.date], str],
    palette: charts.Palette,
) -> History:
    language = view.language
    points = trend.points
    dates = [long_date(p.assessment.sheet.assessed_on) for p in points]
    short = [p.assessment.sheet.assessed_on.isoformat() for p in points]

    def fmt(value: float | None) -> str:
        return number(value, language)

    thresholds = {p.threshold for p in view.model.roadmap.phases}
    phase_chart = charts.lines_svg(
        short,
        [(view.phase_name(s.id), s.values) for s in trend.phases],
        fmt,
        threshold=next(iter(thresholds)) if len(thresholds) == 1 else None,
        threshold_label=m("history.threshold", language),
        palette=palette,
        chart_id="history-phases",
    )
    dimension_chart = charts.lines_svg(
        short,
        [(view.dimension_name(s.id), s.values) for s in trend.dimensions],
        fmt,
        palette=palette,
        chart_id="history-dimensions",
    )
    rows = [
        HistoryRow(
            dates[i],
            view.phase_name(p.assessment.card.phase_id) if p.assessment.card.phase_index else m("history.at-start", language),
            percent(p.assessment.card.tally.coverage) + "%",
        )
        for i, p in enumerate(points)
    ]
    groups = [
        ChangeGroup(
            m("history.changes", language, first=dates[i], last=dates[i + 1]),
            changed_answers(view, changes),
        )
        for i, changes in enumerate(trend.changes)
    ]
    return History(
        m(
            "history.intro",
            language,
            count=len(points),
            org=trend.latest.sheet.organisation.name,
            first=dates[0],
            last=dates[-1],
        ),
        [shown_in(warning, language) for warning in trend.warnings],
        rows,
        Markup(phase_chart),
        Markup(dimension_chart),
        groups,
    )


def banner(language: str, names: list[str]) -> str:
    """The note every page carries when assessments of different organisations are compared."""
    return m("banner.other", language, names=", ".join(dict.fromkeys(names)))


def target_title(language: str) -> str:
    return m("target.title", language)


__all__ = ["Extras", "History", "PlanSection", "banner", "changed_answers", "history", "plan_section", "text"]
