"""`validate` (and loading for `score`) lists every problem of a file in one run.

A wrong field does not hide the other problems: pydantic's errors are all listed, and
the checks across the file and against the files it refers to still run on the parts
that are right. Each case gives the exact `PATH:LINE:COLUMN: message` lines, in the
order of the file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import MINI, ROOT
from socialmaturity.loader import LoadError, load_answers, validate_files
from socialmaturity.validation import check_answers, check_questionnaire, check_roadmap


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the mini model in the questionnaires/ roadmaps/ answers/ layout."""
    shutil.copytree(MINI, tmp_path / "mini")
    return tmp_path / "mini"


def edit(path: Path, *changes: tuple[str, str]) -> Path:
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_wrong_score_does_not_hide_four_other_mistakes(cli, tree: Path) -> None:
    questionnaire = edit(
        tree / "questionnaires" / "mini.yaml",
        ("{id: some, label: {en: Some, nl: Enkele}, score: 1}", '{id: some, label: {en: Some, nl: Enkele}, score: "two"}'),
        ("    dimension: people\n    weight: 2", "    dimension: culture\n    weight: 2"),
        ("  - id: b1\n", "  - id: a1\n"),
        ("{en: Calendar?, nl: Kalender?}", "{en: Calendar?}"),
        ("    phase: gamma", "    phase: omega"),
    )
    result = cli("validate", questionnaire)
    assert result.exit_code == 1
    q = questionnaire
    assert result.stdout.splitlines() == [
        f"{q}:14:1: phase 'gamma' of roadmap 'mini' has no questions",
        f"{q}:21:58: questions.0.options.1.score: input should be a valid number, unable to parse string as a number",
        f"{q}:27:16: question 'a2' is in unknown dimension 'culture'; valid dimensions: strategy, people",
        f"{q}:37:9: duplicate question id 'a1' (first used at questions.0.id)",
        f"{q}:40:11: questions.2.text: missing the 'nl' translation",
        f"{q}:58:12: question 'c1' is in unknown phase 'omega'; valid phases: alpha, beta, gamma",
    ]


def test_every_pydantic_error_is_listed_with_the_checks(cli, tree: Path) -> None:
    roadmap = edit(
        tree / "roadmaps" / "mini.yaml",
        ("  - id: beta\n", "  - id: Beta Phase\n"),
        ("    threshold: 70\n", "    threshold: 140\n"),
        ("    name: {en: Alpha, nl: Alfa}", "    name: {en: Alpha, nl: Alfa, NL: Alfa}"),
        ("  summary: {en: Not started., nl: Niet begonnen.}", "  summary: {en: Not started.}"),
        ("minimum_coverage: 0.6", "minimum_coverage: lots"),
    )
    result = cli("validate", roadmap)
    assert result.exit_code == 1
    r = roadmap
    assert result.stdout.splitlines() == [
        f"{r}:6:19: minimum_coverage: input should be a valid number, unable to parse string as a number",
        f"{r}:8:12: start.summary: missing the 'nl' translation",
        f"{r}:15:33: phases.0.name: 'NL' is not a two-letter language code",
        f"{r}:25:9: phases.1.id: 'Beta Phase' is not a valid id (lowercase letters, digits and single hyphens, e.g. 'care-desk')",
        f"{r}:29:16: phases.1.threshold: 140 is out of range: input should be less than or equal to 100",
    ]


def test_a_missing_version_does_not_hide_wrong_option_ids(cli, tree: Path) -> None:
    answers = edit(
        tree / "answers" / "beta.yaml",
        ('questionnaire_version: "1.0"\n', ""),
        ("  b2: basic", "  b2: advanced"),
        ("  a1: some", "  a1: sum"),
        ("  c1: never", "  c9: never"),
    )
    result = cli("validate", answers)
    assert result.exit_code == 1
    a = answers
    assert result.stdout.splitlines() == [
        f"{a}:1:1: missing required field 'questionnaire_version'",
        f"{a}:7:7: 'sum' is not an option of question 'a1'; valid options: none, some, all",
        f"{a}:10:7: 'advanced' is not an option of question 'b2'; valid options: none, basic, levels, dont-know",
        f"{a}:11:3: unknown question 'c9'; valid questions: a1, a2, b1, b2, c1",
    ]


def test_score_lists_the_same_problems(cli, tree: Path) -> None:
    answers = edit(
        tree / "answers" / "beta.yaml",
        ("assessed_on: 2026-01-15", "assessed_on: soon"),
        ("  b2: basic", "  b2: advanced"),
    )
    result = cli("score", answers)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{answers}:4:14: assessed_on: input should be a date (YYYY-MM-DD)",
        f"{answers}:11:7: 'advanced' is not an option of question 'b2'; valid options: none, basic, levels, dont-know",
    ]


