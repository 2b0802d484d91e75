"""Who is who on Telegram: invite links, and the note in the group for a member the bot cannot write to
privately.

A bot may write to a person only after that person opened a private chat with it and pressed Start. Every
message in a private chat says so to the core (`Event.private_chat_id`), which records the chat on the
member's account in the command's own transaction (`handlers/accounts.py`). When a personal message is
refused, the sender forgets that chat and asks the member in the council's group, by first name and
without any detail of the message, to open the chat and press Start: an outbox row keyed by the member
and the day, so at most once a day however many processes run (`bot.delivery.Sender`). Pure functions.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from handlers import texts
from handlers.replies import Reply

_LOGGER = logging.getLogger(__name__)

PLATFORM = "telegram"


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
