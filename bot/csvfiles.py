"""CSV in and out, as people's spreadsheets make and read it.

In: the roster a secretary saves from Excel or LibreOffice: UTF-8 with or without a byte order mark, UTF-16
("Unicode-tekst"), or Windows-1252 (Excel's "CSV (semikolondelt)" on a Norwegian Windows); comma, semicolon
or tab between the cells. UTF-8 is tried first, since a Windows-1252 file almost never decodes as UTF-8 by
accident, and æøå come out right either way.

Out: every CSV the bot writes goes through `write_csv`: a cell that begins with `=`, `+`, `-`, `@`, a tab or a
carriage return gets a leading `'`, so a spreadsheet shows it as text instead of running it as a formula
(OWASP, "CSV Injection"): a member could otherwise name herself `=HYPERLINK(...)`. Files are written 0600.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from handlers import texts
from storage.files import write_private

_LOGGER = logging.getLogger(__name__)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_BYTES = 1_000_000  # a roster of a few dozen people is a few kilobytes
DELIMITER = ";"  # what Excel expects on a Norwegian Windows (the comma is the decimal sign)


class CsvError(Exception):
    """A CSV file that cannot be read at all; the message (Norwegian) says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Table:
    """A CSV file as read: the header (lower case, trimmed) and each row with the line it starts on."""

    header: list[str]
    rows: list[tuple[int, list[str]]]


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; CsvError if it is none of them."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252")
    except UnicodeDecodeError:
        raise CsvError(texts.CLI_CSV_ENCODING) from None


def read_table(path: Path) -> Table:
    """Read `path` as CSV; CsvError for a missing file, a folder, an unreadable or undecodable one."""
    if path.is_dir():
        raise CsvError(texts.CLI_CSV_FOLDER.format(path=path))
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CsvError(texts.CLI_CSV_TOO_BIG.format(path=path, max=MAX_BYTES // 1_000_000))
        data = path.read_bytes()
    except FileNotFoundError:
        raise CsvError(texts.CLI_NO_FILE.format(path=path)) from None
    except PermissionError:
        raise CsvError(texts.CLI_CSV_NOT_ALLOWED.format(path=path)) from None
    except OSError:
        raise CsvError(texts.CLI_CSV_UNREADABLE.format(path=path)) from None
    text = decode(data).replace("\x00", "")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count) if any(d in first for d in ";,\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    try:
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if not any(cell.strip() for cell in cells):
                continue  # an empty line, or one with only separators
            if header is None:
                header = [cell.strip().lower() for cell in cells]
            else:
                rows.append((line, [cell.strip() for cell in cells]))
    except csv.Error:
        raise CsvError(texts.CLI_CSV_UNREADABLE.format(path=path)) from None
    return Table(header or [], rows)


def neutralise(value: object) -> object:
    """A cell as a spreadsheet may safely read it: text that would start a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV table (semicolons, CRLF) with formula-looking cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The CSV as a file's bytes: UTF-8 with BOM, so Excel shows æøå (a file handed over in a chat)."""
    return csv_text(header, rows).encode("utf-8-sig")


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """Write a CSV (UTF-8 with BOM, so Excel shows æøå; semicolons) that only the bot's user can read."""
    return write_private(path, csv_text(header, rows), encoding="utf-8-sig")
