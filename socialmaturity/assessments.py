"""Scoring an answers file, and comparing it with an earlier one, as library calls.

    from socialmaturity.assessments import score_file
    assessment = score_file("examples/harbourlight-answers.yaml")
    assessment.card.phase_id          # 'dialogue'

Problems with a file are `loader.LoadError`s, each placed at its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .loader import LoadError, Located, load_answers, read
from .model import AnswerSheet
from .scoring import Comparison, MaturityModel, Scorecard, compare, score


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


def score_file(name: str, questionnaire: str | None = None, *, stdin: bytes | None = None) -> Assessment:
    """Load, validate and score an answers file (`questionnaire`: an id or path to use
    instead of the one the file names; `stdin`: the bytes a name '-' stands for)."""
    sheet, model = load_answers(name, questionnaire, stdin=stdin)
    return Assessment(sheet, model, score(model, sheet), pinned(name, sheet, model))


def compare_with(now: Assessment, name: str) -> Earlier:
    """The earlier answers file `name`, scored and compared with `now`.

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
            warnings.append(
                f"{dropped} answer(s) in {name} do not fit version {model.questionnaire.version} "
                f"of '{model.questionnaire.id}' and are left out of the comparison"
            )
    warnings += pinned(name, earlier_sheet, earlier_model)
    if earlier_model.questionnaire.version != model.questionnaire.version:
        warnings.append(
            f"{name} was answered with version {earlier_model.questionnaire.version} of "
            f"'{model.questionnaire.id}', this one with {model.questionnaire.version}: phases and "
            "dimensions are compared by id, and changed questions may make part of the difference"
        )
    earlier = Assessment(earlier_sheet, earlier_model, score(earlier_model, earlier_sheet))
    return Earlier(earlier, compare(now.card, earlier.card), warnings)


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
