"""A non-editable install into a fresh virtual environment finds the bundled data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The console script of a wheel built from this checkout, in a fresh venv."""
    base = tmp_path_factory.mktemp("install")
    wheels = base / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
    )
    wheel = next(wheels.glob("socialmaturity-*.whl"))
    environment = base / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True)
    return environment / "bin"


def run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(bin_dir / "socialmaturity"), *args], capture_output=True, text=True, cwd=cwd, env=env
    )


def test_wheel_ships_the_bundled_model(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [str(installed / "python"), "-c", "import socialmaturity; print(socialmaturity.__file__)"],
        capture_output=True, text=True, cwd=tmp_path, check=True,
    ).stdout
    assert str(ROOT) not in where, "the installed package, not the checkout, must be imported"

    listed = run(installed, "questionnaire", "list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith("social-business\t")

    shown = run(installed, "questionnaire", "show", "social-business", "--json", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert len(json.loads(shown.stdout)["questions"]) >= 40

    example = tmp_path / "answers.yaml"
    example.write_text((ROOT / "examples" / "harbourlight-answers.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    scored = run(installed, "score", str(example), "--json", cwd=tmp_path)
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["phase"]["id"] == "dialogue"


def test_wheel_ships_templates_and_examples(installed: Path, tmp_path: Path) -> None:
    listing = subprocess.run(
        [
            str(installed / "python"),
            "-c",
            "from socialmaturity.resources import bundled; "
            "print('\\n'.join(sorted(p.name for f in ('report_templates', 'examples', 'roadmaps') for p in bundled(f).iterdir())))",
        ],
        capture_output=True, text=True, cwd=tmp_path, check=True,
    ).stdout.split()
    assert "social-business.yaml" in listing
    assert "harbourlight-answers.yaml" in listing
    assert any(name.endswith(".css") for name in listing)
