"""What `batch` and `mapping init` write and print: never over an input, never over a
folder or a special file, never a mix of old and new results, never a traceback, and
never the export's control characters on the user's terminal."""

from __future__ import annotations

import csv
import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml

import socialmaturity.batch.outputs as outputs
import socialmaturity.files as safety
from conftest import MINI
from socialmaturity.files import OutputError, StagedFiles, same_file
from socialmaturity.safetext import visible

MODEL = MINI / "questionnaires" / "mini.yaml"
HEADER = ["Respondent", "Team", "Accounts?", "Owner?", "Kalender?", "Training?", "Co-creation?"]
ROWS = [
    ["r1", "Care", "Some", "Full-time", "Yes", "Basic", "Never"],
    ["r2", "Care", "All", "Part-time", "No", "Levels", "Often"],
    ["r3", "Sales", "None", "Nobody", "Yes", "Basic", "Never"],
]
OUTPUTS = ["respondents.csv", "groups.csv", "errors.csv", "summary.json"]
ON_LINUX = Path("/proc/self").is_dir()


def export(path: Path, rows: list[list[str]] = ROWS, header: list[str] = HEADER) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([header, *rows])
    return path


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry of a folder: a file's bytes, or what else it is."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = f"link to {os.readlink(path)}"
        elif path.is_dir():
            found[name] = "folder"
        elif stat.S_ISFIFO(path.lstat().st_mode):
            found[name] = "fifo"
        else:
            found[name] = path.read_bytes()
    return found


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def clean(result: Any) -> None:
    assert "Traceback" not in result.stderr
    assert result.stderr.strip(), "a failure without a message"


# -- 1. no output replaces the export or the mapping ------------------------------------


