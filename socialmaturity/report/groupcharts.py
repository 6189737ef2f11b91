"""Charts of many groups side by side, for the overview: SVG text, like `charts.py`.

Every value is printed in its cell or segment and shading goes from light to dark
with the value, so the charts read in black and white; colour never carries meaning
on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .charts import Format, Palette, _n, _svg, _text, wrap


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def shade(palette: Palette, share: float) -> str:
    """A colour between the paper (share 0) and the accent (share 1)."""
    share = min(1.0, max(0.0, share))
    light = _rgb("#f1f4f7")
    dark = _rgb(palette.accent)
    mixed = tuple(round(a + (b - a) * share) for a, b in zip(light, dark, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*mixed)


def ink_on(palette: Palette, share: float) -> str:
    """Dark text on light cells, white on dark ones."""
    return "#ffffff" if share > 0.55 else palette.ink


@dataclass(frozen=True)
class HeatmapLabels:
    title: str
    no_score: str  # e.g. "no score"
    passed_note: str  # the legend for outlined cells ("" when there are none)


def heatmap_svg(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    palette: Palette,
    fmt: Format,
    labels: HeatmapLabels,
    passed: Sequence[Sequence[bool]] | None = None,
    bold_last: bool = False,
) -> str:
    """Groups down, phases or dimensions across, each cell's score printed in it.

    `passed` outlines the cells at or past the phase's threshold; `bold_last` sets the
    last row (the totals) apart with a rule above it.
    """
    label_width = 150.0
    cell_width = max(52.0, min(78.0, 470.0 / max(1, len(columns))))
    cell_height = 20.0
    header = 34.0
    width = label_width + cell_width * len(columns) + 2
    height = header + cell_height * len(rows) + (30.0 if labels.passed_note else 14.0)
    body = []
    for c, column in enumerate(columns):
        x = label_width + c * cell_width + cell_width / 2
        for i, line in enumerate(wrap(column, cell_width - 4, 8.5, 2)):
            body.append(_text(x, 12 + i * 11, line, size=8.5, anchor="middle", weight=700, fill=palette.ink))
    for r, row in enumerate(rows):
        y = header + r * cell_height
        total = bold_last and r == len(rows) - 1
        name = wrap(row, label_width - 8, 8.5, 1)[0]
        body.append(
            _text(label_width - 6, y + 13.5, name, size=8.5, anchor="end", weight=700 if total else 400, fill=palette.ink)
        )
        if total:
            body.append(
                f'<line x1="0" y1="{_n(y - 1)}" x2="{_n(width)}" y2="{_n(y - 1)}" stroke="{palette.ink}" stroke-width="1"/>'
            )
        for c, value in enumerate(values[r]):
            x = label_width + c * cell_width
            if value is None:
                body.append(
                    f'<rect x="{_n(x + 1)}" y="{_n(y + 1)}" width="{_n(cell_width - 2)}" height="{_n(cell_height - 2)}" '
                    f'fill="{palette.paper}" stroke="{palette.line}" stroke-dasharray="2 2"/>'
                )
                body.append(_text(x + cell_width / 2, y + 13.5, labels.no_score, size=7.5, anchor="middle", fill=palette.muted))
                continue
            share = value / 100
            outline = passed is not None and passed[r][c]
            stroke = f' stroke="{palette.ink}" stroke-width="2"' if outline else ""
            body.append(
                f'<rect x="{_n(x + 1)}" y="{_n(y + 1)}" width="{_n(cell_width - 2)}" height="{_n(cell_height - 2)}" '
                f'fill="{shade(palette, share)}"{stroke}/>'
            )
            body.append(
                _text(
                    x + cell_width / 2,
                    y + 13.5,
                    fmt(value),
                    size=8.5,
                    anchor="middle",
                    weight=700 if outline or total else 400,
                    fill=ink_on(palette, share),
                )
            )
    if labels.passed_note:
        y = header + cell_height * len(rows) + 10
        body.append(
            f'<rect x="{_n(label_width + 1)}" y="{_n(y)}" width="16" height="11" fill="{shade(palette, 0.3)}" '
            f'stroke="{palette.ink}" stroke-width="2"/>'
        )
        body.append(_text(label_width + 24, y + 9, labels.passed_note, size=8, fill=palette.ink))
    return _svg(width, height, "".join(body), label=labels.title, css_class="heatmap")


@dataclass(frozen=True)
class DistributionLabels:
    title: str
    stages: tuple[str, ...]  # "Start", then each phase
    respondents: str  # "{count} respondents"


def distribution_svg(
    rows: Sequence[tuple[str, Sequence[int]]],
    *,
    palette: Palette,
    labels: DistributionLabels,
    bold_last: bool = False,
) -> str:
    """Per group a bar split into how many respondents reached each phase, counts printed."""
    label_width = 150.0
    bar_width = 330.0
    count_width = 70.0
    row_height = 22.0
    legend_rows = 2 if len(labels.stages) > 4 else 1
    legend = 16.0 * legend_rows + 6
    width = label_width + bar_width + count_width
    height = legend + row_height * len(rows) + 4
    stages = len(labels.stages)
    body = []
    per_row = (len(labels.stages) + legend_rows - 1) // legend_rows
    slot = (bar_width + count_width) / per_row
    for i, stage in enumerate(labels.stages):
        share = i / max(1, stages - 1)
        x = label_width + (i % per_row) * slot
        y = 2.0 + (i // per_row) * 16
        body.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="12" height="11" fill="{shade(palette, share)}" stroke="{palette.muted}" stroke-width="0.5"/>'
        )
        body.append(_text(x + 16, y + 9.5, wrap(stage, slot - 20, 8, 1)[0], size=8, fill=palette.ink))
    for r, (name, counts) in enumerate(rows):
        y = legend + r * row_height
        total = bold_last and r == len(rows) - 1
        body.append(
            _text(label_width - 6, y + 14, wrap(name, label_width - 8, 8.5, 1)[0], size=8.5, anchor="end",
                  weight=700 if total else 400, fill=palette.ink)
        )
        people = sum(counts)
        x = label_width
        for i, count in enumerate(counts):
            if not count or not people:
                continue
            share = i / max(1, stages - 1)
            w = bar_width * count / people
            body.append(
                f'<rect x="{_n(x)}" y="{_n(y + 3)}" width="{_n(w)}" height="{_n(row_height - 6)}" '
                f'fill="{shade(palette, share)}" stroke="{palette.paper}" stroke-width="0.8"/>'
            )
            if w >= 12:
                body.append(_text(x + w / 2, y + 14.5, str(count), size=8, anchor="middle", fill=ink_on(palette, share)))
            x += w
        # the bar's outline, over its segments, keeps a pale first segment apart from the page
        body.append(
            f'<rect x="{_n(label_width)}" y="{_n(y + 3)}" width="{_n(bar_width)}" height="{_n(row_height - 6)}" '
            f'fill="none" stroke="{palette.muted}" stroke-width="0.6"/>'
        )
        body.append(
            _text(label_width + bar_width + 6, y + 14, labels.respondents.format(count=people), size=8,
                  fill=palette.muted)
        )
    return _svg(width, height, "".join(body), label=labels.title, css_class="distribution")


def peer_strip_svg(
    values: Sequence[float],
    own: float | None,
    *,
    palette: Palette,
    fmt: Format,
    label: str,
    width: float = 240.0,
) -> str:
    """The scores of all groups as dots on 0..100, this group's as a marked diamond."""
    height = 24.0
    left, right = 6.0, width - 36.0
    span = right - left
    body = [
        f'<line x1="{_n(left)}" y1="12" x2="{_n(right)}" y2="12" stroke="{palette.line}" stroke-width="1"/>',
        *(
            f'<line x1="{_n(left + span * t / 100)}" y1="8" x2="{_n(left + span * t / 100)}" y2="16" '
            f'stroke="{palette.line}" stroke-width="0.8"/>'
            for t in (0, 50, 100)
        ),
    ]
    for value in values:
        body.append(
            f'<circle cx="{_n(left + span * value / 100)}" cy="12" r="3" fill="{palette.paper}" '
            f'stroke="{palette.muted}" stroke-width="1"/>'
        )
    if own is not None:
        x = left + span * own / 100
        body.append(
            f'<path d="M{_n(x)} 4 L{_n(x + 6)} 12 L{_n(x)} 20 L{_n(x - 6)} 12 Z" fill="{palette.ink}"/>'
        )
        body.append(_text(right + 6, 15.5, fmt(own), size=8.5, weight=700, fill=palette.ink))
    return _svg(width, height, "".join(body), label=label, css_class="peers")
