#!/usr/bin/env python3
"""Check model 2.0.0 of the social-business roadmap and questionnaire.

Standalone (stdlib + pyyaml), run from anywhere:

    python3 model-v2/check.py [--seeds DIR]

It checks, and exits 1 on any problem:
- the structure of the 2.0.0 roadmap and questionnaire (every field, every text in
  English and Dutch, scores, recommendations per option, sources, effort and impact);
- the content the model promises (measurement questions per phase, the topics that
  must be covered) and the house style (voice, Dutch compounds; see GLOSSARY.md);
- MAPPING-1.0.0.yaml against the bundled 1.0.0 questionnaire;
- the personas: their answers, phase scores and phase, against what each must show;
- the copy rule: no run of eight or more consecutive words shared with a source text,
  in any text of either language.

The scoring below follows the rules the tool implements: normalised option scores,
"don't know" as the lowest option unless a question says `dont_know_scores_as: none`,
"not applicable" and unanswered left out, weighted means per phase, a coverage rule and
a rule against too much "not applicable".
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ROADMAP = HERE / "roadmaps" / "social-business.yaml"
QUESTIONNAIRE = HERE / "questionnaires" / "social-business.yaml"
MAPPING = HERE / "MAPPING-1.0.0.yaml"
PERSONAS = HERE / "personas"
OLD_QUESTIONNAIRE = REPO / "questionnaires" / "social-business.yaml"
PROSE = [HERE / "GLOSSARY.md", HERE / "NOTES.md"]
DEFAULT_SEEDS = Path("/work/shared/seeds")

MODEL_ID = "social-business"
VERSION = "2.0.0"
LANGUAGES = ("en", "nl")
PHASE_IDS = ("presence", "dialogue", "engagement", "integration", "social-business")
LEVELS = ("low", "medium", "high")
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
COPY_RUN = 8
MARGIN = 8.0  # points a phase profile must clear its own threshold by, and stay under the next
EPSILON = 1e-9

# What each persona must show. "profile": the phase whose own description the persona
# follows literally (None = the start block); it must land in that phase, at least MARGIN
# points above that phase's threshold and MARGIN below the next one.
EXPECTED: dict[str, dict[str, Any]] = {
    "start.yaml": {"phase": 0, "profile": None},
    "presence.yaml": {"phase": 1, "profile": "presence"},
    "dialogue.yaml": {"phase": 2, "profile": "dialogue"},
    "engagement.yaml": {"phase": 3, "profile": "engagement"},
    "integration.yaml": {"phase": 4, "profile": "integration"},
    "social-business.yaml": {"phase": 5, "profile": "social-business"},
    "webcare-midsize.yaml": {"phase": 2, "profile": "dialogue"},
    "all-dont-know.yaml": {"phase": 0},
    "not-applicable-room.yaml": {"at_most_phase_of": "dialogue.yaml"},
}

# Topics the brief for 2.0.0 requires, as (description, phase or None, en patterns, nl patterns);
# every pattern must occur in the questions of that phase (or anywhere).
REQUIRED_TOPICS = [
    ("share of voice at Dialogue", "dialogue", [r"share of voice"], [r"share of voice"]),
    ("first response time at Dialogue", "dialogue", [r"first response time"], [r"eerste reactietijd"]),
    ("resolution rate and time at Dialogue", "dialogue",
     [r"resolution rate", r"resolution time"], [r"oplospercentage", r"oplostijd"]),
    ("messaging such as WhatsApp in social customer care", "dialogue", [r"WhatsApp"], [r"WhatsApp"]),
    ("chatbots and AI assistants", None, [r"chatbot", r"AI assistant"], [r"chatbot", r"AI-assistent"]),
    ("influencer and creator rules", None, [r"influencer", r"creator"], [r"influencer", r"contentcreator"]),
    ("privacy law", None, [r"\bGDPR\b"], [r"\bAVG\b"]),
    ("account security", "presence",
     [r"two-step verification", r"password vault", r"\brole\b"],
     [r"tweestapsverificatie", r"wachtwoordkluis", r"\brol\b"]),
]

# Where the brief asks for a conscious placement: question id -> phase.
PLACED = {"reverse-mentoring": "dialogue", "service-kpis": "dialogue", "share-of-voice": "dialogue",
          "kpi-framework": "integration"}
PLACED_STEPS = {"start-reverse-mentoring": "presence"}

# House style (GLOSSARY.md): no form of address in either language; first person plural only
# in option labels, where the room speaks; Dutch compounds with social media written as one word.
ADDRESS = {"en": re.compile(r"\b(you|your|yours|yourself)\b", re.I),
           "nl": re.compile(r"\b(je|jij|jou|jouw|jullie|u|uw)\b", re.I)}
FIRST_PLURAL = {"en": re.compile(r"\b(we|our|ours|us)\b", re.I),
                "nl": re.compile(r"\b(we|wij|ons|onze)\b", re.I)}
NL_STYLE = [
    (re.compile(r"\bsocial[ -]media[ -](beleid|strategie|accounts?|manager|managers|team|doelen|training"
                r"|crisis|kalender|initiatieven|richtlijnen|kanalen|kanaal|monitoring|tool|tools|beheer)\b",
                re.I), "compound with social media written apart; write it as one word (socialmediabeleid)"),
    (re.compile(r"\bsocial (doelen|gesprekken|initiatieven|team|plan|kanalen|tools)\b", re.I),
     "'social' as an adjective reads as welfare in Dutch; say 'voor social media' or use a compound"),
    (re.compile(r"\bsocialmedia(?=[aeiouyáéëïóö])", re.I), "vowel clash: hyphen required (socialmedia-account)"),
    (re.compile(r"\bsociale media", re.I), "the glossary uses 'social media', not 'sociale media'"),
    (re.compile(r"\bklantendienst\b", re.I), "the glossary uses 'klantenservice' (Flemish variant noted there)"),
]

ROADMAP_KEYS = {"id", "version", "title", "languages", "minimum_coverage", "threshold_rationale", "credits",
                "start", "phases"}
START_KEYS = {"summary", "source", "next_steps"}
PHASE_KEYS = {"id", "name", "summary", "source", "characteristics", "obstacles", "customer_view", "threshold",
              "next_steps"}
STEP_KEYS = {"id", "title", "description", "source", "effort", "impact"}
ITEM_KEYS = {"text", "source"}
QUESTIONNAIRE_KEYS = {"id", "version", "roadmap", "title", "languages", "dimensions", "questions"}
DIMENSION_KEYS = {"id", "name", "description"}
QUESTION_KEYS = {"id", "phase", "dimension", "weight", "text", "help", "source", "options", "dont_know_scores_as"}
QUESTION_REQUIRED = QUESTION_KEYS - {"dont_know_scores_as"}
OPTION_KEYS = {"id", "label", "score", "recommendation", "dont_know", "not_applicable", "help"}
ANSWERS_KEYS = {"questionnaire", "questionnaire_version", "organisation", "assessed_on", "assessor", "language",
                "participants", "answers", "notes", "votes"}


class Problems(list[str]):
    def add(self, where: str, message: str) -> None:
        self.append(f"{where}: {message}")


# ------------------------------------------------------------------ loading and texts


def load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def seed_numbers(seeds: Path) -> set[str]:
    return {p.name[:3] for p in seeds.iterdir() if p.is_file() and p.name[:3].isdigit()}


def check_text(problems: Problems, where: str, value: Any) -> None:
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        problems.add(where, f"must be a text with exactly {', '.join(LANGUAGES)}")
        return
    for language in LANGUAGES:
        if not isinstance(value[language], str) or not value[language].strip():
            problems.add(f"{where}.{language}", "empty or not a string")


def check_source(problems: Problems, where: str, value: Any, seeds: set[str]) -> None:
    if not isinstance(value, str) or not value.strip():
        problems.add(where, "source missing")
        return
    parts = [part.strip() for part in value.split(",")]
    for part in parts:
        if part == "synthesis":
            continue
        if not re.fullmatch(r"\d{3}", part) or part not in seeds:
            problems.add(where, f"source {part!r} is neither a source number ({', '.join(sorted(seeds))}) nor 'synthesis'")
    if len(parts) != len(set(parts)):
        problems.add(where, "source lists a part twice")


def check_keys(problems: Problems, where: str, value: Any, allowed: set[str], required: set[str]) -> bool:
    if not isinstance(value, dict):
        problems.add(where, "must be a mapping")
        return False
    for key in sorted(set(value) - allowed):
        problems.add(where, f"unknown key {key!r}")
    for key in sorted(required - set(value)):
        problems.add(where, f"missing {key!r}")
    return True


def texts_in(value: Any, where: str) -> list[tuple[str, str, str]]:
    """Every (location, language, text) below `value`: the strings under en/nl keys."""
    found: list[tuple[str, str, str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in LANGUAGES and isinstance(item, str):
                found.append((where, key, item))
            else:
                found.extend(texts_in(item, f"{where}.{key}"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            label = item.get("id", index) if isinstance(item, dict) else index
            found.extend(texts_in(item, f"{where}[{label}]"))
    return found


# ------------------------------------------------------------------ roadmap


def check_step(problems: Problems, where: str, step: Any, seeds: set[str], step_ids: set[str]) -> None:
    if not check_keys(problems, where, step, STEP_KEYS, STEP_KEYS):
        return
    if not isinstance(step.get("id"), str) or not ID_RE.match(step["id"]):
        problems.add(where, "id must be kebab-case")
    elif step["id"] in step_ids:
        problems.add(where, f"next step id {step['id']!r} used twice in the roadmap")
    else:
        step_ids.add(step["id"])
    check_text(problems, f"{where}.title", step.get("title"))
    check_text(problems, f"{where}.description", step.get("description"))
    check_source(problems, f"{where}.source", step.get("source"), seeds)
    for key in ("effort", "impact"):
        if step.get(key) not in LEVELS:
            problems.add(f"{where}.{key}", f"must be one of {', '.join(LEVELS)}")


def check_roadmap(roadmap: Any, seeds: set[str]) -> Problems:
    problems = Problems()
    where = "roadmap"
    if not check_keys(problems, where, roadmap, ROADMAP_KEYS, ROADMAP_KEYS):
        return problems
    if roadmap["id"] != MODEL_ID or str(roadmap["version"]) != VERSION:
        problems.add(where, f"id and version must be {MODEL_ID} {VERSION}")
    if not isinstance(roadmap["version"], str):
        problems.add(where, "version must be a quoted string")
    if list(roadmap["languages"]) != list(LANGUAGES):
        problems.add(where, f"languages must be {list(LANGUAGES)}")
    for key in ("title", "threshold_rationale", "credits"):
        check_text(problems, f"{where}.{key}", roadmap[key])
    coverage = roadmap["minimum_coverage"]
    if not isinstance(coverage, (int, float)) or not 0 < coverage <= 1:
        problems.add(where, "minimum_coverage must be a share in (0, 1]")
    step_ids: set[str] = set()
    start = roadmap["start"]
    if check_keys(problems, "roadmap.start", start, START_KEYS, START_KEYS):
        check_text(problems, "roadmap.start.summary", start["summary"])
        check_source(problems, "roadmap.start.source", start["source"], seeds)
        if "synthesis" not in str(start["source"]):
            problems.add("roadmap.start.source", "the start block is our own synthesis and must say so")
        for index, step in enumerate(start["next_steps"] or []):
            check_step(problems, f"roadmap.start.next_steps[{index}]", step, seeds, step_ids)
        if not start["next_steps"]:
            problems.add("roadmap.start", "needs next steps")
    phases = roadmap["phases"]
    if [p.get("id") for p in phases if isinstance(p, dict)] != list(PHASE_IDS):
        problems.add("roadmap.phases", f"must be {', '.join(PHASE_IDS)} in this order")
    for phase in phases:
        pw = f"roadmap.phases[{phase.get('id')}]"
        if not check_keys(problems, pw, phase, PHASE_KEYS, PHASE_KEYS):
            continue
        for key in ("name", "summary", "customer_view"):
            check_text(problems, f"{pw}.{key}", phase[key])
        check_source(problems, f"{pw}.source", phase["source"], seeds)
        threshold = phase["threshold"]
        if not isinstance(threshold, (int, float)) or not 0 <= threshold <= 100:
            problems.add(pw, "threshold must be 0..100")
        for key in ("characteristics", "obstacles"):
            items = phase[key]
            if not isinstance(items, list) or not items:
                problems.add(f"{pw}.{key}", "must be a non-empty list")
                continue
            for index, item in enumerate(items):
                iw = f"{pw}.{key}[{index}]"
                if check_keys(problems, iw, item, ITEM_KEYS, ITEM_KEYS):
                    check_text(problems, f"{iw}.text", item["text"])
                    check_source(problems, f"{iw}.source", item["source"], seeds)
        if not phase["next_steps"]:
            problems.add(pw, "needs next steps")
        for index, step in enumerate(phase["next_steps"] or []):
            check_step(problems, f"{pw}.next_steps[{index}]", step, seeds, step_ids)
    for step_id, phase_id in PLACED_STEPS.items():
        owner = [p["id"] for p in phases if step_id in {s.get("id") for s in p.get("next_steps") or []}]
        if owner != [phase_id]:
            problems.add("roadmap", f"next step {step_id} belongs to phase {phase_id} (found in {owner or 'none'})")
    return problems


# ------------------------------------------------------------------ questionnaire


def scale(question: dict[str, Any]) -> list[dict[str, Any]]:
    return [o for o in question["options"] if not o.get("dont_know") and not o.get("not_applicable")]


def check_questionnaire(questionnaire: Any, seeds: set[str]) -> Problems:
    problems = Problems()
    where = "questionnaire"
    if not check_keys(problems, where, questionnaire, QUESTIONNAIRE_KEYS, QUESTIONNAIRE_KEYS):
        return problems
    if questionnaire["id"] != MODEL_ID or questionnaire["roadmap"] != MODEL_ID or str(questionnaire["version"]) != VERSION:
        problems.add(where, f"id, roadmap and version must be {MODEL_ID}, {MODEL_ID}, {VERSION}")
    if not isinstance(questionnaire["version"], str):
        problems.add(where, "version must be a quoted string")
    if list(questionnaire["languages"]) != list(LANGUAGES):
        problems.add(where, f"languages must be {list(LANGUAGES)}")
    check_text(problems, f"{where}.title", questionnaire["title"])
    dimensions = set()
    for dimension in questionnaire["dimensions"]:
        dw = f"{where}.dimensions[{dimension.get('id')}]"
        if check_keys(problems, dw, dimension, DIMENSION_KEYS, DIMENSION_KEYS):
            dimensions.add(dimension["id"])
            check_text(problems, f"{dw}.name", dimension["name"])
            check_text(problems, f"{dw}.description", dimension["description"])
    seen: set[str] = set()
    measurement = {phase: 0 for phase in PHASE_IDS}
    for question in questionnaire["questions"]:
        qw = f"{where}.questions[{question.get('id')}]"
        if not check_keys(problems, qw, question, QUESTION_KEYS, QUESTION_REQUIRED):
            continue
        if not ID_RE.match(str(question["id"])):
            problems.add(qw, "id must be kebab-case")
        if question["id"] in seen:
            problems.add(qw, "id used twice")
        seen.add(question["id"])
        if question["phase"] not in PHASE_IDS:
            problems.add(qw, f"unknown phase {question['phase']!r}")
        if question["dimension"] not in dimensions:
            problems.add(qw, f"unknown dimension {question['dimension']!r}")
        elif question["dimension"] == "measurement" and question["phase"] in measurement:
            measurement[question["phase"]] += 1
        weight = question["weight"]
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
            problems.add(qw, "weight must be a positive number")
        check_text(problems, f"{qw}.text", question["text"])
        check_text(problems, f"{qw}.help", question["help"])
        check_source(problems, f"{qw}.source", question["source"], seeds)
        check_options(problems, qw, question)
    for phase, count in measurement.items():
        if count < 2:
            problems.add(where, f"phase {phase} has {count} measurement question(s); at least two are needed")
    by_id = {q["id"]: q for q in questionnaire["questions"] if isinstance(q, dict) and "id" in q}
    for question_id, phase in PLACED.items():
        if by_id.get(question_id, {}).get("phase") != phase:
            problems.add(where, f"question {question_id} belongs to phase {phase}")
    for description, phase, en_patterns, nl_patterns in REQUIRED_TOPICS:
        pool = [q for q in questionnaire["questions"] if phase is None or q.get("phase") == phase]
        for language, patterns in (("en", en_patterns), ("nl", nl_patterns)):
            corpus = " ".join(text for _, lang, text in texts_in(pool, "q") if lang == language)
            for pattern in patterns:
                if not re.search(pattern, corpus, re.I):
                    problems.add(where, f"required topic '{description}' missing in {language}: /{pattern}/")
    return problems


def check_options(problems: Problems, qw: str, question: dict[str, Any]) -> None:
    options = question["options"]
    if not isinstance(options, list) or not options:
        problems.add(qw, "options must be a non-empty list")
        return
    ids: set[str] = set()
    outside_seen = False
    kinds = {"dont_know": 0, "not_applicable": 0}
    for index, option in enumerate(options):
        ow = f"{qw}.options[{option.get('id', index)}]"
        if not check_keys(problems, ow, option, OPTION_KEYS, {"id", "label"}):
            continue
        if not ID_RE.match(str(option["id"])) or option["id"] in ids:
            problems.add(ow, "option id must be kebab-case and unique in its question")
        ids.add(option["id"])
        check_text(problems, f"{ow}.label", option["label"])
        flags = [key for key in ("dont_know", "not_applicable") if option.get(key) is True]
        has_score = "score" in option
        if len(flags) + has_score != 1:
            problems.add(ow, "an option has a score, or dont_know: true, or not_applicable: true (exactly one)")
            continue
        if has_score:
            if outside_seen:
                problems.add(ow, "scored options come before 'don't know' and 'not applicable'")
            if "help" in option:
                problems.add(ow, "help belongs to the question; only 'not applicable' options carry their own")
        else:
            outside_seen = True
            kinds[flags[0]] += 1
        if option.get("not_applicable"):
            if "help" not in option:
                problems.add(ow, "a 'not applicable' option needs help giving the reason")
            else:
                check_text(problems, f"{ow}.help", option["help"])
            if "recommendation" in option:
                problems.add(ow, "a 'not applicable' answer is left out of the score; it takes no recommendation")
        if option.get("dont_know"):
            if "help" in option:
                problems.add(ow, "a 'don't know' option takes no help of its own")
            if question.get("dont_know_scores_as") != "none" and "recommendation" not in option:
                problems.add(ow, "'don't know' scores as the lowest option and needs a recommendation")
    for kind, count in kinds.items():
        if count > 1:
            problems.add(qw, f"more than one {kind} option")
    if "dont_know_scores_as" in question:
        if question["dont_know_scores_as"] != "none":
            problems.add(qw, "dont_know_scores_as may only be 'none'")
        if not kinds["dont_know"]:
            problems.add(qw, "dont_know_scores_as without a 'don't know' option")
    on_scale = scale(question)
    scores = [o.get("score") for o in on_scale]
    if len(scores) < 2 or any(isinstance(s, bool) or not isinstance(s, int) for s in scores):
        problems.add(qw, "the scale needs at least two options with integer scores")
        return
    if scores != list(range(len(scores))):
        problems.add(qw, f"scores must run 0, 1, 2, ... lowest first (found {scores})")
    for option in on_scale[:-1]:
        if "recommendation" not in option:
            problems.add(f"{qw}.options[{option['id']}]", "every option below the top needs a recommendation")
    for option in options:
        if "recommendation" in option:
            check_text(problems, f"{qw}.options[{option['id']}].recommendation", option["recommendation"])
    for language in LANGUAGES:
        labels = [o["label"].get(language) for o in options if isinstance(o.get("label"), dict)]
        if len(labels) != len(set(labels)):
            problems.add(qw, f"two options share a label ({language})")
        recommendations = [o["recommendation"].get(language) for o in options
                           if isinstance(o.get("recommendation"), dict)]
        if len(recommendations) != len(set(recommendations)):
            problems.add(qw, f"two options share a recommendation ({language})")


# ------------------------------------------------------------------ house style


def check_style(roadmap: Any, questionnaire: Any) -> Problems:
    problems = Problems()
    all_texts = texts_in(roadmap, "roadmap") + texts_in(questionnaire, "questionnaire")
    for where, language, text in all_texts:
        match = ADDRESS[language].search(text)
        if match:
            problems.add(f"{where}.{language}", f"form of address {match.group(0)!r}: the model never addresses the reader")
        is_label = where.endswith(".label")
        match = FIRST_PLURAL[language].search(text)
        if match and not is_label:
            problems.add(f"{where}.{language}", f"first person plural {match.group(0)!r} outside an option label")
        if language == "nl":
            for pattern, message in NL_STYLE:
                found = pattern.search(text)
                if found:
                    problems.add(f"{where}.nl", f"{message}: {found.group(0)!r}")
        if "  " in text or text != text.strip():
            problems.add(f"{where}.{language}", "stray spaces")
    return problems


# ------------------------------------------------------------------ mapping from 1.0.0


def check_mapping(mapping: Any, old: Any, new: Any) -> Problems:
    problems = Problems()
    where = "mapping"
    new_questions = {q["id"]: q for q in new["questions"]}
    old_questions = {q["id"]: q for q in old["questions"]}
    if mapping.get("from", {}).get("version") != str(old["version"]) or mapping.get("to", {}).get("version") != VERSION:
        problems.add(where, f"from/to versions must be {old['version']} and {VERSION}")
    entries = mapping.get("questions") or []
    listed = [e.get("id") for e in entries]
    for question_id in old_questions:
        if listed.count(question_id) != 1:
            problems.add(where, f"1.0.0 question {question_id} must be listed exactly once")
    for question_id in set(listed) - set(old_questions):
        problems.add(where, f"{question_id} is not a 1.0.0 question")
    targets = set()
    for entry in entries:
        ew = f"{where}.questions[{entry.get('id')}]"
        old_q = old_questions.get(entry.get("id"))
        if old_q is None:
            continue
        target = entry.get("to")
        if target is None:
            if not entry.get("reason"):
                problems.add(ew, "a question that is not carried over needs a reason")
            continue
        new_q = new_questions.get(target)
        if new_q is None:
            problems.add(ew, f"target {target!r} is not a 2.0.0 question")
            continue
        targets.add(target)
        if target != entry["id"] and not entry.get("note"):
            problems.add(ew, "a question that changes id needs a note saying why")
        new_options = {o["id"] for o in new_q["options"]}
        option_entries = entry.get("options") or []
        mapped = [o.get("from") for o in option_entries]
        for option in old_q["options"]:
            if mapped.count(option["id"]) != 1:
                problems.add(ew, f"1.0.0 option {option['id']} must be mapped exactly once")
        for option_entry in option_entries:
            if option_entry.get("from") not in {o["id"] for o in old_q["options"]}:
                problems.add(ew, f"{option_entry.get('from')!r} is not a 1.0.0 option of {entry['id']}")
            to = option_entry.get("to")
            if to is None:
                if not option_entry.get("reason"):
                    problems.add(ew, f"option {option_entry.get('from')} is not carried over and needs a reason")
            elif to not in new_options:
                problems.add(ew, f"option target {to!r} is not an option of 2.0.0 {target}")
    declared_new = set(mapping.get("new_questions") or [])
    for question_id in new_questions:
        if question_id not in targets and question_id not in declared_new:
            problems.add(where, f"2.0.0 question {question_id} is neither a mapping target nor listed as new")
    for question_id in declared_new & targets:
        problems.add(where, f"{question_id} is listed as new but is also a mapping target")
    for question_id in declared_new - set(new_questions):
        problems.add(where, f"new question {question_id} does not exist in 2.0.0")
    return problems


# ------------------------------------------------------------------ scoring


@dataclass
class PhaseResult:
    phase: str
    score: float | None
    coverage: float
    applicable_share: float
    threshold: float
    passed: bool


def normalised(question: dict[str, Any], option: dict[str, Any]) -> float | str | None:
    """0..1 for a scored answer; 'na' for not applicable; None when the answer gives no score."""
    if option.get("not_applicable"):
        return "na"
    scores = [o["score"] for o in scale(question)]
    low, high = min(scores), max(scores)
    if option.get("dont_know"):
        # An unknown practice is an absent one, unless the question says not knowing is no evidence.
        return None if question.get("dont_know_scores_as") == "none" else 0.0
    return (option["score"] - low) / (high - low)


def score_answers(answers: dict[str, str], roadmap: Any, questionnaire: Any) -> tuple[int, list[PhaseResult]]:
    minimum = float(roadmap["minimum_coverage"])
    results = []
    for phase in roadmap["phases"]:
        total = applicable = answered = weighted = 0.0
        for question in questionnaire["questions"]:
            if question["phase"] != phase["id"]:
                continue
            weight = float(question["weight"])
            total += weight
            option_id = answers.get(question["id"])
            option = next((o for o in question["options"] if o["id"] == option_id), None)
            value = normalised(question, option) if option else None
            if value == "na":
                continue
            applicable += weight
            if isinstance(value, float):
                answered += weight
                weighted += weight * value
        score = 100 * weighted / answered if answered else None
        coverage = answered / applicable if applicable else 0.0
        applicable_share = applicable / total if total else 0.0
        passed = (score is not None and score >= phase["threshold"] - EPSILON
                  and coverage >= minimum - EPSILON and applicable_share >= minimum - EPSILON)
        results.append(PhaseResult(phase["id"], score, coverage, applicable_share, float(phase["threshold"]), passed))
    reached = 0
    for result in results:
        if not result.passed:
            break
        reached += 1
    return reached, results


def check_personas(roadmap: Any, questionnaire: Any) -> tuple[Problems, list[tuple[str, str, int, list[PhaseResult]]]]:
    problems = Problems()
    rows = []
    questions = {q["id"]: q for q in questionnaire["questions"]}
    found = {p.name: p for p in sorted(PERSONAS.glob("*.yaml"))}
    for name in sorted(set(EXPECTED) - set(found)):
        problems.add("personas", f"{name} is missing")
    phases_of: dict[str, int] = {}
    for name, path in found.items():
        pw = f"personas/{name}"
        sheet = load(path)
        if not check_keys(problems, pw, sheet, ANSWERS_KEYS, {"questionnaire", "questionnaire_version", "organisation",
                                                              "assessed_on", "answers"}):
            continue
        if sheet["questionnaire"] != MODEL_ID or sheet["questionnaire_version"] != VERSION:
            problems.add(pw, f"must answer {MODEL_ID} {VERSION}")
        answers = sheet["answers"] or {}
        for question_id, option_id in answers.items():
            question = questions.get(question_id)
            if question is None:
                problems.add(pw, f"unknown question {question_id}")
            elif option_id not in {o["id"] for o in question["options"]}:
                problems.add(pw, f"{question_id}: unknown option {option_id}")
        for question_id in sheet.get("notes") or {}:
            if question_id not in questions:
                problems.add(pw, f"note for unknown question {question_id}")
        reached, results = score_answers(answers, roadmap, questionnaire)
        phases_of[name] = reached
        rows.append((name, sheet["organisation"]["name"], reached, results))
    for name, reached, results in ((n, r, res) for n, _, r, res in rows):
        expected = EXPECTED.get(name)
        if expected is None:
            problems.add(f"personas/{name}", "no expectation defined in check.py")
            continue
        if "phase" in expected and reached != expected["phase"]:
            problems.add(f"personas/{name}", f"lands in phase {reached}, expected {expected['phase']}")
        if "at_most_phase_of" in expected:
            other = phases_of.get(expected["at_most_phase_of"])
            if other is None or reached > other:
                problems.add(f"personas/{name}", f"gains a phase over {expected['at_most_phase_of']} ({reached} > {other})")
        if "profile" in expected:
            index = 0 if expected["profile"] is None else PHASE_IDS.index(expected["profile"]) + 1
            if index > 0:
                own = results[index - 1]
                if own.score is None or own.score < own.threshold + MARGIN:
                    problems.add(f"personas/{name}", f"{own.phase} score {fmt(own.score)} is not {MARGIN:g} points above its threshold {own.threshold:g}")
            if index < len(results):
                following = results[index]
                if following.score is not None and following.score > following.threshold - MARGIN:
                    problems.add(f"personas/{name}", f"{following.phase} score {fmt(following.score)} is not {MARGIN:g} points below its threshold {following.threshold:g}")
    return problems, rows


def fmt(score: float | None) -> str:
    return "-" if score is None else f"{score:.1f}"


# ------------------------------------------------------------------ copy rule


def words(text: str) -> list[str]:
    # Accents and case are dropped so that 'één' and 'een' count as the same word: stricter, not looser.
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.findall(r"\w+", folded)


def runs(tokens: list[str], length: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + length]) for i in range(len(tokens) - length + 1)}


def check_copy(seeds: Path, texts: list[tuple[str, str, str]]) -> tuple[Problems, int]:
    problems = Problems()
    seed_runs: dict[tuple[str, ...], str] = {}
    for path in sorted(seeds.iterdir()):
        if path.is_file():
            for run in runs(words(path.read_text(encoding="utf-8", errors="replace")), COPY_RUN):
                seed_runs.setdefault(run, path.name[:3])
    for where, language, text in texts:
        for run in sorted(runs(words(text), COPY_RUN)):
            if run in seed_runs:
                problems.add(f"{where}.{language}", f"shares {COPY_RUN} words with source {seed_runs[run]}: '{' '.join(run)}'")
    return problems, len(texts)


def prose_texts() -> list[tuple[str, str, str]]:
    """Paragraphs of the notes, glossary, mapping and personas, so that a run across a line break counts."""
    found = []
    for path in PROSE + sorted(PERSONAS.glob("*.yaml")) + [MAPPING]:
        if not path.exists():
            continue
        paragraph: list[str] = []
        start = 1
        lines = path.read_text(encoding="utf-8").splitlines() + [""]
        for number, line in enumerate(lines, 1):
            if line.lstrip().startswith("|"):
                # A table row: each cell is a text of its own; runs across cells mean nothing.
                if paragraph:
                    found.append((f"{path.relative_to(HERE)}:{start}", "text", " ".join(paragraph)))
                    paragraph = []
                for cell in line.strip().strip("|").split("|"):
                    found.append((f"{path.relative_to(HERE)}:{number}", "text", cell.strip()))
            elif line.strip():
                if not paragraph:
                    start = number
                paragraph.append(line.strip().lstrip("#").strip())
            elif paragraph:
                found.append((f"{path.relative_to(HERE)}:{start}", "text", " ".join(paragraph)))
                paragraph = []
    return found


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder with the source texts")
    args = parser.parse_args(argv)
    if not args.seeds.is_dir():
        print(f"source texts not found in {args.seeds}; pass --seeds DIR", file=sys.stderr)
        return 2
    seeds = seed_numbers(args.seeds)
    roadmap, questionnaire = load(ROADMAP), load(QUESTIONNAIRE)

    sections: list[tuple[str, Problems]] = [
        ("roadmap structure", check_roadmap(roadmap, seeds)),
        ("questionnaire structure and content", check_questionnaire(questionnaire, seeds)),
        ("voice and Dutch spelling", check_style(roadmap, questionnaire)),
        ("mapping from 1.0.0", check_mapping(load(MAPPING), load(OLD_QUESTIONNAIRE), questionnaire)),
    ]
    persona_problems, rows = check_personas(roadmap, questionnaire)
    sections.append(("personas", persona_problems))
    model_texts = texts_in(roadmap, "roadmap") + texts_in(questionnaire, "questionnaire")
    copy_problems, checked = check_copy(args.seeds, model_texts)
    prose_problems, prose_checked = check_copy(args.seeds, prose_texts())
    sections.append((f"copy rule, model texts ({checked} texts in en and nl)", copy_problems))
    sections.append((f"copy rule, notes, glossary, mapping and personas ({prose_checked} paragraphs)", prose_problems))

    thresholds = {p["id"]: p["threshold"] for p in roadmap["phases"]}
    print(f"model {MODEL_ID} {VERSION}: {len(questionnaire['questions'])} questions, "
          f"minimum coverage {roadmap['minimum_coverage']:g}, thresholds "
          + ", ".join(f"{k} {v:g}" for k, v in thresholds.items()))
    print()
    header = "| persona | organisation | " + " | ".join(PHASE_IDS) + " | phase |"
    print(header)
    print("|" + "---|" * (len(PHASE_IDS) + 3))
    order = list(EXPECTED)
    rows.sort(key=lambda row: order.index(row[0]) if row[0] in order else len(order))
    for name, organisation, reached, results in rows:
        cells = []
        for result in results:
            cell = fmt(result.score)
            if result.coverage < 1 or result.applicable_share < 1:
                cell += f" ({result.coverage:.0%} answered, {result.applicable_share:.0%} applicable)"
            cells.append(cell + (" ✓" if result.passed else ""))
        verdict = "start" if reached == 0 else f"{reached} {PHASE_IDS[reached - 1]}"
        print(f"| {name} | {organisation} | " + " | ".join(cells) + f" | {verdict} |")
    print()
    failed = 0
    for title, problems in sections:
        status = "ok" if not problems else f"{len(problems)} problem(s)"
        print(f"{title}: {status}")
        for problem in problems:
            print(f"  - {problem}")
        failed += len(problems)
    print()
    print("PASS" if not failed else f"FAIL: {failed} problem(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
