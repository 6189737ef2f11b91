"""Which export column answers which question, and which cell text means which option.

A column matches a question by the question's id (the whole heading, or a part of the
tool's code such as `Q1[care-desk]` or `care-desk_1`), or by its text in any language
of the questionnaire, compared after `normalise_text` (case, spaces, curly quotes,
HTML, a trailing full stop). In a grid the statement holds the question text, so the
statement is tried before the grid's title. A cell matches an option by the option's
id, its label in any language (normalised the same way), or its numeric score.

A mapping file can name any column or value explicitly; it always wins over a guess.
Everything is compiled once per column before the row loop: a dict from the raw cell
text to the answer, so that scoring a row costs a few dict lookups.

Pure: no IO, no printing. The texts of the match report are in `MESSAGES`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Final

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from ..i18n import Catalogue, message
from ..model import Question, Questionnaire
from ..scoring import Value
from ..survey.table import Column, normalise_text

IGNORE: Final = "ignore"
"""A mapping's value for a column that answers no question."""

ANY_QUESTION: Final = "*"
"""A mapping's `values` key for cell texts that mean the same option id in every question."""

# Distinct raw cell texts a column remembers beyond the precompiled ones. Free text in a
# matched column could otherwise grow the dict with every row.
MEMO_LIMIT: Final = 4096

MESSAGES: Catalogue = {
    "report.questions": {
        "en": "Questions matched: {matched} of {total}.",
        "nl": "Vragen gevonden: {matched} van {total}.",
    },
    "report.unmatched": {
        "en": "Questions without a column: {ids}.",
        "nl": "Vragen zonder kolom: {ids}.",
    },
    "report.shared": {
        "en": "Question {question} is answered in {count} columns ({columns}); per row the filled-in one counts.",
        "nl": "Vraag {question} wordt beantwoord in {count} kolommen ({columns}); per rij telt de ingevulde.",
    },
    "report.ignored": {
        "en": "Columns ignored: {count}.",
        "nl": "Kolommen genegeerd: {count}.",
    },
    "report.ignored.item": {
        "en": "  {reason}: {columns}",
        "nl": "  {reason}: {columns}",
    },
    "report.unknown-mapping": {
        "en": "The mapping names columns the export does not have: {columns}.",
        "nl": "De mapping noemt kolommen die niet in de export staan: {columns}.",
    },
    "report.values": {
        "en": "Values not understood: {cells} cell(s), {distinct} different value(s).",
        "nl": "Waarden niet begrepen: {cells} cel(len), {distinct} verschillende waarde(n).",
    },
    "report.values.preview": {
        "en": "Values not understood in the first {rows} rows: {cells} cell(s), {distinct} different value(s); the full count follows after scoring.",
        "nl": "Waarden niet begrepen in de eerste {rows} rijen: {cells} cel(len), {distinct} verschillende waarde(n); de volledige telling volgt na het scoren.",
    },
    "report.values.item": {
        "en": "  {column}: {value} ({count}x)",
        "nl": "  {column}: {value} ({count}x)",
    },
    "report.values.more": {
        "en": "  … and {count} more; see errors.csv.",
        "nl": "  … en nog {count}; zie errors.csv.",
    },
    "report.values.numbers": {
        "en": "Numbers are read as option scores ({scores}); if the export holds other codes (e.g. 1 to 5), map them in a mapping file (socialmaturity mapping init).",
        "nl": "Getallen worden gelezen als scores van de antwoordopties ({scores}); staan er andere codes in de export (bv. 1 tot 5), leg die dan vast in een mappingbestand (socialmaturity mapping init).",
    },
    "reason.metadata": {"en": "metadata of the survey tool", "nl": "metadata van de enquêtetool"},
    "reason.other-text": {
        "en": "free text for an 'other' answer",
        "nl": "vrije tekst bij een 'anders'-antwoord",
    },
    "reason.multi-select": {
        "en": "an option of a multi-select question",
        "nl": "een optie van een meerkeuzevraag met meer antwoorden",
    },
    "reason.mapping": {"en": "ignored by the mapping", "nl": "genegeerd volgens de mapping"},
    "reason.group": {"en": "the group column", "nl": "de groepskolom"},
    "reason.respondent-id": {"en": "the respondent id", "nl": "de respondent-id"},
    "reason.unmatched": {"en": "matches no question", "nl": "past bij geen enkele vraag"},
    "reason.ambiguous": {
        "en": "matches more than one question ({questions})",
        "nl": "past bij meer dan één vraag ({questions})",
    },
    "problem.not-an-option": {
        "en": "not an option of question {question}",
        "nl": "geen antwoordoptie van vraag {question}",
    },
    "problem.ambiguous": {
        "en": "matches more than one option of question {question} ({options}); map it in a mapping file",
        "nl": "past bij meer dan één antwoordoptie van vraag {question} ({options}); leg het vast in een mappingbestand",
    },
    "problem.not-a-score": {
        "en": "the number is not a score of question {question} (scores: {scores})",
        "nl": "het getal is geen score van vraag {question} (scores: {scores})",
    },
    "mapping.not-a-question": {
        "en": "'{value}' is not a question of {questionnaire}; write a question id or 'ignore'",
        "nl": "'{value}' is geen vraag van {questionnaire}; schrijf een vraag-id of 'ignore'",
    },
    "mapping.not-a-values-question": {
        "en": "'{value}' is not a question of {questionnaire}; write a question id or '*'",
        "nl": "'{value}' is geen vraag van {questionnaire}; schrijf een vraag-id of '*'",
    },
    "mapping.not-an-option": {
        "en": "'{value}' is not an option of {question}; choose one of {options}",
        "nl": "'{value}' is geen antwoordoptie van {question}; kies uit {options}",
    },
    "mapping.not-any-option": {
        "en": "'{value}' is not an option of any question",
        "nl": "'{value}' is bij geen enkele vraag een antwoordoptie",
    },
}


