"""Who is who on Telegram: invite links, and the note in the group for a member the bot cannot write to
privately.

A bot may write to a person only after that person opened a private chat with it and pressed Start. Every
message in a private chat says so to the core (`Event.private_chat_id`), which records the chat on the
member's account in the command's own transaction (`handlers/accounts.py`). When a personal message is
refused, the core forgets the chat, and the member is asked in the council's group, by first name and
without any detail of the message, to open the chat and press Start (at most once a day per member).
`start_reminders` runs off the event loop (the core's transaction); `with_invite_link` is pure.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from datetime import datetime, timedelta

from bot.app import App
from handlers import texts
from handlers.replies import Reply

_LOGGER = logging.getLogger(__name__)

PLATFORM = "telegram"
REMIND_EVERY = timedelta(days=1)


class Identity:
    def __init__(self, app: App) -> None:
        self._app = app
        self._lock = threading.Lock()
        self._reminded: dict[int, datetime] = {}

    def start_reminders(self, user_id: str, bot_username: str) -> list[tuple[int, str]]:
        """The bot cannot write to `user_id`: forget their private chat, and return the notes (group chat
        id, text) to post asking them to press Start, unless they were asked less than a day ago."""
        now = self._app.clock.now()
        link = f"https://t.me/{bot_username}" if bot_username else "boten"
        notes: list[tuple[int, str]] = []
        for person in self._app.dispatcher.private_chat_closed(PLATFORM, user_id):
            with self._lock:
                last = self._reminded.get(person.member_id)
                if last is not None and now - last < REMIND_EVERY:
                    continue
                self._reminded[person.member_id] = now
            text = texts.TG_PRESS_START.format(name=person.first_name, link=link)
            notes += [(int(group), text) for group in person.channels]
        return notes


def invite_link(reply: Reply, bot_username: str) -> str | None:
    """The deep link that registers the invitee with one tap: opening it makes their Telegram app send
    `/start KODE` in the private chat with the bot."""
    if reply.invite_code is None or not bot_username:
        return None
    return f"https://t.me/{bot_username}?start={reply.invite_code}"


def with_invite_link(reply: Reply, bot_username: str) -> Reply:
    """`reply`, with the invite's deep link on a line of its own when it made one."""
    link = invite_link(reply, bot_username)
    if link is None:
        return reply
    return replace(reply, text=f"{reply.text}\n{texts.TG_INVITE_LINK.format(link=link)}")
