"""Hostile and clumsy input, command by command, each run as a real process.

The product rule: bad input gets a clear message on stderr and an exit code (1 bad input,
2 usage, 130 interrupted), never a Python traceback, and nothing the user entered is lost
or half-written. Every case runs `python -m socialmaturity` in a fresh folder and checks:
no "Traceback" on stderr, an exit code from the expected set, the files that must survive
unchanged, and any further property of the case.

Cases marked xfail(strict=True) are violations found by a hostile-input review; each
reason says what happens now. When one is fixed its xfail mark must go (strict).
"""

from __future__ import annotations

import hashlib
import json
import os
import select
import shutil
import stat
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

pytestmark = pytest.mark.slow  # every case is a separate process
# the 1.0.0 example: its option ids are the ones these cases break on purpose
EXAMPLE = ROOT / "examples" / "harbourlight-answers-1.0.0.yaml"
EXPORT = ROOT / "examples" / "survey-export.csv"
MINI = ROOT / "tests" / "data" / "mini"

BAD, USAGE = 1, 2
ON_LINUX = Path("/proc/self/mem").exists() and Path("/dev/full").exists()
linux_only = pytest.mark.skipif(not ON_LINUX, reason="needs /proc and /dev/full")

Setup = Callable[[Path], None]
Check = Callable[[Path, "subprocess.CompletedProcess[bytes]"], None]


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    codes: frozenset[int]
    stdin: bytes = b""
    keep: tuple[str, ...] = ()  # files (relative to the work folder) that must not change
    setup: Setup | None = None
    check: Check | None = None


def case(
    *args: str,
    codes: int | set[int] = BAD,
    stdin: bytes = b"",
    keep: tuple[str, ...] = (),
    setup: Setup | None = None,
    check: Check | None = None,
    id: str,
    fails: str | None = None,
    marks: tuple[pytest.MarkDecorator, ...] = (),
) -> object:
    expected = frozenset({codes} if isinstance(codes, int) else codes)
    all_marks = list(marks)
    if fails is not None:
        all_marks.append(pytest.mark.xfail(strict=True, reason=fails))
    return pytest.param(
        Case(id, tuple(args), expected, stdin, keep, setup, check), id=id, marks=all_marks
    )


# -- the files every case finds in its work folder ------------------------------------------

ANSWERS_HEAD = """questionnaire: social-business
questionnaire_version: "1.0.0"
organisation: {name: X}
assessed_on: 2026-10-14
"""

BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]"
        for i in range(9)
    ]
) + "\nanswers: *j\n"

ESCAPES = '"\\e[31mRED\\e]0;pwned-title\\a\\u202eevil"'


