"""Weights of at least 0.01 and score steps of at least 0.01, refused at their position.

A weight of 5e-324 underflows in weight x score (5e-324 x 0.5 is 0): the question
would silently stop counting. Two scores a hair apart are no scale a person reads,
and below about 1e-308 the difference loses its digits.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import MINI


@pytest.fixture
def questionnaire(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "mini")
    return tmp_path / "mini" / "questionnaires" / "mini.yaml"


def edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


# Line 28 is the weight of question a2, `    weight: 2`; its value starts at column 13.
WEIGHTS = [
    ("5e-324", "questions.1.weight: 5e-324 is out of range: input should be greater than or equal to 0.01"),
    ("0.009", "questions.1.weight: 0.009 is out of range: input should be greater than or equal to 0.01"),
    ("0", "questions.1.weight: 0 is out of range: input should be greater than or equal to 0.01"),
    ("-1", "questions.1.weight: -1 is out of range: input should be greater than or equal to 0.01"),
    (".nan", "questions.1.weight: input should be a finite number"),
    ("101", "questions.1.weight: 101 is out of range: input should be less than or equal to 100"),
]


@pytest.mark.parametrize(("weight", "message"), WEIGHTS)
def test_a_weight_out_of_range_is_refused_at_the_weight(cli, questionnaire: Path, weight: str, message: str) -> None:
    edit(questionnaire, "    weight: 2", f"    weight: {weight}")
    result = cli("validate", questionnaire)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"{questionnaire}:28:13: {message}"]


@pytest.mark.parametrize("weight", ["0.01", "0.5", "100"])
def test_weights_in_range_are_fine(cli, questionnaire: Path, weight: str) -> None:
    edit(questionnaire, "    weight: 2", f"    weight: {weight}")
    result = cli("validate", questionnaire)
    assert result.exit_code == 0, result.stdout


def test_score_refuses_a_questionnaire_with_a_tiny_weight(cli, questionnaire: Path) -> None:
    edit(questionnaire, "    weight: 2", "    weight: 5e-324")
    answers = questionnaire.parent.parent / "answers" / "beta.yaml"
    result = cli("score", answers, "--questionnaire", questionnaire)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{questionnaire}:28:13: questions.1.weight: 5e-324 is out of range: "
        "input should be greater than or equal to 0.01"
    ]


# Line 63 is c1's option `often`, `      - {id: often, label: {en: Often, nl: Vaak}, score: 4}`.
STEPS = [
    pytest.param("0", "1e-300", "'never' (0) and 'often' (1e-300)", id="a-tiny-span"),
    pytest.param("0", "5e-324", "'never' (0) and 'often' (5e-324)", id="the-smallest-float"),
    pytest.param("1", "1.005", "'never' (1) and 'often' (1.005)", id="half-a-step"),
    pytest.param("1000000", "999999.999", "'often' (999999.999) and 'never' (1000000)", id="at-a-large-score"),
]


@pytest.mark.parametrize(("low", "high", "options"), STEPS)
def test_scores_closer_than_a_step_are_refused(cli, questionnaire: Path, low: str, high: str, options: str) -> None:
    edit(
        questionnaire,
        "{id: never, label: {en: Never, nl: Nooit}, score: 0}\n      - {id: often, label: {en: Often, nl: Vaak}, score: 4}",
        f"{{id: never, label: {{en: Never, nl: Nooit}}, score: {low}}}\n"
        f"      - {{id: often, label: {{en: Often, nl: Vaak}}, score: {high}}}",
    )
    # The problem is at the higher of the two scores.
    line, column = (63, 58) if float(high) > float(low) else (62, 59)
    result = cli("validate", questionnaire)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{questionnaire}:{line}:{column}: question 'c1': the scores of options {options} "
        "differ by less than 0.01; make them equal or at least 0.01 apart"
    ]


@pytest.mark.parametrize(("low", "high"), [("2", "2.01"), ("0", "0.01"), ("-1", "-0.99"), ("1000000", "999999.99")])
def test_scores_a_step_apart_are_fine(cli, questionnaire: Path, low: str, high: str) -> None:
    edit(
        questionnaire,
        "{id: never, label: {en: Never, nl: Nooit}, score: 0}\n      - {id: often, label: {en: Often, nl: Vaak}, score: 4}",
        f"{{id: never, label: {{en: Never, nl: Nooit}}, score: {low}}}\n"
        f"      - {{id: often, label: {{en: Often, nl: Vaak}}, score: {high}}}",
    )
    result = cli("validate", questionnaire)
    assert result.exit_code == 0, result.stdout


def test_equal_scores_stay_allowed(cli, questionnaire: Path) -> None:
    edit(
        questionnaire,
        "      - {id: levels, label: {en: Levels, nl: Niveaus}, score: 2}",
        "      - {id: levels, label: {en: Levels, nl: Niveaus}, score: 1}",
    )
    result = cli("validate", questionnaire)
    assert result.exit_code == 0, result.stdout


def test_the_schema_gives_the_weight_minimum(cli) -> None:
    schema = json.loads(cli("schema", "questionnaire").stdout)
    weight = schema["$defs"]["Question"]["properties"]["weight"]
    assert (weight["minimum"], weight["maximum"]) == (0.01, 100)
    assert "0.01 to 100" in weight["description"]
