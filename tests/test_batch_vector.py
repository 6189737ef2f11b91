"""The vectorised batch path gives what the row loop gives: the same files, byte for byte,
and the same counts, groups and messages.

Generated exports mix option labels (English and Dutch), ids, scores, blanks, white
space, unknown texts, numbers that fit no option, duplicate ids, blank records, texts a
spreadsheet would run as formulas, quoted commas and line breaks; some are written in
encodings or shapes that only the row loop reads (Windows-1252, UTF-16, bare carriage
returns, ragged rows, quotes inside cells), which must fall back to it unnoticed. The
real exports under tests/data/exports/real go through both paths too.
"""

from __future__ import annotations

import csv
import io
import random
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import socialmaturity.batch.vector as vector
from socialmaturity.batch.run import BatchError, BatchOptions, Listener, run_batch
from socialmaturity.scoring import tally

DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini" / "questionnaires" / "mini.yaml"
REAL = DATA / "exports" / "real"
REAL_QUESTIONNAIRE = Path(__file__).resolve().parent.parent / "questionnaires" / "social-business-1.0.0.yaml"

# The mini questionnaire's cells, by what they are: a label, an id, a score, nothing, junk.
CELLS: dict[str, list[str]] = {
    "a1": ["None", "Some", "All", "Geen", "Enkele", "Alle", "none", "some", "all", "0", "1", "2"],
    "a2": ["Nobody", "Part-time", "Full-time", "Not applicable", "Niemand", "Voltijd", "1", "3", "5", "na"],
    "b1": ["No", "Yes", "Nee", "Ja", "no", "yes", "0", "1"],
    "b2": ["None", "Basic", "Levels", "Don't know", "Weet ik niet", "basic", "0", "2"],
    "c1": ["Never", "Often", "Nooit", "Vaak", "0", "4"],
}
EMPTY = ["", "", "", " ", "  \t"]
JUNK = ["maybe", "?", "-", "7", "2.5", "=1+1", "+31 6", "@home", "a, b", 'say "yes"', "two\nlines", "Some."]
GROUPS = ["Harbour", "Tulip Bank", " Dune ", "", "=cmd", "Noord, Zuid", "Zuid"]


def run_both(tmp_path: Path, export: Path, **options: Any) -> tuple[Any, Any, list[str]]:
    """Both paths on one export; returns what each gave and which path the fast one took."""
    taken: list[str] = []
    load = vector.load

    def spy(*args: Any, **kwargs: Any) -> Any:
        try:
            found = load(*args, **kwargs)
        except vector.NotExact as reason:
            taken.append(f"row loop: {reason}")
            raise
        taken.append("vector")
        return found

    results = []
    for name, vectorised in (("reference", False), ("vector", True)):
        out = tmp_path / name
        lines: list[str] = []
        vector.load = spy  # type: ignore[assignment]
        try:
            result = run_batch(
                BatchOptions(export=export, out_dir=out, **options),
                Listener(message=lines.append),
                vectorised=vectorised,
            )
            outcome: Any = (result.counts, [(g.name, g.respondents, g.means, g.result) for g in result.groups], result.summary)
        except BatchError as error:
            outcome = ("error", error.message.replace(str(out), "OUT"), error.usage, error.problems)
        finally:
            vector.load = load  # type: ignore[assignment]
        files = {p.name: p.read_bytes() for p in sorted(out.glob("*"))} if out.exists() else {}
        results.append((outcome, [line.replace(str(out), "OUT") for line in lines], files))
    return results[0], results[1], taken


def assert_same(reference: Any, fast: Any) -> None:
    (outcome_a, lines_a, files_a), (outcome_b, lines_b, files_b) = reference, fast
    if outcome_a[0] == "error":
        assert outcome_b == outcome_a
    else:
        counts_a, groups_a, summary_a = outcome_a
        counts_b, groups_b, summary_b = outcome_b
        assert counts_b == counts_a
        assert groups_b == groups_a
        assert {**summary_b, "export": None} == {**summary_a, "export": None}
    assert lines_b == lines_a
    assert files_b.keys() == files_a.keys()
    for name in files_a:
        assert files_b[name] == files_a[name], name


