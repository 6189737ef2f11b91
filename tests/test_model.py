"""The bundled model, version 2.0.0, read as a consultant would sign it: organisations that
match a phase's own profile land in that phase, advice follows the answer given, every
element names its source, no sentence is copied from a source, and version 1.0.0 still
scores as it always did."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, localised
from socialmaturity.i18n import text
from socialmaturity.loader import load_answers, load_model
from socialmaturity.migration import migration_path, read_migration
from socialmaturity.model import Sourced
from socialmaturity.scoring import MaturityModel, score

PERSONAS = ROOT / "tests" / "data" / "personas"
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_RUNS = ROOT / "tests" / "data" / "seed-runs.txt"
COPY_RUN = 8
MARGIN = 8.0  # points a phase's own profile clears its threshold by, and stays under the next


@pytest.fixture(scope="module")
def model() -> MaturityModel:
    return load_model("social-business")


def persona(name: str) -> tuple[int, list[float | None], object]:
    sheet, model = load_answers(str(PERSONAS / name))
    card = score(model, sheet)
    return card.phase_index, [p.score for p in card.phases], card


# -- personas ---------------------------------------------------------------------------

PROFILES = [
    ("start.yaml", 0),
    ("presence.yaml", 1),
    ("dialogue.yaml", 2),
    ("engagement.yaml", 3),
    ("integration.yaml", 4),
    ("social-business.yaml", 5),
]


@pytest.mark.parametrize(("name", "phase"), PROFILES)
def test_each_phase_profile_lands_in_its_phase_with_room(model: MaturityModel, name: str, phase: int) -> None:
    reached, scores, _ = persona(name)
    assert reached == phase
    thresholds = [p.threshold for p in model.roadmap.phases]
    if phase:  # clearly above its own threshold
        assert scores[phase - 1] is not None and scores[phase - 1] >= thresholds[phase - 1] + MARGIN
    if phase < len(thresholds):  # and clearly below the next one's
        assert (scores[phase] or 0.0) <= thresholds[phase] - MARGIN


def test_a_midsize_company_with_a_webcare_team_is_in_dialogue() -> None:
    # campaigns, a webcare team with a 4-hour target, daily monitoring, a shared inbox
    reached, _, card = persona("webcare-midsize.yaml")
    assert reached == 2
    assert not card.borderline  # not one answer from another verdict  # type: ignore[attr-defined]


def test_a_room_that_does_not_know_does_not_pass_the_first_phase() -> None:
    reached, _, card = persona("all-dont-know.yaml")
    assert reached == 0
    assert card.phases[0].unknown_share > 0  # type: ignore[attr-defined]


def test_answering_not_applicable_wherever_possible_gains_no_phase() -> None:
    ruled_out, _, _ = persona("not-applicable-room.yaml")
    honest, _, _ = persona("dialogue.yaml")
    assert ruled_out <= honest


def test_every_persona_is_a_valid_answers_file(cli) -> None:
    result = cli("validate", *sorted(PERSONAS.glob("*.yaml")))
    assert result.exit_code == 0, result.stdout + result.stderr


# -- advice per answer ------------------------------------------------------------------


def test_the_advice_follows_the_answer_for_every_question(model: MaturityModel) -> None:
    for question in model.questionnaire.questions:
        assert question.recommendation is None, question.id  # advice per option in 2.0.0
        top = max(o.score for o in question.options if o.score is not None)
        for language in model.questionnaire.languages:
            shown = {}
            for option in question.options:
                advice = question.recommendation_for(option.id)
                if option.score == top:
                    continue  # the top answer may have none
                if option.not_applicable:
                    assert option.help, f"{question.id}/{option.id}: say why it cannot apply"
                    continue
                assert advice is not None, f"{question.id}/{option.id}"
                shown[option.id] = text(advice, language)
            # options that differ get different advice
            assert len(set(shown.values())) == len(shown), f"{question.id} ({language})"


def test_the_advice_shown_is_the_one_for_the_answer_given(cli, model: MaturityModel, tmp_path: Path) -> None:
    question = next(q for q in model.questionnaire.questions if q.phase == "presence")
    lowest, second = question.scored_options()[:2]
    for option in (lowest, second):
        answers = tmp_path / f"{option.id}.yaml"
        answers.write_text(
            f'questionnaire: social-business\nquestionnaire_version: "2.0.0"\n'
            f"organisation: {{name: X}}\nassessed_on: 2026-11-22\nanswers: {{{question.id}: {option.id}}}\n",
            encoding="utf-8",
        )
        card = json.loads(cli("score", answers, "--json").stdout)
        [gap] = [g for g in card["gaps"] if g["question"] == question.id]
        assert gap["recommendation"] == text(option.recommendation, "en")


# -- traceability -----------------------------------------------------------------------

KNOWN_SOURCES = {path.name[:3] for path in SEEDS.glob("*.txt")} or {"000", "001", "002", "003", "004"}


def sources_of(value: str | None) -> set[str]:
    assert value, "every element names its source"
    return {part.strip() for part in value.split(",")}


def test_every_element_names_a_source_that_exists(model: MaturityModel) -> None:
    known = KNOWN_SOURCES | {"synthesis"}
    roadmap = model.roadmap
    assert sources_of(roadmap.start.source) <= known
    for phase in roadmap.phases:
        assert sources_of(phase.source) <= known, phase.id
        for item in [*phase.characteristics, *phase.obstacles]:
            assert isinstance(item, Sourced) and sources_of(item.source) <= known, phase.id
        for step in [*phase.next_steps, *roadmap.start.next_steps]:
            assert sources_of(step.source) <= known, step.id
            assert step.effort and step.impact, step.id
    for question in model.questionnaire.questions:
        assert sources_of(question.source) <= known, question.id
    assert roadmap.credits and "Social Business Roadmap" in roadmap.credits["en"]
    assert roadmap.threshold_rationale


def test_what_a_consultant_expects_is_asked(model: MaturityModel) -> None:
    by_phase: dict[str, str] = {}
    for question in model.questionnaire.questions:
        words = " ".join(
            [text(question.text, "en"), text(question.help, "en")] + [text(o.label, "en") for o in question.options]
        )
        by_phase[question.phase] = by_phase.get(question.phase, "") + " " + words
    for needed in ("share of voice", "first response time", "resolution", "WhatsApp"):
        assert needed.lower() in by_phase["dialogue"].lower(), needed
    everything = " ".join(by_phase.values()).lower()
    for needed in ("chatbot", "ai assistant", "influencer", "gdpr", "two-step verification", "password vault"):
        assert needed in everything, needed
    measurement = [q.phase for q in model.questionnaire.questions if q.dimension == "measurement"]
    for phase in model.roadmap.phases:
        assert measurement.count(phase.id) >= 2, phase.id


# -- nothing copied from a source -------------------------------------------------------


def words(value: str) -> list[str]:
    # case and accents folded: 'één' and 'een' count as one word (stricter, not looser)
    folded = unicodedata.normalize("NFKD", value.lower())
    return re.findall(r"\w+", "".join(ch for ch in folded if not unicodedata.combining(ch)))


def run_hashes(value: str) -> set[str]:
    tokens = words(value)
    return {
        hashlib.sha256(" ".join(tokens[i : i + COPY_RUN]).encode("utf-8")).hexdigest()[:16]
        for i in range(len(tokens) - COPY_RUN + 1)
    }


def model_texts(value: object, where: str = "") -> list[tuple[str, str]]:
    """Every text of a YAML document, with its place."""
    found: list[tuple[str, str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found += model_texts(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += model_texts(item, f"{where}[{i}]")
    elif isinstance(value, str) and len(value.split()) >= COPY_RUN:
        found.append((where, value))
    return found


def seed_runs() -> set[str]:
    """The fingerprints of every run of eight words in the source texts.

    Kept in the repository as hashes (never the texts), so the check runs anywhere; where
    the sources are at hand, the fingerprints are checked against them."""
    return set(SEED_RUNS.read_text(encoding="utf-8").split())


def test_the_fingerprints_are_those_of_the_sources() -> None:
    if not SEEDS.is_dir():
        pytest.skip("the source texts are not on this machine; their fingerprints are")
    found: set[str] = set()
    for path in sorted(SEEDS.glob("*.txt")):
        found |= run_hashes(path.read_text(encoding="utf-8", errors="replace"))
    assert found == seed_runs()


@pytest.mark.parametrize(
    "path",
    [
        "questionnaires/social-business.yaml",
        "roadmaps/social-business.yaml",
        "questionnaires/GLOSSARY.md",
        "questionnaires/migrations/social-business-1.0.0-to-2.0.0.yaml",
        "docs/model-2.0.0.md",
    ],
)
def test_no_run_of_eight_words_is_shared_with_a_source(path: str) -> None:
    content = (ROOT / path).read_text(encoding="utf-8")
    if path.endswith(".yaml"):
        texts = model_texts(yaml.safe_load(content))
    else:  # paragraphs, and each table cell on its own
        texts = [(path, part) for part in re.split(r"\n\s*\n|\|", content)]
    sources = seed_runs()
    copied = [(where, value[:80]) for where, value in texts if run_hashes(value) & sources]
    assert copied == []


def test_the_check_finds_a_copied_sentence() -> None:
    if not SEEDS.is_dir():
        pytest.skip("the source texts are not on this machine")
    seed = next(iter(sorted(SEEDS.glob("*.txt")))).read_text(encoding="utf-8", errors="replace")
    sentence = " ".join(words(seed)[40:52])
    assert run_hashes("In short, " + sentence + " and so on.") & seed_runs()


# -- version 1.0.0 stays, and carries over ----------------------------------------------

V1_EXAMPLE = ROOT / "examples" / "harbourlight-answers-1.0.0.yaml"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_1_0_0_example_scores_as_it_always_did(cli, language: str) -> None:
    """Byte for byte what `score --json` gave before 2.0.0, apart from what 2.0.0 adds to
    every result: each phase's margin, the sensitivity and borderline, and the explanation's
    sentences on the margin and on "don't know" and "not applicable"."""
    before = json.loads((ROOT / "tests" / "data" / "v1" / f"harbourlight-score.{language}.json").read_text(encoding="utf-8"))
    now = json.loads(cli("score", V1_EXAMPLE, "--json", "--lang", language).stdout)
    assert set(now) - set(before) == {"sensitivity", "borderline"}
    for phase in now["phases"]:
        assert phase.pop("margin") == pytest.approx(phase["score"] - phase["threshold"], abs=0.011)
    explanation = now.pop("explanation")
    for key in ("sensitivity", "borderline"):
        now.pop(key)
    expected_explanation = before.pop("explanation")
    assert now == before
    # every line of before is there, the phase lines with their margin added
    for old, new in zip(expected_explanation[: len(now["phases"])], explanation, strict=False):
        assert new.startswith(old.split(" (")[0].rsplit(",", 1)[0].split(" against")[0])
    assert expected_explanation[len(now["phases"]) :] == [
        line for line in explanation[len(now["phases"]) :] if line in expected_explanation
    ]


def test_the_1_0_0_model_keeps_its_hash() -> None:
    v1 = load_model("social-business", version="1.0.0")
    assert v1.questionnaire.version == "1.0.0"
    assert v1.hash == "sha256:b4580e61dfa6b063a52260aaf2a28caa9e983a340a0ea1208b8cdd3ea32005f7"


def test_the_migration_covers_every_question_and_option(model: MaturityModel) -> None:
    v1 = load_model("social-business", version="1.0.0")
    migration = read_migration(migration_path("social-business", "1.0.0", "2.0.0"))
    old = {q.id: q for q in v1.questionnaire.questions}
    new = {q.id: q for q in model.questionnaire.questions}
    assert {m.id for m in migration.questions} == set(old)
    for move in migration.questions:
        if move.to is None:
            assert move.reason, move.id
            continue
        assert move.to in new, move.id
        assert {o.source for o in move.options} == {o.id for o in old[move.id].options}, move.id
        for option in move.options:
            assert (option.to is None and option.reason) or new[move.to].option(option.to or ""), (move.id, option.source)
    answered_new = set(new) - {m.to for m in migration.questions}
    assert answered_new == set(migration.new_questions)


def test_migrate_carries_the_1_0_0_example_over(cli, tmp_path: Path) -> None:
    output = tmp_path / "h2.yaml"
    result = cli("migrate", V1_EXAMPLE, "-o", output)
    assert result.exit_code == 0, result.stderr
    assert "Carried 42 answers over to version 2.0.0" in result.stderr
    assert "- not carried: employee-ambassadors ('dont-know'): Don't know is no longer offered" in result.stderr
    assert "to check with the room: official-accounts (rhythm-on-all)" in result.stderr
    assert "New in version 2.0.0, to be answered: webcare-channels" in result.stderr
    sheet, migrated = load_answers(str(output))
    assert migrated.questionnaire.version == "2.0.0" and sheet.questionnaire_hash == migrated.hash
    assert sheet.answers["account-ownership"] == "owner-and-deputy"
    assert "check: Weekly posting" in sheet.notes["official-accounts"]
    assert sheet.votes["social-care-response"]  # the workshop's votes came along
    # never over the input, never over a file without --force
    assert cli("migrate", V1_EXAMPLE, "-o", V1_EXAMPLE).exit_code == 2
    assert cli("migrate", V1_EXAMPLE, "-o", output).exit_code == 2
    assert cli("migrate", output, "-o", tmp_path / "again.yaml").exit_code == 1  # 2.0.0 already


# -- one voice (questionnaires/GLOSSARY.md) ---------------------------------------------

ADDRESS = {
    "en": re.compile(r"\b(you|your|yours|yourself)\b", re.I),
    "nl": re.compile(r"\b(je|jij|jou|jouw|jullie|u|uw)\b", re.I),
    "fr": re.compile(r"\b(vous|votre|vos|vôtres?)\b", re.I),
}
FIRST_PLURAL = {
    "en": re.compile(r"\b(we|our|ours|us)\b", re.I),
    "nl": re.compile(r"\b(we|wij|ons|onze)\b", re.I),
    "fr": re.compile(r"\b(nous|notre|nos|nôtres?)\b", re.I),
}
DUTCH = [
    (re.compile(r"\bsocial[ -]media[ -](beleid|strategie|accounts?|manager|team|training|crisis|kalender|richtlijnen)\b", re.I),
     "a compound with social media is one word (socialmediabeleid)"),
    (re.compile(r"\bsocialmedia(?=[aeiouyáéëïóö])", re.I), "a vowel clash takes a hyphen (socialmedia-account)"),
    (re.compile(r"\bsociale media", re.I), "the glossary writes 'social media'"),
]
FRENCH = [
    # a name keeps its words: the Dutch advertising code is the Reclamecode Social Media & ...
    (re.compile(r"(?<!Reclamecode )\bsocial media\b|\bréseaux sociaux\b", re.I), "the glossary writes 'médias sociaux'"),
    (re.compile(r"\bservice clients?\b", re.I), "the glossary writes 'service clientèle'"),
]


@pytest.mark.parametrize("path", ["questionnaires/social-business.yaml", "roadmaps/social-business.yaml"])
def test_the_model_speaks_in_one_voice(path: str) -> None:
    problems = []
    for where, language, value in localised(yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))):
        if ADDRESS[language].search(value):
            problems.append(f"{where}.{language}: addresses the reader")
        if FIRST_PLURAL[language].search(value) and not where.endswith(".label"):
            problems.append(f"{where}.{language}: 'we' outside an option label, where the room speaks")
        if language == "nl":
            problems += [f"{where}.nl: {why}" for pattern, why in DUTCH if pattern.search(value)]
        if language == "fr":
            problems += [f"{where}.fr: {why}" for pattern, why in FRENCH if pattern.search(value)]
    assert problems == []


# -- results stay pinned to their model -------------------------------------------------


def test_a_changed_model_under_the_same_version_is_warned_about(cli, tmp_path: Path) -> None:
    example = (ROOT / "examples" / "harbourlight-answers.yaml").read_text(encoding="utf-8")
    stale = tmp_path / "stale.yaml"
    # the same workshop a month before, under a hash the bundled model no longer has
    stale_text = re.sub(r'questionnaire_hash: "sha256:[0-9a-f]+"', 'questionnaire_hash: "sha256:' + "0" * 64 + '"', example)
    stale.write_text(stale_text.replace("assessed_on: 2026-10-14", "assessed_on: 2026-09-14"), encoding="utf-8")
    for command in (("score", stale), ("score", ROOT / "examples" / "harbourlight-answers.yaml", "--compare", stale)):
        result = cli(*command)
        assert result.exit_code == 0, result.stderr
        assert "its questions or scores have changed since" in result.stderr
    # the example's own hash is the bundled model's: no warning
    assert "warning" not in cli("score", ROOT / "examples" / "harbourlight-answers.yaml").stderr


def test_comparing_across_versions_says_so(cli) -> None:
    result = cli(
        "score", ROOT / "examples" / "harbourlight-answers.yaml", "--compare", V1_EXAMPLE, "--json"
    )
    assert result.exit_code == 0, result.stderr
    assert "answered with version 1.0.0 of 'social-business', this one with 2.0.0" in result.stderr
    comparison = json.loads(result.stdout)["comparison"]
    assert comparison["earlier"]["questionnaire"]["version"] == "1.0.0"
    assert [p["id"] for p in comparison["phases"]] == ["presence", "dialogue", "engagement", "integration", "social-business"]
    assert comparison["phases"][0]["before"] == 85.19


def test_the_interview_records_the_models_hash(cli, tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    result = cli("assess", "--org", "X", "--out", out, stdin="q\n")
    assert out.is_file(), result.stderr
    sheet, model = load_answers(str(out))
    assert sheet.questionnaire_hash == model.hash
