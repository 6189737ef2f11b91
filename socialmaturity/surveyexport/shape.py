"""The survey every tool's writer starts from: sections, questions, options and codes.

Codes are decided here, once, so that the survey file and its mapping file cannot
disagree. A question's code is its id without `-` (`officialaccounts`), which batch
matches as the id itself; where a tool limits codes (LimeSurvey: 20 letters and
digits), a longer one is shortened and the mapping file names the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from ..i18n import text
from ..model import Option, Question
from ..scoring import MaturityModel

GROUP_CODE: Final = "group"
"""The code of the optional first question whose answers batch groups by."""

CODE_LIMIT: Final = {"limesurvey": 20}
"""The longest question code a tool accepts (LimeSurvey stores a code in 20 characters)."""

Texts = dict[str, str]  # language -> text


@dataclass(frozen=True)
class SurveyOption:
    id: str
    label: Texts
    position: int  # 1-based, in option order: the tools' default choice code
    code: str  # LimeSurvey's answer code (AO01, ...), at most 5 characters
    kind: str  # "scored", "dont_know" or "not_applicable"


@dataclass(frozen=True)
class SurveyQuestion:
    id: str
    code: str
    section: int  # index into Survey.sections
    text: Texts
    help: Texts | None
    options: tuple[SurveyOption, ...]


@dataclass(frozen=True)
class Section:
    id: str
    name: Texts


@dataclass(frozen=True)
class Survey:
    tool: str
    questionnaire_id: str
    questionnaire_version: str
    language: str  # the survey's language; LimeSurvey and Qualtrics also carry the others
    languages: tuple[str, ...]  # `language` first
    title: Texts
    sections: tuple[Section, ...]
    questions: tuple[SurveyQuestion, ...]
    group_question: str | None  # its text, in every language alike

    def t(self, texts: Texts | None, language: str | None = None) -> str:
        """A text in the survey's language (or `language`)."""
        return text(texts, language or self.language) if texts else ""


def _kind(option: Option) -> str:
    if option.not_applicable:
        return "not_applicable"
    if option.dont_know:
        return "dont_know"
    return "scored"


def question_code(question_id: str, taken: set[str], limit: int | None) -> str:
    """Letters and digits only, starting with a letter, unique, within `limit`."""
    code = re.sub(r"[^a-z0-9]", "", question_id.lower())
    if not code or not code[0].isalpha():
        code = "q" + code
    if limit is not None and len(code) > limit:
        code = code[:limit]
    number = 2
    base = code
    while code in taken or code == GROUP_CODE:
        suffix = str(number)
        code = (base[: limit - len(suffix)] if limit is not None else base) + suffix
        number += 1
    taken.add(code)
    return code


def build_survey(
    model: MaturityModel, tool: str, *, language: str, group_question: str | None = None
) -> Survey:
    """The questionnaire laid out for `tool`, one section per roadmap phase."""
    questionnaire = model.questionnaire
    phases = model.roadmap.phases
    languages = (language, *(other for other in questionnaire.languages if other != language))
    sections = tuple(Section(phase.id, dict(phase.name)) for phase in phases)
    place = {phase.id: i for i, phase in enumerate(phases)}
    taken: set[str] = set()
    limit = CODE_LIMIT.get(tool)
    questions = []
    ordered: list[Question] = sorted(
        questionnaire.questions, key=lambda q: place.get(q.phase, len(phases))
    )
    for question in ordered:
        options = tuple(
            SurveyOption(
                option.id,
                dict(option.label),
                position,
                f"AO{position:02d}",
                _kind(option),
            )
            for position, option in enumerate(question.options, start=1)
        )
        questions.append(
            SurveyQuestion(
                question.id,
                question_code(question.id, taken, limit),
                place.get(question.phase, 0),
                dict(question.text),
                dict(question.help) if question.help else None,
                options,
            )
        )
    return Survey(
        tool,
        questionnaire.id,
        questionnaire.version,
        language,
        languages,
        dict(questionnaire.title),
        sections,
        tuple(questions),
        group_question.strip() if group_question and group_question.strip() else None,
    )
