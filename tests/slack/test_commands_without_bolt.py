"""Slash commands over HTTP skip Bolt's dispatch once Bolt has let one through (bot/slack/adapter.py,
`_by_ourselves`): the answer is the one Bolt gave, and a token Bolt's authorization refuses never opens it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy import func, select

from bot.slack import SlackAdapter
from bot.slack.platform import SlackConfig
from bot.slack.port import SlackPort
from bot.web import make_web_app
from fakes.slack_api import FakeSlackAPI
from storage.models import Case
from tests.slack.conftest import ENV, MEETING, SECRETARY, Slack, council_app, free_port, on, run_loop


def _dispatches(slack: Slack, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The requests Bolt dispatched from here on."""
    seen: list[Any] = []
    real = slack.adapter.bolt.async_dispatch

    async def counted(request: Any) -> Any:
        seen.append(request)
        return await real(request)

    monkeypatch.setattr(slack.adapter.bolt, "async_dispatch", counted)
    return seen


def _cases(slack: Slack) -> int:
    with slack.app.sessions() as session:
        return int(session.scalar(select(func.count(Case.id))) or 0)


def test_a_command_after_the_first_skips_bolt_and_answers_as_bolt_did(
    slack: Slack, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert slack.command(SECRETARY, MEETING)[0] == 200
    fresh = SlackAdapter(slack.app, slack.adapter.config, ENV, port=slack.adapter.port)
    slack.adapter, first_adapter = fresh, slack.adapter
    # A new adapter: its first command goes through Bolt, the next ones do not.
    web_app = web.Application()
    fresh.routes(web_app)
    loop, thread = run_loop()
    runner = web.AppRunner(web_app, access_log=None)
    on(loop, runner.setup())
    port = free_port()
    on(loop, web.TCPSite(runner, "127.0.0.1", port).start())
    slack.url = f"http://127.0.0.1:{port}/slack/events"
    try:
        seen = _dispatches(slack, monkeypatch)
        by_bolt = slack.command(SECRETARY, "/sak ny Ventetid på avrusning")
        assert len(seen) == 1
        ours = slack.command(SECRETARY, "/sak ny Ventetid på avrusning")
        assert len(seen) == 1  # not dispatched by Bolt
        assert by_bolt[0] == ours[0] == 200
        assert set(by_bolt[1]) == set(ours[1]) and by_bolt[1]["response_type"] == ours[1]["response_type"]
        assert "sak 1/" in by_bolt[1]["text"] and "sak 2/" in ours[1]["text"]
        # The same delivery again (Slack retries with the same trigger): answered, nothing stored twice.
        again = slack.command(SECRETARY, "/sak ny Ventetid på avrusning", trigger="retried.1")
        repeated = slack.command(SECRETARY, "/sak ny Ventetid på avrusning", trigger="retried.1")
        assert again[0] == repeated[0] == 200 and _cases(slack) == 3
        # A form with a field twice is not one Slack sends: Bolt reads it as it reads everything else.
        body = b"command=%2Fsak&command=%2Fsak&text=liste&user_id=U0SIRI&channel_id=C0COUNCIL&trigger_id=t.2"
        slack.post(body, "application/x-www-form-urlencoded")
        assert len(seen) == 2
    finally:
        on(loop, runner.cleanup())
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        slack.adapter = first_adapter


@pytest.fixture
def refused(db_url: str) -> Iterator[Slack]:
    """An adapter whose token Slack's `auth.test` refuses, before any command came in."""
    fake = FakeSlackAPI().start()
    fake.fail("auth.test", 200, error="invalid_auth", times=100)
    app, clock = council_app(db_url)
    port = SlackPort(ENV["SLACK_BOT_TOKEN"], fake.base_url, timeout=2, sleep=lambda _s: None)
    adapter = SlackAdapter(app, SlackConfig(mode="http", api_base_url=fake.base_url), ENV, port=port)
    loop, thread = run_loop()
    http_port = free_port()
    web_app = make_web_app(app)
    adapter.routes(web_app)
    runner = web.AppRunner(web_app, access_log=None)
    on(loop, runner.setup())
    on(loop, web.TCPSite(runner, "127.0.0.1", http_port).start())
    yield Slack(app, clock, fake, adapter, f"http://127.0.0.1:{http_port}/slack/events", app.council_ids["test"])
    on(loop, runner.cleanup())
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    app.close()
    fake.stop()


def test_a_token_bolt_refuses_never_lets_a_command_through(refused: Slack) -> None:
    for _ in range(3):
        refused.command(SECRETARY, MEETING)
        refused.command(SECRETARY, "/sak ny Ventetid på avrusning")
    assert _cases(refused) == 0
    assert not refused.adapter._bolt_checked
