"""`/sak ny` and an attendance click through the Microsoft 365 Agents SDK, each next to a bare Agents SDK app
that only replies, on one aiohttp server in the same run, requests interleaved so all see the same machine.

- ours: a signed activity to `/api/messages` (the real TeamsAdapter): the token checked (RS256 signature,
  audience, issuer, tenant, service URL), the SDK's turn, the core's `/sak ny` (one SQLite transaction with
  the case, audit entry and delivery key, committed), and the answer posted to the fake Bot Connector before
  the HTTP response (the SDK finishes a turn, replies included, before it answers).
- bare: an activity to `/bare/messages`, a `CloudAdapter` with an agent that only replies "ok" through the
  same fake connector, with the same (already checked) claims and no token check of its own: the SDK's
  floor. The difference is the token check, the core and our turn.
- the attendance click: a card action (`value.command = /oppmote ja #1`) from a representative, recorded
  (attendance row, audit entry, delivery key) before the reply; between clicks, untimed, the answer is
  deleted again, so every click records a first answer.

`python -m bench.bench_teams [requests]`
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiohttp
import jwt
from aiohttp import web
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import ClaimsIdentity, TurnContext
from sqlalchemy import delete, func, select

from bench.common import Row, print_table, row_from
from bot.teams.adapter import StaticConnections, TeamsAdapter
from bot.teams.platform import TeamsConfig
from fakes import loopback
from fakes.teams_connector import ENV, OUTBOUND_TOKEN, FakeTeams, message
from fakes.teams_council import AAD, make_app
from handlers.dispatch import Incoming
from storage.models import Attendance, Case

_LOGGER = logging.getLogger(__name__)

DEFAULT_REQUESTS = 200
WARM_UP = 20
MEMBER = "Kari Dybdahl"


class _BareAgent:
    async def on_turn(self, context: TurnContext) -> None:
        await context.send_activity(Activity(type="message", text="ok"))


async def _measure(requests: int, tmp: Path) -> tuple[dict[str, list[float]], dict[str, int]]:
    app, _clock, _council, _ids = make_app(f"sqlite:///{tmp / 'bench.db'}")
    fake = FakeTeams().start()
    try:
        app.dispatcher.handle(Incoming("teams", AAD["Siri Holm"], "/mote bekreft 2026-12-15T10:00 Gryta", _council))
        config = TeamsConfig(openid_metadata=fake.openid_metadata, service_hosts=("127.0.0.1",))
        ours = TeamsAdapter(app, config, ENV, connections=StaticConnections(OUTBOUND_TOKEN))
        await ours.start()
        bare = CloudAdapter(connection_manager=StaticConnections(OUTBOUND_TOKEN))  # type: ignore[arg-type]
        token = fake.token()
        claims = jwt.decode(token, options={"verify_signature": False})
        agent = _BareAgent()

        async def bare_route(request: web.Request) -> web.StreamResponse:
            request["claims_identity"] = ClaimsIdentity(claims, authentication_type="Bearer")
            response = await bare.process(request, agent)
            return response if response is not None else web.Response(status=202)

        web_app = web.Application()
        ours.routes(web_app)
        web_app.router.add_post("/bare/messages", bare_route)
        runner, port = await loopback.serve(web_app)
        base = f"http://127.0.0.1:{port}"
        person = {"id": f"29:{AAD[MEMBER]}", "aadObjectId": AAD[MEMBER], "name": MEMBER}
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        times: dict[str, list[float]] = {"ours": [], "bare": [], "click": [], "bare_click": []}

        async with aiohttp.ClientSession() as client:

            async def timed(path: str, activity: dict[str, Any]) -> float:
                body = json.dumps(activity)
                started = time.perf_counter()
                async with client.post(base + path, data=body, headers=headers) as response:
                    await response.read()
                    assert response.status in (200, 202), response.status
                return (time.perf_counter() - started) * 1000

            for n in range(requests + WARM_UP):
                case = message(fake, person, f"sak ny Bench-sak nummer {n}", channel=None)
                click = message(fake, person, "", channel=None, value={"command": "/oppmote ja #1"})
                plain = message(fake, person, "hei", channel=None)
                samples = (
                    await timed("/api/messages", case),
                    await timed("/bare/messages", plain),
                    await timed("/api/messages", click),
                    await timed("/bare/messages", plain),
                )
                with app.sessions.begin() as session:  # untimed: the next click records a first answer again
                    session.execute(delete(Attendance))
                if n >= WARM_UP:
                    for name, sample in zip(("ours", "bare", "click", "bare_click"), samples, strict=True):
                        times[name].append(sample)
        with app.sessions() as session:
            counts = {"cases": int(session.scalar(select(func.count()).select_from(Case)) or 0)}
        counts["answers"] = sum(1 for c in fake.posts() if "registrert som til stede" in c.text)
        await runner.cleanup()
        await ours.stop()
        return times, counts
    finally:
        fake.stop()
        app.close()


def rows(requests: int = DEFAULT_REQUESTS) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        t, counts = asyncio.run(_measure(requests, Path(tmp)))
    sent = requests + WARM_UP
    assert counts["cases"] == sent and counts["answers"] == sent, counts  # every case stored, every click told
    return [
        row_from("Teams /sak ny (token checked, committed) vs bare SDK", t["ours"], t["bare"]),
        row_from("Teams attendance click (committed) vs bare SDK", t["click"], t["bare_click"]),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(argv if argv is not None else sys.argv[1:])
    result = rows(int(args[0]) if args else DEFAULT_REQUESTS)
    print_table(result, "Microsoft Teams through the Agents SDK (fake connector on loopback)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
