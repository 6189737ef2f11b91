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

from .i18n import N_, Plural, Said, nN_, said
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
    """The English text; a `Said`, shown in the reader's language by the command line."""
    at_key: bool = False

    def position(self, document: Document) -> Position:
        return document.position(self.path, key=self.at_key)


def _where(loc: Sequence[Any]) -> str:
    return ".".join(str(part) for part in loc) or said(N_("the file"))


def _pydantic_problems(error: ValidationError, model: type[BaseModel]) -> list[Problem]:
    problems: list[Problem] = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        kind = item["type"]
        if "[key]" in loc:
            path: Path_ = _error_path(loc)
            if kind == "string_pattern_mismatch":  # the only keys with a pattern: a text's languages
                message = said(N_("{where}: '{value}' is not a two-letter language code"), where=_where(path[:-1]), value=path[-1])
            else:
                message = said(N_("{where}: bad key: {problem}"), where=_where(path), problem=_pydantic_message(item))
            problems.append(Problem(path, message, at_key=True))
            continue
        path = tuple(p for p in loc if isinstance(p, (str, int)))
        name = str(path[-1]) if path else said(N_("the file"))
        if kind == "missing":
            parent = path[:-1]
            if parent:
                text = said(N_("missing required field '{name}' in {where}"), name=name, where=_where(parent))
            else:
                text = said(N_("missing required field '{name}'"), name=name)
            problems.append(Problem(parent, text))
        elif kind == "extra_forbidden":
            parent = path[:-1]
            if parent:
                text = said(N_("unknown field '{name}' in {where}"), name=name, where=_where(parent))
            else:
                text = said(N_("unknown field '{name}'"), name=name)
            problems.append(Problem(path, text, at_key=True))
        elif (kind == "string_pattern_mismatch" and name in ("language", "languages")) or (
            kind == "string_pattern_mismatch" and len(path) > 1 and path[-2] == "languages"
        ):
            problems.append(
                Problem(
                    path,
                    said(N_("{where}: '{value}' is not a two-letter language code"), where=_where(path), value=item["input"]),
                )
            )
        elif kind == "string_pattern_mismatch":
            problems.append(
                Problem(
                    path,
                    said(
                        N_("{where}: '{value}' is not a valid id (lowercase letters, digits and single hyphens, e.g. 'care-desk')"),
                        where=_where(path),
                        value=item["input"],
                    ),
                )
            )
        elif kind in ("less_than_equal", "greater_than_equal", "greater_than", "less_than"):
            problems.append(
                Problem(
                    path,
                    said(
                        N_("{where}: {value} is out of range: {problem}"),
                        where=_where(path),
                        value=_shown(item["input"]),
                        problem=_pydantic_message(item),
                    ),
                )
            )
        else:
            problems.append(Problem(path, said(N_("{where}: {problem}"), where=_where(path), problem=_pydantic_message(item))))
    return problems


