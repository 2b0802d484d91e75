"""Meetings: planning from Norwegian text with confirmation, moving, cancelling, agenda, minutes, calendar."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from handlers import texts
from storage.models import Case, Meeting, MeetingState, Notice
from tests.core.conftest import SECRETARY, Council


def test_plan_meeting_states_understood_time_and_asks_to_confirm(council: Council) -> None:
    before = council.snapshot()
    reply = council.ok(SECRETARY, "/mote ny tirsdag 15. desember kl 10 Gryta")
    assert "tirsdag 15. desember 2026 kl. 10.00" in reply.text
    assert "Gryta" in reply.text
    assert council.snapshot() == before  # nothing is planned before the confirmation
    confirm = reply.buttons[0].command
    assert confirm == "/mote bekreft 2026-12-15T10:00 Gryta"
    council.ok(SECRETARY, confirm)
    meeting = council.one(Meeting)
    assert (meeting.number, meeting.place) == (1, "Gryta")
    # A double click on the confirmation plans nothing twice.
    assert "allerede planlagt" in council.ok(SECRETARY, confirm).text
    assert council.count(Meeting) == 1


def test_place_after_comma(council: Council) -> None:
    reply = council.ok(SECRETARY, "/mote ny 15.12.2026 kl. 12.30, Rådhuset, møterom 2")
    assert "kl. 12.30" in reply.text and "Rådhuset, møterom 2" in reply.text


def test_weekday_that_does_not_fit_is_refused_with_reason(council: Council) -> None:
    reply = council.say(SECRETARY, "/mote ny onsdag 15. desember kl 10 Gryta")
    assert reply.error
    assert "tirsdag" in reply.text  # says which weekday the date really is


@pytest.mark.parametrize(
    "text", ["/mote ny", "/mote ny i går kl 10", "/mote ny blåbærsyltetøy", "/mote ny 30. februar kl 10"]
)
def test_bad_meeting_time_is_refused_and_nothing_written(council: Council, text: str) -> None:
    before = council.snapshot()
    reply = council.say(SECRETARY, text)
    assert reply.error and "for eksempel" in reply.text
    assert council.snapshot() == before


def test_only_secretary_plans_meetings(council: Council) -> None:
    before = council.snapshot()
    assert council.say("Liv Aasen", "/mote bekreft 2026-12-15T10:00 Gryta").error
    assert council.say("Kari Dybdahl", "/mote ny tirsdag 15. desember kl 10").error
    assert council.snapshot() == before


def test_evening_meeting_and_holiday_get_warnings_not_refusals(council: Council) -> None:
    reply = council.ok(SECRETARY, "/mote ny 26.12.2026 kl 18")
    assert "dagtid" in reply.text
    assert "helligdag" in reply.text


def test_move_meeting_tells_members(planned: Council) -> None:
    reply = planned.ok(SECRETARY, "/mote flytt 1 bekreft torsdag 17. desember kl 12")
    assert "torsdag 17. desember 2026 kl. 12.00" in reply.text
    assert planned.one(Meeting).start.hour == 11  # 12:00 in Oslo is 11:00 UTC in winter
    post = planned.one(Notice, Notice.kind == "message", Notice.payload["text"].as_string().contains("flyttet"))
    assert post.member_id is None


def test_cancel_meeting_moves_cases_to_next(planned: Council) -> None:
    planned.ok(SECRETARY, "/mote bekreft 2027-02-09T10:00 Gryta")
    planned.ok("Kari Dybdahl", "/sak ny Ventetid")
    reply = planned.ok(SECRETARY, "/mote avlys 1 bekreft")
    assert "avlyst" in reply.text
    assert planned.one(Meeting, Meeting.number == 1).state == MeetingState.CANCELLED
    assert planned.one(Case).meeting.number == 2
    assert planned.say("Kari Dybdahl", "/mote avlys 2 bekreft").error


def test_agenda_has_fixed_items_and_conflict_marks(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid")
    planned.ok(SECRETARY, "/sak godkjenn 1")
    planned.ok("Mona Fossum", "/habilitet 1 Jeg jobber i tjenesten")
    text = planned.ok("Tor Grande", "/mote sakliste").text
    lines = text.splitlines()
    assert lines[0].startswith("Utkast til saksliste")
    assert lines[2:] == [
        "1. Godkjenning av innkalling og saksliste",
        "2. Godkjenning av referat fra forrige møte",
        "3. Sak 1/2026: Ventetid (A-Larm) – habilitet meldt: Mona Fossum",
        "4. Eventuelt",
    ]


def test_june_meeting_gets_the_annual_evaluation(council: Council) -> None:
    council.ok(SECRETARY, "/mote bekreft 2027-06-08T10:00 Gryta")
    text = council.ok("Kari Dybdahl", "/mote sakliste").text
    assert "Årlig evaluering" in text.splitlines()[-2]


def test_secretary_publishes_agenda_with_attendance_buttons(planned: Council) -> None:
    assert planned.say("Liv Aasen", "/mote sakliste publiser likevel").error
    planned.ok(SECRETARY, "/mote sakliste publiser likevel")
    post = planned.one(Notice, Notice.kind == "message", Notice.payload["text"].as_string().contains("Saksliste"))
    assert [b[1] for b in post.payload["buttons"]] == ["/oppmote ja #1", "/oppmote nei #1"]
    assert "allerede sendt ut" in planned.ok(SECRETARY, "/mote sakliste publiser likevel").text


def test_minutes_from_recorded_decisions(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid")
    planned.ok(SECRETARY, "/sak godkjenn 1")
    planned.ok("Kari Dybdahl", "/oppmote ja")
    planned.ok("Mona Fossum", "/oppmote nei syk")
    planned.to_meeting_day()
    planned.ok(SECRETARY, "/sak vedtak 1 Brukerrådet ber om en orientering.")
    text = planned.ok(SECRETARY, "/mote referat 1").text
    assert "Til stede: Kari Dybdahl (A-Larm)" in text
    assert "Forfall: Mona Fossum (Angstringen)" in text
    assert "Vedtak: Brukerrådet ber om en orientering." in text
    assert planned.say("Kari Dybdahl", "/mote referat 1").error


def test_calendar_is_an_icalendar_file(planned: Council) -> None:
    reply = planned.ok("Kari Dybdahl", "/mote kalender")
    assert reply.attachment is not None
    body = reply.attachment.content.decode()
    assert "BEGIN:VCALENDAR" in body and "DTSTART;TZID=Europe/Oslo:20261215T100000" in body


def test_next_meeting_shows_deadline_and_my_answer(planned: Council) -> None:
    text = planned.ok("Kari Dybdahl", "/mote neste").text
    assert "tirsdag 1. desember 2026" in text and "ikke svart" in text
    planned.clock.advance(timedelta(days=30))
    assert "ikke planlagt" in planned.ok("Kari Dybdahl", "/mote neste").text


@pytest.mark.parametrize(
    "text", ["/mote ny fredag kl 10 eller 11", "/mote ny fredag kl 12 til 10", "/mote ny 15.12.2026 kl 10 12"]
)
def test_leftover_time_words_are_never_taken_for_a_place(council: Council, text: str) -> None:
    before = council.snapshot()
    assert council.say(SECRETARY, text).error
    assert council.snapshot() == before


def test_weekday_error_wins_over_not_understood_place(council: Council) -> None:
    reply = council.say(SECRETARY, "/mote ny onsdag 15. desember kl 10 Gryta")
    assert "tirsdag" in reply.text and "Gryta" not in reply.text


def test_next_meeting_offers_attendance_only_to_those_who_answer_it(planned: Council) -> None:
    assert planned.ok("Kari Dybdahl", "/mote neste").buttons
    for who in (SECRETARY, "Tor Grande"):
        reply = planned.ok(who, "/mote neste")
        assert not reply.buttons and "Ditt svar" not in reply.text


# --- the times and places people really type (issue 19); the council's clock: Monday 23 November 2026 09.00


@pytest.mark.parametrize(
    ("text", "when", "place"),
    [
        (
            "/mote ny tirsdag 15. desember kl 10 Gryta, Olav Tryggvasons gate 5",
            "2026-12-15T10:00",
            "Gryta, Olav Tryggvasons gate 5",
        ),
        ("/mote ny 15.12.2026 kl. 12.30, Rådhuset, møterom 2", "2026-12-15T12:30", "Rådhuset, møterom 2"),
        ("/mote ny fredag kl 10 - 12 Gryta", "2026-11-27T10:00/2026-11-27T12:00", "Gryta"),
        ("/mote ny fredag kl 10-12, Gryta", "2026-11-27T10:00/2026-11-27T12:00", "Gryta"),
        ("/mote ny fredag 10.00–12.00 Gryta", "2026-11-27T10:00/2026-11-27T12:00", "Gryta"),
        ("/mote ny fredag kl 10 - Gryta", "2026-11-27T10:00", "Gryta"),
        ("/mote ny fredag kl 10, 12. etasje", "2026-11-27T10:00", "12. etasje"),
        ("/mote ny fredag kl 10 sted: Gryta", "2026-11-27T10:00", "Gryta"),
        ("/mote ny fredag kl 10,Gryta", "2026-11-27T10:00", "Gryta"),
        ("/mote ny fredag, kl 10 Gryta", "2026-11-27T10:00", "Gryta"),
        ("/mote ny fredag halv ti Gryta", "2026-11-27T09:30", "Gryta"),
        ("/mote ny tirsdag neste uke kl 10 Gryta", "2026-12-01T10:00", "Gryta"),
        ("/mote ny torsdag 3. desember kl 10", "2026-12-03T10:00", ""),
    ],
)
def test_time_and_place_are_split_where_the_time_ends(council: Council, text: str, when: str, place: str) -> None:
    reply = council.ok(SECRETARY, text)
    assert reply.buttons[0].command == f"/mote bekreft {when} {place}".rstrip()


def test_place_starting_like_a_time_needs_a_comma(council: Council) -> None:
    assert council.say(SECRETARY, "/mote ny fredag kl 10 12. etasje").error


def test_weekend_meeting_is_accepted_with_a_note(council: Council) -> None:
    reply = council.ok(SECRETARY, "/mote ny lørdag 28. november kl 11 Gryta")
    assert "⚠️ Merk: det er en lørdag." in reply.text
    assert "Stemmer det?" in reply.text
    assert "Merk:" not in council.ok(SECRETARY, "/mote ny fredag 27. november kl 11 Gryta").text


def test_holiday_on_a_sunday_is_named_once_as_a_holiday(council: Council) -> None:
    reply = council.ok(SECRETARY, "/mote ny søndag 28. mars 2027 kl 12")  # første påskedag
    assert "helligdag" in reply.text and "søndag." not in reply.text


def test_a_range_plans_the_meeting_with_its_end(council: Council) -> None:
    reply = council.ok(SECRETARY, "/mote ny fredag kl 10-12 Gryta")
    assert "Jeg forstod: fredag 27. november 2026 kl. 10.00–12.00, sted: Gryta." in reply.text
    confirm = reply.buttons[0].command
    assert confirm == "/mote bekreft 2026-11-27T10:00/2026-11-27T12:00 Gryta"
    council.ok(SECRETARY, confirm)
    meeting = council.one(Meeting)
    assert meeting.start == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert meeting.ends_at == datetime(2026, 11, 27, 11, 0, tzinfo=UTC)
    assert "fredag 27. november 2026 kl. 10.00–12.00, Gryta" in council.ok("Kari Dybdahl", "/mote neste").text
    body = council.ok("Kari Dybdahl", "/mote kalender").attachment.content.decode()
    assert "DTEND;TZID=Europe/Oslo:20261127T120000" in body


def test_a_meeting_without_an_end_shows_none(planned: Council) -> None:
    assert planned.one(Meeting).ends_at is None
    assert "kl. 10.00, Gryta" in planned.ok("Kari Dybdahl", "/mote neste").text
    body = planned.ok("Kari Dybdahl", "/mote kalender").attachment.content.decode()
    assert "DTEND;TZID=Europe/Oslo:20261215T123000" in body  # the usual 2½ hours


@pytest.mark.parametrize(
    "stamp",
    [
        "2026-11-27T10:00/2026-11-27T09:00",  # before the start
        "2026-11-27T10:00/2026-11-28T12:00",  # another day
        "2026-11-27T10:00/",
        "2026-11-27T10:00/x",
    ],
)
def test_a_confirmation_with_an_end_that_cannot_be_is_refused(council: Council, stamp: str) -> None:
    before = council.snapshot()
    assert council.say(SECRETARY, f"/mote bekreft {stamp} Gryta").error
    assert council.snapshot() == before


def test_a_moved_meeting_keeps_its_length_or_takes_the_new_end(council: Council) -> None:
    council.ok(SECRETARY, "/mote bekreft 2026-12-15T10:00/2026-12-15T12:00 Gryta")
    assert "kl. 12.00–14.00" in council.ok(SECRETARY, "/mote flytt 1 bekreft torsdag 17. desember kl 12").text
    assert council.one(Meeting).ends_at == datetime(2026, 12, 17, 13, 0, tzinfo=UTC)
    moved = council.ok(SECRETARY, "/mote flytt 1 bekreft fredag 18. desember kl 9-11.30").text
    assert "fredag 18. desember 2026 kl. 09.00–11.30" in moved
    assert council.one(Meeting).ends_at == datetime(2026, 12, 18, 10, 30, tzinfo=UTC)


_HELP_EXAMPLE = re.compile(r"/mote (?:ny|flytt \d+) ([^<\n`]*?kl[^<\n`]*?)(?=\.?$|\.?\n|\s+–|`|\s{3,})", re.MULTILINE)


def _help_examples() -> list[str]:
    """Every `/mote ny …` and `/mote flytt <nr> …` with a time in the bot's own sentences and in the README,
    as the `/mote ny` command it would be (flytt reads its time and place the same way)."""
    sentences = [value for name, value in vars(texts).items() if name.isupper() and isinstance(value, str)]
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    return [f"/mote ny {m.group(1)}" for text in [*sentences, readme] for m in _HELP_EXAMPLE.finditer(text)]


def test_help_examples_are_found() -> None:
    examples = _help_examples()
    assert "/mote ny tirsdag neste uke kl 10 Gryta" in examples
    assert "/mote ny torsdag neste uke kl 12" in examples  # from /mote flytt's usage
    assert len(examples) >= 6


@pytest.mark.parametrize(
    "today",
    [
        datetime(2027, 1, 14, 12, 0, tzinfo=UTC),  # a Thursday, after 10 on 14 January
        datetime(2027, 1, 19, 7, 0, tzinfo=UTC),  # a Tuesday before 10
        datetime(2027, 1, 19, 15, 0, tzinfo=UTC),  # a Tuesday afternoon
        datetime(2027, 3, 28, 0, 30, tzinfo=UTC),  # the night the clocks go forward
        datetime(2027, 10, 31, 1, 30, tzinfo=UTC),  # the night the clocks go back
        datetime(2027, 12, 26, 21, 0, tzinfo=UTC),  # a Sunday evening
    ],
)
def test_every_help_example_is_understood_on_any_day(council: Council, today: datetime) -> None:
    council.clock.set(today)
    for example in _help_examples():
        reply = council.say(SECRETARY, example)
        assert not reply.error, (example, reply.text)
        assert reply.buttons[0].command.startswith("/mote bekreft"), example