def test_load_answers_raises_every_problem(tree: Path) -> None:
    answers = edit(
        tree / "answers" / "beta.yaml",
        ('questionnaire_version: "1.0"', 'questionnaire_version: "0.9"'),
        ("organisation: {name: Example Ltd}", "organisation: {name: Example Ltd, city: Delft}"),
        ("  a2: full", "  a2: [full]"),
        ("  b1: \"yes\"", "  b1: maybe"),
    )
    with pytest.raises(LoadError) as caught:
        load_answers(str(answers))
    assert [str(p) for p in caught.value.problems] == [
        f"{answers}:2:24: these answers were given to version 0.9 of 'mini', but the questionnaire found is version 1.0",
        f"{answers}:3:35: unknown field 'city' in organisation",
        f"{answers}:9:7: answers.a2: input should be a valid string",
        f"{answers}:10:7: 'maybe' is not an option of question 'b1'; valid options: no, yes",
    ]


def test_checks_of_the_file_itself_run_when_its_questionnaire_is_unknown(cli, tree: Path) -> None:
    answers = edit(
        tree / "answers" / "beta.yaml",
        ("questionnaire: mini", "questionnaire: maxi"),
        ("assessor: Test\n", "assessor: Test\nparticipants: [Ann, Bob, Ann]\nvotes: {a1: {Cy: some}}\n"),
    )
    result = cli("validate", answers)
    assert result.exit_code == 1
    a = answers
    assert result.stdout.splitlines() == [
        f"{a}:1:16: unknown questionnaire 'maxi'",
        f"{a}:6:26: duplicate participant id 'Ann' (first used at participants.0)",
        f"{a}:7:14: 'Cy' voted but is not among the participants",
    ]


@pytest.mark.parametrize("order", ["answers-first", "questionnaire-first"])
def test_answers_to_a_questionnaire_with_problems_say_so_in_any_order(cli, tree: Path, order: str) -> None:
    questionnaire = edit(tree / "questionnaires" / "mini.yaml", ("    dimension: people\n    weight: 2", "    dimension: culture\n    weight: 2"))
    answers = tree / "answers" / "beta.yaml"
    files = [answers, questionnaire] if order == "answers-first" else [questionnaire, answers]
    result = cli("validate", *files)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"{answers}:1:16: its questionnaire {questionnaire} is not valid" in lines
    assert f"{questionnaire}:27:16: question 'a2' is in unknown dimension 'culture'; valid dimensions: strategy, people" in lines
    assert len(lines) == 2


# A part that is wrong is reported once, by the shape check; the checks that would
# need it are left out instead of raising a false alarm.
NO_FALSE_ALARMS = [
    pytest.param(
        ("  - id: people\n", "  - id: People\n"),
        "11:9: dimensions.1.id: 'People' is not a valid id (lowercase letters, digits and single hyphens, e.g. 'care-desk')",
        id="a-wrong-dimension-id-makes-no-question-unknown",
    ),
    pytest.param(
        ("{id: often, label: {en: Often, nl: Vaak}, score: 4}", "{id: often, label: {en: Often, nl: Vaak}, score: many}"),
        "63:58: questions.4.options.1.score: input should be a valid number, unable to parse string as a number",
        id="a-wrong-score-leaves-the-scale-unjudged",
    ),
    pytest.param(
        ("    phase: gamma", "    phase: [gamma]"),
        "58:12: questions.4.phase: input should be a valid string",
        id="a-wrong-phase-leaves-no-phase-empty",
    ),
    pytest.param(
        ("languages: [en, nl]", "languages: [en, NL]"),
        "6:17: languages.1: 'NL' is not a two-letter language code",
        id="wrong-languages-leave-translations-unjudged",
    ),
    pytest.param(
        ("{en: Accounts?, nl: Accounts?}", "{en: Accounts?, nl: 7}"),
        "18:31: questions.0.text.nl: input should be a valid string",
        id="a-wrong-translation-is-not-missing",
    ),
]


@pytest.mark.parametrize(("change", "problem"), NO_FALSE_ALARMS)
def test_a_wrong_part_raises_no_false_alarm(cli, tree: Path, change: tuple[str, str], problem: str) -> None:
    questionnaire = edit(tree / "questionnaires" / "mini.yaml", change)
    result = cli("validate", questionnaire)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"{questionnaire}:{problem}"]


def test_validate_files_returns_the_problems_in_file_order(tree: Path) -> None:
    questionnaire = edit(
        tree / "questionnaires" / "mini.yaml",
        ("    source: \"004\"", "    source: \"004\"\n    colour: red"),
        ("roadmap: mini", "roadmap: maxi"),
    )
    [loaded] = validate_files([str(questionnaire)])
    assert [(p.line, p.column, p.message) for p in loaded.problems] == [
        (4, 10, "unknown roadmap 'maxi'"),
        (66, 5, "unknown field 'colour' in questions.4"),
    ]


def test_the_checks_take_models_built_in_code(bundled) -> None:
    sheet, _ = load_answers(str(ROOT / "examples" / "harbourlight-answers.yaml"))
    assert check_roadmap(bundled.roadmap) == []
    assert check_questionnaire(bundled.questionnaire, bundled.roadmap) == []
    assert check_answers(sheet, bundled.questionnaire) == []
    wrong = sheet.model_copy(update={"answers": {**sheet.answers, "official-accounts": "nope"}})
    [problem] = check_answers(wrong, bundled.questionnaire)
    assert (problem.path, problem.message) == (
        ("answers", "official-accounts"),
        "'nope' is not an option of question 'official-accounts'; "
        "valid options: no-active-account, irregular, rhythm-on-some, rhythm-on-all",
    )
