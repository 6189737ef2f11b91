"""From the report's content to HTML (Jinja2) and to PDF (WeasyPrint), fetching nothing unsafe.

The answers file is untrusted: an organisation name or a note may hold HTML. Two
walls keep it out: Jinja2 escapes everything it prints, and WeasyPrint may fetch
only `data:` URLs, files inside the template folders and the logo it was given.
Anything else is refused and reported, and the report is still made.

A template folder (--template-dir, then the built-in one) may hold a symbolic link
that points out of it, to /etc/passwd say. Templates, stylesheets, images and fonts
are judged by their real path: a file that lies outside the folder it was found in
is refused, and the report is not made (ReportError naming the file).

Nothing of this machine goes into the HTML or the PDF: the template folders and the
logo are named by fixed internal URLs (TEMPLATES_URL, LOGO_URL) that the fetcher
maps to the files, and the creation time is the caller's, so the same input gives
the same bytes wherever the tool is installed. The renderer reads neither the
clock nor the environment.

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
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from .. import __version__
from ..files import MESSAGES as OUTPUT_MESSAGES
from ..files import OutputError, os_reason
from ..i18n import N_, Said, colon, nN_, said
from ..model import AnswerSheet
from ..resources import bundled
from ..scoring import MaturityModel, Scorecard
from . import ReportError, charts
from .context import build_context

if TYPE_CHECKING:
    from ..assessments import Earlier
    from ..trend import Trend
    from .progress import Extras

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

# How the HTML names the template folders and the logo. `.invalid` never resolves
# (RFC 2606) and the fetcher answers these URLs itself, so nothing goes to the
# network; https, because WeasyPrint resolves relative URLs (url(logo.png) in
# brand.css) with urljoin, which does so only for the schemes it knows.
TEMPLATES_HOST = "templates.socialmaturity.invalid"
TEMPLATES_URL = f"https://{TEMPLATES_HOST}/"
LOGO_HOST = "logo.socialmaturity.invalid"
LOGO_URL = f"https://{LOGO_HOST}/logo"


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
        raise ReportError(said(N_("--logo {path}: is a folder, not an image"), path=path)) from None
    except FileNotFoundError:
        raise ReportError(said(N_("--logo {path}: no such file"), path=path)) from None
    except OSError as error:
        raise ReportError(_unreadable_logo(path, error)) from None
    if size > LOGO_LIMIT:
        raise ReportError(said(N_("--logo {path}: larger than {size} MiB"), path=path, size=LOGO_LIMIT // (1024 * 1024)))
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<svg", b"<?xml", b"<!--", b"<!doctype svg")) and b"<svg" in head.lower():
        return "image/svg+xml"
    raise ReportError(said(N_("--logo {path}: not a PNG, JPEG or SVG image"), path=path))


def _unreadable_logo(path: Path, error: OSError) -> Said:
    return said(N_("--logo {path}: cannot be read: {reason}"), path=path, reason=os_reason(error))


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
        raise ReportError(_unreadable_logo(path, error)) from None
    problem = _svg_problem(data) if media_type == "image/svg+xml" else _raster_problem(data)
    if problem is not None:
        kind = {"image/png": "PNG", "image/jpeg": "JPEG"}.get(media_type, "SVG")
        raise ReportError(said(N_("--logo {path}: not a valid {kind} image ({problem})"), path=path, kind=kind, problem=problem))
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
                    return said(N_("{width} × {height} pixels is too large for a logo"), width=width, height=height)
                image.verify()  # the structure and checksums
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # and the pixels themselves
    except UnidentifiedImageError:
        return said(N_("its data is damaged or not an image"))
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
        return said(N_("entity declarations and external references are not allowed"))
    except ParseError as error:
        return said(N_("not well-formed XML: {problem}"), problem=str(error))
    except (ValueError, UnicodeError) as error:
        return str(error) or type(error).__name__
    if root.tag not in (f"{SVG_NAMESPACE}svg", "svg"):
        return said(N_("the root element is <{tag}>, not <svg>"), tag=root.tag)
    return None


def output_problem(error: OutputError, option: str | None = None) -> Said:
    """`error.describe(...)` as a message, shown in the reader's language where it is shown."""
    return said(
        OUTPUT_MESSAGES[error.problem],
        path=error.path,
        folder=error.folder,
        detail=error.detail,
        option=option or said(OUTPUT_MESSAGES["option"]),
    )


