"""`socialmaturity survey export`: the questionnaire as a survey to import into a survey tool.

Light at import time: the writers load inside the command.
"""


from pathlib import Path
from typing import Annotated

import typer

from ..status import ExitStatus
from . import LangOption, QuestionnaireOption, fail, load_problems, say

TOOLS_HELP = "qualtrics (QSF), limesurvey (tab-separated .txt), google-forms (Apps Script), microsoft-forms (Word .docx for Quick Import), typeform (Create API JSON)"


def mapping_path(output: Path) -> Path:
    """Where the mapping file goes by default: beside the survey, `NAME.mapping.yaml`."""
    return output.with_name(output.stem + ".mapping.yaml")


def survey_export(
    to: Annotated[str, typer.Option("--to", "-t", help=f"The survey tool: {TOOLS_HELP}.", show_default=False)],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The file to write for the tool.", metavar="FILE", show_default=False)
    ],
    questionnaire: QuestionnaireOption = None,
    lang: LangOption = None,
    group_question: Annotated[
        str | None,
        typer.Option(
            "--group-question",
            help="Ask this first, as free text (e.g. Department); batch groups the export by its answers.",
        ),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping-out", help="Where to write the mapping file for batch (default: FILE's name + .mapping.yaml).", metavar="FILE"
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the files if they exist.")] = False,
) -> None:
    """Write the questionnaire as a survey for Qualtrics, LimeSurvey, Google Forms, Microsoft Forms or Typeform, and the mapping file batch needs for its export."""
    from ..files import OutputError, check_target, same_file, write_bytes, write_text
    from ..i18n import LANGUAGES, message, pick_language
    from ..loader import LoadError, load_model
    from ..surveyexport import TOOLS, export_survey
    from ..surveyexport.messages import MESSAGES, TOOL_NAMES

    ui = pick_language(lang, available=LANGUAGES)
    if to not in TOOLS:
        fail(message(MESSAGES, "usage.tool", ui, tools=", ".join(TOOLS), value=to), ExitStatus.USAGE)
    try:
        model = load_model(questionnaire)
    except LoadError as error:
        load_problems(error)
    languages = model.questionnaire.languages
    if lang is not None and lang not in languages:
        fail(message(MESSAGES, "usage.lang", ui, value=lang, languages=", ".join(languages)), ExitStatus.USAGE)
    language = pick_language(lang, available=languages)
    mapping_file = mapping if mapping is not None else mapping_path(output)
    if mapping_file == output or (output.exists() and mapping_file.exists() and same_file(output, mapping_file)):
        fail(message(MESSAGES, "usage.same", language, path=output), ExitStatus.USAGE)
    for target in (output, mapping_file):
        try:
            check_target(target)  # a folder, a link or a device is never replaced
        except OutputError as error:
            fail(error.describe(language, "--output" if target == output else "--mapping-out"))
        if target.exists() and not force:
            fail(message(MESSAGES, "exists", language, path=target))
    survey = export_survey(model, to, language=language, group_question=group_question)
    try:
        write_bytes(output, survey.content)
        write_text(mapping_file, survey.mapping)
    except OutputError as error:
        fail(error.describe(language))
    tool = TOOL_NAMES[to]
    carried = languages if to in ("qualtrics", "limesurvey") else [language]
    say(
        message(
            MESSAGES,
            "written",
            language,
            path=output,
            tool=tool,
            questions=len(model.questionnaire.questions),
            sections=len(model.roadmap.phases),
            languages=", ".join(message(MESSAGES, f"language.{code}", language) if f"language.{code}" in MESSAGES else code for code in carried),
        )
    )
    for loss in survey.losses:
        say(
            message(
                MESSAGES,
                loss,
                language,
                tool=tool,
                language=message(MESSAGES, f"language.{language}", language) if f"language.{language}" in MESSAGES else language,
                count=len(survey.changed_codes),
                limit=20,
                codes=", ".join(f"{code} = {qid}" for qid, code in survey.changed_codes.items()),
            )
        )
    say(message(MESSAGES, "mapping", language, path=mapping_file))


def register(app: typer.Typer) -> None:
    survey_app = typer.Typer(
        help="Build the survey in a survey tool from the questionnaire, with the mapping batch needs.",
        no_args_is_help=True,
    )
    survey_app.command("export")(survey_export)
    app.add_typer(survey_app, name="survey")
