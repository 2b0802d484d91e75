"""`brukerrad run`: every configured platform in one process and one asyncio loop, until SIGTERM.

Slack (HTTP mode), the Telegram webhook and the health checks share one aiohttp server; Socket Mode and
long polling need no inbound port. The scheduler runs in its own thread and is woken after each command
that caused a message, so replies to others go out at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import Mapping

from bot import platforms as registry
from bot.app import App, build
from bot.config import Config
from bot.platforms import Adapter
from handlers.dispatch import Clock

_LOGGER = logging.getLogger(__name__)


def run(config: Config, clock: Clock) -> int:
    """Serve the chat platforms until stopped. Only the console configured is `brukerrad run`'s own case
    (bot/cli.py `cmd_run`): it opens the terminal chat with the command line's options."""
    asyncio.run(serve(config, clock))
    return 0


def make_adapters(app: App, config: Config, env: Mapping[str, str] | None = None) -> list[Adapter]:
    """One adapter per configured platform that serves in this process, from the registry (the console
    is the command line's own: `brukerrad run` with only the console opens the terminal chat)."""
    env = os.environ if env is None else env
    adapters: list[Adapter] = []
    for name in config.platforms:
        described = registry.platform(name)
        if described.adapter is not None:
            adapters.append(described.adapter(app, config.settings_of(name), env))
    return adapters


async def serve(config: Config, clock: Clock, stop: asyncio.Event | None = None) -> None:
    """Run until `stop` is set (or SIGTERM/SIGINT arrives): start adapters, the web server and the scheduler."""
    from aiohttp import web

    from bot.scheduler import Scheduler
    from bot.web import make_web_app

    app = build(config, clock)
    adapters = make_adapters(app, config)
    lock = None
    for adapter in adapters:
        single = registry.platform(adapter.platform).single_poller
        if single is not None and single(config.settings_of(adapter.platform)):
            from bot.leader import poller_lock

            lock = lock or poller_lock(app.engine)
            # An adapter that fetches its events asks, before each fetch, whether it may (bot/leader.py).
            adapter.poll_leader = lock.held  # type: ignore[attr-defined]
    web_app = make_web_app(app)
    for adapter in adapters:
        adapter.routes(web_app)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not the main thread (tests)
            loop.add_signal_handler(sig, stop.set)
    # No access log: a line per command said nothing our own log lines and the audit table do not, and
    # cost about 5% of a command's time (bench/bench_system.py); a reverse proxy in front logs requests.
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, config.http_host, config.http_port)
    await site.start()
    scheduler = Scheduler(app)
    try:
        for adapter in adapters:
            await adapter.start()
        app.dispatcher.on_commit = scheduler.wake
        scheduler.start()
        app.ready = True
        _LOGGER.info(
            "brukerrad running on %s (http %s:%s)", ", ".join(config.platforms), config.http_host, config.http_port
        )
        await stop.wait()
    finally:
        _LOGGER.info("shutting down")
        app.ready = False
        # The scheduler first, off the event loop: a tick in flight may still be posting through an adapter,
        # whose port needs this loop to run; then the adapters finish the updates in hand.
        await asyncio.to_thread(scheduler.shutdown)
        for adapter in adapters:
            await adapter.stop()
        if lock is not None:
            lock.release()
        await runner.cleanup()
        app.close()
