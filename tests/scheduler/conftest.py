"""A council whose notices go to a recording port, with a movable clock and the real scheduler."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.app import App, build
from bot.clock import MovableClock
from bot.config import parse
from bot.scheduler import Scheduler
from fakes.recording_port import RecordingPort
from handlers.dispatch import Incoming
from handlers.replies import Reply
from storage.db import transaction
from storage.models import ChatIdentity, Member
from tests.conftest import seed_secretary

OSLO = ZoneInfo("Europe/Oslo")
# Monday 4 January 2027, 08:00 in Oslo: a half-year of meetings lies ahead.
START = datetime(2027, 1, 4, 8, 0, tzinfo=OSLO)
SECRETARY = "Siri Holm"
ROSTER = (
    ("Liv Aasen", "leder", "Mental Helse Trøndelag"),
    ("Kari Dybdahl", "representant", "A-Larm"),
    ("Per Eggen", "stedfortreder", "A-Larm"),
)


@dataclass
class Council:
    app: App
    clock: MovableClock
    port: RecordingPort
    scheduler: Scheduler
    council_id: int
    ids: dict[str, int] = field(default_factory=dict)

    def say(self, who: str, text: str) -> Reply:
        reply = self.app.dispatcher.handle(Incoming("console", str(self.ids[who]), text, self.council_id))
        assert reply is not None and not reply.error, reply.text if reply else None
        return reply

    def run_days(self, days: int, at: str = "09:01") -> list[tuple[str, str]]:
        """Move the clock day by day to `at` local time, ticking; return (local date, text) of channel posts."""
        posts = self.port.posts
        return [(day, posts[i].text) for day, i in self._run(days, at) if posts[i].kind == "channel"]

    def timeline(self, days: int, at: str = "09:01") -> list[tuple[str, str, str]]:
        """Like `run_days`, with direct messages too: (local date, "#kanal" or the member's name, text)."""
        names = {str(member_id): name for name, member_id in self.ids.items()}
        posts = self.port.posts
        return [
            (
                day,
                "#kanal" if posts[i].kind == "channel" else names.get(posts[i].address, posts[i].address),
                posts[i].text,
            )
            for day, i in self._run(days, at)
        ]

    def _run(self, days: int, at: str) -> list[tuple[str, int]]:
        """(local date, index in `port.posts`) of every post made while moving day by day."""
        hour, minute = (int(p) for p in at.split(":"))
        marks: list[tuple[str, int]] = []
        for _ in range(days):
            local = self.clock.now().astimezone(OSLO)
            target = (local + timedelta(days=1)).replace(hour=hour, minute=minute, second=0, microsecond=0)
            self.clock.advance(target - local)
            seen = len(self.port.posts)
            self.scheduler.tick()
            marks += [(f"{target:%Y-%m-%d}", i) for i in range(seen, len(self.port.posts))]
        return marks


def make_council(
    db_url: str, clock: MovableClock, port: RecordingPort | None = None, *, worker: str | None = None, **toml: Any
) -> Council:
    """A council on `db_url`, in a new app (a new process, as far as the database can tell). `toml`: more
    of the council's `[[councils]]` table, such as `notices={"post_time": "12:30"}`."""
    council: dict[str, Any] = {"slug": "test", "name": "Brukerrådet (test)", **toml}
    config = parse({"database": {"url": db_url}, "councils": [council]}, {})
    app = build(config, clock, worker=worker)
    port = port or RecordingPort()
    app.add_port(port)
    council_id = app.council_ids["test"]
    made = Council(app, clock, port, Scheduler(app), council_id)
    with app.sessions() as session:
        existing = session.scalars(select(Member).where(Member.council_id == council_id)).all()
        made.ids = {m.name: m.id for m in existing}
    return made


def seed_roster(c: Council) -> None:
    """The secretary and ROSTER, each with a console account, all having signed the declaration."""
    c.ids[SECRETARY] = seed_secretary(c.app, c.council_id, SECRETARY, "console")
    for name, role, organisation in ROSTER:
        c.say(SECRETARY, f'/brukerrad medlem ny {name} rolle={role} org="{organisation}"')
    with transaction(c.app.sessions) as session:
        for member in session.scalars(select(Member).where(Member.council_id == c.council_id)):
            c.ids[member.name] = member.id
            if member.name != SECRETARY:
                session.add(ChatIdentity(member_id=member.id, platform="console", external_id=str(member.id)))
    for name in c.ids:
        c.say(name, "/taushet signer")  # declaration reminders are tested on their own
    c.scheduler.tick()
    c.port.posts.clear()


@pytest.fixture
def council(db_url: str) -> Iterator[Council]:
    c = make_council(db_url, MovableClock(START))
    seed_roster(c)
    yield c
    c.app.close()
