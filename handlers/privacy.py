"""The case-text guard: the council must never receive a national identity number, and its mandate
says «Brukerrådet behandler ikke enkeltsaker eller klagesaker».

A fødselsnummer, D-number, H-number or synthetic test number in a case text is a blocking finding:
the case flow refuses the text and MUST NOT store or log it. Text that reads like one person's
complaint or patient story is a warning: the submitter confirms that the case is about the services
at system level, or rewrites it. This module never logs the text, and a :class:`Finding` never
carries the number it found, so a finding can be logged or shown safely.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Final, Literal

from handlers import texts

_LOGGER = logging.getLogger(__name__)

FindingKind = Literal["fodselsnummer", "enkeltsak"]


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a case text, and what to tell the submitter. Never holds the text."""

    kind: FindingKind
    blocking: bool
    message: str


# --- identity numbers (Skatteetaten: folkeregisteret's identifikasjonsnummer) ------------------

_K1_WEIGHTS: Final = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_K2_WEIGHTS: Final = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
#: Remainders of the k1 sum (k1 itself weighted 1) that are valid: 0 under the rule before 2032,
#: 0-3 from 1 January 2032, when k1 may take four values. Both rules are accepted.
_K1_REMAINDERS: Final = frozenset({0, 1, 2, 3})
#: Days per month, February counted as 29: a two-digit year does not tell the century for sure.
_MAX_DAY: Final = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# Eleven digits on their own, or split 6+5 by one space (also a no-break space or a hyphen),
# not part of a longer run of digits.
_CANDIDATE: Final = re.compile(r"(?<![0-9])([0-9]{6})[ \u00a0\u202f-]?([0-9]{5})(?![0-9])")


def is_valid_identity_number(digits: str) -> bool:
    """True for 11 digits that are a valid fødselsnummer, D-number, H-number or synthetic test number.

    Checks both control digits (rule before 2032 and from 2032) and the date part: day (+40 for a
    D-number), month (+40 for an H-number, +80 for a synthetic test number from Skatteetaten).
    """
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit():
        return False
    d = [int(ch) for ch in digits]
    k1_sum = sum(w * x for w, x in zip(_K1_WEIGHTS, d[:9], strict=True)) + d[9]
    if k1_sum % 11 not in _K1_REMAINDERS:
        return False
    k2_sum = sum(w * x for w, x in zip(_K2_WEIGHTS, d[:10], strict=True)) + d[10]
    if k2_sum % 11 != 0:
        return False
    return _valid_date_part(day=d[0] * 10 + d[1], month=d[2] * 10 + d[3], year=d[4] * 10 + d[5])


def _valid_date_part(day: int, month: int, year: int) -> bool:
    if 41 <= day <= 71:  # D-number
        day -= 40
    if 41 <= month <= 52:  # H-number
        month -= 40
    elif 81 <= month <= 92:  # synthetic test number
        month -= 80
    if not 1 <= month <= 12:
        return False
    max_day = 28 if month == 2 and year % 4 != 0 else _MAX_DAY[month - 1]
    return 1 <= day <= max_day


def _has_identity_number(text: str) -> bool:
    return any(is_valid_identity_number(m.group(1) + m.group(2)) for m in _CANDIDATE.finditer(text))


# --- individual cases: a first-person complaint, or one named person's health ------------------

_POSSESSIVE = r"(?:mitt|min|mi|mine|vårt|vår|hans|hennes)"
_FAMILY = (
    r"(?:mor|far|mamma|pappa|sønn|datter|mann|kone|samboer|bror|søster|barn|bestemor|bestefar"
    r"|svigermor|svigerfar|tante|onkel|nabo)"
)
_FAMILY_DEFINITE = (
    r"(?:moren|mora|faren|sønnen|datteren|dattera|mannen|kona|konen|samboeren|broren|søsteren"
    r"|barnet|bestemoren|bestefaren|naboen)"
)
_CONDITION = (
    r"(?:diagnosen|diagnose|diagnostisert|innlagt|feilbehandlet|demens|alzheimer|kreft|diabetes"
    r"|autisme|adhd|schizofreni|psykose|bipolar|depresjon|epilepsi|parkinson|hjerneslag|slag"
    r"|cerebral\s+parese|ms|als)"
)
_AFFECTED = (
    rf"(?:jeg|vi|(?:min|mi|mitt|vår)\s+{_FAMILY}|{_FAMILY_DEFINITE}\s+(?:min|mi|mitt|vår))"
)

_COMPLAINT_SIGNS: Final = re.compile(
    rf"""
    \bklage[rt]?\s+på\s+{_POSSESSIVE}\s+(?:vedtak|avslag)\b        # klage på mitt vedtak
    |\b(?:vedtaket|avslaget|klagen|journalen|epikrisen)\s+{_POSSESSIVE}\b   # klage på vedtaket mitt
    |\b{_POSSESSIVE}\s+(?:vedtak|avslag|saksnummer|journal|epikrise)\b
    |\b(?:jeg|vi)\s+(?:vil\s+|skal\s+|ønsker\s+å\s+|har\s+)?klage[rt]?\b  # jeg vil klage
    |\b(?:jeg|vi)\s+(?:har\s+)?(?:fikk|fått|får)\s+(?:et\s+|ett\s+)?(?:avslag|vedtak)\b
    |\b(?:jeg|vi)\s+(?:ble|er|har\s+blitt)\s+(?:nektet|avslått|avvist)\b
    |\bsøknaden\s+{_POSSESSIVE}\s+(?:ble|er)\s+(?:avslått|avvist)\b
    |\bsaksnr\.?\s*:?\s*[0-9]|\bsaksnummer\s*:?\s*[0-9]                # a case reference
    |\b{_AFFECTED}\s+(?:har|hadde|fikk|ble|er)\s+(?:fått\s+|blitt\s+)?{_CONDITION}\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# A full name (two capitalised words) followed by a diagnosis: «Kari Nordmann fikk diagnosen ...».
_NAMED_PERSON_SIGNS: Final = re.compile(
    rf"\b[A-ZÆØÅ][a-zæøå]+\s+[A-ZÆØÅ][a-zæøå]+(?:\s+\([0-9]{{1,3}}\))?"
    rf"\s+(?i:(?:har|hadde|fikk|ble|er)\s+(?:fått\s+|blitt\s+)?{_CONDITION})\b"
)


def _reads_like_individual_case(text: str) -> bool:
    return _COMPLAINT_SIGNS.search(text) is not None or _NAMED_PERSON_SIGNS.search(text) is not None


def check_case_text(text: str) -> list[Finding]:
    """What is wrong with a proposed case text: blocking findings first, at most one per kind.

    An identity number is blocking: the caller MUST refuse the text and neither store nor log it.
    An individual complaint or patient story is a warning the submitter may confirm past.
    """
    findings: list[Finding] = []
    if _has_identity_number(text):
        findings.append(Finding(kind="fodselsnummer", blocking=True, message=texts.CASE_IDENTITY_NUMBER))
    if _reads_like_individual_case(text):
        findings.append(Finding(kind="enkeltsak", blocking=False, message=texts.CASE_INDIVIDUAL))
    if findings:  # kinds only: never the text, never the number
        _LOGGER.info("case text check: %s", ", ".join(f.kind for f in findings))
    return findings
