"""A fake Telegram Bot API server on loopback: the tests (and a person trying the bot by hand) talk to it
instead of api.telegram.org.

It answers the methods the bot uses (`getMe`, `getUpdates` with long polling and offsets, `sendMessage`,
`editMessageText`, `answerCallbackQuery`, `deleteMessage`, `setMyCommands`, ...) with objects shaped like
the real ones, records every call, and can be scripted: updates to hand out, and failures to answer with
(HTTP 429 with `parameters.retry_after`, 5xx, 403 for a user who never pressed Start). `deleteMessage`
works as Telegram's does: a bot may delete messages in a private chat, but in a group only as an admin with
the right to delete (`make_admin`); otherwise it is refused with 400 "message can't be deleted". What was
deleted is in `deleted`. It runs an aiohttp server on its own event loop in a thread, so a test thread can
script it and wait on it without sleeping.

By hand: `python -m fakes.telegram_api --port 3998`, then point `[telegram] base_url` at
`http://127.0.0.1:3998/bot` and push updates with `POST /_fake/message {"user_id":..,"chat_id":..,"text":..}`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import BodyPartReader, web

_LOGGER = logging.getLogger(__name__)

DEFAULT_TOKEN = "123456:TEST-token-for-the-fake-api"
BOT_ID = 123456
# Parameters that are plain strings on the wire; every other form field holds JSON (PTB's encoding).
_STRING_PARAMS = frozenset(
    {"text", "caption", "parse_mode", "url", "secret_token", "callback_query_id", "language_code", "data"}
)
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
T = TypeVar("T")


@dataclass
class Call:
    """One request the fake received, decoded, and what it answered."""

    method: str
    params: dict[str, Any]
    status: int
    result: Any = None
    at: float = field(default_factory=time.monotonic)
    seq: int = 0  # order of arrival (a long poll is recorded when it answers, but arrived earlier)


@dataclass
class _Failure:
    method: str
    status: int
    description: str
    retry_after: int | None
    times: int
    chat_id: int | None


class FakeTelegramAPI:
    """The fake server. Use as a context manager or call `start()` / `stop()`."""

    def __init__(
        self,
        *,
        token: str | None = DEFAULT_TOKEN,
        bot_username: str = "brukerrad_test_bot",
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.host = host
        self.port = port
        self.calls: list[Call] = []
        self.forbidden_chats: set[int] = set()
        self.admin_chats: set[int] = set()  # groups where the bot is an admin with "Delete messages"
        self.deleted: list[tuple[int, int]] = []  # (chat id, message id) of every message deleted
        self._updates: list[dict[str, Any]] = []
        self._confirmed = 0  # the highest update_id confirmed by an offset
        self._failures: list[_Failure] = []
        self._texts: dict[tuple[int, int], tuple[str, Any]] = {}
        self._message_ids = itertools.count(1000)
        self._update_ids = itertools.count(5000)
        self._arrivals = itertools.count(1)
        # (arrival order, offset) of every getUpdates that confirmed updates, recorded on arrival.
        self.confirmations: list[tuple[int, int]] = []
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._new_update: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._closing = False

    # --- life cycle -------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """What `[telegram] base_url` should be: PTB appends the token and the method."""
        return f"http://{self.host}:{self.port}/bot"

    def start(self) -> FakeTelegramAPI:
        started = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(started,), name="fake-telegram-api", daemon=True)
        self._thread.start()
        if not started.wait(10):
            raise RuntimeError("the fake Telegram API did not start")
        return self

    def stop(self) -> None:
        loop = self._loop
        if loop is None or self._thread is None:
            return
        self._closing = True
        asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(10)
        self._loop = None

    def __enter__(self) -> FakeTelegramAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _serve(self, started: threading.Event) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        self._new_update = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_post("/_fake/message", self._control_message)
        app.router.add_get("/_fake/calls", self._control_calls)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1)
        loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, self.host, self.port)
        loop.run_until_complete(site.start())
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1]
        started.set()
        loop.run_forever()
        loop.close()

    async def _shutdown(self) -> None:
        assert self._new_update is not None
        self._new_update.set()  # wake long polls so they answer at once
        if self._runner is not None:
            await self._runner.cleanup()

    # --- scripting (call from any thread) ---------------------------------------------------------

    def push_update(self, update: Mapping[str, Any]) -> dict[str, Any]:
        """Hand `update` out on the next getUpdates (as is: pushing one twice repeats its update_id)."""
        copy = dict(update)
        with self._changed:
            self._updates.append(copy)
            self._changed.notify_all()
        if self._loop is not None and self._new_update is not None:
            self._loop.call_soon_threadsafe(self._new_update.set)
        return copy

    def message_update(
        self,
        user: Mapping[str, Any],
        chat_id: int,
        text: str,
        *,
        reply_to: Mapping[str, Any] | None = None,
        update_id: int | None = None,
    ) -> dict[str, Any]:
        """An update with a message from `user` in `chat_id` (a user id for a private chat), not yet pushed."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id, user),
            "from": dict(user),
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        if reply_to is not None:
            message["reply_to_message"] = dict(reply_to)
        return {"update_id": update_id if update_id is not None else next(self._update_ids), "message": message}

    def click_update(self, user: Mapping[str, Any], message: Mapping[str, Any], data: str) -> dict[str, Any]:
        """An update for `user` pressing the inline button with `data` under the bot's `message`."""
        return {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": str(next(self._update_ids)),
                "from": dict(user),
                "chat_instance": "fake-chat-instance",
                "message": dict(message),
                "data": data,
            },
        }

    def fail(
        self,
        method: str,
        *,
        status: int = 429,
        times: int = 1,
        retry_after: int | None = 1,
        description: str | None = None,
        chat_id: int | None = None,
    ) -> None:
        """Answer the next `times` calls of `method` (to `chat_id`, if given) with an error."""
        text = description or {
            429: f"Too Many Requests: retry after {retry_after}",
            400: "Bad Request",
            403: "Forbidden: bot was blocked by the user",
            500: "Internal Server Error",
            502: "Bad Gateway",
        }.get(status, "Error")
        with self._lock:
            self._failures.append(
                _Failure(method, status, text, retry_after if status == 429 else None, times, chat_id)
            )

    def make_admin(self, chat_id: int) -> None:
        """The bot is an admin of this group with the right to delete messages."""
        with self._lock:
            self.admin_chats.add(chat_id)

    def forbid(self, chat_id: int) -> None:
        """This user never opened a private chat with the bot: messages to them get 403."""
        with self._lock:
            self.forbidden_chats.add(chat_id)

    # --- inspection ---------------------------------------------------------------------------------

    def answer_webhook(self, status: int, body: bytes) -> None:
        """What Telegram does with a webhook's HTTP response that holds a method call: makes the call."""
        if status != 200 or not body.startswith(b"{"):
            return
        call = json.loads(body)
        method = call.pop("method")
        request = urllib.request.Request(
            f"{self.base_url}{self.token or 'webhook'}/{method}", data=json.dumps(call).encode("utf-8"), method="POST"
        )
        request.add_header("Content-Type", "application/json")
        with contextlib.suppress(urllib.error.HTTPError), urllib.request.urlopen(request, timeout=10):
            pass  # Telegram tells the bot nothing about how it went

    def ok_calls(self, method: str, **where: Any) -> list[dict[str, Any]]:
        """The parameters of the successful calls of `method` whose parameters include `where`."""
        with self._lock:
            return [
                c.params
                for c in self.calls
                if c.method == method and c.status == 200 and all(c.params.get(k) == v for k, v in where.items())
            ]

    def results(self, method: str, **where: Any) -> list[Any]:
        """What the successful calls of `method` answered (the Message objects for sendMessage)."""
        with self._lock:
            return [
                c.result
                for c in self.calls
                if c.method == method and c.status == 200 and all(c.params.get(k) == v for k, v in where.items())
            ]

    def wait_for(self, check: Callable[[], T], timeout: float = 10.0) -> T:
        """Wait until `check()` is truthy; return its value."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                self._lock.release()
                try:
                    value = check()
                finally:
                    self._lock.acquire()
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out waiting; calls so far: {[c.method for c in self.calls]}")
                # Woken by every call the fake receives; re-checked now and then too, for conditions on
                # things the fake does not see (a row the bot wrote after its last call).
                self._changed.wait(min(left, 0.02))

    def wait_calls(self, method: str, count: int = 1, timeout: float = 10.0, **where: Any) -> list[dict[str, Any]]:
        """Wait until at least `count` successful calls of `method` matching `where` arrived; return them all."""

        def enough() -> list[dict[str, Any]]:
            found = self.ok_calls(method, **where)
            return found if len(found) >= count else []

        return self.wait_for(enough, timeout)

    def wait_confirmed(self, update_id: int, timeout: float = 10.0) -> None:
        """Wait until a getUpdates call confirmed `update_id` (offset past it): the bot is done with it."""
        self.wait_for(lambda: self._confirmed >= update_id, timeout)

    # --- the API --------------------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        seq = next(self._arrivals)
        if self.token is not None and request.match_info["token"] != self.token:
            return self._error(method, {}, 401, "Unauthorized", seq=seq)
        params = await _params(request)
        failure = self._take_failure(method, params)
        if failure is not None:
            extra = {"retry_after": failure.retry_after} if failure.retry_after is not None else None
            return self._error(method, params, failure.status, failure.description, extra, seq=seq)
        handler = getattr(self, f"_m_{method.lower()}", None)
        if handler is None:
            return self._error(method, params, 404, "Not Found: method not found", seq=seq)
        try:
            if method.lower() == "getupdates":
                result = await self._m_getupdates(params, seq)
            else:
                result = handler(params)
        except _ApiError as error:
            return self._error(method, params, error.status, error.description, seq=seq)
        self._record(Call(method, params, 200, result, seq=seq))
        return web.json_response({"ok": True, "result": result})

    def _take_failure(self, method: str, params: Mapping[str, Any]) -> _Failure | None:
        with self._lock:
            for failure in self._failures:
                if failure.method == method and failure.chat_id in (None, params.get("chat_id")):
                    failure.times -= 1
                    if failure.times <= 0:
                        self._failures.remove(failure)
                    return failure
        return None

    def _error(
        self,
        method: str,
        params: dict[str, Any],
        status: int,
        description: str,
        parameters: dict[str, Any] | None = None,
        *,
        seq: int = 0,
    ) -> web.Response:
        self._record(Call(method, params, status, seq=seq))
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=status)

    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Brukerrådsboten",
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    @staticmethod
    def _chat(chat_id: int, user: Mapping[str, Any] | None = None) -> dict[str, Any]:
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": (user or {}).get("first_name", "Bruker")}
        return {"id": chat_id, "type": "supergroup", "title": "Brukerrådet"}

    def _message(self, chat_id: int, params: Mapping[str, Any], **content: Any) -> dict[str, Any]:
        message_id = next(self._message_ids)
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self._bot_user(),
            **content,
        }
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and markup.get("inline_keyboard"):  # a message carries only inline keyboards
            message["reply_markup"] = markup
        return message

    def _chat_id(self, params: Mapping[str, Any]) -> int:
        try:
            chat_id = int(params["chat_id"])
        except (KeyError, TypeError, ValueError):
            raise _ApiError(400, "Bad Request: chat_id is empty") from None
        if chat_id in self.forbidden_chats:
            raise _ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat_id

    def _m_getme(self, params: Mapping[str, Any]) -> dict[str, Any]:
        return self._bot_user()

    async def _m_getupdates(self, params: Mapping[str, Any], seq: int = 0) -> list[dict[str, Any]]:
        assert self._new_update is not None
        offset = params.get("offset")
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        with self._changed:
            if offset is not None:
                self.confirmations.append((seq, int(offset)))
                self._confirmed = max(self._confirmed, int(offset) - 1)
                self._updates = [u for u in self._updates if u["update_id"] >= int(offset)]
            self._changed.notify_all()
        while True:
            self._new_update.clear()
            with self._lock:
                pending = list(self._updates[:limit])
            left = deadline - time.monotonic()
            if pending or left <= 0 or self._closing:
                return pending
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), left)

    def _m_deletewebhook(self, params: Mapping[str, Any]) -> bool:
        return True

    def _m_setwebhook(self, params: Mapping[str, Any]) -> bool:
        return True

    def _m_setmycommands(self, params: Mapping[str, Any]) -> bool:
        return True

    def _m_getmycommands(self, params: Mapping[str, Any]) -> list[Any]:
        found = self.ok_calls("setMyCommands")
        return list(found[-1]["commands"]) if found else []

    def _m_sendmessage(self, params: Mapping[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        text = str(params.get("text", ""))
        if not text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        message = self._message(chat_id, params, text=text)
        with self._lock:
            self._texts[(chat_id, message["message_id"])] = (text, params.get("reply_markup"))
        return message

    def _m_editmessagetext(self, params: Mapping[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        message_id = int(params.get("message_id", 0))
        text = str(params.get("text", ""))
        with self._lock:
            before = self._texts.get((chat_id, message_id))
            if before is None:
                raise _ApiError(400, "Bad Request: message to edit not found")
            if before == (text, params.get("reply_markup")):
                raise _ApiError(400, _NOT_MODIFIED)
            self._texts[(chat_id, message_id)] = (text, params.get("reply_markup"))
        message = self._message(chat_id, params, text=text)
        message["message_id"] = message_id
        message["edit_date"] = int(time.time())
        return message

    def _m_editmessagereplymarkup(self, params: Mapping[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        message_id = int(params.get("message_id", 0))
        with self._lock:
            text, _ = self._texts.get((chat_id, message_id), ("", None))
            self._texts[(chat_id, message_id)] = (text, params.get("reply_markup"))
        message = self._message(chat_id, params, text=text)
        message["message_id"] = message_id
        return message

    def _m_senddocument(self, params: Mapping[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        document = params.get("document") or {}
        return self._message(
            chat_id,
            params,
            document={
                "file_id": "fake-file-id",
                "file_unique_id": "fake-unique",
                "file_name": document.get("filename", "fil") if isinstance(document, dict) else "fil",
            },
        )

    def _m_answercallbackquery(self, params: Mapping[str, Any]) -> bool:
        return True

    def _m_deletemessage(self, params: Mapping[str, Any]) -> bool:
        try:
            chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        except (KeyError, TypeError, ValueError):
            raise _ApiError(400, "Bad Request: message identifier is not specified") from None
        with self._lock:
            if chat_id < 0 and chat_id not in self.admin_chats:
                raise _ApiError(400, "Bad Request: message can't be deleted")
            self.deleted.append((chat_id, message_id))
        return True

    def _m_sendchataction(self, params: Mapping[str, Any]) -> bool:
        return True

    # --- control endpoints for trying the bot by hand -------------------------------------------------

    async def _control_message(self, request: web.Request) -> web.Response:
        body = await request.json()
        user = {"id": int(body["user_id"]), "is_bot": False, "first_name": str(body.get("first_name", "Test"))}
        update = self.push_update(self.message_update(user, int(body.get("chat_id", user["id"])), str(body["text"])))
        return web.json_response(update)

    async def _control_calls(self, request: web.Request) -> web.Response:
        with self._lock:
            calls = [{"method": c.method, "status": c.status, "params": c.params} for c in self.calls[-200:]]
        return web.json_response(calls, dumps=lambda v: json.dumps(v, default=str, ensure_ascii=False))


class _ApiError(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


async def _params(request: web.Request) -> dict[str, Any]:
    """Form fields (urlencoded or multipart, as PTB sends them) or a JSON body, decoded."""
    if request.content_type == "application/json":
        body = await request.json()
        return dict(body) if isinstance(body, dict) else {}
    params: dict[str, Any] = {}
    if request.content_type.startswith("multipart/"):
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            if part.filename:
                content = await part.read()
                params[part.name] = {"filename": part.filename, "size": len(content)}
            else:
                params[part.name] = _decode(part.name, await part.text())
        return params
    form = await request.post()
    for key, value in form.items():
        params[key] = _decode(key, str(value))
    return params


def _decode(key: str, value: str) -> Any:
    if key in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A fake Telegram Bot API server for trying the bot by hand.")
    parser.add_argument("--port", type=int, default=3998)
    parser.add_argument("--username", default="brukerrad_test_bot")
    parser.add_argument("--token", default=None, help="the only token accepted (default: any)")
    args = parser.parse_args(argv)
    fake = FakeTelegramAPI(token=args.token, bot_username=args.username, port=args.port).start()
    print(f"Fake Telegram Bot API on {fake.base_url}  (Ctrl-C to stop)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
