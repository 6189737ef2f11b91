"""Check a parsed file against its model and against the files it refers to.

Every problem keeps the path of the value it is about, so that the caller can turn
it into `PATH:LINE:COLUMN: message` with the positions the YAML reader recorded.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from .model import (
    MODEL_OF_KIND,
    AnswerSheet,
    NextStep,
    Question,
    Questionnaire,
    Roadmap,
)
from .yamlsource import Document, Path_, Position


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, and where."""

    path: Path_
    message: str
    at_key: bool = False

    def position(self, document: Document) -> Position:
        return document.position(self.path, key=self.at_key)


def _where(loc: Sequence[Any]) -> str:
    return ".".join(str(part) for part in loc) or "the file"


def _pydantic_problems(error: ValidationError, model: type[BaseModel]) -> list[Problem]:
    problems: list[Problem] = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        kind = item["type"]
        if "[key]" in loc:
            cut = loc.index("[key]")
            path: Path_ = tuple(loc[:cut])
            problems.append(Problem(path, f"{_where(path)}: bad key: {item['msg']}", at_key=True))
            continue
        path = tuple(p for p in loc if isinstance(p, (str, int)))
        name = str(path[-1]) if path else "the file"
        if kind == "missing":
            parent = path[:-1]
            problems.append(Problem(parent, f"missing required field '{name}'" + _in(parent)))
        elif kind == "extra_forbidden":
            problems.append(Problem(path, f"unknown field '{name}'" + _in(path[:-1]), at_key=True))
        elif (kind == "string_pattern_mismatch" and name in ("language", "languages")) or (
            kind == "string_pattern_mismatch" and len(path) > 1 and path[-2] == "languages"
        ):
            problems.append(
                Problem(path, f"{_where(path)}: '{item['input']}' is not a two-letter language code")
            )
        elif kind == "string_pattern_mismatch":
            problems.append(
                Problem(
                    path,
                    f"{_where(path)}: '{item['input']}' is not a valid id "
                    "(lowercase letters, digits and single hyphens, e.g. 'care-desk')",
                )
            )
        elif kind in ("less_than_equal", "greater_than_equal", "greater_than", "less_than"):
            problems.append(Problem(path, f"{_where(path)}: {item['input']!r} is out of range: {_lower(item['msg'])}"))
        elif kind == "value_error":
            message = str(item["msg"]).removeprefix("Value error, ")
            problems.append(Problem(path, f"{_where(path)}: {message}"))
        else:
            problems.append(Problem(path, f"{_where(path)}: {_lower(item['msg'])}"))
    return problems


def _lower(message: str) -> str:
    return message[:1].lower() + message[1:]


def _in(path: Path_) -> str:
    return f" in {_where(path)}" if path else ""


def check_shape(document: Document, kind: str) -> tuple[BaseModel | None, list[Problem]]:
    """Validate the parsed value against the pydantic model of its kind."""
    model = MODEL_OF_KIND[kind]
    try:
        return model.model_validate(document.value), []
    except ValidationError as error:
        return None, _pydantic_problems(error, model)


# -- texts and translations ---------------------------------------------------------


def _step_texts(steps: Sequence[NextStep], base: Path_) -> Iterator[tuple[Path_, dict[str, str]]]:
    for i, step in enumerate(steps):
        yield (*base, i, "title"), step.title
        yield (*base, i, "description"), step.description


def roadmap_texts(roadmap: Roadmap) -> Iterator[tuple[Path_, dict[str, str]]]:
    """Every text a person reads in a roadmap, with its path."""
    yield ("title",), roadmap.title
    yield ("start", "summary"), roadmap.start.summary
    yield from _step_texts(roadmap.start.next_steps, ("start", "next_steps"))
    for p, phase in enumerate(roadmap.phases):
        base: Path_ = ("phases", p)
        yield (*base, "name"), phase.name
        yield (*base, "summary"), phase.summary
        yield (*base, "customer_view"), phase.customer_view
        for i, text in enumerate(phase.characteristics):
            yield (*base, "characteristics", i), text
        for i, text in enumerate(phase.obstacles):
            yield (*base, "obstacles", i), text
        yield from _step_texts(phase.next_steps, (*base, "next_steps"))