def _example() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def populate(work: Path) -> None:
    """Small hostile files; the big ones are made by the cases that need them."""
    example = _example()
    accented = example.replace("Harbourlight Energy", "Hårbourlight Énergie")
    texts = {
        "ok.yaml": example,
        "empty.yaml": "",
        "spaces.yaml": "   \n\n  \n",
        "tabs.yaml": "  \n\t\n\t  ",
        "tag.yaml": ANSWERS_HEAD.replace(
            "questionnaire: social-business",
            'questionnaire: !!python/object/apply:os.system ["touch pwned"]',
        ),
        "tag-top.yaml": '!!python/object/apply:os.system ["touch pwned"]\n',
        "binary-tag.yaml": ANSWERS_HEAD.replace("{name: X}", "{name: !!binary aGVsbG8=}"),
        "merge.yaml": "x: &x {name: X}\n" + ANSWERS_HEAD.replace("{name: X}", "{<<: *x}"),
        "bomb.yaml": BOMB,
        "deep-flow.yaml": "answers: " + "[" * 50_000 + "]" * 50_000 + "\n",
        "deep-block.yaml": "answers:\n" + "".join(" " * i + "a:\n" for i in range(500)),
        "duplicate.yaml": example + "\norganisation: {name: Y}\n",
        "duplicate-nested.yaml": example.replace(
            "  official-accounts: main-platforms",
            "  official-accounts: main-platforms\n  official-accounts: none",
        ),
        "syntax.json": '{"questionnaire": "social-business", "questionnaire_version": "1.0.0",, }',
        "truncated.json": '{"questionnaire": "social-business"',
        "two-documents.yaml": example + "\n---\nfoo: 1\n",
        "answers-list.yaml": ANSWERS_HEAD + "answers: [a, b]\n",
        "organisation-text.yaml": ANSWERS_HEAD.replace("{name: X}", "Acme"),
        "yesterday.yaml": ANSWERS_HEAD.replace("2026-10-14", "yesterday"),
        "unknown-voter.yaml": ANSWERS_HEAD
        + "participants: [Ann]\nvotes: {official-accounts: {Zed: main-platforms}}\n",
        "participants-text.yaml": ANSWERS_HEAD + "participants: Ann\n",
        "answer-number.yaml": ANSWERS_HEAD + "answers: {official-accounts: 3}\n",
        "top-list.yaml": "- answers\n- organisation\n",
        "id-path.yaml": ANSWERS_HEAD.replace(
            "questionnaire: social-business", "questionnaire: ../../etc/passwd"
        ),
        "language-xx.yaml": ANSWERS_HEAD + "language: xx\n",
        "odd-name.yaml": ANSWERS_HEAD.replace("{name: X}", '{name: "../a/\\0b\\nc"}'),
        "long-name.yaml": ANSWERS_HEAD.replace("{name: X}", '{name: "' + "x" * 201 + '"}'),
        "escapes-name.yaml": example.replace(
            "{name: Harbourlight Energy,", "{name: " + ESCAPES + ","
        ),
        "escapes-option.yaml": example.replace(
            "official-accounts: main-platforms", "official-accounts: " + ESCAPES
        ),
    }
    for name, text in texts.items():
        (work / name).write_text(text, encoding="utf-8")
    blobs = {
        "image.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        "cp1252.yaml": accented.encode("cp1252"),
        "utf16-bom.yaml": accented.encode("utf-16"),
        "utf16-le.yaml": accented.encode("utf-16-le"),
        "utf8-bom.yaml": b"\xef\xbb\xbf" + accented.encode("utf-8"),
        "latin1-inside.yaml": example.encode("utf-8").replace(b"Maren", b"M\xe4ren"),
    }
    for name, data in blobs.items():
        (work / name).write_bytes(data)
    (work / "folder").mkdir()
    shutil.copy(EXPORT, work / "export.csv")


# -- helpers for setups and checks ----------------------------------------------------------


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def csv_file(name: str, rows: list[list[str]]) -> Setup:
    def make(work: Path) -> None:
        import csv

        with (work / name).open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream).writerows(rows)

    return make


def export_rows() -> list[list[str]]:
    import csv

    with EXPORT.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def formula_export(work: Path) -> None:
    rows = export_rows()
    org, rid = rows[0].index("Organisation"), rows[0].index("ResponseId")
    formulas = ['=HYPERLINK("http://x","y")', "+1", "@SUM(A1)", "-2+3", "\t=1+1", "=cmd|' /C calc'!A0"]
    for i, row in enumerate(rows[3:]):
        row[org] = formulas[i % len(formulas)]
        row[rid] = formulas[(i + 1) % len(formulas)]
    csv_file("formulas.csv", rows)(work)


def no_formula_cells(work: Path, result: subprocess.CompletedProcess[bytes]) -> None:
    import csv

    for name in ("respondents.csv", "groups.csv", "errors.csv"):
        with (work / "out" / name).open(encoding="utf-8", newline="") as stream:
            for row in csv.reader(stream):
                for cell in row:
                    assert not cell.startswith(("=", "+", "-", "@", "\t")), (name, cell)


def wide_export(work: Path) -> None:
    rows = export_rows()
    rows = [row + [f"extra {j}" if i == 0 else "v" for j in range(10_000)] for i, row in enumerate(rows)]
    csv_file("wide.csv", rows)(work)


def big_cell_export(work: Path) -> None:
    rows = export_rows()
    rows[5][rows[0].index("Organisation")] = "A" * 1_000_000
    csv_file("big-cell.csv", rows)(work)


