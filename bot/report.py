"""The attendance report (`handlers.report.Report`) as a file: an .xlsx workbook (openpyxl) or a CSV
(`bot.csvfiles`, formula-looking cells neutralised). Storage-free: it takes the report and returns bytes.

The workbook has three sheets: per member (the allowance figures), the meetings held, and one row per member
per meeting. Each has a bold header row, frozen below it, columns wide enough for their text, and dates as
real dates (shown as 31.01.2026). Text is always stored as text, never read as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.csvfiles import csv_bytes
from handlers import texts
from handlers.replies import Attachment
from handlers.report import Report, ReportFile

MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}
DATE_FORMAT = "DD.MM.YYYY"


def member_rows(report: Report) -> list[list[object]]:
    return [
        [
            line.name,
            line.organisation,
            line.role,
            line.meetings,
            line.attended,
            line.partly,
            line.excused,
            line.absent,
            line.as_deputy,
            line.stood_in_for,
            line.paid,
        ]
        for line in report.members
    ]


def render(report: Report, format: str) -> bytes:
    if format == "xlsx":
        return render_xlsx(report)
    if format == "csv":
        return csv_bytes(texts.REPORT_MEMBER_HEADER, member_rows(report))
    raise ValueError(f"unknown report format {format!r}")


def as_attachment(file: ReportFile) -> Attachment:
    return Attachment(f"{file.stem}.{file.format}", render(file.report, file.format), MIME[file.format])


def render_xlsx(report: Report) -> bytes:
    book = Workbook()
    members = book.active
    assert isinstance(members, Worksheet)
    members.title = texts.REPORT_SHEET_MEMBERS
    _table(members, texts.REPORT_MEMBER_HEADER, member_rows(report))
    meetings = book.create_sheet(texts.REPORT_SHEET_MEETINGS)
    _table(meetings, texts.REPORT_MEETING_HEADER, [[m.number, m.day, m.place, m.attended] for m in report.meetings])
    details = book.create_sheet(texts.REPORT_SHEET_DETAILS)
    _table(
        details,
        texts.REPORT_DETAIL_HEADER,
        [
            [d.number, d.day, d.name, d.organisation, d.role, texts.REPORT_PRESENCE[d.presence.value], d.stood_in_for]
            for d in report.details
        ],
    )
    book.properties.title = texts.REPORT_TITLE.format(council=report.council)
    book.properties.subject = texts.REPORT_PERIOD_LINE.format(
        period=report.period.label, made=report.made.strftime("%d.%m.%Y %H.%M")
    )
    book.properties.language = "nb-NO"
    book.properties.created = report.made.replace(tzinfo=None)
    book.properties.modified = report.made.replace(tzinfo=None)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _table(sheet: Worksheet, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A header row (bold, frozen), the rows, dates as dates, and widths that fit the longest text."""
    widths = [len(name) for name in header]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
        for index, value in enumerate(row):
            shown = "31.01.2026" if isinstance(value, date) else str(value)
            widths[index] = max(widths[index], len(shown))
    for line in sheet.iter_rows(min_row=1):
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a name that begins with «=» stays text, never a formula
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 6) + 2, 60)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
