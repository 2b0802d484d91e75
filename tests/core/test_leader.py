"""One Telegram poller per bot token: the lock is taken by one process and taken over when it goes away.

Deterministic on PostgreSQL: `release` gives the advisory lock back explicitly before it closes the
connection (closing alone frees it only once the server has finished with that backend), and the test of
a holder that dies waits, with a bound, until the server has ended the holder's backend.
"""

from __future__ import annotations

from sqlalchemy import create_engine

from bot.leader import TELEGRAM_POLLER_KEY, AdvisoryLock, FileLock, poller_lock
from storage.db import make_engine

# How long the server may take to end a terminated backend (ms); it waits only as long as that takes.
TERMINATE_WAIT_MS = 30_000


def test_only_one_process_polls_and_another_takes_over(db_url: str) -> None:
    first_engine, second_engine = make_engine(db_url), make_engine(db_url)
    first, second = poller_lock(first_engine), poller_lock(second_engine)
    assert first.held()
    assert first.held()  # asking again keeps it
    assert not second.held()
    first.release()  # as at shutdown: the lock is given back before the connection closes
    assert second.held()
    assert not first.held()
    second.release()
    assert first.held()  # and back again: nothing is left behind by a release
    first.release()
    first_engine.dispose()
    second_engine.dispose()


def test_a_poller_that_dies_is_taken_over(db_url: str) -> None:
    """The holder's process dies without releasing: its connection (or file) goes, and the lock with it."""
    first_engine, second_engine = make_engine(db_url), make_engine(db_url)
    first, second = poller_lock(first_engine), poller_lock(second_engine)
    assert first.held()
    assert not second.held()
    if isinstance(first, AdvisoryLock):
        # SIGKILL as the server sees it: the backend holding the lock ends. pg_terminate_backend with a
        # timeout returns once the backend is gone, and a backend gives its advisory locks back before that.
        admin = create_engine(db_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            holder = conn.exec_driver_sql(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                f" AND ((classid::bigint << 32) | objid::bigint) = {TELEGRAM_POLLER_KEY}"
            ).scalar_one()
            ended = conn.exec_driver_sql(f"SELECT pg_terminate_backend({int(holder)}, {TERMINATE_WAIT_MS})").scalar()
        admin.dispose()
        assert ended
    else:
        assert isinstance(first, FileLock)
        first._file.close()  # type: ignore[union-attr]  # what the kernel does when the process dies
        first._file = None
    assert second.held()
    assert not first.held()  # it notices that its connection (or file) is gone, and cannot take the lock back
    second.release()
    first.release()
    first_engine.dispose()
    second_engine.dispose()
