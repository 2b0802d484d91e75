"""A fake Microsoft Teams on loopback: the Bot Connector service, and the keys that sign its requests.

Teams talks to a bot in two directions, and this plays both:
- it signs each request it makes to the bot's `/api/messages` with a token (`token()`: RS256, issuer
  `https://api.botframework.com`, audience the app id, the `serviceurl` claim), whose keys it publishes as
  an OpenID configuration and key set (`openid_metadata` is the address the bot's `[teams]
  openid_metadata` points at), so that the bot's token check runs for real; `forged()` signs with a key
  it does not publish;
- it is the connector the bot answers and posts through (`service_url`, what the activities carry as
  `serviceUrl`): it records `POST /v3/conversations` (a personal chat opened), `POST
  /v3/conversations/{id}/activities[/{replyTo}]` (a message) and `PUT …/activities/{id}` (an edit), checks
  the bot's own bearer token (`OUTBOUND_TOKEN`), and can be told to refuse: 429 with Retry-After, 5xx,
  403 for a person who cannot be written to, 404 for a message that is gone.

It runs an aiohttp server on its own event loop in a thread, so a test thread can script it and read it.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa

from fakes import loopback

APP_ID = "00000000-0000-4000-8000-00000000b0a7"
TENANT_ID = "11111111-1111-4111-8111-111111111111"
OTHER_TENANT = "22222222-2222-4222-8222-222222222222"
BOT_ID = f"28:{APP_ID}"
OUTBOUND_TOKEN = "test-outbound-token-for-the-fake-connector"
ISSUER = "https://api.botframework.com"
ENV = {"TEAMS_APP_ID": APP_ID, "TEAMS_TENANT_ID": TENANT_ID, "TEAMS_APP_PASSWORD": "test~secret.for-the-fake_0123"}


@dataclass
class Call:
    """One request the bot made to the connector, decoded, and what it answered."""

    method: str
    path: str
    conversation: str
    body: dict[str, Any]
    status: int
    activity_id: str = ""
    at: float = field(default_factory=time.monotonic)

    @property
    def text(self) -> str:
        """The message's text, or its card's text blocks joined (escapes undone)."""
        if self.body.get("text"):
            return str(self.body["text"])
        lines: list[str] = []
        for attachment in self.body.get("attachments") or []:
            for block in (attachment.get("content") or {}).get("body") or []:
                if block.get("type") == "TextBlock":
                    lines.append(_unescape(str(block.get("text", ""))))
        return "\n".join(lines)

    @property
    def actions(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for attachment in self.body.get("attachments") or []:
            found.extend((attachment.get("content") or {}).get("actions") or [])
        return found

    @property
    def card(self) -> dict[str, Any] | None:
        for attachment in self.body.get("attachments") or []:
            return dict(attachment.get("content") or {})
        return None


def _unescape(text: str) -> str:
    out, escaped = [], False
    for char in text:
        if char == "\\" and not escaped:
            escaped = True
            continue
        out.append(char)
        escaped = False
    return "".join(out)


class FakeTeams:
    def __init__(self) -> None:
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.calls: list[Call] = []
        self._ids = itertools.count(1)
        self._messages: dict[str, str] = {}  # activity id → conversation
        self._failures: list[tuple[int, float | None, str | None]] = []
        self.refused_people: set[str] = set()  # creating a personal chat with these answers 403
        self.key_fetches = 0
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-teams", daemon=True)
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- life ---

    def start(self) -> FakeTeams:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(10)
        return self

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_get("/v1/.well-known/openidconfiguration", self._openid)
        app.router.add_get("/v1/.well-known/keys", self._keys)
        app.router.add_post("/v3/conversations", self._create)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._send)
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", self._send)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._update)
        app.router.add_get("/v3/conversations/{conversation}/members/{member}", self._member)
        self._runner, self.port = await loopback.serve(app)

    @property
    def service_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def openid_metadata(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1/.well-known/openidconfiguration"

    # --- tokens ---

    def token(self, *, service_url: str | None = None, expires_in: int = 3600, **claims: Any) -> str:
        """A token as the Bot Connector signs it for a request to the bot (claims may be overridden)."""
        now = int(time.time())
        body: dict[str, Any] = {
            "iss": ISSUER,
            "aud": APP_ID,
            "serviceurl": service_url if service_url is not None else self.service_url,
            "nbf": now - 10,
            "iat": now - 10,
            "exp": now + expires_in,
        }
        body.update(claims)
        return jwt.encode(
            {k: v for k, v in body.items() if v is not None}, self._key, "RS256", headers={"kid": "fake-1"}
        )

    def forged(self, **claims: Any) -> str:
        """A token like `token()`, signed with a key the fake does not publish."""
        now = int(time.time())
        body = {"iss": ISSUER, "aud": APP_ID, "serviceurl": self.service_url, "exp": now + 3600, **claims}
        return jwt.encode(body, self._other, "RS256", headers={"kid": "fake-1"})

    # --- scripting ---

    def fail_next(
        self, status: int, *, count: int = 1, retry_after: float | None = None, path: str | None = None
    ) -> None:
        """The next `count` sends (or those whose path contains `path`) answer `status`."""
        with self._lock:
            self._failures.extend([(status, retry_after, path)] * count)

    def _failure(self, path: str) -> tuple[int, float | None] | None:
        with self._lock:
            for i, (status, retry_after, where) in enumerate(self._failures):
                if where is None or where in path:
                    del self._failures[i]
                    return status, retry_after
        return None

    # --- what the bot sent ---

    def sent(self, conversation: str | None = None) -> list[Call]:
        """The messages that went out (posted or edited, status 2xx), in order; in one conversation."""
        with self._lock:
            return [
                c
                for c in self.calls
                if c.status < 300
                and c.method in ("POST", "PUT")
                and c.path != "/v3/conversations"
                and (conversation is None or c.conversation.split(";")[0] == conversation.split(";")[0])
            ]

    def posts(self, conversation: str | None = None) -> list[Call]:
        return [c for c in self.sent(conversation) if c.method == "POST"]

    def edits(self, conversation: str | None = None) -> list[Call]:
        return [c for c in self.sent(conversation) if c.method == "PUT"]

    def opened(self) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.path == "/v3/conversations" and c.status < 300]

    def mark(self) -> int:
        with self._lock:
            return len(self.calls)

    def since(self, mark: int) -> list[Call]:
        with self._lock:
            return [c for c in self.calls[mark:] if c.status < 300 and c.path != "/v3/conversations"]

    # --- the server ---

    async def _openid(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "issuer": ISSUER,
                "jwks_uri": f"http://127.0.0.1:{self.port}/v1/.well-known/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        )

    async def _keys(self, request: web.Request) -> web.Response:
        with self._lock:
            self.key_fetches += 1
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self._key.public_key()))
        public.update({"kid": "fake-1", "use": "sig", "alg": "RS256"})
        return web.json_response({"keys": [public]})

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {OUTBOUND_TOKEN}"

    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    async def _refuse(self, request: web.Request, call: Call) -> web.Response | None:
        if not self._authorised(request):
            call.status = 401
            self._record(call)
            return web.json_response({"error": {"code": "Unauthorized"}}, status=401)
        failure = self._failure(request.path)
        if failure is None:
            return None
        call.status, retry_after = failure
        self._record(call)
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        return web.json_response(
            {"error": {"code": "Refused", "message": "scripted"}}, status=call.status, headers=headers
        )

    async def _create(self, request: web.Request) -> web.Response:
        body = await request.json()
        call = Call("POST", request.path, "", body, 0)
        refused = await self._refuse(request, call)
        if refused is not None:
            return refused
        members = [str(m.get("id")) for m in body.get("members") or []]
        if any(m in self.refused_people for m in members):
            call.status = 403
            self._record(call)
            return web.json_response({"error": {"code": "Forbidden"}}, status=403)
        conversation = f"a:personal-{members[0] if members else 'nobody'}"
        call.status, call.conversation = 201, conversation
        self._record(call)
        return web.json_response({"id": conversation}, status=201)

    async def _send(self, request: web.Request) -> web.Response:
        body = await request.json()
        conversation = request.match_info["conversation"]
        call = Call("POST", request.path, conversation, body, 0)
        refused = await self._refuse(request, call)
        if refused is not None:
            return refused
        activity_id = f"m{next(self._ids)}"
        call.status, call.activity_id = 201, activity_id
        with self._lock:
            self._messages[activity_id] = conversation
        self._record(call)
        return web.json_response({"id": activity_id}, status=201)

    async def _update(self, request: web.Request) -> web.Response:
        body = await request.json()
        conversation, activity_id = request.match_info["conversation"], request.match_info["activity"]
        call = Call("PUT", request.path, conversation, body, 0, activity_id)
        refused = await self._refuse(request, call)
        if refused is not None:
            return refused
        with self._lock:
            known = activity_id in self._messages
        if not known:
            call.status = 404
            self._record(call)
            return web.json_response({"error": {"code": "NotFound"}}, status=404)
        call.status = 200
        self._record(call)
        return web.json_response({"id": activity_id})

    async def _member(self, request: web.Request) -> web.Response:
        """A member of the conversation: the test people's Teams ids are `29:<their Entra object id>`."""
        if not self._authorised(request):
            return web.json_response({"error": {"code": "Unauthorized"}}, status=401)
        member = request.match_info["member"]
        if not member.startswith("29:"):
            return web.json_response({"error": {"code": "MemberNotFoundInConversation"}}, status=404)
        return web.json_response({"id": member, "aadObjectId": member[3:], "name": "", "userRole": "user"})

    def forget_message(self, activity_id: str) -> None:
        """The message was deleted in Teams: an edit of it answers 404."""
        with self._lock:
            self._messages.pop(activity_id, None)


