"""The Telegram delivery port: how the outbox's sender posts in the council's group and writes to members.

The sender runs in a worker thread, and python-telegram-bot lives on the event loop, so each call is handed
to the loop (`run_coroutine_threadsafe`) and waited for. Telegram's errors become `DeliveryError`s the
sender understands: 429 → `retry_after`, network trouble and 5xx → try again later, refusals → permanent.
A member the bot may not write to (never pressed Start) is `unreachable`: the sender plans the note
asking them, in the group, to press Start (`open_chat_note`). The port records nothing itself.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.app import App
from bot.delivery import DeliveryError, OutMessage
from bot.telegram import outgoing
from bot.telegram.callbacks import CallbackCodec
from bot.telegram.identity import PLATFORM
from handlers import texts

_LOGGER = logging.getLogger(__name__)

T = TypeVar("T")
# A user who never opened the private chat: 403, or 400 "chat not found" for someone the bot never met.
_UNREACHABLE = ("chat not found", "user not found", "peer_id_invalid")


class _Unreachable(DeliveryError):
    """The person cannot get private messages from the bot until they press Start."""

    def __init__(self, message: str) -> None:
        super().__init__(message, unreachable=True)


class TelegramPort:
    """`bot.delivery.DeliveryPort` (and `OpenChatNote`) for Telegram. Usable once `attach()` gave it the
    bot and its loop."""

    platform = PLATFORM

    def __init__(self, app: App, codec: CallbackCodec, *, timeout: float = 180.0) -> None:
        self._app = app
        self._codec = codec
        self._timeout = timeout
        self._bot: Bot | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self.bot_username = ""

    def attach(self, bot: Bot, loop: asyncio.AbstractEventLoop, bot_username: str) -> None:
        self._bot, self._loop, self.bot_username = bot, loop, bot_username
        self._loop_thread = threading.get_ident()

    def detach(self) -> None:
        self._bot, self._loop = None, None

    # --- the port -----------------------------------------------------------------------------------

    def post_to_channel(
        self, channel_id: str, message: OutMessage, *, idempotency_key: str, edit_message_id: str | None = None
    ) -> str:
        chat_id = _chat_id(channel_id)
        try:
            if edit_message_id is not None:
                try:
                    self._call(self._edit(chat_id, int(edit_message_id), message))
                    return edit_message_id
                except _Gone:  # the sender sees the new id and points later edits at it
                    return self._call(self._post(chat_id, message))
            return self._call(self._post(chat_id, message))
        except _Unreachable:  # for a group: the bot was removed from it, or the id is wrong
            raise DeliveryError(texts.TG_FAILED_GROUP_GONE.format(chat=channel_id), permanent=True) from None

    def send_direct(self, user_id: str, message: OutMessage, *, idempotency_key: str) -> str:
        # `_Unreachable` (never pressed Start, or blocked the bot) is a `DeliveryError(unreachable=True)`:
        # the sender forgets the chat and plans the note in the group.
        return self._call(self._post(_chat_id(user_id), message))

    def open_chat_note(self, first_name: str) -> str:
        link = f"https://t.me/{self.bot_username}" if self.bot_username else texts.TG_THE_BOT
        return texts.TG_PRESS_START.format(name=first_name, link=link)

    # --- helpers --------------------------------------------------------------------------------------

    async def _post(self, chat_id: int, message: OutMessage) -> str:
        assert self._bot is not None
        sent = await outgoing.send(self._bot, self._codec, chat_id, message.text, message.buttons, message.attachment)
        return str(sent.message_id)

    async def _edit(self, chat_id: int, message_id: int, message: OutMessage) -> None:
        assert self._bot is not None
        try:
            await outgoing.edit(self._bot, self._codec, chat_id, message_id, message.text, message.buttons)
        except outgoing.CannotEdit as error:
            raise _Gone(str(error)) from error

    def _call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run `coroutine` on the bot's loop and wait for it; Telegram's errors become DeliveryErrors."""
        loop = self._loop
        if loop is None or loop.is_closed() or self._bot is None:
            coroutine.close()
            raise DeliveryError(texts.TG_FAILED_NOT_RUNNING)
        if threading.get_ident() == self._loop_thread:
            coroutine.close()  # waiting here would deadlock the loop that has to do the work
            raise DeliveryError(texts.TG_FAILED_NOT_RUNNING)
        future = asyncio.run_coroutine_threadsafe(coroutine, loop)
        try:
            return future.result(self._timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise DeliveryError(texts.TG_FAILED_TIMEOUT) from None
        except _Gone:
            raise
        except RetryAfter as error:
            seconds = outgoing.retry_seconds(error)
            text = texts.TG_FAILED_RATE_LIMIT.format(seconds=round(seconds))
            raise DeliveryError(text, retry_after=seconds) from None
        except ChatMigrated as error:
            _LOGGER.error("Telegram: the group is now supergroup %s; update telegram_chat", error.new_chat_id)
            raise DeliveryError(texts.TG_FAILED_GROUP_MOVED.format(chat_id=error.new_chat_id), permanent=True) from None
        except Forbidden:
            raise _Unreachable(texts.TG_FAILED_NO_PRIVATE_CHAT) from None
        except BadRequest as error:
            if any(word in error.message.lower() for word in _UNREACHABLE):
                raise _Unreachable(texts.TG_FAILED_NO_PRIVATE_CHAT) from None
            raise DeliveryError(texts.TG_FAILED_REFUSED.format(reason=error.message), permanent=True) from None
        except NetworkError:
            raise DeliveryError(texts.TG_FAILED_NETWORK) from None
        except TelegramError as error:  # e.g. InvalidToken: fixable by the operator, so not permanent
            raise DeliveryError(texts.TG_FAILED_REFUSED.format(reason=error.message)) from None


class _Gone(DeliveryError):
    """The message to edit no longer exists (or is too old): post a new one."""


def _chat_id(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise DeliveryError(texts.TG_FAILED_BAD_CHAT.format(chat=value), permanent=True) from None