def xlsx_bomb(work: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Organisation", "official-accounts"])
    sheet.append(["Acme", "main-platforms"])
    book.save(work / "plain.xlsx")
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(8)
    )
    with zipfile.ZipFile(work / "plain.xlsx") as source, zipfile.ZipFile(work / "bomb.xlsx", "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                if data.startswith(b"<?xml"):
                    data = data.split(b"?>", 1)[1]
                data = f'<?xml version="1.0"?><!DOCTYPE x [{entities}]>'.encode() + data
                data = data.replace(b"main-platforms", b"&i;")
            target.writestr(item, data)


def not_an_xlsx(work: Path) -> None:
    (work / "garbage.xlsx").write_bytes(b"PK\x03\x04garbage" + b"x" * 100)
    with zipfile.ZipFile(work / "other-zip.xlsx", "w") as archive:
        archive.writestr("hello.txt", "hi")
    shutil.copy(EXPORT, work / "csv-named.xlsx")
    (work / "utf16-nobom.csv").write_bytes(EXPORT.read_text(encoding="utf-8-sig").encode("utf-16-le"))


def hostile_headers(work: Path) -> None:
    header = ['=HYPERLINK("http://evil","x")', "official-accounts", 'Org\n!!python/object/apply:os.system ["touch pwned"]', '"quoted: &a *b #c']
    values = ["=1+1", "main-platforms", "Acme", "x: !!python/object/apply:os.system ['id']"]
    csv_file("headers.csv", [header, values, values])(work)


def mapping_is_safe_yaml(work: Path, result: subprocess.CompletedProcess[bytes]) -> None:
    document = yaml.safe_load((work / "mapping.yaml").read_text(encoding="utf-8"))
    assert 'Org\n!!python/object/apply:os.system ["touch pwned"]' in document["columns"]
    assert not (work / "pwned").exists()


def nothing_ran(work: Path, result: subprocess.CompletedProcess[bytes]) -> None:
    assert not (work / "pwned").exists()


def no_escape_sequences(work: Path, result: subprocess.CompletedProcess[bytes]) -> None:
    # stdout and stderr are pipes: rich writes no escape sequence of its own, so any
    # ESC comes from the file and would drive the user's terminal
    assert b"\x1b" not in result.stdout
    assert b"\x1b" not in result.stderr


def strict_json(work: Path, result: subprocess.CompletedProcess[bytes]) -> None:
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    if result.returncode == 0:
        json.loads(result.stdout, parse_constant=refuse)
    else:
        assert result.stdout == b"", "a failure must not print half a result"


MANY_BAD = (
    "empty.yaml", "tabs.yaml", "image.png", "folder", "missing.yaml", "utf16-le.yaml", "bomb.yaml",
    "tag.yaml", "deep-block.yaml", "duplicate-nested.yaml", "truncated.json", "participants-text.yaml",
    "answer-number.yaml", "top-list.yaml",
)


def every_file_reported(work: Path, result: subprocess.CompletedProcess[bytes]) -> None:
    found = {line.split(":", 1)[0] for line in result.stdout.decode("utf-8").splitlines()}
    assert found == set(MANY_BAD)
    assert f"{len(MANY_BAD)} of {len(MANY_BAD)} files not valid".encode() in result.stderr


def mini_copy(work: Path) -> None:
    shutil.copytree(MINI, work / "mini")
    questionnaire = (work / "mini" / "questionnaires" / "mini.yaml").read_text(encoding="utf-8")
    for name, text in {
        "qnan": questionnaire.replace("score: 2}", "score: .nan}", 1),
        "qinf": questionnaire.replace("score: 2}", "score: .inf}", 1),
    }.items():
        (work / "mini" / "questionnaires" / f"{name}.yaml").write_text(
            text.replace("id: mini\n", f"id: {name}\n", 1), encoding="utf-8"
        )
        answers = (work / "mini" / "answers" / "beta.yaml").read_text(encoding="utf-8")
        (work / "mini" / "answers" / f"{name}.yaml").write_text(
            answers.replace("questionnaire: mini", f"questionnaire: {name}").replace("a1: some", "a1: all"),
            encoding="utf-8",
        )


def big_note(work: Path) -> None:
    note = "A" * 15_000_000
    (work / "big-note.yaml").write_text(ANSWERS_HEAD + f'notes: {{official-accounts: "{note}"}}\n', encoding="utf-8")


def export_inside(folder: str, name: str) -> Setup:
    def make(work: Path) -> None:
        (work / folder).mkdir()
        shutil.copy(EXPORT, work / folder / name)

    return make


def folder_named(*parts: str) -> Setup:
    def make(work: Path) -> None:
        (work.joinpath(*parts)).mkdir(parents=True)

    return make


def nothing_half_written(work: Path, result: subprocess.CompletedProcess[bytes]) -> None:
    out = work / "out"
    assert not (out / "respondents.csv").exists()
    assert not (out / "errors.csv").exists()
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def no_out_dir(work: Path, result: subprocess.CompletedProcess[bytes]) -> None:
    assert not (work / "out").exists()


def template(name: str, content: bytes) -> Setup:
    def make(work: Path) -> None:
        (work / "brand").mkdir()
        (work / "brand" / name).write_bytes(content)

    return make


def fifo(name: str) -> Setup:
    def make(work: Path) -> None:
        os.mkfifo(work / name)

    return make


def still_a_fifo(work: Path, result: subprocess.CompletedProcess[bytes]) -> None:
    assert stat.S_ISFIFO((work / "pipe.pdf").lstat().st_mode), "the FIFO was replaced by a regular file"


def answers_file(name: str, answered: int = 0) -> Check:
    def check(work: Path, result: subprocess.CompletedProcess[bytes]) -> None:
        document = yaml.safe_load((work / name).read_text(encoding="utf-8"))
        assert document["organisation"]["name"] == "X"
        assert len(document.get("answers") or {}) == answered

    return check


def stays_in_folder(work: Path, result: subprocess.CompletedProcess[bytes]) -> None:
    assert [p.name for p in work.parent.iterdir()] == [work.name]
    assert [p.name for p in work.glob("evil-*.yaml")]


# -- the cases --------------------------------------------------------------------------------

SCORE = [
    case("score", "empty.yaml", id="score-empty"),
    case("score", "spaces.yaml", id="score-whitespace"),
    case("score", "image.png", id="score-binary"),
    case("score", "folder", id="score-folder"),
    case("score", "missing.yaml", id="score-missing"),
    case("score", "/proc/self/mem", id="score-unreadable", marks=(linux_only,)),
    case("score", "/dev/zero", id="score-endless", marks=(linux_only,)),
    case("score", "cp1252.yaml", id="score-cp1252"),
    case("score", "utf16-bom.yaml", codes=0, id="score-utf16-bom"),  # Notepad's "Unicode" is read
    case("score", "latin1-inside.yaml", id="score-latin1-in-utf8"),
    case("score", "utf8-bom.yaml", codes=0, id="score-utf8-bom"),
    case("score", "tag.yaml", check=nothing_ran, id="score-python-tag"),
    case("score", "tag-top.yaml", check=nothing_ran, id="score-python-tag-top"),
    case("score", "binary-tag.yaml", id="score-binary-tag"),
    case("score", "merge.yaml", id="score-merge-key"),
    case("score", "bomb.yaml", id="score-alias-bomb"),
    case("score", "deep-flow.yaml", id="score-deep-flow"),
    case("score", "duplicate.yaml", id="score-duplicate-key"),
    case("score", "syntax.json", id="score-json-syntax"),
    case("score", "two-documents.yaml", id="score-two-documents"),
    case("score", "big-note.yaml", setup=big_note, id="score-15mb-line"),
    case("score", "answers-list.yaml", id="score-answers-list"),
    case("score", "organisation-text.yaml", id="score-organisation-text"),
    case("score", "yesterday.yaml", id="score-date-yesterday"),
    case("score", "unknown-voter.yaml", id="score-unknown-voter"),
    case("score", "id-path.yaml", id="score-questionnaire-id-path"),
    case("score", "language-xx.yaml", id="score-file-language-xx"),
    case("score", "odd-name.yaml", codes=0, id="score-name-nul-newline-slash"),
    case("score", "long-name.yaml", id="score-name-too-long"),
    case("score", "ok.yaml", "--lang", "xx", codes=USAGE, id="score-lang-xx"),
    case("score", "-", id="score-stdin-empty"),
    case("score", "-", stdin=b"\x89PNG\r\n\x1a\n\x00\x00", id="score-stdin-binary"),
    case(
        "score", "-", "-q", "-", stdin=EXAMPLE.read_bytes(), codes=USAGE, id="score-stdin-twice",
    ),
    case(
        "score", "escapes-name.yaml", codes=0, check=no_escape_sequences, id="score-ansi-in-name",
    ),
    case(
        "score", "escapes-option.yaml", check=no_escape_sequences, id="score-ansi-in-error",
    ),
]

VALIDATE = [
    case("validate", codes=USAGE, id="validate-nothing"),
    case("validate", "-", "-", codes=USAGE, id="validate-stdin-twice"),
    case(
        "validate", *MANY_BAD, check=every_file_reported, id="validate-many-bad",
    ),
    case(
        "validate", "mini/questionnaires/qnan.yaml", setup=mini_copy, id="validate-score-nan",
    ),
    case(
        "validate", "mini/questionnaires/qinf.yaml", setup=mini_copy, id="validate-score-inf",
    ),
    case(
        "score", "mini/answers/qnan.yaml", "--json", setup=mini_copy, codes={0, 1}, check=strict_json,
        id="score-json-nan",
    ),
]

SHOW_AND_SCHEMA = [
    case("questionnaire", "show", "nosuch", id="show-unknown"),
    case("questionnaire", "show", "image.png", id="show-binary"),
    case("questionnaire", "show", "ok.yaml", id="show-answers-file"),
    case("questionnaire", "show", "social-business", "--lang", "xx", codes=USAGE, id="show-lang-xx"),
    case("schema", "nosuch", codes=USAGE, id="schema-unknown"),
]

REPORT = [
    case("report", "ok.yaml", "-o", "ok.yaml", codes=USAGE, keep=("ok.yaml",), id="report-over-input"),
    case("report", "ok.yaml", "-o", "x.pdf", "--html", "ok.yaml", codes=USAGE, keep=("ok.yaml",), id="report-html-over-input"),
    case("report", "ok.yaml", "-o", "x.pdf", "--html", "x.pdf", codes=USAGE, id="report-html-is-output"),
    case("report", "ok.yaml", "-o", "missing/x.pdf", id="report-missing-folder"),
    case("report", "ok.yaml", "-o", "folder", id="report-output-folder"),
    case("report", "ok.yaml", "-o", "x.pdf", "--compare", "-", codes=USAGE, id="report-compare-stdin"),
    case("report", "ok.yaml", "-o", "x.pdf", "--compare", str(MINI / "answers" / "beta.yaml"), id="report-compare-other"),
    case("report", "ok.yaml", "-o", "x.pdf", "--logo", "ok.yaml", id="report-logo-not-image"),
    case("report", "ok.yaml", "-o", "x.pdf", "--logo", "folder", id="report-logo-folder"),
    case("report", "ok.yaml", "-o", "x.pdf", "--template-dir", "missing", id="report-template-dir-missing"),
    case("report", "ok.yaml", "-o", "x.pdf", "--consultant", "  ", codes=USAGE, id="report-consultant-blank"),
    case("report", "ok.yaml", "-o", "x.pdf", "--lang", "xx", codes=USAGE, id="report-lang-xx"),
    case("report", "ok.yaml", "-o", "x.pdf", "--template-dir", "brand", setup=template("report.html.j2", b"{% if %}"), id="report-template-syntax"),
    case(
        "report", "ok.yaml", "-o", "x.pdf", "--template-dir", "brand",
        setup=template("report.html.j2", b"\xff\xfe <h1>cp1252 \xe9</h1>"), id="report-template-not-utf8",
    ),
    case(
        "report", "ok.yaml", "-o", "x.pdf", "--template-dir", "brand",
        setup=template("report.html.j2", b"{{ 1/0 }}"), id="report-template-zero-division",
    ),
    case(
        "report", "ok.yaml", "-o", "x.pdf", "--template-dir", "brand",
        setup=template("report.html.j2", b'{{ "%d" % "x" }}'), id="report-template-type-error",
    ),
    case(
        "report", "ok.yaml", "-o", "pipe.pdf", setup=fifo("pipe.pdf"), codes={0, 1, 2}, check=still_a_fifo,
        id="report-output-fifo",
    ),
]

BATCH = [
    case("batch", "header.csv", "-o", "out", setup=csv_file("header.csv", export_rows()[:1]), id="batch-header-only"),
    case("batch", "one-column.csv", "-o", "out", setup=csv_file("one-column.csv", [r[:1] for r in export_rows()]), id="batch-one-column"),
    case(
        "batch", "ragged.csv", "-o", "out", codes=0,
        setup=csv_file("ragged.csv", [r if i % 2 else r[: len(r) // 2] for i, r in enumerate(export_rows())]),
        id="batch-ragged-rows",
    ),
    case("batch", "blank.csv", "-o", "out", setup=csv_file("blank.csv", []), check=no_out_dir, id="batch-empty"),
    case("batch", "image.png", "-o", "out", check=no_out_dir, id="batch-binary"),
    case("batch", "missing.csv", "-o", "out", id="batch-missing"),
    case("batch", "csv-named.xlsx", "-o", "out", codes=0, setup=not_an_xlsx, id="batch-csv-named-xlsx"),
    case("batch", "garbage.xlsx", "-o", "out", setup=not_an_xlsx, id="batch-broken-zip"),
    case("batch", "other-zip.xlsx", "-o", "out", setup=not_an_xlsx, id="batch-zip-not-xlsx"),
    case("batch", "utf16-nobom.csv", "-o", "out", setup=not_an_xlsx, id="batch-utf16-no-bom"),
    case("batch", "bomb.xlsx", "-o", "out", setup=xlsx_bomb, id="batch-xlsx-entity-bomb"),
    case("batch", "big-cell.csv", "-o", "out", setup=big_cell_export, check=no_out_dir, id="batch-1mb-cell"),
    case("batch", "wide.csv", "-o", "out", codes=0, setup=wide_export, id="batch-10000-columns"),
    case(
        "batch", "formulas.csv", "-o", "out", "--group-by", "Organisation", codes=0,
        setup=formula_export, check=no_formula_cells, id="batch-formula-cells",
    ),
    case("batch", "export.csv", "-o", "out", "--group-by", "Nope", codes=USAGE, id="batch-group-by-missing"),
    case("batch", "export.csv", "-o", "out", "--workers", "0", codes=USAGE, id="batch-workers-0"),
    case("batch", "export.csv", "-o", "out", "--lang", "xx", codes=USAGE, id="batch-lang-xx"),
    case("batch", "export.csv", "-o", "ok.yaml", codes=USAGE, keep=("ok.yaml",), id="batch-out-dir-is-file"),
    case("batch", "export.csv", "-o", "out", "--on-invalid", "fail", check=no_out_dir, id="batch-on-invalid-fail"),
    case("batch", "export.csv", "-o", "out", "--mapping", "tag.yaml", check=nothing_ran, id="batch-mapping-tag"),
    case("batch", "export.csv", "-o", "out", "--mapping", "bomb.yaml", id="batch-mapping-bomb"),
    case("batch", "export.csv", "-o", "out", "--mapping", "answers-list.yaml", id="batch-mapping-wrong-fields"),
    case(
        "batch", "out/respondents.csv", "-o", "out", codes={BAD, USAGE}, keep=("out/respondents.csv",),
        setup=export_inside("out", "respondents.csv"), id="batch-export-is-output",
    ),
    case(
        "batch", "out/summary.json", "-o", "out", codes={BAD, USAGE}, keep=("out/summary.json",),
        setup=export_inside("out", "summary.json"), id="batch-export-is-summary",
    ),
    case(
        "batch", "export.csv", "-o", "out", setup=folder_named("out", "summary.json"), check=nothing_half_written,
        id="batch-summary-is-folder",
    ),
    case(
        "batch", "export.csv", "-o", "/proc", id="batch-out-dir-unwritable", marks=(linux_only,),
    ),
]

MAPPING = [
    case("mapping", "init", "export.csv", "-o", "ok.yaml", codes=USAGE, keep=("ok.yaml",), id="mapping-exists"),
    case("mapping", "init", "export.csv", "-o", "folder", codes=USAGE, id="mapping-output-folder"),
    case(
        "mapping", "init", "headers.csv", "-o", "mapping.yaml", codes=0, setup=hostile_headers,
        check=mapping_is_safe_yaml, id="mapping-hostile-headings",
    ),
    case(
        "mapping", "init", "export.csv", "-o", "export.csv", "--force", codes=USAGE, keep=("export.csv",),
        id="mapping-over-export",
    ),
    case(
        "mapping", "init", "export.csv", "-o", "missing/mapping.yaml", id="mapping-missing-folder",
    ),
    case(
        "mapping", "init", "export.csv", "-o", "/proc/mapping.yaml", id="mapping-unwritable",
        marks=(linux_only,),
    ),
]

ASSESS = [
    case("assess", codes=USAGE, id="assess-no-org-piped"),
    case("assess", "--org", "X", "--out", "missing/x.yaml", id="assess-out-missing-folder"),
    case("assess", "--org", "X", "--out", "folder", codes=USAGE, id="assess-out-folder"),
    case("assess", "--org", "X", "--participants", "", codes=USAGE, id="assess-participants-empty"),
    case("assess", "--org", "X", "--participants", "a,a", codes=USAGE, id="assess-participants-twice"),
    case(
        "assess", "--resume", "beta.yaml", setup=lambda work: shutil.copy(MINI / "answers" / "beta.yaml", work),
        keep=("beta.yaml",), id="assess-resume-unknown-questionnaire",
    ),
    case(
        "assess", "--resume", "beta.yaml", "-q", "social-business", keep=("beta.yaml",),
        setup=lambda work: shutil.copy(MINI / "answers" / "beta.yaml", work), id="assess-resume-other-questionnaire",
    ),
    case("assess", "--resume", "empty.yaml", keep=("empty.yaml",), id="assess-resume-empty"),
    case("assess", "--resume", "ok.yaml", "--out", "x.yaml", codes=USAGE, keep=("ok.yaml",), id="assess-resume-and-out"),
    case("assess", "--org", "X", "--out", "x.yaml", codes=BAD, check=answers_file("x.yaml"), id="assess-eof-question"),
    case("assess", "--org", "X", "--out", "x.yaml", stdin=b"1\nn\n", codes=BAD, check=answers_file("x.yaml", 1), id="assess-eof-note"),
    case("assess", "--org", "X", "--out", "x.yaml", stdin=b"g\n", codes=BAD, check=answers_file("x.yaml"), id="assess-eof-goto"),
    case(
        "assess", "--org", "X", "--out", "x.yaml", "--participants", "A,B", stdin=b"1\n", codes=BAD,
        check=answers_file("x.yaml"), id="assess-eof-votes",
    ),
    case(
        "assess", "--org", "X", "--out", "x.yaml", stdin=b"x" * 10_000 + b"\n1\n", codes=BAD,
        check=answers_file("x.yaml", 1), id="assess-long-line",
    ),
    case(
        "assess", "--org", "../../evil", codes=BAD, check=stays_in_folder, id="assess-org-path",
    ),
    case(
        "assess", "--org", "X", "--out", "x.yaml", stdin=b"1\n1\n" + b"9" * 10_000 + b"\n", codes=BAD,
        check=answers_file("x.yaml", 2), id="assess-long-number",
    ),
    case(
        "assess", "--org", "X", "--out", "x.yaml", stdin=b"g\n" + b"9" * 10_000 + b"\n", codes=BAD,
        check=answers_file("x.yaml"), id="assess-long-number-goto",
    ),
    case(
        "assess", "--org", "X", "--out", "x.yaml", "--participants", "A,B",
        stdin=b"1 " + b"9" * 10_000 + b"\n", codes=BAD, check=answers_file("x.yaml"), id="assess-long-vote",
    ),
]

CASES = [*SCORE, *VALIDATE, *SHOW_AND_SCHEMA, *REPORT, *BATCH, *MAPPING, *ASSESS]


def run(
    args: tuple[str, ...], cwd: Path, stdin: bytes = b"", stdout: int | object = subprocess.PIPE
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "socialmaturity", *args],
        cwd=cwd,
        input=stdin,
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        env=env,
        timeout=60,
        check=False,
    )


class _Drain:
    """Reads whatever is written into a FIFO, so that a writer to it never blocks."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while not self.stop.is_set():
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if not ready:
                continue
            try:
                if not os.read(self.fd, 1 << 16):
                    time.sleep(0.02)
            except BlockingIOError:
                pass

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=2)
        os.close(self.fd)


@dataclass
class Outcome:
    work: Path
    before: dict[str, str]
    result: subprocess.CompletedProcess[bytes]


def play(hostile: Case, work: Path) -> Outcome:
    work.mkdir(parents=True)
    populate(work)
    if hostile.setup is not None:
        hostile.setup(work)
    before = {name: digest(work / name) for name in hostile.keep}
    drains = [_Drain(p) for p in work.iterdir() if stat.S_ISFIFO(p.lstat().st_mode)]
    try:
        result = run(hostile.args, work, hostile.stdin)
    finally:
        for drain in drains:
            drain.close()
    return Outcome(work, before, result)


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every selected case, run side by side: each is a separate process, and most of
    their time is Python starting up, so running them serially would take a minute."""
    selected = {
        item.callspec.params["hostile"].name: item.callspec.params["hostile"]
        for item in request.session.items
        if hasattr(item, "callspec") and isinstance(item.callspec.params.get("hostile"), Case)
    }
    root = tmp_path_factory.mktemp("hostile")
    workers = min(8, 2 * (os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {name: pool.submit(play, hostile, root / name / "work") for name, hostile in selected.items()}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("hostile", CASES)
def test_hostile_input(hostile: Case, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[hostile.name]
    work, result = outcome.work, outcome.result
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr[-2000:]
    assert result.returncode in hostile.codes, (result.returncode, stderr[-2000:])
    if result.returncode != 0:
        assert stderr.strip(), "a failure without a message"
    for name, value in outcome.before.items():
        assert (work / name).exists() and digest(work / name) == value, f"{name} was changed"
    assert not [p.name for p in work.rglob("*.tmp")], "temporary files left behind"
    if hostile.check is not None:
        hostile.check(work, result)


# -- stdout that cannot be written -----------------------------------------------------------


@linux_only
@pytest.mark.parametrize(
    "args",
    [("score", "ok.yaml", "--json"), ("validate", "empty.yaml")],
    ids=["score", "validate"],
)
def test_stdout_full(args: tuple[str, ...], tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text(_example(), encoding="utf-8")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    with open("/dev/full", "wb") as full:
        result = run(args, tmp_path, stdout=full)
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr[-2000:]
    assert result.returncode == BAD


# -- help ----------------------------------------------------------------------------------------

COMMANDS = [
    (),
    ("score",),
    ("validate",),
    ("schema",),
    ("demo",),
    ("assess",),
    ("report",),
    ("batch",),
    ("mapping",),
    ("mapping", "init"),
    ("questionnaire",),
    ("questionnaire", "list"),
    ("questionnaire", "show"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) or "top" for c in COMMANDS])
def test_help(command: tuple[str, ...], tmp_path: Path) -> None:
    result = run((*command, "--help"), tmp_path)
    assert result.returncode == 0
    assert result.stderr == b""
    assert b"Usage: socialmaturity" in result.stdout
    assert b"Traceback" not in result.stdout
    assert list(tmp_path.iterdir()) == []


# -- arguments that are not text ------------------------------------------------------------

BAD_ARGUMENTS = [
    ("assess", "--org", "Acme\udcff", "--out", "x.yaml"),
    ("assess", "--participants", "Ann,B\udcffb", "--out", "x.yaml"),
    ("report", "examples/harbourlight-answers.yaml", "-o", "r.pdf", "--consultant", "M\udcffren"),
    ("score", "harbour\udcfflight.yaml"),
]


@pytest.mark.parametrize("argv", BAD_ARGUMENTS, ids=lambda a: a[0] + a[1])
def test_arguments_that_are_not_valid_text_are_usage_errors(cli, tmp_path: Path, argv: tuple[str, ...]) -> None:
    # bytes the system could not decode (a Latin-1 terminal) arrive as lone surrogates
    result = cli(*argv)
    assert result.exit_code == 2
    assert "is not valid text (UTF-8)" in result.stderr and "\\xff" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not (tmp_path / "x.yaml").exists()


def test_arguments_that_are_not_valid_text_in_a_real_process(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "socialmaturity", "assess", "--org", os.fsdecode(b"Acme\xff"), "--out", "x.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        errors="backslashreplace",
        env={**os.environ, "LC_ALL": "C.UTF-8"},
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert "socialmaturity: the argument 'Acme\\xff' is not valid text (UTF-8)" in result.stderr
    assert "Traceback" not in result.stderr
