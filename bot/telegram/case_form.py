"""`/sak ny` without text on Telegram: a short conversation instead of Slack's modal.

Title, then description, then the mandate's question: the case is about the services at system level, not
one person's case. The case text is checked by the privacy guard at each step; a blocking finding (an
identity number) ends the conversation without echoing the text, and the member's message is deleted
where the bot may. The text lives only in memory until the member confirms; then it goes to the core as
`/sak ny bekreft <tittel>\\n<beskrivelse>`, exactly as if typed.

In a group the bot (in privacy mode) sees only replies to its own messages, so each question is sent with
a selective ForceReply aimed at the member, and only replies to the latest question count.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from telegram import ForceReply, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters
from telegram.warnings import PTBUserWarning

from bot.telegram.callbacks import FORM_PREFIX
from handlers import texts
from handlers.cases import DESCRIPTION_MAX, TITLE_MAX
from handlers.privacy import check_case_text
from handlers.replies import Button, Reply

if TYPE_CHECKING:
    from bot.telegram.adapter import TelegramAdapter

_LOGGER = logging.getLogger(__name__)

TITLE, DESCRIPTION, CONFIRM = range(3)
END = ConversationHandler.END
YES, NO = f"{FORM_PREFIX}ja", f"{FORM_PREFIX}nei"
_NO_DESCRIPTION = ("-", "–", "ingen", "nei")
_TEXT = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
_CONFIRM_BUTTONS = (Button(texts.TG_BUTTON_CONFIRM_YES, YES), Button(texts.TG_BUTTON_CONFIRM_NO, NO))


@dataclass
class Draft:
    started: datetime
    prompt_id: int | None = None
    title: str = ""
    description: str = ""


class CaseForm:
    def __init__(self, adapter: TelegramAdapter, timeout: timedelta) -> None:
        self._adapter = adapter
        self._timeout = timeout
        self._drafts: dict[tuple[int, int], Draft] = {}

    def handler(self) -> ConversationHandler[Any]:
        with warnings.catch_warnings():
            # PTB warns that a CallbackQueryHandler is tracked per chat and user, not per message: intended.
            warnings.filterwarnings("ignore", message=".*per_message=False.*", category=PTBUserWarning)
            return ConversationHandler(
                entry_points=[CommandHandler("sak", self._on_sak, filters=filters.UpdateType.MESSAGE)],
                states={
                    TITLE: [MessageHandler(_TEXT, self._on_title)],
                    DESCRIPTION: [MessageHandler(_TEXT, self._on_description)],
                    CONFIRM: [
                        CallbackQueryHandler(self._on_confirm, pattern=f"^({YES}|{NO})$"),
                        MessageHandler(_TEXT, self._on_confirm_typed),
                    ],
                },
                fallbacks=[CommandHandler("avbryt", self._on_cancel, filters=filters.UpdateType.MESSAGE)],
                allow_reentry=True,
                name="sak_ny",
            )

    # --- steps ----------------------------------------------------------------------------------------

    async def _on_sak(self, update: Update, context: Any) -> int | None:
        message = update.message
        if message is None or message.text is None:
            return None
        reply = await self._adapter.run_core(update, message.text)
        if reply is None or reply.form != "sak_ny" or reply.error:
            await self._adapter.answer(update, reply)
            return None
        key = _key(update)
        self._forget_stale()
        self._drafts[key] = draft = Draft(started=self._adapter.now())
        draft.prompt_id = await self._ask(update, texts.TG_FORM_TITLE, texts.TG_FORM_TITLE_PLACEHOLDER)
        return TITLE

    async def _on_title(self, update: Update, context: Any) -> int | None:
        draft, message = self._current(update)
        if draft is None or message is None:
            return await self._expired(update)
        if not _answers(message, draft):
            return None  # someone talking in the group, not answering the question
        title = " ".join((message.text or "").split())
        if not title:
            draft.prompt_id = await self._ask(update, texts.TG_FORM_TITLE_EMPTY, texts.TG_FORM_TITLE_PLACEHOLDER)
            return TITLE
        if len(title) > TITLE_MAX:
            text = texts.CASE_TITLE_TOO_LONG.format(max=TITLE_MAX, length=len(title))
            draft.prompt_id = await self._ask(update, text, texts.TG_FORM_TITLE_PLACEHOLDER)
            return TITLE
        if await self._refused(update, message, title):
            return END
        draft.title = title
        draft.prompt_id = await self._ask(update, texts.TG_FORM_DESCRIPTION, texts.TG_FORM_DESCRIPTION_PLACEHOLDER)
        return DESCRIPTION

    async def _on_description(self, update: Update, context: Any) -> int | None:
        draft, message = self._current(update)
        if draft is None or message is None:
            return await self._expired(update)
        if not _answers(message, draft):
            return None
        description = (message.text or "").strip()
        if description.casefold() in _NO_DESCRIPTION:
            description = ""
        if len(description) > DESCRIPTION_MAX:
            text = texts.CASE_DESCRIPTION_TOO_LONG.format(max=DESCRIPTION_MAX)
            draft.prompt_id = await self._ask(update, text, texts.TG_FORM_DESCRIPTION_PLACEHOLDER)
            return DESCRIPTION
        if await self._refused(update, message, f"{draft.title}\n{description}"):
            return END
        draft.description = description
        warnings_found = [f.message for f in check_case_text(f"{draft.title}\n{description}") if not f.blocking]
        question = "\n\n".join([*warnings_found, texts.TG_FORM_CONFIRM])
        sent = await self._adapter.say(update, question, buttons=_CONFIRM_BUTTONS, reply_to=_in_group(update, message))
        draft.prompt_id = sent.message_id
        return CONFIRM

    async def _on_confirm(self, update: Update, context: Any) -> int:
        query = update.callback_query
        assert query is not None
        await self._adapter.answer_click(query)
        await self._adapter.drop_keyboard(query)
        draft = self._drafts.pop(_key(update), None)
        if draft is None or self._is_stale(draft):
            return await self._expired(update)
        if query.data == NO:
            await self._adapter.say(update, texts.TG_FORM_CANCELLED)
            return END
        command = f"/sak ny bekreft {draft.title}\n{draft.description}"
        reply = await self._adapter.run_core(update, command)
        source = query.message.message_id if isinstance(query.message, Message) else None
        await self._adapter.answer(update, reply, source_id=source)
        return END

    async def _on_confirm_typed(self, update: Update, context: Any) -> int | None:
        """`ja` or `nei` typed instead of pressed; anything else asks again."""
        draft, message = self._current(update)
        if draft is None or message is None:
            return await self._expired(update)
        if not _answers(message, draft):
            return None
        word = (message.text or "").strip().casefold().rstrip(".!")
        if word in ("ja", "j"):
            self._drafts.pop(_key(update), None)
            command = f"/sak ny bekreft {draft.title}\n{draft.description}"
            await self._adapter.answer(update, await self._adapter.run_core(update, command))
            return END
        if word in ("nei", "n", "avbryt"):
            self._drafts.pop(_key(update), None)
            await self._adapter.say(update, texts.TG_FORM_CANCELLED, reply_to=_in_group(update, message))
            return END
        sent = await self._adapter.say(
            update, texts.TG_FORM_CONFIRM_AGAIN, buttons=_CONFIRM_BUTTONS, reply_to=_in_group(update, message)
        )
        draft.prompt_id = sent.message_id
        return CONFIRM

    async def _on_cancel(self, update: Update, context: Any) -> int:
        self._drafts.pop(_key(update), None)
        message = update.message
        await self._adapter.say(update, texts.TG_FORM_CANCELLED, reply_to=_in_group(update, message))
        return END

    # --- helpers --------------------------------------------------------------------------------------

    def _current(self, update: Update) -> tuple[Draft | None, Message | None]:
        draft = self._drafts.get(_key(update))
        if draft is not None and self._is_stale(draft):
            self._drafts.pop(_key(update), None)
            draft = None
        return draft, update.message

    def _is_stale(self, draft: Draft) -> bool:
        return self._adapter.now() - draft.started > self._timeout

    def _forget_stale(self) -> None:
        for key in [k for k, d in self._drafts.items() if self._is_stale(d)]:
            del self._drafts[key]

    async def _expired(self, update: Update) -> int:
        self._drafts.pop(_key(update), None)
        await self._adapter.say(update, texts.TG_FORM_EXPIRED, reply_to=_in_group(update, update.message))
        return END

    async def _ask(self, update: Update, text: str, placeholder: str) -> int:
        """A question the member answers by replying to it (ForceReply aimed at them in a group)."""
        force = ForceReply(selective=True, input_field_placeholder=placeholder)
        sent = await self._adapter.say(update, text, force_reply=force, reply_to=_in_group(update, update.message))
        return sent.message_id

    async def _refused(self, update: Update, message: Message, text: str) -> bool:
        """Refuse text with an identity number: say why (never echoing it), drop the draft, delete the message."""
        blocking = [f for f in check_case_text(text) if f.blocking]
        if not blocking:
            return False
        self._drafts.pop(_key(update), None)
        try:
            await message.delete()
        except TelegramError:
            _LOGGER.info("could not delete a message with refused case text (no right to delete here)")
        await self._adapter.answer(update, Reply(blocking[0].message, error=True))
        return True


def _key(update: Update) -> tuple[int, int]:
    chat = update.effective_chat
    user = update.effective_user
    return (chat.id if chat else 0, user.id if user else 0)


def _in_group(update: Update, message: Message | None) -> int | None:
    chat = update.effective_chat
    if message is None or chat is None or chat.type == ChatType.PRIVATE:
        return None
    return message.message_id


def _answers(message: Message, draft: Draft) -> bool:
    """In a group only a reply to the bot's latest question counts; in a private chat any text does."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    replied = message.reply_to_message
    return replied is not None and replied.message_id == draft.prompt_id
