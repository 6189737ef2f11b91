"""The PDF report: its contents read back from real PDFs, its languages, options and exit codes.

Each distinct PDF is rendered once per module (fixtures below) and read with pypdf.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
import yaml

from conftest import MINI, ROOT
from socialmaturity.i18n import text
from socialmaturity.loader import load_answers
from socialmaturity.model import AnswerSheet, plain
from socialmaturity.report import ReportError, build_html, render_report
from socialmaturity.report.context import MESSAGES, long_date
from socialmaturity.report.render import TEMPLATES_URL
from socialmaturity.resources import bundled as bundled_folder
from socialmaturity.scoring import MaturityModel, score, summarise_counts
from socialmaturity.views import View, number

pytestmark = pytest.mark.slow

EXAMPLE = bundled_folder("examples") / "harbourlight-answers.yaml"
BETA = MINI / "answers" / "beta.yaml"
TEMPLATES = bundled_folder("report_templates")
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


def normalise(value: str) -> str:
    # pypdf gives line breaks where the layout wrapped; a break after a hyphen
    # ("crm-\nlink") joins without a space
    return re.sub(r"\s+", " ", value).replace("- ", "-").strip()


@dataclass
class Pdf:
    data: bytes
    reader: pypdf.PdfReader
    pages: list[str]

    @property
    def text(self) -> str:
        return normalise(" ".join(self.pages))

    def contains(self, value: str) -> bool:
        return normalise(value) in self.text

    def content(self) -> bytes:
        return b"".join(page.get_contents().get_data() for page in self.reader.pages)


def read_pdf(data: bytes) -> Pdf:
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    return Pdf(data, reader, [page.extract_text() for page in reader.pages])


def rg(colour: str) -> bytes:
    """How WeasyPrint writes a fill colour into the PDF: '#b00020' -> b'0.690196 0 0.12549 rg'."""
    parts = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return (" ".join(f"{p:.6f}".rstrip("0").rstrip(".") for p in parts) + " rg").encode()


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real thing: a new Python process running the command line."""
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "socialmaturity", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def example() -> tuple[AnswerSheet, MaturityModel]:
    return load_answers(str(EXAMPLE))


@pytest.fixture(scope="module")
def english(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Pdf, Path, subprocess.CompletedProcess[str]]:
    """The example's report in English, made by the command line, over an older file."""
    folder = tmp_path_factory.mktemp("english")
    output = folder / "report.pdf"
    output.write_bytes(b"an older report")
    result = run_cli(
        "report",
        str(EXAMPLE),
        "-o",
        str(output),
        "--html",
        str(folder / "report.html"),
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )
    assert result.returncode == 0, result.stderr
    return read_pdf(output.read_bytes()), folder, result


@pytest.fixture(scope="module")
def dutch(
    example: tuple[AnswerSheet, MaturityModel], tmp_path_factory: pytest.TempPathFactory
) -> Pdf:
    sheet, model = example
    output = tmp_path_factory.mktemp("dutch") / "rapport.pdf"
    assert render_report(model, sheet, score(model, sheet), language="nl", output=output) == []
    return read_pdf(output.read_bytes())