# -- the mapping file ---------------------------------------------------------------


def _scalar_text(value: Any) -> Any:
    # YAML reads `3:` and `yes` as a number and a word: a consultant means the text.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


def _text_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {_scalar_text(k): _scalar_text(v) for k, v in value.items()}
    return value


def _text_keys_nested(value: Any) -> Any:
    if isinstance(value, dict):
        return {_scalar_text(k): _text_keys(v) for k, v in value.items()}
    return value


Heading = Annotated[str, Field(min_length=1, max_length=2000)]
ColumnTable = Annotated[dict[Heading, str | None], BeforeValidator(_text_keys)]
ValueTable = Annotated[
    dict[Heading, Annotated[dict[str, str | None], BeforeValidator(_text_keys)]],
    BeforeValidator(_text_keys_nested),
]


class MappingFile(BaseModel):
    """A mapping file: explicit column and value matches, the group and id columns.

        columns: {"<heading or code>": <question id> | ignore | null}
        values: {<question id or '*'>: {"<cell text>": <option id> | null}}

    `null` means "not decided": the automatic match applies (and reports what it lacks).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    questionnaire: Annotated[str, BeforeValidator(_scalar_text)] | None = None
    respondent_id: Annotated[str, BeforeValidator(_scalar_text)] | None = None
    group_by: Annotated[str, BeforeValidator(_scalar_text)] | None = None
    columns: ColumnTable = Field(default_factory=dict)
    values: ValueTable = Field(default_factory=dict)


@dataclass(frozen=True)
class MappingProblem:
    """A problem in a mapping file at a path of keys (for the YAML reader's positions)."""

    path: tuple[str | int, ...]
    message: str
    key: bool = False


def check_mapping(
    value: Any, questionnaire: Questionnaire, language: str = "en"
) -> tuple[MappingFile | None, list[MappingProblem]]:
    """Validate a parsed mapping file against the questionnaire it maps to."""
    if value is None:
        value = {}
    try:
        mapping = MappingFile.model_validate(value)
    except ValidationError as error:
        return None, [MappingProblem(tuple(e["loc"]), _pydantic_message(e)) for e in error.errors()]
    problems: list[MappingProblem] = []
    questions = {q.id: q for q in questionnaire.questions}
    for heading, target in mapping.columns.items():
        if target is not None and target != IGNORE and target not in questions:
            problems.append(
                MappingProblem(
                    ("columns", heading),
                    message(
                        MESSAGES,
                        "mapping.not-a-question",
                        language,
                        value=target,
                        questionnaire=questionnaire.id,
                    ),
                )
            )
    every_option = {o.id for q in questionnaire.questions for o in q.options}
    for question_id, table in mapping.values.items():
        question = questions.get(question_id)
        if question is None and question_id != ANY_QUESTION:
            problems.append(
                MappingProblem(
                    ("values", question_id),
                    message(
                        MESSAGES,
                        "mapping.not-a-values-question",
                        language,
                        value=question_id,
                        questionnaire=questionnaire.id,
                    ),
                    key=True,
                )
            )
            continue
        for cell, option_id in table.items():
            if option_id is None:
                continue
            if question is None:
                if option_id not in every_option:
                    problems.append(
                        MappingProblem(
                            ("values", question_id, cell),
                            message(MESSAGES, "mapping.not-any-option", language, value=option_id),
                        )
                    )
            elif question.option(option_id) is None:
                problems.append(
                    MappingProblem(
                        ("values", question_id, cell),
                        message(
                            MESSAGES,
                            "mapping.not-an-option",
                            language,
                            value=option_id,
                            question=question_id,
                            options=", ".join(o.id for o in question.options),
                        ),
                    )
                )
    return (mapping if not problems else None), problems


def _pydantic_message(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return (
            f"unknown field '{error['loc'][-1]}'; a mapping has questionnaire, "
            "respondent_id, group_by, columns and values"
        )
    return str(error["msg"])


# -- columns ------------------------------------------------------------------------

# "3. ", "Q3) ", "1.2 ", "Question 4: " in front of a question's text.
_NUMBERING = re.compile(r"^(?:q(?:uestion)?\s*|vraag\s*)?\d+(?:\.\d+)*\s*[.):\-]?\s+")
# How a tool's column code splits into parts that might be a question id.
_CODE_PARTS = re.compile(r"[\[\]_#\s.:;/()|]+")


def _text_keys_of(value: str) -> list[str]:
    key = normalise_text(value)
    if not key:
        return []
    unnumbered = _NUMBERING.sub("", key, count=1)
    return [key] if unnumbered == key or not unnumbered else [key, unnumbered]


@dataclass(frozen=True)
class QuestionIndex:
    """Question ids and texts of a questionnaire, keyed the way headings are compared."""

    ids: Mapping[str, str]
    texts: Mapping[str, tuple[str, ...]]  # more than one id: ambiguous

    @classmethod
    def build(cls, questionnaire: Questionnaire) -> QuestionIndex:
        ids: dict[str, str] = {}
        for question in questionnaire.questions:
            ids[question.id] = question.id
        # LimeSurvey codes cannot hold '-': `caredesk` stands for `care-desk`.
        squeezed: dict[str, list[str]] = {}
        for question in questionnaire.questions:
            squeezed.setdefault(question.id.replace("-", ""), []).append(question.id)
        for key, found in squeezed.items():
            if len(found) == 1:
                ids.setdefault(key, found[0])
        texts: dict[str, list[str]] = {}
        for question in questionnaire.questions:
            for translation in question.text.values():
                for key in _text_keys_of(translation):
                    owners = texts.setdefault(key, [])
                    if question.id not in owners:
                        owners.append(question.id)
        return cls(ids, {k: tuple(v) for k, v in texts.items()})

    def by_id(self, column: Column) -> str | None:
        """The question whose id is the heading, or a part of the tool's column code."""
        heading = column.heading.strip().casefold()
        if heading in self.ids:
            return self.ids[heading]
        if column.code is None:
            return None
        code = column.code.strip().casefold()
        if code in self.ids:
            return self.ids[code]
        found = [self.ids[part] for part in _CODE_PARTS.split(code) if part in self.ids]
        # `Q1[care-desk]`: the most specific part comes last.
        return found[-1] if found else None

    def by_text(self, column: Column) -> tuple[str, ...]:
        """The questions whose text is the column's statement, question or heading."""
        for candidate in (column.statement, column.question, column.heading):
            if not candidate:
                continue
            for key in _text_keys_of(candidate):
                if key in self.texts:
                    return self.texts[key]
        return ()


@dataclass(frozen=True)
class ColumnMatch:
    """What one column of the export answers, or why it is ignored.

    `how` is 'mapping', 'id' or 'text' for a match; otherwise the reason it is ignored:
    'metadata', 'other-text', 'multi-select', 'mapping', 'group', 'respondent-id',
    'unmatched' or 'ambiguous' (then `candidates` lists the questions it could be).
    """

    column: Column
    question_id: str | None
    how: str
    candidates: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """How the user names the column: its heading, else its code, else its position."""
        return self.column.heading or self.column.code or f"column {self.column.index + 1}"


@dataclass(frozen=True)
class MatchReport:
    """Every column's match, and what the questionnaire found in the export."""

    question_ids: tuple[str, ...]
    matches: tuple[ColumnMatch, ...]
    unknown_mapping_columns: tuple[str, ...] = ()

    @property
    def answer_columns(self) -> list[ColumnMatch]:
        return [m for m in self.matches if m.question_id is not None]

    @property
    def ignored(self) -> list[ColumnMatch]:
        return [m for m in self.matches if m.question_id is None]

    @property
    def matched_questions(self) -> list[str]:
        found = {m.question_id for m in self.matches}
        return [q for q in self.question_ids if q in found]

    @property
    def unmatched_questions(self) -> list[str]:
        found = {m.question_id for m in self.matches}
        return [q for q in self.question_ids if q not in found]

    def columns_of(self, question_id: str) -> list[ColumnMatch]:
        return [m for m in self.matches if m.question_id == question_id]

    def as_json(self) -> dict[str, Any]:
        """The report for summary.json."""
        return {
            "questions": len(self.question_ids),
            "questions_matched": len(self.matched_questions),
            "unmatched_questions": self.unmatched_questions,
            "columns": [
                {
                    "column": m.column.index + 1,
                    "heading": m.column.heading,
                    "code": m.column.code,
                    "question": m.question_id,
                    "matched_by" if m.question_id else "ignored": m.how,
                    **({"candidates": list(m.candidates)} if m.candidates else {}),
                }
                for m in self.matches
            ],
            "unknown_mapping_columns": list(self.unknown_mapping_columns),
        }


def column_keys(column: Column) -> list[str]:
    """The names a user may give a column by: code, heading, and 'column N' (1-based)."""
    keys = [k for k in (column.code, column.heading) if k]
    keys.append(f"column {column.index + 1}")
    return keys


def find_column(columns: Sequence[Column], name: str) -> Column | None:
    """The column a user named (--group-by, the mapping's respondent_id): exact, then normalised."""
    for column in columns:
        if name in column_keys(column):
            return column
    wanted = normalise_text(name)
    for column in columns:
        if wanted and wanted in (normalise_text(k) for k in column_keys(column)):
            return column
    return None


def match_columns(
    columns: Sequence[Column],
    questionnaire: Questionnaire,
    mapping: MappingFile | None = None,
    *,
    reserved: Mapping[int, str] | None = None,
) -> MatchReport:
    """Match every column: the mapping first, then ids and codes, then texts.

    `reserved` names columns by index that are used otherwise ('group', 'respondent-id').
    Several columns may answer one question (a form with a section per language): per
    row the one filled in counts.
    """
    index = QuestionIndex.build(questionnaire)
    reserved = reserved or {}
    explicit: dict[str, str | None] = dict(mapping.columns) if mapping else {}
    explicit_normalised: dict[str, str] = {}
    for name in explicit:
        explicit_normalised.setdefault(normalise_text(name), name)
    used: set[str] = set()
    matches: list[ColumnMatch] = []
    for column in columns:
        if column.index in reserved:
            matches.append(ColumnMatch(column, None, reserved[column.index]))
            continue
        key = _mapping_key(column, explicit, explicit_normalised)
        if key is not None:
            used.add(key)
            target = explicit[key]
            if target == IGNORE:
                matches.append(ColumnMatch(column, None, "mapping"))
                continue
            if target is not None:
                matches.append(ColumnMatch(column, target, "mapping"))
                continue
        if column.kind == "meta":
            matches.append(ColumnMatch(column, None, "metadata"))
            continue
        if column.kind == "other-text":
            matches.append(ColumnMatch(column, None, "other-text"))
            continue
        if column.kind == "multi":
            matches.append(ColumnMatch(column, None, "multi-select"))
            continue
        question_id = index.by_id(column)
        found = index.by_text(column)
        if question_id is not None and found and question_id not in found:
            # Qualtrics numbers its columns Q1, Q2, …: a questionnaire with ids q1, q2, …
            # may meet a code that is another question's text. Neither guess is safe.
            matches.append(ColumnMatch(column, None, "ambiguous", (question_id, *found)))
            continue
        if question_id is not None:
            matches.append(ColumnMatch(column, question_id, "id"))
            continue
        if len(found) == 1:
            matches.append(ColumnMatch(column, found[0], "text"))
        elif found:
            matches.append(ColumnMatch(column, None, "ambiguous", found))
        else:
            matches.append(ColumnMatch(column, None, "unmatched"))
    unknown = tuple(k for k in explicit if k not in used)
    return MatchReport(tuple(q.id for q in questionnaire.questions), tuple(matches), unknown)


def _mapping_key(
    column: Column, explicit: Mapping[str, str | None], normalised: Mapping[str, str]
) -> str | None:
    if not explicit:
        return None
    keys = column_keys(column)
    for key in keys:
        if key in explicit:
            return key
    for key in keys:
        found = normalised.get(normalise_text(key))
        if found is not None:
            return found
    return None


# -- values -------------------------------------------------------------------------

Answer = tuple[str, Value, int]
"""A cell understood: the option id, its value for `tally`, the option's position."""


class _Unanswered:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNANSWERED"


UNANSWERED: Final = _Unanswered()
"""What an empty cell (or one of white space only) means."""

Cell = Answer | _Unanswered | None
"""What a cell means: an answer, no answer, or None for a cell that is not understood."""


def _number(key: str) -> float | None:
    if not key or not (key[0].isdigit() or key[0] in "+-.") or len(key) > 30:
        return None
    try:
        found = float(key.replace(",", "."))
    except ValueError:
        return None
    return found if math.isfinite(found) else None


@dataclass
class ValueMatcher:
    """Cell text -> answer for one question, precompiled; `lookup` is the fast path.

    `lookup` holds the raw texts already known (ids, labels, and every text met so far,
    up to MEMO_LIMIT), so the row loop does `lookup.get(cell)` and only calls `resolve`
    for a text it has not seen.
    """

    question: Question
    lookup: dict[str, Cell]
    normalised: dict[str, Answer]
    ambiguous: dict[str, tuple[str, ...]]
    scores: dict[float, Answer]
    ambiguous_scores: frozenset[float]
    memo_left: int = MEMO_LIMIT

    @classmethod
    def build(
        cls,
        question: Question,
        values: Mapping[str, Value],
        explicit: Mapping[str, str | None] | None = None,
        shared: Mapping[str, str | None] | None = None,
    ) -> ValueMatcher:
        """`values` is the plan's option id -> tally value; `explicit` and `shared` are the
        mapping's values for this question and for every question ('*')."""
        positions = {o.id: i for i, o in enumerate(question.options)}

        def answer(option_id: str) -> Answer:
            return (option_id, values[option_id], positions[option_id])

        lookup: dict[str, Cell] = {"": UNANSWERED}
        normalised: dict[str, Answer] = {}
        ambiguous: dict[str, tuple[str, ...]] = {}
        # Tiers in order of precedence; within a tier, a text two options claim is ambiguous.
        tiers: list[dict[str, set[str]]] = []
        for table in (explicit or {}, shared or {}):
            tier: dict[str, set[str]] = {}
            for cell, option_id in table.items():
                if option_id is not None and option_id in positions:
                    lookup.setdefault(cell, answer(option_id))
                    tier.setdefault(normalise_text(cell), set()).add(option_id)
            tiers.append(tier)
        own: dict[str, set[str]] = {}
        for option in question.options:
            lookup.setdefault(option.id, answer(option.id))
            own.setdefault(normalise_text(option.id), set()).add(option.id)
            for label in option.label.values():
                own.setdefault(normalise_text(label), set()).add(option.id)
        tiers.append(own)
        for tier in tiers:
            for key, owners in tier.items():
                if not key or key in normalised or key in ambiguous:
                    continue
                if len(owners) == 1:
                    normalised[key] = answer(next(iter(owners)))
                else:
                    ambiguous[key] = tuple(o.id for o in question.options if o.id in owners)
        for option in question.options:
            for label in option.label.values():
                key = normalise_text(label)
                if key in normalised:
                    lookup.setdefault(label, normalised[key])
        scores: dict[float, Answer] = {}
        taken: set[float] = set()
        for option in question.options:
            if option.score is None:
                continue
            if option.score in scores:
                taken.add(option.score)
            scores[option.score] = answer(option.id)
        for score in taken:
            del scores[score]
        return cls(question, lookup, normalised, ambiguous, scores, frozenset(taken))

    def resolve(self, cell: str) -> Cell:
        """What a cell means, for a text not in `lookup` yet; remembers it."""
        found = self._resolve(cell)
        if self.memo_left > 0:
            self.memo_left -= 1
            self.lookup[cell] = found
        return found

    def _resolve(self, cell: str) -> Cell:
        if not cell.strip():
            return UNANSWERED
        key = normalise_text(cell)
        if not key:
            # "?" or "-" typed in: an answer of sorts, but none we can use; say so.
            return None
        found = self.normalised.get(key)
        if found is not None:
            return found
        if key in self.ambiguous:
            return None
        number = _number(key)
        if number is not None:
            return self.scores.get(number)
        return None

    def problem(self, cell: str, language: str) -> str:
        """Why a cell is not understood, in words."""
        key = normalise_text(cell)
        question_id = self.question.id
        if key in self.ambiguous:
            return message(
                MESSAGES,
                "problem.ambiguous",
                language,
                question=question_id,
                options=", ".join(self.ambiguous[key]),
            )
        number = _number(key)
        if number is not None:
            if number in self.ambiguous_scores:
                owners = [o.id for o in self.question.options if o.score == number]
                return message(
                    MESSAGES,
                    "problem.ambiguous",
                    language,
                    question=question_id,
                    options=", ".join(owners),
                )
            return message(
                MESSAGES,
                "problem.not-a-score",
                language,
                question=question_id,
                scores=score_list(self.question),
            )
        return message(MESSAGES, "problem.not-an-option", language, question=question_id)


def score_list(question: Question) -> str:
    return ", ".join(f"{o.score:g}" for o in question.scored_options())


@dataclass(frozen=True)
class AnswerColumn:
    """A matched column compiled for the row loop."""

    index: int  # position of the cell in each response
    question: int  # position of the question in the scoring plan
    heading: str
    matcher: ValueMatcher


def compile_columns(
    report: MatchReport,
    questionnaire: Questionnaire,
    option_values: Sequence[Mapping[str, Value]],
    mapping: MappingFile | None = None,
) -> list[AnswerColumn]:
    """One AnswerColumn per matched column, in column order.

    `option_values` is the scoring plan's `options`: the same values `tally` expects.
    """
    positions = {q.id: i for i, q in enumerate(questionnaire.questions)}
    explicit = mapping.values if mapping else {}
    shared = explicit.get(ANY_QUESTION)
    compiled = []
    for match in report.answer_columns:
        assert match.question_id is not None
        q = positions[match.question_id]
        question = questionnaire.questions[q]
        matcher = ValueMatcher.build(
            question, option_values[q], explicit.get(match.question_id), shared
        )
        compiled.append(AnswerColumn(match.column.index, q, match.name, matcher))
    return compiled


# -- the match report in words ------------------------------------------------------


@dataclass
class NotUnderstood:
    """Cells that matched no option, counted per column and text (bounded)."""

    limit: int = 1000
    counts: dict[int, dict[str, int]] = field(default_factory=dict)
    headings: dict[int, str] = field(default_factory=dict)
    others: dict[int, int] = field(default_factory=dict)  # cells beyond `limit` distinct texts
    numbers: bool = False

    def add(self, column: AnswerColumn, cell: str) -> None:
        counts = self.counts.setdefault(column.index, {})
        self.headings.setdefault(column.index, column.heading)
        if cell in counts:
            counts[cell] += 1
        elif len(counts) < self.limit:
            counts[cell] = 1
        else:
            self.others[column.index] = self.others.get(column.index, 0) + 1
        if not self.numbers and _number(normalise_text(cell)) is not None:
            self.numbers = True

    @property
    def cells(self) -> int:
        return sum(sum(c.values()) for c in self.counts.values()) + sum(self.others.values())

    @property
    def distinct(self) -> int:
        return sum(len(c) for c in self.counts.values())

    def as_json(self) -> list[dict[str, Any]]:
        return [
            {"column": self.headings[index], "value": cell, "count": count}
            for index, counts in self.counts.items()
            for cell, count in sorted(counts.items(), key=lambda item: -item[1])
        ]


def describe_columns(report: MatchReport, language: str) -> list[str]:
    """The column half of the match report, shown before scoring."""

    def m(key: str, **values: object) -> str:
        return message(MESSAGES, key, language, **values)

    lines = [
        m(
            "report.questions",
            matched=len(report.matched_questions),
            total=len(report.question_ids),
        )
    ]
    if report.unmatched_questions:
        lines.append(m("report.unmatched", ids=", ".join(report.unmatched_questions)))
    for question_id in report.matched_questions:
        columns = report.columns_of(question_id)
        if len(columns) > 1:
            lines.append(
                m(
                    "report.shared",
                    question=question_id,
                    count=len(columns),
                    columns=", ".join(_quoted(c.name) for c in columns),
                )
            )
    ignored = report.ignored
    if ignored:
        lines.append(m("report.ignored", count=len(ignored)))
        # One line per reason, except an ambiguous column, which says what it could be.
        by_reason: dict[str, list[str]] = {}
        for match in ignored:
            if match.how == "ambiguous":
                reason = m("reason.ambiguous", questions=", ".join(match.candidates))
                lines.append(m("report.ignored.item", columns=_quoted(match.name), reason=reason))
            else:
                by_reason.setdefault(match.how, []).append(_quoted(match.name, 50))
        for how, names in by_reason.items():
            lines.append(
                m("report.ignored.item", columns=", ".join(names), reason=m(f"reason.{how}"))
            )
    if report.unknown_mapping_columns:
        lines.append(
            m(
                "report.unknown-mapping",
                columns=", ".join(_quoted(c) for c in report.unknown_mapping_columns),
            )
        )
    return lines


def describe_values(
    not_understood: NotUnderstood,
    columns: Iterable[AnswerColumn],
    language: str,
    *,
    shown: int = 15,
    first_rows: int | None = None,
) -> list[str]:
    """The values half of the match report: cells no option matched, most frequent first.

    `first_rows` says the counts come from a preview of that many rows, not the whole file.
    """
    if not not_understood.cells:
        return []

    def m(key: str, **values: object) -> str:
        return message(MESSAGES, key, language, **values)

    counts = {"cells": not_understood.cells, "distinct": not_understood.distinct}
    if first_rows is None:
        lines = [m("report.values", **counts)]
    else:
        lines = [m("report.values.preview", rows=first_rows, **counts)]
    items = sorted(
        (
            (count, index, cell)
            for index, counts in not_understood.counts.items()
            for cell, count in counts.items()
        ),
        key=lambda item: (-item[0], item[1]),
    )
    for count, index, cell in items[:shown]:
        lines.append(
            m(
                "report.values.item",
                column=_quoted(not_understood.headings[index]),
                value=_quoted(cell),
                count=count,
            )
        )
    if len(items) > shown:
        lines.append(m("report.values.more", count=len(items) - shown))
    if not_understood.numbers:
        scales = sorted({score_list(c.matcher.question) for c in columns})
        lines.append(m("report.values.numbers", scores="; ".join(scales)))
    return lines


def _quoted(value: str, limit: int = 80) -> str:
    shown = " ".join(value.split())
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return f'"{shown}"'
