"""The command line starts light: `--help` and `score` import none of the report's, the
batch's or the workbook's libraries (benchmarks/bench_startup.py measures the time).

Each case runs in a new interpreter, so that nothing another test imported counts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "harbourlight-answers.yaml"

HEAVY = ("weasyprint", "jinja2", "polars", "openpyxl", "fontTools", "PIL", "pypdfium2", "babel", "starlette", "uvicorn")
"""What the report, the batch, the workbooks and the workshop need, and nothing else."""

IMPORTED = """
import io, sys
from socialmaturity.cli import main
from socialmaturity.environment import Environment
code = main(sys.argv[1:], env=Environment(stdout=io.StringIO(), stderr=io.StringIO()))
modules = sorted(sys.modules)
import json
print(json.dumps({"code": code, "modules": modules}))
"""


def imported(*args: str) -> tuple[int, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", IMPORTED, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    # typer prints --help on the process's stdout, before the JSON line
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["code"], {name.split(".")[0] for name in result["modules"]}


def typer_imports() -> set[str]:
    """What importing Typer itself brings in (older Typer releases import Rich)."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys, typer; seen = sorted(sys.modules); import json; print(json.dumps(seen))"],
        capture_output=True, text=True, check=True,
    )
    return {name.split(".")[0] for name in json.loads(done.stdout)}


def test_help_imports_none_of_the_heavy_libraries_nor_the_model() -> None:
    code, modules = imported("--help")
    assert code == 0
    # not even what `score` needs: pydantic for the model, PyYAML, Rich for the view
    # (unless Typer itself imports it)
    light = {*HEAVY, "pydantic", "yaml", "rich", "json"} - typer_imports()
    assert modules.isdisjoint(light), sorted(modules.intersection(light))


@pytest.mark.parametrize("args", [("score", str(EXAMPLE)), ("score", str(EXAMPLE), "--json")])
def test_score_imports_none_of_the_heavy_libraries(args: tuple[str, ...]) -> None:
    code, modules = imported(*args)
    assert code == 0
    # Babel stays: score writes its numbers the reader's way (75.5, 75,5)
    heavy = tuple(name for name in HEAVY if name != "babel")
    assert modules.isdisjoint(heavy), sorted(modules.intersection(heavy))


def test_a_command_s_help_imports_none_of_the_heavy_libraries() -> None:
    code, modules = imported("report", "--help")
    assert code == 0
    assert modules.isdisjoint(HEAVY), sorted(modules.intersection(HEAVY))
