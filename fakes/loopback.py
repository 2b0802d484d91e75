"""An aiohttp application served on a free loopback port: what the fake platforms, the tests' bot servers
and the benchmarks all need."""

from __future__ import annotations

from aiohttp import web


async def serve(web_app: web.Application) -> tuple[web.AppRunner, int]:
    """Start `web_app` on 127.0.0.1 at a port the system picks; the runner (to clean up) and the port."""
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    sockets = getattr(site._server, "sockets", None) or []
    return runner, int(sockets[0].getsockname()[1])