def fully_answered(sheet: AnswerSheet, model: MaturityModel) -> AnswerSheet:
    """Every question answered with the middle of its scale, no notes and no votes."""
    answers = {}
    for question in model.questionnaire.questions:
        scale = question.scored_options()
        answers[question.id] = scale[len(scale) // 2].id
    return sheet.model_copy(
        update={"answers": answers, "notes": {}, "votes": {}, "participants": []}
    )


@pytest.fixture(scope="module")
def full(
    example: tuple[AnswerSheet, MaturityModel], tmp_path_factory: pytest.TempPathFactory
) -> Pdf:
    sheet, model = example
    answered = fully_answered(sheet, model)
    output = tmp_path_factory.mktemp("full") / "full.pdf"
    render_report(model, answered, score(model, answered), language="en", output=output)
    return read_pdf(output.read_bytes())


# -- contents -----------------------------------------------------------------------------


def test_report_names_the_organisation_phase_and_verdict(english, example) -> None:
    pdf, _, _ = english
    sheet, model = example
    card = score(model, sheet)
    view = View(model, "en")
    assert pdf.contains(sheet.organisation.name)
    assert pdf.contains(view.phase_name(card.phase_id))
    assert pdf.contains(view.verdict(card, sheet.organisation.name))
    assert sheet.organisation.name in pdf.pages[0] and "Dialogue" in pdf.pages[0]


def test_report_lists_every_next_step_of_the_phase(english, example) -> None:
    pdf, _, _ = english
    sheet, model = example
    card = score(model, sheet)
    steps = View(model, "en").next_steps(card)
    assert steps == list(next(p for p in model.roadmap.phases if p.id == card.phase_id).next_steps)
    for step in steps:
        assert pdf.contains(text(step.title, "en")), step.id
        assert pdf.contains(text(step.description, "en")), step.id


def test_report_shows_every_phase_and_dimension_score(english, example) -> None:
    pdf, _, _ = english
    sheet, model = example
    card = score(model, sheet)
    for phase in card.phases:
        assert pdf.contains(number(phase.score, "en")), phase.id
    for dimension, value in card.dimension_scores.items():
        assert pdf.contains(number(value, "en")), dimension
    assert all(pdf.contains(f"threshold {p.threshold:g}") for p in model.roadmap.phases)


def test_report_sections_come_in_order(english) -> None:
    pdf, _, _ = english
    headings = [
        "Executive summary",
        "The roadmap",
        "Scores per phase",
        "Profile across the dimensions",
        "What the Dialogue phase looks like",
        "Next steps: Dialogue",
        "The largest gaps",
        "Strengths",
        "Where the participants disagreed",
        "Appendix: every question and its answer",
        "How the scores and the phase are computed",
    ]
    positions = [pdf.text.find(heading) for heading in headings]
    assert -1 not in positions, [h for h, p in zip(headings, positions, strict=True) if p == -1]
    assert positions == sorted(positions)


def test_report_profile_actions_and_strengths(english, example) -> None:
    pdf, _, _ = english
    sheet, model = example
    card = score(model, sheet)
    view = View(model, "en")
    phase = next(p for p in model.roadmap.phases if p.id == card.phase_id)
    for item in [*phase.characteristics, *phase.obstacles, phase.customer_view]:
        assert pdf.contains(text(plain(item), "en"))
    for gap in card.gaps[:8]:
        question = view.question(gap.question_id)
        assert pdf.contains(text(question.text, "en"))
        assert pdf.contains(f"Current answer: {view.option_label(gap.question_id, gap.option_id)}")
        # the advice for the answer given, not one text per question
        assert pdf.contains(text(question.recommendation_for(gap.option_id), "en"))
    for strength in card.strengths[:5]:
        assert pdf.contains(view.option_label(strength.question_id, strength.option_id))


def test_report_shows_the_workshop_disagreements(english, example) -> None:
    pdf, _, _ = english
    sheet, model = example
    card = score(model, sheet)
    assert card.disagreements, "the example comes from a workshop with disagreement"
    view = View(model, "en")
    workshop = pdf.text[
        pdf.text.find("Where the participants disagreed") : pdf.text.find("Appendix:")
    ]
    assert f"{len(sheet.participants)} participants voted" in workshop
    for summary in card.disagreements[:6]:
        assert normalise(view.question_text(summary.question_id)) in workshop
        assert f"spread of {summary.spread} steps" in workshop
        # the agreed answer is marked
        assert (
            normalise(
                "▶ " + view.option_label(summary.question_id, sheet.answers[summary.question_id])
            )[:40]
            in workshop
        )


def test_appendix_has_every_question_answer_and_note(english, example) -> None:
    pdf, _, _ = english
    sheet, model = example
    view = View(model, "en")
    appendix = pdf.text[pdf.text.find("Appendix: every question") :]
    for question in model.questionnaire.questions:
        assert normalise(text(question.text, "en")) in appendix, question.id
        option = sheet.answers.get(question.id)
        if option is None:
            continue
        assert normalise(view.option_label(question.id, option)) in appendix, question.id
    for note in sheet.notes.values():
        assert normalise(note) in appendix
    unanswered = [q for q in model.questionnaire.questions if q.id not in sheet.answers]
    assert appendix.count("Answer: Not answered") == len(unanswered)
    not_applicable = [
        qid
        for qid, option in sheet.answers.items()
        if view.question(qid).option(option).not_applicable  # type: ignore[union-attr]
    ]
    assert appendix.count("(left out of the score)") == len(not_applicable)
    for index, phase in enumerate(model.roadmap.phases, 1):
        assert f"Phase {index}: {text(phase.name, 'en')}" in appendix


def test_method_page_pins_the_model(english, example) -> None:
    pdf, _, _ = english
    _, model = example
    method = pdf.text[pdf.text.rfind("How the scores and the phase are computed") :]
    assert method
    assert model.hash in normalise(method).replace(" ", "")
    assert f"{model.questionnaire.id}, version {model.questionnaire.version}" in method
    assert f"{model.roadmap.id}, version {model.roadmap.version}" in method
    import socialmaturity

    assert f"socialmaturity {socialmaturity.__version__}" in method
    minimum = round(100 * model.roadmap.minimum_coverage)
    assert f"at least {minimum}% of its questions (by weight) are answered" in normalise(method)
    # the origin of the phase idea, and what is the model's own
    assert "Where the model comes from" in method and "Social Business Roadmap" in normalise(method)
    assert normalise(text(model.roadmap.threshold_rationale, "en"))[:80] in normalise(method)


def test_running_header_and_page_numbers(english, example) -> None:
    pdf, _, _ = english
    sheet, _ = example
    total = len(pdf.pages)
    for number_, page in enumerate(pdf.pages[1:], 2):
        assert sheet.organisation.name in page
        assert f"page {number_} of {total}" in page
    assert "page 1 of" not in pdf.pages[0]  # the cover has no header or footer


def test_report_is_vector_only(english) -> None:
    pdf, _, _ = english
    assert image_objects(pdf) == set()


def test_dutch_report_has_dutch_headings_and_numbers(dutch, example) -> None:
    sheet, model = example
    card = score(model, sheet)
    for heading in [
        "Managementsamenvatting",
        "Zo is de fase bepaald",
        "Scores per fase",
        "Profiel over de dimensies",
        "Volgende stappen: Dialogue",
        "De grootste hiaten",
        "Sterke punten",
        "Waar de deelnemers het oneens waren",
        "Bijlage: alle vragen en antwoorden",
        "Zo worden de scores en de fase berekend",
        "U bent hier",
    ]:
        assert dutch.contains(heading), heading
    assert f"pagina 2 van {len(dutch.pages)}" in dutch.pages[1]
    assert long_date(sheet.assessed_on, "nl") in dutch.pages[0]
    for phase in card.phases:
        assert dutch.contains(number(phase.score, "nl"))
    for step in View(model, "nl").next_steps(card):
        assert dutch.contains(text(step.title, "nl"))
    assert "Executive summary" not in dutch.text


@pytest.mark.parametrize("fixture", ["english", "full"])
def test_page_count_stays_within_bounds(fixture: str, request: pytest.FixtureRequest) -> None:
    value = request.getfixturevalue(fixture)
    pdf = value[0] if isinstance(value, tuple) else value
    # 55 questions: cover, summary, scores, profile, steps and actions, workshop,
    # about six pages of appendix and two of method
    assert 12 <= len(pdf.pages) <= 21


def test_full_report_answers_everything(full, example) -> None:
    assert "Not answered" not in full.text
    assert "Where the participants disagreed" not in full.text


# -- reproducible, atomic ---------------------------------------------------------------------


def test_same_input_gives_the_same_bytes(english, example, tmp_path) -> None:
    pdf, _, _ = english
    sheet, model = example
    output = tmp_path / "again.pdf"
    # in this process, at another time: the creation time is the only clock
    render_report(
        model,
        sheet,
        score(model, sheet),
        language=sheet.language or "en",
        output=output,
        created=dt.datetime.fromtimestamp(int(EPOCH), tz=dt.timezone.utc),
    )
    assert output.read_bytes() == pdf.data
    assert pdf.reader.metadata is not None
    assert pdf.reader.metadata["/CreationDate"] == "D:20260101000000Z"
    assert pdf.reader.metadata["/ModDate"] == "D:20260101000000Z"


def test_output_is_replaced_whole_and_html_written(english) -> None:
    _, folder, result = english
    assert sorted(p.name for p in folder.iterdir()) == [
        "report.html",
        "report.pdf",
    ]  # no temporary files left
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Harbourlight Energy" in html
    assert f"Report written to {folder / 'report.pdf'}" in result.stderr
    assert result.stdout == ""


def test_failed_render_keeps_the_earlier_report(cli, tmp_path) -> None:
    templates = tmp_path / "templates"
    (templates / "sections").mkdir(parents=True)
    (templates / "sections" / "cover.html.j2").write_text("{% if %}", encoding="utf-8")
    output = tmp_path / "report.pdf"
    output.write_bytes(b"the earlier report")
    result = cli("report", BETA, "-o", output, "--template-dir", templates)
    assert result.exit_code == 1
    assert "cover.html.j2:1" in result.stderr and "Traceback" not in result.stderr
    assert output.read_bytes() == b"the earlier report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf", "templates"]


