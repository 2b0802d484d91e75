"""Bad-input campaign over Telegram updates through the webhook: edited messages, channel posts, messages
without a sender, wrong types, unknown fields. Never a 500, nothing written; the count is printed and asserted."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.telegram.conftest import GROUP, Telegram

IDS = itertools.count(900_000)
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**40), max_value=2**40) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def update(draw: st.DrawFn) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": draw(st.integers(min_value=1, max_value=10**6)),
        "date": 1795000000,
        "chat": {
            "id": draw(st.sampled_from([GROUP, 7004, -100999])),
            "type": draw(st.sampled_from(["supergroup", "private", "channel"])),
        },
        "text": draw(st.sampled_from(["/sak ny Tittel", "/oppmote ja", "/mote neste", "hei", "/sak@annenbot ny X"])),
        "from": {"id": draw(st.sampled_from([7004, 1, 0])), "is_bot": draw(st.booleans()), "first_name": "X"},
    }
    for field in draw(st.lists(st.sampled_from(["from", "chat", "text", "date", "message_id"]), max_size=2)):
        if draw(st.booleans()):
            message.pop(field, None)
        else:
            message[field] = draw(JSONISH)
    kind = draw(st.sampled_from(["message", "edited_message", "channel_post", "edited_channel_post", "callback_query"]))
    if kind == "callback_query":
        return {
            "update_id": next(IDS),
            "callback_query": {"id": "q", "from": message.get("from"), "data": draw(JSONISH), "chat_instance": "c"},
        }
    return {"update_id": next(IDS), kind: message}


EXAMPLES = 120


def test_odd_updates_never_crash_the_webhook(tg_webhook: Telegram) -> None:
    tried = 0

    @settings(max_examples=EXAMPLES, deadline=None)
    @given(bad=update())
    def one(bad: dict[str, Any]) -> None:
        nonlocal tried
        tried += 1
        status = tg_webhook.post_webhook(bad)
        assert status in (200, 400), status

    one()
    print(f"\nbad-input campaign: {tried} Telegram updates tried")
    assert tried >= EXAMPLES
