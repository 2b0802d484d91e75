"""`/sak ny` without text on Telegram: a short conversation instead of Slack's modal, always in the member's
private chat with the bot.

Title, then description, then the mandate's question: the case is about the services at system level, not
one person's case. Telegram has no message only one member of a group sees, so a form started in the group
is sent to the private chat, and the group only reads that it was (or, for a member who never pressed
Start there, how to do that); nothing of the case text is asked for or accepted in the group. Every text the
form takes is checked by the privacy guard (`handlers.privacy.check_case_text`) before it is kept: a blocking
finding (an identity number) is refused without echoing the text, as the adapter answers any message the
core flags with `Reply.redact` in a private chat, and the question is asked again. The text lives only in
memory until the member confirms; then it goes to the core as `/sak ny bekreft <tittel>\\n<beskrivelse>`,
exactly as if typed, for the council of the group the form was started in; what the group should read
about the new case (its number) reaches the group through the outbox (`Incoming.announce`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from telegram import ForceReply, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.telegram.callbacks import FORM_PREFIX
from handlers import texts
from handlers.cases import DESCRIPTION_MAX, TITLE_MAX
from handlers.privacy import check_case_text
from handlers.replies import Button, Reply

if TYPE_CHECKING:
    from bot.telegram.adapter import TelegramAdapter

_LOGGER = logging.getLogger(__name__)

TITLE, DESCRIPTION, CONFIRM = range(3)
YES, NO = f"{FORM_PREFIX}ja", f"{FORM_PREFIX}nei"
_NO_DESCRIPTION = ("-", "–", "ingen", "nei")
_CONFIRM_BUTTONS = (Button(texts.TG_BUTTON_CONFIRM_YES, YES), Button(texts.TG_BUTTON_CONFIRM_NO, NO))


@dataclass
class Draft:
    """One member's case in the making. `group`: the group the form was started in (its council gets the
    case, and its members read the new case's number), or None for a form started in the private chat."""

    started: datetime
    group: int | None
    step: int = TITLE
    prompt_id: int | None = None
    title: str = ""
    description: str = ""


