"""Carrying an answers file over to a newer version of its questionnaire.

A migration file (`questionnaires/migrations/<id>-<from>-to-<to>.yaml`) declares, for
every question of the older version, the question it became and, for every option, the
option nearest to it, or `null` with the reason it cannot be carried over. Options marked
`confirm` carry over as a proposal for the room to check. Answers, notes and workshop votes
move along; nothing is dropped without being listed.

    from socialmaturity.migration import migrate_file
    migrated = migrate_file("harbourlight-2025.yaml")
    migrated.sheet             # the answers file for the newer version
    migrated.not_carried       # each answer left behind, and why
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import resources
from .i18n import N_, said
from .loader import LoadError, Located, load_answers, load_model, read_text
from .model import AnswerSheet, Id, Version
from .scoring import MaturityModel
from .yamlsource import SourceError, parse


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class _Ref(_Strict):
    questionnaire: Id
    version: Version


class OptionMove(_Strict):
    source: Id = Field(alias="from")
    to: Id | None
    confirm: str | None = None
    reason: str | None = None


class QuestionMove(_Strict):
    id: Id
    to: Id | None
    note: str | None = None
    reason: str | None = None
    options: list[OptionMove] = Field(default_factory=list)


class Migration(_Strict):
    """A declared mapping from one version of a questionnaire to another."""

    source: _Ref = Field(alias="from")
    to: _Ref
    questions: list[QuestionMove]
    new_questions: list[Id] = Field(default_factory=list)


@dataclass(frozen=True)
class Left:
    """An answer (or a whole question) that could not be carried over, and why."""

    question: str
    option: str | None
    reason: str


@dataclass(frozen=True)
class ToConfirm:
    question: str
    option: str
    check: str


@dataclass
class Migrated:
    sheet: AnswerSheet
    model: MaturityModel
    carried: int = 0
    not_carried: list[Left] = field(default_factory=list)
    to_confirm: list[ToConfirm] = field(default_factory=list)
    new_questions: list[str] = field(default_factory=list)


def migration_path(questionnaire: str, version: str, to: str) -> Path:
    return resources.bundled("questionnaires") / "migrations" / f"{questionnaire}-{version}-to-{to}.yaml"


def read_migration(path: Path) -> Migration:
    """A migration file, checked; LoadError when it cannot be used."""
    try:
        document = parse(read_text(str(path)))
        return Migration.model_validate(document.value)
    except SourceError as error:
        where = error.position
        raise LoadError(
            [Located(str(path), where.line if where else 1, where.column if where else 1, error.message)]
        ) from None
    except ValidationError as error:
        problem = said(N_("not a valid migration: {problem}"), problem=error.errors()[0]["msg"])
        raise LoadError([Located(str(path), 1, 1, problem)]) from None


def migrate(sheet: AnswerSheet, migration: Migration, target: MaturityModel) -> Migrated:
    """`sheet`'s answers, notes and votes carried over to `target` through `migration`."""
    questions = {q.id: q for q in target.questionnaire.questions}
    moves = {m.id: m for m in migration.questions}
    result = Migrated(sheet, target, new_questions=list(migration.new_questions))
    answers: dict[str, str] = {}
    notes: dict[str, str] = {}
    votes: dict[str, dict[str, str | None]] = {}

    def option_to(move: QuestionMove, option: str | None) -> tuple[str | None, OptionMove | None]:
        for candidate in move.options:
            if candidate.source == option:
                return candidate.to, candidate
        return None, None

    # every question the file says anything about, in the order the file has them
    for question_id in dict.fromkeys([*sheet.answers, *sheet.notes, *sheet.votes]):
        move = moves.get(question_id)
        if move is None or move.to is None or move.to not in questions:
            reason = (move.reason if move else None) or said(N_("the newer version has no such question"))
            result.not_carried.append(Left(question_id, sheet.answers.get(question_id), reason))
            continue
        target_question = questions[move.to]
        extra: list[str] = []
        option = sheet.answers.get(question_id)
        if option is not None:
            new_option, how = option_to(move, option)
            if new_option is None or target_question.option(new_option) is None:
                reason = (how.reason if how else None) or said(N_("option '{option}' has no counterpart"), option=option)
                result.not_carried.append(Left(question_id, option, reason))
            else:
                answers[move.to] = new_option
                result.carried += 1
                if how is not None and how.confirm:
                    result.to_confirm.append(ToConfirm(move.to, new_option, how.confirm))
                    # written into the answers file: in the file's own language
                    carried = said(
                        N_("Carried over from version {version}; check: {check}"),
                        version=migration.source.version,
                        check=how.confirm,
                    )
                    extra.append(carried.in_(sheet.language or "en"))
        note = sheet.notes.get(question_id)
        if note or extra:
            notes[move.to] = "\n".join([*([note] if note else []), *extra])
        ballot = sheet.votes.get(question_id)
        if ballot:
            # a vote without a counterpart becomes an abstention: the voter still took part
            votes[move.to] = {
                name: (option_to(move, choice)[0] if choice is not None else None) for name, choice in ballot.items()
            }
    result.sheet = sheet.model_copy(
        update={
            "questionnaire": target.questionnaire.id,
            "questionnaire_version": target.questionnaire.version,
            "questionnaire_hash": target.hash,
            "answers": answers,
            "notes": notes,
            "votes": votes,
        }
    )
    return result


def migrate_file(name: str, to: str | None = None, *, stdin: bytes | None = None) -> Migrated:
    """The answers file `name` carried over to version `to` of its questionnaire (default:
    the bundled one). LoadError when the file, the target or the migration cannot be used."""
    sheet, source = load_answers(name, stdin=stdin)
    target = load_model(source.questionnaire.id, version=to)
    if to is not None and target.questionnaire.version != to:
        problem = said(N_("version {version} of '{questionnaire}' is not bundled"), version=to, questionnaire=source.questionnaire.id)
        raise LoadError([Located(name, 1, 1, problem)])
    if target.questionnaire.version == source.questionnaire.version:
        problem = said(N_("these answers are for version {version} already"), version=source.questionnaire.version)
        raise LoadError([Located(name, 1, 1, problem)])
    path = migration_path(source.questionnaire.id, source.questionnaire.version, target.questionnaire.version)
    if not path.is_file():
        raise LoadError(
            [
                Located(
                    name,
                    1,
                    1,
                    said(
                        N_("no migration from version {version} to {to} of '{questionnaire}' is bundled"),
                        version=source.questionnaire.version,
                        to=target.questionnaire.version,
                        questionnaire=source.questionnaire.id,
                    ),
                )
            ]
        )
    return migrate(sheet, read_migration(path), target)
