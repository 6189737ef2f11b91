"""Scoring an answers file, and comparing it with an earlier one, as library calls.

    from socialmaturity.assessments import score_file
    assessment = score_file("examples/harbourlight-answers.yaml")
    assessment.card.phase_id          # 'dialogue'

Problems with a file are `loader.LoadError`s, each placed at its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .loader import STDIN, LoadError, Located, load_answers, read
from .model import AnswerSheet
from .scoring import Comparison, MaturityModel, Scorecard, compare, score

COVERAGE_DROP = 0.2
"""Two assessments whose coverage (the answered share of the applicable weight) differs
by more than this are said to: part of their change is questions left open."""


class ComparisonError(Exception):
    """Two assessments that must not be compared (another organisation, the same file)."""


@dataclass(frozen=True)
class Assessment:
    """An answers file, the model it was given to, its scorecard, and what the reader
    should know (e.g. that the model changed since the answers were given)."""

    sheet: AnswerSheet
    model: MaturityModel
    card: Scorecard
    warnings: tuple[str, ...] = ()


def pinned(name: str, sheet: AnswerSheet, model: MaturityModel) -> tuple[str, ...]:
    """A warning when the answers were given to a model with another hash than the one
    loaded: the same version, edited since, can score the same answers differently."""
    if sheet.questionnaire_hash is None or sheet.questionnaire_hash == model.hash:
        return ()
    return (
        f"{name} was answered with {sheet.questionnaire} {sheet.questionnaire_version} "
        f"{sheet.questionnaire_hash[:19]}, but the questionnaire loaded now is "
        f"{model.questionnaire.version} {model.hash[:19]}: its questions or scores have changed since, "
        "so the scores may differ from those given then",
    )


@dataclass(frozen=True)
class Earlier:
    """An earlier assessment compared with a later one, and what the reader should know."""

    assessment: Assessment
    comparison: Comparison
    warnings: list[str] = field(default_factory=list)
    changes: tuple[AnswerChange, ...] = ()  # the answers that changed since, in question order
    other_organisation: bool = False  # compared on request with another organisation


Direction = Literal["up", "down", "other"]


@dataclass(frozen=True)
class AnswerChange:
    """One answer then and now (None: unanswered); `direction` on the question's scale."""

    question_id: str
    before: str | None
    after: str | None
    direction: Direction


def answer_changes(earlier: Assessment, later: Assessment) -> tuple[AnswerChange, ...]:
    """The answers that differ, question by question (matched by id; each answer scored
    on its own model's scale), in the later questionnaire's order."""
    found: list[AnswerChange] = []
    before_plan, after_plan = earlier.model.plan, later.model.plan
    for question_id in after_plan.question_ids:
        before = earlier.sheet.answers.get(question_id)
        after = later.sheet.answers.get(question_id)
        if before == after:
            continue
        old = before_plan.options[before_plan.index[question_id]].get(before) if (
            before is not None and question_id in before_plan.index
        ) else None
        new = after_plan.options[after_plan.index[question_id]].get(after) if after is not None else None
        direction: Direction = "other"
        if isinstance(old, float) and isinstance(new, float) and old != new:
            direction = "up" if new > old else "down"
        found.append(AnswerChange(question_id, before, after, direction))
    return tuple(found)


def organisation_key(sheet: AnswerSheet) -> str:
    """The organisation's name as compared: case and spacing do not count."""
    return " ".join(sheet.organisation.name.split()).casefold()


def same_file(first: str, second: str) -> bool:
    """Whether two answers files named on the command line are one file (stdin never is)."""
    from pathlib import Path

    from .files import same_file as same_path

    return STDIN not in (first, second) and same_path(Path(first), Path(second))


def guard(
    earlier: Assessment,
    earlier_name: str,
    later: Assessment,
    later_name: str,
    *,
    allow_other_organisation: bool = False,
) -> list[str]:
    """What the reader must know before two assessments are compared, as warnings;
    ComparisonError for what must not be compared at all: the same file twice, the same
    assessment twice, another organisation (unless allowed)."""
    if same_file(earlier_name, later_name):
        raise ComparisonError(f"{earlier_name} is given twice; compare an assessment with another one")
    if (
        earlier.sheet.assessed_on == later.sheet.assessed_on
        and earlier.sheet.answers == later.sheet.answers
        and organisation_key(earlier.sheet) == organisation_key(later.sheet)
    ):
        raise ComparisonError(
            f"{earlier_name} and {later_name} hold the same assessment (same date, same answers)"
        )
    warnings: list[str] = []
    if organisation_key(earlier.sheet) != organisation_key(later.sheet):
        if not allow_other_organisation:
            raise ComparisonError(
                f"{earlier_name} assesses '{earlier.sheet.organisation.name}', {later_name} "
                f"'{later.sheet.organisation.name}': these are different organisations. "
                "Give --allow-other-organisation to compare them all the same"
            )
        warnings.append(
            f"{earlier_name} ('{earlier.sheet.organisation.name}') and {later_name} "
            f"('{later.sheet.organisation.name}') are different organisations"
        )
    if earlier.card.questionnaire_version != later.card.questionnaire_version:
        warnings.append(
            f"{earlier_name} answered version {earlier.card.questionnaire_version} of "
            f"'{earlier.card.questionnaire_id}', {later_name} version {later.card.questionnaire_version}: "
            "phases, dimensions and questions are compared by id"
        )
    before, after = earlier.card.tally.coverage, later.card.tally.coverage
    if abs(after - before) > COVERAGE_DROP:
        # either way round: a half-answered assessment makes any change look larger
        low, high = (later_name, earlier_name) if after < before else (earlier_name, later_name)
        warnings.append(
            f"{low} answers {100 * min(before, after):.0f}% of the questionnaire, {high} "
            f"{100 * max(before, after):.0f}%: part of the change is questions left open"
        )
    return warnings


