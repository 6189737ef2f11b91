"""One group score: groups.csv, summary.json and the group's PDF agree, and the
consensus behind it is the median without rounding bias."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from socialmaturity.scoring import MaturityModel, summarise_answers, survey_consensus

pytestmark = pytest.mark.slow  # renders the group reports and reads them back

EXAMPLE = ROOT / "examples" / "survey-export.csv"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_the_option_most_chose_does_not_lose_to_one_fewer_chose(bundled: MaturityModel) -> None:
    question = bundled.questionnaire.questions[0]  # none, one-platform, main-platforms, linked
    ids = [o.id for o in question.options]
    # 2/9/11 over the three lowest options: the two middle answers (11th and 12th) are
    # one-platform and main-platforms; 11 chose main-platforms, 9 one-platform.
    assert survey_consensus(question, {ids[0]: 2, ids[1]: 9, ids[2]: 11}) == ids[2]
    assert survey_consensus(question, {ids[0]: 11, ids[1]: 9, ids[2]: 2}) == ids[0]
    # a tie between the two middle options: the lower, the more modest answer
    assert survey_consensus(question, {ids[0]: 5, ids[3]: 5}) == ids[0]
    # an odd number: the middle answer
    assert survey_consensus(question, {ids[0]: 1, ids[1]: 1, ids[3]: 1}) == ids[1]


def test_not_applicable_answers_win_only_when_more_than_half(bundled: MaturityModel) -> None:
    question = next(q for q in bundled.questionnaire.questions if any(o.score is None for o in q.options))
    na = next(o.id for o in question.options if o.score is None)
    low = question.scored_options()[0].id
    assert survey_consensus(question, {na: 3, low: 2}) == na
    assert survey_consensus(question, {na: 2, low: 2}) == low


@pytest.mark.parametrize(
    ("counts", "iqr", "disagreement"),
    [((1, 9, 10, 0), 1, False), ((10, 0, 0, 10), 3, True), ((0, 5, 5, 0), 1, False), ((3, 0, 3, 0), 2, True)],
)
def test_survey_disagreement_is_the_interquartile_range(
    bundled: MaturityModel, counts: tuple[int, ...], iqr: int, disagreement: bool
) -> None:
    question = bundled.questionnaire.questions[0]
    summary = summarise_answers(question, {o.id: n for o, n in zip(question.options, counts, strict=True)})
    assert summary.iqr == iqr
    assert summary.disagreement is disagreement


def test_groups_csv_and_summary_json_give_the_same_group_score(tmp_path: Path, cli: Any, bundled: MaturityModel) -> None:
    out = tmp_path / "out"
    result = cli("batch", EXAMPLE, "--group-by", "Organisation", "-o", out)
    assert result.exit_code == 0, result.stderr
    groups = read_csv(out / "groups.csv")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    plan = bundled.plan
    assert [g["group"] for g in summary["group_scores"]] == [g["group"] for g in groups]
    for row, entry in zip(groups, summary["group_scores"], strict=True):
        assert row["phase"] == (entry["phase"] or "")
        assert int(row["phase_index"]) == entry["phase_index"]
        for phase in plan.phase_ids:
            score = entry["scores"][phase]
            assert row[f"score_{phase}"] == ("" if score is None else f"{score:.1f}")
            mean = entry["mean_of_respondents"]["scores"][phase]
            assert row[f"mean_score_{phase}"] == ("" if mean is None else f"{mean:.1f}")
        for dimension in plan.dimension_ids:
            score = entry["dimensions"][dimension]
            assert row[f"dim_{dimension}"] == ("" if score is None else f"{score:.1f}")
    # Harbourlight: the group's score is its consensus scored, not the mean of its
    # respondents' scores (which the issue found as 49.8 for Engagement).
    harbourlight = next(g for g in groups if g["group"] == "Harbourlight Energy")
    assert harbourlight["score_engagement"] != harbourlight["mean_score_engagement"]


@pytest.mark.slow
def test_the_group_pdf_shows_the_same_phase_and_scores(tmp_path: Path, cli: Any, bundled: MaturityModel) -> None:
    from pypdf import PdfReader

    out = tmp_path / "out"
    result = cli("batch", EXAMPLE, "--group-by", "Organisation", "--reports", "-o", out)
    assert result.exit_code == 0, result.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    written = {Path(p).stem: Path(p) for p in summary["reports"]["written"]}
    names = {p.id: p.name["en"] for p in bundled.roadmap.phases}
    for entry in summary["group_scores"]:
        slug = entry["group"].lower().replace(" ", "-")
        text = " ".join(
            " ".join(page.extract_text() for page in PdfReader(written[slug]).pages).split()
        )
        phase = names[entry["phase"]] if entry["phase"] else None
        assert f"PHASE REACHED {phase}" in text, entry["group"]
        for index, (phase_id, score) in enumerate(entry["scores"].items(), 1):
            assert f"{index} {names[phase_id]} {score:.1f}" in text, (entry["group"], phase_id)
        # the survey's own words, not a workshop's
        assert f"{entry['respondents']} respondents answered the survey" in text or "no real disagreement" in text
        assert "participants voted" not in text and "abstained" not in text
        assert "In a survey every respondent answers on their own" in text
