"""The Teams delivery port: the outbox's posts in the council's channel and its messages to members.

Teams lets a bot write unasked only with a conversation reference (the conversation, the service URL of
its region, the tenant), which the core keeps (`handlers/places.py`) from the moment the app was added.
A post goes through the SDK's proactive path (`CloudAdapter.continue_conversation`); a member with no
personal chat with the bot yet gets one opened (`create_conversation`) where the tenant allows it.

The sender runs in a worker thread and the SDK on the event loop, so each call is handed to the loop and
waited for. The connector's answers become `DeliveryError`s the sender understands: 429 → `retry_after`
(the SDK never retries), 5xx and network trouble → try again later, 403/404 for a person → `unreachable`
(the sender asks them in the channel to open the app), for the channel → permanent. The port records
nothing itself.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Coroutine, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import aiohttp
from microsoft_agents.activity import Activity, ConversationParameters, ConversationReference
from microsoft_agents.hosting.core import AuthenticationConstants, TurnContext

from bot.delivery import DeliveryError, OutMessage
from bot.teams import cards
from handlers import texts

if TYPE_CHECKING:
    from bot.teams.adapter import TeamsAdapter

_LOGGER = logging.getLogger(__name__)

PLATFORM = "teams"
TEAMS_CHANNEL = "msteams"
T = TypeVar("T")


class _Gone(DeliveryError):
    """The message to edit no longer exists: post a new one."""


class _Answered(DeliveryError):
    """What the connector answered with an HTTP error, keeping its status (404 on an edit: gone)."""

    def __init__(self, message: str, status: int, **how: Any) -> None:
        super().__init__(message, **how)
        self.status = status


class TeamsPort:
    """`bot.delivery.DeliveryPort` (and `OpenChatNote`) for Teams."""

    platform = PLATFORM

    def __init__(self, adapter: TeamsAdapter, *, timeout: float = 60.0) -> None:
        self._adapter = adapter
        self._timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None

    def attach(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()

    def detach(self) -> None:
        self._loop = None

    # --- the port (a worker thread) -------------------------------------------------------------------

    def post_to_channel(
        self, channel_id: str, message: OutMessage, *, idempotency_key: str, edit_message_id: str | None = None
    ) -> str:
        address = self._adapter.app.dispatcher.place(PLATFORM, channel_id)
        if address is None:
            raise DeliveryError(texts.TEAMS_FAILED_NO_PLACE.format(channel=channel_id))
        activities = cards.messages(message.text, message.buttons)
        try:
            if edit_message_id is not None and len(activities) == 1:
                try:
                    self._call(self._edit(channel_id, address, activities[0], edit_message_id))
                    return edit_message_id
                except _Gone:  # the sender sees the new id and points later edits at it
                    pass
            return self._call(self._send(channel_id, address, activities))
        except DeliveryError as error:
            if error.unreachable:  # the bot was removed from the team, or the channel is gone
                raise DeliveryError(str(error), permanent=True) from None
            raise

    def send_direct(self, user_id: str, message: OutMessage, *, idempotency_key: str) -> str:
        return self._call(self.send_personal(user_id, cards.messages(message.text, message.buttons)))

    def open_chat_note(self, first_name: str) -> str:
        return texts.TEAMS_NO_PRIVATE_CHAT.format(name=first_name, app=self._adapter.config.app_name)

    # --- on the loop ----------------------------------------------------------------------------------

    async def send_personal(
        self, user_id: str, activities: Sequence[Mapping[str, Any]], *, near: Mapping[str, Any] | None = None
    ) -> str:
        """Write to the person in their personal chat with the bot, opening it when there is none yet: at
        `near` (the address of where they just wrote), else at the newest place the bot knows."""
        app = self._adapter.app
        found = await app.call_core(app.dispatcher.personal_place, PLATFORM, user_id)
        if found is None:
            where = near
            if where is None:
                where = await app.call_core(app.dispatcher.newest_place, PLATFORM)
            if where is None:
                raise DeliveryError(texts.TEAMS_FAILED_NO_PRIVATE_CHAT, unreachable=True)
            found = await self._open_personal(user_id, where)
        conversation, address = found
        return await self._send(conversation, address, activities)

    async def _open_personal(self, user_id: str, where: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        tenant = str(where.get("tenant_id", ""))
        parameters = ConversationParameters.model_validate(
            {
                "isGroup": False,
                "bot": {"id": str(where["bot_id"])},
                "members": [{"id": user_id}],
                "tenantId": tenant,
                "channelData": {"tenant": {"id": tenant}},
            }
        )
        opened: list[str] = []

        async def got(context: TurnContext) -> None:
            opened.append(str(context.activity.conversation.id))

        await self._guarded(
            self._adapter.cloud.create_conversation(
                self._adapter.app_id,
                TEAMS_CHANNEL,
                str(where["service_url"]),
                AuthenticationConstants.AGENTS_SDK_SCOPE,
                parameters,
                got,
            ),
            person=True,
        )
        address = {**dict(where), "conversation_type": "personal"}
        app = self._adapter.app
        await app.call_core(app.dispatcher.remember_place, PLATFORM, opened[0], address, user_id)
        return opened[0], address

    async def _send(
        self, conversation: str, address: Mapping[str, Any], activities: Sequence[Mapping[str, Any]]
    ) -> str:
        sent: list[str] = []

        async def post(context: TurnContext) -> None:
            for activity in activities:
                response = await context.send_activity(Activity.model_validate(dict(activity)))
                sent.append(str(response.id) if response is not None and response.id else "")

        await self._guarded(
            self._continue(conversation, address, post), person=address.get("conversation_type") == "personal"
        )
        return sent[-1] if sent else ""

    async def _edit(
        self, conversation: str, address: Mapping[str, Any], activity: Mapping[str, Any], message_id: str
    ) -> None:
        async def edit(context: TurnContext) -> None:
            replaced = Activity.model_validate(dict(activity))
            replaced.id = message_id
            await context.update_activity(replaced)

        try:
            await self._guarded(self._continue(conversation, address, edit), person=False)
        except _Answered as error:
            if error.status == 404:
                raise _Gone(str(error)) from None
            raise

    async def _continue(self, conversation: str, address: Mapping[str, Any], callback: Any) -> None:
        """Run `callback` in a proactive turn. The SDK hands a turn's exception to its turn-error handler
        (which would even post about it); here it is caught in the turn and raised after it, so the
        connector's answer reaches `_guarded` and the sender."""
        account: dict[str, Any] = {"id": conversation}
        if address.get("tenant_id"):
            account["tenantId"] = str(address["tenant_id"])
        if address.get("conversation_type"):
            account["conversationType"] = str(address["conversation_type"])
        reference = ConversationReference.model_validate(
            {
                "channelId": TEAMS_CHANNEL,
                "serviceUrl": str(address["service_url"]),
                "bot": {"id": str(address["bot_id"])},
                "conversation": account,
            }
        )
        failed: list[BaseException] = []

        async def turn(context: TurnContext) -> None:
            try:
                await callback(context)
            except Exception as error:
                failed.append(error)

        await self._adapter.cloud.continue_conversation(
            self._adapter.app_id, reference.get_continuation_activity(), turn
        )
        if failed:
            raise failed[0]

    async def _guarded(self, work: Coroutine[Any, Any, Any], *, person: bool) -> Any:
        """The connector's answers as `DeliveryError`s (see the module's docstring)."""
        try:
            return await work
        except aiohttp.ClientResponseError as error:
            status = error.status
            refused = texts.TEAMS_FAILED_REFUSED.format(status=status)
            if status == 429:
                seconds = _retry_after(error.headers)
                text = texts.TEAMS_FAILED_RATE_LIMIT.format(seconds=round(seconds))
                raise _Answered(text, status, retry_after=seconds) from None
            if status in (403, 404) and person:
                raise _Answered(texts.TEAMS_FAILED_NO_PRIVATE_CHAT, status, unreachable=True) from None
            if status in (403, 404):
                raise _Answered(refused, status, unreachable=status == 403) from None
            if status >= 500 or status in (401, 408):  # 401: our token was refused; fixable, try again
                raise _Answered(texts.TEAMS_FAILED_NETWORK, status) from None
            raise _Answered(refused, status, permanent=True) from None
        except (TimeoutError, aiohttp.ClientError, OSError):
            raise DeliveryError(texts.TEAMS_FAILED_NETWORK) from None

    def _call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run `coroutine` on the adapter's loop and wait for it."""
        loop = self._loop
        if loop is None or loop.is_closed() or threading.get_ident() == self._loop_thread:
            coroutine.close()  # not running, or waiting here would deadlock the loop that must do the work
            raise DeliveryError(texts.TEAMS_FAILED_NOT_RUNNING)
        future = asyncio.run_coroutine_threadsafe(coroutine, loop)
        try:
            return future.result(self._timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise DeliveryError(texts.TEAMS_FAILED_TIMEOUT) from None


def _retry_after(headers: Any) -> float:
    try:
        return max(1.0, float((headers or {}).get("Retry-After", "1")))
    except (TypeError, ValueError):
        return 1.0
