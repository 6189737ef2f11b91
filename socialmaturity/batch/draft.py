"""A draft mapping file for an export (`socialmaturity mapping init`).

Every column is listed with its guess (a question id, or ignore with the reason) and
every gap is marked UNMATCHED for the user to fill in; per matched question, each text
found in its column(s) is listed with the option it was taken for. The draft is YAML
that `matching.check_mapping` accepts as it stands (nulls mean "not decided yet").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..i18n import Catalogue, message
from ..model import Questionnaire
from ..safetext import comment, json_escaped
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


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar for any text (a JSON string, with YAML's line breaks,
    the characters YAML forbids and the bidi controls escaped)."""
    return json_escaped(value)


def _yaml_key(value: str) -> str:
    quoted = yaml_text(value)
    # A YAML implicit key is at most 1024 characters; longer ones need the explicit form.
    return quoted if len(quoted) < 1000 else f"? {quoted}\n  "


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
            export=comment(export_name),
            source=source,
            questionnaire=questionnaire.id,
            version=questionnaire.version,
        ),
        m("draft.howto"),
        f"#   socialmaturity batch {comment(export_name)} --mapping mapping.yaml",
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
                note += f": {comment(match.column.heading)[:120]}"
        elif match.how == "unmatched":
            target, note = "null", m("draft.column.unmatched")
        elif match.how == "ambiguous":
            target = "null"
            note = m("draft.column.ambiguous", questions=", ".join(match.candidates))
        else:
            target = IGNORE
            note = message(MATCHING_MESSAGES, f"reason.{match.how}", language)
        lines.append(f"  {_yaml_key(key)}: {target}  # {comment(note)}")

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


# -- the use case: `mapping init` ---------------------------------------------------------


@dataclass(frozen=True)
class DraftOptions:
    """What `mapping init` drafts, and where it writes it (None: return the text only)."""

    export: Path
    output: Path | None = None
    questionnaire: str | None = None
    source: str = "auto"
    mapping: Path | None = None
    lang: str | None = None
    force: bool = False


@dataclass(frozen=True)
class DraftedMapping:
    text: str
    matched: int
    questions: int
    unmatched_lines: int
    language: str
    written_to: Path | None


def init_mapping(options: DraftOptions) -> DraftedMapping:
    """Draft a mapping file for an export, and write it when `options.output` is set.

    The output is checked, and its temporary file made, before the export is read; it is
    renamed into place only when whole. Raises BatchError for problems the user can fix.
    """
    from ..files import OutputError, StagedFiles
    from ..i18n import LANGUAGES, pick_language
    from .run import SOURCES, BatchError
    from .sources import checked_choice, output_problem

    ui = pick_language(options.lang, available=LANGUAGES)
    checked_choice("source", options.source, SOURCES, ui)
    target = _mapping_output(options, ui)
    if target is None:
        return _draft(options, ui, None)
    with StagedFiles(target.parent) as files:
        try:
            stream = files.open(target.name)
        except OutputError as error:
            raise output_problem(error, "--output", ui) from None
        drafted = _draft(options, ui, target)
        try:
            stream.write(drafted.text)
            files.commit()
        except OutputError as error:
            raise output_problem(error, "--output", ui) from None
        except OSError as error:  # e.g. a full disk
            raise BatchError(
                OutputError(target, "cannot-write", error.strerror or str(error)).describe(ui)
            ) from None
    return drafted


def _mapping_output(options: DraftOptions, language: str) -> Path | None:
    """The file `mapping init` writes (None: the caller prints it), checked before any
    work is done."""
    from ..files import first_clash, target_kind
    from .messages import m
    from .run import BatchError, other_spelling
    from .sources import checked_targets

    target = options.output
    if target is None:
        return None
    if not str(target).strip():
        raise BatchError(m("usage.output", language), usage=True)
    if target_kind(target) == "folder":
        raise BatchError(m("usage.output-folder", language, path=target), usage=True)
    inputs = [options.export, *([options.mapping] if options.mapping is not None else [])]
    clash = first_clash([target], inputs)
    if clash is not None:
        source = clash[1]
        what = "input.export" if source is options.export else "input.mapping"
        raise BatchError(
            m(
                "usage.output-is-input",
                language,
                output=target,
                what=m(what, language),
                input=other_spelling(target, source, language),
            ),
            usage=True,
        )
    if target.exists() and not options.force:
        raise BatchError(m("usage.exists", language, path=target), usage=True)
    checked_targets([target], "--output", language)
    return target


def _draft(options: DraftOptions, ui: str, target: Path | None) -> DraftedMapping:
    from ..survey import ExportError
    from .matching import match_columns
    from .pipeline import scan_values
    from .run import BatchError
    from .sources import columns_of, load_mapping, open_export

    model, existing, language = load_mapping(options.mapping, options.questionnaire, options.lang, ui)
    table = open_export(options.export, options.source)
    group, respondent = columns_of(table, existing, None, language)
    reserved = {}
    if respondent is not None:
        reserved[respondent.index] = "respondent-id"
    if group is not None:
        reserved[group.index] = "group"
    report = match_columns(table.columns, model.questionnaire, existing, reserved=reserved)
    try:
        values = scan_values(table.responses(), [c.column.index for c in report.answer_columns])
    except ExportError as error:
        raise BatchError(str(error).rstrip(".")) from None
    text = draft_mapping(
        report,
        model.questionnaire,
        model.plan.options,
        values,
        export_name=options.export.name,
        source=table.source,
        language=language,
        mapping=existing,
        respondent_column=respondent.heading if respondent is not None else None,
        group_column=group.heading if group is not None else None,
    )
    return DraftedMapping(
        text=text,
        matched=len(report.matched_questions),
        questions=len(report.question_ids),
        unmatched_lines=sum(1 for line in text.splitlines() if "  # UNMATCHED" in line),
        language=language,
        written_to=target,
    )
