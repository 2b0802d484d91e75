"""Notices and personal messages by e-mail (issue 16), through a real SMTP server on loopback with STARTTLS
and login: to the members who want e-mail, exactly once from the outbox, well-formed, and with the faults
of a real relay (down, 4xx, 5xx, a crash between sending and recording)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.email.adapter import EmailPort
from fakes.recording_port import Crash
from storage.models import Member, Notice, NoticeState
from tests.email.conftest import SECRETARY, MailCouncil

KARI, PER, MONA, LIV = (
    "kari.dybdahl@example.no",
    "per.eggen@example.no",
    "mona.fossum@example.no",
    "liv.aasen@example.no",
)
MEETING = "/mote bekreft 2027-02-16T10:00 Gryta"


def _subjects(c: MailCouncil) -> Counter[tuple[str, str]]:
    return Counter((m["To"].addresses[0].addr_spec, str(m["Subject"])) for m in c.mails())


def test_council_notices_reach_each_member_who_wants_email_once(mail_council: MailCouncil) -> None:
    c = mail_council
    c.say(SECRETARY, MEETING)
    c.run_days(43)  # to the meeting day, Tuesday 16 February
    sent = _subjects(c)
    for address in (KARI, PER, MONA):  # no chat account, or chat and e-mail both
        assert sent[(address, "Meld inn saker til brukerrådsmøtet 16. februar")] == 1
        assert sent[(address, "Siste frist for saker til brukerrådsmøtet 16. februar")] == 1
        assert sent[(address, "Innkalling til brukerrådsmøte 16. februar")] == 1
        assert sent[(address, "I dag: brukerrådsmøte 16. februar")] == 1
    assert not [key for key in sent if key[0] == LIV]  # chat by default, since she has a chat account
    assert max(sent.values()) == 1
    # Mona wants both: the channel had them too.
    assert any(t.startswith("Saksliste") for t in c.port.channel_texts())


def test_mail_is_well_formed_multipart_utf8_from_the_council(mail_council: MailCouncil) -> None:
    c = mail_council
    c.say(SECRETARY, MEETING)
    c.run_days(36)  # the agenda, Tuesday 9 February
    agenda = next(m for m in c.mails_to(KARI) if str(m["Subject"]).startswith("Innkalling"))
    assert agenda["From"].addresses[0].display_name == "Brukerrådet i Trondheim"
    assert agenda["From"].addresses[0].addr_spec == "brukerrad@trondheim.kommune.no"
    assert str(agenda["Reply-To"]) == "sekretariat@trondheim.kommune.no"
    assert agenda["To"].addresses[0].display_name == "Kari Dybdahl"
    assert agenda["Auto-Submitted"] == "auto-generated"
    assert agenda["Content-Language"] == "nb"
    assert agenda["Date"].datetime == c.clock.now()
    with c.app.sessions() as session:
        row = session.scalars(select(Notice).where(Notice.kind == "agenda", Notice.member_id.is_(None))).one()
    assert agenda["Message-ID"] == f"<notice-{row.id}-email-{c.ids['Kari Dybdahl']}@trondheim.kommune.no>"
    # The message and its invitation as alternatives, and the notice with agenda as a PDF beside them.
    assert agenda.get_content_type() == "multipart/mixed"
    body, pdf = agenda.iter_parts()
    assert body.get_content_type() == "multipart/alternative" and pdf.get_content_type() == "application/pdf"
    types = [part.get_content_type() for part in body.iter_parts()]
    assert types == ["text/plain", "text/html", "text/calendar"]
    plain = agenda.get_body(preferencelist=("plain",))
    html = agenda.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    assert plain.get_content_charset() == "utf-8"
    assert "Godkjenning av referat fra forrige møte" in plain.get_content()
    assert '<html lang="nb">' in html.get_content() and "Jeg har forfall</a>" in html.get_content()
    # Over STARTTLS, logged in: the fake server requires both before it takes a message; and one session
    # carried the whole mailing (a handshake and a login, not one per mail).
    assert all(received.authenticated for received in c.smtp.messages)
    agenda_mails = [r for r in c.smtp.messages if b"Innkalling til" in r.data]
    assert len(agenda_mails) == 3 and len({r.session for r in agenda_mails}) == 1


def test_personal_messages_follow_each_members_wish(mail_council: MailCouncil) -> None:
    c = mail_council
    c.say(SECRETARY, MEETING)
    c.scheduler.tick()
    c.smtp.messages.clear()
    c.port.posts.clear()
    c.say("Mona Fossum", "/sak ny Ventetid på avrusning")  # a case to triage
    c.say(SECRETARY, "/sak avvis 1 Dette er en enkeltsak")
    c.scheduler.tick()
    to_mona = c.mails_to(MONA)
    assert len(to_mona) == 1 and "Dette er en enkeltsak" in to_mona[0].get_body(("plain",)).get_content()
    assert [p for p in c.port.posts if p.kind == "direct" and p.address == str(c.ids["Mona Fossum"])]  # and chat
    # Liv: chat only (the default with a chat account); after varsling=epost, e-mail only.
    c.say(SECRETARY, "/brukerrad medlem endre Liv varsling=epost")
    c.say("Liv Aasen", "/sak ny Brukermedvirkning")
    c.smtp.messages.clear()
    c.port.posts.clear()
    c.say(SECRETARY, "/sak avvis 2 Passer bedre i et annet forum")
    c.scheduler.tick()
    assert len(c.mails_to(LIV)) == 1
    assert not [p for p in c.port.posts if p.address == str(c.ids["Liv Aasen"])]


def test_absence_by_email_calls_in_the_deputy_by_email(mail_council: MailCouncil) -> None:
    c = mail_council
    c.say(SECRETARY, MEETING)
    c.scheduler.tick()
    c.smtp.messages.clear()
    reply = c.as_email("Kari Dybdahl", "/oppmote nei Sykdom")
    assert reply is not None and not reply.error
    c.scheduler.tick()
    (call,) = c.mails_to(PER)
    assert "Kari Dybdahl" in call.get_body(("plain",)).get_content()
    assert "/epost/svar/" in call.get_body(("plain",)).get_content()  # answer by link


def test_temporary_refusal_is_tried_again_later_and_sent_once(mail_council: MailCouncil) -> None:
    c = mail_council
    c.as_email("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    c.scheduler.tick()
    c.smtp.messages.clear()
    c.smtp.data_replies.append("451 4.3.0 Prøv igjen senere")
    c.say(SECRETARY, "/sak avvis 1 Hører hjemme i et annet utvalg")
    c.scheduler.tick()
    assert c.mails() == []
    with c.app.sessions() as session:
        row = session.scalars(
            select(Notice).where(Notice.member_id == c.ids["Kari Dybdahl"], Notice.kind == "message")
        ).one()
        assert row.state == NoticeState.PENDING and "prøve senere (svar 451)" in row.note
    c.scheduler.tick()  # not yet: it backs off
    assert c.mails() == []
    c.clock.advance(timedelta(minutes=2))
    c.scheduler.tick()
    c.scheduler.tick()
    assert len(c.mails_to(KARI)) == 1


def test_server_down_loses_nothing(mail_council: MailCouncil) -> None:
    c = mail_council
    c.say(SECRETARY, MEETING)
    c.scheduler.tick()
    c.port.posts.clear()
    c.smtp.stop()
    c.clock.advance(timedelta(days=23))  # past the call for cases' moment (Tuesday 26 January)
    c.scheduler.tick()
    with c.app.sessions() as session:
        call = session.scalars(select(Notice).where(Notice.kind == "call_for_cases")).one()
        assert call.state == NoticeState.PENDING and "fikk ikke levert" in call.note
    c.smtp.start()
    c.clock.advance(timedelta(minutes=20))
    c.scheduler.tick()
    assert sorted(m["To"].addresses[0].addr_spec for m in c.mails()) == sorted([KARI, PER, MONA])
    assert len(c.port.channel_texts()) == 1  # the channel had it once, at the first try


def test_refused_address_is_shown_to_the_secretary_and_not_tried_again(mail_council: MailCouncil) -> None:
    c = mail_council
    c.smtp.rcpt_replies[KARI] = "550 5.1.1 Mailbox unavailable"
    c.say(SECRETARY, MEETING)
    c.run_days(23)  # the call for cases
    assert not c.mails_to(KARI) and len(c.mails_to(PER)) == 1
    with c.app.sessions() as session:
        kari = session.get(Member, c.ids["Kari Dybdahl"])
        assert kari is not None and kari.email_refused_at is not None
        call = session.scalars(select(Notice).where(Notice.kind == "call_for_cases")).one()
        assert call.state == NoticeState.SENT
        assert "avviste adressen (svar 550)" in call.note and "e-post, e-post" not in call.note
    shown = c.say(SECRETARY, "/mote varsler").text
    assert "avviste adressen til Kari Dybdahl (kari.dybdahl@example.no)" in shown
    c.smtp.rcpt_replies.clear()
    c.run_days(14)  # the last call and the agenda: none tried to the refused address
    assert not c.mails_to(KARI)
    c.say(SECRETARY, "/brukerrad medlem endre Kari epost=kari.d@example.no")
    assert "Kari Dybdahl" not in c.say(SECRETARY, "/mote varsler").text
    c.run_days(7)
    assert c.mails_to("kari.d@example.no")  # the meeting day's reminder


def test_crash_between_sending_and_recording_resends_once_with_the_same_message_id(
    mail_council: MailCouncil, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = mail_council
    c.as_email("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    c.scheduler.tick()
    real = EmailPort.send_direct

    def sent_then_killed(self: EmailPort, *args: object, **kwargs: object) -> str:
        real(self, *args, **kwargs)  # type: ignore[arg-type]
        raise Crash()  # the process dies before the sender records the post

    monkeypatch.setattr(EmailPort, "send_direct", sent_then_killed)
    c.say(SECRETARY, "/sak avvis 1 Hører hjemme i et annet utvalg")
    with pytest.raises(Crash):
        c.scheduler.tick()
    monkeypatch.setattr(EmailPort, "send_direct", real)
    c.clock.advance(timedelta(minutes=3))  # the dead process's lease runs out
    c.scheduler.tick()
    c.scheduler.tick()
    mails = c.mails_to(KARI)
    assert len(mails) == 2 and mails[0]["Message-ID"] == mails[1]["Message-ID"]
    with c.app.sessions() as session:
        row = session.scalars(
            select(Notice).where(Notice.member_id == c.ids["Kari Dybdahl"], Notice.kind == "message")
        ).one()
        assert row.state == NoticeState.SENT
