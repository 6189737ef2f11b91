"""Check a parsed file against its model and against the files it refers to.

Every problem keeps the path of the value it is about, so that the caller can turn
it into `PATH:LINE:COLUMN: message` with the positions the YAML reader recorded.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from .model import (
    MIN_SCORE_STEP,
    MODEL_OF_KIND,
    AnswerSheet,
    Language,
    Option,
    Questionnaire,
    Roadmap,
    Version,
)
from .yamlsource import Document, Path_, Position

T = TypeVar("T")

# The model's own types, to read one part of a file that is not right as a whole.
_LANGUAGE: TypeAdapter[str] = TypeAdapter(Language)
_LANGUAGES: TypeAdapter[list[str]] = TypeAdapter(list[Language])
_VERSION: TypeAdapter[str] = TypeAdapter(Version)
_OPTION: TypeAdapter[Option] = TypeAdapter(Option)


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
            path: Path_ = _error_path(loc)
            if kind == "string_pattern_mismatch":  # the only keys with a pattern: a text's languages
                message = f"{_where(path[:-1])}: '{path[-1]}' is not a two-letter language code"
            else:
                message = f"{_where(path)}: bad key: {_lower(item['msg'])}"
            problems.append(Problem(path, message, at_key=True))
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
            problems.append(
                Problem(path, f"{_where(path)}: {_shown(item['input'])} is out of range: {_lower(item['msg'])}")
            )
        elif kind == "value_error":
            message = str(item["msg"]).removeprefix("Value error, ")
            problems.append(Problem(path, f"{_where(path)}: {message}"))
        else:
            problems.append(Problem(path, f"{_where(path)}: {_lower(item['msg'])}"))
    return problems


def _shown(value: Any) -> str:
    """A number as a person wrote it: 2 and 0.5, not 2.0; `weight: 5e-324` is text to YAML."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return value if isinstance(value, str) else repr(value)


def _lower(message: str) -> str:
    return message[:1].lower() + message[1:]


def _in(path: Path_) -> str:
    return f" in {_where(path)}" if path else ""


_ABSENT: Any = object()


class Shape:
    """A parsed file with pydantic's verdict on each of its parts.

    `model` is the whole file as its model, None if any part is wrong. The checks
    across a file and between files still run on the parts that passed: a value is
    `sound` when pydantic found nothing wrong in or under it. So one wrong score does
    not hide an unknown dimension, nor a missing version an answer that is no option.
    """

    def __init__(self, value: Any, model: BaseModel | None, errors: Iterable[Path_] = ()) -> None:
        self.value = value
        self.model = model
        self._broken: set[Path_] = set()
        for path in errors:
            for end in range(len(path) + 1):
                self._broken.add(path[:end])

    def at(self, path: Path_) -> Any:
        """The value at `path` as read, or _ABSENT."""
        value = self.value
        for part in path:
            found = (isinstance(value, dict) and part in value) or (
                isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)
            )
            if not found:
                return _ABSENT
            value = value[part]
        return value

    def sound(self, path: Path_) -> bool:
        return path not in self._broken and self.at(path) is not _ABSENT

    def text(self, path: Path_) -> str | None:
        """A sound text value (an id, a name), else None."""
        value = self.at(path) if path not in self._broken else None
        return value if isinstance(value, str) else None

    def get(self, path: Path_, adapter: TypeAdapter[T]) -> T | None:
        """A sound value as its model type, else None."""
        if not self.sound(path):
            return None
        try:
            return adapter.validate_python(self.at(path))
        except ValidationError:  # only a check on the whole could refuse a sound part
            return None

    def indices(self, path: Path_) -> range:
        """The positions of the list at `path` (empty if it is no list)."""
        value = self.at(path)
        return range(len(value)) if isinstance(value, list) else range(0)

    def keys(self, path: Path_) -> list[str]:
        """The keys of the mapping at `path` (none if it is no mapping)."""
        value = self.at(path)
        return [key for key in value if isinstance(key, str)] if isinstance(value, dict) else []


def _shape(file: Shape | BaseModel) -> Shape:
    """The checks take a file as read, or (from library code) a model built whole."""
    return file if isinstance(file, Shape) else Shape(file.model_dump(), file)


def _error_path(loc: Sequence[Any]) -> Path_:
    parts = list(loc[: loc.index("[key]")] if "[key]" in loc else loc)
    return tuple(p for p in parts if isinstance(p, (str, int)))


