"""Norwegian meeting times: how we print them and how we read them.

Reading is strict because a wrong date in a call for cases is worse than none. dateparser alone
gets most Norwegian phrasings wrong (measured with 1.5.0: ``tirsdag 14. januar kl 10`` → 14 January
2110 at 00:00, ``fredag kl 10`` → the 10th of the month, ``i morgen kl. 13.15`` → 09:00). So a small
Norwegian grammar reads the phrase, dateparser's ``nb`` locale names the months (``jan.``, ``mars``,
``des``), and the checks behind it are ours: the weekday matches the date, the moment exists in the
time zone, and it lies ahead. When in doubt we refuse, with a sentence that says what was wrong and
an example that works at that moment.

Choices a reader should know:

- A year-less date is its next occurrence counting today: ``14. januar`` typed on 14 January means
  today (refused if that hour has passed); see below for one that has just passed.
- A bare weekday is the first such day after today. Typed on that same weekday it is refused: it
  could mean today or a week from now.
- ``neste fredag`` is read by some as "the first Friday after today" and by others as "Friday
  next week". It is accepted only when the two are the same day; otherwise both dates are shown
  and the user writes the one meant.
- ``10.30`` is a time. A form that could be a date or a time (``14.12``) is a date when another
  time is given, a time when another date is given, and refused otherwise. ``14.12.`` with its
  final dot is a date, unless the dot ends the text (it may be a full stop).
- Times said in words (``kl ti``, ``halv ti``, ``kvart over ti``, ``kvart på ti``) name an hour
  1–12 on a twelve-hour dial; we take the reading between 08.00 and 18.59 (``kl to`` is 14.00,
  ``halv ti`` is 09.30) and refuse when neither reading is there (``kl sju``: 07.00 or 19.00?). A
  number word alone (``fredag ti``) is not a time.
- A time range (``kl 10-12``, ``kl 10 til 12``, ``10.00–12.00``) is a start and an end on the same
  day: :func:`parse_meeting_span` gives both, :func:`parse_meeting_time` the start. An end not
  after the start is refused. ``kl 10 eller 11`` is two candidates and refused. A dotted range
  whose start could be a date (``10.12-12.00``) is refused as unclear.
- ``tirsdag neste uke`` is the Tuesday of the next calendar week (weeks begin on Monday).
- A year-less date whose next occurrence is more than 304 days (about ten months) ahead is
  refused: ``1. desember`` typed on 8 December has most likely just passed, and a meeting planned
  almost a year ahead can be written with its year (``1. desember 2027 kl 10``), which we accept.
- A bare weekday typed on that same weekday means a week from now when the time given has already
  passed today (``tirsdag kl 10`` on a Tuesday evening); before that time it is refused.
- Daylight saving: a wall time skipped in spring is refused. A wall time that occurs twice in
  autumn is refused too, rather than resolved silently: a meeting at 02:30 is a typo far more often
  than a plan, and the user can simply pick another time.
- A moment more than two years ahead is refused as a likely typo in the year.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Final
from zoneinfo import ZoneInfo

from handlers import texts

if TYPE_CHECKING:
    from collections.abc import Mapping

_LOGGER = logging.getLogger(__name__)

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)

#: Longer input is not a meeting time; refusing it early also bounds the work per call.
MAX_TEXT_LENGTH: Final = 100
#: A moment further ahead than this is taken to be a typo in the year.
MAX_DAYS_AHEAD: Final = 731
#: A year-less date further ahead than this (about ten months) has most likely just passed: refused.
YEARLESS_MAX_DAYS_AHEAD: Final = 304
#: Times said in words are read on the twelve-hour dial as the reading within these hours.
SPOKEN_HOURS: Final = (time(8, 0), time(19, 0))


def format_date(day: date) -> str:
    """`torsdag 14. januar 2027`: the one way a date is shown to people."""
    return f"{WEEKDAYS[day.weekday()]} {day.day}. {MONTHS[day.month - 1]} {day.year}"


def format_when(moment: datetime, end: datetime | None = None) -> str:
    """`torsdag 14. januar 2027 kl. 10.00`: the one way a meeting time is shown to people (Språkrådet:
    a full stop between hours and minutes); with the end, if known (the same day), `… kl. 10.00–12.00`."""
    shown = f"{format_date(moment.date())} kl. {format_clock(moment)}"
    return shown if end is None else f"{shown}–{format_clock(end)}"


def format_clock(moment: datetime) -> str:
    """`10.00`: a time of day as Språkrådet writes it."""
    return f"{moment:%H.%M}"


class MeetingTimeError(ValueError):
    """A meeting time we will not accept. ``str()`` and ``.message`` are the Norwegian sentence to show.

    ``reason`` is a short code for programs and tests (``"wrong_weekday"``, ``"past"``, ...); people
    only ever see the message.
    """

    def __init__(self, message: str, reason: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason

    def __str__(self) -> str:
        return self.message


# --- reading: text is folded (lower case, ø→o, å→a) with positions kept, then tokenised ---------

_FOLD: Final = str.maketrans({
    "ø": "o", "å": "a", "é": "e", "è": "e", "ê": "e", "ó": "o", "ò": "o", "ô": "o",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
})

_WEEKDAY_WORDS: Final[Mapping[str, int]] = {
    "mandag": 0, "man": 0,
    "tirsdag": 1, "tirs": 1, "tir": 1,
    "onsdag": 2, "ons": 2,
    "torsdag": 3, "tors": 3, "tor": 3,
    "fredag": 4, "fre": 4,
    "lordag": 5, "loerdag": 5, "lor": 5,
    "sondag": 6, "soendag": 6, "son": 6,
}
_NUMBER_WORDS: Final[Mapping[str, int]] = {
    "en": 1, "ett": 1, "ei": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7,
    "syv": 7, "atte": 8, "aatte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12,
}
_RELATIVE_DAYS: Final[Mapping[str, int]] = {"dag": 0, "morgen": 1, "overmorgen": 2}
_UNIT_DAYS: Final[Mapping[str, int]] = {"uke": 7, "uker": 7, "dag": 1, "dager": 1, "dogn": 1}
#: Abbreviations dateparser's nb locale does not know, mapped to ones it does.
_MONTH_ALIASES: Final[Mapping[str, str]] = {"febr": "feb", "sept": "sep", "septr": "sep"}
#: Days in each month in a leap year: whether a day/month pair can be a date at all.
_MAX_DAY: Final = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _alternation(words: Mapping[str, int]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_CLOCK = r"(?:kl\.?|klokka|klokken)"


def _second_time(name: str) -> str:
    """A second time after a dash, "til" or "eller": the end of a range (kl 10-12, kl 10 til 12), or,
    after "eller", a second candidate (kl 10 eller 11), refused."""
    return (
        rf"(?P<{name}>\s*(?P<{name}_sep>-|til|eller)\s*(?:{_CLOCK}\s*)?"
        rf"(?P<{name}_h>[0-9]{{1,2}})(?:[.:](?P<{name}_m>[0-9]{{2}}))?(?![0-9/]|[.:][0-9]|\.\s*[a-z]))?"
    )


_WEEKDAY = _alternation(_WEEKDAY_WORDS)
_HOUR_WORD = rf"(?:{_alternation(_NUMBER_WORDS)}|[0-9]{{1,2}})"
_KEYWORDS = rf"(?:kl|klokka|klokken|fra|til|og|eller|den|pa|i|om|neste|halv|kvart|{_WEEKDAY})\b"
#: Minutes from the hour said: "halv ti" is 09.30, "kvart på ti" 09.45, "kvart over ti" 10.15.
_SPOKEN_OFFSETS: Final[Mapping[str, int]] = {"halv": -30, "kvart pa": -15, "kvart over": 15}

# Alternatives are tried in order at each position; each is wrapped in a named group whose name
# is the token kind (``match.lastgroup``).
_TOKEN: Final = re.compile(
    rf"""
    (?P<ISO>(?P<iso>[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}})(?![0-9]))
    |(?P<CLOCK>(?:fra\s+)?{_CLOCK}\s*(?P<clock_h>[0-9]{{1,2}})(?:[.:](?P<clock_m>[0-9]{{2}}))?(?![0-9])
        {_second_time("clock_second")})
    |(?P<SPOKEN>(?:fra\s+)?(?:{_CLOCK}\s*)?(?P<spoken_part>halv|kvart\s+over|kvart\s+pa)\s+
        (?P<spoken_h>{_HOUR_WORD})\b)
    |(?P<SPOKENCLOCK>(?:fra\s+)?{_CLOCK}\s*(?P<spoken_word>{_alternation(_NUMBER_WORDS)})\b)
    |(?P<COLON>(?P<colon_h>[0-9]{{1,2}}):(?P<colon_m>[0-9]{{2}})(?![0-9]){_second_time("colon_second")})
    |(?P<DMY>(?P<dmy_d>[0-9]{{1,2}})\.(?P<dmy_m>[0-9]{{1,2}})\.(?P<dmy_y>[0-9]{{4}}|[0-9]{{2}})(?![0-9]))
    |(?P<SLASH>(?P<slash_d>[0-9]{{1,2}})/(?P<slash_m>[0-9]{{1,2}})
        (?:[-/.](?P<slash_y>[0-9]{{4}}|[0-9]{{2}})|\s+(?P<slash_y2>20[0-9]{{2}}))?(?![0-9/]))
    |(?P<NAMED>(?P<named_d>[0-9]{{1,2}})\.?\s*(?!{_KEYWORDS})(?P<named_w>[a-z]{{3,10}})\b\.?
        (?:\s*(?P<named_y>20[0-9]{{2}})(?![0-9]))?)
    |(?P<DOTRANGE>(?P<dr_h>[0-9]{{1,2}})\.(?P<dr_m>[0-9]{{2}})(?![0-9])\s*(?:-|til)\s*(?:{_CLOCK}\s*)?
        (?P<dr_h2>[0-9]{{1,2}})(?:[.:](?P<dr_m2>[0-9]{{2}}))?(?![0-9/]|[.:][0-9]|\.\s*[a-z]))
    |(?P<DM>(?P<dm_d>[0-9]{{1,2}})\.(?P<dm_m>[0-9]{{1,2}})(?P<dm_dot>\.)?
        (?:\s+(?P<dm_y>20[0-9]{{2}}))?(?![0-9:]))
    |(?P<NEXTWEEK>(?:i\s+)?neste\s+uke\b)
    |(?P<WEEKDAY>(?P<weekday_next>neste\s+)?(?P<weekday>{_WEEKDAY})\b\.?)
    |(?P<RELDAY>i\s*(?P<relday>overmorgen|morgen|dag)\b)
    |(?P<OFFSET>om\s+(?P<offset_n>[0-9]{{1,3}}|{_alternation(_NUMBER_WORDS)})\s+
        (?P<offset_unit>{_alternation(_UNIT_DAYS)})\b)
    |(?P<FILLER>(?:den|pa|fra|til|og|eller)\b|[-.])
    """,
    re.VERBOSE,
)
_SEPARATORS: Final = re.compile(r"[\s,;!?()«»\"']+")
_ONLY_DOTS_LEFT: Final = re.compile(r"[\s.!?]*\Z")


@dataclass(frozen=True)
class _Context:
    now: datetime  # aware, in tz
    today: date
    tz: ZoneInfo


@dataclass(frozen=True)
class _Either:
    """``14.12``: day 14 of December or 14:12; settled by what else the text says."""

    first: int
    second: int
    source: str


@dataclass
class _Found:
    dates: list[date] = field(default_factory=list)
    weekdays: list[int] = field(default_factory=list)
    next_weekdays: list[int] = field(default_factory=list)
    times: list[tuple[int, int]] = field(default_factory=list)
    either: list[_Either] = field(default_factory=list)
    second_time: bool = False
    end: tuple[int, int] | None = None  # the end of a range (kl 10-12)
    next_week: int = 0  # how often "neste uke" was said
    yearless_far: list[date] = field(default_factory=list)  # year-less dates almost a year ahead


@dataclass(frozen=True)
class MeetingSpan:
    """When a meeting begins and, if the text said so (``kl 10-12``), when it ends (the same day)."""

    start: datetime
    end: datetime | None = None


def parse_meeting_time(text: str, now: datetime, tz: ZoneInfo) -> datetime:
    """Read a Norwegian meeting time (``tirsdag 14. januar kl. 10``) as an aware datetime in ``tz``.

    ``now`` should be aware; a naive ``now`` is taken as wall time in ``tz``. Raises
    :class:`MeetingTimeError` (and nothing else) for anything not certainly meant as one future
    moment: unknown words, impossible dates or times, a weekday that does not fit the date, no
    date, no time, two candidates, a moment in the past, or a wall time that daylight saving
    skips or repeats. A range (``kl 10-12``) gives its start; :func:`parse_meeting_span` its end too.
    """
    return parse_meeting_span(text, now, tz).start


def parse_meeting_span(text: str, now: datetime, tz: ZoneInfo) -> MeetingSpan:
    """:func:`parse_meeting_time` with the end of a range too (``end`` is None when none was given)."""
    local_now = now.replace(tzinfo=tz) if now.tzinfo is None else now.astimezone(tz)
    ctx = _Context(now=local_now, today=local_now.date(), tz=tz)
    original = unicodedata.normalize("NFC", text).strip()
    if not original:
        raise MeetingTimeError(texts.MEETING_TIME_EMPTY.format(example=_example(ctx)), "empty")
    if len(original) > MAX_TEXT_LENGTH:
        raise MeetingTimeError(texts.MEETING_TIME_TOO_LONG.format(example=_example(ctx)), "too_long")

    found = _scan(original, _fold(original), ctx)
    _settle_either(found, ctx)
    hint = found.times[0] if len(found.times) == 1 else None
    if found.yearless_far:
        raise _year_needed(found.yearless_far[0], ctx, hint)
    day = _the_day(found, ctx, hint)
    if len(found.times) > 1 or found.second_time:
        raise MeetingTimeError(
            texts.MEETING_TIME_TWO_TIMES.format(example=_example(ctx, day, hint)), "two_times"
        )
    if not found.times:
        raise MeetingTimeError(texts.MEETING_TIME_NO_TIME.format(example=_example(ctx, day)), "no_time")
    hour, minute = found.times[0]
    start = _the_moment(day, hour, minute, ctx)
    if found.end is None:
        return MeetingSpan(start)
    if found.end <= (hour, minute):
        raise MeetingTimeError(
            texts.MEETING_TIME_END_BEFORE_START.format(
                start=_clock_phrase(hour, minute),
                end=_clock_phrase(*found.end),
                example=_example(ctx, day, (10, 0)) + "-12",
            ),
            "end_before_start",
        )
    return MeetingSpan(start, _the_moment(day, found.end[0], found.end[1], ctx))


def _fold(text: str) -> str:
    """Lower case without æøå variants, keeping every character at its position (for quoting)."""
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two; keep those as they are
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return low.translate(_FOLD)


def _scan(original: str, folded: str, ctx: _Context) -> _Found:
    found = _Found()
    pos = 0
    end = len(folded)
    dangling: int | None = None  # where a trailing "til", "eller", "-" ... began: the text stops short
    while True:
        gap = _SEPARATORS.match(folded, pos)
        if gap:
            pos = gap.end()
        if pos >= end:
            if dangling is not None:
                word = original[dangling:].split(maxsplit=1)[0]
                raise MeetingTimeError(
                    texts.MEETING_TIME_UNFINISHED.format(word=word, example=_example(ctx)), "not_understood"
                )
            return found
        match = _TOKEN.match(folded, pos)
        stop = match.end() if match else 0
        if match is None or (stop < end and folded[stop - 1].isalnum() and folded[stop].isalnum()):
            raise _not_understood(original, pos, ctx)
        dangling = pos if match.lastgroup == "FILLER" and match.group() != "." else None
        _take(match, original, folded, found, ctx)
        pos = stop


def _take(match: re.Match[str], original: str, folded: str, found: _Found, ctx: _Context) -> None:
    """Record one token in ``found``; impossible dates and times are refused here."""
    kind = match.lastgroup
    source = original[match.start():match.end()].strip()
    group = match.group
    if kind == "ISO":
        try:
            found.dates.append(date.fromisoformat(_iso(group("iso"))))
        except ValueError:
            raise _impossible_date(source, ctx) from None
    elif kind == "CLOCK":
        found.times.append(_clock(int(group("clock_h")), int(group("clock_m") or 0), source, ctx))
        _take_second_time(match, "clock_second", source, found, ctx)
    elif kind == "COLON":
        found.times.append(_clock(int(group("colon_h")), int(group("colon_m")), source, ctx))
        _take_second_time(match, "colon_second", source, found, ctx)
    elif kind == "SPOKEN":
        hour_word = group("spoken_h")
        hour = int(hour_word) if hour_word.isdigit() else _NUMBER_WORDS[hour_word]
        offset = _SPOKEN_OFFSETS[" ".join(group("spoken_part").split())]
        found.times.append(_spoken(hour, offset, source, ctx))
    elif kind == "SPOKENCLOCK":
        found.times.append(_spoken(_NUMBER_WORDS[group("spoken_word")], 0, source, ctx))
    elif kind == "DOTRANGE":
        first, second = int(group("dr_h")), int(group("dr_m"))
        if 1 <= second <= 12 and 1 <= first <= _MAX_DAY[second - 1]:  # 10.12-12.00: 10 December?
            raise _date_or_time(_Either(first, second, f"{group('dr_h')}.{group('dr_m')}"), ctx)
        found.times.append(_clock(first, second, source, ctx))
        found.end = _clock(int(group("dr_h2")), int(group("dr_m2") or 0), source, ctx)
    elif kind == "DMY":
        year = _year(group("dmy_y"))
        found.dates.append(_calendar_date(year, int(group("dmy_m")), int(group("dmy_d")), source, ctx))
    elif kind == "SLASH":
        year = _year(group("slash_y") or group("slash_y2"))
        found.dates.append(_calendar_date(year, int(group("slash_m")), int(group("slash_d")), source, ctx))
        _check_yearless(year, found, ctx)
    elif kind == "NAMED":
        month = _month_number(group("named_w"))
        if month is None:
            raise _not_understood(original, match.start("named_w"), ctx)
        found.dates.append(_calendar_date(_year(group("named_y")), month, int(group("named_d")), source, ctx))
        _check_yearless(_year(group("named_y")), found, ctx)
    elif kind == "DM":
        first, second = int(group("dm_d")), int(group("dm_m"))
        final_dot = group("dm_dot") is not None and _ONLY_DOTS_LEFT.match(folded, match.end()) is not None
        if group("dm_y"):
            found.dates.append(_calendar_date(_year(group("dm_y")), second, first, source, ctx))
        elif len(group("dm_m")) == 1 or (group("dm_dot") and not final_dot):
            found.dates.append(_calendar_date(None, second, first, source, ctx))  # 14.1 or 14.12. kl 10
            _check_yearless(None, found, ctx)
        else:
            found.either.append(_Either(first, second, source.rstrip(".")))
    elif kind == "NEXTWEEK":
        found.next_week += 1
    elif kind == "WEEKDAY":
        weekday = _WEEKDAY_WORDS[group("weekday")]
        (found.next_weekdays if group("weekday_next") else found.weekdays).append(weekday)
    elif kind == "RELDAY":
        found.dates.append(ctx.today + timedelta(days=_RELATIVE_DAYS[group("relday")]))
    elif kind == "OFFSET":
        count = group("offset_n")
        number = int(count) if count.isdigit() else _NUMBER_WORDS[count]
        found.dates.append(ctx.today + timedelta(days=number * _UNIT_DAYS[group("offset_unit")]))
    # FILLER ("den", "på", "fra", a dash or a full stop) carries no meaning.


def _take_second_time(match: re.Match[str], name: str, source: str, found: _Found, ctx: _Context) -> None:
    """``kl 10-12``: the end of the range; ``kl 10 eller 11``: a second candidate (refused later)."""
    if match.group(name) is None:
        return
    if match.group(f"{name}_sep") == "eller":
        found.second_time = True
        return
    found.end = _clock(int(match.group(f"{name}_h")), int(match.group(f"{name}_m") or 0), source, ctx)


def _spoken(hour: int, offset: int, source: str, ctx: _Context) -> tuple[int, int]:
    """``halv ti`` (hour 10, offset -30) → 09.30: the twelve-hour reading within SPOKEN_HOURS.

    Digits above 12 (``halv 20``) are read on the 24-hour clock as written."""
    impossible = MeetingTimeError(
        texts.MEETING_TIME_IMPOSSIBLE_TIME.format(text=source, example=_example(ctx)), "impossible_time"
    )
    if hour == 0 or hour > 24:
        raise impossible
    if hour > 12:
        total = hour * 60 + offset
        if total >= 24 * 60:
            raise impossible
        return divmod(total, 60)
    morning, evening = hour * 60 + offset, (hour + 12) * 60 + offset
    low, high = (t.hour * 60 + t.minute for t in SPOKEN_HOURS)
    fitting = [total for total in (morning, evening) if low <= total < high]
    if not fitting:
        raise MeetingTimeError(
            texts.MEETING_TIME_SPOKEN_AMBIGUOUS.format(
                text=source,
                morning="{:02d}.{:02d}".format(*divmod(morning % (24 * 60), 60)),
                evening="{:02d}.{:02d}".format(*divmod(evening % (24 * 60), 60)),
                example=_example(ctx),
            ),
            "spoken_ambiguous",
        )
    return divmod(fitting[0], 60)


def _check_yearless(year: int | None, found: _Found, ctx: _Context) -> None:
    """Note a year-less date (the one just found) that lies almost a year ahead: it has most likely passed."""
    if year is None and (found.dates[-1] - ctx.today).days > YEARLESS_MAX_DAYS_AHEAD:
        found.yearless_far.append(found.dates[-1])


def _year(digits: str | None) -> int | None:
    """``27`` → 2027, ``2027`` → 2027; no year → None (the date's next occurrence)."""
    if not digits:
        return None
    return int(digits) + (2000 if len(digits) == 2 else 0)


def _iso(text: str) -> str:
    """``2027-1-4`` → ``2027-01-04``: date.fromisoformat in 3.11 wants two-digit fields."""
    year, month, day = text.split("-")
    return f"{year}-{month.zfill(2)}-{day.zfill(2)}"


def _clock(hour: int, minute: int, source: str, ctx: _Context) -> tuple[int, int]:
    if hour > 23 or minute > 59:
        raise MeetingTimeError(
            texts.MEETING_TIME_IMPOSSIBLE_TIME.format(text=source, example=_example(ctx)),
            "impossible_time",
        )
    return hour, minute


def _calendar_date(year: int | None, month: int, day: int, source: str, ctx: _Context) -> date:
    """The date meant; a year-less date is its next occurrence counting today."""
    if not (1 <= month <= 12 and 1 <= day <= _MAX_DAY[month - 1]):
        raise _impossible_date(source, ctx)
    if year is None:
        today = ctx.today
        year = today.year if (month, day) >= (today.month, today.day) else today.year + 1
    try:
        return date(year, month, day)
    except ValueError:  # 29 February outside a leap year, or year 0
        if month == 2 and day == 29 and year >= 1:
            raise MeetingTimeError(
                texts.MEETING_TIME_NO_LEAP_DAY.format(year=year, example=_example(ctx)), "impossible_date"
            ) from None
        raise _impossible_date(source, ctx) from None


@functools.lru_cache(maxsize=256)
def _month_number(word: str) -> int | None:
    """The month a Norwegian month word names (``jan``, ``mars``, ``des``), read by dateparser's nb locale.

    dateparser is asked about ``1 <word> 2000`` and believed only if it returns that very day and
    the word begins like the month's own name: relative words (``1 uke 2000``) come back as some
    other day and are rejected.
    """
    probe = _MONTH_ALIASES.get(word, word)
    try:
        result: Any = _month_reader().get_date_data(f"1 {probe} 2000").date_obj
    except Exception:  # the engine must never turn a typo into a crash
        _LOGGER.warning("dateparser failed on a month word probe", exc_info=True)
        return None
    if not isinstance(result, datetime) or (result.year, result.day) != (2000, 1):
        return None
    if not probe.startswith(MONTHS[result.month - 1][:3]):
        return None
    return result.month


@functools.cache
def _month_reader() -> Any:
    """One dateparser reader, built on first use (importing dateparser costs ~80 ms)."""
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["nb"],  # never auto-detect: slow, and it guesses wrong on short text
        settings={
            "DATE_ORDER": "DMY",
            "STRICT_PARSING": True,
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )


def _settle_either(found: _Found, ctx: _Context) -> None:
    """Decide whether each ``14.12`` is a date or a time, or refuse when the text does not say."""
    undecided: list[_Either] = []
    for either in found.either:
        can_be_time = either.first <= 23 and either.second <= 59
        can_be_date = 1 <= either.second <= 12 and 1 <= either.first <= _MAX_DAY[either.second - 1]
        if can_be_time and not can_be_date:
            found.times.append((either.first, either.second))
        elif can_be_date and not can_be_time:
            found.dates.append(_calendar_date(None, either.second, either.first, either.source, ctx))
            _check_yearless(None, found, ctx)
        elif not can_be_date:
            raise MeetingTimeError(
                texts.MEETING_TIME_IMPOSSIBLE_TIME.format(text=either.source, example=_example(ctx)),
                "impossible_time",
            )
        else:
            undecided.append(either)
    for either in undecided:
        if found.times:  # another time is given, so this is the date
            found.dates.append(_calendar_date(None, either.second, either.first, either.source, ctx))
            _check_yearless(None, found, ctx)
        elif found.dates:  # another date is given, so this is the time
            found.times.append((either.first, either.second))
        else:
            raise _date_or_time(either, ctx)


def _date_or_time(either: _Either, ctx: _Context) -> MeetingTimeError:
    return MeetingTimeError(
        texts.MEETING_TIME_DATE_OR_TIME.format(
            text=either.source,
            as_date=f"{either.first}. {MONTHS[either.second - 1]}",
            as_time=f"kl. {either.first}.{either.second:02d}",
            example=_example(ctx),
        ),
        "date_or_time",
    )


def _the_day(found: _Found, ctx: _Context, hint: tuple[int, int] | None) -> date:
    """The one day the text names, with any weekday given checked against it."""
    if found.next_week:
        return _weekday_next_week(found, ctx, hint)
    named = len(set(found.dates)) + len(found.next_weekdays)
    if named == 0:  # a bare weekday names the day; otherwise weekdays are checks on the date
        named = len(found.weekdays)
    if named > 1:
        raise MeetingTimeError(texts.MEETING_TIME_TWO_DATES.format(example=_example(ctx)), "two_dates")
    if named == 0:
        raise MeetingTimeError(texts.MEETING_TIME_NO_DATE.format(example=_example(ctx)), "no_date")
    if found.dates:
        day = found.dates[0]
    elif found.next_weekdays:
        day = _next_weekday(found.next_weekdays[0], ctx, hint)
    else:
        return _coming_weekday(found.weekdays[0], ctx, hint)
    for weekday in found.weekdays:
        if weekday != day.weekday():
            raise MeetingTimeError(
                texts.MEETING_TIME_WRONG_WEEKDAY.format(
                    date=f"{day.day}. {MONTHS[day.month - 1]} {day.year}",
                    actual=WEEKDAYS[day.weekday()],
                    given=WEEKDAYS[weekday],
                    example=_example(ctx, day, hint),
                ),
                "wrong_weekday",
            )
    return day


def _weekday_next_week(found: _Found, ctx: _Context, hint: tuple[int, int] | None) -> date:
    """``tirsdag neste uke``: the Tuesday of the next calendar week (weeks begin on Monday)."""
    next_monday = ctx.today + timedelta(days=7 - ctx.today.weekday())
    if found.next_week > 1 or found.dates or found.next_weekdays or len(set(found.weekdays)) > 1:
        raise MeetingTimeError(texts.MEETING_TIME_TWO_DATES.format(example=_example(ctx)), "two_dates")
    if not found.weekdays:
        raise MeetingTimeError(
            texts.MEETING_TIME_WHICH_DAY_NEXT_WEEK.format(example=_example(ctx, next_monday + timedelta(days=1), hint)),
            "no_date",
        )
    return next_monday + timedelta(days=found.weekdays[0])


def _coming_weekday(weekday: int, ctx: _Context, hint: tuple[int, int] | None) -> date:
    """``fredag``: the first Friday after today. Typed on a Friday it means a week from now when the time
    given has passed today (its later occurrence, should daylight saving repeat it), and is refused
    otherwise (today, or in a week?)."""
    today = ctx.today
    if weekday == today.weekday():
        in_a_week = today + timedelta(days=7)
        if hint is not None:
            today_at = datetime.combine(today, time(*hint)).replace(tzinfo=ctx.tz, fold=1)
            if today_at.astimezone(UTC) <= ctx.now.astimezone(UTC):
                return in_a_week
        raise MeetingTimeError(
            texts.MEETING_TIME_WEEKDAY_IS_TODAY.format(
                today=_day_phrase(today, ctx),
                next=_day_phrase(in_a_week, ctx),
                example=_example(ctx, in_a_week, hint),
            ),
            "weekday_is_today",
        )
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _next_weekday(weekday: int, ctx: _Context, hint: tuple[int, int] | None) -> date:
    """``neste fredag``: accepted only when both common readings give the same day."""
    today = ctx.today
    first_after_today = today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    in_next_week = today + timedelta(days=7 - today.weekday() + weekday)
    if first_after_today != in_next_week:
        raise MeetingTimeError(
            texts.MEETING_TIME_NEXT_WEEKDAY_AMBIGUOUS.format(
                weekday=WEEKDAYS[weekday],
                first=_day_phrase(first_after_today, ctx),
                second=_day_phrase(in_next_week, ctx),
                example=_example(ctx, in_next_week, hint),
            ),
            "next_weekday_ambiguous",
        )
    return first_after_today


def _the_moment(day: date, hour: int, minute: int, ctx: _Context) -> datetime:
    """The aware moment, if it is ahead of now, not too far ahead, and exists once on the wall clock."""
    wall = datetime.combine(day, time(hour, minute))
    if day < ctx.today:
        raise _past(wall, ctx)
    if (day - ctx.today).days > MAX_DAYS_AHEAD:
        raise MeetingTimeError(
            texts.MEETING_TIME_TOO_FAR.format(when=format_when(wall), example=_example(ctx)), "too_far"
        )
    problem = _daylight_saving_problem(wall, ctx.tz)
    if problem is not None:
        template = (
            texts.MEETING_TIME_NONEXISTENT if problem == "nonexistent" else texts.MEETING_TIME_AMBIGUOUS_DST
        )
        raise MeetingTimeError(template.format(when=format_when(wall), example=_example(ctx, day)), problem)
    moment = wall.replace(tzinfo=ctx.tz)
    if moment.astimezone(UTC) <= ctx.now.astimezone(UTC):
        raise _past(wall, ctx)
    return moment


def _daylight_saving_problem(wall: datetime, tz: ZoneInfo) -> str | None:
    """``"nonexistent"`` for a wall time skipped in spring, ``"ambiguous_dst"`` for one seen twice."""
    earlier = wall.replace(tzinfo=tz, fold=0)
    later = wall.replace(tzinfo=tz, fold=1)
    if earlier.utcoffset() == later.utcoffset():
        return None
    round_trip = earlier.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return "nonexistent" if round_trip != wall else "ambiguous_dst"


# --- refusals ------------------------------------------------------------------------------------

def _not_understood(original: str, pos: int, ctx: _Context) -> MeetingTimeError:
    word = original[pos:].split(maxsplit=1)[0] if original[pos:].strip() else original[pos:]
    if len(word) > 30:
        word = word[:30] + "…"
    return MeetingTimeError(
        texts.MEETING_TIME_NOT_UNDERSTOOD.format(word=word, example=_example(ctx)), "not_understood"
    )


def _impossible_date(source: str, ctx: _Context) -> MeetingTimeError:
    return MeetingTimeError(
        texts.MEETING_TIME_IMPOSSIBLE_DATE.format(text=source, example=_example(ctx)), "impossible_date"
    )


def _past(wall: datetime, ctx: _Context) -> MeetingTimeError:
    return MeetingTimeError(
        texts.MEETING_TIME_PAST.format(when=format_when(wall), example=_example(ctx)), "past"
    )


def _year_needed(day: date, ctx: _Context, hint: tuple[int, int] | None) -> MeetingTimeError:
    """``1. desember`` typed on 8 December: most likely passed; the example writes the year out."""
    hour, minute = hint if hint is not None else (10, 0)
    if _daylight_saving_problem(datetime.combine(day, time(hour, minute)), ctx.tz) is not None:
        hour, minute = 10, 0
    day_month = f"{day.day}. {MONTHS[day.month - 1]}"
    return MeetingTimeError(
        texts.MEETING_TIME_YEAR_NEEDED.format(
            date=day_month,
            next=f"{day_month} {day.year}",
            example=f"{day_month} {day.year} {_clock_phrase(hour, minute)}",
        ),
        "year_needed",
    )


def _clock_phrase(hour: int, minute: int) -> str:
    return f"kl. {hour}" if minute == 0 else f"kl. {hour}.{minute:02d}"


def _example(ctx: _Context, day: date | None = None, hint: tuple[int, int] | None = None) -> str:
    """A phrase this parser accepts right now: the user's own day and time when those work,
    otherwise two weeks from today at 10."""
    if day is not None:
        hour, minute = hint if hint is not None else (10, 0)
        wall = datetime.combine(day, time(hour, minute))
        if (
            ctx.today <= day
            and (day - ctx.today).days <= MAX_DAYS_AHEAD
            and _daylight_saving_problem(wall, ctx.tz) is None
            and wall.replace(tzinfo=ctx.tz) > ctx.now
        ):
            return _moment_phrase(day, hour, minute, ctx)
    return _moment_phrase(ctx.today + timedelta(days=14), 10, 0, ctx)


def _moment_phrase(day: date, hour: int, minute: int, ctx: _Context) -> str:
    return f"{_day_phrase(day, ctx)} {_clock_phrase(hour, minute)}"


def _day_phrase(day: date, ctx: _Context) -> str:
    """``fredag 4. desember``, with the year only when leaving it out would mean another day."""
    phrase = f"{WEEKDAYS[day.weekday()]} {day.day}. {MONTHS[day.month - 1]}"
    today = ctx.today
    next_occurrence_year = today.year if (day.month, day.day) >= (today.month, today.day) else today.year + 1
    if day.year == next_occurrence_year and (day - today).days <= YEARLESS_MAX_DAYS_AHEAD:
        return phrase
    return f"{phrase} {day.year}"
