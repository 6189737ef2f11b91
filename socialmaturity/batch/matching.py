"""Which export column answers which question, and which cell text means which option.

A column matches a question by the question's id (the whole heading, or a part of the
tool's code such as `Q1[care-desk]` or `care-desk_1`), or by its text in any language
of the questionnaire, compared after `normalise_text` (case, spaces, curly quotes,
HTML, a trailing full stop, French spacing before ? and :) and without a number in
front ("Question 4 : "). In a grid the statement holds the question text, so the
statement is tried before the grid's title. A cell matches an option by the option's
id, its label in any language (normalised the same way), or its numeric score. A text
that matches nothing is compared once more without accents (`fold_accents`), and
counts only where that leaves one question or option.

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
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from ..i18n import N_, Catalogue, message, nN_
from ..model import Question, Questionnaire
from ..scoring import Value
from ..survey.table import Column, NumberReading, fold_accents, normalise_text

IGNORE: Final = "ignore"
"""A mapping's value for a column that answers no question."""

ANY_QUESTION: Final = "*"
"""A mapping's `values` key for cell texts that mean the same option id in every question."""

# Distinct raw cell texts a column remembers beyond the precompiled ones. Free text in a
# matched column could otherwise grow the dict with every row.
MEMO_LIMIT: Final = 4096

MESSAGES: Catalogue = {
    "report.questions": N_("Questions matched: {matched} of {total}."),
    "report.unmatched": N_("Questions without a column: {ids}."),
    "report.shared": N_("Question {question} is answered in {count} columns ({columns}); per row the filled-in one counts."),
    "report.ignored": N_("Columns ignored: {count}."),
    "report.ignored.item": N_("  {reason}: {columns}"),
    "report.unknown-mapping": N_("The mapping names columns the export does not have: {columns}."),
    "report.values": nN_("Values not understood: {cells} cell, {distinct} different value.", "Values not understood: {cells} cells, {distinct} different values.", "cells"),
    "report.values.preview": nN_("Values not understood in the first {rows} rows: {cells} cell, {distinct} different value; the full count follows after scoring.", "Values not understood in the first {rows} rows: {cells} cells, {distinct} different values; the full count follows after scoring.", "cells"),
    "report.values.item": N_("  {column}: {value} ({count}x)"),
    "report.values.more": N_("  … and {count} more; see errors.csv."),
    "report.values.numbers": N_("Some numbers name no option as they are read (see above); map other codes in a mapping file (socialmaturity mapping init)."),
    "numbers.positions": nN_("Numbers read as choice codes (1 = a question's first option, in questionnaire order) in {count} column: {why}.", "Numbers read as choice codes (1 = a question's first option, in questionnaire order) in {count} columns: {why}."),
    "numbers.scores": nN_("Numbers read as option scores (0 = a question's lowest) in {count} column: {why}.", "Numbers read as option scores (0 = a question's lowest) in {count} columns: {why}."),
    "numbers.why.forced": N_("as --numbers says"),
    "numbers.why.mapping": N_("as the mapping says"),
    "numbers.why.only-positions": N_("they hold numbers no score has"),
    "numbers.why.only-scores": N_("they hold a 0 or another number no choice code has"),
    "numbers.why.none-fit": N_("no number fits"),
    "numbers.why.code": N_("{tool}'s answer codes number the options in their order"),
    "numbers.why.file": N_("both readings fit; the export's other columns decide"),
    "numbers.why.convention": N_("both readings fit; {tool} numbers choices 1 to n by default"),
    "reason.metadata": N_("metadata of the survey tool"),
    "reason.other-text": N_("free text for an 'other' answer"),
    "reason.multi-select": N_("an option of a multi-select question"),
    "reason.mapping": N_("ignored by the mapping"),
    "reason.group": N_("the group column"),
    "reason.respondent-id": N_("the respondent id"),
    "reason.unmatched": N_("matches no question"),
    "reason.ambiguous": N_("matches more than one question ({questions})"),
    "problem.not-an-option": N_("not an option of question {question}"),
    "problem.ambiguous": N_("matches more than one option of question {question} ({options}); map it in a mapping file"),
    "problem.not-a-position": N_("not a choice code of question {question} (1 to {count}, in the order of its options)"),
    "problem.numbers-undecided": N_("a number, but the export's numbers for question {question} were not decided (scores or positions); run with --numbers or map it in a mapping file"),
    "problem.not-a-score": N_("the number is not a score of question {question} (scores: {scores})"),
    "mapping.not-a-question": N_("'{value}' is not a question of {questionnaire}; write a question id or 'ignore'"),
    "mapping.not-a-values-question": N_("'{value}' is not a question of {questionnaire}; write a question id or '*'"),
    "mapping.not-an-option": N_("'{value}' is not an option of {question}; choose one of {options}"),
    "mapping.not-any-option": N_("'{value}' is not an option of any question"),
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

        numbers: scores | positions | null
        columns: {"<heading or code>": <question id> | ignore | null}
        values: {<question id or '*'>: {"<cell text>": <option id> | ignore | null}}

    `null` means "not decided": the automatic match applies (and reports what it lacks).
    A value mapped to `ignore` counts as no answer (a "seen, not answered" code).
    `numbers` says how numeric answers name their option, for the whole export.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    questionnaire: Annotated[str, BeforeValidator(_scalar_text)] | None = None
    respondent_id: Annotated[str, BeforeValidator(_scalar_text)] | None = None
    group_by: Annotated[str, BeforeValidator(_scalar_text)] | None = None
    numbers: Literal["scores", "positions"] | None = None
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
            if option_id is None or option_id == IGNORE:
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
            "respondent_id, group_by, numbers, columns and values"
        )
    return str(error["msg"])


