"""The overview PDF: every group of a batch run side by side, in the report's style.

`overview_html` turns an `Overview` (batch/overview.py) into one HTML document with
the charts inline (groupcharts.py); `render_overview` prints it with the report's
guarded renderer. Texts in English and Dutch live in `MESSAGES`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .. import __version__
from ..i18n import N_, Catalogue, message, nN_, whole
from ..views import number
from . import groupcharts
from .charts import Palette
from .render import STYLESHEETS, TEMPLATES_URL, TemplateFolders, palette_from, read_stylesheet

if TYPE_CHECKING:
    from ..batch.overview import GroupLine, Overview, PeerStanding

TEMPLATE = "overview/overview.html.j2"
STYLESHEET = "overview/overview.css"

MESSAGES: Catalogue = {
    "kicker": N_("Survey overview"),
    "running": N_("Overview of all groups"),
    "page": N_("Page"),
    "of": N_("of"),
    "subtitle": N_("{groups} groups, {respondents} respondents, from {export}"),
    "total": N_("All respondents"),
    "facts.questionnaire": N_("Questionnaire"),
    "facts.minimum": N_("Smallest group shown alone"),
    "facts.minimum.value": N_("{count} respondents"),
    "facts.small": N_("Groups shown only in the totals"),
    "facts.generated": N_("Made with"),
    "method": N_("A group's score is the score of its consensus: per question the median of its respondents' answers, scored like one answers file. The phases and dimensions read as in a single report: a phase is reached when its score meets its threshold and enough of it was answered."),
    "small.note": N_("Groups with fewer than {minimum} respondents are not shown alone, so that no respondent can be singled out; their answers count in \"{total}\": {groups}."),
    "distribution.title": N_("How far the respondents got"),
    "distribution.intro": N_("Per group, how many respondents reached each phase by their own answers. The shading darkens with each phase; the number in a segment is its respondents."),
    "distribution.start": N_("No phase yet"),
    "distribution.count": N_("{count} resp."),
    "heatmap.phases": N_("Groups by phase"),
    "heatmap.phases.intro": N_("Each group's score per phase (0-100). Darker is higher; an outlined, bold score meets the phase's threshold."),
    "heatmap.passed": N_("outlined: at or above the phase's threshold"),
    "heatmap.dimensions": N_("Groups by dimension"),
    "heatmap.dimensions.intro": N_("Each group's score per dimension (0-100), over all its questions. Darker is higher."),
    "no-score": N_("none"),
    "ranking.title": N_("The groups ranked"),
    "ranking.intro": N_("By the phase reached, then by the score on the phase the group works on now."),
    "ranking.rank": N_("#"),
    "ranking.group": N_("Group"),
    "ranking.respondents": N_("Respondents"),
    "ranking.phase": N_("Phase reached"),
    "ranking.working": N_("Working on"),
    "ranking.score": N_("Score there"),
    "ranking.disagreement": N_("Divided questions"),
    "ranking.start": N_("none yet"),
    "ranking.done": N_("all phases reached"),
    "ranking.small": N_("too small to show alone"),
    "splits.title": N_("The questions that divide the organisation most"),
    "splits.intro": N_("Ranked by the spread of all answers: the middle half of the answers (interquartile range) in scale steps, then the gap between the lowest and the highest group."),
    "splits.iqr": nN_("Middle half spans {steps} step", "Middle half spans {steps} steps", "steps"),
    "splits.groups": nN_("Groups {steps} step apart: lowest {lowest}, highest {highest}.", "Groups {steps} steps apart: lowest {lowest}, highest {highest}.", "steps"),
    "splits.answers": N_("{count} answers"),
    "splits.none": N_("No question divides the respondents: every question's middle half of answers lies on one step."),
    "peers.title": N_("Among the other groups"),
    "peers.intro": N_("This group's score (the diamond, its value beside it) on the scores of all {count} groups of the survey (the circles), from 0 to 100; rank 1 is the highest."),
    "peers.phases": N_("Phases"),
    "peers.dimensions": N_("Dimensions"),
    "peers.rank": N_("rank {rank} of {count}"),
    "peers.none": N_("no score"),
    "needs.title": N_("Next steps, from where the groups stand"),
    "needs.intro": N_("The roadmap's next steps from each stage the groups are at, in roadmap order: the groups at that stage need them now, those before it later. Each group's own report explains them."),
    "needs.start": N_("No phase yet"),
    "needs.stage": N_("{stage}: toward {toward}"),
    "needs.last": N_("{stage}: keeping it up"),
    "needs.counts": N_("Needed by {needed} of {groups} groups ({before} still before this stage)."),
    "needs.here": N_("At this stage now: {names}."),
    "needs.none-here": N_("No group is at this stage now."),
}


@dataclass(frozen=True)
class OverviewPage:
    """What the template shows, with every text already in the overview's language."""

    language: str
    title: str
    subtitle: str
    questionnaire: str
    minimum: str
    small_note: str
    distribution: Markup
    heatmap_phases: Markup
    heatmap_dimensions: Markup | None
    ranking: list[dict[str, Any]]
    splits: list[dict[str, str]]
    needs: list[dict[str, Any]]
    generator: str


