"""Requests to the bot's `/slack/events` signed exactly as Slack signs them: a slash command, or a click on
a command button (`block_actions`). The tests, the benchmarks and this command use them; by hand, with the
fake Slack API: `python -m fakes.slack_send --secret S --user U0KARI "/sak ny Tittel"` (`--click` to
press a button carrying the command instead, as the agenda's "Jeg kommer" carries `/oppmote ja #1`)."""

from __future__ import annotations

import argparse
import itertools
import json
import time
import urllib.request
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

FORM = "application/x-www-form-urlencoded"
CHANNEL = "C0COUNCIL"
NOWHERE = "http://127.0.0.1:9/none"  # a response_url nothing listens on
_SERIAL = itertools.count(1)  # trigger ids and click times unique in this process, however fast it sends


def typed(text: str) -> str:
    """What Slack sends for text a person typed: `&`, `<` and `>` escaped (mentions come as tokens)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def new_trigger() -> str:
    return f"{next(_SERIAL)}.{time.time_ns()}.trigger"


def command_form(
    user: str,
    text: str,
    channel: str = CHANNEL,
    *,
    escape: bool = True,
    trigger: str | None = None,
    response_url: str = NOWHERE,
    **extra: str,
) -> str:
    """The form body of the slash command `text` (`/sak ny Tittel`) typed by `user` in `channel`. `escape`:
    escape the text as Slack does (off for text given as Slack sends it, tokens and all)."""
    name, _, rest = text.partition(" ")
    return urlencode(
        {
            "command": name,
            "text": typed(rest) if escape else rest,
            "user_id": user,
            "channel_id": channel,
            "team_id": "T0FAKE",
            "trigger_id": trigger or new_trigger(),
            "response_url": response_url,
            **extra,
        }
    )


def action_form(
    user: str,
    value: str,
    channel: str = CHANNEL,
    *,
    action_id: str = "cmd_0",
    trigger: str | None = None,
    action_ts: str | None = None,
    response_url: str = NOWHERE,
    view: dict[str, Any] | None = None,
) -> str:
    """The form body of `user` clicking the button whose value is `value` (our buttons carry their command):
    under a message in `channel`, or in `view` (the Home tab, a modal), as Slack sends interactivity."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user},
        "team": {"id": "T0FAKE"},
        "trigger_id": trigger or new_trigger(),
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": action_id,
                "value": value,
                "action_ts": action_ts or f"{int(time.time())}.{next(_SERIAL):06d}",
            }
        ],
    }
    if view is None:
        payload["channel"] = {"id": channel}
        payload["container"] = {"type": "message", "channel_id": channel, "message_ts": "1.0"}
        payload["response_url"] = response_url
    else:
        payload["container"] = {"type": "view", "view_id": view.get("id", "V0")}
        payload["view"] = view
    return urlencode({"payload": json.dumps(payload)})


def signature(secret: str, timestamp: str, body: str) -> str:
    """`v0=` and the HMAC-SHA256 of `v0:timestamp:body` under the signing secret, as Slack signs."""
    signed = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    assert signed is not None  # None only without a timestamp
    return signed


def signed_headers(secret: str, body: str, *, timestamp: int | None = None, content_type: str = FORM) -> dict[str, str]:
    """The headers Slack sends with `body`: its content type, the time, and the HMAC signature of both."""
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature(secret, stamp, body),
    }


def signed_command(
    secret: str,
    user: str,
    text: str,
    channel: str = CHANNEL,
    *,
    escape: bool = True,
    trigger: str | None = None,
    response_url: str = NOWHERE,
) -> tuple[bytes, dict[str, str]]:
    """Body and headers of the slash command `text` from `user`, signed with `secret` (see `command_form`)."""
    body = command_form(user, text, channel, escape=escape, trigger=trigger, response_url=response_url)
    return body.encode(), signed_headers(secret, body)


def signed_action(
    secret: str,
    user: str,
    value: str,
    channel: str = CHANNEL,
    *,
    action_id: str = "cmd_0",
    action_ts: str | None = None,
    response_url: str = NOWHERE,
) -> tuple[bytes, dict[str, str]]:
    """Body and headers of a click on the button carrying `value`, signed with `secret` (see `action_form`)."""
    body = action_form(user, value, channel, action_id=action_id, action_ts=action_ts, response_url=response_url)
    return body.encode(), signed_headers(secret, body)


def main() -> None:
    parser = argparse.ArgumentParser(description="Send a signed Slack slash command (or button click) to the bot")
    parser.add_argument("text", help='the command as typed, for example "/sak ny Tittel"')
    parser.add_argument("--url", default="http://127.0.0.1:8080/slack/events")
    parser.add_argument("--secret", required=True, help="the same SLACK_SIGNING_SECRET the bot has")
    parser.add_argument("--user", default="U0DEMO", help="the Slack user id that types it")
    parser.add_argument("--channel", default="C0DEMO")
    parser.add_argument(
        "--click",
        action="store_true",
        help="click a button carrying the command instead (its answer goes to a response_url nobody reads)",
    )
    args = parser.parse_args()
    make = signed_action if args.click else signed_command
    body, headers = make(args.secret, args.user, args.text, args.channel)
    request = urllib.request.Request(args.url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = response.read().decode()
    print(json.loads(answer).get("text", answer) if answer.startswith("{") else answer or "(200, no answer)")


if __name__ == "__main__":
    main()
