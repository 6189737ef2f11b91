"""The action plan: drafted towards a target, kept by the client in Excel, read back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from conftest import ROOT
from socialmaturity.loader import load_model

EXAMPLE = ROOT / "examples" / "harbourlight-answers.yaml"


@pytest.fixture
def drafted(cli, tmp_path: Path) -> Path:
    path = tmp_path / "plan.xlsx"
    result = cli("plan", EXAMPLE, "--target", "integration", "--due", "2027-12-31", "-o", path)
    assert result.exit_code == 0, result.stderr
    return path


def test_a_plan_two_phases_up_holds_every_next_step_with_effort_impact_and_quarter(cli) -> None:
    # the example is in Dialogue: two phases up is Integration, by way of Engagement
    result = cli("plan", EXAMPLE, "--target", "integration", "--due", "2027-12-31", "--json")
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    model = load_model("social-business")
    phases = {p.id: p for p in model.roadmap.phases}
    # the next steps of Dialogue lead to Engagement, those of Engagement to Integration
    expected = [s.id for s in phases["dialogue"].next_steps] + [s.id for s in phases["engagement"].next_steps]
    steps = [a for a in plan["actions"] if a["kind"] == "step"]
    assert [a["id"].removeprefix("step:") for a in steps] == expected
    for action in plan["actions"]:
        assert action["effort"] in ("low", "medium", "high")
        assert action["impact"] in ("low", "medium", "high")
        assert action["quarter"] in ("2027 Q1", "2027 Q2", "2027 Q3", "2027 Q4")
        assert action["due"] <= "2027-12-31"
        assert action["status"] == "open"
    declared = {s.id: (s.effort, s.impact) for p in model.roadmap.phases for s in p.next_steps}
    for action in steps:
        assert (action["effort"], action["impact"]) == declared[action["id"].removeprefix("step:")]
    # the gaps follow their phase's next steps, each with the question it serves
    gaps = [a for a in plan["actions"] if a["kind"] == "gap"]
    assert gaps and all(a["questions"] == [a["id"].removeprefix("gap:")] for a in gaps)
    kinds = [(a["phase"], a["kind"]) for a in plan["actions"]]
    assert kinds.index(("engagement", "gap")) < kinds.index(("integration", "step"))
    # the quarters run in order
    assert [a["due"] for a in plan["actions"]] == sorted(a["due"] for a in plan["actions"])


def test_the_client_edits_the_workbook_and_the_plan_reads_it_back(cli, drafted: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(drafted)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    owner, due, status = header.index("Owner") + 1, header.index("Due") + 1, header.index("Status") + 1
    sheet.cell(row=2, column=owner).value = "Anouk Verhoeven"
    sheet.cell(row=2, column=status).value = "done"
    sheet.cell(row=3, column=owner).value = "=HYPERLINK(\"http://x\")"
    sheet.cell(row=3, column=due).value = dt.datetime(2027, 5, 15)
    sheet.cell(row=3, column=status).value = "In uitvoering"  # the Dutch label counts too
    book.save(drafted)
    result = cli("plan", EXAMPLE, "--update", drafted, "--json")
    assert result.exit_code == 0, result.stderr
    actions = json.loads(result.stdout)["actions"]
    assert actions[0]["owner"] == "Anouk Verhoeven" and actions[0]["status"] == "done"
    assert actions[1]["due"] == "2027-05-15" and actions[1]["quarter"] == "2027 Q2"
    assert actions[1]["status"] == "in-progress"
    # written again, the owner that looks like a formula stays text
    again = tmp_path / "again.xlsx"
    assert cli("plan", EXAMPLE, "--update", drafted, "-o", again).exit_code == 0
    cell = openpyxl.load_workbook(again).worksheets[0].cell(row=3, column=owner)
    assert cell.data_type != "f" and cell.value.startswith("=HYPERLINK")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("ID", "gap:no-such-question", "Action plan!A2: unknown action 'gap:no-such-question'"),
        ("Due", "next week", "Action plan!J2: 'next week' is not a date"),
        ("Status", "almost", "Action plan!K2: 'almost' is not a status"),
    ],
)
def test_bad_edits_name_the_cell(cli, drafted: Path, column: str, value: str, message: str) -> None:
    book = openpyxl.load_workbook(drafted)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index(column) + 1).value = value
    book.save(drafted)
    result = cli("plan", EXAMPLE, "--update", drafted)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_every_bad_cell_is_named_at_once(cli, drafted: Path) -> None:
    book = openpyxl.load_workbook(drafted)
    sheet = book.worksheets[0]
    sheet["J2"], sheet["K5"] = "soon", "whenever"
    book.save(drafted)
    result = cli("plan", EXAMPLE, "--update", drafted)
    assert result.exit_code == 1
    assert "!J2:" in result.stderr and "!K5:" in result.stderr


def test_each_bad_cell_is_a_message_of_its_own(drafted: Path) -> None:
    from socialmaturity.assessments import score_file
    from socialmaturity.i18n import Said
    from socialmaturity.plan import PlanError
    from socialmaturity.plan.draft import draft
    from socialmaturity.plan.targets import resolve
    from socialmaturity.plan.workbook import read_plan

    book = openpyxl.load_workbook(drafted)
    sheet = book.worksheets[0]
    sheet["J2"], sheet["K5"] = "soon", "whenever"
    book.save(drafted)
    assessment = score_file(str(EXAMPLE))
    target = resolve(assessment.model, assessment.sheet, "integration", dt.date(2027, 12, 31))
    assert target is not None
    plan = draft(assessment.model, assessment.sheet, assessment.card, target)
    with pytest.raises(PlanError) as caught:
        read_plan(drafted.read_bytes(), plan, assessment.model, name="plan.xlsx")
    # one message per cell, each shown in the reader's language by the command line
    assert [type(p) for p in caught.value.problems] == [Said, Said]
    assert caught.value.problems[0].startswith("plan.xlsx: Action plan!J2: 'soon' is not a date")
    assert str(caught.value) == "\n".join(caught.value.problems)


def test_a_file_that_is_not_a_workbook_is_refused(cli, tmp_path: Path) -> None:
    fake = tmp_path / "plan.xlsx"
    fake.write_text("owner,due\n", encoding="utf-8")
    result = cli("plan", EXAMPLE, "--target", "integration", "--update", fake)
    assert result.exit_code == 1
    assert "not an XLSX workbook" in result.stderr


def test_a_plan_needs_a_target_not_yet_reached(cli) -> None:
    assert cli("plan", EXAMPLE).exit_code == 2
    result = cli("plan", EXAMPLE, "--target", "dialogue")
    assert result.exit_code == 1
    assert "already reached" in result.stderr


def test_the_workbook_is_in_the_report_language(cli, tmp_path: Path) -> None:
    path = tmp_path / "plan-nl.xlsx"
    assert cli("plan", EXAMPLE, "--target", "engagement", "--lang", "nl", "-o", path).exit_code == 0
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Actieplan", "Over dit plan"]
    assert [c.value for c in book.worksheets[0][1]][8:] == ["Eigenaar", "Uiterlijk", "Status"]
    # read back in Dutch as well
    assert cli("plan", EXAMPLE, "--update", path, "--json").exit_code == 0


def test_the_plan_never_overwrites_an_input(cli, drafted: Path) -> None:
    result = cli("plan", EXAMPLE, "--update", drafted, "-o", drafted)
    assert result.exit_code == 2
    assert "that is an input file" in result.stderr


def test_an_action_the_client_keeps_stays_when_its_gap_has_closed(cli, drafted: Path, tmp_path: Path) -> None:
    import yaml

    book = openpyxl.load_workbook(drafted)
    sheet = book.worksheets[0]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "gap:social-ownership")
    sheet.cell(row=row, column=9).value = "Carla Mendes"
    sheet.cell(row=row, column=11).value = "done"
    book.save(drafted)
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["answers"]["social-ownership"] = "coordinator-with-mandate"
    data["assessed_on"] = "2026-12-01"
    later = tmp_path / "later.yaml"
    later.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = cli("plan", later, "--update", drafted, "--json")
    assert result.exit_code == 0, result.stderr
    kept = [a for a in json.loads(result.stdout)["actions"] if a["id"] == "gap:social-ownership"]
    assert [(a["owner"], a["status"], a["phase"]) for a in kept] == [("Carla Mendes", "done", "engagement")]
