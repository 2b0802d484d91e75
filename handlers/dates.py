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
  today (refused if that hour has passed), ``2. desember`` typed on 3 December means next year.
- A bare weekday is the first such day after today. Typed on that same weekday it is refused: it
  could mean today or a week from now.
- ``neste fredag`` is read by some as "the first Friday after today" and by others as "Friday
  next week". It is accepted only when the two are the same day; otherwise both dates are shown
  and the user writes the one meant.
- ``10.30`` is a time. A form that could be a date or a time (``14.12``) is a date when another
  time is given, a time when another date is given, and refused otherwise. ``14.12.`` with its
  final dot is a date, unless the dot ends the text (it may be a full stop).
- A time range (``kl 10-12``) counts as two candidate times and is refused: we store one start.
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


def format_date(day: date) -> str:
    """`torsdag 14. januar 2027`: the one way a date is shown to people."""
    return f"{WEEKDAYS[day.weekday()]} {day.day}. {MONTHS[day.month - 1]} {day.year}"


def format_when(moment: datetime) -> str:
    """`torsdag 14. januar 2027 kl. 10:00`: the one way a meeting time is shown to people."""
    return f"{format_date(moment.date())} kl. {moment:%H:%M}"


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
_HOUR_MINUTE = r"[0-9]{1,2}(?:[.:][0-9]{2})?"
# A second time after a dash, "til" or "eller" (kl 10-12, kl 10 eller 11): flagged, then refused.
_SECOND_TIME = (
    rf"\s*(?:-|til|eller)\s*(?:{_CLOCK}\s*)?{_HOUR_MINUTE}(?![0-9/]|[.:][0-9]|\.\s*[a-z])"
)
_WEEKDAY = _alternation(_WEEKDAY_WORDS)
_KEYWORDS = rf"(?:kl|klokka|klokken|fra|til|og|eller|den|pa|i|om|neste|{_WEEKDAY})\b"

# Alternatives are tried in order at each position; each is wrapped in a named group whose name
# is the token kind (``match.lastgroup``).
_TOKEN: Final = re.compile(
    rf"""
    (?P<ISO>(?P<iso>[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}})(?![0-9]))
    |(?P<CLOCK>(?:fra\s+)?{_CLOCK}\s*(?P<clock_h>[0-9]{{1,2}})(?:[.:](?P<clock_m>[0-9]{{2}}))?(?![0-9])
        (?P<clock_second>{_SECOND_TIME})?)
    |(?P<COLON>(?P<colon_h>[0-9]{{1,2}}):(?P<colon_m>[0-9]{{2}})(?![0-9])(?P<colon_second>{_SECOND_TIME})?)
    |(?P<DMY>(?P<dmy_d>[0-9]{{1,2}})\.(?P<dmy_m>[0-9]{{1,2}})\.(?P<dmy_y>[0-9]{{4}}|[0-9]{{2}})(?![0-9]))
    |(?P<SLASH>(?P<slash_d>[0-9]{{1,2}})/(?P<slash_m>[0-9]{{1,2}})
        (?:[-/.](?P<slash_y>[0-9]{{4}}|[0-9]{{2}})|\s+(?P<slash_y2>20[0-9]{{2}}))?(?![0-9/]))
    |(?P<NAMED>(?P<named_d>[0-9]{{1,2}})\.?\s*(?!{_KEYWORDS})(?P<named_w>[a-z]{{3,10}})\b\.?
        (?:\s*(?P<named_y>20[0-9]{{2}})(?![0-9]))?)
    |(?P<DM>(?P<dm_d>[0-9]{{1,2}})\.(?P<dm_m>[0-9]{{1,2}})(?P<dm_dot>\.)?
        (?:\s+(?P<dm_y>20[0-9]{{2}}))?(?![0-9:]))
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


def parse_meeting_time(text: str, now: datetime, tz: ZoneInfo) -> datetime:
    """Read a Norwegian meeting time (``tirsdag 14. januar kl. 10``) as an aware datetime in ``tz``.

    ``now`` should be aware; a naive ``now`` is taken as wall time in ``tz``. Raises
    :class:`MeetingTimeError` (and nothing else) for anything not certainly meant as one future
    moment: unknown words, impossible dates or times, a weekday that does not fit the date, no
    date, no time, two candidates, a moment in the past, or a wall time that daylight saving
    skips or repeats.
    """
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
    day = _the_day(found, ctx, hint)
    if len(found.times) > 1 or found.second_time:
        raise MeetingTimeError(
            texts.MEETING_TIME_TWO_TIMES.format(example=_example(ctx, day, hint)), "two_times"
        )
    if not found.times:
        raise MeetingTimeError(texts.MEETING_TIME_NO_TIME.format(example=_example(ctx, day)), "no_time")
    hour, minute = found.times[0]
    return _the_moment(day, hour, minute, ctx)


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
        found.second_time = found.second_time or group("clock_second") is not None
    elif kind == "COLON":
        found.times.append(_clock(int(group("colon_h")), int(group("colon_m")), source, ctx))
        found.second_time = found.second_time or group("colon_second") is not None
    elif kind == "DMY":
        year = _year(group("dmy_y"))
        found.dates.append(_calendar_date(year, int(group("dmy_m")), int(group("dmy_d")), source, ctx))
    elif kind == "SLASH":
        year = _year(group("slash_y") or group("slash_y2"))
        found.dates.append(_calendar_date(year, int(group("slash_m")), int(group("slash_d")), source, ctx))
    elif kind == "NAMED":
        month = _month_number(group("named_w"))
        if month is None:
            raise _not_understood(original, match.start("named_w"), ctx)
        found.dates.append(_calendar_date(_year(group("named_y")), month, int(group("named_d")), source, ctx))
    elif kind == "DM":
        first, second = int(group("dm_d")), int(group("dm_m"))
        final_dot = group("dm_dot") is not None and _ONLY_DOTS_LEFT.match(folded, match.end()) is not None
        if group("dm_y"):
            found.dates.append(_calendar_date(_year(group("dm_y")), second, first, source, ctx))
        elif len(group("dm_m")) == 1 or (group("dm_dot") and not final_dot):
            found.dates.append(_calendar_date(None, second, first, source, ctx))  # 14.1 or 14.12. kl 10
        else:
            found.either.append(_Either(first, second, source.rstrip(".")))
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
        elif found.dates:  # another date is given, so this is the time
            found.times.append((either.first, either.second))
        else:
            raise MeetingTimeError(
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


def _coming_weekday(weekday: int, ctx: _Context, hint: tuple[int, int] | None) -> date:
    """``fredag``: the first Friday after today; refused on a Friday (today, or in a week?)."""
    today = ctx.today
    if weekday == today.weekday():
        in_a_week = today + timedelta(days=7)
        raise MeetingTimeError(
            texts.MEETING_TIME_WEEKDAY_IS_TODAY.format(
                weekday=WEEKDAYS[weekday],
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
    clock = f"kl. {hour}" if minute == 0 else f"kl. {hour}.{minute:02d}"
    return f"{_day_phrase(day, ctx)} {clock}"


def _day_phrase(day: date, ctx: _Context) -> str:
    """``fredag 4. desember``, with the year only when leaving it out would mean another day."""
    phrase = f"{WEEKDAYS[day.weekday()]} {day.day}. {MONTHS[day.month - 1]}"
    today = ctx.today
    next_occurrence_year = today.year if (day.month, day.day) >= (today.month, today.day) else today.year + 1
    return phrase if day.year == next_occurrence_year else f"{phrase} {day.year}"
