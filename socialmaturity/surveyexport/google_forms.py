"""Google Forms: an Apps Script that creates the form in the analyst's own account.

Paste it into a new project at script.google.com and run `createSurvey` once: it
creates the form with `FormApp.create`, a page break per roadmap phase and one
multiple-choice item per question (its help text set), and logs the form's links.
The response sheet heads each column with the question's title and writes the
chosen label, which batch matches as the question's text and the option's label.
One language per form (Google Forms has no translations).
"""

from __future__ import annotations

import json

from .shape import Survey


def _js(value: str) -> str:
    # JSON is a JavaScript string literal; </ and line separators are escaped so the
    # text can never end the string or the script early.
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("</", "<\\/")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def write(survey: Survey) -> tuple[bytes, tuple[str, ...]]:
    lines = [
        "// Creates the survey in Google Forms. Run createSurvey once from script.google.com;",
        f"// questionnaire {survey.questionnaire_id} {survey.questionnaire_version}, language {survey.language}.",
        "function createSurvey() {",
        f"  var form = FormApp.create({_js(survey.t(survey.title))});",
        "  form.setProgressBar(true);",
        "  var item;",
    ]
    for index, section in enumerate(survey.sections):
        members = [q for q in survey.questions if q.section == index]
        if index == 0:
            lines.append(f"  form.setDescription({_js(survey.t(section.name))});")
            if survey.group_question is not None:
                lines.append(
                    f"  form.addTextItem().setTitle({_js(survey.group_question)}).setRequired(true);"
                )
        else:
            lines.append(f"  form.addPageBreakItem().setTitle({_js(survey.t(section.name))});")
        for question in members:
            labels = ", ".join(_js(survey.t(option.label)) for option in question.options)
            lines.append("  item = form.addMultipleChoiceItem();")
            lines.append(f"  item.setTitle({_js(survey.t(question.text))});")
            if question.help:
                lines.append(f"  item.setHelpText({_js(survey.t(question.help))});")
            lines.append(f"  item.setChoiceValues([{labels}]);")
    lines += [
        "  Logger.log('Edit: ' + form.getEditUrl());",
        "  Logger.log('Share: ' + form.getPublishedUrl());",
        "}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8"), ("loss.one-language", "loss.outside-scale")
