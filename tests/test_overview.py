"""`batch --overview/--xlsx` and the minimum group size, end to end through the CLI.

The twelve-department export is made here from the bundled questionnaire: each
department answers around a level of its own, with some noise, so the groups differ
the way real ones do; one department has only three respondents.
"""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from socialmaturity.scoring import MaturityModel

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "survey-export.csv"

DEPARTMENTS = [
    ("Customer care", 14, 2.6),
    ("Marketing", 11, 2.4),
    ("Communications", 9, 2.2),
    ("Sales", 8, 1.8),
    ("HR", 7, 1.5),
    ("Legal", 5, 0.9),
    ("IT", 10, 2.0),
    ("Finance", 6, 0.7),
    ("Product", 8, 2.1),
    ("Logistics", 6, 1.1),
    ("Research", 5, 1.6),
    ("Board office", 3, 1.9),  # under the minimum group size of 5
]


def departments_export(model: MaturityModel, seed: int = 14) -> bytes:
    """A Google Forms sheet: Timestamp, Department, then one column per question (labels)."""
    rng = random.Random(seed)
    questions = model.questionnaire.questions
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Timestamp", "Department", *(q.text["en"] for q in questions)])
    number = 0
    for name, size, level in DEPARTMENTS:
        for _ in range(size):
            number += 1
            row = [f"3/{1 + number % 28}/2026 10:{number % 60:02d}:00", name]
            for q in questions:
                scored = q.scored_options()
                outside = [o for o in q.options if o.outside_scale]
                if outside and rng.random() < 0.06:
                    row.append(outside[0].label["en"])
                    continue
                if rng.random() < 0.03:
                    row.append("")
                    continue
                step = round(level + rng.gauss(0, 0.9) - (0.25 * ["presence", "dialogue", "engagement", "integration", "social-business"].index(q.phase) if q.phase in ("presence", "dialogue", "engagement", "integration", "social-business") else 0))
                row.append(scored[max(0, min(len(scored) - 1, step))].label["en"])
            writer.writerow(row)
    return out.getvalue().encode("utf-8")


def sheet_rows(path: Path, name: str) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(path, read_only=True)
    return [tuple(row) for row in book[name].iter_rows(values_only=True)]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture
def twelve(tmp_path: Path, bundled: MaturityModel) -> Path:
    export = tmp_path / "departments.csv"
    export.write_bytes(departments_export(bundled))
    return export


def test_a_group_of_three_is_not_reported_alone_but_counts_in_the_totals(
    twelve: Path, tmp_path: Path, cli: Any
) -> None:
    out = tmp_path / "out"
    book = tmp_path / "overview.xlsx"
    result = cli("batch", twelve, "--group-by", "Department", "-o", out, "--xlsx", book)
    assert result.exit_code == 0, result.stderr
    assert "fewer than 5 respondents" in result.stderr and "Board office" in result.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["minimum_group_size"] == 5
    assert summary["small_groups"] == [{"group": "Board office", "respondents": 3}]
    rows = sheet_rows(book, "overview")
    header, body = rows[0], rows[1:]
    by_group = {row[1]: row for row in body}
    small = by_group["Board office"]
    # no rank, no phase and no score of its own
    assert small[0] is None and small[5] is None
    assert all(cell is None for cell in small[6:])
    assert small[2] == 3
    # its three respondents are in the totals
    total = by_group["All respondents"]
    everyone = sum(size for _, size, _ in DEPARTMENTS)
    assert total[2] == everyone == summary["rows"]["scored"]
    assert all(cell is not None for cell in total[6:])
    # ... and nowhere in the phases-reached sheet on their own
    reached = {row[0]: row for row in sheet_rows(book, "phases reached")[1:]}
    assert "Board office" not in reached
    assert reached["All respondents"][-1] == everyone
    assert sum(reached["All respondents"][1:-1]) == everyone
    # the shown groups are ranked 1..11
    assert [row[0] for row in body if row[0] is not None] == list(range(1, 12))
    assert header[:6] == ("rank", "group", "respondents", "complete", "shown alone", "phase reached")


def test_the_workbook_holds_the_group_scores_of_groups_csv(twelve: Path, tmp_path: Path, cli: Any) -> None:
    out = tmp_path / "out"
    book = tmp_path / "o.xlsx"
    assert cli("batch", twelve, "-g", "Department", "-o", out, "--xlsx", book, "--min-group-size", "1").exit_code == 0
    groups = {row["group"]: row for row in read_csv(out / "groups.csv")}
    rows = sheet_rows(book, "overview")
    phases = ["presence", "dialogue", "engagement", "integration", "social-business"]
    for row in rows[1:-1]:
        want = groups[row[1]]
        assert row[4] == "yes"
        for i, phase in enumerate(phases):
            value = want[f"score_{phase}"]
            assert (f"{row[6 + i]:.1f}" if row[6 + i] is not None else "") == value, (row[1], phase)
    assert len(rows) == 1 + 12 + 1


