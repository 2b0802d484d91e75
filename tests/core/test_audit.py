"""The audit log: chained by hash so tampering shows, old and new values in every change, sensitive reads
logged, and never a typed reason or case text in a line."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot import cli
from bot.app import build
from bot.clock import MovableClock
from bot.config import parse
from handlers.dispatch import Incoming
from storage import audit
from storage.db import make_engine, migrate
from storage.models import AuditEntry
from tests.conftest import ON_POSTGRES, START, seed_secretary
from tests.core.conftest import SECRETARY, Council


def _config_file(council: Council, tmp_path: Path) -> Path:
    """A configuration file for the command line, on the council's database."""
    path = tmp_path / "config.toml"
    url = council.app.config.database_url
    path.write_text(f'[database]\nurl = "{url}"\n[[councils]]\nslug = "test"\nname = "Brukerrådet (test)"\n')
    return path


def _verify(council: Council) -> audit.Verification:
    with council.app.sessions() as session:
        return audit.verify(session, council.council_id)


def _lines(council: Council, action: str | None = None) -> list[AuditEntry]:
    with council.app.sessions() as session:
        query = select(AuditEntry).where(AuditEntry.council_id == council.council_id).order_by(AuditEntry.id)
        if action is not None:
            query = query.where(AuditEntry.action == action)
        return list(session.scalars(query))


def _sql(council: Council, statement: str, **params: object) -> None:
    with council.app.engine.begin() as conn:
        conn.execute(text(statement), params)


def _busy(council: Council) -> None:
    """A few ordinary commands, so the chain has lines of every kind."""
    council.ok("Kari Dybdahl", "/sak ny Ventetid på avrusning -- Mange venter for lenge")
    council.ok("Kari Dybdahl", "/oppmote nei Kurs")
    council.ok(SECRETARY, "/sak godkjenn 1")


def test_a_clean_chain_verifies(planned: Council) -> None:
    _busy(planned)
    result = _verify(planned)
    lines = _lines(planned)
    assert result.ok, result.problem
    assert result.lines == len(lines) > 5
    assert [line.seq for line in lines] == list(range(1, len(lines) + 1))
    assert result.head == lines[-1].hash


def test_an_edited_detail_is_found(planned: Council) -> None:
    _busy(planned)
    target = _lines(planned, "attendance.no")[0]
    cast = "CAST(:detail AS JSON)" if ON_POSTGRES else ":detail"
    _sql(planned, f"UPDATE audit_log SET detail = {cast} WHERE id = :id", detail='{"old": "yes"}', id=target.id)
    result = _verify(planned)
    assert not result.ok and result.seq == target.seq
    assert result.problem == "hash"


def test_an_edited_line_with_its_hash_rebuilt_is_found_at_the_next_line(planned: Council) -> None:
    _busy(planned)
    target = _lines(planned, "case.submitted")[0]
    forged = audit.line_hash(
        council_id=target.council_id,
        seq=target.seq or 0,
        prev_hash=target.prev_hash,
        member_id=target.member_id,
        platform=target.platform,
        action="case.withdrawn",
        subject=target.subject,
        detail=target.detail,
        at=target.at,
    )
    _sql(planned, "UPDATE audit_log SET action = 'case.withdrawn', hash = :h WHERE id = :id", h=forged, id=target.id)
    result = _verify(planned)
    assert not result.ok and result.seq == (target.seq or 0) + 1
    assert result.problem == "link"


def test_a_rebuilt_last_line_is_found_by_the_chain_head(planned: Council) -> None:
    _busy(planned)
    target = _lines(planned)[-1]
    forged = audit.line_hash(
        council_id=target.council_id,
        seq=target.seq or 0,
        prev_hash=target.prev_hash,
        member_id=target.member_id,
        platform=target.platform,
        action=target.action,
        subject="99",
        detail=target.detail,
        at=target.at,
    )
    _sql(planned, "UPDATE audit_log SET subject = '99', hash = :h WHERE id = :id", h=forged, id=target.id)
    result = _verify(planned)
    assert not result.ok and result.seq == target.seq