def check_shape(document: Document, kind: str) -> tuple[Shape, list[Problem]]:
    """Validate the parsed value against the pydantic model of its kind: every error."""
    model = MODEL_OF_KIND[kind]
    try:
        return Shape(document.value, model.model_validate(document.value)), []
    except ValidationError as error:
        paths = [_error_path(item["loc"]) for item in error.errors(include_url=False)]
        return Shape(document.value, None, paths), _pydantic_problems(error, model)


# -- texts and translations ---------------------------------------------------------


def _step_texts(shape: Shape, base: Path_) -> Iterator[Path_]:
    for i in shape.indices(base):
        yield (*base, i, "title")
        yield (*base, i, "description")


def roadmap_texts(shape: Shape) -> Iterator[Path_]:
    """The path of every text a person reads in a roadmap."""
    yield ("title",)
    yield ("start", "summary")
    yield from _step_texts(shape, ("start", "next_steps"))
    for p in shape.indices(("phases",)):
        base: Path_ = ("phases", p)
        yield (*base, "name")
        yield (*base, "summary")
        yield (*base, "customer_view")
        for part in ("characteristics", "obstacles"):
            for i in shape.indices((*base, part)):
                item = shape.at((*base, part, i))
                # a text, or a text with its source
                sourced = isinstance(item, dict) and "text" in item
                yield (*base, part, i, "text") if sourced else (*base, part, i)
        yield from _step_texts(shape, (*base, "next_steps"))
    for key in ("threshold_rationale", "credits"):
        if shape.at((key,)) not in (None, _ABSENT):
            yield (key,)


def questionnaire_texts(shape: Shape) -> Iterator[Path_]:
    """The path of every text a person reads in a questionnaire."""
    yield ("title",)
    for d in shape.indices(("dimensions",)):
        yield ("dimensions", d, "name")
        yield ("dimensions", d, "description")
    for q in shape.indices(("questions",)):
        base: Path_ = ("questions", q)
        yield (*base, "text")
        if shape.at((*base, "help")) not in (None, _ABSENT):
            yield (*base, "help")
        if shape.at((*base, "recommendation")) not in (None, _ABSENT):
            yield (*base, "recommendation")
        for o in shape.indices((*base, "options")):
            yield (*base, "options", o, "label")
            for key in ("help", "recommendation"):
                if shape.at((*base, "options", o, key)) not in (None, _ABSENT):
                    yield (*base, "options", o, key)


def _translation_problems(shape: Shape, texts: Iterable[Path_]) -> Iterator[Problem]:
    languages = shape.get(("languages",), _LANGUAGES)
    if languages is None:
        return  # wrong or missing: pydantic said so, and completeness cannot be judged
    declared = set(languages)
    for path in texts:
        # A text that is no mapping is pydantic's to report; a translation that is
        # there but wrong (a number, an empty text) is not missing.
        written = shape.keys(path)
        if not written and not isinstance(shape.at(path), dict):
            continue
        for language in languages:
            if language not in written:
                yield Problem(path, f"{_where(path)}: missing the '{language}' translation")
        for language in written:
            if language not in declared and _is_language(language):
                yield Problem(
                    (*path, language),
                    f"{_where(path)}: '{language}' is not a declared language ({', '.join(languages)})",
                    at_key=True,
                )


def _is_language(code: str) -> bool:
    try:
        _LANGUAGE.validate_python(code)
    except ValidationError:
        return False  # not a language code at all: pydantic has reported the key
    return True


def _ids(shape: Shape, base: Path_) -> list[tuple[Path_, str | None]]:
    """The id of each item of the list at `base`, None where it is wrong or missing."""
    return [((*base, i, "id"), shape.text((*base, i, "id"))) for i in shape.indices(base)]


def _duplicates(ids: Iterable[tuple[Path_, str | None]], what: str) -> Iterator[Problem]:
    seen: dict[str, Path_] = {}
    for path, value in ids:
        if value is None:
            continue
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
#
# Each check runs on the parts of a file that passed pydantic, and is left out where a
# part it needs is wrong or missing: pydantic has reported that part already, and a
# guess would only add a false alarm (a question "in an unknown dimension" because the
# dimension's own id was mistyped). A file referred to (a roadmap, a questionnaire) is
# given only when it was found and is valid as a whole.

