"""A fake Slack Web API on loopback: the tests (and a person trying the bot by hand) talk to it instead of
slack.com.

It records every call, answers the methods the bot uses with Slack-shaped JSON (and refuses what Slack
refuses: a missing or wrong kind of token, a message without text, a file shared to a user id instead of a
conversation id), and can be told to answer `ratelimited` (HTTP 429 with Retry-After), a 500, or to hang.
It also plays Socket Mode: `apps.connections.open` hands out a WebSocket URL on the same server, and a test
pushes envelopes through it and reads the app's acknowledgements. It runs an aiohttp server on its own
event loop in a thread, so a test can script it and wait on it without sleeping.

By hand: `python -m fakes.slack_api --port 3999`, and set `[slack] api_base_url` to
`http://127.0.0.1:3999/api/`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import re
import threading
import time
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

T = TypeVar("T")
_CONVERSATION_ID = re.compile(r"^[CGDZ][A-Z0-9]{8,}$")  # what files.completeUploadExternal accepts
_APP_TOKEN_METHODS = frozenset({"apps.connections.open"})


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int
    error: str = ""
    # The caller's (host, port) for response_url posts: the same port means the same kept-alive connection.
    peer: Any = None


@dataclass
class _Failure:
    method: str
    status: int
    retry_after: int = 1
    hang: float = 0.0
    times: int = 1
    error: str = ""


@dataclass
class FakeSlackAPI:
    port: int = 0
    delay: float = 0.0  # seconds every call takes, to make a crash land in the middle of a run
    calls: list[Call] = field(default_factory=list)
    acks: dict[str, dict[str, Any]] = field(default_factory=dict)  # Socket Mode: envelope id → the app's ack
    _failures: list[_Failure] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ts: Any = field(default_factory=lambda: itertools.count(1))
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def start(self) -> FakeSlackAPI:
        started = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(started,), daemon=True, name="fake-slack")
        self._thread.start()
        if not started.wait(10):
            raise RuntimeError("the fake Slack API did not start")
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)

    def __enter__(self) -> FakeSlackAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _serve(self, started: threading.Event) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        self._stop = asyncio.Event()

        async def main() -> None:
            app = web.Application()
            app.router.add_post("/api/{method}", self._api)
            app.router.add_post("/respond/{token}", self._respond)
            app.router.add_post("/upload/{file}", self._upload)
            app.router.add_get("/link", self._socket)
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", self.port)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            started.set()
            await self._stop.wait()
            for ws in list(self._sockets):
                await ws.close()
            await runner.cleanup()

        self._loop.run_until_complete(main())

    # --- scripting and reading ---

    def fail(
        self, method: str, status: int, *, retry_after: int = 1, hang: float = 0.0, times: int = 1, error: str = ""
    ) -> None:
        """The next `times` calls of `method` ("*": any) answer `status` (429: `ratelimited` with
        Retry-After; with `error`, Slack's `{"ok": false, "error": error}`), after hanging `hang` seconds."""
        with self._lock:
            self._failures.append(_Failure(method, status, retry_after, hang, times, error))

    def ok_calls(self, method: str) -> list[dict[str, Any]]:
        with self._lock:
            return [c.params for c in self.calls if c.method == method and c.status == 200 and not c.error]

    def calls_of(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, check: Callable[[], T], timeout: float = 10.0) -> T:
        """Poll `check` until it is truthy: waiting on the server's thread, not on time passing."""
        deadline = time.monotonic() + timeout
        while True:
            result = check()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError("the fake Slack API did not see what was expected")
            time.sleep(0.005)

    # --- Socket Mode ---

    def push(self, kind: str, payload: dict[str, Any], **extra: Any) -> str:
        """Send an envelope (`slash_commands`, `interactive`, `events_api`) to the connected app."""
        envelope_id = str(uuid.uuid4())
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload, "accepts_response_payload": True}
        envelope.update(extra)
        self.wait_for(lambda: self._sockets)

        async def send() -> None:
            await self._sockets[-1].send_str(json.dumps(envelope))

        asyncio.run_coroutine_threadsafe(send(), self._loop).result(10)
        return envelope_id

    def ack_of(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        return self.wait_for(lambda: self.acks.get(envelope_id), timeout)

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": len(self._sockets)}))
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                data = json.loads(message.data)
                if "envelope_id" in data:
                    with self._lock:
                        self.acks[data["envelope_id"]] = data
        self._sockets.remove(ws)
        return ws

    # --- the API ---

    async def _params(self, request: web.Request) -> dict[str, Any]:
        body = await request.text()
        params: dict[str, Any] = dict(request.query)  # slack_sdk's async client sends some in the URL
        if request.content_type == "application/json" and body:
            params.update(json.loads(body))
        else:
            params.update(parse_qsl(body))
            for key in ("blocks", "view", "files"):
                if isinstance(params.get(key), str):
                    with contextlib.suppress(ValueError):
                        params[key] = json.loads(params[key])
        return params

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        if self.delay:
            await asyncio.sleep(self.delay)
        failure = None
        with self._lock:
            for candidate in self._failures:
                if candidate.method in (method, "*"):
                    failure = candidate
                    candidate.times -= 1
                    if candidate.times <= 0:
                        self._failures.remove(candidate)
                    break
        if failure is not None:
            if failure.hang:
                await asyncio.sleep(failure.hang)
            with self._lock:
                self.calls.append(Call(method, params, failure.status, failure.error))
            if failure.error:
                return web.json_response({"ok": False, "error": failure.error}, status=failure.status)
            if failure.status == 429:
                return web.json_response(
                    {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": str(failure.retry_after)}
                )
            return web.json_response({"ok": False, "error": "internal_error"}, status=failure.status)
        error = self._refusal(method, params, request.headers.get("Authorization", ""))
        with self._lock:
            self.calls.append(Call(method, params, 200, error))
        if error:
            return web.json_response({"ok": False, "error": error})
        return web.json_response(self._answer(method, params))

    def _refusal(self, method: str, params: dict[str, Any], authorization: str) -> str:
        """What Slack answers `ok: false` to (HTTP 200), for the mistakes a bot can make."""
        wanted = "Bearer xapp-" if method in _APP_TOKEN_METHODS else "Bearer xoxb-"
        if not authorization.startswith(wanted):
            return "not_authed" if not authorization else "invalid_auth"
        if method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
            if not params.get("channel"):
                return "channel_not_found"
            if not params.get("text") and not params.get("blocks"):
                return "no_text"
        if method == "chat.update" and not params.get("ts"):
            return "message_not_found"
        if method in ("views.open", "views.push") and not params.get("trigger_id"):
            return "invalid_arguments"
        if method == "files.completeUploadExternal" and not _CONVERSATION_ID.match(str(params.get("channel_id", ""))):
            return "invalid_arguments"
        return ""

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://fake.slack/",
                "team": "Brukerrådet",
                "user": "brukerradbot",
                "team_id": "T0FAKE",
                "user_id": "U0BOT",
                "bot_id": "B0BOT",
            }
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/link"}
        if method in ("chat.postMessage", "chat.update"):
            ts = params.get("ts") or f"{1700000000 + next(self._ts)}.000100"
            return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": {"text": params.get("text")}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{1700000000 + next(self._ts)}.000200"}
        if method in ("views.open", "views.publish", "views.update", "views.push"):
            return {"ok": True, "view": {"id": f"V{next(self._ts):09d}", **(params.get("view") or {})}}
        if method == "conversations.open":
            users = str(params.get("users", ""))
            return {"ok": True, "channel": {"id": f"D{zlib.crc32(users.encode()):010d}"}}
        if method == "files.getUploadURLExternal":
            return {"ok": True, "upload_url": f"http://127.0.0.1:{self.port}/upload/F1", "file_id": "F0000000001"}
        if method == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": "F0000000001", "title": "file"}]}
        return {"ok": True}

    async def _respond(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        peer = request.transport.get_extra_info("peername") if request.transport is not None else None
        with self._lock:
            self.calls.append(Call("response_url", params, 200, peer=peer))
        return web.json_response({"ok": True})

    async def _upload(self, request: web.Request) -> web.Response:
        content = await request.read()
        with self._lock:
            self.calls.append(Call("upload", {"file": request.match_info["file"], "bytes": len(content)}, 200))
        return web.Response(text="OK - 1")


def main() -> None:  # pragma: no cover - by hand
    parser = argparse.ArgumentParser(description="A fake Slack Web API on loopback")
    parser.add_argument("--port", type=int, default=3999)
    args = parser.parse_args()
    fake = FakeSlackAPI(port=args.port).start()
    print(f"Fake Slack Web API on {fake.base_url} (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":  # pragma: no cover
    main()
