"""The core's plain-text replies as Slack messages: every character of text escaped for mrkdwn, so a case
titled `<!channel>` or holding `<@U123>` pings nobody; buttons carry the command they stand for."""

from __future__ import annotations

import logging
import re
from typing import Any

from handlers import texts
from handlers.replies import Button

_LOGGER = logging.getLogger(__name__)

SECTION_LIMIT = 2900  # Slack allows 3000 characters in a section's text
_MENTION = re.compile(r"<[@#!]([A-Z0-9]+)(?:\|[^>]*)?>")


def escape(text: str) -> str:
    """Slack's three control characters in mrkdwn: `&`, `<`, `>` (and nothing else)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unmention(text: str) -> str:
    """`<@U0123|kari>` in a typed command → `U0123`: the core's `koble` takes the platform's user id."""
    return _MENTION.sub(lambda m: m.group(1), text)


def blocks(text: str, buttons: tuple[Button, ...] = ()) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    escaped = escape(text)
    for start in range(0, max(len(escaped), 1), SECTION_LIMIT):
        out.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": escaped[start : start + SECTION_LIMIT] or " "}}
        )
    if buttons:
        elements = []
        for index, button in enumerate(buttons[:25]):
            element: dict[str, Any] = {
                "type": "button",
                "action_id": f"cmd_{index}",
                "text": {"type": "plain_text", "text": button.label[:75]},
                "value": button.command[:2000],
            }
            if button.style in ("primary", "danger"):
                element["style"] = button.style
            elements.append(element)
        out.append({"type": "actions", "elements": elements})
    return out


def case_modal(channel_id: str) -> dict[str, Any]:
    """`/sak ny` without text: title, description, and the required system-level tick."""
    return {
        "type": "modal",
        "callback_id": "sak_ny",
        "private_metadata": channel_id,
        "title": {"type": "plain_text", "text": texts.SLACK_MODAL_TITLE},
        "submit": {"type": "plain_text", "text": texts.SLACK_MODAL_SUBMIT},
        "close": {"type": "plain_text", "text": texts.BUTTON_CANCEL},
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": escape(texts.SLACK_MODAL_INTRO)}},
            {
                "type": "input",
                "block_id": "title",
                "label": {"type": "plain_text", "text": texts.SLACK_MODAL_TITLE_LABEL},
                "element": {"type": "plain_text_input", "action_id": "value", "max_length": 200},
            },
            {
                "type": "input",
                "block_id": "description",
                "optional": True,
                "label": {"type": "plain_text", "text": texts.SLACK_MODAL_DESCRIPTION_LABEL},
                "element": {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": 4000},
            },
            {
                "type": "input",
                "block_id": "system_level",
                "label": {"type": "plain_text", "text": texts.SLACK_MODAL_CONFIRM_LABEL},
                "element": {
                    "type": "checkboxes",
                    "action_id": "value",
                    "options": [{"text": {"type": "plain_text", "text": texts.SLACK_MODAL_CONFIRM}, "value": "yes"}],
                },
            },
        ],
    }


def home_view(sections: list[str], buttons: tuple[Button, ...]) -> dict[str, Any]:
    view_blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": texts.SLACK_HOME_HEADER}}
    ]
    for section in sections:
        view_blocks += blocks(section)
        view_blocks.append({"type": "divider"})
    if buttons:
        view_blocks += blocks(texts.SLACK_HOME_ACTIONS, buttons)
    return {"type": "home", "blocks": view_blocks}
