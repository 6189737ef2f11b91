"""A draft mapping file for an export (`socialmaturity mapping init`).

Every column is listed with its guess (a question id, or ignore with the reason) and
every gap is marked UNMATCHED for the user to fill in; per matched question, each text
found in its column(s) is listed with the option it was taken for. The draft is YAML
that `matching.check_mapping` accepts as it stands (nulls mean "not decided yet").
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Final

from ..i18n import Catalogue, message
from ..model import Questionnaire
from ..scoring import Value
from .matching import ANY_QUESTION, IGNORE, MappingFile, MatchReport, ValueMatcher
from .matching import MESSAGES as MATCHING_MESSAGES

MESSAGES: Catalogue = {
    "draft.title": {
        "en": "# Mapping of {export} ({source}) to the questionnaire {questionnaire} {version}.",
        "nl": "# Mapping van {export} ({source}) op de vragenlijst {questionnaire} {version}.",
    },
    "draft.howto": {
        "en": "# Fill in every line marked UNMATCHED (or set it to ignore), then run:",
        "nl": "# Vul elke regel met UNMATCHED in (of zet hem op ignore) en draai dan:",
    },
    "draft.refresh": {
        "en": "# After filling in columns, run mapping init again with --mapping to list their values.",
        "nl": "# Na het invullen van kolommen: draai mapping init opnieuw met --mapping voor hun waarden.",
    },
    "draft.respondent": {
        "en": "the column with each respondent's id (null: the survey tool's own)",
        "nl": "de kolom met de id van elke respondent (null: die van de enquêtetool)",
    },
    "draft.group": {
        "en": "a column to group results by, e.g. an organisation or department",
        "nl": "een kolom om de resultaten op te groeperen, bv. organisatie of afdeling",
    },
    "draft.columns": {
        "en": "# Each column of the export: a question id, or ignore.",
        "nl": "# Elke kolom van de export: een vraag-id, of ignore.",
    },
    "draft.values": {
        "en": "# Per question, each text found in its column(s) and the option it means.",
        "nl": "# Per vraag elke tekst uit de kolom(men) en de antwoordoptie die ze betekent.",
    },
    "draft.column.unmatched": {
        "en": "UNMATCHED: set a question id or 'ignore'",
        "nl": "UNMATCHED: vul een vraag-id of 'ignore' in",
    },
    "draft.column.ambiguous": {
        "en": "UNMATCHED: it could be {questions}; choose one or 'ignore'",
        "nl": "UNMATCHED: het kan {questions} zijn; kies er een of 'ignore'",
    },
    "draft.column.matched": {
        "en": "matched by its {how}",
        "nl": "gevonden via {how}",
    },
    "how.id": {"en": "id or code", "nl": "id of code"},
    "how.text": {"en": "text", "nl": "tekst"},
    "how.mapping": {"en": "mapping", "nl": "mapping"},
    "draft.value.matched": {"en": "{count} cell(s)", "nl": "{count} cel(len)"},
    "draft.value.unmatched": {
        "en": "UNMATCHED ({count} cell(s)): set one of {options}",
        "nl": "UNMATCHED ({count} cel(len)): kies uit {options}",
    },
    "draft.values.more": {
        "en": "# … more texts than listed here; the rest are left to automatic matching.",
        "nl": "# … meer teksten dan hier staan; de rest wordt automatisch herkend.",
    },
}


# Characters a YAML file may not hold as they are (C0 and C1 controls, DEL, U+FFFE and
# U+FFFF), YAML's own line breaks, the BOM, and the bidi controls that would make the
# file read differently on screen from what it says: escaped in every text of the draft.
_ESCAPED: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar for any text (a JSON string, with YAML's line breaks,
    the characters YAML forbids and the bidi controls escaped)."""
    quoted = json.dumps(value, ensure_ascii=False)
    return _ESCAPED.sub(lambda found: f"\\u{ord(found.group()):04x}", quoted)


def _yaml_key(value: str) -> str:
    quoted = yaml_text(value)
    # A YAML implicit key is at most 1024 characters; longer ones need the explicit form.
    return quoted if len(quoted) < 1000 else f"? {quoted}\n  "


def _comment(value: str) -> str:
    """A text from the export in a comment: one line, every control character shown as
    an escape (`\\x1b`, `\\u202e`)."""
    return _ESCAPED.sub(_visible, " ".join(value.split()))


