"""The README's Python API examples run as they stand, and never load the command line's
libraries (typer) or its terminal views (rich)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"<!-- api-example -->\n```python\n(.*?)```", README, re.S)
CHECK = """
import sys
loaded = sorted(name for name in ("typer", "click", "rich") if name in sys.modules)
assert not loaded, f"the library loaded {loaded}"
"""


def test_the_readme_has_the_three_examples() -> None:
    assert len(EXAMPLES) == 3
    assert any("score_file" in e for e in EXAMPLES)
    assert any("render_report" in e for e in EXAMPLES)
    assert any("run_batch" in e for e in EXAMPLES)


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=["score", "report", "batch"][: len(EXAMPLES)])
def test_each_example_runs_without_the_command_line(example: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", example + CHECK],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    if "render_report" in example:
        assert (tmp_path / "harbourlight.pdf").read_bytes().startswith(b"%PDF")
    if "run_batch" in example:
        assert (tmp_path / "batch-results" / "groups.csv").is_file()
        assert len(result.stdout.splitlines()) == 3  # the example's three organisations
    if "score_file" in example and "render_report" not in example:
        assert result.stdout.startswith("dialogue ")
