"""Targets: a phase (and dimension scores, and a date) to aim for, and the distance to it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

EXAMPLE = ROOT / "examples" / "harbourlight-answers.yaml"


def test_score_shows_the_distance_to_a_target_two_phases_up(cli) -> None:
    result = cli("score", EXAMPLE, "--target", "integration")
    assert result.exit_code == 0, result.stderr
    assert "Target: Integration." in result.stdout
    # in the order the gates require: Engagement first, then Integration
    engagement = result.stdout.index("3. Engagement: 19.8 points short of the threshold of 65")
    integration = result.stdout.index("4. Integration: 39.4 points short of the threshold of 65")
    assert engagement < integration


def test_score_json_carries_the_target(cli) -> None:
    result = cli("score", EXAMPLE, "--target", "integration", "--due", "2027-12-31", "--json")
    assert result.exit_code == 0, result.stderr
    target = json.loads(result.stdout)["target"]
    assert target["phase"] == "integration" and target["due"] == "2027-12-31"
    assert [p["id"] for p in target["phases"]] == ["engagement", "integration"]
    assert target["phases"][0]["points_short"] == pytest.approx(19.76, abs=0.01)
    assert target["reached"] is False


def test_the_answers_file_can_carry_the_target_with_dimensions(cli, tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["target"] = {"phase": "engagement", "dimensions": {"strategy": 70}, "due": "2027-06-30"}
    del data["answers"]["social-ownership"], data["answers"]["care-marketing-alignment"]
    del data["answers"]["strategy-business-goals"], data["answers"]["campaign-social-role"]
    path = tmp_path / "with-target.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = cli("score", path, "--lang", "nl")
    assert result.exit_code == 0, result.stderr
    assert "Doel: Engagement, uiterlijk 30 juni 2027." in result.stdout
    assert "Strategie:" in result.stdout and "tegenover een doel van 70" in result.stdout
    assert "nog 1 antwoorden" not in result.stdout  # one answer is "één antwoord"


def test_answers_still_missing_are_named(cli, tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for question in ("social-ownership", "care-marketing-alignment", "strategy-business-goals", "campaign-social-role"):
        del data["answers"][question]
    path = tmp_path / "open.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    found = json.loads(cli("score", path, "--target", "engagement", "--json").stdout)["target"]
    assert found["phases"][0]["answers_needed"], found


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--target", "nirvana"], "target phase 'nirvana' is not a phase of roadmap 'social-business'"),
        (["--target", "engagement", "--due", "2020-01-01"], "target date 2020-01-01 is not after the assessment"),
        (["--due", "2027-01-01"], "a target date needs a target phase"),
    ],
)
def test_bad_targets_are_clear_errors(cli, args: list[str], message: str) -> None:
    result = cli("score", EXAMPLE, *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_due_date_that_is_not_a_date_is_a_usage_error(cli) -> None:
    result = cli("score", EXAMPLE, "--target", "engagement", "--due", "next spring")
    assert result.exit_code == 2
    assert "--due next spring: not a date" in result.stderr


def test_a_reached_target_says_so(cli) -> None:
    result = cli("score", EXAMPLE, "--target", "presence")
    assert result.exit_code == 0
    assert "The target is reached: Social presence is passed." in result.stdout
