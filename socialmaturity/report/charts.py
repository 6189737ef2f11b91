"""The report's charts as SVG text: small pure functions, no plotting library.

Each function takes plain values and already translated labels and returns one
`<svg>` element to inline in the HTML. Vectors stay sharp at any zoom, and every
chart must read in black and white too: reached or passed is solid, not yet is
hatched or outlined, and every value is written beside its mark, so that colour
is never the only carrier of meaning.

WeasyPrint draws inline SVG on its own: the page's stylesheet does not reach into
it, so colours arrive as a `Palette` and fonts as presentation attributes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from ..i18n import N_, said

FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"

# DejaVu Sans is wide: on average a character takes about 0.6 of the font size.
# Wrapping by this estimate keeps labels inside their boxes without measuring.
CHAR_WIDTH = 0.6

_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@dataclass(frozen=True)
class Palette:
    """The chart colours; only hex colours, because they are written into SVG attributes."""

    ink: str = "#1f2933"
    accent: str = "#1c4e80"
    accent_soft: str = "#dbe6f1"
    muted: str = "#6b7785"
    line: str = "#c5ccd3"
    paper: str = "#ffffff"

    def __post_init__(self) -> None:
        for name in ("ink", "accent", "accent_soft", "muted", "line", "paper"):
            if not _HEX_COLOUR.match(getattr(self, name)):
                raise ValueError(said(N_("{name}: not a hex colour"), name=name))


Format = Callable[[float | None], str]
"""How a chart writes a score: 75.5 or 75,5, a dash for none."""


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _n(value: float) -> str:
    # Coordinates with two decimals: exact enough for print, short, and stable
    # across platforms so that the PDF is reproducible.
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def wrap(label: str, width: float, font_size: float, max_lines: int = 2) -> list[str]:
    """Break a label into lines that fit `width`, by the estimated width of DejaVu Sans.

    Words longer than a line are kept whole; the last line gets an ellipsis when
    the label does not fit into `max_lines`.
    """
    per_line = max(4, int(width / (font_size * CHAR_WIDTH)))
    lines: list[str] = []
    current = ""
    for word in label.split():
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= per_line or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        if len(last) >= per_line:
            last = last[: per_line - 1].rstrip()
        kept[-1] = last + "…"
        return kept
    return lines or [""]


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: float = 11,
    anchor: str = "start",
    weight: int = 400,
    fill: str = "#000000",
    extra: str = "",
) -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="{fill}"{extra}>{escape(content)}</text>'
    )


def _lines(
    x: float,
    y: float,
    lines: Sequence[str],
    *,
    size: float = 11,
    anchor: str = "start",
    weight: int = 400,
    fill: str = "#000000",
    leading: float = 1.25,
) -> str:
    return "".join(
        _text(x, y + i * size * leading, line, size=size, anchor=anchor, weight=weight, fill=fill)
        for i, line in enumerate(lines)
    )


def _svg(width: float, height: float, body: str, *, label: str, css_class: str) -> str:
    # width/height in CSS px (1/96 in) with a viewBox, so the chart scales with the page
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" role="img" '
        f'aria-label="{_attr(label)}" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" font-family="{FONT}">{body}</svg>'
    )


def _hatch(pattern_id: str, colour: str, background: str, spacing: float = 5) -> str:
    return (
        f'<pattern id="{pattern_id}" width="{_n(spacing)}" height="{_n(spacing)}" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="{_n(spacing)}" height="{_n(spacing)}" fill="{background}"/>'
        f'<line x1="0" y1="0" x2="0" y2="{_n(spacing)}" stroke="{colour}" stroke-width="1.6"/>'
        f"</pattern>"
    )


# -- the roadmap ---------------------------------------------------------------------


@dataclass(frozen=True)
class RoadmapStep:
    """One phase on the roadmap graphic."""

    name: str
    score: float | None
    threshold: str  # already written out, e.g. "threshold 70"
    passed: bool


@dataclass(frozen=True)
class RoadmapLabels:
    here: str  # "You are here"
    start: str  # the place before the first phase


def roadmap_svg(
    steps: Sequence[RoadmapStep],
    reached: int,
    labels: RoadmapLabels,
    number: Format,
    *,
    palette: Palette = Palette(),
    width: float = 640,
) -> str:
    """The phases as chevrons: reached ones solid, a "you are here" marker, score and threshold under each.

    `reached` is the scorecard's phase index: 0 at the start, k when phases 1..k count.
    """
    count = len(steps)
    start_width = 58.0
    tip = 14.0
    top = 40.0
    height_box = 58.0
    step_width = (width - start_width - tip) / max(count, 1)
    hatch = _hatch("roadmap-hatch", palette.line, palette.paper, 6)
    parts: list[str] = [f"<defs>{hatch}</defs>"]
    # the start: a small flag post before the first chevron
    start_mid = start_width / 2 - 4
    start_fill = palette.accent if reached == 0 else palette.paper
    start_ink = palette.paper if reached == 0 else palette.muted
    parts.append(
        f'<rect x="1" y="{_n(top + 12)}" width="{_n(start_width - 13)}" height="{_n(height_box - 24)}" '
        f'rx="4" fill="{start_fill}" stroke="{palette.muted}" stroke-width="1"/>'
    )
    parts.append(
        _text(
            start_mid - 2,
            top + height_box / 2 + 4,
            labels.start,
            size=9.5,
            anchor="middle",
            fill=start_ink,
        )
    )
    for i, step in enumerate(steps):
        x = start_width + i * step_width
        reached_here = i < reached
        points = [
            (x, top),
            (x + step_width, top),
            (x + step_width + tip, top + height_box / 2),
            (x + step_width, top + height_box),
            (x, top + height_box),
        ]
        if i > 0:
            points.append((x + tip, top + height_box / 2))
        polygon = " ".join(f"{_n(px)},{_n(py)}" for px, py in points)
        if reached_here:
            # a paper-coloured outline keeps neighbouring reached chevrons apart
            fill, ink, stroke = palette.accent, palette.paper, palette.paper
        elif step.passed:
            # passed on its own, but gated by an earlier phase: hatched, not solid
            fill, ink, stroke = "url(#roadmap-hatch)", palette.ink, palette.muted
        else:
            fill, ink, stroke = palette.paper, palette.ink, palette.muted
        parts.append(
            f'<polygon points="{polygon}" fill="{fill}" stroke="{stroke}" stroke-width="1.2" '
            f'stroke-linejoin="round"/>'
        )
        inner_left = x + (tip if i > 0 else 0) + 8
        inner_width = step_width - (tip if i > 0 else 0) - 10
        centre = inner_left + inner_width / 2
        parts.append(
            _text(centre, top + 15, f"{i + 1}", size=9, anchor="middle", weight=700, fill=ink)
        )
        name_lines = wrap(step.name, inner_width, 10.5)
        first_line = top + 31 if len(name_lines) == 1 else top + 28
        parts.append(
            _lines(
                centre,
                first_line,
                name_lines,
                size=10.5,
                anchor="middle",
                weight=700,
                fill=ink,
                leading=1.2,
            )
        )
        # score and threshold under the chevron, written out so colour is not needed
        below = top + height_box + 18
        score_text = number(step.score)
        mark = " ✓" if step.passed else ""
        parts.append(
            _text(
                centre,
                below,
                score_text + mark,
                size=12,
                anchor="middle",
                weight=700,
                fill=palette.ink,
            )
        )
        parts.append(
            _text(centre, below + 14, step.threshold, size=9, anchor="middle", fill=palette.muted)
        )
    # "you are here": a label and a triangle pointing at the current place
    if reached == 0:
        here_x = start_mid - 2
    else:
        i = reached - 1
        x = start_width + i * step_width
        here_x = x + (tip if i > 0 else 0) + 8 + (step_width - (tip if i > 0 else 0) - 10) / 2
    label_x = min(max(here_x, 60.0), width - 60.0)
    parts.append(
        _text(label_x, 14, labels.here, size=10.5, anchor="middle", weight=700, fill=palette.ink)
    )
    parts.append(
        f'<polygon points="{_n(here_x - 7)},{_n(22)} {_n(here_x + 7)},{_n(22)} {_n(here_x)},{_n(34)}" '
        f'fill="{palette.ink}"/>'
    )
    height = top + height_box + 40
    return _svg(width, height, "".join(parts), label=labels.here, css_class="roadmap-chart")


# -- phase scores against thresholds ----------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: a label, a score 0..100 (None: no answers) and an optional threshold."""

    label: str
    score: float | None
    threshold: float | None = None
    passed: bool = True
    note: tuple[str, ...] = ()  # lines written after the value, e.g. ("passed", "100% answered")


