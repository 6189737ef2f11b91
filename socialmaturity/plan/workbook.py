"""The action plan as an XLSX workbook the client keeps, and read back from it.

The client edits the owner, the due date and the status of each action in Excel; the
ID column ties a row to its action. Reading checks every row and names the cell of
each problem ("Action plan!J7: 'next week' is not a date"), so a plan the report shows
is always the one the client maintains, never a half-understood one.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from typing import Any

from ..i18n import LANGUAGES, N_, Said, said, text
from ..model import Level
from ..scoring import MaturityModel
from . import PlanError
from .draft import LEVELS, STATUSES, Action, Plan, Quarter, Status
from .words import word

COLUMNS = ("id", "kind", "phase", "action", "questions", "effort", "impact", "quarter", "owner", "due", "status")
EDITABLE = ("owner", "due", "status")
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 2000
MAX_OWNER = 200
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(cell: Any, value: object) -> None:
    """Put `value` in `cell` so that a text can never be read as a formula: openpyxl
    writes a text starting with '=' as one, and Excel runs '+', '-' and '@' too. Such a
    text is stored as a plain string, shown as typed (the quote prefix)."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True


def action_title(model: MaturityModel, action: Action, language: str, answers: dict[str, str] | None = None) -> str:
    """An action in words: the next step's title, or the recommendation for the gap's answer."""
    if action.kind == "step":
        for step in [*model.roadmap.start.next_steps, *(s for p in model.roadmap.phases for s in p.next_steps)]:
            if step.id == action.key:
                return text(step.title, language)
        return action.key
    question = model.questionnaire.questions[model.plan.index[action.key]]
    answer = (answers or {}).get(action.key)
    return text(question.recommendation_for(answer), language) or text(question.text, language)


def write_plan(model: MaturityModel, plan: Plan, language: str, *, answers: dict[str, str] | None = None) -> bytes:
    """The workbook's bytes: the plan on its first sheet, what it belongs to on the second."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = word("sheet.plan", language)
    headers = [word(f"column.{c}", language) for c in COLUMNS]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1C4E80")
    phase_names = {p.id: text(p.name, language) for p in model.roadmap.phases}
    for row, action in enumerate(plan.actions, 2):
        title = action_title(model, action, language, answers)
        values: list[object] = [
            action.id,
            word(f"kind.{action.kind}", language),
            phase_names.get(action.phase_id, action.phase_id),
            title,
            ", ".join(action.questions),
            word(f"level.{action.effort}", language),
            word(f"level.{action.impact}", language),
            str(Quarter.of(action.due)),
            action.owner,
            action.due,
            word(f"status.{action.status}", language),
        ]
        for column, value in enumerate(values, 1):
            safe_cell(sheet.cell(row=row, column=column), value)
        sheet.cell(row=row, column=10).number_format = "yyyy-mm-dd"
        sheet.cell(row=row, column=4).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGHIJK", (30, 12, 18, 60, 26, 11, 9, 10, 22, 12, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "B2"
    statuses = ",".join(word(f"status.{s}", language) for s in STATUSES)
    choice = DataValidation(type="list", formula1=f'"{statuses}"', allow_blank=True)
    sheet.add_data_validation(choice)
    if plan.actions:
        choice.add(f"K2:K{len(plan.actions) + 1}")
    about = book.create_sheet(word("sheet.about", language))
    rows = [
        ("about.organisation", plan.organisation),
        ("about.assessed-on", plan.assessed_on),
        ("about.questionnaire", plan.questionnaire_id),
        ("about.target", phase_names.get(plan.target.phase, plan.target.phase)),
        ("about.due", plan.due),
    ]
    for label, value in rows:
        about.append([word(label, language), None])
        safe_cell(about.cell(row=about.max_row, column=2), value)
        if isinstance(value, dt.date):
            about.cell(row=about.max_row, column=2).number_format = "yyyy-mm-dd"
    # the target's id for reading back, whatever the language of the names beside it
    about.cell(row=4, column=3).value = plan.target.phase
    about.column_dimensions["C"].hidden = True
    about.append([])
    about.append([word("about.how", language)])
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_target(data: bytes, model: MaturityModel, *, name: str = "plan.xlsx") -> tuple[str, dt.date | None]:
    """The target phase and date a plan workbook was drafted for (its second sheet)."""
    from openpyxl import load_workbook

    if len(data) > MAX_BYTES:
        raise PlanError(_too_large(name))
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises zip, XML and key errors alike
        raise PlanError(_not_a_workbook(name, error)) from None
    phases = [p.id for p in model.roadmap.phases]
    if len(book.worksheets) < 2 or book.worksheets[1]["C4"].value not in phases:
        raise PlanError(said(N_("{name}: no target phase in its second sheet (cell C4); give --target PHASE"), name=name))
    about = book.worksheets[1]
    return str(about["C4"].value), _date(about["B5"].value)


def _too_large(name: str) -> Said:
    return said(
        N_("{name}: larger than {size} MiB; not a plan written by this tool"), name=name, size=MAX_BYTES // (1024 * 1024)
    )


def _not_a_workbook(name: str, error: Exception) -> Said:
    return said(N_("{name}: not an XLSX workbook ({problem})"), name=name, problem=type(error).__name__)


def _labels(prefix: str, ids: tuple[str, ...]) -> dict[str, str]:
    """Every language's label (and the id itself) -> id, compared without case."""
    found: dict[str, str] = {}
    for value in ids:
        found[value.casefold()] = value
        for language in LANGUAGES:
            found[word(f"{prefix}.{value}", language).casefold()] = value
    return found


