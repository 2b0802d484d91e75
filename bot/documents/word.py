"""The Word file (.docx) of a notice or the minutes, written with python-docx.

Headings use Word's own heading styles (a screen reader and the navigation pane see them), each table's
first row is marked as its header row (repeated on every page, read as column headers), the document's
language is nb-NO and its title, subject and author are in the file's properties. The municipality's own
letterhead (`[documents] letterhead`, a .docx whose header, footer and styles are kept) is the starting
point when configured.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

from handlers.documents import Heading, Layout, Paragraph, Table

_LOGGER = logging.getLogger(__name__)


def render_docx(layout: Layout, letterhead: Path | None = None) -> bytes:
    import docx  # imported when the first Word file is made
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document: Any = docx.Document(str(letterhead) if letterhead is not None else None)
    properties = document.core_properties
    properties.title = layout.title
    properties.subject = layout.subject
    properties.author = layout.author
    properties.language = layout.language
    properties.created = layout.made
    properties.modified = layout.made
    properties.last_modified_by = layout.author
    properties.revision = 1
    _set_language(document, layout.language, OxmlElement, qn)
    # Style ids looked up once: python-docx searches every style for each name it is given.
    ids = {style.name: style.style_id for style in document.styles}
    for block in layout.blocks:
        if isinstance(block, Heading):
            heading = document.add_paragraph()
            heading._p.style = ids[f"Heading {block.level}"]  # Word's own heading styles (a KeyError: none)
            heading.add_run(block.text)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            run = paragraph.add_run(block.text)
            run.bold = block.strong or None
            if block.link:
                _add_link(paragraph, block.link, OxmlElement, qn)
        elif isinstance(block, Table):
            caption = document.add_paragraph(block.caption)
            if "Caption" in ids:
                caption._p.style = ids["Caption"]
            caption.paragraph_format.keep_with_next = True
            table = document.add_table(rows=1, cols=len(block.header))
            if "Table Grid" in ids:
                table._tbl.tblPr.style = ids["Table Grid"]
            header = table.rows[0]
            _mark_header_row(header, OxmlElement, qn)
            for cell, text in zip(header.cells, block.header, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
            for values in block.rows:
                for cell, text in zip(table.add_row().cells, values, strict=True):
                    cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _set_language(document: Any, language: str, element: Any, qn: Any) -> None:
    """Word's proofing language, which screen readers also read: on the default run properties."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = element("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = element("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = element("w:rPr")
        run_defaults.append(properties)
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = element("w:lang")
        properties.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), language)


def _mark_header_row(row: Any, element: Any, qn: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = element("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _add_link(paragraph: Any, url: str, element: Any, qn: Any) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE

    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = element("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = element("w:r")
    properties = element("w:rPr")
    style = element("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    underline = element("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(underline)
    run.append(properties)
    text = element("w:t")
    text.text = url
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
