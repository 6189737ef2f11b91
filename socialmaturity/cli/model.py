"""`socialmaturity questionnaire list|show`, `validate` and `schema`: the model files themselves."""


from pathlib import Path
from typing import Annotated

import typer

from ..status import ExitStatus
from . import (
    JsonOption,
    LangOption,
    checked_language,
    current,
    emit,
    emit_json,
    fail,
    load_problems,
    say,
    stdin_for,
)


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
    from ..i18n import pick_language
    from ..loader import LoadError, load_model

    try:
        model = load_model(questionnaire, stdin=stdin_for(questionnaire))
    except LoadError as error:
        load_problems(error)
    q = model.questionnaire
    checked_language(lang, q.languages)
    language = pick_language(lang, available=q.languages)
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
) -> None:
    """Check files and print every problem as PATH:LINE:COLUMN: message."""
    from ..loader import validate_files

    if paths.count("-") > 1:
        fail("stdin (-) can be given only once", ExitStatus.USAGE)
    from ..safetext import visible

    files = validate_files(paths, stdin=stdin_for(*paths))
    bad = 0
    for loaded in files:
        for problem in loaded.problems:
            emit(visible(str(problem)))
        if loaded.problems:
            bad += 1
        else:
            say(f"{loaded.name}: valid {loaded.kind}")
    if bad:
        fail(f"{bad} of {len(files)} file(s) not valid")


SCHEMA_KINDS = ("questionnaire", "roadmap", "answers")


def schema(
    kind: Annotated[str, typer.Argument(help="questionnaire, roadmap or answers.", metavar="KIND")],
) -> None:
    """Print the JSON Schema of a file kind, for editors to check and complete files."""
    if kind not in SCHEMA_KINDS:
        fail(f"unknown kind '{kind}'; choose one of {', '.join(SCHEMA_KINDS)}", ExitStatus.USAGE)
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
        fail(f"--output {output} is the answers file itself; choose another name", ExitStatus.USAGE)
    if output.exists() and not force:
        fail(f"{output} exists already; choose another name, or add --force to replace it", ExitStatus.USAGE)
    try:
        migrated = migrate_file(answers, to, stdin=stdin_for(answers))
    except LoadError as error:
        load_problems(error)
    text = dump_sheet(migrated.sheet, migrated.model.questionnaire)
    try:
        write_text(output, text)
    except OutputError as error:
        fail(error.describe(option="--output"))
    version = migrated.model.questionnaire.version
    say(f"Carried {migrated.carried} answer(s) over to version {version}: written to {output}.")
    for left in migrated.not_carried:
        what = f"'{left.option}'" if left.option else "its notes"
        say(f"- not carried: {left.question} ({what}): {left.reason}")
    for check in migrated.to_confirm:
        say(f"- to check with the room: {check.question} ({check.option}): {check.check}")
    if migrated.new_questions:
        say(f"New in version {version}, to be answered: {', '.join(migrated.new_questions)}.")
        say(f"Continue with: socialmaturity assess --resume {output}")
