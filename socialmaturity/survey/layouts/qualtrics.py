"""Qualtrics, as downloaded from Data & Analysis > Export & Import (CSV or TSV).

Current exports have three header rows: column codes (`StartDate`, `Q1`, `Q4_1`,
`Q2_4_TEXT`; field names, never translated), labels (`question - statement`, `question - Selected Choice`,
`question - Other - Text`, localised) and import ids (`{"ImportId":"QID1"}`). Legacy
exports have two: `V1`..`V10` over `ResponseID`, `ResponseSet`, … then codes over labels.
Analysts often delete rows 2 and 3 before passing a file on, so one or two header rows
with Qualtrics codes are read too. Exports from about 2016 write the import ids with
single quotes (`{'ImportId': 'QID1'}`, sub-parts as `QID2-1`) and repeat the field names
in the label row; legacy and 2016 labels are cut at 100 characters with `...` and join
question and statement with `-` (no spaces). A response is partial when Finished is 0 or
Progress is below 100 (Progress counts only when Finished is blank). A multiple-answer
question in one column joins the choices with ','.

Numeric answers are choice codes: each choice's recode value, by default its id, numbered
1..n in the order the choices were created (not a 0-based score); `-99` is "seen but not
answered". `Status` (Response Type) marks Survey Preview and Survey Test responses, as
text or as the codes 1, 2, 9 and 17; the distribution channel `preview` or `test` too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from ...i18n import N_
from ..table import Column, ColumnKind, Completion, Layout, Preview, normalise_text, reads_cells
from .plain import column, first_index, headings

NAME = "qualtrics"
EXPECTED = N_(
    "a first header row of Qualtrics fields such as StartDate, ResponseId and Finished, "
    'a second row of labels and a third row like {"ImportId":"QID1"} '
    "(legacy exports: V1 to V10 over ResponseID, ResponseSet, …)"
)

META_FIELDS = frozenset(
    normalise_text(field)
    for field in (
        "StartDate",
        "EndDate",
        "Status",
        "IPAddress",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "RecordedDate",
        "ResponseId",
        "ResponseSet",
        "RecipientLastName",
        "RecipientFirstName",
        "RecipientEmail",
        "ExternalReference",
        "ExternalDataReference",
        "LocationLatitude",
        "LocationLongitude",
        "LocationAccuracy",
        "DistributionChannel",
        "UserLanguage",
        "Name",
        "EmailAddress",
    )
)
RESPONSE_ID = "responseid"
FINISHED = "finished"
PROGRESS = "progress"
STATUS = "status"
DISTRIBUTION_CHANNEL = "distributionchannel"
# Response Type codes of previews and tests: Survey Preview, Survey Test, Survey Preview
# Spam, Survey Preview Offline; as text they start with these words.
_PREVIEW_CODES = frozenset({"1", "2", "9", "17"})
_PREVIEW_TEXTS = ("survey preview", "survey test", "test response")
_PREVIEW_CHANNELS = frozenset({"preview", "test"})
SEEN_NOT_ANSWERED = frozenset({"-99"})
# What tells a current export from any other CSV that happens to have a ResponseId column.
_SIGNATURE = frozenset({FINISHED, PROGRESS, "startdate", "recordeddate", "responseset"})

_LEGACY_CODE = re.compile(r"V\d+")
# Q4_1 -> group Q4, part _1; Q2_4_TEXT -> Q2, _4, _TEXT; side by side Q5#1_2 -> Q5, #1_2;
# the 2016 import ids use '-': QID2-1, QID4-TEXT, QID6#1-2.
_CODE_PARTS = re.compile(r"^(.+?)((?:[#_-]\d+)*)([_-]TEXT)?$", re.DOTALL)
_IMPORT_ID = re.compile(r"""^\s*\{\s*['"]ImportId['"]\s*:\s*['"]([^'"]*)['"]""")
_QUESTION_IMPORT_ID = re.compile(r"(?:^|_)QID\d")
_SELECTED_CHOICE = " - Selected Choice"
_TEXT = " - Text"
_JOIN = " - "
_LEGACY_JOIN = "-"


def fit(records: Sequence[Sequence[str]]) -> Layout | None:
    """The Qualtrics layout, current or legacy, when the header rows carry its fields."""
    if not records:
        return None
    keys = [normalise_text(code) for code in records[0]]
    import_row = next(
        (row for row in (1, 2) if row < len(records) and _has_import_ids(records[row])), None
    )
    label_row: int | None
    if import_row is not None:
        header_rows, label_row = import_row + 1, (1 if import_row == 2 else None)
    elif keys[:1] == ["v1"] and normalise_text(_cell(records, 1, 0)) == RESPONSE_ID:
        header_rows, label_row = 2, 1
    elif RESPONSE_ID in keys and _SIGNATURE & set(keys):
        id_label = _cell(records, 1, keys.index(RESPONSE_ID))
        label_row = 1 if normalise_text(id_label) in ("response id", RESPONSE_ID) else None
        header_rows = 2 if label_row else 1
    else:
        return None

    header = headings(records, header_rows)
    codes = header[0]
    labels = header[label_row] if label_row is not None else codes
    import_ids = (
        [_import_id(cell) for cell in header[import_row]]
        if import_row is not None
        else [None] * len(codes)
    )
    columns = _columns(codes, labels, import_ids)
    code_keys = [normalise_text(code) for code in codes]
    label_keys = [normalise_text(label) for label in labels]

    def find(name: str) -> int | None:
        found = first_index(code_keys, (name,))
        return found if found is not None else first_index(label_keys, (name,))

    return Layout(
        source=NAME,
        header_rows=header_rows,
        columns=columns,
        respondent_index=find(RESPONSE_ID),
        completion=_completion(find(FINISHED), find(PROGRESS)),
        multi_separator=",",
        numbers="positions",
        unanswered_codes=SEEN_NOT_ANSWERED,
        preview=_preview(find(STATUS), find(DISTRIBUTION_CHANNEL)),
    )


def _cell(records: Sequence[Sequence[str]], row: int, index: int) -> str:
    return records[row][index] if row < len(records) and index < len(records[row]) else ""


def _has_import_ids(row: Sequence[str]) -> bool:
    return any(_IMPORT_ID.match(cell) is not None for cell in row[:200])


def _import_id(cell: str) -> str | None:
    try:
        value = json.loads(cell)
    except ValueError:
        # 2016 exports write a Python dict: {'ImportId': 'QID1'}
        match = _IMPORT_ID.match(cell)
        return match.group(1) if match else None
    found = value.get("ImportId") if isinstance(value, dict) else None
    return found if isinstance(found, str) else None


def _columns(
    codes: Sequence[str], labels: Sequence[str], import_ids: Sequence[str | None]
) -> tuple[Column, ...]:
    """Columns with question and statement split out of the `question - statement` labels.

    Question and statement texts may themselves contain ' - ', so a matrix's question is
    the part its statement columns have in common; a lone column splits at the last ' - '.
    """
    facts: list[tuple[str, bool, bool]] = []  # (label, has a sub-part, is a selected choice)
    groups: dict[str, list[int]] = {}
    kinds: list[ColumnKind] = []
    for index, (code, label) in enumerate(zip(codes, labels, strict=True)):
        import_id = import_ids[index]
        if _is_meta(code, label, import_id):
            kinds.append("meta")
            facts.append((label, False, False))
            continue
        name = import_id or code
        match = _CODE_PARTS.match(name)
        group, sub_part, text = match.groups() if match else (name, "", None)
        other = text is not None
        kinds.append("other-text" if other else "answer")
        if other and label.endswith(_TEXT):
            label = label[: -len(_TEXT)]
        selected = label.endswith(_SELECTED_CHOICE)
        if selected:
            label = label[: -len(_SELECTED_CHOICE)]
        facts.append((label, bool(sub_part) or other, selected))
        if sub_part and not other and not selected:
            groups.setdefault(group, []).append(index)

    shared: dict[int, tuple[str, str]] = {}  # column -> (question, join)
    for members in groups.values():
        texts = [facts[index][0] for index in members]
        for join in (_JOIN, _LEGACY_JOIN):
            question = _common_question(texts, join)
            if question:
                shared.update(dict.fromkeys(members, (question, join)))
                break

    columns = []
    for index, code in enumerate(codes):
        label, has_sub_part, selected = facts[index]
        heading = labels[index]
        if kinds[index] == "meta":
            columns.append(column(index, heading, "meta", code=code))
            continue
        question, statement = label, None
        if index in shared:
            question, join = shared[index]
            statement = label[len(question) + len(join) :]
        elif has_sub_part and not selected and _JOIN in label:
            question, statement = label.rsplit(_JOIN, 1)
        columns.append(
            column(index, heading, kinds[index], code=code, question=question, statement=statement)
        )
    return tuple(columns)


def _is_meta(code: str, label: str, import_id: str | None) -> bool:
    if import_id is not None:
        # Questions import as QID…; everything else is Qualtrics' own or embedded data.
        return _QUESTION_IMPORT_ID.search(import_id) is None
    return (
        normalise_text(code) in META_FIELDS
        or normalise_text(label) in META_FIELDS
        or _LEGACY_CODE.fullmatch(code) is not None
        or code.startswith("Q_")  # Qualtrics' own fields: Q_RecaptchaScore, Q_URL, …
    )


def _common_question(labels: Sequence[str], join: str = _JOIN) -> str | None:
    """The `join`-separated leading part shared by all labels, leaving each a statement."""
    if len(labels) < 2:
        return None
    parts = [label.split(join) for label in labels]
    limit = min(len(p) for p in parts) - 1
    shared = 0
    while shared < limit and all(p[shared] == parts[0][shared] for p in parts):
        shared += 1
    return join.join(parts[0][:shared]) if shared else None


def _preview(status: int | None, channel: int | None) -> Preview | None:
    if status is None and channel is None:
        return None

    def preview(cells: tuple[str, ...]) -> bool:
        if status is not None:
            value = cells[status]
            if value in _PREVIEW_CODES:
                return True
            if value and not value.isdigit() and value.strip().casefold().startswith(_PREVIEW_TEXTS):
                return True
        return channel is not None and cells[channel].strip().casefold() in _PREVIEW_CHANNELS

    return reads_cells(preview, status, channel)


def _completion(finished: int | None, progress: int | None) -> Completion | None:
    if finished is None and progress is None:
        return None

    def complete(cells: tuple[str, ...]) -> bool:
        if finished is not None:
            # Finished decides when it says something; the exact texts first, as they are
            # in nearly every row and this runs once per response.
            flag = cells[finished]
            if flag == "1":
                return True
            if flag == "0":
                return False
            flag = flag.strip().casefold()
            if flag in ("1", "true"):
                return True
            if flag in ("0", "false"):
                return False
        if progress is not None:
            try:
                return float(cells[progress]) >= 100
            except ValueError:
                pass  # an empty or odd Progress cell says nothing either way
        return True

    return reads_cells(complete, finished, progress)
