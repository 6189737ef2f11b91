"""Typeform: the JSON body of the Create API (`POST https://api.typeform.com/forms`).

One `group` field per roadmap phase holding its questions as `multiple_choice` fields;
each field's and choice's `ref` is our id, the help text is the field's description.
The CSV export heads each column with the field's title and writes the chosen label,
which batch matches as the question's text and the option's label. One language per
form: Typeform has no translations in the Create API.
"""

from __future__ import annotations

import json
from typing import Any

from .shape import GROUP_CODE, Survey


def write(survey: Survey) -> tuple[bytes, tuple[str, ...]]:
    groups: list[dict[str, Any]] = []
    for index, section in enumerate(survey.sections):
        fields: list[dict[str, Any]] = []
        if index == 0 and survey.group_question is not None:
            fields.append(
                {
                    "ref": GROUP_CODE,
                    "title": survey.group_question,
                    "type": "short_text",
                    "validations": {"required": True},
                }
            )
        for question in survey.questions:
            if question.section != index:
                continue
            properties: dict[str, Any] = {
                "allow_multiple_selection": False,
                "randomize": False,
                "vertical_alignment": True,
                "choices": [
                    {"ref": option.id, "label": survey.t(option.label)} for option in question.options
                ],
            }
            if question.help:
                properties["description"] = survey.t(question.help)
            fields.append(
                {
                    "ref": question.id,
                    "title": survey.t(question.text),
                    "type": "multiple_choice",
                    "properties": properties,
                    "validations": {"required": False},
                }
            )
        if fields:
            groups.append(
                {
                    "ref": f"phase-{section.id}",
                    "title": survey.t(section.name),
                    "type": "group",
                    "properties": {"show_button": True, "fields": fields},
                }
            )
    document = {
        "title": survey.t(survey.title),
        "settings": {"language": survey.language, "progress_bar": "percentage", "show_progress_bar": True},
        "fields": groups,
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return text.encode("utf-8") + b"\n", ("loss.one-language", "loss.outside-scale")