def questionnaire_texts(questionnaire: Questionnaire) -> Iterator[tuple[Path_, dict[str, str]]]:
    """Every text a person reads in a questionnaire, with its path."""
    yield ("title",), questionnaire.title
    for d, dimension in enumerate(questionnaire.dimensions):
        yield ("dimensions", d, "name"), dimension.name
        yield ("dimensions", d, "description"), dimension.description
    for q, question in enumerate(questionnaire.questions):
        base: Path_ = ("questions", q)
        yield (*base, "text"), question.text
        if question.help is not None:
            yield (*base, "help"), question.help
        yield (*base, "recommendation"), question.recommendation
        for o, option in enumerate(question.options):
            yield (*base, "options", o, "label"), option.label


def _translation_problems(
    texts: Iterable[tuple[Path_, dict[str, str]]], languages: Sequence[str]
) -> Iterator[Problem]:
    declared = set(languages)
    for path, text in texts:
        for language in languages:
            if language not in text:
                yield Problem(path, f"{_where(path)}: missing the '{language}' translation")
        for language in text:
            if language not in declared:
                yield Problem(
                    (*path, language),
                    f"{_where(path)}: '{language}' is not a declared language ({', '.join(languages)})",
                    at_key=True,
                )


def _duplicates(ids: Iterable[tuple[Path_, str]], what: str) -> Iterator[Problem]:
    seen: dict[str, Path_] = {}
    for path, value in ids:
        if value in seen:
            first = seen[value]
            yield Problem(path, f"duplicate {what} id '{value}' (first used at {_where(first)})")
        else:
            seen[value] = path


def _suggest(value: str, valid: Sequence[str], what: str) -> str:
    if len(valid) <= 12:
        return f"valid {what}: {', '.join(valid)}"
    close = difflib.get_close_matches(value, valid, n=5, cutoff=0.5)
    if close:
        return f"did you mean {', '.join(close)}? ({len(valid)} {what} in all)"
    return f"{len(valid)} {what} in all, e.g. {', '.join(valid[:5])}"


# -- cross-reference checks ---------------------------------------------------------


def check_roadmap(roadmap: Roadmap) -> list[Problem]:
    problems = list(_translation_problems(roadmap_texts(roadmap), roadmap.languages))
    problems += _duplicates(
        ((("phases", p, "id"), phase.id) for p, phase in enumerate(roadmap.phases)), "phase"
    )
    for p, phase in enumerate(roadmap.phases):
        problems += _duplicates(
            ((("phases", p, "next_steps", s, "id"), step.id) for s, step in enumerate(phase.next_steps)),
            "next step",
        )
    problems += _duplicates(
        ((("start", "next_steps", s, "id"), step.id) for s, step in enumerate(roadmap.start.next_steps)),
        "next step",
    )
    return problems


def check_questionnaire(questionnaire: Questionnaire, roadmap: Roadmap | None) -> list[Problem]:
    """Cross-checks of a questionnaire; `roadmap` is None when it could not be found."""
    problems = list(
        _translation_problems(questionnaire_texts(questionnaire), questionnaire.languages)
    )
    problems += _duplicates(
        ((("dimensions", d, "id"), dim.id) for d, dim in enumerate(questionnaire.dimensions)),
        "dimension",
    )
    problems += _duplicates(
        ((("questions", q, "id"), question.id) for q, question in enumerate(questionnaire.questions)),
        "question",
    )
    dimension_ids = [d.id for d in questionnaire.dimensions]
    phase_ids = [p.id for p in roadmap.phases] if roadmap else []
    if roadmap is None:
        problems.append(Problem(("roadmap",), f"unknown roadmap '{questionnaire.roadmap}'"))
    else:
        missing = [lang for lang in questionnaire.languages if lang not in roadmap.languages]
        if missing:
            problems.append(
                Problem(
                    ("languages",),
                    f"the roadmap '{roadmap.id}' is not written in {', '.join(missing)}",
                )
            )
    for q, question in enumerate(questionnaire.questions):
        problems += _question_problems(question, ("questions", q), dimension_ids, phase_ids, roadmap)
    if roadmap is not None:
        used = {question.phase for question in questionnaire.questions}
        for phase in roadmap.phases:
            if phase.id not in used:
                problems.append(
                    Problem(("questions",), f"phase '{phase.id}' of roadmap '{roadmap.id}' has no questions", at_key=True)
                )
    return problems