@dataclass(frozen=True)
class BarLabels:
    solid: str  # what a solid bar means, e.g. "passed"
    hatched: str  # what a hatched bar means, e.g. "not passed"
    threshold: str  # what the tick means, e.g. "threshold"


def bars_svg(
    bars: Sequence[Bar],
    number: Format,
    *,
    labels: BarLabels | None = None,
    palette: Palette = Palette(),
    width: float = 640,
    chart_id: str = "bars",
) -> str:
    """Horizontal bars on a 0-100 scale, each with its value; thresholds as ticks.

    Passed bars are solid and others hatched, so the chart reads in black and white.
    """
    label_width = 120.0
    left = label_width + 8
    notes = any(bar.note for bar in bars)
    value_width = 56.0 + (170.0 if notes else 0.0)
    scale = width - left - value_width
    row = 30.0
    top = 8.0
    bar_height = 14.0
    hatch_id = f"{chart_id}-hatch"
    parts = [f"<defs>{_hatch(hatch_id, palette.muted, palette.paper)}</defs>"]
    plot_height = row * len(bars)
    for tick in (0, 25, 50, 75, 100):
        x = left + scale * tick / 100
        parts.append(
            f'<line x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(top + plot_height)}" '
            f'stroke="{palette.line}" stroke-width="0.6"/>'
        )
        parts.append(
            _text(
                x, top + plot_height + 12, str(tick), size=8.5, anchor="middle", fill=palette.muted
            )
        )
    for i, bar in enumerate(bars):
        y = top + i * row + (row - bar_height) / 2
        label_lines = wrap(bar.label, label_width, 10)
        label_y = y + bar_height / 2 + 3.5 - (len(label_lines) - 1) * 6
        parts.append(_lines(0, label_y, label_lines, size=10, fill=palette.ink, leading=1.2))
        parts.append(
            f'<rect x="{_n(left)}" y="{_n(y)}" width="{_n(scale)}" height="{_n(bar_height)}" '
            f'fill="{palette.paper}" stroke="{palette.line}" stroke-width="0.6"/>'
        )
        if bar.score is not None:
            length = scale * max(0.0, min(bar.score, 100.0)) / 100
            fill = palette.accent if bar.passed else f"url(#{hatch_id})"
            stroke = palette.accent if bar.passed else palette.muted
            parts.append(
                f'<rect x="{_n(left)}" y="{_n(y)}" width="{_n(length)}" height="{_n(bar_height)}" '
                f'fill="{fill}" stroke="{stroke}" stroke-width="0.8"/>'
            )
        if bar.threshold is not None:
            tx = left + scale * bar.threshold / 100
            parts.append(
                f'<line x1="{_n(tx)}" y1="{_n(y - 5)}" x2="{_n(tx)}" y2="{_n(y + bar_height + 5)}" '
                f'stroke="{palette.ink}" stroke-width="2.2"/>'
            )
        parts.append(
            _text(
                left + scale + 8,
                y + bar_height / 2 + 4,
                number(bar.score),
                size=10.5,
                weight=700,
                fill=palette.ink,
            )
        )
        if bar.note:
            note_y = y + bar_height / 2 + 3.5 - (len(bar.note[:2]) - 1) * 5
            parts.append(
                _lines(
                    left + scale + 50,
                    note_y,
                    bar.note[:2],
                    size=8.5,
                    fill=palette.muted,
                    leading=1.2,
                )
            )
    height = top + plot_height + 18
    if labels is not None:
        legend_y = height + 8
        parts.append(
            f'<rect x="{_n(left)}" y="{_n(legend_y - 9)}" width="18" height="10" fill="{palette.accent}"/>'
        )
        parts.append(_text(left + 24, legend_y, labels.solid, size=9, fill=palette.ink))
        second = left + 24 + len(labels.solid) * 9 * CHAR_WIDTH + 18
        parts.append(
            f'<rect x="{_n(second)}" y="{_n(legend_y - 9)}" width="18" height="10" '
            f'fill="url(#{hatch_id})" stroke="{palette.muted}" stroke-width="0.8"/>'
        )
        parts.append(_text(second + 24, legend_y, labels.hatched, size=9, fill=palette.ink))
        third = second + 24 + len(labels.hatched) * 9 * CHAR_WIDTH + 18
        parts.append(
            f'<line x1="{_n(third + 4)}" y1="{_n(legend_y - 11)}" x2="{_n(third + 4)}" y2="{_n(legend_y + 3)}" '
            f'stroke="{palette.ink}" stroke-width="2.2"/>'
        )
        parts.append(_text(third + 12, legend_y, labels.threshold, size=9, fill=palette.ink))
        height = legend_y + 8
    return _svg(
        width, height, "".join(parts), label=bars[0].label if bars else "", css_class="bars-chart"
    )