def test_the_minimum_is_configurable_and_a_group_of_three_reads_alone_under_it(
    twelve: Path, tmp_path: Path, cli: Any
) -> None:
    out = tmp_path / "out"
    book = tmp_path / "o.xlsx"
    assert cli("batch", twelve, "-g", "Department", "-o", out, "--xlsx", book, "--min-group-size", "3").exit_code == 0
    by_group = {row[1]: row for row in sheet_rows(book, "overview")[1:]}
    assert by_group["Board office"][0] is not None and by_group["Board office"][6] is not None
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["small_groups"] == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--overview", "o.pdf"], "add --group-by"),
        (["--xlsx", "o.xlsx"], "add --group-by"),
        (["-g", "Organisation", "--min-group-size", "0"], "--min-group-size must be 1 or more"),
        (["-g", "Organisation", "--overview", "same.pdf", "--xlsx", "same.pdf"], "cannot be the same file"),
    ],
)
def test_overview_options_are_checked_before_anything_is_written(
    args: list[str], says: str, tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("batch", EXAMPLE, "-o", tmp_path / "out", *args)
    assert result.exit_code == 2
    assert says in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_overview_may_not_replace_the_export(tmp_path: Path, cli: Any) -> None:
    export = tmp_path / "export.csv"
    export.write_bytes(EXAMPLE.read_bytes())
    result = cli("batch", export, "-g", "Organisation", "-o", tmp_path / "out", "--xlsx", export)
    assert result.exit_code == 2
    assert f"--xlsx {export} is an input of the run" in result.stderr
    assert not (tmp_path / "out").exists()
    assert export.read_bytes() == EXAMPLE.read_bytes()


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    # words as a reader sees them: line breaks inside a table cell or a paragraph are spaces
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_overview_pdf_of_the_example_shows_every_organisation(language: str, tmp_path: Path, cli: Any) -> None:
    pdf = tmp_path / "overview.pdf"
    result = cli("batch", EXAMPLE, "-g", "Organisation", "-o", tmp_path / "out", "--overview", pdf, "--lang", language)
    assert result.exit_code == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    shown = pdf_text(pdf)
    for name in ("Northwind Logistics", "Harbourlight Energy", "Zorggroep Veldkamp"):
        assert name in shown
    words = {
        "en": ("Overview of all groups", "Groups by phase", "Groups by dimension", "The groups ranked", "divide the organisation"),
        "nl": ("Overzicht van alle groepen", "Groepen per fase", "Groepen per dimensie", "De groepen gerangschikt", "organisatie het meest verdelen"),
    }[language]
    for word in words:
        assert word in shown, word
    # the vector charts are in the PDF as drawings, not images
    assert b"/Subtype /Image" not in pdf.read_bytes()


@pytest.mark.slow
def test_the_overview_pdf_of_twelve_departments_names_the_small_one_only_as_too_small(
    twelve: Path, tmp_path: Path, cli: Any
) -> None:
    pdf = tmp_path / "overview.pdf"
    result = cli("batch", twelve, "-g", "Department", "-o", tmp_path / "out", "--overview", pdf, "--reports")
    assert result.exit_code == 0, result.stderr
    shown = pdf_text(pdf)
    assert "12 groups, 92 respondents" in shown
    assert "too small to show alone" in shown
    assert "fewer than 5 respondents are not shown alone" in shown
    reports = sorted(p.name for p in (tmp_path / "out" / "reports").iterdir())
    assert len(reports) == 11 and "board-office.pdf" not in reports


def test_each_group_stands_among_its_peers_from_three_groups_on(bundled: MaturityModel) -> None:
    from socialmaturity.batch.overview import peer_standings
    from socialmaturity.batch.pipeline import GroupResult
    from socialmaturity.scoring import tally

    plan = bundled.plan

    def group(name: str, level: int, respondents: int = 8) -> GroupResult:
        answers = {q.id: q.scored_options()[min(level, len(q.scored_options()) - 1)].id for q in bundled.questionnaire.questions}
        return GroupResult(name, respondents, (), answers, (), tally(plan, plan.values(answers)))

    two = [group("a", 1), group("b", 2)]
    assert peer_standings(bundled, two, "en") == {}
    # a group under the minimum is no peer, and does not count towards the three
    assert peer_standings(bundled, [*two, group("tiny", 3, respondents=3)], "en") == {}
    standings = peer_standings(bundled, [*two, group("c", 3), group("tiny", 0, respondents=3)], "en")
    assert sorted(standings) == ["a", "b", "c"]
    first = standings["c"].rows[0]
    assert first.kind == "phase" and first.name == "Social presence"
    assert first.rank == 1 and len(first.everyone) == 3
    assert standings["a"].rows[0].rank == 3
    assert [row.kind for row in standings["a"].rows].count("dimension") == len(bundled.questionnaire.dimensions)


@pytest.mark.slow
def test_a_group_report_shows_the_group_among_the_others(tmp_path: Path, cli: Any) -> None:
    out = tmp_path / "out"
    result = cli("batch", EXAMPLE, "-g", "Organisation", "-o", out, "--reports", "--lang", "nl")
    assert result.exit_code == 0, result.stderr
    shown = pdf_text(out / "reports" / "northwind-logistics.pdf")
    assert "Tussen de andere groepen" in shown
    assert "alle 3 groepen van de enquête" in shown
    assert "rang 1 van 3" in shown


def test_every_string_the_overview_template_uses_is_a_catalogue_message() -> None:
    """The template asks for messages by key; each key is in the table, and so in the
    catalogues (tests/test_i18n.py checks every table entry is translated everywhere)."""
    import re

    from socialmaturity.report.overview import MESSAGES

    template = (ROOT / "report_templates" / "overview" / "overview.html.j2").read_text(encoding="utf-8")
    used = set(re.findall(r"""\bot\(\s*["']([\w.-]+)["']""", template))
    assert len(used) > 15
    assert used <= set(MESSAGES), used - set(MESSAGES)
