"""Progress over time, and the guards of every comparison."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from conftest import ROOT

EXAMPLES = ROOT / "examples"
NOW = EXAMPLES / "harbourlight-answers.yaml"
MARCH = EXAMPLES / "harbourlight-2025-03.yaml"
OCTOBER = EXAMPLES / "harbourlight-2025-10.yaml"


def _copy(tmp_path: Path, source: Path, name: str, **changes: object) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_trend_over_three_assessments_in_date_order(cli) -> None:
    # given out of order: the trend sorts them, and says so
    result = cli("trend", NOW, MARCH, OCTOBER, "--json")
    assert result.exit_code == 0, result.stderr
    trend = json.loads(result.stdout)
    assert [a["assessed_on"] for a in trend["assessments"]] == ["2025-03-20", "2025-10-09", "2026-10-14"]
    assert [a["phase"] and a["phase"]["id"] for a in trend["assessments"]] == [None, "presence", "dialogue"]
    assert "shown in date order" in result.stderr
    presence = next(p for p in trend["phases"] if p["id"] == "presence")
    assert presence["scores"] == [57.14, 90.48, 90.48]
    first, second = trend["changes"]
    assert (first["from"], first["to"]) == ("2025-03-20", "2025-10-09")
    changed = {c["question"]: c for c in second["answers"]}
    assert changed["social-care-response"]["before"] == "care-when-quiet"
    assert changed["social-care-response"]["after"] == "care-planned"
    assert changed["social-care-response"]["direction"] == "up"
    assert "official-accounts" not in changed  # unchanged since October 2025


def test_trend_in_the_terminal_shows_the_phase_at_each_date(cli) -> None:
    result = cli("trend", MARCH, OCTOBER, NOW, "--lang", "nl")
    assert result.exit_code == 0, result.stderr
    assert "2025-03-20" in result.stdout and "2026-10-14" in result.stdout
    assert "vóór de eerste fase" in result.stdout and "Dialogue" in result.stdout
    assert "Gewijzigde antwoorden: 2025-10-09 → 2026-10-14" in result.stdout
    assert "shown in date order" not in result.stderr


def test_an_answer_that_went_down_is_said(cli, tmp_path: Path) -> None:
    data = yaml.safe_load(NOW.read_text(encoding="utf-8"))
    data["answers"]["official-accounts"] = "irregular"
    later = _copy(tmp_path, NOW, "later.yaml", assessed_on="2027-04-01", answers=data["answers"])
    changes = json.loads(cli("trend", NOW, later, "--json").stdout)["changes"][0]["answers"]
    assert changes == [
        {
            "question": "official-accounts",
            "text": changes[0]["text"],
            "before": "rhythm-on-all",
            "after": "irregular",
            "direction": "down",
        }
    ]


def test_another_organisation_is_refused(cli, tmp_path: Path) -> None:
    other = _copy(tmp_path, OCTOBER, "other.yaml", organisation={"name": "Workshop BV"})
    result = cli("trend", other, NOW)
    assert result.exit_code == 1
    assert "different organisations" in result.stderr and "--allow-other-organisation" in result.stderr
    result = cli("score", NOW, "--compare", other)
    assert result.exit_code == 1
    assert "different organisations" in result.stderr


def test_another_organisation_when_allowed_is_said(cli, tmp_path: Path) -> None:
    other = _copy(tmp_path, OCTOBER, "other.yaml", organisation={"name": "Workshop BV"})
    for args in (("trend", other, NOW), ("score", NOW, "--compare", other)):
        result = cli(*args, "--allow-other-organisation")
        assert result.exit_code == 0
        assert "('Workshop BV')" in result.stderr and "are different organisations" in result.stderr
        # and in the view itself, above everything else
        assert result.stdout.startswith("╭─ Note")
        assert "Workshop" in result.stdout.split("╰")[0]


def test_organisation_names_are_compared_without_case_and_spacing(cli, tmp_path: Path) -> None:
    same = _copy(tmp_path, OCTOBER, "same.yaml", organisation={"name": "harbourlight  energy"})
    assert cli("trend", same, NOW).exit_code == 0


def test_the_same_file_twice_is_refused(cli, tmp_path: Path) -> None:
    result = cli("trend", NOW, MARCH, NOW)
    assert result.exit_code == 1
    assert "is given twice" in result.stderr
    result = cli("score", NOW, "--compare", NOW)
    assert result.exit_code == 1
    assert "is given twice" in result.stderr
    # a copy of the same assessment is the same assessment
    copy = _copy(tmp_path, NOW, "copy.yaml")
    result = cli("score", NOW, "--compare", copy)
    assert result.exit_code == 1
    assert "hold the same assessment" in result.stderr


def test_a_later_file_given_as_the_earlier_one_is_said(cli) -> None:
    result = cli("score", MARCH, "--compare", NOW)
    assert result.exit_code == 0, result.stderr
    assert "is dated 2026-10-14, after" in result.stderr
    assert "Compared with 14 October 2026 (a later" in result.stdout
    assert "Since 2026-10-14" not in result.stdout


def test_different_model_versions_are_compared_by_id_and_said(cli, tmp_path: Path) -> None:
    old = _copy(tmp_path, EXAMPLES / "harbourlight-answers-1.0.0.yaml", "old.yaml", assessed_on="2025-11-01")
    result = cli("trend", old, NOW, "--json")
    assert result.exit_code == 0, result.stderr
    assert "answered version 1.0.0 of 'social-business'" in result.stderr
    assert "compared by id" in result.stderr
    versions = [a["questionnaire"]["version"] for a in json.loads(result.stdout)["assessments"]]
    assert versions == ["1.0.0", "2.0.0"]


def test_a_much_lower_coverage_is_said(cli, tmp_path: Path) -> None:
    data = yaml.safe_load(NOW.read_text(encoding="utf-8"))
    kept = dict(list(data["answers"].items())[:15])
    sparse = _copy(tmp_path, NOW, "sparse.yaml", assessed_on="2027-03-01", answers=kept, votes={}, notes={})
    result = cli("trend", NOW, sparse)
    assert result.exit_code == 0, result.stderr
    assert "part of the change is questions left open" in result.stderr


def test_score_compare_lists_the_changed_answers(cli) -> None:
    result = cli("score", NOW, "--compare", OCTOBER, "--json")
    assert result.exit_code == 0, result.stderr
    changed = json.loads(result.stdout)["comparison"]["answers_changed"]
    assert {"question": "social-care-response", "before": "care-when-quiet", "after": "care-planned"}.items() <= {
        k: v for k, v in next(c for c in changed if c["question"] == "social-care-response").items()
    }.items()
    text = cli("score", NOW, "--compare", OCTOBER).stdout
    assert "Answers changed" in text


def test_trend_needs_two_files_and_no_stdin(cli) -> None:
    assert cli("trend", NOW).exit_code == 2
    assert cli("trend", NOW, "-").exit_code == 2


def test_a_half_answered_earlier_assessment_is_said_too(cli, tmp_path: Path) -> None:
    data = yaml.safe_load(OCTOBER.read_text(encoding="utf-8"))
    kept = dict(list(data["answers"].items())[:20])
    half = _copy(tmp_path, OCTOBER, "half.yaml", answers=kept)
    result = cli("score", NOW, "--compare", half)
    assert result.exit_code == 0, result.stderr
    assert "half.yaml answers" in result.stderr and "part of the change is questions left open" in result.stderr
