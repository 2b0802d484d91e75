"""Retention (`[retention]`): reasons, delivered message texts, delivery keys, invites and old audit lines go
after their time, with the fake clock moved forward; what is newer stays; the audit chain still verifies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot import cli
from bot.config import ConfigError, parse
from bot.scheduler import Scheduler
from fakes.recording_port import RecordingPort
from storage import audit, retention
from storage.db import transaction
from storage.models import Attendance, AuditEntry, ConflictDeclaration, Delivery, Invite, Notice, NoticeState
from tests.core.conftest import SECRETARY, Council

MEETING_1 = datetime(2026, 12, 15, 9, 0, tzinfo=UTC)
POLICY = retention.RetentionPolicy()


def _config_file(council: Council, tmp_path: Path) -> Path:
    """A configuration file for the command line, on the council's database."""
    path = tmp_path / "config.toml"
    url = council.app.config.database_url
    path.write_text(f'[database]\nurl = "{url}"\n[[councils]]\nslug = "test"\nname = "Brukerrådet (test)"\n')
    return path


def _run(council: Council) -> dict[str, dict[str, int]]:
    with transaction(council.app.sessions) as session:
        return retention.run_all(session, POLICY, council.clock.now())


def _verify(council: Council) -> audit.Verification:
    with council.app.sessions() as session:
        return audit.verify(session, council.council_id)


def _reason(council: Council, name: str, meeting: int) -> str:
    with council.app.sessions() as session:
        row = session.scalars(
            select(Attendance).where(Attendance.member_id == council.ids[name], Attendance.meeting_id == meeting)
        ).one()
        return row.reason


def test_a_reason_older_than_the_limit_is_gone_and_a_newer_one_kept(planned: Council) -> None:
    planned.ok(SECRETARY, "/mote bekreft 2027-05-11T10:00 Gryta")
    planned.ok("Kari Dybdahl", "/oppmote nei #1 Sykdom")
    planned.ok("Mona Fossum", "/oppmote nei #2 Kurs i Bergen")
    planned.ok("Ola Brattli", "/sak ny Ventetid")
    planned.ok("Mona Fossum", "/habilitet 1 Søsteren min jobber der")
    planned.clock.set(MEETING_1 + timedelta(days=POLICY.reason_days - 1))
    assert _run(planned)["test"]["reasons"] == 0  # not yet: the limit counts from the meeting
    assert _reason(planned, "Kari Dybdahl", 1) == "Sykdom"
    planned.clock.set(MEETING_1 + timedelta(days=POLICY.reason_days + 1))
    done = _run(planned)["test"]
    assert done["reasons"] == 1 and done["conflict_reasons"] == 1
    assert _reason(planned, "Kari Dybdahl", 1) == ""
    assert _reason(planned, "Mona Fossum", 2) == "Kurs i Bergen"  # meeting 2 was only 37 days ago
    assert planned.one(Attendance, Attendance.member_id == planned.ids["Kari Dybdahl"]).answer.value == "no"
    assert planned.one(ConflictDeclaration).reason == ""
    assert _verify(planned).ok


def test_a_delivered_message_text_is_blanked_and_a_pending_one_kept(planned: Council) -> None:
    planned.app.add_port(RecordingPort())
    planned.ok("Kari Dybdahl", "/oppmote nei Sykdom")  # a message to the deputy
    planned.app.sender.drain()
    planned.ok("Mona Fossum", "/oppmote nei")  # a message to the secretary, not sent yet
    with planned.app.sessions() as session:
        sent = session.scalars(select(Notice.id).where(Notice.kind == "message", Notice.state == NoticeState.SENT))
        sent_ids = list(sent)
        pending_ids = list(
            session.scalars(select(Notice.id).where(Notice.kind == "message", Notice.state == NoticeState.PENDING))
        )
    assert sent_ids and pending_ids
    planned.clock.advance(timedelta(days=POLICY.message_days - 1))
    assert _run(planned)["test"]["message_texts"] == 0
    planned.clock.advance(timedelta(days=2))
    assert _run(planned)["test"]["message_texts"] >= len(sent_ids)
    with planned.app.sessions() as session:
        for notice in session.scalars(select(Notice).where(Notice.id.in_(sent_ids))):
            assert notice.payload.get("text", "") == "" and notice.payload.get("rendered", {}).get("text", "") == ""
        for notice in session.scalars(select(Notice).where(Notice.id.in_(pending_ids))):
            assert notice.payload["text"]


