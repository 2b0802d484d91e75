"""Norwegian meeting times are read as meant, or refused with a reason and an example that works.

The table is read on Thursday 3 December 2026 at 09:00 in Europe/Oslo. bench/bench_dates.py times
the accepted phrases of this same table.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakes.meeting_times import ACCEPTED, NOW, OSLO, RANGES  # shared with bench/bench_dates.py
from handlers.dates import (
    MONTHS,
    WEEKDAYS,
    YEARLESS_MAX_DAYS_AHEAD,
    MeetingTimeError,
    format_date,
    format_when,
    parse_meeting_span,
    parse_meeting_time,
)

_LOGGER = logging.getLogger(__name__)

# (phrase, reason)
REFUSED: list[tuple[str, str]] = [
    ("tirsdag 14. januar kl 10", "wrong_weekday"),
    ("tirsdag 14. januar", "wrong_weekday"),
    ("fredag 14.1. kl 10", "wrong_weekday"),
    ("i morgen torsdag kl 10", "wrong_weekday"),
    ("fredag om en uke kl 10", "wrong_weekday"),
    ("14. januar", "no_time"),
    ("fredag", "no_time"),
    ("i morgen", "no_time"),
    ("om to uker", "no_time"),
    ("kl 10", "no_date"),
    ("10:30", "no_date"),
    ("klokka 18", "no_date"),
    ("30. februar kl 10", "impossible_date"),
    ("31. april kl 10", "impossible_date"),
    ("31.04.2027 kl 10", "impossible_date"),
    ("29. februar kl 10", "impossible_date"),  # the next 29 February would be in 2028
    ("14.13. kl 10", "impossible_date"),
    ("0. januar kl 10", "impossible_date"),
    ("2027-02-30 kl 10", "impossible_date"),
    ("32/1 kl 10", "impossible_date"),
    ("kl 25", "impossible_time"),
    ("14. januar kl 25", "impossible_time"),
    ("14. januar 10:75", "impossible_time"),
    ("14. januar kl 24", "impossible_time"),
    ("14. januar kl. 10.60", "impossible_time"),
    ("fredag 10.75", "impossible_time"),
    ("i dag kl 8", "past"),
    ("i dag kl 9", "past"),  # that is now: not ahead
    ("3. desember kl 8.59", "past"),
    ("02.12.2026 kl 10", "past"),
    ("1. januar 2020 kl 10", "past"),
    ("2026-11-30 10:00", "past"),
    ("14.01.2030 kl 10", "too_far"),
    ("om 200 uker kl 10", "too_far"),
    ("fredag kl 10 eller 11", "two_times"),
    ("fredag kl 10 eller kl 11", "two_times"),
    ("fredag 10:00 kl 11", "two_times"),
    ("fredag kl 10-12 kl 13", "two_times"),
    ("fredag kl 12-10", "end_before_start"),
    ("fredag kl 10-10", "end_before_start"),
    ("fredag 12.00-10.00", "end_before_start"),
    ("fredag kl 10-25", "impossible_time"),
    ("fredag 10.12-12.00", "date_or_time"),  # 10.12 could be 10 December
    ("28. mars 2027 kl 1-2.30", "nonexistent"),  # the end falls in the spring gap
    ("fredag eller lørdag kl 10", "two_dates"),
    ("14. januar 15. januar kl 10", "two_dates"),
    ("i morgen 14. januar kl 10", "two_dates"),
    ("neste fredag kl 10", "next_weekday_ambiguous"),
    ("neste lørdag kl 11", "next_weekday_ambiguous"),
    ("torsdag kl 10", "weekday_is_today"),
    ("28. mars 2027 kl 02:30", "nonexistent"),
    ("28. mars kl 2.30", "nonexistent"),
    ("31. oktober 2027 kl 02:30", "ambiguous_dst"),
    ("fredag 11.11", "date_or_time"),
    ("11.11", "date_or_time"),
    ("lørdag 14.12.", "date_or_time"),
    ("", "empty"),
    ("   ", "empty"),
    ("hei", "not_understood"),
    ("fredag ti", "not_understood"),  # a number word alone is not a time
    ("halv ti", "no_date"),
    ("kl ti", "no_date"),
    ("klokka halv ti", "no_date"),
    ("fredag kl sju", "spoken_ambiguous"),  # 07.00 or 19.00
    ("fredag halv åtte", "spoken_ambiguous"),
    ("fredag kvart over sju", "spoken_ambiguous"),
    ("fredag kvart på åtte", "spoken_ambiguous"),
    ("fredag halv 0", "impossible_time"),
    ("fredag kvart over 24", "impossible_time"),
    ("2. desember kl 10", "year_needed"),
    ("2.12. kl 10", "year_needed"),
    ("2/12 kl 10", "year_needed"),
    ("1. november kl 10", "year_needed"),
    ("onsdag 2. desember kl 10", "year_needed"),
    ("4. oktober kl 10", "year_needed"),
    ("tirsdag onsdag neste uke kl 10", "two_dates"),
    ("14. januar neste uke kl 10", "two_dates"),
    ("neste tirsdag neste uke kl 10", "two_dates"),
    ("torsdag kl 9.01", "weekday_is_today"),  # today at 09.01 is still ahead: today or in a week?
    ("14. januar kl 10 eller noe", "not_understood"),
    ("fredag kl 10 til", "not_understood"),  # unfinished: a time range cut short
    ("fredag kl 10 eller", "not_understood"),
    ("tirsdag den 14.", "not_understood"),
    ("14. januarr kl 10", "not_understood"),
    ("14 kl 10", "not_understood"),
    ("neste kl 10", "not_understood"),
    ("neste uke kl 10", "no_date"),
    ("om to måneder kl 10", "not_understood"),
    ("14. uke kl 10", "not_understood"),
    ("2027-01-14T10:00", "not_understood"),
    ("x" * 101, "too_long"),
]

_EXAMPLE = re.compile(r"«([^«»]+)»")


def _wall(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=OSLO)


def test_the_table_covers_at_least_eighty_phrases() -> None:
    assert len(ACCEPTED) + len(REFUSED) >= 80
    phrases = [phrase for phrase, _ in ACCEPTED]
    assert len(phrases) == len(set(phrases))


@pytest.mark.parametrize(("phrase", "expected"), ACCEPTED, ids=[p for p, _ in ACCEPTED])
def test_norwegian_phrase_is_read_as_meant(phrase: str, expected: str) -> None:
    moment = parse_meeting_time(phrase, NOW, OSLO)
    assert moment == _wall(expected)
    assert moment.tzinfo is OSLO
    assert moment.utcoffset() is not None


@pytest.mark.parametrize(("phrase", "reason"), REFUSED, ids=[p[:40] for p, _ in REFUSED])
def test_unclear_or_wrong_phrase_is_refused_with_its_reason(phrase: str, reason: str) -> None:
    with pytest.raises(MeetingTimeError) as caught:
        parse_meeting_time(phrase, NOW, OSLO)
    assert caught.value.reason == reason


@pytest.mark.parametrize(("phrase", "reason"), REFUSED, ids=[p[:40] for p, _ in REFUSED])
def test_refusal_ends_with_an_example_that_works_now(phrase: str, reason: str) -> None:
    with pytest.raises(MeetingTimeError) as caught:
        parse_meeting_time(phrase, NOW, OSLO)
    message = caught.value.message
    assert message == str(caught.value)
    assert message.endswith("».")
    example = _EXAMPLE.findall(message)[-1]
    assert parse_meeting_time(example, NOW, OSLO) > NOW


@pytest.mark.parametrize(("phrase", "start", "end"), RANGES, ids=[p for p, _, _ in RANGES])
def test_a_range_is_a_start_and_an_end(phrase: str, start: str, end: str) -> None:
    span = parse_meeting_span(phrase, NOW, OSLO)
    assert (span.start, span.end) == (_wall(start), _wall(end))
    assert parse_meeting_time(phrase, NOW, OSLO) == _wall(start)  # its callers still get the start


def test_a_single_time_has_no_end() -> None:
    assert parse_meeting_span("fredag kl 10", NOW, OSLO).end is None


def test_an_end_before_the_start_names_both() -> None:
    with pytest.raises(MeetingTimeError) as caught:
        parse_meeting_time("fredag kl 12-10", NOW, OSLO)
    assert caught.value.message.startswith("Møtet kan ikke slutte kl. 10 når det begynner kl. 12.")
    assert "«fredag 4. desember kl. 10-12»" in caught.value.message


def test_a_time_in_words_that_could_be_morning_or_evening_shows_both() -> None:
    with pytest.raises(MeetingTimeError) as caught:
        parse_meeting_time("fredag halv åtte", NOW, OSLO)
    assert "kl. 07.30 eller kl. 19.30" in caught.value.message


@pytest.mark.parametrize(
    ("word", "hour"),
    [("ett", 13), ("to", 14), ("tre", 15), ("fire", 16), ("fem", 17), ("seks", 18), ("ni", 9), ("ti", 10),
     ("elleve", 11), ("tolv", 12)],
)
def test_hours_in_words_are_read_in_the_daytime(word: str, hour: int) -> None:
    assert parse_meeting_time(f"fredag kl {word}", NOW, OSLO).hour == hour
    half_before = datetime(2026, 12, 4, hour, 0, tzinfo=OSLO) - timedelta(minutes=30)
    assert parse_meeting_time(f"fredag halv {word}", NOW, OSLO) == half_before


def test_a_date_that_has_just_passed_this_year_asks_for_the_year() -> None:
    tuesday_8_december = datetime(2026, 12, 8, 12, 0, tzinfo=OSLO)
    with pytest.raises(MeetingTimeError) as caught:
        parse_meeting_time("1. desember kl 10", tuesday_8_december, OSLO)
    assert caught.value.reason == "year_needed"
    assert caught.value.message == (
        "1. desember har allerede vært i år. Hvis du mener 1. desember 2027, skriv året også, "
        "for eksempel «1. desember 2027 kl. 10»."
    )
    # Written with its year, it is what the person confirmed.
    assert parse_meeting_time("1. desember 2027 kl 10", tuesday_8_december, OSLO) == datetime(
        2027, 12, 1, 10, 0, tzinfo=OSLO
    )


def test_a_year_less_date_is_accepted_up_to_about_ten_months_ahead() -> None:
    for days_ahead in (YEARLESS_MAX_DAYS_AHEAD, YEARLESS_MAX_DAYS_AHEAD + 1):
        day = NOW.date() + timedelta(days=days_ahead)
        phrase = f"{day.day}. {MONTHS[day.month - 1]} kl 10"
        if days_ahead <= YEARLESS_MAX_DAYS_AHEAD:
            assert parse_meeting_time(phrase, NOW, OSLO).date() == day
        else:
            with pytest.raises(MeetingTimeError) as caught:
                parse_meeting_time(phrase, NOW, OSLO)
            assert caught.value.reason == "year_needed"


def test_examples_name_the_year_of_a_day_almost_a_year_ahead() -> None:
    # 14.01.2030 is too far: the example offered is two weeks ahead, and the weekday-today example a week.
    late_december = datetime(2026, 12, 20, 9, 0, tzinfo=OSLO)
    with pytest.raises(MeetingTimeError) as caught:
        parse_meeting_time("søndag kl 10", late_december, OSLO)
    example = _EXAMPLE.findall(caught.value.message)[-1]
    assert parse_meeting_time(example, late_december, OSLO) == datetime(2026, 12, 27, 10, 0, tzinfo=OSLO)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 12, 7, 9, 0, tzinfo=OSLO), datetime(2026, 12, 15, 10, 0, tzinfo=OSLO)),  # a Monday
        (datetime(2026, 12, 8, 9, 0, tzinfo=OSLO), datetime(2026, 12, 15, 10, 0, tzinfo=OSLO)),  # a Tuesday
        (datetime(2026, 12, 13, 22, 0, tzinfo=OSLO), datetime(2026, 12, 15, 10, 0, tzinfo=OSLO)),  # a Sunday
    ],
)
def test_weekday_next_week_is_that_day_of_the_next_calendar_week(now: datetime, expected: datetime) -> None:
    assert parse_meeting_time("tirsdag neste uke kl 10", now, OSLO) == expected


def test_todays_weekday_after_that_time_has_passed_means_next_week() -> None:
    tuesday_evening = datetime(2026, 12, 8, 19, 0, tzinfo=OSLO)
    assert parse_meeting_time("tirsdag kl 10", tuesday_evening, OSLO) == datetime(2026, 12, 15, 10, 0, tzinfo=OSLO)


def test_todays_weekday_before_that_time_is_refused_with_both_dates() -> None:
    tuesday_morning = datetime(2026, 12, 8, 8, 0, tzinfo=OSLO)
    with pytest.raises(MeetingTimeError) as caught:
        parse_meeting_time("tirsdag kl 10", tuesday_morning, OSLO)
    assert caught.value.reason == "weekday_is_today"
    assert "tirsdag 8. desember" in caught.value.message and "tirsdag 15. desember" in caught.value.message


def test_todays_weekday_in_the_repeated_autumn_hour_is_refused_until_its_second_pass() -> None:
    # Sunday 31 October 2027: 02.00–02.59 comes twice. At 02.45 the first time, 02.30 will come again.
    first_pass = datetime(2027, 10, 31, 2, 45, tzinfo=OSLO, fold=0)
    with pytest.raises(MeetingTimeError) as caught:
        parse_meeting_time("søndag kl 2.30", first_pass, OSLO)
    assert caught.value.reason == "weekday_is_today"


def test_weekday_that_does_not_match_the_date_names_the_true_weekday() -> None:
    with pytest.raises(MeetingTimeError) as caught:
        parse_meeting_time("tirsdag 14. januar kl 10", NOW, OSLO)
    assert caught.value.message.startswith("14. januar 2027 er en torsdag, ikke en tirsdag.")
    assert "«torsdag 14. januar kl. 10»" in caught.value.message


def test_ambiguous_neste_shows_both_dates() -> None:
    with pytest.raises(MeetingTimeError) as caught:
        parse_meeting_time("neste fredag kl 10", NOW, OSLO)
    assert "fredag 4. desember og fredag 11. desember" in caught.value.message


def test_spring_gap_is_refused_as_nonexistent() -> None:
    with pytest.raises(MeetingTimeError) as caught:
        parse_meeting_time("søndag 28. mars 2027 kl. 02.30", NOW, OSLO)
    assert caught.value.reason == "nonexistent"
    assert "søndag 28. mars 2027 kl. 02.30 finnes ikke" in caught.value.message


def test_autumn_repeat_is_refused_rather_than_guessed() -> None:
    for minute in (0, 30, 59):
        with pytest.raises(MeetingTimeError) as caught:
            parse_meeting_time(f"31. oktober 2027 kl 02:{minute:02d}", NOW, OSLO)
        assert caught.value.reason == "ambiguous_dst"


def test_other_time_zones_have_their_own_gaps() -> None:
    new_york = ZoneInfo("America/New_York")
    with pytest.raises(MeetingTimeError) as caught:
        parse_meeting_time("14. mars 2027 kl 02.30", NOW, new_york)
    assert caught.value.reason == "nonexistent"
    assert parse_meeting_time("28. mars 2027 kl 02.30", NOW, new_york) == datetime(2027, 3, 28, 2, 30, tzinfo=new_york)


def test_now_in_another_zone_or_naive_means_the_same_moment() -> None:
    utc_now = NOW.astimezone(UTC)
    naive_now = NOW.replace(tzinfo=None)
    for now in (utc_now, naive_now):
        assert parse_meeting_time("i dag kl 9.01", now, OSLO) == datetime(2026, 12, 3, 9, 1, tzinfo=OSLO)
        with pytest.raises(MeetingTimeError):
            parse_meeting_time("i dag kl 9", now, OSLO)


def test_meeting_time_error_is_a_value_error_carrying_the_message() -> None:
    error = MeetingTimeError("Jeg fant ingen dato.", "no_date")
    assert isinstance(error, ValueError)
    assert str(error) == error.message == "Jeg fant ingen dato."


def test_dates_print_as_before() -> None:
    assert format_date(date(2027, 1, 14)) == "torsdag 14. januar 2027"
    assert format_when(datetime(2027, 1, 14, 10, 0, tzinfo=OSLO)) == "torsdag 14. januar 2027 kl. 10.00"


# --- properties --------------------------------------------------------------------------------

_VOCABULARY = [
    "kl",
    "kl.",
    "klokka",
    "klokken",
    "fra",
    "10",
    "25",
    "9",
    "10.30",
    "10:30",
    "14.12",
    "14.12.",
    "11.11",
    "14.",
    "14",
    "29.",
    "30.",
    "januar",
    "jan.",
    "februar",
    "mars",
    "des",
    "14.1.",
    "14.01.2027",
    "14/1",
    "14/1-2027",
    "2027-01-14",
    "2027",
    "02:30",
    "28.",
    "31.",
    "oktober",
    "mandag",
    "tirsdag",
    "torsdag",
    "fredag",
    "lørdag",
    "lordag",
    "søndag",
    "neste",
    "i",
    "morgen",
    "overmorgen",
    "dag",
    "om",
    "to",
    "3",
    "uker",
    "uke",
    "dager",
    "den",
    "på",
    "-",
    "til",
    "eller",
    "og",
    ",",
    ".",
    "»",
    "«",
    "T",
    "æ",
    "12/2",
    "halv",
    "kvart",
    "over",
    "ti",
    "sju",
    "tolv",
    "10-12",
    "12-10",
    "10.00-12.00",
    "neste uke",
]
_NOWS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31))


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=60), now=_NOWS)
def test_random_text_raises_only_meeting_time_error_and_never_gives_the_past(text: str, now: datetime) -> None:
    try:
        moment = parse_meeting_time(text, now, OSLO)
    except MeetingTimeError:
        return
    assert moment > now.replace(tzinfo=OSLO)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(_VOCABULARY), max_size=7), now=_NOWS)
def test_random_phrases_raise_only_meeting_time_error_and_never_give_the_past(words: list[str], now: datetime) -> None:
    try:
        moment = parse_meeting_time(" ".join(words), now, OSLO)
    except MeetingTimeError:
        return
    local_now = now.replace(tzinfo=OSLO)
    assert moment > local_now
    assert moment.tzinfo is OSLO
    assert (moment.date() - local_now.date()).days <= 731


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(_VOCABULARY), max_size=7), now=_NOWS)
def test_a_range_always_ends_later_the_same_day(words: list[str], now: datetime) -> None:
    try:
        span = parse_meeting_span(" ".join(words), now, OSLO)
    except MeetingTimeError:
        return
    assert span.end is None or (span.start < span.end and span.start.date() == span.end.date())


@settings(max_examples=300, deadline=None)
@given(
    days_ahead=st.integers(min_value=0, max_value=700),
    at=st.times().map(lambda t: time(t.hour, t.minute)),
    now=_NOWS,
)
def test_what_we_print_we_read_back_exactly(days_ahead: int, at: time, now: datetime) -> None:
    local_now = now.replace(tzinfo=OSLO)
    wall = datetime.combine(local_now.date() + timedelta(days=days_ahead), at)
    try:
        moment = parse_meeting_time(format_when(wall), now, OSLO)
    except MeetingTimeError as error:
        assert error.reason in {"past", "nonexistent", "ambiguous_dst"}
        return
    assert moment.replace(tzinfo=None) == wall


@settings(max_examples=300, deadline=None)
@given(
    days_ahead=st.integers(min_value=1, max_value=YEARLESS_MAX_DAYS_AHEAD), shift=st.integers(min_value=1, max_value=6)
)
def test_a_wrong_weekday_is_always_refused(days_ahead: int, shift: int) -> None:
    day = NOW.date() + timedelta(days=days_ahead)
    wrong = WEEKDAYS[(day.weekday() + shift) % 7]
    phrase = f"{wrong} {day.day}. {MONTHS[day.month - 1]} kl. 12"
    with pytest.raises(MeetingTimeError) as caught:
        parse_meeting_time(phrase, NOW, OSLO)
    assert caught.value.reason == "wrong_weekday"


@settings(max_examples=300, deadline=None)
@given(
    days_ahead=st.integers(min_value=1, max_value=YEARLESS_MAX_DAYS_AHEAD),
    hour=st.integers(min_value=8, max_value=21),
    minute=st.sampled_from([0, 15, 30]),
)
def test_every_date_form_names_the_same_day(days_ahead: int, hour: int, minute: int) -> None:
    day = NOW.date() + timedelta(days=days_ahead)
    expected = datetime.combine(day, time(hour, minute)).replace(tzinfo=OSLO)
    clock = f"kl. {hour}.{minute:02d}"
    forms = [
        f"{day.day}. {MONTHS[day.month - 1]}",
        f"{WEEKDAYS[day.weekday()]} {day.day}. {MONTHS[day.month - 1][:3]}.",
        f"{day.day}.{day.month}.{day.year}",
        f"{day.day:02d}.{day.month:02d}.{day.year % 100:02d}",
        f"{day.day}.{day.month}.",
        f"{day.day}/{day.month}",
        f"{day.day}/{day.month}-{day.year}",
        day.isoformat(),
    ]
    for form in forms:
        assert parse_meeting_time(f"{form} {clock}", NOW, OSLO) == expected, form
        assert parse_meeting_time(f"{clock} {form}", NOW, OSLO) == expected, form
