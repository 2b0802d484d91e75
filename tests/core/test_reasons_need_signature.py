"""Absence and conflict reasons (often health data) are for members who have signed the confidentiality
declaration, whatever their role: an unsigned leader or secretary sees that someone is absent or has a
conflict, never why. Signed members of the working committee still see the reasons."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Notice
from tests.core.conftest import SECRETARY, Council

ABSENCE = "Innlagt akutt på Østmarka"
PART = "Time hos psykiater kl 11"
CONFLICT = "Søsteren min jobber i tjenesten"
REASONS = (ABSENCE, PART, CONFLICT)
UNSIGNED_VIEWS = [
    ("Liv Aasen", "/oppmote status"),
    ("Ola Brattli", "/oppmote status"),
    (SECRETARY, "/oppmote status"),
    ("Liv Aasen", "/sak vis 1"),
    (SECRETARY, "/sak vis 1"),
    ("Kari Dybdahl", "/sak vis 1"),
    ("Tor Grande", "/sak vis 1"),
    ("Liv Aasen", "/mote sakliste"),
    (SECRETARY, "/mote sakliste"),
    ("Tor Grande", "/mote sakliste"),
    (SECRETARY, "/mote referat 1"),
    ("Liv Aasen", "/oppmote spor"),
    ("Kari Dybdahl", "/mote neste"),
]


def _with_reasons(planned: Council) -> Council:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    planned.ok("Liv Aasen", "/sak godkjenn 1")
    planned.ok("Kari Dybdahl", f"/oppmote nei {ABSENCE}")
    planned.ok("Mona Fossum", f"/oppmote delvis {PART}")
    planned.ok("Mona Fossum", f"/habilitet 1 {CONFLICT}")
    return planned


def _outbox_to(council: Council, name: str | None) -> list[str]:
    """Texts in the outbox to `name` (None: the channel)."""
    member = council.ids[name] if name is not None else None
    with council.app.sessions() as session:
        rows = session.scalars(
            select(Notice).where(Notice.member_id.is_(member) if member is None else Notice.member_id == member)
        )
        return [str(row.payload.get("text", "")) for row in rows]


def test_unsigned_working_committee_sees_no_absence_reasons_in_the_status(planned: Council) -> None:
    _with_reasons(planned)
    for who in ("Liv Aasen", "Ola Brattli", SECRETARY):
        status = planned.ok(who, "/oppmote status")
        assert (
            "❌ Kari Dybdahl (A-Larm) – forfall" in status.text
            and "◐ Mona Fossum (Angstringen) – delvis" in status.text
        )
        assert ABSENCE not in status.text and PART not in status.text
        assert "taushetserklæringen" in status.text and status.buttons[0].command == "/taushet"


def test_signed_working_committee_sees_the_reasons(planned: Council) -> None:
    _with_reasons(planned)
    for who in ("Liv Aasen", SECRETARY):
        planned.ok(who, "/taushet signer")
        status = planned.ok(who, "/oppmote status").text
        assert f"forfall: {ABSENCE}" in status and f"delvis: {PART}" in status


def test_unsigned_members_see_no_conflict_reason_in_the_case(planned: Council) -> None:
    _with_reasons(planned)
    for who in ("Liv Aasen", SECRETARY, "Kari Dybdahl"):
        assert CONFLICT not in planned.ok(who, "/sak vis 1").text
    planned.ok("Liv Aasen", "/taushet signer")
    assert f"Habilitet meldt av Mona Fossum: {CONFLICT}" in planned.ok("Liv Aasen", "/sak vis 1").text


def test_agenda_marks_a_conflict_without_its_reason(planned: Council) -> None:
    _with_reasons(planned)
    planned.ok("Liv Aasen", "/taushet signer")  # signed or not: the agenda goes to everyone
    for who in ("Liv Aasen", "Tor Grande"):
        agenda = planned.ok(who, "/mote sakliste").text
        assert "habilitet meldt: Mona Fossum" in agenda and CONFLICT not in agenda
    planned.ok(SECRETARY, "/mote sakliste publiser 1 likevel")
    assert not any(reason in text for text in _outbox_to(planned, None) for reason in REASONS)


def test_deputy_call_in_names_the_absent_member_but_not_the_reason(planned: Council) -> None:
    _with_reasons(planned)
    call_in = [text for text in _outbox_to(planned, "Per Eggen") if "stedfortreder" in text]
    assert len(call_in) == 1 and "Kari Dybdahl har meldt forfall" in call_in[0]
    assert ABSENCE not in call_in[0]


def test_unsigned_leader_is_told_of_a_conflict_but_not_why(planned: Council) -> None:
    _with_reasons(planned)
    told = [text for text in _outbox_to(planned, "Liv Aasen") if "habilitet" in text]
    assert len(told) == 1 and "Mona Fossum (Angstringen) har meldt habilitet i sak 1/2026" in told[0]
    assert CONFLICT not in told[0] and "taushetserklæringen" in told[0]


def test_signed_leader_is_told_the_conflict_reason(planned: Council) -> None:
    planned.ok("Liv Aasen", "/taushet signer")
    _with_reasons(planned)
    told = [text for text in _outbox_to(planned, "Liv Aasen") if "habilitet" in text]
    assert len(told) == 1 and told[0].endswith(CONFLICT)


def test_no_view_shows_an_unsigned_member_a_reason(planned: Council) -> None:
    _with_reasons(planned)
    shown = 0
    for who, command in UNSIGNED_VIEWS:
        reply = planned.say(who, command)
        shown += any(reason in reply.text for reason in REASONS)
    for who in ("Liv Aasen", "Ola Brattli", SECRETARY, "Per Eggen", "Tor Grande", None):
        shown += sum(1 for text in _outbox_to(planned, who) for reason in REASONS if reason in text)
    print(f"\nreasons shown to unsigned members: {shown} in {len(UNSIGNED_VIEWS)} views and 6 outboxes")
    assert shown == 0
