"""A known set of answers, exported by each survey tool, scores exactly as `score --json` does.

For every layout the same respondents are written as the tool would export them (its
header rows, metadata, grids, labels in English and Dutch, numeric recodes, answer
codes with a mapping), batch-scored with the real CLI, and compared with each
respondent's answers written as an answers file and scored with `socialmaturity score`.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from socialmaturity.model import AnswerSheet, Question
from socialmaturity.scoring import MaturityModel, Scorecard, score
from survey_fixtures import (
    Q,
    QuestionSpec,
    google_forms_csv,
    limesurvey_csv,
    microsoft_forms_xlsx,
    plain_csv,
    qualtrics_csv,
    surveymonkey_csv,
    typeform_csv,
    write,
)

GRID = "Social media at work"
MATRIX = "How far along is the organisation"


@dataclass(frozen=True)
class Respondent:
    name: str
    answers: dict[str, str]  # question id -> option id
    language: str = "en"
    complete: bool = True


def respondents(model: MaturityModel) -> list[Respondent]:
    """Top answers, a phase-shaped profile, two random ones (one Dutch), and a partial one."""
    questions = model.questionnaire.questions
    phases = [p.id for p in model.roadmap.phases]
    rng = random.Random(20260322)

    def top(q: Question) -> str:
        return q.scored_options()[-1].id

    def bottom(q: Question) -> str:
        return q.scored_options()[0].id

    shaped = {
        q.id: top(q) if phases.index(q.phase) < 2 else (q.scored_options()[1].id if phases.index(q.phase) == 2 else bottom(q))
        for q in questions
    }
    randoms = []
    for language in ("en", "nl"):
        answers = {}
        for q in questions:
            if rng.random() < 0.1:
                continue  # unanswered
            answers[q.id] = rng.choice(q.options).id
        randoms.append(Respondent(f"random-{language}", answers, language))
    half = {q.id: rng.choice(q.scored_options()).id for q in questions[: len(questions) // 2]}
    return [
        Respondent("top", {q.id: top(q) for q in questions}),
        Respondent("shaped", shaped),
        *randoms,
        Respondent("partial", half, complete=False),
    ]


def label(question: Question, option_id: str, language: str) -> str:
    option = question.option(option_id)
    assert option is not None
    return option.label[language]


# -- how each tool shows the questions --------------------------------------------------

Cell = Callable[[Question, str, Respondent], str]


def by_label(question: Question, option_id: str, who: Respondent) -> str:
    return label(question, option_id, who.language)


def by_recode(question: Question, option_id: str, who: Respondent) -> str:
    # Qualtrics' numeric recodes set to the option scores; "not applicable" stays text.
    option = question.option(option_id)
    assert option is not None
    return label(question, option_id, who.language) if option.score is None else f"{option.score:g}"


def by_answer_code(question: Question, option_id: str, who: Respondent) -> str:
    return f"A{[o.id for o in question.options].index(option_id) + 1}"


@dataclass(frozen=True)
class Layout:
    """How one tool exports the questionnaire: column specs, cells, the file, partials."""

    spec: Callable[[Question, int], QuestionSpec]
    build: Callable[[list[QuestionSpec], list[dict[Any, Any]]], bytes]
    suffix: str
    source: str
    cell: Cell = by_label
    marks_partial: bool = False
    mapping: Callable[[MaturityModel], dict[str, Any]] | None = None


def text(q: Question, language: str = "en") -> str:
    return q.text[language]


def grid_first_ten(q: Question, n: int) -> QuestionSpec:
    return (GRID, text(q)) if n < 10 else text(q)


def matrix_of_phase(q: Question, n: int) -> QuestionSpec:
    return (MATRIX, text(q)) if q.phase in ("presence", "dialogue") else text(q)


def limesurvey_codes(q: Question, n: int) -> QuestionSpec:
    code = q.id.replace("-", "")
    if n < 6:
        return Q("Basics", statement=text(q), code=f"Q1[{code}]")
    return Q(text(q), code=code)


def answer_codes(model: MaturityModel) -> dict[str, Any]:
    return {
        "values": {
            q.id: {f"A{i + 1}": o.id for i, o in enumerate(q.options)} for q in model.questionnaire.questions
        }
    }


LAYOUTS: dict[str, Layout] = {
    "google-forms": Layout(grid_first_ten, lambda s, r: google_forms_csv(s, r, email=True), ".csv", "google-forms"),
    "microsoft-forms": Layout(lambda q, n: ("Likert", text(q)), microsoft_forms_xlsx, ".xlsx", "microsoft-forms"),
    "qualtrics": Layout(matrix_of_phase, qualtrics_csv, ".csv", "qualtrics", marks_partial=True),
    "qualtrics-legacy-recodes": Layout(
        lambda q, n: text(q), lambda s, r: qualtrics_csv(s, r, legacy=True), ".csv", "qualtrics",
        cell=by_recode, marks_partial=True,
    ),
    "qualtrics-tsv-utf16": Layout(
        matrix_of_phase, lambda s, r: qualtrics_csv(s, r, encoding="utf-16", delimiter="\t"), ".tsv", "qualtrics",
        marks_partial=True,
    ),
    "surveymonkey": Layout(matrix_of_phase, surveymonkey_csv, ".csv", "surveymonkey"),
    "limesurvey-codes": Layout(
        limesurvey_codes, lambda s, r: limesurvey_csv(s, r, headings="code"), ".csv", "limesurvey",
        cell=by_answer_code, marks_partial=True, mapping=answer_codes,
    ),
    "limesurvey-full-text-dutch": Layout(
        lambda q, n: (("Basis", text(q, "nl")) if n < 6 else text(q, "nl")),
        lambda s, r: limesurvey_csv(s, r, headings="full"), ".csv", "limesurvey", marks_partial=True,
    ),
    "typeform": Layout(lambda q, n: text(q), typeform_csv, ".csv", "typeform", marks_partial=True),
    "csv-ids": Layout(lambda q, n: q.id, plain_csv, ".csv", "csv"),
}


def spec_key(spec: QuestionSpec) -> Any:
    if isinstance(spec, Q):
        return (spec.text, spec.statement) if spec.statement else spec.text
    return spec


def build_export(model: MaturityModel, layout: Layout, people: list[Respondent], folder: Path) -> tuple[Path, Path | None]:
    questions = model.questionnaire.questions
    specs = [layout.spec(q, n) for n, q in enumerate(questions)]
    rows: list[dict[Any, Any]] = []
    for number, who in enumerate(people):
        row: dict[Any, Any] = {"_complete": who.complete, "_id": str(number + 1) if layout.source in ("microsoft-forms", "limesurvey") else None}
        if row["_id"] is None:
            del row["_id"]
        for q, spec in zip(questions, specs, strict=True):
            if q.id in who.answers:
                row[spec_key(spec)] = layout.cell(q, who.answers[q.id], who)
        rows.append(row)
    export = write(folder / f"export{layout.suffix}", layout.build(specs, rows))
    mapping = None
    if layout.mapping is not None:
        mapping = folder / "mapping.yaml"
        mapping.write_text(yaml.safe_dump(layout.mapping(model), allow_unicode=True), encoding="utf-8")
    return export, mapping


# -- what `score` says ----------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    card: Scorecard
    json: dict[str, Any]


def expected_scores(model: MaturityModel, model_path: Path, people: list[Respondent], folder: Path, cli: Any) -> list[Expected]:
    found = []
    for who in people:
        sheet = AnswerSheet(
            questionnaire=model.questionnaire.id,
            questionnaire_version=model.questionnaire.version,
            organisation={"name": who.name},  # type: ignore[arg-type]
            assessed_on="2026-03-22",  # type: ignore[arg-type]
            answers=who.answers,
        )
        path = folder / f"{who.name}.yaml"
        path.write_text(yaml.safe_dump(sheet.model_dump(mode="json", exclude_none=True)), encoding="utf-8")
        result = cli("score", path, "--json", "--questionnaire", model_path)
        assert result.exit_code == 0, result.stderr
        found.append(Expected(score(model, sheet), json.loads(result.stdout)))
    return found


def one_decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


MODELS = {
    "bundled": Path(__file__).resolve().parent.parent / "questionnaires" / "social-business.yaml",
    "mini": Path(__file__).resolve().parent / "data" / "mini" / "questionnaires" / "mini.yaml",
}
CASES = [(name, "bundled") for name in LAYOUTS] + [("google-forms", "mini"), ("qualtrics", "mini"), ("csv-ids", "mini")]


@pytest.mark.parametrize(("layout_name", "model_name"), CASES, ids=[f"{m}-{layout}" for layout, m in CASES])
def test_batch_scores_equal_score_json(
    layout_name: str, model_name: str, tmp_path: Path, cli: Any, bundled: MaturityModel, mini: MaturityModel
) -> None:
    model = {"bundled": bundled, "mini": mini}[model_name]
    model_path = MODELS[model_name]
    layout = LAYOUTS[layout_name]
    people = respondents(model)
    export, mapping = build_export(model, layout, people, tmp_path)
    out = tmp_path / "out"
    args = ["batch", export, "--out-dir", out, "--questionnaire", model_path]
    if mapping is not None:
        args += ["--mapping", mapping]
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    assert f"Questions matched: {len(model.questionnaire.questions)} of {len(model.questionnaire.questions)}." in result.stderr

    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["export"]["source"] == layout.source
    assert summary["rows"]["read"] == summary["rows"]["scored"] == len(people)
    assert summary["rows"]["rejected"] == 0
    assert summary["match"]["values_not_understood"] == []
    assert summary["questionnaire"] == {
        "id": model.questionnaire.id,
        "version": model.questionnaire.version,
        "hash": model.hash,
    }

    rows = read_csv(out / "respondents.csv")
    expected = expected_scores(model, model_path, people, tmp_path, cli)
    assert len(rows) == len(expected)
    phases = [p.id for p in model.roadmap.phases]
    dimensions = [d.id for d in model.questionnaire.dimensions]
    for row, want, who in zip(rows, expected, people, strict=True):
        card, scored = want.card, want.json
        # the phase: exactly as `score --json` says
        assert row["phase"] == (scored["phase"]["id"] if scored["phase"] else ""), who.name
        assert int(row["phase_index"]) == (scored["phase"]["index"] if scored["phase"] else 0)
        # the scores: the CSV's one decimal of the very numbers `score --json` rounds to two
        for p, phase in enumerate(phases):
            exact = card.phases[p].score
            assert row[f"score_{phase}"] == one_decimal(exact), (who.name, phase)
            assert scored["phases"][p]["score"] == (None if exact is None else round(exact, 2))
        for d, dimension in enumerate(dimensions):
            exact = card.dimension_scores[dimension]
            assert row[f"dim_{dimension}"] == one_decimal(exact), (who.name, dimension)
            assert scored["dimensions"][d]["score"] == (None if exact is None else round(exact, 2))
        assert row["coverage"] == f"{card.tally.coverage:.3f}"
        # The tool's marker where it writes one, else the roadmap's minimum coverage.
        complete = who.complete if layout.marks_partial else card.tally.coverage >= model.plan.minimum_coverage
        assert row["complete"] == ("true" if complete else "false"), who.name
    assert [int(r["row"]) for r in rows] == [
        summary["export"]["header_rows"] + n + 1 for n in range(len(people))
    ]


def test_the_respondents_file_has_its_columns_in_order(tmp_path: Path, cli: Any, bundled: MaturityModel) -> None:
    export, _ = build_export(bundled, LAYOUTS["google-forms"], respondents(bundled)[:1], tmp_path)
    assert cli("batch", export, "-o", tmp_path / "out").exit_code == 0
    header = (tmp_path / "out" / "respondents.csv").read_bytes().split(b"\n", 1)[0]
    assert header == (
        b"row,respondent_id,group,complete,coverage,phase,phase_index,"
        b"score_presence,score_dialogue,score_engagement,score_integration,score_social-business,"
        b"dim_strategy,dim_organisation,dim_people,dim_processes,dim_platforms,dim_measurement,dim_customers"
    )
    data = (tmp_path / "out" / "respondents.csv").read_bytes()
    assert b"\r" not in data and not data.startswith(b"\xef\xbb\xbf")


def test_groups_take_the_median_answer_and_count_disagreement(tmp_path: Path, cli: Any, mini: MaturityModel) -> None:
    # Three respondents of one group: a1 none/some/all (median some; the middle half spans
    # none..all, an IQR of 2 steps = disagreement), a2 full/full/part (median full),
    # b1 yes/no/yes; another group of one.
    header = ["Respondent", "Team", "a1", "a2", "b1", "b2", "c1"]
    rows = [
        ["r1", "Care", "none", "full", "yes", "", ""],
        ["r2", "Care", "some", "full", "no", "", ""],
        ["r3", "Care", "all", "part", "yes", "", ""],
        ["r4", "Sales", "all", "full", "yes", "levels", "often"],
    ]
    export = tmp_path / "teams.csv"
    with export.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([header, *rows])
    result = cli("batch", export, "-q", MODELS["mini"], "--group-by", "Team", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    groups = read_csv(tmp_path / "out" / "groups.csv")
    assert list(groups[0]) == [
        "group", "respondents", "complete", "phase", "phase_index",
        "score_alpha", "score_beta", "score_gamma", "dim_strategy", "dim_people",
        "mean_score_alpha", "mean_score_beta", "mean_score_gamma", "mean_dim_strategy", "mean_dim_people",
        "disagreement",
    ]
    # Care: the group's score is its consensus (a1 some, a2 full, b1 yes) scored: alpha
    # 83.3 passes; beta 100 but only half of its weight answered (b2 empty) -> phase alpha.
    # The means of the respondents' own scores: alpha 66.7/83.3/66.7, beta 100/0/100,
    # strategy 50/25/100, people 100/100/50.
    assert groups == [
        {"group": "Care", "respondents": "3", "complete": "3", "phase": "alpha", "phase_index": "1",
         "score_alpha": "83.3", "score_beta": "100.0", "score_gamma": "", "dim_strategy": "75.0", "dim_people": "100.0",
         "mean_score_alpha": "72.2", "mean_score_beta": "66.7", "mean_score_gamma": "",
         "mean_dim_strategy": "58.3", "mean_dim_people": "83.3", "disagreement": "1"},
        {"group": "Sales", "respondents": "1", "complete": "1", "phase": "gamma", "phase_index": "3",
         "score_alpha": "100.0", "score_beta": "100.0", "score_gamma": "100.0", "dim_strategy": "100.0",
         "dim_people": "100.0", "mean_score_alpha": "100.0", "mean_score_beta": "100.0",
         "mean_score_gamma": "100.0", "mean_dim_strategy": "100.0", "mean_dim_people": "100.0",
         "disagreement": "0"},
    ]
    questions = read_csv(tmp_path / "out" / "questions.csv")
    care = {row["question"]: row for row in questions if row["group"] == "Care"}
    assert care["a1"] == {
        "group": "Care", "question": "a1", "answers": "3", "unanswered": "0", "median": "some",
        "q1_step": "0", "q3_step": "2", "iqr_steps": "2", "not_applicable_share": "0.000",
        "disagreement": "true", "counts": "none=1; some=1; all=1",
    }
    # A question nobody in the group answered is listed too.
    assert care["c1"]["answers"] == "0" and care["c1"]["unanswered"] == "3"
    assert [row["question"] for row in questions] == ["a1", "a2", "b1", "b2", "c1"] * 2
