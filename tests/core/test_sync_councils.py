"""`build` makes the database's councils and channel bindings match the configuration (bot/app.py
`sync_councils`): a new council is made, a renamed one renamed, a binding moved or dropped, and a council
left out of the file keeps its rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.app import build
from bot.clock import MovableClock
from bot.config import parse
from storage.db import make_engine, make_sessions
from storage.models import ChannelBinding, Council
from tests.conftest import START


def _build(db_url: str, councils: list[dict[str, Any]]) -> dict[str, int]:
    app = build(parse({"database": {"url": db_url}, "councils": councils}, {}), MovableClock(START))
    ids = dict(app.council_ids)
    app.close()
    return ids


def _stored(db_url: str) -> tuple[dict[str, tuple[str, str]], set[tuple[str, str, str]]]:
    engine = make_engine(db_url)
    with make_sessions(engine)() as session:
        councils = {c.slug: (c.name, c.timezone) for c in session.scalars(select(Council))}
        slugs = {c.id: c.slug for c in session.scalars(select(Council))}
        every = session.scalars(select(ChannelBinding))
        # The console binds every council by itself (`konsoll:<slug>`): the chat platforms are what changes.
        bindings = {(slugs[b.council_id], b.platform, b.channel_id) for b in every if b.platform != "console"}
    engine.dispose()
    return councils, bindings


def test_councils_and_bindings_follow_the_configuration(db_url: str) -> None:
    first = _build(
        db_url,
        [
            {"slug": "nord", "name": "Brukerråd Nord", "slack_channel": "C0NORD", "telegram_chat": "-1001"},
            {"slug": "sor", "name": "Brukerråd Sør", "slack_channel": "C0SOR"},
        ],
    )
    assert _stored(db_url) == (
        {"nord": ("Brukerråd Nord", "Europe/Oslo"), "sor": ("Brukerråd Sør", "Europe/Oslo")},
        {("nord", "slack", "C0NORD"), ("nord", "telegram", "-1001"), ("sor", "slack", "C0SOR")},
    )
    again = _build(
        db_url,
        [
            {"slug": "sor", "name": "Brukerrådet i Sør", "telegram_chat": "-1002"},
            {"slug": "nord", "name": "Brukerråd Nord", "slack_channel": "C0NORD2"},
            {"slug": "vest", "name": "Brukerråd Vest", "slack_channel": "C0VEST", "timezone": "Europe/London"},
        ],
    )
    assert again["nord"] == first["nord"] and again["sor"] == first["sor"] and again["vest"] not in first.values()
    councils, bindings = _stored(db_url)
    assert councils == {
        "nord": ("Brukerråd Nord", "Europe/Oslo"),
        "sor": ("Brukerrådet i Sør", "Europe/Oslo"),
        "vest": ("Brukerråd Vest", "Europe/London"),
    }
    assert bindings == {("nord", "slack", "C0NORD2"), ("sor", "telegram", "-1002"), ("vest", "slack", "C0VEST")}
