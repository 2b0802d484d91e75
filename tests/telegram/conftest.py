"""A council on Telegram, driven through the real python-telegram-bot application and real HTTP on loopback.

The fake Bot API (fakes/telegram_api.py) plays Telegram; the adapter runs on an event loop in its own
thread, as in production, and the test thread plays the scheduler's worker (it may call `app.sender.drain()`
itself). Nothing sleeps: a test waits for what the fake received (`wait_calls`) or for the poller to confirm
an update (`wait_confirmed`, which happens only after the update was handled).
"""

from __future__ import annotations

import asyncio
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pytest
from aiohttp import web
from sqlalchemy import func, select
from telegram.ext import AIORateLimiter

from bot.app import App
from bot.clock import MovableClock
from bot.telegram import TelegramAdapter
from bot.telegram.platform import TelegramConfig
from fakes import loopback
from fakes.telegram_api import FakeTelegramAPI
from fakes.telegram_council import (
    ENV,
    GROUP,
    NEVER_STARTED,
    ROSTER,
    SECRETARY,
    STRANGER,
    TG_IDS,
    WEBHOOK_SECRET,
    make_app,
)
from handlers.dispatch import Incoming
from tests.conftest import row_counts

# The council's names, re-exported for the test modules (they live in fakes/, shared with the benchmarks).
__all__ = [
    "ENV",
    "GROUP",
    "NEVER_STARTED",
    "ROSTER",
    "SECRETARY",
    "STRANGER",
    "TG_IDS",
    "WEBHOOK_SECRET",
    "Loop",
    "Telegram",
    "make_app",
    "start_telegram",
    "stop_telegram",
]

T = TypeVar("T")



@dataclass
class Said:
    """An update the test sent, and the messages the bot sent to that chat while handling it."""

    update: dict[str, Any]
    params: list[dict[str, Any]]  # what the bot asked for (sendMessage parameters)
    messages: list[dict[str, Any]]  # what the fake answered (Message objects, with their buttons)

    @property
    def update_id(self) -> int:
        return int(self.update["update_id"])

    @property
    def text(self) -> str:
        return "\n".join(str(p["text"]) for p in self.params)

    @property
    def replied(self) -> bool:
        """The answer is a reply to the member's message (how a private answer shows in a group)."""
        wanted = self.update["message"]["message_id"]
        return any((p.get("reply_parameters") or {}).get("message_id") == wanted for p in self.params)


