"""Scoring an answers file, and comparing it with an earlier one, as library calls.

    from socialmaturity.assessments import score_file
    assessment = score_file("examples/harbourlight-answers.yaml")
    assessment.card.phase_id          # 'dialogue'

Problems with a file are `loader.LoadError`s, each placed at its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .i18n import N_, nN_, said
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
        said(
            N_("{name} was answered with {questionnaire} {version} {hash}, but the questionnaire loaded now is {version_now} {hash_now}: its questions or scores have changed since, so the scores may differ from those given then"),
            name=name,
            questionnaire=sheet.questionnaire,
            version=sheet.questionnaire_version,
            hash=sheet.questionnaire_hash[:19],
            version_now=model.questionnaire.version,
            hash_now=model.hash[:19],
        ),
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
        raise ComparisonError(said(N_("{name} is given twice; compare an assessment with another one"), name=earlier_name))
    if (
        earlier.sheet.assessed_on == later.sheet.assessed_on
        and earlier.sheet.answers == later.sheet.answers
        and organisation_key(earlier.sheet) == organisation_key(later.sheet)
    ):
        raise ComparisonError(
            said(N_("{earlier} and {later} hold the same assessment (same date, same answers)"), earlier=earlier_name, later=later_name)
        )
    warnings: list[str] = []
    if organisation_key(earlier.sheet) != organisation_key(later.sheet):
        names = {
            "earlier": earlier_name,
            "earlier_organisation": earlier.sheet.organisation.name,
            "later": later_name,
            "later_organisation": later.sheet.organisation.name,
        }
        if not allow_other_organisation:
            raise ComparisonError(
                said(
                    N_("{earlier} assesses '{earlier_organisation}', {later} '{later_organisation}': these are different organisations. Give --allow-other-organisation to compare them all the same"),
                    **names,
                )
            )
        warnings.append(
            said(N_("{earlier} ('{earlier_organisation}') and {later} ('{later_organisation}') are different organisations"), **names)
        )
    if earlier.card.questionnaire_version != later.card.questionnaire_version:
        warnings.append(
            said(
                N_("{earlier} answered version {earlier_version} of '{questionnaire}', {later} version {later_version}: phases, dimensions and questions are compared by id"),
                earlier=earlier_name,
                earlier_version=earlier.card.questionnaire_version,
                questionnaire=earlier.card.questionnaire_id,
                later=later_name,
                later_version=later.card.questionnaire_version,
            )
        )
    before, after = earlier.card.tally.coverage, later.card.tally.coverage
    if abs(after - before) > COVERAGE_DROP:
        # either way round: a half-answered assessment makes any change look larger
        low, high = (later_name, earlier_name) if after < before else (earlier_name, later_name)
        warnings.append(
            said(
                N_("{low} answers {low_share}% of the questionnaire, {high} {high_share}%: part of the change is questions left open"),
                low=low,
                low_share=f"{100 * min(before, after):.0f}",
                high=high,
                high_share=f"{100 * max(before, after):.0f}",
            )
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
    now_name: str = said(N_("the answers")),
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
                    said(
                        N_("these answers are for questionnaire '{given}', not '{found}'"),
                        given=sheet.questionnaire,
                        found=model.questionnaire.id,
                    ),
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
            warnings.append(
                said(
                    nN_(
                        "{count} answer in {name} does not fit version {version} of '{questionnaire}' and is left out of the comparison",
                        "{count} answers in {name} do not fit version {version} of '{questionnaire}' and are left out of the comparison",
                    ),
                    count=dropped,
                    name=name,
                    version=model.questionnaire.version,
                    questionnaire=model.questionnaire.id,
                )
            )
    warnings += pinned(name, earlier_sheet, earlier_model)
    if earlier_model.questionnaire.version != model.questionnaire.version:
        warnings.append(
            said(
                N_("{name} was answered with version {version} of '{questionnaire}', this one with {version_now}: phases and dimensions are compared by id, and changed questions may make part of the difference"),
                name=name,
                version=earlier_model.questionnaire.version,
                questionnaire=model.questionnaire.id,
                version_now=model.questionnaire.version,
            )
        )
    earlier = Assessment(earlier_sheet, earlier_model, score(earlier_model, earlier_sheet))
    warnings = guard(earlier, name, now, now_name, allow_other_organisation=allow_other_organisation) + warnings
    if earlier.sheet.assessed_on > now.sheet.assessed_on:
        warnings.append(
            said(
                N_("{name} is dated {date}, after {now} ({now_date}): the change is shown from the later to the earlier one"),
                name=name,
                date=earlier.sheet.assessed_on.isoformat(),
                now=now_name,
                now_date=now.sheet.assessed_on.isoformat(),
            )
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