# -- the dimensions as a radar --------------------------------------------------------------


@dataclass(frozen=True)
class RadarLabels:
    now: str  # legend for the current polygon, e.g. "This assessment (15 January 2026)"
    earlier: str | None = None  # legend for the dashed earlier polygon


def radar_svg(
    axes: Sequence[tuple[str, float | None]],
    number: Format,
    labels: RadarLabels,
    *,
    earlier: Sequence[float | None] | None = None,
    palette: Palette = Palette(),
    width: float = 640,
) -> str:
    """One axis per dimension (0 at the centre, 100 at the rim), with each value written at its point.

    With `earlier`, the earlier assessment is drawn dashed with hollow squares. A
    dimension without answers sits at the centre and is labelled with a dash.
    """
    count = len(axes)
    if count < 3:
        # two axes make a line, not a shape: bars say the same more clearly
        return bars_svg(
            [Bar(name, value) for name, value in axes],
            number,
            palette=palette,
            width=width,
            chart_id="radar",
        )
    radius = 128.0
    cx = width / 2
    cy = radius + 44
    label_size = 10.0

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / count
        r = radius * max(0.0, min(value, 100.0)) / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    parts: list[str] = []
    for ring in (25, 50, 75, 100):
        ring_points = " ".join(
            f"{_n(x)},{_n(y)}" for x, y in (point(i, ring) for i in range(count))
        )
        parts.append(
            f'<polygon points="{ring_points}" fill="none" stroke="{palette.line}" '
            f'stroke-width="{0.9 if ring == 100 else 0.5}"/>'
        )
        # ring values halfway between the first two axes, where no point, value or
        # name is drawn: on the first axis a value's marker would hide them
        (ax, ay), (bx, by) = point(0, ring), point(1, ring)
        parts.append(
            _text((ax + bx) / 2 + 2, (ay + by) / 2 + 3, str(ring), size=7.5, anchor="start", fill=palette.muted)
        )
    for i, (name, _) in enumerate(axes):
        x, y = point(i, 100)
        parts.append(
            f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}" stroke="{palette.line}" stroke-width="0.6"/>'
        )
        # labels outside the rim, anchored away from the centre
        angle = -math.pi / 2 + 2 * math.pi * i / count
        lx = cx + (radius + 16) * math.cos(angle)
        ly = cy + (radius + 16) * math.sin(angle)
        cos = math.cos(angle)
        anchor = "middle" if abs(cos) < 0.25 else ("start" if cos > 0 else "end")
        room = 150.0 if anchor != "middle" else 190.0
        name_lines = wrap(name, room, label_size)
        if abs(cos) < 0.25:
            ly = (
                ly - (len(name_lines) - 1) * label_size * 1.2 - 2
                if math.sin(angle) < 0
                else ly + label_size
            )
        else:
            ly = ly + 4 - (len(name_lines) - 1) * label_size * 0.6
        parts.append(
            _lines(
                lx, ly, name_lines, size=label_size, anchor=anchor, fill=palette.ink, leading=1.2
            )
        )
    if earlier is not None:
        before = [point(i, v or 0.0) for i, v in enumerate(earlier)]
        parts.append(
            f'<polygon points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in before)}" fill="none" '
            f'stroke="{palette.muted}" stroke-width="1.4" stroke-dasharray="5 3"/>'
        )
        for x, y in before:
            parts.append(
                f'<rect x="{_n(x - 3)}" y="{_n(y - 3)}" width="6" height="6" fill="{palette.paper}" '
                f'stroke="{palette.muted}" stroke-width="1.2"/>'
            )
    now = [point(i, value or 0.0) for i, (_, value) in enumerate(axes)]
    parts.append(
        f'<polygon points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in now)}" fill="{palette.accent}" '
        f'fill-opacity="0.18" stroke="{palette.accent}" stroke-width="2"/>'
    )
    for i, ((x, y), (_, value)) in enumerate(zip(now, axes, strict=True)):
        parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.2" fill="{palette.accent}"/>')
        # Each value is written on its own axis: inside the point when it is near
        # the rim (where the dimension's name sits), outside it otherwise, and
        # never closer to the centre than a quarter, where labels would pile up.
        shown = value or 0.0
        along = shown - 14 if shown >= 62 else max(shown, 24.0) + 13
        vx, vy = point(i, along)
        label = number(value)
        # a paper-coloured box under the value keeps it readable over lines
        box = len(label) * 9.5 * CHAR_WIDTH + 4
        parts.append(
            f'<rect x="{_n(vx - box / 2)}" y="{_n(vy - 6)}" width="{_n(box)}" height="12" rx="2" '
            f'fill="{palette.paper}" fill-opacity="0.85"/>'
        )
        parts.append(
            _text(vx, vy + 3.5, label, size=9.5, anchor="middle", weight=700, fill=palette.ink)
        )
    # legend: a solid line with a dot for now, dashed with a square for earlier
    legend_y = cy + radius + 52
    parts.append(
        f'<line x1="{_n(cx - 200)}" y1="{_n(legend_y - 4)}" x2="{_n(cx - 176)}" y2="{_n(legend_y - 4)}" '
        f'stroke="{palette.accent}" stroke-width="2"/>'
        f'<circle cx="{_n(cx - 188)}" cy="{_n(legend_y - 4)}" r="3" fill="{palette.accent}"/>'
    )
    parts.append(_text(cx - 170, legend_y, labels.now, size=9, fill=palette.ink))
    if earlier is not None and labels.earlier:
        ex = cx + 20
        parts.append(
            f'<line x1="{_n(ex)}" y1="{_n(legend_y - 4)}" x2="{_n(ex + 24)}" y2="{_n(legend_y - 4)}" '
            f'stroke="{palette.muted}" stroke-width="1.4" stroke-dasharray="5 3"/>'
            f'<rect x="{_n(ex + 9)}" y="{_n(legend_y - 7)}" width="6" height="6" fill="{palette.paper}" '
            f'stroke="{palette.muted}" stroke-width="1.2"/>'
        )
        parts.append(_text(ex + 30, legend_y, labels.earlier, size=9, fill=palette.ink))
    height = legend_y + 10
    return _svg(width, height, "".join(parts), label=labels.now, css_class="radar-chart")