# -- branding ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mini_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pdf]:
    """The mini model's report as built in, and branded with a brand.css, a logo and nothing else."""
    from PIL import Image

    folder = tmp_path_factory.mktemp("brand")
    templates = folder / "templates"
    templates.mkdir()
    (templates / "brand.css").write_text(":root { --accent: #b00020; }\n", encoding="utf-8")
    logo = folder / "logo.png"
    Image.new("RGB", (120, 40), (176, 0, 32)).save(logo)
    sheet, model = load_answers(str(BETA))
    card = score(model, sheet)
    plain, branded = folder / "plain.pdf", folder / "branded.pdf"
    assert render_report(model, sheet, card, language="en", output=plain) == []
    assert (
        render_report(
            model, sheet, card, language="en", output=branded, template_dir=templates, logo=logo
        )
        == []
    )
    return {"plain": read_pdf(plain.read_bytes()), "branded": read_pdf(branded.read_bytes())}


def test_brand_stylesheet_alone_changes_the_colours_and_keeps_the_rest(mini_reports) -> None:
    plain, branded = mini_reports["plain"], mini_reports["branded"]
    default_accent = rg("#1c4e80")
    assert default_accent in plain.content() and rg("#b00020") not in plain.content()
    assert rg("#b00020") in branded.content() and default_accent not in branded.content()
    # everything else falls back to the built-in templates: same words, same pages
    assert [normalise(page) for page in branded.pages] == [normalise(page) for page in plain.pages]


