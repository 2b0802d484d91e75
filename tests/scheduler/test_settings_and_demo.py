"""Due moments follow the council's clock and its own settings: daylight saving, posting time and offsets
from the TOML file; and the console demo shows the routine as a secretary would meet it."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from sqlalchemy import select

from bot.clock import MovableClock
from bot.console import ConsoleChat
from storage.models import Notice
from tests.scheduler.conftest import OSLO, SECRETARY, START, Council, make_council, seed_roster
from tests.scheduler.test_notices import timeline_kinds


def _due(council: Council) -> dict[str, datetime]:
    with council.app.sessions() as session:
        rows = session.scalars(select(Notice).where(Notice.meeting_id.is_not(None), Notice.kind != "message"))
        return {row.kind: row.due_at for row in rows}


def test_due_moments_follow_daylight_saving(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-04-13T10:00 Gryta")  # summer time began on 28 March
    due = _due(council)
    # 09:00 in Oslo is 08:00 UTC in winter and 07:00 UTC in summer.
    assert due["call_for_cases"] == datetime(2027, 3, 23, 8, 0, tzinfo=UTC)  # Tuesday 23 March, winter time
    assert due["agenda"] == datetime(2027, 4, 6, 7, 0, tzinfo=UTC)  # Tuesday 6 April, summer time
    assert due["meeting_day"] == datetime(2027, 4, 13, 7, 0, tzinfo=UTC)
    for moment in due.values():
        assert moment.astimezone(OSLO).strftime("%H:%M") == "09:00"


def test_due_moments_follow_the_end_of_summer_time(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-11-09T10:00 Gryta")  # winter time from 31 October
    due = _due(council)
    assert due["call_for_cases"] == datetime(2027, 10, 19, 7, 0, tzinfo=UTC)
    assert due["last_call"] == datetime(2027, 10, 26, 7, 0, tzinfo=UTC)
    assert due["agenda"] == datetime(2027, 11, 2, 8, 0, tzinfo=UTC)


def test_posting_time_and_offsets_come_from_the_council_settings(db_url: str) -> None:
    c = make_council(
        db_url,
        MovableClock(START),
        notices={"post_time": "12:30", "call_for_cases_days": 28, "deadline_days": 10, "agenda_days": 5},
    )
    seed_roster(c)
    c.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    c.scheduler.tick()
    c.port.posts.clear()
    channel = [(day, what) for day, who, what in timeline_kinds(c.timeline(42, at="12:31")) if who == "#kanal"]
    assert channel == [
        ("2027-01-19", "call"),  # 28 days before
        ("2027-02-05", "last call"),  # 10 days before is a Saturday: Friday
        ("2027-02-11", "agenda"),  # 5 days before
    ]
    due = _due(c)
    assert {kind: m.astimezone(OSLO).strftime("%H:%M") for kind, m in due.items()}["agenda"] == "12:30"
    # A 10:00 meeting gets its reminder an hour ahead, not after it began.
    assert due["meeting_day"] == datetime(2027, 2, 16, 9, 0, tzinfo=OSLO)
    call, last_call = c.port.channel_texts()[:2]
    assert "innen lørdag 6. februar 2027" in call
    assert last_call.startswith(
        "Siste frist for å melde inn saker til møte 1/2027, tirsdag 16. februar 2027 kl. 10.00, "
        "Gryta, er lørdag 6. februar 2027."
    )
    c.app.close()


def test_console_demo_call_at_once_then_agenda_seven_days_before(db_url: str) -> None:
    """Issue 4's demo: a meeting planned 20 days ahead brings the call for cases at once, and the agenda
    appears when the clock reaches 7 days before."""
    clock = MovableClock(datetime(2027, 1, 7, 8, 0, tzinfo=OSLO))  # a Thursday
    c = make_council(db_url, clock)
    seed_roster(c)
    out = io.StringIO()
    chat = ConsoleChat(
        c.app, "test", out=out, tick=c.scheduler.tick, advance=lambda delta: c.scheduler.advance(clock, delta)
    )
    chat.act_as(SECRETARY)
    chat.handle_line("/mote ny onsdag 27. januar kl 10 Gryta")  # 20 days ahead
    chat.handle_line("1")  # the confirm button
    shown = out.getvalue()
    assert "Nytt brukerrådsmøte er planlagt" in shown
    assert "Hei, alle sammen! Neste brukerrådsmøte er møte 1/2027, onsdag 27. januar 2027 kl. 10.00, Gryta." in shown
    assert "Saksliste for brukerrådet" not in shown
    chat.handle_line("/tid +13d")  # Wednesday 20 January 08:00: not yet; the days on the way have had theirs
    assert "Saksliste for brukerrådet" not in out.getvalue()
    assert "I dag er siste frist for å melde inn saker til møte 1/2027" in out.getvalue()  # Wednesday 13 January
    chat.handle_line("/tid +1t")  # 09:00, 7 days before
    assert "Saksliste for brukerrådet, møte 1/2027, onsdag 27. januar 2027 kl. 10.00, Gryta" in out.getvalue()
    c.app.close()