def test_a_deleted_line_is_found(planned: Council) -> None:
    _busy(planned)
    target = _lines(planned, "case.submitted")[0]
    _sql(planned, "DELETE FROM audit_log WHERE id = :id", id=target.id)
    result = _verify(planned)
    assert not result.ok and result.seq == target.seq
    assert result.problem == "missing"


def test_a_deleted_last_line_is_found(planned: Council) -> None:
    _busy(planned)
    last = _lines(planned)[-1]
    _sql(planned, "DELETE FROM audit_log WHERE id = :id", id=last.id)
    result = _verify(planned)
    assert not result.ok and result.seq == last.seq


def test_two_swapped_lines_are_found(planned: Council) -> None:
    _busy(planned)
    first, second = _lines(planned)[3:5]
    _sql(planned, "UPDATE audit_log SET seq = -1 WHERE id = :id", id=first.id)
    _sql(planned, "UPDATE audit_log SET seq = :seq WHERE id = :id", seq=first.seq, id=second.id)
    _sql(planned, "UPDATE audit_log SET seq = :seq WHERE id = :id", seq=second.seq, id=first.id)
    result = _verify(planned)
    assert not result.ok and result.seq == first.seq


def test_a_line_slipped_in_without_a_number_is_found(planned: Council) -> None:
    _busy(planned)
    _sql(
        planned,
        "INSERT INTO audit_log (council_id, member_id, platform, action, subject, detail, at, prev_hash, hash) "
        "VALUES (:c, NULL, 'console', 'member.changed', '4', '{}', :at, '', '')",
        c=planned.council_id,
        at=START.replace(tzinfo=None),
    )
    result = _verify(planned)
    assert not result.ok and result.problem == "unnumbered"


def test_lines_from_before_the_chain_are_skipped_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A database from revision 0001 with audit lines in it, brought up to date, then used."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    migrate(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO councils (slug, name, timezone, created_at) VALUES ('test', 'Rådet', 'Europe/Oslo', :at)"
            ),
            {"at": START.replace(tzinfo=None)},
        )
        conn.execute(
            text(
                "INSERT INTO audit_log (council_id, member_id, platform, action, subject, detail, at) "
                "VALUES (1, NULL, 'console', 'meeting.planned', '1', '{}', :at)"
            ),
            {"at": START.replace(tzinfo=None)},
        )
    engine.dispose()
    config_file = tmp_path / "config.toml"
    config_file.write_text(f'[database]\nurl = "{url}"\n[[councils]]\nslug = "test"\nname = "Rådet"\n')
    app = build(
        parse({"database": {"url": url}, "councils": [{"slug": "test", "name": "Rådet"}]}, {}), MovableClock(START)
    )
    secretary = seed_secretary(app, app.council_ids["test"], SECRETARY, "console")
    reply = app.dispatcher.handle(Incoming("console", str(secretary), "/mote bekreft 2026-12-15T10:00 Gryta", 1))
    assert reply is not None and not reply.error
    app.close()
    assert cli.main(["--config", str(config_file), "audit", "verify"]) == 0
    out = capsys.readouterr().out
    assert "1 eldre linjer" in out and "OK, 1 linjer" in out