def image_objects(pdf: Pdf) -> set[int]:
    """The distinct image XObjects the pages use (pages may share one resources dictionary)."""
    found: set[int] = set()
    for page in pdf.reader.pages:
        objects = (page.get("/Resources") or {}).get("/XObject") or {}
        for name in objects:
            reference = objects.raw_get(name)
            if objects[name].get_object().get("/Subtype") == "/Image":
                found.add(getattr(reference, "idnum", id(reference)))
    return found


def test_logo_is_the_only_image(mini_reports) -> None:
    assert len(image_objects(mini_reports["branded"])) == 1
    assert image_objects(mini_reports["plain"]) == set()


def test_mini_report_scores(mini_reports) -> None:
    pdf = mini_reports["plain"]
    # by hand: alpha (1/2 + 2 x 1) / 3 = 83.3; beta (1 + 1/2) / 2 = 75.0; gamma 0
    for shown in [
        "83.3 ✓",
        "75.0 ✓",
        "threshold 50",
        "Example Ltd is in the Beta phase",
        "Next steps: Beta",
        "Organise",
    ]:
        assert pdf.contains(shown), shown
    assert "Where the participants disagreed" not in pdf.text  # no votes, no workshop section


def test_template_dir_overrides_one_partial_and_keeps_the_rest(tmp_path) -> None:
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "cover.html.j2").write_text(
        '<section class="cover"><h1 class="organisation">Prepared by Brightside for {{ r.organisation }}</h1></section>',
        encoding="utf-8",
    )
    sheet, model = load_answers(str(BETA))
    html = build_html(model, sheet, score(model, sheet), language="en", template_dir=tmp_path)
    assert "Prepared by Brightside for Example Ltd" in html
    assert "Executive summary" in html and "How the scores and the phase are computed" in html
    assert f'href="{TEMPLATES_URL}report.css"' in html and f'href="{TEMPLATES_URL}brand.css"' in html
    assert str(TEMPLATES) not in html and str(tmp_path) not in html


