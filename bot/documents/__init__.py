"""The files a council publishes, rendered from `handlers.documents`' layout: PDF (typst), Word
(python-docx) and the public page's HTML (Jinja2, `bot/public.py`). Storage-free: they take the layout and
return bytes.

`attach` is where a command's `Reply.document` becomes the `Reply.attachment` adapters send: after the
command's transaction, in `bot.chat.Chat.handle` and the console.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from pathlib import Path

from handlers.documents import DocumentFile, Layout
from handlers.replies import Attachment, Reply
from handlers.report import ReportFile

_LOGGER = logging.getLogger(__name__)

MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "png": "image/png",
}


@dataclass(frozen=True)
class DocumentSettings:
    """`[documents]`: `letterhead`, a .docx the Word files start from (its header, footer and styles)."""

    letterhead: Path | None = None


def render(layout: Layout, format: str, settings: DocumentSettings | None = None) -> bytes:
    settings = settings or DocumentSettings()
    if format == "pdf":
        from bot.documents.pdf import render_pdf

        return render_pdf(layout)
    if format == "docx":
        from bot.documents.word import render_docx

        return render_docx(layout, settings.letterhead)
    if format == "png":  # a layout's charts as one picture (the June evaluation's, for the chat)
        from bot.documents.charts import render_png

        return render_png(layout)
    raise ValueError(f"unknown document format {format!r}")


def as_attachment(file: DocumentFile, settings: DocumentSettings | None = None) -> Attachment:
    return Attachment(f"{file.stem}.{file.format}", render(file.layout, file.format, settings), MIME[file.format])


def attach(reply: Reply | None, settings: DocumentSettings | None = None) -> Reply | None:
    """The reply with its document rendered as its attachment (any other reply as it is)."""
    if reply is None or reply.document is None:
        return reply
    if isinstance(reply.document, ReportFile):  # the attendance report: a spreadsheet or CSV
        from bot.report import as_attachment as report_attachment

        attachment = report_attachment(reply.document)
    else:
        attachment = as_attachment(reply.document, settings)
    _LOGGER.info("rendered a document (%s, %d bytes)", reply.document.format, len(attachment.content))
    return dataclasses.replace(reply, attachment=attachment, document=None)