def test_audit_verify_command_exits_1_on_tampering(
    planned: Council, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _busy(planned)
    config_file = _config_file(planned, tmp_path)
    assert cli.main(["--config", str(config_file), "audit", "verify", "--council", "test"]) == 0
    assert f"OK, {len(_lines(planned))} linjer" in capsys.readouterr().out
    _sql(planned, "UPDATE audit_log SET subject = '2' WHERE action = 'case.approved'")
    assert cli.main(["--config", str(config_file), "audit", "verify"]) == 1
    assert "FEIL i revisjonsloggen: linje" in capsys.readouterr().out


def test_concurrent_commands_keep_one_unbroken_chain(planned: Council) -> None:
    """Four threads, each its own connection (on PostgreSQL: its own server session), writing at once.
    (Attendance answers: case numbers are another helper's race, tests/core/test_multiprocess.py.)"""
    names = ["Liv Aasen", "Ola Brattli", "Kari Dybdahl", "Mona Fossum"]
    errors: list[str] = []

    def worker(name: str) -> None:
        for n in range(10):
            answer = "/oppmote nei" if n % 2 == 0 else "/oppmote ja"
            reply = planned.app.dispatcher.handle(
                Incoming("console", str(planned.ids[name]), answer, planned.council_id)
            )
            if reply is None or reply.error:
                errors.append(reply.text if reply else "none")

    threads = [threading.Thread(target=worker, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = _verify(planned)
    submitted = len(_lines(planned, "attendance.no")) + len(_lines(planned, "attendance.yes"))
    print(f"concurrent audit lines: {submitted}/{4 * 10} answers audited, errors {len(errors)}, chain ok {result.ok}")
    assert not errors
    assert submitted == 40
    assert result.ok, result.problem


# --- what the lines say ---


def test_role_change_keeps_old_and_new_role(council: Council) -> None:
    council.ok(SECRETARY, "/brukerrad medlem endre Tor Grande rolle=vara org=RiO til=30.06.2027")
    line = _lines(council, "member.changed")[-1]
    assert line.subject == str(council.ids["Tor Grande"])
    assert line.detail["role"] == ["observer", "deputy"]
    assert line.detail["term_end"] == [None, "2027-06-30"]
    assert line.detail["organisation_id"][0] != line.detail["organisation_id"][1]


def test_a_changed_name_is_audited_without_the_names(council: Council) -> None:
    council.ok(SECRETARY, '/brukerrad medlem endre Tor Grande navn="Tor Grande Lie"')
    line = _lines(council, "member.changed")[-1]
    assert line.detail["fields"] == ["navn"]
    assert "Tor" not in json.dumps(line.detail)


def test_ending_a_membership_keeps_the_old_term(council: Council) -> None:
    council.ok(SECRETARY, "/brukerrad medlem avslutt Mona Fossum")
    line = _lines(council, "member.ended")[-1]
    assert line.detail["active"] == [True, False]
    assert line.detail["term_end"][0] is None and line.detail["term_end"][1]


def test_an_overwritten_decision_keeps_the_old_text_for_the_secretary(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    planned.ok(SECRETARY, "/sak godkjenn 1")
    planned.to_meeting_day()
    planned.ok(SECRETARY, "/sak vedtak 1 Brukerrådet støtter forslaget.")
    reply = planned.ok(SECRETARY, "/sak vedtak 1 Brukerrådet ber om en ny utredning.")
    assert "forrige vedtaket" in reply.text
    lines = _lines(planned, "case.decided")
    assert lines[0].detail == {"old": None, "new": "Brukerrådet støtter forslaget."}
    assert lines[1].detail == {"old": "Brukerrådet støtter forslaget.", "new": "Brukerrådet ber om en ny utredning."}
    planned.ok(SECRETARY, "/taushet signer")
    shown = planned.ok(SECRETARY, "/sak vis 1").text
    assert "Brukerrådet ber om en ny utredning." in shown
    assert "Tidligere vedtak" in shown and "Brukerrådet støtter forslaget." in shown
    planned.ok("Kari Dybdahl", "/taushet signer")
    assert "Tidligere vedtak" not in planned.ok("Kari Dybdahl", "/sak vis 1").text


def test_deputy_call_in_and_release_are_audited(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/oppmote nei")
    called = _lines(planned, "attendance.deputy_called")
    assert called and called[-1].detail == {
        "deputy": planned.ids["Per Eggen"],
        "for_member": planned.ids["Kari Dybdahl"],
    }
    planned.ok("Kari Dybdahl", "/oppmote ja")
    released = _lines(planned, "attendance.deputy_released")
    assert released and released[-1].detail == called[-1].detail
    answer = _lines(planned, "attendance.yes")[-1]
    assert answer.detail == {"old": "no"}


def test_sensitive_reads_are_audited(planned: Council) -> None:
    planned.ok(SECRETARY, "/oppmote status")
    planned.ok(SECRETARY, "/taushet status")
    assert [line.member_id for line in _lines(planned, "attendance.status_read")] == [planned.ids[SECRETARY]]
    assert [line.member_id for line in _lines(planned, "declaration.status_read")] == [planned.ids[SECRETARY]]


def test_no_typed_reason_or_case_text_reaches_the_audit_log(planned: Council) -> None:
    typed = {
        "/sak ny Ventetid i kommunen -- Beskrivelse om ventetid XQ1": ("Ventetid i kommunen", "XQ1"),
        "/oppmote nei Innlagt akutt XQ2": ("Innlagt akutt", "XQ2"),
        "/habilitet 1 Min søster jobber der XQ3": ("Min søster", "XQ3"),
        "/sak avvis 1 Gjelder en enkeltperson XQ4": ("enkeltperson", "XQ4"),
    }
    who = {"/habilitet": "Mona Fossum", "/sak avvis": SECRETARY}
    for command in typed:
        member = next((name for prefix, name in who.items() if command.startswith(prefix)), "Kari Dybdahl")
        planned.ok(member, command)
    planned.ok("Ola Brattli", "/oppmote delvis Legetime XQ5")
    typed["delvis"] = ("Legetime", "XQ5")
    lines = [json.dumps([line.subject, line.detail], ensure_ascii=False) for line in _lines(planned)]
    found = [word for words in typed.values() for word in words if any(word in line for line in lines)]
    print(f"typed texts found in {len(lines)} audit lines: {len(found)}/{2 * len(typed)}")
    assert found == []


def test_the_whole_council_export_is_audited(planned: Council, tmp_path: Path) -> None:
    config_file = _config_file(planned, tmp_path)
    assert cli.main(["--config", str(config_file), "export", "--out", str(tmp_path / "rådet.json")]) == 0
    assert len(_lines(planned, "council.exported")) == 1
    assert _verify(planned).ok


def test_every_problem_verify_can_find_is_said_in_words() -> None:
    from handlers import texts

    said = [texts.AUDIT_PROBLEMS[kind].format(seq=3, until=5, lines="3–5") for kind in audit.PROBLEMS]
    assert len(said) == len(set(said)) == len(texts.AUDIT_PROBLEMS)


AUDIT_WORKER = """
import sys
from bot.app import build
from bot.clock import SystemClock
from bot.config import parse
from storage import audit
from storage.db import transaction
config = parse({"database": {"url": sys.argv[1]}, "councils": [{"slug": "test", "name": "R"}]}, {})
app = build(config, SystemClock(), run_migrations=False)
council = app.council_ids["test"]
for n in range(int(sys.argv[2])):
    with transaction(app.sessions) as session:
        detail = {"worker": sys.argv[3]}
        audit.append(session, council, None, "console", "attendance.yes", str(n), detail, app.clock.now())
app.close()
"""


def test_several_processes_append_to_one_chain(db_url: str) -> None:
    """Four real processes writing audit lines at once: every line gets its own number and links to the one
    before (PostgreSQL: the counter row's lock; SQLite: write transactions take turns)."""
    import subprocess
    import sys

    from bot.clock import SystemClock

    app = build(parse({"database": {"url": db_url}, "councils": [{"slug": "test", "name": "R"}]}, {}), SystemClock())
    council_id = app.council_ids["test"]
    each = 25
    root = Path(__file__).parents[2]
    workers = [
        subprocess.Popen([sys.executable, "-c", AUDIT_WORKER, db_url, str(each), str(n)], cwd=root) for n in range(4)
    ]
    codes = [worker.wait(timeout=120) for worker in workers]
    with app.sessions() as session:
        result = audit.verify(session, council_id)
        seqs = list(session.scalars(select(AuditEntry.seq).where(AuditEntry.council_id == council_id)))
    app.close()
    print(f"processes {len(workers)}, lines {len(seqs)}/{4 * each}, chain ok {result.ok}")
    assert codes == [0, 0, 0, 0]
    assert sorted(s for s in seqs if s is not None) == list(range(1, 4 * each + 1))
    assert result.ok and result.lines == 4 * each, result.problem
