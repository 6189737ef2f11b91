"""From the report's content to HTML (Jinja2) and to PDF (WeasyPrint), fetching nothing unsafe.

The answers file is untrusted: an organisation name or a note may hold HTML. Two
walls keep it out: Jinja2 escapes everything it prints, and WeasyPrint may fetch
only `data:` URLs, files inside the template folders and the logo it was given.
Anything else is refused and reported, and the report is still made.

WeasyPrint is imported inside `render_pdf` only: it takes about a second to load,
and nothing else in the tool needs it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from .. import __version__
from ..model import AnswerSheet
from ..resources import bundled
from ..scoring import MaturityModel, Scorecard
from . import ReportError, charts
from .context import build_context

if TYPE_CHECKING:
    from ..assessments import Earlier

TEMPLATE = "report.html.j2"
STYLESHEETS = ("report.css", "brand.css")
"""Looked up in --template-dir first; brand.css holds colours and fonts, so a
consultancy can restyle the report by overriding that file alone."""

# What may be fetched from a template folder: stylesheets, images and fonts, not
# the templates themselves nor anything else that happens to lie there.
FETCHABLE = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}

LOGO_LIMIT = 10 * 1024 * 1024


def builtin_templates() -> Path:
    return bundled("report_templates")


# -- inputs: logo, stylesheets, palette ---------------------------------------------------


def logo_type(path: Path) -> str:
    """The logo's media type by its first bytes: PNG, JPEG or SVG; ReportError otherwise."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(2048)
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
    except IsADirectoryError:
        raise ReportError(f"--logo {path}: is a folder, not an image") from None
    except FileNotFoundError:
        raise ReportError(f"--logo {path}: no such file") from None
    except OSError as error:
        raise ReportError(f"--logo {path}: cannot be read: {error.strerror or error}") from None
    if size > LOGO_LIMIT:
        raise ReportError(f"--logo {path}: larger than {LOGO_LIMIT // (1024 * 1024)} MiB")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<svg", b"<?xml", b"<!--", b"<!doctype svg")) and b"<svg" in head.lower():
        return "image/svg+xml"
    raise ReportError(f"--logo {path}: not a PNG, JPEG or SVG image")


LOGO_PIXELS = 50_000_000  # far beyond any logo; a decompression bomb is refused before it is decoded
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"


