"""Where the bundled questionnaires, roadmaps, templates and examples are.

In a wheel they live in `socialmaturity/_bundled/`; in a source checkout (or an
editable install) at the top of the repository, where consultants edit them.
"""

from __future__ import annotations

import re
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


_VERSIONED = re.compile(r"^(?P<id>.+)-(?P<version>\d+(?:\.\d+)+)$")


def bundled_ids() -> list[str]:
    """The ids of the bundled questionnaires, each once (earlier versions share the id)."""
    ids = []
    for path in bundled_questionnaires():
        found = _VERSIONED.match(path.stem)
        ids.append(found.group("id") if found else path.stem)
    return sorted(set(ids))


def find_by_id(folder: str, model_id: str, near: Path | None = None, version: str | None = None) -> Path | None:
    """Find `<id>.yaml` in the `folder` beside the folder of `near`, or among the bundled files.

    With `version`, `<id>-<version>.yaml` comes first wherever it is found: earlier versions
    of a model stay bundled under that name, so that results made with one are scored
    with it.
    """
    names = [f"{model_id}.yaml", f"{model_id}.yml"]
    if version is not None and "/" not in version and "\0" not in version and not version.startswith("."):
        names = [f"{model_id}-{version}.yaml", *names]
    folders: list[Path] = []
    if near is not None:
        base = near.parent
        # a questionnaire and its roadmap often share an id, so look only in folders of the right kind
        if base.name == folder:
            folders.append(base)
        folders.append(base.parent / folder)
    folders.append(bundled(folder))
    for name in names:
        for place in folders:
            candidate = place / name
            if candidate.is_file():
                return candidate
    return None