class Loop:
    """An event loop in its own thread: where the adapter lives, as in `brukerrad run`."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="test-loop", daemon=True)
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@dataclass
class Telegram:
    app: App
    clock: MovableClock
    fake: FakeTelegramAPI
    loop: Loop
    adapter: TelegramAdapter
    council_id: int
    ids: dict[str, int]
    webhook_url: str = ""
    _runner: web.AppRunner | None = field(default=None, repr=False)

    # --- people and updates ---

    def user(self, name: str) -> dict[str, Any]:
        tg_id = TG_IDS.get(name, STRANGER)
        return {"id": tg_id, "is_bot": False, "first_name": name.split()[0], "language_code": "nb"}

    def send(self, name: str, text: str, *, chat: int | None = GROUP, reply_to: dict[str, Any] | None = None) -> int:
        """`name` writes `text` in the group (or privately, with chat=None); returns once it was handled."""
        return self.say(name, text, chat=chat, reply_to=reply_to).update_id

    def say(self, name: str, text: str, *, chat: int | None = GROUP, reply_to: dict[str, Any] | None = None) -> Said:
        """`name` writes `text`; what the bot sent to that chat while handling it."""
        user = self.user(name)
        target = chat if chat is not None else int(user["id"])
        # A private answer to a command typed in the group goes to the member's private chat: collect both.
        chats = [target] if target == int(user["id"]) else [target, int(user["id"])]
        update = self.fake.message_update(user, target, text, reply_to=reply_to)
        before = {c: len(self.fake.ok_calls("sendMessage", chat_id=c)) for c in chats}
        self.deliver(update)
        params = [p for c in chats for p in self.fake.ok_calls("sendMessage", chat_id=c)[before[c] :]]
        messages = [m for c in chats for m in self.sent(c)[before[c] :]]
        return Said(update, params, messages)

    def deliver(self, update: dict[str, Any]) -> int:
        """Hand `update` to the bot (polling, or a POST to the webhook) and wait until it was handled."""
        if self.webhook_url:
            status = self.post_webhook(update)
            assert status == 200, status
        else:
            self.fake.push_update(update)
            self.fake.wait_confirmed(update["update_id"])
        return int(update["update_id"])

    def click(self, name: str, message: dict[str, Any], command_or_data: str) -> int:
        data = self._data_for(message, command_or_data)
        return self.deliver(self.fake.click_update(self.user(name), message, data))

    def _data_for(self, message: dict[str, Any], wanted: str) -> str:
        """The callback data of the button on `message` whose data or label is `wanted`."""
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if wanted in (button.get("callback_data"), button.get("text")):
                    return str(button["callback_data"])
        raise AssertionError(f"no button {wanted!r} on the message: {message.get('reply_markup')}")

    def post_webhook(self, update: dict[str, Any], secret: str | None = WEBHOOK_SECRET) -> int:
        request = urllib.request.Request(self.webhook_url, data=json.dumps(update).encode("utf-8"), method="POST")
        request.add_header("Content-Type", "application/json")
        if secret is not None:
            request.add_header("X-Telegram-Bot-Api-Secret-Token", secret)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, body = int(response.status), response.read()
        except urllib.error.HTTPError as error:
            return int(error.code)
        self.fake.answer_webhook(status, body)  # a reply handed back in the response, as Telegram makes it
        return status

    # --- what Telegram received ---

    def sent(self, chat: int = GROUP) -> list[dict[str, Any]]:
        """Every message sent to `chat`, as the fake answered it (the Message objects)."""
        return self.fake.results("sendMessage", chat_id=chat)

    def texts(self, chat: int = GROUP) -> list[str]:
        return [str(m["text"]) for m in self.sent(chat)]

    def last(self, chat: int = GROUP) -> dict[str, Any]:
        messages = self.sent(chat)
        assert messages, f"nothing was sent to {chat}"
        return messages[-1]

    # --- the database ---

    def count(self, model: Any, *where: Any) -> int:
        with self.app.sessions() as session:
            return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)

    def snapshot(self) -> dict[str, int]:
        return row_counts(self.app)

    def core(self, name: str, text: str, platform: str = "telegram") -> Any:
        """Run a command straight through the core (to set the scene, or to play another platform)."""
        user_id = str(TG_IDS[name]) if platform == "telegram" else f"U{TG_IDS[name]}"
        reply = self.app.dispatcher.handle(Incoming(platform, user_id, text, self.council_id))
        assert reply is not None and not reply.error, reply
        return reply


def start_telegram(db_url: str, *, mode: str = "polling", **options: Any) -> Telegram:
    app, clock, council_id, ids = make_app(db_url)
    fake = FakeTelegramAPI().start()
    loop = Loop()
    config = TelegramConfig(
        mode=mode,
        base_url=fake.base_url,
        webhook_url="https://bot.example.invalid/telegram/webhook" if mode == "webhook" else "",
    )
    # Loose group limit so that a long dialog is not throttled, and no in-process retry of a 429: the
    # sender's back-off (on the test's clock) does that, rather than real seconds of waiting.
    options.setdefault("rate_limiter", AIORateLimiter(group_max_rate=1000, max_retries=0))
    options.setdefault("poll_timeout", 5.0)
    options.setdefault("retry_delays", (0.01, 0.01, 0.01))
    options.setdefault("poll_backoff", (0.01, 0.05))

    async def make() -> TelegramAdapter:
        return TelegramAdapter(app, config, ENV, **options)

    adapter = loop.run(make())
    tg = Telegram(app, clock, fake, loop, adapter, council_id, ids)
    loop.run(adapter.start())
    if mode == "webhook":

        async def serve() -> tuple[web.AppRunner, int]:
            web_app = web.Application()
            adapter.routes(web_app)
            return await loopback.serve(web_app)

        runner, port = loop.run(serve())
        tg._runner = runner
        tg.webhook_url = f"http://127.0.0.1:{port}/telegram/webhook"
    return tg


def stop_telegram(tg: Telegram) -> None:
    if tg._runner is not None:
        tg.loop.run(tg._runner.cleanup())
    tg.loop.run(tg.adapter.stop())
    tg.loop.close()
    tg.fake.stop()
    tg.app.close()


@pytest.fixture(autouse=True)
def ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB's coming `retry_after` type (a timedelta), which silences its deprecation warning."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
def tg(db_url: str) -> Iterator[Telegram]:
    """The bot by long polling (the default)."""
    telegram = start_telegram(db_url)
    yield telegram
    stop_telegram(telegram)


@pytest.fixture
def tg_webhook(db_url: str) -> Iterator[Telegram]:
    """The bot by webhook: updates are POSTed to /telegram/webhook with the secret token."""
    telegram = start_telegram(db_url, mode="webhook")
    yield telegram
    stop_telegram(telegram)


@pytest.fixture
def planned(tg: Telegram) -> Telegram:
    """Meeting 1 on Tuesday 15 December 2026 at 10:00 in Gryta (case deadline 1 December)."""
    tg.core(SECRETARY, "/mote bekreft 2026-12-15T10:00 Gryta")
    tg.app.sender.drain()  # the "new meeting" post
    return tg
