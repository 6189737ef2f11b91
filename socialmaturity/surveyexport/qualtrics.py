"""Qualtrics: a QSF file (Tools > Import/Export > Import Survey).

A QSF is JSON: `SurveyEntry` and a list of `SurveyElements` — blocks (`BL`), the
flow (`FL`), options (`SO`), one `SQ` per question. Each question is a single-answer
multiple choice (`MC`/`SAVR`) whose `DataExportTag` is the question's code, so the
export's first header row carries it, and whose `RecodeValues` state 1..n in option
order, the numbers a numeric download holds. The other languages ride along as the
question's translations. Layout learnt from real QSF files (SOURCES.md in
tests/data/survey-export/).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .shape import GROUP_CODE, Survey

SURVEY_ID = "SV_socialmaturity"


def _id(prefix: str, seed: str) -> str:
    # Qualtrics gives every element a new id on import; fixed ones keep the file reproducible.
    return prefix + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:15]


def _lang(language: str) -> str:
    return language.upper()  # Qualtrics' codes: EN, NL


def _element(kind: str, primary: str, payload: Any, secondary: str | None = None) -> dict[str, Any]:
    return {
        "SurveyID": SURVEY_ID,
        "Element": kind,
        "PrimaryAttribute": primary,
        "SecondaryAttribute": secondary,
        "TertiaryAttribute": None,
        "Payload": payload,
    }


def _no_validation() -> dict[str, Any]:
    # answers stay optional: batch counts an unanswered question, a forced answer would be a guess
    return {"Settings": {"ForceResponse": "OFF", "ForceResponseType": "ON", "Type": "None"}}


def write(survey: Survey) -> tuple[bytes, tuple[str, ...]]:
    questions: list[dict[str, Any]] = []
    blocks: list[list[str]] = [[] for _ in survey.sections]
    number = 0
    if survey.group_question is not None:
        number += 1
        qid = f"QID{number}"
        blocks[0].append(qid)
        questions.append(
            _element(
                "SQ",
                qid,
                {
                    "QuestionText": survey.group_question,
                    "DefaultChoices": False,
                    "DataExportTag": GROUP_CODE,
                    "QuestionID": qid,
                    "QuestionType": "TE",
                    "Selector": "SL",
                    "Configuration": {"QuestionDescriptionOption": "UseText"},
                    "QuestionDescription": survey.group_question,
                    "Validation": _no_validation(),
                    "Language": [],
                },
                survey.group_question,
            )
        )
    for question in survey.questions:
        number += 1
        qid = f"QID{number}"
        blocks[question.section].append(qid)
        keys = [str(option.position) for option in question.options]
        translations = {
            _lang(language): {
                "QuestionText": survey.t(question.text, language),
                "Choices": {
                    key: {"Display": survey.t(option.label, language)}
                    for key, option in zip(keys, question.options, strict=True)
                },
            }
            for language in survey.languages[1:]
        }
        shown = survey.t(question.text)
        questions.append(
            _element(
                "SQ",
                qid,
                {
                    "QuestionText": shown,
                    "DefaultChoices": False,
                    "DataExportTag": question.code,
                    "QuestionID": qid,
                    "QuestionType": "MC",
                    "Selector": "SAVR",
                    "SubSelector": "TX",
                    "Configuration": {"QuestionDescriptionOption": "UseText"},
                    "QuestionDescription": shown,
                    "Choices": {
                        key: {"Display": survey.t(option.label)}
                        for key, option in zip(keys, question.options, strict=True)
                    },
                    "ChoiceOrder": keys,
                    "RecodeValues": {key: key for key in keys},
                    "Validation": _no_validation(),
                    "Language": translations or [],
                },
                shown,
            )
        )
    block_ids = [_id("BL_", section.id) for section in survey.sections]
    payload_blocks = [
        {
            "Type": "Default" if i == 0 else "Standard",
            "Description": survey.t(section.name),
            "ID": block_id,
            "BlockElements": [{"Type": "Question", "QuestionID": qid} for qid in blocks[i]],
        }
        for i, (section, block_id) in enumerate(zip(survey.sections, block_ids, strict=True))
    ]
    flow = [
        {"ID": block_id, "Type": "Block" if i == 0 else "Standard", "FlowID": f"FL_{i + 2}"}
        for i, block_id in enumerate(block_ids)
    ]
    document = {
        "SurveyEntry": {
            "SurveyID": SURVEY_ID,
            "SurveyName": survey.t(survey.title),
            "SurveyDescription": f"{survey.questionnaire_id} {survey.questionnaire_version}",
            "SurveyLanguage": _lang(survey.language),
            "SurveyStatus": "Inactive",
        },
        "SurveyElements": [
            _element("BL", "Survey Blocks", payload_blocks),
            _element(
                "FL",
                "Survey Flow",
                {"Flow": flow, "Properties": {"Count": len(flow) + 1}, "FlowID": "FL_1", "Type": "Root"},
            ),
            _element(
                "SO",
                "Survey Options",
                {
                    "BackButton": "true",
                    "SaveAndContinue": "true",
                    "SurveyProtection": "PublicSurvey",
                    "ProgressBarDisplay": "Text",
                    "PartialData": "+1 week",
                    "SurveyLanguage": _lang(survey.language),
                    "AvailableLanguages": {_lang(language): [] for language in survey.languages},
                },
            ),
            _element("QC", "Survey Question Count", None, str(number)),
            *questions,
        ],
    }
    text = json.dumps(document, ensure_ascii=False, indent=1)
    losses = ["loss.help", "loss.outside-scale"]
    return text.encode("utf-8") + b"\n", tuple(losses)