@pytest.mark.parametrize("name", OUTPUTS)
def test_an_export_in_the_out_dir_under_an_output_name_is_refused(cli: Any, tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    path = export(out / name)
    before = snapshot(out)
    result = cli("batch", path, "-q", MODEL, "-o", out)
    assert result.exit_code == 2
    clean(result)
    assert f"batch writes {path}, which is the export; it would be lost" in result.stderr
    assert snapshot(out) == before


def test_an_export_linked_into_the_out_dir_is_refused(cli: Any, tmp_path: Path) -> None:
    path = export(tmp_path / "export.csv")
    out = tmp_path / "out"
    out.mkdir()
    (out / "errors.csv").symlink_to(path)
    os.link(path, out / "summary.json")
    before = snapshot(tmp_path)
    result = cli("batch", path, "-q", MODEL, "-o", out)
    assert result.exit_code == 2
    clean(result)
    assert f"which is the export {path} (the same file)" in result.stderr
    assert snapshot(tmp_path) == before


def test_another_spelling_of_the_out_dir_is_refused(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    export(tmp_path / "out" / "respondents.csv")
    before = snapshot(tmp_path)
    result = cli("batch", "out/respondents.csv", "-q", MODEL, "-o", "./out/../out")
    assert result.exit_code == 2
    assert snapshot(tmp_path) == before


def test_a_mapping_file_in_the_out_dir_under_an_output_name_is_refused(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    mapping = out / "summary.json"
    mapping.write_text('{"group_by": "Team"}', encoding="utf-8")
    result = cli("batch", export(tmp_path / "export.csv"), "-q", MODEL, "-o", out, "--mapping", mapping)
    assert result.exit_code == 2
    clean(result)
    assert "the mapping file (--mapping)" in result.stderr
    assert mapping.read_text(encoding="utf-8") == '{"group_by": "Team"}'
    assert sorted(p.name for p in out.iterdir()) == ["summary.json"]


def test_an_export_at_a_report_path_is_refused_before_anything_is_written(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = export(out / "reports" / "sales.pdf")  # the report of group Sales
    before = snapshot(out)
    result = cli("batch", path, "-q", MODEL, "-o", out, "--group-by", "Team", "--reports", "--min-group-size", "1")
    assert result.exit_code == 2
    clean(result)
    assert f"batch writes {path}, which is the export" in result.stderr
    assert snapshot(out) == before


def test_same_file() -> None:
    here = Path(__file__)
    assert same_file(here, here.parent / ".." / here.parent.name / here.name)
    assert same_file(Path("no/such/file"), Path("no/./such/file"))
    assert not same_file(here, here.parent / "conftest.py")


# -- 2. outputs that are not regular files; no mix of old and new results ---------------


def previous_run(cli: Any, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    result = cli("batch", export(tmp_path / "export.csv"), "-q", MODEL, "-o", out, "--group-by", "Team")
    assert result.exit_code == 0, result.stderr
    return out


@pytest.mark.parametrize("name", OUTPUTS)
@pytest.mark.parametrize("kind", ["folder", "fifo", "link"])
def test_an_output_that_is_not_a_regular_file_stops_the_run_before_anything_is_written(
    cli: Any, tmp_path: Path, name: str, kind: str
) -> None:
    out = previous_run(cli, tmp_path)
    target = out / name
    target.unlink()
    if kind == "folder":
        target.mkdir()
        expected = f"{target} is a folder, not a file; nothing was written"
    elif kind == "fifo":
        os.mkfifo(target)
        expected = f"{target} is not a regular file (a pipe, socket or device); nothing was written"
    else:
        (tmp_path / "kept.csv").write_text("someone's file\n", encoding="utf-8")
        target.symlink_to(tmp_path / "kept.csv")
        expected = f"{target} is a symbolic link, not a file; nothing was written"
    before = snapshot(tmp_path)
    # without groups too: groups.csv of an earlier run would be removed
    for args in (["--group-by", "Team"], []):
        result = cli("batch", tmp_path / "export.csv", "-q", MODEL, "-o", out, *args)
        assert result.exit_code == 1
        clean(result)
        assert expected in result.stderr
        assert snapshot(tmp_path) == before


def test_an_output_that_turns_into_a_folder_during_the_run_leaves_the_old_results(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = previous_run(cli, tmp_path)
    export(tmp_path / "export.csv", ROWS[:2])
    finish = outputs.BatchWriter.finish

    def finish_and_block(writer: outputs.BatchWriter, *args: Any, **named: Any) -> None:
        finish(writer, *args, **named)
        (out / "summary.json").unlink()
        (out / "summary.json").mkdir()

    monkeypatch.setattr(outputs.BatchWriter, "finish", finish_and_block)
    before = {name: (out / name).read_bytes() for name in ("respondents.csv", "errors.csv", "groups.csv")}
    result = cli("batch", tmp_path / "export.csv", "-q", MODEL, "-o", out, "--group-by", "Team")
    assert result.exit_code == 1
    clean(result)
    assert "summary.json is a folder, not a file; nothing was written" in result.stderr
    assert {name: (out / name).read_bytes() for name in before} == before
    assert temporaries(out) == []


def test_staged_files_are_renamed_together_at_the_end_summary_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    renamed: list[str] = []
    replace = os.replace

    def record(source: Any, target: Any) -> None:
        assert Path(source).exists()
        renamed.append(Path(target).name)
        replace(source, target)

    monkeypatch.setattr(safety.os, "replace", record)
    with StagedFiles(tmp_path) as files:
        files.open("summary.json").write("{}")
        files.open("rows.csv").write("a\n")
        assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".tmp")) == []
        files.commit()
    # the journal first (it names every rename), then the files, the marker last
    assert renamed == [".socialmaturity-commit", "rows.csv", "summary.json"]
    assert not (tmp_path / ".socialmaturity-commit").exists()
    assert (tmp_path / "rows.csv").read_text(encoding="utf-8") == "a\n"
    assert temporaries(tmp_path) == []


def test_staged_files_checked_again_at_commit_change_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("old a", encoding="utf-8")
    with pytest.raises(OutputError) as problem, StagedFiles(tmp_path) as files:
        files.open("b.csv").write("new b")
        files.open("a.csv").write("new a")
        (tmp_path / "b.csv").mkdir()
        files.commit()
    assert problem.value.problem == "folder" and problem.value.path == tmp_path / "b.csv"
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == "old a"
    assert temporaries(tmp_path) == []


def test_staged_files_left_without_commit_are_discarded(tmp_path: Path) -> None:
    with pytest.raises(KeyError), StagedFiles(tmp_path) as files:
        files.open("a.csv").write("new")
        raise KeyError
    assert list(tmp_path.iterdir()) == []


# -- 3. an out dir that cannot be written ----------------------------------------------


@pytest.mark.skipif(not ON_LINUX, reason="needs /proc")
def test_an_out_dir_that_takes_no_files(cli: Any, tmp_path: Path) -> None:
    result = cli("batch", export(tmp_path / "export.csv"), "-q", MODEL, "-o", "/proc")
    assert result.exit_code == 1
    clean(result)
    assert "cannot write /proc/summary.json: the folder /proc does not take new files" in result.stderr


def test_an_out_dir_without_permission(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(safety.tempfile, "mkstemp", refuse)
    out = tmp_path / "out"
    out.mkdir()
    result = cli("batch", export(tmp_path / "export.csv"), "-q", MODEL, "-o", out)
    assert result.exit_code == 1
    clean(result)
    assert f"the folder {out} does not take new files (permission denied)" in result.stderr
    assert list(out.iterdir()) == []


def test_a_new_out_dir_that_cannot_be_written_is_removed_again(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(safety.tempfile, "mkstemp", refuse)
    result = cli("batch", export(tmp_path / "export.csv"), "-q", MODEL, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert not (tmp_path / "out").exists()


def test_an_empty_out_dir_is_a_usage_error(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    export(tmp_path / "export.csv")
    result = cli("batch", "export.csv", "-q", MODEL, "-o", "")
    assert result.exit_code == 2
    assert "--out-dir: give a folder name" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]


# -- 4. and 5. mapping init's output ---------------------------------------------------


@pytest.mark.parametrize("spelling", ["same", "dotted", "link"])
def test_mapping_init_never_writes_over_its_export(cli: Any, tmp_path: Path, spelling: str) -> None:
    path = export(tmp_path / "export.csv")
    output = {"same": path, "dotted": tmp_path / "." / "export.csv", "link": tmp_path / "link.csv"}[spelling]
    if spelling == "link":
        output.symlink_to(path)
    before = snapshot(tmp_path)
    result = cli("mapping", "init", path, "-q", MODEL, "-o", output, "--force")
    assert result.exit_code == 2
    clean(result)
    assert "is the export" in result.stderr
    assert snapshot(tmp_path) == before


def test_mapping_init_never_writes_over_its_mapping(cli: Any, tmp_path: Path) -> None:
    path = export(tmp_path / "export.csv")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("group_by: Team\n", encoding="utf-8")
    result = cli("mapping", "init", path, "-q", MODEL, "--mapping", mapping, "-o", mapping, "--force")
    assert result.exit_code == 2
    assert "is the mapping file (--mapping)" in result.stderr
    assert mapping.read_text(encoding="utf-8") == "group_by: Team\n"


def test_mapping_init_into_a_missing_folder(cli: Any, tmp_path: Path) -> None:
    output = tmp_path / "missing" / "m.yaml"
    result = cli("mapping", "init", export(tmp_path / "export.csv"), "-q", MODEL, "-o", output)
    assert result.exit_code == 1
    clean(result)
    assert f"cannot write {output}: the folder {output.parent} does not exist" in result.stderr
    assert not output.parent.exists()


@pytest.mark.skipif(not ON_LINUX, reason="needs /proc")
def test_mapping_init_into_a_folder_that_takes_no_files(cli: Any, tmp_path: Path) -> None:
    result = cli("mapping", "init", export(tmp_path / "export.csv"), "-q", MODEL, "-o", "/proc/m.yaml")
    assert result.exit_code == 1
    clean(result)
    assert "cannot write /proc/m.yaml: the folder /proc does not take new files" in result.stderr


def test_mapping_init_with_an_empty_output_name(cli: Any, tmp_path: Path) -> None:
    result = cli("mapping", "init", export(tmp_path / "export.csv"), "-q", MODEL, "-o", "")
    assert result.exit_code == 2
    assert "--output: give a file name, or leave the option out to print the mapping" in result.stderr
    assert "is a directory" not in result.stderr


def test_mapping_init_over_a_fifo_or_a_link(cli: Any, tmp_path: Path) -> None:
    path = export(tmp_path / "export.csv")
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "nowhere")
    before = snapshot(tmp_path)
    for name in ("pipe.yaml", "dangling.yaml"):
        result = cli("mapping", "init", path, "-q", MODEL, "-o", tmp_path / name, "--force")
        assert result.exit_code == 1
        clean(result)
    assert snapshot(tmp_path) == before


def test_mapping_init_writes_through_a_temporary_file(cli: Any, tmp_path: Path) -> None:
    output = tmp_path / "m.yaml"
    result = cli("mapping", "init", export(tmp_path / "export.csv"), "-q", MODEL, "-o", output)
    assert result.exit_code == 0, result.stderr
    assert yaml.safe_load(output.read_text(encoding="utf-8"))["questionnaire"] == "mini"
    assert temporaries(tmp_path) == []


# -- 6. the terminal, the mapping's questionnaire, empty mappings and exports ---------


def test_terminal_text_shows_control_and_bidi_characters_as_escapes() -> None:
    assert visible("\x1b]0;title\x07red\x1b[31m") == "\\x1b]0;title\\x07red\\x1b[31m"
    assert visible("a\x9bb\x7fc\x00") == "a\\x9bb\\x7fc\\x00"
    assert visible("\u202eevil\u202c \u2066x\u2069 \u202a") == "\\u202eevil\\u202c \\u2066x\\u2069 \\u202a"
    assert visible("tab\there\nline", one_line=True) == "tab\\x09here\\x0aline"
    assert visible("one\ntwo\x1b") == "one\ntwo\\x1b"
    assert visible("Zorggroep Één — “ok” 日本") == "Zorggroep Één — “ok” 日本"


HOSTILE = "x\x1b[2J\x1b]0;pwned\x07\u202eevil\x9b"


def test_batch_messages_show_export_text_escaped(cli: Any, tmp_path: Path) -> None:
    rows = [row[:] for row in ROWS]
    rows[0][2] = HOSTILE  # a value no option matches
    header = HEADER[:]
    header[6] = "Co-creation?\x1b[5m"
    path = export(tmp_path / "export.csv", rows, header)
    for args in ([], ["--on-invalid", "fail"]):
        result = cli("batch", path, "-q", MODEL, "-o", tmp_path / "out", "--group-by", "Team", *args)
        assert "\x1b" not in result.stderr and "\u202e" not in result.stderr and "\x9b" not in result.stderr
        assert "\\x1b[2J" in result.stderr and "\\u202eevil" in result.stderr
    result = cli("batch", path, "-q", MODEL, "-o", tmp_path / "out", "--group-by", "Team\x1b[1m")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "Team\\x1b[1m" in result.stderr


def test_a_draft_mapping_holds_hostile_text_as_escapes_and_reads_back(cli: Any, tmp_path: Path) -> None:
    rows = [row[:] for row in ROWS]
    rows[0][2] = HOSTILE + "\x7f\x85\u2028"
    header = ["Respondent", "Team\x1b[31m\x9b", *HEADER[2:]]
    path = export(tmp_path / "export.csv", rows, header)
    result = cli("mapping", "init", path, "-q", MODEL)
    assert result.exit_code == 0, result.stderr
    for raw in ("\x1b", "\x9b", "\x7f", "\u202e", "\x85", "\u2028"):
        assert raw not in result.stdout
    document = yaml.safe_load(result.stdout)
    assert "Team\x1b[31m\x9b" in document["columns"]
    assert HOSTILE + "\x7f\x85\u2028" in document["values"]["a1"]


def test_an_empty_mapping_file_is_an_error(cli: Any, tmp_path: Path) -> None:
    path = export(tmp_path / "export.csv")
    for text in ("", "\n# nothing yet\n"):
        mapping = tmp_path / "mapping.yaml"
        mapping.write_text(text, encoding="utf-8")
        for command in (("batch", path, "-o", tmp_path / "out"), ("mapping", "init", path)):
            result = cli(*command, "-q", MODEL, "--mapping", mapping)
            assert result.exit_code == 1
            assert f"{mapping}:1:1: the mapping file is empty" in result.stderr
            assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("5", "questionnaire: write the id"),
        ("[mini]", "questionnaire: write the id"),
        ('""', "questionnaire: write the id"),
        ("/etc/passwd", "questionnaire: write the id"),
        ("../../../etc/passwd", "questionnaire: write the id"),
        ("Mini", "questionnaire: write the id"),
        ("no-such-questionnaire", "no questionnaire 'no-such-questionnaire' (bundled: social-business)"),
    ],
)
def test_a_mapping_names_its_questionnaire_by_id_or_yaml_path(cli: Any, tmp_path: Path, value: str, shown: str) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(f"questionnaire: {value}\n", encoding="utf-8")
    result = cli("batch", export(tmp_path / "export.csv"), "-o", tmp_path / "out", "--mapping", mapping)
    assert result.exit_code == 1
    clean(result)
    assert f"{mapping}:1:16: {shown}" in result.stderr
    assert "root:" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_bad_questionnaire_in_a_mapping_is_an_error_even_with_q(cli: Any, tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("questionnaire: 5\n", encoding="utf-8")
    result = cli("batch", export(tmp_path / "export.csv"), "-q", MODEL, "-o", tmp_path / "out", "--mapping", mapping)
    assert result.exit_code == 1
    assert "questionnaire: write the id" in result.stderr


@pytest.mark.parametrize("value", ["../questionnaires/mini.yaml", "mini", "ABSOLUTE"])
def test_a_mapping_s_questionnaire_is_found_from_the_mapping_s_folder(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    shutil.copytree(MINI, tmp_path / "mini")
    maps = tmp_path / "mini" / "maps"
    maps.mkdir()
    if value == "ABSOLUTE":
        value = str(tmp_path / "mini" / "questionnaires" / "mini.yaml")
    (maps / "mapping.yaml").write_text(f"questionnaire: {value}\ngroup_by: Team\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    path = export(elsewhere / "export.csv")
    result = cli("batch", path, "-o", "out", "--mapping", maps / "mapping.yaml")
    assert result.exit_code == 0, result.stderr
    assert "Scored 3 of 3 rows" in result.stderr
    assert (elsewhere / "out" / "groups.csv").exists()


def test_an_export_with_headings_only_says_so(cli: Any, tmp_path: Path) -> None:
    path = export(tmp_path / "export.csv", [])
    result = cli("batch", path, "-q", MODEL, "-o", tmp_path / "out")
    assert result.exit_code == 1
    clean(result)
    assert f"{path} holds no responses, only column headings; nothing was written" in result.stderr
    assert "errors.csv" not in result.stderr
    assert not (tmp_path / "out").exists()
