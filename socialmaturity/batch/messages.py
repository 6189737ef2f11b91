"""The words of `batch` and `mapping init`: every message a person reads, in English and Dutch."""

from __future__ import annotations

from ..i18n import Catalogue, message

MESSAGES: Catalogue = {
    "usage.source": {
        "en": "--source {value}: not a survey source we know; choose one of {choices}",
        "nl": "--source {value}: onbekende enquêtebron; kies uit {choices}",
    },
    "usage.on-invalid": {
        "en": "--on-invalid {value}: choose one of {choices}",
        "nl": "--on-invalid {value}: kies uit {choices}",
    },
    "usage.workers": {
        "en": "--workers {value}: give 1 or more worker processes",
        "nl": "--workers {value}: geef 1 of meer werkprocessen op",
    },
    "usage.group-by": {
        "en": "--group-by {value}: the export has no such column; its columns are: {columns}",
        "nl": "--group-by {value}: die kolom staat niet in de export; de kolommen zijn: {columns}",
    },
    "usage.respondent": {
        "en": "the mapping's respondent_id {value}: the export has no such column; its columns are: {columns}",
        "nl": "respondent_id {value} uit de mapping: die kolom staat niet in de export; de kolommen zijn: {columns}",
    },
    "mapping.group-by": {
        "en": "the mapping's group_by {value}: the export has no such column; its columns are: {columns}",
        "nl": "group_by {value} uit de mapping: die kolom staat niet in de export; de kolommen zijn: {columns}",
    },
    "usage.out-dir": {
        "en": "--out-dir {path}: {problem}",
        "nl": "--out-dir {path}: {problem}",
    },
    "usage.output": {
        "en": "--output: give a file name, or leave the option out to print the mapping",
        "nl": "--output: geef een bestandsnaam, of laat de optie weg om de mapping af te drukken",
    },
    "usage.output-folder": {
        "en": "--output {path} is a folder; give a file name",
        "nl": "--output {path} is een map; geef een bestandsnaam",
    },
    "usage.out-dir-empty": {
        "en": "--out-dir: give a folder name",
        "nl": "--out-dir: geef een mapnaam",
    },
    "usage.out-dir-holds-input": {
        "en": "--out-dir {folder}: batch writes {output}, which is {what}{input}; it would be lost. Choose another --out-dir, or move the file",
        "nl": "--out-dir {folder}: batch schrijft {output}, en dat is {what}{input}; die zou verloren gaan. Kies een andere --out-dir, of verplaats het bestand",
    },
    "usage.output-is-input": {
        "en": "--output {output} is {what}{input}; it would be lost. Choose another name",
        "nl": "--output {output} is {what}{input}; die zou verloren gaan. Kies een andere naam",
    },
    "input.export": {"en": "the export", "nl": "de export"},
    "input.mapping": {"en": "the mapping file (--mapping)", "nl": "het mappingbestand (--mapping)"},
    "input.same": {"en": " {path} (the same file)", "nl": " {path} (hetzelfde bestand)"},
    "mapping.empty": {
        "en": "the mapping file is empty; write one with `socialmaturity mapping init EXPORT -o mapping.yaml`",
        "nl": "het mappingbestand is leeg; maak er een met `socialmaturity mapping init EXPORT -o mapping.yaml`",
    },
    "mapping.questionnaire": {
        "en": "questionnaire: write the id of a bundled questionnaire (e.g. social-business) or the path of its .yaml, .yml or .json file",
        "nl": "questionnaire: schrijf de id van een meegeleverde vragenlijst (bv. social-business) of het pad van het .yaml-, .yml- of .json-bestand",
    },
    "mapping.questionnaire-unknown": {
        "en": "no questionnaire '{value}' (bundled: {available})",
        "nl": "geen vragenlijst '{value}' (meegeleverd: {available})",
    },
    "run-failed": {
        "en": "the run stopped: {problem}. Nothing was written; the files in {folder} are as they were",
        "nl": "de run is gestopt: {problem}. Er is niets geschreven; de bestanden in {folder} zijn zoals ze waren",
    },
    "no-responses": {
        "en": "{export} holds no responses, only column headings; nothing was written",
        "nl": "{export} bevat geen antwoorden, alleen kolomkoppen; er is niets geschreven",
    },
    "usage.exists": {
        "en": "{path} exists already; it may hold your edits. Choose another name, or add --force to replace it",
        "nl": "{path} bestaat al en bevat misschien je aanpassingen. Kies een andere naam, of voeg --force toe om het te vervangen",
    },
    "no-match": {
        "en": "{export} matches no question of {questionnaire}: none of its {columns} columns has a question's id or text. "
        "Write a mapping with `socialmaturity mapping init {export} -o mapping.yaml`, fill it in, and pass it with --mapping",
        "nl": "{export} past bij geen enkele vraag van {questionnaire}: geen van de {columns} kolommen heeft de id of tekst van een vraag. "
        "Maak een mapping met `socialmaturity mapping init {export} -o mapping.yaml`, vul die in en geef hem mee met --mapping",
    },
    "invalid.cell": {
        "en": "row {row}, column {column}: {value} cannot be used: {problem}. Nothing was written (--on-invalid fail)",
        "nl": "rij {row}, kolom {column}: {value} is niet bruikbaar: {problem}. Er is niets geschreven (--on-invalid fail)",
    },
    "invalid.row": {
        "en": "row {row}: {problem} Nothing was written (--on-invalid fail)",
        "nl": "rij {row}: {problem} Er is niets geschreven (--on-invalid fail)",
    },
    "reading": {"en": "Scoring {export}", "nl": "{export} scoren"},
    "usage.numbers": {
        "en": "--numbers {value}: choose one of {choices}",
        "nl": "--numbers {value}: kies uit {choices}",
    },
    "numbers.ambiguous": {
        "en": "{export}: the numbers in {count} column(s) could be option scores (0 = lowest) or choice codes (1 = first option), and nothing in the export decides ({columns}); nothing was scored. Run again with --numbers scores or --numbers positions, or set numbers: in a mapping file (socialmaturity mapping init)",
        "nl": "{export}: de getallen in {count} kolom(men) kunnen scores (0 = laagste) of keuzecodes (1 = eerste optie) zijn, en niets in de export beslist dat ({columns}); er is niets gescoord. Draai opnieuw met --numbers scores of --numbers positions, of zet numbers: in een mappingbestand (socialmaturity mapping init)",
    },
    "numbers.conflict": {
        "en": "{export}: {count} column(s) hold numbers that only option scores can be (0) beside numbers that only choice codes can be (past the last score) ({columns}); nothing was scored. Say what each number means in a mapping file (socialmaturity mapping init), or run again with --numbers scores or --numbers positions",
        "nl": "{export}: {count} kolom(men) bevatten getallen die alleen scores kunnen zijn (0) naast getallen die alleen keuzecodes kunnen zijn (voorbij de hoogste score) ({columns}); er is niets gescoord. Leg in een mappingbestand vast wat elk getal betekent (socialmaturity mapping init), of draai opnieuw met --numbers scores of --numbers positions",
    },
    "previews": {
        "en": "Left out {count} survey preview or test response(s) (--include-previews keeps them).",
        "nl": "{count} voorbeeld- of testantwoord(en) van de enquête weggelaten (--include-previews houdt ze).",
    },
    "done": {
        "en": "Scored {scored} of {read} row(s): {rejected} rejected, {partial} partial, {duplicates} duplicate id(s), {invalid} cell(s) not used.",
        "nl": "{scored} van {read} rij(en) gescoord: {rejected} overgeslagen, {partial} onvolledig, {duplicates} dubbele id('s), {invalid} cel(len) niet gebruikt.",
    },
    "groups": {
        "en": "{count} group(s) by {column}.",
        "nl": "{count} groep(en) op {column}.",
    },
    "problems": {
        "en": "Every row and cell that could not be used is listed in {path}.",
        "nl": "Elke rij en cel die niet bruikbaar was, staat in {path}.",
    },
    "written": {"en": "Results in {folder}: {files}.", "nl": "Resultaten in {folder}: {files}."},
    "nothing-scored": {
        "en": "no row of {export} could be scored; see {errors}",
        "nl": "geen enkele rij van {export} kon worden gescoord; zie {errors}",
    },
    "reports.start": {
        "en": "Rendering {count} report(s) with {workers} worker process(es)…",
        "nl": "{count} rapport(en) maken met {workers} werkproces(sen)…",
    },
    "reports.progress": {"en": "Reports", "nl": "Rapporten"},
    "reports.failed": {
        "en": "Report {name} failed: {error}",
        "nl": "Rapport {name} is mislukt: {error}",
    },
    "reports.refused": {
        "en": "Report {name}: refused to fetch {urls}",
        "nl": "Rapport {name}: ophalen geweigerd van {urls}",
    },
    "reports.done": {
        "en": "{ok} of {count} report(s) written to {folder}.",
        "nl": "{ok} van {count} rapport(en) geschreven in {folder}.",
    },
    "reports.failures": {
        "en": "{count} report(s) failed; the others were written",
        "nl": "{count} rapport(en) mislukt; de andere zijn geschreven",
    },
    "mapping.written": {
        "en": "Mapping written to {path}: {matched} of {total} questions matched, {todo} line(s) marked UNMATCHED, {guesses} GUESS line(s) to check.",
        "nl": "Mapping geschreven naar {path}: {matched} van {total} vragen gevonden, {todo} regel(s) met UNMATCHED, {guesses} regel(s) met GUESS om te controleren.",
    },
    "mapping.group": {
        "en": "The column {column} looks like a group: the draft sets group_by to it; or run batch with --group-by {column}.",
        "nl": "De kolom {column} lijkt een groep: de mapping zet group_by daarop; of draai batch met --group-by {column}.",
    },
    "demo.missing": {
        "en": "The example survey export {path} is missing; batch scoring is left out of the demo.",
        "nl": "De voorbeeldexport {path} ontbreekt; batchscoring wordt in de demo overgeslagen.",
    },
    "demo.title": {
        "en": "Batch scoring of an example survey across three organisations ({export}):",
        "nl": "Batchscoring van een voorbeeldenquête bij drie organisaties ({export}):",
    },
    "demo.where": {
        "en": "Batch results in {folder}; a report per organisation in {reports}.",
        "nl": "Batchresultaten in {folder}; een rapport per organisatie in {reports}.",
    },
}


def m(key: str, language: str, /, **values: object) -> str:
    """The message `key` in `language`, with its fields filled in."""
    return message(MESSAGES, key, language, **values)
