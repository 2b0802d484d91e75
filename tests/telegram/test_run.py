"""`brukerrad run` with Telegram: the adapter in the one process, one event loop and one web server."""

from __future__ import annotations

import asyncio
import importlib.util
import socket
import sys
import threading
import types

import pytest
from aiohttp import web

from bot.app import App
from bot.clock import MovableClock
from bot.config import parse
from fakes.telegram_api import DEFAULT_TOKEN, FakeTelegramAPI
from storage.db import make_engine, make_sessions
from storage.models import Case
from tests.conftest import START
from tests.telegram.conftest import GROUP, Loop, make_app


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _StandInScheduler:
    """Until bot/scheduler.py lands: wakes the sender in a thread, as the real one does."""

    def __init__(self, app: App) -> None:
        self._app = app

    def start(self) -> None:
        pass

    def wake(self) -> None:
        threading.Thread(target=self._app.sender.drain, daemon=True).start()

    def shutdown(self) -> None:
        pass


def _stand_ins(monkeypatch: pytest.MonkeyPatch) -> None:
    """bot/web.py and bot/scheduler.py are written by others; stand in for whichever is missing."""
    if importlib.util.find_spec("bot.web") is None:
        module = types.ModuleType("bot.web")

        async def healthz(request: web.Request) -> web.Response:
            return web.Response(text="ok")

        def make_web_app(app: App) -> web.Application:
            web_app = web.Application()
            web_app.router.add_get("/healthz", healthz)
            return web_app

        module.make_web_app = make_web_app  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "bot.web", module)
    if importlib.util.find_spec("bot.scheduler") is None:
        module = types.ModuleType("bot.scheduler")
        module.Scheduler = _StandInScheduler  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "bot.scheduler", module)


def test_brukerrad_run_serves_the_council_in_its_telegram_group(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.runner import serve

    seeded, *_ = make_app(db_url)  # the roster, linked to Telegram accounts
    seeded.close()
    _stand_ins(monkeypatch)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", DEFAULT_TOKEN)
    fake = FakeTelegramAPI().start()
    loop = Loop()
    config = parse(
        {
            "database": {"url": db_url},
            "bot": {"platforms": ["telegram"], "http_port": _free_port()},
            "telegram": {"base_url": fake.base_url},
            "councils": [{"slug": "test", "name": "Brukerrådet (test)", "telegram_chat": str(GROUP)}],
        },
        {"TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN},
    )
    stop = loop.run(_event())
    running = asyncio.run_coroutine_threadsafe(serve(config, MovableClock(START), stop), loop.loop)
    try:
        kari = {"id": 7004, "is_bot": False, "first_name": "Kari"}
        update = fake.push_update(fake.message_update(kari, GROUP, "/sak ny Ventetid på avrusning"))
        fake.wait_confirmed(int(update["update_id"]))
        replies = fake.wait_calls("sendMessage", chat_id=GROUP)
        assert "registrert som sak" in replies[-1]["text"]
    finally:
        loop.loop.call_soon_threadsafe(stop.set)
        running.result(30)
        loop.close()
        fake.stop()
    engine = make_engine(db_url)
    with make_sessions(engine)() as session:
        assert session.query(Case).count() == 1  # committed by the process that ran
    engine.dispose()


async def _event() -> asyncio.Event:
    return asyncio.Event()