def _count(value: int, language: str) -> str:
    return whole(value, language)


def build_page(overview: Overview, palette: Palette) -> OverviewPage:
    language = overview.language

    def t(key: str, **values: object) -> str:
        return message(MESSAGES, key, language, **values)

    def fmt(value: float | None) -> str:
        return number(value, language)

    total_label = t("total")
    shown = overview.shown
    rows: list[GroupLine] = [*shown, overview.total]
    stages = (t("distribution.start"), *overview.phase_names)
    distribution = groupcharts.distribution_svg(
        [(line.label, line.reached) for line in rows],
        palette=palette,
        labels=groupcharts.DistributionLabels(t("distribution.title"), stages, t("distribution.count", count="{count}")),
        bold_last=True,
    )
    thresholds = overview.thresholds
    phase_values = [list(line.scores or ()) for line in rows]
    passed = [
        [
            (line.phase_index or 0) > p
            for p in range(len(overview.phase_ids))
        ]
        for line in rows
    ]
    heatmap_phases = groupcharts.heatmap_svg(
        [line.label for line in rows],
        overview.phase_names,
        phase_values,
        palette=palette,
        fmt=fmt,
        labels=groupcharts.HeatmapLabels(t("heatmap.phases"), t("no-score"), t("heatmap.passed")),
        passed=passed,
        bold_last=True,
    )
    heatmap_dimensions = groupcharts.heatmap_svg(
        [line.label for line in rows],
        overview.dimension_names,
        [list(line.dimensions or ()) for line in rows],
        palette=palette,
        fmt=fmt,
        labels=groupcharts.HeatmapLabels(t("heatmap.dimensions"), t("no-score"), ""),
        bold_last=True,
    )
    del thresholds
    ranking = []
    for rank, line in enumerate(overview.groups, start=1):
        if not line.reported:
            ranking.append(
                {"rank": "", "group": line.label, "respondents": _count(line.respondents, language),
                 "phase": t("ranking.small"), "working": "", "score": "", "disagreement": "", "small": True}
            )
            continue
        working = line.working_on
        reached = overview.phase_names[line.phase_index - 1] if line.phase_index else t("ranking.start")
        ranking.append(
            {
                "rank": str(rank),
                "group": line.label,
                "respondents": _count(line.respondents, language),
                "phase": reached,
                "working": overview.phase_names[working] if working is not None else t("ranking.done"),
                "score": fmt(line.scores[working]) if working is not None and line.scores else "",
                "disagreement": str(line.disagreement),
                "small": False,
            }
        )
    splits = [
        {
            "text": split.text,
            "phase": split.phase,
            "iqr": t("splits.iqr", steps=split.iqr),
            "groups": t("splits.groups", steps=split.spread_between_groups, lowest=split.lowest, highest=split.highest)
            if split.lowest
            else "",
            "answers": t("splits.answers", count=_count(split.answers, language)),
        }
        for split in overview.splits
    ]
    needs = []
    ordered = overview.needs  # in roadmap order: where each group stands reads best that way
    for need in ordered:
        if not need.here:
            continue
        name = need.name or t("needs.start")
        needs.append(
            {
                "name": t("needs.stage", stage=name, toward=need.toward) if need.toward else t("needs.last", stage=name),
                "counts": t("needs.counts", needed=need.needed_by, groups=len(shown), before=need.before),
                "here": t("needs.here", names=", ".join(need.here)) if need.here else t("needs.none-here"),
                "steps": [{"title": title, "description": description} for title, description in need.steps],
            }
        )
    respondents = overview.total.respondents
    small_note = ""
    if overview.small:
        small_note = t("small.note", minimum=overview.minimum, total=total_label, groups=", ".join(overview.small))
    return OverviewPage(
        language=language,
        title=overview.title,
        subtitle=t(
            "subtitle",
            groups=len(overview.groups),
            respondents=_count(respondents, language),
            export=overview.export_name,
        ),
        questionnaire=overview.questionnaire,
        minimum=t("facts.minimum.value", count=overview.minimum),
        small_note=small_note,
        distribution=Markup(distribution),
        heatmap_phases=Markup(heatmap_phases),
        heatmap_dimensions=Markup(heatmap_dimensions),
        ranking=ranking,
        splits=splits,
        needs=needs,
        generator=f"socialmaturity {__version__}",
    )


