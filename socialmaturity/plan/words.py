"""The plan's words in English and Dutch, shared by the workbook, the terminal and the report."""

from __future__ import annotations

from ..i18n import N_, Catalogue, message

MESSAGES: Catalogue = {
    "level.low": N_("low"),
    "level.medium": N_("medium"),
    "level.high": N_("high"),
    "status.open": N_("open"),
    "status.in-progress": N_("in progress"),
    "status.done": N_("done"),
    "status.dropped": N_("dropped"),
    "kind.step": N_("next step"),
    "kind.gap": N_("gap"),
    "sheet.plan": N_("Action plan"),
    "sheet.about": N_("About"),
    "column.id": N_("ID"),
    "column.kind": N_("Kind"),
    "column.phase": N_("Towards phase"),
    "column.action": N_("Action"),
    "column.questions": N_("Question"),
    "column.effort": N_("Effort"),
    "column.impact": N_("Impact"),
    "column.quarter": N_("Quarter"),
    "column.owner": N_("Owner"),
    "column.due": N_("Due"),
    "column.status": N_("Status"),
    "about.organisation": N_("Organisation"),
    "about.assessed-on": N_("Assessed on"),
    "about.questionnaire": N_("Questionnaire"),
    "about.target": N_("Target phase"),
    "about.due": N_("Target date"),
    "about.how": N_("Fill in the owner, the due date and the status of each action; leave the ID column as it is. Read the plan back with: socialmaturity plan ANSWERS --update THIS-FILE"),
}


def word(key: str, language: str) -> str:
    return message(MESSAGES, key, language)