class OutsideFolder(ReportError):
    """A template folder file whose real path lies outside the folder: a symbolic link out."""

    def __init__(self, path: Path, folder: Path) -> None:
        super().__init__(
            said(
                N_("{path}: leads out of the template folder {folder} through a symbolic link; templates, stylesheets, images and fonts must lie inside it"),
                path=path,
                folder=folder,
            )
        )
        self.path = path


@dataclass(frozen=True)
class Found:
    path: Path  # as the person names it: the folder they gave, then the name
    real: Path  # where the file is, inside that folder


@dataclass(frozen=True)
class TemplateFolders:
    """The brand's folder (--template-dir), when given, in front of the built-in one.

    One lookup for templates, stylesheets, images and fonts alike: a name is taken
    from the first folder that has it, so a brand overrides a file by giving one of
    the same name, and its own files beside its templates are found.
    """

    custom: Path | None = None
    builtin: Path = field(default_factory=builtin_templates)

    @property
    def folders(self) -> tuple[Path, ...]:
        return (self.custom, self.builtin) if self.custom is not None else (self.builtin,)

    def find(self, name: str) -> Found | None:
        """The file `name` ('sections/cover.html.j2') from the first folder that has it.

        None when no folder has it, or when the name is not a plain relative path.
        OutsideFolder when the folder's file, or a folder on its way (`sections`),
        is a link out: refused rather than passed over for the built-in one, so
        that the person learns their folder is not what they think.
        """
        parts = name.split("/")
        if any(part in ("", ".", "..") or "\\" in part or "\0" in part for part in parts):
            return None
        for folder in self.folders:
            path = folder.joinpath(*parts)
            # realpath follows every link that exists on the way, and keeps the
            # rest as it is: a missing file under a linked folder is judged too
            real = Path(os.path.realpath(path))
            if not real.is_relative_to(os.path.realpath(folder)):
                raise OutsideFolder(path, folder)
            if real.exists():
                return Found(path, real)
        return None

    def shown(self, name: str) -> Path:
        """Where a person would look for `name`: in their own folder when they gave one."""
        return self.folders[0].joinpath(*name.split("/"))


def read_stylesheet(folders: TemplateFolders, name: str) -> str:
    found = folders.find(name)
    if found is None or not found.real.is_file():
        raise ReportError(said(N_("{path}: no such stylesheet in the template folders"), path=folders.shown(name)))
    try:
        return found.real.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise ReportError(said(N_("{path}: cannot be read: {reason}"), path=found.path, reason=os_reason(error))) from None


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
    """What WeasyPrint asked for, what it was refused, and the links out it met."""

    requested: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # as the person would name them
    outside: list[str] = field(default_factory=list)  # why, for each link out


@dataclass(frozen=True)
class Resource:
    body: bytes
    media_type: str