def _visible(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def draft_mapping(
    report: MatchReport,
    questionnaire: Questionnaire,
    option_values: Sequence[Mapping[str, Value]],
    values: Mapping[int, Mapping[str, int]],
    *,
    export_name: str,
    source: str,
    language: str,
    mapping: MappingFile | None = None,
    respondent_column: str | None = None,
    group_column: str | None = None,
    limit: int = 200,
) -> str:
    """A mapping file with every guess filled in and every gap marked UNMATCHED.

    `values` holds the distinct cell texts (with counts) of each matched column, by
    column position, as `pipeline.scan_values` finds them.
    """

    def m(key: str, **fields: object) -> str:
        return message(MESSAGES, key, language, **fields)

    lines = [
        m(
            "draft.title",
            export=_comment(export_name),
            source=source,
            questionnaire=questionnaire.id,
            version=questionnaire.version,
        ),
        m("draft.howto"),
        f"#   socialmaturity batch {_comment(export_name)} --mapping mapping.yaml",
        m("draft.refresh"),
        "",
        f"questionnaire: {yaml_text(questionnaire.id)}",
        f"respondent_id: {yaml_text(respondent_column) if respondent_column else 'null'}"
        f"  # {m('draft.respondent')}",
        f"group_by: {yaml_text(group_column) if group_column else 'null'}  # {m('draft.group')}",
        "",
        m("draft.columns"),
        "columns:",
    ]
    columns = [match.column for match in report.matches]
    codes = [c.code for c in columns if c.code]
    headings = [c.heading for c in columns]
    for match in report.matches:
        column = match.column
        if column.code and codes.count(column.code) == 1:
            key = column.code
        elif column.heading and headings.count(column.heading) == 1:
            key = column.heading
        else:
            key = f"column {column.index + 1}"
        if match.question_id is not None:
            target = yaml_text(match.question_id)
            note = m("draft.column.matched", how=m(f"how.{match.how}"))
            if match.column.code and key == match.column.code and match.column.heading:
                note += f": {_comment(match.column.heading)[:120]}"
        elif match.how == "unmatched":
            target, note = "null", m("draft.column.unmatched")
        elif match.how == "ambiguous":
            target = "null"
            note = m("draft.column.ambiguous", questions=", ".join(match.candidates))
        else:
            target = IGNORE
            note = message(MATCHING_MESSAGES, f"reason.{match.how}", language)
        lines.append(f"  {_yaml_key(key)}: {target}  # {_comment(note)}")

    lines += ["", m("draft.values"), "values:"]
    explicit = mapping.values if mapping else {}
    positions = {q.id: i for i, q in enumerate(questionnaire.questions)}
    any_values = False
    for question_id in report.matched_questions:
        q = positions[question_id]
        question = questionnaire.questions[q]
        matcher = ValueMatcher.build(
            question, option_values[q], explicit.get(question_id), explicit.get(ANY_QUESTION)
        )
        found: dict[str, int] = {}
        for match in report.columns_of(question_id):
            for cell, count in values.get(match.column.index, {}).items():
                found[cell] = found.get(cell, 0) + count
        if not found:
            continue
        any_values = True
        lines.append(f"  {yaml_text(question_id)}:")
        options = ", ".join(o.id for o in question.options)
        for cell, count in sorted(found.items(), key=lambda item: -item[1])[:limit]:
            meaning = matcher.resolve(cell)
            if isinstance(meaning, tuple):
                lines.append(
                    f"    {_yaml_key(cell)}: {yaml_text(meaning[0])}"
                    f"  # {m('draft.value.matched', count=count)}"
                )
            elif meaning is None:
                lines.append(
                    f"    {_yaml_key(cell)}: null"
                    f"  # {m('draft.value.unmatched', count=count, options=options)}"
                )
        if len(found) > limit:
            lines.append("    " + m("draft.values.more"))
    star = explicit.get(ANY_QUESTION)
    if star:
        any_values = True
        lines.append(f"  {yaml_text(ANY_QUESTION)}:")
        for cell, option_id in star.items():
            target = yaml_text(option_id) if option_id else "null"
            lines.append(f"    {_yaml_key(cell)}: {target}")
    if not any_values:
        lines[-1] = "values: {}"
    return "\n".join(lines) + "\n"
