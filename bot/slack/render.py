"""The core's plain-text replies as Slack messages (to_platform).

Reply text is plain text holding what people typed, so it goes into Block Kit `plain_text` objects, which
Slack shows as written: mrkdwn has no way to escape its formatting characters, so in an `mrkdwn` section a
case titled `*Viktig*`, `_x_`, `~x~`, `` `kode` `` or a line starting with `>` would turn bold, italic,
struck through, code or a quote. `&`, `<` and `>` are still replaced by their entities (Slack's three
control characters in every text object), so a case titled `<!channel>`, holding `<@U123>` or `@here`
pings nobody. Buttons carry the command they stand for in their `value`.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.chat import split_lines
from handlers import texts
from handlers.replies import Button, Reply

_LOGGER = logging.getLogger(__name__)

SECTION_LIMIT = 3000  # characters in a section's text (Block Kit)
FALLBACK_LIMIT = 3000  # the notification text; the blocks carry the whole message
MESSAGE_BLOCKS = 50  # blocks in a message
VIEW_BLOCKS = 100  # blocks in a modal or the Home tab
BUTTONS_PER_BLOCK = 25
BUTTON_LABEL_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
VIEW_TITLE_LIMIT = 24


def escape(text: str) -> str:
    """Slack's three control characters in text objects: `&`, `<`, `>` (and nothing else)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _chunks(text: str) -> list[str]:
    """Escaped pieces of `text` of at most SECTION_LIMIT characters, cut between lines where possible and
    never inside an entity (the raw text is cut, then escaped)."""
    pieces = [escape(piece) for piece in split_lines(text, SECTION_LIMIT, lambda raw: len(escape(raw)))]
    return [piece if piece.strip() else " " for piece in pieces]


def plain(text: str) -> dict[str, Any]:
    """A `plain_text` object: shown as written, no bold, italics, code, quotes, links or mentions."""
    return {"type": "plain_text", "text": text}


def sections(text: str) -> list[dict[str, Any]]:
    return [{"type": "section", "text": plain(piece)} for piece in _chunks(text)]


def actions(buttons: tuple[Button, ...], block_prefix: str = "cmd") -> list[dict[str, Any]]:
    """Buttons in rows of at most 25; each button's `value` is its command, its action id `cmd_<n>`."""
    elements: list[dict[str, Any]] = []
    for button in buttons:
        if len(button.command) > BUTTON_VALUE_LIMIT:  # cannot be carried: leave it out rather than cut it
            _LOGGER.warning("Slack: a button's command is too long for a button (%d chars)", len(button.command))
            continue
        element: dict[str, Any] = {
            "type": "button",
            "action_id": f"cmd_{len(elements)}",
            "text": {"type": "plain_text", "text": _label(button.label)},
            "value": button.command,
        }
        if button.style in ("primary", "danger"):
            element["style"] = button.style
        elements.append(element)
    return [
        {"type": "actions", "block_id": f"{block_prefix}_{n}", "elements": elements[start : start + BUTTONS_PER_BLOCK]}
        for n, start in enumerate(range(0, len(elements), BUTTONS_PER_BLOCK))
    ]


def _label(label: str) -> str:
    return label if len(label) <= BUTTON_LABEL_LIMIT else label[: BUTTON_LABEL_LIMIT - 1] + "…"


def blocks(text: str, buttons: tuple[Button, ...] = (), limit: int = MESSAGE_BLOCKS) -> list[dict[str, Any]]:
    out = sections(text)
    buttons_blocks = actions(buttons)
    room = limit - len(buttons_blocks)
    if len(out) > room:  # a very long reply: keep its beginning and the buttons
        _LOGGER.warning("Slack: a reply of %d sections was cut to %d", len(out), room)
        out = out[: room - 1] + sections(texts.SLACK_CUT_SHORT)
    return out + buttons_blocks


def fallback(text: str) -> str:
    """The message's `text`: what notifications and screen readers show (escaped, and cut if very long)."""
    if len(text) > FALLBACK_LIMIT:
        text = text[: FALLBACK_LIMIT - 1] + "…"
    return escape(text)


def message(text: str, buttons: tuple[Button, ...] = ()) -> dict[str, Any]:
    """Arguments for chat.postMessage, chat.update, chat.postEphemeral and response_url posts."""
    return {"text": fallback(text), "blocks": blocks(text, buttons)}


def response(reply: Reply, *, force_private: bool = False) -> dict[str, Any]:
    """A reply to the person who typed or clicked: ephemeral unless the core says everyone should see it."""
    private = reply.private or reply.error or force_private
    return {"response_type": "ephemeral" if private else "in_channel", **message(reply.text, reply.buttons)}


def reply_view(reply: Reply, title: str = "") -> dict[str, Any]:
    """A reply shown in a modal: for clicks on the Home tab or in a modal, where there is no message to
    answer below."""
    return {
        "type": "modal",
        "callback_id": "brukerrad_svar",
        "title": {"type": "plain_text", "text": (title or texts.SLACK_HOME_HEADER)[:VIEW_TITLE_LIMIT]},
        "close": {"type": "plain_text", "text": texts.SLACK_CLOSE},
        "blocks": blocks(reply.text, reply.buttons, VIEW_BLOCKS),
    }
