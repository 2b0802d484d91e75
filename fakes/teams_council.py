"""The Teams test council: the channel, a roster with every role and their Entra object ids, on any
database. Used by the Teams tests and by the Teams benchmark."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App, build
from bot.clock import MovableClock
from bot.config import parse
from fakes.council import ROSTER, SECRETARY, START, seed_secretary
from handlers.dispatch import Incoming
from storage.db import transaction
from storage.models import ChatIdentity, Member

CHANNEL = "19:council-channel@thread.tacv2"
OTHER_CHANNEL = "19:somewhere-else@thread.tacv2"
STRANGER = "Eva Stranden"
PEOPLE = [SECRETARY, *(name for name, _role, _org in ROSTER), STRANGER]
AAD = {name: f"a0000000-0000-4000-8000-{i:012d}" for i, name in enumerate(PEOPLE, start=1)}


SLACK_CHANNEL = "C0COUNCIL"


def make_app(db_url: str) -> tuple[App, MovableClock, int, dict[str, int]]:
    """The test council, bound to the Teams channel (and a Slack channel), every role on its roster with a
    Teams account (their Entra object ids) and a Slack account (`U<n>`)."""
    config = parse(
        {
            "database": {"url": db_url},
            "councils": [
                {"slug": "test", "name": "Brukerrådet (test)", "teams_channel": CHANNEL, "slack_channel": SLACK_CHANNEL}
            ],
        },
        {},
    )
    clock = MovableClock(START)
    app = build(config, clock)
    council_id = app.council_ids["test"]
    seed_secretary(app, council_id, SECRETARY, "teams", AAD[SECRETARY])
    for name, role, organisation in ROSTER:
        reply = app.dispatcher.handle(
            Incoming(
                "teams", AAD[SECRETARY], f'/brukerrad medlem ny {name} rolle={role} org="{organisation}"', council_id
            )
        )
        assert reply is not None and not reply.error, reply
    ids: dict[str, int] = {}
    with transaction(app.sessions) as session:
        for member in session.scalars(select(Member).where(Member.council_id == council_id)):
            ids[member.name] = member.id
            if member.name != SECRETARY:
                session.add(ChatIdentity(member_id=member.id, platform="teams", external_id=AAD[member.name]))
            session.add(ChatIdentity(member_id=member.id, platform="slack", external_id=f"U{member.id}"))
    app.sender.drain()
    return app, clock, council_id, ids