# -- columns ------------------------------------------------------------------------

# The words put before a question's number ("Question 4: ", "Vraag 4. ", "Q4) ", French
# "Question n° 4 – "), per language of the questionnaire.
NUMBERING_WORDS: Mapping[str, tuple[str, ...]] = {
    "en": ("Question", "Q"),
    "nl": ("Vraag",),
    "fr": ("Question", "Q"),
}


def _numbering(words: Mapping[str, tuple[str, ...]]) -> re.Pattern[str]:
    """`3. `, `1.2 `, `Q3) `, `Question n° 4 : ` in front of a text, for these words."""
    keys = sorted({normalise_text(w) for found in words.values() for w in found}, key=len, reverse=True)
    word = "|".join(re.escape(key) for key in keys)
    return re.compile(
        rf"^(?:(?:{word})\s*(?:n[°o]\.?\s*)?)?\d+(?:\.\d+)*\s*[.):\-\u2013\u2014]?\s+"
    )


_NUMBERING = _numbering(NUMBERING_WORDS)
# A heading cut short, and how much of it must be left to stand for a question.
_CUT_MARKS = ("...", "\u2026")
_CUT_MINIMUM = 40
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
    # The same keys without accents, for a heading retyped without them (EQUIPE, Societe).
    folded: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

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
        folded: dict[str, list[str]] = {}
        for key, owners in texts.items():
            found = folded.setdefault(fold_accents(key), [])
            found.extend(q for q in owners if q not in found)
        return cls(
            ids,
            {k: tuple(v) for k, v in texts.items()},
            {k: tuple(v) for k, v in folded.items()},
        )

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
        """The questions whose text is the column's statement, question or heading.

        A text cut short with `...` (Qualtrics' legacy and 2016 labels stop at 100
        characters) matches the questions whose text begins with what is left. A text
        that matches nothing as written is compared once more without accents.
        """
        candidates = (column.statement, column.question, column.heading)
        for candidate in candidates:
            if not candidate:
                continue
            for key in _text_keys_of(candidate):
                if key in self.texts:
                    return self.texts[key]
            if candidate.rstrip().endswith(_CUT_MARKS):
                for key in _text_keys_of(candidate):
                    if len(key) < _CUT_MINIMUM:
                        continue
                    owners: list[str] = []
                    for text, found in self.texts.items():
                        if text.startswith(key):
                            owners.extend(q for q in found if q not in owners)
                    if owners:
                        return tuple(owners)
        for candidate in candidates:
            for key in _text_keys_of(candidate) if candidate else ():
                loose = self.folded.get(fold_accents(key))
                if loose:
                    return loose
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

    A number that is no label is read by `reading`: as the option's score ('scores'),
    as its position counted from 1 ('positions', the choice codes of survey tools), or
    not at all (None: the export's numbers are not decided, see `decide_numbers`).
    """

    question: Question
    lookup: dict[str, Cell]
    normalised: dict[str, Answer]
    ambiguous: dict[str, tuple[str, ...]]
    scores: dict[float, Answer]
    ambiguous_scores: frozenset[float]
    positions: tuple[Answer, ...] = ()
    reading: NumberReading | None = "scores"
    unanswered: frozenset[str] = frozenset()
    ignored: frozenset[str] = frozenset()
    position_code: re.Pattern[str] | None = None
    memo_left: int = MEMO_LIMIT
    # Keys without accents, where that leaves one option: a label retyped without them.
    folded: Mapping[str, Answer] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        question: Question,
        values: Mapping[str, Value],
        explicit: Mapping[str, str | None] | None = None,
        shared: Mapping[str, str | None] | None = None,
        *,
        reading: NumberReading | None = "scores",
        unanswered: frozenset[str] = frozenset(),
        position_code: re.Pattern[str] | None = None,
    ) -> ValueMatcher:
        """`values` is the plan's option id -> tally value; `explicit` and `shared` are the
        mapping's values for this question and for every question ('*'); `unanswered`
        the tool's codes for "seen, not answered"; `position_code` the tool's answer
        codes that number the options (LimeSurvey's AO01)."""
        positions = {o.id: i for i, o in enumerate(question.options)}

        def answer(option_id: str) -> Answer:
            return (option_id, values[option_id], positions[option_id])

        lookup: dict[str, Cell] = {"": UNANSWERED}
        for code in unanswered:
            lookup[code] = UNANSWERED
        normalised: dict[str, Answer] = {}
        ambiguous: dict[str, tuple[str, ...]] = {}
        ignored: set[str] = set()
        # Tiers in order of precedence; within a tier, a text two options claim is ambiguous.
        tiers: list[dict[str, set[str]]] = []
        for table in (explicit or {}, shared or {}):
            tier: dict[str, set[str]] = {}
            for cell, option_id in table.items():
                if option_id == IGNORE:
                    lookup.setdefault(cell, UNANSWERED)
                    ignored.add(normalise_text(cell))
                elif option_id is not None and option_id in positions:
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
                if not key or key in normalised or key in ambiguous or key in ignored:
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
        folded: dict[str, Answer | None] = {}
        for key, found in normalised.items():
            loose = fold_accents(key)
            if loose != key or loose in folded:
                # the same loose key for two options says nothing: None marks it
                other = folded.get(loose, found)
                folded[loose] = found if other is not None and other[0] == found[0] else None
        for key in ambiguous:
            folded[fold_accents(key)] = None
        return cls(
            question,
            lookup,
            normalised,
            ambiguous,
            scores,
            frozenset(taken),
            tuple(answer(o.id) for o in question.options),
            reading,
            unanswered,
            frozenset(ignored),
            position_code,
            folded={k: v for k, v in folded.items() if v is not None and k not in normalised},
        )

    def resolve(self, cell: str) -> Cell:
        """What a cell means, for a text not in `lookup` yet; remembers it."""
        found = self._resolve(cell)
        if self.memo_left > 0:
            self.memo_left -= 1
            self.lookup[cell] = found
        return found

    def _understood(self, cell: str) -> tuple[Cell, str, bool]:
        """(meaning, key, settled): settled is False when only a number reading is left."""
        stripped = cell.strip()
        if not stripped or stripped in self.unanswered:
            return UNANSWERED, "", True
        key = normalise_text(cell)
        if not key:
            # "?" or "-" typed in: an answer of sorts, but none we can use; say so.
            return None, key, True
        if key in self.ignored:
            return UNANSWERED, key, True
        found = self.normalised.get(key)
        if found is not None:
            return found, key, True
        if key in self.ambiguous:
            return None, key, True
        if self.folded:
            loose = self.folded.get(fold_accents(key))
            if loose is not None:
                return loose, key, True
        if self.position_code is not None:
            code = self.position_code.fullmatch(stripped)
            if code is not None:
                return self._at_position(float(code.group(1))), key, True
        return None, key, False

    def _at_position(self, position: float) -> Cell:
        if position.is_integer() and 1 <= position <= len(self.positions):
            return self.positions[int(position) - 1]
        return None

    def _resolve(self, cell: str) -> Cell:
        found, key, settled = self._understood(cell)
        if settled:
            return found
        number = _number(key)
        if number is None:
            return None
        if self.reading == "scores":
            return self.scores.get(number)
        if self.reading == "positions":
            return self._at_position(number)
        return None

    def number_in(self, cell: str) -> float | None:
        """The number a cell holds when nothing but a number reading can place it."""
        _, key, settled = self._understood(cell)
        return None if settled else _number(key)

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
        stripped = cell.strip()
        if self.position_code is not None and self.position_code.fullmatch(stripped):
            return message(
                MESSAGES,
                "problem.not-a-position",
                language,
                question=question_id,
                count=len(self.positions),
            )
        number = _number(key)
        if number is not None:
            if self.reading == "positions":
                return message(
                    MESSAGES,
                    "problem.not-a-position",
                    language,
                    question=question_id,
                    count=len(self.positions),
                )
            if self.reading is None:
                return message(MESSAGES, "problem.numbers-undecided", language, question=question_id)
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


# -- how an export's numbers are read -----------------------------------------------

NumberReason = Literal[
    "forced",
    "mapping",
    "only-positions",
    "only-scores",
    "file",
    "convention",
    "none-fit",
    "ambiguous",
    "conflict",
]


@dataclass(frozen=True)
class NumberChoice:
    """How one column's numbers are read, and why.

    `reason`: 'forced' (--numbers), 'mapping' (the mapping's `numbers`), 'only-positions'
    (a number no score has, e.g. 5 on a 0-3 scale with a "don't know"), 'only-scores' (a
    0), 'file' (every number fits both; the export's other columns decided), 'convention'
    (both fit; the survey tool's default), 'none-fit' (no number fits either reading: they
    are reported as not understood, whatever the reading), 'ambiguous' (both fit, nothing
    decides) or 'conflict' (some numbers fit only one reading, others only the other).
    The last two leave `reading` None: the run refuses to guess.
    """

    index: int
    heading: str
    question_id: str
    reading: NumberReading | None
    reason: NumberReason
    numbers: tuple[float, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "column": self.heading,
            "question": self.question_id,
            "reading": self.reading,
            "reason": self.reason,
            "numbers": [f"{n:g}" for n in self.numbers[:20]],
        }


def decide_numbers(
    matchers: Mapping[int, tuple[str, ValueMatcher]],
    cells: Mapping[int, Iterable[str]],
    *,
    convention: NumberReading | None,
    forced: NumberReading | None = None,
    mapped: NumberReading | None = None,
) -> list[NumberChoice]:
    """How each column's numbers are read, decided from all of the column's cells.

    `matchers` maps a column position to (heading, a matcher built with reading None);
    `cells` holds the column's distinct cell texts from the whole export. Only cells no
    label, id, mapping or code explains count as numbers. A number that only a position
    can be (past the last score) or only a score can be (0, or past the last option)
    decides its column; where every number fits both, the reading the export's deciding
    columns agree on, else the tool's `convention`, else none ('ambiguous'). A column
    with numbers of both kinds is a 'conflict'. `forced` (--numbers) and `mapped` (the
    mapping file) decide every column.
    """
    found: list[tuple[int, str, ValueMatcher, set[float]]] = []
    for index, (heading, matcher) in matchers.items():
        numbers = {n for n in map(matcher.number_in, cells.get(index, ())) if n is not None}
        if numbers:
            found.append((index, heading, matcher, numbers))
    choices: dict[int, NumberChoice] = {}
    settled = forced or mapped
    undecided: list[tuple[int, str, ValueMatcher, set[float]]] = []
    for index, heading, matcher, numbers in found:
        shown = tuple(sorted(numbers))
        question_id = matcher.question.id

        def choose(reading: NumberReading | None, reason: NumberReason) -> None:
            choices[index] = NumberChoice(index, heading, question_id, reading, reason, shown)  # noqa: B023

        if settled is not None:
            choose(settled, "forced" if forced else "mapping")
            continue
        count = len(matcher.positions)
        as_position = {n for n in numbers if n.is_integer() and 1 <= n <= count}
        as_score = {n for n in numbers if n in matcher.scores}
        only_position = as_position - as_score
        only_score = as_score - as_position
        if only_position and only_score:
            choose(None, "conflict")
        elif only_position:
            choose("positions", "only-positions")
        elif only_score:
            choose("scores", "only-scores")
        elif not as_position:
            # Nothing fits either way: every such cell is reported, whatever the reading.
            choose(convention or "scores", "none-fit")
        else:
            undecided.append((index, heading, matcher, numbers))
    evidence = {c.reading for c in choices.values() if c.reason.startswith("only-")}
    for index, heading, matcher, numbers in undecided:
        shown = tuple(sorted(numbers))
        question_id = matcher.question.id
        if len(evidence) == 1:
            (reading,) = evidence
            choices[index] = NumberChoice(index, heading, question_id, reading, "file", shown)
        elif convention is not None:
            choices[index] = NumberChoice(index, heading, question_id, convention, "convention", shown)
        else:
            choices[index] = NumberChoice(index, heading, question_id, None, "ambiguous", shown)
    return [choices[index] for index, *_ in found]


def score_list(question: Question) -> str:
    return ", ".join(f"{o.score:g}" for o in question.scored_options())


@dataclass(frozen=True)
class AnswerColumn:
    """A matched column compiled for the row loop."""

    index: int  # position of the cell in each response
    question: int  # position of the question in the scoring plan
    heading: str
    matcher: ValueMatcher


@dataclass(frozen=True)
class CellRules:
    """What the survey tool says about its cells: codes for "seen, not answered", and
    answer codes that number the options."""

    unanswered: frozenset[str] = frozenset()
    position_code: re.Pattern[str] | None = None


def compile_columns(
    report: MatchReport,
    questionnaire: Questionnaire,
    option_values: Sequence[Mapping[str, Value]],
    mapping: MappingFile | None = None,
    *,
    readings: Mapping[int, NumberReading | None] | None = None,
    rules: CellRules = CellRules(),
) -> list[AnswerColumn]:
    """One AnswerColumn per matched column, in column order.

    `option_values` is the scoring plan's `options`: the same values `tally` expects.
    `readings` says per column position how its numbers are read (as `decide_numbers`
    found); a column not in it reads them as scores, or not at all when `readings` is
    given (its first 'numbers' were not seen before the run).
    """
    positions = {q.id: i for i, q in enumerate(questionnaire.questions)}
    explicit = mapping.values if mapping else {}
    shared = explicit.get(ANY_QUESTION)
    compiled = []
    for match in report.answer_columns:
        assert match.question_id is not None
        q = positions[match.question_id]
        question = questionnaire.questions[q]
        index = match.column.index
        matcher = ValueMatcher.build(
            question,
            option_values[q],
            explicit.get(match.question_id),
            shared,
            reading="scores" if readings is None else readings.get(index),
            unanswered=rules.unanswered,
            position_code=rules.position_code,
        )
        compiled.append(AnswerColumn(index, q, match.name, matcher))
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
        lines.append(m("report.values.numbers"))
    return lines


def describe_numbers(choices: Sequence[NumberChoice], language: str, tool: str) -> list[str]:
    """One line per reading and reason: how the export's numbers are read."""
    grouped: dict[tuple[str, str], int] = {}
    for choice in choices:
        if choice.reading is not None and choice.reason != "none-fit":
            key = (choice.reading, choice.reason)
            grouped[key] = grouped.get(key, 0) + 1
    return [
        message(
            MESSAGES,
            f"numbers.{reading}",
            language,
            count=count,
            why=message(MESSAGES, f"numbers.why.{reason}", language, tool=tool),
        )
        for (reading, reason), count in grouped.items()
    ]


def _quoted(value: str, limit: int = 80) -> str:
    shown = " ".join(value.split())
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return f'"{shown}"'
