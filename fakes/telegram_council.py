"""The Telegram test council: a group, a roster with every role and their Telegram ids, on any database.
Used by the Telegram tests and by the Telegram benchmark."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App, build
from bot.clock import MovableClock
from bot.config import parse
from fakes.council import ROSTER, SECRETARY, START, seed_secretary
from fakes.telegram_api import DEFAULT_TOKEN
from handlers.dispatch import Incoming
from storage.db import transaction
from storage.models import ChatIdentity, Member

GROUP = -1001234567890
# Telegram user ids (a private chat's id is the user's id).
TG_IDS = {
    SECRETARY: 7001,
    "Liv Aasen": 7002,
    "Ola Brattli": 7003,
    "Kari Dybdahl": 7004,
    "Per Eggen": 7005,
    "Mona Fossum": 7006,
    "Tor Grande": 7007,
}
NEVER_STARTED = "Per Eggen"  # linked to the roster, but never opened a private chat with the bot
STRANGER = 7999
WEBHOOK_SECRET = "s3cret_Token-for-tests"
ENV = {"TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN, "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET}


def make_app(db_url: str) -> tuple[App, MovableClock, int, dict[str, int]]:
    """The test council, bound to the Telegram group (and a Slack channel), with every role on its roster."""
    config = parse(
        {
            "database": {"url": db_url},
            "councils": [
                {
                    "slug": "test",
                    "name": "Brukerrådet (test)",
                    "telegram_chat": str(GROUP),
                    "slack_channel": "C0COUNCIL",
                }
            ],
        },
        {},
    )
    clock = MovableClock(START)
    app = build(config, clock)
    council_id = app.council_ids["test"]
    seed_secretary(app, council_id, SECRETARY, "telegram", str(TG_IDS[SECRETARY]), dm_channel=str(TG_IDS[SECRETARY]))
    for name, role, organisation in ROSTER:
        reply = app.dispatcher.handle(
            Incoming(
                "telegram",
                str(TG_IDS[SECRETARY]),
                f'/brukerrad medlem ny {name} rolle={role} org="{organisation}"',
                council_id,
            )
        )
        assert reply is not None and not reply.error, reply
    ids: dict[str, int] = {}
    with transaction(app.sessions) as session:
        for member in session.scalars(select(Member).where(Member.council_id == council_id)):
            ids[member.name] = member.id
            if member.name == SECRETARY:
                continue
            started = None if member.name == NEVER_STARTED else str(TG_IDS[member.name])
            for platform, external in (("telegram", str(TG_IDS[member.name])), ("slack", f"U{TG_IDS[member.name]}")):
                session.add(
                    ChatIdentity(
                        member_id=member.id,
                        platform=platform,
                        external_id=external,
                        dm_channel=started if platform == "telegram" else None,
                    )
                )
    app.sender.drain()  # no platform registered yet: what the setup queued is skipped, not posted later
    return app, clock, council_id, ids
