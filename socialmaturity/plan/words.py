"""The plan's words in English and Dutch, shared by the workbook, the terminal and the report."""

from __future__ import annotations

from ..i18n import Catalogue, message

MESSAGES: Catalogue = {
    "level.low": {"en": "low", "nl": "laag"},
    "level.medium": {"en": "medium", "nl": "middel"},
    "level.high": {"en": "high", "nl": "hoog"},
    "status.open": {"en": "open", "nl": "open"},
    "status.in-progress": {"en": "in progress", "nl": "in uitvoering"},
    "status.done": {"en": "done", "nl": "afgerond"},
    "status.dropped": {"en": "dropped", "nl": "vervallen"},
    "kind.step": {"en": "next step", "nl": "vervolgstap"},
    "kind.gap": {"en": "gap", "nl": "hiaat"},
    "sheet.plan": {"en": "Action plan", "nl": "Actieplan"},
    "sheet.about": {"en": "About", "nl": "Over dit plan"},
    "column.id": {"en": "ID", "nl": "ID"},
    "column.kind": {"en": "Kind", "nl": "Soort"},
    "column.phase": {"en": "Towards phase", "nl": "Op weg naar fase"},
    "column.action": {"en": "Action", "nl": "Actie"},
    "column.questions": {"en": "Question", "nl": "Vraag"},
    "column.effort": {"en": "Effort", "nl": "Inspanning"},
    "column.impact": {"en": "Impact", "nl": "Effect"},
    "column.quarter": {"en": "Quarter", "nl": "Kwartaal"},
    "column.owner": {"en": "Owner", "nl": "Eigenaar"},
    "column.due": {"en": "Due", "nl": "Uiterlijk"},
    "column.status": {"en": "Status", "nl": "Status"},
    "about.organisation": {"en": "Organisation", "nl": "Organisatie"},
    "about.assessed-on": {"en": "Assessed on", "nl": "Datum meting"},
    "about.questionnaire": {"en": "Questionnaire", "nl": "Vragenlijst"},
    "about.target": {"en": "Target phase", "nl": "Doelfase"},
    "about.due": {"en": "Target date", "nl": "Streefdatum"},
    "about.how": {
        "en": "Fill in the owner, the due date and the status of each action; leave the ID column as it is. Read the plan back with: socialmaturity plan ANSWERS --update THIS-FILE",
        "nl": "Vul per actie de eigenaar, de uiterste datum en de status in; laat de kolom ID staan zoals die is. Lees het plan terug in met: socialmaturity plan ANSWERS --update DIT-BESTAND",
    },
}


def word(key: str, language: str) -> str:
    return message(MESSAGES, key, language)