def peers_section(standing: PeerStanding, palette: Palette, language: str) -> Markup:
    """The report's section on where a group stands among the others, as HTML."""
    from markupsafe import escape

    def t(key: str, **values: object) -> str:
        return message(MESSAGES, key, language, **values)

    def fmt(value: float | None) -> str:
        return number(value, language)

    parts = [
        '<section class="peers-section chapter">',
        f"<h2>{escape(t('peers.title'))}</h2>",
        f'<p class="intro">{escape(t("peers.intro", count=standing.groups))}</p>',
    ]
    for kind, heading in (("phase", t("peers.phases")), ("dimension", t("peers.dimensions"))):
        parts.append(f'<h3>{escape(heading)}</h3><div class="peer-rows">')
        for row in standing.rows:
            if row.kind != kind:
                continue
            strip = groupcharts.peer_strip_svg(row.everyone, row.own, palette=palette, fmt=fmt, label=row.name)
            rank = t("peers.rank", rank=row.rank, count=len(row.everyone)) if row.rank else t("peers.none")
            parts.append(
                '<div class="peer-row keep" style="display:flex;align-items:center;margin-bottom:1.5mm">'
                f'<span style="width:45mm;font-weight:700">{escape(row.name)}</span>'
                f'<span style="width:66mm">{strip}</span>'
                f'<span class="small" style="padding-left:2mm">{escape(rank)}</span></div>'
            )
        parts.append("</div>")
    parts.append("</section>")
    return Markup("".join(parts))


def overview_html(overview: Overview, *, created: dt.datetime | None = None) -> str:
    from .render import pdf_time, template_environment

    folders = TemplateFolders(None)
    stylesheets = [*STYLESHEETS, STYLESHEET]
    palette = palette_from([read_stylesheet(folders, name) for name in stylesheets])
    page = build_page(overview, palette)
    metadata = {"generator": page.generator, "keywords": overview.questionnaire}
    if created is not None:
        stamp = pdf_time(created).strftime("%Y-%m-%dT%H:%M:%SZ")
        metadata["dcterms.created"] = stamp
        metadata["dcterms.modified"] = stamp
    template = template_environment(None).get_template(TEMPLATE)
    return str(
        template.render(
            o=page,
            ot=lambda key, **values: message(MESSAGES, key, overview.language, **values),
            stylesheets=[TEMPLATES_URL + name for name in stylesheets],
            metadata=metadata,
        )
    )


def render_overview(overview: Overview, output: Path, *, created: dt.datetime | None = None) -> None:
    """Write the overview PDF atomically."""
    from ..files import write_bytes
    from .render import render_pdf

    html = overview_html(overview, created=created)
    rendered = render_pdf(html, created=created)
    write_bytes(output, rendered.pdf)