def template_name(url: str) -> str | None:
    """The template folder file an internal URL names ('img/logo.png'), or None."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "https" or parts.netloc.lower() != TEMPLATES_HOST:
        return None
    return unquote(parts.path).removeprefix("/")  # the query and fragment (#iefix) do not count


def find_resource(url: str, folders: TemplateFolders, logo: Path | None) -> Resource | None:
    """What an internal URL stands for: a stylesheet, image or font of the template
    folders, or the logo; None for anything else. OutsideFolder for a link out."""
    name = template_name(url)
    if name is not None:
        found = folders.find(name)
        # stylesheets, images and fonts only, not the templates themselves nor
        # anything else that happens to lie in the folder
        media_type = FETCHABLE.get(Path(name).suffix.lower())
        if found is None or media_type is None or not found.real.is_file():
            return None
        try:
            return Resource(found.real.read_bytes(), media_type)
        except OSError:
            return None
    if logo is not None and url == LOGO_URL:
        try:
            return Resource(logo.read_bytes(), logo_type(logo))
        except (OSError, ReportError):
            return None
    return None


@functools.cache
def _fetcher_class() -> type:
    # WeasyPrint 70 calls `fetch(url, headers)` on a URLFetcher and reads its
    # `_fail_on_errors`, so a plain function no longer works: subclass it.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class GuardedFetcher(URLFetcher):  # type: ignore[misc]
        """Deny by default: data: URLs, template folder files and the logo; no network, no redirects."""

        def __init__(self, folders: TemplateFolders, logo: Path | None, log: FetchLog) -> None:
            super().__init__(
                timeout=1, allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=False
            )
            self.folders = folders
            self.logo = logo
            self.log = log

        def fetch(self, url: str, headers: Any = None) -> Any:
            self.log.requested.append(url)
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                # decoded by urllib's DataHandler; allowed_protocols bars every other scheme
                return super().fetch(url, headers)
            try:
                resource = find_resource(url, self.folders, self.logo)
            except OutsideFolder as error:
                # WeasyPrint would only leave the file out; render_pdf makes it an error
                self.log.outside.append(error.args[0])  # the message, still in any language
                raise PermissionError(f"refused to fetch {url}") from None
            if resource is None:
                self.log.refused.append(self.shown(url))
                raise PermissionError(f"refused to fetch {url}")
            # The internal URL, not a file: URL, so that WeasyPrint reads the bytes
            # checked here rather than the file again, and names nothing of this machine.
            return URLFetcherResponse(
                url, body=resource.body, headers={"Content-Type": resource.media_type}
            )

        def shown(self, url: str) -> str:
            name = template_name(url)
            return str(self.folders.shown(name)) if name else url

    return GuardedFetcher


# -- HTML ----------------------------------------------------------------------------------


@functools.cache
def _loader_class() -> type:
    import jinja2

    class FolderLoader(jinja2.BaseLoader):
        """Templates from the template folders, never through a link out of them;
        one that is not UTF-8 is a syntax error at its line."""

        def __init__(self, folders: TemplateFolders) -> None:
            self.folders = folders

        def get_source(self, environment: Any, template: str) -> Any:
            found = self.folders.find(template)  # OutsideFolder goes up to build_html
            if found is None or not found.real.is_file():
                raise jinja2.TemplateNotFound(template)
            try:
                raw = found.real.read_bytes()
            except OSError:
                raise jinja2.TemplateNotFound(template) from None
            filename = str(found.path)
            try:
                source = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                line = raw.count(b"\n", 0, error.start) + 1
                raise jinja2.TemplateSyntaxError(
                    said(N_("not UTF-8 text; save the template as UTF-8")), line, template, filename
                ) from None
            # a new environment for every report, so a loaded template is never stale
            return source, filename, lambda: True

    return FolderLoader


def template_environment(template_dir: Path | None) -> Any:
    """Jinja2 with autoescaping on for every template, --template-dir first, then the built-ins."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    # Sandboxed, because a template folder may come from anyone who brands the report.
    return SandboxedEnvironment(
        loader=_loader_class()(TemplateFolders(template_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def pdf_time(created: dt.datetime) -> dt.datetime:
    """`created` in UTC to the second; a time without a zone is taken to be UTC
    (never the local zone: that would make the bytes depend on the machine)."""
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.timezone.utc)
    return created.astimezone(dt.timezone.utc).replace(microsecond=0)


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
    peers: Any = None,
    extras: Extras | None = None,
) -> str:
    """The report as one HTML document; its stylesheets and logo by internal URL.

    `created` goes into the metadata (and so the PDF); without it the report
    says nothing of when it was made.
    """
    import jinja2

    if template_dir is not None and not template_dir.is_dir():
        raise ReportError(said(N_("--template-dir {path}: no such folder"), path=template_dir))
    folders = TemplateFolders(template_dir)
    stylesheet_texts = [read_stylesheet(folders, name) for name in STYLESHEETS]
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
        logo_url=LOGO_URL if logo is not None else None,
        palette=palette_from(stylesheet_texts),
        extras=extras,
    )
    metadata = {"generator": f"socialmaturity {__version__}"}
    if created is not None:
        stamp = pdf_time(created).strftime("%Y-%m-%dT%H:%M:%SZ")
        metadata["dcterms.created"] = stamp
        metadata["dcterms.modified"] = stamp
    metadata["author"] = consultant or sheet.assessor or ""
    metadata["keywords"] = f"{model.questionnaire.id} {model.questionnaire.version}, {model.hash}"
    environment = template_environment(template_dir)
    try:
        template = environment.get_template(TEMPLATE)
        return str(
            template.render(
                r=report,
                t=report.t,
                colon=colon(language),
                stylesheets=[TEMPLATES_URL + name for name in STYLESHEETS],
                metadata=metadata,
                peers=_peers(peers, stylesheet_texts, language),
            )
        )
    except OutsideFolder:
        raise
    except jinja2.TemplateNotFound as error:
        found, line = template_location(error)  # an include or extends in a template
        message = said(N_("template not found: {name}"), name=error.name)
        raise ReportError(template_problem(found, line, message) if found else message) from None
    except jinja2.TemplateSyntaxError as error:
        source = error.filename or error.name or TEMPLATE
        raise ReportError(template_problem(source, error.lineno, error.message or str(error))) from None
    except Exception as error:
        # anything a template expression raises ({{ 1/0 }}, a bad format, a missing
        # report string, a sandbox refusal): the template's author can fix it
        found, line = template_location(error)
        raise ReportError(template_problem(found or TEMPLATE, line, _described(error))) from None


