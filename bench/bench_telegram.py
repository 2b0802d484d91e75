"""`/sak ny` through the Telegram webhook, next to a bare python-telegram-bot application in the same run.

Issue 6's target: the median under 2x the bare application's. Both sit on one aiohttp server on loopback
and talk to the same fake Bot API (tests/fakes/telegram_api.py, in its own thread):

- ours: `POST /telegram/webhook` with `/sak ny <tittel>` from a representative in the council's group. The
  adapter handles before it answers, so one request is the whole path: secret check, update parsed, core
  command (privacy check, one SQLite transaction with the case, audit and delivery key, committed), and the
  reply sent to the fake API (sendMessage, HTTP on loopback) before the 200.
- bare: `POST /bare/webhook` with the same update into an Application with one CommandHandler("sak") that
  does nothing; its route checks the secret and awaits `process_update` the same way. This is the
  baseline of the issue's target.
- bare + reply (for context, no target): the same bare application whose handler only sends a reply of the
  same length, so the ratio against it shows what the core (privacy check, the transaction) adds on top of
  the one Bot API round trip any answering bot pays.

Requests alternate (ours, bare, bare + reply, ours, ...) so all share the conditions. The rate limiter is off here (it
would pace 20 group messages a minute, which is Telegram's limit, not our speed). Run with
`python -m bench.bench_telegram [requests]`; the exit status is 1 if the target is missed.
"""

from __future__ import annotations

import asyncio
import gc
import hmac
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from sqlalchemy import func, select
from telegram import Update
from telegram.ext import AIORateLimiter, ApplicationBuilder, CommandHandler

from bench.common import Row, print_table, row_from
from bot.config import TelegramConfig
from bot.telegram import TelegramAdapter
from handlers.dispatch import Incoming
from storage.models import Case
from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegramAPI
from tests.telegram.conftest import ENV, GROUP, WEBHOOK_SECRET, make_app

_LOGGER = logging.getLogger(__name__)

RATIO_TARGET = 2.0
WARM_UP = 30
DEFAULT_REQUESTS = 300
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
KARI = {"id": 7004, "is_bot": False, "first_name": "Kari"}


REPLY = (
    "Takk! Referansen er mottatt som nummer 12/2026: «Referansesak nummer 12».\nDen er meldt inn til møte 1, "
    "tirsdag 15. desember 2026 kl. 10:00, Gryta. Fristen for saker er tirsdag 1. desember 2026."
)


async def _nothing(update: Update, context: Any) -> None:
    """The bare application's handler: the framework's own cost, nothing else."""


async def _reply_only(update: Update, context: Any) -> None:
    """The context baseline: a bare handler that answers, as any bot does, and nothing else."""
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, REPLY, parse_mode="HTML")


def _bare_route(application: Any) -> Any:
    async def webhook(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), WEBHOOK_SECRET.encode()):
            return web.Response(status=403)
        update = Update.de_json(await request.json(), application.bot)
        await application.process_update(update)
        return web.Response(status=200)

    return webhook


async def _measure(requests: int, db_dir: Path) -> tuple[list[float], list[float], list[float], dict[str, int]]:
    fake = FakeTelegramAPI().start()
    app, _clock, _council_id, _ids = make_app(f"sqlite:///{db_dir / 'bench.db'}")
    reply = app.dispatcher.handle(
        Incoming("telegram", "7001", "/mote bekreft 2026-12-15T10:00 Gryta", app.council_ids["test"])
    )
    assert reply is not None and not reply.error, reply
    app.sender.drain()
    config = TelegramConfig(mode="webhook", base_url=fake.base_url, webhook_url="https://bench.invalid/telegram/webhook")
    unlimited = AIORateLimiter(overall_max_rate=0, group_max_rate=0)
    ours = TelegramAdapter(app, config, ENV, rate_limiter=unlimited)
    bare = ApplicationBuilder().token(DEFAULT_TOKEN).base_url(fake.base_url).updater(None).job_queue(None).build()
    bare.add_handler(CommandHandler("sak", _nothing))
    replying = ApplicationBuilder().token(DEFAULT_TOKEN).base_url(fake.base_url).updater(None).job_queue(None).build()
    replying.add_handler(CommandHandler("sak", _reply_only))
    await ours.start()
    await bare.initialize()
    await replying.initialize()
    web_app = web.Application()
    ours.routes(web_app)
    web_app.router.add_post("/bare/webhook", _bare_route(bare))
    web_app.router.add_post("/replying/webhook", _bare_route(replying))
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    headers = {SECRET_HEADER: WEBHOOK_SECRET, "Content-Type": "application/json"}
    ours_ms: list[float] = []
    bare_ms: list[float] = []
    replying_ms: list[float] = []
    try:
        async with aiohttp.ClientSession() as client:

            async def post(path: str, update: dict[str, Any]) -> float:
                started = time.perf_counter_ns()
                async with client.post(f"http://127.0.0.1:{port}{path}", json=update, headers=headers) as response:
                    await response.read()
                    assert response.status == 200, response.status
                return (time.perf_counter_ns() - started) / 1e6

            gc.collect()
            for n in range(WARM_UP + requests):
                update = fake.message_update(KARI, GROUP, f"/sak ny Benchmarksak nummer {n}")
                ours_took = await post("/telegram/webhook", update)
                bare_took = await post("/bare/webhook", fake.message_update(KARI, GROUP, "/sak ny Benchmarksak"))
                replying_took = await post("/replying/webhook", fake.message_update(KARI, GROUP, "/sak ny Sak"))
                if n >= WARM_UP:
                    ours_ms.append(ours_took)
                    bare_ms.append(bare_took)
                    replying_ms.append(replying_took)
    finally:
        await runner.cleanup()
        await ours.stop()
        await bare.shutdown()
        await replying.shutdown()
        fake.stop()
    with app.sessions() as session:
        cases = int(session.scalar(select(func.count()).select_from(Case)) or 0)
    replies = sum(1 for m in fake.results("sendMessage", chat_id=GROUP) if "registrert som sak" in str(m["text"]))
    app.close()
    return ours_ms, bare_ms, replying_ms, {"cases": cases, "replies": replies, "sent": WARM_UP + requests}


def rows(requests: int = DEFAULT_REQUESTS) -> list[Row]:
    """Median and p99 per webhook request for ours and the bare application, in one run."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        ours, bare, replying, counts = asyncio.run(_measure(requests, Path(folder)))
    # Every request really did the whole job: a case committed and a reply sent for each.
    assert counts["cases"] == counts["sent"] == counts["replies"], counts
    ok = statistics.median(ours) < RATIO_TARGET * statistics.median(bare)
    return [
        row_from(
            "telegram webhook /sak ny (commit + reply) vs bare PTB",
            ours,
            bare,
            target=f"median < {RATIO_TARGET}x bare PTB app",
            ok=ok,
        ),
        row_from("telegram /sak ny vs bare PTB that replies (context)", ours, replying),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table and the ratio; 0 if the target is met, else 1."""
    args = sys.argv[1:] if argv is None else argv
    requests = int(args[0]) if args else DEFAULT_REQUESTS
    result = rows(requests)
    print_table(result, f"{requests} webhook requests each after {WARM_UP} warm-up; the test council on SQLite")
    target, context = result
    print(f"ratio (ours / bare PTB, median): {target.ratio:.2f}x (target < {RATIO_TARGET}x)")
    print(f"ratio (ours / bare PTB that replies, median): {context.ratio:.2f}x (context)")
    return 0 if all(r.ok is not False for r in result) else 1


if __name__ == "__main__":
    raise SystemExit(main())
