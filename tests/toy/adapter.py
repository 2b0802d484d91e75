"""The toy adapter: pure `to_domain` and `perform`, a port that records, and an HTTP route."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web

from bot.app import App
from bot.chat import Action, Chat, Event, OpenForm, SendFile, SendPrivately, Show, Surface, TakeBack, route
from bot.delivery import OutMessage
from bot.tables import ConfigError
from handlers import texts
from tests.toy.platform import ToyConfig

PLATFORM = "toy"


class ToyPort:
    """Delivery: what the outbox posted, in order (the toy platform always takes a post)."""

    platform = PLATFORM

    def __init__(self) -> None:
        self.posts: list[tuple[str, str]] = []

    def post_to_channel(
        self, channel_id: str, message: OutMessage, *, idempotency_key: str, edit_message_id: str | None = None
    ) -> str:
        self.posts.append((channel_id, message.text))
        return edit_message_id or f"toy-{len(self.posts)}"

    def send_direct(self, user_id: str, message: OutMessage, *, idempotency_key: str) -> str:
        self.posts.append((f"dm-{user_id}", message.text))
        return f"toy-{len(self.posts)}"


def to_domain(raw: Mapping[str, Any]) -> Event:
    room = str(raw.get("room", ""))
    return Event(
        str(raw.get("user", "")),
        str(raw.get("text", "")),
        room,
        shared=not room.startswith("dm-"),
        delivery_key=f"toy:{raw.get('id')}" if raw.get("id") else None,
    )


def perform(action: Action) -> dict[str, Any]:
    """Each action as the toy platform's answer: where it shows, and what."""
    if isinstance(action, Show):
        return {"show": "only-you" if action.private else "room", "text": action.reply.text}
    if isinstance(action, SendPrivately):
        return {"show": "dm", "text": action.reply.text}
    if isinstance(action, TakeBack):
        return {"show": "delete-and-dm", "text": action.reply.text}
    if isinstance(action, OpenForm):
        return {"show": "form", "form": action.form}
    assert isinstance(action, SendFile)
    return {"show": "file", "filename": action.attachment.filename}


class ToyAdapter:
    platform = PLATFORM

    def __init__(self, app: App, config: ToyConfig, env: Mapping[str, str]) -> None:
        if not env.get("TOY_TOKEN"):
            raise ConfigError("TOY_TOKEN mangler.")
        self.app = app
        self.chat = Chat(app, PLATFORM, not_bound=texts.NO_COUNCIL_HERE)
        self._port = ToyPort()
        app.add_port(self._port)
        self.started = False

    @property
    def port(self) -> ToyPort:
        return self._port

    def routes(self, web_app: web.Application) -> None:
        web_app.router.add_post("/toy/messages", self._on_message)

    async def start(self) -> None:
        self.started = True

    async def stop(self) -> None:
        self.started = False

    async def _on_message(self, request: web.Request) -> web.Response:
        event = to_domain(await request.json())
        reply = await self.app.call_core(self.chat.handle, event)
        surface = Surface(shared=event.shared, ephemeral=True, files_apart=True)
        return web.json_response([perform(action) for action in route(reply, surface)])
