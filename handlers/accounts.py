"""Members' chat accounts and their private chats with the bot: where the bot may write to them.

Some platforms (Telegram) let a bot write to a person only after that person opened a private chat with it.
The adapter says so on the `Incoming` (`private_chat_id`), and the core records the chat on the account
(`ChatIdentity.dm_channel`) in the command's own transaction. When the platform refuses a personal message,
the outbox's sender forgets the chat and plans the note that asks the member to open it again
(`bot.delivery.Sender`, notice kind `open_chat`).
"""

from __future__ import annotations

import logging

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from storage.models import ChatIdentity

_LOGGER = logging.getLogger(__name__)

# Not "platform": an UPDATE keeps its columns' names for its own parameters.
_OF_ACCOUNT = (ChatIdentity.platform == bindparam("account_platform"), ChatIdentity.external_id == bindparam("user"))
# Built once (see handlers/lookup.py); it runs on every command from a private chat, and changes a row only
# the first time (or when the chat changed), so a member's usual message writes nothing more.
_REMEMBER = (
    update(ChatIdentity)
    .where(*_OF_ACCOUNT, ChatIdentity.dm_channel.is_distinct_from(bindparam("chat")))
    .values(dm_channel=bindparam("opened"))  # the same value as "chat": one name may not serve both clauses
    .execution_options(synchronize_session=False)
)
_PRIVATE_CHATS = select(ChatIdentity.dm_channel).where(*_OF_ACCOUNT)


def remember_private_chat(session: Session, platform: str, user_id: str, chat_id: str) -> None:
    """The account wrote to the bot in `chat_id`, so the bot may write back there (every roster entry the
    account is linked to; a stranger's message matches none and writes nothing)."""
    session.execute(_REMEMBER, {"account_platform": platform, "user": user_id, "chat": chat_id, "opened": chat_id})


def knows_private_chat(session: Session, platform: str, user_id: str, chat_id: str) -> bool:
    """True when there is nothing to remember: every linked roster entry already has `chat_id` (or there is
    none). A read, so a refused message from a known member costs no write."""
    current = session.scalars(_PRIVATE_CHATS, {"account_platform": platform, "user": user_id}).all()
    return all(channel == chat_id for channel in current)