# -- votes of a workshop -----------------------------------------------------------------------


def votes_svg(
    options: Sequence[tuple[str, int, bool]],
    *,
    palette: Palette = Palette(),
    width: float = 640,
) -> str:
    """One small bar per option: (label, votes, chosen). The chosen answer is bold and marked ▶.

    Option labels are often whole sentences, so they wrap over up to three lines
    and each row is as tall as its label.
    """
    label_width = 400.0
    left = label_width + 12
    scale = width - left - 28
    size = 10.0
    leading = 1.25
    most = max((votes for _, votes, _ in options), default=0) or 1
    parts: list[str] = []
    y = 2.0
    for label, votes, chosen in options:
        lines = wrap(("▶ " if chosen else "") + label, label_width, size, max_lines=3)
        row = max(16.0, len(lines) * size * leading + 5)
        parts.append(
            _lines(
                0,
                y + 10,
                lines,
                size=size,
                weight=700 if chosen else 400,
                fill=palette.ink,
                leading=leading,
            )
        )
        if votes:
            parts.append(
                f'<rect x="{_n(left)}" y="{_n(y + 2)}" width="{_n(scale * votes / most)}" height="10" '
                f'fill="{palette.accent if chosen else palette.muted}"/>'
            )
        else:
            parts.append(
                f'<line x1="{_n(left)}" y1="{_n(y + 2)}" x2="{_n(left)}" y2="{_n(y + 12)}" '
                f'stroke="{palette.line}" stroke-width="1"/>'
            )
        end = left + (scale * votes / most if votes else 0) + 5
        parts.append(_text(end, y + 10.5, str(votes), size=size, weight=700, fill=palette.ink))
        y += row
    return _svg(width, y + 2, "".join(parts), label="votes", css_class="votes-chart")


