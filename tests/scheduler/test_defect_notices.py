"""Issue 18, point 10: the notices that read wrong or came too often."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage.db import transaction
from storage.models import Case, CaseState, ChatIdentity, Member, Notice
from tests.scheduler.conftest import SECRETARY, Council

LAST = ("I dag er siste frist", "Siste frist for å melde inn saker")


def test_the_last_call_lists_a_decided_case(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.say("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    council.say(SECRETARY, "/sak godkjenn 1")
    with transaction(council.app.sessions) as session:  # decided already (the old rule let that be weeks early)
        case = session.query(Case).one()
        case.state, case.decision = CaseState.DECIDED, "Brukerrådet ber om en orientering."
    last = [text for _, text in council.run_days(30) if text.startswith(LAST)]
    assert last and "(ingen ennå)" not in last[0]
    assert "• 1/2027 Ventetid på avrusning" in last[0]


def _unsigned_member(council: Council) -> int:
    council.say(SECRETARY, '/brukerrad medlem ny Nora Li rolle=representant org="LPP Trøndelag"')
    with transaction(council.app.sessions) as session:
        nora = session.scalars(select(Member).where(Member.name == "Nora Li")).one()
        session.add(ChatIdentity(member_id=nora.id, platform="console", external_id=str(nora.id)))
    council.ids["Nora Li"] = nora.id
    return nora.id


def test_declaration_reminders_stop_after_three_and_the_secretary_is_told(council: Council) -> None:
    _unsigned_member(council)
    timeline = council.timeline(60)
    to_nora = [day for day, who, _ in timeline if who == "Nora Li"]
    assert len(to_nora) == 3, to_nora
    told = [text for _, who, text in timeline if who == SECRETARY and "Nora Li" in text]
    assert len(told) == 1 and "3 påminnelser" in told[0]


def test_reminders_piled_up_while_away_go_out_once(council: Council) -> None:
    nora = _unsigned_member(council)
    council.scheduler.tick()  # the first reminder is planned a day on
    with transaction(council.app.sessions) as session:
        first = session.scalars(select(Notice).where(Notice.member_id == nora)).one()
        for weeks in (1, 2, 3):  # what a bot away for four weeks could leave: a reminder for each week
            session.add(
                Notice(
                    key=f"{first.key}:w{weeks}",
                    council_id=first.council_id,
                    kind=first.kind,
                    member_id=nora,
                    payload=dict(first.payload),
                    due_at=first.due_at + timedelta(weeks=weeks),
                    created_at=first.created_at,
                )
            )
    council.clock.advance(timedelta(weeks=4))
    council.port.posts.clear()
    council.scheduler.tick()
    council.scheduler.tick()
    assert len([p for p in council.port.posts if p.address == str(nora)]) == 1
