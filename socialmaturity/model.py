"""The maturity model as data: roadmap, questionnaire and answers file.

These pydantic models check the shape of each file. Checks that need more than one
file, or the whole file at once (ids that must exist, translations that must be
complete), live in `validation.py`, which also knows where each value stood.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from .i18n import N_, said

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1, max_length=5000)]


def _version_text(value: Any) -> Any:
    # `version: 1.0` is a float to YAML; a consultant means the text "1.0".
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


Version = Annotated[
    str, BeforeValidator(_version_text), StringConstraints(min_length=1, max_length=40)
]

Text = dict[Language, NonEmpty]
"""A text a person reads: one string per language, e.g. {"en": "Dialogue", "nl": "Dialoog"}."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _added(default: Any = None, **kwargs: Any) -> Any:
    """A field added to the format after version 1.0.0 of the bundled model.

    A file that does not use it hashes as it did before the field existed (see
    `canonical`), so that results stay pinned to the model they were made with.
    """
    return Field(default=default, json_schema_extra={"added": True}, **kwargs)


Source = Annotated[str, StringConstraints(min_length=1, max_length=200)]
"""Where a text comes from: source numbers such as "002" or "001, 004", or "synthesis"."""

Level = Literal["low", "medium", "high"]


class Sourced(_Strict):
    """A text with its source, e.g. a phase characteristic."""

    text: Text
    source: Source

    def __getitem__(self, language: str) -> str:
        return self.text[language]


PhaseText = Text | Sourced
"""A phase's characteristic or obstacle: a text, or a text with its source."""


def plain(value: PhaseText) -> Text:
    """The text of a characteristic or obstacle, with or without its source."""
    return value.text if isinstance(value, Sourced) else value


class NextStep(_Strict):
    id: Id
    title: Text
    description: Text
    source: Source | None = _added()
    effort: Level | None = _added()
    impact: Level | None = _added()


class Start(_Strict):
    summary: Text
    next_steps: list[NextStep] = Field(min_length=1)
    source: Source | None = _added()


class Phase(_Strict):
    id: Id
    name: Text
    summary: Text
    characteristics: list[PhaseText] = Field(default_factory=list)
    obstacles: list[PhaseText] = Field(default_factory=list)
    customer_view: Text
    threshold: float = Field(default=70, ge=0, le=100)
    next_steps: list[NextStep] = Field(min_length=1)
    source: Source | None = _added()


class Roadmap(_Strict):
    id: Id
    version: Version
    title: Text
    languages: list[Language] = Field(min_length=1)
    minimum_coverage: float = Field(default=0.6, ge=0, le=1)
    start: Start
    phases: list[Phase] = Field(min_length=1)
    threshold_rationale: Text | None = _added()
    credits: Text | None = _added()


class Dimension(_Strict):
    id: Id
    name: Text
    description: Text


# Scores are small finite numbers: NaN or infinity would make every mean meaningless.
Score = Annotated[float, Field(allow_inf_nan=False, ge=-1_000_000, le=1_000_000)]

MIN_SCORE_STEP = 0.01
"""The least difference between two different scores of one question.

A question's scores are spread over 0..1 by (score - lowest) / (highest - lowest).
Scores closer than this are not a scale a person reads, and below about 1e-308 a
difference loses its digits altogether, so the spread is no longer the one written.
validation.py refuses them, at the option's score.
"""

MIN_WEIGHT = 0.01
"""The least weight of a question.

A weight only counts relative to the others, and 0.01 against the largest, 100, is
already a ratio of 10,000. Much smaller weights underflow in weight x score (5e-324 x
0.5 is 0), so a question's answer would silently stop counting, or change the phase.
"""


class Option(_Strict):
    """One answer to a question: on the scale (`score`), or outside it: `not_applicable`
    (left out of the score) or `dont_know` (scored as the question says, by default as
    its lowest option)."""

    id: Id
    label: Text
    score: Score | None = None
    not_applicable: bool = False
    dont_know: bool = _added(False)
    help: Text | None = _added()
    recommendation: Text | None = _added()
    """What to do next from this answer (the top answer may have none)."""

    @model_validator(mode="after")
    def _one_kind(self) -> Option:
        kinds = (self.score is not None) + self.not_applicable + self.dont_know
        if kinds > 1:
            raise ValueError(said(N_("an option is either scored, not_applicable or dont_know, not several")))
        if kinds == 0:
            raise ValueError(said(N_("an option needs a score, or not_applicable: true, or dont_know: true")))
        return self

    @property
    def outside_scale(self) -> bool:
        return self.score is None


