"""Attendance and absence: the deputy is called in, the secretary told when nobody can come."""

from __future__ import annotations

from storage.models import Attendance, AttendanceAnswer, DeputyCall, Notice
from tests.core.conftest import SECRETARY, Council


def _dms_to(council: Council, name: str) -> list[str]:
    with council.app.sessions() as session:
        from sqlalchemy import select

        rows = session.scalars(
            select(Notice).where(Notice.member_id == council.ids[name], Notice.kind == "message").order_by(Notice.id)
        )
        return [row.payload["text"] for row in rows]


def test_representative_confirms_attendance(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/oppmote ja")
    assert planned.one(Attendance).answer == AttendanceAnswer.YES
    assert "allerede" in planned.ok("Kari Dybdahl", "/oppmote ja").text  # double click: one row
    assert planned.count(Attendance) == 1


def test_absence_calls_in_deputy(planned: Council) -> None:
    reply = planned.ok("Kari Dybdahl", "/oppmote nei Legetime")
    assert "Per Eggen" in reply.text
    assert planned.one(Attendance).reason == "Legetime"
    dms = _dms_to(planned, "Per Eggen")
    assert len(dms) == 1 and "Kari Dybdahl har meldt forfall" in dms[0]
    assert "Legetime" not in dms[0]  # the reason is not passed on
    assert "taushetserklæringen" in dms[0]  # the deputy has not signed yet


def test_unsigned_deputy_is_asked_to_sign_first(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/oppmote nei")
    reply = planned.say("Per Eggen", "/oppmote ja")
    assert reply.error and "signere" in reply.text
    planned.ok("Per Eggen", "/taushet signer")
    planned.ok("Per Eggen", "/oppmote ja")
    assert planned.count(Attendance, Attendance.member_id == planned.ids["Per Eggen"]) == 1


def test_deputy_not_called_in_cannot_answer(planned: Council) -> None:
    assert "ikke kalt inn" in planned.say("Per Eggen", "/oppmote ja").text


def test_partial_absence_needs_reason_and_calls_in_deputy(planned: Council) -> None:
    assert planned.say("Kari Dybdahl", "/oppmote delvis").error
    planned.ok("Kari Dybdahl", "/oppmote delvis går kl. 11")
    assert planned.one(Attendance).answer == AttendanceAnswer.PARTLY
    assert planned.count(DeputyCall) == 1


def test_secretary_is_told_when_no_deputy_exists(planned: Council) -> None:
    planned.ok("Mona Fossum", "/oppmote nei Syk")
    assert any("ingen stedfortreder" in text for text in _dms_to(planned, SECRETARY))


def test_secretary_is_told_when_deputy_cannot_come(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/oppmote nei")
    planned.ok("Per Eggen", "/oppmote nei Jobb")
    assert any("kan ikke møte for Kari Dybdahl" in text for text in _dms_to(planned, SECRETARY))


def test_deputy_is_released_when_representative_can_come_after_all(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/oppmote nei")
    planned.ok("Kari Dybdahl", "/oppmote ja")
    assert planned.count(DeputyCall) == 0
    assert "trenger ikke" in _dms_to(planned, "Per Eggen")[-1]


def test_observer_cannot_answer_polls(planned: Council) -> None:
    before = planned.snapshot()
    assert planned.say("Tor Grande", "/oppmote ja").error
    assert planned.snapshot() == before


def test_leader_sees_status_and_nudges(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/oppmote ja")
    status = planned.ok("Liv Aasen", "/oppmote status").text
    assert "✅ Kari Dybdahl (A-Larm)" in status and "❔ Mona Fossum (Angstringen)" in status
    reply = planned.ok("Ola Brattli", "/oppmote purr")
    assert "Mona Fossum" in reply.text and "Kari Dybdahl" not in reply.text
    assert planned.say("Kari Dybdahl", "/oppmote status").error


def test_poll_tally_updates_in_place(planned: Council) -> None:
    planned.ok("Liv Aasen", "/oppmote spor")
    planned.ok("Kari Dybdahl", "/oppmote ja #1")
    with planned.app.sessions() as session:
        from sqlalchemy import select

        refs = [n.payload.get("ref") for n in session.scalars(select(Notice).where(Notice.member_id.is_(None)))]
    assert refs.count("poll:1") == 2