class CaseForm:
    """The drafts, one per Telegram user (the private chat's id is the user's id), in memory only."""

    def __init__(self, adapter: TelegramAdapter, timeout: timedelta) -> None:
        self._adapter = adapter
        self._timeout = timeout
        self._drafts: dict[int, Draft] = {}

    # --- entry, from the adapter ----------------------------------------------------------------------

    async def start(self, update: Update) -> None:
        """The core said `/sak ny` may open the form for this member: ask the title in the private chat."""
        chat, user, message = update.effective_chat, update.effective_user, update.effective_message
        if chat is None or user is None:
            return
        in_group = chat.type != ChatType.PRIVATE
        self._forget_stale()
        draft = Draft(started=self._adapter.now(), group=chat.id if in_group else None)
        try:
            draft.prompt_id = await self._ask(user.id, texts.TG_FORM_TITLE, texts.TG_FORM_TITLE_PLACEHOLDER)
        except TelegramError as error:
            # In the group: the member never pressed Start in the private chat (Forbidden), or Telegram is
            # away. Never fall back to asking in the group.
            _LOGGER.info("Telegram: the case form could not be sent to the private chat (%s)", type(error).__name__)
            if in_group:
                link = f"https://t.me/{self._adapter.bot_username}"
                note = texts.TG_FORM_NEEDS_PRIVATE_CHAT.format(link=link)
                await self._adapter.say(update, note, reply_to=_message_id(message))
            return
        self._drafts[user.id] = draft
        if in_group:
            await self._adapter.say(update, texts.TG_FORM_SENT_PRIVATELY, reply_to=_message_id(message))

    async def on_text(self, update: Update) -> bool:
        """A text in the private chat: True if it was an answer to this member's form (handled here)."""
        user, message = update.effective_user, update.message
        if user is None or message is None or message.chat.type != ChatType.PRIVATE:
            return False
        draft = self._drafts.get(user.id)
        if draft is None:
            return False
        if self._is_stale(draft):
            await self._expired(update)
            return True
        text = message.text or ""
        if draft.step == TITLE:
            await self._on_title(update, draft, text)
        elif draft.step == DESCRIPTION:
            await self._on_description(update, draft, text)
        else:
            await self._on_confirm_typed(update, draft, text)
        return True

    async def on_click(self, update: Update) -> None:
        """A press on the form's own buttons (Ja / Nei)."""
        query = update.callback_query
        assert query is not None
        draft = self._drafts.get(query.from_user.id)
        pressed = query.message.message_id if isinstance(query.message, Message) else None
        if draft is None or draft.step != CONFIRM or pressed != draft.prompt_id:
            await self._adapter.answer_click(query, texts.TG_FORM_BUTTON_INACTIVE)
            return
        await self._adapter.answer_click(query)
        await self._adapter.drop_keyboard(query)
        self._drafts.pop(query.from_user.id, None)
        if self._is_stale(draft):
            await self._adapter.say(update, texts.TG_FORM_EXPIRED)
            return
        if query.data == NO:
            await self._adapter.say(update, texts.TG_FORM_CANCELLED)
            return
        await self._submit(update, draft, source_id=pressed)

    async def cancel(self, update: Update) -> bool:
        """`/avbryt`: True if there was a form to drop."""
        user = update.effective_user
        if user is None or self._drafts.pop(user.id, None) is None:
            return False
        await self._adapter.answer(update, Reply(texts.TG_FORM_CANCELLED))
        return True

    # --- steps ----------------------------------------------------------------------------------------

    async def _on_title(self, update: Update, draft: Draft, text: str) -> None:
        title = " ".join(text.split())
        if not title:
            draft.prompt_id = await self._ask_here(update, texts.TG_FORM_TITLE_EMPTY, texts.TG_FORM_TITLE_PLACEHOLDER)
            return
        if await self._refused(update, draft, title, texts.TG_FORM_TITLE, texts.TG_FORM_TITLE_PLACEHOLDER):
            return
        if len(title) > TITLE_MAX:
            question = texts.CASE_TITLE_TOO_LONG.format(max=TITLE_MAX, length=len(title))
            draft.prompt_id = await self._ask_here(update, question, texts.TG_FORM_TITLE_PLACEHOLDER)
            return
        draft.title = title
        draft.step = DESCRIPTION
        draft.prompt_id = await self._ask_here(
            update, texts.TG_FORM_DESCRIPTION, texts.TG_FORM_DESCRIPTION_PLACEHOLDER
        )

    async def _on_description(self, update: Update, draft: Draft, text: str) -> None:
        description = text.strip()
        if description.casefold() in _NO_DESCRIPTION:
            description = ""
        # The description alone, and joined to the title: what only the two together show (the core
        # checks the same joined text).
        for checked in (description, f"{draft.title}\n{description}"):
            if await self._refused(
                update, draft, checked, texts.TG_FORM_DESCRIPTION, texts.TG_FORM_DESCRIPTION_PLACEHOLDER
            ):
                return
        if len(description) > DESCRIPTION_MAX:
            question = texts.CASE_DESCRIPTION_TOO_LONG.format(max=DESCRIPTION_MAX, length=len(description))
            draft.prompt_id = await self._ask_here(update, question, texts.TG_FORM_DESCRIPTION_PLACEHOLDER)
            return
        draft.description = description
        draft.step = CONFIRM
        warnings_found = [f.message for f in check_case_text(f"{draft.title}\n{description}") if not f.blocking]
        question = "\n\n".join([*warnings_found, texts.TG_FORM_CONFIRM])
        sent = await self._adapter.say(update, question, buttons=_CONFIRM_BUTTONS)
        draft.prompt_id = sent.message_id

    async def _on_confirm_typed(self, update: Update, draft: Draft, text: str) -> None:
        """`ja` or `nei` typed instead of pressed; anything else asks again (and is kept nowhere)."""
        if await self._refused(update, draft, text, texts.TG_FORM_CONFIRM_AGAIN, None):
            return
        word = text.strip().casefold().rstrip(".!")
        if word in ("ja", "j"):
            self._drafts.pop(_user_id(update), None)
            await self._submit(update, draft)
            return
        if word in ("nei", "n", "avbryt"):
            self._drafts.pop(_user_id(update), None)
            await self._adapter.say(update, texts.TG_FORM_CANCELLED)
            return
        sent = await self._adapter.say(update, texts.TG_FORM_CONFIRM_AGAIN, buttons=_CONFIRM_BUTTONS)
        draft.prompt_id = sent.message_id

    async def _submit(self, update: Update, draft: Draft, *, source_id: int | None = None) -> None:
        command = f"/sak ny bekreft {draft.title}\n{draft.description}"
        reply = await self._adapter.run_core(update, command, group=draft.group, announce=draft.group is not None)
        await self._adapter.answer(update, reply, source_id=source_id)

    # --- helpers --------------------------------------------------------------------------------------

    async def _refused(
        self, update: Update, draft: Draft, text: str, question: str, placeholder: str | None
    ) -> bool:
        """Refuse text with an identity number: say why (the guard's sentence, never the text), keep nothing
        of it, and ask the same question again, in one message. The form runs in the private chat only, and
        there the rule for a message the core flags with `Reply.redact` is the same: just answer (deleting
        is for groups, where others read along: `TelegramAdapter.answer`)."""
        blocking = [f for f in check_case_text(text) if f.blocking] if text else []
        if not blocking:
            return False
        again = f"{blocking[0].message}\n\n{question}"
        if placeholder is None:
            sent = await self._adapter.say(update, again, buttons=_CONFIRM_BUTTONS)
            draft.prompt_id = sent.message_id
        else:
            draft.prompt_id = await self._ask_here(update, again, placeholder)
        return True

    def _is_stale(self, draft: Draft) -> bool:
        return self._adapter.now() - draft.started > self._timeout

    def _forget_stale(self) -> None:
        for key in [k for k, d in self._drafts.items() if self._is_stale(d)]:
            del self._drafts[key]

    async def _expired(self, update: Update) -> None:
        self._drafts.pop(_user_id(update), None)
        await self._adapter.say(update, texts.TG_FORM_EXPIRED)

    async def _ask(self, chat_id: int, text: str, placeholder: str) -> int:
        """A question in the private chat, with the reply field opened for the answer."""
        force = ForceReply(input_field_placeholder=placeholder)
        sent = await self._adapter.send_to(chat_id, text, force_reply=force)
        return sent.message_id

    async def _ask_here(self, update: Update, text: str, placeholder: str) -> int:
        return await self._ask(_user_id(update), text, placeholder)


def _user_id(update: Update) -> int:
    user = update.effective_user
    return user.id if user is not None else 0


def _message_id(message: Message | None) -> int | None:
    return message.message_id if message is not None else None
