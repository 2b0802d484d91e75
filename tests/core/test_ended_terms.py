"""A member whose term has ended (term_end passed) is a former member: told kindly whom to ask, nothing
written, no notices, not counted in attendance. The row stays as it was (it is not `/brukerrad medlem
avslutt`): a new `til=` from the secretary brings the member back. The secretary herself keeps the roster
commands when her own term has ended, so the council cannot lock itself out."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from handlers import texts
from storage.models import Attendance, Case, Member, Notice
from tests.core.conftest import SECRETARY, Council

# The fixture's clock: Monday 23 November 2026; meeting 1 on Tuesday 15 December.
ENDED = "til=30.11.2026"  # the last day of the term


def _past_the_end(planned: Council, *names: str) -> Council:
    for name in names:
        planned.ok(SECRETARY, f'/brukerrad medlem endre "{name}" {ENDED}')
    planned.clock.advance(timedelta(days=8))  # Tuesday 1 December 2026: the first day after
    return planned


def _outbox_to(council: Council, name: str) -> list[str]:
    with council.app.sessions() as session:
        rows = session.scalars(select(Notice).where(Notice.member_id == council.ids[name]))
        return [str(row.payload.get("text", "")) for row in rows]


def test_member_whose_term_ended_is_told_kindly_whom_to_ask_and_nothing_is_written(planned: Council) -> None:
    _past_the_end(planned, "Kari Dybdahl")
    tried = refused = written = 0
    for command in (
        "/oppmote ja",
        "/oppmote nei Syk",
        "/sak ny Ventetid",
        "/habilitet 1 Jobber der",
        "/taushet signer",
        "/sak liste",
        "/mote neste",
        "/brukerrad medlemmer",
        "/start",
    ):
        before = planned.snapshot()
        reply = planned.say("Kari Dybdahl", command)
        tried += 1
        refused += reply.error and reply.text == texts.FORMER_MEMBER.format(
            name="Kari", day="mandag 30. november 2026", who=SECRETARY
        )
        written += planned.snapshot() != before
    print(f"\nformer member: {refused}/{tried} commands answered with whom to ask, {written} wrote something")
    assert refused == tried and written == 0
    assert not planned.say("Kari Dybdahl", "/sak hjelp").error  # help is for everyone


def test_term_still_running_on_its_last_day(planned: Council) -> None:
    planned.ok(SECRETARY, f"/brukerrad medlem endre Kari Dybdahl {ENDED}")
    planned.clock.advance(timedelta(days=7))  # Monday 30 November: the last day
    planned.ok("Kari Dybdahl", "/oppmote ja")


def test_former_member_is_not_counted_in_attendance(planned: Council) -> None:
    _past_the_end(planned, "Kari Dybdahl")
    status = planned.ok(SECRETARY, "/oppmote status").text
    assert "Kari Dybdahl" not in status and "Mona Fossum" in status
    reply = planned.ok("Liv Aasen", "/oppmote purr")
    assert "Kari Dybdahl" not in reply.text
    assert not any("svar" in text for text in _outbox_to(planned, "Kari Dybdahl"))


def test_former_member_gets_no_direct_messages(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    _past_the_end(planned, "Kari Dybdahl", "Liv Aasen")
    before = len(_outbox_to(planned, "Kari Dybdahl")), len(_outbox_to(planned, "Liv Aasen"))
    planned.ok("Ola Brattli", "/sak godkjenn 1")  # would tell the submitter
    planned.clock.advance(timedelta(days=1))  # past the case deadline (1 December)
    planned.ok("Mona Fossum", "/sak ny Brukermedvirkning")  # late: would tell the working committee
    planned.ok("Mona Fossum", "/habilitet 1 Jobber i tjenesten")  # would tell the leader
    assert (len(_outbox_to(planned, "Kari Dybdahl")), len(_outbox_to(planned, "Liv Aasen"))) == before
    assert any("etter fristen" in text for text in _outbox_to(planned, "Ola Brattli"))


def test_deputy_whose_term_ended_is_not_called_in(planned: Council) -> None:
    _past_the_end(planned, "Per Eggen")
    reply = planned.ok("Kari Dybdahl", "/oppmote nei Syk")
    assert "Per Eggen" not in reply.text
    assert any("ingen stedfortreder" in text for text in _outbox_to(planned, SECRETARY))


def test_a_new_term_end_brings_the_member_back(planned: Council) -> None:
    _past_the_end(planned, "Kari Dybdahl")
    assert planned.say("Kari Dybdahl", "/oppmote ja").error
    assert "perioden er ute" in planned.ok(SECRETARY, "/brukerrad medlemmer").text
    planned.ok(SECRETARY, "/brukerrad medlem endre Kari Dybdahl til=30.06.2028")
    planned.ok("Kari Dybdahl", "/oppmote ja")
    assert planned.count(Attendance) == 1
    assert planned.one(Member, Member.name == "Kari Dybdahl").active


def test_organisation_can_get_its_next_representative_when_the_term_ended(planned: Council) -> None:
    _past_the_end(planned, "Kari Dybdahl")
    planned.ok(SECRETARY, '/brukerrad medlem ny Nora Li rolle=representant org="A-Larm"')
    # Two cannot sit at once: giving Kari a new term now is refused like any other clash.
    reply = planned.say(SECRETARY, "/brukerrad medlem endre Kari Dybdahl til=30.06.2028")
    assert reply.error and "Nora Li" in reply.text


def test_secretary_whose_term_ended_keeps_the_roster_and_nothing_else(planned: Council) -> None:
    _past_the_end(planned, SECRETARY, "Kari Dybdahl")
    before = planned.snapshot()
    reply = planned.say(SECRETARY, "/mote bekreft 2027-01-12T10:00 Gryta")
    assert reply.error and "/brukerrad medlem endre" in reply.text and planned.snapshot() == before
    assert "perioden din som sekretær gikk ut" in planned.ok(SECRETARY, "/brukerrad medlemmer").text
    # Kari is told to ask the secretary although her term has ended too: she is the one who can help.
    assert f"kan {SECRETARY} forlenge" in planned.say("Kari Dybdahl", "/oppmote ja").text
    planned.ok(SECRETARY, f'/brukerrad medlem endre "{SECRETARY}" til=31.12.2028')
    planned.ok(SECRETARY, "/mote bekreft 2027-01-12T10:00 Gryta")
    assert planned.count(Case) == 0


def test_secretary_is_told_the_day_a_term_has_ended(planned: Council) -> None:
    planned.ok(SECRETARY, f"/brukerrad medlem endre Kari Dybdahl {ENDED}")
    with planned.app.sessions() as session:
        row = session.scalars(select(Notice).where(Notice.kind == "term_ended")).one()
        assert row.due_at.astimezone(planned.app.settings_for_id(planned.council_id).tz).isoformat() == (
            "2026-12-01T09:00:00+01:00"
        )
    planned.ok(SECRETARY, "/brukerrad medlem endre Kari Dybdahl til=31.12.2026")  # changed: planned anew
    with planned.app.sessions() as session:
        states = sorted(
            (r.state.value, r.payload["term_end"])
            for r in session.scalars(select(Notice).where(Notice.kind == "term_ended"))
        )
    assert states == [("cancelled", "2026-11-30"), ("pending", "2026-12-31")]