def _peers(peers: Any, stylesheet_texts: list[str], language: str) -> Any:
    """A survey group's standing among the other groups (batch/overview.py), as its section."""
    if peers is None:
        return None
    from .overview import peers_section

    return peers_section(peers, palette_from(stylesheet_texts), language)


def template_problem(where: str, line: int | None, message: str) -> str:
    """`template error in brand/report.html.j2:3: ...`: the file and line as editors link them."""
    location = f"{where}:{line}" if line else where
    return said(N_("template error in {location}: {problem}"), location=location, problem=message)


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
        return said(N_("no report string {key}"), key=str(error))
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
    html: str,
    *,
    template_dir: Path | None = None,
    logo: Path | None = None,
    created: dt.datetime | None = None,
) -> Rendered:
    """The PDF of `html`; fetches go through the guarded fetcher and are logged.

    ReportError when a template folder file it needs is a link out of its folder.
    """
    import weasyprint

    log = FetchLog()
    fetcher = _fetcher_class()(TemplateFolders(template_dir), logo, log)
    # relative URLs in a template or brand.css resolve in the template folders
    document = weasyprint.HTML(string=html, base_url=TEMPLATES_URL, url_fetcher=fetcher)
    # A fixed identifier derived from the content, the dates from the HTML's
    # metadata and fonts stamped with the same time make the same input give the
    # same bytes.
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    with font_timestamps(created):
        pdf = document.write_pdf(pdf_identifier=identifier)
    assert isinstance(pdf, bytes)
    if log.outside:
        problems = list(dict.fromkeys(log.outside))
        if len(problems) == 1:
            raise ReportError(problems[0])
        raise ReportError(
            said(nN_("{problem} (and {count} more)", "{problem} (and {count} more)"), problem=problems[0], count=len(problems) - 1)
        )
    return Rendered(pdf, log)


_FONT_CLOCK = threading.Lock()


@contextlib.contextmanager
def font_timestamps(created: dt.datetime | None) -> Iterator[None]:
    """While WeasyPrint writes the PDF, its font subsets carry `created`, not the clock.

    Without HarfBuzz-Subset, WeasyPrint subsets fonts with fontTools, which stamps
    each subset's `head` table with the time of the run (or SOURCE_DATE_EPOCH
    from the environment): two renders a second apart then differ in their bytes.
    fontTools reads that time from one function; it is replaced here, under a
    lock because it belongs to the module, not to this render. Without `created`
    the stamp is fontTools' zero time (1904).
    """
    from fontTools.misc.timeTools import epoch_diff
    from fontTools.ttLib.tables import _h_e_a_d

    stamp = 0 if created is None else int(pdf_time(created).timestamp() - epoch_diff)
    with _FONT_CLOCK:
        clock = _h_e_a_d.timestampNow
        _h_e_a_d.timestampNow = lambda: stamp
        try:
            yield
        finally:
            _h_e_a_d.timestampNow = clock


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
    created: dt.datetime | None = None,
    peers: Any = None,
    extras: Extras | None = None,
) -> list[str]:
    """Write the PDF report (and the HTML when asked) atomically; return what was refused."""
    from ..files import check_target, write_bytes, write_text

    try:
        for target in (output, html_output):
            if target is not None:
                check_target(target)  # known before the work, not after it
    except OutputError as error:
        raise ReportError(output_problem(error)) from None
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
        created=created,
        peers=peers,
        extras=extras,
    )
    # rendered before anything is written: a report that cannot be made leaves no HTML behind
    rendered = render_pdf(html, template_dir=template_dir, logo=logo, created=created)
    try:
        if html_output is not None:
            write_text(html_output, html)
        write_bytes(output, rendered.pdf)
    except OutputError as error:  # names the output, never the temporary file
        raise ReportError(output_problem(error)) from None
    return list(dict.fromkeys(rendered.log.refused))