class Question(_Strict):
    id: Id
    phase: Id
    dimension: Id
    text: Text
    help: Text | None = None
    weight: float = Field(
        default=1,
        ge=MIN_WEIGHT,
        le=100,
        allow_inf_nan=False,
        description=f"How much the question counts in its phase and dimension, {MIN_WEIGHT} to 100.",
    )
    options: list[Option] = Field(min_length=1)
    recommendation: Text | None = None
    """One recommendation for any answer below the top (the format of version 1.0.0);
    newer questionnaires give each option its own."""
    source: NonEmpty
    dont_know_scores_as: Literal["lowest", "none"] = _added("lowest")
    """How "don't know" counts: as the lowest option (an unknown practice is an absent
    one), or as no answer, where not knowing says nothing either way."""

    def scored_options(self) -> list[Option]:
        """The options on the scale, lowest score first."""
        return sorted((o for o in self.options if o.score is not None), key=lambda o: o.score or 0)

    def recommendation_for(self, option_id: str | None) -> Text | None:
        """What to do next from this answer: the option's own recommendation, else the
        question's."""
        option = self.option(option_id) if option_id is not None else None
        if option is not None and option.recommendation is not None:
            return option.recommendation
        return self.recommendation

    def option(self, option_id: str) -> Option | None:
        for option in self.options:
            if option.id == option_id:
                return option
        return None


class Questionnaire(_Strict):
    id: Id
    version: Version
    roadmap: Id
    title: Text
    languages: list[Language] = Field(min_length=1)
    dimensions: list[Dimension] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)


Participant = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class Organisation(_Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    sector: Annotated[str, StringConstraints(max_length=200)] | None = None
    size: Annotated[str, BeforeValidator(_version_text), StringConstraints(max_length=100)] | None = None


class Target(_Strict):
    """Where the organisation means to be: a phase, optionally dimension scores and a date."""

    phase: Id
    dimensions: dict[Id, Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]] = Field(
        default_factory=dict
    )
    due: dt.date | None = None


class AnswerSheet(BaseModel):
    """An answers file: what one organisation answered to one questionnaire."""

    model_config = ConfigDict(extra="forbid")

    questionnaire: Id
    questionnaire_version: Version
    questionnaire_hash: Annotated[str, StringConstraints(pattern=r"^sha256:[0-9a-f]{64}$")] | None = None
    """The hash of the questionnaire and roadmap the answers were given to."""
    organisation: Organisation
    assessed_on: dt.date
    assessor: Annotated[str, StringConstraints(max_length=200)] | None = None
    language: Language | None = None
    participants: list[Participant] = Field(default_factory=list)
    answers: dict[str, Id] = Field(default_factory=dict)
    notes: dict[str, Annotated[str, StringConstraints(max_length=20_000)]] = Field(
        default_factory=dict
    )
    votes: dict[str, dict[str, Id | None]] = Field(default_factory=dict)
    target: Target | None = None
    """The phase (and dimension scores, and date) the organisation aims for."""


KINDS = ("questionnaire", "roadmap", "answers")
MODEL_OF_KIND: dict[str, type[BaseModel]] = {
    "questionnaire": Questionnaire,
    "roadmap": Roadmap,
    "answers": AnswerSheet,
}


def kind_of(value: Any) -> str | None:
    """Tell a questionnaire, roadmap or answers file apart by its keys."""
    if not isinstance(value, dict):
        return None
    if "questions" in value:
        return "questionnaire"
    if "phases" in value:
        return "roadmap"
    if "answers" in value or "organisation" in value or "questionnaire_version" in value:
        return "answers"
    return None


def canonical(value: BaseModel) -> Any:
    """`value` as JSON data for hashing: what `model_dump(mode="json")` gives, without the
    fields added after version 1.0.0 of the format where a file leaves them at their
    default, so that a file that does not use them hashes as it always did."""
    data = value.model_dump(mode="json")
    _strip_added(value, data)
    return data


def _strip_added(value: Any, data: Any) -> None:
    if isinstance(value, BaseModel) and isinstance(data, dict):
        for name, field in type(value).model_fields.items():
            item = getattr(value, name)
            extra = field.json_schema_extra
            if isinstance(extra, dict) and extra.get("added") and item == field.get_default():
                data.pop(name, None)
            elif name in data:
                _strip_added(item, data[name])
    elif isinstance(value, (list, tuple)) and isinstance(data, list):
        for item, dumped in zip(value, data, strict=False):
            _strip_added(item, dumped)
    elif isinstance(value, dict) and isinstance(data, dict):
        for key, item in value.items():
            if key in data:
                _strip_added(item, data[key])
