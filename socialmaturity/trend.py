"""Progress over time: any number of assessments of one organisation, in date order.

    from socialmaturity.trend import build_trend
    trend = build_trend(["harbourlight-2025-03.yaml", "harbourlight-2025-10.yaml", "now.yaml"])
    [p.card.phase_id for p in trend.points]

Each assessment is scored with the model it was answered with; phases and dimensions
are followed by id, so a newer questionnaire version still lines up (and is said).
Between consecutive assessments the answers that changed are listed, up or down.
The guards of `assessments.guard` hold for every pair.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from .assessments import (
    AnswerChange,
    Assessment,
    ComparisonError,
    answer_changes,
    guard,
    organisation_key,
    same_file,
    score_file,
)
from .i18n import N_, said


@dataclass(frozen=True)
class Point:
    name: str  # the file it was read from
    assessment: Assessment


@dataclass(frozen=True)
class Series:
    """One phase's or dimension's score at each date (None where it had none)."""

    id: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Trend:
    points: tuple[Point, ...]  # oldest first
    changes: tuple[tuple[AnswerChange, ...], ...]  # between point i and i+1
    phases: tuple[Series, ...]
    dimensions: tuple[Series, ...]
    warnings: tuple[str, ...]
    other_organisation: bool

    @property
    def latest(self) -> Assessment:
        return self.points[-1].assessment


def build_trend(
    names: list[str],
    *,
    allow_other_organisation: bool = False,
    loaded: dict[str, Assessment] | None = None,
) -> Trend:
    """The trend of the answers files `names` (any order). `loaded` holds assessments
    already scored, by name. LoadError for a file that does not load, ComparisonError
    for files that must not be compared."""
    if len(names) < 2:
        raise ComparisonError(said(N_("a trend needs at least two assessments")))
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            if same_file(first, second):
                raise ComparisonError(said(N_("{name} is given twice; every assessment counts once"), name=first))
    points = [Point(name, (loaded or {}).get(name) or score_file(name)) for name in names]
    ordered = sorted(points, key=lambda p: p.assessment.sheet.assessed_on)
    warnings: list[str] = []
    if [p.name for p in ordered] != [p.name for p in points]:
        warnings.append(
            said(
                N_("the assessments are shown in date order: {order}"),
                order=", ".join(f"{p.name} ({p.assessment.sheet.assessed_on.isoformat()})" for p in ordered),
            )
        )
    for before, after in itertools.pairwise(ordered):
        warnings.extend(
            guard(
                before.assessment,
                before.name,
                after.assessment,
                after.name,
                allow_other_organisation=allow_other_organisation,
            )
        )
    latest = ordered[-1].assessment
    phases = tuple(
        Series(p.id, tuple(_phase_score(point.assessment, p.id) for point in ordered)) for p in latest.card.phases
    )
    dimensions = tuple(
        Series(d, tuple(point.assessment.card.dimension_scores.get(d) for point in ordered))
        for d in latest.card.dimension_scores
    )
    return Trend(
        tuple(ordered),
        tuple(answer_changes(a.assessment, b.assessment) for a, b in itertools.pairwise(ordered)),
        phases,
        dimensions,
        tuple(dict.fromkeys(warnings)),
        len({organisation_key(p.assessment.sheet) for p in ordered}) > 1,
    )


def _phase_score(assessment: Assessment, phase_id: str) -> float | None:
    for phase in assessment.card.phases:
        if phase.id == phase_id:
            return phase.score
    return None
