"""The Slack delivery port under a misbehaving Web API: 429 storms, server errors and a hanging Slack delay
posts but never lose or double them. The port's waits are recorded (`slack.sleeps`), never slept; the
outbox's back-off is crossed by moving the clock."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.delivery import DeliveryError, OutMessage
from bot.slack.port import SlackPort
from fakes.slack_api import FakeSlackAPI
from storage.models import Notice, NoticeState
from tests.slack.conftest import CHANNEL, MEETING, SECRETARY, Slack

NEW_MEETING = "Nytt brukerrådsmøte"


def _unsent(slack: Slack) -> list[Notice]:
    with slack.app.sessions() as session:
        return list(
            session.scalars(select(Notice).where(Notice.kind == "message", Notice.state != NoticeState.SENT)).all()
        )


def _meeting_posts(slack: Slack) -> list[dict[str, object]]:
    return [p for p in slack.fake.ok_calls("chat.postMessage") if NEW_MEETING in str(p["text"])]


def test_rate_limit_storm_delays_posts_but_never_loses_them(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    slack.fake.fail("*", 429, retry_after=2, times=7)  # every Web API call refused for a while
    slack.drain()
    assert slack.sleeps and min(slack.sleeps) >= 2  # waited what Slack asked, in place
    assert _unsent(slack) and not _meeting_posts(slack)
    for _ in range(4):
        slack.clock.advance(timedelta(minutes=1))
        slack.drain()
    assert _unsent(slack) == []
    assert len(_meeting_posts(slack)) == 1  # delivered, once
    assert len(slack.fake.calls_of("chat.postMessage")) == 8  # 7 refused, then the one that went out


def test_long_retry_after_is_left_to_the_outbox(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    slack.fake.fail("chat.postMessage", 429, retry_after=120)
    slack.drain()
    assert slack.sleeps == []  # not waited out in the sender's thread
    (pending,) = _unsent(slack)
    assert pending.due_at >= slack.clock.now() + timedelta(seconds=120)
    slack.clock.advance(timedelta(seconds=60))
    slack.drain()
    assert not _meeting_posts(slack)  # Slack said two minutes
    slack.clock.advance(timedelta(seconds=61))
    slack.drain()
    assert len(_meeting_posts(slack)) == 1 and _unsent(slack) == []


def test_server_errors_are_retried_in_place(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    slack.fake.fail("chat.postMessage", 500)
    slack.drain()
    assert len(_meeting_posts(slack)) == 1 and _unsent(slack) == []
    assert len(slack.sleeps) == 1  # one back-off, recorded


def test_a_hanging_slack_delays_the_post_but_never_loses_it(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    slack.fake.fail("chat.postMessage", 500, hang=2.5)  # longer than the port's timeout (2 s)
    slack.drain()
    assert not _meeting_posts(slack) and _unsent(slack)
    slack.clock.advance(timedelta(minutes=1))
    slack.drain()
    assert len(_meeting_posts(slack)) == 1 and _unsent(slack) == []


def test_errors_retrying_cannot_mend_are_permanent() -> None:
    with FakeSlackAPI() as fake:
        port = SlackPort("not-a-bot-token", fake.base_url, sleep=lambda _s: None)
        try:
            port.post_to_channel(CHANNEL, OutMessage("Hei"), idempotency_key="k")
        except DeliveryError as error:
            assert error.permanent and error.retry_after is None
        else:
            raise AssertionError("a refused token must fail")


def test_a_vanished_poll_is_posted_anew() -> None:
    with FakeSlackAPI() as fake:
        port = SlackPort("xoxb-test", fake.base_url, sleep=lambda _s: None)
        first = port.post_to_channel(CHANNEL, OutMessage("Kommer (0)"), idempotency_key="k")
        assert (
            port.post_to_channel(CHANNEL, OutMessage("Kommer (1)"), idempotency_key="k", edit_message_id=first) == first
        )
        again = port.post_to_channel(CHANNEL, OutMessage("Kommer (2)"), idempotency_key="k", edit_message_id="")
        assert again and again != first
