"""The mapping file written beside each survey: which column is which question, and
which cell text is which option, as that tool's export writes them.

batch would find most of these by itself; writing them down means the round trip
never rests on a guess (and names the questions whose codes had to be shortened).
"""

from __future__ import annotations

from typing import Any

import yaml

from .shape import GROUP_CODE, Survey

# How each tool's export heads a question's column, and writes its answers.
_HEADED_BY_CODE = {"qualtrics", "limesurvey"}


def mapping_yaml(survey: Survey) -> str:
    """The mapping file for `batch --mapping`, as YAML text."""
    columns: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    for question in survey.questions:
        heading = question.code if survey.tool in _HEADED_BY_CODE else survey.t(question.text)
        columns[heading] = question.id
        if survey.tool == "limesurvey":
            values[question.id] = {option.code: option.id for option in question.options}
    document: dict[str, Any] = {"questionnaire": survey.questionnaire_id}
    if survey.group_question is not None:
        document["group_by"] = (
            GROUP_CODE if survey.tool in _HEADED_BY_CODE else survey.group_question
        )
    if survey.tool == "qualtrics":
        # the survey states recode values 1..n in option order
        document["numbers"] = "positions"
    document["columns"] = columns
    if values:
        document["values"] = values
    header = (
        f"# Mapping for the {survey.tool} export of {survey.questionnaire_id} "
        f"{survey.questionnaire_version}, written with the survey.\n"
        f"# Use it as: socialmaturity batch EXPORT --mapping THIS-FILE\n"
    )
    return header + yaml.safe_dump(
        document, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )
