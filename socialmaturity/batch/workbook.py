"""The overview as a workbook (`batch --xlsx`): the same numbers as the overview PDF.

Sheets: `overview` (each group's respondents, phase and group scores; groups under the
minimum size without scores), `phases reached` (respondents per phase reached) and
`divided questions`. Text from the export is made safe for a spreadsheet (no formula).
"""

from __future__ import annotations

import datetime as dt
import io

from ..i18n import N_, Catalogue, message
from .overview import GroupLine, Overview

MESSAGES: Catalogue = {
    "sheet.overview": N_("overview"),
    "sheet.reached": N_("phases reached"),
    "sheet.splits": N_("divided questions"),
    "group": N_("group"),
    "respondents": N_("respondents"),
    "complete": N_("complete"),
    "shown": N_("shown alone"),
    "rank": N_("rank"),
    "phase": N_("phase reached"),
    "start": N_("no phase yet"),
    "yes": N_("yes"),
    "no": N_("no (under {minimum})"),
    "total": N_("All respondents"),
    "question": N_("question"),
    "question-text": N_("text"),
    "iqr": N_("IQR (scale steps)"),
    "between": N_("groups apart (steps)"),
    "lowest": N_("lowest group"),
    "highest": N_("highest group"),
    "answers": N_("answers"),
}


def _safe(value: str) -> str:
    # a group name from the export must not become a formula in Excel
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def workbook_bytes(overview: Overview, created: dt.date | None = None) -> bytes:
    """The workbook's bytes; `created` fixes its metadata date (no clock is read)."""
    import openpyxl

    language = overview.language

    def t(key: str, **values: object) -> str:
        return message(MESSAGES, key, language, **values)

    book = openpyxl.Workbook()
    stamp = dt.datetime.combine(created or dt.date(2000, 1, 1), dt.time())
    book.properties.created = stamp
    book.properties.modified = stamp
    sheet = book.active
    sheet.title = t("sheet.overview")
    sheet.append(
        [
            t("rank"),
            t("group"),
            t("respondents"),
            t("complete"),
            t("shown"),
            t("phase"),
            *(f"{name} (0-100)" for name in overview.phase_names),
            *(f"{name} (0-100)" for name in overview.dimension_names),
        ]
    )

    def line_cells(rank: object, line: GroupLine) -> list[object]:
        if line.scores is None:
            phase: object = None
        else:
            phase = overview.phase_names[line.phase_index - 1] if line.phase_index else t("start")
        scores = [None if s is None else round(s, 1) for s in (line.scores or ())]
        dims = [None if s is None else round(s, 1) for s in (line.dimensions or ())]
        return [
            rank,
            _safe(line.label),
            line.respondents,
            line.complete,
            t("yes") if line.reported else t("no", minimum=overview.minimum),
            phase,
            *(scores or [None] * len(overview.phase_names)),
            *(dims or [None] * len(overview.dimension_names)),
        ]

    for rank, line in enumerate(overview.groups, start=1):
        sheet.append(line_cells(rank if line.reported else None, line))
    sheet.append(line_cells(None, overview.total))
    reached = book.create_sheet(t("sheet.reached"))
    reached.append([t("group"), t("start"), *overview.phase_names, t("respondents")])
    for line in (*overview.shown, overview.total):
        reached.append([_safe(line.label), *line.reached, line.respondents])
    splits = book.create_sheet(t("sheet.splits"))
    splits.append([t("question"), t("question-text"), t("iqr"), t("between"), t("lowest"), t("highest"), t("answers")])
    for split in overview.splits:
        splits.append(
            [split.question_id, split.text, split.iqr, split.spread_between_groups,
             _safe(split.lowest), _safe(split.highest), split.answers]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
