"""Bounds on what people type: how long each free-text field may be, and what counts as a number.

One table holds every length limit, so the chat commands and the forms (`handlers.forms`: Slack modal,
Telegram conversation, the console's prompt) refuse the same texts with the same words. The limits sit well inside
the database columns (`storage/models.py`: String(200) and friends; Text has no limit at all), so a text
that passes here always fits, and a pasted megabyte is refused before anything is written.

Numbers: only ASCII digits, within a range that makes sense for what is counted. `int()` accepts
Arabic-Indic and full-width digits and `str.isdigit()` accepts `²`, which `int()` then refuses; a huge
number overflows the database's integer. Both used to crash a command.
"""

from __future__ import annotations

import logging

from handlers import texts
from handlers.errors import UserError

_LOGGER = logging.getLogger(__name__)

# Characters, counted as stored (after runs of spaces are folded where the handler folds them).
LIMITS: dict[str, int] = {
    "case_title": 200,  # cases.title String(300)
    "case_description": 4000,  # Text
    "rejection_reason": 1000,  # cases.reason Text
    "decision": 4000,  # cases.decision Text; feeds the minutes
    "absence_reason": 500,  # attendance.reason Text (also a partial absence)
    "conflict_reason": 500,  # conflict_declarations.reason Text
    "member_name": 120,  # members.name String(200)
    "organisation_name": 150,  # organisations.name String(200)
    "meeting_place": 200,  # meetings.place String(200)
    "chat_account": 100,  # chat_identities.external_id String(100), typed in /brukerrad medlem koble
    # A whole `/brukerrad medlem ...` line: room for every field above it at its longest, and quotes.
    "roster_line": 1000,
}

MEETING_NUMBER_MOST = 9999  # 4–6 meetings a year: centuries of them
CASE_NUMBER_MOST = 99999  # per council and year
YEAR_RANGE = (1000, 9999)  # a case label's year is written with four digits: 3/2027
TERM_YEARS = (1990, 2199)  # a term's start or end: notices are planned around it, so no year 1 or 9999


def check_length(field: str, text: str) -> str:
    """`text` if it fits `field`'s limit; otherwise refuse, saying the limit and the length typed."""
    most = LIMITS[field]
    if len(text) > most:
        raise UserError(texts.TEXT_TOO_LONG.format(what=texts.TOO_LONG_WHAT[field], length=len(text), max=most))
    return text


def read_number(text: str, most: int, least: int = 1) -> int | None:
    """The whole number `text` spells in ASCII digits, if it lies in least..most; else None."""
    digits = text.strip()
    if not digits or len(digits) > len(str(most)) or not (digits.isascii() and digits.isdigit()):
        return None
    value = int(digits)
    return value if least <= value <= most else None


def number(text: str, *, most: int, refusal: str, least: int = 1) -> int:
    """`read_number`, refusing with `refusal` (which says what to type instead) when it is not one."""
    value = read_number(text, most, least)
    if value is None:
        raise UserError(refusal)
    return value
