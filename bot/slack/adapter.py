"""The council in Slack: slash commands, buttons, the `/sak ny` modal and the App Home, through slack-bolt.

Design of the ack path (measured in bench/bench_slack.py): `process_before_response=True`. Bolt's default
acks at once but polls for the ack every 10 ms (about 10 ms per request measured); our core answers a
command in about 1–2 ms, well inside Slack's 3 seconds, so the listener does the work first and acks with
the answer itself, in the HTTP response. The synchronous core call runs in a worker thread so the event
loop keeps serving. Socket Mode (the default: no public URL) and HTTP mode (`/slack/events`, signature and
timestamp checked by Bolt) share the same listeners.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import App
from bot.config import ConfigError, SlackConfig
from bot.slack.port import PLATFORM, SlackPort
from bot.slack.render import blocks, case_modal, escape, home_view, unmention
from handlers import texts
from handlers.dispatch import Incoming
from handlers.privacy import check_case_text
from handlers.replies import Button, Reply

_LOGGER = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
COMMANDS = ("sak", "mote", "oppmote", "taushet", "habilitet", "brukerrad")
_COMMAND = re.compile(r"^/(" + "|".join(COMMANDS) + r")$")
_ACTION = re.compile(r"^cmd_\d+$")
SEEN_EVENTS = 2048


class SlackAdapter:
    def __init__(self, app: App, config: SlackConfig, env: Mapping[str, str]) -> None:
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
        self.port = SlackPort(token, config.api_base_url)
        app.add_port(self.port)
        self.bolt = AsyncApp(
            signing_secret=signing_secret or "socket-mode-has-no-signing-secret",
            client=AsyncWebClient(token=token, base_url=config.api_base_url),
            process_before_response=True,
            request_verification_enabled=config.mode == "http",
        )
        self._verifier = SignatureVerifier(signing_secret or "unused")
        self._socket: Any = None
        self._seen: OrderedDict[str, None] = OrderedDict()
        self.bolt.command(_COMMAND)(self._on_command)
        self.bolt.action(_ACTION)(self._on_action)
        self.bolt.view("sak_ny")(self._on_case_form)
        self.bolt.event("app_home_opened")(self._on_home_opened)

    # --- life cycle ------------------------------------------------------------------------------------

    def routes(self, web_app: web.Application) -> None:
        if self.config.mode == "http":
            web_app.router.add_post(EVENTS_PATH, self.events)

    async def events(self, request: web.Request) -> web.Response:
        raw = await request.text()
        stamp = request.headers.get("X-Slack-Request-Timestamp", "")
        # Checked here as Bolt checks it (HMAC of v0:timestamp:body, and at most five minutes old), because
        # a payload of the wrong shape can crash Bolt while it builds its request, before its own check.
        if not self._verifier.is_valid(
            body=raw, timestamp=stamp, signature=request.headers.get("X-Slack-Signature", "")
        ):
            return web.Response(status=401, text="invalid request")
        if _malformed(_payload(raw, request.content_type)):
            return web.Response(status=400, text="malformed payload")
        bolt_request = AsyncBoltRequest(body=raw, query=request.query_string, headers=dict(request.headers))
        response = await self.bolt.async_dispatch(bolt_request)
        return await to_aiohttp_response(response)

    async def start(self) -> None:
        if self.config.mode == "socket":
            from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

            self._socket = AsyncSocketModeHandler(self.bolt, self._app_token)
            await self._socket.connect_async()
            _LOGGER.info("Slack: connected in Socket Mode")

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None

    # --- core ------------------------------------------------------------------------------------------

    async def run_core(self, user_id: str, channel_id: str | None, text: str, key: str | None) -> Reply | None:
        return await asyncio.to_thread(self._core, user_id, channel_id, text, key)

    def _core(self, user_id: str, channel_id: str | None, text: str, key: str | None) -> Reply | None:
        council = self.app.dispatcher.council_for(PLATFORM, channel_id, user_id)
        if council is None:
            return Reply(texts.NO_COUNCIL_HERE, error=True)
        return self.app.dispatcher.handle(Incoming(PLATFORM, user_id, unmention(text), council, delivery_key=key))

    def _first_time(self, key: str) -> bool:
        """Events Slack delivers again (retries, or the same with a new id) change nothing twice."""
        if key in self._seen:
            return False
        self._seen[key] = None
        while len(self._seen) > SEEN_EVENTS:
            self._seen.popitem(last=False)
        return True

    # --- listeners -------------------------------------------------------------------------------------

    async def _on_command(self, ack: Any, command: dict[str, Any], client: AsyncWebClient) -> None:
        user, channel = _text(command.get("user_id")), _text(command.get("channel_id"))
        if not user:
            await ack()
            return
        text = f"{_text(command.get('command'))} {_text(command.get('text'))}".strip()
        reply = await self.run_core(user, channel or None, text, f"slack:{command.get('trigger_id')}")
        if reply is None:
            await ack()
            return
        if reply.form == "sak_ny" and not reply.error:
            await ack()
            await client.views_open(trigger_id=_text(command.get("trigger_id")), view=case_modal(channel))
            return
        await ack(**self._response(reply))
        if reply.attachment is not None:
            await self._upload(client, channel, user, reply)

    async def _on_action(self, ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any) -> None:
        await ack()
        user = _text(_dig(body, "user", "id"))
        value = _text(action.get("value")) if isinstance(action, dict) else ""
        if not user or not value.startswith("/"):
            return  # not one of our buttons, or a payload without a sender: nothing to do
        channel = _text(_dig(body, "channel", "id")) or _text(_dig(body, "container", "channel_id")) or None
        key = f"slack:{user}:{action.get('action_ts')}:{value}"
        reply = await self.run_core(user, channel, value, key)
        if reply is None:
            return
        if _text(body.get("response_url")):
            await respond(replace_original=False, **self._response(reply, force_private=True))
        elif _dig(body, "view", "type") == "home":
            await self._on_home(None, {"user": user}, self.bolt.client)

    async def _on_case_form(self, ack: Any, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
        values = _dig(view, "state", "values")
        title = _text(_dig(values, "title", "value", "value")).strip()
        description = _text(_dig(values, "description", "value", "value")).strip()
        ticked = _dig(values, "system_level", "value", "selected_options")
        user = _text(_dig(body, "user", "id"))
        if not user:
            await ack()
            return
        errors: dict[str, str] = {}
        if not ticked:
            errors["system_level"] = texts.SLACK_MODAL_NEED_CONFIRM
        for finding in check_case_text(f"{title}\n{description}"):
            if finding.blocking:  # shown on the fields, never echoing the text
                errors["description" if description else "title"] = finding.message[:150]
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        await ack()
        channel = _text(view.get("private_metadata")) or None
        text = f"/sak ny bekreft {title}\n{description}".strip()
        reply = await self.run_core(user, channel, text, f"slack:view:{view.get('id')}")
        if reply is not None:
            target = channel or user
            await client.chat_postEphemeral(channel=target, user=user, **self._message(reply))

    async def _on_home_opened(
        self, ack: Any, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        # Slack retries an event it thinks was not acknowledged (X-Slack-Retry-Num), with the same event_id.
        if self._first_time(f"event:{body.get('event_id')}"):
            await self._on_home(ack, event, client)

    async def _on_home(self, ack: Any, event: dict[str, Any], client: AsyncWebClient) -> None:
        user = _text(event.get("user"))
        if not user:
            return
        sections = []
        for text in ("/mote neste", "/sak liste"):
            reply = await self.run_core(user, None, text, None)
            if reply is not None:
                sections.append(reply.text)
                if reply.error:
                    break
        buttons = (
            Button(texts.SLACK_BUTTON_NEXT_MEETING, "/mote neste"),
            Button(texts.BUTTON_READ_DECLARATION, "/taushet"),
            Button(texts.BUTTON_ATTEND_YES, "/oppmote ja", "primary"),
        )
        await client.views_publish(user_id=user, view=home_view(sections, buttons))

    # --- rendering -------------------------------------------------------------------------------------

    @staticmethod
    def _message(reply: Reply) -> dict[str, Any]:
        return {"text": escape(reply.text), "blocks": blocks(reply.text, reply.buttons)}

    def _response(self, reply: Reply, *, force_private: bool = False) -> dict[str, Any]:
        private = reply.private or reply.error or force_private
        return {"response_type": "ephemeral" if private else "in_channel", **self._message(reply)}

    async def _upload(self, client: AsyncWebClient, channel: str, user: str, reply: Reply) -> None:
        """The calendar file: uploaded to the member's direct messages (only they asked for it)."""
        assert reply.attachment is not None
        try:
            await client.files_upload_v2(
                channel=user,
                filename=reply.attachment.filename,
                content=reply.attachment.content,
                title=reply.attachment.filename,
            )
        except Exception as error:  # the answer above already told them; the file can be asked for again
            _LOGGER.warning("Slack: calendar upload failed (%s)", type(error).__name__)


