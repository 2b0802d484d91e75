"""Who polls Telegram: exactly one process per bot token (Telegram answers 409 Conflict to a second one).

On PostgreSQL a session-level advisory lock elects the poller: it is held as long as the holder's
connection lives, so a process that dies (even by SIGKILL) frees it, and another process takes over at
its next try. On SQLite, whose processes share one machine, an exclusive `flock` on a file beside the
database does the same. The other processes serve HTTP and send notices as usual.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path
from typing import IO

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import make_url

from storage.files import create_private_file

_LOGGER = logging.getLogger(__name__)

# An arbitrary constant that names "the Telegram poller" among advisory locks (ASCII "BRTGPOLL").
TELEGRAM_POLLER_KEY = 0x4252_5447_504F_4C4C & 0x7FFF_FFFF_FFFF_FFFF


class AdvisoryLock:
    """`held()` is True while this process holds the PostgreSQL advisory lock `key` (it tries to take it)."""

    def __init__(self, engine: Engine, key: int = TELEGRAM_POLLER_KEY) -> None:
        self._engine = engine
        self._key = key
        self._conn: Connection | None = None

    def held(self) -> bool:
        if self._conn is not None:
            try:
                self._conn.exec_driver_sql("SELECT 1")
                self._conn.commit()
                return True
            except Exception:  # the connection is gone, and the lock with it
                _LOGGER.warning("lost the connection that held the poller lock")
                self._conn.invalidate()  # never back into the pool
                self._conn = None
        conn = self._engine.connect()
        got = bool(conn.exec_driver_sql(f"SELECT pg_try_advisory_lock({int(self._key)})").scalar())
        conn.commit()  # a session-level lock outlives the transaction
        if got:
            self._conn = conn
            _LOGGER.info("this process polls Telegram")
            return True
        conn.close()
        return False

    def release(self) -> None:
        """Give the lock back now. Closing the connection alone frees it only once the server has finished
        with that backend, which may be after another process has already tried and failed to take it."""
        if self._conn is not None:
            conn, self._conn = self._conn, None
            try:
                conn.exec_driver_sql(f"SELECT pg_advisory_unlock({int(self._key)})")
                conn.commit()
            except Exception:  # the connection is gone already, and the lock with it
                _LOGGER.warning("the connection that held the poller lock was gone before release")
            # Invalidate, not just close: a pooled connection would keep any lock taken more than once.
            conn.invalidate()
            conn.close()


class FileLock:
    """The same for SQLite: an exclusive, non-blocking `flock` on `<database>.telegram-poller.lock`."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._file: IO[bytes] | None = None

    def held(self) -> bool:
        if self._file is not None:
            return True
        create_private_file(self._path)  # 0600 in a 0700 folder, like the database beside it
        handle = self._path.open("ab")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        handle.write(f"{os.getpid()}\n".encode())
        handle.flush()
        self._file = handle
        return True

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None


def poller_lock(engine: Engine) -> AdvisoryLock | FileLock:
    url = make_url(str(engine.url))
    if url.get_backend_name() == "postgresql":
        return AdvisoryLock(engine)
    database = url.database or "brukerrad.db"
    return FileLock(Path(f"{database}.telegram-poller.lock"))
