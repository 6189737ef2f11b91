"""The report's charts: pure functions from values to SVG, readable without colour."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialmaturity.report import charts
from socialmaturity.report.render import palette_from
from socialmaturity.views import number

SVG = "{http://www.w3.org/2000/svg}"


def en(value: float | None) -> str:
    return number(value, "en")


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def no_raster(svg: str) -> None:
    assert "<image" not in svg and "data:" not in svg


STEPS = [
    charts.RoadmapStep("Social presence", 85.2, "threshold 75", True),
    charts.RoadmapStep("Dialogue", 76.7, "threshold 70", True),
    charts.RoadmapStep("Engagement", 45.5, "threshold 70", False),
    charts.RoadmapStep("Integration", None, "threshold 65", False),
]
LABELS = charts.RoadmapLabels(here="You are here", start="Start")


# -- wrapping and differences ---------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "width", "lines"),
    [
        ("Dialogue", 100, ["Dialogue"]),
        ("Social presence", 100, ["Social presence"]),
        ("Social presence", 60, ["Social", "presence"]),
        ("a b c d e f g h i j k l m n o p", 30, ["a b c", "d e…"]),
        ("Supercalifragilistic word", 30, ["Supercalifragilistic", "word"]),
        ("", 100, [""]),
    ],
)
def test_wrap(label: str, width: float, lines: list[str]) -> None:
    assert charts.wrap(label, width, 10) == lines


@pytest.mark.parametrize(
    ("before", "after", "language", "shown"),
    [
        (50.0, 62.5, "en", "+12.5"),
        (62.5, 50.0, "en", "−12.5"),
        (50.0, 50.0, "en", "±0.0"),
        (50.0, 62.5, "nl", "+12,5"),
        (None, 62.5, "en", "–"),
        (50.0, None, "en", "–"),
        (33.33, 33.34, "en", "±0.0"),
    ],
)
def test_delta(before: float | None, after: float | None, language: str, shown: str) -> None:
    assert charts.delta(before, after, lambda v: number(v, language)) == shown


@pytest.mark.parametrize("colour", ["red", "#12345", "#1234567", "url(#x)", '#fff" onload="x'])
def test_palette_takes_only_hex_colours(colour: str) -> None:
    with pytest.raises(ValueError):
        charts.Palette(accent=colour)


def test_palette_from_stylesheets_later_wins_and_ignores_non_hex() -> None:
    palette = palette_from(
        [
            ":root { --accent: #111111; --muted: #222; }",
            ":root { --accent: #b00020; --ink: var(--x); --line: rgb(1,2,3); }",
        ]
    )
    assert (palette.accent, palette.muted, palette.ink, palette.line) == (
        "#b00020",
        "#222",
        "#1f2933",
        "#c5ccd3",
    )


# -- the roadmap ---------------------------------------------------------------------


@pytest.mark.parametrize("reached", [0, 1, 2, 4])
def test_roadmap_fills_the_reached_phases_and_marks_the_place(reached: int) -> None:
    palette = charts.Palette()
    svg = charts.roadmap_svg(STEPS, reached, LABELS, en, palette=palette)
    root = parse(svg)
    no_raster(svg)
    # one chevron per phase, then the "you are here" triangle
    polygons = list(root.iter(f"{SVG}polygon"))
    chevrons, marker = polygons[:-1], polygons[-1]
    assert len(chevrons) == len(STEPS)
    filled = [p.get("fill") == palette.accent for p in chevrons]
    assert filled == [i < reached for i in range(len(STEPS))]
    # the marker's tip points at the middle of the current chevron (or the start box)
    tip_x = float(marker.get("points", "").split()[-1].split(",")[0])
    if reached:
        xs = [float(pt.split(",")[0]) for pt in chevrons[reached - 1].get("points", "").split()]
        assert min(xs) < tip_x < max(xs)
    else:
        start = next(r for r in root.iter(f"{SVG}rect") if r.get("rx") == "4")
        assert (
            float(start.get("x", "0"))
            < tip_x
            < float(start.get("x", "0")) + float(start.get("width", "0"))
        )
    shown = texts(root)
    assert "You are here" in shown
    assert [t for t in shown if re.match(r"^(\d+\.\d|–)( ✓)?$", t)] == [
        "85.2 ✓",
        "76.7 ✓",
        "45.5",
        "–",
    ]
    assert [t for t in shown if t.startswith("threshold")] == [s.threshold for s in STEPS]


def test_roadmap_hatches_a_phase_passed_on_its_own_but_not_counted() -> None:
    gated = [
        charts.RoadmapStep("One", 10.0, "t", False),
        charts.RoadmapStep("Two", 90.0, "t", True),
    ]
    root = parse(charts.roadmap_svg(gated, 0, LABELS, en))
    fills = [p.get("fill") for p in root.iter(f"{SVG}polygon")][:2]
    assert fills == ["#ffffff", "url(#roadmap-hatch)"]


def test_roadmap_wraps_long_names_inside_their_chevron() -> None:
    steps = [charts.RoadmapStep("Social business for everyone", 1.0, "t", False)] * 5
    root = parse(charts.roadmap_svg(steps, 0, LABELS, en))
    names = [
        t.text or ""
        for t in root.iter(f"{SVG}text")
        if t.get("font-size") == "10.5" and t.text != LABELS.here
    ]
    # two lines per chevron at most, each narrower than the chevron (640 px over 5 phases)
    assert len(names) == 2 * len(steps)
    assert names[:2] == ["Social business", "for everyone"]
    assert all(len(line) * 10.5 * charts.CHAR_WIDTH < 640 / 5 - 14 for line in names)


# -- bars ------------------------------------------------------------------------------


def test_bars_draw_threshold_ticks_and_hatch_what_is_not_passed() -> None:
    bars = [
        charts.Bar("Alpha", 80.0, 50.0, True, ("passed",)),
        charts.Bar("Beta", 40.0, 70.0, False),
    ]
    labels = charts.BarLabels("passed", "not yet passed", "threshold")
    svg = charts.bars_svg(bars, en, labels=labels, chart_id="t")
    root = parse(svg)
    no_raster(svg)
    shown = texts(root)
    assert {"Alpha", "Beta", "80.0", "40.0", "passed", "not yet passed", "threshold"} <= set(shown)
    rects = [r for r in root.iter(f"{SVG}rect") if r.get("height") == "14"]
    # per bar: the track, then the value
    assert [r.get("fill") for r in rects][1::2] == ["#1c4e80", "url(#t-hatch)"]
    track = rects[0]
    left, scale = float(track.get("x", "0")), float(track.get("width", "0"))
    ticks = [ln for ln in root.iter(f"{SVG}line") if ln.get("stroke-width") == "2.2"]
    tick_xs = [float(ln.get("x1", "0")) for ln in ticks[:2]]
    assert tick_xs == pytest.approx([left + scale * 0.5, left + scale * 0.7])


def test_bar_without_answers_shows_a_dash_and_no_value_bar() -> None:
    root = parse(charts.bars_svg([charts.Bar("Gamma", None, 70.0, False)], en))
    assert "–" in texts(root)
    assert len([r for r in root.iter(f"{SVG}rect") if r.get("height") == "14"]) == 1


# -- radar ------------------------------------------------------------------------------


AXES = [("Strategy", 38.1), ("People", 33.3), ("Processes", 66.7), ("Measurement", None)]


def test_radar_has_an_axis_and_a_value_label_per_dimension() -> None:
    svg = charts.radar_svg(AXES, en, charts.RadarLabels("Now"))
    root = parse(svg)
    no_raster(svg)
    shown = texts(root)
    for name, value in AXES:
        assert name in shown
        assert en(value) in shown
    spokes = [ln for ln in root.iter(f"{SVG}line") if ln.get("stroke-width") == "0.6"]
    assert len(spokes) == len(AXES)
    assert "stroke-dasharray" not in svg


def test_radar_draws_the_earlier_assessment_dashed_with_its_legend() -> None:
    svg = charts.radar_svg(
        AXES, en, charts.RadarLabels("Now", "Earlier"), earlier=[20.0, 30.0, None, 10.0]
    )
    root = parse(svg)
    dashed = [p for p in root.iter(f"{SVG}polygon") if p.get("stroke-dasharray")]
    assert len(dashed) == 1
    assert len(dashed[0].get("points", "").split()) == len(AXES)
    assert {"Now", "Earlier"} <= set(texts(root))


def test_radar_points_lie_on_their_axes_at_their_value() -> None:
    root = parse(
        charts.radar_svg([("A", 100.0), ("B", 50.0), ("C", 0.0)], en, charts.RadarLabels("Now"))
    )
    current = next(p for p in root.iter(f"{SVG}polygon") if p.get("fill-opacity"))
    points = [tuple(map(float, pt.split(","))) for pt in current.get("points", "").split()]
    centre_x = 320.0
    # A at the top rim, straight above the centre; C at the centre itself
    assert points[0][0] == pytest.approx(centre_x)
    assert points[2] == pytest.approx((centre_x, points[0][1] + 128), abs=0.01)
    assert math.dist(points[1], points[2]) == pytest.approx(64, abs=0.01)


def test_radar_with_two_dimensions_falls_back_to_bars() -> None:
    svg = charts.radar_svg([("Strategy", 50.0), ("People", 83.3)], en, charts.RadarLabels("Now"))
    assert "bars-chart" in svg and "radar-chart" not in svg


# -- votes and change --------------------------------------------------------------------------


def test_votes_mark_the_chosen_answer_and_write_every_count() -> None:
    svg = charts.votes_svg([("None", 0, False), ("Some", 3, True), ("All", 1, False)])
    root = parse(svg)
    shown = texts(root)
    assert "▶ Some" in shown and "None" in shown
    assert [t for t in shown if t.isdigit()] == ["0", "3", "1"]
    bold = [
        t.text
        for t in root.iter(f"{SVG}text")
        if t.get("font-weight") == "700" and not (t.text or "").isdigit()
    ]
    assert bold == ["▶ Some"]


def test_change_shows_both_values_and_the_difference() -> None:
    rows = [charts.Change("Dialogue", 56.7, 76.7), charts.Change("New", None, 10.0)]
    root = parse(charts.change_svg(rows, en, charts.ChangeLabels("earlier", "now")))
    shown = texts(root)
    assert {"56.7", "76.7", "+20.0", "–", "10.0", "earlier", "now"} <= set(shown)


# -- any input -----------------------------------------------------------------------------------


labels = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)
scores = st.one_of(st.none(), st.floats(min_value=0, max_value=100, allow_nan=False))


@settings(max_examples=60, deadline=None)
@given(
    axes=st.lists(st.tuples(labels, scores), min_size=1, max_size=12),
    reached=st.integers(min_value=0, max_value=12),
)
def test_charts_are_well_formed_svg_for_any_labels_and_scores(
    axes: list[tuple[str, float | None]], reached: int
) -> None:
    steps = [
        charts.RoadmapStep(name, value, name, bool(value and value > 50)) for name, value in axes
    ]
    drawn = [
        charts.roadmap_svg(
            steps, min(reached, len(steps)), charts.RoadmapLabels(*(axes[0][0],) * 2), en
        ),
        charts.bars_svg([charts.Bar(name, value, 50.0) for name, value in axes], en),
        charts.radar_svg(
            axes, en, charts.RadarLabels(axes[0][0], axes[0][0]), earlier=[v for _, v in axes]
        ),
        charts.votes_svg([(name, i, i == 0) for i, (name, _) in enumerate(axes)]),
        charts.change_svg(
            [charts.Change(name, value, value) for name, value in axes],
            en,
            charts.ChangeLabels("a", "b"),
        ),
    ]
    for svg in drawn:
        root = parse(svg)  # escaping holds: any label parses as text
        no_raster(svg)
        for element in root.iter():
            for attribute in ("x", "y", "width", "height", "x1", "x2", "y1", "y2", "cx", "cy"):
                if attribute in element.attrib:
                    assert math.isfinite(float(element.attrib[attribute]))
