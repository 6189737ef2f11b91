"""The whole assessment as an XLSX workbook, for the consultant's own analysis and deck.

One sheet per part: the summary, the phases, the dimensions, every question with its
answer, note and votes, the gaps, and the plan when there is one. Every text goes in
through `safe_cell`, so an organisation name or a note that starts with '=' stays text.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from ..i18n import N_, Catalogue, message, text
from ..plan.workbook import safe_cell, write_plan
from ..scoring import NOT_APPLICABLE, ladder
from ..views import View

if TYPE_CHECKING:
    from ..assessments import Assessment
    from .progress import Extras

MESSAGES: Catalogue = {
    "sheet.summary": N_("Summary"),
    "sheet.phases": N_("Phases"),
    "sheet.dimensions": N_("Dimensions"),
    "sheet.answers": N_("Answers"),
    "sheet.gaps": N_("Gaps"),
    "organisation": N_("Organisation"),
    "sector": N_("Sector"),
    "size": N_("Size"),
    "assessed-on": N_("Assessed on"),
    "assessor": N_("Assessor"),
    "participants": N_("Participants"),
    "phase-reached": N_("Phase reached"),
    "verdict": N_("Verdict"),
    "answered": N_("Answered (share of the questions)"),
    "target": N_("Target"),
    "questionnaire": N_("Questionnaire"),
    "hash": N_("Model hash"),
    "at-start": N_("before the first phase"),
    "col.number": N_("#"),
    "col.phase": N_("Phase"),
    "col.score": N_("Score"),
    "col.threshold": N_("Threshold"),
    "col.coverage": N_("Answered"),
    "col.status": N_("Status"),
    "col.dimension": N_("Dimension"),
    "col.id": N_("Question ID"),
    "col.question": N_("Question"),
    "col.answer": N_("Answer"),
    "col.step": N_("Step on the scale"),
    "col.weight": N_("Weight"),
    "col.note": N_("Note"),
    "col.votes": N_("Votes"),
    "col.impact": N_("Points lost (weight × shortfall)"),
    "col.recommendation": N_("What to do"),
    "status.passed": N_("passed"),
    "status.not-passed": N_("not passed"),
    "status.gated": N_("passed, not counted yet"),
    "not-applicable": N_("not applicable"),
    "unanswered": N_("not answered"),
}


def assessment_workbook(assessment: Assessment, language: str, extras: Extras | None = None) -> bytes:
    """The workbook's bytes, in `language`."""
    from openpyxl import Workbook, load_workbook
    from openpyxl.styles import Alignment, Font

    def m(key: str) -> str:
        return message(MESSAGES, key, language)

    model, sheet, card = assessment.model, assessment.sheet, assessment.card
    view = View(model, language)
    plan = extras.plan if extras is not None else None
    # the plan sheet is the plan's own workbook, so that it reads back the same way
    book = load_workbook(io.BytesIO(write_plan(model, plan, language, answers=sheet.answers))) if plan else Workbook()
    if plan is None:
        book.remove(book.active)

    def add(title: str, header: list[str], rows: list[list[Any]], widths: list[int], at: int) -> None:
        ws = book.create_sheet(title, at)
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r, row in enumerate(rows, 2):
            for c, value in enumerate(row, 1):
                safe_cell(ws.cell(row=r, column=c), value)
                ws.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="top")
        for c, width in enumerate(widths, 1):
            ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = width
        ws.freeze_panes = "A2"

    summary: list[list[Any]] = [
        [m("organisation"), sheet.organisation.name],
        [m("sector"), sheet.organisation.sector or ""],
        [m("size"), sheet.organisation.size or ""],
        [m("assessed-on"), sheet.assessed_on],
        [m("assessor"), sheet.assessor or ""],
        [m("participants"), ", ".join(sheet.participants)],
        [m("phase-reached"), view.phase_name(card.phase_id) if card.phase_index else m("at-start")],
        [m("verdict"), view.verdict(card, sheet.organisation.name)],
        [m("answered"), round(card.tally.coverage, 4)],
    ]
    if extras is not None and extras.distance is not None:
        summary.append([m("target"), "\n".join(view.target_lines(extras.distance))])
    summary += [
        [m("questionnaire"), f"{model.questionnaire.id} {model.questionnaire.version}"],
        [m("hash"), model.hash],
    ]
    add(m("sheet.summary"), ["", ""], summary, [28, 90], 0)
    book.worksheets[0]["B5"].number_format = "yyyy-mm-dd"
    add(
        m("sheet.phases"),
        [m("col.number"), m("col.phase"), m("col.score"), m("col.threshold"), m("col.coverage"), m("col.status")],
        [
            [p.index, view.phase_name(p.id), _round(p.score), p.threshold, round(p.coverage, 4), m(f"status.{p.status}")]
            for p in card.phases
        ],
        [4, 22, 9, 10, 11, 26],
        1,
    )
    add(
        m("sheet.dimensions"),
        [m("col.dimension"), m("col.score")],
        [[view.dimension_name(d), _round(v)] for d, v in card.dimension_scores.items()],
        [26, 9],
        2,
    )
    answers: list[list[Any]] = []
    for question in model.questionnaire.questions:
        option = sheet.answers.get(question.id)
        rungs, steps = ladder(question)
        value = model.plan.options[model.plan.index[question.id]].get(option) if option else None
        if option is None:
            shown, step = m("unanswered"), None
        else:
            shown = view.option_label(question.id, option)
            step = f"{steps[option] + 1}/{len(rungs)}" if option in steps and value is not NOT_APPLICABLE else None
        summary_votes = card.votes.get(question.id)
        votes = (
            "; ".join(f"{view.option_label(question.id, o)}: {n}" for o, n in summary_votes.counts.items() if n)
            if summary_votes
            else ""
        )
        answers.append(
            [
                question.id,
                view.phase_name(question.phase),
                view.dimension_name(question.dimension),
                text(question.text, language),
                shown,
                step,
                question.weight,
                sheet.notes.get(question.id, ""),
                votes,
            ]
        )
    add(
        m("sheet.answers"),
        [m(f"col.{k}") for k in ("id", "phase", "dimension", "question", "answer", "step", "weight", "note", "votes")],
        answers,
        [24, 16, 18, 60, 50, 10, 8, 50, 40],
        3,
    )
    add(
        m("sheet.gaps"),
        [m(f"col.{k}") for k in ("id", "phase", "question", "answer", "impact", "recommendation")],
        [
            [
                g.question_id,
                view.phase_name(g.phase_id),
                view.question_text(g.question_id),
                view.option_label(g.question_id, g.option_id),
                round(g.impact, 3),
                text(view.question(g.question_id).recommendation_for(g.option_id), language),
            ]
            for g in card.gaps
        ],
        [24, 16, 60, 50, 12, 70],
        4,
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
