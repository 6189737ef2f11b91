"""Read model and answers files from disk (or stdin) and validate them.

Problems are collected, never raised one by one, so that `validate` can list every
problem of every file, each as `PATH:LINE:COLUMN: message`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import resources
from .model import AnswerSheet, Questionnaire, Roadmap, kind_of
from .scoring import MaturityModel
from .validation import Problem, check_answers, check_questionnaire, check_roadmap, check_shape
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
    """A file read and checked: its document, its model (None if the shape is wrong)."""

    name: str
    path: Path | None
    kind: str | None
    document: Document | None
    model: Any = None
    problems: list[Located] = field(default_factory=list)

    def add(self, problems: list[Problem]) -> None:
        assert self.document is not None
        for problem in problems:
            where = problem.position(self.document)
            self.problems.append(Located(self.name, where.line, where.column, problem.message))


def read_text(name: str) -> str:
    """The text of a file, or of stdin for '-'. Raises SourceError when unreadable."""
    try:
        if name == STDIN:
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with open(name, "rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise SourceError("is a folder, not a file") from None
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except OSError as exc:
        raise SourceError(f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise SourceError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Notepad's "Unicode": UTF-16 with a byte order mark
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise SourceError("the file is not valid UTF-16 text; save it as UTF-8") from None
    if b"\x00" in raw[:8192]:
        raise SourceError("this is a binary file, not YAML or JSON")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"the file is not UTF-8 text (byte {exc.start} on line {line}); save it as UTF-8",
            Position(line, 1),
        ) from None


def read(name: str, expected: str | None = None) -> Loaded:
    """Parse a file and check its shape. `expected` forces the kind."""
    path = None if name == STDIN else Path(name)
    try:
        document = parse(read_text(name))
    except SourceError as exc:
        where = exc.position or Position(1, 1)
        loaded = Loaded(name, path, expected, None)
        loaded.problems.append(Located(name, where.line, where.column, exc.message))
        return loaded
    if document.value is None:
        loaded = Loaded(name, path, expected, document)
        loaded.problems.append(Located(name, 1, 1, "the file is empty"))
        return loaded
    found_kind = kind_of(document.value)
    kind = expected or found_kind
    loaded = Loaded(name, path, kind, document)
    if expected is not None and found_kind is not None and found_kind != expected:
        loaded.problems.append(
            Located(name, 1, 1, f"this is {_article(found_kind)} {found_kind} file, not {_article(expected)} {expected}")
        )
        return loaded
    if kind is None:
        loaded.problems.append(
            Located(name, 1, 1, "cannot tell whether this is a questionnaire, a roadmap or an answers file")
        )
        return loaded
    if not isinstance(document.value, dict):
        loaded.problems.append(Located(name, 1, 1, f"{_article(kind)} {kind} file must be a mapping of fields"))
        return loaded
    model, problems = check_shape(document, kind)
    loaded.model = model
    loaded.add(problems)
    return loaded


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def _resolve(
    folder: str, model_id: str, near: Path | None, given: dict[str, Loaded]
) -> Loaded | None:
    if model_id in given:
        return given[model_id]
    found = resources.find_by_id(folder, model_id, near)
    if found is None:
        return None
    return read(str(found), "roadmap" if folder == "roadmaps" else "questionnaire")


def validate_files(names: list[str]) -> list[Loaded]:
    """Read and cross-check files, resolving references among them first, then on disk."""
    files = [read(name) for name in names]
    roadmaps = {f.model.id: f for f in files if f.kind == "roadmap" and isinstance(f.model, Roadmap)}
    questionnaires = {
        f.model.id: f for f in files if f.kind == "questionnaire" and isinstance(f.model, Questionnaire)
    }
    for loaded in files:
        if loaded.model is None:
            continue
        if isinstance(loaded.model, Roadmap):
            loaded.add(check_roadmap(loaded.model))
        elif isinstance(loaded.model, Questionnaire):
            found = _resolve("roadmaps", loaded.model.roadmap, loaded.path, roadmaps)
            roadmap = found.model if found and isinstance(found.model, Roadmap) else None
            loaded.add(check_questionnaire(loaded.model, roadmap))
        elif isinstance(loaded.model, AnswerSheet):
            found = _resolve("questionnaires", loaded.model.questionnaire, loaded.path, questionnaires)
            questionnaire = found.model if found and isinstance(found.model, Questionnaire) else None
            if found is not None and (found.problems or questionnaire is None):
                loaded.problems.append(
                    Located(loaded.name, 1, 1, f"its questionnaire {found.name} is not valid")
                )
                continue
            loaded.add(check_answers(loaded.model, questionnaire))
    return files


def load_model(ref: str | None = None, *, near: Path | None = None) -> MaturityModel:
    """A questionnaire by id or path, with its roadmap, fully validated.

    `ref` None means the questionnaire named by an answers file at `near`, or the
    only bundled one.
    """
    if ref is None:
        bundled = resources.bundled_questionnaires()
        if not bundled:
            raise LoadError([Located("questionnaires", 1, 1, "no bundled questionnaire found")])
        ref = str(bundled[0]) if len(bundled) == 1 else "social-business"
    looks_like_path = ref == STDIN or ref.endswith((".yaml", ".yml", ".json")) or "/" in ref or Path(ref).is_file()
    if looks_like_path:
        questionnaire_file = read(ref, "questionnaire")
    else:
        found = resources.find_by_id("questionnaires", ref, near)
        if found is None:
            available = ", ".join(p.stem for p in resources.bundled_questionnaires())
            raise LoadError(
                [Located(ref, 1, 1, f"no questionnaire '{ref}' (bundled: {available or 'none'})")]
            )
        questionnaire_file = read(str(found), "questionnaire")
    if questionnaire_file.problems or not isinstance(questionnaire_file.model, Questionnaire):
        raise LoadError(questionnaire_file.problems)
    questionnaire = questionnaire_file.model
    roadmap_path = resources.find_by_id("roadmaps", questionnaire.roadmap, questionnaire_file.path)
    roadmap_file = read(str(roadmap_path), "roadmap") if roadmap_path else None
    roadmap = roadmap_file.model if roadmap_file and isinstance(roadmap_file.model, Roadmap) else None
    if roadmap_file is not None and roadmap_file.problems:
        raise LoadError(roadmap_file.problems)
    if roadmap is not None:
        roadmap_file.add(check_roadmap(roadmap))  # type: ignore[union-attr]
        if roadmap_file.problems:  # type: ignore[union-attr]
            raise LoadError(roadmap_file.problems)  # type: ignore[union-attr]
    questionnaire_file.add(check_questionnaire(questionnaire, roadmap))
    if questionnaire_file.problems or roadmap is None:
        raise LoadError(questionnaire_file.problems)
    return MaturityModel.build(questionnaire, roadmap)


def load_answers(name: str, questionnaire: str | None = None) -> tuple[AnswerSheet, MaturityModel]:
    """An answers file and the model it was given to, both validated."""
    loaded = read(name, "answers")
    if loaded.problems or not isinstance(loaded.model, AnswerSheet):
        raise LoadError(loaded.problems)
    sheet = loaded.model
    if questionnaire is None and resources.find_by_id("questionnaires", sheet.questionnaire, loaded.path) is None:
        available = ", ".join(p.stem for p in resources.bundled_questionnaires())
        loaded.add(
            [
                Problem(
                    ("questionnaire",),
                    f"unknown questionnaire '{sheet.questionnaire}' (bundled: {available or 'none'}); "
                    "name its file with --questionnaire",
                )
            ]
        )
        raise LoadError(loaded.problems)
    model = load_model(questionnaire or sheet.questionnaire, near=loaded.path)
    loaded.add(check_answers(sheet, model.questionnaire))
    if loaded.problems:
        raise LoadError(loaded.problems)
    return sheet, model
