"""A council in Slack over HTTP: the real slack-bolt app on a real aiohttp server on loopback, requests
signed exactly as Slack signs them, and a fake Slack Web API recording what the bot sends.

The adapter runs on an event loop in its own thread, as in production; the test thread plays Slack (it
sends signed requests) and the scheduler's worker (`slack.drain()` pushes the outbox through the port).
Nothing sleeps: tests wait for what the fake received, and the port's retry waits are recorded, not slept.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlencode

import pytest
from aiohttp import web

from bot.app import App, build
from bot.clock import MovableClock
from bot.config import parse
from bot.slack import SlackAdapter
from bot.slack.platform import SlackConfig
from bot.slack.port import SlackPort
from bot.web import make_web_app
from fakes.slack_api import FakeSlackAPI
from fakes.slack_send import FORM, action_form, command_form, signature
from fakes.slack_send import typed as typed  # what Slack sends for typed text; the tests use it
from tests.conftest import START, seed_secretary

T = TypeVar("T")
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
ENV = {"SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_SIGNING_SECRET": SECRET}
CHANNEL = "C0COUNCIL"
SECRETARY = "Siri Holm"
ROSTER = (
    ("Liv Aasen", "leder", "Mental Helse Trøndelag"),
    ("Kari Dybdahl", "representant", "A-Larm"),
    ("Per Eggen", "stedfortreder", "A-Larm"),
    ("Tor Grande", "observatør", "Vårres regionalt brukerstyrt senter"),
)
USERS = {
    SECRETARY: "U0SIRI",
    "Liv Aasen": "U0LIV",
    "Kari Dybdahl": "U0KARI",
    "Per Eggen": "U0PER",
    "Tor Grande": "U0TOR",
}
MEETING = "/mote bekreft 2026-12-15T10:00 Gryta"


def sign(body: str, timestamp: str) -> str:
    return signature(SECRET, timestamp, body)


@dataclass
class Slack:
    app: App
    clock: MovableClock
    fake: FakeSlackAPI
    adapter: SlackAdapter
    url: str
    council_id: int
    sleeps: list[float] = field(default_factory=list)  # what the port's retry handlers waited
    _trigger: int = 0

    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        stamp = str(timestamp if timestamp is not None else int(time.time()))
        request = urllib.request.Request(self.url, data=body, method="POST")
        request.add_header("Content-Type", content_type)
        request.add_header("X-Slack-Request-Timestamp", stamp)
        request.add_header("X-Slack-Signature", signature or sign(body.decode(), stamp))
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def next_trigger(self) -> str:
        self._trigger += 1
        return f"{self._trigger}.{self._trigger}.trigger"

    def command(
        self, who: str, text: str, *, channel: str = CHANNEL, trigger: str | None = None, **kw: Any
    ) -> tuple[int, dict[str, Any]]:
        """A slash command, `text` as Slack sends it (use `typed` for text with `&`, `<`, `>`)."""
        trigger = trigger or self.next_trigger()
        body = command_form(
            USERS.get(who, who),
            text,
            channel,
            escape=False,
            trigger=trigger,
            response_url=f"http://127.0.0.1:{self.fake.port}/respond/c{trigger}",
            token="x",
            user_name=who,
        )
        status, answer = self.post(body.encode(), FORM, **kw)
        return status, (json.loads(answer) if answer.startswith("{") else {"text": answer})

    def click(
        self,
        who: str,
        value: str,
        *,
        action_ts: str | None = None,
        channel: str = CHANNEL,
        view: dict[str, Any] | None = None,
    ) -> tuple[int, str]:
        """A button click; on a message (with a response_url), or in a view (the Home tab, a modal)."""
        trigger = self.next_trigger()
        body = action_form(
            USERS.get(who, who),
            value,
            channel,
            trigger=trigger,
            action_ts=action_ts or f"{self._trigger}.5",
            response_url=f"http://127.0.0.1:{self.fake.port}/respond/a{trigger}",
            view=view,
        )
        return self.post(body.encode(), FORM)

    def submit_case(
        self,
        who: str,
        title: str,
        description: str = "",
        *,
        ticked: bool = True,
        view_id: str = "V0FORM",
        channel: str = CHANNEL,
    ) -> tuple[int, dict[str, Any]]:
        """The `/sak ny` modal submitted (input values arrive as typed, not escaped)."""
        state = {
            "title": {"value": {"type": "plain_text_input", "value": title}},
            "description": {"value": {"type": "plain_text_input", "value": description}},
            "system_level": {"value": {"type": "checkboxes", "selected_options": [{"value": "yes"}] if ticked else []}},
        }
        payload = {
            "type": "view_submission",
            "user": {"id": USERS.get(who, who)},
            "team": {"id": "T0FAKE"},
            "trigger_id": self.next_trigger(),
            "view": {
                "id": view_id,
                "type": "modal",
                "callback_id": "sak_ny",
                "private_metadata": channel,  # where the form was opened ("" from the Home tab)
                "state": {"values": state},
            },
        }
        status, answer = self.post(
            urlencode({"payload": json.dumps(payload)}).encode(), "application/x-www-form-urlencoded"
        )
        return status, (json.loads(answer) if answer.startswith("{") else {})

    def event(self, event: dict[str, Any], event_id: str, retry: int | None = None) -> tuple[int, str]:
        body = json.dumps(
            {"type": "event_callback", "team_id": "T0FAKE", "event_id": event_id, "event": event}
        ).encode()
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return self.post(body, "application/json", headers=headers)

    def drain(self) -> int:
        """The scheduler's work: push what is due in the outbox through the Slack port."""
        return self.app.sender.drain()


