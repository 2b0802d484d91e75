"""The council in Slack, through slack-bolt: slash commands, command buttons, the `/sak ny` modal, the App
Home tab, in Socket Mode or over HTTP (`/slack/events` on the process's one aiohttp server).

The ack path (measured in bench/bench_slack.py). Bolt runs with `process_before_response=True`: the
listener does the work and acks with the answer itself, in the HTTP response (or the Socket Mode
envelope). Bolt's default acks first but polls for the ack every 10 ms (about 10 ms a request, measured);
our core answers in a few milliseconds, far inside Slack's 3 seconds, and persist-then-answer means the
person sees the case number only once the case is committed. Calls to the Web API that a reply causes
(open the modal, upload the calendar, refresh the Home tab) run after the ack, as tasks on the loop, so a
slow Slack never delays an answer. The synchronous core runs in a worker thread; the loop keeps serving.

Duplicates: slash commands and clicks carry a delivery key (trigger, click time and button), so the core
changes nothing twice; a retried `app_home_opened` (X-Slack-Retry-Num, same event id) is dropped.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Coroutine, Mapping
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.app import App
from bot.chat import Chat, Event, OpenForm, Seen, SendFile, Show, Surface, route
from bot.slack import home, modal
from bot.slack.incoming import command_text, delivery_key, dig, is_direct, is_slack_shaped, parse_body, text_of
from bot.slack.manifest import EVENTS_PATH, slash_commands
from bot.slack.platform import SlackConfig
from bot.slack.port import PLATFORM, SlackPort
from bot.slack.render import reply_view, response
from bot.slack.retry import async_retry_handlers
from bot.tables import ConfigError
from handlers import texts
from handlers.overview import Overview
from handlers.replies import Attachment, Reply

_LOGGER = logging.getLogger(__name__)

ACTION_ID = re.compile(r"^cmd_\d+$")  # every command button (render.actions)
SEEN_EVENTS = 4096
API_WAIT = 5.0  # seconds the loop's Web API client may wait out a 429 in place
# What `apps.connections.open` answers to an app token that will never work (Slack's method documentation):
# retrying cannot help, so `brukerrad run` stops and says which variable to fix.
APP_TOKEN_REFUSED = frozenset(
    {"invalid_auth", "not_authed", "not_allowed_token_type", "account_inactive", "token_revoked", "token_expired"}
)


class SlackAdapter:
    """One Slack workspace for every council bound to a Slack channel (`slack_channel` in `[[councils]]`)."""

    platform = PLATFORM

    def __init__(self, app: App, config: SlackConfig, env: Mapping[str, str], *, port: SlackPort | None = None) -> None:
        """`port`: the delivery port to use instead of the default one (tests pass one whose waits they see)."""
        token = env.get("SLACK_BOT_TOKEN", "")
        if not token:
            raise ConfigError(texts.SLACK_NO_TOKEN)
        self._app_token = env.get("SLACK_APP_TOKEN", "")
        signing_secret = env.get("SLACK_SIGNING_SECRET", "")
        if config.mode == "socket" and not self._app_token:
            raise ConfigError(texts.SLACK_NO_APP_TOKEN)
        if config.mode == "http" and not signing_secret:
            raise ConfigError(texts.SLACK_NO_SIGNING_SECRET)
        self.app = app
        self.config = config
        self.port = port or SlackPort(token, config.api_base_url)
        app.add_port(self.port)
        self.chat = Chat(app, PLATFORM, not_bound=texts.SLACK_CHANNEL_NOT_THE_COUNCILS)
        _quiet_bolt_token_warning()
        self.bolt = AsyncApp(
            client=AsyncWebClient(
                token=token, base_url=config.api_base_url, retry_handlers=async_retry_handlers(1, API_WAIT)
            ),
            # HTTP: `events` checks the signature itself before Bolt parses anything (see there).
            signing_secret=signing_secret or "not-used-in-socket-mode",
            request_verification_enabled=False,
            process_before_response=True,
        )
        self._verifier = SignatureVerifier(signing_secret) if signing_secret else None
        self._socket: Any = None
        self._seen = Seen(SEEN_EVENTS)
        self._tasks: set[asyncio.Task[None]] = set()
        self._http: aiohttp.ClientSession | None = None
        self._commands = frozenset(slash_commands())  # the command table's, as the manifest declares them
        # HTTP mode: a slash command goes straight to `_on_command` once Bolt has passed one through (see
        # `_by_ourselves`); until then, and for everything else, Bolt dispatches.
        self._bolt_checked = False
        for name in sorted(self._commands):
            self.bolt.command(name)(self._on_command)
        self.bolt.action(ACTION_ID)(self._on_click)
        self.bolt.view_submission(modal.CALLBACK_ID)(self._on_case_form)
        self.bolt.event("app_home_opened")(self._on_home_opened)

    # --- life cycle ------------------------------------------------------------------------------------

    def routes(self, web_app: web.Application) -> None:
        """HTTP mode: Slack's one request URL (commands, interactivity and events) on the shared server."""
        if self.config.mode == "http":
            web_app.router.add_post(EVENTS_PATH, self.events)

    async def start(self) -> None:
        """Socket Mode connects here (it reconnects by itself); HTTP mode has nothing to start."""
        if self.config.mode == "socket":
            from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

            self._socket = AsyncSocketModeHandler(self.bolt, self._app_token)
            # slack_sdk's connect loop retries every failure every ten seconds, a refused token included,
            # with a traceback each time. So the first connection address is asked for here, once: a token
            # Slack refuses stops the start with a message that names the variable.
            self._socket.client.wss_uri = await self._first_socket_url()
            await self._socket.connect_async()
            _LOGGER.info("Slack: connected in Socket Mode")

    async def _first_socket_url(self) -> str | None:
        """`apps.connections.open` with the app token: its WebSocket address, or None to let the SDK ask
        (and retry) itself after an answer that may pass (a rate limit, a server or network error)."""
        try:
            response = await self._socket.client.web_client.apps_connections_open(app_token=self._app_token)
        except SlackApiError as error:
            code = str(error.response.get("error", ""))
            if code not in APP_TOKEN_REFUSED:
                return None
            await self._socket.client.close()
            self._socket = None
            raise ConfigError(texts.SLACK_APP_TOKEN_REFUSED.format(error=code)) from None
        except (TimeoutError, aiohttp.ClientError, OSError):
            return None
        url = response.get("url")
        return str(url) if url else None

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        if self._tasks:  # let posts already begun finish (a little while), then stop
            await asyncio.wait(set(self._tasks), timeout=5)
        if self._http is not None:
            await self._http.close()
            self._http = None

    async def events(self, request: web.Request) -> web.Response:
        """`POST /slack/events`: signed by Slack, or refused with 401 (stale timestamps included)."""
        raw = await request.text()
        # Checked here exactly as Bolt checks it (HMAC-SHA256 of `v0:timestamp:body`, at most five minutes
        # off), but before Bolt parses the body: a payload of the wrong shape crashes Bolt with a 500.
        if not self._signed(raw, request.headers):
            return web.Response(status=401, text="invalid request")
        body = parse_body(raw, request.content_type)
        if not is_slack_shaped(body):
            return web.Response(status=400, text="malformed payload")
        if self._bolt_checked and request.content_type == "application/x-www-form-urlencoded":
            command = self._plain_command(raw, body)
            if command is not None:
                return await self._by_ourselves(command)
        bolt_request = AsyncBoltRequest(body=raw, query=request.query_string, headers=dict(request.headers))
        return await to_aiohttp_response(await self.bolt.async_dispatch(bolt_request))

    def _plain_command(self, raw: str, body: dict[str, Any]) -> dict[str, Any] | None:
        """`body` when it is one of our slash commands as Slack sends it (a form without repeated fields,
        no `ssl_check` or `payload`), for `_by_ourselves`; None: Bolt dispatches it."""
        command = body.get("command")
        if not isinstance(command, str) or command not in self._commands:
            return None
        if "ssl_check" in body or "payload" in body or "type" in body:
            return None
        if raw.count("&") + 1 != len(body):  # a field sent twice: Bolt reads it as a list
            return None
        return body

    async def _by_ourselves(self, command: dict[str, Any]) -> web.Response:
        """A slash command without Bolt's dispatch: what Bolt does for one once its authorization has
        passed (the token's `auth.test`, asked once and kept: `_bolt_checked` is set when Bolt first hands
        us a command) is to call `_on_command` with an ack, the command and the app's client, and answer
        with what was acked, or 500 when the listener raised. Bolt's middleware chain and the building of
        its listener's arguments cost about 0.1 ms of a 1.5 ms `/sak ny` (bench/bench_slack.py)."""
        ack = AsyncAck()  # type: ignore[no-untyped-call]
        try:
            await self._on_command(ack, command, self.bolt.client)
        except Exception as error:
            _LOGGER.error("Slack: a slash command failed (%s)", type(error).__name__)
            return web.Response(status=500)
        return await to_aiohttp_response(ack.response or BoltResponse(status=200, body=""))

    def _signed(self, raw: str, headers: Mapping[str, str]) -> bool:
        """Slack's signature over this body. A request without the two headers, or with a timestamp that is
        not a number, is unsigned (401): slack_sdk's `is_valid` would raise on `int("")` (a 500)."""
        timestamp = headers.get("X-Slack-Request-Timestamp", "")
        signature = headers.get("X-Slack-Signature", "")
        if self._verifier is None or not timestamp or not signature:
            return False
        if not (timestamp.isascii() and timestamp.isdigit()):
            return False
        try:
            return self._verifier.is_valid(body=raw, timestamp=timestamp, signature=signature)
        except ValueError:
            return False

    # --- the core --------------------------------------------------------------------------------------

    async def run_core(
        self, user_id: str, channel_id: str | None, text: str, key: str | None, *, announce: bool = False
    ) -> Reply | None:
        """The core's answer (it commits to the database); see `App.call_core` for where it runs.
        `announce`: the answer is shown where only the sender sees it (the form), so what the channel
        should see goes there through the outbox (`Incoming.announce`)."""
        return await self.app.call_core(self._core, user_id, channel_id, text, key, announce)

    def _core(
        self, user_id: str, channel_id: str | None, text: str, key: str | None, announce: bool = False
    ) -> Reply | None:
        return self.chat.handle(to_domain(user_id, channel_id, text, key, announce=announce))

    def _later(self, work: Coroutine[Any, Any, None]) -> None:
        """Run Web API calls after the ack, keeping a reference so the task is not collected midway."""
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- listeners -------------------------------------------------------------------------------------

    async def _on_command(self, ack: Any, command: dict[str, Any], client: AsyncWebClient) -> None:
        self._bolt_checked = True  # Bolt's authorization let a command through (or it came by `_by_ourselves`)
        user, channel = text_of(command.get("user_id")), text_of(command.get("channel_id"))
        if not user:
            await ack()
            return
        trigger = text_of(command.get("trigger_id"))
        text = command_text(text_of(command.get("command")), text_of(command.get("text")))
        reply = await self.run_core(user, channel or None, text, delivery_key("cmd", trigger))
        acked = False
        # Outside the council's channel (a direct message, perhaps between two other people) the answer is
        # the sender's alone: `route` shows everything privately in a place that is not shared.
        for action in route(reply, surface(channel or None)):
            if isinstance(action, OpenForm):
                url = text_of(command.get("response_url"))
                self._later(self._open_form(client, trigger, channel, action.reply, url))
            elif isinstance(action, Show):
                await ack(**perform(action))
                acked = True
            elif isinstance(action, SendFile):
                self._later(self._upload(client, user, action.attachment))
        if not acked:  # a repeated delivery, or a form: nothing to say in the answer itself
            await ack()

    async def _on_click(
        self, ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """A command button: handled exactly as if its command had been typed."""
        await ack()
        user = text_of(dig(body, "user", "id"))
        value = text_of(action.get("value"))
        if not user or not value.startswith("/"):
            return  # not one of our buttons, or no sender: nothing to do
        channel = text_of(dig(body, "channel", "id")) or text_of(dig(body, "container", "channel_id")) or None
        key = delivery_key("click", user, text_of(action.get("action_ts")), value)
        reply = await self.run_core(user, channel, value, key)
        view_type = dig(body, "view", "type")
        trigger = text_of(body.get("trigger_id"))
        url = text_of(body.get("response_url"))
        # A click's answer is the clicker's: there is no way to answer a click in front of the channel.
        for step in route(reply, surface(None)):
            if isinstance(step, OpenForm):
                in_modal = view_type == "modal"
                self._later(self._open_form(client, trigger, channel or "", step.reply, url, in_modal=in_modal))
            elif isinstance(step, Show) and view_type in ("home", "modal"):
                # No message to answer below: show the answer in a modal.
                view_id = text_of(dig(body, "view", "id"))
                shown = self._show_in_modal(client, trigger, view_id if view_type == "modal" else "", step.reply)
                self._later(shown)
                self._later(self._publish_home(client, user))
            elif isinstance(step, Show) and url:
                answer = {"replace_original": False, **perform(step)}
                self._later(_quietly(self._respond(url, answer)))
            elif isinstance(step, SendFile):
                self._later(self._upload(client, user, step.attachment))

    async def _on_case_form(self, ack: Any, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
        """The modal's submission: the privacy guard first (errors on the fields), then the core."""
        user = text_of(dig(body, "user", "id"))
        if not user:
            await ack()
            return
        form = modal.read_form(view)
        errors = modal.form_errors(form)
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        channel = text_of(view.get("private_metadata")) or None
        # What `/sak ny <tittel>` in the channel shows the channel, the form opened there shows it too: the
        # core puts it in the outbox in the command's own transaction (`announce`), and the sender posts it,
        # waiting out a 429 however long Slack asks. A post made from here would be lost to a long
        # Retry-After or a restart. (A form opened from the Home tab or a DM announces nothing, as there.)
        key = delivery_key("form", text_of(view.get("id")))
        announce = channel is not None and not is_direct(channel)
        reply = await self.run_core(user, channel, form.command, key, announce=announce)
        if reply is None:
            await ack()
            return
        if reply.error:
            await ack(response_action="errors", errors=modal.core_error(reply))
            return
        await ack(response_action="update", view=modal.done_view(reply))
        self._later(self._publish_home(client, user))

    async def _on_home_opened(
        self, ack: Any, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        user = text_of(event.get("user"))
        if not user or text_of(event.get("tab")) not in ("home", ""):
            return
        # Slack retries an event it thinks was not acknowledged (X-Slack-Retry-Num), with the same event_id.
        if self._seen.first_time(f"event:{text_of(body.get('event_id')) or id(body)}"):
            self._later(self._publish_home(client, user))

    # --- Web API calls after the ack ------------------------------------------------------------------

    async def _open_form(
        self,
        client: AsyncWebClient,
        trigger: str,
        channel: str,
        reply: Reply,
        response_url: str,
        *,
        in_modal: bool = False,
    ) -> None:
        view = modal.case_modal(channel)
        try:
            if in_modal:
                await client.views_push(trigger_id=trigger, view=view)
            else:
                await client.views_open(trigger_id=trigger, view=view)
        except Exception as error:  # the trigger expired, or Slack is down: say how to type it instead
            _LOGGER.warning("Slack: could not open the case form (%s)", type(error).__name__)
            if response_url:
                await _quietly(self._respond(response_url, response(reply)))

    async def _respond(self, response_url: str, answer: dict[str, Any]) -> None:
        """Post to a command's or click's `response_url` over one shared HTTP session. Bolt's `respond`
        opens a session (so a new connection, and with Slack a new TLS handshake) for every answer."""
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession()
        webhook = AsyncWebhookClient(
            response_url, session=self._http, retry_handlers=async_retry_handlers(1, API_WAIT)
        )
        await webhook.send_dict(answer)

    async def _show_in_modal(self, client: AsyncWebClient, trigger: str, view_id: str, reply: Reply) -> None:
        try:
            if view_id:
                await client.views_update(view_id=view_id, view=reply_view(reply))
            else:
                await client.views_open(trigger_id=trigger, view=reply_view(reply))
        except Exception as error:
            _LOGGER.warning("Slack: could not show an answer in a modal (%s)", type(error).__name__)

    async def _publish_home(self, client: AsyncWebClient, user: str) -> None:
        try:
            parts = await self.app.call_core(self._home_parts, user)
            await client.views_publish(user_id=user, view=home.home_view(parts))
        except Exception as error:
            _LOGGER.warning("Slack: could not publish the Home tab (%s)", type(error).__name__)

    def _home_parts(self, user: str) -> Overview:
        return self.app.dispatcher.overview(PLATFORM, user)  # the sender's own council, as in a direct message

    async def _upload(self, client: AsyncWebClient, user: str, attachment: Attachment) -> None:
        """The calendar file, in the member's direct messages with the app (only they asked for it).
        Files need a conversation id (`D…`), not a user id: conversations.open gives it."""
        try:
            opened = await client.conversations_open(users=user)
            channel = text_of(dig(opened.data, "channel", "id"))
            await client.files_upload_v2(
                channel=channel, filename=attachment.filename, content=attachment.content, title=attachment.filename
            )
        except Exception as error:  # the answer already told them; the file can be asked for again
            _LOGGER.warning("Slack: calendar upload failed (%s)", type(error).__name__)


def to_domain(
    user_id: str, channel_id: str | None, text: str, key: str | None, *, announce: bool = False
) -> Event:
    """A slash command, click or form from `user_id` in `channel_id` (None or a `D…` id: a direct
    message, which belongs to no council; any other channel is shared and must be the council's own)."""
    shared = channel_id is not None and not is_direct(channel_id)
    return Event(user_id, text, channel_id, shared=shared, delivery_key=key, announce=announce)


def surface(channel_id: str | None) -> Surface:
    """Slack shows a message in a channel to one person (ephemeral), and files go to the direct messages."""
    shared = channel_id is not None and not is_direct(channel_id)
    return Surface(shared=shared, ephemeral=True, files_apart=True)


def perform(action: Show) -> dict[str, Any]:
    """The answer as Slack's response payload (the ack's arguments, or a `response_url` body)."""
    return response(action.reply, force_private=action.private)


class _TokenWarningFilter(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment by itself and then warns that the token of the
    client we give it wins: true, harmless, and alarming in an operator's log. Only that line is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def _quiet_bolt_token_warning() -> None:
    bolt_logger = logging.getLogger("slack_bolt.AsyncApp")
    if not any(isinstance(f, _TokenWarningFilter) for f in bolt_logger.filters):
        bolt_logger.addFilter(_TokenWarningFilter())


async def _quietly(work: Coroutine[Any, Any, Any]) -> None:
    try:
        await work
    except Exception as error:
        _LOGGER.warning("Slack: a follow-up answer failed (%s)", type(error).__name__)
