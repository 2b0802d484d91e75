"""The PDF and Word files, opened the way a checker or a screen reader opens them: pikepdf for the PDF's
structure tree, MarkInfo, language and metadata; pypdf and the Word file's XML for the text, in reading
order, with æøå intact."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest

from bot.documents import DocumentSettings, render
from handlers import documents
from tests.core.conftest import Council
from tests.documents.conftest import CONFLICT, DECISION, DESCRIPTION, make


def _tags(node: Any, found: list[str]) -> list[str]:
    """The structure elements' types, depth first: the order a screen reader reads them in."""
    if isinstance(node, pikepdf.Array):
        for kid in node:
            _tags(kid, found)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        found.append(str(node.S))
        if "/K" in node:
            _tags(node.K, found)
    return found


def _in_order(text: str, *parts: str) -> None:
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} missing or out of order"
        at = found + len(part)


def test_notice_pdf_is_tagged_pdf_ua_and_pdf_a_with_language_and_title(held: Council) -> None:
    layout = documents.layout(make(held, "notice", 1, public=False))
    pdf = pikepdf.open(io.BytesIO(render(layout, "pdf")))
    root = pdf.Root
    assert str(root.Lang) == "nb-NO"
    assert bool(root.MarkInfo.Marked) is True
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True  # the title, not the file name, in the window
    meta = pdf.open_metadata()
    assert meta["dc:title"] == "Innkalling til møte 1 i Brukerrådet (test)"
    assert meta["pdfuaid:part"] == "1"
    assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "A")
    tags = _tags(root.StructTreeRoot.K, [])
    assert tags.count("/H1") == 1 and "/H2" in tags and "/H3" in tags
    assert tags.index("/H1") < tags.index("/H2") < tags.index("/H3")
    assert "/Table" in tags and "/TH" in tags and "/THead" in tags  # tables with real header rows
    assert "/Caption" in tags


def test_notice_pdf_text_reads_in_order_with_norwegian_letters(held: Council) -> None:
    layout = documents.layout(make(held, "notice", 1, public=False))
    reader = pypdf.PdfReader(io.BytesIO(render(layout, "pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    _in_order(
        text,
        "Innkalling til møte 1 i Brukerrådet (test)",
        "Tid: tirsdag 15. desember 2026 kl. 10.00",
        "Innkalt",
        "Liv Aasen",
        "Mental Helse Trøndelag",
        "Saksliste",
        "Godkjenning av innkalling og saksliste",
        "Ventetid på avrusning",
        "Lange køer på NAV-kontoret i Øst",
        "Eventuelt",
        "Sak 3. Ventetid på avrusning (saksnr. 1/2026)",
        "Ventetiden på avrusning er over tre uker",
        "Frist for saker",
        "Forfall",
    )
    assert reader.metadata is not None and reader.metadata.title == "Innkalling til møte 1 i Brukerrådet (test)"


def test_typed_text_is_data_not_typst_markup(held: Council) -> None:
    """A title with Typst's markup characters prints as typed and runs nothing."""
    held.ok("Kari Dybdahl", '/sak ny #eval("1+1") *fet* $x$ <lab> @ref ÆØÅ æøå')
    held.ok("Liv Aasen", "/sak godkjenn 3")
    held.ok("Liv Aasen", "/mote sakliste 2")
    layout = documents.layout(make(held, "notice", 2, public=True))
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(render(layout, "pdf"))).pages)
    assert '#eval("1+1") *fet* $x$ <lab> @ref ÆØÅ æøå' in text


def test_public_minutes_pdf_leaves_the_reasons_out(held: Council) -> None:
    layout = documents.layout(make(held, "minutes", 1, public=True))
    reader = pypdf.PdfReader(io.BytesIO(render(layout, "pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    _in_order(
        text,
        "Referat fra møte 1",
        "Til stede",
        "Per Eggen",
        "Forfall",
        "Kari Dybdahl",
        "Per Eggen (A-Larm) møtte for Kari Dybdahl (A-Larm).",
        "Mona Fossum fratrådte under behandlingen.",
        "Vedtak: Brukerrådet ber kommunedirektøren",
        "Referatet legges fram for godkjenning i neste møte.",
    )
    assert CONFLICT not in text and DESCRIPTION not in text


def _docx_xml(content: bytes, part: str) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read(part).decode("utf-8")


def _docx_paragraphs(content: bytes) -> list[tuple[str, str]]:
    """(style, text) of every paragraph in the body, in order (table cells included)."""
    import docx

    document = docx.Document(io.BytesIO(content))
    found: list[tuple[str, str]] = []
    for element in document.element.body.iter():
        if element.tag.endswith("}p"):
            paragraph = docx.text.paragraph.Paragraph(element, document)
            found.append((paragraph.style.name if paragraph.style is not None else "", paragraph.text))
    return found


def test_minutes_docx_has_headings_header_rows_language_and_title(held: Council) -> None:
    layout = documents.layout(make(held, "minutes", 1, public=False))
    content = render(layout, "docx")
    paragraphs = _docx_paragraphs(content)
    headings = [(style, text) for style, text in paragraphs if style.startswith("Heading")]
    assert headings[0] == ("Heading 1", "Referat fra møte 1 i Brukerrådet (test)")
    assert ("Heading 2", "Til stede") in headings and ("Heading 2", "Forfall") in headings
    assert ("Heading 3", "Sak 3. Ventetid på avrusning (saksnr. 1/2026)") in headings
    texts_in_order = "\n".join(text for _style, text in paragraphs)
    _in_order(texts_in_order, "Til stede", "Liv Aasen", "Forfall", "Kari Dybdahl", f"Vedtak: {DECISION}")
    assert f"Mona Fossum fratrådte under behandlingen ({CONFLICT})." in texts_in_order
    body = _docx_xml(content, "word/document.xml")
    assert body.count("<w:tblHeader") == 2  # present and absent: each table's first row is its header
    assert 'w:lang w:val="nb-NO"' in _docx_xml(content, "word/styles.xml")
    core = _docx_xml(content, "docProps/core.xml")
    assert "<dc:title>Referat fra møte 1 i Brukerrådet (test)</dc:title>" in core
    assert "<dc:language>nb-NO</dc:language>" in core


def test_word_file_starts_from_the_letterhead(held: Council, tmp_path: Path) -> None:
    import docx

    letterhead = docx.Document()
    letterhead.sections[0].header.paragraphs[0].text = "Trondheim kommune – Helse og velferd"
    path = tmp_path / "brevmal.docx"
    letterhead.save(str(path))
    layout = documents.layout(make(held, "notice", 2, public=False))
    content = render(layout, "docx", DocumentSettings(letterhead=path))
    made = docx.Document(io.BytesIO(content))
    assert made.sections[0].header.paragraphs[0].text == "Trondheim kommune – Helse og velferd"
    assert "https://teams.example.kommune.no/mote/2" in _docx_xml(content, "word/_rels/document.xml.rels")


def test_unknown_format_is_a_programming_error(held: Council) -> None:
    with pytest.raises(ValueError):
        render(documents.layout(make(held, "notice", 1, public=True)), "odt")
