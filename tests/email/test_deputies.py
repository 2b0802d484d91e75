"""Deputies called in one at a time in the roster's order (issue 16): the next on a no or when no answer
comes in time, by chat or e-mail as each prefers; the secretary told when the seat is covered or cannot be."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from storage.models import DeputyCall, Member, Notice
from tests.email.conftest import SECRETARY, MailCouncil

PER, INE = "per.eggen@example.no", "ine.lund@example.no"


@pytest.fixture
def two_deputies(mail_council: MailCouncil) -> MailCouncil:
    """A-Larm has two deputies: Per Eggen (first on the roster) and Ine Lund; a meeting is planned."""
    c = mail_council
    c.say(SECRETARY, f"/brukerrad medlem ny Ine Lund rolle=vara org=A-Larm epost={INE}")
    with c.app.sessions() as session:
        c.ids["Ine Lund"] = session.scalars(select(Member.id).where(Member.name == "Ine Lund")).one()
    c.as_email("Ine Lund", "/taushet signer")
    c.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    c.scheduler.tick()
    c.smtp.messages.clear()
    return c


def _to_secretary(c: MailCouncil) -> list[str]:
    with c.app.sessions() as session:
        rows = session.scalars(select(Notice).where(Notice.member_id == c.ids[SECRETARY]).order_by(Notice.id)).all()
        return [str(row.payload.get("text", "")) for row in rows]


def _called(c: MailCouncil) -> list[int]:
    with c.app.sessions() as session:
        return list(session.scalars(select(DeputyCall.deputy_id).order_by(DeputyCall.id)))


def test_the_next_deputy_is_asked_when_the_first_says_no(two_deputies: MailCouncil) -> None:
    c = two_deputies
    c.as_email("Kari Dybdahl", "/oppmote nei Sykdom")
    c.scheduler.tick()
    assert len(c.mails_to(PER)) == 1 and not c.mails_to(INE)  # one at a time, in the roster's order
    c.as_email("Per Eggen", "/oppmote nei Jobb")
    c.scheduler.tick()
    assert len(c.mails_to(INE)) == 1
    assert any("Jeg har spurt neste stedfortreder: Ine Lund" in t for t in _to_secretary(c))
    c.as_email("Ine Lund", "/oppmote ja")
    c.scheduler.tick()
    assert any(t.startswith("Plassen er dekket: stedfortreder Ine Lund") for t in _to_secretary(c))
    assert _called(c) == [c.ids["Per Eggen"], c.ids["Ine Lund"]]


def test_a_deputy_who_does_not_answer_in_time_is_passed_over(two_deputies: MailCouncil) -> None:
    c = two_deputies
    c.as_email("Kari Dybdahl", "/oppmote nei")
    c.scheduler.tick()
    c.clock.advance(timedelta(days=1))
    c.scheduler.tick()
    assert not c.mails_to(INE)  # two days by default
    c.clock.advance(timedelta(days=1, minutes=1))
    c.scheduler.tick()
    assert len(c.mails_to(INE)) == 1
    assert any("Per Eggen (A-Larm) har ikke svart" in t for t in _to_secretary(c))
    reply = c.as_email("Per Eggen", "/oppmote ja")  # too late: Ine has been asked
    assert reply is not None and reply.error
    c.clock.advance(timedelta(days=2, minutes=1))  # Ine does not answer either: nobody left
    c.scheduler.tick()
    assert any("ingen flere stedfortredere" in t for t in _to_secretary(c))


def test_the_representative_coming_after_all_releases_the_deputy_asked(two_deputies: MailCouncil) -> None:
    c = two_deputies
    c.as_email("Kari Dybdahl", "/oppmote nei")
    c.as_email("Per Eggen", "/oppmote nei")
    c.as_email("Kari Dybdahl", "/oppmote ja")
    c.scheduler.tick()
    assert _called(c) == []
    assert "trenger ikke å møte" in c.mails_to(INE)[-1].get_body(("plain",)).get_content()
    assert not any("trenger ikke" in m.get_body(("plain",)).get_content() for m in c.mails_to(PER))
    c.clock.advance(timedelta(days=3))
    c.scheduler.tick()  # the wait for Ine's answer finds nothing to do
    assert not any("ingen flere" in t for t in _to_secretary(c))


def test_absence_withdrawn_and_reported_again_at_once_asks_the_first_deputy_again(two_deputies: MailCouncil) -> None:
    c = two_deputies
    for command in ("/oppmote nei", "/oppmote ja", "/oppmote nei"):  # in the same instant
        reply = c.as_email("Kari Dybdahl", command)
        assert reply is not None and not reply.error
    assert _called(c) == [c.ids["Per Eggen"]]
