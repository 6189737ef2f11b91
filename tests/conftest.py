"""Shared fixtures: the repository, the models, and an in-process CLI runner."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from socialmaturity.cli import main
from socialmaturity.environment import environment
from socialmaturity.loader import load_model
from socialmaturity.scoring import MaturityModel

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch):
    """Run the CLI in-process with captured streams: cli("score", "x.yaml", stdin="...")."""

    def run(*args: str, stdin: str = "") -> Run:
        out, err = io.StringIO(), io.StringIO()
        monkeypatch.setattr(environment, "stdin", io.StringIO(stdin))
        monkeypatch.setattr(environment, "stdout", out)
        monkeypatch.setattr(environment, "stderr", err)
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
        code = main([str(a) for a in args])
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