_PYDANTIC: dict[str, str] = {
    # pydantic's own messages for the kinds of error a hand-written YAML file makes
    "string_type": N_("input should be a valid string"),
    "int_type": N_("input should be a valid integer"),
    "int_parsing": N_("input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("input should be a whole number"),
    "float_type": N_("input should be a valid number"),
    "float_parsing": N_("input should be a valid number, unable to parse string as a number"),
    "bool_type": N_("input should be true or false"),
    "bool_parsing": N_("input should be true or false"),
    "list_type": N_("input should be a list"),
    "dict_type": N_("input should be a mapping (key: value lines)"),
    "model_type": N_("input should be a mapping (key: value lines)"),
    "model_attributes_type": N_("input should be a mapping (key: value lines)"),
    "date_type": N_("input should be a date (YYYY-MM-DD)"),
    "date_parsing": N_("input should be a date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": N_("input should be a date (YYYY-MM-DD)"),
    "datetime_type": N_("input should be a date and time"),
    "datetime_parsing": N_("input should be a date and time"),
    "datetime_from_date_parsing": N_("input should be a date and time"),
    "finite_number": N_("input should be a finite number"),
    "none_required": N_("input should be empty"),
    "string_too_short": N_("input should have at least {min_length} characters"),
    "string_too_long": N_("input should have at most {max_length} characters"),
    "too_short": N_("input should have at least {min_length} items"),
    "too_long": N_("input should have at most {max_length} items"),
    "greater_than_equal": N_("input should be greater than or equal to {ge}"),
    "greater_than": N_("input should be greater than {gt}"),
    "less_than_equal": N_("input should be less than or equal to {le}"),
    "less_than": N_("input should be less than {lt}"),
    "literal_error": N_("input should be {expected}"),
    "enum": N_("input should be {expected}"),
    "string_pattern_mismatch": N_("input should match the pattern {pattern}"),
    "frozen_set_type": N_("input should be a list"),
    "set_type": N_("input should be a list"),
    "tuple_type": N_("input should be a list"),
    "union_tag_invalid": N_("input should be one of {expected_tags}"),
    "multiple_of": N_("input should be a multiple of {multiple_of}"),
}


def _pydantic_message(item: Any) -> str:
    """pydantic's message in the reader's language: ours for the kinds listed, the
    reason a validator gave for a value error, pydantic's own English otherwise."""
    kind = item["type"]
    context = item.get("ctx") or {}
    if kind == "value_error":
        reason = context.get("error")
        if reason is not None and reason.args and isinstance(reason.args[0], Said):
            return reason.args[0]
        return str(item["msg"]).removeprefix("Value error, ")
    entry = _PYDANTIC.get(kind)
    if entry is not None:
        values = {name: _shown(value) for name, value in context.items()}
        try:
            return said(entry, **values)
        except (KeyError, IndexError):
            pass
    return _lower(str(item["msg"]))


def _shown(value: Any) -> str:
    """A number as a person wrote it: 2 and 0.5, not 2.0; `weight: 5e-324` is text to YAML."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return value if isinstance(value, str) else repr(value)


def _lower(message: str) -> str:
    return message[:1].lower() + message[1:]


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
                yield Problem(path, said(N_("{where}: missing the '{language}' translation"), where=_where(path), language=language))
        for language in written:
            if language not in declared and _is_language(language):
                yield Problem(
                    (*path, language),
                    said(
                        N_("{where}: '{language}' is not a declared language ({languages})"),
                        where=_where(path),
                        language=language,
                        languages=", ".join(languages),
                    ),
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


_DUPLICATE: dict[str, str] = {
    "phase": N_("duplicate phase id '{value}' (first used at {first})"),
    "next step": N_("duplicate next step id '{value}' (first used at {first})"),
    "dimension": N_("duplicate dimension id '{value}' (first used at {first})"),
    "question": N_("duplicate question id '{value}' (first used at {first})"),
    "option": N_("duplicate option id '{value}' (first used at {first})"),
    "participant": N_("duplicate participant id '{value}' (first used at {first})"),
}

_SUGGEST: dict[str, tuple[str, Plural]] = {
    # what: (the valid ones listed, how many there are in all)
    "phases": (N_("valid phases: {valid}"), nN_("{count} phase in all", "{count} phases in all")),
    "dimensions": (N_("valid dimensions: {valid}"), nN_("{count} dimension in all", "{count} dimensions in all")),
    "questions": (N_("valid questions: {valid}"), nN_("{count} question in all", "{count} questions in all")),
    "options": (N_("valid options: {valid}"), nN_("{count} option in all", "{count} options in all")),
}


def _duplicates(ids: Iterable[tuple[Path_, str | None]], what: str) -> Iterator[Problem]:
    seen: dict[str, Path_] = {}
    for path, value in ids:
        if value is None:
            continue
        if value in seen:
            first = seen[value]
            yield Problem(path, said(_DUPLICATE[what], value=value, first=_where(first)))
        else:
            seen[value] = path


def _suggest(value: str, valid: Sequence[str], what: str) -> str:
    listed, in_all = _SUGGEST[what]
    if len(valid) <= 12:
        return said(listed, valid=", ".join(valid))
    count = said(in_all, count=len(valid))
    close = difflib.get_close_matches(value, valid, n=5, cutoff=0.5)
    if close:
        return said(N_("{suggestion} ({count})"), suggestion=said(N_("did you mean {close}?"), close=", ".join(close)), count=count)
    return said(N_("{count}, {examples}"), count=count, examples=said(N_("e.g. {valid}"), valid=", ".join(valid[:5])))


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
                    said(N_("the roadmap '{roadmap}' is not written in {languages}"), roadmap=roadmap.id, languages=", ".join(missing)),
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
                            said(N_("phase '{phase}' of roadmap '{roadmap}' has no questions"), phase=phase.id, roadmap=roadmap.id),
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
    name = (
        said(N_("question '{question}'"), question=question_id)
        if question_id is not None
        else said(N_("the question at {where}"), where=_where(base))
    )
    phase = shape.text((*base, "phase"))
    if phase_ids is not None and phase is not None and phase not in phase_ids:
        yield Problem(
            (*base, "phase"),
            said(N_("{name} is in unknown phase '{phase}'; {suggestion}"), name=name, phase=phase, suggestion=_suggest(phase, phase_ids, "phases")),
        )
    dimension = shape.text((*base, "dimension"))
    if dimension_ids is not None and dimension is not None and dimension not in dimension_ids:
        yield Problem(
            (*base, "dimension"),
            said(
                N_("{name} is in unknown dimension '{dimension}'; {suggestion}"),
                name=name,
                dimension=dimension,
                suggestion=_suggest(dimension, dimension_ids, "dimensions"),
            ),
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
            said(nN_("{name} has {count} scored option; it needs at least two", "{name} has {count} scored options; it needs at least two"), name=name, count=len(scale)),
        )
    elif scale[0][0] == scale[-1][0]:
        yield Problem((*base, "options"), said(N_("{name}: the scored options all have the same score"), name=name))
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
                        said(
                            N_("{name}: option '{option}' has no recommendation; give it one, or give the question a recommendation for every answer below the top"),
                            name=name,
                            option=option.id,
                        ),
                    )
                if option.not_applicable and option.help is None:
                    yield Problem(
                        (*place, "id"),
                        said(
                            N_("{name}: option '{option}' is not applicable; say in its help why the practice cannot apply"),
                            name=name,
                            option=option.id,
                        ),
                    )
        for (low, lower, _), (high, higher, place) in itertools.pairwise(scale):
            # Rounded: 2.01 - 2 is 0.00999... in binary, yet 0.01 as the consultant wrote it.
            if high - low > 0 and round(high - low, 9) < MIN_SCORE_STEP:
                yield Problem(
                    (*place, "score"),
                    said(
                        N_("{name}: the scores of options '{lower}' ({low}) and '{higher}' ({high}) differ by less than {step}; make them equal or at least {step} apart"),
                        name=name,
                        lower=lower,
                        low=_shown(low),
                        higher=higher,
                        high=_shown(high),
                        step=MIN_SCORE_STEP,
                    ),
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
                        said(N_("unknown question '{question}'; {suggestion}"), question=question_id, suggestion=_suggest(question_id, question_ids, "questions")),
                        at_key=True,
                    )
                )
            elif option_id is not None and question.option(option_id) is None:
                problems.append(
                    Problem(
                        place,
                        said(
                            N_("'{option}' is not an option of question '{question}'; {suggestion}"),
                            option=option_id,
                            question=question_id,
                            suggestion=_suggest(option_id, [o.id for o in question.options], "options"),
                        ),
                    )
                )
        for question_id in shape.keys(("notes",)):
            if question_id not in questions:
                problems.append(
                    Problem(
                        ("notes", question_id),
                        said(N_("note for unknown question '{question}'; {suggestion}"), question=question_id, suggestion=_suggest(question_id, question_ids, "questions")),
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
                    said(N_("votes for unknown question '{question}'; {suggestion}"), question=question_id, suggestion=_suggest(question_id, question_ids, "questions")),
                    at_key=True,
                )
            )
            continue
        for name in shape.keys(("votes", question_id)):
            place = ("votes", question_id, name)
            if everyone is not None and name not in everyone:
                problems.append(Problem(place, said(N_("'{name}' voted but is not among the participants"), name=name), at_key=True))
            vote = shape.text(place)
            if question is not None and vote is not None and question.option(vote) is None:
                problems.append(
                    Problem(
                        place,
                        said(
                            N_("'{option}' is not an option of question '{question}'; {suggestion}"),
                            option=vote,
                            question=question_id,
                            suggestion=_suggest(vote, [o.id for o in question.options], "options"),
                        ),
                    )
                )
    return problems


def _version_problems(shape: Shape, questionnaire: Questionnaire) -> Iterator[Problem]:
    given_to = shape.text(("questionnaire",))
    if given_to is not None and given_to != questionnaire.id:
        yield Problem(
            ("questionnaire",),
            said(N_("these answers are for questionnaire '{given}', not '{found}'"), given=given_to, found=questionnaire.id),
        )
    version = shape.get(("questionnaire_version",), _VERSION)
    if version is not None and version != questionnaire.version:
        yield Problem(
            ("questionnaire_version",),
            said(
                N_("these answers were given to version {version} of '{questionnaire}', but the questionnaire found is version {found}"),
                version=version,
                questionnaire=questionnaire.id,
                found=questionnaire.version,
            ),
        )
    language = shape.text(("language",))
    if language is not None and language not in questionnaire.languages:
        yield Problem(
            ("language",),
            said(N_("language '{language}' is not one of the questionnaire's ({languages})"), language=language, languages=", ".join(questionnaire.languages)),
        )
