"""`brukerrad run` with Telegram: the adapter in the one process, one event loop and one web server."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import socket
import subprocess
import sys
import threading
import types
from pathlib import Path

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


def test_run_with_a_refused_bot_token_stops_with_a_message_naming_it(tmp_path: Path) -> None:
    """`brukerrad run` itself, as a process: Telegram answers getMe with 401, and the process ends (exit 2)
    with one Norwegian sentence naming TELEGRAM_BOT_TOKEN, no traceback, never the token."""
    root = Path(__file__).resolve().parents[2]
    fake = FakeTelegramAPI(token="999:the-token-telegram-knows").start()
    try:
        config = tmp_path / "config.toml"
        config.write_text(
            f'[database]\nurl = "sqlite:///{tmp_path}/b.db"\n[bot]\nplatforms = ["telegram"]\n'
            f'http_port = {_free_port()}\n[telegram]\nbase_url = "{fake.base_url}"\n',
            "utf-8",
        )
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TELEGRAM_", "DATABASE_URL"))}
        env = {**keep, "TELEGRAM_BOT_TOKEN": "123456:revoked-token", "PYTHONPATH": str(root)}
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "--config", str(config), "run"],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=60,
        )
    finally:
        fake.stop()
    assert done.returncode == 2, done.stderr
    assert "TELEGRAM_BOT_TOKEN" in done.stderr and "@BotFather" in done.stderr
    assert "Traceback" not in done.stderr and "revoked-token" not in done.stderr