def checked_logo(path: Path) -> str:
    """The logo's media type, once the whole image is known to decode; ReportError otherwise.

    Right first bytes are not enough: WeasyPrint leaves out a logo it cannot decode
    and still makes the report, so a broken logo would go unnoticed.
    """
    media_type = logo_type(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReportError(f"--logo {path}: cannot be read: {error.strerror or error}") from None
    problem = _svg_problem(data) if media_type == "image/svg+xml" else _raster_problem(data)
    if problem is not None:
        kind = {"image/png": "PNG", "image/jpeg": "JPEG"}.get(media_type, "SVG")
        raise ReportError(f"--logo {path}: not a valid {kind} image ({problem})")
    return media_type


def _raster_problem(data: bytes) -> str | None:
    """Why Pillow (which WeasyPrint uses) cannot decode a PNG or JPEG; None when it can."""
    import io
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > LOGO_PIXELS:
                    return f"{width} × {height} pixels is too large for a logo"
                image.verify()  # the structure and checksums
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # and the pixels themselves
    except UnidentifiedImageError:
        return "its data is damaged or not an image"
    except Exception as error:  # Pillow raises many kinds (OSError, SyntaxError, ValueError, ...)
        return str(error) or type(error).__name__
    return None


def _svg_problem(data: bytes) -> str | None:
    """Why the bytes are not an SVG document (parsed without entities or external files)."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data)
    except DefusedXmlException:
        return "entity declarations and external references are not allowed"
    except ParseError as error:
        return f"not well-formed XML: {error}"
    except (ValueError, UnicodeError) as error:
        return str(error) or type(error).__name__
    if root.tag not in (f"{SVG_NAMESPACE}svg", "svg"):
        return f"the root element is <{root.tag}>, not <svg>"
    return None


def find_template_file(name: str, template_dir: Path | None) -> Path:
    """A template folder file: the one in `template_dir` when it has it, else the built-in."""
    if template_dir is not None and (template_dir / name).is_file():
        return template_dir / name
    return builtin_templates() / name


_CUSTOM_COLOUR = re.compile(
    r"--(ink|accent|accent-soft|muted|line|paper)\s*:\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\s*[;}]"
)


def palette_from(stylesheets: Sequence[str]) -> charts.Palette:
    """The charts' colours from the stylesheets' custom properties (--accent: #1c4e80; ...).

    SVG inlined in WeasyPrint does not see the page's CSS variables, so the
    brand colours are read here and handed to the charts. Only hex colours count.
    """
    found: dict[str, str] = {}
    for css in stylesheets:
        for name, colour in _CUSTOM_COLOUR.findall(css):
            found[name.replace("-", "_")] = colour
    return charts.Palette(**found)


# -- the fetcher ---------------------------------------------------------------------------


@dataclass
class FetchLog:
    """What WeasyPrint asked for, and what it was refused."""

    requested: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def allowed_file(url: str, roots: Sequence[Path], files: Sequence[Path]) -> Path | None:
    """The local file a `file:` URL names, if it lies in one of `roots` or is one of `files`."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    try:
        # resolve() follows symbolic links, so a link inside a template folder
        # that points elsewhere is judged by where it points
        path = Path(url2pathname(unquote(parts.path))).resolve()
    except (OSError, ValueError, RuntimeError):
        return None
    if not path.is_file():
        return None
    if path in {f.resolve() for f in files}:
        return path
    if path.suffix.lower() not in FETCHABLE:
        return None
    for root in roots:
        if path.is_relative_to(root.resolve()):
            return path
    return None


@functools.cache
def _fetcher_class() -> type:
    # WeasyPrint 70 calls `fetch(url, headers)` on a URLFetcher and reads its
    # `_fail_on_errors`, so a plain function no longer works: subclass it.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class GuardedFetcher(URLFetcher):  # type: ignore[misc]
        """Deny by default: data: URLs, template folder files and the logo; no network, no redirects."""

        def __init__(self, roots: Sequence[Path], files: Sequence[Path], log: FetchLog) -> None:
            super().__init__(
                timeout=1, allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=False
            )
            self.roots = list(roots)
            self.files = list(files)
            self.log = log

        def fetch(self, url: str, headers: Any = None) -> Any:
            self.log.requested.append(url)
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                # decoded by urllib's DataHandler; allowed_protocols bars every other scheme
                return super().fetch(url, headers)
            path = allowed_file(url, self.roots, self.files)
            if path is None:
                self.log.refused.append(url)
                raise PermissionError(f"refused to fetch {url}")
            media_type = FETCHABLE.get(path.suffix.lower(), "application/octet-stream")
            if path in {f.resolve() for f in self.files}:
                media_type = logo_type(path)
            return URLFetcherResponse(
                path.as_uri(), body=path.read_bytes(), headers={"Content-Type": media_type}
            )

    return GuardedFetcher


# -- HTML ----------------------------------------------------------------------------------


@functools.cache
def _loader_class() -> type:
    import jinja2

    class TextLoader(jinja2.FileSystemLoader):
        """A file system loader whose non-UTF-8 template is a syntax error at its line."""

        def get_source(self, environment: Any, template: str) -> Any:
            try:
                return super().get_source(environment, template)
            except UnicodeDecodeError:
                filename = _template_file(self.searchpath, template)
                raise jinja2.TemplateSyntaxError(
                    "not UTF-8 text; save the template as UTF-8", _undecodable_line(filename), template, filename
                ) from None

    return TextLoader


def _undecodable_line(filename: str | None) -> int:
    """The line of a file's first byte that is not UTF-8 (1 when it cannot be told)."""
    if filename is None:
        return 1
    try:
        raw = Path(filename).read_bytes()
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return raw.count(b"\n", 0, error.start) + 1
    except OSError:
        pass
    return 1


def _template_file(searchpath: Sequence[str], template: str) -> str | None:
    for folder in searchpath:
        candidate = os.path.join(folder, *template.split("/"))
        if os.path.isfile(candidate):
            return os.path.normpath(candidate)
    return None


def template_environment(template_dir: Path | None) -> Any:
    """Jinja2 with autoescaping on for every template, --template-dir first, then the built-ins."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        loaders.append(_loader_class()(str(template_dir)))
    loaders.append(_loader_class()(str(builtin_templates())))
    # Sandboxed, because a template folder may come from anyone who brands the report.
    return SandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def created_at() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), otherwise now; always UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            pass
    return dt.datetime.now(tz=dt.timezone.utc).replace(microsecond=0)


def build_html(
    model: MaturityModel,
    sheet: AnswerSheet,
    card: Scorecard,
    *,
    language: str,
    template_dir: Path | None = None,
    logo: Path | None = None,
    compare: Earlier | None = None,
    consultant: str | None = None,
    title_note: str | None = None,
    created: dt.datetime | None = None,
) -> str:
    """The report as one HTML document, linking its stylesheets by file URL."""
    import jinja2

    if template_dir is not None and not template_dir.is_dir():
        raise ReportError(f"--template-dir {template_dir}: no such folder")
    stylesheet_paths = [find_template_file(name, template_dir).resolve() for name in STYLESHEETS]
    stylesheet_texts = []
    for path in stylesheet_paths:
        try:
            stylesheet_texts.append(path.read_text(encoding="utf-8", errors="replace"))
        except OSError as error:
            raise ReportError(f"{path}: cannot be read: {error.strerror or error}") from None
    if logo is not None:
        checked_logo(logo)
    report = build_context(
        model,
        sheet,
        card,
        language=language,
        compare=compare,
        consultant=consultant,
        title_note=title_note,
        logo_url=logo.resolve().as_uri() if logo is not None else None,
        palette=palette_from(stylesheet_texts),
    )
    created = created or created_at()
    metadata = {
        "generator": f"socialmaturity {__version__}",
        "dcterms.created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "dcterms.modified": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "author": consultant or sheet.assessor or "",
        "keywords": f"{model.questionnaire.id} {model.questionnaire.version}, {model.hash}",
    }
    environment = template_environment(template_dir)
    try:
        template = environment.get_template(TEMPLATE)
        return str(
            template.render(
                r=report,
                t=report.t,
                stylesheets=[path.as_uri() for path in stylesheet_paths],
                metadata=metadata,
            )
        )
    except jinja2.TemplateNotFound as error:
        found, line = template_location(error)  # an include or extends in a template
        message = f"template not found: {error.name}"
        raise ReportError(template_problem(found, line, message) if found else message) from None
    except jinja2.TemplateSyntaxError as error:
        source = error.filename or error.name or TEMPLATE
        raise ReportError(template_problem(source, error.lineno, error.message or str(error))) from None
    except Exception as error:
        # anything a template expression raises ({{ 1/0 }}, a bad format, a missing
        # report string, a sandbox refusal): the template's author can fix it
        found, line = template_location(error)
        raise ReportError(template_problem(found or TEMPLATE, line, _described(error))) from None


def template_problem(where: str, line: int | None, message: str) -> str:
    """`template error in brand/report.html.j2:3: ...`: the file and line as editors link them."""
    location = f"{where}:{line}" if line else where
    return f"template error in {location}: {message}"


def template_location(error: BaseException) -> tuple[str | None, int | None]:
    """The template file and line an exception was raised at, from its traceback.

    Jinja2 rewrites the traceback of an exception raised while rendering so that the
    template's frames carry the template's file name and line; the innermost counts.
    """
    found: tuple[str | None, int | None] = (None, None)
    tb = error.__traceback__
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _described(error: Exception) -> str:
    import jinja2

    if isinstance(error, KeyError):
        # t("...") with a key the catalogue does not have, in a custom template
        return f"no report string {error}"
    if isinstance(error, jinja2.TemplateError):
        return str(error)
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


# -- PDF -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    log: FetchLog


def render_pdf(
    html: str, *, template_dir: Path | None = None, logo: Path | None = None
) -> Rendered:
    """The PDF of `html`; fetches go through the guarded fetcher and are logged."""
    import weasyprint

    roots = [builtin_templates()] + ([template_dir] if template_dir is not None else [])
    log = FetchLog()
    fetcher = _fetcher_class()(roots, [logo] if logo is not None else [], log)
    document = weasyprint.HTML(
        string=html,
        base_url=builtin_templates().resolve().as_uri() + "/",
        url_fetcher=fetcher,
    )
    # A fixed identifier derived from the content, and dates from the HTML's
    # metadata (SOURCE_DATE_EPOCH), make the same input give the same bytes.
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    pdf = document.write_pdf(pdf_identifier=identifier)
    assert isinstance(pdf, bytes)
    return Rendered(pdf, log)


def render_report(
    model: MaturityModel,
    sheet: AnswerSheet,
    card: Scorecard,
    *,
    language: str,
    output: Path,
    html_output: Path | None = None,
    template_dir: Path | None = None,
    logo: Path | None = None,
    compare: Earlier | None = None,
    consultant: str | None = None,
    title_note: str | None = None,
) -> list[str]:
    """Write the PDF report (and the HTML when asked) atomically; return the refused URLs."""
    from ..files import write_bytes, write_text

    for target in (output, html_output):
        if target is None:
            continue
        folder = target.parent if str(target.parent) else Path(".")
        if not folder.is_dir():
            raise ReportError(f"{target}: the folder {folder} does not exist")
        if target.is_dir():
            raise ReportError(f"{target}: is a folder, not a file")
    html = build_html(
        model,
        sheet,
        card,
        language=language,
        template_dir=template_dir,
        logo=logo,
        compare=compare,
        consultant=consultant,
        title_note=title_note,
    )
    if html_output is not None:
        with _writing(html_output):
            write_text(html_output, html)
    rendered = render_pdf(html, template_dir=template_dir, logo=logo)
    with _writing(output):
        write_bytes(output, rendered.pdf)
    return list(dict.fromkeys(rendered.log.refused))


@contextlib.contextmanager
def _writing(target: Path) -> Iterator[None]:
    """A failed write named by the output, never by the temporary file it went through."""
    try:
        yield
    except OSError as error:
        raise ReportError(f"cannot write {target}: {write_problem(error)}") from None


def write_problem(error: OSError) -> str:
    """Why a write failed, in words: the reason alone, without a file name."""
    reason = getattr(error, "reason", None)  # the atomic writer's own error carries one
    if isinstance(reason, str) and reason:
        return reason
    if error.strerror:
        return error.strerror
    return str(error) or type(error).__name__
