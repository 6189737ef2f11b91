"""`report` against hostile and clumsy input: templates that fail while rendering, broken
logos, outputs that cannot be written. Each is a clear message and exit 1, never a
traceback, and no output is left behind. Fast: no case renders a PDF (WeasyPrint is
replaced where the write itself is what is tested).
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from conftest import MINI
from socialmaturity.loader import load_answers
from socialmaturity.report import ReportError, build_html, render_report
from socialmaturity.report import render as render_module
from socialmaturity.report.render import LOGO_URL, FetchLog, Rendered, checked_logo
from socialmaturity.scoring import score

BETA = MINI / "answers" / "beta.yaml"


def html_with(template_dir: Path | None = None, logo: Path | None = None) -> str:
    sheet, model = load_answers(str(BETA))
    return build_html(model, sheet, score(model, sheet), language="en", template_dir=template_dir, logo=logo)


def templates(tmp_path: Path, **files: bytes) -> Path:
    folder = tmp_path / "brand"
    for name, content in files.items():
        path = folder / name.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return folder


# -- templates that fail while they are loaded or rendered ----------------------------------------


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"{{ 1/0 }}", 1, "ZeroDivisionError: division by zero"),
        (b'{{ "%d" % "x" }}', 1, "TypeError: %d format: a real number is required, not str"),
        (b"<p>\n<p>\n{{ [][1] }}", 3, "list object has no element 1"),  # jinja2's own error
        (b"ok\n{{ r.organisation.nosuch.deeper }}", 2, "has no attribute 'nosuch'"),
        (b"{{ (1).__class__ }}", 1, "unsafe"),
        (b"{{ t('no-such-string') }}", 1, "no report string 'no-such-string'"),
        (b"a\nb\n\xff\xfe cp1252 \xe9", 3, "not UTF-8 text; save the template as UTF-8"),
        (b"{% if %}", 1, "Expected an expression"),
        (b"{{ [1, 'a'] | sort }}", 1, "TypeError: '<' not supported"),  # raised inside a filter
    ],
    ids=["zero-division", "type-error", "index", "attribute", "sandbox", "report-string", "not-utf8",
         "syntax", "filter"],
)
def test_a_failing_template_is_a_report_error_with_its_file_and_line(
    tmp_path: Path, content: bytes, line: int, message: str
) -> None:
    folder = templates(tmp_path, **{"report.html.j2": content})
    with pytest.raises(ReportError) as raised:
        html_with(folder)
    text = str(raised.value)
    assert text.startswith(f"template error in {folder / 'report.html.j2'}:{line}: "), text
    assert message in text


def test_an_error_in_an_included_template_names_that_template(tmp_path: Path) -> None:
    folder = templates(
        tmp_path,
        **{"report.html.j2": b'one\n{% include "parts/p.html.j2" %}', "parts__p.html.j2": b"a\nb\n{{ 1/0 }}"},
    )
    with pytest.raises(ReportError, match=r"template error in .*p\.html\.j2:3: ZeroDivisionError"):
        html_with(folder)


def test_an_included_template_that_is_not_utf8(tmp_path: Path) -> None:
    folder = templates(
        tmp_path,
        **{"report.html.j2": b'{% include "p.html.j2" %}', "p.html.j2": b"fine\nfine\nfine\ncaf\xe9"},
    )
    with pytest.raises(ReportError, match=r"template error in .*p\.html\.j2:4: not UTF-8 text"):
        html_with(folder)


def test_an_include_that_is_missing(tmp_path: Path) -> None:
    folder = templates(tmp_path, **{"report.html.j2": b'a\n{% include "gone.html.j2" %}'})
    with pytest.raises(ReportError, match=r"report\.html\.j2:2: template not found: gone\.html\.j2"):
        html_with(folder)


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe <h1>cp1252 \xe9</h1>", b"{{ 1/0 }}", b'{{ "%d" % "x" }}', b"{{ nothing }}"],
    ids=["not-utf8", "zero-division", "type-error", "undefined"],
)
def test_the_command_says_template_error_and_exits_1(cli, tmp_path: Path, content: bytes) -> None:
    folder = templates(tmp_path, **{"report.html.j2": content})
    output = tmp_path / "r.pdf"
    result = cli("report", BETA, "-o", output, "--template-dir", folder)
    assert result.exit_code == 1
    assert f"socialmaturity: template error in {folder / 'report.html.j2'}:1: " in result.stderr
    assert "Traceback" not in result.stderr
    assert not output.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brand"]


# -- logos that have the right first bytes but do not decode -------------------------------------


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def image_bytes(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), (176, 0, 32)).save(buffer, kind)
    return buffer.getvalue()


GOOD_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20"><rect width="60" height="20"/></svg>'

BROKEN_LOGOS = {
    "magic-only.png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not a valid PNG image"),
    "truncated.png": (image_bytes("PNG")[:-30], "not a valid PNG image"),
    "bad-crc.png": (
        image_bytes("PNG")[:40] + bytes([image_bytes("PNG")[40] ^ 0xFF]) + image_bytes("PNG")[41:],
        "not a valid PNG image",
    ),
    "huge.png": (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0))
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 100))
        + png_chunk(b"IEND", b""),
        "not a valid PNG image",
    ),
    "magic-only.jpg": (b"\xff\xd8\xff" + b"\x00" * 64, "not a valid JPEG image"),
    "truncated.jpg": (image_bytes("JPEG")[:200], "not a valid JPEG image"),
    "unclosed.svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><rect', "not well-formed XML"),
    "html.svg": (b'<?xml version="1.0"?><html><svg/></html>', "the root element is <html>, not <svg>"),
    "entities.svg": (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg">&b;</svg>',
        "entity declarations and external references are not allowed",
    ),
    "external.svg": (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
        "entity declarations and external references are not allowed",
    ),
}


@pytest.mark.parametrize("name", list(BROKEN_LOGOS))
def test_a_logo_that_does_not_decode_is_refused(tmp_path: Path, name: str) -> None:
    content, message = BROKEN_LOGOS[name]
    logo = tmp_path / name
    logo.write_bytes(content)
    with pytest.raises(ReportError) as raised:
        checked_logo(logo)
    assert str(raised.value).startswith(f"--logo {logo}: ")
    assert message in str(raised.value)
    with pytest.raises(ReportError, match="--logo"):
        html_with(logo=logo)  # before anything is rendered


@pytest.mark.parametrize(
    ("name", "content", "media_type"),
    [
        ("logo.png", image_bytes("PNG"), "image/png"),
        ("logo.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("logo.svg", GOOD_SVG, "image/svg+xml"),
        ("plain.svg", b'<svg width="60" height="20"><rect width="60" height="20"/></svg>', "image/svg+xml"),
        (
            "doctype.svg",
            b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
            b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + GOOD_SVG,
            "image/svg+xml",
        ),
    ],
)
def test_a_logo_that_decodes_is_accepted(tmp_path: Path, name: str, content: bytes, media_type: str) -> None:
    logo = tmp_path / name
    logo.write_bytes(content)
    assert checked_logo(logo) == media_type
    html = html_with(logo=logo)
    assert f'src="{LOGO_URL}"' in html and str(logo) not in html  # no path of this machine


def test_the_command_refuses_a_corrupt_logo(cli, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 20)
    output = tmp_path / "r.pdf"
    result = cli("report", BETA, "-o", output, "--logo", logo)
    assert result.exit_code == 1
    assert f"socialmaturity: --logo {logo}: not a valid PNG image" in result.stderr
    assert "Traceback" not in result.stderr
    assert not output.exists()


# -- outputs that cannot be written ----------------------------------------------------------------


@pytest.fixture
def no_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        render_module, "render_pdf", lambda html, **options: Rendered(b"%PDF-1.7 test", FetchLog())
    )


@pytest.mark.usefixtures("no_weasyprint")
@pytest.mark.parametrize("which", ["output", "html"])
def test_a_failed_write_names_the_output_not_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    import socialmaturity.files as files

    target = tmp_path / ("r.pdf" if which == "output" else "r.html")

    def failing_sync(fd: int) -> None:
        # as a full disk fails: the error names the temporary file beside the output
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(tmp_path / f".{target.name}.")):
            raise PermissionError(13, "Permission denied", f"{tmp_path}/.{target.name}.p7acdic1.tmp")

    monkeypatch.setattr(files.os, "fsync", failing_sync)
    sheet, model = load_answers(str(BETA))
    with pytest.raises(ReportError) as raised:
        render_report(
            model, sheet, score(model, sheet), language="en", output=tmp_path / "r.pdf", html_output=tmp_path / "r.html"
        )
    assert str(raised.value) == f"cannot write {target}: permission denied; nothing was written"
    assert ".tmp" not in str(raised.value)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.usefixtures("no_weasyprint")
def test_an_output_that_is_a_pipe_is_refused_in_one_sentence(tmp_path: Path) -> None:
    output = tmp_path / "r.pdf"
    os.mkfifo(output)
    sheet, model = load_answers(str(BETA))
    with pytest.raises(ReportError) as raised:
        render_report(model, sheet, score(model, sheet), language="en", output=output)
    assert str(raised.value) == (
        f"{output} is not a regular file (a pipe, socket or device); nothing was written. "
        "Move it away, or choose another name"
    )


@pytest.mark.usefixtures("no_weasyprint")
@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc")
def test_the_command_names_the_output_it_cannot_write(cli) -> None:
    result = cli("report", BETA, "-o", "/proc/x.pdf")
    assert result.exit_code == 1
    assert "socialmaturity: cannot write /proc/x.pdf: " in result.stderr
    assert ".tmp" not in result.stderr and "Traceback" not in result.stderr
