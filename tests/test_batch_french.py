"""French survey exports score exactly as `score --json` does.

A Belgian client's survey runs in French: question texts and option labels in French, and
the survey tool's own columns (timestamps, ids, e-mail) under French headings where the
tool translates them. Each export here is built in a real tool's French layout (see
tests/data/exports/real/SOURCES.md, "French exports"), from a French questionnaire made
of the bundled model with the French texts of tests/data/french/texts-fr.yaml, and then
scored through the command line and through the library.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from socialmaturity.batch import BatchOptions, run_batch
from socialmaturity.batch.draft import group_candidate
from socialmaturity.batch.matching import match_columns
from socialmaturity.loader import load_model
from socialmaturity.model import AnswerSheet
from socialmaturity.scoring import MaturityModel, score
from socialmaturity.survey.layouts import detect_layout

ROOT = Path(__file__).resolve().parent.parent
FRENCH = Path(__file__).resolve().parent / "data" / "french"
TEXTS: dict[str, Any] = yaml.safe_load((FRENCH / "texts-fr.yaml").read_text(encoding="utf-8"))[
    "questions"
]
QUESTION_IDS = list(TEXTS)
MODEL_ID = "social-business-fr"
Answers = dict[str, "str | None"]  # question id -> option id, None = unanswered


# -- the French questionnaire --------------------------------------------------------


def _add_french(value: Any, french: str | None = None) -> Any:
    """Every text of a model file with an `fr` beside its `en`: `french` for this text,
    else the file's own French, else a copy of the English (texts batch never reads)."""
    if isinstance(value, dict):
        if "en" in value and set(value) <= {"en", "nl", "fr"} and isinstance(value["en"], str):
            return {**value, "fr": french if french is not None else value.get("fr", value["en"])}
        return {key: _add_french(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_add_french(item) for item in value]
    return value


def french_model(folder: Path) -> Path:
    """Write the French questionnaire (the bundled model cut to the ten questions of
    texts-fr.yaml, their texts and labels in French) and its roadmap; return its path."""
    questionnaire = yaml.safe_load((ROOT / "questionnaires" / "social-business.yaml").read_text("utf-8"))
    roadmap = yaml.safe_load((ROOT / "roadmaps" / "social-business.yaml").read_text("utf-8"))
    questions = []
    for question in questionnaire["questions"]:
        french = TEXTS.get(question["id"])
        if french is None:
            continue
        kept = _add_french({k: v for k, v in question.items() if k not in ("text", "options")})
        kept["text"] = _add_french(question["text"], french["text"])
        kept["options"] = [
            {
                **_add_french({k: v for k, v in option.items() if k != "label"}),
                "label": _add_french(option["label"], french["options"][option["id"]]),
            }
            for option in question["options"]
        ]
        questions.append(kept)
    questionnaire = {
        **_add_french({k: v for k, v in questionnaire.items() if k != "questions"}),
        "id": MODEL_ID,
        "roadmap": MODEL_ID,
        "languages": ["en", "nl", "fr"],
        "questions": questions,
    }
    roadmap = {**_add_french(roadmap), "id": MODEL_ID, "languages": ["en", "nl", "fr"]}
    for kind, content in (("questionnaires", questionnaire), ("roadmaps", roadmap)):
        (folder / kind).mkdir(parents=True, exist_ok=True)
        (folder / kind / f"{MODEL_ID}.yaml").write_text(
            yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return folder / "questionnaires" / f"{MODEL_ID}.yaml"


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, MaturityModel]:
    path = french_model(tmp_path_factory.mktemp("model"))
    return path, load_model(str(path))


# -- the panel -----------------------------------------------------------------------


def panel(model: MaturityModel, question_ids: list[str] = QUESTION_IDS) -> dict[str, Answers]:
    """Respondents by profile: best, worst, labels with French punctuation, a mix with
    "don't know" and "not applicable", some questions skipped, and a drop-out after the
    first four questions."""
    questions = [q for q in model.questionnaire.questions if q.id in question_ids]
    scored = {q.id: [o.id for o in q.options if not o.not_applicable and not o.dont_know] for q in questions}
    mixed: Answers = {}
    for i, q in enumerate(questions):
        aside = [o.id for o in q.options if o.dont_know or o.not_applicable]
        mixed[q.id] = aside[-1] if aside and i % 3 == 1 else scored[q.id][(i + 1) % len(scored[q.id])]
    # Labels with French punctuation inside (; : « »), where a question has one.
    punctuated = {
        q.id: next(
            (o.id for o in q.options if any(mark in o.label["fr"] for mark in ";:«")),
            scored[q.id][1],
        )
        for q in questions
    }
    return {
        "best": {q: ids[-1] for q, ids in scored.items()},
        "punctuated": punctuated,
        "worst": {q: ids[0] for q, ids in scored.items()},
        "mixed": mixed,
        "blanks": {q: (None if i in (2, 7) else ids[2]) for i, (q, ids) in enumerate(scored.items())},
        "dropout": {q: (mixed[q] if i < 4 else None) for i, q in enumerate(mixed)},
    }


def questions_of(rows: dict[str, Answers]) -> list[str]:
    return list(next(iter(rows.values())))


def label(model: MaturityModel, question_id: str, option_id: str) -> str:
    question = next(q for q in model.questionnaire.questions if q.id == question_id)
    option = question.option(option_id)
    assert option is not None
    return option.label["fr"]


def text(model: MaturityModel, question_id: str) -> str:
    return next(q for q in model.questionnaire.questions if q.id == question_id).text["fr"]


def typed(value: str) -> str:
    """A French text as typed on an ordinary keyboard: straight apostrophe and quotes, no
    space before ? ; : and none inside the quotes."""
    value = value.replace("\u2019", "'").replace("«\u00a0", '"').replace("\u00a0»", '"')
    for mark in "?;:":
        value = value.replace(f"\u202f{mark}", mark).replace(f"\u00a0{mark}", mark)
    return value


# -- the exports, in each tool's French layout ----------------------------------------


def google_forms_csv(path: Path, model: MaturityModel, rows: dict[str, Answers]) -> list[str]:
    """Google Forms, French sheet: `Horodateur`, `Adresse e-mail`, a department column,
    then the questions as the consultant typed them into the form; quoting only where
    needed, French dates. Returns the respondent ids (the e-mail addresses)."""
    questions = questions_of(rows)
    header = ["Horodateur", "Adresse e-mail", "Département", *(typed(text(model, q)) for q in questions)]
    ids = []
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(header)
        for n, (profile, answers) in enumerate(rows.items()):
            email = f"{profile}@example.org"
            ids.append(email)
            cells = [typed(label(model, q, answers[q])) if answers[q] else "" for q in questions]
            writer.writerow([f"2{n}/03/2026 10:1{n}:05", email, "Ventes", *cells])
    return ids


def microsoft_forms_xlsx(path: Path, model: MaturityModel, rows: dict[str, Answers]) -> list[str]:
    """Microsoft Forms, French tenant: `ID`, `Heure de début`, `Heure de fin`, `Adresse de
    messagerie`, `Nom`, `Heure de la dernière modification`, then the questions; the last
    two questions swapped, as Microsoft Forms may write them out of order."""
    questions = questions_of(rows)
    order = [*questions[:-2], questions[-1], questions[-2]]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Form1"
    sheet.append(
        [
            "ID",
            "Heure de début",
            "Heure de fin",
            "Adresse de messagerie",
            "Nom",
            "Heure de la dernière modification",
            *(text(model, q) for q in order),
        ]
    )
    ids = []
    for n, answers in enumerate(rows.values(), start=1):
        start = dt.datetime(2026, 3, 22, 10, n)
        ids.append(str(n))
        sheet.append(
            [
                n,
                start,
                start + dt.timedelta(minutes=6),
                "anonymous",
                None,
                None,
                *(label(model, q, answers[q]) if answers[q] else None for q in order),
            ]
        )
    workbook.save(path)
    return ids


def limesurvey_csv(path: Path, model: MaturityModel, rows: dict[str, Answers]) -> list[str]:
    """LimeSurvey, full-text headings and answers exported in French: BOM, ',', every value
    quoted, CRLF, NULL (an unanswered or unreached question, an unsubmitted response) as
    nothing. Texts decomposed (e plus an accent), as some systems store them."""

    def cell(value: str | None) -> str:
        return "" if value is None else '"' + unicodedata.normalize("NFD", value).replace('"', '""') + '"'

    header = [
        "ID de la réponse",
        "Date de soumission",
        "Dernière page",
        "Langue de départ",
        "Tête de série",
        "Date de lancement",
        "Date de la dernière action",
        *(text(model, q) for q in questions_of(rows)),
    ]
    lines = [",".join(cell(h) for h in header)]
    ids = []
    for n, (profile, answers) in enumerate(rows.items(), start=11):
        ids.append(str(n))
        submitted = None if profile == "dropout" else f"2026-03-22 10:{n}:40"
        meta = [str(n), submitted, "1" if profile == "dropout" else "2", "fr", str(1417820100 + n)]
        meta += [f"2026-03-22 10:{n - 5}:02", f"2026-03-22 10:{n}:40"]
        answers_cells = [label(model, q, answers[q]) if answers[q] else None for q in questions_of(rows)]
        lines.append(",".join(cell(v) for v in [*meta, *answers_cells]))
    path.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return ids


Writer = Callable[[Path, MaturityModel, dict[str, Answers]], list[str]]
EXPORTS: dict[str, tuple[str, Writer, str, list[str]]] = {
    # name: (file name, writer, source, the tool's metadata headings in the file)
    "google-forms": ("réponses.csv", google_forms_csv, "google-forms", ["Horodateur", "Adresse e-mail"]),
    "microsoft-forms": (
        "Formulaire.xlsx",
        microsoft_forms_xlsx,
        "microsoft-forms",
        [
            "ID",
            "Heure de début",
            "Heure de fin",
            "Adresse de messagerie",
            "Nom",
            "Heure de la dernière modification",
        ],
    ),
    "limesurvey": (
        "results-survey123456.csv",
        limesurvey_csv,
        "limesurvey",
        [
            "ID de la réponse",
            "Date de soumission",
            "Dernière page",
            "Langue de départ",
            "Tête de série",
            "Date de lancement",
            "Date de la dernière action",
        ],
    ),
}
# Google Forms and Microsoft Forms keep no partial responses.
KEEPS_PARTIAL = {"limesurvey"}


def rows_for(name: str, model: MaturityModel, question_ids: list[str] = QUESTION_IDS) -> dict[str, Answers]:
    rows = panel(model, question_ids)
    if name not in KEEPS_PARTIAL:
        del rows["dropout"]
    return rows


# -- the comparison ------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def one_decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def sheet_of(model: MaturityModel, answers: Answers, name: str) -> AnswerSheet:
    return AnswerSheet(
        questionnaire=model.questionnaire.id,
        questionnaire_version=model.questionnaire.version,
        organisation={"name": name},  # type: ignore[arg-type]
        assessed_on="2026-03-22",  # type: ignore[arg-type]
        answers={q: o for q, o in answers.items() if o is not None},
    )


def score_json(
    cli: Any, questionnaire: str, model: MaturityModel, answers: Answers, folder: Path, name: str
) -> dict[str, Any]:
    path = folder / f"{name}.yaml"
    sheet = sheet_of(model, answers, name)
    path.write_text(yaml.safe_dump(sheet.model_dump(mode="json", exclude_none=True)), encoding="utf-8")
    result = cli("score", path, "-q", questionnaire, "--json")
    assert result.exit_code == 0, result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def check_scores(
    out: Path, model: MaturityModel, rows: dict[str, Answers], ids: list[str], name: str,
    scored: Callable[[Answers, str], dict[str, Any]],
) -> None:
    """respondents.csv against `score --json` (`scored`) and the in-process scorecard."""
    got_rows = read_csv(out / "respondents.csv")
    assert [r["respondent_id"] for r in got_rows] == ids
    plan = model.plan
    for got, (profile, answers) in zip(got_rows, rows.items(), strict=True):
        who = f"{name}:{profile}"
        card = score(model, sheet_of(model, answers, profile))
        expected = scored(answers, profile)
        assert got["phase"] == (expected["phase"]["id"] if expected["phase"] else ""), who
        for p, phase in enumerate(plan.phase_ids):
            exact = card.phases[p].score
            assert expected["phases"][p]["score"] == (None if exact is None else round(exact, 2)), who
            assert got[f"score_{phase}"] == one_decimal(exact), (who, phase)
        for d, dimension in enumerate(plan.dimension_ids):
            exact = card.dimension_scores[dimension]
            assert expected["dimensions"][d]["score"] == (None if exact is None else round(exact, 2)), who
            assert got[f"dim_{dimension}"] == one_decimal(exact), (who, dimension)
        assert got["coverage"] == f"{card.tally.coverage:.3f}", who
        complete = profile != "dropout" and card.tally.coverage >= plan.minimum_coverage
        if name in KEEPS_PARTIAL:
            complete = profile != "dropout"
        assert got["complete"] == ("true" if complete else "false"), who


def check_summary(summary: dict[str, Any], name: str, rows: dict[str, Answers]) -> None:
    _, _, source, meta = EXPORTS[name]
    assert summary["export"]["source"] == source
    match = summary["match"]
    question_ids = questions_of(rows)
    assert match["questions_matched"] == len(question_ids)
    assert match["unmatched_questions"] == []
    assert match["values_not_understood"] == []
    by_heading = {unicodedata.normalize("NFC", c["heading"]): c for c in match["columns"]}
    # The tool's French columns are its metadata (or the respondent id), never a question.
    for heading in meta:
        assert by_heading[heading]["question"] is None, heading
        assert by_heading[heading]["ignored"] in ("metadata", "respondent-id"), heading
    questions = [c["question"] for c in match["columns"] if c["question"]]
    assert sorted(questions) == sorted(question_ids)
    assert summary["rows"]["scored"] == len(rows)
    assert summary["rows"]["rejected"] == 0


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_french_export_scores_equal_score_json(
    name: str, french: tuple[Path, MaturityModel], tmp_path: Path, cli: Any
) -> None:
    questionnaire, model = french
    file_name, write, _, _ = EXPORTS[name]
    rows = rows_for(name, model)
    export = tmp_path / file_name
    ids = write(export, model, rows)
    out = tmp_path / "out"
    result = cli("batch", export, "-q", questionnaire, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "Questions matched: 10 of 10." in result.stderr
    check_summary(json.loads((out / "summary.json").read_text(encoding="utf-8")), name, rows)
    assert read_csv(out / "errors.csv") == []
    check_scores(
        out, model, rows, ids, name,
        lambda answers, profile: score_json(cli, str(questionnaire), model, answers, tmp_path, profile),
    )


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_french_export_through_the_library(
    name: str, french: tuple[Path, MaturityModel], tmp_path: Path
) -> None:
    questionnaire, model = french
    file_name, write, _, _ = EXPORTS[name]
    rows = rows_for(name, model)
    export = tmp_path / file_name
    ids = write(export, model, rows)
    result = run_batch(BatchOptions(export=export, questionnaire=str(questionnaire), out_dir=tmp_path / "out"))
    check_summary(result.summary, name, rows)

    def in_process(answers: Answers, profile: str) -> dict[str, Any]:
        card = score(model, sheet_of(model, answers, profile))
        return {
            "phase": {"id": card.phase_id} if card.phase_id else None,
            "phases": [{"score": None if p.score is None else round(p.score, 2)} for p in card.phases],
            "dimensions": [
                {"score": None if s is None else round(s, 2)} for s in card.dimension_scores.values()
            ],
        }

    check_scores(tmp_path / "out", model, rows, ids, name, in_process)


# -- the bundled model, once it speaks French -------------------------------------------


@cache
def bundled_french() -> MaturityModel:
    """The bundled model, which is written in French too."""
    model = load_model("social-business")
    assert "fr" in model.questionnaire.languages and "fr" in model.roadmap.languages
    return model


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_bundled_french_export_scores_equal_score_json(name: str, tmp_path: Path, cli: Any) -> None:
    model = bundled_french()
    question_ids = [q.id for q in model.questionnaire.questions]
    file_name, write, _, _ = EXPORTS[name]
    rows = rows_for(name, model, question_ids)
    export = tmp_path / file_name
    ids = write(export, model, rows)
    out = tmp_path / "out"
    result = cli("batch", export, "-q", "social-business", "-o", out)
    assert result.exit_code == 0, result.stderr
    check_summary(json.loads((out / "summary.json").read_text(encoding="utf-8")), name, rows)
    assert read_csv(out / "errors.csv") == []
    check_scores(
        out, model, rows, ids, name,
        lambda answers, profile: score_json(cli, "social-business", model, answers, tmp_path, profile),
    )


# -- the tools' French headings -------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "source", "meta", "respondent"),
    [
        # Microsoft Forms, French tenant, as in two real files (SOURCES.md); quiz columns
        # keep their English names there.
        (
            ["ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom",
             "Total points", "Quiz feedback", "Heure de la dernière modification",
             "Points - Q", "Feedback - Q", "Q"],
            "microsoft-forms",
            10,
            "ID",
        ),
        # Google Forms, French sheet, quiz: "Score total" (2018) or "Score", and a
        # "[Score]" and "[Commentaires]" column beside each question.
        (
            ["Horodateur", "Score total", "Adresse e-mail", "Q", "Q [Score]", "Q [Commentaires]"],
            "google-forms",
            5,
            "Adresse e-mail",
        ),
        (["Horodateur", "Score", "Q"], "google-forms", 2, None),
        # LimeSurvey, full-text headings in French (6.x), with the participant fields and
        # the timings.
        (
            ["ID de la réponse", "Date de soumission", "Dernière page", "Langue de départ",
             "Tête de série", "Code d'accès", "Date de lancement", "Date de la dernière action",
             "Adresse IP", "URL référente", "Prénom", "Nom", "Adresse de courriel",
             "Temps total :", "Durée pour le groupe : Présence", "Durée pour la question: Q1", "Q"],
            "limesurvey",
            16,
            "ID de la réponse",
        ),
        # LimeSurvey 2.x in French: the access code was "Code", the seed did not exist.
        (
            ["ID de la réponse", "Date de soumission", "Dernière page", "Langue de départ", "Code", "Q"],
            "limesurvey",
            5,
            "ID de la réponse",
        ),
        # LimeSurvey, full-text headings in Dutch.
        (
            ["Respons-ID", "Datum verzonden", "Laatste pagina", "Begin taal", "Plaats",
             "Startdatum", "Datum laatste actie", "Groepstijd: Aanwezigheid", "Q"],
            "limesurvey",
            8,
            "Respons-ID",
        ),
    ],
)
def test_french_headings_tell_the_tool_and_are_its_metadata(
    header: list[str], source: str, meta: int, respondent: str | None
) -> None:
    layout = detect_layout([header, ["x"] * len(header)])
    assert layout.source == source
    kinds = {c.heading: c.kind for c in layout.columns}
    assert kinds["Q"] == "answer"
    assert sum(kind == "meta" for kind in kinds.values()) == meta, kinds
    found = None if layout.respondent_index is None else header[layout.respondent_index]
    assert found == respondent


def test_limesurvey_in_french_marks_submitted_responses_and_french_options() -> None:
    header = ["ID de la réponse", "Date de soumission", "Dernière page", "Langue de départ",
              "Canaux [Facebook]", "Canaux [LinkedIn]", "Canaux [Autre]", "Q [Commentaire]"]
    rows = [
        ["1", "2026-03-22 10:00:00", "2", "fr", "Oui", "", "Mastodon", "Bien"],
        ["2", "", "1", "fr", "", "Oui", "", ""],
    ]
    layout = detect_layout([header, *rows])
    assert [c.kind for c in layout.columns] == [
        "meta", "meta", "meta", "meta", "multi", "multi", "other-text", "other-text"
    ]
    assert layout.completion is not None
    assert [layout.completion(tuple(row)) for row in rows] == [True, False]


def test_french_typography_and_accents_do_not_break_matching(french: tuple[Path, MaturityModel]) -> None:
    """Headings and cells as they arrive from French hands and systems: straight or curly
    apostrophes, with or without the space before ? and :, « » or straight quotes,
    decomposed accents, capitals without accents, a question number in front."""
    _, model = french
    access = text(model, "account-access")
    variants = [
        access,
        access.replace("\u2019", "'"),
        access.replace("\u202f?", "?"),
        access.replace("\u202f?", " ?").replace("\u2019", "\u02bc"),
        unicodedata.normalize("NFD", access),
        "COMMENT L'ACCES AUX COMPTES DE L'ORGANISATION EST-IL ORGANISE ET PROTEGE ?",
        f"Question 2 : {access}",
        f"Q2) {access}",
        f"Question n° 2 – {access}",
    ]
    header = ["Horodateur", *variants]
    table_columns = detect_layout([header, ["x"] * len(header)]).columns
    report = match_columns(table_columns[1:], model.questionnaire)
    assert [m.question_id for m in report.matches] == ["account-access"] * len(variants)

    afterthought = label(model, "campaign-social-role", "afterthought")
    cells = [
        afterthought,
        afterthought.replace("\u2019", "'").replace("«\u00a0", '"').replace("\u00a0»", '"'),
        afterthought.replace("\u00a0:", ":").replace("«\u00a0", "«").replace("\u00a0»", "»"),
        afterthought.replace("\u00a0", " ").replace("\u2019", "'"),
        unicodedata.normalize("NFD", afterthought),
        "UN AJOUT DE DERNIERE MINUTE : QUELQUES PUBLICATIONS ET UN BOUTON « J'AIME » UNE FOIS LA CAMPAGNE PRETE",
    ]
    from socialmaturity.batch.matching import ValueMatcher

    question = next(q for q in model.questionnaire.questions if q.id == "campaign-social-role")
    values = {o.id: float(i) for i, o in enumerate(question.options)}
    matcher = ValueMatcher.build(question, values)
    assert [matcher.resolve(cell) for cell in cells] == [matcher.resolve(afterthought)] * len(cells)
    found = matcher.resolve(afterthought)
    assert found is not None and not isinstance(found, type(matcher.resolve(""))) and found[0] == "afterthought"


def test_an_accent_free_label_that_two_options_share_stays_not_understood(
    french: tuple[Path, MaturityModel],
) -> None:
    from socialmaturity.batch.matching import ValueMatcher
    from socialmaturity.model import Question

    _, model = french
    question = next(q for q in model.questionnaire.questions if q.id == "co-creation")

    def matcher_with(*labels: str) -> tuple[ValueMatcher, list[str]]:
        data = question.model_dump()
        for option, french_label in zip(data["options"], labels, strict=False):
            option["label"]["fr"] = french_label
        changed = Question.model_validate(data)
        values = {o.id: float(i) for i, o in enumerate(changed.options)}
        return ValueMatcher.build(changed, values), [o.id for o in changed.options]

    matcher, ids = matcher_with("Préparée", "Préparé", "Prepare")
    assert matcher.resolve("PREPAREE")[0] == ids[0]  # type: ignore[index]
    assert matcher.resolve("PREPARE")[0] == ids[2]  # type: ignore[index]  # the exact key wins
    matcher, ids = matcher_with("Préparé", "Prépare")
    assert matcher.resolve("PREPARE") is None  # Préparé or Prépare: not guessed
    assert matcher.resolve("Prépare")[0] == ids[1]  # type: ignore[index]


@pytest.mark.parametrize(
    "heading", ["Département", "DEPARTEMENT", "Équipe", "EQUIPE", "Société", "Service", "Établissement"]
)
def test_a_french_group_column_is_suggested(heading: str, french: tuple[Path, MaturityModel]) -> None:
    _, model = french
    header = ["Horodateur", heading, text(model, "crm-link")]
    columns = detect_layout([header, ["x"] * 3]).columns
    assert group_candidate(match_columns(columns, model.questionnaire)) == heading


def test_mapping_init_on_a_french_export_suggests_the_department(
    french: tuple[Path, MaturityModel], tmp_path: Path, cli: Any
) -> None:
    questionnaire, model = french
    export = tmp_path / "réponses.csv"
    google_forms_csv(export, model, rows_for("google-forms", model))
    mapping = tmp_path / "mapping.yaml"
    result = cli("mapping", "init", export, "-q", questionnaire, "-o", mapping)
    assert result.exit_code == 0, result.stderr
    drafted = mapping.read_text(encoding="utf-8")
    assert 'group_by: "Département"' in drafted
    assert "  # UNMATCHED" not in drafted
