"""Composition root: builds storage, the dispatcher, the outbox sender and the adapters. Nothing else does."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bot import platforms as registry
from bot.config import Config
from bot.delivery import DeliveryPort, Sender
from handlers.context import CouncilSettings
from handlers.dispatch import Clock, Dispatcher
from storage.db import make_engine, make_sessions, migrate, transaction
from storage.models import ChannelBinding, Council

_LOGGER = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


@dataclass
class App:
    config: Config
    clock: Clock
    engine: Engine
    sessions: sessionmaker[Session]
    dispatcher: Dispatcher
    sender: Sender
    council_ids: dict[str, int]
    _settings: dict[int, CouncilSettings] = field(default_factory=dict)
    read_engine: Engine | None = None
    # True once every adapter and the scheduler have started (`/readyz`), False again when stopping.
    ready: bool = False
    # Run the core on the event loop itself rather than in a worker thread (SQLite; see `call_core`).
    core_on_loop: bool = False

    async def call_core(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run blocking core work (a command, a lookup) for an adapter on the event loop.

        On SQLite the work runs right here: SQLite is a library in this process whose writes take turns
        anyway (storage/db.py), a command is about a millisecond of Python, and handing it to a worker
        thread costs more than that in GIL hand-overs between the threads (measured with
        bench/bench_system.py: about 15% fewer commands a second). The price: while another *process*
        holds SQLite's write lock (a second replica, `brukerrad restore`), the loop waits with the command.
        On PostgreSQL, where a query is a network round trip, the work goes to a worker thread so the loop
        serves other requests meanwhile.
        """
        if self.core_on_loop:
            return work(*args, **kwargs)
        return await asyncio.to_thread(work, *args, **kwargs)

    def settings_for(self, council: Council) -> CouncilSettings:
        return self._settings.get(council.id, CouncilSettings())

    def settings_for_id(self, council_id: int) -> CouncilSettings:
        return self._settings.get(council_id, CouncilSettings())

    def add_port(self, port: DeliveryPort) -> None:
        """The outbox delivers to `port.platform` through `port` (one port per platform; the last wins)."""
        self.sender.ports[port.platform] = port

    def channel_councils(self, platform: str) -> dict[str, int]:
        """Channel id → council for `platform`, as the configuration binds them (what `build` wrote into
        the channel bindings): an adapter's common case needs no query."""
        return {
            c.channels[platform]: self.council_ids[c.slug] for c in self.config.councils if platform in c.channels
        }

    def close(self) -> None:
        self.engine.dispose()
        if self.read_engine is not None:
            self.read_engine.dispose()


def build(config: Config, clock: Clock, *, run_migrations: bool = True, worker: str | None = None) -> App:
    engine = make_engine(config.database_url)
    if run_migrations:
        migrate(engine)
    sessions = make_sessions(engine)
    read_engine = (
        make_engine(config.database_url, reads_only=True) if config.database_url.startswith("sqlite") else engine
    )
    council_ids = sync_councils(sessions, config, clock)
    settings = {council_ids[c.slug]: c.settings for c in config.councils}

    def settings_for(council: Council) -> CouncilSettings:
        return settings.get(council.id, CouncilSettings())

    sender = Sender(sessions, clock, {}, settings_for, worker or f"{socket.gethostname()}:{os.getpid()}")
    dispatcher = Dispatcher(sessions, clock, settings_for, read_sessions=make_sessions(read_engine))
    app = App(config, clock, engine, sessions, dispatcher, sender, council_ids, settings)
    app.read_engine = read_engine
    app.core_on_loop = engine.dialect.name == "sqlite"
    return app


def sync_councils(sessions: sessionmaker[Session], config: Config, clock: Clock) -> dict[str, int]:
    """Make the database's councils and channel bindings match the configuration file.

    Two reads for all councils (their rows, then their bindings), not two per council and platform: with
    20 councils the per-council statements were about a fifth of a start (bench/bench_system.py)."""
    ids: dict[str, int] = {}
    with transaction(sessions) as session:
        slugs = [wanted.slug for wanted in config.councils]
        known = select(Council).where(Council.slug.in_(slugs))
        stored = {c.slug: c for c in session.scalars(known)} if slugs else {}
        for wanted in config.councils:
            council = stored.get(wanted.slug)
            if council is None:
                council = Council(
                    slug=wanted.slug, name=wanted.name, timezone=wanted.settings.timezone, created_at=clock.now()
                )
                session.add(council)
                session.flush()
                stored[wanted.slug] = council
            if council.name != wanted.name:
                council.name = wanted.name
            if council.timezone != wanted.settings.timezone:
                council.timezone = wanted.settings.timezone
            ids[wanted.slug] = council.id
        bound = select(ChannelBinding).where(ChannelBinding.council_id.in_(list(ids.values())))
        existing = {(b.council_id, b.platform): b for b in session.scalars(bound)} if ids else {}
        for wanted in config.councils:
            council_id = ids[wanted.slug]
            # Every registered platform: a platform the council is no longer bound to loses its binding.
            for platform in registry.REGISTRY:
                channel = wanted.channels.get(platform)
                binding = existing.get((council_id, platform))
                if channel is None:
                    if binding is not None:
                        session.delete(binding)
                    continue
                if binding is None:
                    session.add(ChannelBinding(council_id=council_id, platform=platform, channel_id=channel))
                elif binding.channel_id != channel:
                    binding.channel_id = channel
    return ids
