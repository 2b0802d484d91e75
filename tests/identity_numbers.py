"""Fictional identity numbers for tests, made here with Skatteetaten's control-digit rules.

Never a real person's: synthetic test numbers (month + 80, as Skatteetaten's Tenor issues them), D-numbers
on synthetic months, H-numbers, and fødselsnumre for people born in 2035-2039 (individual numbers 500-999
mean 2000-2039), who do not exist yet. `renderings` writes each one the ways people do.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def make_number(day: int, month: int, year: int, individual: int, remainder: int = 0) -> str | None:
    """The 11 digits, or None when no k1 or k2 exists for these nine. `remainder` 1-3: valid only under the
    rule from 2032 (the k1 sum may leave 0-3)."""
    digits = [int(ch) for ch in f"{day:02d}{month:02d}{year:02d}{individual:03d}"]
    k1 = (remainder - sum(w * d for w, d in zip(_K1, digits, strict=True))) % 11
    if k1 == 10:
        return None
    digits.append(k1)
    k2 = -sum(w * d for w, d in zip(_K2, digits, strict=True)) % 11
    if k2 == 10:
        return None
    return "".join(map(str, digits)) + str(k2)


def fictional_numbers() -> dict[str, str]:
    """A dozen numbers of every kind, by name: the first individual number that gives valid control digits."""
    wanted = {
        "fodselsnummer-2039": (14, 3, 39, 500, 0),
        "fodselsnummer-2037": (2, 11, 37, 733, 0),
        "fodselsnummer-2035-leap-day": (29, 2, 36, 911, 0),
        "synthetic": (20, 85, 94, 367, 0),
        "synthetic-1970s": (7, 91, 76, 123, 0),
        "d-number-synthetic": (61, 84, 88, 456, 0),
        "d-number-2038": (45, 1, 38, 612, 0),
        "h-number": (9, 47, 39, 801, 0),
        "rule-2032-remainder-1": (30, 10, 39, 540, 1),
        "rule-2032-remainder-2": (11, 12, 38, 777, 2),
        "rule-2032-remainder-3": (1, 6, 39, 950, 3),
        "synthetic-rule-2032": (31, 81, 90, 222, 2),
    }
    numbers: dict[str, str] = {}
    for name, (day, month, year, individual, remainder) in wanted.items():
        for step in range(50):
            number = make_number(day, month, year, individual + step, remainder)
            if number is not None:
                numbers[name] = number
                break
    assert len(numbers) == len(wanted)
    return numbers


# What people put between the groups, including nothing visible at all.
SEPARATORS = {
    "space": " ",
    "two-spaces": "  ",
    "tab": "\t",
    "line-break": "\n",
    "windows-line-break": "\r\n",
    "no-break-space": "\u00a0",
    "narrow-no-break-space": "\u202f",
    "dot": ".",
    "dot-space": ". ",
    "slash": "/",
    "hyphen": "-",
    "spaced-hyphen": " - ",
    "en-dash": "\u2013",
    "em-dash": "\u2014",
    "minus-sign": "\u2212",
    "comma": ",",
    "bracket": ")(",
    "zero-width-space": "\u200b",
    "zero-width-joiner": "\u200d",
    "zero-width-non-joiner": "\u200c",
    "word-joiner": "\u2060",
    "bom": "\ufeff",
    "soft-hyphen": "\u00ad",
}
# Where the groups start, after the digit at that index; () is all eleven digits in one run.
GROUPINGS = {
    "11": (),
    "6+5": (6,),
    "2+2+2+5": (2, 4, 6),
    "2+2+2+3+2": (2, 4, 6, 9),
    "6+3+2": (6, 9),
}
# Digit scripts: NFKC maps full-width digits; the rest are Unicode decimal digits of their own.
SCRIPTS = {
    "ascii": ord("0"),
    "full-width": 0xFF10,
    "arabic-indic": 0x0660,
    "extended-arabic-indic": 0x06F0,
    "devanagari": 0x0966,
}


def render(number: str, separator: str, grouping: tuple[int, ...], script: int) -> str:
    digits = "".join(chr(script + int(d)) for d in number)
    cuts = (0, *grouping, len(digits))
    return separator.join(digits[a:b] for a, b in itertools.pairwise(cuts))


def renderings() -> Iterator[tuple[str, str, str]]:
    """(label, number, rendering) for every number × separator × grouping × script; the grouping "11" is
    written once per number and script (it has no separator)."""
    for name, number in fictional_numbers().items():
        for script_name, script in SCRIPTS.items():
            for grouping_name, grouping in GROUPINGS.items():
                separators = SEPARATORS.items() if grouping else [("none", "")]
                for separator_name, separator in separators:
                    label = f"{name}/{grouping_name}/{separator_name}/{script_name}"
                    yield label, number, render(number, separator, grouping, script)
