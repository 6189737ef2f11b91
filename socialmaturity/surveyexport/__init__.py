"""The questionnaire as a survey the analyst imports into a survey tool.

    from socialmaturity.surveyexport import export_survey
    survey = export_survey(model, "limesurvey", language="nl")
    survey.content   # the bytes to import
    survey.mapping   # the mapping file `batch --mapping` reads for that tool's export

One module per tool, each small: `qualtrics` (QSF), `limesurvey` (tab-separated survey
format), `google_forms` (an Apps Script), `microsoft_forms` (a Word document for Quick
Import), `typeform` (the Create API's JSON body). Every tool gets the questions in
questionnaire order, one section per roadmap phase, the options in option order, and
question codes that make the tool's export match the questionnaire exactly (`codes.py`).
What a tool cannot carry is listed in `SurveyFile.losses`, so the command can say so.

Pure: no IO, no printing, no clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from ..scoring import MaturityModel
from .mapping import mapping_yaml
from .shape import Survey, build_survey

TOOLS: Final = ("qualtrics", "limesurvey", "google-forms", "microsoft-forms", "typeform")

EXTENSIONS: Final = {
    "qualtrics": ".qsf",
    "limesurvey": ".txt",
    "google-forms": ".gs",
    "microsoft-forms": ".docx",
    "typeform": ".json",
}


@dataclass(frozen=True)
class SurveyFile:
    """What one tool imports, and what batch needs to read that tool's export back."""

    tool: str
    content: bytes
    mapping: str  # a mapping file (YAML) for `batch --mapping`
    losses: tuple[str, ...] = field(default_factory=tuple)  # keys of `messages.MESSAGES`
    changed_codes: dict[str, str] = field(default_factory=dict)  # question id -> shorter code


class UnknownTool(ValueError):
    pass


def export_survey(
    model: MaturityModel, tool: str, *, language: str, group_question: str | None = None
) -> SurveyFile:
    """The survey for `tool` in `language`; `group_question` adds a first free-text
    question (e.g. "Department") whose answers batch groups by."""
    from . import google_forms, limesurvey, microsoft_forms, qualtrics, typeform

    writers: dict[str, Callable[[Survey], tuple[bytes, tuple[str, ...]]]] = {
        "qualtrics": qualtrics.write,
        "limesurvey": limesurvey.write,
        "google-forms": google_forms.write,
        "microsoft-forms": microsoft_forms.write,
        "typeform": typeform.write,
    }
    if tool not in writers:
        raise UnknownTool(tool)
    survey = build_survey(model, tool, language=language, group_question=group_question)
    content, losses = writers[tool](survey)
    return SurveyFile(
        tool,
        content,
        mapping_yaml(survey),
        losses,
        {q.id: q.code for q in survey.questions if q.code != q.id.replace("-", "")},
    )


__all__ = ["EXTENSIONS", "TOOLS", "Survey", "SurveyFile", "UnknownTool", "export_survey"]
