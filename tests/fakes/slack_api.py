"""A fake Slack Web API on loopback: the tests (and a person trying the bot by hand) talk to it instead of
slack.com. It records every call, answers the methods the bot uses with Slack-shaped JSON, and can be told
to answer `ratelimited` (HTTP 429 with Retry-After), a 500, or to hang.

By hand: `python -m tests.fakes.slack_api --port 3999`, and set `[slack] api_base_url` to
`http://127.0.0.1:3999/api/`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from aiohttp import web

T = TypeVar("T")


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int


@dataclass
class _Failure:
    method: str
    status: int
    retry_after: int = 1
    hang: float = 0.0
    times: int = 1


@dataclass
class FakeSlackAPI:
    port: int = 0
    delay: float = 0.0  # seconds every call takes, to make a crash land in the middle of a run
    calls: list[Call] = field(default_factory=list)
    _failures: list[_Failure] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ts: Any = field(default_factory=lambda: itertools.count(1))

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def start(self) -> FakeSlackAPI:
        started = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(started,), daemon=True, name="fake-slack")
        self._thread.start()
        started.wait(10)
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
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", self.port)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            started.set()
            await self._stop.wait()
            await runner.cleanup()

        self._loop.run_until_complete(main())

    # --- scripting and reading ---

    def fail(self, method: str, status: int, *, retry_after: int = 1, hang: float = 0.0, times: int = 1) -> None:
        with self._lock:
            self._failures.append(_Failure(method, status, retry_after, hang, times))

    def ok_calls(self, method: str) -> list[dict[str, Any]]:
        with self._lock:
            return [c.params for c in self.calls if c.method == method and c.status == 200]

    def wait_for(self, check: Callable[[], T], timeout: float = 10.0) -> T:
        deadline = time.monotonic() + timeout
        while True:
            result = check()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError("the fake Slack API did not see what was expected")
            time.sleep(0.01)

    # --- the API ---

    async def _params(self, request: web.Request) -> dict[str, Any]:
        body = await request.text()
        if request.content_type == "application/json" and body:
            params: dict[str, Any] = json.loads(body)
        else:
            params = dict(parse_qsl(body))
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
                self.calls.append(Call(method, params, failure.status))
            if failure.status == 429:
                return web.json_response(
                    {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": str(failure.retry_after)}
                )
            return web.json_response({"ok": False, "error": "internal_error"}, status=failure.status)
        with self._lock:
            self.calls.append(Call(method, params, 200))
        return web.json_response(self._answer(method, params))

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
        if method in ("chat.postMessage", "chat.update"):
            ts = params.get("ts") or f"{1700000000 + next(self._ts)}.000100"
            return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": {"text": params.get("text")}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{1700000000 + next(self._ts)}.000200"}
        if method in ("views.open", "views.publish"):
            return {"ok": True, "view": {"id": f"V{next(self._ts)}", **(params.get("view") or {})}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(params.get("users", "X"))}}
        if method == "files.getUploadURLExternal":
            return {"ok": True, "upload_url": f"http://127.0.0.1:{self.port}/upload/F1", "file_id": "F1"}
        if method == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": "F1"}]}
        return {"ok": True}

    async def _respond(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        with self._lock:
            self.calls.append(Call("response_url", params, 200))
        return web.json_response({"ok": True})

    async def _upload(self, request: web.Request) -> web.Response:
        await request.read()
        with self._lock:
            self.calls.append(Call("upload", {"file": request.match_info["file"]}, 200))
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
