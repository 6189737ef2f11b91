"""`socialmaturity questionnaire list|show`, `validate` and `schema`: the model files themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import N_, nN_, said
from ..status import ExitStatus
from . import (
    JsonOption,
    LangOption,
    choose_language,
    current,
    emit,
    emit_json,
    fail,
    load_problems,
    m,
    say,
    speaking,
    stdin_for,
)

_VALID = {
    "questionnaire": N_("{name}: valid questionnaire"),
    "roadmap": N_("{name}: valid roadmap"),
    "answers": N_("{name}: valid answers file"),
}


def questionnaire_list() -> None:
    """List the bundled questionnaires: id, version, languages, questions, title."""
    from ..i18n import text
    from ..loader import LoadError, load_model
    from ..resources import bundled_questionnaires

    for path in bundled_questionnaires():
        try:
            model = load_model(str(path))
        except LoadError as error:
            load_problems(error)
        q = model.questionnaire
        emit(
            f"{q.id}\t{q.version}\t{','.join(q.languages)}\t{len(q.questions)} questions\t"
            f"{text(q.title, q.languages[0])}"
        )


def questionnaire_show(
    questionnaire: Annotated[str, typer.Argument(help="A questionnaire id or a path to its YAML file.", metavar="ID|PATH")],
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show a questionnaire with its roadmap: phases, dimensions and every question."""
    from ..loader import LoadError, load_model

    try:
        model = load_model(questionnaire, stdin=stdin_for(questionnaire))
    except LoadError as error:
        load_problems(error)
    q = model.questionnaire
    language = choose_language(lang, available=q.languages)
    if as_json:
        from ..views import questionnaire_json

        emit_json(questionnaire_json(model, language))
        return
    from ..terminal import console, questionnaire_view

    console(current()).print(questionnaire_view(model, language))


def validate(
    paths: Annotated[
        list[str], typer.Argument(
            help="Questionnaire, roadmap and answers files (YAML or JSON); - for stdin.", metavar="PATH..."
        )
    ],
    lang: LangOption = None,
) -> None:
    """Check files and print every problem as PATH:LINE:COLUMN: message."""
    from ..i18n import LANGUAGES, shown_in
    from ..loader import validate_files

    language = choose_language(lang, available=list(LANGUAGES))

    if paths.count("-") > 1:
        fail(said(N_("stdin (-) can be given only once")), ExitStatus.USAGE)
    from ..safetext import visible

    files = validate_files(paths, stdin=stdin_for(*paths))
    bad = 0
    for loaded in files:
        for problem in loaded.problems:
            emit(visible(f"{problem.file}:{problem.line}:{problem.column}: {shown_in(problem.message, language)}"))
        if loaded.problems:
            bad += 1
        else:
            say(m(_VALID.get(loaded.kind or "", N_("{name}: valid")), name=loaded.name))
    if bad:
        fail(said(nN_("{bad} of {count} file not valid", "{bad} of {count} files not valid"), bad=bad, count=len(files)))


SCHEMA_KINDS = ("questionnaire", "roadmap", "answers")


def schema(
    kind: Annotated[str, typer.Argument(help="questionnaire, roadmap or answers.", metavar="KIND")],
) -> None:
    """Print the JSON Schema of a file kind, for editors to check and complete files."""
    if kind not in SCHEMA_KINDS:
        fail(said(N_("unknown kind '{kind}'; choose one of {kinds}"), kind=kind, kinds=", ".join(SCHEMA_KINDS)), ExitStatus.USAGE)
    from ..model import MODEL_OF_KIND

    document = MODEL_OF_KIND[kind].model_json_schema()
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://socialmaturity.invalid/schema/{kind}.json",
        **document,
    }
    emit_json(document)




def register(app: typer.Typer) -> None:
    questionnaire_app = typer.Typer(help="List the bundled questionnaires and show one.", no_args_is_help=True)
    questionnaire_app.command("list")(questionnaire_list)
    questionnaire_app.command("show")(questionnaire_show)
    app.add_typer(questionnaire_app, name="questionnaire")
    app.command("validate")(validate)
    app.command("migrate")(migrate)
    app.command("schema")(schema)


def migrate(
    answers: Annotated[str, typer.Argument(help="An answers file made with an earlier version of its questionnaire.", metavar="ANSWERS")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The answers file to write for the newer version.")],
    to: Annotated[str | None, typer.Option("--to", help="The version to carry the answers to (default: the bundled one).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")] = False,
) -> None:
    """Carry an answers file over to a newer questionnaire version, listing what could not be carried."""
    from ..files import OutputError, first_clash, write_text
    from ..interview.sheetfile import dump_sheet
    from ..loader import STDIN, LoadError
    from ..migration import migrate_file

    if answers != STDIN and first_clash([output], [Path(answers)]) is not None:
        fail(said(N_("--output {output} is the answers file itself; choose another name"), output=output), ExitStatus.USAGE)
    if output.exists() and not force:
        fail(said(N_("{output} exists already; choose another name, or add --force to replace it"), output=output), ExitStatus.USAGE)
    try:
        migrated = migrate_file(answers, to, stdin=stdin_for(answers))
    except LoadError as error:
        load_problems(error)
    text = dump_sheet(migrated.sheet, migrated.model.questionnaire)
    try:
        write_text(output, text)
    except OutputError as error:
        fail(error.describe(speaking(), option="--output"))
    version = migrated.model.questionnaire.version
    say(
        m(
            nN_(
                "Carried {count} answer over to version {version}: written to {output}.",
                "Carried {count} answers over to version {version}: written to {output}.",
            ),
            count=migrated.carried,
            version=version,
            output=output,
        )
    )
    for left in migrated.not_carried:
        what = f"'{left.option}'" if left.option else m(N_("its notes"))
        say(m(N_("- not carried: {question} ({what}): {reason}"), question=left.question, what=what, reason=left.reason))
    for check in migrated.to_confirm:
        say(m(N_("- to check with the room: {question} ({option}): {check}"), question=check.question, option=check.option, check=check.check))
    if migrated.new_questions:
        say(m(N_("New in version {version}, to be answered: {questions}."), version=version, questions=", ".join(migrated.new_questions)))
        say(m(N_("Continue with: socialmaturity assess --resume {output}"), output=output))
