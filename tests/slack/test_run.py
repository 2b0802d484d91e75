"""`brukerrad run` with Slack (HTTP mode) and Telegram (polling) in one process: one council, both places."""

from __future__ import annotations

import asyncio
import json
import socket
import urllib.request

from bot.app import build
from bot.cli import export_council
from bot.clock import MovableClock
from bot.config import parse
from fakes.slack_api import FakeSlackAPI
from fakes.slack_send import signed_command
from fakes.telegram_api import DEFAULT_TOKEN, FakeTelegramAPI
from storage.db import transaction
from storage.models import ChatIdentity, Member, Role
from tests.conftest import START
from tests.slack.conftest import SECRET, on, run_loop

GROUP = -1001234567890


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _post_command(url: str, user: str, text: str) -> dict[str, object]:
    body, headers = signed_command(SECRET, user, text)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        return dict(json.loads(response.read()))


def test_one_council_served_in_slack_and_telegram_at_once(db_url: str, monkeypatch: object) -> None:
    from bot.runner import serve

    env = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET, "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN}
    for key, value in env.items():
        monkeypatch.setenv(key, value)  # type: ignore[attr-defined]
    slack, telegram = FakeSlackAPI().start(), FakeTelegramAPI().start()
    port = _free_port()
    config = parse(
        {
            "database": {"url": db_url},
            "bot": {"platforms": ["slack", "telegram"], "http_port": port},
            "slack": {"mode": "http", "api_base_url": slack.base_url},
            "telegram": {"base_url": telegram.base_url},
            "councils": [
                {
                    "slug": "test",
                    "name": "Brukerrådet (test)",
                    "slack_channel": "C0COUNCIL",
                    "telegram_chat": str(GROUP),
                }
            ],
        },
        env,
    )
    seeded = build(config, MovableClock(START))
    with transaction(seeded.sessions) as session:
        kari = Member(council_id=seeded.council_ids["test"], name="Kari Dybdahl", role=Role.SECRETARY, created_at=START)
        session.add(kari)
        session.flush()
        session.add(ChatIdentity(member_id=kari.id, platform="slack", external_id="U0KARI"))
        session.add(ChatIdentity(member_id=kari.id, platform="telegram", external_id="7004", dm_channel="7004"))
    seeded.close()

    loop, thread = run_loop()
    stop = on(loop, _event())
    running = asyncio.run_coroutine_threadsafe(serve(config, MovableClock(START), stop), loop)
    try:
        base = f"http://127.0.0.1:{port}"
        telegram.wait_for(lambda: telegram.ok_calls("setMyCommands"))
        update = telegram.push_update(
            telegram.message_update(
                {"id": 7004, "is_bot": False, "first_name": "Kari"}, GROUP, "/sak ny Ventetid på avrusning"
            )
        )
        telegram.wait_confirmed(int(update["update_id"]))
        listing = _post_command(f"{base}/slack/events", "U0KARI", "/sak liste")
        assert "Ventetid på avrusning" in str(listing["text"])  # submitted in Telegram, seen in Slack
        answer = _post_command(f"{base}/slack/events", "U0KARI", "/sak ny Brukermedvirkning i planarbeid")
        assert "sak 2/2026" in str(answer["text"]) and answer["response_type"] == "in_channel"
        with urllib.request.urlopen(f"{base}/readyz") as response:
            assert response.status == 200
    finally:
        loop.call_soon_threadsafe(stop.set)
        running.result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        slack.stop()
        telegram.stop()
    after = build(config, MovableClock(START))
    titles = [case["title"] for case in export_council(after, after.council_ids["test"])["cases"]]
    assert titles == ["Ventetid på avrusning", "Brukermedvirkning i planarbeid"]
    after.close()


async def _event() -> asyncio.Event:
    return asyncio.Event()