# -- change since the earlier assessment ------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    label: str
    before: float | None
    after: float | None


@dataclass(frozen=True)
class ChangeLabels:
    before: str  # e.g. "earlier (12 March 2025)"
    after: str  # e.g. "now (15 January 2026)"


def change_svg(
    rows: Sequence[Change],
    number: Format,
    labels: ChangeLabels,
    *,
    palette: Palette = Palette(),
    width: float = 640,
    chart_id: str = "change",
) -> str:
    """Per row two thin bars, earlier (outlined, hatched) above now (solid), and the difference."""
    label_width = 190.0
    left = label_width + 8
    delta_width = 64.0
    scale = width - left - delta_width - 40
    row = 30.0
    top = 6.0
    hatch_id = f"{chart_id}-hatch"
    parts = [f"<defs>{_hatch(hatch_id, palette.line, palette.paper, 4)}</defs>"]
    plot_height = row * len(rows)
    for tick in (0, 25, 50, 75, 100):
        x = left + scale * tick / 100
        parts.append(
            f'<line x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(top + plot_height)}" '
            f'stroke="{palette.line}" stroke-width="0.5"/>'
        )
        parts.append(
            _text(x, top + plot_height + 11, str(tick), size=8, anchor="middle", fill=palette.muted)
        )
    for i, change in enumerate(rows):
        y = top + i * row + 4
        label_lines = wrap(change.label, label_width, 9.5)
        parts.append(
            _lines(
                0,
                y + 13 - (len(label_lines) - 1) * 5.5,
                label_lines,
                size=9.5,
                fill=palette.ink,
                leading=1.15,
            )
        )
        if change.before is not None:
            parts.append(
                f'<rect x="{_n(left)}" y="{_n(y)}" width="{_n(scale * change.before / 100)}" height="8" '
                f'fill="url(#{hatch_id})" stroke="{palette.muted}" stroke-width="0.8"/>'
            )
        if change.after is not None:
            parts.append(
                f'<rect x="{_n(left)}" y="{_n(y + 10)}" width="{_n(scale * change.after / 100)}" height="10" '
                f'fill="{palette.accent}"/>'
            )
        parts.append(
            _text(left + scale + 6, y + 8, number(change.before), size=8, fill=palette.muted)
        )
        parts.append(
            _text(
                left + scale + 6, y + 19, number(change.after), size=9, weight=700, fill=palette.ink
            )
        )
        parts.append(
            _text(
                width,
                y + 15,
                delta(change.before, change.after, number),
                size=10.5,
                anchor="end",
                weight=700,
                fill=palette.ink,
            )
        )
    legend_y = top + plot_height + 28
    parts.append(
        f'<rect x="{_n(left)}" y="{_n(legend_y - 8)}" width="18" height="8" fill="url(#{hatch_id})" '
        f'stroke="{palette.muted}" stroke-width="0.8"/>'
    )
    parts.append(_text(left + 24, legend_y, labels.before, size=9, fill=palette.ink))
    second = left + 24 + len(labels.before) * 9 * CHAR_WIDTH + 18
    parts.append(
        f'<rect x="{_n(second)}" y="{_n(legend_y - 9)}" width="18" height="10" fill="{palette.accent}"/>'
    )
    parts.append(_text(second + 24, legend_y, labels.after, size=9, fill=palette.ink))
    return _svg(width, legend_y + 8, "".join(parts), label=labels.after, css_class="change-chart")


