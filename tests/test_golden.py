"""Golden files: what the commands print and what the report's HTML says, compared exactly.

Each folder in tests/data/golden/ is one case:

- `cmd`: the arguments to `socialmaturity`, as shell words on one line, run in-process
  in a fresh work folder that holds a copy of the case's other files (broken files to
  validate, an earlier answers file to compare with); or
- `report`: the arguments of `socialmaturity report` without `--output` (ANSWERS
  [--lang L] [--compare EARLIER] [--consultant NAME]), whose HTML is built as WeasyPrint
  gets it, created at a fixed moment;
- `expected/`: `stdout`, `stderr` and `exit_code` of a command, and under `files/` every
  file it wrote into its work folder; or `report.html`.

`{root}` in the arguments is this checkout. Only what differs between machines is
normalised, in what a case prints and writes: the checkout's path becomes `{root}`, the
work folder's path `{work}` and the built-in template folder's file URL `{templates}`.

A case without its expected files fails. To write them after a deliberate change:

    python -m pytest tests/test_golden.py --update-golden

and review the change with `git diff tests/data/golden`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import itertools
import shlex
import shutil
from pathlib import Path

import pytest

from conftest import ROOT

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
SPECS = ("cmd", "report")
# The report's creation time is the only clock it reads; any fixed moment will do.
CREATED = dt.datetime(2026, 10, 15, 9, 30, tzinfo=dt.timezone.utc)
CASES = sorted(path.name for path in GOLDEN.iterdir() if path.is_dir())


def expand(text: str) -> list[str]:
    return [word.replace("{root}", str(ROOT)) for word in shlex.split(text)]


def normalised(text: str, work: Path) -> str:
    from socialmaturity.report.render import builtin_templates

    replacements = {
        builtin_templates().resolve().as_uri(): "{templates}",
        str(work): "{work}",
        str(work.resolve()): "{work}",
        str(ROOT): "{root}",
    }
    # longest first, so that a path inside another is replaced as a whole
    for old in sorted(replacements, key=len, reverse=True):
        text = text.replace(old, replacements[old])
    return text


def exact_text(path: Path) -> str:
    """The file's text with its line endings as they are, so that a change of line ending shows."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def files_in(folder: Path) -> dict[str, Path]:
    return {path.relative_to(folder).as_posix(): path for path in sorted(folder.rglob("*")) if path.is_file()}


def prepare(case: Path, work: Path) -> set[str]:
    """Copy the case's input files into the work folder; return their names."""
    work.mkdir()
    for path in case.iterdir():
        if path.name in (*SPECS, "expected"):
            continue
        if path.is_dir():
            shutil.copytree(path, work / path.name)
        else:
            shutil.copy2(path, work / path.name)
    return set(files_in(work))


def run_command(cli, case: Path, work: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    inputs = prepare(case, work)
    monkeypatch.chdir(work)
    result = cli(*expand((case / "cmd").read_text(encoding="utf-8")))
    actual = {
        "stdout": normalised(result.stdout, work),
        "stderr": normalised(result.stderr, work),
        "exit_code": f"{result.exit_code}\n",
    }
    for name, path in files_in(work).items():
        if name not in inputs:
            actual[f"files/{name}"] = normalised(exact_text(path), work)
    return actual


def build_report(case: Path, work: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    from socialmaturity.assessments import compare_with, score_file
    from socialmaturity.i18n import pick_language
    from socialmaturity.report.render import build_html

    parser = argparse.ArgumentParser(prog="report", exit_on_error=False)
    parser.add_argument("answers")
    parser.add_argument("--lang")
    parser.add_argument("--compare")
    parser.add_argument("--consultant")
    args = parser.parse_args(expand((case / "report").read_text(encoding="utf-8")))
    prepare(case, work)
    monkeypatch.chdir(work)
    assessment = score_file(args.answers)
    sheet, model = assessment.sheet, assessment.model
    language = pick_language(args.lang, sheet.language, available=model.questionnaire.languages)
    html = build_html(
        model,
        sheet,
        assessment.card,
        language=language,
        compare=compare_with(assessment, args.compare) if args.compare else None,
        consultant=args.consultant,
        created=CREATED,
    )
    return {"report.html": normalised(html, work)}


def test_there_are_cases() -> None:
    assert CASES, f"no golden cases in {GOLDEN}"


@pytest.mark.parametrize("name", CASES)
def test_golden(
    name: str, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    case = GOLDEN / name
    specs = [spec for spec in SPECS if (case / spec).is_file()]
    assert len(specs) == 1, f"{case}: needs exactly one of {', '.join(SPECS)}"
    work = tmp_path / "work"
    if specs == ["cmd"]:
        actual = run_command(cli, case, work, monkeypatch)
    else:
        actual = build_report(case, work, monkeypatch)

    expected_folder = case / "expected"
    if request.config.getoption("--update-golden"):
        shutil.rmtree(expected_folder, ignore_errors=True)
        for relative, text in actual.items():
            target = expected_folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="")
        return

    expected = {
        name: exact_text(path)
        for name, path in (files_in(expected_folder) if expected_folder.is_dir() else {}).items()
    }
    hint = "run `python -m pytest tests/test_golden.py --update-golden` and review the diff"
    missing = sorted(set(actual) - set(expected))
    assert not missing, f"{name}: no golden file for {', '.join(missing)}; {hint}"
    unwritten = sorted(set(expected) - set(actual))
    assert not unwritten, f"{name}: expected but not written: {', '.join(unwritten)}"
    differing = [relative for relative in sorted(actual) if actual[relative] != expected[relative]]
    if differing:
        # a unified diff of the first difference, short: pytest's own diff of two long
        # texts is slow and hard to read
        first = differing[0]
        diff = difflib.unified_diff(
            expected[first].splitlines(keepends=True),
            actual[first].splitlines(keepends=True),
            f"expected/{first}",
            f"actual/{first}",
        )
        shown = "".join(itertools.islice(diff, 80))
        pytest.fail(f"{name}: not as expected: {', '.join(differing)}; {hint}\n{shown}", pytrace=False)
