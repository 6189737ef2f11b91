"""The overview across groups: what the analyst hands over after a batch run.

Pure data from the run's groups: how many respondents each group has and how many
reached each phase, each group's score (its consensus answers, the one group score)
per phase and dimension, the groups ranked, the questions that split the
organisation most, and per phase the next steps the groups still need. The PDF
(`report/overview.py`) and the workbook sheets (`workbook.py`) are made from this.

A group with fewer respondents than the minimum group size is counted in the totals
only: it gets no scores, no rank and no report of its own, so that no respondent of a
small group can be singled out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from ..i18n import N_, Catalogue, nN_, text
from ..scoring import MaturityModel, VoteSummary, scale_steps
from .pipeline import GroupResult, group_label

MINIMUM_GROUP_SIZE: Final = 5
"""Below this many respondents a group is shown only inside the totals."""

SPLITTING_QUESTIONS: Final = 8
"""How many of the most divided questions the overview lists."""


@dataclass(frozen=True)
class GroupLine:
    """One group as the overview shows it; `scores`/`dimensions` are None when too small."""

    name: str
    label: str
    respondents: int
    complete: int
    reported: bool  # at least the minimum group size
    phase_index: int | None
    scores: tuple[float | None, ...] | None  # per phase: the group score
    dimensions: tuple[float | None, ...] | None
    reached: tuple[int, ...]  # respondents per phase reached: index 0 = the start, k = phase k
    disagreement: int

    @property
    def working_on(self) -> int | None:
        """The index (0-based) of the phase the group is working on, None past the last."""
        if self.phase_index is None or self.scores is None:
            return None
        return self.phase_index if self.phase_index < len(self.scores) else None


@dataclass(frozen=True)
class SplitQuestion:
    question_id: str
    text: str
    phase: str
    iqr: int  # the interquartile range of all answers, in scale steps
    spread_between_groups: int  # scale steps between the lowest and highest group answer
    lowest: str  # the group with the lowest answer ("" when not shown)
    highest: str
    answers: int


@dataclass(frozen=True)
class PhaseNeed:
    """The next steps from one stage of the roadmap (the start, or a phase reached)."""

    stage: int  # 0 = the start, k = phase k reached
    name: str  # the stage: "the start" is given by the caller's texts, else the phase's name
    toward: str  # the phase these steps lead to ("" after the last)
    here: tuple[str, ...]  # groups at this stage now
    before: int  # groups not at this stage yet (they will need the steps too)
    steps: tuple[tuple[str, str], ...]  # (title, description), the roadmap's order

    @property
    def needed_by(self) -> int:
        return len(self.here) + self.before


@dataclass(frozen=True)
class Overview:
    language: str
    title: str
    export_name: str
    minimum: int
    phase_ids: tuple[str, ...]
    phase_names: tuple[str, ...]
    dimension_ids: tuple[str, ...]
    dimension_names: tuple[str, ...]
    thresholds: tuple[float, ...]
    groups: tuple[GroupLine, ...]  # ranked: shown groups first by phase and score, then the small ones
    total: GroupLine
    splits: tuple[SplitQuestion, ...]
    needs: tuple[PhaseNeed, ...]
    questionnaire: str
    small: tuple[str, ...] = field(default_factory=tuple)

    @property
    def shown(self) -> tuple[GroupLine, ...]:
        return tuple(g for g in self.groups if g.reported)


def _line(
    group: GroupResult, reached: Counter[int], phases: int, language: str, minimum: int, *, label: str | None = None
) -> GroupLine:
    result = group.result
    reported = group.respondents >= minimum
    return GroupLine(
        group.name,
        label if label is not None else group_label(group.name, language),
        group.respondents,
        group.complete,
        reported,
        result.phase_index if reported else None,
        result.phase_scores if reported else None,
        result.dimension_scores if reported else None,
        tuple(reached.get(i, 0) for i in range(phases + 1)),
        group.disagreement if reported else 0,
    )


def rank_key(line: GroupLine) -> tuple[int, float, str]:
    """Furthest phase first; within a phase, the highest score on the phase it works on."""
    working = line.working_on
    score = 0.0
    if line.scores is not None and working is not None:
        score = line.scores[working] or 0.0
    elif line.scores is not None:
        score = 100.0
    return (-(line.phase_index or 0), -score, line.label.casefold())


def build_overview(
    model: MaturityModel,
    groups: Sequence[GroupResult],
    total: GroupResult,
    reached: Mapping[str, Counter[int]],
    *,
    language: str,
    export_name: str,
    minimum: int = MINIMUM_GROUP_SIZE,
    total_label: str = "",
) -> Overview:
    """The overview of a grouped run; `reached[group]` counts respondents per phase index."""
    roadmap = model.roadmap
    questionnaire = model.questionnaire
    phases = len(roadmap.phases)
    lines = [_line(g, reached.get(g.name, Counter()), phases, language, minimum) for g in groups]
    everyone: Counter[int] = Counter()
    for counts in reached.values():
        everyone.update(counts)
    total_line = _line(total, everyone, phases, language, 0, label=total_label)
    shown = sorted((line for line in lines if line.reported), key=rank_key)
    small = sorted((line for line in lines if not line.reported), key=lambda line: line.label.casefold())
    return Overview(
        language=language,
        title=text(questionnaire.title, language),
        export_name=export_name,
        minimum=minimum,
        phase_ids=tuple(p.id for p in roadmap.phases),
        phase_names=tuple(text(p.name, language) for p in roadmap.phases),
        dimension_ids=tuple(d.id for d in questionnaire.dimensions),
        dimension_names=tuple(text(d.name, language) for d in questionnaire.dimensions),
        thresholds=tuple(p.threshold for p in roadmap.phases),
        groups=(*shown, *small),
        total=total_line,
        splits=_splits(model, total.votes, [g for g in groups if g.respondents >= minimum], language),
        needs=_needs(model, shown, language),
        questionnaire=f"{questionnaire.id} {questionnaire.version}",
        small=tuple(line.label for line in small),
    )


def _splits(
    model: MaturityModel, votes: Sequence[VoteSummary], shown: Sequence[GroupResult], language: str
) -> tuple[SplitQuestion, ...]:
    """The questions whose answers are most divided: the widest middle half of all
    answers (IQR in scale steps), then the widest gap between the groups' answers."""
    questions = {q.id: q for q in model.questionnaire.questions}
    phase_names = {p.id: text(p.name, language) for p in model.roadmap.phases}
    found = []
    for summary in votes:
        question = questions.get(summary.question_id)
        if question is None or summary.iqr is None:
            continue
        steps = scale_steps(question)
        placed = [
            (steps[g.consensus[question.id]], group_label(g.name, language))
            for g in shown
            if g.consensus.get(question.id) in steps
        ]
        placed.sort()
        spread = placed[-1][0] - placed[0][0] if placed else 0
        found.append(
            SplitQuestion(
                question.id,
                text(question.text, language),
                phase_names.get(question.phase, question.phase),
                summary.iqr,
                spread,
                placed[0][1] if len(placed) > 1 and spread else "",
                placed[-1][1] if len(placed) > 1 and spread else "",
                sum(summary.counts.values()),
            )
        )
    found.sort(key=lambda s: (-s.iqr, -s.spread_between_groups, s.question_id))
    return tuple(s for s in found[:SPLITTING_QUESTIONS] if s.iqr or s.spread_between_groups)