def score_file(name: str, questionnaire: str | None = None, *, stdin: bytes | None = None) -> Assessment:
    """Load, validate and score an answers file (`questionnaire`: an id or path to use
    instead of the one the file names; `stdin`: the bytes a name '-' stands for)."""
    sheet, model = load_answers(name, questionnaire, stdin=stdin)
    return Assessment(sheet, model, score(model, sheet), pinned(name, sheet, model))


def compare_with(
    now: Assessment,
    name: str,
    *,
    now_name: str = "the answers",
    allow_other_organisation: bool = False,
) -> Earlier:
    """The earlier answers file `name`, scored and compared with `now` (read from
    `now_name`), after the guards of `guard`.

    The earlier assessment may have used an older version of the questionnaire. When
    that version is not at hand, its answers are matched to the current model by
    question and option id; answers that no longer fit are left out, and a warning
    says how many.
    """
    model = now.model
    loaded = read(name, "answers")
    if loaded.problems or not isinstance(loaded.model, AnswerSheet):
        raise LoadError(loaded.problems)
    sheet: AnswerSheet = loaded.model
    if sheet.questionnaire != model.questionnaire.id:
        raise LoadError(
            [
                Located(
                    name,
                    1,
                    1,
                    f"these answers are for questionnaire '{sheet.questionnaire}', "
                    f"not '{model.questionnaire.id}'",
                )
            ]
        )
    warnings: list[str] = []
    try:
        earlier_sheet, earlier_model = load_answers(name)
    except LoadError:
        if sheet.questionnaire_version == model.questionnaire.version:
            raise
        earlier_sheet, earlier_model = _matched(sheet, model), model
        dropped = len(sheet.answers) - len(earlier_sheet.answers)
        if dropped:
            one = dropped == 1
            warnings.append(
                f"{dropped} {'answer' if one else 'answers'} in {name} {'does' if one else 'do'} not fit "
                f"version {model.questionnaire.version} of '{model.questionnaire.id}' and "
                f"{'is' if one else 'are'} left out of the comparison"
            )
    warnings += pinned(name, earlier_sheet, earlier_model)
    if earlier_model.questionnaire.version != model.questionnaire.version:
        warnings.append(
            f"{name} was answered with version {earlier_model.questionnaire.version} of "
            f"'{model.questionnaire.id}', this one with {model.questionnaire.version}: phases and "
            "dimensions are compared by id, and changed questions may make part of the difference"
        )
    earlier = Assessment(earlier_sheet, earlier_model, score(earlier_model, earlier_sheet))
    warnings = guard(earlier, name, now, now_name, allow_other_organisation=allow_other_organisation) + warnings
    if earlier.sheet.assessed_on > now.sheet.assessed_on:
        warnings.append(
            f"{name} is dated {earlier.sheet.assessed_on.isoformat()}, after {now_name} "
            f"({now.sheet.assessed_on.isoformat()}): the change is shown from the later to the earlier one"
        )
    other = organisation_key(earlier.sheet) != organisation_key(now.sheet)
    return Earlier(earlier, compare(now.card, earlier.card), warnings, answer_changes(earlier, now), other)


def _matched(sheet: AnswerSheet, model: MaturityModel) -> AnswerSheet:
    """`sheet`'s answers, notes and votes that fit `model`'s questions and options."""
    questions = {q.id: q for q in model.questionnaire.questions}
    kept = {
        qid: option
        for qid, option in sheet.answers.items()
        if qid in questions and questions[qid].option(option) is not None
    }
    return sheet.model_copy(
        update={
            "answers": kept,
            "notes": {qid: note for qid, note in sheet.notes.items() if qid in questions},
            "votes": {qid: ballot for qid, ballot in sheet.votes.items() if qid in questions},
        }
    )
