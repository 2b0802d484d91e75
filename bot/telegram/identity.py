"""Who is who on Telegram: the council a group belongs to, members' private chats, invite links, and the
note in the group for a member the bot cannot write to privately.

A bot may write to a person only after that person opened a private chat with it and pressed Start. The
bot records that (`ChatIdentity.dm_channel`) when a linked member writes to it privately; when a personal
message is refused, the member is asked in the council's group, by first name and without any detail of
the message, to open the chat and press Start (at most once a day per member). All methods here touch the
database and run off the event loop.
"""

from __future__ import annotations

import logging
import re
import threading
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.app import App
from handlers import texts
from handlers.roster import INVITE_ALPHABET, INVITE_LENGTH
from handlers.words import fold
from storage.db import transaction
from storage.models import ChannelBinding, ChatIdentity, Invite

_LOGGER = logging.getLogger(__name__)

PLATFORM = "telegram"
REMIND_EVERY = timedelta(days=1)
_CODE = re.compile(rf"\b[{INVITE_ALPHABET}]{{{INVITE_LENGTH}}}\b")


class Identity:
    def __init__(self, app: App) -> None:
        self._app = app
        self._lock = threading.Lock()
        self._groups: dict[int, int | None] = {}
        self._private_known: set[str] = set()
        self._reminded: dict[int, datetime] = {}

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

    def start_reminders(self, user_id: str, bot_username: str) -> list[tuple[int, str]]:
        """The bot cannot write to `user_id`: forget their private chat, and return the notes (group chat
        id, text) to post asking them to press Start, unless they were asked less than a day ago."""
        with self._lock:
            self._private_known.discard(user_id)
        now = self._app.clock.now()
        notes: list[tuple[int, str]] = []
        link = f"https://t.me/{bot_username}" if bot_username else "boten"
        with transaction(self._app.sessions) as session:
            identities = session.scalars(
                select(ChatIdentity).where(ChatIdentity.platform == PLATFORM, ChatIdentity.external_id == user_id)
            ).all()
            for identity in identities:
                identity.dm_channel = None
                member = identity.member
                with self._lock:
                    last = self._reminded.get(member.id)
                    if last is not None and now - last < REMIND_EVERY:
                        continue
                    self._reminded[member.id] = now
                groups = session.scalars(
                    select(ChannelBinding.channel_id).where(
                        ChannelBinding.council_id == member.council_id, ChannelBinding.platform == PLATFORM
                    )
                ).all()
                first_name = member.name.split()[0] if member.name.split() else member.name
                for group in groups:
                    notes.append((int(group), texts.TG_PRESS_START.format(name=first_name, link=link)))
        return notes

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
