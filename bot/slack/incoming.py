"""Slack payloads → what the core reads (to_domain): the command as typed, who, where, and a delivery key.

Slack sends text escaped (`&amp;`, `&lt;`, `&gt;`) with mentions as `<@U123|kari>` tokens: a mention
becomes the bare user id (the core's `/brukerrad medlem koble` takes the platform's user id as its last
word), other tokens their readable label, and the escaping is undone, so what is stored is what the person
typed. Payloads are untrusted: `dig` and `text_of` read them without trusting their shape, and
`is_slack_shaped` refuses, before Bolt reads them, bodies whose fields are not the types Slack sends.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from typing import Any
from urllib.parse import parse_qsl

_LOGGER = logging.getLogger(__name__)

# `<@U123>`, `<@U123|kari>`, `<#C123|rådet>`, `<!here>`, `<!subteam^S1|@au>`, `<https://x|x>`
_TOKEN = re.compile(r"<([@#!]?)([^<>|]*)(?:\|([^<>]*))?>")
KEY_LIMIT = 200  # storage: the length of a delivery key


def _plain_token(match: re.Match[str]) -> str:
    sigil, target, label = match.group(1), match.group(2), match.group(3)
    if sigil == "@":
        return target  # the user id, for `koble`
    if sigil == "#":
        return f"#{label or target}"
    if sigil == "!":
        return label or f"@{target.split('^', 1)[0]}"
    return target  # a link: its address


def to_plain(text: str) -> str:
    """Slack's message text → what the person typed: `<@U123|kari>` → `U123`; `&lt;` → `<` (after)."""
    return _TOKEN.sub(_plain_token, text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def command_text(command: str, text: str) -> str:
    """`/sak` + `ny Tittel` → `/sak ny Tittel`, the whole command as the core reads it."""
    return f"{command} {to_plain(text)}".strip()


def delivery_key(kind: str, *parts: str) -> str | None:
    """What identifies one delivery (a slash command's trigger, a click), so a repeat changes nothing.
    None when Slack sent nothing to identify it by."""
    if not all(parts):
        return None
    key = f"slack:{kind}:" + ":".join(parts)
    if len(key) > KEY_LIMIT:
        key = f"slack:{kind}:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return key


def is_direct(channel_id: str) -> bool:
    """A direct-message conversation (`D…`), as opposed to a channel (`C…`, or `G…` for private ones and
    group DMs): there the sender's own council is meant, and nobody else reads the answer."""
    return channel_id.startswith("D")


def dig(value: Any, *keys: str) -> Any:
    """`value[k1][k2]...`, or None where a step is missing or not a mapping (payloads are untrusted)."""
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def text_of(value: Any) -> str:
    return value if isinstance(value, str) else ""


def parse_body(raw: str, content_type: str) -> Any:
    """The request body as Bolt will read it: a form, a form with a JSON `payload`, or JSON."""
    try:
        if content_type == "application/json":
            return json.loads(raw)
        form = dict(parse_qsl(raw, keep_blank_values=True))
        return json.loads(form["payload"]) if "payload" in form else form
    except ValueError:
        return None


def is_slack_shaped(body: Any) -> bool:
    """Whether the fields Bolt and we read have the types Slack sends (a wrong one crashes Bolt with 500)."""
    if not isinstance(body, dict):
        return False
    if any(
        key in body and not isinstance(body[key], dict)
        for key in ("user", "view", "channel", "container", "team", "event")
    ):
        return False
    if "type" in body and not isinstance(body["type"], str):
        return False
    actions = body.get("actions", [])
    if not (isinstance(actions, list) and all(isinstance(a, dict) for a in actions)):
        return False
    if body.get("type") == "block_actions":  # Bolt reads actions[0]["action_id"]
        return bool(actions) and all(isinstance(a.get("action_id"), str) for a in actions)
    if body.get("type") == "view_submission":  # Bolt reads view["callback_id"]
        return isinstance(dig(body, "view", "callback_id"), str)
    return True
