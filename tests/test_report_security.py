"""Untrusted text in, nothing fetched or embedded out.

Organisation names, notes and participant names come from the answers file and
may hold HTML; a template folder may hold a hostile stylesheet. The report must
show such text as text, fetch nothing outside the template folders and the logo,
and say what it refused. Every check reads the real PDF back.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest

from conftest import MINI
from socialmaturity.loader import load_answers
from socialmaturity.model import AnswerSheet
from socialmaturity.report import ReportError, build_html
from socialmaturity.report.render import (
    LOGO_URL,
    TEMPLATES_URL,
    FetchLog,
    OutsideFolder,
    TemplateFolders,
    _fetcher_class,
    find_resource,
    render_pdf,
)
from socialmaturity.scoring import MaturityModel, score

pytestmark = pytest.mark.slow

BETA = MINI / "answers" / "beta.yaml"
PASSWD = "/etc/passwd"

IMG_NOTE = '<img src="file:///etc/passwd">'
LINK_NOTE = '<link rel="attachment" href="file:///etc/passwd">'
HOSTILE_ORG = '<b>Evil</b> & "Co" <script>alert(1)</script>'
HOSTILE_PARTICIPANT = '<object data="file:///etc/passwd">'


@dataclass
class Rendered:
    html: str
    pdf: bytes
    reader: pypdf.PdfReader
    text: str
    log: FetchLog


def render(model: MaturityModel, sheet: AnswerSheet, **options: object) -> Rendered:
    html = build_html(model, sheet, score(model, sheet), language="en", **options)  # type: ignore[arg-type]
    result = render_pdf(html, template_dir=options.get("template_dir"), logo=options.get("logo"))  # type: ignore[arg-type]
    reader = pypdf.PdfReader(io.BytesIO(result.pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return Rendered(html, result.pdf, reader, text, result.log)


def hostile_sheet() -> tuple[AnswerSheet, MaturityModel]:
    sheet, model = load_answers(str(BETA))
    organisation = sheet.organisation.model_copy(
        update={"name": HOSTILE_ORG, "sector": "<iframe src=http://127.0.0.1:9/>"}
    )
    hostile = sheet.model_copy(
        update={
            "organisation": organisation,
            "assessor": '<a href="file:///etc/passwd">me</a>',
            "notes": {
                "a1": IMG_NOTE,
                "b1": LINK_NOTE,
                "b2": "<style>@import url(file:///etc/passwd);</style>",
            },
            "participants": [HOSTILE_PARTICIPANT, "Bram"],
            "votes": {"a1": {HOSTILE_PARTICIPANT: "none", "Bram": "all"}},
        }
    )
    return hostile, model


@pytest.fixture(scope="module")
def untrusted() -> Rendered:
    sheet, model = hostile_sheet()
    return render(model, sheet)


def embedded_files(reader: pypdf.PdfReader) -> list[str]:
    names = reader.trailer["/Root"].get("/Names") or {}
    found = list(reader.attachments)
    if "/EmbeddedFiles" in names:
        found.append("/EmbeddedFiles")
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            if annotation.get_object().get("/Subtype") == "/FileAttachment":
                found.append("/FileAttachment")
    return found


def images(reader: pypdf.PdfReader) -> list[str]:
    found = []
    for page in reader.pages:
        objects = (page.get("/Resources") or {}).get("/XObject") or {}
        found += [
            name for name in objects if objects[name].get_object().get("/Subtype") == "/Image"
        ]
    return found


def test_untrusted_text_is_shown_as_text(untrusted: Rendered) -> None:
    for value in (IMG_NOTE, LINK_NOTE, HOSTILE_ORG, HOSTILE_PARTICIPANT):
        assert value in untrusted.text


def test_untrusted_text_is_escaped_in_the_html(untrusted: Rendered) -> None:
    for value in (IMG_NOTE, LINK_NOTE, "<script>", "<object", "<iframe", '<a href="file'):
        assert value not in untrusted.html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in untrusted.html
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; &#34;Co&#34;" in untrusted.html


def test_untrusted_text_embeds_and_fetches_nothing(untrusted: Rendered) -> None:
    assert embedded_files(untrusted.reader) == []
    assert images(untrusted.reader) == []
    assert not any(PASSWD in url or "127.0.0.1" in url for url in untrusted.log.requested)
    assert untrusted.log.refused == []
    # only the two built-in stylesheets were read
    assert untrusted.log.requested == [TEMPLATES_URL + "report.css", TEMPLATES_URL + "brand.css"]
    assert b"root:x:0:0" not in untrusted.pdf


# -- a hostile template folder and logo ------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "brand.css").write_text(
        "@import url(file:///etc/passwd);\n"
        '@import url("http://127.0.0.1:9/evil.css");\n'
        f"@import url({(folder / 'notes.css').as_uri()});\n"  # even inside the folder: no file: URLs
        "@font-face { font-family: Evil; src: url(https://127.0.0.1:9/evil.woff2); }\n"
        ":root { --accent: #b00020; }\n"
        "body { background: url(http://127.0.0.1:9/track.png); }\n"
        ".cover { background-image: url(../../../../../../etc/passwd); }\n"
        ".kicker { background-image: url(notes.html.j2); }\n",
        encoding="utf-8",
    )
    (folder / "notes.html.j2").write_text("a template, not a resource", encoding="utf-8")
    (folder / "notes.css").write_text(".kicker { color: #00ff00; }", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile_logo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    logo = tmp_path_factory.mktemp("logo") / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40">'
        '<image href="file:///etc/passwd" width="10" height="10"/>'
        '<image href="http://127.0.0.1:9/pixel.png" width="10" height="10"/>'
        '<rect width="100" height="40" fill="#b00020"/></svg>',
        encoding="utf-8",
    )
    return logo


@pytest.fixture(scope="module")
def hostile(hostile_templates: Path, hostile_logo: Path) -> Rendered:
    sheet, model = hostile_sheet()
    return render(model, sheet, template_dir=hostile_templates, logo=hostile_logo)


def test_hostile_stylesheet_and_logo_are_refused_and_reported(
    hostile: Rendered, hostile_templates: Path
) -> None:
    refused = hostile.log.refused
    # the @import, and the logo's <image>
    assert refused.count("file:///etc/passwd") == 2
    for url in (
        "http://127.0.0.1:9/evil.css",
        "https://127.0.0.1:9/evil.woff2",
        "http://127.0.0.1:9/track.png",
        "http://127.0.0.1:9/pixel.png",
        (hostile_templates / "notes.css").as_uri(),
        # the ../ traversal stops at the top of the template folders
        str(hostile_templates / "etc" / "passwd"),
        str(hostile_templates / "notes.html.j2"),  # templates are not resources
    ):
        assert url in refused, url
    assert hostile.log.outside == []
    # and the render still succeeds, in the brand's colour, with nothing embedded
    assert hostile.reader.pages and "Evil" in hostile.text
    assert b"0.690196 0 0.12549 rg" in b"".join(
        p.get_contents().get_data() for p in hostile.reader.pages
    )
    assert embedded_files(hostile.reader) == []
    assert images(hostile.reader) == []
    assert b"root:x:0:0" not in hostile.pdf


def test_every_request_is_either_allowed_or_refused(
    hostile: Rendered, hostile_templates: Path, hostile_logo: Path
) -> None:
    fetcher = _fetcher_class()(TemplateFolders(hostile_templates), hostile_logo, FetchLog())
    allowed = [url for url in hostile.log.requested if fetcher.shown(url) not in hostile.log.refused]
    # by their internal URLs: the built-in report.css, the brand's brand.css and the logo
    assert sorted(set(allowed)) == sorted(
        {TEMPLATES_URL + "report.css", TEMPLATES_URL + "brand.css", LOGO_URL}
    )


def test_the_command_line_warns_once_per_refused_url(
    cli, tmp_path, hostile_templates: Path
) -> None:
    result = cli("report", BETA, "-o", tmp_path / "r.pdf", "--template-dir", hostile_templates)
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "refused to load" in line]
    assert len(warnings) == len(set(warnings)) >= 6
    assert any("file:///etc/passwd" in line for line in warnings)
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")


# -- the fetcher's rules ---------------------------------------------------------------------------


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    templates = tmp_path / "templates"
    (templates / "fonts").mkdir(parents=True)
    (templates / "brand.css").write_text(":root{}", encoding="utf-8")
    (templates / "fonts" / "a b.woff2").write_bytes(b"wOF2")
    (templates / "report.html.j2").write_text("x", encoding="utf-8")
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "secret.css").write_text("secret", encoding="utf-8")
    return templates, logo


@pytest.mark.parametrize(
    ("url", "found"),
    [
        ("{t}brand.css", b":root{}"),
        ("{t}fonts/a%20b.woff2", b"wOF2"),
        ("{t}fonts/a%20b.woff2?#iefix", b"wOF2"),
        ("{t}report.css", "built-in"),  # not in the brand's folder: the built-in one
        ("{logo}", b"\x89PNG\r\n\x1a\n"),
        ("{t}report.html.j2", None),  # not a stylesheet, image or font
        ("{t}fonts/../brand.css", None),  # WeasyPrint resolves dots before it fetches
        ("{t}%2e%2e/secret.css", None),
        ("{t}fonts%2f..%2f..%2fsecret.css", None),
        ("{t}fonts//a%20b.woff2", None),
        ("{t}missing.css", None),
        ("{t}", None),
        ("{t}fonts", None),
        ("{logo}/x", None),
        ("https://logo.socialmaturity.invalid/other.png", None),
        ("http://templates.socialmaturity.invalid/brand.css", None),
        ("https://templates.socialmaturity.invalid.example/brand.css", None),
        ("{file}/brand.css", None),  # a file: URL, even into the folder
        ("file:///etc/passwd", None),
        ("file://localhost/etc/passwd", None),
        ("http://127.0.0.1/brand.css", None),
    ],
)
def test_what_an_internal_url_stands_for(
    folders: tuple[Path, Path], url: str, found: bytes | str | None
) -> None:
    templates, logo = folders
    url = url.format(t=TEMPLATES_URL, logo=LOGO_URL, file=templates.as_uri())
    resource = find_resource(url, TemplateFolders(templates), logo)
    if found is None:
        assert resource is None
    elif found == "built-in":
        assert resource is not None and resource.media_type == "text/css"
        assert resource.body == (TemplateFolders().builtin / "report.css").read_bytes()
    else:
        assert resource is not None and resource.body == found


def test_the_logo_url_means_nothing_without_a_logo(folders: tuple[Path, Path]) -> None:
    templates, _ = folders
    assert find_resource(LOGO_URL, TemplateFolders(templates), None) is None


@pytest.mark.parametrize("link", ["brand.css", "fonts/a b.woff2", "fonts"])
def test_a_link_out_of_the_folder_is_an_error_not_a_miss(
    folders: tuple[Path, Path], tmp_path: Path, link: str
) -> None:
    templates, logo = folders
    target = tmp_path / "secret.css"
    if link == "fonts":
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "elsewhere" / "a b.woff2").write_bytes(b"secret")
        target = tmp_path / "elsewhere"
    linked = templates / link
    if linked.is_dir():
        for child in linked.iterdir():
            child.unlink()
        linked.rmdir()
    else:
        linked.unlink()
    os.symlink(target, linked)
    name = "brand.css" if link == "brand.css" else "fonts/a b.woff2"
    with pytest.raises(OutsideFolder) as raised:
        find_resource(TEMPLATES_URL + name.replace(" ", "%20"), TemplateFolders(templates), logo)
    assert str(raised.value).startswith(
        f"{templates / name}: leads out of the template folder {templates} through a symbolic link"
    )


def test_a_link_inside_the_folder_is_followed(folders: tuple[Path, Path]) -> None:
    templates, logo = folders
    os.symlink(templates / "brand.css", templates / "fonts" / "same.css")
    resource = find_resource(TEMPLATES_URL + "fonts/same.css", TemplateFolders(templates), logo)
    assert resource is not None and resource.body == b":root{}"


def test_fetcher_allows_data_urls_and_refuses_the_rest(folders: tuple[Path, Path]) -> None:
    templates, logo = folders
    log = FetchLog()
    fetcher = _fetcher_class()(TemplateFolders(templates), logo, log)
    response = fetcher.fetch("data:text/plain;base64,aGk=")
    assert response.read() == b"hi"
    css = fetcher.fetch(TEMPLATES_URL + "brand.css")
    assert css.content_type == "text/css" and css.read() == b":root{}"
    assert css.url == TEMPLATES_URL + "brand.css"  # not a file: URL WeasyPrint would read again
    assert fetcher.fetch(LOGO_URL).content_type == "image/png"
    for url in (
        "file:///etc/passwd",
        "http://127.0.0.1:9/x",
        "ftp://127.0.0.1/x",
        "javascript:alert(1)",
        TEMPLATES_URL + "report.html.j2",
    ):
        with pytest.raises(PermissionError):
            fetcher.fetch(url)
    assert log.refused == [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x",
        "ftp://127.0.0.1/x",
        "javascript:alert(1)",
        str(templates / "report.html.j2"),  # a template folder file by its path
    ]


# -- templates from a template folder are sandboxed ---------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "{{ r.__class__.__mro__ }}",
        "{{ t.__globals__ }}",
        "{{ t('no-such-string') }}",
        "{{ nothing_here }}",
    ],
)
def test_template_errors_and_escapes_are_report_errors(tmp_path: Path, template: str) -> None:
    (tmp_path / "report.html.j2").write_text(template, encoding="utf-8")
    sheet, model = load_answers(str(BETA))
    with pytest.raises(ReportError, match="template error"):
        build_html(model, sheet, score(model, sheet), language="en", template_dir=tmp_path)
