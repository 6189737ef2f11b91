"""The scorecard on a terminal (rich): verdict, phase bars, dimensions, next steps, gaps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .environment import Environment, isatty
from .i18n import N_, Catalogue, colon, long_date, message, percent, pN_, shown_in, text
from .model import AnswerSheet
from .safetext import visible
from .scoring import Comparison, MaturityModel, PhaseStatus, Scorecard
from .views import View, number

if TYPE_CHECKING:
    from .assessments import AnswerChange
    from .plan.draft import Plan
    from .plan.targets import Distance
    from .trend import Trend

MESSAGES: Catalogue = {
    "title": N_("Social business maturity"),
    "phases": N_("Phases"),
    "phase": N_("Phase"),
    "score": N_("Score"),
    "threshold": N_("Threshold"),
    "answered": N_("Answered"),
    "status": N_("Status"),
    "passed": N_("passed"),
    "not-passed": N_("not passed"),
    "gated": N_("passed, not counted"),
    "dimensions": N_("Dimensions"),
    "dimension": N_("Dimension"),
    "next-steps": N_("Next steps for {phase}"),
    "next-steps.start": N_("Next steps to get started"),
    "gaps": N_("Largest gaps"),
    "target": N_("Target"),
    "compared": N_("Compared with {date} (a later assessment)"),
    "changed": N_("Answers changed"),
    "up": N_("up"),
    "down": N_("down"),
    "other": N_("changed"),
    "none-answer": N_("no answer"),
    "warning": pN_("warning", "Note"),
    "trend": N_("Progress of {org}"),
    "date": N_("Date"),
    "reached": N_("Phase reached"),
    "coverage": N_("Answered"),
    "plan": N_("Action plan towards {phase}, by {date}"),
    "action": N_("Action"),
    "effort": N_("Effort"),
    "impact": N_("Impact"),
    "quarter": N_("Quarter"),
    "owner": N_("Owner"),
    "why": N_("Why"),
    "answer": N_("answer"),
    "disagreements": N_("Where the participants disagreed"),
    "spread": N_("spread {spread} steps"),
    "since": N_("Since {date}"),
    "before": N_("Before"),
    "now": N_("Now"),
    "change": N_("Change"),
    "earlier-phase": N_("Then: {phase}. Now: {now}."),
    "at-start": N_("before the first phase"),
    "model": N_("Questionnaire {id} version {version}, {hash}"),
}

BAR_WIDTH = 24


_STATUS_STYLE: dict[PhaseStatus, str] = {"passed": "green", "gated": "yellow", "not-passed": "red"}


def console(env: Environment, *, stderr: bool = False) -> Console:
    """A rich console on stdout (data) or stderr (messages); plain when not a terminal."""
    stream = env.stderr if stderr else env.stdout
    tty = isatty(stream)
    return Console(
        file=stream,
        force_terminal=tty,
        no_color=not tty or not env.colour,
        highlight=False,
        emoji=False,
        width=None if tty else 100,
    )


def bar(score: float | None, threshold: float | None = None, width: int = BAR_WIDTH) -> Text:
    """A horizontal bar of a 0-100 score, with the threshold marked as '|'."""
    filled = 0 if score is None else round(width * max(0.0, min(score, 100.0)) / 100)
    mark = None if threshold is None else min(width - 1, round(width * threshold / 100))
    out = Text()
    for i in range(width):
        if i == mark:
            out.append("|", style="bold")
        elif i < filled:
            out.append("█", style="cyan")
        else:
            out.append("·", style="dim")
    return out


def scorecard(
    view: View,
    card: Scorecard,
    sheet: AnswerSheet,
    *,
    gaps: int = 5,
    compact: bool = False,
    earlier: tuple[Comparison, AnswerSheet] | None = None,
    distance: Distance | None = None,
    changes: Sequence[AnswerChange] = (),
) -> Any:
    """A rich renderable of the whole scorecard.

    `compact` fits the end of an interview on a projector: the next steps by title
    only (the report has their descriptions) and the three largest gaps. `earlier`
    adds the change per phase and dimension since an earlier assessment.
    """
    if compact:
        gaps = min(gaps, 3)
    language = view.language

    def m(key: str, **values: object) -> str:
        return message(MESSAGES, key, language, **values)

    parts: list[Any] = []
    verdict = Text(visible(view.verdict(card, sheet.organisation.name)), style="bold")
    parts.append(Panel(verdict, title=m("title"), title_align="left", border_style="cyan"))

    phases = Table(title=m("phases"), title_justify="left", expand=False)
    phases.add_column("#", justify="right")
    phases.add_column(m("phase"), no_wrap=True)
    phases.add_column("", no_wrap=True)
    phases.add_column(m("score"), justify="right")
    phases.add_column(m("threshold"), justify="right")
    phases.add_column(m("answered"), justify="right")
    phases.add_column(m("status"), no_wrap=True)
    for phase in card.phases:
        status = Text(m(phase.status), style=_STATUS_STYLE[phase.status])
        phases.add_row(
            str(phase.index),
            visible(view.phase_name(phase.id)),
            bar(phase.score, phase.threshold),
            number(phase.score, language),
            number(phase.threshold, language, 0),
            percent(phase.coverage, view.language),
            status,
        )
    parts.append(phases)

    why = Text(visible("\n".join(view.explanation(card)[len(card.phases):])))
    if why.plain:
        parts.append(Panel(why, title=m("why"), title_align="left", border_style="dim"))

    if distance is not None:
        due = long_date(distance.target.due, view.language) if distance.target.due else None
        lines = view.target_lines(distance, due)
        parts.append(
            Panel(Text(visible("\n".join(lines))), title=m("target"), title_align="left", border_style="magenta")
        )

    dimensions = Table(title=m("dimensions"), title_justify="left")
    dimensions.add_column(m("dimension"))
    dimensions.add_column("", no_wrap=True)
    dimensions.add_column(m("score"), justify="right")
    for dimension_id, value in card.dimension_scores.items():
        dimensions.add_row(visible(view.dimension_name(dimension_id)), bar(value), number(value, language))
    parts.append(dimensions)

    steps = Table.grid(padding=(0, 1))
    steps.add_column(justify="right", style="bold")
    steps.add_column()
    for i, step in enumerate(view.next_steps(card), 1):
        steps.add_row(f"{i}.", Text(visible(text(step.title, language)), style="bold"))
        if not compact:
            steps.add_row("", Text(visible(text(step.description, language))))
    title = (
        m("next-steps", phase=visible(view.phase_name(card.next_steps_phase)))
        if card.next_steps_phase
        else m("next-steps.start")
    )
    parts.append(Panel(steps, title=title, title_align="left", border_style="green"))

    if card.gaps:
        listing = Table.grid(padding=(0, 1))
        listing.add_column(style="yellow")
        listing.add_column()
        for gap in card.gaps[:gaps]:
            question = view.question(gap.question_id)
            listing.add_row("•", Text(visible(text(question.text, language)), style="bold"))
            listing.add_row("", Text(visible(f"{m('answer')}{colon(view.language)} {view.option_label(gap.question_id, gap.option_id)}"), style="dim"))
            listing.add_row("", Text(visible(f"→ {text(question.recommendation_for(gap.option_id), language)}")))
        parts.append(Panel(listing, title=m("gaps"), title_align="left", border_style="yellow"))

    if card.disagreements:
        spreads = Text()
        for summary in card.disagreements[:5]:
            spreads.append(visible(f"• {view.question_text(summary.question_id)} "), style="bold")
            spreads.append(f"({m('spread', spread=summary.spread)})\n", style="red")
            for option_id, count in summary.counts.items():
                if count:
                    spreads.append(visible(f"  {'■' * count} {count}  {view.option_label(summary.question_id, option_id)}") + "\n")
        parts.append(Panel(spreads, title=m("disagreements"), title_align="left", border_style="red"))

    if earlier is not None:
        parts.append(_comparison(view, card, sheet, earlier, m))
        if changes:
            parts.append(_changes(view, changes, m))

    parts.append(
        Text(
            m("model", id=card.questionnaire_id, version=card.questionnaire_version, hash=card.model_hash[:19]),
            style="dim",
        )
    )
    return Group(*parts)


def _signed(value: float | None, language: str) -> Text:
    if value is None:
        return Text("–", style="dim")
    shown = number(value, language)
    if value > 0.05:
        return Text(f"+{shown}", style="green")
    if value < -0.05:
        return Text(shown, style="red")
    return Text(number(0.0, language), style="dim")


def _comparison(
    view: View, card: Scorecard, sheet: AnswerSheet, earlier: tuple[Comparison, AnswerSheet], m: Any
) -> Any:
    comparison, before_sheet = earlier
    before = comparison.earlier
    language = view.language
    later = before_sheet.assessed_on > sheet.assessed_on
    title = m("compared" if later else "since", date=long_date(before_sheet.assessed_on, language))
    table = Table(title=title, title_justify="left")
    table.add_column("")
    table.add_column(m("before"), justify="right")
    table.add_column(m("now"), justify="right")
    table.add_column(m("change"), justify="right")
    for change in comparison.phases:
        table.add_row(
            visible(view.phase_name(change.id)),
            number(change.before, language),
            number(change.now, language),
            _signed(change.change, language),
        )
    table.add_section()
    for change in comparison.dimensions:
        table.add_row(
            visible(view.dimension_name(change.id)),
            number(change.before, language),
            number(change.now, language),
            _signed(change.change, language),
        )
    then = visible(view.phase_name(before.phase_id)) if before.phase_index else m("at-start")
    now = visible(view.phase_name(card.phase_id)) if card.phase_index else m("at-start")
    return Group(table, Text(m("earlier-phase", phase=then, now=now), style="bold"))


def _changes(view: View, changes: Sequence[AnswerChange], m: Any) -> Any:
    table = Table(title=m("changed"), title_justify="left")
    table.add_column("")
    table.add_column(m("before"))
    table.add_column(m("now"))
    table.add_column("")
    style = {"up": "green", "down": "red", "other": "yellow"}
    for change in changes:
        if change.question_id not in view.model.plan.index:
            continue
        table.add_row(
            visible(view.question_text(change.question_id)),
            visible(view.option_label(change.question_id, change.before) or m("none-answer")),
            visible(view.option_label(change.question_id, change.after) or m("none-answer")),
            Text(m(change.direction), style=style[change.direction]),
        )
    return table


def warnings_view(view: View, warnings: Sequence[str]) -> Any:
    return Panel(
        Text(visible("\n".join(shown_in(warning, view.language) for warning in warnings))),
        title=message(MESSAGES, "warning", view.language),
        title_align="left",
        border_style="red",
    )


def trend_view(view: View, trend: Trend) -> Any:
    """Per assessment its date and phase, the scores per phase and dimension, and the
    answers that changed between consecutive assessments."""
    language = view.language

    def m(key: str, **values: object) -> str:
        return message(MESSAGES, key, language, **values)

    parts: list[Any] = []
    if trend.other_organisation:  # the other notes go to stderr; this one stays in sight
        parts.append(warnings_view(view, trend.warnings))
    dates = [p.assessment.sheet.assessed_on.isoformat() for p in trend.points]
    table = Table(title=m("trend", org=visible(trend.latest.sheet.organisation.name)), title_justify="left")
    table.add_column("")
    for date in dates:
        table.add_column(date, justify="right")
    table.add_row(
        m("reached"),
        *[
            visible(view.phase_name(p.assessment.card.phase_id)) if p.assessment.card.phase_index else m("at-start")
            for p in trend.points
        ],
    )
    table.add_row(m("coverage"), *[percent(p.assessment.card.tally.coverage, language) for p in trend.points])
    table.add_section()
    for series in trend.phases:
        table.add_row(visible(view.phase_name(series.id)), *[number(v, language) for v in series.values])
    table.add_section()
    for series in trend.dimensions:
        table.add_row(visible(view.dimension_name(series.id)), *[number(v, language) for v in series.values])
    parts.append(table)
    for (a, b), changes in zip(zip(trend.points, trend.points[1:], strict=False), trend.changes, strict=True):
        section = _changes(view, changes, m)
        section.title = f"{m('changed')}{colon(language)} {a.assessment.sheet.assessed_on.isoformat()} → {b.assessment.sheet.assessed_on.isoformat()}"
        parts.append(section)
    return Group(*parts)


def plan_view(view: View, plan: Plan, answers: dict[str, str] | None = None) -> Any:
    """The action plan as a table: quarter, action, phase, effort, impact, owner, status."""
    from .plan.words import word
    from .plan.workbook import action_title

    language = view.language

    def m(key: str, **values: object) -> str:
        return message(MESSAGES, key, language, **values)

    table = Table(
        title=m("plan", phase=visible(view.phase_name(plan.target.phase)), date=long_date(plan.due, view.language)),
        title_justify="left",
    )
    for column in ("quarter", "action", "phase", "effort", "impact", "owner", "status"):
        table.add_column(m(column))
    for action in plan.actions:
        table.add_row(
            str(action.quarter),
            visible(action_title(view.model, action, language, answers)),
            visible(view.phase_name(action.phase_id)),
            word(f"level.{action.effort}", language),
            word(f"level.{action.impact}", language),
            visible(action.owner),
            word(f"status.{action.status}", language),
        )
    return table


def questionnaire_view(model: MaturityModel, language: str) -> Any:
    """A questionnaire with its roadmap: every phase, and each of its questions and options."""
    from rich.markup import escape as markup_escape

    def escape(value: str) -> str:
        return markup_escape(visible(value))

    q = model.questionnaire
    lines: list[Any] = [
        Text.from_markup(f"[bold]{escape(text(q.title, language))}[/bold]  {q.id} {q.version}  [dim]{model.hash}[/dim]")
    ]
    dimensions = {d.id: text(d.name, language) for d in q.dimensions}
    for p, phase in enumerate(model.roadmap.phases, 1):
        lines.append(
            Text.from_markup(f"\n[bold cyan]{p}. {escape(text(phase.name, language))}[/bold cyan]  (threshold {phase.threshold:g})")
        )
        lines.append(Text(visible(text(phase.summary, language)), style="dim"))
        for question in q.questions:
            if question.phase != phase.id:
                continue
            lines.append(
                Text.from_markup(
                    f"\n  [bold]{question.id}[/bold]  [dim]{escape(dimensions[question.dimension])}, weight {question.weight:g}[/dim]"
                )
            )
            lines.append(Text(f"  {visible(text(question.text, language))}"))
            for o in question.options:
                score = f"{o.score:g}" if o.score is not None else ("?" if o.dont_know else "n/a")
                lines.append(Text.from_markup(f"    \\[{score:>3}] {escape(text(o.label, language))}  [dim]({o.id})[/dim]"))
    return Group(*lines)
