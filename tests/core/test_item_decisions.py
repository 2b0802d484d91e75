"""Issue 18 point 2: every agenda item gets its decision (the fixed ones too), by item number on the
meeting day (`/mote vedtak`), never confused with a case number; items under eventuelt added in the
meeting; a changed decision keeps every version (who, when) and the minutes show the last."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AuditEntry, Case, ExtraItem, ItemDecision
from tests.core.conftest import SECRETARY, Council

NOTICE_OK = "Innkalling og saksliste ble godkjent."


def _audit(c: Council, action: str) -> list[AuditEntry]:
    with c.app.sessions() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def _minutes(c: Council) -> str:
    return c.ok(SECRETARY, "/mote referat 1").text


def test_the_fixed_items_get_their_decisions_from_the_meeting_day_and_the_minutes_list_every_item(
    planned: Council,
) -> None:
    before = planned.snapshot()
    too_early = planned.say(SECRETARY, f"/mote vedtak møte 1/2026 punkt 1 {NOTICE_OK}")
    assert too_early.error and "fra møtedagen" in too_early.text
    no_meeting = planned.say(SECRETARY, f"/mote vedtak punkt 1 {NOTICE_OK}")
    assert no_meeting.error and "ikke noe møte i dag" in no_meeting.text and "møte 1/2027" in no_meeting.text
    assert planned.snapshot() == before
    planned.to_meeting_day()
    assert "punkt 1" in planned.ok(SECRETARY, f"/mote vedtak punkt 1 {NOTICE_OK}").text
    planned.ok(SECRETARY, "/mote vedtak 2 Referatet fra forrige møte ble godkjent uten merknader.")
    planned.ok(SECRETARY, "/mote vedtak punkt 3 Ingen saker under eventuelt.")
    minutes = _minutes(planned)
    assert f"Godkjenning av innkalling og saksliste\nVedtak: {NOTICE_OK}" in minutes
    assert "Vedtak: Referatet fra forrige møte ble godkjent uten merknader." in minutes
    assert "Eventuelt\nVedtak: Ingen saker under eventuelt." in minutes
    assert planned.count(ItemDecision) == 3


def test_an_item_number_is_never_read_as_a_case_number(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    planned.ok("Mona Fossum", "/sak ny Lange køer på NAV-kontoret")
    planned.ok(SECRETARY, "/sak godkjenn 2")  # the agenda: 1, 2, 3 = case 2/2026, 4 eventuelt
    planned.to_meeting_day()
    before = planned.snapshot()
    refused = planned.say(SECRETARY, "/mote vedtak 2/2026 Støttet.")
    assert refused.error and "/sak vedtak 2/2026" in refused.text
    assert planned.say(SECRETARY, "/mote vedtak punkt 9 Støttet.").error
    assert planned.snapshot() == before
    reply = planned.ok(SECRETARY, "/mote vedtak punkt 3 Brukerrådet støtter forslaget.")
    assert "Punkt 3 er sak 2/2026." in reply.text
    assert planned.one(Case, Case.number == 2).decision == "Brukerrådet støtter forslaget."
    assert not planned.one(Case, Case.number == 1).decision


def test_items_under_eventuelt_are_added_in_the_meeting_and_get_their_decision(planned: Council) -> None:
    refused = planned.say("Liv Aasen", "/mote eventuelt møte 1/2026 Parkering ved Gryta")
    assert refused.error and "møtedagen" in refused.text
    planned.to_meeting_day()
    assert planned.say("Kari Dybdahl", "/mote eventuelt Parkering ved Gryta").error  # for the working committee
    added = planned.ok("Liv Aasen", "/mote eventuelt Parkering ved Gryta")
    assert "punkt 4" in added.text and not added.private
    assert "står allerede" in planned.ok("Liv Aasen", "/mote eventuelt parkering ved gryta").text
    assert planned.count(ExtraItem) == 1
    assert "4. Eventuelt: Parkering ved Gryta" in planned.ok("Kari Dybdahl", "/mote sakliste").text
    planned.ok(SECRETARY, "/mote vedtak punkt 4 Sekretæren sjekker parkering med huseier.")
    assert "Eventuelt: Parkering ved Gryta\nVedtak: Sekretæren sjekker parkering med huseier." in _minutes(planned)
    assert [line.detail for line in _audit(planned, "item.added")] == [
        {"item": 4}
    ]  # the typed title stays out of the audit line


def test_a_changed_decision_keeps_every_version_and_the_minutes_show_the_last(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    planned.ok(SECRETARY, "/sak godkjenn 1")
    planned.to_meeting_day()
    planned.ok(SECRETARY, "/mote vedtak punkt 1 Godkjent.")
    changed = planned.ok(SECRETARY, "/mote vedtak punkt 1 Godkjent med ett nytt punkt under eventuelt.")
    assert "«Godkjent.»" in changed.text
    planned.ok(SECRETARY, "/mote vedtak punkt 1 Godkjent med ett nytt punkt under eventuelt.")  # again: no version
    planned.ok(SECRETARY, "/sak vedtak 1 Støttet.")
    planned.ok(SECRETARY, "/sak vedtak 1 Brukerrådet ber om en ny utredning.")
    assert planned.count(ItemDecision) == 4
    shown = planned.ok(SECRETARY, "/mote vedtak punkt 1").text
    assert "Alle 2 versjoner" in shown and "Godkjent." in shown and f"ført av {SECRETARY}" in shown
    minutes = _minutes(planned)
    assert "Vedtak: Godkjent med ett nytt punkt under eventuelt." in minutes and "Vedtak: Godkjent.\n" not in minutes
    assert "Vedtak: Brukerrådet ber om en ny utredning." in minutes and "Støttet." not in minutes
    planned.ok("Kari Dybdahl", "/taushet signer")
    assert "Vedtaket er endret" in planned.ok("Kari Dybdahl", "/sak vis 1/2026").text
    assert [line.detail["version"] for line in _audit(planned, "item.decided")] == [1, 2]