def test_consultant_and_title_note_on_the_cover(tmp_path) -> None:
    sheet, model = load_answers(str(BETA))
    html = build_html(
        model,
        sheet,
        score(model, sheet),
        language="nl",
        consultant="Jan de Vries",
        title_note="Consensus van 37 respondenten, afdeling Verkoop",
    )
    cover = html[html.find('<section class="cover">') : html.find("</section>")]
    assert "Adviseur" in cover and "Jan de Vries" in cover
    assert "Consensus van 37 respondenten, afdeling Verkoop" in cover
    assert "15 januari 2026" in cover


def test_every_report_string_used_by_the_templates_exists() -> None:
    used: set[str] = set()
    for template in TEMPLATES.rglob("*.j2"):
        used |= set(
            re.findall(r"""\bt\(\s*["']([\w.-]+)["']""", template.read_text(encoding="utf-8"))
        )
    assert used, "the templates use report strings"
    assert used <= set(MESSAGES), used - set(MESSAGES)


# -- comparison -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compared(example: tuple[AnswerSheet, MaturityModel], tmp_path_factory: pytest.TempPathFactory):
    """A report compared with an assessment a year earlier, given to an older questionnaire version."""
    sheet, model = example
    folder = tmp_path_factory.mktemp("compare")
    earlier = sheet.model_dump(mode="json", exclude_none=True)
    earlier["assessed_on"] = "2025-10-02"
    earlier["questionnaire_version"] = "0.9.0"
    # a year ago every dialogue question had its lowest answer, and one question has since gone
    for question in model.questionnaire.questions:
        if question.phase == "dialogue":
            earlier["answers"][question.id] = question.scored_options()[0].id
    earlier["answers"]["retired-question"] = "yes"
    earlier.pop("votes", None)
    path = folder / "earlier.yaml"
    path.write_text(yaml.safe_dump(earlier, allow_unicode=True, sort_keys=False), encoding="utf-8")
    output = folder / "compared.pdf"
    result = run_cli(
        "report",
        str(EXAMPLE),
        "-o",
        str(output),
        "--compare",
        str(path),
        "--consultant",
        "Jan de Vries",
    )
    assert result.returncode == 0, result.stderr
    return read_pdf(output.read_bytes()), result


