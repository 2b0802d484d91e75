"""What the documents cost: the PDF of a 20-item agenda, and the public meeting page under 50 readers at once.

The PDF row renders the notice of a meeting with 17 cases (20 items with the fixed ones) through
`bot.documents.render`; its baseline, in the same run, is typst compiling a one-line document to the same
standards (PDF/UA-1 and PDF/A-2a), which is typst's own floor. The page rows serve `[web] public = true` on
loopback and let 50 concurrent readers fetch the published agenda's HTML (requests a second and p99); the
baseline is `/healthz` under the same load, the server's floor. A page is kept in memory for the minute
Cache-Control promises (`bot/public.py`), so this measures what a busy day sees; made afresh, a notice page
costs about 4 ms (some 220 a second on one core).

`python -m bench.bench_documents [renders] [requests]`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from aiohttp import ClientSession, TCPConnector, web

from bench.common import Row, print_table, row_from
from bot.app import App
from bot.documents import render
from bot.web import make_web_app
from fakes.council import SECRETARY
from fakes.telegram_council import TG_IDS, make_app
from handlers import documents
from handlers.context import Context
from handlers.dispatch import Incoming
from handlers.lookup import meeting_by_number
from storage.models import Council

_LOGGER = logging.getLogger(__name__)

CASES = 17  # with the notice, the last minutes and any other business: 20 items
READERS = 50
DEFAULT_RENDERS = 40
DEFAULT_REQUESTS = 2000
_TINY = b'#set document(title: "x")\n#set text(lang: "nb")\n= x\nx'


def _say(app: App, council_id: int, who: str, text: str) -> None:
    reply = app.dispatcher.handle(Incoming("telegram", str(TG_IDS[who]), text, council_id))
    assert reply is not None and not reply.error, reply


def _council(folder: Path) -> tuple[App, int]:
    app, _clock, council_id, _ids = make_app(f"sqlite:///{folder / 'bench.db'}")
    _say(app, council_id, SECRETARY, "/mote bekreft 2026-12-15T10:00 Gryta, Olav Tryggvasons gate 5")
    for number in range(1, CASES + 1):
        _say(app, council_id, "Kari Dybdahl", f"/sak ny Sak nummer {number} om ventetid på avrusning i Østbyen")
        _say(app, council_id, "Liv Aasen", f"/sak godkjenn {number}")
    _say(app, council_id, SECRETARY, "/mote sakliste publiser 1 likevel")
    return app, council_id


def _layout(app: App, council_id: int) -> documents.Layout:
    with app.sessions() as session:
        council = session.get(Council, council_id)
        assert council is not None
        ctx = Context(session, council, None, app.clock.now(), "bench", app.settings_for(council))
        notice = documents.agenda_notice(ctx, meeting_by_number(ctx, "1"), public=True)
    assert len(notice.items) == CASES + 3
    return documents.layout(notice)


def _pdf_rows(layout: documents.Layout, renders: int) -> list[Row]:
    import typst

    ours: list[float] = []
    floor: list[float] = []
    render(layout, "pdf")  # warm: typst loads its fonts once
    for _ in range(renders):
        started = time.perf_counter()
        render(layout, "pdf")
        ours.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        typst.compile(_TINY, pdf_standards=["ua-1", "a-2a"], ignore_system_fonts=True)
        floor.append((time.perf_counter() - started) * 1000)
    row = row_from("PDF of a 20-item agenda (PDF/UA-1 + A-2a)", ours, floor, target="p99 < 250 ms")
    return [dataclasses.replace(row, ok=row.p99 is not None and row.p99 < 250)]


async def _load(base: str, path: str, requests: int) -> tuple[float, list[float]]:
    """(requests a second, latencies in ms) for `requests` GETs of `path` by READERS readers at once."""
    latencies: list[float] = []
    queue = iter(range(requests))

    async def reader(client: ClientSession) -> None:
        for _ in queue:
            started = time.perf_counter()
            async with client.get(base + path) as answer:
                await answer.read()
                assert answer.status == 200, answer.status
            latencies.append((time.perf_counter() - started) * 1000)

    async with ClientSession(connector=TCPConnector(limit=READERS)) as client:
        started = time.perf_counter()
        await asyncio.gather(*(reader(client) for _ in range(READERS)))
        elapsed = time.perf_counter() - started
    return requests / elapsed, latencies


def _page_rows(app: App, requests: int) -> list[Row]:
    app.config = dataclasses.replace(app.config, public_pages=True)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True, name="bench-public-pages")
    thread.start()
    runner = web.AppRunner(make_web_app(app), access_log=None)
    asyncio.run_coroutine_threadsafe(runner.setup(), loop).result(30)
    site = web.TCPSite(runner, "127.0.0.1", 0)
    asyncio.run_coroutine_threadsafe(site.start(), loop).result(30)
    server = site._server
    assert server is not None
    port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
    base = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(_load(base, "/offentlig/test/mote/1/innkalling", 100))  # warm
        page_rate, page = asyncio.run(_load(base, "/offentlig/test/mote/1/innkalling", requests))
        floor_rate, floor = asyncio.run(_load(base, "/healthz", requests))
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
    latency = row_from(f"public agenda page, {READERS} readers: latency", page, floor, target="p99 < 100 ms")
    return [
        Row(
            f"public agenda page, {READERS} readers: throughput",
            page_rate,
            None,
            floor_rate,
            unit="req/s",
            target=">= 0.5x /healthz",
            ok=page_rate >= 0.5 * floor_rate,
        ),
        dataclasses.replace(latency, ok=latency.p99 is not None and latency.p99 < 100),
    ]


def rows(renders: int = DEFAULT_RENDERS, requests: int = DEFAULT_REQUESTS) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        app, council_id = _council(Path(folder))
        try:
            found = _pdf_rows(_layout(app, council_id), renders)
            found += _page_rows(app, requests)
        finally:
            app.close()
    return found


def main(argv: Sequence[str] | None = None) -> int:
    args = list(argv if argv is not None else sys.argv[1:])
    renders = int(args[0]) if args else DEFAULT_RENDERS
    requests = int(args[1]) if len(args) > 1 else DEFAULT_REQUESTS
    found = rows(renders, requests)
    print_table(found, "Documents")
    return 0 if all(row.ok is not False for row in found) else 1


if __name__ == "__main__":
    raise SystemExit(main())
