"""Shared fixtures: the repository, the models, and an in-process CLI runner."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from socialmaturity.cli import main
from socialmaturity.environment import Environment
from socialmaturity.loader import load_model
from socialmaturity.scoring import MaturityModel

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini"


def localised(value: object, where: str = "") -> list[tuple[str, str, str]]:
    """Every (place, language, text) of a model file."""
    found: list[tuple[str, str, str]] = []
    if isinstance(value, dict):
        if value and set(value) <= {"en", "nl", "fr"} and all(isinstance(v, str) for v in value.values()):
            return [(where, language, item) for language, item in value.items()]
        for key, item in value.items():
            found += localised(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += localised(item, f"{where}[{i}]")
    return found


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


NOW = dt.datetime(2026, 11, 22, 9, 30, tzinfo=dt.timezone.utc)
"""The time in every test's environment, so that dates in outputs are fixed."""


def test_environment(
    stdin: str | bytes = "", variables: dict[str, str] | None = None
) -> tuple[Environment, io.StringIO, io.StringIO]:
    """An environment with its own streams (stdin as given), no variables and a fixed clock."""
    raw = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    env = Environment(
        stdin=io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        variables=dict(variables or {}),
        clock=lambda: NOW,
    )
    assert isinstance(env.stdout, io.StringIO) and isinstance(env.stderr, io.StringIO)
    return env, env.stdout, env.stderr


test_environment.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


@pytest.fixture
def cli():
    """Run the CLI in-process in its own environment: cli("score", "x.yaml", stdin="...")."""

    def run(*args: str, stdin: str | bytes = "", variables: dict[str, str] | None = None) -> Run:
        env, out, err = test_environment(stdin, variables)
        code = main([str(a) for a in args], env=env)
        return Run(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture(scope="session")
def mini() -> MaturityModel:
    return load_model(str(MINI / "questionnaires" / "mini.yaml"))


@pytest.fixture(scope="session")
def bundled() -> MaturityModel:
    return load_model("social-business")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="write the expected files of tests/test_golden.py from what the code does now",
    )
