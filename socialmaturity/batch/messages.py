"""The words of `batch` and `mapping init`: every message a person reads, in English and Dutch."""

from __future__ import annotations

from ..i18n import N_, Catalogue, message, nN_

MESSAGES: Catalogue = {
    "usage.source": N_("--source {value}: not a survey source we know; choose one of {choices}"),
    "usage.on-invalid": N_("--on-invalid {value}: choose one of {choices}"),
    "usage.workers": N_("--workers {value}: give 1 or more worker processes"),
    "usage.group-by": N_("--group-by {value}: the export has no such column; its columns are: {columns}"),
    "usage.respondent": N_("the mapping's respondent_id {value}: the export has no such column; its columns are: {columns}"),
    "mapping.group-by": N_("the mapping's group_by {value}: the export has no such column; its columns are: {columns}"),
    "usage.out-dir": N_("--out-dir {path}: {problem}"),
    "usage.output": N_("--output: give a file name, or leave the option out to print the mapping"),
    "usage.output-folder": N_("--output {path} is a folder; give a file name"),
    "usage.out-dir-empty": N_("--out-dir: give a folder name"),
    "usage.out-dir-holds-input": N_("--out-dir {folder}: batch writes {output}, which is {what}{input}; it would be lost. Choose another --out-dir, or move the file"),
    "usage.output-is-input": N_("--output {output} is {what}{input}; it would be lost. Choose another name"),
    "input.export": N_("the export"),
    "input.mapping": N_("the mapping file (--mapping)"),
    "input.same": N_(" {path} (the same file)"),
    "mapping.empty": N_("the mapping file is empty; write one with `socialmaturity mapping init EXPORT -o mapping.yaml`"),
    "mapping.questionnaire": N_("questionnaire: write the id of a bundled questionnaire (e.g. social-business) or the path of its .yaml, .yml or .json file"),
    "mapping.questionnaire-unknown": N_("no questionnaire '{value}' (bundled: {available})"),
    "run-failed": N_("the run stopped: {problem}. Nothing was written; the files in {folder} are as they were"),
    "no-responses": N_("{export} holds no responses, only column headings; nothing was written"),
    "usage.exists": N_("{path} exists already; it may hold your edits. Choose another name, or add --force to replace it"),
    "no-match": N_("{export} matches no question of {questionnaire}: none of its {columns} columns has a question's id or text. Write a mapping with `socialmaturity mapping init {export} -o mapping.yaml`, fill it in, and pass it with --mapping"),
    "invalid.cell": N_("row {row}, column {column}: {value} cannot be used: {problem}. Nothing was written (--on-invalid fail)"),
    "invalid.row": N_("row {row}: {problem} Nothing was written (--on-invalid fail)"),
    "reading": N_("Scoring {export}"),
    "usage.numbers": N_("--numbers {value}: choose one of {choices}"),
    "numbers.ambiguous": nN_("{export}: the numbers in {count} column could be option scores (0 = lowest) or choice codes (1 = first option), and nothing in the export decides ({columns}); nothing was scored. Run again with --numbers scores or --numbers positions, or set numbers: in a mapping file (socialmaturity mapping init)", "{export}: the numbers in {count} columns could be option scores (0 = lowest) or choice codes (1 = first option), and nothing in the export decides ({columns}); nothing was scored. Run again with --numbers scores or --numbers positions, or set numbers: in a mapping file (socialmaturity mapping init)"),
    "numbers.conflict": nN_("{export}: {count} column holds numbers that only option scores can be (0) beside numbers that only choice codes can be (past the last score) ({columns}); nothing was scored. Say what each number means in a mapping file (socialmaturity mapping init), or run again with --numbers scores or --numbers positions", "{export}: {count} columns hold numbers that only option scores can be (0) beside numbers that only choice codes can be (past the last score) ({columns}); nothing was scored. Say what each number means in a mapping file (socialmaturity mapping init), or run again with --numbers scores or --numbers positions"),
    "previews": nN_("Left out {count} survey preview or test response (--include-previews keeps it).", "Left out {count} survey preview or test responses (--include-previews keeps them)."),
    "done": nN_("Scored {scored} of {read} row: {rejected} rejected, {partial} partial, {duplicates} duplicate ids, {invalid} cells not used.", "Scored {scored} of {read} rows: {rejected} rejected, {partial} partial, {duplicates} duplicate ids, {invalid} cells not used.", "read"),
    "groups": nN_("{count} group by {column}.", "{count} groups by {column}."),
    "problems": N_("Every row and cell that could not be used is listed in {path}."),
    "written": N_("Results in {folder}: {files}."),
    "nothing-scored": N_("no row of {export} could be scored; see {errors}"),
    "reports.start": nN_("Rendering {count} report with {workers} worker processes…", "Rendering {count} reports with {workers} worker processes…"),
    "reports.progress": N_("Reports"),
    "reports.failed": N_("Report {name} failed: {error}"),
    "reports.refused": N_("Report {name}: refused to fetch {urls}"),
    "reports.done": nN_("{ok} of {count} report written to {folder}.", "{ok} of {count} reports written to {folder}."),
    "reports.failures": nN_("{count} report failed; the others were written", "{count} reports failed; the others were written"),
    "mapping.written": N_("Mapping written to {path}. Questions matched: {matched} of {total}; lines marked UNMATCHED: {todo}; GUESS lines to check: {guesses}."),
    "mapping.group": N_("The column {column} looks like a group: the draft sets group_by to it; or run batch with --group-by {column}."),
    "demo.missing": N_("The example survey export {path} is missing; batch scoring is left out of the demo."),
    "demo.title": N_("Batch scoring of an example survey across three organisations ({export}):"),
    "demo.where": N_("Batch results in {folder}; a report per organisation in {reports}."),
}


def m(key: str, language: str, /, **values: object) -> str:
    """The message `key` in `language`, with its fields filled in."""
    return message(MESSAGES, key, language, **values)