def run_loop() -> tuple[asyncio.AbstractEventLoop, threading.Thread]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True, name="slack-test-loop")
    thread.start()
    return loop, thread


def on(loop: asyncio.AbstractEventLoop, coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run_coroutine_threadsafe(coroutine, loop).result(30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def council_app(db_url: str) -> tuple[App, MovableClock]:
    config = parse(
        {
            "database": {"url": db_url},
            "councils": [{"slug": "test", "name": "Brukerrådet (test)", "slack_channel": CHANNEL}],
        },
        {},
    )
    clock = MovableClock(START)
    app = build(config, clock)
    seed_secretary(app, app.council_ids["test"], SECRETARY, "slack", USERS[SECRETARY])
    return app, clock


@pytest.fixture
def slack(db_url: str) -> Iterator[Slack]:
    fake = FakeSlackAPI().start()
    app, clock = council_app(db_url)
    sleeps: list[float] = []
    port = SlackPort(ENV["SLACK_BOT_TOKEN"], fake.base_url, timeout=2, sleep=sleeps.append)
    adapter = SlackAdapter(app, SlackConfig(mode="http", api_base_url=fake.base_url), ENV, port=port)
    loop, thread = run_loop()
    http_port = free_port()
    web_app = make_web_app(app)
    adapter.routes(web_app)
    runner = web.AppRunner(web_app, access_log=None)
    on(loop, runner.setup())
    on(loop, web.TCPSite(runner, "127.0.0.1", http_port).start())
    on(loop, adapter.start())
    app.ready = True
    s = Slack(app, clock, fake, adapter, f"http://127.0.0.1:{http_port}/slack/events", app.council_ids["test"], sleeps)
    for name, role, organisation in ROSTER:
        status, answer = s.command(SECRETARY, f'/brukerrad medlem ny {name} rolle={role} org="{organisation}"')
        assert status == 200, answer
        # With `should_escape` on, Slack sends `@kari` as a mention token: the core gets the bare user id.
        status, answer = s.command(
            SECRETARY, f'/brukerrad medlem koble "{name}" <@{USERS[name]}|{name.split()[0].lower()}>'
        )
        assert status == 200 and "koblet" in answer["text"].lower(), answer
    yield s
    on(loop, adapter.stop())
    on(loop, runner.cleanup())
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    app.close()
    fake.stop()
