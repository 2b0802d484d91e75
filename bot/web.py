"""The process's one HTTP server: health checks and (when `[web] public = true`) the public meeting pages
(`bot/public.py`) here; Slack's `/slack/events` and Telegram's
`/telegram/webhook` are added by their adapters (`routes(web_app)`), so every platform shares one port."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from sqlalchemy import text

from bot.app import App

_LOGGER = logging.getLogger(__name__)


def make_web_app(app: App) -> web.Application:
    async def healthz(request: web.Request) -> web.Response:
        """The process runs (liveness)."""
        return web.Response(text="ok")

    async def readyz(request: web.Request) -> web.Response:
        """The process can serve: everything has started and its database answers (for load balancers)."""
        if not app.ready:
            return web.Response(status=503, text="starting or stopping")
        try:
            await asyncio.wait_for(asyncio.to_thread(_ping, app), timeout=5)
        except Exception:
            _LOGGER.warning("readiness check failed: the database does not answer")
            return web.Response(status=503, text="database unavailable")
        return web.Response(text="ready")

    web_app = web.Application()
    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/readyz", readyz)
    if app.config.public_pages:  # `[web] public = true`
        from bot.public import add_routes

        add_routes(web_app, app)
    return web_app


def _ping(app: App) -> None:
    # The read engine (SQLite: a plain deferred transaction): a readiness check must not queue for the
    # write lock behind a sweep or a command, as it did through `app.engine`'s `BEGIN IMMEDIATE`.
    with (app.read_engine or app.engine).connect() as conn:
        conn.execute(text("SELECT 1"))
