"""The PDF report: what a consultant hands to the client's board.

- `context.py` decides what the report says (pure: texts, numbers, charts);
- `charts.py` draws the charts as SVG (pure);
- `render.py` fills the Jinja2 templates in `report_templates/` and prints them
  with WeasyPrint through a fetcher that refuses anything but the template folders.

This module stays light: importing it does not import Jinja2 or WeasyPrint, so the
batch scorer can import it in its parent process and render in its workers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..assessments import Earlier
    from ..model import AnswerSheet
    from ..scoring import MaturityModel, Scorecard
    from ..trend import Trend
    from .progress import Extras


class ReportError(Exception):
    """A problem the user can fix (logo, template, output folder); the message says which."""


def render_report(
    model: MaturityModel,
    sheet: AnswerSheet,
    card: Scorecard,
    *,
    language: str,
    output: Path,
    html_output: Path | None = None,
    template_dir: Path | None = None,
    logo: Path | None = None,
    compare: Earlier | None = None,
    consultant: str | None = None,
    title_note: str | None = None,
    created: dt.datetime | None = None,
    extras: Extras | None = None,
) -> list[str]:
    """Write the PDF report to `output` (atomically) and return what the renderer refused
    to load (template folder files by their path, anything else by its URL).

    `created` is the time the PDF says it was made (see `created_at`); without it
    the PDF carries no date. Raises ReportError for problems the user can fix.
    """
    from . import render

    return render.render_report(
        model,
        sheet,
        card,
        language=language,
        output=output,
        html_output=html_output,
        template_dir=template_dir,
        logo=logo,
        compare=compare,
        consultant=consultant,
        title_note=title_note,
        created=created,
        extras=extras,
    )


def build_html(
    model: MaturityModel,
    sheet: AnswerSheet,
    card: Scorecard,
    *,
    language: str,
    output: Path | None = None,
    html_output: Path | None = None,
    template_dir: Path | None = None,
    logo: Path | None = None,
    compare: Earlier | None = None,
    consultant: str | None = None,
    title_note: str | None = None,
    created: dt.datetime | None = None,
    extras: Extras | None = None,
) -> str:
    """The report's HTML, as WeasyPrint gets it (`output` and `html_output` are ignored)."""
    from . import render

    return render.build_html(
        model,
        sheet,
        card,
        language=language,
        template_dir=template_dir,
        logo=logo,
        compare=compare,
        consultant=consultant,
        title_note=title_note,
        created=created,
        extras=extras,
    )


def render_trend(trend: Trend, *, language: str, output: Path, created: dt.datetime | None = None) -> None:
    """Write the progress over many assessments as a PDF of its own (`trend -o`)."""
    from . import render

    render.render_trend(trend, language=language, output=output, created=created)


__all__ = ["ReportError", "build_html", "render_report", "render_trend"]