def check_roadmap(roadmap: Shape | Roadmap) -> list[Problem]:
    """Checks of a roadmap beyond its shape: translations, unique ids."""
    shape = _shape(roadmap)
    problems = list(_translation_problems(shape, roadmap_texts(shape)))
    problems += _duplicates(_ids(shape, ("phases",)), "phase")
    for p in shape.indices(("phases",)):
        problems += _duplicates(_ids(shape, ("phases", p, "next_steps")), "next step")
    problems += _duplicates(_ids(shape, ("start", "next_steps")), "next step")
    return problems


def check_questionnaire(questionnaire: Shape | Questionnaire, roadmap: Roadmap | None) -> list[Problem]:
    """Checks of a questionnaire beyond its shape; `roadmap` None: not at hand."""
    shape = _shape(questionnaire)
    problems = list(_translation_problems(shape, questionnaire_texts(shape)))
    dimensions = _ids(shape, ("dimensions",))
    problems += _duplicates(dimensions, "dimension")
    problems += _duplicates(_ids(shape, ("questions",)), "question")
    # An unknown dimension can be told only when every dimension's id is known.
    dimension_ids = [d for _, d in dimensions if d is not None]
    known_dimensions = dimension_ids if len(dimension_ids) == len(dimensions) else None
    phase_ids = [p.id for p in roadmap.phases] if roadmap else None
    languages = shape.get(("languages",), _LANGUAGES)
    if roadmap is not None and languages is not None:
        missing = [lang for lang in languages if lang not in roadmap.languages]
        if missing:
            problems.append(
                Problem(
                    ("languages",),
                    f"the roadmap '{roadmap.id}' is not written in {', '.join(missing)}",
                )
            )
    for q in shape.indices(("questions",)):
        problems += _question_problems(shape, ("questions", q), known_dimensions, phase_ids)
    if roadmap is not None:
        phases = [shape.text(("questions", q, "phase")) for q in shape.indices(("questions",))]
        if None not in phases:  # a phase that is wrong or missing might be the one lacking
            for phase in roadmap.phases:
                if phase.id not in phases:
                    problems.append(
                        Problem(
                            ("questions",),
                            f"phase '{phase.id}' of roadmap '{roadmap.id}' has no questions",
                            at_key=True,
                        )
                    )
    return problems


def _question_problems(
    shape: Shape,
    base: Path_,
    dimension_ids: Sequence[str] | None,
    phase_ids: Sequence[str] | None,
) -> Iterator[Problem]:
    question_id = shape.text((*base, "id"))
    name = f"question '{question_id}'" if question_id is not None else f"the question at {_where(base)}"
    phase = shape.text((*base, "phase"))
    if phase_ids is not None and phase is not None and phase not in phase_ids:
        yield Problem(
            (*base, "phase"),
            f"{name} is in unknown phase '{phase}'; " + _suggest(phase, phase_ids, "phases"),
        )
    dimension = shape.text((*base, "dimension"))
    if dimension_ids is not None and dimension is not None and dimension not in dimension_ids:
        yield Problem(
            (*base, "dimension"),
            f"{name} is in unknown dimension '{dimension}'; "
            + _suggest(dimension, dimension_ids, "dimensions"),
        )
    yield from _duplicates(_ids(shape, (*base, "options")), "option")
    places = [(*base, "options", o) for o in shape.indices((*base, "options"))]
    options = [shape.get(place, _OPTION) for place in places]
    if not options or None in options:
        return  # the scale can be judged only when every option on it is right
    scale = sorted(
        (option.score, option.id, place)
        for option, place in zip(options, places, strict=True)
        if option is not None and option.score is not None
    )
    if len(scale) < 2:
        yield Problem(
            (*base, "options"),
            f"{name} has {len(scale)} scored option(s); it needs at least two",
        )
    elif scale[0][0] == scale[-1][0]:
        yield Problem((*base, "options"), f"{name}: the scored options all have the same score")
    else:
        if shape.at((*base, "recommendation")) in (None, _ABSENT):
            # advice per answer: every answer below the top says what to do next from there
            top = scale[-1][0]
            for option, place in zip(options, places, strict=True):
                assert option is not None
                below_top = option.score is None or option.score < top
                if below_top and not option.not_applicable and option.recommendation is None:
                    yield Problem(
                        (*place, "id"),
                        f"{name}: option '{option.id}' has no recommendation; give it one, "
                        "or give the question a recommendation for every answer below the top",
                    )
                if option.not_applicable and option.help is None:
                    yield Problem(
                        (*place, "id"),
                        f"{name}: option '{option.id}' is not applicable; say in its help why the "
                        "practice cannot apply",
                    )
        for (low, lower, _), (high, higher, place) in itertools.pairwise(scale):
            # Rounded: 2.01 - 2 is 0.00999... in binary, yet 0.01 as the consultant wrote it.
            if high - low > 0 and round(high - low, 9) < MIN_SCORE_STEP:
                yield Problem(
                    (*place, "score"),
                    f"{name}: the scores of options '{lower}' ({_shown(low)}) and '{higher}' ({_shown(high)}) differ "
                    f"by less than {MIN_SCORE_STEP}; make them equal or at least {MIN_SCORE_STEP} apart",
                )


