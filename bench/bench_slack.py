"""`/sak ny` over Slack's HTTP mode, next to a bare slack-bolt app that only acks, on one aiohttp server in
the same run.

- ours: a signed slash command to `/slack/events`: signature and timestamp checked, the core's `/sak ny`
  (privacy check, one SQLite transaction with the case, audit and delivery key, committed), and the
  answer returned in the ack itself (`process_before_response=True`).
- bare: a signed slash command to `/bare/events`, an AsyncApp with the same settings whose listener only
  acks. This is the target's baseline.
- bare, Bolt's default (`process_before_response=False`): for context: its listener runner polls for the
  ack every 10 ms, which is why we chose the other mode.

Issue 5's target: median under 2x the bare app, p99 under 50 ms. `python -m bench.bench_slack [requests]`.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import func, select

from bench.common import Row, p99, print_table, row_from
from bot.app import build
from bot.clock import MovableClock
from bot.config import SlackConfig, parse
from bot.slack import SlackAdapter
from storage.db import transaction
from storage.models import Case, ChatIdentity, Member, Role
from tests.conftest import START
from tests.fakes.slack_api import FakeSlackAPI

SECRET = "bench-signing-secret"
WARM_UP = 30
DEFAULT_REQUESTS = 300


def _bare(process_before_response: bool, fake: FakeSlackAPI) -> AsyncApp:
    from slack_sdk.web.async_client import AsyncWebClient

    bare = AsyncApp(
        signing_secret=SECRET,
        client=AsyncWebClient(token="xoxb-bench", base_url=fake.base_url),
        process_before_response=process_before_response,
    )

    @bare.command("/sak")
    async def ack_only(ack: Any) -> None:
        await ack()

    return bare


def _route(bolt: AsyncApp) -> Any:
    async def handle(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    return handle


async def _measure(requests: int, db_dir: Path) -> tuple[list[float], list[float], list[float], int]:
    fake = FakeSlackAPI().start()
    config = parse(
        {
            "database": {"url": f"sqlite:///{db_dir / 'bench.db'}"},
            "councils": [{"slug": "test", "name": "Brukerrådet", "slack_channel": "C0COUNCIL"}],
        },
        {},
    )
    app = build(config, MovableClock(START))
    with transaction(app.sessions) as session:
        kari = Member(council_id=app.council_ids["test"], name="Kari Dybdahl", role=Role.SECRETARY, created_at=START)
        session.add(kari)
        session.flush()
        session.add(ChatIdentity(member_id=kari.id, platform="slack", external_id="U0KARI"))
    app.dispatcher.handle(
        __import__("handlers.dispatch", fromlist=["Incoming"]).Incoming(
            "slack", "U0KARI", "/mote bekreft 2026-12-15T10:00 Gryta", app.council_ids["test"]
        )
    )
    adapter = SlackAdapter(
        app,
        SlackConfig(mode="http", api_base_url=fake.base_url),
        {"SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET},
    )
    web_app = web.Application()
    adapter.routes(web_app)
    web_app.router.add_post("/bare/events", _route(_bare(True, fake)))
    web_app.router.add_post("/default/events", _route(_bare(False, fake)))
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    verifier = SignatureVerifier(SECRET)
    timings: dict[str, list[float]] = {"ours": [], "bare": [], "default": []}
    async with aiohttp.ClientSession() as client:

        async def call(path: str, text: str) -> float:
            body = urlencode(
                {
                    "command": "/sak",
                    "text": text,
                    "user_id": "U0KARI",
                    "channel_id": "C0COUNCIL",
                    "team_id": "T0FAKE",
                    "trigger_id": f"t{time.monotonic_ns()}",
                    "response_url": "http://127.0.0.1:9/x",
                }
            )
            stamp = str(int(time.time()))
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Slack-Request-Timestamp": stamp,
                "X-Slack-Signature": verifier.generate_signature(timestamp=stamp, body=body),
            }
            started = time.perf_counter()
            async with client.post(f"http://127.0.0.1:{port}{path}", data=body, headers=headers) as response:
                await response.read()
                assert response.status == 200, response.status
            return (time.perf_counter() - started) * 1000

        for n in range(WARM_UP + requests):
            ours = await call("/slack/events", f"ny Referansesak nummer {n}")
            bare = await call("/bare/events", f"ny Referansesak nummer {n}")
            default = await call("/default/events", f"ny Referansesak nummer {n}")
            if n >= WARM_UP:
                timings["ours"].append(ours)
                timings["bare"].append(bare)
                timings["default"].append(default)
    await runner.cleanup()
    with app.sessions() as session:
        committed = int(session.scalar(select(func.count(Case.id))) or 0)
    app.close()
    fake.stop()
    return timings["ours"], timings["bare"], timings["default"], committed


def rows(requests: int = DEFAULT_REQUESTS) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        ours, bare, default, committed = asyncio.run(_measure(requests, Path(tmp)))
    assert committed == requests + WARM_UP, committed
    ok = statistics.median(ours) < 2 * statistics.median(bare) and p99(ours) < 50
    return [
        row_from(
            "Slack HTTP /sak ny (case committed) vs bare bolt ack",
            ours,
            bare,
            target="median < 2x bare, p99 < 50 ms",
            ok=ok,
        ),
        row_from("bare bolt ack, Bolt's default mode (context)", default, bare),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    result = rows(int(args[0]) if args else DEFAULT_REQUESTS)
    print_table(result, "Slack HTTP round trip (signed request in, ack out), same server, same run")
    return 0 if all(r.ok is not False for r in result) else 1


if __name__ == "__main__":
    raise SystemExit(main())
