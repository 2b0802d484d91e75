"""Socket Mode (the default: no public URL): the app dials out to the fake's WebSocket, receives envelopes,
and acknowledges each with the answer in it; the same listeners as over HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.config import ConfigError
from bot.slack import SlackAdapter
from bot.slack.platform import SlackConfig
from fakes.slack_api import FakeSlackAPI
from storage.models import Case
from tests.slack.conftest import CHANNEL, MEETING, SECRETARY, USERS, council_app, free_port, on, run_loop

SOCKET_ENV = {"SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_APP_TOKEN": "xapp-1-test-token"}


@pytest.fixture
def socket_slack(db_url: str) -> Iterator[tuple[FakeSlackAPI, SlackAdapter]]:
    fake = FakeSlackAPI().start()
    app, _clock = council_app(db_url)
    adapter = SlackAdapter(app, SlackConfig(mode="socket", api_base_url=fake.base_url), SOCKET_ENV)
    loop, thread = run_loop()
    on(loop, adapter.start())
    yield fake, adapter
    on(loop, adapter.stop())
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    app.close()
    fake.stop()


def _slash(user: str, text: str, trigger: str) -> dict[str, str]:
    name, _, rest = text.partition(" ")
    return {
        "command": name,
        "text": rest,
        "user_id": user,
        "channel_id": CHANNEL,
        "team_id": "T0FAKE",
        "trigger_id": trigger,
        "response_url": "http://127.0.0.1:9/none",
    }


def test_socket_mode_connects_with_the_app_token_and_answers_in_the_ack(
    socket_slack: tuple[FakeSlackAPI, SlackAdapter],
) -> None:
    fake, _adapter = socket_slack
    assert fake.ok_calls("apps.connections.open")  # with the xapp- token: the fake refuses any other
    ack = fake.ack_of(fake.push("slash_commands", _slash(USERS[SECRETARY], MEETING, "s.1")))
    assert "Møtet er planlagt" in ack["payload"]["text"]
    ack = fake.ack_of(fake.push("slash_commands", _slash(USERS[SECRETARY], "/sak ny Ventetid på avrusning", "s.2")))
    assert "sak 1/2026" in ack["payload"]["text"] and ack["payload"]["response_type"] == "in_channel"


def test_socket_mode_button_click_counts_once(socket_slack: tuple[FakeSlackAPI, SlackAdapter]) -> None:
    fake, adapter = socket_slack
    fake.ack_of(fake.push("slash_commands", _slash(USERS[SECRETARY], MEETING, "s.3")))
    click = {
        "type": "block_actions",
        "user": {"id": USERS[SECRETARY]},
        "team": {"id": "T0FAKE"},
        "channel": {"id": CHANNEL},
        "container": {"type": "message", "channel_id": CHANNEL},
        "trigger_id": "s.4",
        "actions": [{"type": "button", "action_id": "cmd_0", "value": "/sak ny Dobbelklikk", "action_ts": "9.9"}],
    }
    fake.ack_of(fake.push("interactive", click))
    fake.ack_of(fake.push("interactive", click))  # Slack delivered it twice
    with adapter.app.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 1


def test_missing_tokens_are_refused_with_a_clear_message(db_url: str) -> None:
    app, _clock = council_app(db_url)
    try:
        with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
            SlackAdapter(app, SlackConfig(mode="socket"), {"SLACK_APP_TOKEN": "xapp-1"})
        with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
            SlackAdapter(app, SlackConfig(mode="socket"), {"SLACK_BOT_TOKEN": "xoxb-1"})
        with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
            SlackAdapter(app, SlackConfig(mode="http"), {"SLACK_BOT_TOKEN": "xoxb-1"})
    finally:
        app.close()


def test_an_app_token_slack_refuses_stops_the_start_with_a_clear_message(db_url: str) -> None:
    """slack_sdk retries a refused token every ten seconds, with a traceback each time: we ask once."""
    fake = FakeSlackAPI().start()
    app, _clock = council_app(db_url)
    loop, thread = run_loop()
    try:
        for code in ("invalid_auth", "not_allowed_token_type", "token_revoked"):
            fake.fail("apps.connections.open", 200, error=code, times=100)
            adapter = SlackAdapter(app, SlackConfig(mode="socket", api_base_url=fake.base_url), SOCKET_ENV)
            with pytest.raises(ConfigError) as refused:
                on(loop, adapter.start())
            message = str(refused.value)
            assert "SLACK_APP_TOKEN" in message and code in message and SOCKET_ENV["SLACK_APP_TOKEN"] not in message
            on(loop, adapter.stop())
            fake._failures.clear()
        asked = len(fake.calls_of("apps.connections.open"))
        print(f"refused app tokens: 3 answers, {asked} calls of apps.connections.open")
        assert asked == 3  # once each, no retry
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        app.close()
        fake.stop()


def test_a_passing_failure_of_the_first_connection_is_still_retried(db_url: str) -> None:
    fake = FakeSlackAPI().start()
    app, _clock = council_app(db_url)
    loop, thread = run_loop()
    adapter = SlackAdapter(app, SlackConfig(mode="socket", api_base_url=fake.base_url), SOCKET_ENV)
    try:
        fake.fail("apps.connections.open", 500)
        on(loop, adapter.start())
        assert len(fake.calls_of("apps.connections.open")) == 2 and fake.ok_calls("apps.connections.open")
    finally:
        on(loop, adapter.stop())
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        app.close()
        fake.stop()


def test_run_with_a_refused_app_token_stops_with_a_message_naming_it(tmp_path: Path) -> None:
    """`brukerrad run` itself, as a process: it ends (exit 2) with one Norwegian sentence, no traceback."""
    root = Path(__file__).resolve().parents[2]
    with FakeSlackAPI() as fake:
        fake.fail("apps.connections.open", 200, error="invalid_auth", times=100)
        config = tmp_path / "config.toml"
        config.write_text(
            f'[database]\nurl = "sqlite:///{tmp_path}/b.db"\n[bot]\nplatforms = ["slack"]\nhttp_port = {free_port()}\n'
            f'[slack]\nmode = "socket"\napi_base_url = "{fake.base_url}"\n',
            "utf-8",
        )
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TELEGRAM_", "DATABASE_URL"))}
        env = {**keep, **SOCKET_ENV, "PYTHONPATH": str(root)}
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "--config", str(config), "run"],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=60,
        )
    assert done.returncode == 2, done.stderr
    assert "SLACK_APP_TOKEN" in done.stderr and "invalid_auth" in done.stderr
    assert "Traceback" not in done.stderr and SOCKET_ENV["SLACK_APP_TOKEN"] not in done.stderr