def test_comparison_per_phase_and_dimension(compared, example) -> None:
    pdf, result = compared
    sheet, model = example
    card = score(model, sheet)
    assert "1 answer in" in result.stderr and "is left out of the comparison" in result.stderr
    change = pdf.text[
        pdf.text.find("Change since the earlier assessment") : pdf.text.find("Appendix:")
    ]
    assert "Compared with the assessment of 2 October 2025" in change
    assert "answered version 0.9.0 of the questionnaire, this one version 2.0.0" in change
    dialogue = next(p for p in card.phases if p.id == "dialogue")
    assert f"+{number(dialogue.score, 'en')}" in change  # from 0 to its score now
    for phase in card.phases:
        assert number(phase.score, "en") in change
    for name in ("Per phase", "Per dimension", "earlier (2 October 2025)", "now (14 October 2026)"):
        assert name in change
    assert "Earlier assessment (2 October 2025)" in pdf.text  # the radar's dashed polygon
    assert "Jan de Vries" in pdf.pages[0]


def test_compare_with_the_same_version_has_no_version_note(example) -> None:
    sheet, model = example
    from socialmaturity.assessments import Assessment, Earlier
    from socialmaturity.scoring import compare

    earlier = sheet.model_copy(update={"assessed_on": sheet.assessed_on.replace(year=2025)})
    card = score(model, sheet)
    before = Assessment(earlier, model, score(model, earlier))
    found = Earlier(before, compare(card, before.card))
    html = build_html(model, sheet, card, language="en", compare=found)
    assert "Change since the earlier assessment" in html
    assert "version 0" not in html and "were matched" not in html
    assert html.count("±0.0") == len(model.roadmap.phases) + len(model.questionnaire.dimensions)