# --- activities, as Teams sends them --------------------------------------------------------------------


def message(
    fake: FakeTeams,
    user: Mapping[str, str],
    text: str,
    *,
    channel: str | None = None,
    activity_id: str | None = None,
    value: Mapping[str, Any] | None = None,
    mention_bot: bool = True,
    mentions: tuple[dict[str, Any], ...] = (),
    reply_to: str | None = None,
    tenant: str = TENANT_ID,
) -> dict[str, Any]:
    """A message from `user` ({"id": "29:…", "aadObjectId": …, "name": …}) in the council's channel
    (`channel`: its id) with the bot @mentioned, or in the user's personal chat (channel None)."""
    number = next(fake._ids)
    entities: list[dict[str, Any]] = []
    if channel is not None:
        conversation = {"id": f"{channel};messageid={number}", "conversationType": "channel", "tenantId": tenant}
        channel_data: dict[str, Any] = {"channel": {"id": channel}, "team": {"id": channel}, "tenant": {"id": tenant}}
        if mention_bot and text:
            text = f"<at>Brukerrådet</at> {text}"
            entities.append(
                {"type": "mention", "text": "<at>Brukerrådet</at>", "mentioned": {"id": BOT_ID, "name": "Brukerrådet"}}
            )
    else:
        conversation = {"id": f"a:personal-{user['aadObjectId']}", "conversationType": "personal", "tenantId": tenant}
        channel_data = {"tenant": {"id": tenant}}
    activity: dict[str, Any] = {
        "type": "message",
        "id": activity_id or f"in{number}",
        "channelId": "msteams",
        "serviceUrl": fake.service_url,
        "from": dict(user),
        "recipient": {"id": BOT_ID, "name": "Brukerrådet"},
        "conversation": conversation,
        "channelData": channel_data,
        "text": text,
        "textFormat": "plain",
        "locale": "nb-NO",
    }
    entities.extend(mentions)
    if entities:
        activity["entities"] = entities
    if value is not None:
        activity["value"] = dict(value)
        activity["text"] = ""
    if reply_to is not None:
        activity["replyToId"] = reply_to
    return activity


