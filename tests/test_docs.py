"""Every command has help text and appears in the README; the README's commands are the CI's."""

from __future__ import annotations

import re

import pytest
import typer

from conftest import ROOT
from socialmaturity.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands() -> list[tuple[str, str | None]]:
    command = typer.main.get_command(app)
    found: list[tuple[str, str | None]] = []

    def walk(group: object, prefix: str) -> None:
        for name, sub in getattr(group, "commands", {}).items():
            full = f"{prefix} {name}".strip()
            if getattr(sub, "commands", None):
                walk(sub, full)
            else:
                found.append((full, sub.help))

    walk(command, "")
    return found


COMMANDS = commands()


def test_commands_are_found() -> None:
    names = {name for name, _ in COMMANDS}
    assert {"score", "validate", "schema", "demo", "questionnaire list", "questionnaire show"} <= names


@pytest.mark.parametrize(("name", "help_text"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_help_and_is_in_the_readme(name: str, help_text: str | None) -> None:
    assert help_text and len(help_text) > 20, f"{name} has no help text"
    assert f"socialmaturity {name}" in README, f"the README does not mention `socialmaturity {name}`"


def test_quick_start_has_exactly_two_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"<!-- (\w+)-command -->\n```sh\n(.+?)\n```", quick_start)
    assert [kind for kind, _ in blocks] == ["demo", "test"]
    demo, test = (command for _, command in blocks)
    assert demo.startswith("python3 -m venv .venv") and demo.endswith("socialmaturity demo")
    assert "pytest" in test and "[test]" in test


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in ci