# -- the command line: exit codes and messages ------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["missing.yaml", "-o", "{tmp}/r.pdf"], 1, "missing.yaml:1:1: no such file"),
        (
            ["{bad}", "-o", "{tmp}/r.pdf", "-q", str(MINI / "questionnaires" / "mini.yaml")],
            1,
            r"bad.yaml:\d+:\d+: 'zzz' is not an option of question 'a1'",
        ),
        (
            [str(BETA), "-o", "{tmp}/r.pdf", "--lang", "de"],
            2,
            "--lang de: not available; choose one of en, nl",
        ),
        ([str(BETA), "-o", "{tmp}/no/such/folder/r.pdf"], 1, "the folder .*folder does not exist"),
        ([str(BETA), "-o", "{tmp}"], 1, "is a folder, not a file"),
        (
            [str(BETA), "-o", "{tmp}/r.pdf", "--logo", "{tmp}/none.png"],
            1,
            "--logo .*none.png: no such file",
        ),
        (
            [str(BETA), "-o", "{tmp}/r.pdf", "--logo", "{bad}"],
            1,
            "--logo .*bad.yaml: not a PNG, JPEG or SVG image",
        ),
        (
            [str(BETA), "-o", "{tmp}/r.pdf", "--logo", "{tmp}"],
            1,
            "--logo .*: is a folder, not an image",
        ),
        (
            [str(BETA), "-o", "{tmp}/r.pdf", "--template-dir", "{tmp}/none"],
            1,
            "--template-dir .*none: no such folder",
        ),
        (
            [str(BETA), "-o", "{tmp}/r.pdf", "--compare", str(EXAMPLE)],
            1,
            "these answers are for questionnaire 'social-business', not 'mini'",
        ),
        (
            [str(BETA), "-o", "{tmp}/r.pdf", "--compare", "{tmp}/none.yaml"],
            1,
            "none.yaml:1:1: no such file",
        ),
        ([str(BETA)], 2, "Missing option '--output'"),
        ([str(BETA), "-o", "{tmp}/r.pdf", "--compare", "-"], 2, "--compare needs a file"),
        (["{bad}", "-o", "{bad}"], 2, "--output .*bad.yaml: that is an input file"),
        (
            [str(BETA), "-o", "{tmp}/r.pdf", "--html", "{tmp}/r.pdf"],
            2,
            "--html and --output name the same file",
        ),
    ],
)
def test_report_exit_codes(cli, tmp_path, args: list[str], code: int, message: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        BETA.read_text(encoding="utf-8").replace("a1: some", "a1: zzz"), encoding="utf-8"
    )
    result = cli("report", *[a.format(tmp=tmp_path, bad=bad) for a in args])
    assert result.exit_code == code, result.stderr
    assert re.search(message, result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_demo_writes_the_example_report(cli, tmp_path) -> None:
    out = tmp_path / "demo"
    result = cli("demo", "--out-dir", out)
    assert result.exit_code == 0, result.stderr
    report = out / "harbourlight-report.pdf"
    assert read_pdf(report.read_bytes()).contains("Harbourlight Energy")
    assert f"Report written to {report}" in result.stderr


def test_the_command_line_does_not_load_the_renderer() -> None:
    code = (
        "import sys, socialmaturity.cli, socialmaturity.report;"
        "print(sorted(m for m in ('weasyprint', 'jinja2', 'socialmaturity.report.render') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_report_error_is_raised_by_the_library(tmp_path) -> None:
    sheet, model = load_answers(str(BETA))
    with pytest.raises(ReportError, match="does not exist"):
        render_report(
            model, sheet, score(model, sheet), language="en", output=tmp_path / "no" / "r.pdf"
        )


# -- every place on the roadmap ---------------------------------------------------------------------


def html_text(document: str) -> str:
    """The words of an HTML document, unescaped, whitespace normalised."""
    return normalise(html.unescape(re.sub(r"<[^>]+>", " ", document)))


@pytest.mark.parametrize("place", ["start", "last"])
def test_report_at_the_start_and_at_the_end(example, place: str) -> None:
    sheet, model = example
    pick = 0 if place == "start" else -1
    answers = {q.id: q.scored_options()[pick].id for q in model.questionnaire.questions}
    assessed = sheet.model_copy(update={"answers": answers, "votes": {}, "notes": {}})
    card = score(model, assessed)
    words = html_text(build_html(model, assessed, card, language="en"))
    roadmap = model.roadmap
    if place == "start":
        assert card.phase_index == 0
        steps, profile = roadmap.start.next_steps, [roadmap.start.summary]
        assert "Where the organisation starts" in words and "Before the first phase" in words
        assert (
            f"The roadmap's first steps, on the way to its first phase, {text(roadmap.phases[0].name, 'en')}"
            in words
        )
    else:
        assert card.phase_index == len(roadmap.phases)
        last = roadmap.phases[-1]
        steps, profile = last.next_steps, [last.summary, *map(plain, last.characteristics), last.customer_view]
        assert "All phases passed" in words and "No weak answers" in words
    for step in steps:
        assert normalise(text(step.title, "en")) in words
    for item in profile:
        assert normalise(text(item, "en")) in words


def test_survey_group_disagreement_comes_from_counted_votes(example) -> None:
    sheet, model = example
    question = model.questionnaire.questions[0]
    scale = question.scored_options()
    counts = {scale[0].id: 5, scale[-1].id: 7}
    group = sheet.model_copy(
        update={
            "votes": {},
            "participants": [],
            "answers": {**sheet.answers, question.id: scale[0].id},
        }
    )
    card = score(model, group, votes=[summarise_counts(question, counts)])
    words = html_text(
        build_html(model, group, card, language="en", title_note="Consensus of 12 respondents")
    )
    assert "Where the respondents disagreed" in words and "participants voted" not in words
    assert normalise(text(question.text, "en")) in words
    assert f"answers span {len(scale) - 1} steps" in words
    assert "Consensus of 12 respondents" in words


def test_a_phase_held_back_by_coverage_says_so() -> None:
    sheet, model = load_answers(str(BETA))
    # beta's one answered question scores 100, but half its questions is below the 60% needed
    held = sheet.model_copy(update={"answers": {"a1": "all", "a2": "full", "b1": "yes"}})
    card = score(model, held)
    assert card.phase_index == 1
    words = html_text(build_html(model, held, card, language="en"))
    assert "Next phase: Beta 50% answered, 60% needed" in words
    assert "only 50% of its questions are answered, and 60% are needed" in words
