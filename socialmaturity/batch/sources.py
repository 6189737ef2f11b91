"""What a batch run reads before it scores: the options, the mapping file, the model,
the export and the columns the user named. Shared by `batch` and `mapping init`.

Every problem becomes a `BatchError` in the user's language; problems placed in a file
(the mapping, the questionnaire) carry their `PATH:LINE:COLUMN` lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from ..files import OutputError, check_target
from ..i18n import N_, pick_language, shown_in, translate
from ..safetext import visible
from .messages import m
from .run import BatchError

if TYPE_CHECKING:
    from ..loader import LoadError, Located
    from ..scoring import MaturityModel
    from ..survey import Column, ExportTable
    from ..yamlsource import Document
    from .matching import MappingFile


def checked_choice(option: str, value: str, choices: Sequence[str], language: str) -> None:
    """A usage error unless `value` is one of `choices`."""
    if value not in choices:
        raise BatchError(
            m(f"usage.{option}", language, value=value, choices=", ".join(choices)), usage=True
        )


def _placed(problems: Sequence[Located], language: str) -> tuple[str, ...]:
    return tuple(
        f"{visible(p.file, one_line=True)}:{p.line}:{p.column}: {visible(shown_in(p.message, language))}"
        for p in problems
    )


def load_problems(error: LoadError, language: str) -> BatchError:
    """A loader's problems as a BatchError (exit 1)."""
    return BatchError("", problems=_placed(error.problems, language))


def _problem_at(path: Path, line: int, column: int, text: str, language: str) -> NoReturn:
    from ..loader import Located

    raise BatchError("", problems=_placed([Located(str(path), line, column, text)], language))


def output_problem(
    error: OutputError, option: str, language: str, *, usage: bool = False
) -> BatchError:
    """An output that cannot be written, in words."""
    if error.problem == "cannot-write" and error.detail == "not a folder":
        problem = translate(language, N_("not a folder"))
        return BatchError(m("usage.out-dir", language, path=error.path, problem=problem), usage=True)
    return BatchError(error.describe(language, option), usage=usage)


def checked_targets(paths: Sequence[Path], option: str, language: str) -> None:
    """Bad input when an output exists and is not a regular file."""
    try:
        for path in paths:
            check_target(path)
    except OutputError as error:
        raise output_problem(error, option, language) from None


# -- the model and the mapping -----------------------------------------------------------


def load_mapping(
    mapping: Path | None, questionnaire: str | None, lang: str | None, ui: str, environment: str | None = None
) -> tuple[MaturityModel, MappingFile | None, str]:
    """The model (of --questionnaire, else the mapping's, else the bundled one), the
    checked mapping file, and the language of the run."""
    from ..loader import LoadError, load_model

    document = read_mapping(mapping, ui) if mapping else None
    named = (
        mapping_questionnaire(mapping, document, ui, needed=questionnaire is None)
        if mapping and document is not None
        else None
    )
    try:
        model = load_model(questionnaire or named)
    except LoadError as error:
        raise load_problems(error, ui) from None
    available = model.questionnaire.languages
    if lang is not None and lang not in available:
        raise BatchError(
            translate(ui, N_("--lang {value}: not available; choose one of {choices}"), value=lang, choices=", ".join(available)),
            usage=True,
        )
    language = pick_language(lang, environment, available=available)
    checked = (
        check_mapping(mapping, document, model, language) if mapping and document is not None else None
    )
    return model, checked, language


def read_mapping(path: Path, language: str) -> Document:
    """The parsed mapping file, with its positions."""
    from ..loader import LoadError, read_text
    from ..yamlsource import Position, SourceError, parse

    try:
        document = parse(read_text(str(path)))
    except SourceError as error:
        where = error.position or Position(1, 1)
        _problem_at(path, where.line, where.column, error.message, language)
    except LoadError as error:
        raise load_problems(error, language) from None
    if document.value is None:
        # An empty file (or one of comments only) is a mistake, not "no mapping".
        _problem_at(path, 1, 1, m("mapping.empty", language), language)
    return document


def mapping_questionnaire(path: Path, document: Document, language: str, *, needed: bool) -> str | None:
    """The questionnaire the mapping file at `path` names, as a file load_model reads.

    It is the id of a questionnaire (bundled, or in a `questionnaires` folder beside the
    mapping's folder), or the path of a .yaml, .yml or .json file, relative to the
    mapping file's folder; anything else is a problem in the mapping file, even when
    --questionnaire is given (`needed` False: checked, not looked up).
    """
    from .. import resources
    from ..model import ID_PATTERN

    value = document.value
    if not isinstance(value, dict) or value.get("questionnaire") is None:
        return None
    ref = value["questionnaire"]
    where = document.position(("questionnaire",))
    if isinstance(ref, str) and re.fullmatch(ID_PATTERN, ref):
        if not needed:
            return None
        found = resources.find_by_id("questionnaires", ref, path)
        if found is None:
            available = ", ".join(resources.bundled_ids())
            _problem_at(
                path,
                where.line,
                where.column,
                m("mapping.questionnaire-unknown", language, value=ref, available=available or "-"),
                language,
            )
        return str(found)
    if isinstance(ref, str) and ref.strip() and "\0" not in ref and ref.casefold().endswith((".yaml", ".yml", ".json")):
        if not needed:
            return None
        file = Path(ref)
        return str(file if file.is_absolute() else path.parent / file)
    _problem_at(path, where.line, where.column, m("mapping.questionnaire", language), language)


def check_mapping(path: Path, document: Document, model: MaturityModel, language: str) -> MappingFile:
    """The mapping file checked against the questionnaire; every problem at its place."""
    from ..loader import Located
    from .matching import check_mapping as check

    mapping, problems = check(document.value, model.questionnaire, language)
    if problems or mapping is None:
        located = []
        for problem in problems:
            where = document.position(problem.path, key=problem.key)
            located.append(Located(str(path), where.line, where.column, problem.message))
        raise BatchError("", problems=_placed(located, language))
    return mapping


# -- the export ---------------------------------------------------------------------


def open_export(export: Path, source: str) -> ExportTable:
    from ..survey import ExportError
    from ..survey import open_export as open_table

    try:
        return open_table(export, source)
    except ExportError as error:
        raise BatchError(error.message) from None  # a sentence without its full stop


def column_list(table: ExportTable, limit: int = 12) -> str:
    names = [c.heading or c.code or f"column {c.index + 1}" for c in table.columns]
    shown = ", ".join(f'"{" ".join(n.split())[:60]}"' for n in names[:limit])
    return shown + (", …" if len(names) > limit else "")


def _find(table: ExportTable, name: str | None, usage: str, language: str, as_usage: bool) -> Column | None:
    """The column a user named; a name the export lacks is a BatchError."""
    from .matching import find_column

    if name is None:
        return None
    column = find_column(table.columns, name)
    if column is None:
        raise BatchError(m(usage, language, value=f'"{name}"', columns=column_list(table)), usage=as_usage)
    return column


def columns_of(
    table: ExportTable, mapping: MappingFile | None, group_by: str | None, language: str
) -> tuple[Column | None, Column | None]:
    """The group and respondent id columns: --group-by is a usage error when the export
    lacks it (exit 2), the mapping's names are bad input (exit 1)."""
    if group_by is not None:
        group = _find(table, group_by, "usage.group-by", language, True)
    else:
        group = _find(table, mapping.group_by if mapping else None, "mapping.group-by", language, False)
    respondent = _find(
        table, mapping.respondent_id if mapping else None, "usage.respondent", language, False
    )
    return group, respondent
