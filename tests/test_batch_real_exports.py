"""Exports built from real survey-tool files score exactly as `score --json` does.

Each fixture in tests/data/exports/real/ reproduces a real export's structure (see
SOURCES.md there) and holds the same panel of respondents; expected.yaml says which
option every answer cell means. Every fixture is batch-scored through the CLI and each
respondent compared with an answers file of the same answers scored by `score --json`;
the Qualtrics numeric exports also through a mapping drafted by `mapping init`.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from socialmaturity.loader import load_model
from socialmaturity.model import AnswerSheet
from socialmaturity.scoring import MaturityModel, Scorecard, score

pytestmark = pytest.mark.slow  # every real layout through the whole command, beside score --json

REAL = Path(__file__).resolve().parent / "data" / "exports" / "real"
EXPECTED: dict[str, Any] = yaml.safe_load((REAL / "expected.yaml").read_text(encoding="utf-8"))
FIXTURES: dict[str, Any] = EXPECTED["fixtures"]
# The fixtures were made for version 1.0.0 of the bundled questionnaire, which stays bundled.
QUESTIONNAIRE = str(
    Path(__file__).resolve().parent.parent / "questionnaires" / f"{EXPECTED['questionnaire']}-{EXPECTED['version']}.yaml"
)
# Layouts whose tool writes its own completion marker (Finished, submitdate, Response Type).
MARKS_COMPLETION = {"qualtrics", "limesurvey", "typeform"}
NUMERIC = ["qualtrics-numeric.csv", "qualtrics-legacy.csv", "qualtrics-2016.csv"]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def one_decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


@cache
def model() -> MaturityModel:
    return load_model(QUESTIONNAIRE)


def answers_of(row: dict[str, Any]) -> dict[str, str]:
    return {q: o for q, o in row["answers"].items() if o is not None}


def expected_card(answers: dict[str, str], folder: Path, cli: Any, name: str) -> tuple[Scorecard, dict[str, Any]]:
    """The scorecard in-process and `score --json` of an answers file holding `answers`."""
    sheet = AnswerSheet(
        questionnaire=EXPECTED["questionnaire"],
        questionnaire_version=EXPECTED["version"],
        organisation={"name": name},  # type: ignore[arg-type]
        assessed_on="2026-03-22",  # type: ignore[arg-type]
        answers=answers,
    )
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(sheet.model_dump(mode="json", exclude_none=True)), encoding="utf-8")
    result = cli("score", path, "--json")
    assert result.exit_code == 0, result.stderr
    return score(model(), sheet), json.loads(result.stdout)


def check_round_trip(fixture: str, out: Path, tmp_path: Path, cli: Any, *, previews: bool = False) -> None:
    facts = FIXTURES[fixture]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["export"]["source"] == facts["tool"]
    assert summary["export"]["header_rows"] == facts["header_rows"]
    assert summary["match"]["questions_matched"] == len(model().questionnaire.questions)
    assert summary["match"]["values_not_understood"] == []
    wanted = [row for row in facts["rows"] if previews or not row["preview"]]
    left_out = sum(1 for row in facts["rows"] if row["preview"]) if not previews else 0
    assert summary["rows"]["scored"] == len(wanted)
    assert summary["rows"]["rejected"] == 0
    assert summary["rows"]["previews_left_out"] == left_out
    assert summary["rows"]["read"] == len(facts["rows"])
    errors = read_csv(out / "errors.csv")
    assert errors == []
    rows = read_csv(out / "respondents.csv")
    assert len(rows) == len(wanted)
    plan = model().plan
    marker = facts["tool"] in MARKS_COMPLETION
    for got, row in zip(rows, wanted, strict=True):
        who = f"{fixture}:{row['profile']}"
        card, scored = expected_card(answers_of(row), tmp_path, cli, row["profile"])
        assert got["respondent_id"] == str(row["respondent"]), who
        assert got["phase"] == (scored["phase"]["id"] if scored["phase"] else ""), who
        assert int(got["phase_index"]) == (scored["phase"]["index"] if scored["phase"] else 0), who
        for p, phase in enumerate(plan.phase_ids):
            exact = card.phases[p].score
            assert scored["phases"][p]["score"] == (None if exact is None else round(exact, 2))
            assert got[f"score_{phase}"] == one_decimal(exact), (who, phase)
        for d, dimension in enumerate(plan.dimension_ids):
            exact = card.dimension_scores[dimension]
            assert scored["dimensions"][d]["score"] == (None if exact is None else round(exact, 2))
            assert got[f"dim_{dimension}"] == one_decimal(exact), (who, dimension)
        assert got["coverage"] == f"{card.tally.coverage:.3f}", who
        # The tool's own marker where it has one, else the coverage rule.
        complete = row["complete"] if marker else card.tally.coverage >= plan.minimum_coverage
        assert got["complete"] == ("true" if complete else "false"), who


@pytest.mark.parametrize("fixture", sorted(FIXTURES))
def test_real_export_scores_equal_score_json(fixture: str, tmp_path: Path, cli: Any) -> None:
    out = tmp_path / "out"
    result = cli("batch", REAL / fixture, "-q", QUESTIONNAIRE, "-o", out)
    assert result.exit_code == 0, result.stderr
    check_round_trip(fixture, out, tmp_path, cli)


@pytest.mark.parametrize("fixture", NUMERIC)
def test_qualtrics_numbers_are_choice_codes_and_said_so(fixture: str, tmp_path: Path, cli: Any) -> None:
    out = tmp_path / "out"
    result = cli("batch", REAL / fixture, "-q", QUESTIONNAIRE, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "Numbers read as choice codes (1 = a question's first option" in result.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    readings = {n["reading"] for n in summary["export"]["numbers"]}
    assert readings == {"positions"}
    assert len(summary["export"]["numbers"]) == 45


@pytest.mark.parametrize("fixture", [*NUMERIC, "limesurvey-codes-semicolon.csv"])
def test_a_drafted_mapping_scores_the_same(fixture: str, tmp_path: Path, cli: Any) -> None:
    mapping = tmp_path / "mapping.yaml"
    drafted = cli("mapping", "init", REAL / fixture, "-q", QUESTIONNAIRE, "-o", mapping)
    assert drafted.exit_code == 0, drafted.stderr
    text = mapping.read_text(encoding="utf-8")
    assert "  # UNMATCHED" not in text
    # Every number is listed as a guess to confirm, with the reading it came from.
    assert "GUESS" in text
    out = tmp_path / "out"
    result = cli("batch", REAL / fixture, "--mapping", mapping, "-q", QUESTIONNAIRE, "-o", out)
    assert result.exit_code == 0, result.stderr
    check_round_trip(fixture, out, tmp_path, cli)


def test_previews_are_scored_when_asked(tmp_path: Path, cli: Any) -> None:
    fixture = "qualtrics-choice-text-preview.csv"
    out = tmp_path / "out"
    result = cli("batch", REAL / fixture, "--include-previews", "-q", QUESTIONNAIRE, "-o", out)
    assert result.exit_code == 0, result.stderr
    check_round_trip(fixture, out, tmp_path, cli, previews=True)


def test_the_tidied_surveymonkey_file_is_read_as_surveymonkey_when_forced(tmp_path: Path, cli: Any) -> None:
    for fixture in ("surveymonkey-tidied.csv", "surveymonkey-tidied-pandas.csv"):
        out = tmp_path / fixture
        result = cli("batch", REAL / fixture, "--source", "surveymonkey", "-q", QUESTIONNAIRE, "-o", out)
        assert result.exit_code == 0, result.stderr
        check_round_trip(fixture, out, tmp_path, cli)
