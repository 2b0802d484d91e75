"""The council on Telegram: a python-telegram-bot application that turns updates into core commands and
replies into messages, fed by long polling or by a webhook route on the shared aiohttp server.

Every update is handled before it is acknowledged: the webhook answers 200 only after the command has
committed and the reply was sent, and the poller confirms an update (moves the offset) only after handling
it. So a crash loses nothing, and what Telegram delivers again is dropped by what identifies the update
(`delivery_identity`: chat and message id, callback query id), in memory and, for commands, in the database.
Not by `update_id` alone: Telegram may start its update ids afresh after a week without updates. PTB's
own webhook server and Updater acknowledge first, which is why they are not used; neither is its JobQueue
(the process runs one scheduler, APScheduler, for the outbox).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import re
import secrets
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web
from telegram import BotCommand, CallbackQuery, ForceReply, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.app import App
from bot.chat import Chat, Event, OpenForm, Seen, SendPrivately, Show, Surface, TakeBack, route
from bot.tables import ConfigError
from bot.telegram import menu, outgoing
from bot.telegram.callbacks import FORM_PREFIX, CallbackCodec
from bot.telegram.case_form import CaseForm
from bot.telegram.identity import PLATFORM, with_invite_link
from bot.telegram.platform import TelegramConfig
from bot.telegram.port import TelegramPort
from bot.telegram.redact import RedactToken
from handlers import texts
from handlers.replies import Button, Reply

_LOGGER = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ("message", "callback_query")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
TOAST_LIMIT = 200  # answerCallbackQuery text
_SEEN = 4096  # updates remembered (by `delivery_identity`) for dropping repeats


@dataclass
class _WebhookAnswer:
    """The one Bot API call a webhook may hand back in its HTTP response, for Telegram to make itself.

    Used for the reply to a message in a private chat, and for answering a button click (which stops its
    spinner) in any chat: it saves an outbound request per update, which was most of the cost of a webhook
    command (bench/bench_system.py). The first of those calls an update makes takes the slot; the rest are
    sent as usual. The bot does not learn whether Telegram then made the call; for the answer to what a
    member just wrote or clicked, that is the trade the Bot API offers ("Making requests when getting
    updates"). Messages to a group never go this way, because they must pass the rate limiter, and neither
    do replies that need more than one message.
    """

    chat_id: int | None  # the private chat whose reply may go this way; None: no message may
    call: dict[str, Any] | None = None
    open: bool = True

    def free(self) -> bool:
        """Whether a call may still go this way (the caller then sets `call`)."""
        return self.open and self.call is None


_ANSWER: ContextVar[_WebhookAnswer | None] = ContextVar("telegram_webhook_answer", default=None)


class TelegramAdapter:
    """One bot, any number of councils (each bound to its group with `telegram_chat`).

    `start()` and `stop()` run on the event loop that also serves `routes()`. The delivery `port` is
    registered with the app's sender here; it works while the adapter is started.
    """

    platform = PLATFORM

    def __init__(
        self,
        app: App,
        config: TelegramConfig,
        env: Mapping[str, str],
        *,
        rate_limiter: BaseRateLimiter[Any] | None = None,
        poll_timeout: float = 50.0,
        retry_delays: Sequence[float] = (1.0, 3.0, 10.0),
        poll_backoff: tuple[float, float] = (1.0, 60.0),
        form_timeout: timedelta = timedelta(minutes=30),
        wake_sender: Callable[[], object] | None = None,
    ) -> None:
        token = env.get("TELEGRAM_BOT_TOKEN", "")
        if not token:
            raise ConfigError(texts.TG_NO_TOKEN)
        self._secret = env.get("TELEGRAM_WEBHOOK_SECRET", "")
        if config.mode == "webhook" and not _SECRET.match(self._secret):
            raise ConfigError(texts.TG_BAD_WEBHOOK_SECRET)
        self.app = app
        self.config = config
        self.bot_username = config.bot_username.lstrip("@")
        self._redact = RedactToken(token)
        self._redact.install()  # before the bot is built: PTB logs its API URL (with the token) right away
        self.codec = CallbackCodec()
        self.port = TelegramPort(app, self.codec)
        app.add_port(self.port)
        self.application: Application[Any, Any, Any, Any, Any, Any] = (
            ApplicationBuilder()
            .token(token)
            .base_url(config.base_url)
            .job_queue(None)
            .updater(None)
            .rate_limiter(rate_limiter or AIORateLimiter(max_retries=3))
            .build()
        )
        self._poll_timeout = poll_timeout
        self._delays = tuple(retry_delays)
        self._poll_backoff = poll_backoff
        self._form = CaseForm(self, form_timeout)
        self._wake_sender = wake_sender or self._drain_soon
        self._drainer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="telegram-drain")
        self._drain_lock = threading.Lock()
        self._drain_queued = False
        self._seen = Seen(_SEEN)
        self.chat = Chat(app, PLATFORM, not_bound=texts.TG_GROUP_NOT_BOUND)
        self._poller: asyncio.Task[None] | None = None
        self._fetch: asyncio.Future[Any] | None = None
        self._stopping = False
        self._initialized = False
        # Set by `brukerrad run`: True while this process may poll (one poller per token; bot/leader.py).
        self.poll_leader: Callable[[], bool] | None = None
        self.leader_retry_seconds = 5.0
        self._register_handlers()

    # --- life cycle -------------------------------------------------------------------------------------

    async def start(self) -> None:
        """Check the token (getMe), register the command list, then poll or set the webhook."""
        self._stopping = False
        try:
            await self.application.initialize()
        except InvalidToken:
            # Telegram answered getMe with 401: the token is revoked or mistyped, and asking again cannot
            # help. `brukerrad run` stops with a sentence naming the variable (never its value).
            raise ConfigError(texts.TG_TOKEN_REFUSED) from None
        self._initialized = True
        bot = self.application.bot
        self.bot_username = self.bot_username or bot.username
        self.port.attach(bot, asyncio.get_running_loop(), self.bot_username)
        await self._register_commands()
        if self.config.mode == "webhook":
            await bot.set_webhook(
                url=self.config.webhook_url,
                secret_token=self._secret,
                allowed_updates=list(ALLOWED_UPDATES),
            )
            _LOGGER.info("Telegram: webhook set for @%s", self.bot_username)
        else:
            await bot.delete_webhook(drop_pending_updates=False)  # getUpdates is refused while one is set
            self._poller = asyncio.create_task(self._poll(), name="telegram-poller")
            _LOGGER.info("Telegram: polling for @%s", self.bot_username)

    async def stop(self) -> None:
        """Stop taking updates, finish the one in hand, let a running drain finish, and close the client.
        A webhook request arriving after this gets 503, so Telegram delivers it again later."""
        self._stopping = True
        if self._fetch is not None:
            self._fetch.cancel()
        if self._poller is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller
            self._poller = None
        await asyncio.get_running_loop().run_in_executor(None, self._drainer.shutdown)
        self.port.detach()
        if self._initialized:
            await self.application.shutdown()
            self._initialized = False
        self._redact.remove()

    def routes(self, web_app: web.Application) -> None:
        """Add `POST /telegram/webhook` (webhook mode only) to the process's aiohttp application."""
        if self.config.mode == "webhook":
            web_app.router.add_post(WEBHOOK_PATH, self.webhook)

    async def webhook(self, request: web.Request) -> web.Response:
        """Check the secret (constant time), handle the update, then answer 200."""
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode("utf-8"), self._secret.encode("utf-8")):
            _LOGGER.warning("Telegram webhook: request with a wrong secret refused")
            return web.Response(status=403)
        if self._stopping or not self._initialized:
            return web.Response(status=503)  # Telegram delivers it again after the restart
        try:
            data = await request.json()
        except (ValueError, UnicodeDecodeError):
            return web.Response(status=400)
        if not isinstance(data, dict):
            return web.Response(status=400)
        try:
            update = Update.de_json(data, self.application.bot)
        except Exception:
            _LOGGER.warning("Telegram webhook: an update that could not be read was dropped")
            return web.Response(status=200)  # Telegram would only send it again
        chat = update.effective_chat
        private_chat = chat.id if chat is not None and chat.type == ChatType.PRIVATE else None
        slot = None
        if private_chat is not None or update.callback_query is not None:
            slot = _WebhookAnswer(private_chat)
        token = _ANSWER.set(slot)
        try:
            await self.process(update)
        finally:
            _ANSWER.reset(token)
            if slot is not None:
                slot.open = False  # a handler still running after this must send for itself
        if slot is not None and slot.call is not None:
            return web.json_response(slot.call)
        return web.Response(status=200)

    async def process(self, update: Update) -> None:
        """Handle one update unless it was seen before (Telegram repeats deliveries it is unsure of)."""
        identity = delivery_identity(update)
        if identity is not None and not self._seen.first_time(identity):
            return
        await self.application.process_update(update)

    async def _poll(self) -> None:
        """Long polling that confirms an update only after it was handled (the next call's offset)."""
        offset: int | None = None
        failures = 0
        bot = self.application.bot
        while not self._stopping:
            if self.poll_leader is not None and not await asyncio.to_thread(self.poll_leader):
                # Another process polls this bot; serve the webhook-free rest and try again later.
                self._fetch = asyncio.ensure_future(asyncio.sleep(self.leader_retry_seconds))
                try:
                    await self._fetch
                except asyncio.CancelledError:
                    if self._stopping:
                        break
                    raise
                finally:
                    self._fetch = None
                continue
            self._fetch = asyncio.ensure_future(
                bot.get_updates(offset=offset, timeout=self._poll_timeout, allowed_updates=list(ALLOWED_UPDATES))
            )
            try:
                updates = await self._fetch
                failures = 0
            except asyncio.CancelledError:
                if self._stopping:
                    break
                raise
            except TimedOut:
                continue
            except RetryAfter as error:
                await asyncio.sleep(outgoing.retry_seconds(error))
                continue
            except Exception as error:  # network, 5xx, a webhook still set (Conflict), a revoked token
                failures += 1
                delay = min(self._poll_backoff[0] * 2 ** (failures - 1), self._poll_backoff[1])
                _LOGGER.warning("Telegram: getUpdates failed (%s); trying again in %.1f s", type(error).__name__, delay)
                await asyncio.sleep(delay)
                continue
            finally:
                self._fetch = None
            for update in updates:
                try:
                    await self.process(update)
                except Exception:
                    _LOGGER.exception("Telegram: update %s could not be handled; skipped", update.update_id)
                offset = update.update_id + 1
        if offset is not None:  # confirm what was handled, so that a restart does not see it again
            with contextlib.suppress(Exception):
                await asyncio.wait_for(bot.get_updates(offset=offset, timeout=0, limit=1), 5)

    async def _register_commands(self) -> None:
        commands = [BotCommand(name, description) for name, description in menu.menu()]
        try:
            await self.application.bot.set_my_commands(commands)
        except TelegramError as error:
            _LOGGER.warning("Telegram: could not register the command list (%s)", type(error).__name__)

    # --- updates → core -------------------------------------------------------------------------------

    def _register_handlers(self) -> None:
        application = self.application
        words = list(menu.command_words())
        application.add_handler(CommandHandler(words, self._on_command, filters=filters.UpdateType.MESSAGE))
        application.add_handler(CallbackQueryHandler(self._on_click))
        application.add_handler(
            MessageHandler(filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & filters.TEXT, self._on_private_text)
        )
        application.add_error_handler(self._on_error)

    async def _on_command(self, update: Update, context: Any) -> None:
        message = update.message
        if message is None or message.text is None:
            return
        name = message.text.split(maxsplit=1)[0][1:].split("@", 1)[0].lower()
        if menu.ends_form(name):  # /avbryt
            if not await self._form.cancel(update):
                await self.answer(update, Reply(texts.TG_NOTHING_TO_CANCEL))
            return
        text = menu.aliases().get(name, message.text)
        reply = await self.run_core(update, text)
        if reply is not None and reply.form == "sak_ny" and not reply.error:
            await self._form.start(update)  # in the private chat, whatever chat it was typed in
            return
        await self.answer(update, reply)

    async def _on_private_text(self, update: Update, context: Any) -> None:
        message = update.message
        if message is None or message.text is None:
            return
        if await self._form.on_text(update):  # an answer to the member's case form
            return
        await self.answer(update, await self.run_core(update, message.text))

    async def _on_click(self, update: Update, context: Any) -> None:
        query = update.callback_query
        if query is None:
            return
        data = query.data or ""
        if data.startswith(FORM_PREFIX):  # a case form's own button
            await self._form.on_click(update)
            return
        command = self.codec.decode(data)
        if command is None or update.effective_chat is None:
            await self.answer_click(query, texts.TG_BUTTON_EXPIRED, alert=True)
            return
        reply = await self.run_core(update, command)
        if reply is None:  # this click was handled before
            await self.answer_click(query)
            return
        private_chat = update.effective_chat.type == ChatType.PRIVATE
        source = query.message.message_id if isinstance(query.message, Message) else None
        if not private_chat and (reply.private or reply.error) and _fits_toast(reply):
            await self.answer_click(query, reply.text, alert=len(reply.text) > 60)  # only the clicker sees it
            return
        if not private_chat and (reply.private or reply.error) and await self._tell_privately(query, reply):
            await self.answer_click(query, texts.TG_ANSWER_SENT_PRIVATELY)
            return
        await self.answer_click(query)
        await self.answer(update, reply, source_id=source)
        if private_chat and not reply.error:
            await self.drop_keyboard(query)  # a private question is answered: its buttons are done

    async def run_core(
        self, update: Update, text: str, *, group: int | None = None, announce: bool = False
    ) -> Reply | None:
        """The core's answer to `text` from this update's sender and chat (None: a repeated delivery).

        `group`: the council of that group rather than the chat's own (the case form, run in the private
        chat for a form started in the group); `announce`: what the core would show the group goes there
        through the outbox (`Incoming.announce`)."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None:
            return None
        private = chat.type == ChatType.PRIVATE
        identity = delivery_identity(update)
        key = f"tg:{identity}" if identity is not None else None
        reply = await self.app.call_core(self._core, chat.id, private, str(user.id), text, key, group, announce)
        # Messages the command queued go out now, not at the next sweep; `brukerrad run` has the dispatcher
        # wake its scheduler itself (`on_commit`), so then there is nothing to do here.
        queued = reply is not None and bool(reply.direct_messages or reply.channel_posts)
        if queued and self.app.dispatcher.on_commit is None:
            self._wake_sender()
        return reply

    def _core(
        self,
        chat_id: int,
        private: bool,
        user_id: str,
        text: str,
        key: str | None,
        group: int | None = None,
        announce: bool = False,
    ) -> Reply | None:
        event = to_domain(chat_id, private, user_id, text, key, group=group, announce=announce)
        reply = self.chat.handle(event)
        return with_invite_link(reply, self.bot_username) if reply is not None else None

    # --- core → messages ------------------------------------------------------------------------------

    async def answer(self, update: Update, reply: Reply | None, *, source_id: int | None = None) -> None:
        """Show `reply` where the update came from: a private or error reply in a group answers the
        member's message (Telegram has no message only one member sees); a public one is a plain post."""
        chat = update.effective_chat
        if reply is None or chat is None:
            return
        message = update.effective_message
        source = source_id if source_id is not None else (message.message_id if message is not None else None)
        in_group = chat.type != ChatType.PRIVATE
        thread = message.message_thread_id if isinstance(message, Message) and message.is_topic_message else None
        user = update.effective_user
        for action in route(reply, Surface(shared=in_group, ephemeral=False)):
            if isinstance(action, TakeBack) and user is not None:
                own = message if isinstance(message, Message) else None
                await self._take_back(chat.id, own, user.id, action.reply, thread)
            elif isinstance(action, SendPrivately) and user is not None:
                # A private answer may hold case details only a signed member may read: it goes to the
                # private chat, never into the group where observers and unsigned members read along.
                note = texts.TG_ANSWER_SENT_PRIVATELY
                if not await self._send_private(user.id, action.reply):
                    note = texts.TG_ANSWER_NEEDS_PRIVATE_CHAT.format(link=f"https://t.me/{self.bot_username}")
                await self._send(chat.id, note, (), Reply(note), reply_to=source, thread_id=thread)
            elif isinstance(action, (Show, OpenForm)):  # a form that cannot open here: its typed alternative
                # Telegram has no message only one member sees: a private answer in a group quotes theirs.
                private = isinstance(action, Show) and action.private
                reply_to = source if in_group and private else None
                shown = action.reply
                await self._send(chat.id, shown.text, shown.buttons, shown, reply_to=reply_to, thread_id=thread)

    async def _take_back(
        self, chat_id: int, message: Message | None, user_id: int, reply: Reply, thread: int | None
    ) -> None:
        """The member's message in the group holds something no one else may keep reading (an identity
        number): delete it where the bot has the right to (an admin with "Delete messages"), and tell the
        member privately. If they never opened the private chat, the group gets a note that says nothing
        of what the message held. Nothing of the message or the reply is logged."""
        deleted = False
        if message is not None:
            try:
                deleted = bool(await self.application.bot.delete_message(chat_id, message.message_id))
            except TelegramError as error:  # no right to delete here, or the message is gone
                _LOGGER.info("Telegram: could not delete a refused message in a group (%s)", type(error).__name__)
        line = texts.TG_REDACT_DELETED if deleted else texts.TG_REDACT_DELETE_IT_YOURSELF
        if await self._send_private(user_id, replace(reply, text=f"{reply.text}\n\n{line}")):
            return
        link = f"https://t.me/{self.bot_username}"
        if deleted:
            note, reply_to = texts.TG_REDACT_NOTE_DELETED.format(link=link), None
        else:
            note, reply_to = texts.TG_REDACT_NOTE.format(link=link), message.message_id if message else None
        await self._send(chat_id, note, (), Reply(note), reply_to=reply_to, thread_id=thread)

    async def _send_private(self, user_id: int, reply: Reply) -> bool:
        try:
            await outgoing.send(
                self.application.bot,
                self.codec,
                user_id,
                reply.text,
                reply.buttons,
                reply.attachment,
                delays=self._delays,
            )
        except TelegramError:
            return False  # never pressed Start (Forbidden), or Telegram is away: say so in the group
        return True

    async def say(
        self,
        update: Update,
        text: str,
        *,
        buttons: tuple[Button, ...] = (),
        force_reply: ForceReply | None = None,
        reply_to: int | None = None,
    ) -> Message:
        chat = update.effective_chat
        assert chat is not None
        return await self.send_to(chat.id, text, buttons=buttons, force_reply=force_reply, reply_to=reply_to)

    async def send_to(
        self,
        chat_id: int,
        text: str,
        *,
        buttons: tuple[Button, ...] = (),
        force_reply: ForceReply | None = None,
        reply_to: int | None = None,
    ) -> Message:
        """One message to `chat_id`, sent by the bot itself (raises TelegramError if it did not go out)."""
        return await outgoing.send(
            self.application.bot,
            self.codec,
            chat_id,
            text,
            buttons,
            reply_to=reply_to,
            force_reply=force_reply,
            delays=self._delays,
        )

    async def _send(
        self,
        chat_id: int,
        text: str,
        buttons: tuple[Button, ...],
        reply: Reply,
        *,
        reply_to: int | None,
        thread_id: int | None,
    ) -> None:
        slot = _ANSWER.get()
        if slot is not None and slot.free() and slot.chat_id == chat_id and not reply.attachment:
            slot.call = outgoing.webhook_call(
                self.codec, chat_id, text, buttons, reply_to=reply_to, thread_id=thread_id
            )
            if slot.call is not None:
                return
        try:
            await outgoing.send(
                self.application.bot,
                self.codec,
                chat_id,
                text,
                buttons,
                reply.attachment,
                reply_to=reply_to,
                thread_id=thread_id,
                delays=self._delays,
            )
        except TelegramError as error:
            # The command itself is committed; only this answer is lost. Never log its text.
            _LOGGER.error("Telegram: a reply could not be sent (%s: %s)", type(error).__name__, error.message)

    async def _tell_privately(self, query: CallbackQuery, reply: Reply) -> bool:
        """A click in the group with a private answer too long for a toast: send it in the private chat."""
        try:
            await outgoing.send(
                self.application.bot,
                self.codec,
                query.from_user.id,
                reply.text,
                reply.buttons,
                reply.attachment,
                delays=self._delays,
            )
        except (Forbidden, BadRequest):
            return False  # never pressed Start: answer in the group instead
        except TelegramError:
            return False
        return True

    async def answer_click(self, query: CallbackQuery, text: str | None = None, *, alert: bool = False) -> None:
        """Stop the button's spinner (with a short note only the clicker sees)."""
        toast = text[:TOAST_LIMIT] if text else None
        slot = _ANSWER.get()
        if slot is not None and slot.free():
            slot.call = outgoing.webhook_click_answer(query.id, toast, alert=alert)
            return
        # A query older than ~15 minutes cannot be answered any more; nothing is lost by that.
        with contextlib.suppress(TelegramError):
            await query.answer(text=toast, show_alert=alert)

    async def drop_keyboard(self, query: CallbackQuery) -> None:
        if not isinstance(query.message, Message):
            return
        with contextlib.suppress(TelegramError):
            await query.message.edit_reply_markup(reply_markup=None)

    async def _on_error(self, update: object, context: Any) -> None:
        ref = secrets.token_hex(3).upper()
        _LOGGER.error("Telegram: handling an update failed (ref %s)", ref, exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                await self.answer(update, Reply(texts.INTERNAL_ERROR.format(ref=ref), error=True))
            except Exception:
                _LOGGER.exception("Telegram: could not tell the member about ref %s", ref)

    # --- the outbox -----------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.app.clock.now()

    def _drain_soon(self) -> None:
        """A command queued messages (the tally, a deputy's call-in): send them now, off the loop, one drain
        at a time. The scheduler's sweep does the same later if this one fails."""
        with self._drain_lock:
            if self._drain_queued or self._stopping:
                return
            self._drain_queued = True
        with contextlib.suppress(RuntimeError):  # shut down already
            self._drainer.submit(self._drain)

    def _drain(self) -> None:
        with self._drain_lock:
            self._drain_queued = False
        try:
            self.app.sender.drain()
        except Exception:
            _LOGGER.exception("Telegram: sending queued messages failed; the scheduler will try again")


def delivery_identity(update: Update) -> str | None:
    """What makes this update the one it is, for dropping a repeat: a message by its chat and message id, a
    button press by its callback query id, a poll answer by poll, voter and update id (a voter may change
    their answer, each change a new update). Not `update_id` alone: Telegram may reuse update ids after a
    week without updates, and a new message under a reused id must be handled. None: nothing to go by."""
    # Updates are untrusted (the webhook): PTB builds them leniently, so any part may be missing.
    message = update.message
    if message is not None:
        chat = getattr(message, "chat", None)
        if chat is None or not isinstance(message.message_id, int):
            return None
        return f"m:{chat.id}:{message.message_id}"
    query = update.callback_query
    if query is not None:
        return f"c:{query.id}" if query.id else None
    answer = update.poll_answer
    if answer is not None:
        voter = answer.user.id if answer.user is not None else (answer.voter_chat.id if answer.voter_chat else 0)
        return f"p:{answer.poll_id}:{voter}:{update.update_id}"
    return None


def to_domain(
    chat_id: int,
    private: bool,
    user_id: str,
    text: str,
    key: str | None,
    *,
    group: int | None = None,
    announce: bool = False,
) -> Event:
    """A message or click in `chat_id` (a group is shared and must be a council's; a private chat is the
    sender's own). `group`: the group whose council this is, for a form begun there and answered here."""
    return Event(
        user_id,
        text,
        str(chat_id),
        shared=not private,
        delivery_key=key,
        announce=announce,
        council_channel=str(group) if group is not None else None,
        private_chat_id=str(chat_id) if private else None,
    )


def _fits_toast(reply: Reply) -> bool:
    return not reply.buttons and reply.attachment is None and len(reply.text) <= TOAST_LIMIT
