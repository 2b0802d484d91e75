"""The PDF of a notice or the minutes, typeset by typst: tagged, PDF/UA-1 and PDF/A-2a at once.

typst (the PyPI wheel: a Rust library, no system packages) writes the structure tree (headings, tables
with header rows, reading order), the document language and the title into the metadata; the standards
make it check them and refuse a file that would not conform. Only the fonts typst carries are used, so the
file is the same on every machine.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from importlib.resources import files

from handlers.documents import Chart, Heading, Layout, Paragraph, Table

_LOGGER = logging.getLogger(__name__)

STANDARDS = ["ua-1", "a-2a"]  # Uutilsynet and Arkivverket both accept PDF/A-2a; PDF/UA-1 for screen readers


def _data(layout: Layout) -> str:
    blocks: list[dict[str, object]] = []
    for block in layout.blocks:
        if isinstance(block, Chart):  # drawn now; the PNG's bytes go in as numbers, still data, not markup
            from bot.documents.charts import draw

            blocks.append({"kind": "chart", "caption": block.caption, "alt": block.alt, "png": list(draw(block))})
            continue
        kind = {Heading: "heading", Paragraph: "paragraph", Table: "table"}[type(block)]
        blocks.append({"kind": kind, **asdict(block)})
    return json.dumps(
        {"title": layout.title, "subject": layout.subject, "author": layout.author, "blocks": blocks},
        ensure_ascii=False,
    )


def render_pdf(layout: Layout) -> bytes:
    import typst  # imported when the first document is made: the rest of the bot never needs it

    source = files("bot.documents").joinpath("layout.typ").read_bytes()
    pdf = typst.compile(
        source,
        sys_inputs={"data": _data(layout)},
        pdf_standards=STANDARDS,  # type: ignore[arg-type]
        ignore_system_fonts=True,
        timestamp=int(layout.made.timestamp()),
    )
    assert isinstance(pdf, bytes)
    return pdf