def _needs(model: MaturityModel, shown: Sequence[GroupLine], language: str) -> tuple[PhaseNeed, ...]:
    """Per stage (the start, then each phase reached), its next steps and who needs them:
    the groups at that stage now, and those still before it."""
    roadmap = model.roadmap
    phases = roadmap.phases
    found = []
    for stage in range(len(phases) + 1):
        steps = roadmap.start.next_steps if stage == 0 else phases[stage - 1].next_steps
        found.append(
            PhaseNeed(
                stage,
                "" if stage == 0 else text(phases[stage - 1].name, language),
                text(phases[stage].name, language) if stage < len(phases) else "",
                tuple(g.label for g in shown if (g.phase_index or 0) == stage),
                sum(1 for g in shown if (g.phase_index or 0) < stage),
                tuple((text(s.title, language), text(s.description, language)) for s in steps),
            )
        )
    return tuple(found)


MESSAGES: Catalogue = {
    "total": N_("All respondents"),
    "small-groups": nN_("{count} group with fewer than {minimum} respondents gets no report and no scores of its own; it counts in the totals: {groups}.", "{count} groups with fewer than {minimum} respondents get no report and no scores of their own; they count in the totals: {groups}."),
    "usage.needs-groups": N_("--overview and --xlsx show groups side by side: add --group-by COLUMN (or group_by in the mapping file)"),
    "usage.minimum": N_("--min-group-size must be 1 or more (not {value})"),
    "usage.same": N_("--overview and --xlsx cannot be the same file: {path}"),
    "usage.over-input": N_("{option} {path} is an input of the run (the export or the mapping); it would be lost. Choose another file"),
    "written.pdf": N_("Overview written: {path}"),
    "written.xlsx": N_("Overview workbook written: {path}"),
    "failed": N_("The overview {path} could not be made: {error}"),
}


# -- each group among its peers ----------------------------------------------------------

PEERS_FROM: Final = 3
"""A group's report shows its place among the others from this many shown groups on."""


@dataclass(frozen=True)
class PeerRow:
    kind: str  # "phase" or "dimension"
    name: str
    own: float | None
    everyone: tuple[float, ...]  # the scores of every shown group, this one's included
    rank: int | None  # 1 = the highest score


@dataclass(frozen=True)
class PeerStanding:
    """Where one group stands among all shown groups, per phase and dimension."""

    groups: int
    rows: tuple[PeerRow, ...]


def peer_standings(
    model: MaturityModel, groups: Sequence[GroupResult], language: str, minimum: int = MINIMUM_GROUP_SIZE
) -> dict[str, PeerStanding]:
    """Per shown group (at least `minimum` respondents) its standing, when there are at
    least `PEERS_FROM` such groups; else nothing (three is the least a spread says anything)."""
    shown = [g for g in groups if g.respondents >= minimum]
    if len(shown) < PEERS_FROM:
        return {}
    names = [("phase", text(p.name, language)) for p in model.roadmap.phases] + [
        ("dimension", text(d.name, language)) for d in model.questionnaire.dimensions
    ]
    columns = [
        [g.result.phase_scores[i] for g in shown] for i in range(len(model.roadmap.phases))
    ] + [[g.result.dimension_scores[i] for g in shown] for i in range(len(model.questionnaire.dimensions))]
    found = {}
    for index, group in enumerate(shown):
        rows = []
        for (kind, name), values in zip(names, columns, strict=True):
            own = values[index]
            everyone = tuple(v for v in values if v is not None)
            rank = None if own is None else 1 + sum(1 for v in everyone if v > own)
            rows.append(PeerRow(kind, name, own, everyone, rank))
        found[group.name] = PeerStanding(len(shown), tuple(rows))
    return found
