"""Clocks: the real one (read only by the composition root), and one that can be moved (console, tests)."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

_LOGGER = logging.getLogger(__name__)


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class MovableClock:
    """A clock that runs from `start` (or real time) and can be moved forward: the console's `/tid`,
    and every test. `frozen=True` stands still until moved, so tests never depend on real time."""

    def __init__(self, start: datetime | None = None, *, frozen: bool = True) -> None:
        self._lock = threading.Lock()
        self._frozen = frozen
        self._base = start or datetime.now(UTC)
        self._real_base = datetime.now(UTC)
        self._offset = timedelta(0)

    def now(self) -> datetime:
        with self._lock:
            if self._frozen:
                return self._base + self._offset
            return self._base + (datetime.now(UTC) - self._real_base) + self._offset

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self._offset += delta
        return self.now()

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._offset += moment - self.now_unlocked()

    def now_unlocked(self) -> datetime:
        if self._frozen:
            return self._base + self._offset
        return self._base + (datetime.now(UTC) - self._real_base) + self._offset