@st.composite
def exports(draw: Any) -> tuple[bytes, dict[str, Any]]:
    """A CSV export of the mini questionnaire, and the batch options to score it with."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    questions = draw(st.lists(st.sampled_from(sorted(CELLS)), min_size=1, max_size=6))
    # A question twice is two columns of one question: the second fills or conflicts.
    headings = ["respondent_id", "Organisation", *questions, "Comments"]
    junk = draw(st.sampled_from([0.0, 0.02, 0.2]))
    blank = draw(st.sampled_from([0.0, 0.1, 0.5]))
    rows: list[list[str]] = []
    ids = [f"r{n}" for n in range(draw(st.integers(1, 60)))]
    for n in range(len(ids)):
        if rng.random() < 0.05:
            rows.append([""] * len(headings))  # an empty record: skipped, still counted
            continue
        cells = [rng.choice([*ids[: n + 1], " r1 ", ""]) if rng.random() < 0.15 else ids[n], rng.choice(GROUPS)]
        for question in questions:
            roll = rng.random()
            cells.append(rng.choice(JUNK) if roll < junk else rng.choice(EMPTY) if roll < junk + blank else rng.choice(CELLS[question]))
        cells.append(rng.choice(["", "fine", "good, really", "line one\r\nline two", 'he said "no"', "=HYPERLINK()"]))
        rows.append(cells)
    text = io.StringIO()
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    writer = csv.writer(text, delimiter=delimiter, quoting=quoting, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(headings)
    writer.writerows(rows)
    body = text.getvalue()
    shape = draw(st.sampled_from(["plain", "plain", "plain", "bom", "blank-line", "bare-cr", "ragged", "inner-quote", "cp1252", "utf-16", "stray-bom", "trailing", "trailing-text", "blank-end"]))
    if shape == "blank-line":
        lines = body.split("\n")
        lines.insert(rng.randrange(1, len(lines)), "")
        body = "\n".join(lines)
    elif shape == "bare-cr":
        body = body.replace("\n", "\r", 2)
    elif shape == "ragged" and rows:
        body = body + delimiter.join(["rx", "Harbour"]) + "\n"
    elif shape == "inner-quote":
        body = body + delimiter.join(["rq", 'Har"bour', *(["x"] * (len(headings) - 2))]) + "\n"
    elif shape in ("trailing", "trailing-text"):
        # A delimiter after every record's last cell, as Excel re-saves write it; once
        # with something in such a cell, which the row loop reports.
        lines = body.split("\n")
        body = "\n".join(line + delimiter if line else line for line in lines)
        if shape == "trailing-text":
            body += delimiter.join(["rt", "Harbour", *([""] * (len(headings) - 2)), "extra"]) + "\n"
    elif shape == "blank-end":
        body += "\n\n"
    elif shape == "stray-bom":
        body = body + "\ufeff" + delimiter.join(["rb", "Harbour", *([""] * (len(headings) - 2))]) + "\n"
    if shape == "cp1252":
        data = body.replace("Tulip", "Tülip").encode("cp1252", errors="replace")
    elif shape == "utf-16":
        data = body.encode("utf-16")
    elif shape == "bom":
        data = b"\xef\xbb\xbf" + body.encode()
    else:
        data = body.encode()
    options: dict[str, Any] = {
        "questionnaire": str(MINI),
        "on_invalid": draw(st.sampled_from(["skip-answer", "skip-answer", "skip-row", "fail"])),
        "group_by": draw(st.sampled_from(["Organisation", None])),
    }
    if draw(st.booleans()):
        options["numbers"] = draw(st.sampled_from(["scores", "positions"]))
    return data, options


@settings(max_examples=45, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(exports())
def test_vector_path_gives_the_row_loops_files(tmp_path_factory: pytest.TempPathFactory, export: tuple[bytes, dict[str, Any]]) -> None:
    data, options = export
    folder = tmp_path_factory.mktemp("export")
    path = folder / "export.csv"
    path.write_bytes(data)
    reference, fast, _ = run_both(folder, path, **options)
    assert_same(reference, fast)


def test_vector_path_is_taken_for_a_plain_export(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "respondent_id,Organisation,a1,a2,b1\nr1,Harbour,Some,Voltijd,Ja\nr2,Harbour,maybe,,No\nr1,Dune,All,3,\n",
        encoding="utf-8",
    )
    reference, fast, taken = run_both(tmp_path, path, questionnaire=str(MINI), group_by="Organisation", numbers="scores")
    assert taken == ["vector"]
    assert_same(reference, fast)
    assert fast[0][0] != "error", fast[0]
    errors = fast[2]["errors.csv"].decode()
    assert "maybe" in errors and "also in row 2" in errors


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"respondent_id,a1\nr1,Some\rr2,All\n", "bare carriage return"),
        (b"respondent_id,a1,b1\nr1,Some\nr2,All,Ja\n", "ragged"),
        (b'respondent_id,a1\nr1,"Some"x\n', "cannot parse"),
        (b'respondent_id,a1\nr1,"Some" \n', "quote"),
        (b'respondent_id,a1\nr1,""Some\n', "quote"),
        (b'respondent_id,a1\nr1,"Some"""x\n', "quote"),
        ("respondent_id,a1\nr1,Sömé\n".encode("cp1252"), "UTF-8"),
    ],
)
def test_what_polars_would_read_otherwise_goes_to_the_row_loop(tmp_path: Path, body: bytes, reason: str) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(body)
    reference, fast, taken = run_both(tmp_path, path, questionnaire=str(MINI))
    assert all(t.startswith("row loop") for t in taken) and (taken or reason == "UTF-8")
    assert_same(reference, fast)


