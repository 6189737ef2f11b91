"""The commands of the foundation: questionnaire, score, schema, demo; exit codes and streams."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINI, ROOT

EXAMPLE = ROOT / "examples" / "harbourlight-answers.yaml"
BETA = MINI / "answers" / "beta.yaml"


def test_questionnaire_list(cli) -> None:
    result = cli("questionnaire", "list")
    assert result.exit_code == 0
    fields = result.stdout.splitlines()[0].split("\t")
    assert fields[0] == "social-business"
    assert fields[2] == "en,nl"
    assert int(fields[3].split()[0]) >= 40


def test_questionnaire_show_json(cli, bundled) -> None:
    result = cli("questionnaire", "show", "social-business", "--json", "--lang", "nl")
    assert result.exit_code == 0
    shown = json.loads(result.stdout)
    assert shown["id"] == "social-business"
    assert shown["hash"] == bundled.hash
    assert [p["id"] for p in shown["phases"]][:3] == ["presence", "dialogue", "engagement"]
    assert len(shown["phases"]) >= 5
    assert len(shown["dimensions"]) >= 6
    assert len(shown["questions"]) >= 40
    question = shown["questions"][0]
    assert set(question) == {"id", "phase", "dimension", "weight", "text", "options"}
    assert set(question["options"][0]) == {"id", "label", "score", "not_applicable", "dont_know", "recommendation"}
    # the Dutch texts were chosen
    assert question["text"] == bundled.questionnaire.questions[0].text["nl"]


def test_questionnaire_show_by_path_and_view(cli) -> None:
    result = cli("questionnaire", "show", MINI / "questionnaires" / "mini.yaml")
    assert result.exit_code == 0
    assert "Accounts?" in result.stdout and "(threshold 50)" in result.stdout


def test_bundled_model_shape(bundled) -> None:
    questionnaire, roadmap = bundled.questionnaire, bundled.roadmap
    assert [p.id for p in roadmap.phases][:3] == ["presence", "dialogue", "engagement"]
    assert len(roadmap.phases) >= 5
    assert len(questionnaire.questions) >= 40
    assert len(questionnaire.dimensions) >= 6
    for phase in roadmap.phases:
        assert sum(q.phase == phase.id for q in questionnaire.questions) >= 6, phase.id
        assert phase.next_steps
    dialogue = next(p for p in roadmap.phases if p.id == "dialogue")
    # the five next steps out of Dialogue that the Social Business Roadmap series gives, and more
    assert sum("002" in (step.source or "") for step in dialogue.next_steps) >= 5
    known = {"000", "001", "002", "003", "004", "synthesis"}
    for question in questionnaire.questions:
        assert set(question.source.replace(" ", "").split(",")) <= known, question.id


def test_score_json_contract(cli) -> None:
    result = cli("score", BETA, "--json")
    assert result.exit_code == 0, result.stderr
    card = json.loads(result.stdout)
    assert card["questionnaire"]["id"] == "mini" and card["questionnaire"]["version"] == "1.0"
    assert card["questionnaire"]["hash"].startswith("sha256:")
    assert card["organisation"] == {"name": "Example Ltd"}
    assert card["phase"] == {"id": "beta", "name": "Beta", "index": 2}
    assert [(p["id"], p["score"], p["threshold"], p["coverage"], p["passed"]) for p in card["phases"]] == [
        ("alpha", 83.33, 50.0, 1.0, True),
        ("beta", 75.0, 70.0, 1.0, True),
        ("gamma", 0.0, 70.0, 1.0, False),
    ]
    assert card["dimensions"] == [
        {"id": "strategy", "name": "Strategy", "score": 50.0},
        {"id": "people", "name": "People", "score": 83.33},
    ]
    assert card["next_steps"] == [{"id": "beta-step", "title": "Organise", "description": "Form a team."}]
    assert [g["question"] for g in card["gaps"]] == ["c1", "a1", "b2"]
    first = card["gaps"][0]
    assert {k: first[k] for k in ("question", "text", "answer", "score", "recommendation")} == {
        "question": "c1",
        "text": "Co-creation?",
        "answer": "never",
        "score": 0.0,
        "recommendation": "Invite customers.",
    }
    assert card["verdict"].startswith("Example Ltd is in the Beta phase")
    assert card["disagreements"] == []


def test_score_in_dutch_from_stdin(cli) -> None:
    result = cli("score", "-", "--lang", "nl", "--questionnaire", MINI / "questionnaires" / "mini.yaml", stdin=BETA.read_text())
    assert result.exit_code == 0, result.stderr
    assert "Example Ltd zit in de fase Bèta" in result.stdout
    assert "Volgende stappen voor Bèta" in result.stdout


def test_score_example_reaches_dialogue(cli) -> None:
    card = json.loads(cli("score", EXAMPLE, "--json").stdout)
    assert card["phase"]["id"] == "dialogue"
    assert card["questionnaire"]["version"] == "2.0.0"
    assert len(card["next_steps"]) == 9
    assert card["disagreements"], "the example workshop has disagreements"
    assert all(d["spread"] >= 2 for d in card["disagreements"])


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("score", "missing.yaml"), 1, "missing.yaml:1:1: no such file"),
        # the tool speaks French even where the questionnaire does not
        (("score", str(BETA), "--lang", "fr"), 2, "--lang fr\u00a0: langue non disponible\u202f; choisissez parmi en, nl"),
        (("score", str(BETA), "--lang", "de"), 2, "--lang de: not available; choose one of en, nl"),
        (("questionnaire", "show", "nope"), 1, "no questionnaire 'nope' (bundled: social-business)"),
        (("score",), 2, "Missing argument"),
    ],
)
def test_errors_are_messages_with_exit_codes(cli, args: tuple[str, ...], code: int, message: str) -> None:
    result = cli(*args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.slow  # renders the example report
def test_demo_scores_the_example(cli, tmp_path: Path) -> None:
    result = cli("demo", "--out-dir", tmp_path / "demo")
    assert result.exit_code == 0, result.stderr
    assert "Harbourlight Energy" in result.stdout


def run_help_with_importtime() -> str:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "socialmaturity", "--help"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return completed.stderr


def test_help_stays_light() -> None:
    imported = {line.split("|")[-1].strip() for line in run_help_with_importtime().splitlines() if "|" in line}
    heavy = {name for name in imported if name.split(".")[0] in ("weasyprint", "openpyxl", "jinja2", "pydantic")}
    heavy |= {name for name in imported if name.startswith(("socialmaturity.report", "socialmaturity.batch", "socialmaturity.survey"))}
    assert not heavy, sorted(heavy)


def test_python_dash_m_and_version() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "socialmaturity", "--version"], capture_output=True, text=True, cwd=ROOT
    )
    assert completed.returncode == 0
    assert completed.stdout.startswith("socialmaturity ")


def test_score_compare_with_last_time(cli, tmp_path: Path) -> None:
    earlier = tmp_path / "answers" / "last-year.yaml"
    shutil.copytree(MINI, tmp_path, dirs_exist_ok=True)
    earlier.write_text(
        BETA.read_text(encoding="utf-8").replace("2026-01-15", "2025-01-15").replace('b1: "yes"', 'b1: "no"'),
        encoding="utf-8",
    )
    result = cli("score", BETA, "--json", "--compare", earlier)
    assert result.exit_code == 0, result.stderr
    comparison = json.loads(result.stdout)["comparison"]
    assert comparison["earlier"]["assessed_on"] == "2025-01-15"
    assert comparison["earlier"]["phase"] == {"id": "alpha", "name": "Alpha", "index": 1}
    assert comparison["phases"][1] == {"id": "beta", "before": 25.0, "now": 75.0, "change": 50.0}
    assert comparison["dimensions"][0] == {"id": "strategy", "before": 16.67, "now": 50.0, "change": 33.33}
    view = cli("score", BETA, "--compare", earlier, "--lang", "nl")
    assert "Sinds 15 januari 2025" in view.stdout and "+50,0" in view.stdout
    assert "Toen: Alfa. Nu: Bèta." in view.stdout
