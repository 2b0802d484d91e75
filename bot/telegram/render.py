"""Core text → Telegram message text: escaped for HTML parse mode, mentions defused, split to fit.

The core's text is plain and may hold anything a member typed (a case title such as `<b>@all</b>`).
Everything is escaped for HTML, and `@name` gets an invisible word joiner after the `@` so that Telegram
never turns user text into a mention that pings someone. Pure functions: tested without a server.
"""

from __future__ import annotations

import html
import logging
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.chat import split_lines
from bot.telegram.callbacks import CallbackCodec
from handlers.replies import Button

_LOGGER = logging.getLogger(__name__)

PARSE_MODE = "HTML"
# Telegram counts the limit after entities are parsed; leave room for the word joiners added below.
MESSAGE_LIMIT = 4096
WORD_JOINER = "\u2060"
BUTTONS_PER_ROW = 2
_MENTION = re.compile(r"@(?=[A-Za-z0-9_])")


def defuse_mentions(text: str) -> str:
    """`@kari` → `@\u2060kari`: reads the same, but Telegram sees no username and pings nobody."""
    return _MENTION.sub("@" + WORD_JOINER, text)


def to_html(text: str) -> str:
    """One chunk of plain text, safe to send with `parse_mode=HTML`."""
    return html.escape(defuse_mentions(text), quote=False)


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Plain text in pieces of at most `limit` characters once defused, cut at line ends where possible."""
    text = defuse_mentions(text)
    if not text.strip():
        return ["–"]
    pieces = split_lines(text, limit)
    if not pieces[-1].strip():
        pieces.pop()
    return pieces or ["–"]


def html_chunks(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """The messages `text` needs, each escaped for HTML (split first, so no entity is cut in two)."""
    return [html.escape(piece, quote=False) for piece in split_text(text, limit)]


def keyboard(buttons: tuple[Button, ...], codec: CallbackCodec) -> InlineKeyboardMarkup | None:
    """An inline keyboard, two buttons to a row; each button's callback data stands for its command."""
    if not buttons:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    for index, button in enumerate(buttons):
        if index % BUTTONS_PER_ROW == 0:
            rows.append([])
        rows[-1].append(InlineKeyboardButton(button.label, callback_data=codec.encode(button.command)))
    return InlineKeyboardMarkup(rows)
