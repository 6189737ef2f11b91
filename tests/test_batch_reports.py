"""`batch --reports`: a PDF per group (or respondent), rendered by worker processes, read back."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import MINI, ROOT
from socialmaturity.batch.pipeline import GroupAggregate
from socialmaturity.batch.reports import (
    ReportJob,
    pool_context,
    render_reports,
    unique_slugs,
)
from socialmaturity.files import file_slug as safe_slug
from socialmaturity.scoring import MaturityModel, summarise_counts

MODEL = MINI / "questionnaires" / "mini.yaml"
HEADER = ["Respondent", "Organisation", "Accounts?", "Owner?", "Calendar?", "Training?", "Co-creation?"]
ROWS = [
    ["r1", "Acme <b>Care</b>", "None", "Full-time", "Yes", "Basic", "Never"],
    ["r2", "Acme <b>Care</b>", "Some", "Full-time", "No", "Basic", "Never"],
    ["r3", "Acme <b>Care</b>", "All", "Part-time", "Yes", "", "Never"],
    ["r4", "Zorggroep Één", "Geen", "Niemand", "Nee", "Geen", "Nooit"],
    ["r5", "=cmd", "All", "Full-time", "Yes", "Levels", "Often"],
]


def export(folder: Path, rows: list[list[str]] = ROWS) -> Path:
    path = folder / "survey.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([HEADER, *rows])
    return path


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


@pytest.mark.slow
def test_a_report_per_group_with_its_consensus_and_disagreement(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli("batch", export(tmp_path), "-q", MODEL, "--group-by", "Organisation", "--reports", "--min-group-size", "1", "--workers", "2", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "Rendering 3 reports with 2 worker processes…" in result.stderr
    assert f"3 of 3 reports written to {out / 'reports'}." in result.stderr
    reports = out / "reports"
    assert sorted(p.name for p in reports.iterdir()) == ["acme-b-care-b.pdf", "cmd.pdf", "zorggroep-een.pdf"]

    care = pdf_text(reports / "acme-b-care-b.pdf")
    assert "Acme <b>Care</b>" in care  # the name as text, never as markup
    assert "Survey results of Acme <b>Care</b>: the consensus (median answer) of 3 respondents, from survey.csv." in care
    # a1 was answered none / some / all: two steps apart, so the report shows it
    assert "Where the respondents disagreed" in care
    assert "answers span 2 steps" in care
    assert "there was no real disagreement" in pdf_text(reports / "zorggroep-een.pdf")

    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["reports"]["failed"] == []
    assert sorted(Path(p).name for p in summary["reports"]["written"]) == ["acme-b-care-b.pdf", "cmd.pdf", "zorggroep-een.pdf"]


@pytest.mark.slow
def test_a_report_per_respondent_without_groups_in_dutch(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli("batch", export(tmp_path, ROWS[:2]), "-q", MODEL, "--reports", "--workers", "1", "--lang", "nl", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "2 van 2 rapporten geschreven in" in result.stderr
    assert sorted(p.name for p in (out / "reports").iterdir()) == ["r1.pdf", "r2.pdf"]
    text = pdf_text(out / "reports" / "r1.pdf")
    assert "Enquêteantwoorden van respondent r1 (rij 2 van survey.csv)." in text


@pytest.mark.slow
def test_a_failed_report_does_not_stop_the_others(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "reports" / "cmd.pdf").mkdir(parents=True)  # cannot be replaced by a file
    result = cli("batch", export(tmp_path), "-q", MODEL, "--group-by", "Organisation", "--reports", "--min-group-size", "1", "-o", out)
    assert result.exit_code == 1
    assert "Report =cmd failed:" in result.stderr
    assert "socialmaturity: 1 report failed; the others were written" in result.stderr
    assert (out / "reports" / "acme-b-care-b.pdf").is_file()
    assert (out / "reports" / "zorggroep-een.pdf").is_file()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in summary["reports"]["failed"]] == ["=cmd"]
    assert (out / "groups.csv").is_file()  # the scores were written before the reports


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Harbourlight Energy", "harbourlight-energy"),
        ("Zorggroep Één", "zorggroep-een"),
        ("../../etc/passwd", "etc-passwd"),
        ("=HYPERLINK(x)", "hyperlink-x"),
        ("", "group"),
        ("日本", "group"),
        ("CON", "con-group"),
        ("a" * 100, "a" * 60),
    ],
)
def test_safe_slugs(name: str, slug: str) -> None:
    assert safe_slug(name, "group") == slug


def test_unique_slugs_are_numbered() -> None:
    assert unique_slugs(["Care", "care", "CARE!", "Sales"]) == ["care", "care-2", "care-3", "sales"]


def test_a_group_scorecard_carries_its_counted_answers(mini: MaturityModel) -> None:
    # A survey group's answers are counted, never expanded into ballots: the scorecard
    # carries the counts as they are, and says they are a survey's.
    from socialmaturity.model import AnswerSheet
    from socialmaturity.scoring import score

    question = mini.questionnaire.questions[0]
    summary = summarise_counts(question, {"none": 1, "all": 2}, abstentions=1)
    sheet = AnswerSheet.model_validate(
        {
            "questionnaire": "mini",
            "questionnaire_version": mini.questionnaire.version,
            "organisation": {"name": "Group"},
            "assessed_on": "2026-11-22",
            "answers": {question.id: "all"},
        }
    )
    card = score(mini, sheet, votes=[summary], voters=4)
    assert card.votes == {question.id: summary}
    assert (card.votes_kind, card.voters) == ("survey", 4)
    workshop = sheet.model_copy(
        update={"votes": {question.id: {"Ann": "none", "Bob": "all", "Cem": "all", "Dev": None}}}
    )
    card = score(mini, workshop)
    assert card.votes[question.id].counts == summary.counts
    assert card.votes[question.id].abstentions == 1
    assert (card.votes_kind, card.voters) == ("workshop", 4)


def test_workers_are_never_plain_forks() -> None:
    assert pool_context().get_start_method() in ("forkserver", "spawn")


def test_no_jobs_no_pool(mini: MaturityModel) -> None:
    assert render_reports(mini, [], language="en", workers=4) == []


def test_the_jobs_of_groups(mini: MaturityModel, tmp_path: Path) -> None:
    import datetime as dt

    from socialmaturity.batch.pipeline import BatchScorer, BatchSettings
    from socialmaturity.batch.reports import group_jobs

    scorer = BatchScorer(mini, [], BatchSettings(group_column=0), width=1)
    group = GroupAggregate("", respondents=2, score_sums=[0.0] * 5, score_counts=[0] * 5)
    jobs: list[ReportJob] = group_jobs(
        mini, [scorer.group_result(group)], tmp_path, export_name="x.csv", assessed_on=dt.date(2026, 1, 1), language="en"
    )
    (job,) = jobs
    assert job.name == "(no group)"
    assert job.output == tmp_path / "no-group.pdf"
    assert job.sheet.organisation.name == "(no group)"
    assert job.sheet.answers == {}


@pytest.mark.slow
def test_demo_batch_scores_the_example_export(tmp_path: Path) -> None:
    from socialmaturity.cli.batch import demo_batch

    demo_batch(tmp_path, "en")
    folder = tmp_path / "batch"
    with (folder / "groups.csv").open(encoding="utf-8", newline="") as stream:
        groups = {row["group"]: row for row in csv.DictReader(stream)}
    assert {name: (row["respondents"], row["phase"]) for name, row in groups.items()} == {
        "Northwind Logistics": ("20", "engagement"),
        "Harbourlight Energy": ("22", "dialogue"),
        "Zorggroep Veldkamp": ("18", "presence"),
    }
    assert sorted(p.name for p in (folder / "reports").iterdir()) == [
        "harbourlight-energy.pdf",
        "northwind-logistics.pdf",
        "zorggroep-veldkamp.pdf",
    ]
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["rows"] == {
        "read": 60, "scored": 60, "rejected": 0, "duplicates": 0, "partial": 3, "invalid_cells": 2, "ragged": 0,
        "previews_left_out": 0,
    }


def test_the_example_export_is_what_its_script_makes() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_survey_export", ROOT / "examples" / "make_survey_export.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "examples" / "survey-export.csv").read_bytes() == module.build().encode("utf-8")
