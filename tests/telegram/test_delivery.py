"""The Telegram delivery port under a flaky Telegram: 429 storms, 5xx, vanished messages, group limits,
and a token that never reaches the logs."""

from __future__ import annotations

import logging
import secrets
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from telegram.ext import AIORateLimiter

from bot.delivery import DeliveryError, OutMessage
from fakes.telegram_api import DEFAULT_TOKEN
from storage.db import transaction
from storage.models import Notice, NoticeState, PostedMessage
from tests.telegram.conftest import GROUP, Telegram, start_telegram, stop_telegram


def _queue_posts(tg: Telegram, count: int) -> list[str]:
    """`count` messages for the council's channels in the outbox, due now."""
    texts = [f"Melding nummer {n} til rådet" for n in range(count)]
    with transaction(tg.app.sessions) as session:
        for text in texts:
            session.add(
                Notice(
                    key=f"test:{secrets.token_hex(6)}",
                    council_id=tg.council_id,
                    kind="message",
                    payload={"text": text, "buttons": [], "ref": None},
                    due_at=tg.clock.now(),
                    created_at=tg.clock.now(),
                )
            )
    return texts


def _drain_until_done(tg: Telegram, rounds: int = 6) -> None:
    """The scheduler's sweeps: drain, and move time on past any back-off, until nothing is pending."""
    for _ in range(rounds):
        tg.app.sender.drain()
        if tg.count(Notice, Notice.state == NoticeState.PENDING, Notice.kind == "message") == 0:
            return
        tg.clock.advance(timedelta(minutes=20))
    raise AssertionError("posts still pending")


def test_429_storm_delays_posts_but_never_loses_them(tg: Telegram) -> None:
    posts = _queue_posts(tg, 3)
    tg.fake.fail("sendMessage", status=429, retry_after=30, times=9)
    tg.app.sender.drain()
    assert tg.count(Notice, Notice.state == NoticeState.PENDING) >= 1  # held back, not dropped
    with tg.app.sessions() as session:
        pending = select(Notice).where(Notice.state == NoticeState.PENDING, Notice.kind == "message")
        notes = [n.note for n in session.scalars(pending)]
        assert all("vente" in note for note in notes)
    _drain_until_done(tg)
    sent = tg.texts(GROUP)
    assert sorted(t for t in sent if t in posts) == sorted(posts)  # each exactly once
    assert len([c for c in tg.fake.calls if c.status == 429]) == 9
    assert tg.count(Notice, Notice.state == NoticeState.FAILED) == 0


def test_server_errors_delay_posts_but_never_lose_them(tg: Telegram) -> None:
    posts = _queue_posts(tg, 2)
    tg.fake.fail("sendMessage", status=502, times=1)
    tg.fake.fail("sendMessage", status=500, times=1)
    _drain_until_done(tg)
    assert sorted(t for t in tg.texts(GROUP) if t in posts) == sorted(posts)


