"""The Teams adapter: `/api/messages` on the bot's web server, through the Microsoft 365 Agents SDK.

Each request's token is checked first (`bot/teams/auth.py`: signature, audience, issuer, tenant, service
URL); a request that fails gets 401 and nothing is read or written. The SDK's `CloudAdapter` then runs the
turn, and `TeamsAgent.on_turn` does what every adapter does (`bot/chat.py`): the pure `to_domain` makes
the activity an `Event`, the core answers, `route` says where the answer goes and the pure `perform` makes
it Teams messages. A member writes `sak ny Ventetid på avrusning` (the slash is optional) in the
council's channel with an @mention of the bot, or in the personal chat; a button is a card action whose
data is its command. What only the sender may read goes to their personal chat, never to the channel.

Where the bot may write later (a conversation reference: the conversation, its service URL, the tenant)
is kept by the core (`Dispatcher.remember_place`) when the app is added to a team or a chat and from
every message, so the outbox can post in the channel and write to members (`bot/teams/port.py`).
"""

from __future__ import annotations

import html
import logging
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import ClaimsIdentity, TurnContext
from microsoft_agents.hosting.core.authorization import Connections
from microsoft_agents.hosting.core.connector import ConnectorClientBase

from bot.app import App
from bot.chat import Action, Chat, Event, OpenForm, SendFile, SendPrivately, Show, Surface, TakeBack, route
from bot.delivery import DeliveryError
from bot.tables import ConfigError
from bot.teams import cards
from bot.teams.activity import address_of, channel_of, is_shared, user_of
from bot.teams.auth import Checker, Keys, Refused
from bot.teams.platform import TeamsConfig
from bot.teams.port import PLATFORM, TeamsPort
from handlers import texts
from handlers.commands import ALIASES, alias_commands, command_words
from handlers.forms import FORMS, check, command
from handlers.privacy import has_identity_number
from handlers.replies import Reply

_LOGGER = logging.getLogger(__name__)

