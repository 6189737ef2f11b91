"""Every chart of the report as SVG and PNG files, for the consultant's own slides.

The charts are the report's own (`context.build_context` draws them), in the report's
language; each is written as NAME.svg and NAME.png into one folder, atomically.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import ReportError
from .context import build_context

if TYPE_CHECKING:
    from ..assessments import Assessment, Earlier
    from .progress import Extras


def charts_of(
    assessment: Assessment, language: str, *, extras: Extras | None = None, compare: Earlier | None = None
) -> dict[str, str]:
    """Each chart's file name (without extension) and SVG, in the order of the report."""
    report = build_context(
        assessment.model, assessment.sheet, assessment.card, language=language, compare=compare, extras=extras
    )
    found: dict[str, str] = {
        "roadmap": str(report.roadmap_chart),
        "phases": str(report.phase_chart),
        "dimensions": str(report.radar_chart),
    }
    if report.comparison is not None:
        found["change-phases"] = str(report.comparison.phase_chart)
        found["change-dimensions"] = str(report.comparison.dimension_chart)
    if report.plan is not None:
        found["plan-timeline"] = str(report.plan.timeline)
        found["plan-effort-impact"] = str(report.plan.matrix)
    if report.history is not None:
        found["history-phases"] = str(report.history.phase_chart)
        found["history-dimensions"] = str(report.history.dimension_chart)
    for n, item in enumerate(report.disagreements, 1):
        found[f"disagreement-{n}-{item.question_id}"] = str(item.chart)
    return found


def write_charts(
    assessment: Assessment,
    language: str,
    folder: Path,
    *,
    extras: Extras | None = None,
    compare: Earlier | None = None,
) -> list[Path]:
    """Write every chart into `folder` (made when missing) as SVG and PNG; the paths written."""
    from ..files import OutputError, check_folder, check_target, os_reason, write_bytes, write_text
    from ..i18n import N_, said
    from .render import output_problem, svg_png

    try:
        check_folder(folder)  # a link is refused before anything is made through it
        folder.mkdir(parents=True, exist_ok=True)
    except OutputError as error:
        raise ReportError(output_problem(error, "--charts")) from None
    except OSError as error:
        raise ReportError(
            said(N_("--charts {folder}: cannot create the folder: {reason}"), folder=folder, reason=os_reason(error))
        ) from None
    written: list[Path] = []
    charts = charts_of(assessment, language, extras=extras, compare=compare)
    try:
        for name in charts:
            for suffix in (".svg", ".png"):
                check_target(folder / f"{name}{suffix}")
        for name, svg in charts.items():
            svg_path, png_path = folder / f"{name}.svg", folder / f"{name}.png"
            write_text(svg_path, '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n")
            write_bytes(png_path, svg_png(svg))
            written += [svg_path, png_path]
    except OutputError as error:
        raise ReportError(output_problem(error, "--charts")) from None
    return written
