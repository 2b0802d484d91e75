"""The secretary is told the day a member's term has ended (the first day after `term_end`); members who
were on the roster before this notice existed get it through the scheduler's daily planning; a former
member gets no more reminders."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from storage.db import transaction
from storage.models import ChatIdentity, Member, Role
from tests.scheduler.conftest import SECRETARY, Council

ENDED = "Perioden til"


def test_secretary_is_told_the_first_day_after_a_term_ends(council: Council) -> None:
    council.say(SECRETARY, "/brukerrad medlem endre Kari Dybdahl til=14.01.2027")  # a Thursday
    told = [(day, who, text) for day, who, text in council.timeline(20) if text.startswith(ENDED)]
    assert [(day, who) for day, who, _ in told] == [("2027-01-15", SECRETARY)]
    assert told[0][2].startswith("Perioden til Kari Dybdahl (A-Larm) (brukerrepresentant) gikk ut torsdag 14. januar")
    assert '/brukerrad medlem endre "Kari Dybdahl" til=' in told[0][2]


def test_a_term_extended_in_time_sends_nothing(council: Council) -> None:
    council.say(SECRETARY, "/brukerrad medlem endre Kari Dybdahl til=14.01.2027")
    council.run_days(5)
    council.say(SECRETARY, "/brukerrad medlem endre Kari Dybdahl til=30.06.2029")
    assert [e for e in council.timeline(20) if e[2].startswith(ENDED)] == []


def test_members_from_before_are_planned_by_the_daily_calendar(council: Council) -> None:
    """A roster row whose term had already ended when this notice came (written straight into storage,
    as an older version left it): the secretary hears of it once, on the scheduler's next day."""
    with transaction(council.app.sessions) as session:
        old = Member(
            council_id=council.council_id,
            name="Ada Berg",
            role=Role.OBSERVER,
            term_end=date(2026, 12, 31),
            created_at=council.clock.now(),
        )
        session.add(old)
        session.flush()
        session.add(ChatIdentity(member_id=old.id, platform="console", external_id=str(old.id)))
        council.ids["Ada Berg"] = old.id
    told = [(day, who) for day, who, text in council.timeline(10) if text.startswith("Perioden til Ada Berg")]
    assert told == [("2027-01-05", SECRETARY)]


def test_former_member_gets_no_more_declaration_reminders(council: Council) -> None:
    council.say(SECRETARY, "/brukerrad medlem ny Nora Li rolle=observatør til=08.01.2027")
    with transaction(council.app.sessions) as session:
        nora = session.scalars(select(Member).where(Member.name == "Nora Li")).one()
        session.add(ChatIdentity(member_id=nora.id, platform="console", external_id=str(nora.id)))
    council.ids["Nora Li"] = nora.id
    to_nora = [day for day, who, _ in council.timeline(21) if who == "Nora Li"]
    assert to_nora == ["2027-01-05"]  # the first reminder while in her term; none after 8 January