_AT = re.compile(r"<at>(.*?)</at>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_WORDS = frozenset(command_words())
_ALIASES = {f"/{name}": runs for name, runs in alias_commands().items()}  # `/hjelp` → `/brukerrad hjelp`
_ENDS_FORM = frozenset(f"/{name}" for name, alias in ALIASES.items() if alias.ends_form)
SURFACE_CHANNEL = Surface(shared=True, ephemeral=False, files_apart=True)
SURFACE_PERSONAL = Surface(shared=False, ephemeral=False, files_apart=True)


@dataclass(frozen=True)
class FormAnswer:
    """A submitted form card: its form, the answers, and the channel it was opened from (None: the
    personal chat). `card_id`: the card's own message, to show it again with the errors."""

    form: str
    answers: dict[str, str]
    channel: str | None
    user_id: str
    delivery_key: str | None
    card_id: str | None


def typed_text(activity: Mapping[str, Any]) -> str:
    """What the member typed, as a command: the bot's own @mention taken out, another member's mention
    replaced by their id (what `/brukerrad medlem koble` takes), markup dropped, and the slash added
    when the first word is a command (Teams' command menu inserts the words without one)."""
    text = str(activity.get("text") or "")
    bot_id = str((activity.get("recipient") or {}).get("id", ""))
    ids: dict[str, str] = {}
    for entity in activity.get("entities") or []:
        if not isinstance(entity, Mapping) or entity.get("type") != "mention":
            continue
        mentioned = entity.get("mentioned") or {}
        shown = str(entity.get("text") or "")
        if str(mentioned.get("id", "")) == bot_id:
            text = text.replace(shown, " ")
        else:
            ids[_AT.sub(r"\1", shown)] = str(mentioned.get("aadObjectId") or mentioned.get("id") or "")
    text = _AT.sub(lambda m: ids.get(m.group(1), m.group(1)), text)
    text = html.unescape(_TAG.sub("", text)).replace("\xa0", " ").strip()
    first = text.split(maxsplit=1)[0].lower() if text else ""
    if first and not first.startswith("/") and first in _WORDS:
        text = "/" + text
    return _ALIASES.get(text.split(maxsplit=1)[0].lower(), text) if text else text


def to_domain(activity: Mapping[str, Any]) -> Event | FormAnswer | None:
    """A message activity as an `Event` (a typed command or a button's), or a submitted form; None for
    anything the core has nothing to do with (an empty message, a card action without a command)."""
    if activity.get("type") != "message":
        return None
    user = user_of(activity)
    shared = is_shared(activity)
    channel = channel_of(activity)
    key = f"teams:{activity['id']}" if activity.get("id") else None
    value = activity.get("value")
    if isinstance(value, Mapping):
        if isinstance(value.get(cards.FORM_KEY), str) and value[cards.FORM_KEY] in FORMS:
            form = FORMS[value[cards.FORM_KEY]]
            opened = value.get(cards.CHANNEL_KEY)
            return FormAnswer(
                form.name,
                cards.form_answers(form, value),
                str(opened) if isinstance(opened, str) and opened else (channel if shared else None),
                user,
                key,
                str(activity.get("replyToId") or "") or None,
            )
        if isinstance(value.get(cards.COMMAND_KEY), str):
            return Event(user, value[cards.COMMAND_KEY], channel, shared=shared, delivery_key=key)
        return None
    text = typed_text(activity)
    if not text:
        return None
    return Event(user, text, channel, shared=shared, delivery_key=key)


@dataclass(frozen=True)
class Out:
    """Messages to send: `here` (where the event came from) or to the sender's personal chat."""

    activities: tuple[dict[str, Any], ...]
    private: bool = False


def perform(action: Action, *, channel: str | None) -> list[Out]:
    """Each action as Teams messages. Teams has no message only one person sees in a channel (its
    'targeted' messages are a preview), so what is private goes to the personal chat and the channel
    hears only that it did. `channel`: the shared channel the event came from (None: personal chat)."""
    if isinstance(action, Show):
        return [Out(tuple(cards.messages(action.reply.text, action.reply.buttons)), private=False)]
    if isinstance(action, SendPrivately):
        return [
            Out(tuple(cards.messages(action.reply.text, action.reply.buttons)), private=True),
            Out((cards.text_message(texts.TEAMS_ANSWER_SENT_PRIVATELY),)),
        ]
    if isinstance(action, TakeBack):
        return [
            Out(tuple(cards.messages(action.reply.text)), private=True),
            Out((cards.text_message(texts.TEAMS_TAKEN_BACK),)),
        ]
    if isinstance(action, OpenForm):
        form = cards.form_card(FORMS[action.form], channel=channel)
        opened = Out(({"type": "message", "attachments": [cards.attachment(form)]},), private=channel is not None)
        if channel is None:
            return [opened]
        return [opened, Out((cards.text_message(texts.TEAMS_FORM_SENT_PRIVATELY),))]
    assert isinstance(action, SendFile)
    # A bot can send a file in Teams only through a consent card and the member's OneDrive: not yet.
    return [Out((cards.text_message(texts.TEAMS_FILE_ELSEWHERE.format(filename=action.attachment.filename)),))]


class StaticConnections:
    """Outbound tokens from a fixed source: for tests against a fake connector (MSAL, which production
    uses, fetches them from Entra ID and refuses any other authority)."""

    def __init__(self, token: str) -> None:
        self._provider = _StaticProvider(token)

    def get_connection(self, connection_name: str) -> Any:
        return self._provider

    def get_default_connection(self) -> Any:
        return self._provider

    def get_token_provider(self, claims_identity: ClaimsIdentity, service_url: str) -> Any:
        return self._provider

    def get_token_provider_from_activity(self, claims_identity: ClaimsIdentity, activity: Activity) -> Any:
        return self._provider

    def get_default_connection_configuration(self) -> Any:
        return None


class _StaticProvider:
    def __init__(self, token: str) -> None:
        self._token = token

    @property
    def configuration(self) -> Any:
        return None

    async def get_access_token(self, resource_url: str, scopes: list[str], force_refresh: bool = False) -> str:
        return self._token

    def get_token_credential(self) -> Any:
        raise NotImplementedError


def msal_connections(app_id: str, tenant_id: str, password: str) -> Connections:
    """The bot's own tokens for the Bot Connector, from Entra ID (client credentials, single tenant)."""
    from microsoft_agents.authentication.msal import MsalConnectionManager
    from microsoft_agents.hosting.core import AgentAuthConfiguration

    settings = AgentAuthConfiguration(
        client_id=app_id,
        tenant_id=tenant_id,
        client_secret=password,
        validate_issuer=True,
    )
    manager: Connections = MsalConnectionManager(connections_configurations={"SERVICE_CONNECTION": settings})
    return manager


class TeamsAgent:
    """The SDK's `Agent`: one turn per activity."""

    def __init__(self, adapter: TeamsAdapter) -> None:
        self._adapter = adapter

    async def on_turn(self, context: TurnContext) -> None:
        await self._adapter.turn(context)


class TeamsAdapter:
    """The `bot.platforms.Adapter` for Microsoft Teams."""

    platform = PLATFORM

    def __init__(
        self,
        app: App,
        config: TeamsConfig,
        env: Mapping[str, str],
        *,
        connections: Connections | None = None,
        keys: Keys | None = None,
    ) -> None:
        missing = [name for name in ("TEAMS_APP_ID", "TEAMS_TENANT_ID") if not env.get(name)]
        if connections is None and not env.get("TEAMS_APP_PASSWORD"):
            missing.append("TEAMS_APP_PASSWORD")
        if missing:
            raise ConfigError(texts.CLI_SECRET_MISSING.format(name=missing[0], what=texts.CLI_SECRET_WHAT[missing[0]]))
        self.app = app
        self.config = config
        self.app_id = env["TEAMS_APP_ID"]
        self.tenant_id = env["TEAMS_TENANT_ID"]
        self.checker = Checker(self.app_id, self.tenant_id, keys or Keys(config.openid_metadata), config.service_hosts)
        self.cloud = CloudAdapter(
            connection_manager=connections
            or msal_connections(self.app_id, self.tenant_id, env.get("TEAMS_APP_PASSWORD", ""))
        )
        self.cloud.on_turn_error = self._turn_failed
        self.agent = TeamsAgent(self)
        self.chat = Chat(app, PLATFORM, not_bound=texts.TEAMS_NO_COUNCIL_HERE)
        self._known: dict[str, dict[str, Any]] = {}  # places remembered by this process, with their address
        self._port = TeamsPort(self)
        app.add_port(self._port)

    @property
    def port(self) -> TeamsPort:
        return self._port

    def routes(self, web_app: web.Application) -> None:
        web_app.router.add_post("/api/messages", self._on_request)

    async def start(self) -> None:
        self._port.attach()

    async def stop(self) -> None:
        self._port.detach()

    # --- requests ---------------------------------------------------------------------------------------

    async def _on_request(self, request: web.Request) -> web.StreamResponse:
        try:
            body = await request.json()
        except ValueError:
            return web.json_response({"error": "bad request"}, status=400)
        if not isinstance(body, dict):
            return web.json_response({"error": "bad request"}, status=400)
        try:
            claims = await self.checker.claims(request.headers.get("Authorization"), body)
        except Refused as refused:
            _LOGGER.warning("Teams: refused a request: %s", refused)
            return web.json_response({"error": "unauthorized"}, status=401)
        with warnings.catch_warnings():  # the SDK reads its identity under a plain string key
            warnings.simplefilter("ignore", web.NotAppKeyWarning)
            request["claims_identity"] = ClaimsIdentity(claims, authentication_type="Bearer")
        response = await self.cloud.process(request, self.agent)
        return response if response is not None else web.Response(status=202)

    async def _turn_failed(self, context: TurnContext, error: Exception) -> None:
        """The SDK's default posts the exception's text into the chat; the member gets a kind sentence and
        the log the error's type, never its message (it may quote what was typed)."""
        _LOGGER.error("Teams: a turn failed (%s)", type(error).__name__)
        try:
            await context.send_activity(Activity.model_validate(cards.text_message(texts.TEAMS_TURN_FAILED)))
        except Exception as second:  # the connector itself may be what failed
            _LOGGER.error("Teams: could not say so either (%s)", type(second).__name__)

    # --- a turn ---------------------------------------------------------------------------------------

    async def turn(self, context: TurnContext) -> None:
        raw: dict[str, Any] = context.activity.model_dump(mode="json", by_alias=True, exclude_none=True)
        await self._remember(raw)
        kind = raw.get("type")
        if kind in ("conversationUpdate", "installationUpdate"):
            await self._installed(context, raw)
            return
        if raw.get("type") == "message":
            await self._mentioned_accounts(context, raw)
        got = to_domain(raw)
        if got is None:
            return
        if isinstance(got, FormAnswer):
            await self._form_answer(context, got)
            return
        if not got.text.startswith("/"):  # the slash is optional in Teams: say so, not the core's "begin with /"
            await context.send_activity(Activity.model_validate(cards.text_message(texts.TEAMS_NOT_A_COMMAND)))
            return
        if got.text.split(maxsplit=1)[0].lower() in _ENDS_FORM:  # a card form needs no cancelling
            await context.send_activity(Activity.model_validate(cards.text_message(texts.TEAMS_NOTHING_TO_CANCEL)))
            return
        reply = await self.app.call_core(self.chat.handle, got)
        await self._answer(context, raw, reply)

    async def _mentioned_accounts(self, context: TurnContext, raw: dict[str, Any]) -> None:
        """Members are known by their Entra object id, but a mention names the Teams account (`29:…`):
        ask the connector whose it is (the secretary links a member by mentioning them). The bot's own
        mention needs nothing; a lookup that fails leaves the Teams id, which then matches nobody."""
        bot_id = str((raw.get("recipient") or {}).get("id", ""))
        connector = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]
        conversation = str((raw.get("conversation") or {}).get("id", ""))
        for entity in raw.get("entities") or []:
            mentioned = (
                entity.get("mentioned") if isinstance(entity, dict) and entity.get("type") == "mention" else None
            )
            if not isinstance(mentioned, dict) or mentioned.get("aadObjectId") or mentioned.get("id") in (None, bot_id):
                continue
            if connector is None:
                return
            try:
                account = await connector.conversations.get_conversation_member(conversation, str(mentioned["id"]))
            except Exception as error:  # the connector's or the network's: the Teams id stays
                _LOGGER.warning("Teams: could not look up a mentioned account (%s)", type(error).__name__)
                continue
            if account.aad_object_id:
                mentioned["aadObjectId"] = account.aad_object_id

    async def _answer(self, context: TurnContext, raw: Mapping[str, Any], reply: Reply | None) -> None:
        shared = is_shared(raw)
        channel = channel_of(raw) if shared else None
        found = address_of(raw)
        here = found[1] if found is not None else None
        for action in route(reply, SURFACE_CHANNEL if shared else SURFACE_PERSONAL):
            for out in perform(action, channel=channel):
                if out.private and shared:
                    try:
                        await self._port.send_personal(user_of(raw), out.activities, near=here)
                    except DeliveryError:
                        name = str((raw.get("from") or {}).get("name") or "").split(" ")[0]
                        note = self._port.open_chat_note(name or texts.TEAMS_YOU)
                        await context.send_activity(Activity.model_validate(cards.text_message(note)))
                        return
                else:
                    for activity in out.activities:
                        await context.send_activity(Activity.model_validate(activity))

    async def _form_answer(self, context: TurnContext, answer: FormAnswer) -> None:
        form = FORMS[answer.form]
        errors = check(form, answer.answers)
        if form.confirm is not None and form.confirm.name not in errors and not answer.answers.get(form.confirm.name):
            errors[form.confirm.name] = form.confirm.missing
        if errors:
            # Shown again with what was typed, except a field holding an identity number: the card is a
            # message in the chat's history, and the bot never writes one there.
            kept = {name: ("" if has_identity_number(value) else value) for name, value in answer.answers.items()}
            shown = cards.form_card(form, channel=answer.channel, answers=kept, errors=errors)
            activity = Activity.model_validate({"type": "message", "attachments": [cards.attachment(shown)]})
            if answer.card_id:
                activity.id = answer.card_id
                await context.update_activity(activity)
            else:
                await context.send_activity(activity)
            return
        event = Event(
            answer.user_id,
            command(form, answer.answers),
            None,
            shared=False,
            delivery_key=answer.delivery_key,
            announce=answer.channel is not None,
            council_channel=answer.channel,
        )
        reply = await self.app.call_core(self.chat.handle, event)
        if reply is not None and answer.card_id and not reply.error:
            done = Activity.model_validate(
                {"type": "message", "attachments": [cards.attachment(cards.card(reply.text, ()))]}
            )
            done.id = answer.card_id
            await context.update_activity(done)
            return
        for action in route(reply, SURFACE_PERSONAL):
            for out in perform(action, channel=None):
                for shown in out.activities:
                    await context.send_activity(Activity.model_validate(shown))

    async def _installed(self, context: TurnContext, raw: Mapping[str, Any]) -> None:
        """The app was added to a team, a chat or a person's Teams: say hello (in a channel no council is
        bound to, with the id the secretary puts in the configuration). Repeats say nothing."""
        bot_id = str((raw.get("recipient") or {}).get("id", ""))
        added = [m for m in raw.get("membersAdded") or [] if isinstance(m, Mapping)]
        installed = raw.get("type") == "installationUpdate" and raw.get("action") == "add"
        if not installed and not any(str(m.get("id")) == bot_id for m in added):
            return
        if is_shared(raw):
            channel = channel_of(raw)
            if await self.app.call_core(self.chat.bound_council, channel) is not None:
                return
            text = texts.TEAMS_NO_COUNCIL_HERE.format(channel=channel)
        else:
            text = texts.TEAMS_WELCOME
        await context.send_activity(Activity.model_validate(cards.text_message(text)))

    async def _remember(self, raw: Mapping[str, Any]) -> None:
        """Keep where the bot may write later, once per process for each place (and again if it moved)."""
        found = address_of(raw)
        if found is None:
            return
        place_id, address, user = found
        if self._known.get(place_id) == address:
            return
        await self.app.call_core(self.app.dispatcher.remember_place, PLATFORM, place_id, address, user)
        self._known[place_id] = address
