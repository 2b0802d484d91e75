"""A council in Microsoft Teams, driven through the real Agents SDK over real HTTP on loopback.

The fake (fakes/teams_connector.py) plays Teams: it signs each activity the test sends to the bot's
`/api/messages` with a key it publishes on loopback (so the token check runs for real), and it is the Bot
Connector the bot answers and posts through. The adapter runs on an event loop in its own thread, as in
production; the test thread plays the scheduler's worker (`app.sender.drain()`). Nothing sleeps: the SDK
finishes a turn, answers included, before the HTTP response, so a test reads what the fake received.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from bot.app import App
from bot.clock import MovableClock
from bot.teams.adapter import StaticConnections, TeamsAdapter
from bot.teams.platform import TeamsConfig
from fakes import loopback
from fakes.council import SECRETARY
from fakes.teams_connector import ENV, OUTBOUND_TOKEN, Call, FakeTeams, installed, message
from fakes.teams_council import AAD, CHANNEL, OTHER_CHANNEL, SLACK_CHANNEL, STRANGER, make_app
from handlers.dispatch import Incoming
from tests.telegram.conftest import Loop

__all__ = ["AAD", "CHANNEL", "OTHER_CHANNEL", "SECRETARY", "SLACK_CHANNEL", "STRANGER", "Teams", "make_app"]


@dataclass
class Teams:
    app: App
    clock: MovableClock
    fake: FakeTeams
    loop: Loop
    adapter: TeamsAdapter
    council_id: int
    ids: dict[str, int]
    url: str = ""
    _runner: web.AppRunner | None = field(default=None, repr=False)

    def person(self, name: str) -> dict[str, str]:
        return {"id": f"29:{AAD[name]}", "aadObjectId": AAD[name], "name": name}

    def post(self, activity: dict[str, Any], *, token: str | None = None, authorization: str | None = None) -> int:
        """POST `activity` to the bot as Teams would (signed), and return the HTTP status."""
        request = urllib.request.Request(self.url, data=json.dumps(activity).encode("utf-8"), method="POST")
        request.add_header("Content-Type", "application/json")
        if authorization is None:
            authorization = f"Bearer {token if token is not None else self.fake.token()}"
        if authorization:
            request.add_header("Authorization", authorization)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

    def say(self, name: str, text: str, *, channel: str | None = CHANNEL, **options: Any) -> list[Call]:
        """`name` writes `text` in the channel (or the personal chat, channel=None): what the bot sent."""
        mark = self.fake.mark()
        status = self.post(message(self.fake, self.person(name), text, channel=channel, **options))
        assert status in (200, 201, 202), status
        return self.fake.since(mark)

    def click(self, name: str, shown: Call, label: str, *, channel: str | None = CHANNEL) -> list[Call]:
        """`name` presses the card action `label` on the message `shown`."""
        action = next((a for a in shown.actions if a.get("title") == label), None)
        assert action is not None, f"no action {label!r}: {[a.get('title') for a in shown.actions]}"
        mark = self.fake.mark()
        activity = message(
            self.fake, self.person(name), "", channel=channel, value=action["data"], reply_to=shown.activity_id
        )
        assert self.post(activity) in (200, 201, 202)
        return self.fake.since(mark)

    def install(self, *, channel: str | None = CHANNEL, name: str | None = None) -> list[Call]:
        mark = self.fake.mark()
        user = self.person(name) if name is not None else None
        assert self.post(installed(self.fake, channel=channel, user=user)) in (200, 201, 202)
        return self.fake.since(mark)

    def core(self, name: str, text: str) -> Any:
        reply = self.app.dispatcher.handle(Incoming("teams", AAD[name], text, self.council_id))
        assert reply is not None and not reply.error, reply
        return reply


def start_teams(db_url: str) -> Teams:
    app, clock, council_id, ids = make_app(db_url)
    fake = FakeTeams().start()
    loop = Loop()
    config = TeamsConfig(openid_metadata=fake.openid_metadata, service_hosts=("127.0.0.1",))

    async def make() -> TeamsAdapter:
        return TeamsAdapter(app, config, ENV, connections=StaticConnections(OUTBOUND_TOKEN))

    adapter = loop.run(make())
    loop.run(adapter.start())

    async def serve() -> tuple[web.AppRunner, int]:
        web_app = web.Application()
        adapter.routes(web_app)
        return await loopback.serve(web_app)

    runner, port = loop.run(serve())
    teams = Teams(app, clock, fake, loop, adapter, council_id, ids, f"http://127.0.0.1:{port}/api/messages", runner)
    return teams


def stop_teams(teams: Teams) -> None:
    if teams._runner is not None:
        teams.loop.run(teams._runner.cleanup())
    teams.loop.run(teams.adapter.stop())
    teams.loop.close()
    teams.fake.stop()
    teams.app.close()


@pytest.fixture
def teams(db_url: str) -> Iterator[Teams]:
    started = start_teams(db_url)
    try:
        yield started
    finally:
        stop_teams(started)


@pytest.fixture
def planned(teams: Teams) -> Teams:
    """The app added to the council's team, and meeting 1 on Tuesday 15 December 2026 at 10:00 in Gryta."""
    teams.install()
    teams.core(SECRETARY, "/mote bekreft 2026-12-15T10:00 Gryta")
    teams.app.sender.drain()  # the "new meeting" post
    return teams
