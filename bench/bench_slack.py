"""`/sak ny` and an attendance click over Slack's HTTP mode, each next to a bare slack-bolt app that only
acks, on one aiohttp server in the same run, requests interleaved so all see the same machine.

- ours: a signed slash command to `/slack/events` (the real SlackAdapter): signature and timestamp
  checked, the core's `/sak ny` (privacy guard, one SQLite transaction with the case, audit entry and
  delivery key, committed), and the answer returned in the ack itself (`process_before_response=True`).
- bare: a signed slash command to `/bare/events`, an AsyncApp with the same settings whose listener only
  acks: the target's baseline (issue 5: median under 2x this, p99 under 50 ms).
- the attendance click (issue 8): a signed `block_actions` payload, a representative pressing the agenda's
  "Jeg kommer" (action `cmd_0`, value `/oppmote ja #1`, as bot/slack/render.py makes it), to `/slack/events`:
  the core records the answer (attendance row, audit entry, delivery key, committed) before the ack; the
  answer follows by `response_url` (to the fake Slack, after the ack: not timed, but waited for before the
  next request). Between clicks, untimed, the answer is deleted again, so every click records a first
  answer rather than the cheaper "you already said so". Its baseline: the bare app's action listener that
  only acks, same settings. The follow-up task starts on the loop (which the bench's client shares) before
  the client has read the ack, so part of its cost shows in the click's figure; it posts over the
  adapter's one kept-alive session (Bolt's own `respond` opened a new one per answer, about 3 ms here).
- context rows, same run: the core alone (the same `/sak ny` through `Dispatcher.handle`, run where the
  adapter runs it, no HTTP), which shows where the time goes, and the same core work back to back with
  nothing between, whose difference is the cost of cold processor caches in a server that does other work
  between commands; bare bolt plus the least work a bot that keeps
  its cases must do, by hand in plain sqlite3 (`_by_hand`), which shows how far the 2x target is from any
  bot that commits before it answers; Bolt's default mode (`process_before_response=False`,
  whose listener runner polls for the ack every 10 ms); and the design we did not choose, ack first and
  commit after: its ack is as fast as the bare app's, but the case is committed only later and the person
  sees the case number only after a second call to Slack (`response_url`), and a crash in between loses a
  command that was already acknowledged.

`python -m bench.bench_slack [requests]`
"""

from __future__ import annotations

import asyncio
import json
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
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import delete, func, select

from bench.by_hand import commit_by_hand, open_db
from bench.common import Row, p99, print_table, row_from
from bot.app import App, build
from bot.clock import MovableClock
from bot.config import parse
from bot.slack import SlackAdapter
from bot.slack.adapter import ACTION_ID
from bot.slack.platform import SlackConfig
from fakes.council import START
from fakes.slack_api import FakeSlackAPI
from fakes.slack_send import new_trigger, signed_action, signed_command
from handlers import texts
from handlers.dispatch import Incoming
from storage.db import transaction
from storage.models import Attendance, AttendanceAnswer, AuditEntry, Case, ChatIdentity, Member, Role

_LOGGER = logging.getLogger(__name__)

SECRET = "bench-signing-secret"
WARM_UP = 30
DEFAULT_REQUESTS = 300
CHANNEL = "C0COUNCIL"
REPRESENTATIVE = "Per Eggen"
MEETING = "/mote bekreft 2026-12-15T10:00 Gryta"
ATTEND = "/oppmote ja #1"  # the value of the agenda's "Jeg kommer" button for meeting 1 (handlers/agenda.py)


def _bare(process_before_response: bool, fake: FakeSlackAPI) -> AsyncApp:
    """The baseline: an AsyncApp whose listeners (the command and the command buttons) only ack."""
    bare = AsyncApp(
        signing_secret=SECRET,
        client=AsyncWebClient(token="xoxb-bench", base_url=fake.base_url),
        process_before_response=process_before_response,
    )

    @bare.command("/sak")
    async def ack_only(ack: Any) -> None:
        await ack()

    @bare.action(ACTION_ID)
    async def ack_click(ack: Any) -> None:
        await ack()

    return bare


def _ack_first(
    app: App, council_id: int, fake: FakeSlackAPI, committed: dict[str, float], changed: asyncio.Event
) -> AsyncApp:
    """The design not chosen: ack at once, run the core after the ack (the answer would follow by
    response_url). `committed` records when each trigger's case was committed; `changed` is set then."""
    bolt = AsyncApp(
        signing_secret=SECRET,
        client=AsyncWebClient(token="xoxb-bench", base_url=fake.base_url),
        process_before_response=True,
    )
    tasks: set[asyncio.Task[None]] = set()

    async def commit(command: dict[str, Any]) -> None:
        text = f"{command['command']} {command['text']}"
        key = f"bench:{command['trigger_id']}"
        await asyncio.to_thread(app.dispatcher.handle, Incoming("slack", "U0KARI", text, council_id, key))
        committed[command["trigger_id"]] = time.perf_counter()
        changed.set()

    @bolt.command("/sak")
    async def ack_then_work(ack: Any, command: dict[str, Any]) -> None:
        await ack()
        task = asyncio.get_running_loop().create_task(commit(command))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    return bolt


