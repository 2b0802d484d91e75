"""Who is who on Telegram: the council a group belongs to, members' private chats, invite links, and the
note in the group for a member the bot cannot write to privately.

A bot may write to a person only after that person opened a private chat with it and pressed Start. The
bot records that (`ChatIdentity.dm_channel`) when a linked member writes to it privately; when a personal
message is refused, the sender forgets that chat and asks the member in the council's group, by first name
and without any detail of the message, to open the chat and press Start: an outbox row keyed by the member
and the day, so at most once a day however many processes run (`bot.delivery.Sender`). All methods here
touch the database and run off the event loop.
"""

from __future__ import annotations

import logging
import re
import threading

from sqlalchemy import select

from bot.app import App
from handlers.roster import INVITE_ALPHABET, INVITE_LENGTH
from handlers.words import fold
from storage.db import transaction
from storage.models import ChannelBinding, ChatIdentity, Invite

_LOGGER = logging.getLogger(__name__)

PLATFORM = "telegram"
_CODE = re.compile(rf"\b[{INVITE_ALPHABET}]{{{INVITE_LENGTH}}}\b")


class Identity:
    def __init__(self, app: App) -> None:
        self._app = app
        self._lock = threading.Lock()
        self._groups: dict[int, int | None] = {}
        self._private_known: set[str] = set()

    def group_council(self, chat_id: int) -> int | None:
        """The council bound to a group, or None. A private chat belongs to the sender's own council,
        which the dispatcher finds in the command's own transaction (`Incoming.council_id` None)."""
        with self._lock:
            if chat_id in self._groups:
                return self._groups[chat_id]
        with self._app.sessions() as session:
            council = session.scalar(
                select(ChannelBinding.council_id).where(
                    ChannelBinding.platform == PLATFORM, ChannelBinding.channel_id == str(chat_id)
                )
            )
        with self._lock:
            self._groups[chat_id] = council
        return council

    def mark_private_chat(self, user_id: str, chat_id: int) -> None:
        """The member wrote to the bot privately, so the bot may write back: remember the chat."""
        if user_id in self._private_known:
            return
        wanted = str(chat_id)
        where = (ChatIdentity.platform == PLATFORM, ChatIdentity.external_id == user_id)
        with self._app.sessions() as session:  # a read first: a stranger's messages write nothing
            current = session.scalars(select(ChatIdentity.dm_channel).where(*where)).all()
        if not current:
            return
        if any(channel != wanted for channel in current):
            with transaction(self._app.sessions) as session:
                for identity in session.scalars(select(ChatIdentity).where(*where)):
                    identity.dm_channel = wanted
        with self._lock:
            self._private_known.add(user_id)

    def forget_private_chat(self, user_id: str) -> None:
        """The bot may not write to `user_id` after all: the next private message from them is news (the
        sender clears `ChatIdentity.dm_channel` in the outbox's own transaction)."""
        with self._lock:
            self._private_known.discard(user_id)

    def invite_link(self, command: str, reply_text: str, bot_username: str) -> str | None:
        """After `/brukerrad inviter`, the deep link that registers the invitee with one tap."""
        words = command.split()
        if len(words) < 2 or fold(words[0].split("@", 1)[0]) != "/brukerrad" or fold(words[1]) != "inviter":
            return None
        if not bot_username:
            return None
        with self._app.sessions() as session:
            for code in _CODE.findall(reply_text):
                invite = session.get(Invite, code)
                if invite is not None and invite.used_at is None:
                    return f"https://t.me/{bot_username}?start={code}"
        return None