_STATUS = _labels("status", STATUSES)
_LEVEL = _labels("level", LEVELS)


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def read_plan(data: bytes, drafted: Plan, model: MaturityModel, *, name: str = "plan.xlsx") -> Plan:
    """The plan as the client keeps it: `drafted` with the owners, due dates and statuses
    of the workbook `data`. Actions the client kept that are no longer drafted (a gap
    closed since) stay as written. PlanError names the cell of every problem."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    if len(data) > MAX_BYTES:
        raise PlanError(_too_large(name))
    try:
        # formulas as their text: a cell is kept as the client typed it, never run
        book = load_workbook(io.BytesIO(data), data_only=False)
    except Exception as error:  # openpyxl raises zip, XML and key errors alike
        raise PlanError(_not_a_workbook(name, error)) from None
    sheet = book.worksheets[0]
    title = sheet.title
    header = [str(c.value or "").strip().casefold() for c in next(sheet.iter_rows(min_row=1, max_row=1))]
    columns: dict[str, int] = {}
    for key in COLUMNS:
        names = {word(f"column.{key}", language).casefold() for language in LANGUAGES}
        for index, found in enumerate(header):
            if found in names:
                columns[key] = index
                break
    missing = [key for key in ("id", *EDITABLE) if key not in columns]
    if missing:
        wanted = ", ".join(word(f"column.{key}", "en") for key in missing)
        raise PlanError(
            said(
                N_("{name}: sheet '{title}' has no column {columns} in its first row; is this a plan from `socialmaturity plan`?"),
                name=name,
                title=title,
                columns=wanted,
            )
        )
    if sheet.max_row > MAX_ROWS + 1:
        raise PlanError(
            said(
                N_("{name}: sheet '{title}' has {count} rows; a plan has at most {limit}"),
                name=name,
                title=title,
                count=sheet.max_row - 1,
                limit=MAX_ROWS,
            )
        )
    drafted_ids = {a.id: a for a in drafted.actions}
    steps = {
        s.id: model.roadmap.phases[k].id
        for k, group in enumerate([model.roadmap.start.next_steps, *(p.next_steps for p in model.roadmap.phases[:-1])])
        for s in group
    }
    problems: list[Said] = []
    edits: dict[str, tuple[str, dt.date, Status]] = {}
    kept: list[Action] = []
    seen: dict[str, str] = {}

    def at(row: int, key: str) -> str:
        return f"{name}: {title}!{get_column_letter(columns[key] + 1)}{row}"

    for row_number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), 2):
        cells = list(row)

        def cell(key: str, cells: list[Any] = cells) -> Any:
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else None

        if all(value in (None, "") for value in cells):
            continue
        action_id = str(cell("id") or "").strip()
        if not action_id:
            problems.append(said(N_("{cell}: no ID; a row needs the ID the plan gave it"), cell=at(row_number, "id")))
            continue
        if action_id in seen:
            problems.append(
                said(
                    N_("{cell}: '{id}' appears twice (also in {other})"),
                    cell=at(row_number, "id"),
                    id=action_id,
                    other=seen[action_id],
                )
            )
            continue
        seen[action_id] = at(row_number, "id").split("!", 1)[1]
        kind, _, key = action_id.partition(":")
        known = (kind == "step" and key in steps) or (kind == "gap" and key in model.plan.index)
        if not known:
            problems.append(
                said(
                    N_("{cell}: unknown action '{id}'; it is neither a next step of the roadmap nor a question"),
                    cell=at(row_number, "id"),
                    id=action_id,
                )
            )
            continue
        owner_value = cell("owner")
        owner = "" if owner_value is None else str(owner_value).strip()
        if len(owner) > MAX_OWNER:
            problems.append(
                said(N_("{cell}: an owner of more than {limit} characters"), cell=at(row_number, "owner"), limit=MAX_OWNER)
            )
        due_value = cell("due")
        base = drafted_ids.get(action_id)
        due = _date(due_value) if due_value not in (None, "") else (base.due if base else None)
        if due is None:
            problems.append(
                said(
                    N_("{cell}: '{value}' is not a date; write it as a date, e.g. 2027-03-31"),
                    cell=at(row_number, "due"),
                    value=due_value,
                )
            )
        status_value = str(cell("status") or "").strip()
        status = _STATUS.get(status_value.casefold()) if status_value else "open"
        if status is None:
            allowed = ", ".join(word(f"status.{s}", "en") for s in STATUSES)
            problems.append(
                said(
                    N_("{cell}: '{value}' is not a status; use one of {choices}"),
                    cell=at(row_number, "status"),
                    value=status_value,
                    choices=allowed,
                )
            )
        if due is None or status is None or len(owner) > MAX_OWNER:
            continue
        checked: Status = status  # type: ignore[assignment]
        if base is not None:
            edits[action_id] = (owner, due, checked)
        else:
            kept.append(_kept(model, kind, key, steps, owner, due, checked, cell))
    if problems:
        raise PlanError(*problems)
    actions = []
    for action in drafted.actions:
        if action.id in edits:
            owner, due, status = edits[action.id]
            action = replace(action, owner=owner, due=due, status=status, quarter=Quarter.of(due))
        actions.append(action)
    return replace(drafted, actions=(*actions, *kept))


def _kept(model: MaturityModel, kind: str, key: str, steps: dict[str, str], owner: str, due: dt.date, status: Status, cell: Any) -> Action:
    """A row the client kept whose action is no longer drafted (its gap closed, its phase passed)."""
    def level(value: object) -> Level:
        found = _LEVEL.get(str(value or "").strip().casefold())
        return found if found is not None else "medium"  # type: ignore[return-value]

    questions: tuple[str, ...] = ()
    if kind == "step":
        phase_id = steps[key]
    else:
        phase_id, questions = model.questionnaire.questions[model.plan.index[key]].phase, (key,)
    return Action(
        f"{kind}:{key}",
        "step" if kind == "step" else "gap",
        phase_id,
        questions,
        level(cell("effort")),
        level(cell("impact")),
        False,
        0.0,
        Quarter.of(due),
        due,
        owner,
        status,
    )