def test_small_chunks_long_records_and_quoted_line_breaks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks that end inside a quoted cell, records longer than the window a chunk's
    end is looked for in, and a record longer than a chunk (which goes to the row loop)."""
    monkeypatch.setattr(vector, "CHUNK_BYTES", 1 << 17)
    rows = ["respondent_id,Organisation,a1,b1,Comments"]
    for n in range(6000):
        # Most line breaks are inside quoted cells: most chunks end inside one.
        comment = "x" * 70_000 if n % 1000 == 1 else '"' + ("a few words\n" * 12) + '"'
        rows.append(f"r{n},{GROUPS[n % 3]},{CELLS['a1'][n % 12]},{CELLS['b1'][n % 8]},{comment}")
    path = tmp_path / "export.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    reference, fast, taken = run_both(tmp_path, path, questionnaire=str(MINI), group_by="Organisation", numbers="scores")
    assert taken == ["vector"]
    assert_same(reference, fast)
    long_record = "r9," + "z" * 90_000 + ",Some,Ja," + "y" * 90_000
    path.write_text("\n".join([*rows, long_record, "r10,Harbour,All,Nee,"]) + "\n", encoding="utf-8")
    reference, fast, taken = run_both(tmp_path, path, questionnaire=str(MINI), group_by="Organisation", numbers="scores")
    assert taken[0].startswith("row loop")
    assert_same(reference, fast)


@pytest.mark.parametrize("export", sorted(p.name for p in REAL.iterdir() if p.suffix in (".csv", ".xlsx")))
def test_real_exports_score_the_same_on_both_paths(tmp_path: Path, export: str) -> None:
    group = {"google-forms.csv": "Organisation"}.get(export)
    reference, fast, _ = run_both(tmp_path, REAL / export, questionnaire=str(REAL_QUESTIONNAIRE), group_by=group)
    assert_same(reference, fast)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_tally_arrays_are_tally(data: st.DataObject) -> None:
    """The compiled tally gives the very floats of `scoring.tally`, weights of any size."""
    import dataclasses

    import numpy as np

    from socialmaturity.loader import load_model

    model = load_model(str(MINI))
    count = len(model.plan.question_ids)
    weights = data.draw(st.lists(st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0, 0.1, 7.0]), min_size=count, max_size=count))
    plan = dataclasses.replace(model.plan, weights=tuple(weights))
    answers = data.draw(
        st.lists(st.tuples(*(st.sampled_from([None, *plan.options[q].values()]) for q in range(count))), min_size=1, max_size=30)
    )
    kinds = np.array([[0 if a[q] is None else 2 if isinstance(a[q], float) else 1 for a in answers] for q in range(count)], dtype=np.int8)
    values = np.array([[a[q] if isinstance(a[q], float) else 0.0 for a in answers] for q in range(count)])
    found = vector.tally_arrays(plan, kinds, values)
    for i, answer in enumerate(answers):
        expected = tally(plan, list(answer))
        scores = [found[f"s{j}"][i] for j in range(len(expected.phase_scores) + len(expected.dimension_scores))]
        assert [None if np.isnan(s) else float(s) for s in scores] == [*expected.phase_scores, *expected.dimension_scores]
        assert int(found["phase_index"][i]) == expected.phase_index
        assert float(found["coverage"][i]) == expected.coverage


def test_python_white_space_is_stripped_as_str_strip_does() -> None:
    assert set(vector._PY_SPACE) == {c for c in map(chr, range(0x110000)) if c.isspace()}
    assert re.fullmatch(r"\s+", vector._PY_SPACE)
