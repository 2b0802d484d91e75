"""A small council with one member of every role, driven through the dispatcher like any adapter."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from bot.app import App, build
from bot.clock import MovableClock
from bot.config import parse
from fakes.council import ROSTER, SECRETARY, START, seed_secretary
from handlers.dispatch import Incoming
from handlers.replies import Reply
from storage.db import transaction
from storage.models import ChatIdentity, Member
from tests.conftest import row_counts

# 09:00 in Oslo on Tuesday 15 December 2026, the day of the `planned` fixture's meeting 1.
MEETING_DAY = datetime(2026, 12, 15, 8, 0, tzinfo=UTC)


@dataclass
class Council:
    app: App
    clock: MovableClock
    council_id: int
    ids: dict[str, int]

    def say(self, who: str, text: str, *, key: str | None = None) -> Reply:
        reply = self.app.dispatcher.handle(
            Incoming("console", str(self.ids[who]), text, self.council_id, delivery_key=key)
        )
        assert reply is not None
        return reply

    def ok(self, who: str, text: str) -> Reply:
        reply = self.say(who, text)
        assert not reply.error, reply.text
        return reply

    def to_meeting_day(self) -> None:
        """To 09:00 on the `planned` meeting's day, an hour before it starts: decisions may be recorded."""
        self.clock.advance(MEETING_DAY - self.clock.now())

    def count(self, model: Any, *where: Any) -> int:
        with self.app.sessions() as session:
            return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)

    def one(self, model: Any, *where: Any) -> Any:
        """The one row that matches, with its relationships loaded (it outlives its session)."""
        with self.app.sessions() as session:
            return session.scalars(select(model).where(*where).options(selectinload("*"))).one()

    def snapshot(self) -> dict[str, int]:
        return row_counts(self.app)


@pytest.fixture
def council(db_url: str) -> Iterator[Council]:
    config = parse({"database": {"url": db_url}, "councils": [{"slug": "test", "name": "Brukerrådet (test)"}]}, {})
    clock = MovableClock(START)
    app = build(config, clock)
    council_id = app.council_ids["test"]
    ids = {SECRETARY: seed_secretary(app, council_id, SECRETARY, "console")}
    c = Council(app, clock, council_id, ids)
    for name, role, organisation in ROSTER:
        c.ok(SECRETARY, f'/brukerrad medlem ny {name} rolle={role} org="{organisation}"')
    with transaction(app.sessions) as session:
        for member in session.scalars(select(Member).where(Member.council_id == council_id)):
            ids[member.name] = member.id
            if member.name != SECRETARY:
                session.add(ChatIdentity(member_id=member.id, platform="console", external_id=str(member.id)))
    yield c
    app.close()


@pytest.fixture
def planned(council: Council) -> Council:
    """The council with meeting 1 on Tuesday 15 December 2026 at 10:00 (deadline 1 December)."""
    council.ok(SECRETARY, "/mote bekreft 2026-12-15T10:00 Gryta")
    return council
