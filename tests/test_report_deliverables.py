"""Deliverables for the consultant's deck: the report with a plan and a history, the
whole assessment as a workbook, every chart as SVG and PNG."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
import yaml
from defusedxml.ElementTree import fromstring
from PIL import Image
from pypdf import PdfReader

from conftest import ROOT
from socialmaturity.loader import load_model

EXAMPLES = ROOT / "examples"
NOW = EXAMPLES / "harbourlight-answers.yaml"
HISTORY = ["--history", str(EXAMPLES / "harbourlight-2025-03.yaml"), "--history", str(EXAMPLES / "harbourlight-2025-10.yaml")]


def pages(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


@pytest.mark.slow
def test_report_xlsx_holds_every_answer_and_keeps_text_as_text(cli, tmp_path: Path) -> None:
    data = yaml.safe_load(NOW.read_text(encoding="utf-8"))
    data["organisation"]["name"] = "=cmd|' /C calc'!A0"
    data["notes"]["content-calendar"] = "@SUM(1+1) is what Bram typed"
    answers = tmp_path / "hostile.yaml"
    answers.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    workbook = tmp_path / "assessment.xlsx"
    result = cli("report", answers, "-o", tmp_path / "r.pdf", "--xlsx", workbook, "--target", "integration", "--lang", "nl")
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["Samenvatting", "Fasen", "Dimensies", "Antwoorden", "Hiaten", "Actieplan", "Over dit plan"]
    rows = list(book["Antwoorden"].iter_rows(min_row=2, values_only=True))
    questions = {q.id: q for q in load_model("social-business").questionnaire.questions}
    assert [r[0] for r in rows] == list(questions)
    by_id = {r[0]: r for r in rows}
    for question, option in data["answers"].items():
        # every answer, by its Dutch label
        assert by_id[question][4] == questions[question].option(option).label["nl"], question
    assert by_id["content-calendar"][7] == "@SUM(1+1) is what Bram typed"
    name = book["Samenvatting"]["B2"]
    assert name.value == "=cmd|' /C calc'!A0" and name.data_type != "f"
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row), sheet.title


@pytest.mark.slow
def test_report_charts_writes_valid_svg_and_png(cli, tmp_path: Path) -> None:
    folder = tmp_path / "charts"
    result = cli("report", NOW, "-o", tmp_path / "r.pdf", "--charts", folder, "--target", "integration", *HISTORY)
    assert result.exit_code == 0, result.stderr
    names = sorted(p.stem for p in folder.glob("*.svg"))
    assert {"roadmap", "phases", "dimensions", "plan-timeline", "plan-effort-impact", "history-phases", "history-dimensions"} <= set(names)
    assert names == sorted(p.stem for p in folder.glob("*.png"))
    for name in names:
        root = fromstring((folder / f"{name}.svg").read_bytes())
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        with Image.open(folder / f"{name}.png") as image:
            image.verify()
        with Image.open(io.BytesIO((folder / f"{name}.png").read_bytes())) as image:
            width = float(root.get("width") or 0)
            assert image.format == "PNG" and abs(image.width - 3 * width) <= 3
            # not a blank page: the chart drew something dark
            assert image.convert("L").getextrema()[0] < 100


@pytest.mark.slow
def test_charts_folder_that_is_a_link_is_refused(cli, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    result = cli("report", NOW, "-o", tmp_path / "r.pdf", "--charts", link)
    assert result.exit_code == 1
    assert "link" in result.stderr
    assert list(real.iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "nl"])
def test_report_shows_the_plan_as_the_client_keeps_it_and_the_history(cli, tmp_path: Path, language: str) -> None:
    plan = tmp_path / "plan.xlsx"
    assert cli("plan", NOW, "--target", "integration", "--lang", language, "-o", plan).exit_code == 0
    book = openpyxl.load_workbook(plan)
    sheet = book.worksheets[0]
    sheet["I2"], sheet["K2"] = "Anouk Verhoeven", "done"
    sheet["I3"], sheet["J3"] = "Dev Ramdin", "2027-02-12"
    book.save(plan)
    output = tmp_path / "report.pdf"
    result = cli("report", NOW, "-o", output, "--plan", plan, "--lang", language, *HISTORY)
    assert result.exit_code == 0, result.stderr
    text = " ".join(pages(output))
    assert "Anouk Verhoeven" in text and "Dev Ramdin" in text
    assert ("12 February 2027" if language == "en" else "12 februari 2027") in text
    assert ("Action plan towards Integration" if language == "en" else "Actieplan naar Integration") in text
    assert ("Progress over time" if language == "en" else "Voortgang in de tijd") in text
    assert ("20 March 2025" if language == "en" else "20 maart 2025") in text
    assert ("Target: Integration" if language == "en" else "Doel: Integration") in text


@pytest.mark.slow
def test_another_organisation_is_said_on_every_page(cli, tmp_path: Path) -> None:
    data = yaml.safe_load((EXAMPLES / "harbourlight-2025-10.yaml").read_text(encoding="utf-8"))
    data["organisation"] = {"name": "Workshop BV"}
    other = tmp_path / "other.yaml"
    other.write_text(yaml.safe_dump(data), encoding="utf-8")
    output = tmp_path / "report.pdf"
    assert cli("report", NOW, "-o", output, "--compare", other).exit_code == 1
    result = cli("report", NOW, "-o", output, "--compare", other, "--allow-other-organisation")
    assert result.exit_code == 0, result.stderr
    for number, page in enumerate(pages(output), 1):
        assert "different organisations: Harbourlight Energy, Workshop BV" in page, number


@pytest.mark.slow
def test_trend_writes_a_pdf(cli, tmp_path: Path) -> None:
    output = tmp_path / "trend.pdf"
    result = cli("trend", NOW, *HISTORY[1::2], "-o", output, "--lang", "nl")
    assert result.exit_code == 0, result.stderr
    text = " ".join(pages(output))
    assert "Voortgang in de tijd" in text and "3 metingen van Harbourlight Energy" in text
    assert "Gewijzigde antwoorden van 9 oktober 2025 tot 14 oktober 2026" in text