def _question_problems(
    question: Question,
    base: Path_,
    dimension_ids: Sequence[str],
    phase_ids: Sequence[str],
    roadmap: Roadmap | None,
) -> Iterator[Problem]:
    if roadmap is not None and question.phase not in phase_ids:
        yield Problem(
            (*base, "phase"),
            f"question '{question.id}' is in unknown phase '{question.phase}'; "
            + _suggest(question.phase, phase_ids, "phases"),
        )
    if question.dimension not in dimension_ids:
        yield Problem(
            (*base, "dimension"),
            f"question '{question.id}' is in unknown dimension '{question.dimension}'; "
            + _suggest(question.dimension, dimension_ids, "dimensions"),
        )
    yield from _duplicates(
        (((*base, "options", o, "id"), option.id) for o, option in enumerate(question.options)),
        "option",
    )
    scored = question.scored_options()
    if len(scored) < 2:
        yield Problem(
            (*base, "options"),
            f"question '{question.id}' has {len(scored)} scored option(s); it needs at least two",
        )
    elif len({option.score for option in scored}) < 2:
        yield Problem(
            (*base, "options"),
            f"question '{question.id}': the scored options all have the same score",
        )


def check_answers(sheet: AnswerSheet, questionnaire: Questionnaire | None) -> list[Problem]:
    """Cross-checks of an answers file against its questionnaire (None: not found)."""
    if questionnaire is None:
        return [Problem(("questionnaire",), f"unknown questionnaire '{sheet.questionnaire}'")]
    problems: list[Problem] = []
    if sheet.questionnaire != questionnaire.id:
        problems.append(
            Problem(
                ("questionnaire",),
                f"these answers are for questionnaire '{sheet.questionnaire}', not '{questionnaire.id}'",
            )
        )
    if sheet.questionnaire_version != questionnaire.version:
        problems.append(
            Problem(
                ("questionnaire_version",),
                f"these answers were given to version {sheet.questionnaire_version} of "
                f"'{questionnaire.id}', but the questionnaire found is version {questionnaire.version}",
            )
        )
    if sheet.language is not None and sheet.language not in questionnaire.languages:
        problems.append(
            Problem(
                ("language",),
                f"language '{sheet.language}' is not one of the questionnaire's "
                f"({', '.join(questionnaire.languages)})",
            )
        )
    questions = {q.id: q for q in questionnaire.questions}
    question_ids = list(questions)
    for question_id, option_id in sheet.answers.items():
        question = questions.get(question_id)
        if question is None:
            problems.append(
                Problem(
                    ("answers", question_id),
                    f"unknown question '{question_id}'; " + _suggest(question_id, question_ids, "questions"),
                    at_key=True,
                )
            )
        elif question.option(option_id) is None:
            problems.append(
                Problem(
                    ("answers", question_id),
                    f"'{option_id}' is not an option of question '{question_id}'; "
                    + _suggest(option_id, [o.id for o in question.options], "options"),
                )
            )
    for question_id in sheet.notes:
        if question_id not in questions:
            problems.append(
                Problem(
                    ("notes", question_id),
                    f"note for unknown question '{question_id}'; "
                    + _suggest(question_id, question_ids, "questions"),
                    at_key=True,
                )
            )
    problems += _duplicates(
        ((("participants", i), name) for i, name in enumerate(sheet.participants)), "participant"
    )
    participants = set(sheet.participants)
    for question_id, ballot in sheet.votes.items():
        question = questions.get(question_id)
        if question is None:
            problems.append(
                Problem(
                    ("votes", question_id),
                    f"votes for unknown question '{question_id}'; "
                    + _suggest(question_id, question_ids, "questions"),
                    at_key=True,
                )
            )
            continue
        for name, vote in ballot.items():
            if name not in participants:
                problems.append(
                    Problem(
                        ("votes", question_id, name),
                        f"'{name}' voted but is not among the participants",
                        at_key=True,
                    )
                )
            if vote is not None and question.option(vote) is None:
                problems.append(
                    Problem(
                        ("votes", question_id, name),
                        f"'{vote}' is not an option of question '{question_id}'; "
                        + _suggest(vote, [o.id for o in question.options], "options"),
                    )
                )
    return problems
