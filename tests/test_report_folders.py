"""Template folders: a file is looked up in --template-dir first, then in the built-in
folder, and only ever read from inside the folder it was found in.

A brand folder with a symbolic link out of it (to /etc/passwd, say) is refused with a
message naming the file and exit 1, whether the link is a template, a stylesheet, an
image or a folder on the way; and a brand's own images beside its templates and
brand.css are found. Every check reads the real PDF back.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from conftest import MINI
from socialmaturity.loader import load_answers
from socialmaturity.report import ReportError, render_report
from socialmaturity.report.render import (
    OutsideFolder,
    TemplateFolders,
    _loader_class,
    builtin_templates,
)
from socialmaturity.scoring import score

pytestmark = pytest.mark.slow

BETA = MINI / "answers" / "beta.yaml"
PASSWD = Path("/etc/passwd")
needs_passwd = pytest.mark.skipif(not PASSWD.is_file(), reason="needs /etc/passwd")


def secret() -> str:
    """The first field of /etc/passwd's first line and what follows: 'root:x:0:0'."""
    return ":".join(PASSWD.read_text(encoding="utf-8").splitlines()[0].split(":")[:4])


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(page.extract_text() for page in reader.pages)


def images(path: Path) -> list[tuple[int, int]]:
    """The sizes of the images the PDF draws: on its pages, in forms and in patterns
    (a CSS background image is a tiling pattern)."""
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    found: dict[int, tuple[int, int]] = {}
    seen: set[int] = set()

    def walk(resources: object) -> None:
        resources = resources.get_object() if hasattr(resources, "get_object") else resources
        if not isinstance(resources, dict) or id(resources) in seen:
            return
        seen.add(id(resources))
        for kind in ("/XObject", "/Pattern"):
            objects = resources.get(kind) or {}
            for name in objects:
                item = objects[name].get_object()
                if item.get("/Subtype") == "/Image":
                    found[id(item)] = (int(item["/Width"]), int(item["/Height"]))
                walk(item.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return sorted(found.values())


def earlier_report(path: Path) -> None:
    """A PDF that stands for last week's report at the output."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    with open(path, "wb") as handle:
        writer.write(handle)


def png(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)
    return path


# -- links out of the folder ---------------------------------------------------------------


def link_cover(brand: Path, outside: Path) -> str:
    (brand / "sections").mkdir()
    os.symlink(PASSWD, brand / "sections" / "cover.html.j2")
    return "sections/cover.html.j2"


def link_report(brand: Path, outside: Path) -> str:
    os.symlink(PASSWD, brand / "report.html.j2")
    return "report.html.j2"


def link_sections_to_a_folder(brand: Path, outside: Path) -> str:
    # the folder holds a cover.html.j2 that is /etc/passwd, as the built-in one's name
    os.symlink(PASSWD, outside / "cover.html.j2")
    os.symlink(outside, brand / "sections")
    return "sections/cover.html.j2"


def link_sections_to_passwd(brand: Path, outside: Path) -> str:
    os.symlink(PASSWD, brand / "sections")
    return "sections/cover.html.j2"


def link_brand_css(brand: Path, outside: Path) -> str:
    os.symlink(PASSWD, brand / "brand.css")
    return "brand.css"


def link_imported_css(brand: Path, outside: Path) -> str:
    (brand / "brand.css").write_text("@import url(extra.css);\n", encoding="utf-8")
    os.symlink(PASSWD, brand / "extra.css")
    return "extra.css"


def link_image(brand: Path, outside: Path) -> str:
    (brand / "brand.css").write_text(".cover { background: url(img/mark.png); }\n", encoding="utf-8")
    (brand / "img").mkdir()
    os.symlink(png(outside / "mark.png", (40, 40), (0, 160, 0)), brand / "img" / "mark.png")
    return "img/mark.png"


def link_image_folder(brand: Path, outside: Path) -> str:
    (brand / "brand.css").write_text(".cover { background: url(img/mark.png); }\n", encoding="utf-8")
    png(outside / "mark.png", (40, 40), (0, 160, 0))
    os.symlink(outside, brand / "img")
    return "img/mark.png"


LINKS = [
    link_cover,
    link_report,
    link_sections_to_a_folder,
    link_sections_to_passwd,
    link_brand_css,
    link_imported_css,
    link_image,
    link_image_folder,
]


@needs_passwd
@pytest.mark.parametrize("make_link", LINKS, ids=lambda f: f.__name__.removeprefix("link_"))
def test_a_link_out_of_the_template_folder_is_refused_with_exit_1(cli, tmp_path: Path, make_link) -> None:
    brand, outside = tmp_path / "brand", tmp_path / "outside"
    brand.mkdir()
    outside.mkdir()
    name = make_link(brand, outside)
    output, html = tmp_path / "out.pdf", tmp_path / "out.html"
    earlier_report(output)
    result = cli("report", BETA, "-o", output, "--html", html, "--template-dir", brand)
    assert result.exit_code == 1, result.stderr
    assert (
        f"socialmaturity: {brand / name}: leads out of the template folder {brand} through a symbolic link"
        in result.stderr
    )
    assert "Traceback" not in result.stderr and secret() not in result.stderr
    # the earlier report is still there, whole, and nothing of the target went anywhere
    assert len(pypdf.PdfReader(output).pages) == 1
    assert secret() not in pdf_text(output)
    assert not html.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brand", "out.pdf", "outside"]


def test_a_link_out_of_the_built_in_folder_is_refused_too(tmp_path: Path) -> None:
    builtin = tmp_path / "report_templates"
    shutil.copytree(builtin_templates(), builtin)
    (builtin / "sections" / "cover.html.j2").unlink()
    (tmp_path / "cover.html.j2").write_text("<p>elsewhere</p>", encoding="utf-8")
    os.symlink(tmp_path / "cover.html.j2", builtin / "sections" / "cover.html.j2")
    loader = _loader_class()(TemplateFolders(builtin=builtin))
    with pytest.raises(OutsideFolder, match=r"sections/cover\.html\.j2: leads out of the template folder"):
        loader.get_source(None, "sections/cover.html.j2")
    assert '{% include "sections/summary.html.j2" %}' in loader.get_source(None, "report.html.j2")[0]


def test_links_inside_the_folder_and_a_linked_folder_itself_are_fine(tmp_path: Path) -> None:
    real = tmp_path / "brands" / "acme"
    (real / "parts").mkdir(parents=True)
    (real / "parts" / "cover.html.j2").write_text(
        '<section class="cover"><h1 class="organisation">Linked {{ r.organisation }}</h1></section>',
        encoding="utf-8",
    )
    (real / "sections").mkdir()
    os.symlink(real / "parts" / "cover.html.j2", real / "sections" / "cover.html.j2")
    os.symlink(real, tmp_path / "brand")  # --template-dir itself may be a link
    sheet, model = load_answers(str(BETA))
    output = tmp_path / "r.pdf"
    refused = render_report(
        model, sheet, score(model, sheet), language="en", output=output, template_dir=tmp_path / "brand"
    )
    assert refused == []
    assert "Linked Example Ltd" in pdf_text(output)


# -- a brand's own images ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def branded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """A brand folder whose brand.css and cover template use images of their own,
    and one outside the folder each; rendered once."""
    root = tmp_path_factory.mktemp("branded")
    brand = root / "brand"
    png(brand / "img" / "band.png", (30, 10), (176, 0, 32))
    png(brand / "img" / "mark.png", (24, 24), (0, 0, 160))
    png(root / "outside.png", (50, 50), (0, 160, 0))
    (brand / "brand.css").write_text(
        ":root { --accent: #b00020; }\n"
        ".cover { background: url(img/band.png) no-repeat; }\n"
        ".kicker { background: url(../outside.png); }\n",
        encoding="utf-8",
    )
    (brand / "sections").mkdir()
    (brand / "sections" / "cover.html.j2").write_text(
        '<section class="cover"><img class="mark" src="img/mark.png" alt="">'
        f'<img src="{(root / "outside.png").as_uri()}" alt="">'
        '<p class="kicker">{{ r.kicker }}</p><h1 class="organisation">{{ r.organisation }}</h1></section>',
        encoding="utf-8",
    )
    sheet, model = load_answers(str(BETA))
    output = root / "r.pdf"
    refused = render_report(
        model, sheet, score(model, sheet), language="en", output=output, template_dir=brand
    )
    return brand, output, refused


def test_images_beside_a_brand_css_and_a_template_are_in_the_pdf(branded) -> None:
    brand, output, refused = branded
    # relative URLs in brand.css and in sections/cover.html.j2 resolve in the brand's folder
    assert images(output) == [(24, 24), (30, 10)]
    assert str(brand / "img" / "band.png") not in refused
    assert str(brand / "img" / "mark.png") not in refused


def test_an_image_outside_the_brand_folder_is_still_refused(branded) -> None:
    brand, output, refused = branded
    assert (50, 50) not in images(output)
    assert sorted(refused) == sorted(
        [
            str(brand / "outside.png"),  # ../ stops at the top of the template folders
            (brand.parent / "outside.png").as_uri(),
        ]
    )


def test_a_missing_brand_image_is_reported_by_its_path_in_the_brand_folder(tmp_path: Path) -> None:
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "brand.css").write_text(".cover { background: url(img/gone.png); }\n", encoding="utf-8")
    sheet, model = load_answers(str(BETA))
    refused = render_report(
        model, sheet, score(model, sheet), language="en", output=tmp_path / "r.pdf", template_dir=brand
    )
    assert refused == [str(brand / "img" / "gone.png")]


def test_a_template_folder_without_a_stylesheet_uses_the_built_in_one(tmp_path: Path) -> None:
    folders = TemplateFolders(tmp_path)
    found = folders.find("brand.css")
    assert found is not None and found.real == (builtin_templates() / "brand.css").resolve()
    assert folders.find("../brand.css") is None and folders.find("") is None


def test_a_missing_stylesheet_is_a_report_error(tmp_path: Path) -> None:
    builtin = tmp_path / "report_templates"
    builtin.mkdir()
    from socialmaturity.report.render import read_stylesheet

    with pytest.raises(ReportError, match=r"report_templates/brand\.css: no such stylesheet"):
        read_stylesheet(TemplateFolders(builtin=builtin), "brand.css")