def delta(before: float | None, after: float | None, number: Format) -> str:
    """The change in points with its sign: "+12.5", "−3.0", "±0.0"; a dash when either is missing."""
    if before is None or after is None:
        return "–"
    difference = round(after - before, 1)
    if difference > 0:
        return "+" + number(difference)
    if difference < 0:
        return "−" + number(-difference)
    return "±" + number(0.0)


# -- the plan: a timeline by quarter and an effort/impact matrix -------------------------------

MARK_LEVELS = ("low", "medium", "high")


@dataclass(frozen=True)
class Chip:
    """One action on a chart: its number in the plan, and whether it is done."""

    number: int
    state: str  # "open", "in-progress", "done" or "dropped"


def _chip(x: float, y: float, chip: Chip, palette: Palette, size: float = 16) -> str:
    """A numbered square: outlined when open, half filled in progress, solid when done,
    struck through when dropped, so that the state reads in black and white too."""
    fill, ink = palette.paper, palette.ink
    extra = ""
    if chip.state == "done":
        fill, ink = palette.accent, palette.paper
    elif chip.state == "in-progress":
        extra = (
            f'<path d="M{_n(x)},{_n(y + size)} L{_n(x + size)},{_n(y)} L{_n(x + size)},{_n(y + size)} Z" '
            f'fill="{palette.accent}" fill-opacity="0.45"/>'
        )
    body = (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(size)}" height="{_n(size)}" rx="2" fill="{fill}" '
        f'stroke="{palette.accent}" stroke-width="1"/>{extra}'
        + _text(x + size / 2, y + size * 0.7, str(chip.number), size=size * 0.5, anchor="middle", weight=700, fill=ink)
    )
    if chip.state == "dropped":
        body += (
            f'<line x1="{_n(x + 2)}" y1="{_n(y + size - 2)}" x2="{_n(x + size - 2)}" y2="{_n(y + 2)}" '
            f'stroke="{palette.ink}" stroke-width="1.2"/>'
        )
    return body


@dataclass(frozen=True)
class ChipLegend:
    open: str
    in_progress: str
    done: str
    dropped: str