def _by_hand(db_file: Path, fake: FakeSlackAPI) -> AsyncApp:
    """Context for the 2x target: bare bolt plus the least a bot that keeps its cases must do for `/sak ny`,
    by hand in plain sqlite3 (bench/by_hand.py), the answer in the ack."""
    db = open_db(db_file)
    bolt = AsyncApp(
        signing_secret=SECRET,
        client=AsyncWebClient(token="xoxb-bench", base_url=fake.base_url),
        process_before_response=True,
    )

    @bolt.command("/sak")
    async def new_case(ack: Any, command: dict[str, Any]) -> None:
        title = command["text"].removeprefix("ny ").strip()
        answer = commit_by_hand(db, command["trigger_id"], command["user_id"], title)
        if answer is None:  # the same command delivered again
            await ack()
        else:
            await ack(text=answer)

    return bolt


def _route(bolt: AsyncApp) -> Any:
    async def handle(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    return handle


def _app(db_dir: Path) -> tuple[App, int]:
    """The council with its secretary (U0KARI), a representative (U0PER) and meeting 1, confirmed."""
    config = parse(
        {
            "database": {"url": f"sqlite:///{db_dir / 'bench.db'}"},
            "councils": [{"slug": "test", "name": "Brukerrådet", "slack_channel": CHANNEL}],
        },
        {},
    )
    app = build(config, MovableClock(START))
    council_id = app.council_ids["test"]
    with transaction(app.sessions) as session:
        kari = Member(council_id=council_id, name="Kari Dybdahl", role=Role.SECRETARY, created_at=START)
        session.add(kari)
        session.flush()
        session.add(ChatIdentity(member_id=kari.id, platform="slack", external_id="U0KARI"))
    for text in (f'/brukerrad medlem ny {REPRESENTATIVE} rolle=representant org="A-Larm"', MEETING):
        reply = app.dispatcher.handle(Incoming("slack", "U0KARI", text, council_id))
        assert reply is not None and not reply.error, reply
    with transaction(app.sessions) as session:
        per = session.scalars(select(Member).where(Member.name == REPRESENTATIVE)).one()
        session.add(ChatIdentity(member_id=per.id, platform="slack", external_id="U0PER"))
    return app, council_id


def _forget_answers(app: App) -> None:
    """Untimed, between clicks: the next click records a first answer again."""
    with transaction(app.sessions) as session:
        session.execute(delete(Attendance))


def _stored(app: App) -> tuple[int, int]:
    """The clicks' answers recorded (audit entries) and the answer standing now (attendance rows, yes)."""
    with app.sessions() as session:
        audited = session.scalar(
            select(func.count(AuditEntry.id)).where(
                AuditEntry.action == "attendance.yes", AuditEntry.platform == "slack"
            )
        )
        standing = session.scalar(select(func.count(Attendance.id)).where(Attendance.answer == AttendanceAnswer.YES))
    return int(audited or 0), int(standing or 0)


async def _measure(requests: int, db_dir: Path) -> tuple[dict[str, list[float]], dict[str, int]]:
    fake = FakeSlackAPI().start()
    app, council_id = _app(db_dir)
    adapter = SlackAdapter(
        app,
        SlackConfig(mode="http", api_base_url=fake.base_url),
        {"SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET},
    )
    committed_at: dict[str, float] = {}
    changed = asyncio.Event()
    web_app = web.Application()
    adapter.routes(web_app)
    web_app.router.add_post("/bare/events", _route(_bare(True, fake)))
    web_app.router.add_post("/default/events", _route(_bare(False, fake)))
    web_app.router.add_post("/ackfirst/events", _route(_ack_first(app, council_id, fake, committed_at, changed)))
    web_app.router.add_post("/byhand/events", _route(_by_hand(db_dir / "by-hand.db", fake)))
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    timings: dict[str, list[float]] = {
        name: []
        for name in ("ours", "bare", "default", "core", "byhand", "ackfirst", "ackfirst_commit", "click", "bare_click")
    }
    sent_at: dict[str, float] = {}
    answered = f"http://127.0.0.1:{fake.port}/respond/bench"
    async with aiohttp.ClientSession() as client:

        async def send(path: str, body: bytes, headers: dict[str, str]) -> float:
            started = time.perf_counter()
            async with client.post(f"http://127.0.0.1:{port}{path}", data=body, headers=headers) as response:
                await response.read()
                assert response.status == 200, response.status
            return (time.perf_counter() - started) * 1000

        async def call(path: str, text: str) -> float:
            trigger = new_trigger()
            body, headers = signed_command(SECRET, "U0KARI", f"/sak {text}", CHANNEL, trigger=trigger)
            sent_at[trigger] = time.perf_counter()
            return await send(path, body, headers)

        async def click(path: str) -> float:
            return await send(path, *signed_action(SECRET, "U0PER", ATTEND, CHANNEL, response_url=answered))

        async def answered_after_ack(clicks: int) -> None:
            while len(fake.ok_calls("response_url")) < clicks:
                await asyncio.sleep(0.001)

        async def core(text: str) -> float:
            incoming = Incoming("slack", "U0KARI", text, council_id, f"core:{time.monotonic_ns()}")
            started = time.perf_counter()
            await app.call_core(app.dispatcher.handle, incoming)  # where the adapter runs it
            return (time.perf_counter() - started) * 1000

        for n in range(WARM_UP + requests):
            sample = {
                "ours": await call("/slack/events", f"ny Referansesak nummer {n}"),
                "bare": await call("/bare/events", f"ny Referansesak nummer {n}"),
                "default": await call("/default/events", f"ny Referansesak nummer {n}"),
                "core": await core(f"/sak ny Kjernesak nummer {n}"),
                "byhand": await call("/byhand/events", f"ny Referansesak nummer {n}"),
                "ackfirst": await call("/ackfirst/events", f"ny Sak etter kvittering {n}"),
            }
            _forget_answers(app)  # untimed: this click records a first answer
            sample["click"] = await click("/slack/events")
            await answered_after_ack(n + 1)
            sample["bare_click"] = await click("/bare/events")
            while len(committed_at) <= n:  # the ack-first case is committed after its ack: wait for it
                await changed.wait()
                changed.clear()
            if n >= WARM_UP:
                for name, value in sample.items():
                    timings[name].append(value)
        # The same core work back to back, nothing else between: the processor's caches stay warm.
        timings["core_warm"] = [await core(f"/sak ny Varm kjernesak {n}") for n in range(WARM_UP + requests)]
        del timings["core_warm"][:WARM_UP]
    await runner.cleanup()
    timings["ackfirst_commit"] = [
        (at - sent_at[trigger]) * 1000 for trigger, at in list(committed_at.items())[WARM_UP:]
    ]
    with app.sessions() as session:
        committed = int(session.scalar(select(func.count(Case.id))) or 0)
    audited, standing = _stored(app)
    thanks = texts.ATTENDANCE_YES.split("{", 1)[0]
    responses = sum(1 for r in fake.ok_calls("response_url") if thanks in json.dumps(r, ensure_ascii=False))
    app.close()
    fake.stop()
    return timings, {"cases": committed, "answers": audited, "standing": standing, "responses": responses}


def rows(requests: int = DEFAULT_REQUESTS) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        t, counts = asyncio.run(_measure(requests, Path(tmp)))
    sent = requests + WARM_UP
    assert counts["cases"] == 4 * sent, counts  # ours, core alone (twice) and ack-first: every case stored
    # Every click recorded its answer (the last one stands) and the person was told.
    assert counts["answers"] == counts["responses"] == sent and counts["standing"] == 1, counts
    ours, bare = t["ours"], t["bare"]
    ok = statistics.median(ours) < 2 * statistics.median(bare) and p99(ours) < 50
    click, bare_click = t["click"], t["bare_click"]
    click_ok = statistics.median(click) < 2 * statistics.median(bare_click) and p99(click) < 50
    return [
        row_from(
            "Slack HTTP /sak ny (case committed) vs bare bolt ack",
            ours,
            bare,
            target="median < 2x bare, p99 < 50 ms",
            ok=ok,
        ),
        row_from("  of which the core alone (no HTTP, same run)", t["core"], bare),
        row_from("  the core alone, back to back (warm caches)", t["core_warm"], bare),
        row_from("bare bolt + the same commit by hand (context)", t["byhand"], bare),
        row_from("bare bolt ack, Bolt's default mode (context)", t["default"], bare),
        row_from("not chosen: ack first, commit after: the ack", t["ackfirst"], bare),
        row_from("not chosen: ... and until its case is committed", t["ackfirst_commit"], bare),
        row_from(
            "Slack HTTP attendance click (committed) vs bare ack",
            click,
            bare_click,
            target="median < 2x bare, p99 < 50 ms",
            ok=click_ok,
        ),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    result = rows(int(args[0]) if args else DEFAULT_REQUESTS)
    print_table(result, "Slack HTTP round trip (signed request in, ack out), same server, same run")
    return 0 if all(r.ok is not False for r in result) else 1


if __name__ == "__main__":
    raise SystemExit(main())
