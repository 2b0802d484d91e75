"""APScheduler wiring: it only wakes us up. The outbox in the database decides what is due.

APScheduler 3.x keeps its jobs in memory and skips a job it missed by more than a second
(`misfire_grace_time=1`), and one job store cannot be shared by several processes; so no notice lives in
APScheduler. Its jobs are: a sweep every `sweep_seconds` (the safety net), a wake-up at the next moment
the outbox says something can be claimed, and an immediate wake-up after each command that caused a
message (`wake`, hooked to `Dispatcher(on_commit=...)`). Every one of them runs `tick()`, which plans the
councils' yearly rhythm and applies the retention policy once a day, and sends what the database says is
due. A restart loses nothing; two processes may tick at once (claims decide who sends).
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import exc, select

from bot.app import App
from bot.clock import MovableClock
from handlers import faults, notices
from handlers.context import Context
from storage import retention
from storage.db import transaction
from storage.models import Council
from storage.outbox import next_due

_LOGGER = logging.getLogger(__name__)

MAX_ROUNDS = 1000  # a tick drains until nothing is due; this only bounds a pathological loop
MIN_WAIT = timedelta(milliseconds=200)  # never wake up in a tight loop, whatever the outbox says


class Scheduler:
    def __init__(self, app: App) -> None:
        self.app = app
        self._background = BackgroundScheduler(timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1})
        self._lock = threading.Lock()
        self._again = threading.Event()
        self._calendar_day: date | None = None
        self._retention_day: date | None = None
        # APScheduler 3.11's shutdown holds its job-store lock while it waits for running jobs, and a running
        # tick books its next wake-up (add_job needs that lock): the two would wait for each other forever.
        # So we book jobs under our own lock, and shutdown first closes the book and waits for a booking in
        # progress, before it asks APScheduler to stop.
        self._closing = threading.Event()
        self._booking = threading.Lock()

    def start(self) -> None:
        self._background.add_job(
            self._tick_job, "interval", seconds=self.app.config.sweep_seconds, id="sweep", misfire_grace_time=None
        )
        self._background.start()
        self.wake()

    def wake(self) -> None:
        """Run a tick as soon as possible, from any thread (after a command that caused messages)."""
        # Two instances: a wake-up asked for while the last one still runs must not be dropped as a
        # "maximum number of running instances" (it finds the tick busy and makes it go round again).
        self._book(id="wake", max_instances=2)

    def shutdown(self) -> None:
        """Stop waking up, let a tick in flight finish, and give back what this process claimed."""
        self._closing.set()
        with self._booking:  # a booking in progress ends before APScheduler takes its lock
            pass
        if self._background.running:
            # APScheduler's loop removes a finished one-off job after running it, and that removal fails
            # (killing its thread with a traceback) once shutdown has marked the scheduler stopped. So
            # pause it first, and let a round in progress end: get_jobs takes the lock that round holds.
            self._background.pause()
            self._background.get_jobs()
            self._background.shutdown(wait=True)
        self.app.sender.release()

    def _book(self, **job: Any) -> None:
        """Add a tick job to APScheduler, unless stopping (see `_booking`)."""
        with self._booking:
            if self._closing.is_set() or not self._background.running:
                return
            self._background.add_job(self._tick_job, replace_existing=True, misfire_grace_time=None, **job)

    def _tick_job(self) -> None:
        """What APScheduler runs. A tick that fails is logged here by kind and reference: APScheduler would
        log the exception's message, which may quote a notice's text (handlers/faults.py)."""
        try:
            self.tick()
        except Exception as error:
            ref = faults.reference()
            _LOGGER.error("tick failed (ref %s): %s\n%s", ref, faults.describe(error), faults.safe_traceback(error))

    def tick(self) -> int:
        """Send everything that is due now; return how many rows were finished. Safe to call from any
        thread; a tick asked for while one runs makes that one go round again instead of waiting."""
        finished = 0
        while True:
            if not self._lock.acquire(blocking=False):
                self._again.set()  # the tick that holds the lock sees this, even after its last round
                return finished
            try:
                self._plan_calendar_daily()
                self._retention_daily()
                for _ in range(MAX_ROUNDS):
                    self._again.clear()
                    done = self.app.sender.drain()
                    finished += done
                    if done == 0 and not self._again.is_set():
                        break
            finally:
                self._lock.release()
            if not self._again.is_set():
                break
        self._schedule_next()
        return finished

    def advance(self, clock: MovableClock, delta: timedelta) -> None:
        """Move `clock` forward by `delta`, stopping at every due moment on the way to send what is due
        then, as if the bot had been running all along (the console's `/tid`; a plain jump would be
        downtime, and the catch-up rules would skip what no longer makes sense)."""
        target = clock.now() + delta
        for _ in range(MAX_ROUNDS):
            self.tick()
            with self.app.sessions() as session:
                due = next_due(session)
            if due is None or due > target or due <= clock.now():
                break
            clock.set(due)
        if target > clock.now():
            clock.set(target)
        self.tick()

    def _plan_calendar_daily(self) -> None:
        today = self.app.clock.now().date()
        if self._calendar_day != today:
            self.plan_calendar()
            self._calendar_day = today

    def _retention_daily(self) -> None:
        """Once a day per process. Two processes doing it the same day is harmless: each step removes only
        what is still there (storage/retention.py), so the second finds nothing and writes no audit line."""
        today = self.app.clock.now().date()
        if self._retention_day == today:
            return
        try:
            self.run_retention()
        except exc.SQLAlchemyError as error:
            # Tried again tomorrow (or at the next start); sending must not stop for it. The error's type
            # only: its text would carry the statement's parameters.
            _LOGGER.error("retention failed (%s); trying again tomorrow", type(error).__name__)
        self._retention_day = today

    def run_retention(self) -> dict[str, dict[str, int]]:
        """Apply `[retention]` to every council now, in one transaction."""
        with transaction(self.app.sessions) as session:
            return retention.run_all(session, self.app.config.retention, self.app.clock.now())

    def plan_calendar(self) -> None:
        """The yearly rhythm of every council (idempotent; another process planning the same rows at the
        same time makes the first try fail on the unique key, and the second finds them there)."""
        for attempt in (1, 2):
            try:
                self._plan_calendar()
                return
            except exc.IntegrityError:
                if attempt == 2:
                    raise
                _LOGGER.info("another process planned the calendar at the same time; looking again")

    def _plan_calendar(self) -> None:
        now = self.app.clock.now()
        with transaction(self.app.sessions) as session:
            for council in session.scalars(select(Council)):
                ctx = Context(session, council, None, now, "scheduler", self.app.settings_for(council))
                notices.plan_calendar(ctx)

    def _schedule_next(self) -> None:
        if self._closing.is_set() or not self._background.running:
            return
        with self.app.sessions() as session:
            due = next_due(session)
        if due is None:
            return
        # Our clock may differ from the wall clock (the console's /tid); APScheduler runs on the wall clock.
        wait = max(due - self.app.clock.now(), MIN_WAIT)
        # Two instances: booked from inside a running "next" tick.
        self._book(trigger="date", run_date=datetime.now(UTC) + wait, id="next", max_instances=2)
