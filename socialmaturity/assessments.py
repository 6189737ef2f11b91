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
    """An answers file, the model it was given to, and its scorecard."""

    sheet: AnswerSheet
    model: MaturityModel
    card: Scorecard


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
    return Assessment(sheet, model, score(model, sheet))


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
