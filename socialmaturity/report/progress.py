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
from ..i18n import Catalogue, message, text
from ..plan.draft import Plan, Quarter
from ..plan.targets import Distance
from ..plan.words import word
from ..plan.workbook import action_title
from ..trend import Trend
from ..views import View, number, percent
from . import charts

MESSAGES: Catalogue = {
    "target.title": {"en": "Target", "nl": "Doel"},
    "plan.title": {"en": "Action plan towards {phase}", "nl": "Actieplan naar {phase}"},
    "plan.intro": {
        "en": "The roadmap's next steps for every phase up to {phase}, and per phase the gaps that move it most, spread over the quarters up to {date}. Owners, due dates and statuses are as {org} keeps them.",
        "nl": "De vervolgstappen uit de roadmap voor elke fase tot en met {phase}, en per fase de hiaten die het meest opleveren, verdeeld over de kwartalen tot {date}. Eigenaren, data en status zijn zoals {org} ze bijhoudt.",
    },
    "plan.timeline": {"en": "Timeline by quarter", "nl": "Planning per kwartaal"},
    "plan.matrix": {"en": "Effort and impact", "nl": "Inspanning en effect"},
    "plan.matrix-intro": {
        "en": "Each action by the effort it takes and the impact it has; the numbers are those of the list below. Start in the shaded cell at the top left.",
        "nl": "Elke actie naar de inspanning die ze vraagt en het effect dat ze heeft; de nummers zijn die van de lijst hieronder. Begin in het gekleurde vak linksboven.",
    },
    "plan.quick-wins": {"en": "quick wins", "nl": "snelle winst"},
    "plan.effort": {"en": "Effort", "nl": "Inspanning"},
    "plan.impact": {"en": "Impact", "nl": "Effect"},
    "plan.actions": {"en": "The actions", "nl": "De acties"},
    "plan.meta": {
        "en": "{kind} · towards {phase} · effort {effort} · impact {impact}",
        "nl": "{kind} · op weg naar {phase} · inspanning {effort} · effect {impact}",
    },
    "plan.unlocks": {"en": "one step up passes the gate of {phase}", "nl": "één stap hoger en {phase} is behaald"},
    "plan.question": {"en": "Question: {question}", "nl": "Vraag: {question}"},
    "plan.owner": {"en": "Owner", "nl": "Eigenaar"},
    "plan.due": {"en": "Due", "nl": "Uiterlijk"},
    "plan.status": {"en": "Status", "nl": "Status"},
    "plan.nobody": {"en": "not yet assigned", "nl": "nog niet toegewezen"},
    "history.title": {"en": "Progress over time", "nl": "Voortgang in de tijd"},
    "history.intro": {
        "en": "{count} assessments of {org}, from {first} to {last}.",
        "nl": "{count} metingen van {org}, van {first} tot {last}.",
    },
    "history.date": {"en": "Date", "nl": "Datum"},
    "history.phase": {"en": "Phase reached", "nl": "Bereikte fase"},
    "history.answered": {"en": "Answered", "nl": "Beantwoord"},
    "history.phases": {"en": "Score per phase", "nl": "Score per fase"},
    "history.dimensions": {"en": "Score per dimension", "nl": "Score per dimensie"},
    "history.threshold": {"en": "threshold", "nl": "drempel"},
    "history.changes": {"en": "Answers changed from {first} to {last}", "nl": "Gewijzigde antwoorden van {first} tot {last}"},
    "history.no-changes": {"en": "No answer changed.", "nl": "Geen antwoord is veranderd."},
    "history.at-start": {"en": "before the first phase", "nl": "vóór de eerste fase"},
    "change.up": {"en": "up", "nl": "hoger"},
    "change.down": {"en": "down", "nl": "lager"},
    "change.other": {"en": "changed", "nl": "gewijzigd"},
    "change.none": {"en": "no answer", "nl": "geen antwoord"},
    "change.line": {"en": "{before} → {after}", "nl": "{before} → {after}"},
    "banner.other": {
        "en": "Compares assessments of different organisations: {names}",
        "nl": "Vergelijkt metingen van verschillende organisaties: {names}",
    },
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
        list(trend.warnings),
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
