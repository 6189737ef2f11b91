"""The bundled model in every language it declares: the questionnaire and its roadmap speak
the same languages, every text a person reads is there in each of them, and the French texts
follow French typography (questionnaires/GLOSSARY.md, section 5).

The voice of each language (no reader addressed, the first person plural only where the room
speaks) and the spelling of its usual terms are checked in tests/test_model.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, localised
from socialmaturity.model import NextStep, Questionnaire, Roadmap, Text, plain

QUESTIONNAIRE = ROOT / "questionnaires" / "social-business.yaml"
ROADMAP = ROOT / "roadmaps" / "social-business.yaml"

NNBSP = "\u202f"  # narrow no-break space, before ; ? ! and %
NBSP = "\u00a0"  # no-break space, before : and inside « »

Place = tuple[str, str, Text]
"""Where a text stands, what kind of text it is, and the text in every language."""


def read(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Model:
    questionnaire: Questionnaire
    roadmap: Roadmap


@pytest.fixture(scope="module")
def bundled() -> Model:
    # Only the files' shape is checked here, not their translations (which load_model
    # refuses as a whole), so that each test below names every text it finds wanting.
    return Model(Questionnaire.model_validate(read(QUESTIONNAIRE)), Roadmap.model_validate(read(ROADMAP)))


def questionnaire_texts(questionnaire: Questionnaire) -> Iterator[Place]:
    yield "title", "title", questionnaire.title
    for d in questionnaire.dimensions:
        yield f"dimensions.{d.id}.name", "name", d.name
        yield f"dimensions.{d.id}.description", "description", d.description
    for q in questionnaire.questions:
        yield f"questions.{q.id}.text", "question", q.text
        if q.help is not None:
            yield f"questions.{q.id}.help", "help", q.help
        if q.recommendation is not None:
            yield f"questions.{q.id}.recommendation", "recommendation", q.recommendation
        for o in q.options:
            yield f"questions.{q.id}.{o.id}.label", "option", o.label
            if o.help is not None:
                yield f"questions.{q.id}.{o.id}.help", "help", o.help
            if o.recommendation is not None:
                yield f"questions.{q.id}.{o.id}.recommendation", "recommendation", o.recommendation


def step_texts(where: str, steps: list[NextStep]) -> Iterator[Place]:
    for step in steps:
        yield f"{where}.{step.id}.title", "next step", step.title
        yield f"{where}.{step.id}.description", "next step", step.description


def roadmap_texts(roadmap: Roadmap) -> Iterator[Place]:
    yield "title", "title", roadmap.title
    for key in ("threshold_rationale", "credits"):
        value = getattr(roadmap, key)
        if value is not None:
            yield key, "description", value
    yield "start.summary", "description", roadmap.start.summary
    yield from step_texts("start", roadmap.start.next_steps)
    for phase in roadmap.phases:
        yield f"{phase.id}.name", "name", phase.name
        yield f"{phase.id}.summary", "description", phase.summary
        yield f"{phase.id}.customer_view", "description", phase.customer_view
        for part in ("characteristics", "obstacles"):
            for i, item in enumerate(getattr(phase, part)):
                yield f"{phase.id}.{part}[{i}]", "description", plain(item)
        yield from step_texts(phase.id, phase.next_steps)


def every_text(model: Model) -> list[Place]:
    return [
        *((f"questionnaire:{w}", kind, t) for w, kind, t in questionnaire_texts(model.questionnaire)),
        *((f"roadmap:{w}", kind, t) for w, kind, t in roadmap_texts(model.roadmap)),
    ]


def declared(model: Model) -> list[str]:
    return sorted(set(model.questionnaire.languages) | set(model.roadmap.languages))


# -- one set of languages, every text in each -------------------------------------------


def test_the_questionnaire_and_the_roadmap_declare_the_same_languages(bundled: Model) -> None:
    questionnaire, roadmap = set(bundled.questionnaire.languages), set(bundled.roadmap.languages)
    assert {"en", "nl", "fr"} <= roadmap
    assert sorted(roadmap - questionnaire) == [], "declared by the roadmap, not by the questionnaire"
    assert sorted(questionnaire - roadmap) == [], "declared by the questionnaire, not by the roadmap"


def test_the_walk_reaches_every_text_of_both_files(bundled: Model) -> None:
    # the walk above names each kind of text; a new kind in the files must be added to it
    found = every_text(bundled)
    in_files = {
        (path.parent.name, where)
        for path in (QUESTIONNAIRE, ROADMAP)
        for where, _, _ in localised(read(path))
    }
    assert len(found) == len(in_files)
    assert len(found) == len({w for w, _, _ in found})  # and no place twice


@pytest.mark.parametrize("part", ["questionnaire", "roadmap"])
def test_every_text_is_written_in_every_declared_language(bundled: Model, part: str) -> None:
    languages = declared(bundled)
    missing = [
        f"{where}: {language}"
        for where, _, value in every_text(bundled)
        if where.startswith(part + ":")
        for language in languages
        if not value.get(language, "").strip()
    ]
    assert missing == []
    stray = [f"{where}: {sorted(set(v) - set(languages))}" for where, _, v in every_text(bundled) if set(v) - set(languages)]
    assert stray == []


def test_the_french_phase_names_are_the_glossarys(bundled: Model) -> None:
    assert [p.name["fr"] for p in bundled.roadmap.phases] == [
        "Présence", "Dialogue", "Engagement", "Intégration", "Social business",
    ]


# an infinitive, or a pronominal one (Se préparer, S'assurer), or a negated one (Ne pas ...)
INFINITIVE = re.compile(r"^(?:Ne pas |Se |S')?\w+(?:er|ir|re|oir)\b")


def test_the_french_next_steps_are_titled_with_an_infinitive(bundled: Model) -> None:
    titles = [t["fr"] for w, kind, t in roadmap_texts(bundled.roadmap) if kind == "next step" and w.endswith(".title")]
    assert titles and [title for title in titles if not INFINITIVE.match(title)] == []


# -- French typography ------------------------------------------------------------------

TYPOGRAPHY = [
    (re.compile(f"(?<!{NNBSP})[;?!]"), "a narrow no-break space (U+202F) before ; ? !"),
    (re.compile(f"(?<!{NNBSP})%"), "a narrow no-break space (U+202F) before %"),
    (re.compile(f"(?<!{NBSP}):(?!//)"), "a no-break space (U+00A0) before :"),
    (re.compile(f"«(?!{NBSP})|(?<!{NBSP})»"), "a no-break space (U+00A0) inside « »"),
    (re.compile("[\"“”]"), "quotes are « »"),
    (re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])"), "a decimal comma (2,5)"),
    (re.compile(f"[ {NBSP}{NNBSP}]{{2,}}"), "one space at a time"),
]


def typography_problems(value: str) -> list[str]:
    return [why for pattern, why in TYPOGRAPHY if pattern.search(value)]


@pytest.mark.parametrize("part", ["questionnaire", "roadmap"])
def test_the_french_texts_follow_french_typography(bundled: Model, part: str) -> None:
    problems = [
        f"{where}: {why}: {value['fr'][:60]!r}"
        for where, _, value in every_text(bundled)
        if where.startswith(part + ":") and "fr" in value
        for why in typography_problems(value["fr"])
    ]
    assert problems == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (f"Comment l'organisation apprend-elle ce que l'on dit d'elle{NNBSP}?", []),
        ("Comment l'organisation apprend-elle ce que l'on dit d'elle ?", ["a narrow no-break space (U+202F) before ; ? !"]),
        ("Comment l'organisation apprend-elle ce que l'on dit d'elle?", ["a narrow no-break space (U+202F) before ; ? !"]),
        (f"Au moins 75{NNBSP}% de la pondération{NNBSP}; ensuite{NBSP}: rien.", []),
        (f"Au moins 75% de la pondération{NBSP}; ensuite : rien.", [
            "a narrow no-break space (U+202F) before ; ? !",
            "a narrow no-break space (U+202F) before %",
            "a no-break space (U+00A0) before :",
        ]),
        (f"La réponse «{NBSP}sans objet{NBSP}» compte.", []),
        ("La réponse « sans objet » compte.", ["a no-break space (U+00A0) inside « »"]),
        ('La réponse "sans objet" compte.', ["quotes are « »"]),
        ("Un écart de 2,5 points, pas de 2.5 ; le modèle 2.0.0 reste un nom.", [
            "a narrow no-break space (U+202F) before ; ? !",
            "a decimal comma (2,5)",
        ]),
    ],
)
def test_the_typography_check_finds_what_it_should(value: str, expected: list[str]) -> None:
    assert typography_problems(value) == expected
