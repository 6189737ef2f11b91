"""Microsoft Forms: a Word document laid out for Quick Import, and printable as is.

Quick Import (Forms > Quick Import) reads a .docx and turns a numbered paragraph
into a question and the lettered paragraphs under it into its choices; a question
without choices becomes a text question. So: the title, a heading per roadmap phase,
`1. question` and `A. option`, `B. option`, … in option order. The document is written
directly as Office Open XML (a zip of four small XML parts), so no Word library is
needed and the bytes are the same on every run. The response workbook heads each
column with the question's text and writes the chosen label.
"""

from __future__ import annotations

import io
import string
import zipfile
from xml.sax.saxutils import escape

from .shape import Survey

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:styles xmlns:w="{_W}">'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:pPr><w:spacing w:after="60"/></w:pPr><w:rPr><w:sz w:val="22"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="40"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr>'
    '<w:rPr><w:b/><w:sz w:val="30"/></w:rPr></w:style>'
    "</w:styles>"
)


def _paragraph(text: str, *, style: str | None = None, bold: bool = False, indent: int = 0) -> str:
    properties = ""
    if style or indent:
        properties = "<w:pPr>"
        if style:
            properties += f'<w:pStyle w:val="{style}"/>'
        if indent:
            properties += f'<w:ind w:left="{indent}"/>'
        properties += "</w:pPr>"
    run = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:p>{properties}<w:r>{run}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def letter(position: int) -> str:
    """A, B, … Z, then AA, AB, …: how Quick Import expects choices to be marked."""
    letters = string.ascii_uppercase
    shown = ""
    while position > 0:
        position, rest = divmod(position - 1, 26)
        shown = letters[rest] + shown
    return shown


def paragraphs(survey: Survey) -> list[tuple[str, str]]:
    """The document's paragraphs as (kind, text): title, section, question, choice."""
    found = [("title", survey.t(survey.title))]
    number = 0
    for index, section in enumerate(survey.sections):
        members = [q for q in survey.questions if q.section == index]
        if index == 0 and survey.group_question is not None:
            number += 1
            found.append(("question", f"{number}. {survey.group_question}"))
        if not members:
            continue
        found.append(("section", survey.t(section.name)))
        for question in members:
            number += 1
            found.append(("question", f"{number}. {survey.t(question.text)}"))
            for option in question.options:
                found.append(("choice", f"{letter(option.position)}. {survey.t(option.label)}"))
    return found


def write(survey: Survey) -> tuple[bytes, tuple[str, ...]]:
    body = []
    for kind, shown in paragraphs(survey):
        if kind == "title":
            body.append(_paragraph(shown, style="Title"))
        elif kind == "section":
            body.append(_paragraph(shown, style="Heading1"))
        elif kind == "question":
            body.append(_paragraph(shown, bold=True))
        else:
            body.append(_paragraph(shown, indent=360))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{_W}"><w:body>{"".join(body)}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="708" w:footer="708" w:gutter="0"/>'
        "</w:sectPr></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, part in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", PACKAGE_RELS),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS),
            ("word/styles.xml", STYLES),
            ("word/document.xml", document),
        ):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, part.encode("utf-8"))
    return out.getvalue(), ("loss.one-language", "loss.help", "loss.outside-scale", "loss.sections")
