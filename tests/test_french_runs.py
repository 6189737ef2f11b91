"""A run in French prints no English: every command a Belgian client's consultant uses.

Each command runs with `--lang fr` (validate too, and the interview from its first screen
to its result), and everything it shows is collected: the terminal, the messages, the
report's HTML and PDF, batch's group reports, the mapping file's comments. None of it may
hold a sentence of the tool's English source strings that French translates, nor an
English text of the model.
"""

from __future__ import annotations

import csv
import html.parser
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from socialmaturity.loader import load_model
from socialmaturity.scoring import MaturityModel

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "socialmaturity" / "locale"
EXAMPLE = ROOT / "examples" / "harbourlight-answers.yaml"
EARLIER = ROOT / "examples" / "harbourlight-2025-03.yaml"
BROKEN = ROOT / "tests" / "data" / "golden" / "validate-broken"


def _flat(text: str) -> str:
    """Words only: the terminal wraps lines and French spaces differ from English ones."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _forms(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


@cache
def english_sentences() -> tuple[str, ...]:
    """Every stretch of the tool's English between placeholders that is a phrase (three
    words or more) and that French does not keep as it is (command names, file names)."""
    with (LOCALE / "socialmaturity.pot").open("rb") as handle:
        template = read_po(handle)
    with (LOCALE / "fr" / "LC_MESSAGES" / "socialmaturity.po").open("rb") as handle:
        french = read_po(handle)
    # what French writes anywhere (its catalogue, the model's French): kept words are no English
    kept = " | ".join(_flat(form) for entry in french if entry.id for form in _forms(entry.string))
    kept += " | " + " | ".join(_flat(fr) for part in _model_parts() for _, fr in _model_texts(part))
    found: set[str] = set()
    for entry in template:
        if not entry.id:
            continue
        for english in _forms(entry.id):
            for piece in re.split(r"\{[^{}]*\}", english):
                piece = _flat(piece).strip(" .,:;()'\"#-–»«?!")
                if len(piece.split()) >= 2 and len(piece) >= 12 and piece not in kept:
                    found.add(piece)
    assert len(found) > 300, "the catalogue's phrases were not read"
    return tuple(sorted(found))


def _model_texts(value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        if isinstance(value.get("en"), str) and isinstance(value.get("fr"), str):
            yield value["en"], value["fr"]
        for item in value.values():
            yield from _model_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _model_texts(item)


@cache
def _model_parts() -> tuple[Any, ...]:
    model = load_model("social-business")
    return (model.questionnaire.model_dump(), model.roadmap.model_dump())


@cache
def english_model_texts() -> tuple[str, ...]:
    """The start (five words) of every English text of the bundled model whose French differs."""
    found: set[str] = set()
    for part in _model_parts():
        for english, french in _model_texts(part):
            words = _flat(english).split()
            if len(words) >= 5 and _flat(english) != _flat(french):
                found.add(" ".join(words[:5]))
    assert len(found) > 300
    return tuple(sorted(found))


def english_in(shown: str, *, theirs: tuple[str, ...] = ()) -> list[str]:
    """The English in `shown`, apart from `theirs`: what the client wrote (notes, names)."""
    flat = _flat(shown)
    for written in theirs:
        flat = flat.replace(_flat(written), " ")
    return [s for s in english_sentences() + english_model_texts() if s in flat]


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        for name, value in attrs:
            if name in ("alt", "title", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(path: Path) -> str:
    reader = _Text()
    reader.feed(path.read_text(encoding="utf-8"))
    return " ".join(reader.parts)


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def notes_of(*answers: Path) -> tuple[str, ...]:
    """The notes the room wrote in English, which a French report quotes as written."""
    import yaml

    return tuple(note for path in answers for note in (yaml.safe_load(path.read_text("utf-8")).get("notes") or {}).values())


@pytest.fixture(scope="module")
def bundled() -> MaturityModel:
    return load_model("social-business")


def test_the_check_finds_english() -> None:
    """The check itself: an English message or model text in a French run is caught."""
    assert english_in("socialmaturity: Questions matched: 5 of 5.")
    assert english_in("3 of 4 files not valid")
    assert english_in("How well does the organisation keep up its official accounts?")
    assert not english_in("Questions reconnues : 5 sur 5. Harbourlight Energy, social-business 2.0.0")


def test_score_in_french(cli: Any) -> None:
    for args in ((), ("--compare", EARLIER)):
        run = cli("score", EXAMPLE, "--lang", "fr", *args)
        assert run.exit_code == 0, run.stderr
        assert "Dialogue" in run.stdout
        assert english_in(run.stdout + run.stderr) == []


def test_validate_in_french(cli: Any) -> None:
    files = [BROKEN / name for name in (BROKEN / "cmd").read_text().split()[1:]]
    run = cli("validate", *files, "--lang", "fr")
    assert run.exit_code == 1
    assert "Fichiers non valides" in run.stderr
    assert english_in(run.stdout + run.stderr) == []


def test_validate_follows_the_environment(cli: Any) -> None:
    run = cli("validate", BROKEN / "wrong-kind.yaml", variables={"LANG": "fr_BE.UTF-8"})
    assert "impossible de déterminer" in run.stdout
    run = cli("validate", BROKEN / "wrong-kind.yaml", variables={"LANG": "fr_BE.UTF-8", "LANGUAGE": "nl"})
    assert "kan niet" in run.stdout.lower() or "vragenlijst" in run.stdout, run.stdout


@pytest.mark.slow  # renders the report
def test_report_in_french(cli: Any, tmp_path: Path) -> None:
    pdf, page = tmp_path / "rapport.pdf", tmp_path / "rapport.html"
    run = cli("report", EXAMPLE, "--lang", "fr", "-o", pdf, "--html", page, "--compare", EARLIER)
    assert run.exit_code == 0, run.stderr
    shown = html_text(page)
    assert "Prochaines étapes" in shown or "prochaines étapes" in shown
    notes = notes_of(EXAMPLE, EARLIER)
    assert english_in(shown, theirs=notes) == []
    assert english_in(pdf_text(pdf), theirs=notes) == []
    assert english_in(run.stdout + run.stderr) == []


def test_assess_in_french(cli: Any, tmp_path: Path, bundled: MaturityModel) -> None:
    """The interview from its first question to its result: help, back, a note, every answer."""
    total = len(bundled.questionnaire.questions)
    lines = ["2", "?", "", "3", "b", "n", "Une remarque de la salle", "1"]
    lines += ["2"] * (total - 2) + ["", "f", ""]
    run = cli("assess", "--org", "Brasserie Dupont", "--out", tmp_path / "r.yaml", "--lang", "fr",
              stdin="\n".join(lines) + "\n")
    assert run.exit_code == 0, run.stderr
    assert "Question 1 sur" in run.stdout
    assert english_in(run.stdout + run.stderr) == []


def french_export(path: Path, model: MaturityModel) -> None:
    """A Google Forms sheet in French (Horodateur, Adresse e-mail, then the questions in
    French), two departments of six; one cell no option fits."""
    questions = model.questionnaire.questions
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(["Horodateur", "Adresse e-mail", "Service", *(q.text["fr"] for q in questions)])
        for n in range(12):
            cells = []
            for i, q in enumerate(questions):
                scored = [o for o in q.options if not o.outside_scale]
                cells.append(scored[(n + i) % len(scored)].label["fr"])
            if n == 3:
                cells[4] = "Peut-être"
            writer.writerow([f"2{n % 9}/03/2026 10:1{n % 9}:05", f"r{n}@example.be", "Ventes" if n % 2 else "Service clientèle", *cells])


@pytest.mark.slow  # renders two group reports
def test_batch_and_mapping_init_in_french(cli: Any, tmp_path: Path, bundled: MaturityModel) -> None:
    export = tmp_path / "reponses.csv"
    french_export(export, bundled)
    drafted = cli("mapping", "init", export, "--lang", "fr")
    assert drafted.exit_code == 0, drafted.stderr
    assert english_in(drafted.stdout + drafted.stderr) == []
    run = cli("batch", export, "-o", tmp_path / "out", "--lang", "fr", "--group-by", "Service", "--reports")
    assert run.exit_code == 0, run.stderr
    assert "Questions reconnues" in run.stderr
    assert english_in(run.stdout + run.stderr) == []
    reports = sorted((tmp_path / "out" / "reports").glob("*.pdf"))
    assert len(reports) >= 2
    for report in reports:
        assert english_in(pdf_text(report)) == [], report.name


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("score",), "Il manque l'argument"),
        (("score", EXAMPLE, "--bogus"), "Option inconnue"),
        (("score", EXAMPLE, EARLIER), "Argument en trop"),
    ],
)
def test_usage_errors_in_french(cli: Any, args: tuple[Any, ...], said: str) -> None:
    run = cli(*args, "--lang", "fr")
    assert run.exit_code == 2
    assert said in run.stderr and "Utilisation" in run.stderr
    assert english_in(run.stderr) == []


def test_usage_errors_stay_as_click_words_them_in_english(cli: Any) -> None:
    run = cli("score")
    assert "Missing argument 'ANSWERS'" in run.stderr and "Usage:" in run.stderr


def test_a_hostile_option_in_a_french_usage_error_is_shown_not_sent_to_the_terminal(cli: Any) -> None:
    run = cli("score", EXAMPLE, "--x\x1b]0;owned\x07", "--lang", "fr")
    assert run.exit_code == 2
    assert "Option inconnue" in run.stderr
    assert "\x1b" not in run.stderr and "\x07" not in run.stderr
