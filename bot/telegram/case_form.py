"""`/sak ny` without text on Telegram: a short conversation instead of Slack's modal, always in the member's
private chat with the bot.

The steps are `handlers.forms.CASE_FORM`'s fields in order (title, then description), each answer checked
with the form's checks (`handlers.forms.check`: required, the privacy guard, the length) as it arrives,
then the mandate's question: the case is about the services at system level, not one person's case.
Telegram has no message only one member of a group sees, so a form started in the group is sent to the
private chat, and the group only reads that it was (or, for a member who never pressed Start there, how to
do that); nothing of the case text is asked for or accepted in the group. An error (an identity number
above all) is said without echoing the text, as the adapter answers any message the core flags with
`Reply.redact` in a private chat, and the question is asked again. The text lives only in memory until the
member confirms; then it goes to the core as `/sak ny bekreft <tittel>\\n<beskrivelse>`
(`handlers.forms.command`), exactly as if typed, for the council of the group the form was started in; what
the group should read about the new case (its number) reaches the group through the outbox
(`Incoming.announce`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from telegram import ForceReply, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.telegram.callbacks import FORM_PREFIX
from handlers import texts
from handlers.forms import CASE_FORM, YES, Field, blocking_case_text, check, command, first_error, warnings
from handlers.replies import Button, Reply

if TYPE_CHECKING:
    from bot.telegram.adapter import TelegramAdapter

_LOGGER = logging.getLogger(__name__)

CONFIRM = len(CASE_FORM.fields)  # the step after the last field
PRESSED_YES, PRESSED_NO = f"{FORM_PREFIX}ja", f"{FORM_PREFIX}nei"
# How each field is asked here: as a question the member answers by replying to it.
_QUESTIONS = {"title": texts.TG_FORM_TITLE, "description": texts.TG_FORM_DESCRIPTION}
_CONFIRM_BUTTONS = (
    Button(texts.TG_BUTTON_CONFIRM_YES, PRESSED_YES),
    Button(texts.TG_BUTTON_CONFIRM_NO, PRESSED_NO),
)


@dataclass
class Draft:
    """One member's case in the making. `group`: the group the form was started in (its council gets the
    case, and its members read the new case's number), or None for a form started in the private chat."""

    started: datetime
    group: int | None
    step: int = 0  # the index of the field asked, or CONFIRM
    prompt_id: int | None = None
    answers: dict[str, str] = field(default_factory=dict)


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
            first = CASE_FORM.fields[0]
            draft.prompt_id = await self._ask(user.id, _QUESTIONS[first.name], first.placeholder)
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
        if draft.step < CONFIRM:
            await self._on_answer(update, draft, CASE_FORM.fields[draft.step], text)
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
        if query.data == PRESSED_NO:
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

    async def _on_answer(self, update: Update, draft: Draft, asked: Field, text: str) -> None:
        """One field's answer: kept and the next step asked, or the error said and the same question asked
        again in one message. Earlier answers passed their checks, so an error now is this answer's or what
        only the answers together show (`check`'s joined checks: the core checks the same joined text)."""
        answers = {**draft.answers, asked.name: text}
        error = first_error(CASE_FORM, check(CASE_FORM, answers))
        if error is not None:
            question = f"{error}\n\n{_QUESTIONS[asked.name]}"
            draft.prompt_id = await self._ask_here(update, question, asked.placeholder)
            return
        draft.answers[asked.name] = asked.clean(text)
        draft.step += 1
        if draft.step < CONFIRM:
            following = CASE_FORM.fields[draft.step]
            draft.prompt_id = await self._ask_here(update, _QUESTIONS[following.name], following.placeholder)
            return
        question = "\n\n".join([*warnings(CASE_FORM, draft.answers), texts.TG_FORM_CONFIRM])
        sent = await self._adapter.say(update, question, buttons=_CONFIRM_BUTTONS)
        draft.prompt_id = sent.message_id

    async def _on_confirm_typed(self, update: Update, draft: Draft, text: str) -> None:
        """`ja` or `nei` typed instead of pressed; anything else asks again (and is kept nowhere)."""
        refusal = blocking_case_text(text) if text else None
        if refusal is not None:
            # Said without the text, and nothing of it kept; the question again, with its buttons.
            sent = await self._adapter.say(
                update, f"{refusal}\n\n{texts.TG_FORM_CONFIRM_AGAIN}", buttons=_CONFIRM_BUTTONS
            )
            draft.prompt_id = sent.message_id
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
        assert CASE_FORM.confirm is not None
        typed = command(CASE_FORM, {**draft.answers, CASE_FORM.confirm.name: YES})
        reply = await self._adapter.run_core(update, typed, group=draft.group, announce=draft.group is not None)
        await self._adapter.answer(update, reply, source_id=source_id)

    # --- helpers --------------------------------------------------------------------------------------

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