def test_old_audit_lines_go_and_the_chain_still_verifies(
    planned: Council, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    planned.ok("Kari Dybdahl", "/oppmote nei Sykdom")
    old_lines = planned.count(AuditEntry)
    planned.clock.advance(timedelta(days=POLICY.audit_days + 1))
    planned.ok(SECRETARY, "/mote bekreft 2032-01-13T10:00 Gryta")  # a line newer than the limit
    done = _run(planned)["test"]
    assert done["audit_lines"] == old_lines
    result = _verify(planned)
    assert result.ok, result.problem
    assert result.cut == old_lines
    planned.ok(SECRETARY, "/mote bekreft 2032-02-10T10:00 Gryta")
    assert _verify(planned).ok
    config = _config_file(planned, tmp_path)
    assert cli.main(["--config", str(config), "audit", "verify"]) == 0
    assert f"de {old_lines} eldste linjene er slettet" in capsys.readouterr().out
    # Deleting a line the anchor does not account for still shows.
    with planned.app.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = :seq"), {"seq": old_lines + 1})
    assert not _verify(planned).ok


def test_a_tampered_old_line_is_kept_as_evidence(planned: Council) -> None:
    old_lines = planned.count(AuditEntry)
    with planned.app.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET subject = 'x' WHERE seq = 2"))
    planned.clock.advance(timedelta(days=POLICY.audit_days + 1))
    assert _run(planned)["test"]["audit_lines"] == 0
    assert planned.count(AuditEntry) >= old_lines
    result = _verify(planned)
    assert not result.ok and result.seq == 2


def test_invites_and_delivery_keys_go_after_their_time(planned: Council) -> None:
    planned.ok(SECRETARY, "/brukerrad inviter Mona Fossum")
    planned.say("Kari Dybdahl", "/mote neste", key="slack:trigger-1")
    planned.clock.advance(timedelta(days=POLICY.delivery_key_days + 1))
    planned.say("Kari Dybdahl", "/mote neste", key="slack:trigger-2")
    assert _run(planned)[""]["delivery_keys"] == 1
    with planned.app.sessions() as session:
        assert list(session.scalars(select(Delivery.key))) == ["slack:trigger-2"]
    planned.clock.advance(timedelta(days=14 + POLICY.invite_days))  # the invite expired 14 days after it was made
    planned.ok(SECRETARY, "/brukerrad inviter Ola Brattli")
    assert _run(planned)["test"]["invites"] == 1
    assert planned.count(Invite) == 1 and planned.count(Invite, Invite.member_id == planned.ids["Ola Brattli"]) == 1


def test_the_scheduler_runs_retention_once_a_day_and_twice_is_harmless(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/oppmote nei Sykdom")
    scheduler = Scheduler(planned.app)
    scheduler.tick()
    assert _reason(planned, "Kari Dybdahl", 1) == "Sykdom"
    planned.clock.set(MEETING_1 + timedelta(days=POLICY.reason_days + 1))
    scheduler.tick()
    assert _reason(planned, "Kari Dybdahl", 1) == ""
    runs = planned.count(AuditEntry, AuditEntry.action == "retention.run")
    assert runs == 1
    # A second process the same day, and the same process again: nothing more removed, nothing logged.
    Scheduler(planned.app).tick()
    scheduler.tick()
    assert _run(planned)["test"] == dict.fromkeys(
        ("reasons", "conflict_reasons", "message_texts", "invites", "audit_lines"), 0
    )
    assert planned.count(AuditEntry, AuditEntry.action == "retention.run") == 1
    assert _verify(planned).ok


def test_retention_run_command_reports_what_it_removed(
    planned: Council, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    planned.ok("Kari Dybdahl", "/oppmote nei Sykdom")
    config = tmp_path / "config.toml"
    # The command runs on the real clock: a limit of one day, with the meeting moved into the past.
    config.write_text(
        f'[database]\nurl = "{planned.app.config.database_url}"\n[retention]\nreason_days = 1\nmessage_days = 1\n'
        '[[councils]]\nslug = "test"\nname = "Brukerrådet (test)"\n'
    )
    with planned.app.engine.begin() as conn:
        conn.execute(text("UPDATE meetings SET start = :start"), {"start": datetime(2020, 1, 7, 9, 0)})
    assert cli.main(["--config", str(config), "retention", "run"]) == 0
    out = capsys.readouterr().out
    assert "grunner for forfall fjernet: 1" in out
    assert _reason(planned, "Kari Dybdahl", 1) == ""


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ({"reason_days": 90, "message_days": 120}, "message_days kan ikke være større"),
        ({"audit_days": 30}, "mellom 365 og"),
        ({"delivery_key_days": 1}, "mellom 2 og"),
        ({"reason_days": True}, "helt antall dager"),
        ({"reason_days": "6 måneder"}, "helt antall dager"),
        ({"keep_forever": 1}, "ukjent nøkkel"),
    ],
)
def test_retention_settings_are_checked(table: dict[str, object], expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        parse({"retention": table}, {})


def test_retention_defaults() -> None:
    policy = parse({}, {}).retention
    assert (
        policy.reason_days,
        policy.message_days,
        policy.delivery_key_days,
        policy.audit_days,
        policy.invite_days,
    ) == (
        183,
        30,
        14,
        1827,
        30,
    )
    assert parse({"retention": {"reason_days": 365}}, {}).retention.reason_days == 365


def test_example_configuration_has_the_retention_table() -> None:
    from bot.config import load

    assert load(Path(__file__).parents[2] / "config.example.toml").retention == POLICY
