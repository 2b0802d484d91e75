"""APScheduler wiring: it only wakes us up. The outbox in the database decides what is due.

APScheduler 3.x keeps its jobs in memory and skips a job it missed by more than a second
(`misfire_grace_time=1`), and one job store cannot be shared by several processes; so no notice lives in
APScheduler. Its jobs are: a sweep every `sweep_seconds` (the safety net), a wake-up at the next due
moment in the outbox, a daily pass that plans the council calendar (half-year nudges), and an immediate
wake-up after each command that caused a message. Every one of them runs `tick()`, which sends what the
database says is due. A restart loses nothing; two processes may tick at once (claims decide who sends).
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select

from bot.app import App
from handlers import notices
from handlers.context import Context
from storage.db import transaction
from storage.models import Council
from storage.outbox import next_due

_LOGGER = logging.getLogger(__name__)

MAX_ROUNDS = 1000  # a tick drains until nothing is due; this only bounds a pathological loop
CALENDAR_EVERY = timedelta(hours=6)


class Scheduler:
    def __init__(self, app: App) -> None:
        self.app = app
        self._background = BackgroundScheduler(timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1})
        self._lock = threading.Lock()
        self._again = threading.Event()

    def start(self) -> None:
        self.plan_calendar()
        self._background.add_job(
            self.tick, "interval", seconds=self.app.config.sweep_seconds, id="sweep", misfire_grace_time=None
        )
        self._background.add_job(
            self.plan_calendar,
            "interval",
            seconds=CALENDAR_EVERY.total_seconds(),
            id="calendar",
            misfire_grace_time=None,
        )
        self._background.start()
        self.wake()

    def wake(self) -> None:
        """Run a tick as soon as possible, from any thread (after a command that caused messages)."""
        if not self._background.running:
            return
        self._background.add_job(self.tick, id="wake", replace_existing=True, misfire_grace_time=None)

    def shutdown(self) -> None:
        """Stop waking up, let a tick in flight finish, and give back what this process claimed."""
        if self._background.running:
            self._background.shutdown(wait=True)
        self.app.sender.release()

    def tick(self) -> int:
        """Send everything that is due now; return how many rows were finished. Safe to call from any
        thread; a tick asked for while one runs makes that one go round again instead of waiting."""
        if not self._lock.acquire(blocking=False):
            self._again.set()
            return 0
        finished = 0
        try:
            for _ in range(MAX_ROUNDS):
                self._again.clear()
                done = self.app.sender.drain()
                finished += done
                if done == 0 and not self._again.is_set():
                    break
        finally:
            self._lock.release()
        self._schedule_next()
        return finished

    def plan_calendar(self) -> None:
        """The yearly rhythm of every council (idempotent)."""
        now = self.app.clock.now()
        with transaction(self.app.sessions) as session:
            for council in session.scalars(select(Council)):
                ctx = Context(session, council, None, now, "scheduler", self.app.settings_for(council))
                notices.plan_calendar(ctx)

    def _schedule_next(self) -> None:
        if not self._background.running:
            return
        with self.app.sessions() as session:
            due = next_due(session)
        if due is None:
            return
        # Our clock may differ from the wall clock (the console's /tid); APScheduler runs on the wall clock.
        wait = max((due - self.app.clock.now()).total_seconds(), 0.0)
        run_at = datetime.now(UTC) + timedelta(seconds=wait)
        self._background.add_job(
            self.tick, "date", run_date=run_at, id="next", replace_existing=True, misfire_grace_time=None
        )
