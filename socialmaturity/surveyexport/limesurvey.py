"""LimeSurvey: the tab-separated survey format (Surveys > Import, a `.txt` file).

One row per element, headed `id, related_id, class, type/scale, name, relevance, text,
help, language, …`: `S` rows for survey settings, `SL` rows for each language's title,
then per group (one per roadmap phase) and per language a `G` row, a `Q` row per
question (type `L`, a list with one answer; name = the question code, letters and
digits only) followed by its `A` rows (name = the answer code `AO01`, `AO02`, … in
option order). Text is quoted where it holds spaces, as in LimeSurvey's own exports.
Every declared language of the questionnaire is in the file, the chosen one first.
Layout learnt from a real export kept in a public repository (see
tests/data/survey-export/SOURCES.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from .shape import GROUP_CODE, Survey

COLUMNS = (
    "id",
    "related_id",
    "class",
    "type/scale",
    "name",
    "relevance",
    "text",
    "help",
    "language",
    "validation",
    "mandatory",
    "other",
    "default",
    "same_default",
)


def _cell(value: str) -> str:
    if value and any(c in value for c in ' \t\n\r"'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _row(values: dict[str, str]) -> str:
    return "\t".join(_cell(values.get(column, "")) for column in COLUMNS)


def rows(survey: Survey) -> list[dict[str, str]]:
    """Every row of the file, as column -> value."""
    found: list[dict[str, str]] = []
    settings = {
        "language": survey.language,
        "additional_languages": " ".join(survey.languages[1:]),
        "format": "G",  # group by group: one page per phase
        "datestamp": "Y",
        "showgroupinfo": "B",
        "showqnumcode": "X",
    }
    for name, value in settings.items():
        found.append({"class": "S", "name": name, "text": value})
    for language in survey.languages:
        found.append({"class": "SL", "name": "surveyls_title", "text": survey.t(survey.title, language), "language": language})
    question_number = 0
    for index, section in enumerate(survey.sections):
        members = [q for q in survey.questions if q.section == index]
        group_first = index == 0 and survey.group_question is not None
        if not members and not group_first:
            continue
        numbers: list[int] = []
        for _question in range(len(members) + (1 if group_first else 0)):
            question_number += 1
            numbers.append(question_number)
        for language in survey.languages:
            found.append(
                {
                    "id": str(index + 1),
                    "class": "G",
                    "type/scale": str(index + 1),
                    "name": survey.t(section.name, language),
                    "relevance": "1",
                    "language": language,
                }
            )
            ids = iter(numbers)
            if group_first:
                found.append(
                    {
                        "id": str(next(ids)),
                        "class": "Q",
                        "type/scale": "S",
                        "name": GROUP_CODE,
                        "relevance": "1",
                        "text": survey.group_question or "",
                        "language": language,
                        "mandatory": "Y",
                        "other": "N",
                    }
                )
            for question in members:
                qid = str(next(ids))
                found.append(
                    {
                        "id": qid,
                        "class": "Q",
                        "type/scale": "L",
                        "name": question.code,
                        "relevance": "1",
                        "text": survey.t(question.text, language),
                        "help": survey.t(question.help, language),
                        "language": language,
                        "mandatory": "N",
                        "other": "N",
                    }
                )
                for option in question.options:
                    found.append(
                        {
                            "id": qid,
                            "class": "A",
                            "type/scale": "0",
                            "name": option.code,
                            "text": survey.t(option.label, language),
                            "language": language,
                        }
                    )
    return found


def write(survey: Survey) -> tuple[bytes, tuple[str, ...]]:
    lines: Sequence[str] = ["\t".join(COLUMNS), *(_row(row) for row in rows(survey))]
    losses = ["loss.outside-scale"]
    if any(len(q.code) < len(q.id.replace("-", "")) for q in survey.questions):
        losses.append("loss.codes")
    return ("\n".join(lines) + "\n").encode("utf-8"), tuple(losses)
