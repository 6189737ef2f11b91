"""The survey tools whose exports we read: one module per tool, and how to tell them apart.

Each module has NAME, EXPECTED (its headers in words, for error messages) and
`fit(records) -> Layout | None`, which looks at the first records of a file (header rows
and a sample of responses) and returns the layout's column facts if the headers fit it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ...i18n import N_, Said, said
from ..table import ExportError, Layout
from . import google_forms, limesurvey, microsoft_forms, plain, qualtrics, surveymonkey, typeform

Fit = Callable[[Sequence[Sequence[str]]], "Layout | None"]

# Most distinctive first: a Qualtrics file would also pass as plain CSV, never the reverse.
_DETECTION_ORDER: tuple[tuple[str, Fit, str], ...] = tuple(
    (module.NAME, module.fit, module.EXPECTED)
    for module in (
        qualtrics,
        surveymonkey,
        limesurvey,
        typeform,
        microsoft_forms,
        google_forms,
        plain,
    )
)
_BY_NAME = {name: (fit, expected) for name, fit, expected in _DETECTION_ORDER}

LAYOUTS: tuple[str, ...] = (
    google_forms.NAME,
    microsoft_forms.NAME,
    qualtrics.NAME,
    surveymonkey.NAME,
    limesurvey.NAME,
    typeform.NAME,
    plain.NAME,
)
_TITLES = {
    google_forms.NAME: "Google Forms",
    microsoft_forms.NAME: "Microsoft Forms",
    qualtrics.NAME: "Qualtrics",
    surveymonkey.NAME: "SurveyMonkey",
    limesurvey.NAME: "LimeSurvey",
    typeform.NAME: "Typeform",
    plain.NAME: "plain CSV",
}


def title(source: str) -> str:
    """The tool's name as people write it ('Qualtrics', 'plain CSV')."""
    return _TITLES.get(source, source)


def unknown_source(source: str) -> Said:
    return said(
        N_("'{source}' is not a survey source we know; choose one of auto, {choices}"),
        source=source,
        choices=", ".join(LAYOUTS),
    )


def detect_layout(
    records: Sequence[Sequence[str]], source: str = "auto", file_name: str = said(N_("The file"))
) -> Layout:
    """The layout of an export from its first records (header rows first, blank ones gone).

    `source='auto'` tries the tools from the most distinctive to plain CSV, which always
    fits. A named source must fit, or ExportError says which headers were expected.
    """
    if source == "auto":
        for _name, fit, _expected in _DETECTION_ORDER:
            layout = fit(records)
            if layout is not None:
                return layout
        raise AssertionError("plain CSV fits every table")
    if source not in _BY_NAME:
        raise ExportError(unknown_source(source))
    fit, expected = _BY_NAME[source]
    layout = fit(records)
    if layout is None:
        found = ", ".join(repr(cell.strip()) for cell in records[0][:8] if cell.strip())
        more = ", …" if len(records[0]) > 8 else ""
        raise ExportError(
            said(
                N_("{name} does not look like a {tool} export: expected {expected}, but the first row starts with {start}"),
                name=file_name,
                tool=_TITLES[source],
                expected=said(expected),
                start=f"{found}{more}" if found else said(N_("nothing")),
            )
        )
    return layout
