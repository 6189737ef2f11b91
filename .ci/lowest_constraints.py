#!/usr/bin/env python3
"""Print a pip constraints file that pins every direct dependency to its lowest allowed version.

    python3 .ci/lowest_constraints.py [pyproject.toml] > constraints.txt

Reads `[project] dependencies` and every list in `[project.optional-dependencies]` and
prints `name==X` for each, where X is the lower bound of its range (`>=X`, `==X` or
`~=X`). A dependency without a lower bound is an error: its range would claim every
release ever made, and CI can test none of them in particular.

Uses `packaging` when it is importable and plain parsing otherwise, so that it runs
with a bare Python before anything is installed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef,unused-ignore]

# name, optional [extras], then the version part up to an environment marker
PLAIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;]*)(?:;.*)?$")
LOWER = ("==", ">=", "~=")


class Unbounded(ValueError):
    pass


def lowest(requirement: str) -> tuple[str, str]:
    """(name, lowest version) of one requirement string."""
    try:
        from packaging.requirements import Requirement
    except ModuleNotFoundError:
        return _lowest_plain(requirement)
    parsed = Requirement(requirement)
    bounds = [s.version for s in parsed.specifier if s.operator in LOWER]
    if parsed.url or not bounds:
        raise Unbounded(requirement)
    from packaging.version import Version

    return parsed.name, max(bounds, key=Version)


def _lowest_plain(requirement: str) -> tuple[str, str]:
    match = PLAIN.match(requirement)
    if match is None:
        raise Unbounded(requirement)
    name, specifiers = match.group(1), match.group(2)
    bounds = []
    for specifier in filter(None, (s.strip() for s in specifiers.split(","))):
        operator = specifier[:2]
        if operator in LOWER:
            bounds.append(specifier[2:].strip())
    if not bounds:
        raise Unbounded(requirement)
    # more than one lower bound in one range does not occur in this project; take the last
    return name, bounds[-1]


def constraints(pyproject: Path) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    pins: dict[str, str] = {}
    unbounded = []
    for requirement in requirements:
        try:
            name, version = lowest(requirement)
        except Unbounded:
            unbounded.append(requirement)
            continue
        key = re.sub(r"[-_.]+", "-", name).lower()
        pins[key] = f"{key}=={version}"
    if unbounded:
        raise SystemExit(
            f"{pyproject}: no lower bound, so the lowest version cannot be tested: {', '.join(unbounded)}"
        )
    return sorted(pins.values())


def main(argv: list[str]) -> int:
    pyproject = Path(argv[1]) if len(argv) > 1 else Path("pyproject.toml")
    pins = constraints(pyproject)
    print(f"# the lowest version of every direct dependency allowed by {pyproject.name}")
    print("\n".join(pins))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
