"""`socialmaturity validate`: every problem as PATH:LINE:COLUMN, and hostile YAML runs nothing."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import MINI, ROOT
from socialmaturity import yamlsource
from socialmaturity.yamlsource import SourceError, parse

QUESTIONNAIRE = (MINI / "questionnaires" / "mini.yaml").read_text(encoding="utf-8")
ROADMAP = (MINI / "roadmaps" / "mini.yaml").read_text(encoding="utf-8")
ANSWERS = (MINI / "answers" / "beta.yaml").read_text(encoding="utf-8")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the mini model in the questionnaires/ roadmaps/ answers/ layout."""
    shutil.copytree(MINI, tmp_path / "mini")
    return tmp_path / "mini"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The line of the last occurrence of `needle` (a duplicate is the later one)."""
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert found, needle
    return found[-1]


def test_bundled_files_are_valid(cli) -> None:
    files = [
        ROOT / "roadmaps" / "social-business.yaml",
        ROOT / "questionnaires" / "social-business.yaml",
        ROOT / "examples" / "harbourlight-answers.yaml",
    ]
    result = cli("validate", *files)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "valid questionnaire" in result.stderr


# Each case: the file to change, the edit, the needle whose line the error is on, the
# column, and the message.
CASES = [
    (
        "questionnaires/mini.yaml",
        "  - id: b1\n",
        "  - id: a1\n",
        "  - id: a1",
        9,
        "duplicate question id 'a1' (first used at questions.0.id)",
    ),
    (
        "questionnaires/mini.yaml",
        "    phase: beta\n    dimension: strategy",
        "    phase: omega\n    dimension: strategy",
        "phase: omega",
        12,
        "question 'b1' is in unknown phase 'omega'; valid phases: alpha, beta, gamma",
    ),
    (
        "questionnaires/mini.yaml",
        "    dimension: people\n    weight: 2",
        "    dimension: culture\n    weight: 2",
        "dimension: culture",
        16,
        "question 'a2' is in unknown dimension 'culture'; valid dimensions: strategy, people",
    ),
    (
        "questionnaires/mini.yaml",
        "roadmap: mini",
        "roadmap: maxi",
        "roadmap: maxi",
        10,
        "unknown roadmap 'maxi'",
    ),
    (
        "questionnaires/mini.yaml",
        "    phase: gamma",
        "    phase: beta",
        "questions:",
        1,
        "phase 'gamma' of roadmap 'mini' has no questions",
    ),
    (
        "questionnaires/mini.yaml",
        "      - {id: often, label: {en: Often, nl: Vaak}, score: 4}",
        "      - {id: often, label: {en: Often, nl: Vaak}, not_applicable: true}",
        "{id: never",
        7,
        "question 'c1' has 1 scored option; it needs at least two",
    ),
    (
        "roadmaps/mini.yaml",
        "    threshold: 70\n    next_steps:\n      - id: beta-step",
        "    threshold: 140\n    next_steps:\n      - id: beta-step",
        "threshold: 140",
        16,
        "phases.1.threshold: 140 is out of range: input should be less than or equal to 100",
    ),
    (
        "roadmaps/mini.yaml",
        "    name: {en: Beta, nl: Bèta}",
        "    name: {en: Beta}",
        "name: {en: Beta}",
        11,
        "phases.1.name: missing the 'nl' translation",
    ),
    (
        "questionnaires/mini.yaml",
        "    text: {en: Owner?, nl: Eigenaar?}",
        "    text: {en: Owner?, nl: Eigenaar?, de: Besitzer?}",
        "de: Besitzer?",
        39,
        "questions.1.text: 'de' is not a declared language (en, nl)",
    ),
    (
        "questionnaires/mini.yaml",
        "    recommendation: {en: Open accounts., nl: Open accounts.}",
        "    recommendation: {en: Open accounts., nl: Open accounts.}\n    colour: red",
        "colour: red",
        5,
        "unknown field 'colour' in questions.0",
    ),
    (
        "questionnaires/mini.yaml",
        "    source: \"004\"",
        "",
        "  - id: c1",
        5,
        "missing required field 'source' in questions.4",
    ),
    (
        "answers/beta.yaml",
        "  b2: basic",
        "  b2: advanced",
        "b2: advanced",
        7,
        "'advanced' is not an option of question 'b2'; valid options: none, basic, levels, dont-know",
    ),
    (
        "answers/beta.yaml",
        "  c1: never",
        "  c9: never",
        "c9: never",
        3,
        "unknown question 'c9'; valid questions: a1, a2, b1, b2, c1",
    ),
    (
        "answers/beta.yaml",
        "questionnaire_version: \"1.0\"",
        "questionnaire_version: \"0.9\"",
        "questionnaire_version",
        24,
        "these answers were given to version 0.9 of 'mini', but the questionnaire found is version 1.0",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "needle", "column", "message"), CASES)
def test_error_points_at_line_and_column(
    cli, tree: Path, file: str, old: str, new: str, needle: str, column: int, message: str
) -> None:
    path = tree / file
    edit(path, old, new)
    line = line_of(path, needle.splitlines()[-1] if "\n" in needle else needle)
    if "\n" in needle:  # the error is on the line that starts the block
        line -= needle.count("\n")
    result = cli("validate", path)
    assert result.exit_code == 1
    assert f"{path}:{line}:{column}: {message}" in result.stdout.splitlines(), result.stdout


def test_every_problem_of_every_file_is_listed(cli, tree: Path) -> None:
    questionnaire = tree / "questionnaires" / "mini.yaml"
    edit(questionnaire, "    phase: beta\n    dimension: strategy", "    phase: omega\n    dimension: culture")
    answers = tree / "answers" / "beta.yaml"
    edit(answers, "  b2: basic", "  b2: advanced")
    result = cli("validate", questionnaire, answers)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3, lines  # two in the questionnaire, one saying the answers' questionnaire is broken
    assert "1 of 2" not in result.stderr and "2 of 2 files not valid" in result.stderr


def test_usage_error_exits_2(cli) -> None:
    assert cli("validate").exit_code == 2
    assert cli("schema", "spreadsheet").exit_code == 2


def test_missing_and_binary_files(cli, tmp_path: Path) -> None:
    binary = tmp_path / "x.yaml"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    result = cli("validate", tmp_path / "nope.yaml", binary, tmp_path)
    assert result.exit_code == 1
    assert f"{tmp_path / 'nope.yaml'}:1:1: no such file" in result.stdout
    assert f"{binary}:1:1: this is a binary file, not YAML or JSON" in result.stdout
    assert f"{tmp_path}:1:1: is a folder, not a file" in result.stdout


def test_not_utf8(cli, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(ANSWERS.replace("Example Ltd", "Caf\xe9").encode("cp1252"))
    result = cli("validate", path)
    assert result.exit_code == 1
    assert f"{path}:3:1: the file is not UTF-8 text" in result.stdout


def test_json_answers_and_stdin(cli, tmp_path: Path) -> None:
    answers = (
        '{"questionnaire": "mini", "questionnaire_version": "1.0",\n'
        ' "organisation": {"name": "J"}, "assessed_on": "2026-01-01",\n'
        ' "answers": {"a1": "sum"}}\n'
    )
    path = tmp_path / "mini" / "answers" / "a.json"
    shutil.copytree(MINI, tmp_path / "mini")
    path.write_text(answers, encoding="utf-8")
    result = cli("validate", path)
    assert result.exit_code == 1
    assert f"{path}:3:20: 'sum' is not an option of question 'a1'" in result.stdout


# -- hostile YAML --------------------------------------------------------------------


def test_python_tags_are_refused_and_nothing_runs(cli, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "evil.yaml"
    path.write_text(
        "questionnaire: mini\n"
        f"answers: !!python/object/apply:os.system ['touch {marker}']\n",
        encoding="utf-8",
    )
    result = cli("validate", path)
    assert result.exit_code == 1
    assert f"{path}:2:10: the tag tag:yaml.org,2002:python/object/apply:os.system is not allowed" in result.stdout
    assert not marker.exists()
    for tag in ("!!python/name:os.system", "!custom 1", "!!binary aGk="):
        with pytest.raises(SourceError, match="is not allowed"):
            parse(f"a: {tag}\n")


def test_alias_bomb_is_an_error_not_a_hang(cli, tmp_path: Path) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    result = cli("validate", path)
    assert time.perf_counter() - started < 5
    assert result.exit_code == 1
    assert "expands to more than 200,000 values" in result.stdout


PARSERS = [
    pytest.param(
        yamlsource.LIBYAML,
        id="libyaml",
        marks=pytest.mark.skipif(yamlsource.LIBYAML is None, reason="PyYAML built without libyaml"),
    ),
    pytest.param(yamlsource.PURE_PYTHON, id="pure-python"),
]


@pytest.fixture(params=PARSERS)
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> object:
    """Each YAML parser PyYAML may have, as the one every command uses."""
    monkeypatch.setattr(yamlsource, "DEFAULT_PARSER", request.param)
    return request.param


# Where the 65th level opens: in `a: [[[...` the top mapping is the first level, so it
# is the 64th '[', at column 3 + 64.
DEEP = [
    pytest.param("a: " + "[" * 100_000 + "]" * 100_000 + "\n", 1, 67, id="flow-100000"),
    pytest.param("a: " + "[" * 2_000 + "]" * 2_000 + "\n", 1, 67, id="flow-past-libyaml-limit"),
    pytest.param("a: " + "[" * 70 + "]" * 70 + "\n", 1, 67, id="flow-below-libyaml-limit"),
    pytest.param("a: " + "{b: " * 2_000 + "}" * 2_000 + "\n", 1, 256, id="flow-mappings"),
    pytest.param("[" * 1_100 + "x" + "]" * 1_100 + ": 2\n", 1, 65, id="flow-as-key"),
    pytest.param("a:\n" + "".join("  " * i + "  b:\n" for i in range(1_200)), 65, 129, id="block"),
    pytest.param("x: 1\ny: {b: " + "[" * 1_500 + "\n", 2, 70, id="unclosed-on-line-2"),
]


@pytest.mark.parametrize(("text", "line", "column"), DEEP)
def test_deep_nesting_is_an_error(cli, tmp_path: Path, parser: object, text: str, line: int, column: int) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("validate", path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"{path}:{line}:{column}: the file is nested deeper than 64 levels"]


def test_nesting_beyond_libyaml_limit_reads_alike_with_both_parsers() -> None:
    if yamlsource.LIBYAML is None:
        pytest.skip("PyYAML built without libyaml")
    # A key whose ':' lies beyond libyaml's limit: cutting the text there cannot find
    # our limit, so the pure-Python parser reads it all and both report the same.
    text = "a: 1\n" + "[" * 1_100 + "]" * 1_100 + ": 2\n"
    found = []
    for parser in (yamlsource.LIBYAML, yamlsource.PURE_PYTHON):
        with pytest.raises(SourceError) as caught:
            parse(text, parser)
        found.append((caught.value.message, caught.value.position))
    assert found[0] == found[1] == ("a colon (:) is missing after a key", yamlsource.Position(2, 1026))


def test_yaml_words_stay_words() -> None:
    document = parse("a: no\nb: on\nc: true\nd: 1.0\ne: 2026-01-02\nf: null\n")
    assert document.value["a"] == "no" and document.value["b"] == "on"
    assert document.value["c"] is True and document.value["d"] == 1.0 and document.value["f"] is None


def test_duplicate_keys_are_errors() -> None:
    with pytest.raises(SourceError, match="duplicate key 'a'") as caught:
        parse("a: 1\nb: 2\na: 3\n")
    assert (caught.value.position.line, caught.value.position.column) == (3, 1)  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", ["questionnaire", "roadmap", "answers"])
def test_schema_prints_json_schema(cli, kind: str) -> None:
    import json

    result = cli("schema", kind)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "properties" in schema


def test_bundled_files_match_their_schema(cli) -> None:
    import json

    jsonschema = pytest.importorskip("jsonschema")
    for kind, path in [
        ("questionnaire", ROOT / "questionnaires" / "social-business.yaml"),
        ("roadmap", ROOT / "roadmaps" / "social-business.yaml"),
        ("answers", ROOT / "examples" / "harbourlight-answers.yaml"),
    ]:
        schema = json.loads(cli("schema", kind).stdout)
        value = parse(path.read_text(encoding="utf-8")).value
        value = json.loads(json.dumps(value, default=str))
        jsonschema.validate(value, schema)


# -- the reader agrees with a YAML writer ----------------------------------------------

scalars = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(min_size=1, max_size=12), children, max_size=5),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(value=values, flow=st.booleans())
def test_parse_reads_back_what_yaml_wrote(value: object, flow: bool) -> None:
    import yaml

    text = yaml.safe_dump({"root": value}, allow_unicode=True, default_flow_style=flow)
    assert parse(text).value == yaml.safe_load(text)


@pytest.mark.parametrize("parser", ["libyaml", "pure-python"])
def test_a_character_that_cannot_start_a_value_is_said_in_the_reader_s_words(parser: str) -> None:
    """libyaml says "found character that cannot start any token", PyYAML names the character."""
    chosen = yamlsource.LIBYAML if parser == "libyaml" else yamlsource.PURE_PYTHON
    if chosen is None:
        pytest.skip("PyYAML was built without libyaml")
    with pytest.raises(yamlsource.SourceError) as raised:
        yamlsource.parse("key: @value\n", chosen)
    assert raised.value.message == "this character cannot start a value; quote the text"
    assert raised.value.message.in_("fr").startswith("une valeur ne peut pas commencer par ce caractère")
