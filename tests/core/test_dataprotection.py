"""GDPR arts. 15 and 17 for one person: `brukerrad member export` gives everything held about them,
`brukerrad member erase` anonymises them and keeps the council's records (and the audit chain) intact."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from bot import cli
from storage import audit
from storage.db import transaction
from storage.models import (
    Attendance,
    AuditEntry,
    Case,
    ChatIdentity,
    ConflictDeclaration,
    Invite,
    Meeting,
    Member,
    Notice,
    NoticeState,
    RollCall,
)
from tests.conftest import START
from tests.core.conftest import SECRETARY, Council

KARI = "Kari Dybdahl"
REASON = "Innlagt akutt på St. Olavs"
CONFLICT = "Min bror er leder der"


def _config(council: Council, tmp_path: Path) -> str:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[database]\nurl = "{council.app.config.database_url}"\n'
        '[[councils]]\nslug = "test"\nname = "Brukerrådet (test)"\n'
    )
    return str(path)


@pytest.fixture
def kari(planned: Council) -> Council:
    """Kari has signed, answered with a reason, declared a conflict, submitted a case that names her, been
    invited, and messages to and about her wait in the outbox."""
    planned.ok(KARI, "/taushet signer")
    planned.ok("Mona Fossum", "/sak ny Ventetid på avrusning")
    planned.ok(KARI, f"/sak ny Brukermedvirkning i praksis -- {KARI} ønsker en orientering")
    planned.ok(KARI, f"/oppmote nei {REASON}")  # calls in Per Eggen: a message about Kari, to Per
    planned.ok(KARI, f"/habilitet 1 {CONFLICT}")  # tells the leader: a message about Kari, with the reason
    planned.ok(SECRETARY, "/sak godkjenn 2")  # tells Kari: a message to her
    planned.ok(SECRETARY, f"/brukerrad inviter {KARI}")
    return planned


def test_export_holds_everything_about_the_person_in_a_private_file(
    kari: Council, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The meeting is weeks away, so her roll call mark (`/mote opprop`, on the meeting day) goes in directly.
    with transaction(kari.app.sessions) as session:
        meeting = session.scalars(select(Meeting)).one()
        session.add(
            RollCall(meeting_id=meeting.id, member_id=kari.ids[KARI], present=False, forfall=True, recorded_at=START)
        )
    out = tmp_path / "kari.json"
    old_umask = os.umask(0)  # the most open umask: the file must still be the owner's alone
    try:
        assert cli.main(["--config", _config(kari, tmp_path), "member", "export", KARI, "--out", str(out)]) == 0
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "bare du kan lese" in capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["member"]["name"] == KARI and data["member"]["role"] == "representative"
    assert data["member"]["organisation"] == "A-Larm"
    assert data["chat_identities"] == [{"platform": "console", "external_id": str(kari.ids[KARI]), "dm_channel": None}]
    assert len(data["invites"]) == 1
    assert data["attendance"][0]["reason"] == REASON
    assert data["deputy_calls"][0]["deputy"] == kari.ids["Per Eggen"]
    assert data["roll_calls"][0]["forfall"] is True
    assert data["conflict_declarations"][0]["reason"] == CONFLICT
    assert [c["case"] for c in data["cases_submitted"]] == ["2/2026"]
    assert any("satt opp på sakslisten" in m["text"] for m in data["messages_to_them"])
    assert any(KARI in m["text"] for m in data["messages_about_them"])
    actions = {line["action"] for line in data["audit_log"]}
    assert {"member.added", "attendance.no", "attendance.deputy_called", "case.submitted", "member.invited"} <= actions
    filled = [key for key, value in data.items() if value]
    print(f"export sections with content: {len(filled)}/{len(data)}")
    assert len(filled) == len(data)
    with kari.app.sessions() as session:
        exported = session.scalars(select(AuditEntry).where(AuditEntry.action == "member.exported")).all()
        assert [line.subject for line in exported] == [str(kari.ids[KARI])]


def test_export_never_overwrites_a_file(kari: Council, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "kari.json"
    out.write_text("annet innhold")
    before = kari.count(AuditEntry)
    assert cli.main(["--config", _config(kari, tmp_path), "member", "export", KARI, "--out", str(out)]) == 2
    assert "finnes allerede" in capsys.readouterr().err
    assert out.read_text() == "annet innhold"
    assert kari.count(AuditEntry) == before  # no file, no export line


def test_erase_anonymises_the_person_and_keeps_the_councils_records(
    kari: Council, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    member_id = kari.ids[KARI]
    cases_before = kari.count(Case)
    assert cli.main(["--config", _config(kari, tmp_path), "member", "erase", KARI, "--yes"]) == 0
    out = capsys.readouterr().out
    anonymous = f"Slettet medlem {member_id}"
    assert anonymous in out and "2/2026" in out  # the case that names her, to read by hand
    member = kari.one(Member, Member.id == member_id)
    assert member.name == anonymous and member.active is False and member.term_end is not None
    assert kari.one(Attendance, Attendance.member_id == member_id).reason == ""
    assert kari.one(ConflictDeclaration, ConflictDeclaration.member_id == member_id).reason == ""
    assert kari.count(ChatIdentity, ChatIdentity.member_id == member_id) == 0
    assert kari.count(Invite, Invite.member_id == member_id) == 0
    assert kari.count(Case) == cases_before
    assert kari.one(Case, Case.number == 2).submitter_id == member_id  # the organisation's case, kept
    with kari.app.sessions() as session:
        notices = list(session.scalars(select(Notice).where(Notice.kind == "message")))
        texts = json.dumps([n.payload for n in notices], ensure_ascii=False)
        assert KARI not in texts and REASON not in texts and CONFLICT not in texts
        to_her = [n for n in notices if n.member_id == member_id]
        assert to_her and all(n.state == NoticeState.CANCELLED for n in to_her)
        erased = session.scalars(select(AuditEntry).where(AuditEntry.action == "member.erased")).one()
        assert erased.subject == str(member_id) and erased.detail["identities"] == 1
        assert audit.verify(session, kari.council_id).ok
    # Her chat account no longer reaches the council.
    assert kari.say(KARI, "/mote neste").error


def test_erase_asks_first_and_a_no_changes_nothing(
    kari: Council, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    asked: list[str] = []

    def answer(prompt: str) -> str:
        asked.append(prompt)
        return "nei"

    monkeypatch.setattr("builtins.input", answer)
    before = kari.snapshot()
    assert cli.main(["--config", _config(kari, tmp_path), "member", "erase", KARI]) == 1
    assert asked and KARI in asked[0] and "Avbrutt" in capsys.readouterr().out
    assert kari.snapshot() == before
    assert kari.one(Member, Member.id == kari.ids[KARI]).name == KARI


def test_an_ambiguous_name_is_refused_with_the_candidates_and_id_chooses(
    kari: Council, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kari.ok(SECRETARY, f"/brukerrad medlem avslutt {KARI}")
    kari.ok(SECRETARY, f"/brukerrad medlem ny {KARI} rolle=representant org=A-Larm")
    config = _config(kari, tmp_path)
    before = kari.snapshot()
    assert cli.main(["--config", config, "member", "erase", KARI, "--yes"]) == 2
    err = capsys.readouterr().err
    with kari.app.sessions() as session:
        ids = session.scalars(select(Member.id).where(Member.name == KARI).order_by(Member.id)).all()
    assert len(ids) == 2 and all(f"--id {i}" in err for i in ids) and "avsluttet" in err
    assert kari.snapshot() == before
    assert cli.main(["--config", config, "member", "erase", "--id", str(ids[0]), "--yes"]) == 0
    with kari.app.sessions() as session:
        assert session.scalars(select(Member.name).where(Member.id.in_(ids)).order_by(Member.id)).all() == [
            f"Slettet medlem {ids[0]}",
            KARI,
        ]


def test_a_part_of_a_name_is_not_enough(kari: Council, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = kari.snapshot()
    assert cli.main(["--config", _config(kari, tmp_path), "member", "export", "Kari"]) == 2
    err = capsys.readouterr().err
    assert "Mente du" in err and f"--id {kari.ids[KARI]}" in err
    assert cli.main(["--config", _config(kari, tmp_path), "member", "export", "Ingen Slik"]) == 2
    assert "Finner ingen" in capsys.readouterr().err
    assert kari.snapshot() == before


def test_export_without_a_file_goes_to_the_screen(
    kari: Council, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--config", _config(kari, tmp_path), "member", "export", "--id", str(kari.ids[KARI])]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["member"]["name"] == KARI and data["attendance"][0]["reason"] == REASON
    assert kari.count(AuditEntry, AuditEntry.action == "member.exported") == 1
