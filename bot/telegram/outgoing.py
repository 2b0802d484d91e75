"""Sending one core message to a Telegram chat: escaped chunks, the keyboard on the last one, a file after.

Shared by the replies to commands (on the event loop) and the delivery port (called from the sender's
thread). `retrying` retries a single API call on HTTP 429 and network errors, so that a reply to a
command is delayed by a hiccup rather than lost; a post from the outbox is retried by the sender instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from functools import partial
from typing import Any, TypeVar

from telegram import Bot, ForceReply, InputFile, LinkPreviewOptions, Message, ReplyParameters, TelegramObject
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.telegram.callbacks import CallbackCodec
from bot.telegram.render import PARSE_MODE, html_chunks, keyboard
from handlers.replies import Attachment, Button

_LOGGER = logging.getLogger(__name__)

T = TypeVar("T")
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)  # a link in user text must not unfold into a preview
_NOT_MODIFIED = "message is not modified"
_GONE = ("message to edit not found", "message can't be edited", "message_id_invalid")


class CannotEdit(Exception):
    """The message to edit is gone or too old to edit; post a new one instead."""


def retry_seconds(error: RetryAfter) -> float:
    """Seconds Telegram asked us to wait. Read from the timedelta PTB keeps since 22.2, which avoids its
    deprecation warning about `retry_after` turning from int to timedelta (as its AIORateLimiter does)."""
    value = getattr(error, "_retry_after", None)
    if not isinstance(value, timedelta):
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def retrying(make: Callable[[], Awaitable[T]], delays: Sequence[float]) -> T:
    """Call `make()`; on 429 wait what Telegram asked (at least the next delay), on network errors the next
    delay, and try again, once per delay. Refusals (400, 403) are not retried: they would only repeat."""
    for delay in (*delays, None):
        try:
            return await make()
        except (BadRequest, Forbidden):
            raise
        except RetryAfter as error:
            if delay is None:
                raise
            await asyncio.sleep(max(retry_seconds(error), delay))
        except NetworkError:
            if delay is None:
                raise
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


async def send(
    bot: Bot,
    codec: CallbackCodec,
    chat_id: int,
    text: str,
    buttons: tuple[Button, ...] = (),
    attachment: Attachment | None = None,
    *,
    reply_to: int | None = None,
    thread_id: int | None = None,
    force_reply: ForceReply | None = None,
    delays: Sequence[float] = (),
) -> Message:
    """Post `text` (split if long; buttons under the last piece) and then `attachment`; the last message."""
    chunks = html_chunks(text)
    markup: Any = keyboard(buttons, codec) or force_reply
    last: Message | None = None
    for index, chunk in enumerate(chunks):
        options = _message_options(
            markup if index == len(chunks) - 1 else None, reply_to if index == 0 else None, thread_id
        )
        last = await retrying(partial(bot.send_message, chat_id, chunk, **options), delays)
    if attachment is not None:
        document = InputFile(attachment.content, filename=attachment.filename)
        call_document = partial(bot.send_document, chat_id, document, message_thread_id=thread_id)
        last = await retrying(call_document, delays)
    assert last is not None
    return last


def webhook_call(
    codec: CallbackCodec,
    chat_id: int,
    text: str,
    buttons: tuple[Button, ...] = (),
    *,
    reply_to: int | None = None,
    thread_id: int | None = None,
) -> dict[str, Any] | None:
    """The same message as `send` would post, as the JSON a webhook may return in its HTTP response for
    Telegram to make the call itself; None if it needs more than one message."""
    chunks = html_chunks(text)
    if len(chunks) != 1:
        return None
    options = _message_options(keyboard(buttons, codec), reply_to, thread_id)
    call: dict[str, Any] = {"method": "sendMessage", "chat_id": chat_id, "text": chunks[0]}
    for name, value in options.items():
        if value is not None:
            call[name] = value.to_dict() if isinstance(value, TelegramObject) else value
    return call


def webhook_click_answer(query_id: str, text: str | None, *, alert: bool = False) -> dict[str, Any]:
    """`answerCallbackQuery` as the JSON a webhook may return for Telegram to make the call itself."""
    call: dict[str, Any] = {"method": "answerCallbackQuery", "callback_query_id": query_id}
    if text:
        call["text"] = text
    if alert:
        call["show_alert"] = True
    return call


def _message_options(markup: Any, reply_to: int | None, thread_id: int | None) -> dict[str, Any]:
    """sendMessage's options besides chat and text, one place for both ways of sending."""
    return {
        "parse_mode": PARSE_MODE,
        "reply_markup": markup,
        "link_preview_options": NO_PREVIEW,
        "reply_parameters": _reply(reply_to),
        "message_thread_id": thread_id,
    }


async def edit(
    bot: Bot, codec: CallbackCodec, chat_id: int, message_id: int, text: str, buttons: tuple[Button, ...]
) -> None:
    """Replace a message's text and keyboard in place (the attendance tally). Raises CannotEdit if it is gone."""
    chunks = html_chunks(text)
    if len(chunks) != 1:
        raise CannotEdit("too long to edit in place")
    try:
        await bot.edit_message_text(
            chunks[0],
            chat_id=chat_id,
            message_id=message_id,
            parse_mode=PARSE_MODE,
            reply_markup=keyboard(buttons, codec),
            link_preview_options=NO_PREVIEW,
        )
    except BadRequest as error:
        reason = error.message.lower()
        if _NOT_MODIFIED in reason:
            return  # the tally did not change: the message already says it
        if any(gone in reason for gone in _GONE):
            raise CannotEdit(error.message) from error
        raise


def _reply(message_id: int | None) -> ReplyParameters | None:
    if message_id is None:
        return None
    return ReplyParameters(message_id=message_id, allow_sending_without_reply=True)