def _chip_legend(x: float, y: float, legend: ChipLegend, palette: Palette) -> str:
    parts = []
    for state, label in (("open", legend.open), ("in-progress", legend.in_progress), ("done", legend.done), ("dropped", legend.dropped)):
        parts.append(_chip(x, y - 10, Chip(0, state), palette, size=12).replace(">0<", "><"))
        parts.append(_text(x + 17, y, label, size=9, fill=palette.ink))
        x += 17 + len(label) * 9 * CHAR_WIDTH + 16
    return "".join(parts)


def timeline_svg(
    quarters: Sequence[str],
    lanes: Sequence[tuple[str, Sequence[Sequence[Chip]]]],
    legend: ChipLegend,
    *,
    palette: Palette = Palette(),
    width: float = 640,
) -> str:
    """The plan by quarter: one column per quarter, one lane per phase, each action a
    numbered chip in the quarter it is due. `lanes` holds per phase its chips per quarter."""
    label_width = 120.0
    left = label_width + 6
    column = (width - left) / max(1, len(quarters))
    chip, gap = 16.0, 3.0
    per_row = max(1, int((column - 6) // (chip + gap)))
    parts: list[str] = []
    top = 18.0
    for q, name in enumerate(quarters):
        parts.append(_text(left + q * column + column / 2, 11, name, size=9, anchor="middle", weight=700, fill=palette.ink))
    y = top
    for name, cells in lanes:
        rows = max([1, *(-(-len(c) // per_row) for c in cells)])
        height = rows * (chip + gap) + 8
        parts.append(
            f'<rect x="0" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" fill="{palette.accent_soft}" fill-opacity="0.35"/>'
        )
        label_lines = wrap(name, label_width - 6, 9.5)
        parts.append(_lines(4, y + 14, label_lines, size=9.5, weight=700, fill=palette.ink, leading=1.15))
        for q, chips in enumerate(cells):
            for n, item in enumerate(chips):
                cx = left + q * column + 3 + (n % per_row) * (chip + gap)
                cy = y + 4 + (n // per_row) * (chip + gap)
                parts.append(_chip(cx, cy, item, palette, chip))
        y += height + 4
    for q in range(len(quarters) + 1):
        x = left + q * column
        parts.append(f'<line x1="{_n(x)}" y1="{_n(top - 2)}" x2="{_n(x)}" y2="{_n(y - 4)}" stroke="{palette.line}" stroke-width="0.6"/>')
    legend_y = y + 14
    parts.append(_chip_legend(left, legend_y, legend, palette))
    return _svg(width, legend_y + 6, "".join(parts), label=", ".join(quarters), css_class="timeline-chart")


@dataclass(frozen=True)
class MatrixLabels:
    effort: str  # the x axis
    impact: str  # the y axis
    levels: tuple[str, str, str]  # low, medium, high in words
    quick_wins: str  # the corner of low effort and high impact


def matrix_svg(
    points: Sequence[tuple[Chip, str, str]],
    labels: MatrixLabels,
    legend: ChipLegend,
    *,
    palette: Palette = Palette(),
    width: float = 640,
) -> str:
    """Effort (across) against impact (up), three levels each: every action a numbered
    chip in its cell; the corner of low effort and high impact is marked."""
    left, top = 64.0, 8.0
    cell_w = (width - left - 4) / 3
    chip, gap = 16.0, 3.0
    per_row = max(1, int((cell_w - 8) // (chip + gap)))
    cells: dict[tuple[int, int], list[Chip]] = {}
    for item, effort_level, impact_level in points:
        cells.setdefault((MARK_LEVELS.index(effort_level), MARK_LEVELS.index(impact_level)), []).append(item)
    rows_of = [max([1, *(-(-len(cells.get((e, i), [])) // per_row) for e in range(3))]) for i in range(3)]
    heights = [max(44.0, r * (chip + gap) + 22) for r in rows_of]
    parts: list[str] = []
    y = top
    for impact in (2, 1, 0):
        h = heights[impact]
        for effort in range(3):
            x = left + effort * cell_w
            quick = effort == 0 and impact == 2
            parts.append(
                f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(cell_w)}" height="{_n(h)}" '
                f'fill="{palette.accent_soft if quick else palette.paper}" stroke="{palette.line}" stroke-width="0.8"/>'
            )
            if quick:
                parts.append(_text(x + cell_w - 4, y + h - 5, labels.quick_wins, size=8.5, anchor="end", weight=700, fill=palette.accent))
            for n, item in enumerate(cells.get((effort, impact), [])):
                parts.append(_chip(x + 5 + (n % per_row) * (chip + gap), y + 5 + (n // per_row) * (chip + gap), item, palette, chip))
        parts.append(_text(left - 6, y + h / 2 + 3, labels.levels[impact], size=9, anchor="end", fill=palette.ink))
        y += h
    for effort in range(3):
        parts.append(_text(left + effort * cell_w + cell_w / 2, y + 13, labels.levels[effort], size=9, anchor="middle", fill=palette.ink))
    parts.append(_text(left + 1.5 * cell_w, y + 28, labels.effort + " →", size=9.5, anchor="middle", weight=700, fill=palette.ink))
    middle = top + (y - top) / 2
    parts.append(
        _text(12, middle, labels.impact + " →", size=9.5, anchor="middle", weight=700, fill=palette.ink,
              extra=f' transform="rotate(-90 12 {_n(middle)})"')
    )
    legend_y = y + 48
    parts.append(_chip_legend(left, legend_y, legend, palette))
    return _svg(width, legend_y + 6, "".join(parts), label=f"{labels.effort} / {labels.impact}", css_class="matrix-chart")


# -- progress over time --------------------------------------------------------------------------

_DASHES = ("", "6 3", "2 2", "8 3 2 3", "4 4", "1 3", "10 2")


def lines_svg(
    dates: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    number: Format,
    *,
    threshold: float | None = None,
    threshold_label: str = "",
    palette: Palette = Palette(),
    width: float = 640,
    chart_id: str = "lines",
) -> str:
    """One line per phase or dimension over the assessments (0..100 up, dates across),
    each with its own dash and its name and last value at its end, so that lines can be
    told apart without colour."""
    label_width = 190.0
    left, right = 30.0, width - label_width
    top, plot = 10.0, 170.0
    count = len(dates)

    def x_of(i: int) -> float:
        return left + (right - left - 16) * (i / (count - 1) if count > 1 else 0.5)

    def y_of(value: float) -> float:
        return top + plot * (1 - max(0.0, min(value, 100.0)) / 100)

    parts: list[str] = []
    for tick in (0, 25, 50, 75, 100):
        y = y_of(tick)
        parts.append(f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(right - 16)}" y2="{_n(y)}" stroke="{palette.line}" stroke-width="0.5"/>')
        parts.append(_text(left - 4, y + 3, str(tick), size=7.5, anchor="end", fill=palette.muted))
    if threshold is not None:
        y = y_of(threshold)
        parts.append(
            f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(right - 16)}" y2="{_n(y)}" stroke="{palette.ink}" '
            f'stroke-width="1" stroke-dasharray="3 2"/>'
        )
        parts.append(_text(left + 2, y - 3, threshold_label, size=7.5, fill=palette.ink))
    for i, date in enumerate(dates):
        parts.append(_text(x_of(i), top + plot + 14, date, size=8.5, anchor="middle", fill=palette.ink))
    ends: list[tuple[float, str, str, str]] = []
    for k, (name, values) in enumerate(series):
        dash = _DASHES[k % len(_DASHES)]
        colour = palette.accent if k % 2 == 0 else palette.ink
        points = [(x_of(i), y_of(v)) for i, v in enumerate(values) if v is not None]
        if len(points) > 1:
            parts.append(
                f'<polyline points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in points)}" fill="none" '
                f'stroke="{colour}" stroke-width="1.6"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
            )
        for x, y in points:
            parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2.4" fill="{colour}"/>')
        last = next((v for v in reversed(values) if v is not None), None)
        if last is not None:
            ends.append((y_of(last), f"{name} {number(last)}", dash, colour))
    # names at the right end, pushed apart so that none overlaps the next
    ends.sort()
    placed: list[float] = []
    for y, label, dash, colour in ends:
        y = max(y + 3, (placed[-1] + 10.5) if placed else y + 3)
        placed.append(y)
        # a piece of the line's own dash before its name
        parts.append(
            f'<line x1="{_n(right - 10)}" y1="{_n(y - 3)}" x2="{_n(right + 8)}" y2="{_n(y - 3)}" stroke="{colour}" '
            f'stroke-width="1.6"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
        )
        parts.append(_text(right + 12, y, label, size=8.5, fill=palette.ink))
    height = max(top + plot + 22, (placed[-1] + 6) if placed else 0)
    return _svg(width, height, "".join(parts), label=", ".join(dates), css_class=f"lines-chart {chart_id}")
