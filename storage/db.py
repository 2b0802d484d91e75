"""Engines and sessions: SQLite tuned for a chat bot (WAL, busy timeout, immediate writes), or PostgreSQL.

SQLite runs with `synchronous=NORMAL` in WAL mode: durable against a crash of the bot process, and a power
loss may roll back the last commits but never corrupts the file (see README, "Lagring"). Every write
transaction starts with `BEGIN IMMEDIATE`, so two processes never both read and then fail to upgrade to a
write lock.

Every engine hides SQL parameters (`hide_parameters=True`): SQLAlchemy otherwise puts the values of a failed
statement (a case description, an absence reason) into the exception's message, and from there into a log.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import Engine, Table, bindparam, create_engine, event, exc, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from storage.dialects import PerDialect
from storage.files import private_database
from storage.plain import Plain

_LOGGER = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def make_engine(url: str, *, reads_only: bool = False) -> Engine:
    """An engine for `url`; SQLite files get their folder created and the pragmas above.

    `reads_only`: for lookups that write nothing (which council a channel belongs to). On SQLite such an
    engine begins plain deferred transactions, so readers never queue behind writers (WAL lets them read
    a consistent snapshot meanwhile). Never write through it.
    """
    if url.startswith("sqlite"):
        path = sqlite_file(url)
        if path is not None:
            # Folder 0700 and file 0600 before SQLite opens it: its -wal and -shm then come out 0600 too.
            private_database(path)
        # LIFO: the connection used last comes back first. SQLite empties a connection's page cache whenever
        # another connection wrote, so handing out the most recently used one keeps the cache warm; a queue
        # (the default) cycles through every pooled connection (measured: about 15% more commands a second).
        engine = create_engine(
            url,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            pool_use_lifo=True,
            hide_parameters=True,
        )
        _tune_sqlite(engine, immediate=not reads_only)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; None for an in-memory database or a `file:` URI."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _tune_sqlite(engine: Engine, *, immediate: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, issue BEGIN, so that we can make it IMMEDIATE.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    if not immediate:
        return

    # Within one process, threads take turns at a Python lock before BEGIN IMMEDIATE: SQLite's own busy
    # handler sleeps in growing steps (up to 100 ms), which under load costs far more than waiting in line.
    # Other processes still meet the busy timeout. Measured in bench/bench_system.py.
    turn = threading.Lock()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        turn.acquire()
        conn.info["sqlite_turn"] = True
        try:
            # On the driver itself: through `exec_driver_sql` this one word cost about a fifth of an empty
            # transaction. Its error is wrapped as SQLAlchemy's would be (storage/plain.py).
            conn.connection.dbapi_connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            _release(conn)
            wrapped = exc.DBAPIError.instance("BEGIN IMMEDIATE", None, error, sqlite3.Error, hide_parameters=True)
            raise wrapped from error
        except BaseException:
            _release(conn)
            raise

    def _release(conn: Any) -> None:
        if conn.info.pop("sqlite_turn", False):
            turn.release()

    event.listen(engine, "commit", _release)
    event.listen(engine, "rollback", _release)


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: committed when the block ends, rolled back on any exception."""
    with sessions() as session, session.begin():
        yield session


def first_delivery(session: Session, key: str, at: datetime) -> bool:
    """Record the platform delivery `key`; False if it was recorded before (a retry, a double click).

    One `INSERT … ON CONFLICT DO NOTHING` rather than a lookup and then an insert: a statement less per
    command, and on PostgreSQL two simultaneous deliveries of the same key cannot both pass the lookup
    (the second waits for the first to commit, then inserts nothing).
    """
    return bool(_FIRST_DELIVERY.run(session, {"key": key, "at": at}, autoflush=True))


def _first_delivery_statement(dialect: ModuleType) -> Any:
    """Built once: building this statement (and its cache key) cost more than running it, on every command."""
    from storage.models import Delivery

    table = Delivery.__table__
    assert isinstance(table, Table)
    return (
        dialect.insert(table)
        .values(key=bindparam("key"), at=bindparam("at"))
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(table.c.key)
    )


# The newest migration in storage/migrations/versions (tests/core/test_migrations.py checks that it is
# Alembic's head, so a new migration cannot forget to move it).
HEAD_REVISION = "0012"


def current_revision(engine: Engine) -> str | None:
    """The database's Alembic revision, read with one query; None for a new database."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except exc.DBAPIError:  # no alembic_version table yet
        return None
    return str(rows[0]) if len(rows) == 1 else None


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database to `revision` (the newest by default) with Alembic.

    A database already at the newest revision (every start but the first after an upgrade) is left as it
    is without importing Alembic: asking Alembic costs about 130 ms of a start of about 700 ms
    (bench/bench_system.py, cold start), one query costs a few."""
    if revision == "head" and current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command

    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


# Run on the driver's cursor (storage/plain.py): the first statement of nearly every command.
_FIRST_DELIVERY = Plain(PerDialect(_first_delivery_statement).__getitem__)
