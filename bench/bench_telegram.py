"""`/sak ny` and an attendance click through the Telegram webhook, each next to a bare python-telegram-bot
application in the same run.

Issue 6's target: the median under 2x the bare application's. Both sit on one aiohttp server on loopback
and talk to the same fake Bot API (fakes/telegram_api.py, in its own thread):

- ours: `POST /telegram/webhook` with `/sak ny <tittel>` from a representative in the council's group. The
  adapter handles before it answers, so one request is the whole path: secret check, update parsed, core
  command (privacy check, one SQLite transaction with the case, audit and delivery key, committed), and the
  reply sent before the 200. The bench counts on nothing but the 200 and what the database holds, not on
  how the reply travels (a sendMessage to the fake API, or the webhook's own response).
- bare: `POST /bare/webhook` with the same update into an Application with one CommandHandler("sak") that
  does nothing; its route checks the secret and awaits `process_update` the same way. This is the
  baseline of the issue's target.
- bare + reply (for context, no target): the same bare application whose handler only sends a reply of the
  same length, so the ratio against it shows what the core (privacy check, the transaction) adds on top of
  the one Bot API round trip any answering bot pays.
- the attendance click (issue 8): a `callback_query` update, Kari (a representative) pressing "Jeg kommer"
  under the agenda in the group, its data `/oppmote ja #1` encoded by the adapter's own codec
  (bot/telegram/callbacks.py): the core records the answer (attendance row, audit entry, delivery key,
  committed) and the click is answered with the thanks, which only the clicker sees, before the 200. That
  answer rides back in the webhook's response, which Telegram then carries out (replayed to the fake,
  untimed). Between clicks, untimed, the answer is deleted again, so every click records a first answer
  rather than the cheaper "you already said so". Baseline: the bare application's CallbackQueryHandler
  that does nothing; for context, one that answers the click and posts a reply by calls of its own.

Requests alternate (ours, bare, bare + reply, then the same for a click, ours, ...) so all share the
conditions. The rate limiter is off here (it would pace 20 group messages a minute, which is Telegram's
limit, not our speed). Run with `python -m bench.bench_telegram [requests]`; the exit status is 1 if a
target is missed.
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
from sqlalchemy import delete, func, select
from telegram import Update
from telegram.ext import AIORateLimiter, ApplicationBuilder, CallbackQueryHandler, CommandHandler

from bench.common import Row, print_table, row_from
from bot.app import App
from bot.telegram import TelegramAdapter
from bot.telegram.platform import TelegramConfig
from fakes.telegram_api import DEFAULT_TOKEN, FakeTelegramAPI
from fakes.telegram_council import ENV, GROUP, WEBHOOK_SECRET, make_app
from handlers.dispatch import Incoming
from storage.db import transaction
from storage.models import Attendance, AttendanceAnswer, AuditEntry, Case

_LOGGER = logging.getLogger(__name__)

RATIO_TARGET = 2.0
WARM_UP = 30
DEFAULT_REQUESTS = 300
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
KARI = {"id": 7004, "is_bot": False, "first_name": "Kari"}  # a representative in the test council
ATTEND = "/oppmote ja #1"  # the command of the agenda's "Jeg kommer" button for meeting 1 (handlers/agenda.py)


THANKS = "Takk! Du er registrert som til stede på møte 1, tirsdag 15. desember 2026 kl. 10.00, Gryta."
REPLY = (
    "Takk! Referansen er mottatt som nummer 12/2026: «Referansesak nummer 12».\nDen er meldt inn til møte 1, "
    "tirsdag 15. desember 2026 kl. 10.00, Gryta. Fristen for saker er tirsdag 1. desember 2026."
)


async def _nothing(update: Update, context: Any) -> None:
    """The bare application's handler: the framework's own cost, nothing else."""


async def _reply_only(update: Update, context: Any) -> None:
    """The context baseline: a bare handler that answers, as any bot does, and nothing else."""
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, REPLY, parse_mode="HTML")


async def _answer_only(update: Update, context: Any) -> None:
    """The click's context baseline: stop the button's spinner and post a reply, nothing else."""
    assert update.callback_query is not None and update.effective_chat is not None
    await update.callback_query.answer()
    await context.bot.send_message(update.effective_chat.id, THANKS, parse_mode="HTML")


def _agenda() -> dict[str, Any]:
    """The bot's agenda post in the group, whose "Jeg kommer" button the clicks press."""
    return {
        "message_id": 1,
        "date": int(time.time()),
        "chat": {"id": GROUP, "type": "supergroup", "title": "Brukerrådet"},
        "from": {"id": int(DEFAULT_TOKEN.split(":")[0]), "is_bot": True, "first_name": "Brukerrådet"},
        "text": "Saksliste for møte 1",
    }


def _forget_answers(app: App) -> None:
    """Untimed, between clicks: the next click records a first answer again."""
    with transaction(app.sessions) as session:
        session.execute(delete(Attendance))


def _bare_route(application: Any) -> Any:
    async def webhook(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), WEBHOOK_SECRET.encode()):
            return web.Response(status=403)
        update = Update.de_json(await request.json(), application.bot)
        await application.process_update(update)
        return web.Response(status=200)

    return webhook


MEASURES = ("ours", "bare", "replying", "click", "bare_click", "replying_click")


