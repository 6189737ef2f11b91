"""The same input gives the same PDF bytes: wherever the tool and the brand folder are
installed, whenever it runs, whatever the environment holds. The renderer takes the
creation time from its caller and reads neither the clock nor the environment.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
import shutil
import time
from pathlib import Path

import pypdf
import pytest
from PIL import Image

import socialmaturity.resources as resources
from conftest import MINI
from socialmaturity.environment import Environment
from socialmaturity.loader import load_answers
from socialmaturity.report import build_html, render_report
from socialmaturity.report.render import builtin_templates, pdf_time, render_pdf
from socialmaturity.scoring import score

BETA = MINI / "answers" / "beta.yaml"
NEW_YEAR = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
UTC = dt.timezone.utc


def pdf_metadata(data: bytes) -> dict[str, str]:
    metadata = pypdf.PdfReader(io.BytesIO(data)).metadata
    return dict(metadata or {})


# -- wherever it is installed ------------------------------------------------------------------


def install(place: Path) -> tuple[Path, Path]:
    """The built-in templates of an install at `place`, and a brand folder and logo beside it."""
    shutil.copytree(builtin_templates(), place / "socialmaturity" / "_bundled" / "report_templates")
    brand = place / "brand"
    (brand / "img").mkdir(parents=True)
    Image.new("RGB", (30, 10), (176, 0, 32)).save(brand / "img" / "band.png")
    (brand / "brand.css").write_text(
        ":root { --accent: #b00020; }\n.cover { background: url(img/band.png) no-repeat; }\n",
        encoding="utf-8",
    )
    logo = place / "logo.png"
    Image.new("RGB", (120, 40), (0, 0, 160)).save(logo)
    return brand, logo


@pytest.mark.slow
def test_the_same_input_gives_the_same_bytes_wherever_the_templates_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet, model = load_answers(str(BETA))
    card = score(model, sheet)
    made = {}
    for place in (tmp_path / "a", tmp_path / "elsewhere" / "deeper" / "b"):
        brand, logo = install(place)
        # as if the package were installed at `place` (bundled() looks beside the package)
        monkeypatch.setattr(resources, "_PACKAGE", place / "socialmaturity")
        assert builtin_templates() == place / "socialmaturity" / "_bundled" / "report_templates"
        output, html = place / "r.pdf", place / "r.html"
        refused = render_report(
            model,
            sheet,
            card,
            language="en",
            output=output,
            html_output=html,
            template_dir=brand,
            logo=logo,
            created=NEW_YEAR,
        )
        assert refused == []
        document = html.read_text(encoding="utf-8")
        for machine_specific in (str(tmp_path), str(Path(__file__).parent.parent), "file:"):
            assert machine_specific not in document
        made[place.name] = (output.read_bytes(), document)
    assert made["a"][1] == made["b"][1]
    assert made["a"][0] == made["b"][0]


# -- whenever it runs, whatever the environment holds -------------------------------------------


@pytest.fixture(scope="module")
def mini_html() -> str:
    sheet, model = load_answers(str(BETA))
    return build_html(model, sheet, score(model, sheet), language="en", created=NEW_YEAR)


def harfbuzz_subset_present() -> bool:
    from weasyprint.pdf import fonts

    return bool(fonts.harfbuzz_subset)


@pytest.mark.slow
@pytest.mark.parametrize(
    "subsetter",
    [
        "fonttools",
        pytest.param(
            "harfbuzz",
            marks=pytest.mark.skipif(
                not harfbuzz_subset_present(), reason="HarfBuzz-Subset is not installed"
            ),
        ),
    ],
)
@pytest.mark.parametrize("created", [NEW_YEAR, None], ids=["created", "no-time"])
def test_the_renderer_reads_neither_the_clock_nor_the_environment(
    mini_html: str, monkeypatch: pytest.MonkeyPatch, created: dt.datetime | None, subsetter: str
) -> None:
    from weasyprint.pdf import fonts

    made = []
    for epoch, clock in (("0", 1_900_000_000.0), (None, 1_900_000_007.0), ("1234567890", 2e9)):
        if subsetter == "fonttools":
            # WeasyPrint subsets fonts with fontTools where HarfBuzz-Subset is missing
            monkeypatch.setattr(fonts, "harfbuzz_subset", None)
        if epoch is None:
            monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        # fontTools would stamp its font subsets with this clock
        monkeypatch.setattr(time, "time", lambda clock=clock: clock)
        made.append(render_pdf(mini_html, created=created).pdf)
        monkeypatch.undo()
    assert made[0] == made[1] == made[2]


@pytest.mark.slow
def test_the_pdf_dates_are_the_given_creation_time_or_none(tmp_path: Path) -> None:
    sheet, model = load_answers(str(BETA))
    card = score(model, sheet)
    dated, undated = tmp_path / "dated.pdf", tmp_path / "undated.pdf"
    render_report(model, sheet, card, language="en", output=dated, created=NEW_YEAR)
    render_report(model, sheet, card, language="en", output=undated)
    metadata = pdf_metadata(dated.read_bytes())
    assert metadata["/CreationDate"] == metadata["/ModDate"] == "D:20260101000000Z"
    assert "/CreationDate" not in pdf_metadata(undated.read_bytes())


def test_the_renderer_has_no_clock_or_environment_reads() -> None:
    """Guards the rule in the source: no os.environ, getenv, now(), today() or time module."""
    package = Path(__file__).parent.parent / "socialmaturity" / "report"
    for module in ("render.py", "__init__.py"):
        tree = ast.parse((package / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                assert node.attr not in {
                    "environ", "getenv", "now", "utcnow", "today", "localtime", "time_ns"
                }, f"{module}:{node.lineno}: {node.attr}"
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [alias.name for alias in node.names] + [getattr(node, "module", None)]
                assert "time" not in names, f"{module}:{node.lineno}"


def test_pdf_time_is_utc_to_the_second() -> None:
    amsterdam = dt.timezone(dt.timedelta(hours=1))
    assert pdf_time(dt.datetime(2026, 1, 1, 1, 0, 0, 999, tzinfo=amsterdam)) == NEW_YEAR
    assert pdf_time(dt.datetime(2026, 1, 1)) == NEW_YEAR  # no zone: UTC, never the local zone


# -- the caller's creation time ----------------------------------------------------------------

NOW = dt.datetime(2026, 3, 14, 15, 9, 26, 535897, tzinfo=UTC)


@pytest.mark.parametrize(
    ("source_date_epoch", "expected"),
    [
        ("1767225600", NEW_YEAR),
        (" 1767225600\n", NEW_YEAR),
        ("0", dt.datetime(1970, 1, 1, tzinfo=UTC)),
        (None, NOW.replace(microsecond=0)),
        ("", NOW.replace(microsecond=0)),
        ("yesterday", NOW.replace(microsecond=0)),
        ("1767225600.5", NOW.replace(microsecond=0)),
        ("9" * 30, NOW.replace(microsecond=0)),  # beyond any date
    ],
)
def test_created_at(source_date_epoch: str | None, expected: dt.datetime) -> None:
    variables = {} if source_date_epoch is None else {"SOURCE_DATE_EPOCH": source_date_epoch}
    assert Environment(variables=variables, clock=lambda: NOW).created_at() == expected


def test_created_at_gives_utc() -> None:
    local = NOW.astimezone(dt.timezone(dt.timedelta(hours=-5)))
    env = Environment(variables={}, clock=lambda: local)
    assert env.created_at() == NOW.replace(microsecond=0)
    assert env.created_at().tzinfo == UTC


@pytest.mark.slow
@pytest.mark.parametrize("epoch", [None, "1767225600"])
def test_the_command_dates_the_report_by_its_environment(cli, tmp_path: Path, epoch: str | None) -> None:
    # the environment's clock without SOURCE_DATE_EPOCH (the cli fixture's is fixed)
    from conftest import NOW as CLOCK

    result = cli("report", BETA, "-o", tmp_path / "r.pdf", variables={"SOURCE_DATE_EPOCH": epoch} if epoch else {})
    assert result.exit_code == 0, result.stderr
    stamp = pdf_metadata((tmp_path / "r.pdf").read_bytes())["/CreationDate"]
    made = dt.datetime.strptime(stamp, "D:%Y%m%d%H%M%SZ").replace(tzinfo=UTC)
    assert made == (NEW_YEAR if epoch else CLOCK)
