"""Where the bundled questionnaires, roadmaps, templates and examples are.

In a wheel they live in `socialmaturity/_bundled/`; in a source checkout (or an
editable install) at the top of the repository, where consultants edit them.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_FOLDERS = ("questionnaires", "roadmaps", "report_templates", "examples")


def bundled(folder: str) -> Path:
    """The folder of bundled `folder` ('questionnaires', 'roadmaps', ...)."""
    if folder not in _FOLDERS:
        raise ValueError(folder)
    installed = _PACKAGE / "_bundled" / folder
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / folder


def bundled_questionnaires() -> list[Path]:
    return sorted(p for p in bundled("questionnaires").glob("*.y*ml") if p.is_file())


def find_by_id(folder: str, model_id: str, near: Path | None = None) -> Path | None:
    """Find `<id>.yaml` in the `folder` beside the folder of `near`, or among the bundled files."""
    candidates: list[Path] = []
    if near is not None:
        base = near.parent
        # a questionnaire and its roadmap often share an id, so look only in folders of the right kind
        if base.name == folder:
            candidates.append(base / f"{model_id}.yaml")
        candidates.append(base.parent / folder / f"{model_id}.yaml")
    candidates += [bundled(folder) / f"{model_id}.yaml", bundled(folder) / f"{model_id}.yml"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None
