"""The privacy guards: the council must never receive a national identity number, and its mandate
says «Brukerrådet behandler ikke enkeltsaker eller klagesaker».

`has_identity_number` is the one identity-number guard for every field a person types: the dispatcher
refuses any command holding one before anything runs (so every command form on every platform), and the
forms and the CSV import call it too. It reads the text as a person would (any digit script, invisible
characters dropped, any separators and the usual groupings) and finds fødselsnumre, D-, H- and synthetic
numbers under both control-digit rules. `check_case_text` adds the individual-case guard
(`handlers.individual_cases`) for a case's title and description: an identity number is a blocking
finding, text that reads like one person's case a warning the submitter confirms past. This module never
logs the text, and a :class:`Finding` never carries the number it found, so a finding can be logged or
shown safely.
"""

from __future__ import annotations

import itertools
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final, Literal

from handlers import texts
from handlers.individual_cases import reads_like_individual_case
from handlers.profiles import BRUKERRAD, Profile

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


_EXTRA_GAPS: Final = ".,/\\|_·•‧∙⋅⁄∕−"
#: Where the characters that matter live: every script's marks, spaces, dashes and brackets up to the CJK
#: punctuation, the half- and full-width forms and specials; scanned once at import (a few milliseconds).
_SCANNED: Final = ((0x0000, 0x3100), (0xA640, 0xA700), (0xFE00, 0x10000))
#: Invisible characters outside those: musical format controls, tag characters, variation selectors.
_INVISIBLE_ELSEWHERE: Final = ((0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F), (0xE0100, 0xE01EF))


def _character_class(ranges: list[tuple[int, int]]) -> str:
    return "[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges) + "]"


def _ranges(codes: list[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges


def _build_classes() -> tuple[str, str]:
    """Character classes, from the Unicode database once at import:
    INVISIBLE (format characters such as zero-width space, joiners, word joiner, BOM, soft hyphen and bidi
    controls; combining marks; control characters), which vanish on screen and so between digits; and GAP,
    whatever a reader takes for a break between digit groups (any space, line break, tab, dash, bracket,
    dot, comma, slash)."""
    invisible: list[int] = []
    gaps: list[int] = []
    for code in (code for first, end in _SCANNED for code in range(first, end)):
        char = chr(code)
        category = unicodedata.category(char)
        if char.isspace() or category in {"Zs", "Zl", "Zp", "Pd", "Ps", "Pe"} or char in _EXTRA_GAPS:
            gaps.append(code)
        elif category in {"Cf", "Cc", "Mn", "Me"}:
            invisible.append(code)
    return _character_class(_ranges(invisible) + list(_INVISIBLE_ELSEWHERE)), _character_class(_ranges(gaps))


_INVISIBLE_CLASS, _GAP_CLASS = _build_classes()  # a few milliseconds
_INVISIBLE: Final = re.compile(_INVISIBLE_CLASS)
_ANY_DIGIT: Final = re.compile(r"\d")  # any Unicode decimal digit (NFKC has made superscripts and the like digits)
_OTHER_DIGIT: Final = re.compile(r"(?![0-9])\d")  # Arabic-Indic, Devanagari, Bengali …
#: Digit groups with at most a few gap characters between them («20.05.94 - 367 17», two spaces, a tab …).
_CHAIN: Final = re.compile(rf"[0-9]+(?:{_GAP_CLASS}{{1,6}}[0-9]+)*")
_GROUP: Final = re.compile(r"[0-9]+")
#: How people group the eleven digits: birth date (DDMMYY, or DD MM YY) then the five-digit personnummer
#: (or 3+2, 2+3). Not 4+2+5, how a bank account is written (1234.56.78903), nor 3+3+3+2, how an amount
#: is (kr 410 868 630,20). Every digit on its own (2 0 0 5 9 4 …) is how a number is spelled out to hide it.
_GROUPINGS_11: Final = frozenset(
    {(11,), (6, 5), (6, 3, 2), (6, 2, 3), (2, 2, 2, 5), (2, 2, 2, 3, 2), (2, 2, 2, 2, 3), (1,) * 11}
)
#: The birth date written with a four-digit year before the personnummer (20.05.1994 36717): the same
#: eleven digits once the century is dropped, so the same person.
_GROUPINGS_13: Final = frozenset({(8, 5), (8, 3, 2), (2, 2, 4, 5), (2, 2, 4, 3, 2)})


def _century_fits(year: int, individual: int) -> bool:
    """Skatteetaten's individual-number ranges per century (a four-digit year must agree with them)."""
    if individual <= 499:
        return 1900 <= year <= 1999
    if individual >= 900 and 1940 <= year <= 1999:
        return True
    if individual <= 749 and 1854 <= year <= 1899:
        return True
    return 2000 <= year <= 2039


def _candidates(groups: list[str]) -> Iterator[str]:
    """Every run of consecutive groups written the way an identity number is written, as 11 digits."""
    for start in range(len(groups)):
        lengths: list[int] = []
        for group in groups[start : start + 13]:  # 13 digits at most: never the rest of the list
            lengths.append(len(group))
            total = sum(lengths)
            if total > 13:
                break
            if total == 11 and tuple(lengths) in _GROUPINGS_11:
                yield "".join(groups[start : start + len(lengths)])
            elif total == 13 and tuple(lengths) in _GROUPINGS_13:
                digits = "".join(groups[start : start + len(lengths)])
                if _century_fits(int(digits[4:8]), int(digits[8:11])):
                    yield digits[:4] + digits[6:]


def has_identity_number(text: str) -> bool:
    """True when `text` holds a fødselsnummer, D-, H- or synthetic number in any way a person would write
    or read one: any digits, separators, invisible characters and groupings (see `_build_classes`, `_GROUPINGS_11`).

    The one guard for every field a person types (commands at the dispatcher, forms, CSV import). The caller
    MUST then refuse the text and neither store, log nor echo it. Ordinary council text does not fire: dates
    and times, phone, organisation and bank account numbers, case numbers and amounts (see the tests' corpus).
    """
    composed = unicodedata.normalize("NFKC", text)
    if next(itertools.islice(_ANY_DIGIT.finditer(composed), 10, None), None) is None:
        return False  # fewer than 11 digits, as in most messages: no need to look closer
    visible = _INVISIBLE.sub("", composed)
    folded = _OTHER_DIGIT.sub(lambda digit: str(unicodedata.decimal(digit.group())), visible)
    for chain in _CHAIN.finditer(folded):
        groups = _GROUP.findall(chain.group())
        if sum(len(g) for g in groups) < 11:
            continue
        if any(is_valid_identity_number(c) for c in _candidates(groups)):
            return True
    return False


def check_case_text(text: str, profile: Profile = BRUKERRAD) -> list[Finding]:
    """What is wrong with a proposed case text: blocking findings first, at most one per kind.

    An identity number is blocking: the caller MUST refuse the text and neither store nor log it.
    An individual complaint or patient story is a warning the submitter may confirm past.
    """
    findings: list[Finding] = []
    if has_identity_number(text):
        findings.append(Finding(kind="fodselsnummer", blocking=True, message=texts.CASE_IDENTITY_NUMBER))
    if profile.refuses_individual_cases and reads_like_individual_case(text):
        mandate = texts.CASE_MANDATE_FOR.format(**profile.words())  # names the council of this kind
        findings.append(
            Finding(kind="enkeltsak", blocking=False, message=texts.CASE_INDIVIDUAL_FOR.format(mandate=mandate))
        )
    if findings:  # kinds only: never the text, never the number
        _LOGGER.info("case text check: %s", ", ".join(f.kind for f in findings))
    return findings
