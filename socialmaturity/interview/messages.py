"""Every string the interview shows, in English and Dutch.

Kept apart from the logic so that a translator can read the whole interview in one
file. Keys are grouped by the screen that shows them.
"""

from __future__ import annotations

from ..i18n import Catalogue, message

MESSAGES: Catalogue = {
    # -- the question screen ------------------------------------------------------------
    "question.of": {"en": "Question {number} of {total}", "nl": "Vraag {number} van {total}"},
    "question.phase": {"en": "Phase {number}: {phase}", "nl": "Fase {number}: {phase}"},
    "question.outside-scale": {"en": "Outside the scale", "nl": "Buiten de schaal"},
    "question.current": {"en": "current answer", "nl": "huidig antwoord"},
    "question.help": {"en": "Help", "nl": "Uitleg"},
    "question.note": {"en": "Note", "nl": "Notitie"},
    "question.saved-to": {"en": "Saved after every answer to {file}", "nl": "Na elk antwoord opgeslagen in {file}"},
    "question.help-page": {
        "en": "The help is shown in place of the options: ? shows the options again.",
        "nl": "De uitleg staat op de plaats van de opties: ? toont de opties weer.",
    },
    "question.too-tall": {
        "en": "This screen needs {lines} lines and the terminal has {rows}: make the window taller.",
        "nl": "Dit scherm heeft {lines} regels nodig en de terminal heeft er {rows}: maak het venster hoger.",
    },
    # -- keys -----------------------------------------------------------------------------
    "key.answer": {"en": "answer", "nl": "antwoord"},
    "key.keep": {"en": "keep the answer", "nl": "antwoord houden"},
    "key.note": {"en": "note", "nl": "notitie"},
    "key.help": {"en": "help", "nl": "uitleg"},
    "key.skip": {"en": "skip", "nl": "overslaan"},
    "key.back": {"en": "back", "nl": "terug"},
    "key.go": {"en": "all questions", "nl": "alle vragen"},
    "key.go-change": {"en": "all questions, to change an answer", "nl": "alle vragen, om een antwoord te wijzigen"},
    "key.quit": {"en": "save and stop", "nl": "opslaan en stoppen"},
    "key.votes": {"en": "one answer per participant, - abstains", "nl": "één antwoord per deelnemer, - onthoudt zich"},
    "key.take-proposal": {"en": "agree on {number}", "nl": "akkoord met {number}"},
    "key.override": {"en": "agree on another answer", "nl": "ander antwoord afspreken"},
    "key.finish": {"en": "show the result", "nl": "toon het resultaat"},
    "key.jump": {"en": "go to that question", "nl": "naar die vraag"},
    "key.return": {"en": "return", "nl": "terug"},
    "key.next-page": {"en": "next page", "nl": "volgende pagina"},
    "key.previous-page": {"en": "previous page", "nl": "vorige pagina"},
    "key.close": {"en": "close", "nl": "afsluiten"},
    "key.full-result": {"en": "the full result", "nl": "het volledige resultaat"},
    "key.short-result": {"en": "the result on one screen", "nl": "het resultaat op één scherm"},
    "key.back-to-end": {"en": "change an answer", "nl": "antwoord wijzigen"},
    "key.keep-note": {"en": "keep the note as it is", "nl": "notitie laten zoals ze is"},
    "key.remove-note": {"en": "remove the note", "nl": "notitie verwijderen"},
    # -- workshop votes -------------------------------------------------------------------
    "votes.vote-in-order": {
        "en": "Votes in this order: {names}",
        "nl": "Stemmen in deze volgorde: {names}",
    },
    "votes.disagreement": {
        "en": "DISAGREEMENT: the votes are {spread} scale steps apart. Worth a discussion.",
        "nl": "ONENIGHEID: de stemmen liggen {spread} stappen uit elkaar. Bespreek het.",
    },
    "votes.close": {
        "en": "Close together: the votes are one scale step apart.",
        "nl": "Dicht bij elkaar: de stemmen liggen één stap uit elkaar.",
    },
    "votes.same": {"en": "Everyone agrees.", "nl": "Iedereen is het eens."},
    "votes.none": {"en": "Nobody voted.", "nl": "Niemand heeft gestemd."},
    "votes.outside": {
        "en": "Not everyone could answer on the scale.",
        "nl": "Niet iedereen kon op de schaal antwoorden.",
    },
    "votes.proposal": {
        "en": "Proposal: {number}, the answer most chose.",
        "nl": "Voorstel: {number}, het antwoord dat de meesten kozen.",
    },
    "votes.no-proposal": {
        "en": "No proposal: nobody voted. Type the number of the agreed answer.",
        "nl": "Geen voorstel: niemand heeft gestemd. Typ het nummer van het afgesproken antwoord.",
    },
    "votes.proposal-middle": {
        "en": "Proposal: {number}: the votes tie, and {number} lies nearest the middle vote.",
        "nl": "Voorstel: {number}: de stemmen staan gelijk, en {number} ligt het dichtst bij de middelste stem.",
    },
    "votes.tie": {
        "en": "No proposal: the votes are split evenly. Type the number of the agreed answer.",
        "nl": "Geen voorstel: de stemmen zijn gelijk verdeeld. Typ het nummer van het afgesproken antwoord.",
    },
    "votes.abstained": {"en": "Abstained: {names}", "nl": "Onthielden zich: {names}"},
    # -- hints ----------------------------------------------------------------------------
    "hint.unknown": {
        "en": "“{line}” is not an answer here. Type {numbers} to answer, or one of the keys below.",
        "nl": "“{line}” is hier geen antwoord. Typ {numbers} om te antwoorden, of een van de toetsen hieronder.",
    },
    "hint.not-an-option": {
        "en": "There is no option {number}: choose {numbers}.",
        "nl": "Er is geen optie {number}: kies {numbers}.",
    },
    "hint.answer-first": {
        "en": "Type {numbers} to answer, or s to skip this question.",
        "nl": "Typ {numbers} om te antwoorden, of s om deze vraag over te slaan.",
    },
    "hint.first": {"en": "This is the first question.", "nl": "Dit is de eerste vraag."},
    "hint.no-help": {"en": "This question has no help text.", "nl": "Bij deze vraag hoort geen uitleg."},
    "hint.vote-count": {
        "en": "Type {count} answers, one per participant ({names}); you typed {typed}.",
        "nl": "Typ {count} antwoorden, één per deelnemer ({names}); u typte er {typed}.",
    },
    "hint.vote-invalid": {
        "en": "“{token}” is not a vote: use {numbers}, or - for an abstention.",
        "nl": "“{token}” is geen stem: gebruik {numbers}, of - om u te onthouden.",
    },
    "hint.no-proposal": {
        "en": "There is no proposal: type the number of the agreed answer.",
        "nl": "Er is geen voorstel: typ het nummer van het afgesproken antwoord.",
    },
    "hint.list": {
        "en": "Type a question number from 1 to {total}, or press Enter to return.",
        "nl": "Typ een vraagnummer van 1 tot en met {total}, of druk op Enter om terug te gaan.",
    },
    "hint.end": {
        "en": "Press Enter for the result; to change an answer, type g for the list of all {total} questions.",
        "nl": "Druk op Enter voor het resultaat; om een antwoord te wijzigen, typ g voor de lijst van alle {total} vragen.",
    },
    "hint.last-page": {"en": "This is the last page.", "nl": "Dit is de laatste pagina."},
    "hint.first-page": {"en": "This is the first page.", "nl": "Dit is de eerste pagina."},
    "hint.result": {
        "en": "Press Enter to close, f for the full result, or b to go back and change an answer.",
        "nl": "Druk op Enter om af te sluiten, f voor het volledige resultaat, of b om terug te gaan en een antwoord te wijzigen.",
    },
    "hint.unanimous": {
        "en": "Question {number}: everyone chose {option}; agreed.",
        "nl": "Vraag {number}: iedereen koos {option}; afgesproken.",
    },
    "hint.note-too-long": {
        "en": "That note is too long ({length} characters; at most {limit}). It was not saved.",
        "nl": "Die notitie is te lang ({length} tekens; hoogstens {limit}). Ze is niet opgeslagen.",
    },
    "hint.line-too-long": {
        "en": "That line is too long (more than {limit} characters). It was not saved.",
        "nl": "Die regel is te lang (meer dan {limit} tekens). Hij is niet opgeslagen.",
    },
    "hint.note-saved": {"en": "Note saved.", "nl": "Notitie opgeslagen."},
    "hint.note-removed": {"en": "Note removed.", "nl": "Notitie verwijderd."},
    "hint.note-kept": {"en": "Note unchanged.", "nl": "Notitie ongewijzigd."},
    "hint.skipped": {"en": "Question {number} skipped.", "nl": "Vraag {number} overgeslagen."},
    "hint.no-save": {
        "en": "Could not save {file}: {reason}. Your answers are kept here; fix the problem and go on.",
        "nl": "Kon {file} niet opslaan: {reason}. Uw antwoorden blijven bewaard; los het probleem op en ga verder.",
    },
    # -- the note screen ------------------------------------------------------------------
    "note.title": {"en": "Note for question {number}", "nl": "Notitie bij vraag {number}"},
    "note.current": {"en": "Current note:", "nl": "Huidige notitie:"},
    "note.none": {"en": "No note yet.", "nl": "Nog geen notitie."},
    "note.type": {
        "en": "Type the note on one line and press Enter; it replaces the current note.",
        "nl": "Typ de notitie op één regel en druk op Enter; ze vervangt de huidige notitie.",
    },
    # -- the list of questions ------------------------------------------------------------
    "list.title": {
        "en": "All questions ({answered} of {total} answered)",
        "nl": "Alle vragen ({answered} van {total} beantwoord)",
    },
    "list.page": {"en": "page {page} of {pages}", "nl": "pagina {page} van {pages}"},
    "list.legend": {
        "en": "✓ answered   ↷ skipped   ○ seen, no answer   · not seen yet",
        "nl": "✓ beantwoord   ↷ overgeslagen   ○ gezien, geen antwoord   · nog niet gezien",
    },
    # -- the result -----------------------------------------------------------------------
    "result.title": {"en": "Result: {organisation}", "nl": "Resultaat: {organisation}"},
    "result.passed": {"en": "passed", "nl": "behaald"},
    "result.not-passed": {"en": "not passed", "nl": "niet behaald"},
    "result.gated": {"en": "passed, not counted", "nl": "behaald, telt niet"},
    "result.next-steps": {"en": "Next steps for {phase}", "nl": "Volgende stappen voor {phase}"},
    "result.next-steps-start": {"en": "Next steps to get started", "nl": "Volgende stappen om te beginnen"},
    "result.margin-both": {
        "en": "Margin: {fails} answer(s) one step lower would lose a phase; {passes} one step higher would pass {next}.",
        "nl": "Marge: met {fails} antwoord(en) één stap lager gaat een fase verloren; met {passes} één stap hoger is {next} behaald.",
    },
    "result.margin-fails": {
        "en": "Margin: {count} answer(s) one step lower would lose a phase.",
        "nl": "Marge: met {count} antwoord(en) één stap lager gaat een fase verloren.",
    },
    "result.margin-passes": {
        "en": "Margin: {count} answer(s) one step higher would pass {next}.",
        "nl": "Marge: met {count} antwoord(en) één stap hoger is {next} behaald.",
    },
    "result.margin-none": {
        "en": "Margin: no single answer, one step higher or lower, changes this verdict.",
        "nl": "Marge: geen enkel antwoord verandert dit oordeel door één stap hoger of lager.",
    },
    "result.saved": {"en": "Saved in {file}.  The report: {command}", "nl": "Opgeslagen in {file}.  Het rapport: {command}"},
    # -- the end screen -------------------------------------------------------------------
    "end.title": {"en": "End of the questionnaire", "nl": "Einde van de vragenlijst"},
    "end.complete": {
        "en": "All {total} questions have an answer.",
        "nl": "Alle {total} vragen hebben een antwoord.",
    },
    "end.incomplete": {
        "en": "{count} of {total} questions have no answer yet:",
        "nl": "{count} van de {total} vragen hebben nog geen antwoord:",
    },
    "end.more": {"en": "… and {count} more (g lists them all)", "nl": "… en nog {count} (g toont ze allemaal)"},
    "end.score-anyway": {
        "en": "The result counts only what is answered.",
        "nl": "Het resultaat telt alleen wat beantwoord is.",
    },
    # -- the shell: start, stop, errors ---------------------------------------------------
    "start.saving": {
        "en": "Answers are saved to {file} after every answer.",
        "nl": "De antwoorden worden na elk antwoord opgeslagen in {file}.",
    },
    "start.resuming": {
        "en": "Resuming {file}: {answered} of {total} questions answered.",
        "nl": "Verder met {file}: {answered} van {total} vragen beantwoord.",
    },
    "ask.organisation": {"en": "Organisation name: ", "nl": "Naam van de organisatie: "},
    "ask.assessor": {"en": "Your name (optional, Enter to skip): ", "nl": "Uw naam (niet verplicht, Enter om over te slaan): "},
    "ask.organisation-again": {
        "en": "Please type the organisation's name (at most {limit} characters).",
        "nl": "Typ de naam van de organisatie (hoogstens {limit} tekens).",
    },
    "ask.assessor-again": {
        "en": "Please type your name in at most {limit} characters, or press Enter to skip.",
        "nl": "Typ uw naam in hoogstens {limit} tekens, of druk op Enter om over te slaan.",
    },
    "ask.exists": {
        "en": "{file} already exists. Type r to resume it, o to overwrite it, or press Enter to stop: ",
        "nl": "{file} bestaat al. Typ r om ermee verder te gaan, o om het te overschrijven, of druk op Enter om te stoppen: ",
    },
    "stop.saved": {"en": "Answers saved to {file}.", "nl": "Antwoorden opgeslagen in {file}."},
    "stop.resume": {"en": "To go on later: {command}", "nl": "Later verder gaan: {command}"},
    "stop.input-ended": {
        "en": "The input ended before the interview did: {count} of {total} questions have no answer yet.",
        "nl": "De invoer hield op voor het interview klaar was: {count} van de {total} vragen hebben nog geen antwoord.",
    },
    "stop.interrupted": {"en": "Interrupted.", "nl": "Onderbroken."},
    "stop.nothing-saved": {"en": "Interrupted; nothing was saved yet.", "nl": "Onderbroken; er was nog niets opgeslagen."},
    "stop.report": {"en": "The report: {command}", "nl": "Het rapport: {command}"},
    "stop.unsaved": {
        "en": "Could not save {file}: {reason}. Here are the answers; copy them into a file:",
        "nl": "Kon {file} niet opslaan: {reason}. Hier zijn de antwoorden; kopieer ze naar een bestand:",
    },
    "stop.not-saved": {"en": "Not saved in {file}: {changes}.", "nl": "Niet opgeslagen in {file}: {changes}."},
    "unsaved.question": {"en": "question {number} ({id}): {parts}", "nl": "vraag {number} ({id}): {parts}"},
    "unsaved.answer": {"en": "answer", "nl": "antwoord"},
    "unsaved.note": {"en": "note", "nl": "notitie"},
    "unsaved.votes": {"en": "votes", "nl": "stemmen"},
    "error.exists": {
        "en": "{file} already exists; to continue it use --resume {file}, or choose another file with --out",
        "nl": "{file} bestaat al; ga ermee verder met --resume {file}, of kies een ander bestand met --out",
    },
    "error.org-required": {
        "en": "--org is required for a new assessment when the input is not a terminal",
        "nl": "--org is verplicht voor een nieuwe beoordeling als de invoer geen terminal is",
    },
    "error.no-input-needs-resume": {
        "en": "--no-input needs an answers file: --resume FILE --no-input",
        "nl": "--no-input heeft een antwoordbestand nodig: --resume BESTAND --no-input",
    },
    "error.out-with-resume": {
        "en": "--out cannot be combined with --resume: a resumed file is saved in place",
        "nl": "--out gaat niet samen met --resume: een hervat bestand wordt op zijn plek opgeslagen",
    },
    "error.unanswered": {
        "en": "{count} question(s) unanswered: {ids}",
        "nl": "{count} vraag/vragen zonder antwoord: {ids}",
    },
    "error.participants": {
        "en": "--participants: {problem}",
        "nl": "--participants: {problem}",
    },
    "error.participant-empty": {
        "en": "a name is empty; separate the names with commas, e.g. \"Ann,Bob,Cem\"",
        "nl": "een naam is leeg; scheid de namen met komma's, bijvoorbeeld \"Ann,Bob,Cem\"",
    },
    "error.participant-twice": {"en": "{name} appears twice", "nl": "{name} staat er twee keer in"},
    "error.participant-long": {
        "en": "a name is longer than {limit} characters",
        "nl": "een naam is langer dan {limit} tekens",
    },
    "error.participant-count": {
        "en": "at most {limit} participants",
        "nl": "hoogstens {limit} deelnemers",
    },
    "error.participant-missing": {
        "en": "{names} voted earlier in this file and must stay among the participants",
        "nl": "{names} hebben eerder in dit bestand gestemd en moeten deelnemer blijven",
    },
    "error.too-long": {
        "en": "{option} is longer than {limit} characters",
        "nl": "{option} is langer dan {limit} tekens",
    },
    "error.empty-org": {"en": "--org is empty", "nl": "--org is leeg"},
    "error.cannot-write": {"en": "cannot write {file}: {reason}", "nl": "kan {file} niet schrijven: {reason}"},
    "error.is-link": {
        "en": "{file} is a symbolic link to {target}; answers are saved to a file, never through a link: resume {target} itself",
        "nl": "{file} is een symbolische koppeling naar {target}; antwoorden worden in een bestand opgeslagen, nooit via een koppeling: ga verder met {target} zelf",
    },
    "error.open-elsewhere": {
        "en": "{file} is open in another assessment (pid {pid}, {user}@{host}, since {since}); close that one first",
        "nl": "{file} is geopend in een andere beoordeling (pid {pid}, {user}@{host}, sinds {since}); sluit die eerst af",
    },
    "error.open-elsewhere-unknown": {
        "en": "{file} is open in another assessment; close that one first",
        "nl": "{file} is geopend in een andere beoordeling; sluit die eerst af",
    },
    "error.is-folder": {"en": "{file} is a folder, not a file", "nl": "{file} is een map, geen bestand"},
}


def m(key: str, language: str, /, **values: object) -> str:
    """A string of the interview in `language`."""
    return message(MESSAGES, key, language, **values)
