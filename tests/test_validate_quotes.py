"""An unclosed quote is reported where the quote opens, not where the parser gives up.

A quote that is not closed takes the following lines into the quoted text, up to the
next quote mark (or the end of the file), and the YAML parser complains only there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINI
from socialmaturity import yamlsource

ANSWERS = (MINI / "answers" / "beta.yaml").read_text(encoding="utf-8")

PARSERS = [
    pytest.param(
        "libyaml",
        id="libyaml",
        marks=pytest.mark.skipif(yamlsource.LIBYAML is None, reason="PyYAML built without libyaml"),
    ),
    pytest.param("pure-python", id="pure-python"),
]


@pytest.fixture(params=PARSERS)
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The name of the YAML parser every command uses in the test."""
    chosen = yamlsource.LIBYAML if request.param == "libyaml" else yamlsource.PURE_PYTHON
    monkeypatch.setattr(yamlsource, "DEFAULT_PARSER", chosen)
    return str(request.param)


def answers_with(tmp_path: Path, old: str, new: str) -> Path:
    assert old in ANSWERS, old
    path = tmp_path / "answers.yaml"
    path.write_text(ANSWERS.replace(old, new, 1), encoding="utf-8")
    return path


# Line 3 is `organisation: {name: Example Ltd}`; line 10 is `  b1: "yes"`, whose first
# quote closes the runaway text. Each parser words what it finds there its own way.
CASES = [
    pytest.param(
        "{name: Example Ltd}",
        '{name: "Example Ltd}',
        3,
        22,
        {
            "libyaml": "runs on to line 10 (a comma (,) or the closing curly bracket of a mapping is missing)",
            "pure-python": "runs on to line 10 (a comma (,) or the closing curly bracket of a mapping is missing)",
        },
        id="in-a-flow-mapping",
    ),
    pytest.param(
        "{name: Example Ltd}",
        '"Example Ltd',
        3,
        15,
        {
            "libyaml": "runs on to line 10 (a key is expected here: check the indentation)",
            "pure-python": "runs on to line 10 (expected <block end>, but found '<scalar>')",
        },
        id="a-block-value",
    ),
    pytest.param(
        'questionnaire_version: "1.0"',
        'questionnaire_version: "1.0',
        2,
        24,
        {
            "libyaml": "runs on to line 10 (a key is expected here: check the indentation)",
            "pure-python": "runs on to line 10 (expected <block end>, but found '<scalar>')",
        },
        id="the-version",
    ),
    pytest.param(
        "{name: Example Ltd}",
        "{name: 'Example Ltd}",
        3,
        22,
        {
            "libyaml": "runs on to the end of the file",
            "pure-python": "runs on to the end of the file",
        },
        id="single-quote-to-the-end",
    ),
    pytest.param(
        "assessor: Test",
        'assessor: "Test\n---\nx: "y"',
        5,
        11,
        {
            "libyaml": "runs on to line 6 (found unexpected document indicator)",
            "pure-python": "runs on to line 6 (found unexpected document separator)",
        },
        id="up-to-a-document-marker",
    ),
]


@pytest.mark.parametrize(("old", "new", "line", "column", "ending"), CASES)
def test_unclosed_quote_is_reported_at_the_quote(
    cli, tmp_path: Path, parser: str, old: str, new: str, line: int, column: int, ending: dict[str, str]
) -> None:
    path = answers_with(tmp_path, old, new)
    result = cli("validate", path)
    assert result.exit_code == 1
    expected = f"{path}:{line}:{column}: unclosed quote: the quoted text that starts here {ending[parser]}"
    assert result.stdout.splitlines() == [expected]


def test_a_quoted_text_over_two_lines_is_not_blamed_for_a_later_mistake(cli, tmp_path: Path, parser: str) -> None:
    path = answers_with(
        tmp_path,
        "  c1: never\n",
        '  c1: never\nnotes:\n  a1: "Two accounts,\n    one of them dormant."\nparticipants: [Ann, Bob\n',
    )
    result = cli("validate", path)
    assert result.exit_code == 1
    # The list is never closed: the parser finds out at the end of the file.
    problem = {
        "libyaml": "a comma (,) or the closing bracket (]) of a list is missing",
        "pure-python": "a comma (,) or the closing bracket (]) of a list is missing",
    }[parser]
    assert result.stdout.splitlines() == [f"{path}:17:1: {problem}"]


def test_a_quoted_text_over_two_lines_is_fine(parser: str) -> None:
    text = ANSWERS + 'notes:\n  a1: "Two accounts,\n    one of them dormant."\n'
    assert yamlsource.parse(text).value["notes"] == {"a1": "Two accounts, one of them dormant."}