def _dig(value: Any, *keys: str) -> Any:
    """`value[k1][k2]...`, or None where a step is missing or not a mapping (payloads are untrusted)."""
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _payload(raw: str, content_type: str) -> Any:
    """The request body as Bolt will read it: a form, a form with a JSON `payload`, or JSON."""
    try:
        if content_type == "application/json":
            return json.loads(raw)
        form = dict(parse_qsl(raw, keep_blank_values=True))
        return json.loads(form["payload"]) if "payload" in form else form
    except ValueError:
        return None


def _malformed(body: Any) -> bool:
    """Not the shape Slack sends: the fields Bolt and we read are not the types Slack uses."""
    if not isinstance(body, dict):
        return True
    if any(
        key in body and not isinstance(body[key], dict)
        for key in ("user", "view", "channel", "container", "team", "event")
    ):
        return True
    if "type" in body and not isinstance(body["type"], str):
        return True
    actions = body.get("actions", [])
    if not (isinstance(actions, list) and all(isinstance(a, dict) for a in actions)):
        return True
    if body.get("type") == "block_actions":  # Bolt reads actions[0]["action_id"] and ["block_id"]
        return not actions or not all(isinstance(a.get("action_id"), str) for a in actions)
    if body.get("type") == "view_submission":  # Bolt reads view["callback_id"]
        view = body.get("view")
        return not isinstance(view, dict) or not isinstance(view.get("callback_id"), str)
    return False
