"""Faults: the database goes away in the middle of a command, and comes back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import build
from bot.clock import MovableClock
from bot.config import parse
from handlers import texts
from handlers.dispatch import Incoming
from storage.db import transaction
from storage.models import Case, ChatIdentity, Member, Role
from tests.conftest import ON_POSTGRES, START
from tests.pg_cluster import Cluster, server_bin

pytestmark = pytest.mark.skipif(
    server_bin() is None or ON_POSTGRES, reason="needs PostgreSQL server binaries; runs once, in the SQLite run"
)


@pytest.fixture
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    root = Path("/tmp") / f"brukerrad-fault-{tmp_path_factory.getbasetemp().name}"
    cluster = Cluster(root)
    yield cluster
    cluster.remove()


def test_database_gone_mid_command_says_try_again_and_recovers(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build(parse({"database": {"url": cluster.url}}, {}), MovableClock(START))
    council_id = app.council_ids["demo"]
    with transaction(app.sessions) as session:
        member = Member(council_id=council_id, name="Kari Dybdahl", role=Role.SECRETARY, created_at=START)
        session.add(member)
        session.flush()
        session.add(ChatIdentity(member_id=member.id, platform="console", external_id="kari"))

    def say(text: str) -> str:
        reply = app.dispatcher.handle(Incoming("console", "kari", text, council_id))
        assert reply is not None
        return reply.text

    from handlers import cases

    real_check = cases.check_case_text

    def server_dies_now(text: str, *profile: object) -> list[object]:
        cluster.stop()  # after the command has read the roster and the meetings, before it writes
        return list(real_check(text, *profile))  # type: ignore[arg-type]

    monkeypatch.setattr(cases, "check_case_text", server_dies_now)
    assert say("/sak ny Ventetid på avrusning") == texts.TRY_AGAIN_SOON
    monkeypatch.setattr(cases, "check_case_text", real_check)
    assert say("/sak liste") == texts.TRY_AGAIN_SOON  # still down: same kind answer, no crash
    cluster.start()
    assert "sak 1/" in say("/sak ny Ventetid på avrusning")  # recovered without a restart
    with app.sessions() as session:
        assert session.query(Case).count() == 1  # nothing half-written from the first try
    app.close()
