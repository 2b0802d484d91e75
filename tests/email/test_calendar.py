"""The meeting in the calendar (issue 16): the agenda e-mail carries an invitation, a move sends its update
and a cancellation its CANCEL, with one UID, a rising SEQUENCE and a VTIMEZONE; `/mote kalender` the same."""

from __future__ import annotations

import ssl
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.clock import MovableClock
from fakes.smtp_server import FakeSmtp
from tests.email.conftest import SECRETARY, MailCouncil, make_mail_council, seed
from tests.scheduler.conftest import START

OSLO = ZoneInfo("Europe/Oslo")
KARI = "kari.dybdahl@example.no"


def _invitation(mail: Any) -> tuple[str, Calendar]:
    part = next(p for p in mail.walk() if p.get_content_type() == "text/calendar")
    return part.get_param("method"), Calendar.from_ical(part.get_content())


def _event(cal: Calendar) -> Any:
    (event,) = cal.walk("VEVENT")
    return event


def _subject(c: MailCouncil, start: str) -> Any:
    return next(m for m in reversed(c.mails_to(KARI)) if str(m["Subject"]).startswith(start))


def test_agenda_mail_invites_and_a_move_and_a_cancel_update_the_calendar(mail_council: MailCouncil) -> None:
    c = mail_council
    c.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    c.run_days(36)  # the agenda, 9 February
    method, cal = _invitation(_subject(c, "Innkalling til brukerrådsmøte 16. februar"))
    event = _event(cal)
    assert method == "REQUEST" and cal["METHOD"] == "REQUEST"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Oslo"]
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert event.decoded("DTSTART") == datetime(2027, 2, 16, 10, 0, tzinfo=OSLO)
    assert event["SEQUENCE"] == 0 and event["STATUS"] == "CONFIRMED" and event["LOCATION"] == "Gryta"
    assert str(event["ORGANIZER"]) == "mailto:brukerrad@trondheim.kommune.no"
    assert str(event["ATTENDEE"]) == f"mailto:{KARI}"
    uid = str(event["UID"])

    c.say(SECRETARY, "/mote flytt 1 bekreft torsdag 18. februar kl 12")
    c.scheduler.tick()
    method, cal = _invitation(_subject(c, "Brukerrådsmøtet er flyttet: nå 18. februar"))
    moved = _event(cal)
    assert method == "REQUEST" and str(moved["UID"]) == uid and moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART") == datetime(2027, 2, 18, 12, 0, tzinfo=OSLO)

    c.say(SECRETARY, "/mote avlys 1 bekreft")
    c.scheduler.tick()
    method, cal = _invitation(_subject(c, "Avlyst: brukerrådsmøtet 18. februar"))
    cancelled = _event(cal)
    assert method == "CANCEL" and cal["METHOD"] == "CANCEL"
    assert str(cancelled["UID"]) == uid and cancelled["SEQUENCE"] == 2 and cancelled["STATUS"] == "CANCELLED"
    # Each change went once to each member who gets e-mail.
    updates = [m for m in c.mails() if "flyttet" in str(m["Subject"]) or "Avlyst" in str(m["Subject"])]
    assert sorted(m["To"].addresses[0].addr_spec for m in updates) == sorted(
        ["kari.dybdahl@example.no", "per.eggen@example.no", "mona.fossum@example.no"] * 2
    )


def test_a_move_before_anything_went_out_by_email_sends_no_update(mail_council: MailCouncil) -> None:
    c = mail_council
    c.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    c.say(SECRETARY, "/mote flytt 1 bekreft torsdag 18. februar kl 12")
    c.scheduler.tick()
    assert c.mails() == []  # the call for cases, when it comes, names the new time


def test_calendar_file_has_time_zone_sequence_and_cancelled_status(mail_council: MailCouncil) -> None:
    c = mail_council
    c.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    c.say(SECRETARY, "/mote bekreft 2027-04-13T10:00 Gryta")
    c.say(SECRETARY, "/mote flytt 1 bekreft torsdag 18. februar kl 12")
    c.say(SECRETARY, "/mote avlys 2 bekreft")
    reply = c.say("Liv Aasen", "/mote kalender")
    assert reply.attachment is not None and reply.attachment.mime == "text/calendar"
    cal = Calendar.from_ical(reply.attachment.content)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Oslo"]
    first, second = cal.walk("VEVENT")
    assert (first["SEQUENCE"], first["STATUS"]) == (1, "CONFIRMED")
    assert (second["SEQUENCE"], second["STATUS"]) == (1, "CANCELLED")
    assert first["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert str(first["UID"]) == "test-mote-1@brukerrad"


def test_the_agenda_mail_carries_the_notice_as_a_pdf_in_the_version_the_member_may_read(
    db_url: str, smtp: FakeSmtp, tls_files: tuple[ssl.SSLContext, Path]
) -> None:
    import io

    import pypdf

    c = make_mail_council(db_url, MovableClock(START), smtp, tls_files[1])
    try:
        seed(c, sign=False)
        c.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
        c.as_email("Kari Dybdahl", "/taushet signer")
        c.run_days(36)  # the agenda, 9 February
        found: dict[str, str] = {}
        for address in (KARI, "mona.fossum@example.no"):
            subject = "Innkalling til brukerrådsmøte"
            mail = next(m for m in c.mails_to(address) if str(m["Subject"]).startswith(subject))
            (pdf,) = [p for p in mail.walk() if p.get_content_type() == "application/pdf"]
            text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.get_content())).pages)
            assert "Innkalling" in text and "16. februar 2027" in text
            found[address] = str(pdf.get_filename())
        assert found[KARI].endswith("-intern.pdf")  # she signed the declaration
        assert not found["mona.fossum@example.no"].endswith("-intern.pdf")  # the public version
    finally:
        c.adapter.port.close()
        c.app.close()
