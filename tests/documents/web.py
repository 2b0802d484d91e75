"""The bot's HTTP server on loopback in a thread of its own, for the public pages' tests."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import threading
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from aiohttp import web

from bot.app import App
from bot.web import make_web_app

T = TypeVar("T")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(app: App, *, public: bool = True) -> Iterator[str]:
    """The base address of `make_web_app(app)` served on loopback, with `[web] public` as given."""
    app.config = dataclasses.replace(app.config, public_pages=public)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True, name="public-pages-test-loop")
    thread.start()

    def on(coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, loop).result(30)

    runner = web.AppRunner(make_web_app(app), access_log=None)
    on(runner.setup())
    port = _free_port()
    on(web.TCPSite(runner, "127.0.0.1", port).start())
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        on(runner.cleanup())
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
