"""A draft mapping file for an export (`socialmaturity mapping init`).

Every column is listed with its guess (a question id, or ignore with the reason) and
every gap is marked UNMATCHED for the user to fill in; per matched question, each text
found in its column(s) is listed with the option it was taken for. A number or answer
code is never certain: it is filled in the way batch would read it (see
`matching.decide_numbers`, which looks at all of the column's values), marked GUESS for
the user to confirm, and left UNMATCHED where the export does not decide. A column that
looks like a group (Organisation, Department, …) is suggested for `group_by`. The draft
is YAML that `matching.check_mapping` accepts as it stands (nulls mean "not decided").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..i18n import N_, Catalogue, message, nN_, shown_in
from ..model import Questionnaire
from ..safetext import comment, json_escaped
from ..scoring import Value
from ..survey.table import NumberReading, fold_accents, normalise_text
from .matching import (
    ANY_QUESTION,
    IGNORE,
    UNANSWERED,
    CellRules,
    MappingFile,
    MatchReport,
    NumberChoice,
    ValueMatcher,
)
from .matching import MESSAGES as MATCHING_MESSAGES

# Headings of a column that holds the group, per language of the questionnaires;
# compared without accents, as capitals are often written without them (EQUIPE).
GROUP_WORDS: Mapping[str, tuple[str, ...]] = {
    "en": (
        "organisation",
        "organization",
        "organisation name",
        "company",
        "department",
        "team",
        "unit",
        "business unit",
        "division",
        "region",
        "location",
        "site",
        "branch",
        "group",
    ),
    "nl": (
        "organisatie",
        "bedrijf",
        "afdeling",
        "eenheid",
        "divisie",
        "vestiging",
        "regio",
        "groep",
    ),
    "fr": (
        "organisation",
        "entreprise",
        "société",
        "service",
        "département",
        "direction",
        "équipe",
        "unité",
        "division",
        "région",
        "agence",
        "filiale",
        "site",
        "groupe",
        "établissement",
    ),
}
GROUP_HEADINGS = frozenset(
    fold_accents(normalise_text(word)) for words in GROUP_WORDS.values() for word in words
)


def group_candidate(report: MatchReport) -> str | None:
    """The heading of a column not used for a question that names a group, if one does."""
    for match in report.matches:
        key = fold_accents(normalise_text(match.column.heading))
        if match.question_id is None and key in GROUP_HEADINGS:
            return match.column.heading
    return None

MESSAGES: Catalogue = {
    "draft.title": N_("# Mapping of {export} ({source}) to the questionnaire {questionnaire} {version}."),
    "draft.howto": N_("# Fill in every line marked UNMATCHED (or set it to ignore), check every GUESS, then run:"),
    "draft.refresh": N_("# After filling in columns, run mapping init again with --mapping to list their values."),
    "draft.respondent": N_("the column with each respondent's id (null: the survey tool's own)"),
    "draft.group": N_("a column to group results by, e.g. an organisation or department"),
    "draft.group.guess": N_("GUESS: this column looks like a group; keep it, set null, or use batch --group-by {column}"),
    "draft.column.group": N_("a column to group by (group_by above, or batch --group-by)"),
    "draft.numbers": N_("how numbers name options for the whole export: scores, positions or null (decided per column)"),
    "draft.value.guess.positions": nN_("GUESS ({count} cell): choice code {code} = option {position} of {total}, {why}; confirm or change", "GUESS ({count} cells): choice code {code} = option {position} of {total}, {why}; confirm or change"),
    "draft.value.guess.scores": nN_("GUESS ({count} cell): the option with score {code}, {why}; confirm or change", "GUESS ({count} cells): the option with score {code}, {why}; confirm or change"),
    "draft.value.undecided": nN_("UNMATCHED ({count} cell): a number, but the column does not decide between score and choice code; set one of {options}", "UNMATCHED ({count} cells): a number, but the column does not decide between score and choice code; set one of {options}"),
    "draft.value.unanswered": nN_("{count} cell: the tool's code for seen but not answered", "{count} cells: the tool's code for seen but not answered"),
    "draft.columns": N_("# Each column of the export: a question id, or ignore."),
    "draft.values": N_("# Per question, each text found in its columns and the option it means."),
    "draft.column.unmatched": N_("UNMATCHED: set a question id or 'ignore'"),
    "draft.column.ambiguous": N_("UNMATCHED: it could be {questions}; choose one or 'ignore'"),
    "draft.column.matched": N_("matched by its {how}"),
    "how.id": N_("id or code"),
    "how.text": N_("text"),
    "how.mapping": N_("mapping"),
    "draft.value.matched": nN_("{count} cell", "{count} cells"),
    "draft.value.unmatched": nN_("UNMATCHED ({count} cell): set one of {options}", "UNMATCHED ({count} cells): set one of {options}"),
    "draft.values.more": N_("# … more texts than listed here; the rest are left to automatic matching."),
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
    numbers: Sequence[NumberChoice] = (),
    rules: CellRules = CellRules(),
    tool: str = "",
    suggested_group: str | None = None,
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
        _group_line(group_column, suggested_group, m),
        f"numbers: {mapping.numbers if mapping and mapping.numbers else 'null'}  # {m('draft.numbers')}",
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
        elif suggested_group is not None and column.heading == suggested_group:
            target, note = IGNORE, m("draft.column.group")
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
    by_column = {choice.index: choice for choice in numbers}
    any_values = False
    for question_id in report.matched_questions:
        q = positions[question_id]
        question = questionnaire.questions[q]
        # A question's columns share one reading (the first decided one).
        choice = next(
            (
                by_column[c.column.index]
                for c in report.columns_of(question_id)
                if c.column.index in by_column
            ),
            None,
        )
        reading: NumberReading | None = choice.reading if choice is not None else None
        matcher = ValueMatcher.build(
            question,
            option_values[q],
            explicit.get(question_id),
            explicit.get(ANY_QUESTION),
            reading=reading,
            unanswered=rules.unanswered,
            position_code=rules.position_code,
        )
        undecided = ValueMatcher.build(
            question,
            option_values[q],
            explicit.get(question_id),
            explicit.get(ANY_QUESTION),
            reading=None,
            unanswered=rules.unanswered,
            position_code=None,
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
            # Understood without a number reading or an answer code: a label or an id.
            certain = undecided.resolve(cell) is not None
            if meaning is UNANSWERED:
                lines.append(
                    f"    {_yaml_key(cell)}: {IGNORE}  # {m('draft.value.unanswered', count=count)}"
                )
            elif isinstance(meaning, tuple) and certain:
                lines.append(
                    f"    {_yaml_key(cell)}: {yaml_text(meaning[0])}"
                    f"  # {m('draft.value.matched', count=count)}"
                )
            elif isinstance(meaning, tuple):
                coded = rules.position_code is not None and rules.position_code.fullmatch(cell.strip())
                why = message(
                    MATCHING_MESSAGES,
                    "numbers.why.code" if coded or choice is None else f"numbers.why.{choice.reason}",
                    language,
                    tool=tool,
                )
                key = (
                    "draft.value.guess.scores"
                    if reading == "scores" and not coded
                    else "draft.value.guess.positions"
                )
                lines.append(
                    f"    {_yaml_key(cell)}: {yaml_text(meaning[0])}  # "
                    + comment(
                        m(
                            key,
                            count=count,
                            code=cell.strip(),
                            position=meaning[2] + 1,
                            total=len(question.options),
                            why=why,
                        )
                    )
                )
            elif undecided.number_in(cell) is not None and reading is None:
                lines.append(
                    f"    {_yaml_key(cell)}: null"
                    f"  # {m('draft.value.undecided', count=count, options=options)}"
                )
            else:
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


def _group_line(group_column: str | None, suggested: str | None, m: Any) -> str:
    if group_column:
        return f"group_by: {yaml_text(group_column)}  # {m('draft.group')}"
    if suggested:
        return f"group_by: {yaml_text(suggested)}  # {comment(m('draft.group.guess', column=json_escaped(suggested)))}"
    return f"group_by: null  # {m('draft.group')}"


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
    environment_language: str | None = None
    """The language LANGUAGE, LC_ALL or LANG names: used when none is asked for."""


@dataclass(frozen=True)
class DraftedMapping:
    text: str
    matched: int
    questions: int
    unmatched_lines: int
    language: str
    written_to: Path | None
    guessed_lines: int = 0
    suggested_group: str | None = None


def init_mapping(options: DraftOptions) -> DraftedMapping:
    """Draft a mapping file for an export, and write it when `options.output` is set.

    The output is checked, and its temporary file made, before the export is read; it is
    renamed into place only when whole. Raises BatchError for problems the user can fix.
    """
    from ..files import OutputError, StagedFiles, os_reason
    from ..i18n import LANGUAGES, pick_language
    from .run import SOURCES, BatchError
    from .sources import checked_choice, output_problem

    ui = pick_language(options.lang, options.environment_language, available=LANGUAGES)
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
                OutputError(target, "cannot-write", os_reason(error)).describe(ui)
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
    from ..survey.layouts import title
    from .matching import compile_columns, decide_numbers, match_columns
    from .pipeline import scan_values
    from .run import BatchError
    from .sources import columns_of, load_mapping, open_export

    model, existing, language = load_mapping(options.mapping, options.questionnaire, options.lang, ui, options.environment_language)
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
        raise BatchError(shown_in(error.message, language)) from None
    rules = CellRules(table.unanswered_codes, table.position_code)
    undecided = compile_columns(
        report, model.questionnaire, model.plan.options, existing, readings={}, rules=rules
    )
    numbers = decide_numbers(
        {c.index: (c.heading, c.matcher) for c in undecided},
        {index: counter.keys() for index, counter in values.items()},
        convention=table.numbers,
        mapped=existing.numbers if existing is not None else None,
    )
    suggested = group_candidate(report) if group is None else None
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
        numbers=numbers,
        rules=rules,
        tool=title(table.source),
        suggested_group=suggested,
    )
    return DraftedMapping(
        text=text,
        matched=len(report.matched_questions),
        questions=len(report.question_ids),
        unmatched_lines=sum(1 for line in text.splitlines() if "  # UNMATCHED" in line),
        language=language,
        written_to=target,
        guessed_lines=sum(1 for line in text.splitlines() if "  # GUESS" in line),
        suggested_group=suggested,
    )