# -- charts for slides -------------------------------------------------------------------------


def svg_png(svg: str, *, scale: float = 3.0) -> bytes:
    """A chart's SVG as a PNG, `scale` pixels per CSS pixel (3: sharp on a slide).

    WeasyPrint draws the SVG as it does in the report, onto a page of the chart's own
    size; PDFium (pypdfium2) turns that page into pixels. No network, no files.
    """
    import io

    import pypdfium2
    import weasyprint

    size = re.search(r'width="([\d.]+)" height="([\d.]+)"', svg)
    width, height = (float(size.group(1)), float(size.group(2))) if size else (640.0, 400.0)
    page = (
        f"<style>@page {{ size: {width}px {height}px; margin: 0 }} body {{ margin: 0 }} "
        f"svg {{ display: block }}</style>{svg}"
    )
    fetcher = _fetcher_class()(TemplateFolders(None), None, FetchLog())
    pdf = weasyprint.HTML(string=page, url_fetcher=fetcher).write_pdf()
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=scale * 96 / 72, fill_color=(255, 255, 255, 255)).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


# -- the trend on its own --------------------------------------------------------------------


@dataclass(frozen=True)
class TrendDocument:
    """What trend.html.j2 shows: the report's history section with a title page."""

    language: str
    t: Any
    title: str
    kicker: str
    organisation: str
    questionnaire_line: str
    banner: str | None
    history: Any


def render_trend(
    trend: Trend,
    *,
    language: str,
    output: Path,
    created: dt.datetime | None = None,
) -> None:
    """Write the trend as a PDF (the report's history section, on its own), atomically."""
    from ..files import check_target, write_bytes
    from ..i18n import message
    from ..views import View
    from .context import MESSAGES, long_date
    from .progress import banner, history

    try:
        check_target(output)
    except OutputError as error:
        raise ReportError(output_problem(error)) from None
    latest = trend.latest
    view = View(latest.model, language)
    folders = TemplateFolders(None)
    palette = palette_from([read_stylesheet(folders, name) for name in STYLESHEETS])

    def t(key: str, **values: object) -> str:
        return message(MESSAGES, key, language, **values)

    document = TrendDocument(
        language,
        t,
        t("history.title"),
        t("document.kicker"),
        latest.sheet.organisation.name,
        t("cover.version", id=latest.model.questionnaire.id, version=latest.model.questionnaire.version),
        banner(language, [p.assessment.sheet.organisation.name for p in trend.points]) if trend.other_organisation else None,
        history(view, trend, lambda day: long_date(day, language), palette),
    )
    metadata = {"generator": f"socialmaturity {__version__}"}
    if created is not None:
        stamp = pdf_time(created).strftime("%Y-%m-%dT%H:%M:%SZ")
        metadata["dcterms.created"] = stamp
        metadata["dcterms.modified"] = stamp
    html = str(
        template_environment(None)
        .get_template("trend.html.j2")
        .render(r=document, t=t, colon=colon(language), stylesheets=[TEMPLATES_URL + name for name in STYLESHEETS], metadata=metadata)
    )
    rendered = render_pdf(html, created=created)
    try:
        write_bytes(output, rendered.pdf)
    except OutputError as error:
        raise ReportError(output_problem(error)) from None