def mention(user: Mapping[str, str]) -> dict[str, Any]:
    """The entity Teams sends with a message that @mentions `user` (the text holds `<at>Name</at>`)."""
    return {
        "type": "mention",
        "text": f"<at>{user['name']}</at>",
        "mentioned": {"id": user["id"], "name": user["name"]},
    }


def installed(fake: FakeTeams, *, channel: str | None = None, user: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The conversationUpdate Teams sends when the app is added to a team (channel) or a person's Teams."""
    number = next(fake._ids)
    if channel is not None:
        conversation = {"id": channel, "conversationType": "channel", "tenantId": TENANT_ID}
        channel_data: dict[str, Any] = {
            "channel": {"id": channel},
            "team": {"id": channel},
            "tenant": {"id": TENANT_ID},
        }
        sender = {"id": "29:installer", "aadObjectId": "installer"}
    else:
        assert user is not None
        conversation = {
            "id": f"a:personal-{user['aadObjectId']}",
            "conversationType": "personal",
            "tenantId": TENANT_ID,
        }
        channel_data = {"tenant": {"id": TENANT_ID}}
        sender = dict(user)
    return {
        "type": "conversationUpdate",
        "id": f"up{number}",
        "channelId": "msteams",
        "serviceUrl": fake.service_url,
        "from": sender,
        "recipient": {"id": BOT_ID, "name": "Brukerrådet"},
        "conversation": conversation,
        "channelData": channel_data,
        "membersAdded": [{"id": BOT_ID}],
    }
