"""Read model and answers files from disk (or stdin) and validate them.

Problems are collected, never raised one by one, so that `validate` can list every
problem of every file, each as `PATH:LINE:COLUMN: message`.
"""

from __future__ import annotations

import csv
import io
import shlex
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from . import resources
from .files import os_reason
from .i18n import N_, said
from .model import AnswerSheet, Questionnaire, Roadmap, kind_of
from .scoring import MaturityModel
from .validation import (
    Problem,
    Shape,
    check_answers,
    check_questionnaire,
    check_roadmap,
    check_shape,
)
from .yamlsource import MAX_BYTES, Document, Position, SourceError, parse

STDIN = "-"


@dataclass(frozen=True)
class Located:
    """A problem placed in a file."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class LoadError(Exception):
    """One or more files are not valid; `problems` says where and why."""

    def __init__(self, problems: list[Located]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Loaded:
    """A file read and checked.

    `model` is the whole file as its model (None if any part is wrong), `shape` the
    parts pydantic accepted (None if the file could not be read as its kind at all).
    """

    name: str
    path: Path | None
    kind: str | None
    document: Document | None
    model: Any = None
    problems: list[Located] = field(default_factory=list)
    shape: Shape | None = None
    checked: bool = False

    def add(self, problems: list[Problem]) -> None:
        assert self.document is not None
        for problem in problems:
            where = problem.position(self.document)
            located = Located(self.name, where.line, where.column, problem.message)
            if located not in self.problems:
                self.problems.append(located)
        # In the order of the file, as an editor lists them, whichever check found them.
        self.problems.sort(key=lambda p: (p.line, p.column))

    @property
    def valid(self) -> bool:
        return self.model is not None and not self.problems


def read_text(name: str, stdin: bytes | None = None) -> str:
    """The text of a file, or for '-' of `stdin` (the bytes the caller read from standard
    input: nothing here reads the process's streams). Raises SourceError when unreadable."""
    try:
        if name == STDIN:
            if stdin is None:
                raise SourceError(said(N_("standard input (-) is not available here; give a file")))
            raw = stdin[: MAX_BYTES + 1]
        else:
            with open(name, "rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise SourceError(said(N_("is a folder, not a file"))) from None
    except FileNotFoundError:
        raise SourceError(said(N_("no such file"))) from None
    except OSError as exc:
        raise SourceError(said(N_("cannot be read: {reason}"), reason=os_reason(exc))) from None
    if len(raw) > MAX_BYTES:
        raise SourceError(said(N_("the file is larger than {size} MiB"), size=MAX_BYTES // (1024 * 1024)))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Notepad's "Unicode": UTF-16 with a byte order mark
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise SourceError(said(N_("the file is not valid UTF-16 text; save it as UTF-8"))) from None
    if b"\x00" in raw[:8192]:
        raise SourceError(said(N_("this is a binary file, not YAML or JSON")))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            said(N_("the file is not UTF-8 text (byte {byte} on line {line}); save it as UTF-8"), byte=exc.start, line=line),
            Position(line, 1),
        ) from None


def read(name: str, expected: str | None = None, *, stdin: bytes | None = None) -> Loaded:
    """Parse a file and check its shape. `expected` forces the kind."""
    path = None if name == STDIN else Path(name)
    text: str | None = None
    try:
        text = read_text(name, stdin)
        document = parse(text)
    except SourceError as exc:
        loaded = Loaded(name, path, expected, None)
        export = survey_export(name, text)
        if export is not None:
            loaded.problems.append(_export_problem(name, export, expected))
            return loaded
        where = exc.position or Position(1, 1)
        loaded.problems.append(Located(name, where.line, where.column, exc.message))
        return loaded
    if document.value is None:
        loaded = Loaded(name, path, expected, document)
        loaded.problems.append(Located(name, 1, 1, said(N_("the file is empty"))))
        return loaded
    found_kind = kind_of(document.value)
    kind = expected or found_kind
    loaded = Loaded(name, path, kind, document)
    if found_kind is None:
        export = survey_export(name, text)
        if export is not None:
            loaded.problems.append(_export_problem(name, export, expected))
            return loaded
    if expected is not None and found_kind is not None and found_kind != expected:
        loaded.problems.append(
            Located(name, 1, 1, said(N_("this is {found}, not {expected}"), found=_a_file(found_kind), expected=_a_file(expected)))
        )
        return loaded
    if kind is None:
        loaded.problems.append(
            Located(name, 1, 1, said(N_("cannot tell whether this is a questionnaire, a roadmap or an answers file")))
        )
        return loaded
    if not isinstance(document.value, dict):
        loaded.problems.append(Located(name, 1, 1, said(N_("{file} must be a mapping of fields"), file=_a_file(kind))))
        return loaded
    shape, problems = check_shape(document, kind)
    loaded.model = shape.model
    loaded.shape = shape
    loaded.add(problems)
    return loaded


# -- survey exports given where an answers file belongs ---------------------------------

_EXPORT_SUFFIXES = {
    ".csv": said(N_("a CSV table")),
    ".tsv": said(N_("a tab-separated table")),
    ".xlsx": said(N_("an Excel workbook")),
    ".xls": said(N_("an Excel 97-2003 workbook")),
}
_OUR_SUFFIXES = (".yaml", ".yml", ".json")
_DELIMITED = {",": said(N_("a CSV table")), ";": said(N_("a CSV table with semicolons")), "\t": said(N_("a tab-separated table"))}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SAMPLE = 64 * 1024  # enough for the header rows of any export and a few responses
_RECORDS = 20


def survey_export(name: str, text: str | None) -> str | None:
    """What kind of survey export the file seems to be (the message "a CSV table"), or None.

    Called for a file that is not YAML of a kind we know, so a file of ours is never
    taken for an export. `text` is None when the file could not be decoded: then the
    bytes of a regular file are looked at (stdin cannot be read twice).
    """
    suffix = Path(name).suffix.lower() if name != STDIN else ""
    head = None
    if text is None:
        head = _head(name)
        if head is None:
            return None  # missing, a folder, unreadable: that is the problem to report
    if suffix in _EXPORT_SUFFIXES:
        return _EXPORT_SUFFIXES[suffix]
    if head is not None:
        return _undecoded_export(Path(name), head, suffix)
    if suffix in _OUR_SUFFIXES or text is None:
        return None  # a .yaml file with a mistake in it is still meant as YAML
    return _table(text[:_SAMPLE], whole=len(text) <= _SAMPLE)


def _head(name: str) -> bytes | None:
    path = Path(name)
    if name == STDIN or not path.is_file():  # a pipe or a device cannot be read again
        return None
    try:
        with path.open("rb") as stream:
            return stream.read(_SAMPLE)
    except OSError:
        return None


def _undecoded_export(path: Path, head: bytes, suffix: str) -> str | None:
    from .survey import ExportError, decode

    if head.startswith(_ZIP_MAGIC):
        return said(N_("an Excel workbook")) if b"[Content_Types].xml" in head or b"xl/" in head else None
    if head.startswith(_OLE_MAGIC):
        return said(N_("an Excel 97-2003 workbook"))
    if suffix in _OUR_SUFFIXES:
        return None
    # Excel's CSV in Windows-1252 or UTF-16: read it the way `batch` will.
    try:
        export = decode.sniff(path)
        if export.is_xlsx or export.delimiter is None:
            return None
        _, records = decode.head(export, _RECORDS)
    except ExportError:
        return None
    return _DELIMITED[export.delimiter] if _is_table(records) else None


def _table(sample: str, *, whole: bool) -> str | None:
    """What delimited table `sample` plainly is, or None."""
    from .survey import decode

    if sample.lstrip("\ufeff \t\r\n").startswith(("{", "[", "---", "%YAML")):
        return None  # JSON, or YAML that says so: a mistake in it is no table
    delimiter = decode.sniff_delimiter(sample)
    try:
        records = list(islice(csv.reader(io.StringIO(sample), delimiter=delimiter), _RECORDS + 1))
    except csv.Error:
        return None
    if not whole and len(records) > 1:
        records.pop()  # cut off by the end of the sample
    return _DELIMITED[delimiter] if _is_table(records[:_RECORDS]) else None


def _is_table(records: list[list[str]]) -> bool:
    """A header of two or more named columns and rows that mostly have as many cells."""
    rows = [record for record in records if any(cell.strip() for cell in record)]
    if len(rows) < 2:
        return False
    width = len(rows[0])
    if width < 2 or sum(1 for cell in rows[0] if cell.strip()) < 2:
        return False
    return sum(len(row) == width for row in rows) >= 0.8 * len(rows)


def _export_problem(name: str, export: str, expected: str | None) -> Located:
    wanted = _a_file(expected) if expected else said(N_("a questionnaire, roadmap or answers file"))
    # `batch` reads a named file only: from stdin, the export has to be saved first.
    how = (
        said(N_("save it to a file and score that with `socialmaturity batch FILE`"))
        if name == STDIN
        else said(N_("score it with `{command}`"), command=f"socialmaturity batch {shlex.quote(name)}")
    )
    return Located(name, 1, 1, said(N_("this looks like a survey export ({export}), not {wanted}: {how}"), export=export, wanted=wanted, how=how))


_A_FILE: dict[str, str] = {
    "questionnaire": N_("a questionnaire file"),
    "roadmap": N_("a roadmap file"),
    "answers": N_("an answers file"),
}

_UNKNOWN: dict[str, str] = {
    "questionnaire": N_("unknown questionnaire '{id}'"),
    "roadmap": N_("unknown roadmap '{id}'"),
}

_NOT_VALID: dict[str, str] = {
    "questionnaire": N_("its questionnaire {file} is not valid"),
    "roadmap": N_("its roadmap {file} is not valid"),
}


def _a_file(kind: str) -> str:
    return said(_A_FILE[kind]) if kind in _A_FILE else kind


class _Files:
    """The files at hand: those given, then those found on disk; each read once."""

    def __init__(self, given: list[Loaded]) -> None:
        self.given: dict[tuple[str, str], Loaded] = {}
        for loaded in given:
            model_id = loaded.shape.text(("id",)) if loaded.shape is not None else None
            if loaded.kind is not None and model_id is not None:
                self.given.setdefault((loaded.kind, model_id), loaded)
        self.found: dict[Path, Loaded] = {}

    def find(self, kind: str, model_id: str, near: Path | None, version: str | None = None) -> Loaded | None:
        if (kind, model_id) in self.given:
            return self.given[(kind, model_id)]
        path = resources.find_by_id(f"{kind}s", model_id, near, version)
        if path is None:
            return None
        if path not in self.found:
            self.found[path] = read(str(path), kind)
        return self.found[path]


def _check(loaded: Loaded, files: _Files) -> None:
    """Run the checks beyond the shape on `loaded`, and first on the files it refers to."""
    if loaded.checked or loaded.shape is None:
        return
    loaded.checked = True
    shape = loaded.shape
    if loaded.kind == "roadmap":
        loaded.add(check_roadmap(shape))
    elif loaded.kind == "questionnaire":
        roadmap = _referred(loaded, "roadmap", files)
        loaded.add(check_questionnaire(shape, roadmap.model if roadmap else None))
    elif loaded.kind == "answers":
        questionnaire = _referred(loaded, "questionnaire", files)
        loaded.add(check_answers(shape, questionnaire.model if questionnaire else None))


def _referred(loaded: Loaded, kind: str, files: _Files) -> Loaded | None:
    """The valid file of `kind` that `loaded` names in its field `kind`, checked; else None."""
    assert loaded.shape is not None
    model_id = loaded.shape.text((kind,))
    if model_id is None:
        return None  # missing or not an id: reported by the shape check
    # the version it was made with: a questionnaire's own for its roadmap
    version = loaded.shape.text(("questionnaire_version",) if kind == "questionnaire" else ("version",))
    found = files.find(kind, model_id, loaded.path, version)
    if found is None:
        loaded.add([Problem((kind,), said(_UNKNOWN[kind], id=model_id))])
        return None
    _check(found, files)
    if not found.valid:
        loaded.add([Problem((kind,), said(_NOT_VALID[kind], file=found.name))])
        return None
    return found


def validate_files(names: list[str], *, stdin: bytes | None = None) -> list[Loaded]:
    """Read and cross-check files, resolving references among them first, then on disk."""
    files = [read(name, stdin=stdin) for name in names]
    at_hand = _Files(files)
    for loaded in files:
        _check(loaded, at_hand)
    return files


def load_model(
    ref: str | None = None,
    *,
    near: Path | None = None,
    stdin: bytes | None = None,
    version: str | None = None,
) -> MaturityModel:
    """A questionnaire by id or path, with its roadmap, fully validated.

    `ref` None means the questionnaire named by an answers file at `near`, or the
    bundled one. `version`: the version an answers file was made with, when that
    version is bundled (else the current one, and the answers' check says they differ).
    """
    if ref is None:
        bundled = resources.bundled_questionnaires()
        if not bundled:
            raise LoadError([Located("questionnaires", 1, 1, said(N_("no bundled questionnaire found")))])
        ref = str(bundled[0]) if len(bundled) == 1 else "social-business"
    looks_like_path = ref == STDIN or ref.endswith((".yaml", ".yml", ".json")) or "/" in ref or Path(ref).is_file()
    if looks_like_path:
        questionnaire_file = read(ref, "questionnaire", stdin=stdin)
    else:
        found = resources.find_by_id("questionnaires", ref, near, version)
        if found is None:
            available = ", ".join(resources.bundled_ids())
            raise LoadError(
                [Located(ref, 1, 1, said(N_("no questionnaire '{id}' (bundled: {available})"), id=ref, available=available or said(N_("none"))))]
            )
        questionnaire_file = read(str(found), "questionnaire")
    files = _Files([])
    _check(questionnaire_file, files)
    if not questionnaire_file.valid:
        # A roadmap's own problems come first: the questionnaire's may follow from them.
        roadmaps = [f for f in files.found.values() if f.kind == "roadmap" and f.problems]
        raise LoadError([p for f in roadmaps for p in f.problems] + questionnaire_file.problems)
    questionnaire = questionnaire_file.model
    assert isinstance(questionnaire, Questionnaire)
    roadmap = files.find("roadmap", questionnaire.roadmap, questionnaire_file.path, questionnaire.version)
    assert roadmap is not None and isinstance(roadmap.model, Roadmap)
    return MaturityModel.build(questionnaire, roadmap.model)


def load_answers(
    name: str, questionnaire: str | None = None, *, stdin: bytes | None = None
) -> tuple[AnswerSheet, MaturityModel]:
    """An answers file and the model it was given to, both validated.

    Every problem is reported at once: a wrong field does not keep the answers from
    being checked against the questionnaire, when that can still be found.
    """
    loaded = read(name, "answers", stdin=stdin)
    if loaded.shape is None:
        raise LoadError(loaded.problems)
    ref = questionnaire or loaded.shape.text(("questionnaire",))
    if ref is None:  # missing or not an id: the shape check said so
        loaded.add(check_answers(loaded.shape, None))
        raise LoadError(loaded.problems)
    if questionnaire is None and resources.find_by_id("questionnaires", ref, loaded.path) is None:
        available = ", ".join(resources.bundled_ids())
        loaded.add(
            [
                Problem(
                    ("questionnaire",),
                    said(
                        N_("unknown questionnaire '{id}' (bundled: {available}); name its file with --questionnaire"),
                        id=ref,
                        available=available or said(N_("none")),
                    ),
                ),
                *check_answers(loaded.shape, None),
            ]
        )
        raise LoadError(loaded.problems)
    try:
        version = None if questionnaire is not None else loaded.shape.text(("questionnaire_version",))
        model = load_model(ref, near=loaded.path, stdin=stdin, version=version)
    except LoadError as error:
        raise LoadError(loaded.problems + error.problems) from None
    loaded.add(check_answers(loaded.shape, model.questionnaire))
    if loaded.problems or not isinstance(loaded.model, AnswerSheet):
        raise LoadError(loaded.problems)
    return loaded.model, model