def test_reply_to_a_command_rides_out_429_and_network_errors(planned: Telegram) -> None:
    planned.fake.fail("sendMessage", status=429, retry_after=1, times=1, chat_id=GROUP)  # waited out: 1 s
    planned.fake.fail("sendMessage", status=502, times=2, chat_id=GROUP)
    said = planned.say("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    assert "registrert som sak 1/2026" in said.text


def test_unchanged_tally_edit_is_not_an_error(tg: Telegram) -> None:
    message = OutMessage("Oppmøte til møte 1\nKommer (0): –")
    first = tg.adapter.port.post_to_channel(str(GROUP), message, idempotency_key="a")
    again = tg.adapter.port.post_to_channel(str(GROUP), message, idempotency_key="b", edit_message_id=first)
    assert again == first  # Telegram said "message is not modified": the message already shows it


def test_vanished_tally_is_posted_anew_and_later_edits_follow_it(tg: Telegram) -> None:
    with transaction(tg.app.sessions) as session:
        session.add(PostedMessage(ref="poll:1", platform="telegram", channel_id=str(GROUP), message_id="999999"))
        session.add(
            Notice(
                key="test:tally",
                council_id=tg.council_id,
                kind="message",
                payload={"text": "Oppmøte til møte 1", "buttons": [], "ref": "poll:1"},
                due_at=tg.clock.now(),
                created_at=tg.clock.now(),
            )
        )
    tg.app.sender.drain()
    # The port only says which message now shows the tally; the sender records it for the next edit.
    posted = [m for m in tg.sent() if m["text"] == "Oppmøte til møte 1"]
    assert len(posted) == 1
    with tg.app.sessions() as session:
        assert session.scalars(select(PostedMessage.message_id)).one() == str(posted[0]["message_id"])


def test_port_never_blocks_the_event_loop(tg: Telegram) -> None:
    async def from_the_loop() -> None:
        tg.adapter.port.post_to_channel(str(GROUP), OutMessage("x"), idempotency_key="d")

    with pytest.raises(DeliveryError):
        tg.loop.run(from_the_loop())


def test_channel_that_is_not_a_chat_id_fails_for_good(tg: Telegram) -> None:
    with pytest.raises(DeliveryError) as raised:
        tg.adapter.port.post_to_channel("#brukerrad", OutMessage("x"), idempotency_key="e")
    assert raised.value.permanent


def test_group_posts_keep_to_the_group_limit(db_url: str) -> None:
    tight = AIORateLimiter(group_max_rate=3, group_time_period=0.6, max_retries=0)
    tg = start_telegram(db_url, rate_limiter=tight)
    try:
        for n in range(6):
            tg.adapter.port.post_to_channel(str(GROUP), OutMessage(f"Post {n}"), idempotency_key=str(n))
        times = [c.at for c in tg.fake.calls if c.method == "sendMessage"]
        assert times[-1] - times[0] >= 0.45  # three at once, then the bucket lets one through per 0.2 s
    finally:
        stop_telegram(tg)


def test_default_rate_limiter_keeps_telegrams_group_limit(db_url: str) -> None:
    tg = start_telegram(db_url, rate_limiter=None)
    try:
        limiter = tg.adapter.application.bot.rate_limiter
        assert isinstance(limiter, AIORateLimiter)
        assert (limiter._group_max_rate, limiter._group_time_period) == (20, 60)  # 20 messages a minute
        assert limiter._max_retries > 0  # and it waits out a 429 instead of failing at once
    finally:
        stop_telegram(tg)


def test_bot_token_never_reaches_the_logs(db_url: str, caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "telegram"):  # whatever logging setup an earlier test left behind
        caplog.set_level(logging.DEBUG, logger=name)
        logging.getLogger(name).disabled = False
    tg = start_telegram(db_url)
    try:
        tg.send("Kari Dybdahl", "/mote neste")
        tg.fake.fail("sendMessage", status=502, times=1)
        _queue_posts(tg, 1)
        tg.app.sender.drain()
    finally:
        stop_telegram(tg)
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "HTTP Request" in logged  # httpx did log its requests ...
    assert DEFAULT_TOKEN not in logged  # ... but not the token in their URLs
    assert DEFAULT_TOKEN.split(":", 1)[1] not in logged


def test_group_the_bot_was_removed_from_fails_for_good_with_a_clear_note(tg: Telegram) -> None:
    tg.fake.forbid(GROUP)  # Telegram: "bot was kicked from the supergroup chat"
    with pytest.raises(DeliveryError) as raised:
        tg.adapter.port.post_to_channel(str(GROUP), OutMessage("x"), idempotency_key="g")
    assert raised.value.permanent and "Legg boten til i gruppen" in str(raised.value)
    assert not [t for t in tg.texts(GROUP) if "trykk Start" in t]


def test_port_waits_for_the_post_to_be_done(tg: Telegram) -> None:
    started = time.monotonic()
    message_id = tg.adapter.port.post_to_channel(str(GROUP), OutMessage("Hei"), idempotency_key="f")
    assert time.monotonic() - started < 5
    assert tg.fake.results("sendMessage", chat_id=GROUP)[-1]["message_id"] == int(message_id)