def check_answers(sheet: Shape | AnswerSheet, questionnaire: Questionnaire | None) -> list[Problem]:
    """Checks of an answers file beyond its shape; `questionnaire` None: not at hand."""
    shape = _shape(sheet)
    problems: list[Problem] = []
    questions = {q.id: q for q in questionnaire.questions} if questionnaire else {}
    question_ids = list(questions)
    if questionnaire is not None:
        problems += _version_problems(shape, questionnaire)
        for question_id in shape.keys(("answers",)):
            place: Path_ = ("answers", question_id)
            question = questions.get(question_id)
            option_id = shape.text(place)
            if question is None:
                problems.append(
                    Problem(
                        place,
                        f"unknown question '{question_id}'; " + _suggest(question_id, question_ids, "questions"),
                        at_key=True,
                    )
                )
            elif option_id is not None and question.option(option_id) is None:
                problems.append(
                    Problem(
                        place,
                        f"'{option_id}' is not an option of question '{question_id}'; "
                        + _suggest(option_id, [o.id for o in question.options], "options"),
                    )
                )
        for question_id in shape.keys(("notes",)):
            if question_id not in questions:
                problems.append(
                    Problem(
                        ("notes", question_id),
                        f"note for unknown question '{question_id}'; "
                        + _suggest(question_id, question_ids, "questions"),
                        at_key=True,
                    )
                )
    participants = [
        (("participants", i), shape.text(("participants", i))) for i in shape.indices(("participants",))
    ]
    problems += _duplicates(participants, "participant")
    # Whether a voter is a participant can be told only when the list of them is right.
    everyone = (
        {name for _, name in participants}
        if shape.sound(("participants",)) or shape.at(("participants",)) is _ABSENT
        else None
    )
    for question_id in shape.keys(("votes",)):
        question = questions.get(question_id)
        if questionnaire is not None and question is None:
            problems.append(
                Problem(
                    ("votes", question_id),
                    f"votes for unknown question '{question_id}'; "
                    + _suggest(question_id, question_ids, "questions"),
                    at_key=True,
                )
            )
            continue
        for name in shape.keys(("votes", question_id)):
            place = ("votes", question_id, name)
            if everyone is not None and name not in everyone:
                problems.append(Problem(place, f"'{name}' voted but is not among the participants", at_key=True))
            vote = shape.text(place)
            if question is not None and vote is not None and question.option(vote) is None:
                problems.append(
                    Problem(
                        place,
                        f"'{vote}' is not an option of question '{question_id}'; "
                        + _suggest(vote, [o.id for o in question.options], "options"),
                    )
                )
    return problems


def _version_problems(shape: Shape, questionnaire: Questionnaire) -> Iterator[Problem]:
    given_to = shape.text(("questionnaire",))
    if given_to is not None and given_to != questionnaire.id:
        yield Problem(
            ("questionnaire",),
            f"these answers are for questionnaire '{given_to}', not '{questionnaire.id}'",
        )
    version = shape.get(("questionnaire_version",), _VERSION)
    if version is not None and version != questionnaire.version:
        yield Problem(
            ("questionnaire_version",),
            f"these answers were given to version {version} of "
            f"'{questionnaire.id}', but the questionnaire found is version {questionnaire.version}",
        )
    language = shape.text(("language",))
    if language is not None and language not in questionnaire.languages:
        yield Problem(
            ("language",),
            f"language '{language}' is not one of the questionnaire's "
            f"({', '.join(questionnaire.languages)})",
        )