async def _measure(requests: int, db_dir: Path) -> tuple[dict[str, list[float]], dict[str, int]]:
    fake = FakeTelegramAPI().start()
    app, _clock, council_id, _ids = make_app(f"sqlite:///{db_dir / 'bench.db'}")
    reply = app.dispatcher.handle(Incoming("telegram", "7001", "/mote bekreft 2026-12-15T10:00 Gryta", council_id))
    assert reply is not None and not reply.error, reply
    app.sender.drain()
    config = TelegramConfig(
        mode="webhook", base_url=fake.base_url, webhook_url="https://bench.invalid/telegram/webhook"
    )
    unlimited = AIORateLimiter(overall_max_rate=0, group_max_rate=0)
    ours = TelegramAdapter(app, config, ENV, rate_limiter=unlimited)
    bare = ApplicationBuilder().token(DEFAULT_TOKEN).base_url(fake.base_url).updater(None).job_queue(None).build()
    bare.add_handler(CommandHandler("sak", _nothing))
    bare.add_handler(CallbackQueryHandler(_nothing))
    replying = ApplicationBuilder().token(DEFAULT_TOKEN).base_url(fake.base_url).updater(None).job_queue(None).build()
    replying.add_handler(CommandHandler("sak", _reply_only))
    replying.add_handler(CallbackQueryHandler(_answer_only))
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
    timings: dict[str, list[float]] = {name: [] for name in MEASURES}
    agenda = _agenda()
    attend = ours.codec.encode(ATTEND)  # the "Jeg kommer" button's callback data, as the adapter renders it
    try:
        async with aiohttp.ClientSession() as client:

            async def post(path: str, update: dict[str, Any]) -> float:
                started = time.perf_counter_ns()
                async with client.post(f"http://127.0.0.1:{port}{path}", json=update, headers=headers) as response:
                    body = await response.read()
                    assert response.status == 200, response.status
                took = (time.perf_counter_ns() - started) / 1e6
                fake.answer_webhook(response.status, body)  # untimed: the call Telegram makes from the response
                return took

            gc.collect()
            for n in range(WARM_UP + requests):
                update = fake.message_update(KARI, GROUP, f"/sak ny Benchmarksak nummer {n}")
                sample = {
                    "ours": await post("/telegram/webhook", update),
                    "bare": await post("/bare/webhook", fake.message_update(KARI, GROUP, "/sak ny Benchmarksak")),
                    "replying": await post("/replying/webhook", fake.message_update(KARI, GROUP, "/sak ny Sak")),
                }
                _forget_answers(app)  # untimed: this click records a first answer
                sample["click"] = await post("/telegram/webhook", fake.click_update(KARI, agenda, attend))
                sample["bare_click"] = await post("/bare/webhook", fake.click_update(KARI, agenda, attend))
                sample["replying_click"] = await post("/replying/webhook", fake.click_update(KARI, agenda, attend))
                if n >= WARM_UP:
                    for name, took in sample.items():
                        timings[name].append(took)
    finally:
        await runner.cleanup()
        await ours.stop()
        await bare.shutdown()
        await replying.shutdown()
        fake.stop()
    with app.sessions() as session:
        cases = session.scalar(select(func.count(Case.id)))
        answers = session.scalar(
            select(func.count(AuditEntry.id)).where(
                AuditEntry.action == "attendance.yes", AuditEntry.platform == "telegram"
            )
        )
        standing = session.scalar(select(func.count(Attendance.id)).where(Attendance.answer == AttendanceAnswer.YES))
    app.close()
    counts = {"cases": cases, "answers": answers, "standing": standing, "sent": WARM_UP + requests}
    return timings, {name: int(value or 0) for name, value in counts.items()}


def rows(requests: int = DEFAULT_REQUESTS) -> list[Row]:
    """Median and p99 per webhook request for ours and the bare application, in one run."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        t, counts = asyncio.run(_measure(requests, Path(folder)))
    # Every request really did the whole job: a case committed for each command, an answer recorded for
    # each click (the last one stands). What the database holds, whichever way the replies travelled.
    assert counts["cases"] == counts["sent"] == counts["answers"] and counts["standing"] == 1, counts
    target = f"median < {RATIO_TARGET}x bare PTB app"
    return [
        row_from(
            "telegram webhook /sak ny (commit + reply) vs bare PTB",
            t["ours"],
            t["bare"],
            target=target,
            ok=statistics.median(t["ours"]) < RATIO_TARGET * statistics.median(t["bare"]),
        ),
        row_from("telegram /sak ny vs bare PTB that replies (context)", t["ours"], t["replying"]),
        row_from(
            "telegram attendance click (commit + reply) vs bare",
            t["click"],
            t["bare_click"],
            target=target,
            ok=statistics.median(t["click"]) < RATIO_TARGET * statistics.median(t["bare_click"]),
        ),
        row_from("telegram click vs bare PTB that answers (context)", t["click"], t["replying_click"]),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table and the ratios; 0 if the targets are met, else 1."""
    args = sys.argv[1:] if argv is None else argv
    requests = int(args[0]) if args else DEFAULT_REQUESTS
    result = rows(requests)
    print_table(result, f"{requests} webhook requests each after {WARM_UP} warm-up; the test council on SQLite")
    for row in result:
        kind = f"target < {RATIO_TARGET}x" if row.target else "context"
        print(f"ratio, {row.measure.strip()} (median): {row.ratio:.2f}x ({kind})")
    return 0 if all(r.ok is not False for r in result) else 1


if __name__ == "__main__":
    raise SystemExit(main())
